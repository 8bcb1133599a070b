"""ISO 22400-2 KPIs against hand-computed shifts."""
from datetime import datetime, timezone

import numpy as np
import pytest

from hmi.kpi.accounting import ReasonEntry, Schedule, ShiftDef, counter_increments, state_timeline
from hmi.kpi.oee import Totals, daily_reports, measure, pareto, return_rate_per_month, shift_reports


def utc(*a) -> float:
    return datetime(*a, tzinfo=timezone.utc).timestamp()


H = 3600.0
D = utc(2024, 3, 4)             # a Monday, 00:00 UTC
S = D + 6 * H                   # early shift 06:00-14:00
SCHED = Schedule((ShiftDef("early", "06:00", "14:00", crew=4, breaks=(("10:00", "10:30"),)),),
                 planned_downtime=((D + 12 * H, D + 12.5 * H),))


def counters(good_total, defect_total, t=S):
    g = counter_increments([t, t + 10000], [500, 500 + good_total], modulus=65536)
    d = counter_increments([t, t + 10000], [0, defect_total], modulus=65536)
    return g, d


def report(tl, g, d, cycle=6.0):
    [r] = shift_reports(SCHED, tl, g, d, planned_cycle_s=cycle, t0=D, t1=D + 24 * H)
    return r


def test_hand_computed_shift_with_downtime_reason():
    # PBT = 8 h - 0.5 h break - 0.5 h planned downtime = 7 h.
    # 06:00 run, 07:00 fault (operator: "die change"), 07:30 run, 13:00 idle (no reason), 14:00 end.
    # APT = 1 h + (5.5 h - break - planned) = 5.5 h; fault 0.5 h; idle 1 h.
    tl = state_timeline([S, S + H, S + 1.5 * H, S + 7 * H], [1, 2, 1, 0], end=S + 8 * H,
                        reasons=[ReasonEntry(S + H, S + 1.5 * H, "die change")])
    g, d = counters(3000, 60)
    r = report(tl, g, d)
    t = r.totals
    assert (t.shift_s, t.pbt_s, t.apt_s, t.fault_s, t.idle_s) == (8 * H, 7 * H, 5.5 * H, 0.5 * H, 1 * H)
    assert (t.good, t.defects, t.failures) == (3000, 60, 1)
    k = r.kpis
    assert k["availability"] == pytest.approx(5.5 / 7)
    assert k["performance"] == pytest.approx(6 * 3060 / (5.5 * H))
    assert k["quality"] == pytest.approx(3000 / 3060)
    assert k["oee"] == pytest.approx(6 * 3000 / (7 * H))          # = good x cycle / PBT = 0.714286
    assert k["oee"] == pytest.approx(0.7142857, abs=1e-6)
    assert k["units_per_hour"] == pytest.approx(3060 / 7)
    assert k["defects_per_hour"] == pytest.approx(60 / 7)
    assert k["defect_rate"] == pytest.approx(60 / 3060)
    assert k["man_hours_per_unit"] == pytest.approx(4 * 7 / 3000)
    # ISO 22400-2: MTBF = operating time / (FE + 1) = 5.5 h / 2; MTTR = fault time / FE
    assert k["mtbf_h"] == pytest.approx(2.75) and k["mttr_h"] == pytest.approx(0.5)
    p = r.pareto
    assert [row["reason"] for row in p] == ["idle (no reason)", "die change"]
    assert [row["seconds"] for row in p] == [3600.0, 1800.0]
    assert p[0]["share"] == pytest.approx(2 / 3) and p[1]["cumulative"] == pytest.approx(1.0)


def test_reason_inside_a_break_is_not_downtime():
    # fault 09:30-10:30 with reason; the break 10:00-10:30 removes half of it from PBT
    tl = state_timeline([S, S + 3.5 * H, S + 4.5 * H], [1, 2, 1], end=S + 8 * H,
                        reasons=[ReasonEntry(S + 3.5 * H, S + 4.5 * H, "tool break")])
    g, d = counters(100, 0)
    r = report(tl, g, d)
    assert r.downtime == {"tool break": 1800.0}
    assert r.kpis["availability"] == pytest.approx(6.5 / 7)
    assert r.kpis["mttr_h"] == pytest.approx(0.5)


def test_zero_production():
    tl = state_timeline([S], [1], end=S + 8 * H)             # ran all shift, made nothing
    g, d = counters(0, 0)
    k = report(tl, g, d).kpis
    assert k["availability"] == 1.0
    assert k["performance"] == 0.0          # ideal time 0 / APT
    assert k["quality"] is None             # no parts: undefined
    assert k["oee"] == 0.0
    assert k["units_per_hour"] == 0.0 and k["defects_per_hour"] == 0.0
    assert k["defect_rate"] is None and k["man_hours_per_unit"] is None
    assert k["mtbf_h"] == pytest.approx(7.0) and k["mttr_h"] is None  # no failure: MTBF = APT / (0 + 1)


def test_machine_down_all_shift():
    tl = state_timeline([S - H], [2], end=S + 9 * H)         # fault started before the shift
    g, d = counters(0, 0)
    r = report(tl, g, d)
    k = r.kpis
    assert r.totals.fault_s == 7 * H and r.totals.failures == 0   # the failure began outside PBT
    assert k["availability"] == 0.0 and k["performance"] is None and k["quality"] is None
    assert k["oee"] == 0.0 and k["mtbf_h"] is None and k["mttr_h"] is None
    assert r.pareto == [{"reason": "fault (no reason)", "seconds": 7 * H, "share": 1.0, "cumulative": 1.0}]
    # same, the fault starting at shift start: one failure, MTBF 0, MTTR = PBT
    k = report(state_timeline([S], [2], end=S + 8 * H), g, d).kpis
    assert k["mtbf_h"] == 0.0 and k["mttr_h"] == pytest.approx(7.0) and k["oee"] == 0.0


