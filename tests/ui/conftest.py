"""UI tests: Qt offscreen, a stand-in runtime with the duck type of hmi.runtime.Runtime."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading  # noqa: E402
import time  # noqa: E402
from concurrent.futures import Future  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from hmi.config import demo_config_path, load_config  # noqa: E402
from hmi.equipment.model import Quality, Sample  # noqa: E402


@dataclass
class FakeDeviceStatus:
    equipment_id: str
    connected: bool = True
    last_ok_ts: float | None = None
    last_error: str | None = None
    reconnects: int = 0
    reads_ok: int = 0
    reads_failed: int = 0
    last_latency_ms: float | None = 12.0


from hmi.store.historian import Series as FakeSeries  # noqa: E402  (the real result type)


class FakeHistorian:
    """Decimated sine history; records calls and the thread they ran on."""

    def __init__(self, delay_s: float = 0.02):
        self.delay_s = delay_s
        self.queries: list[tuple] = []
        self.exports: list[tuple] = []
        self.threads: set[str] = set()

    def query(self, tags, t0, t1, max_points=2000):
        self.threads.add(threading.current_thread().name)
        self.queries.append((list(tags), t0, t1, max_points))
        time.sleep(self.delay_s)
        n = max(2, min(int(max_points), 500))
        ts = np.linspace(t0, t1, n)
        out = {}
        for i, tag in enumerate(tags):
            v = 50 + 10 * np.sin(ts / 60.0 + i)
            out[tag] = FakeSeries(ts, v, v - 2, v + 2, np.zeros(n, dtype=np.int8), "decimated")
        return out

    def export_csv(self, path, tags, t0, t1):
        self.threads.add(threading.current_thread().name)
        self.exports.append((path, list(tags), t0, t1))
        rows = 0
        with open(path, "w", encoding="utf-8") as f:
            f.write("timestamp,tag,value,quality\n")
            for tag in tags:
                for ts in np.linspace(t0, t1, 10):
                    f.write(f"{ts},{tag},1.0,GOOD\n")
                    rows += 1
        return rows


class FakePlantSetup:
    """hmi.services.PlantSetup without a database or a file on disk: the demo plant's text; Apply takes the draft
    (no device is restarted: the fake reads none); Save and Browse are refused as a station without them would."""

    def __init__(self, plant):
        self.plant_text = demo_config_path().read_text(encoding="utf-8")
        self.plant_file = demo_config_path()
        self.plant_file_exists = True
        self.plant_versions = None
        self._plant = plant

    def running_plant(self):
        return self._plant

    def apply_plant(self, plant, *, user=None, source=""):
        from hmi.plantfile.diff import devices_changed, diff_plants
        from hmi.runtime import AppliedPlant

        changed = devices_changed(self._plant, plant)
        changes = tuple(str(c) for c in diff_plants(self._plant, plant))
        self._plant = plant
        return AppliedPlant(frozenset(changed), (), changes)

    def save_plant(self, text, *, user=None, path=None):
        raise PermissionError("the test station saves no plant file")

    def browse(self, equipment_id, where=None):
        fut = Future()
        fut.set_exception(RuntimeError(f"{equipment_id}: the test station reads no device"))
        return fut


class FakeSelfCheck:
    """hmi.services.SelfCheckSource without a database: evidence from the plant and the device states only."""

    selfchecks = None

    def __init__(self, runtime):
        self.runtime = runtime

    def self_check_evidence(self):
        from hmi.plantfile.selfcheck import gather_evidence

        return gather_evidence(self.runtime.plant, self.runtime.device_status())

    def rate_plant(self, levels, *, user=None, evidence=None, note=""):
        raise ValueError("ratings are kept in the plant database: the test station has none")


class FakeRuntime:
    """Same duck type as hmi.runtime.Runtime; ``push()`` feeds samples like the acquisition thread."""

    def __init__(self, historian=True):
        self.plant = load_config(demo_config_path())
        self.historian = FakeHistorian() if historian else None
        self._sinks = []
        self._latest = {}
        now = time.time()
        self.status = {e.id: FakeDeviceStatus(e.id, True, now) for e in self.plant.equipment}
        self.stats = {"rows_written": 1234, "rows_dropped": 0, "buffered": 5}
        self.plant_setup = FakePlantSetup(self.plant)
        self.self_check = FakeSelfCheck(self)

    @property
    def live(self):  # hmi.services.LiveData, like Runtime.live
        return self

    def subscribe(self, sink):
        self._sinks.append(sink)

    def unsubscribe(self, sink):
        self._sinks = [s for s in self._sinks if s is not sink]

    def push(self, samples):
        for s in samples:
            self._latest[s.tag] = s
        for sink in list(self._sinks):
            sink(list(samples))

    def latest(self):
        return dict(self._latest)

    def device_status(self):
        return dict(self.status)

    def historian_stats(self):
        return dict(self.stats) if self.historian is not None else {}

    def write(self, tag_key, value):
        f = Future()
        f.set_result(type("WriteResult", (), {"ok": True, "read_back": value, "error": None})())
        return f

    # helpers for tests
    def good_batch(self, ts=None, state=1):
        ts = time.time() if ts is None else ts
        out = []
        for t in self.plant.tags:
            if t.name == "state":
                v = state
            elif t.type == "string":
                v = "SN0001"
            elif t.type == "bool":
                v = True
            elif t.normal_range:
                lo, hi = t.normal_range
                v = (lo + hi) / 2
            else:
                v = 100
            out.append(Sample(t.key, ts, v, Quality.GOOD))
        return out


@pytest.fixture
def runtime():
    return FakeRuntime()


@pytest.fixture
def make_runtime():
    """Factory: ``make_runtime(historian=False)``."""
    return FakeRuntime


@pytest.fixture
def main_window(qtbot, runtime):
    from hmi.ui.main_window import MainWindow

    win = MainWindow(runtime)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
