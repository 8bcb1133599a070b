"""Small layout helpers the pages share (one way to lay out a button row, a split view, a titled box)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

__all__ = ["hbox", "hsplit", "boxed", "grid_of"]


def hbox(*items) -> QHBoxLayout:
    """A horizontal row of ``items``: widgets, layouts, or None for a stretch (``hbox(None, cancel, ok)``
    is a right-aligned button row)."""
    row = QHBoxLayout()
    for item in items:
        if item is None:
            row.addStretch(1)
        elif isinstance(item, QWidget):
            row.addWidget(item)
        else:
            row.addLayout(item)
    return row


def hsplit(parent: QWidget, left: QWidget, right: QWidget, *, stretch=(1, 1), sizes=(600, 600)) -> QSplitter:
    """``left`` | ``right`` in a horizontal splitter the user can drag."""
    split = QSplitter(Qt.Horizontal, parent)
    split.addWidget(left)
    split.addWidget(right)
    split.setStretchFactor(0, stretch[0])
    split.setStretchFactor(1, stretch[1])
    split.setSizes(list(sizes))
    return split


def boxed(title: str, widget: QWidget, parent: QWidget) -> QGroupBox:
    """``widget`` alone in a group box titled ``title``."""
    box = QGroupBox(title, parent)
    QVBoxLayout(box).addWidget(widget)
    return box


def grid_of(rows, spacing: int | None = None) -> QGridLayout:
    """A grid of ``rows`` (lists of widgets; None leaves a cell empty; a row of one widget spans the
    width of the widest row): the pages' action-button blocks."""
    grid = QGridLayout()
    if spacing is not None:
        grid.setSpacing(spacing)
    width = max((len(r) for r in rows), default=1)
    for i, row in enumerate(rows):
        if len(row) == 1 and width > 1 and row[0] is not None:
            grid.addWidget(row[0], i, 0, 1, width)
            continue
        for j, w in enumerate(row):
            if w is not None:
                grid.addWidget(w, i, j)
    return grid
