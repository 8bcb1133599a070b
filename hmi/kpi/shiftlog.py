"""The shift log in the plant database: production notes, downtime reasons, material receipts and
monthly returns, in place of the paper logs. Qt-free.

    log = ShiftLog(runtime.engine, runtime.access)
    log.add_downtime(user, "line1", "press1", start, end, "die change", note="upper die cracked")
    log.add_note(user, "line1", "coil change took longer: new supplier")
    log.add_material(user, "line1", "steel coil DC04 1.5 mm", 12.4, "t", lot="C-88123")
    log.add_returns(user, "line1", "2026-10", returned=31, shipped=1040)
    log.entries("line1", t0, t1)              # newest first
    log.reasons("line1", t0, t1)              # {"press1": [ReasonEntry, ...]} for the accounting

Every entry goes through the :class:`~hmi.security.access.Access` gate when one is given: the
permission ``shift.log`` (operator and up, in :data:`hmi.security.users.DEFAULT_ROLE_TABLE`) is checked (a refusal is audited and raises
``PermissionDenied``) and the entry is appended to the audit trail (action ``shift.log``, target
``<line>/<kind>``).  Entries are never edited: a later downtime entry that covers the same time on the
same machine supersedes the earlier one (:meth:`reasons` clips older entries; the audit keeps both).
"""
from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass
from typing import Iterable

import sqlalchemy as sa

from hmi.kpi.accounting import ReasonEntry
from hmi.messages import QT_TRANSLATE_NOOP
from hmi.store.schema import SHIFT_LOG_KINDS, from_ms, shift_log, to_ms

__all__ = ["ShiftLog", "ShiftLogEntry", "KINDS", "PERMISSION"]

KINDS = SHIFT_LOG_KINDS
PERMISSION = "shift.log"
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class ShiftLogEntry:
    id: int
    ts: float                       # entry time, epoch seconds
    line: str
    kind: str                       # note | downtime | material | returns
    user: str | None
    text: str = ""
    equipment: str | None = None
    start: float | None = None      # downtime: the stop, epoch seconds
    end: float | None = None
    reason_code: str | None = None
    material: str | None = None
    lot: str | None = None
    quantity: float | None = None
    unit: str | None = None
    shipped: float | None = None
    month: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _name(user) -> str | None:
    if user is None or isinstance(user, str):
        return user
    return getattr(user, "name", None)


