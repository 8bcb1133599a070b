"""Part genealogy in the plant database: the recording API and the queries. Qt-free.

    store = TraceStore(engine)
    step_id = store.record_step("C125112300042", line="line1", step="cast", station="cast1",
                                equipment="caster1", start_ts=t0, end_ts=t1, result="ok",
                                params=[ParamSnapshot("caster1.melt_temp", 702.1, 709.8, 705.3, 220,
                                                      "°C", 690, 730)],
                                lots={"heat": "H251123007"}, product="wheel")
    store.record_event("C125112300042", "shipment", ref="DN-4711")
    history = store.lookup("C125112300042")            # PartHistory or None
    store.parts_by_equipment("caster1", t0, t1)         # containment: processed by a machine
    store.parts_by_lot("H251123007", kind="heat")       # containment: sharing a material lot

Timestamps are float seconds (epoch, UTC) in this API and integer milliseconds in the database.
Every method blocks on the database: call them from workers (never the GUI thread).  SQL is
SQLAlchemy Core only (SQLite and PostgreSQL); every query is served by an index of
:mod:`hmi.store.schema` (serial, steps by part, steps by equipment and end time, lots by lot).

What a part's history holds (:class:`PartHistory`): its steps with the parameter snapshot of each
(min/max/mean of a tag's GOOD historian values during the step, against the tag's normal range),
the alarms of the step's equipment that were active while it was processed (``alarm_events``:
raised during the step, or raised up to :data:`ALARM_LOOKBACK_S` before it and still active at its
start), its material lots, rework/shipment/scrap events, and its inspections with the newest
review (``inspections``/``reviews`` by serial).
"""
from __future__ import annotations

import csv
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import sqlalchemy as sa

from hmi.inspection.records import Inspection
from hmi.store.schema import (PART_EVENTS, STEP_RESULTS, alarm_events, inspections, reviews, trace_part_events,
                              from_ms, to_ms, trace_part_lots, trace_parts, trace_step_params, trace_steps)

__all__ = ["TraceStore", "TraceError", "ParamSnapshot", "StepRecord", "AlarmDuringStep", "PartEvent",
           "PartHistory", "ContainedPart", "write_csv", "ALARM_LOOKBACK_S", "MAX_STEP_S", "STEP_RESULTS", "PART_EVENTS"]

#: an alarm raised this long before a step and still active at its start is shown with the step
ALARM_LOOKBACK_S = 24 * 3600.0
#: containment by machine finds steps lasting up to this long (a process step is minutes to hours)
MAX_STEP_S = 24 * 3600.0
_ACTIVE_STATES = ("UNACK_ACTIVE", "ACK_ACTIVE")


class TraceError(ValueError):
    """A request the genealogy cannot satisfy (bad serial, bad result or event kind); one line."""


@dataclass(frozen=True)
class ParamSnapshot:
    """A process parameter of one step: ``tag`` key, statistics of its GOOD values during the step,
    its unit and normal range (None when the tag has none)."""

    tag: str
    vmin: float | None
    vmax: float | None
    vavg: float | None
    n: int
    unit: str | None = None
    range_lo: float | None = None
    range_hi: float | None = None

    @property
    def in_range(self) -> bool | None:
        """True when min and max lie in the normal range, False when not, None when unknown."""
        if self.n == 0 or self.vmin is None or self.vmax is None:
            return None
        if self.range_lo is None and self.range_hi is None:
            return None
        lo = self.range_lo if self.range_lo is not None else float("-inf")
        hi = self.range_hi if self.range_hi is not None else float("inf")
        return lo <= self.vmin and self.vmax <= hi

    def to_dict(self) -> dict:
        d = asdict(self)
        d["in_range"] = self.in_range
        return d


@dataclass(frozen=True)
class AlarmDuringStep:
    """An alarm of the step's equipment active while the part was processed."""

    alarm_id: str
    tag: str
    priority: int
    message: str | None
    first_ts: float            # first event in the window, or the raise before the step
    last_state: str            # ISA-18.2 state after its last event up to the step's end
    active_at_start: bool


