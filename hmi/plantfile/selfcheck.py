"""The plant's smart-factory self-check: KOSMO's five areas, six levels, with what Lineside itself sees. Qt-free.

The Korean smart-factory framework (KOSMO, the Korea Smart Manufacturing Office's level check) rates a plant in
five areas (:data:`AREAS`: field automation, factory operation, enterprise resources, product development,
supply chain) on six levels (:data:`LEVELS`: ICT not applied, basic 1 and 2, intermediate 1 and 2, advanced).
The plant rates itself; Lineside fills in the evidence it can see (:func:`gather_evidence`: devices read
automatically, history kept, alarms managed, KPIs computed, predictions running, parts traced...) and, where that
evidence shows it, the least level it supports (:func:`supported_levels`, never above intermediate 2: that
optimisation across the plant is reached is for the plant to say, not for a station).  Each rating is saved with
its date, its evidence and who made it (:class:`SelfChecks`), so that progress shows over time.

The level the evidence supports, per area (the framework's wording: basic = identification and collection,
intermediate 1 = monitoring, intermediate 2 = analysis and control, advanced = optimisation):

* field automation: data read from devices without a person (basic 1), kept in a historian (basic 2), monitored
  live with alarms (intermediate 1), automatic inspection deciding on parts (intermediate 2);
* factory operation: production counted from the machines (basic 1), KPIs against targets (basic 2 with one line,
  intermediate 1 when every line has them), maintenance predictions running (intermediate 2);
* enterprise resources: material lots and downtime reasons recorded (basic 1);
* product development: process parameters kept for each part (basic 1);
* supply chain: shipments of traced parts recorded (basic 1).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from hmi.messages import QT_TRANSLATE_NOOP, Message
from hmi.store.db import durable_begin
from hmi.store.schema import from_ms, selfchecks, to_ms

__all__ = ["AREAS", "LEVELS", "Evidence", "SelfCheck", "SelfChecks", "gather_evidence", "supported_levels"]

#: area key -> name (KOSMO's five areas)
AREAS: dict[str, Message] = {
    "field_automation": QT_TRANSLATE_NOOP("SelfCheck", "Field automation"),
    "factory_operation": QT_TRANSLATE_NOOP("SelfCheck", "Factory operation"),
    "enterprise_resources": QT_TRANSLATE_NOOP("SelfCheck", "Enterprise resources"),
    "product_development": QT_TRANSLATE_NOOP("SelfCheck", "Product development"),
    "supply_chain": QT_TRANSLATE_NOOP("SelfCheck", "Supply chain"),
}
#: level 0..5
LEVELS: tuple[Message, ...] = (
    QT_TRANSLATE_NOOP("SelfCheck", "ICT not applied"),
    QT_TRANSLATE_NOOP("SelfCheck", "Basic 1"),
    QT_TRANSLATE_NOOP("SelfCheck", "Basic 2"),
    QT_TRANSLATE_NOOP("SelfCheck", "Intermediate 1"),
    QT_TRANSLATE_NOOP("SelfCheck", "Intermediate 2"),
    QT_TRANSLATE_NOOP("SelfCheck", "Advanced"),
)


@dataclass(frozen=True)
class Evidence:
    """What Lineside sees, per area: ``lines`` (translatable) and the ``facts`` behind them (numbers)."""

    lines: dict[str, list[Message]]
    facts: dict[str, Any]


@dataclass(frozen=True)
class SelfCheck:
    id: int
    ts: float
    user: str | None
    levels: dict[str, int]
    evidence: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""


def _count(conn, table: str, where: str = "", cap: int = 1_000_000) -> int:
    """Rows of ``table`` (at most ``cap``, so that a long history costs a bounded scan); 0 when the table is
    missing."""
    try:
        return int(conn.execute(sa.text(f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} {where} LIMIT {cap}) q"))
                   .scalar() or 0)
    except sa.exc.DBAPIError:
        conn.rollback()
        return 0


def gather_evidence(plant, status: dict, engine=None, maintenance: dict | None = None,
                    inspection_stations: int = 0) -> Evidence:
    """The evidence a station shows: its ``plant`` configuration, its devices' ``status``
    (:class:`~hmi.equipment.driver.DeviceStatus` by id), the records in its plant database (``engine``; None:
    none), its ``maintenance`` snapshot (:class:`~hmi.maintenance.scorer.EquipmentHealth` by id) and how many
    automatic inspection stations it runs.  Reads the database: call it from a worker."""
    devices = len(plant.equipment)
    online = sum(1 for s in status.values() if getattr(s, "connected", False))
    protocols = sorted({e.connection.protocol for e in plant.equipment})
    tags = len(plant.tags)
    alarms = len(plant.alarms)
    kpi_lines = sum(1 for ln in plant.lines if ln.kpi is not None)
    keys = {t.key for t in plant.tags}
    counted = sum(1 for ln in plant.lines if ln.kpi is not None and any(
        f"{m.equipment}.{m.good_tag}" in keys for m in ln.kpi.machines))
    facts: dict[str, Any] = {"devices": devices, "devices_online": online, "protocols": protocols, "tags": tags,
                             "alarms": alarms, "lines": len(plant.lines), "kpi_lines": kpi_lines,
                             "counted_lines": counted}
    if engine is not None:
        with engine.connect() as conn:
            facts["history_tags"] = _count(conn, "tags")
            facts["alarm_events"] = _count(conn, "alarm_events")
            facts["inspections"] = _count(conn, "inspections")
            facts["reviews"] = _count(conn, "reviews")
            facts["parts"] = _count(conn, "trace_parts")
            facts["step_params"] = _count(conn, "trace_step_params")
            facts["shipments"] = _count(conn, "trace_part_events", "WHERE kind = 'shipment'")
            facts["materials"] = _count(conn, "shift_log", "WHERE kind = 'material'")
            facts["downtime_reasons"] = _count(conn, "shift_log", "WHERE kind = 'downtime'")
            facts["maintenance_entries"] = _count(conn, "maintenance_log")
    learnt = sum(1 for h in (maintenance or {}).values() if getattr(h, "state", "") in ("ok", "anomaly"))
    facts["predicting_machines"] = learnt
    facts["inspection_stations"] = inspection_stations
    lines: dict[str, list[Message]] = {k: [] for k in AREAS}
    fa, fo = lines["field_automation"], lines["factory_operation"]
    if devices:
        fa.append(QT_TRANSLATE_NOOP("SelfCheck", "{0} devices read automatically ({1}), {2} tags; {3} online now")
                  .format(devices, ", ".join(protocols), tags, online))
    else:
        fa.append(QT_TRANSLATE_NOOP("SelfCheck", "no device is read automatically yet"))
    if facts.get("history_tags"):
        fa.append(QT_TRANSLATE_NOOP("SelfCheck", "history kept for {0} tags").format(facts["history_tags"]))
    if alarms:
        fa.append(QT_TRANSLATE_NOOP("SelfCheck", "{0} alarms configured; {1} alarm events recorded")
                  .format(alarms, facts.get("alarm_events", 0)))
    if facts.get("inspections"):
        fa.append(QT_TRANSLATE_NOOP("SelfCheck", "{0} parts inspected automatically; {1} verdicts reviewed by inspectors")
                  .format(facts["inspections"], facts.get("reviews", 0)))
    if counted:
        fo.append(QT_TRANSLATE_NOOP("SelfCheck", "production counted from the machines on {0} of {1} lines")
                  .format(counted, len(plant.lines)))
    if kpi_lines:
        fo.append(QT_TRANSLATE_NOOP("SelfCheck", "KPIs against baseline and target on {0} of {1} lines")
                  .format(kpi_lines, len(plant.lines)))
    if learnt:
        fo.append(QT_TRANSLATE_NOOP("SelfCheck", "maintenance predictions running (machines: {0})").format(learnt))
    if facts.get("maintenance_entries"):
        fo.append(QT_TRANSLATE_NOOP("SelfCheck", "{0} maintenance log entries").format(facts["maintenance_entries"]))
    if facts.get("materials") or facts.get("downtime_reasons"):
        lines["enterprise_resources"].append(
            QT_TRANSLATE_NOOP("SelfCheck", "{0} material receipts and {1} downtime reasons in the shift log")
            .format(facts.get("materials", 0), facts.get("downtime_reasons", 0)))
    if facts.get("parts"):
        lines["product_development"].append(
            QT_TRANSLATE_NOOP("SelfCheck", "{0} parts traced, {1} process values kept with them")
            .format(facts["parts"], facts.get("step_params", 0)))
    if facts.get("shipments"):
        lines["supply_chain"].append(QT_TRANSLATE_NOOP("SelfCheck", "{0} shipments of traced parts recorded")
                                     .format(facts["shipments"]))
    for area, found in lines.items():
        if not found:
            found.append(QT_TRANSLATE_NOOP("SelfCheck", "nothing Lineside can see"))
    return Evidence(lines, facts)


def supported_levels(facts: dict[str, Any]) -> dict[str, int]:
    """The least level the evidence supports in each area (see the module text); 0 where it shows nothing."""
    f = facts
    fa = 0
    if f.get("devices"):
        fa = 1
        if f.get("history_tags"):
            fa = 2
            if f.get("alarms") and f.get("devices_online"):
                fa = 3
                if f.get("inspections") and f.get("reviews"):
                    fa = 4
    fo = 0
    if f.get("counted_lines"):
        fo = 1
        if f.get("kpi_lines"):
            fo = 2
            if f.get("kpi_lines") == f.get("lines"):
                fo = 3
                if f.get("predicting_machines"):
                    fo = 4
    return {"field_automation": fa, "factory_operation": fo,
            "enterprise_resources": 1 if f.get("materials") or f.get("downtime_reasons") else 0,
            "product_development": 1 if f.get("step_params") else 0,
            "supply_chain": 1 if f.get("shipments") else 0}


class SelfChecks:
    """The ``selfchecks`` table: each rating with its date, evidence and author; never changed."""

    def __init__(self, engine, clock=time.time):
        self.engine = engine
        self.clock = clock

    def record(self, levels: dict[str, int], *, user: str | None = None, evidence: dict[str, list[str]] | None = None,
               note: str = "") -> SelfCheck:
        unknown = set(levels) - set(AREAS)
        if unknown or set(levels) != set(AREAS):
            raise ValueError(QT_TRANSLATE_NOOP("SelfCheck", "rate every area once: {0}").format(", ".join(AREAS)))
        for area, level in levels.items():
            if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level < len(LEVELS):
                raise ValueError(QT_TRANSLATE_NOOP("SelfCheck", "{0}: a level is 0 to {1}")
                                 .format(area, len(LEVELS) - 1))
        ev = {k: [str(x) for x in v] for k, v in (evidence or {}).items()}
        ts = self.clock()
        row = {"ts": to_ms(ts), "user_name": user, "levels": json.dumps(levels), "note": note or None,
               "evidence": json.dumps(ev, ensure_ascii=False)}
        with durable_begin(self.engine) as conn:
            sid = conn.execute(selfchecks.insert().values(**row)).inserted_primary_key[0]
        return SelfCheck(int(sid), from_ms(row["ts"]), user, dict(levels), ev, note)

    def history(self, limit: int = 100) -> list[SelfCheck]:
        """The newest ``limit`` ratings, oldest first (as a chart of progress reads them)."""
        t = selfchecks
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t).order_by(t.c.id.desc()).limit(limit)).fetchall()
        return [SelfCheck(r.id, from_ms(r.ts), r.user_name, json.loads(r.levels), json.loads(r.evidence or "{}"),
                          r.note or "") for r in reversed(rows)]