def test_no_data_counts_as_not_running():
    tl = state_timeline([S, S + 4 * H], [1, np.nan], [0, 3], end=S + 8 * H)
    g, d = counters(0, 0)
    r = report(tl, g, d)
    # 06-10 running (4 h); 10-14 comm loss minus the break and the planned downtime (3 h)
    assert r.totals.apt_s == 4 * H and r.totals.unknown_s == 3 * H
    assert r.downtime == {"no data": 3 * H}
    assert r.kpis["availability"] == pytest.approx(4 / 7)


def test_nothing_planned_gives_none():
    tot, dt = measure(np.empty((0, 2)), (S, S + 8 * H), state_timeline([S], [1], end=S + 8 * H),
                      *counters(10, 0), planned_cycle_s=6.0, crew=3)
    k = tot.kpis()
    assert tot.pbt_s == 0 and k["availability"] is None and k["oee"] is None and k["units_per_hour"] is None
    assert dt == {}


def test_night_shift_counts_across_midnight_and_day_sums():
    sch = Schedule((ShiftDef("early", "06:00", "14:00", 2), ShiftDef("night", "22:00", "06:00", 3)))
    tl = state_timeline([D + 6 * H, D + 14 * H, D + 22 * H], [1, 0, 1], end=D + 30 * H)
    # good: +1000 in the early shift, +2000 in the night (booked 02:00 next day) with a uint16 wrap
    g = counter_increments([D + 6 * H, D + 10 * H, D + 22 * H, D + 26 * H],
                           [64000, 65000 % 65536, 65000, (65000 + 2000) % 65536], modulus=65536)
    d = counter_increments([D], [0])
    reps = shift_reports(sch, tl, g, d, planned_cycle_s=10.0, t0=D, t1=D + 24 * H)
    assert [(r.name, r.totals.good) for r in reps] == [("early", 1000), ("night", 2000)]
    assert g.rollovers == 1
    night = reps[1].kpis
    assert night["availability"] == 1.0 and night["oee"] == pytest.approx(2000 * 10 / (8 * H))
    [day] = daily_reports(reps)
    assert day.day == "2024-03-04" and day.totals.good == 3000 and day.totals.pbt_s == 16 * H
    assert day.kpis["oee"] == pytest.approx(3000 * 10 / (16 * H))
    assert day.kpis["man_hours_per_unit"] == pytest.approx((2 * 8 + 3 * 8) / 3000)


def test_totals_add_and_pareto_order():
    a = Totals(pbt_s=10, apt_s=5, good=3)
    b = Totals(pbt_s=20, apt_s=20, good=1)
    assert (a + b).pbt_s == 30 and (a + b).good == 4
    assert [r["reason"] for r in pareto({"b": 5, "a": 5, "c": 9})] == ["c", "a", "b"]
    assert pareto({}) == []


def test_return_rate_per_month():
    rr = return_rate_per_month({"2024-01": 30, "2024-02": 12}, {"2024-01": 1000, "2024-02": 400, "2024-03": 0})
    assert rr == {"2024-01": 0.03, "2024-02": 0.03, "2024-03": None}


def test_parts_made_in_a_break_do_not_inflate_performance():
    # ran all shift, 100 parts counted during the break (10:00-10:30) and 700 at 08:00
    tl = state_timeline([S], [1], end=S + 8 * H)
    g = counter_increments([S, S + 2 * H, S + 4.25 * H], [0, 700, 800])
    d = counter_increments([S], [0])
    r = report(tl, g, d, cycle=10.0)
    assert r.totals.good == 700 and r.totals.outside_pbt == 100
    assert r.kpis["performance"] == pytest.approx(700 * 10 / (7 * H))


def test_time_without_any_record_is_left_out_of_pbt():
    # the station recorded 06:00-08:00 (running), was off until 11:00, then recorded an idle stop
    # 11:00-12:00 and running 12:00-14:00; samples hold at most 60 s
    ts = np.concatenate((np.arange(S, S + 2 * H, 30), np.arange(S + 5 * H, S + 8 * H, 30)))
    st = np.where((ts >= S + 5 * H) & (ts < S + 6 * H), 0, 1)
    tl = state_timeline(ts, st, end=S + 8 * H, max_gap_s=60)
    g, d = counters(0, 0)
    t = report(tl, g, d).totals
    # PBT windows 06-10, 10:30-12, 12:30-14 (7 h); not recorded 08:00:30-10:00 and 10:30-11:00
    assert t.unobserved_s == pytest.approx(2 * H - 30 + 0.5 * H)
    assert t.pbt_s == pytest.approx(7 * H - t.unobserved_s)
    assert t.apt_s == pytest.approx(2 * H + 30 + 1.5 * H) and t.idle_s == pytest.approx(1 * H)
    assert report(tl, g, d).downtime == {"idle (no reason)": pytest.approx(1 * H)}


def test_implausible_kpis_are_flagged_with_their_reason():
    from hmi.kpi.oee import flag_of, implausible

    k = {"availability": 0.9, "performance": 9.34, "quality": 0.99, "oee": 9.22, "units_per_hour": 16800.0,
         "defect_rate": -0.01, "mtbf_h": 3.0}
    flags = implausible(k)
    assert set(flags) == {"performance", "oee", "defect_rate"}
    assert "faster than planned" in flags["performance"] and "planned cycle time" in flags["oee"]
    assert "outside 0-100 %" in flags["defect_rate"]
    assert flag_of("performance", 1.0) is None and flag_of("units_per_hour", 16800.0) is None
    assert flag_of("oee", None) is None
