"""The maintenance log in the plant database, and replacement cycles from it. Qt-free.

    mlog = MaintenanceLog(runtime.engine, runtime.access)
    mlog.add(user, "press1", "main-shaft bushing", "replaced", date(2026, 2, 3), usage=18250,
             usage_unit="h", mode="failure", note="seized, shaft scored")   # maintenance role, audited
    mlog.entries(equipment="press1")          # newest first
    mlog.export_csv("log.csv")                # the Weibull CSV of hmi.maintenance.weibull
    mlog.report(cp=1, cf=5)                   # weibull_report: shape, scale, optimal interval, next due

Every entry goes through :meth:`Access.maintenance_log` (permission ``maintenance.log``, audited)
when an :class:`~hmi.security.access.Access` is given.  In the Weibull analysis a component is
``"<equipment>/<component>"`` and its type the component name (or ``component_type``), so that the
bushings of all presses are fitted together; ``inspected`` entries do not renew the component and are
left out of it.
"""
from __future__ import annotations

import csv
import io
import time
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from hmi.maintenance.weibull import MaintenanceEvent, weibull_report
from hmi.messages import QT_TRANSLATE_NOOP
from hmi.store.schema import MAINTENANCE_EVENTS, MAINTENANCE_MODES, from_ms, maintenance_log, to_ms

__all__ = ["LogEntry", "MaintenanceLog", "EVENTS", "MODES", "CSV_COLUMNS"]

EVENTS = MAINTENANCE_EVENTS
MODES = MAINTENANCE_MODES
#: Columns of the exported CSV (what :func:`hmi.maintenance.weibull.read_events` reads).
CSV_COLUMNS = ("component", "event", "date", "usage", "mode", "type", "equipment", "usage_unit", "note", "user")


@dataclass(frozen=True)
class LogEntry:
    id: int
    ts: float                  # entry time, epoch seconds
    equipment: str
    component: str
    event: str                 # replaced | repaired | inspected
    date: date
    usage: float | None
    usage_unit: str | None
    mode: str | None           # failure | preventive (None for inspected)
    note: str
    user: str | None
    component_type: str | None = None

    @property
    def type(self) -> str:
        return self.component_type or self.component

    @property
    def weibull_component(self) -> str:
        return f"{self.equipment}/{self.component}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat()
        return d


def _as_date(d) -> date:
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    try:
        return date.fromisoformat(str(d).strip())
    except ValueError:
        raise ValueError(QT_TRANSLATE_NOOP("MaintenanceLog", "date {0}: use YYYY-MM-DD").format(repr(d))) from None