class ShiftLog:
    """Shift-log records (``shift_log`` table). ``access`` gates and audits every entry."""

    def __init__(self, engine, access=None, clock=time.time):
        self.engine = engine
        self.access = access
        self.clock = clock

    # ------------------------------------------------------------------ writing
    def _add(self, user, line: str, kind: str, row: dict, detail: dict) -> ShiftLogEntry:
        line = (line or "").strip()
        if not line:
            raise ValueError(QT_TRANSLATE_NOOP("ShiftLog", "a shift-log entry needs its line"))
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if self.access is not None:
            self.access.check(user, PERMISSION, f"{line}/{kind}")
        ts = float(self.clock())
        full = {"ts": to_ms(ts), "line": line, "kind": kind, "user": _name(user), **row}
        with self.engine.begin() as c:
            new_id = int(c.execute(sa.insert(shift_log).values(**full)).inserted_primary_key[0])
        if self.access is not None:
            self.access.audit.append(user, PERMISSION, f"{line}/{kind}", after={"id": new_id, **detail})
        return self._entry({"id": new_id, **full})

    def add_note(self, user, line: str, text: str) -> ShiftLogEntry:
        text = (text or "").strip()
        if not text:
            raise ValueError(QT_TRANSLATE_NOOP("ShiftLog", "the note is empty"))
        return self._add(user, line, "note", {"text": text}, {"text": text})

    def add_downtime(self, user, line: str, equipment: str, start: float, end: float, reason_code: str,
                     note: str = "") -> ShiftLogEntry:
        """Label the stop [start, end) of ``equipment`` with ``reason_code``."""
        equipment, code = (equipment or "").strip(), (reason_code or "").strip()
        if not equipment:
            raise ValueError(QT_TRANSLATE_NOOP("ShiftLog", "say which machine stopped"))
        if not code:
            raise ValueError(QT_TRANSLATE_NOOP("ShiftLog", "pick a reason code"))
        start, end = float(start), float(end)
        if not end > start:
            raise ValueError(QT_TRANSLATE_NOOP("ShiftLog", "the stop must end after it starts"))
        row = {"equipment": equipment, "start_ts": to_ms(start), "end_ts": to_ms(end), "reason_code": code,
               "text": (note or "").strip() or None}
        return self._add(user, line, "downtime", row, {"equipment": equipment, "start": start, "end": end,
                                                       "reason_code": code, "note": note or ""})

    def add_material(self, user, line: str, material: str, quantity: float, unit: str, lot: str = "",
                     note: str = "") -> ShiftLogEntry:
        material = (material or "").strip()
        if not material:
            raise ValueError(QT_TRANSLATE_NOOP("ShiftLog", "name the material received"))
        quantity = float(quantity)
        if not quantity > 0:
            raise ValueError(QT_TRANSLATE_NOOP("ShiftLog", "the quantity received must be greater than 0"))
        row = {"material": material, "quantity": quantity, "unit": (unit or "").strip() or None,
               "lot": (lot or "").strip() or None, "text": (note or "").strip() or None}
        return self._add(user, line, "material", row, {k: v for k, v in row.items() if v is not None})

    def add_returns(self, user, line: str, month: str, returned: float, shipped: float,
                    note: str = "") -> ShiftLogEntry:
        """Returns from customers of one month (YYYY-MM) and the units shipped that month; the newest
        entry of a month counts."""
        month = (month or "").strip()
        if not _MONTH.fullmatch(month):
            raise ValueError(QT_TRANSLATE_NOOP("ShiftLog", "month {0}: use YYYY-MM").format(repr(month)))
        returned, shipped = float(returned), float(shipped)
        if returned < 0 or shipped < 0:
            raise ValueError(QT_TRANSLATE_NOOP("ShiftLog", "returns and shipped units cannot be negative"))
        if returned > shipped:
            raise ValueError(f"{returned:g} returned is more than the {shipped:g} shipped")
        row = {"month": month, "quantity": returned, "shipped": shipped, "text": (note or "").strip() or None}
        return self._add(user, line, "returns", row, {"month": month, "returned": returned, "shipped": shipped})

    # ------------------------------------------------------------------ reading
    @staticmethod
    def _entry(r) -> ShiftLogEntry:
        s, e = from_ms(r.get("start_ts")), from_ms(r.get("end_ts"))
        return ShiftLogEntry(int(r["id"]), from_ms(r["ts"]), r["line"], r["kind"], r.get("user"), r.get("text") or "",
                             r.get("equipment"), s, e, r.get("reason_code"), r.get("material"), r.get("lot"),
                             r.get("quantity"), r.get("unit"), r.get("shipped"), r.get("month"))

    def entries(self, line: str, t0: float | None = None, t1: float | None = None,
                kinds: Iterable[str] | None = None, limit: int | None = 500) -> list[ShiftLogEntry]:
        """Entries of ``line`` made in [t0, t1) (entry time), newest first."""
        t = shift_log
        q = sa.select(t).where(t.c.line == line)
        if t0 is not None:
            q = q.where(t.c.ts >= to_ms(t0))
        if t1 is not None:
            q = q.where(t.c.ts < to_ms(t1))
        if kinds is not None:
            q = q.where(t.c.kind.in_(list(kinds)))
        q = q.order_by(t.c.ts.desc(), t.c.id.desc())
        if limit:
            q = q.limit(int(limit))
        with self.engine.connect() as c:
            return [self._entry(dict(r)) for r in c.execute(q).mappings()]

    def reasons(self, line: str, t0: float, t1: float) -> dict[str, list[ReasonEntry]]:
        """Downtime reasons per machine overlapping [t0, t1), non-overlapping (newer entries win)."""
        t = shift_log
        q = (sa.select(t.c.id, t.c.equipment, t.c.start_ts, t.c.end_ts, t.c.reason_code)
             .where(t.c.line == line, t.c.kind == "downtime", t.c.start_ts < to_ms(t1), t.c.end_ts > to_ms(t0))
             .order_by(t.c.id))
        with self.engine.connect() as c:
            rows = c.execute(q).all()
        per: dict[str, list[tuple[float, float, str]]] = {}
        for _id, eq, s, e, code in rows:          # oldest first: each newer entry cuts the older ones
            s, e = from_ms(s), from_ms(e)
            kept = []
            for a, b, c_ in per.get(eq, []):
                if b <= s or a >= e:
                    kept.append((a, b, c_))
                    continue
                if a < s:
                    kept.append((a, s, c_))
                if b > e:
                    kept.append((e, b, c_))
            kept.append((s, e, code))
            per[eq] = kept
        return {eq: [ReasonEntry(a, b, c_) for a, b, c_ in sorted(v)] for eq, v in per.items()}

    def returns(self, line: str) -> dict[str, tuple[float, float]]:
        """{"YYYY-MM": (returned, shipped)} from the newest returns entry of each month."""
        t = shift_log
        q = (sa.select(t.c.month, t.c.quantity, t.c.shipped).where(t.c.line == line, t.c.kind == "returns")
             .order_by(t.c.id))
        with self.engine.connect() as c:
            return {m: (float(q_ or 0), float(s or 0)) for m, q_, s in c.execute(q).all()}
