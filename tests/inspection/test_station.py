"""The simulated X-ray station: parts from the line simulator's callback become recorded inspections
(image, heatmap, score, verdict, model version); a corrupt image is recorded with its error; the
simulator thread never waits for the model."""
import threading
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")

from hmi.inspection.station import DEMO_MODEL, XrayStation  # noqa: E402
from hmi.store.db import open_database, sqlite_url  # noqa: E402
from hmi.inspection.records import InspectionStore  # noqa: E402


@pytest.fixture(scope="module")
def model_file(tmp_path_factory) -> Path:
    """The shipped demo model, else a tiny model trained on a few synthetic radiographs (~seconds)."""
    if DEMO_MODEL.is_file():
        return DEMO_MODEL
    from vision.synth import make_dataset
    from vision.train import train

    root = tmp_path_factory.mktemp("tiny")
    make_dataset(root / "data", n_ok=6, n_defect=6, size=96, seed=1)
    res = train(root / "data", root / "tiny.pt", epochs=1, device="cpu", seed=0, width=8, extra=0,
                crops_per_image=2, val_fraction=0.34, patience=1, tta=False, threads=1)
    return Path(res.model_path)


@pytest.fixture
def store(tmp_path):
    eng = open_database(sqlite_url(tmp_path / "s.db"))
    yield InspectionStore(eng)
    eng.dispose()


class FakeSimulator:
    def __init__(self):
        self.callbacks = []

    def on_part(self, cb):
        self.callbacks.append(cb)
        return cb

    def part(self, eq, serial, good):
        for cb in self.callbacks:
            cb(eq, serial, time.time(), good, {})


def test_parts_become_recorded_inspections(tmp_path, store, model_file):
    sim = FakeSimulator()
    st = XrayStation(store, tmp_path / "xray", model_path=model_file, size=96, equipment=("caster1",), seed=3)
    st.attach(sim)
    with st:
        t0 = time.perf_counter()
        for k in range(4):
            sim.part("caster1", f"C1-{k:04d}", good=k % 2 == 0)
        sim.part("press1", "P-1", good=True)            # not a watched caster: ignored
        assert time.perf_counter() - t0 < 0.5            # the callback only queues
        assert st.wait_idle(120)
    rows = store.queue("all")
    assert sorted(r.serial for r in rows) == [f"C1-{k:04d}" for k in range(4)]
    for r in rows:
        assert r.error is None, r.error
        assert r.ai_verdict in ("ok", "warn", "ng") and 0.0 <= r.score <= 1.0
        assert r.model_version and r.station == "xray1"
        assert Path(r.image_path).is_file() and Path(r.heatmap_path).is_file()
        assert r.detail["sim_good"] == (r.serial[-1] in "02")
        if not r.detail["sim_good"]:
            assert r.detail["truth_defects"]          # defective parts carry defects
    from vision.io import read_image

    img, meta = read_image(rows[0].image_path)
    heat, hmeta = read_image(rows[0].heatmap_path)
    assert meta["bit_depth"] == 16 and hmeta["shape"] == meta["shape"]
    assert st.stats()["recorded"] == 4 and st.stats()["dropped"] == 0


def test_corrupt_image_and_missing_model_are_recorded_with_error(tmp_path, store, model_file):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG not really")
    st = XrayStation(store, tmp_path / "xray", model_path=model_file)
    iid = st.inspect_file(bad, serial="C1-BAD")
    got = store.get(iid)
    assert got.ai_verdict is None and got.score is None and got.error and "bad.png" in got.error
    assert got.heatmap_path is None
    st2 = XrayStation(store, tmp_path / "xray", model_path=tmp_path / "missing.pt")
    got2 = store.get(st2.inspect_file(bad, serial="C1-NOMODEL"))
    assert "no AI model" in got2.error
    assert [r.serial for r in store.queue("pending", verdict="error")] == ["C1-NOMODEL", "C1-BAD"]


def test_simulator_thread_never_blocks_on_a_slow_model(tmp_path, store):
    release = threading.Event()

    class SlowEngine:
        meta = {"model_version": "slow"}

        def infer_path(self, path):
            release.wait(5)
            return {"score": 0.9, "verdict": "ng", "heatmap": np.ones((4, 4), np.float32), "error": None}

    st = XrayStation(store, tmp_path / "xray", model_path=__file__, size=64, max_queue=2,
                     engine_factory=lambda p: SlowEngine())
    sim = FakeSimulator()
    st.attach(sim)
    with st:
        t0 = time.perf_counter()
        for k in range(6):
            sim.part("caster1", f"S{k}", good=False)
        assert time.perf_counter() - t0 < 0.2
        release.set()
        assert st.wait_idle(30)
    s = st.stats()
    assert s["dropped"] >= 1 and s["recorded"] + s["dropped"] == 6
    r = store.queue("all")[0]
    assert r.ai_verdict == "ng" and r.model_version == "slow" and Path(r.heatmap_path).is_file()


def test_demo_station_seeds_the_registry_and_uses_its_active_model(tmp_path, model_file):
    from hmi.inspection.station import start_demo_station
    from vision.registry import ModelRegistry

    eng = open_database(sqlite_url(tmp_path / "lineside.db"))
    store = InspectionStore(eng)
    reg = ModelRegistry(tmp_path / "models")
    sim = FakeSimulator()
    st = start_demo_station(store, reg, sim, tmp_path, model_path=model_file, size=64)
    try:
        assert st.wait_idle(60)
        assert reg.active is not None and reg.history()[-1]["by"] == "system"
        sim.part("caster1", "C1-REG", good=False)
        assert st.wait_idle(60)
    finally:
        st.stop()
    (row,) = store.queue("all")
    assert row.model_version == reg.active and str(tmp_path / "xray") in row.image_path
    assert row.detail["thresholds"]["warn"] is not None
    eng.dispose()


def test_the_operating_point_set_for_the_active_model_decides_the_verdicts(tmp_path, store):
    """The registry's thresholds (the Models page's operating point) decide, not the model file's own."""
    from vision.io import write_png16
    from vision.registry import ModelRegistry
    from vision.synth import make_part

    reg = ModelRegistry(tmp_path / "models")
    v = reg.add(DEMO_MODEL)
    reg.activate(v)
    st = XrayStation(store, tmp_path / "xray", registry=reg)
    img = write_png16(tmp_path / "p.png", make_part("wheel", 256, 11, ["porosity"])[0])
    iid, res = st.inspect_record(img, serial="S1")
    score = res["score"]
    assert res["verdict"] in ("warn", "ng")
    reg.set_operating_point(v, min(1.0, score + 0.01), 1.0, by="lee", reason="test")  # this part now passes
    iid2, res2 = st.inspect_record(img, serial="S2")
    assert res2["score"] == pytest.approx(score) and res2["verdict"] == "ok"
    assert store.get(iid2).ai_verdict == "ok" and store.get(iid2).detail["thresholds"]["warn"] == pytest.approx(
        min(1.0, score + 0.01))
    with pytest.raises(Exception, match="0 <= warn <= ng <= 1"):
        reg.set_operating_point(v, 0.9, 0.5)
    st.stop()
