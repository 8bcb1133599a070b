import numpy as np
import pytest
import torch

from vision.evaluate import auroc, calibrate, metrics_from_scores, verdict
from vision.model import (ModelFileError, build_model, dihedral, dihedral_inverse, fuse_for_inference,
                          intensity_transform, load_model, logit_map, new_meta, normalise, predict,
                          read_meta, save_model)


def test_one_network_patch_and_full_image():
    m = build_model({"width": 8}).eval()
    with torch.inference_mode():
        assert m(torch.zeros(3, 1, 32, 32)).shape == (3, 1, 4, 4)
        assert m(torch.zeros(1, 1, 512, 512)).shape == (1, 1, 64, 64)
        assert m(torch.zeros(1, 1, 100, 70)).shape == (1, 1, 13, 9)     # padded to a multiple of 8


def _trained_like(model):
    """Give the BatchNorm layers non-trivial statistics (as after training)."""
    g = torch.Generator().manual_seed(0)
    for mod in model.modules():
        if isinstance(mod, torch.nn.BatchNorm2d):
            mod.running_mean.copy_(torch.randn(mod.num_features, generator=g) * 0.3)
            mod.running_var.copy_(torch.rand(mod.num_features, generator=g) + 0.5)
            mod.weight.data.copy_(torch.rand(mod.num_features, generator=g) + 0.5)
            mod.bias.data.copy_(torch.randn(mod.num_features, generator=g) * 0.1)
    return model.eval()


@pytest.mark.parametrize("name", ["InspectNet2", "InspectNet"])
def test_fused_network_computes_the_same_maps(name):
    m = _trained_like(build_model({"name": name, "width": 8}))
    fused = fuse_for_inference(m)
    assert not any(isinstance(x, torch.nn.BatchNorm2d) for x in fused.modules())
    assert any(isinstance(x, torch.nn.BatchNorm2d) for x in m.modules())       # original untouched
    x = torch.randn(2, 1, 96, 80)
    with torch.inference_mode():
        a, b = m(x), fused(x.contiguous(memory_format=torch.channels_last))
    assert a.shape == b.shape == (2, 1, 12, 10)
    assert torch.allclose(a, b, atol=1e-4, rtol=1e-4)


def test_first_architecture_files_still_load(tmp_path):
    m = build_model({"name": "InspectNet", "width": 8, "extra": 0})
    p = save_model(m, new_meta(m), tmp_path / "v1.pt")
    m2, meta = load_model(p)
    assert type(m2).__name__ == "InspectNetV1" and meta["arch"]["name"] == "InspectNet"
    with pytest.raises(ModelFileError, match="unknown architecture"):
        build_model({"name": "NoSuchNet"})


@pytest.mark.parametrize("mode", ["linear", "log"])
def test_inference_normalisation_matches_training(mode):
    """Training transforms intensities in numpy then standardises; inference does both on the
    tensor in one step. Both must give the network the same input."""
    meta = {"normalisation": {"mode": mode, "mean": 0.3, "std": 0.2}}
    img = np.random.default_rng(0).random((16, 24), dtype=np.float32)
    img[0, :4] = [0.0, 1e-4, 1.0, 0.5]
    x = torch.from_numpy(img[None, None].copy())
    got = normalise(x, meta)
    want = (intensity_transform(img, mode) - 0.3) / 0.2
    assert torch.equal(x[0, 0], torch.from_numpy(img))                          # input unchanged
    assert np.allclose(got[0, 0].numpy(), want, atol=1e-5)


def test_dihedral_inverse_and_tta_shape():
    x = torch.arange(2 * 16 * 24, dtype=torch.float32).reshape(2, 1, 16, 24)
    for k in range(8):
        assert torch.equal(dihedral_inverse(dihedral(x, k), k), x)
    m = build_model({"width": 8}).eval()
    with torch.inference_mode():
        assert logit_map(m, torch.zeros(2, 1, 32, 32), tta=True).shape == (2, 1, 4, 4)


def test_model_file_round_trip(tmp_path):
    m = build_model({"width": 8, "extra": 0})
    meta = new_meta(m, model_version="t-1", data_fingerprint="abc", seed=7,
                    metrics={"val_auroc": np.float64(0.9)}, thresholds={"warn": 0.2, "ng": 0.7, "rule": "x"})
    p = save_model(m, meta, tmp_path / "m.pt")
    raw = torch.load(p, weights_only=True)                # safe loading works
    assert raw["format_version"] == 1
    m2, meta2 = load_model(p)
    assert meta2["model_version"] == "t-1" and meta2["seed"] == 7 and meta2["metrics"]["val_auroc"] == 0.9
    assert meta2["arch"] == {"name": "InspectNet2", "width": 8, "extra": 0, "dropout": 0.1, "residual": True}
    for k in ("created", "input_size", "normalisation", "data_fingerprint", "thresholds", "train_config"):
        assert k in meta2
    for a, b in zip(m.state_dict().values(), m2.state_dict().values()):
        assert torch.equal(a, b)
    assert read_meta(p)["thresholds"]["ng"] == 0.7
    img = np.random.default_rng(0).random((40, 56), dtype=np.float32)
    s1, maps = predict(m.eval(), meta, [img], want_maps=True)
    s2, _ = predict(m2, meta2, [img])
    assert np.allclose(s1, s2) and maps[0].shape == (5, 7)


def test_bad_model_files(tmp_path):
    with pytest.raises(ModelFileError, match="no such"):
        load_model(tmp_path / "none.pt")
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"garbage")
    with pytest.raises(ModelFileError):
        load_model(bad)
    torch.save({"something": 1}, tmp_path / "other.pt")
    with pytest.raises(ModelFileError, match="not a Lineside"):
        load_model(tmp_path / "other.pt")


def test_auroc_matches_pairwise_definition():
    rng = np.random.default_rng(1)
    s = np.round(rng.random(60), 1)          # many ties
    y = rng.integers(0, 2, 60)
    pos, neg = s[y == 1], s[y == 0]
    brute = np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg])
    assert auroc(s, y) == pytest.approx(brute)
    assert np.isnan(auroc([0.1, 0.2], [1, 1]))


@pytest.mark.parametrize("target", [0.0, 0.01, 0.05, 0.2])
def test_calibration_meets_target_miss_rate(target):
    rng = np.random.default_rng(2)
    s = np.concatenate([rng.beta(2, 5, 300), rng.beta(5, 2, 200)])
    y = np.r_[np.zeros(300), np.ones(200)]
    t = calibrate(s, y, target_miss_rate=target, target_false_ng=0.01)
    missed = np.mean(s[y == 1] < t["warn"])               # defects passed as ok
    assert missed <= target
    assert t["warn"] <= t["ng"]
    assert np.mean(s[y == 0] >= t["ng"]) <= 0.01 or t["ng"] == t["warn"]
    assert verdict(t["warn"] - 1e-9, t) == "ok" and verdict(t["ng"], t) == "ng"
    m = metrics_from_scores(s, y, t["warn"])
    assert m["recall"] >= 1 - target and sum(m["confusion"].values()) == 500
