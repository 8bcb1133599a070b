"""Station recorder: part-done trigger + serial tags in the sample stream -> steps with historian snapshots."""
from __future__ import annotations

import time

import pytest

from hmi.config import demo_config_path, load_config
from hmi.equipment.model import Quality, Sample
from hmi.store.db import open_database, sqlite_url
from hmi.store.historian import Historian
from hmi.store.historian_writer import HistorianWriter
from hmi.trace.genealogy import TraceStore
from hmi.trace.recorder import StationRecorder

T0 = 1_800_000_000.0
G = Quality.GOOD


def S(tag, ts, value, q=G):
    return Sample(f"caster1.{tag}", ts, value, q)


@pytest.fixture
def rig(tmp_path):
    eng = open_database(sqlite_url(tmp_path / "r.db"))
    writer = HistorianWriter(eng)
    writer.start()
    plant = load_config(demo_config_path())
    rec = StationRecorder(plant, TraceStore(eng), Historian(eng), settle_s=0.05)
    seen = []
    rec.on_recorded(lambda part, step_id: seen.append((part.serial, step_id)))
    rec.start()

    def feed(batch):
        writer.sink(batch)
        assert writer.flush(5)
        rec.sink(batch)

    yield rec, feed, TraceStore(eng), seen
    rec.stop()
    writer.stop()
    eng.dispose()


def _wait(pred, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.02)
    return False


def test_trigger_change_records_the_part_with_parameters_result_and_lot(rig):
    rec, feed, store, seen = rig
    feed([S("part_done", T0, 5), S("part_serial", T0, "C125112300001"), S("part_ok", T0, 1),
          S("heat_number", T0, "H261123001"), S("melt_temp", T0 - 30, 700.0), S("die_temp", T0 - 30, 350.0)])
    feed([S("melt_temp", T0 + 100, 745.0), S("die_temp", T0 + 100, 420.0), S("pressure", T0 + 100, 0.9)])
    feed([S("part_done", T0 + 220, 6), S("part_serial", T0 + 220, "C125112300002"), S("part_ok", T0 + 220, 0),
          S("heat_number", T0 + 220, "H261123001"), S("melt_temp", T0 + 300, 500.0)])  # after the step: ignored
    assert _wait(lambda: len(seen) == 1)
    h = store.lookup("C125112300002")
    assert store.lookup("C125112300001") is None  # the baseline part is not recorded (its start is unknown)
    (step,) = h.steps
    assert (step.step, step.station, step.equipment, step.result) == ("cast", "cast1", "caster1", "ng")
    assert (step.start_ts, step.end_ts) == (T0, T0 + 220)
    assert (h.product, h.line, h.lots[0]["lot"], h.lots[0]["kind"]) == ("wheel", "line1", "H261123001", "heat")
    params = {p.tag: p for p in step.params}
    melt = params["caster1.melt_temp"]
    assert (melt.vmin, melt.vmax, melt.n) == (700.0, 745.0, 2)  # value held at the start + one in the step
    assert (melt.range_lo, melt.range_hi, melt.unit, melt.in_range) == (690.0, 730.0, "°C", False)
    assert params["caster1.die_temp"].in_range is True
    assert params["caster1.humidity"].n == 0 and params["caster1.humidity"].in_range is None
    assert rec.stats()["recorded"] == 1


def test_bad_serial_is_rejected_and_missed_parts_counted(rig):
    rec, feed, store, seen = rig
    feed([S("part_done", T0, 1), S("part_serial", T0, "C125112300001")])
    feed([S("part_done", T0 + 10, 2), S("part_serial", T0 + 10, "garbage")])
    feed([S("part_done", T0 + 20, 4), S("part_serial", T0 + 20, "C125112300004")])  # 3 was missed
    feed([S("part_done", T0 + 30, 4, Quality.COMM_FAIL)])  # bad quality is no trigger
    assert _wait(lambda: len(seen) == 1 and rec.stats()["rejected"])
    st = rec.stats()
    assert st["missed"] == 1 and st["recorded"] == 1
    assert st["rejected"][0]["serial"] == "GARBAGE" and "does not match" in st["rejected"][0]["reason"]
    step = store.lookup("C125112300004").steps[0]
    assert (step.start_ts, step.end_ts) == (T0 + 10, T0 + 20)  # started at the previous trigger
