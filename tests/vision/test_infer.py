import cv2
import numpy as np
import pytest

from vision import synth
from vision.infer import InferenceEngine
from vision.io import write_png16


def test_infer_paths_reports_unreadable_files(tiny_model, synth_dir, corrupt_png, tmp_path):
    good = sorted((synth_dir / "ok").glob("*.png"))[:2]
    eng = InferenceEngine(tiny_model, device="cpu")
    res = eng.infer_paths([good[0], corrupt_png, tmp_path / "missing.png", good[1]])
    assert [r["error"] is None for r in res] == [True, False, False, True]
    assert res[1]["verdict"] is None and res[1]["score"] is None and "corrupt.png" in res[1]["error"]
    for r in (res[0], res[3]):
        assert 0.0 <= r["score"] <= 1.0 and r["verdict"] in ("ok", "warn", "ng")
        assert r["heatmap"].shape == (12, 12)      # 96 px / stride 8


def test_infer_array_and_submit(tiny_model, synth_dir):
    eng = InferenceEngine(tiny_model, device="cpu", heatmaps=False)
    img, _, _ = synth.make_part("wheel", 96, seed=1)
    r = eng.infer_array(img)                        # uint16 accepted
    assert r["heatmap"] is None and r["verdict"] in ("ok", "warn", "ng")
    fut = eng.submit(sorted((synth_dir / "defect").glob("*.png"))[0])
    assert fut.result(timeout=30)["error"] is None
    bad = eng.submit(synth_dir / "nope.png")
    assert bad.result(timeout=30)["error"]
    eng.close()


def test_patch_sized_images_use_the_patch_path(tiny_model):
    eng = InferenceEngine(tiny_model, device="cpu")
    rng = np.random.default_rng(0)
    r = eng.infer_arrays([rng.uniform(0.3, 0.7, (32, 32)).astype(np.float32),
                          rng.uniform(0.3, 0.7, (40, 40)).astype(np.float32)])
    assert r[0]["heatmap"].shape == (4, 4) and r[1]["heatmap"].shape == (4, 4)   # 40 px resized to 32


def test_shipped_model_heatmap_peaks_on_defect(demo_model, tmp_path):
    """The demo model's heatmap maximum falls on (or within one 8-px cell of) the defect."""
    eng = InferenceEngine(demo_model, device="cpu")
    hits, cases = 0, 0
    for seed, (kind, defect) in enumerate([("wheel", "porosity"), ("knuckle", "shrinkage"),
                                           ("wheel", "inclusion"), ("knuckle", "porosity"),
                                           ("wheel", "shrinkage"), ("knuckle", "inclusion")]):
        img, mask, _ = synth.make_part(kind, 256, seed=1000 + seed, defects=[defect])
        path = write_png16(tmp_path / f"{kind}_{seed}.png", img)
        r = eng.infer_path(path)
        heat = r["heatmap"]
        cy, cx = np.unravel_index(np.argmax(heat), heat.shape)
        near = cv2.dilate(mask, np.ones((17, 17), np.uint8))
        hits += bool(near[cy * 8:cy * 8 + 8, cx * 8:cx * 8 + 8].any())
        cases += 1
    assert hits >= cases - 1, f"heatmap peak on the defect in only {hits}/{cases} images"


def test_shipped_model_separates_ok_from_defect(demo_model):
    eng = InferenceEngine(demo_model, device="cpu", heatmaps=False)
    ok = [synth.make_part(k, 256, seed=2000 + i)[0] for i, k in enumerate(["wheel", "knuckle"] * 3)]
    bad = [synth.make_part(k, 256, seed=3000 + i, defects=["porosity", "shrinkage"])[0]
           for i, k in enumerate(["wheel", "knuckle"] * 3)]
    s_ok = [r["score"] for r in eng.infer_arrays(ok)]
    s_bad = [r["score"] for r in eng.infer_arrays(bad)]
    assert np.median(s_bad) > np.median(s_ok)


def test_cuda_request_without_cuda_is_a_clear_error(tiny_model):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(RuntimeError, match="CUDA"):
        InferenceEngine(tiny_model, device="cuda")


def test_engine_scores_match_the_trained_network(tiny_model):
    """The engine folds BatchNorm into the convolutions and runs channels_last: same scores and
    heatmaps as the network as trained, and batching does not change them."""
    from vision.model import load_model, predict

    net, meta = load_model(tiny_model)
    rng = np.random.default_rng(5)
    imgs = [rng.random((64, 80), dtype=np.float32) for _ in range(5)]
    want, want_maps = predict(net, meta, imgs, want_maps=True)
    eng = InferenceEngine(tiny_model, device="cpu", batch_size=2)
    res = eng.infer_arrays(imgs)
    assert np.allclose([r["score"] for r in res], want, atol=1e-5)
    for r, m in zip(res, want_maps):
        assert r["heatmap"].shape == (8, 10) and np.allclose(r["heatmap"], m, atol=1e-5)
    one = [eng.infer_array(im)["score"] for im in imgs]
    assert np.allclose(one, want, atol=1e-5)


def test_autocast_is_fp16_on_cuda_only():
    import torch

    from vision.model import autocast_for

    with autocast_for("cpu"):
        assert not torch.is_autocast_enabled("cpu")
        y = torch.nn.functional.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 3, 3))
    assert y.dtype == torch.float32
    assert not autocast_for("cuda", half=False)._enabled
    if torch.cuda.is_available():
        ctx = autocast_for("cuda")
        assert ctx._enabled and ctx.fast_dtype == torch.float16


def test_cuda_failure_at_run_time_falls_back_to_the_cpu(tiny_model, monkeypatch):
    """A CUDA error during inference (e.g. out of memory) moves the engine to the CPU, records
    why, and still answers; the CUDA call got the fp16 and channels_last options."""
    import torch

    import vision.model as vm

    eng = InferenceEngine(tiny_model, device="cpu")
    real_predict, calls = vm.predict, []

    def fake_predict(model, meta, arrays, device="cpu", **kw):
        calls.append((torch.device(device).type, kw.get("half"), kw.get("channels_last")))
        if torch.device(device).type == "cuda":
            raise RuntimeError("CUDA error: out of memory")
        return real_predict(model, meta, arrays, device=device, **kw)

    monkeypatch.setattr(vm, "predict", fake_predict)
    eng.device = torch.device("cuda")          # as if loaded on a GPU
    r = eng.infer_array(np.random.default_rng(1).uniform(0.3, 0.7, (48, 48)).astype(np.float32))
    assert r["error"] is None and r["verdict"] in ("ok", "warn", "ng")
    assert calls == [("cuda", True, True), ("cpu", True, True)]
    assert eng.device.type == "cpu" and "CUDA failed" in eng.fallback_reason
    assert next(eng.model.parameters()).device.type == "cpu"


def test_blank_flat_and_tiny_images_are_never_ok(tiny_model, synth_dir):
    """A 1x1 image, a flat grey one and a white 512 x 512 one once got "ok": now they have no verdict and an
    error that says why, so the station sends them to review; a real part next to them is still judged."""
    eng = InferenceEngine(tiny_model, device="cpu")
    part, _, _ = synth.make_part("wheel", 96, seed=3)
    res = eng.infer_arrays([np.zeros((1, 1), np.float32), np.full((300, 300), 0.5, np.float32),
                            np.ones((512, 512), np.float32), part])
    for r, why in zip(res[:3], ("too small", "flat", "flat")):
        assert r["verdict"] is None and r["score"] is None and why in r["error"], r
    assert res[3]["error"] is None and res[3]["verdict"] in ("ok", "warn", "ng")
