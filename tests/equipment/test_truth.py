"""The simulator's ground truth: parts, states, limit crossings, values and faults, in plant time."""
from __future__ import annotations

import numpy as np
import pytest

from hmi.config import demo_config_path, load_config
from hmi.equipment.sim_physics import U32
from hmi.equipment.simulator import LineSimulator

EPOCH = 1_800_000_000.0


@pytest.fixture(scope="module")
def plant():
    return load_config(demo_config_path())


def run(sim: LineSimulator, seconds: float, tick: float) -> None:
    t = sim.sim_time
    while t < seconds:
        t = min(seconds, t + tick)
        sim.advance_to(t)


def test_parts_and_states_match_the_machines_own_counters(plant):
    sim = LineSimulator(plant, speed=60, seed=3, start_epoch=EPOCH)
    run(sim, 3600.0, 6.0)
    truth = sim.truth
    assert truth.end() == pytest.approx(EPOCH + 3600.0, abs=1.5)
    whole = [(EPOCH, EPOCH + 3600.0 + 1)]
    sim2 = LineSimulator(plant, speed=60, seed=3, start_epoch=EPOCH)
    sim2.advance_to(0.0)
    v0 = sim2.values()
    v1 = sim.values()
    for eid in ("press1", "caster1"):
        good, defects = truth.parts(eid, whole)
        assert good == (v1[f"{eid}.good_count"] - v0[f"{eid}.good_count"]) % U32
        assert defects == (v1[f"{eid}.defect_count"] - v0[f"{eid}.defect_count"]) % U32
        secs = truth.state_seconds(eid, whole)
        assert sum(secs.values()) == pytest.approx(3600.0, abs=1.5)
        assert secs["running"] > 0.5 * 3600
    # the press strokes at its 30 spm setpoint while running: parts / running minutes ~ 30
    good, defects = truth.parts("press1", whole)
    assert (good + defects) / (truth.state_seconds("press1", whole)["running"] / 60) == pytest.approx(30, rel=0.03)
    # windows split the same record: two halves add up to the whole
    half = EPOCH + 1800.0
    a, b = truth.parts("press1", [(EPOCH, half)]), truth.parts("press1", [(half, EPOCH + 3601)])
    assert (a[0] + b[0], a[1] + b[1]) == (good, defects)


def test_a_fault_and_the_limit_it_ends_in_are_recorded_in_plant_time(plant):
    sim = LineSimulator(plant, speed=600, seed=7, start_epoch=EPOCH, faults=["lubrication_loss:press1@1h"])
    run(sim, 4 * 3600.0, 60.0)
    truth = sim.truth
    (f,) = truth.faults()
    assert (f.name, f.equipment_id, f.start) == ("lubrication_loss", "press1", EPOCH + 3600.0)
    lo = truth.first_crossing("press1.lube_pressure", "LO", after=f.start)
    hihi = truth.first_crossing("press1.bushing_temp", "HIHI", after=f.start)
    assert f.start < lo < hihi < EPOCH + 4 * 3600.0
    assert truth.first_crossing("press1.bushing_temp", "HIHI", after=hihi + 1e6) is None
    t, v = truth.values("press1.bushing_temp")
    assert t.size > 200 and np.all(np.diff(t) > 0)
    at = np.searchsorted(t, hihi)
    assert v[min(at + 1, v.size - 1)] >= 90.0  # the recorded values agree with the crossing


def test_a_served_simulator_records_its_truth_too(plant):
    sim = LineSimulator(plant, port=0, speed=50, seed=1)
    with sim:
        import time

        time.sleep(1.0)
    truth = sim.truth
    assert truth.epoch == pytest.approx(sim.epoch)
    assert truth.end() > truth.epoch + 20  # ~50 plant seconds
    assert truth.intervals("press1")[0][0] >= truth.epoch
    with pytest.raises(KeyError, match="not a simulated machine"):
        truth.parts("nope", [(0, 1)])


def test_a_kept_horizon_bounds_the_record_and_answers_recent_windows_as_the_whole_record_does(plant):
    """A long demo keeps ``truth_keep_s`` of truth: memory stays flat, recent figures are unchanged."""
    faults = ["lubrication_loss:press1@1h"]
    whole = LineSimulator(plant, speed=600, seed=5, start_epoch=EPOCH, faults=faults)
    kept = LineSimulator(plant, speed=600, seed=5, start_epoch=EPOCH, faults=faults, truth_keep_s=1800.0)
    run(whole, 3 * 3600.0, 30.0)
    run(kept, 3 * 3600.0, 30.0)
    t_end = EPOCH + 3 * 3600.0
    recent = [(t_end - 1500.0, t_end + 1)]
    for eid in ("press1", "caster1"):
        assert kept.truth.parts(eid, recent) == whole.truth.parts(eid, recent)
        assert kept.truth.state_seconds(eid, recent) == whole.truth.state_seconds(eid, recent)
    t, v = whole.truth.values("caster1.die_temp")
    tk, vk = kept.truth.values("caster1.die_temp")
    assert len(tk) < 0.3 * len(t)                       # 1800 s of 10,800 kept, and a trim interval's slack
    assert tk[0] >= t_end - 1800.0 * 1.2
    np.testing.assert_array_equal(vk, v[-len(vk):])
    recent_crossings = [c for c in whole.truth.crossings("press1.bushing_temp") if c[0] >= t_end - 1500.0]
    assert [c for c in kept.truth.crossings("press1.bushing_temp") if c[0] >= t_end - 1500.0] == recent_crossings
    assert len(kept.truth.intervals("press1")) <= len(whole.truth.intervals("press1"))
