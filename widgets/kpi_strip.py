"""A compact strip of KPI cells: current value against target, achievement bar, weighted total.

ISA-101: grey while on track. A KPI at or below its baseline (achievement 0) gets an amber frame
*and* a "▼ BASELINE" text badge; a KPI without a value shows its reason ("not defined", "not
configured") in dim text. The widget holds no business state: the caller gives it display rows.

    strip = KpiStrip()
    strip.set_cells([KpiCell("units_per_hour", "Units/h", "685", "target 690", 0.75), ...],
                    weighted=0.81, caption="early shift so far")

Run alone: ``python -m widgets.kpi_strip``.

Signals
-------
sig_clicked(str)
    a cell was clicked; payload: the KPI name (the KPI page opens its trend).
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout

from widgets import theme
from widgets.retranslate import retext

__all__ = ["KpiCell", "KpiStrip", "KpiCellWidget"]


@dataclass(frozen=True)
class KpiCell:
    """One cell. ``achievement`` 0..1.2 or None; ``abnormal``: at or worse than the baseline."""

    name: str
    label: str
    value_text: str
    target_text: str = ""
    achievement: float | None = None
    abnormal: bool = False


class KpiCellWidget(QFrame):
    sig_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.name = ""
        self.setProperty("role", "panel")
        self.setMinimumHeight(44)
        self.setMinimumWidth(120)
        self.setCursor(Qt.PointingHandCursor)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.setSpacing(1)
        self.label = QLabel(self)
        self.label.setProperty("role", "dim")
        self.value = QLabel(self)
        self.value.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.target = QLabel(self)
        self.target.setProperty("role", "dim")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 120)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(6)
        self.badge = QLabel(self)
        self.badge.setFont(theme.font(theme.FONT_SIZE_SMALL, bold=True))
        for w in (self.label, self.value, self.target, self.bar, self.badge):
            lay.addWidget(w)

    def show_cell(self, cell: KpiCell) -> None:
        self.name = cell.name
        self.label.setText(cell.label)
        self.value.setText(cell.value_text)
        self.target.setText(cell.target_text)
        self.bar.setVisible(cell.achievement is not None)
        if cell.achievement is not None:
            self.bar.setValue(int(round(100 * cell.achievement)))
            self.bar.setToolTip(QCoreApplication.translate("KpiStrip", "Achievement {0} %").format(
                QLocale().toString(100 * cell.achievement, "f", 0)))
        if cell.abnormal:
            self.badge.setText(QCoreApplication.translate("KpiStrip", "\u25bc BASELINE"))
            self.setStyleSheet(f"KpiCellWidget {{ border: 2px solid {theme.ABNORMAL}; }}")
            self.badge.setStyleSheet(f"color: {theme.TEXT}; background: {theme.ABNORMAL_BG}; padding: 0 3px;")
        else:
            self.badge.setText("")
            self.setStyleSheet("")
            self.badge.setStyleSheet("")

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.LeftButton and self.name:
            self.sig_clicked.emit(self.name)
        super().mouseReleaseEvent(event)


class KpiStrip(QFrame):
    """A row of :class:`KpiCellWidget` plus the weighted achievement and a caption."""

    sig_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("KpiStrip")
        self.cells: list[KpiCellWidget] = []
        self._lay = QHBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.setSpacing(6)
        self.total = QFrame(self)
        self.total.setProperty("role", "panel")
        self.total.setMinimumHeight(44)
        tl = QVBoxLayout(self.total)
        tl.setContentsMargins(8, 4, 8, 4)
        self.total_label = QLabel(self.total)
        retext(self, lambda: self.total_label.setText(QCoreApplication.translate("KpiStrip", "Weighted achievement")))
        self.total_label.setProperty("role", "dim")
        self.total_value = QLabel("\u2014", self.total)
        self.total_value.setFont(theme.font(theme.FONT_SIZE_VALUE, bold=True))
        self.caption = QLabel("", self.total)
        self.caption.setProperty("role", "dim")
        self.caption.setWordWrap(True)
        for w in (self.total_label, self.total_value, self.caption):
            tl.addWidget(w)
        self._lay.addWidget(self.total)

    def set_cells(self, cells: list[KpiCell], weighted: float | None = None, caption: str = "") -> None:
        while len(self.cells) < len(cells):
            w = KpiCellWidget(self)
            w.sig_clicked.connect(self.sig_clicked)
            self._lay.insertWidget(len(self.cells), w, 1)
            self.cells.append(w)
        for w, cell in zip(self.cells, cells):
            w.show_cell(cell)
            w.show()
        for w in self.cells[len(cells):]:
            w.hide()
        self.total_value.setText("\u2014" if weighted is None else
                                 f"{QLocale().toString(100 * weighted, 'f', 0)} %")
        self.caption.setText(caption)

    def set_message(self, text: str) -> None:
        """No KPIs to show (e.g. no database): hide the cells, say why."""
        for w in self.cells:
            w.hide()
        self.total_value.setText("\u2014")
        self.caption.setText(text)


if __name__ == "__main__":  # pragma: no cover - manual look
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    theme.apply_theme(app)
    s = KpiStrip()
    s.set_cells([KpiCell("units_per_hour", "Units per hour", "685", "670 \u2192 690", 0.75),
                 KpiCell("defects_per_hour", "Defects per hour", "3.4", "3 \u2192 0.5", 0.0, True),
                 KpiCell("return_rate", "Return rate", "not defined", "6 \u2192 3 %/month")], 0.42, "early shift so far")
    s.resize(900, 90)
    s.show()
    sys.exit(app.exec())
