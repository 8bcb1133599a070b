"""Production accounting against hand-computed cases."""
from datetime import datetime, timezone

import numpy as np
import pytest

from hmi.equipment.model import Quality, Sample
from hmi.kpi.accounting import (FAULT, IDLE, RUNNING, UNKNOWN, ReasonEntry, Schedule, ShiftDef,
                                counter_increments, series_from_samples, state_timeline,
                                subtract_intervals)


def utc(*a) -> float:
    return datetime(*a, tzinfo=timezone.utc).timestamp()


def test_uint16_rollover_counts_the_wrap():
    # 65530 -> 65534 (+4) -> 2 (65536 - 65534 + 2 = +4) -> 5 (+3)
    c = counter_increments([0, 1, 2, 3], [65530, 65534, 2, 5], modulus=65536)
    assert c.inc.tolist() == [4, 4, 3]
    assert c.total == 11 and c.rollovers == 1 and c.resets == 0


def test_uint32_rollover():
    m = 2 ** 32
    c = counter_increments([0, 1, 2], [m - 3, 1, 4], modulus=m)
    assert c.inc.tolist() == [4, 3] and c.rollovers == 1


def test_meter_reset_counts_from_the_new_value():
    # 100 -> 120 (+20) -> 3: the wrap would be 65536-120+3 = 65419 > 65536//4, so a reset: +3 -> 10 (+7)
    c = counter_increments([0, 1, 2, 3], [100, 120, 3, 10], modulus=65536)
    assert c.inc.tolist() == [20, 3, 7]
    assert c.total == 30 and c.resets == 1 and c.rollovers == 0
    # without a modulus every drop is a reset
    assert counter_increments([0, 1, 2, 3], [100, 120, 3, 10]).total == 30


def test_drop_that_is_neither_wrap_nor_reset_is_a_glitch():
    # 520 -> 300 is not near zero (reset_max = max_step = 100): counted 0, resync at 300; then +10
    c = counter_increments([0, 1, 2, 3], [500, 520, 300, 310], max_step=100)
    assert c.inc.tolist() == [20, 0, 10] and c.glitches == 1 and c.resets == 0


def test_nothing_counted_across_a_bad_quality_gap():
    q = [Quality.GOOD, Quality.GOOD, Quality.COMM_FAIL, Quality.GOOD, Quality.GOOD]
    c = counter_increments([0, 10, 20, 30, 40], [10, 12, np.nan, 20, 22], q, modulus=65536)
    assert c.inc.tolist() == [2, 0, 2]  # 12 -> 20 spans the gap: not counted
    assert c.total == 4 and c.gaps == 1 and c.gap_s == 20.0
    # a time gap without a bad sample, when max_gap_s is set
    c = counter_increments([0, 1, 100, 101], [0, 1, 50, 51], max_gap_s=5)
    assert c.total == 2 and c.gaps == 1


def test_between_is_half_open_and_vectorised():
    c = counter_increments([0, 10, 20, 30], [0, 5, 12, 20])  # +5 @10, +7 @20, +8 @30
    assert c.between(10, 30) == 12
    assert c.between(0, 10) == 0
    assert c.between(np.array([0, 20]), np.array([31, 31])).tolist() == [20, 15]


def test_series_from_samples():
    s = [Sample("m.good", 2.0, 7, Quality.GOOD), Sample("m.good", 1.0, None, Quality.BAD, "x"),
         Sample("m.good", 0.0, 5, Quality.GOOD)]
    ts, v, q = series_from_samples(s)
    assert ts.tolist() == [0.0, 1.0, 2.0] and v[0] == 5 and np.isnan(v[1]) and q.tolist() == [0, 1, 0]
    assert counter_increments(ts, v, q).total == 0  # the only pair spans the bad sample


def test_state_timeline_with_operator_reason():
    tl = state_timeline([0, 100, 200, 300], [1, 2, 1, 0], end=400,
                        reasons=[ReasonEntry(150, 200, "die change"), ReasonEntry(0, 50, "ignored: running")])
    assert tl.start.tolist() == [0, 100, 150, 200, 300]
    assert tl.end.tolist() == [100, 150, 200, 300, 400]
    assert tl.state.tolist() == [RUNNING, FAULT, FAULT, RUNNING, IDLE]
    labels = [tl.reasons[r] if r >= 0 else None for r in tl.reason]
    assert labels == [None, None, "die change", None, None]
    assert tl.failure_ts.tolist() == [100]  # a fault split by a reason is still one failure


