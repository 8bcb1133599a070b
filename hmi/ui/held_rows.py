"""Rows that hold still while the user acts on one of them: the one rule both the alarm summary and the
inspection queue follow (a Qt table model keyed by a stable id, never by row number)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt


class RowsModel(QAbstractTableModel):
    """A table model over a list ``rows`` with fixed ``COLUMNS`` (English titles, translated in ``CONTEXT``):
    the row and column counts and the column titles every table of the station needs; a subclass gives
    ``data``.  ``retitle()`` after a language switch (the titles are translated when asked for)."""

    COLUMNS: tuple[str, ...] = ()
    CONTEXT = "RowsModel"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section])
        return None

    def retitle(self) -> None:
        """Column titles and every cell again, in the current language (nothing moves)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.COLUMNS) - 1))


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