@dataclass
class StepRecord:
    id: int
    step: str
    station: str
    equipment: str
    start_ts: float
    end_ts: float
    operator: str | None
    result: str | None
    params: list[ParamSnapshot] = field(default_factory=list)
    alarms: list[AlarmDuringStep] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in ("id", "step", "station", "equipment", "start_ts", "end_ts", "operator",
                                           "result")}
        d["params"] = [p.to_dict() for p in self.params]
        d["alarms"] = [asdict(a) for a in self.alarms]
        return d


@dataclass(frozen=True)
class PartEvent:
    kind: str
    ts: float
    ref: str | None = None
    user_name: str | None = None
    note: str | None = None


@dataclass
class PartHistory:
    """Everything recorded about one part (see the module docstring)."""

    serial: str
    product: str | None
    line: str
    created_ts: float
    steps: list[StepRecord] = field(default_factory=list)
    lots: list[dict] = field(default_factory=list)          # {"kind", "lot", "ts"}
    events: list[PartEvent] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "serial": self.serial, "product": self.product, "line": self.line, "created_ts": self.created_ts,
            "steps": [s.to_dict() for s in self.steps],
            "lots": list(self.lots),
            "events": [asdict(e) for e in self.events],
            "inspections": [{
                "id": i.id, "station": i.station, "captured_ts": i.captured_ts, "image_path": i.image_path,
                "heatmap_path": i.heatmap_path, "score": i.score, "ai_verdict": i.ai_verdict, "error": i.error,
                "model_version": i.model_version, "final_verdict": i.final_verdict, "reviewer": i.reviewer,
                "reviewed_ts": i.reviewed_ts, "reason_code": i.reason_code, "review_state": i.review_state,
            } for i in self.inspections],
        }

    def timeline(self) -> list[tuple[float, str, str]]:
        """(time, what, detail) of every recorded event of the part, in time order."""
        rows = [(s.end_ts, f"step {s.step}", f"{s.equipment} {s.result or ''}".strip()) for s in self.steps]
        rows += [(lot["ts"], f"lot {lot['kind']}", lot["lot"]) for lot in self.lots]
        rows += [(e.ts, e.kind, e.ref or "") for e in self.events]
        rows += [(i.captured_ts, f"inspection {i.station}", i.review_state) for i in self.inspections]
        return sorted(rows, key=lambda r: r[0])


@dataclass(frozen=True)
class ContainedPart:
    """One row of a containment query: a part and the step that ties it to the cause."""

    serial: str
    line: str
    product: str | None
    step: str | None
    equipment: str | None
    start_ts: float | None
    end_ts: float | None
    result: str | None
    lot: str | None = None

    CSV_FIELDS = ("serial", "line", "product", "step", "equipment", "start_ts", "end_ts", "result", "lot")


def write_csv(rows: Sequence[ContainedPart], path: str | Path) -> int:
    """Containment rows -> CSV (header :attr:`ContainedPart.CSV_FIELDS`, times ISO 8601 UTC); rows written."""
    from datetime import datetime, timezone

    def iso(t):
        return "" if t is None else datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="milliseconds")

    p = Path(path)
    with p.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(ContainedPart.CSV_FIELDS)
        for r in rows:
            w.writerow([r.serial, r.line, r.product or "", r.step or "", r.equipment or "", iso(r.start_ts),
                        iso(r.end_ts), r.result or "", r.lot or ""])
    return len(rows)