def test_state_timeline_bad_quality_and_unknown_values_are_no_data():
    tl = state_timeline([0, 10, 20, 30], [1, 1, 7, 1], [0, 1, 0, 0], end=40)
    assert tl.state.tolist() == [RUNNING, UNKNOWN, RUNNING]
    assert tl.start.tolist() == [0, 10, 30] and tl.end.tolist() == [10, 30, 40]


def test_overlapping_reasons_rejected():
    with pytest.raises(ValueError):
        state_timeline([0, 10], [2, 2], end=20, reasons=[ReasonEntry(0, 10, "a"), ReasonEntry(5, 15, "b")])


def test_subtract_intervals():
    assert subtract_intervals([(0, 100)], [(10, 20), (15, 30), (90, 120)]) == [(0, 10), (30, 90)]


def test_shift_crossing_midnight():
    sch = Schedule((ShiftDef("N", "22:00", "06:00", crew=3, breaks=(("23:45", "00:15"), ("02:00", "02:30"))),))
    [n] = sch.instances(utc(2024, 1, 1), utc(2024, 1, 2))
    assert n.day == "2024-01-01"
    assert n.start == utc(2024, 1, 1, 22) and n.end == utc(2024, 1, 2, 6)
    assert n.breaks == ((utc(2024, 1, 1, 23, 45), utc(2024, 1, 2, 0, 15)),
                        (utc(2024, 1, 2, 2), utc(2024, 1, 2, 2, 30)))
    w = n.pbt_windows
    assert float((w[:, 1] - w[:, 0]).sum()) == 7 * 3600  # 8 h - 2 x 30 min


def test_schedule_local_time_and_planned_downtime():
    pd = (utc(2024, 6, 3, 8), utc(2024, 6, 3, 9))  # 10:00-11:00 Berlin (CEST, UTC+2)
    sch = Schedule((ShiftDef("E", "06:00", "14:00", 2, (("09:00", "09:30"),)),), tz="Europe/Berlin",
                   planned_downtime=(pd,), workdays=frozenset(range(5)))
    insts = sch.instances(utc(2024, 6, 3), utc(2024, 6, 10))  # Mon..Sun
    assert [i.day for i in insts] == ["2024-06-03", "2024-06-04", "2024-06-05", "2024-06-06", "2024-06-07"]
    mon = insts[0]
    assert mon.start == utc(2024, 6, 3, 4) and mon.planned_downtime == (pd,)
    w = mon.pbt_windows
    assert float((w[:, 1] - w[:, 0]).sum()) == 6.5 * 3600


def test_state_gap_longer_than_max_gap_is_not_recorded():
    from hmi.kpi.accounting import UNOBSERVED
    tl = state_timeline([0, 1, 2, 100, 101], [1, 1, 2, 2, 1], end=110, max_gap_s=5,
                        reasons=[ReasonEntry(2, 101, "die change")])
    assert tl.start.tolist() == [0, 2, 7, 100, 101, 106]   # the last sample too holds only 5 s
    assert tl.end.tolist() == [2, 7, 100, 101, 106, 110]
    assert tl.state.tolist() == [RUNNING, FAULT, UNOBSERVED, FAULT, RUNNING, UNOBSERVED]
    assert [tl.reasons[r] if r >= 0 else None for r in tl.reason] == [None, "die change", None, "die change",
                                                                       None, None]
    lab, labels = tl.label_index()
    assert lab[2] == -1  # not recorded is never downtime
    assert tl.failure_ts.tolist() == [2]  # the fault seen again after the gap is the same failure


def test_a_counter_cannot_outrun_its_rate():
    # one part per 10 s at most (max_rate 0.1/s -> limit 0.1 x dt + 2): +500 in 1 s is a jump, counted 0
    c = counter_increments([0, 1, 2, 12, 22], [10, 11, 511, 512, 514], max_rate=0.1)
    assert c.inc.tolist() == [1, 0, 1, 2] and c.glitches == 1
