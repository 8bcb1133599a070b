import shutil

import pytest

from vision.model import load_model, save_model
from vision.registry import ModelRegistry, RegistryError


def test_add_list_activate_compare(tiny_model, synth_dir, tmp_path):
    reg = ModelRegistry(tmp_path / "reg")
    assert reg.list() == [] and reg.active is None
    v1 = reg.add(tiny_model, note="first")
    m, meta = load_model(tiny_model)
    meta = dict(meta, thresholds=dict(meta["thresholds"], warn=0.0, ng=1.0))   # everything -> warn
    cand = save_model(m, meta, tmp_path / "cand.pt")
    v2 = reg.add(cand)
    assert v2 != v1                                   # same model_version gets a suffix
    rows = reg.list()
    assert [r["version"] for r in rows] == [v1, v2] and "val_auroc" in rows[0]["metrics"]
    with pytest.raises(RegistryError, match="no active"):
        reg.compare(v2, synth_dir)
    reg.activate(v1, by="eng1", reason="commissioning")
    assert reg.active == v1 and reg.active_path().is_file()
    assert reg.history()[-1]["by"] == "eng1"
    out = reg.compare(v2, synth_dir)
    assert out["active"] == v1 and out["candidate"] == v2 and len(out["images"]) == 16
    row = out["images"][0]
    assert {"image", "label", "active_score", "candidate_score", "active_verdict", "candidate_verdict",
            "changed"} <= set(row)
    assert all(r["candidate_verdict"] == "warn" for r in out["images"])
    assert out["summary"]["changed"] == sum(r["active_verdict"] != "warn" for r in out["images"])
    assert "candidate_metrics" in out["summary"] and "active_metrics" in out["summary"]
    with pytest.raises(RegistryError, match="active"):
        reg.remove(v1)
    reg.remove(v2)
    assert [r["version"] for r in ModelRegistry(tmp_path / "reg").list()] == [v1]


def test_unknown_version_and_missing_file(tiny_model, tmp_path):
    reg = ModelRegistry(tmp_path / "r")
    with pytest.raises(RegistryError):
        reg.activate("v0")
    v = reg.add(tiny_model)
    (reg.root / reg.get(v)["file"]).unlink()
    with pytest.raises(RegistryError, match="missing"):
        reg.activate(v)
    shutil.rmtree(tmp_path / "r")