class TraceStore:
    """Genealogy records of the plant database ``engine`` (migrated to head)."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine

    # ------------------------------------------------------------------ recording
    @staticmethod
    def _check_serial(serial: str) -> str:
        s = (serial or "").strip()
        if not s:
            raise TraceError("a part needs a serial")
        if len(s) > 64:
            raise TraceError(f"serial {s[:20]!r}... is longer than 64 characters")
        return s

    def _part_id(self, conn, serial: str, line: str | None, product: str | None, created_ts: float | None,
                 create: bool = True) -> int | None:
        pid = conn.execute(sa.select(trace_parts.c.id).where(trace_parts.c.serial == serial)).scalar()
        if pid is not None or not create:
            if pid is not None and product:
                conn.execute(trace_parts.update().where(trace_parts.c.id == pid, trace_parts.c.product.is_(None))
                             .values(product=product))
            return pid
        if not line:
            raise TraceError(f"part {serial} is not known: its line is needed to create it")
        return int(conn.execute(trace_parts.insert().values(
            serial=serial, product=product, line=line,
            created_ts=to_ms(created_ts if created_ts is not None else time.time()))).inserted_primary_key[0])

    def record_part(self, serial: str, *, line: str, product: str | None = None,
                    created_ts: float | None = None) -> int:
        """The part's id; the part is created when it is new (``created_ts`` default now)."""
        serial = self._check_serial(serial)
        with self.engine.begin() as conn:
            return self._part_id(conn, serial, line, product, created_ts)

    def record_step(self, serial: str, *, step: str, station: str, equipment: str, start_ts: float, end_ts: float,
                    line: str | None = None, product: str | None = None, operator: str | None = None,
                    result: str | None = None, params: Iterable[ParamSnapshot] = (),
                    lots: Mapping[str, str] | None = None) -> int:
        """Record one process step of ``serial`` (the part is created at ``start_ts`` on ``line`` when
        new) with its parameter snapshot and material lots, in one transaction; returns the step id."""
        serial = self._check_serial(serial)
        if result is not None and result not in STEP_RESULTS:
            raise TraceError(f"step result {result!r} is not one of {', '.join(STEP_RESULTS)}")
        if end_ts < start_ts:
            raise TraceError(f"step {step} of {serial} ends before it starts")
        params = list(params)
        with self.engine.begin() as conn:
            pid = self._part_id(conn, serial, line, product, start_ts)
            sid = int(conn.execute(trace_steps.insert().values(
                part_id=pid, step=step, station=station, equipment=equipment, start_ts=to_ms(start_ts),
                end_ts=to_ms(end_ts), operator=operator, result=result)).inserted_primary_key[0])
            if params:
                conn.execute(trace_step_params.insert(), [
                    {"step_id": sid, "tag": p.tag, "vmin": p.vmin, "vmax": p.vmax, "vavg": p.vavg, "n": int(p.n),
                     "unit": p.unit, "range_lo": p.range_lo, "range_hi": p.range_hi} for p in params])
            for kind, lot in (lots or {}).items():
                if lot:
                    self._add_lot(conn, pid, kind, lot, end_ts)
        return sid

    @staticmethod
    def _add_lot(conn, pid: int, kind: str, lot: str, ts: float) -> None:
        exists = conn.execute(sa.select(trace_part_lots.c.part_id).where(
            trace_part_lots.c.part_id == pid, trace_part_lots.c.kind == kind, trace_part_lots.c.lot == lot)).first()
        if exists is None:
            conn.execute(trace_part_lots.insert().values(part_id=pid, kind=kind, lot=lot, ts=to_ms(ts)))

    def add_lot(self, serial: str, lot: str, kind: str = "lot", ts: float | None = None) -> None:
        """Link a known part to a material lot (e.g. ``kind="heat"``)."""
        serial = self._check_serial(serial)
        if not lot:
            raise TraceError("empty lot")
        with self.engine.begin() as conn:
            pid = self._part_id(conn, serial, None, None, None, create=False)
            if pid is None:
                raise TraceError(f"no part {serial}")
            self._add_lot(conn, pid, kind, lot, ts if ts is not None else time.time())

    def record_event(self, serial: str, kind: str, *, ts: float | None = None, ref: str | None = None,
                     user: str | None = None, note: str | None = None) -> int:
        """Rework, shipment or scrap of a known part; returns the event id."""
        serial = self._check_serial(serial)
        if kind not in PART_EVENTS:
            raise TraceError(f"part event {kind!r} is not one of {', '.join(PART_EVENTS)}")
        with self.engine.begin() as conn:
            pid = self._part_id(conn, serial, None, None, None, create=False)
            if pid is None:
                raise TraceError(f"no part {serial}")
            return int(conn.execute(trace_part_events.insert().values(
                part_id=pid, kind=kind, ts=to_ms(ts if ts is not None else time.time()), ref=ref, user_name=user,
                note=note)).inserted_primary_key[0])

    # ------------------------------------------------------------------ lookup
    def lookup(self, serial: str, *, with_alarms: bool = True) -> PartHistory | None:
        """The full history of ``serial``, None when the part is unknown."""
        serial = (serial or "").strip()
        if not serial:
            return None
        with self.engine.connect() as conn:
            part = conn.execute(sa.select(trace_parts).where(trace_parts.c.serial == serial)).mappings().first()
            if part is None:
                return None
            pid = part["id"]
            hist = PartHistory(serial=part["serial"], product=part["product"], line=part["line"],
                               created_ts=from_ms(part["created_ts"]))
            steps = conn.execute(sa.select(trace_steps).where(trace_steps.c.part_id == pid)
                                 .order_by(trace_steps.c.start_ts, trace_steps.c.id)).mappings().all()
            by_id: dict[int, StepRecord] = {}
            for m in steps:
                rec = StepRecord(id=m["id"], step=m["step"], station=m["station"], equipment=m["equipment"],
                                 start_ts=from_ms(m["start_ts"]), end_ts=from_ms(m["end_ts"]), operator=m["operator"],
                                 result=m["result"])
                by_id[rec.id] = rec
                hist.steps.append(rec)
            if by_id:
                for m in conn.execute(sa.select(trace_step_params).where(trace_step_params.c.step_id.in_(list(by_id)))
                                      .order_by(trace_step_params.c.step_id, trace_step_params.c.tag)).mappings():
                    by_id[m["step_id"]].params.append(ParamSnapshot(
                        tag=m["tag"], vmin=m["vmin"], vmax=m["vmax"], vavg=m["vavg"], n=m["n"], unit=m["unit"],
                        range_lo=m["range_lo"], range_hi=m["range_hi"]))
                if with_alarms:
                    for rec in hist.steps:
                        rec.alarms = self._alarms_during(conn, rec.equipment, to_ms(rec.start_ts), to_ms(rec.end_ts))
            hist.lots = [{"kind": m["kind"], "lot": m["lot"], "ts": from_ms(m["ts"])} for m in conn.execute(
                sa.select(trace_part_lots).where(trace_part_lots.c.part_id == pid)
                .order_by(trace_part_lots.c.ts)).mappings()]
            hist.events = [PartEvent(kind=m["kind"], ts=from_ms(m["ts"]), ref=m["ref"], user_name=m["user_name"],
                                     note=m["note"]) for m in conn.execute(
                sa.select(trace_part_events).where(trace_part_events.c.part_id == pid)
                .order_by(trace_part_events.c.ts, trace_part_events.c.id)).mappings()]
            hist.inspections = self._inspections(conn, serial)
        return hist

    @staticmethod
    def _alarms_during(conn, equipment: str, lo: int, hi: int) -> list[AlarmDuringStep]:
        a = alarm_events.c
        out: dict[str, AlarmDuringStep] = {}
        # raised before the step and still active at its start
        last = (sa.select(a.alarm_id, sa.func.max(a.ts).label("ts"))
                .where(a.equipment == equipment, a.ts < lo, a.ts >= lo - int(ALARM_LOOKBACK_S * 1000))
                .group_by(a.alarm_id).subquery())
        q = (sa.select(alarm_events).join(last, sa.and_(a.alarm_id == last.c.alarm_id, a.ts == last.c.ts))
             .where(a.state_after.in_(_ACTIVE_STATES)))
        for m in conn.execute(q).mappings():
            out[m["alarm_id"]] = AlarmDuringStep(m["alarm_id"], m["tag"], m["priority"], m["message"],
                                                 from_ms(m["ts"]), m["state_after"], True)
        # events during the step
        for m in conn.execute(sa.select(alarm_events).where(a.equipment == equipment, a.ts >= lo, a.ts <= hi)
                              .order_by(a.ts, a.id)).mappings():
            prev = out.get(m["alarm_id"])
            if prev is None:
                if m["event"] not in ("raised",) and m["state_after"] not in _ACTIVE_STATES:
                    continue  # an ack/shelve of an alarm that was not active in the window
                out[m["alarm_id"]] = AlarmDuringStep(m["alarm_id"], m["tag"], m["priority"], m["message"],
                                                     from_ms(m["ts"]), m["state_after"], False)
            else:
                out[m["alarm_id"]] = AlarmDuringStep(prev.alarm_id, prev.tag, prev.priority,
                                                     prev.message or m["message"], prev.first_ts, m["state_after"],
                                                     prev.active_at_start)
        return sorted(out.values(), key=lambda x: (x.priority, x.first_ts))

    @staticmethod
    def _inspections(conn, serial: str) -> list[Inspection]:
        rows = conn.execute(sa.select(inspections).where(inspections.c.serial == serial)
                            .order_by(inspections.c.captured_ts)).mappings().all()
        if not rows:
            return []
        newest: dict[int, dict] = {}
        for r in conn.execute(sa.select(reviews).where(reviews.c.inspection_id.in_([m["id"] for m in rows]))
                              .order_by(reviews.c.id)).mappings():
            newest[r["inspection_id"]] = dict(r)
        out = []
        for m in rows:
            r = newest.get(m["id"], {})
            out.append(Inspection(id=m["id"], station=m["station"], captured_ts=from_ms(m["captured_ts"]),
                                  serial=m["serial"], image_path=m["image_path"], model_version=m["model_version"],
                                  score=m["score"], ai_verdict=m["ai_verdict"], heatmap_path=m["heatmap_path"],
                                  error=m["error"], final_verdict=r.get("final_verdict"), reviewer=r.get("reviewer"),
                                  reviewed_ts=from_ms(r.get("ts")), reason_code=r.get("reason_code"),
                                  comment=r.get("comment")))
        return out

    # ------------------------------------------------------------------ containment
    def parts_by_equipment(self, equipment: str, t0: float, t1: float, *, limit: int | None = None,
                           max_step_s: float = MAX_STEP_S) -> list[ContainedPart]:
        """Every part with a step on ``equipment`` overlapping [t0, t1] (seconds), in processing order.

        Steps are found through the (equipment, end_ts) index as a closed range: a step overlapping
        the window ends at or after ``t0`` and, lasting at most ``max_step_s``, at or before
        ``t1 + max_step_s`` (an open upper end would scan every later step of the machine)."""
        s, p = trace_steps.c, trace_parts.c
        q = (sa.select(p.serial, p.line, p.product, s.step, s.equipment, s.start_ts, s.end_ts, s.result)
             .select_from(trace_steps.join(trace_parts, trace_parts.c.id == s.part_id))
             .where(s.equipment == equipment, s.end_ts >= to_ms(t0), s.end_ts <= to_ms(t1 + max_step_s),
                    s.start_ts <= to_ms(t1))
             .order_by(s.end_ts, s.id))
        if limit:
            q = q.limit(int(limit))
        with self.engine.connect() as conn:
            return [ContainedPart(r.serial, r.line, r.product, r.step, r.equipment, from_ms(r.start_ts), from_ms(r.end_ts),
                                  r.result) for r in conn.execute(q)]

    def parts_by_lot(self, lot: str, kind: str | None = None, *, limit: int | None = None) -> list[ContainedPart]:
        """Every part made from material lot ``lot`` (of ``kind`` when given), in creation order."""
        lt, p = trace_part_lots.c, trace_parts.c
        q = (sa.select(p.serial, p.line, p.product, p.created_ts, lt.lot)
             .select_from(trace_part_lots.join(trace_parts, trace_parts.c.id == lt.part_id))
             .where(lt.lot == lot).order_by(p.created_ts, p.id))
        if kind:
            q = q.where(lt.kind == kind)
        if limit:
            q = q.limit(int(limit))
        with self.engine.connect() as conn:
            return [ContainedPart(r.serial, r.line, r.product, None, None, from_ms(r.created_ts), None, None, r.lot)
                    for r in conn.execute(q)]

    def equipment_with_steps(self) -> list[str]:
        """Equipment ids that have recorded steps (for the containment choice)."""
        with self.engine.connect() as conn:
            return sorted(conn.execute(sa.select(trace_steps.c.equipment).distinct()).scalars())

    def recent_parts(self, limit: int = 20) -> list[str]:
        """Serials of the newest parts (newest first)."""
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(trace_parts.c.serial)
                                     .order_by(trace_parts.c.created_ts.desc(), trace_parts.c.id.desc())
                                     .limit(int(limit))).scalars())
