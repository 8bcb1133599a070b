"""The stations' engine: the X-ray model's ONNX export run with ONNX Runtime, no torch, the same verdicts."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

from hmi.inspection.station import DEMO_MODEL  # noqa: E402
from vision.infer import InferenceEngine, OnnxEngine, make_engine, onnx_files, onnx_ready  # noqa: E402
from vision.synth import make_part  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    from vision.model import export_onnx

    pt = tmp_path_factory.mktemp("onnx") / "model.pt"
    shutil.copy(DEMO_MODEL, pt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        export_onnx(pt)
    return pt


def test_onnx_runtime_scores_as_torch_does(exported):
    torch_engine = InferenceEngine(exported, device="cpu", batch_size=1, threads=1)
    onnx_engine = make_engine(exported)
    assert isinstance(onnx_engine, OnnxEngine)
    for i in range(12):   # odd sizes (padding to the stride), both part kinds, with and without defects
        defects = ["porosity"] if i % 4 == 0 else ["crack"] if i % 4 == 1 else []
        img = make_part("wheel" if i % 3 else "knuckle", 250 + 8 * (i % 3) + (i % 2), 200 + i, defects)[0]
        a, b = torch_engine.infer_array(img), onnx_engine.infer_array(img)
        assert b["score"] == pytest.approx(a["score"], abs=1e-4)
        assert b["verdict"] == a["verdict"]
        assert b["heatmap"].shape == a["heatmap"].shape
        np.testing.assert_allclose(b["heatmap"], a["heatmap"], atol=1e-4)
    assert onnx_engine.thresholds == torch_engine.thresholds


def test_a_blank_or_unreadable_image_is_never_ok_with_onnx_either(exported, tmp_path):
    eng = make_engine(exported)
    assert eng.infer_array(np.full((256, 256), 0.5, np.float32))["verdict"] is None
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png")
    r = eng.infer_path(bad)
    assert r["verdict"] is None and r["error"]


def test_an_export_of_another_model_file_is_not_used(exported, tmp_path):
    """A model retrained or replaced after its export runs with torch until it is exported again."""
    pt = tmp_path / "model.pt"
    shutil.copy(exported, pt)
    for f in onnx_files(exported):
        shutil.copy(f, tmp_path / f.name)
    assert onnx_ready(pt) is not None
    with open(pt, "ab") as f:          # the model file changes
        f.write(b"\0")
    assert onnx_ready(pt) is None
    side = onnx_files(pt)[1]
    side.write_text("{not json")
    assert onnx_ready(pt) is None


def test_the_shipped_demo_model_has_its_export_and_it_is_current():
    onnx = onnx_ready(DEMO_MODEL)
    assert onnx is not None, "resources/models/xray_demo.onnx missing or stale: run vision.model.export_onnx on it"
    meta = json.loads(onnx_files(DEMO_MODEL)[1].read_text())
    assert meta["thresholds"] and meta["stride"] == 8


def test_the_station_process_never_loads_torch_when_the_export_is_there(tmp_path):
    """What the station bundle without torch relies on: inspecting with the shipped model imports no torch."""
    img = tmp_path / "part.png"
    from vision.io import write_png16

    write_png16(img, make_part("wheel", 256, 5, ["porosity"])[0])
    code = ("import sys, json\n"
            "from hmi.inspection.station import inspect_image, DEMO_MODEL\n"
            f"r = inspect_image(str(DEMO_MODEL), {str(img)!r})\n"
            "print(json.dumps({'verdict': r['verdict'], 'torch': 'torch' in sys.modules}))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    doc = json.loads(out.stdout.strip().splitlines()[-1])
    assert doc["verdict"] in ("ok", "warn", "ng") and doc["torch"] is False


def test_a_model_entering_the_registry_is_exported_for_the_stations(tmp_path):
    from vision.registry import ModelRegistry

    reg = ModelRegistry(tmp_path / "models")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        v = reg.add(DEMO_MODEL, note="test")
    assert onnx_ready(reg.path(v)) is not None


def test_a_model_activated_without_an_export_is_exported_by_the_station(tmp_path):
    pt = tmp_path / "old.pt"
    shutil.copy(DEMO_MODEL, pt)
    assert onnx_ready(pt) is None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eng = make_engine(pt)
    assert isinstance(eng, OnnxEngine) and onnx_ready(pt) is not None


def test_the_shipped_model_enters_a_registry_without_torch(tmp_path):
    """Seeding a station's registry with the shipped model needs no torch (the station bundle has none): the meta
    comes from the export's sidecar and the export is copied along."""
    code = ("import sys, json\n"
            "from vision.registry import ModelRegistry\n"
            "from vision.infer import onnx_ready\n"
            "from hmi.inspection.station import DEMO_MODEL\n"
            f"reg = ModelRegistry({str(tmp_path / 'models')!r})\n"
            "v = reg.add(DEMO_MODEL)\n"
            "print(json.dumps({'v': v, 'onnx': onnx_ready(reg.path(v)) is not None, 'torch': 'torch' in sys.modules,\n"
            "                  'thr': reg.thresholds(v), 'scores': len(reg.get(v)['calibration_scores']['ok'])}))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    doc = json.loads(out.stdout.strip().splitlines()[-1])
    side = json.loads((ROOT / "resources" / "models" / "xray_demo.onnx.json").read_text())
    assert doc["onnx"] and doc["torch"] is False and doc["thr"]["warn"] > 0
    assert doc["scores"] == len(side["calibration_scores"]["ok"]) > 0      # the calibration parts came along
