"""Alarm-system health: flood (> 10 alarms in 10 min, "in flood now"), top-10, chattering, rate."""
from __future__ import annotations

import pytest

from hmi.alarms import AlarmEngine, AlarmEvent, AlarmState
from hmi.alarms.health import average_rate, chattering, flood, health_report, rate_rating, top_frequent
from hmi.config import demo_config_path, load_config
from hmi.equipment.model import Quality, Sample

T0 = 1_800_000_000.0


def ev(ts, alarm_id="a.b.hi", event="raised", priority=2, message="msg"):
    return AlarmEvent(ts, alarm_id, "a.b", "HI", priority, event, AlarmState.UNACK_ACTIVE, 1.0, None, None, message,
                      "a")


def row(ts, alarm_id="a.b.hi", event="raised"):  # the journal's dict form
    return {"ts": ts, "alarm_id": alarm_id, "event": event, "message": "m", "priority": 3}


def test_no_flood_at_ten_alarms_flood_at_eleven():
    ten = [ev(T0 + i * 50, f"a.t{i}.hi") for i in range(10)]  # 10 within 450 s
    f = flood(ten, now=T0 + 450)
    assert f.max_in_window == 10 and not f.flooded and not f.in_flood_now
    eleven = ten + [ev(T0 + 590, "a.t10.hi")]
    f = flood(eleven, now=T0 + 595)
    assert f.max_in_window == 11 and f.flooded and f.in_flood_now and f.raised_in_last_window == 11
    assert f.periods[0].start == T0 and f.periods[0].end == T0 + 590 and f.periods[0].raised == 11
    assert not flood(eleven, now=T0 + 1200).in_flood_now  # over: the flood is history
    # 11 alarms spread over more than 10 minutes are no flood
    spread = [ev(T0 + i * 61, f"a.t{i}.hi") for i in range(11)]
    assert not flood(spread).flooded and flood(spread).max_in_window == 10


def test_flood_periods_are_separate_and_only_raises_count():
    burst1 = [row(T0 + i) for i in range(12)]
    acks = [row(T0 + 100 + i, event="acked") for i in range(30)]
    burst2 = [row(T0 + 5000 + i * 2) for i in range(15)]
    f = flood(burst2 + acks + burst1)  # any order
    assert [(p.start, p.end, p.raised) for p in f.periods] == [(T0, T0 + 11, 12), (T0 + 5000, T0 + 5028, 15)]
    assert f.max_in_window == 15 and f.max_window_start == T0 + 5000


def test_top_ten_most_frequent():
    evs = []
    for k in range(12):
        for i in range(k + 1):  # alarm k raised k+1 times
            evs.append(ev(T0 + k * 1000 + i, f"a.t{k}.hi"))
            evs.append(ev(T0 + k * 1000 + i + 0.5, f"a.t{k}.hi", "cleared"))
    top = top_frequent(evs)
    assert len(top) == 10
    assert [(t.alarm_id, t.count) for t in top[:3]] == [("a.t11.hi", 12), ("a.t10.hi", 11), ("a.t9.hi", 10)]
    assert top[-1].alarm_id == "a.t2.hi" and top[0].message == "msg" and top[0].priority == 2
    assert [t.alarm_id for t in top_frequent(evs, 2)] == ["a.t11.hi", "a.t10.hi"]


def test_chattering():
    evs = []
    for i in range(3):  # 3 cycles within 50 s: chattering
        evs += [ev(T0 + i * 20, "x.y.hi"), ev(T0 + i * 20 + 10, "x.y.hi", "cleared")]
    for i in range(3):  # 3 cycles, but over 150 s: not chattering
        evs += [ev(T0 + i * 60, "x.z.hi"), ev(T0 + i * 60 + 30, "x.z.hi", "cleared")]
    for i in range(2):  # 2 fast cycles: not enough
        evs += [ev(T0 + i * 5, "x.w.hi"), ev(T0 + i * 5 + 2, "x.w.hi", "cleared")]
    ch = chattering(evs)
    assert [(c.alarm_id, c.max_cycles_in_window, c.cycles) for c in ch] == [("x.y.hi", 3, 3)]
    assert chattering(evs, cycles=2)[0].alarm_id == "x.y.hi" and {c.alarm_id for c in chattering(evs, cycles=2)} == \
        {"x.y.hi", "x.w.hi"}  # x.z: two cycles take 90 s


def test_average_rate_and_rating():
    evs = [ev(T0 + i * 300) for i in range(13)]  # 13 raises over 3600 s
    assert average_rate(evs) == pytest.approx(13 * 600 / 3600)
    assert average_rate(evs, T0, T0 + 7200) == pytest.approx(13 / 12)
    assert average_rate([]) is None
    assert [rate_rating(r) for r in (None, 0.5, 1.5, 5)] == ["no data", "acceptable", "manageable", "overloaded"]


def test_health_report_from_an_engine_run():
    """A chattering HI without deadband/delay, driven through the engine, shows up in the report."""
    plant = load_config(demo_config_path())
    engine = AlarmEngine(plant, clock=lambda: T0)
    events = []
    engine.subscribe(events.append)
    for i in range(40):  # state toggles fault / running every 5 s: DIGITAL alarm chatters
        engine.process([Sample("press1.state", T0 + i * 5, 2 if i % 2 == 0 else 1, Quality.GOOD)])
    rep = health_report(events, now=T0 + 200, t0=T0)
    assert rep.raised == 20 and rep.top[0].alarm_id == "press1.state.digital" and rep.top[0].count == 20
    assert rep.chattering[0].alarm_id == "press1.state.digital"
    assert rep.flood.flooded and rep.flood.in_flood_now
    assert rep.rate_per_10min == pytest.approx(20 * 600 / 200) and rep.rating == "overloaded"
