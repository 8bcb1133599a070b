"""Genealogy store: recording, lookup with parameters/alarms/inspections/lots/events, containment."""
from __future__ import annotations

import csv

import pytest
import sqlalchemy as sa

from hmi.store.db import open_database, sqlite_url
from hmi.inspection.records import InspectionStore
from hmi.store.schema import alarm_events
from hmi.trace.genealogy import ParamSnapshot, TraceError, TraceStore, write_csv

T0 = 1_800_000_000.0


@pytest.fixture
def engine(tmp_path):
    eng = open_database(sqlite_url(tmp_path / "t.db"))
    yield eng
    eng.dispose()


def _cast(store, serial, t, *, eq="caster1", result="ok", heat="H1", melt=(700.0, 710.0)):
    return store.record_step(
        serial, line="line1", product="wheel", step="cast", station="cast1", equipment=eq, start_ts=t,
        end_ts=t + 220, result=result, operator="kim",
        params=[ParamSnapshot("caster1.melt_temp", melt[0], melt[1], sum(melt) / 2, 40, "°C", 690, 730),
                ParamSnapshot("caster1.humidity", None, None, None, 0, "%RH", 20, 70)],
        lots={"heat": heat})


def test_record_and_lookup_full_history(engine):
    store = TraceStore(engine)
    _cast(store, "C1", T0, melt=(705.0, 741.0))
    store.record_step("C1", step="xray", station="xray1", equipment="xray1", start_ts=T0 + 300, end_ts=T0 + 310,
                      result="ng")
    store.record_event("C1", "rework", ts=T0 + 400, ref="RW-1", user="lee", note="grind")
    store.record_event("C1", "shipment", ts=T0 + 900, ref="DN-4711")
    insp = InspectionStore(engine)
    iid = insp.record_inspection(station="xray1", serial="C1", captured_ts=T0 + 305, image_path="/x.png",
                                 score=0.9, ai_verdict="ng", model_version="v1")
    from hmi.security import Access, AuditTrail, UserStore

    users = UserStore(engine)
    park = users._create_user("park", "inspector", "park-password")
    insp.review(iid, park, "ng", comment="porosity confirmed", access=Access(users, AuditTrail(engine)))
    with engine.begin() as c:  # an alarm raised during the cast, one before it still active, one cleared before
        rows = [(T0 - 100, "caster1.melt_temp.HI", "raised", "UNACK_ACTIVE"),
                (T0 + 50, "caster1.melt_temp.HI", "acked", "ACK_ACTIVE"),
                (T0 - 3000, "caster1.die_temp.LO", "raised", "UNACK_ACTIVE"),
                (T0 - 2000, "caster1.die_temp.LO", "cleared", "NORMAL"),
                (T0 + 100, "caster1.state.DIGITAL", "raised", "UNACK_ACTIVE"),
                (T0 + 100, "press1.state.DIGITAL", "raised", "UNACK_ACTIVE")]
        c.execute(alarm_events.insert(), [
            {"ts": int(t * 1000), "alarm_id": a, "tag": a.rsplit(".", 1)[0], "equipment": a.split(".")[0],
             "kind": "HI", "priority": 2, "event": ev, "state_after": st, "message": f"msg {a}"}
            for t, a, ev, st in rows])

    h = store.lookup("C1")
    assert (h.serial, h.product, h.line, h.created_ts) == ("C1", "wheel", "line1", T0)
    assert [(s.step, s.result) for s in h.steps] == [("cast", "ok"), ("xray", "ng")]
    cast = h.steps[0]
    assert cast.operator == "kim"
    melt = next(p for p in cast.params if p.tag == "caster1.melt_temp")
    assert melt.in_range is False  # max 741 above the 730 limit
    hum = next(p for p in cast.params if p.tag == "caster1.humidity")
    assert hum.in_range is None  # no data
    alarms = {a.alarm_id: a for a in cast.alarms}
    assert set(alarms) == {"caster1.melt_temp.HI", "caster1.state.DIGITAL"}
    assert alarms["caster1.melt_temp.HI"].active_at_start and alarms["caster1.melt_temp.HI"].last_state == "ACK_ACTIVE"
    assert not alarms["caster1.state.DIGITAL"].active_at_start
    assert h.lots == [{"kind": "heat", "lot": "H1", "ts": T0 + 220}]
    assert [(e.kind, e.ref) for e in h.events] == [("rework", "RW-1"), ("shipment", "DN-4711")]
    assert len(h.inspections) == 1 and h.inspections[0].final_verdict == "ng"
    assert h.inspections[0].review_state == "accepted (ng) by park"
    doc = h.to_dict()
    assert [(p["tag"], p["in_range"]) for p in doc["steps"][0]["params"]] == [
        ("caster1.humidity", None), ("caster1.melt_temp", False)]
    assert [w for _, w, _ in h.timeline()][0] == "step cast"


