"""Rows that hold still while the user acts on one of them: the one rule both the alarm summary and the
inspection queue follow (a Qt table model keyed by a stable id, never by row number)."""
from __future__ import annotations

from typing import Callable


def apply_rows(model, rows: list, key: Callable, *, hold: bool) -> list:
    """Give ``model`` (a ``QAbstractTableModel`` with a ``rows`` list) a fresh result; returns the rows held back.

    ``hold=False``: the rows are replaced (a model reset).  ``hold=True`` (the user has a row selected): no row
    moves; rows whose ``key(row)`` is in the fresh result are updated in place (``dataChanged``), rows that left
    it stay until the hold ends, and the fresh rows not shown yet are returned for the page to announce."""
    if not hold:
        model.beginResetModel()
        model.rows = list(rows)
        model.endResetModel()
        return []
    fresh = {key(v): v for v in rows}
    last = model.columnCount() - 1
    for r, old in enumerate(model.rows):
        new = fresh.get(key(old))
        if new is not None and new != old:
            model.rows[r] = new
            model.dataChanged.emit(model.index(r, 0), model.index(r, last))
    shown = {key(v) for v in model.rows}
    return [v for v in rows if key(v) not in shown]