class MaintenanceLog:
    """Maintenance log records (``maintenance_log`` table).  ``access`` gates and audits :meth:`add`."""

    def __init__(self, engine, access=None, clock=time.time):
        self.engine = engine
        self.access = access
        self.clock = clock

    # ------------------------------------------------------------------ writing
    def add(self, user, equipment: str, component: str, event: str, on: date | str | None = None,
            usage: float | None = None, mode: str | None = None, note: str = "", usage_unit: str | None = None,
            component_type: str | None = None) -> LogEntry:
        """Validate, check the permission (raises ``PermissionDenied``), audit and store one entry."""
        equipment, component = (equipment or "").strip(), (component or "").strip()
        event = (event or "").strip().lower()
        mode = (mode or "").strip().lower() or None
        if not equipment or not component:
            raise ValueError(QT_TRANSLATE_NOOP("MaintenanceLog", "equipment and component are required"))
        if event not in EVENTS:
            raise ValueError(f"event must be one of {', '.join(EVENTS)}, not {event!r}")
        if event == "inspected":
            mode = None
        elif mode not in MODES:
            raise ValueError(QT_TRANSLATE_NOOP("MaintenanceLog",
                                               "a {0} component needs a mode: failure or preventive").format(event))
        d = _as_date(on) if on is not None else date.fromtimestamp(self.clock())
        if usage is not None:
            usage = float(usage)
            if usage < 0:
                raise ValueError(QT_TRANSLATE_NOOP("MaintenanceLog",
                                                   "usage (running hours or strokes) cannot be negative"))
        if event != "inspected" and usage is None:
            raise ValueError(QT_TRANSLATE_NOOP("MaintenanceLog",
                                               "give the usage at the event (running hours or stroke counter)"))
        name = getattr(user, "name", None) if user is not None and not isinstance(user, str) else user
        detail = {"equipment": equipment, "component": component, "event": event, "date": d.isoformat(),
                  "usage": usage, "usage_unit": usage_unit, "mode": mode, "note": note or ""}
        if self.access is not None:
            self.access.maintenance_log(user, f"{equipment}/{component}", detail)
        ts = float(self.clock())
        row = {"ts": to_ms(ts), "equipment": equipment, "component": component,
               "component_type": (component_type or "").strip() or None, "event": event,
               "event_date": d.isoformat(), "usage": usage, "usage_unit": usage_unit, "mode": mode,
               "note": note or "", "user": name}
        with self.engine.begin() as c:
            new_id = c.execute(sa.insert(maintenance_log).values(**row)).inserted_primary_key[0]
        return LogEntry(int(new_id), ts, equipment, component, event, d, usage, usage_unit, mode, note or "", name,
                        row["component_type"])

    # ------------------------------------------------------------------ reading
    def entries(self, equipment: str | None = None, component: str | None = None, limit: int | None = 500,
                oldest_first: bool = False) -> list[LogEntry]:
        t = maintenance_log
        q = sa.select(t)
        if equipment:
            q = q.where(t.c.equipment == equipment)
        if component:
            q = q.where(t.c.component == component)
        order = (t.c.event_date, t.c.id) if oldest_first else (t.c.event_date.desc(), t.c.id.desc())
        q = q.order_by(*order)
        if limit:
            q = q.limit(int(limit))
        with self.engine.connect() as c:
            rows = c.execute(q).mappings().all()
        return [LogEntry(int(r["id"]), from_ms(r["ts"]), r["equipment"], r["component"], r["event"],
                         date.fromisoformat(r["event_date"]), r["usage"], r["usage_unit"], r["mode"], r["note"] or "",
                         r["user"], r["component_type"]) for r in rows]

    def events(self, equipment: str | None = None) -> list[MaintenanceEvent]:
        """The renewals (replaced/repaired) as Weibull events, oldest first."""
        return [MaintenanceEvent(e.weibull_component, e.event, e.date, e.usage, e.mode or "", e.type)
                for e in self.entries(equipment, limit=None, oldest_first=True) if e.event in ("replaced", "repaired")]

    def export_csv(self, dest=None, equipment: str | None = None) -> str:
        """Write the renewals as the Weibull CSV (``read_events`` reads it back); returns the text and
        writes it to ``dest`` (a path or a text file) when given."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        for e in self.entries(equipment, limit=None, oldest_first=True):
            if e.event not in ("replaced", "repaired"):
                continue
            w.writerow([e.weibull_component, e.event, e.date.isoformat(), "" if e.usage is None else f"{e.usage:g}",
                        e.mode or "", e.type, e.equipment, e.usage_unit or "", e.note, e.user or ""])
        text = buf.getvalue()
        if dest is not None:
            if hasattr(dest, "write"):
                dest.write(text)
            else:
                Path(dest).write_text(text, encoding="utf-8")
        return text

    def report(self, cp: float = 1.0, cf: float = 5.0, now: date | None = None, equipment: str | None = None,
               confidence: float = 0.90) -> dict:
        """:func:`weibull_report` of the log (per component type: shape, scale, optimal interval;
        per component: next due).  ``{"types": {}, "components": []}`` when nothing is logged yet."""
        evs = self.events(equipment)
        if not evs:
            return {"now": (now or date.today()).isoformat(), "cp": cp, "cf": cf, "confidence": confidence,
                    "types": {}, "components": []}
        return weibull_report(evs, cp=cp, cf=cf, now=now, confidence=confidence)
