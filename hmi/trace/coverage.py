"""Trace coverage: the share of produced parts with a complete history, per line and day. Qt-free.

    rows = trace_coverage(engine, t0, t1)                            # every line, UTC days
    rows = trace_coverage(engine, t0, t1, **requirements_from_config(plant))
    [(r.line, r.day, r.produced, r.complete, r.share) for r in rows]

A part is *complete* when it has every required step recorded with a result and, where material
lots are required, at least one material lot.  ``missing`` counts, per reason (``step:<name>``,
``lot``), the parts that lack it.  Parts count on the day (``utc_offset_s`` shifts the day
boundary, e.g. +32400 for KST) and line on which they were created.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Mapping, Sequence

import sqlalchemy as sa

from hmi.store.schema import to_ms, trace_part_lots, trace_parts, trace_steps

__all__ = ["CoverageRow", "trace_coverage", "requirements_from_config", "coverage_provider"]

_DAY_MS = 86_400_000


@dataclass(frozen=True)
class CoverageRow:
    """Coverage of one line on one day.

    ``produced``: parts made (the recorded parts, or the count given in ``produced=`` when that is
    larger, e.g. from production counters, so that parts never marked lower the coverage);
    ``recorded``: parts with a record; ``complete``: parts with a complete history;
    ``missing``: reason -> parts lacking it (``step:<name>``, ``lot``, ``unmarked``)."""

    line: str
    day: str  # YYYY-MM-DD in the chosen offset
    produced: int
    recorded: int
    complete: int
    missing: dict = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        """complete / produced (0..1), None when nothing was produced."""
        return self.complete / self.produced if self.produced else None

    def to_dict(self) -> dict:
        return {"line": self.line, "day": self.day, "produced": self.produced, "recorded": self.recorded,
                "complete": self.complete, "share": self.share, "missing": dict(self.missing)}


def requirements_from_config(plant) -> dict:
    """``required_steps`` and ``require_lot`` for :func:`trace_coverage` from a plant's trace stations:
    each line requires the steps of the stations on its equipment, and a lot when a station records one."""
    eq_line = {e.id: e.line_id for e in plant.equipment}
    steps: dict[str, list[str]] = {}
    lots: dict[str, bool] = {}
    for st in plant.trace.stations:
        line = eq_line.get(st.equipment)
        if line is None:
            continue
        if st.step not in steps.setdefault(line, []):
            steps[line].append(st.step)
        lots[line] = lots.get(line, False) or st.lot is not None
    return {"required_steps": steps, "require_lot": lots}


def coverage_provider(engine: sa.Engine, plant, *, utc_offset_s: int = 0):
    """The KPI service's trace-coverage input (:data:`hmi.kpi.service.CoverageProvider`):
    ``f(line_id, t0, t1) -> share | None`` = complete / recorded parts of the line created in
    ``[t0, t1)`` under the plant's trace requirements (:func:`requirements_from_config`); None for a
    line without trace stations or without parts in the window.  Blocks on the database (workers only)."""
    need = requirements_from_config(plant)

    def share(line_id: str, t0: float, t1: float) -> float | None:
        if line_id not in need["required_steps"]:
            return None
        rows = trace_coverage(engine, t0, t1, lines=[line_id], utc_offset_s=utc_offset_s, **need)
        made = sum(r.produced for r in rows)
        return sum(r.complete for r in rows) / made if made else None

    return share


def _day_text(day_index: int) -> str:
    return (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(days=int(day_index))).date().isoformat()


def trace_coverage(engine: sa.Engine, t0: float, t1: float, *, lines: Sequence[str] | None = None,
                   required_steps: Mapping[str, Sequence[str]] | None = None,
                   require_lot: bool | Mapping[str, bool] = True,
                   produced: Mapping[tuple[str, str], int] | None = None,
                   utc_offset_s: int = 0) -> list[CoverageRow]:
    """Coverage per (line, day) of the parts created in ``[t0, t1)`` (epoch seconds), sorted by line, day.

    ``lines``: only these lines (default: every line with parts).
    ``required_steps``: line -> step names a complete part has; a line not in the mapping (or
    ``None``) requires every step name recorded on that line's parts in the window.
    ``require_lot``: whether a complete part needs a material lot (one flag, or per line; a line
    missing from the mapping needs none).
    ``produced``: (line, "YYYY-MM-DD") -> parts produced by the counters; used as the denominator
    where larger than the recorded parts (the difference is reported as ``missing["unmarked"]``).
    ``utc_offset_s``: the plant's offset from UTC for the day boundaries.

    Blocks on the database (call from a worker); served by the (line, created_ts) index."""
    p, s, lt = trace_parts.c, trace_steps.c, trace_part_lots.c
    lo, hi = to_ms(t0), to_ms(t1)
    off = int(utc_offset_s) * 1000
    day = (p.created_ts + off) // _DAY_MS  # floor division on every backend (SQLAlchemy 2)
    window = sa.and_(p.created_ts >= lo, p.created_ts < hi)
    out: list[CoverageRow] = []
    with engine.connect() as conn:
        if lines is None:
            lines = sorted(conn.execute(sa.select(p.line).where(window).distinct()).scalars())
        for line in lines:
            in_line = sa.and_(p.line == line, window)
            if required_steps is not None and line in required_steps:
                steps = list(required_steps[line])
            else:
                steps = sorted(conn.execute(
                    sa.select(s.step).select_from(trace_steps.join(trace_parts, trace_parts.c.id == s.part_id))
                    .where(in_line).distinct()).scalars())
            need_lot = require_lot.get(line, False) if isinstance(require_lot, Mapping) else bool(require_lot)
            checks: list[tuple[str, sa.ColumnElement]] = []
            for name in steps:
                checks.append((f"step:{name}", sa.exists().where(s.part_id == p.id, s.step == name,
                                                                 s.result.is_not(None))))
            if need_lot:
                checks.append(("lot", sa.exists().where(lt.part_id == p.id)))
            cols = [day.label("day"), sa.func.count().label("n")]
            for i, (_, cond) in enumerate(checks):
                cols.append(sa.func.sum(sa.case((cond, 0), else_=1)).label(f"m{i}"))
            complete = sa.and_(*[c for _, c in checks]) if checks else sa.true()
            cols.append(sa.func.sum(sa.case((complete, 1), else_=0)).label("complete"))
            q = sa.select(*cols).where(in_line).group_by(day).order_by(day)
            for r in conn.execute(q).mappings():
                day_text = _day_text(r["day"])
                missing = {name: int(r[f"m{i}"] or 0) for i, (name, _) in enumerate(checks) if r[f"m{i}"]}
                recorded = int(r["n"])
                made = recorded
                if produced is not None:
                    counted = int(produced.get((line, day_text), 0))
                    if counted > recorded:
                        missing["unmarked"] = counted - recorded
                        made = counted
                out.append(CoverageRow(line=line, day=day_text, produced=made, recorded=recorded,
                                       complete=int(r["complete"] or 0), missing=missing))
    return out