def test_unknown_part_and_bad_input(engine):
    store = TraceStore(engine)
    assert store.lookup("NOPE") is None
    assert store.lookup("") is None
    with pytest.raises(TraceError, match="needs a serial"):
        store.record_part(" ", line="line1")
    with pytest.raises(TraceError, match="line is needed"):
        store.record_step("C9", step="cast", station="s", equipment="e", start_ts=T0, end_ts=T0 + 1)
    with pytest.raises(TraceError, match="not one of"):
        store.record_step("C9", line="l", step="cast", station="s", equipment="e", start_ts=T0, end_ts=T0 + 1,
                          result="maybe")
    with pytest.raises(TraceError, match="ends before"):
        store.record_step("C9", line="l", step="cast", station="s", equipment="e", start_ts=T0, end_ts=T0 - 1)
    with pytest.raises(TraceError, match="no part"):
        store.record_event("C9", "shipment")
    with pytest.raises(TraceError, match="not one of"):
        store.record_event("C9", "teleport")
    assert store.lookup("C9") is None  # nothing half-written


def test_containment_by_machine_window_and_by_lot(engine, tmp_path):
    store = TraceStore(engine)
    for i in range(10):
        _cast(store, f"C{i:02d}", T0 + i * 250, eq="caster1" if i % 2 == 0 else "caster2",
              heat="H1" if i < 4 else "H2")
    by_eq = store.parts_by_equipment("caster1", T0 + 200, T0 + 1300)
    # caster1 casts parts 0,2,4,... each over [T0+250i, T0+250i+220]: 0 ends at T0+220 >= T0+200
    assert [p.serial for p in by_eq] == ["C00", "C02", "C04"]
    assert all(p.equipment == "caster1" and p.step == "cast" for p in by_eq)
    by_lot = store.parts_by_lot("H1", kind="heat")
    assert [p.serial for p in by_lot] == ["C00", "C01", "C02", "C03"]
    assert store.parts_by_lot("H1", kind="alloy") == []
    assert store.equipment_with_steps() == ["caster1", "caster2"]
    assert store.recent_parts(2) == ["C09", "C08"]
    out = tmp_path / "c.csv"
    assert write_csv(by_eq, out) == 3
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == list(by_eq[0].CSV_FIELDS) and rows[1][0] == "C00" and rows[1][5].startswith("2027-01-15T")


def test_lot_added_later_and_product_filled_in(engine):
    store = TraceStore(engine)
    store.record_part("C5", line="line1", created_ts=T0)
    store.add_lot("C5", "AL-2026-17", kind="alloy", ts=T0 + 5)
    store.add_lot("C5", "AL-2026-17", kind="alloy", ts=T0 + 6)  # idempotent
    store.record_step("C5", step="cast", station="s", equipment="caster1", start_ts=T0, end_ts=T0 + 1,
                      product="wheel")
    h = store.lookup("C5")
    assert h.product == "wheel" and h.lots == [{"kind": "alloy", "lot": "AL-2026-17", "ts": T0 + 5}]


def test_queries_use_indexes(engine):
    """Lookup by serial and containment by equipment/lot are index searches, not table scans."""
    plans = []
    with engine.connect() as c:
        for sql in ("SELECT id FROM trace_parts WHERE serial = 'x'",
                    "SELECT part_id FROM trace_steps WHERE equipment = 'e' AND end_ts >= 1 AND start_ts <= 2",
                    "SELECT part_id FROM trace_part_lots WHERE lot = 'H1'",
                    "SELECT step_id FROM trace_step_params WHERE step_id IN (1, 2)"):
            plan = " ".join(str(r[-1]) for r in c.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
            plans.append(plan)
    for plan in plans:
        assert "USING" in plan and "SCAN" not in plan.replace("SCAN CONSTANT", ""), plan


def test_containment_window_bounds_and_long_steps(engine):
    store = TraceStore(engine)
    store.record_step("L1", line="l", step="age", station="oven", equipment="oven1", start_ts=T0,
                      end_ts=T0 + 2 * 86400)  # a 2-day heat treatment
    store.record_step("L2", line="l", step="age", station="oven", equipment="oven1", start_ts=T0 + 10,
                      end_ts=T0 + 3600)
    window = (T0 + 100, T0 + 200)
    assert [p.serial for p in store.parts_by_equipment("oven1", *window)] == ["L2"]  # default: steps <= 24 h
    assert [p.serial for p in store.parts_by_equipment("oven1", *window, max_step_s=3 * 86400)] == ["L2", "L1"]
    assert store.parts_by_equipment("oven1", T0 + 3 * 86400, T0 + 4 * 86400) == []
