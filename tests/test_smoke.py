"""`lineside --smoke-test`: the installation check the bundle build and the Windows workflow run."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hmi import smoke

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_smoke_test_passes_on_this_checkout(tmp_path):
    env = {**os.environ, "LINESIDE_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-m", "hmi", "--smoke-test"], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=240)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["ok"] is True and doc["frozen"] is False
    steps = doc["steps"]
    assert list(steps) == ["resources", "plant", "window", "inference", "mark"]
    assert steps["resources"]["migrations"] >= 1
    assert steps["window"]["platform"] == "offscreen"
    assert {"Overview", "Trends", "Alarms", "Inspection"} <= set(steps["window"]["pages"])
    assert steps["window"]["tags_good"] > 0
    inf = steps["inference"]
    assert inf["verdict"] in ("warn", "ng") and inf["good_verdict"] in ("ok", "warn")
    assert 0.0 <= inf["good_score"] < inf["score"] <= 1.0
    assert steps["mark"] == {"ms": steps["mark"]["ms"], "text": smoke.SMOKE_SERIAL, "format": "DataMatrix",
                             "method": "plain"}
    log_text = (tmp_path / "logs" / "lineside.log").read_text()
    assert "smoke test passed" in log_text and "lineside stopped: exit code 0" in log_text


def test_missing_model_fails_at_the_resources_step(tmp_path, capsys):
    missing = tmp_path / "no_model.pt"
    assert smoke.run_smoke_test(model_path=missing) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.strip() == f"lineside: smoke test failed at resources: missing {missing}"


def test_mark_step_decodes_a_datamatrix_and_fails_when_nothing_is_read(monkeypatch):
    import vision.marks

    assert smoke.check_mark("C12511230004") == {"text": "C12511230004", "format": "DataMatrix",
                                                "method": "plain"}
    monkeypatch.setattr(vision.marks, "decode_image", lambda image: [])
    with pytest.raises(smoke.SmokeFailure, match="was not decoded"):
        smoke.check_mark("C12511230004")
    monkeypatch.setattr(vision.marks, "decode_image",
                        lambda image: [vision.marks.MarkResult("C1251123000X", "DataMatrix", "plain")])
    with pytest.raises(smoke.SmokeFailure, match="decoded as 'C1251123000X'"):
        smoke.check_mark("C12511230004")


def test_inference_step_on_the_demo_model():
    from hmi.inspection.station import DEMO_MODEL

    result = smoke.check_inference(DEMO_MODEL)
    assert result["verdict"] in ("warn", "ng") and result["good_verdict"] in ("ok", "warn")
    assert 0.0 <= result["good_score"] < result["score"] <= 1.0
    assert result["engine"] == "OnnxEngine"     # a station's engine: the shipped model's ONNX export
    assert result["device"] == "cpu (onnxruntime)"


def test_inference_step_fails_on_a_model_that_cannot_tell_defects(monkeypatch):
    """A model that gives every wheel the same verdict (untrained, wrong file) fails the check."""
    from hmi.inspection.station import DEMO_MODEL
    from vision.infer import _Engine

    monkeypatch.setattr(_Engine, "infer_array",
                        lambda self, image, name: {"score": 0.2, "verdict": "ok", "heatmap": None, "error": None})
    with pytest.raises(smoke.SmokeFailure, match="does not tell a porous wheel"):
        smoke.check_inference(DEMO_MODEL)


def test_corrupt_model_is_an_error(tmp_path):
    from vision.model import ModelFileError

    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelFileError, match="not a readable model file"):
        smoke.check_inference(bad)


def test_process_age_is_a_plausible_number_on_linux():
    age = smoke.process_age_s()
    if not sys.platform.startswith("linux"):
        assert age is None
    else:
        assert age is not None and 0.0 < age < 24 * 3600
