"""KPI page: per line the KPIs against target, trends per KPI, downtime Pareto, and the shift log.

    feed = KpiFeed(runtime, parent)          # current-shift KPIs of every line, refreshed on a worker
    page = KpiPage(runtime, session, feed, parent)

* "KPIs": the line's KPI strip (current against target, weighted achievement), a trend per KPI
  (pyqtgraph, hourly; the target as a dashed line), the target table with achievement and the
  downtime Pareto (bars + cumulative share) for the chosen period (current shift, today, 7 days).
* "Shift log": the stops of the period; the operator picks one and books a reason code (a planned
  reason takes the stop out of planned busy time, so availability changes); production notes,
  material receipts and monthly returns; the log of the period. Entries go through the shift log
  (``runtime.shift_log``: role-checked and audited); a refusal is shown.
* "Report…" writes the shift report as PDF and CSV into a chosen folder.

Every computation and database access runs on a worker (:func:`run_async`); the page only shows
results.

Signals
-------
KpiFeed.sig_result(str, object)
    new KPIs of a line; payload: line id, :class:`hmi.kpi.service.LineKpis`.
KpiFeed.sig_error(str, str)
    the KPIs of a line could not be computed; payload: line id, one-line reason.
KpiPage.sig_result(object)
    the page shows a new result; payload: :class:`LineKpis`.
KpiPage.sig_action_done(str)
    a shift-log entry was stored or refused, or a report written; payload: the message shown.
"""
from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QObject,
                            Qt, QTimer, Signal)
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout,
                               QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QStackedWidget, QTableView, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
                               QWidget)

from hmi.ui.alarm_bridge import run_async
from hmi.ui.held_rows import RowsModel, apply_rows
from hmi.ui.i18n import plant_text, tr_message
from hmi.ui.login import error_style, ok_style
from widgets.retranslate import form_row, retext
from widgets import theme
from widgets.kpi_strip import KpiCell, KpiStrip
from widgets.locale_format import format_datetime, format_time
from hmi.config import PlantConfig
from collections.abc import Callable

from hmi.kpi.oee import flag_of
from hmi.services import Connector, KpiSource, ShiftLogStore, connect
from hmi.ui.layout import boxed

__all__ = ["KpiFeed", "KpiPage", "strip_cells", "kpi_text", "TREND_KPIS"]

#: KPIs offered in the trend selector
TREND_KPIS = ("oee", "availability", "performance", "quality", "units_per_hour", "good_per_hour",
              "defects_per_hour", "defect_rate", "man_hours_per_unit", "mtbf_h", "mttr_h")


def _label(name: str) -> str:
    labels = {
        "availability": QCoreApplication.translate("KpiPage", "Availability"),
        "performance": QCoreApplication.translate("KpiPage", "Performance"),
        "quality": QCoreApplication.translate("KpiPage", "Quality"),
        "oee": QCoreApplication.translate("KpiPage", "OEE"),
        "units_per_hour": QCoreApplication.translate("KpiPage", "Units per hour"),
        "good_per_hour": QCoreApplication.translate("KpiPage", "Output (good per hour)"),
        "defects_per_hour": QCoreApplication.translate("KpiPage", "Defects per hour"),
        "defect_rate": QCoreApplication.translate("KpiPage", "Defect rate"),
        "man_hours_per_unit": QCoreApplication.translate("KpiPage", "Man-hours per unit"),
        "mtbf_h": QCoreApplication.translate("KpiPage", "MTBF"),
        "mttr_h": QCoreApplication.translate("KpiPage", "MTTR"),
        "return_rate": QCoreApplication.translate("KpiPage", "Return rate"),
        "trace_coverage": QCoreApplication.translate("KpiPage", "Trace coverage"),
    }
    return labels.get(name, name)


def _num(v: float, digits: int | None = None) -> str:
    if digits is None:
        a = abs(v)
        digits = 0 if a >= 100 else 1 if a >= 10 else 2 if a >= 0.1 else 4
    return QLocale().toString(float(v), "f", digits)


def kpi_text(name: str, value: float | None, configured: bool = True, scale: float | None = None,
             unit: str | None = None) -> str:
    """A KPI value for display (QLocale), or why there is none."""
    from hmi.kpi.service import KPI_UNITS

    if name == "trace_coverage" and not configured:
        return QCoreApplication.translate("KpiPage", "not configured")
    if value is None:
        return QCoreApplication.translate("KpiPage", "not defined")
    d_scale, d_unit = KPI_UNITS.get(name, (1, ""))
    scale = d_scale if scale is None else scale
    unit = d_unit if unit is None else unit
    v = value * scale
    text = f"{_num(v, 1 if unit.startswith('%') else None)} {plant_text(unit)}".strip()
    flag = flag_of(name, value)  # a value that cannot be true is never shown as a plain number
    return text if flag is None else f"\u26a0 {text} ({tr_message(flag)})"


def strip_cells(result) -> list[KpiCell]:
    """OEE, then the line's target rows: value in the target's unit, baseline → target, achievement."""
    cells = [KpiCell("oee", _label("oee"), kpi_text("oee", result.kpis.get("oee")))]
    for row in (result.targets or {}).get("rows", []):
        name = row["name"]
        if name == "trace_coverage" and not result.trace_configured:
            value = kpi_text(name, None, configured=False)
        elif row["actual"] is None:
            value = kpi_text(name, None)
        else:
            value = kpi_text(name, row["actual"] / (row.get("scale") or 1.0), scale=row.get("scale") or 1.0,
                             unit=row["unit"])
        target = f"{_num(row['baseline'])} \u2192 {_num(row['target'])} {plant_text(row['unit'])}".strip()
        a = row["achievement"]
        cells.append(KpiCell(name, _label(name), value, target, a, a is not None and a <= 0.0))
    return cells


def _clock(ts: float) -> str:
    return format_time(ts, seconds=False)


def _stamp(ts: float) -> str:
    return format_datetime(ts, seconds=False)


def _minutes(seconds: float) -> str:
    return QCoreApplication.translate("KpiPage", "{0} min").format(_num(seconds / 60.0, 1))


class KpiFeed(QObject):
    """Current-shift KPIs of every line with a ``[lines.kpi]`` section, computed on a worker every
    ``interval_s`` seconds (one computation per line at a time)."""

    sig_result = Signal(str, object)
    sig_error = Signal(str, str)

    CONNECTORS = (Connector("plant", PlantConfig), Connector("kpis", KpiSource, optional=True),
                  Connector("clock", Callable, optional=True))

    def __init__(self, runtime, parent=None, interval_s: float = 10.0):
        super().__init__(parent)
        self.runtime = runtime = connect(self, runtime)
        self.lines = [ln.id for ln in runtime.plant.lines if getattr(ln, "kpi", None) is not None]
        self.latest: dict[str, object] = {}
        self._busy: set[str] = set()
        self.available = runtime.kpis is not None
        self.timer = QTimer(self)
        self.timer.setInterval(int(interval_s * 1000))
        self.timer.timeout.connect(self.refresh)
        if self.available and self.lines:
            self.timer.start()
            QTimer.singleShot(500, self, self.refresh)

    def stop(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        from hmi.kpi.service import current_shift

        for line_id in self.lines:
            if line_id in self._busy:
                continue
            kc = self.runtime.plant.line(line_id).kpi
            now = (self.runtime.clock or time.time)()  # the plant's time (simulated in the demo)
            inst = current_shift(kc, now)
            t0 = inst.start if inst is not None else now - 8 * 3600
            self._busy.add(line_id)
            run_async(self.runtime.kpis.line_kpis, line_id, t0, now + 1,
                      on_done=lambda r, lid=line_id: self._done(lid, r),
                      on_error=lambda e, lid=line_id: self._failed(lid, e), owner=self)

    def _done(self, line_id: str, result) -> None:
        self._busy.discard(line_id)
        self.latest[line_id] = result
        self.sig_result.emit(line_id, result)

    def _failed(self, line_id: str, exc: BaseException) -> None:
        self._busy.discard(line_id)
        self.sig_error.emit(line_id, tr_message(exc))


class ParetoPlot(pg.PlotWidget):
    """Downtime by reason: bars (minutes, descending) and the cumulative share (dashed, right axis %)."""

    def __init__(self, parent=None):
        super().__init__(parent, background=theme.BG_PLOT)
        self.setMinimumHeight(180)
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.getPlotItem().hideButtons()
        self.setLabel("left", QCoreApplication.translate("KpiPage", "minutes"))
        self.bars = None
        self.cum = pg.PlotDataItem(pen=pg.mkPen(theme.TEXT, width=2, style=Qt.DashLine), symbol="o", symbolSize=6,
                                   symbolBrush=theme.TEXT)
        self.cum.setZValue(10)  # the cumulative line over the bars
        self.addItem(self.cum)

    def show_pareto(self, rows: list[dict]) -> None:
        if self.bars is not None:
            self.removeItem(self.bars)
            self.bars = None
        rows = rows[:8]
        if not rows:
            self.cum.setData([], [])
            self.getAxis("bottom").setTicks([[]])
            return
        x = np.arange(len(rows))
        minutes = np.array([r["seconds"] / 60.0 for r in rows])
        self.bars = pg.BarGraphItem(x=x, height=minutes, width=0.6, brush=theme.BG_PANEL_DARK, pen=theme.BORDER)
        self.addItem(self.bars)
        top = float(minutes.max()) or 1.0
        self.cum.setData(x, np.array([r["cumulative"] or 0 for r in rows]) * top)
        # a booked reason code (a plant-file text) or a class of unbooked stops (a core message; also when the
        # result came back from storage as a plain string)
        from hmi.kpi.accounting import UNBOOKED_LABELS

        unbooked = {str(m): m for m in UNBOOKED_LABELS}
        names = [tr_message(unbooked.get(r["reason"], r["reason"])) for r in rows]
        short = [n if len(n) <= 13 else n[:12] + "\u2026" for n in names]
        self.getAxis("bottom").setTicks([[(i, s) for i, s in enumerate(short)]])
        self.setYRange(0, top * 1.08, padding=0)
        self.setXRange(-0.6, len(rows) - 0.4, padding=0)


STOP_COLUMNS = (QT_TRANSLATE_NOOP("KpiPage", "Machine"), QT_TRANSLATE_NOOP("KpiPage", "From"),
                QT_TRANSLATE_NOOP("KpiPage", "Duration"), QT_TRANSLATE_NOOP("KpiPage", "State"),
                QT_TRANSLATE_NOOP("KpiPage", "Reason"))


def stop_key(stop) -> tuple:
    """A stop's identity across refreshes: its machine and when it began (its end grows while it lasts)."""
    return (stop.equipment, round(float(stop.start), 3))


class StopsModel(RowsModel):
    """The stops of the period, keyed by :func:`stop_key`: while the operator has one selected the rows hold
    still (:func:`hmi.ui.held_rows.apply_rows`), new stops wait in :attr:`waiting` to be announced."""

    COLUMNS = STOP_COLUMNS
    CONTEXT = "KpiPage"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.waiting: list = []
        self.names: dict[str, str] = {}

    def set_rows(self, rows: list, *, hold: bool) -> None:
        self.waiting = apply_rows(self, rows, stop_key, hold=hold)

    def row_of(self, key: tuple) -> int | None:
        return next((i for i, s in enumerate(self.rows) if stop_key(s) == key), None)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or role != Qt.DisplayRole:
            return None
        s = self.rows[index.row()]
        states = {"idle": QCoreApplication.translate("KpiPage", "idle"),
                  "fault": QCoreApplication.translate("KpiPage", "FAULT"),
                  "no data": QCoreApplication.translate("KpiPage", "no data")}
        return (plant_text(self.names.get(s.equipment, s.equipment)), _clock(s.start), _minutes(s.duration_s),
                states.get(s.state, s.state),
                plant_text(s.reason) if s.reason else QCoreApplication.translate("KpiPage", "\u2014 pick one")
                )[index.column()]


class KpiPage(QWidget):
    sig_result = Signal(object)
    sig_action_done = Signal(str)

    PERIODS = ("shift", "today", "week")

    CONNECTORS = (Connector("plant", PlantConfig), Connector("kpis", KpiSource, optional=True),
                  Connector("shift_log", ShiftLogStore, optional=True), Connector("clock", Callable, optional=True))

    def __init__(self, runtime, session, feed: KpiFeed, parent=None):
        super().__init__(parent)
        self.runtime = runtime = connect(self, runtime)
        self.session = session
        self.feed = feed
        self.result = None
        self.loading = False
        self._lines = [ln for ln in runtime.plant.lines if getattr(ln, "kpi", None) is not None]

        # ---------------------------------------------------------------- top bar
        self.line_box = QComboBox(self)
        self.line_box.setMinimumHeight(44)
        for i, ln in enumerate(self._lines):
            self.line_box.addItem("", ln.id)
            retext(self, lambda i=i, ln=ln: self.line_box.setItemText(i, plant_text(ln.name)))
        self.period_box = QComboBox(self)
        self.period_box.setMinimumHeight(44)
        for key in ("shift", "today", "week"):
            self.period_box.addItem("", key)
        retext(self, lambda: (self.period_box.setItemText(0, self.tr("Current shift")),
                              self.period_box.setItemText(1, self.tr("Today (production day)")),
                              self.period_box.setItemText(2, self.tr("Last 7 days"))))
        self.status = QLabel("", self)
        self.status.setProperty("role", "dim")
        self.report_button = QPushButton(self)
        self.report_button.setMinimumHeight(44)
        retext(self, lambda: self.report_button.setText(self.tr("Report\u2026")))
        retext(self, lambda: self.report_button.setToolTip(self.tr("Write the shift report of this period as PDF and CSV")))
        self.report_button.clicked.connect(self.choose_report_folder)
        top = QHBoxLayout()
        line_label, period_label = QLabel(self), QLabel(self)
        retext(self, lambda: line_label.setText(self.tr("Line")))
        retext(self, lambda: period_label.setText(self.tr("Period")))
        top.addWidget(line_label)
        top.addWidget(self.line_box)
        top.addSpacing(12)
        top.addWidget(period_label)
        top.addWidget(self.period_box)
        top.addWidget(self.status, 1)
        top.addWidget(self.report_button)

        self.strip = KpiStrip(self)
        self.strip.sig_clicked.connect(self.show_trend)

        # ---------------------------------------------------------------- KPI tab
        self.trend_box = QComboBox(self)
        self.trend_box.setMinimumHeight(44)
        for i, name in enumerate(TREND_KPIS):
            self.trend_box.addItem("", name)
            retext(self, lambda i=i, name=name: self.trend_box.setItemText(i, _label(name)))
        self.trend_box.currentIndexChanged.connect(lambda _i: self._draw_trend())
        self.trend = pg.PlotWidget(background=theme.BG_PLOT, axisItems={"bottom": pg.DateAxisItem()})
        self.trend.setMinimumHeight(160)
        self.trend.showGrid(x=True, y=True, alpha=0.3)
        self.trend_curve = self.trend.plot([], [], pen=pg.mkPen(theme.PEN_COLOURS[0], width=2), symbol="o",
                                           symbolSize=5, symbolBrush=theme.PEN_COLOURS[0], connect="finite")
        self.target_line = pg.InfiniteLine(angle=0, pen=pg.mkPen(theme.TEXT_DIM, width=1, style=Qt.DashLine),
                                           label="", labelOpts={"position": 0.05, "color": theme.TEXT_DIM})
        retext(self, lambda: self.target_line.label.setFormat(self.tr("target")))
        self.trend.addItem(self.target_line)
        self.target_line.hide()
        self.trend_note = QLabel("", self)
        self.trend_note.setProperty("role", "dim")
        trend_box = QGroupBox(self)
        retext(self, lambda: trend_box.setTitle(self.tr("Trend")))
        tl = QVBoxLayout(trend_box)
        th = QHBoxLayout()
        th.addWidget(self.trend_box)
        th.addWidget(self.trend_note, 1)
        tl.addLayout(th)
        tl.addWidget(self.trend)

        self.targets = QTableWidget(0, 7, self)
        retext(self, lambda: self.targets.setHorizontalHeaderLabels([
            self.tr("KPI"), self.tr("Unit"), self.tr("Baseline"), self.tr("Target"), self.tr("Weight"), self.tr("Actual"),
            self.tr("Achievement")]))
        self._table_setup(self.targets)
        self.targets.setMinimumHeight(200)
        self.weighted = QLabel("", self)
        self.weighted.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        targets_box = QGroupBox(self)
        retext(self, lambda: targets_box.setTitle(self.tr("Targets (configuration)")))
        gl = QVBoxLayout(targets_box)
        gl.addWidget(self.targets)
        gl.addWidget(self.weighted)

        self.pareto = ParetoPlot(self)
        self.pareto_note = QLabel("", self)
        self.pareto_note.setWordWrap(True)
        self.pareto_note.setProperty("role", "dim")
        pareto_box = QGroupBox(self)
        retext(self, lambda: pareto_box.setTitle(self.tr("Downtime Pareto (all machines)")))
        pl = QVBoxLayout(pareto_box)
        pl.addWidget(self.pareto)
        pl.addWidget(self.pareto_note)

        self.kpi_table = QTableWidget(0, 2, self)
        retext(self, lambda: self.kpi_table.setHorizontalHeaderLabels([self.tr("KPI"), self.tr("Line")]))
        self._table_setup(self.kpi_table)
        self.kpi_table.verticalHeader().setDefaultSectionSize(26)
        kpis_box = boxed("", self.kpi_table, self)
        retext(self, lambda: kpis_box.setTitle(self.tr("All KPIs: line (its output machine) and each machine")))

        kpi_tab = QWidget(self)
        grid = QGridLayout(kpi_tab)
        grid.addWidget(trend_box, 0, 0)
        grid.addWidget(pareto_box, 0, 1)
        grid.addWidget(targets_box, 1, 0)
        grid.addWidget(kpis_box, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)

        # ---------------------------------------------------------------- shift-log tab
        self.stops_model = StopsModel(self)
        self._selected_stop: tuple | None = None  # stop_key of the stop picked: the booking acts on exactly it
        self.stops = QTableView(self)
        self.stops.setObjectName("kpi_stops")
        self.stops.setModel(self.stops_model)
        self.stops.verticalHeader().setVisible(False)
        self.stops.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.stops.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.stops.setSelectionMode(QAbstractItemView.SingleSelection)
        self.stops.verticalHeader().setDefaultSectionSize(44)  # a touch target: the operator picks a stop
        sh = self.stops.horizontalHeader()
        for c, w in enumerate((170, 90, 90, 90)):  # fixed widths: nothing measured per refresh
            sh.resizeSection(c, w)
        sh.setStretchLastSection(True)
        self.stops.selectionModel().selectionChanged.connect(lambda *_: self._stop_selected())
        self.stops_waiting = QPushButton(self)
        self.stops_waiting.setObjectName("kpi_stops_waiting")
        self.stops_waiting.setMinimumHeight(44)
        self.stops_waiting.hide()
        self.stops_waiting.clicked.connect(self.show_waiting_stops)
        self.reason_box = QComboBox(self)
        self.reason_box.setMinimumHeight(44)
        self.reason_note = QLineEdit(self)
        self.reason_note.setMinimumHeight(44)
        retext(self, lambda: self.reason_note.setPlaceholderText(self.tr("comment (optional)")))
        self.book_button = QPushButton(self)  # its text names the stop it books (_update_book_button)
        self.book_button.setMinimumHeight(60)
        self.book_button.clicked.connect(self.book_reason)
        stops_box = QGroupBox(self)
        retext(self, lambda: stops_box.setTitle(self.tr("Stops: pick one, then its reason")))
        sl = QVBoxLayout(stops_box)
        sl.addWidget(self.stops_waiting)
        sl.addWidget(self.stops)
        rl = QHBoxLayout()
        rl.addWidget(self.reason_box, 1)
        rl.addWidget(self.reason_note, 2)
        rl.addWidget(self.book_button)
        sl.addLayout(rl)

        self.entry_kind = QComboBox(self)
        self.entry_kind.setMinimumHeight(44)
        for key in ("note", "material", "returns"):
            self.entry_kind.addItem("", key)
        retext(self, lambda: (self.entry_kind.setItemText(0, self.tr("Production note")),
                              self.entry_kind.setItemText(1, self.tr("Material receipt")),
                              self.entry_kind.setItemText(2, self.tr("Returns of a month"))))
        self.entry_text = QLineEdit(self)
        self.entry_text.setMinimumHeight(44)
        self.entry_material = QLineEdit(self)
        self.entry_material.setMinimumHeight(44)
        self.entry_lot = QLineEdit(self)
        self.entry_lot.setMinimumHeight(44)
        self.entry_qty = QDoubleSpinBox(self)
        self.entry_qty.setMinimumHeight(44)
        self.entry_qty.setRange(0, 1e9)
        self.entry_qty.setDecimals(2)
        self.entry_unit = QLineEdit(self)
        self.entry_unit.setMinimumHeight(44)
        self.entry_month = QLineEdit(datetime.now().strftime("%Y-%m"), self)
        self.entry_month.setMinimumHeight(44)
        self.entry_shipped = QDoubleSpinBox(self)
        self.entry_shipped.setMinimumHeight(44)
        self.entry_shipped.setRange(0, 1e9)
        self.entry_shipped.setDecimals(0)
        self.entry_forms = QStackedWidget(self)
        f_note = QWidget(self)
        form_row(self, QFormLayout(f_note), lambda: self.tr("Note"), self.entry_text)
        f_mat = QWidget(self)
        fm = QFormLayout(f_mat)
        form_row(self, fm, lambda: self.tr("Material"), self.entry_material)
        form_row(self, fm, lambda: self.tr("Lot"), self.entry_lot)
        form_row(self, fm, lambda: self.tr("Quantity"), self.entry_qty)
        form_row(self, fm, lambda: self.tr("Unit"), self.entry_unit)
        f_ret = QWidget(self)
        fr = QFormLayout(f_ret)
        form_row(self, fr, lambda: self.tr("Month (YYYY-MM)"), self.entry_month)
        self.entry_returned = QDoubleSpinBox(self)
        self.entry_returned.setMinimumHeight(44)
        self.entry_returned.setRange(0, 1e9)
        self.entry_returned.setDecimals(0)
        form_row(self, fr, lambda: self.tr("Returned"), self.entry_returned)
        form_row(self, fr, lambda: self.tr("Shipped"), self.entry_shipped)
        for w in (f_note, f_mat, f_ret):
            self.entry_forms.addWidget(w)
        self.entry_kind.currentIndexChanged.connect(self.entry_forms.setCurrentIndex)
        self.add_button = QPushButton(self)
        retext(self, lambda: self.add_button.setText(self.tr("Add to shift log")))
        self.add_button.setMinimumHeight(44)
        self.add_button.clicked.connect(self.add_entry)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        entry_box = QGroupBox(self)
        retext(self, lambda: entry_box.setTitle(self.tr("New entry")))
        el = QVBoxLayout(entry_box)
        el.addWidget(self.entry_kind)
        el.addWidget(self.entry_forms)
        el.addWidget(self.add_button)
        el.addWidget(self.message)
        el.addStretch(1)

        self.log_table = QTableWidget(0, 4, self)
        retext(self, lambda: self.log_table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Kind"), self.tr("Entry"), self.tr("By")]))
        self._table_setup(self.log_table)
        log_box = boxed("", self.log_table, self)
        retext(self, lambda: log_box.setTitle(self.tr("Shift log of the period")))

        log_tab = QWidget(self)
        lg = QGridLayout(log_tab)
        lg.addWidget(stops_box, 0, 0)
        lg.addWidget(entry_box, 0, 1)
        lg.addWidget(log_box, 1, 0, 1, 2)
        lg.setColumnStretch(0, 3)
        lg.setColumnStretch(1, 2)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(kpi_tab, "")
        self.tabs.addTab(log_tab, "")
        retext(self, lambda: (self.tabs.setTabText(0, self.tr("KPIs")), self.tabs.setTabText(1, self.tr("Shift log"))))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 12, 12, 12)
        lay.addLayout(top)
        lay.addWidget(self.strip)
        lay.addWidget(self.tabs, 1)

        self.line_box.currentIndexChanged.connect(lambda _i: self._line_changed())
        self.period_box.currentIndexChanged.connect(lambda _i: self.refresh())
        feed.sig_result.connect(self._on_feed)
        feed.sig_error.connect(self._on_feed_error)
        self.timer = QTimer(self)           # periods other than the shift refresh on their own, slower
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(lambda: self.period() != "shift" and self.refresh())
        self.timer.start()
        self._line_changed()
        self._update_book_button()
        self._strip_message()

    def _strip_message(self) -> None:
        if not self._lines:
            self.strip.set_message(self.tr("No line has a [lines.kpi] section in the plant configuration"))
        elif not self.feed.available:
            self.strip.set_message(self.tr("KPIs need the plant database"))

    def retranslate_ui(self) -> None:
        """The result shown, the stops, the reasons and the log in the new language; picks and entries stay."""
        self.pareto.setLabel("left", QCoreApplication.translate("KpiPage", "minutes"))
        self._fill_reasons()
        self.stops_model.retitle()
        if self.result is not None:
            self.show_result(self.result)
        else:
            self._update_book_button()
            self._strip_message()
        if getattr(self, "log_entries", None) is not None:
            self._show_log(self.log_entries)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _table_setup(t: QTableWidget) -> None:
        t.verticalHeader().setVisible(False)
        t.setEditTriggers(QAbstractItemView.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectRows)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        t.horizontalHeader().setStretchLastSection(True)
        t.verticalHeader().setDefaultSectionSize(34)

    def line_id(self) -> str | None:
        return self.line_box.currentData()

    def period(self) -> str:
        return self.period_box.currentData()

    def _fill_reasons(self) -> None:
        """The line's stop reasons in the UI language (the code, in the plant file's words, is what is stored)."""
        current = self.reason_box.currentData()
        self.reason_box.blockSignals(True)
        self.reason_box.clear()
        lid = self.line_id()
        if lid is not None:
            for r in self.runtime.plant.line(lid).kpi.reasons:
                self.reason_box.addItem(plant_text(r.code) + (self.tr(" (planned)") if r.planned else ""), r.code)
        if current is not None:
            self.reason_box.setCurrentIndex(max(0, self.reason_box.findData(current)))
        self.reason_box.blockSignals(False)

    def _line_changed(self) -> None:
        self._fill_reasons()
        lid = self.line_id()
        if lid is None:
            return
        latest = self.feed.latest.get(lid)
        if self.period() == "shift" and latest is not None:
            self.show_result(latest)
        else:
            self.refresh()

    def period_range(self, now: float | None = None) -> tuple[float, float]:
        from hmi.kpi.service import current_shift, schedule_of

        now = (self.runtime.clock or time.time)() if now is None else now
        kc = self.runtime.plant.line(self.line_id()).kpi
        inst = current_shift(kc, now)
        if self.period() == "shift":
            return (inst.start if inst else now - 8 * 3600), now + 1
        if self.period() == "today":
            day = inst.day if inst else datetime.now().date().isoformat()
            starts = [i.start for i in schedule_of(kc).instances(now - 2 * 86400, now + 1) if i.day == day]
            return (min(starts) if starts else now - 86400), now + 1
        return now - 7 * 86400, now + 1

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        """Recompute the chosen period on a worker (the current shift also arrives from the feed)."""
        lid = self.line_id()
        if lid is None or not self.feed.available or self.loading:
            return
        t0, t1 = self.period_range()
        self.loading = True
        self.status.setText(self.tr("Computing\u2026"))
        run_async(self.runtime.kpis.line_kpis, lid, t0, t1, on_done=self._computed, on_error=self._compute_failed)

    def _computed(self, result) -> None:
        self.loading = False
        if result.line == self.line_id():
            self.show_result(result)

    def _compute_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.status.setText(self.tr("KPIs not computed: {0}").format(tr_message(exc)))
        self.status.setStyleSheet(error_style())

    def _on_feed(self, line_id: str, result) -> None:
        if line_id == self.line_id() and self.period() == "shift":
            self.show_result(result)

    def _on_feed_error(self, line_id: str, message: str) -> None:
        if line_id == self.line_id():
            self.status.setText(self.tr("KPIs not computed: {0}").format(message))
            self.status.setStyleSheet(error_style())

    # ------------------------------------------------------------------ display
    def show_result(self, result) -> None:
        self.result = result
        self.status.setStyleSheet("")
        shifts = ", ".join(f"{plant_text(r.name)} {r.day}" for r in result.shifts[-3:])
        self.status.setText(self.tr("{0} to {1} ({2}); updated {3}").format(
            _stamp(result.t0), _clock(result.t1), shifts, _clock(result.computed_at)))
        wa = (result.targets or {}).get("weighted_achievement")
        self.strip.set_cells(strip_cells(result), wa, self.period_box.currentText())
        self._fill_targets(result)
        self._fill_kpis(result)
        self.pareto.show_pareto(result.pareto)
        planned = ", ".join(f"{plant_text(k)} {_minutes(v)}" for k, v in sorted(result.planned.items()))
        self.pareto_note.setText(self.tr("Planned downtime (not in availability): {0}").format(planned)
                                 if planned else "")
        self._fill_stops(result)
        self._draw_trend()
        self._load_log()
        self.sig_result.emit(result)

    def _set_row(self, table: QTableWidget, r: int, values: list[str]) -> None:
        for c, v in enumerate(values):
            item = QTableWidgetItem(v)
            if c >= 2 and table is self.targets:
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            table.setItem(r, c, item)

    def _fill_targets(self, result) -> None:
        rows = (result.targets or {}).get("rows", [])
        self.targets.setRowCount(len(rows))
        for i, row in enumerate(rows):
            name = row["name"]
            if name == "trace_coverage" and not result.trace_configured:
                actual = kpi_text(name, None, configured=False)
            else:
                actual = kpi_text(name, None) if row["actual"] is None else _num(row["actual"])
                flag = None if row["actual"] is None else flag_of(name, row["actual"] / (row.get("scale") or 1.0))
                if flag is not None:
                    actual = f"\u26a0 {actual} ({tr_message(flag)})"
            a = row["achievement"]
            ach = "\u2014" if a is None else f"{_num(100 * a, 0)} %" + ("  \u25bc" if a <= 0 else "")
            self._set_row(self.targets, i, [_label(name), plant_text(row["unit"]), _num(row["baseline"]), _num(row["target"]),
                                            _num(row["weight"], 2), actual, ach])
            if a is not None and a <= 0:
                self.targets.item(i, 6).setBackground(pg.mkColor(theme.ABNORMAL_BG))
        wa = (result.targets or {}).get("weighted_achievement")
        self.weighted.setText(self.tr("Weighted achievement: {0}").format(
            "\u2014" if wa is None else f"{_num(100 * wa, 0)} %"))

    def _fill_kpis(self, result) -> None:
        from hmi.kpi.report import KPI_ORDER

        machines = list(result.machines.values())
        self.kpi_table.setColumnCount(2 + len(machines))
        self.kpi_table.setHorizontalHeaderLabels([self.tr("KPI"), self.tr("Line")]
                                                 + [plant_text(m.name or m.equipment) for m in machines])
        self.kpi_table.setRowCount(len(KPI_ORDER))
        # one unit per KPI: the target table's where the line has a target for it (as on the strip)
        units = {r["name"]: (r.get("scale") or 1.0, r["unit"]) for r in (result.targets or {}).get("rows", [])}
        for i, name in enumerate(KPI_ORDER):
            scale, unit = units.get(name, (None, None))
            per_machine = [kpi_text(name, m.kpis.get(name), scale=scale, unit=unit) if name in m.kpis else ""
                           for m in machines]
            self._set_row(self.kpi_table, i, [_label(name), kpi_text(name, result.kpis.get(name),
                                                                     configured=result.trace_configured,
                                                                     scale=scale, unit=unit)]
                          + per_machine)

    def _fill_stops(self, result, *, release: bool = False) -> None:
        """The period's stops; while one is picked nothing moves under the operator's finger (new stops are
        announced on :attr:`stops_waiting`, the picked one stays even when it left the period)."""
        m = self.stops_model
        m.names = {eq: mach.name for eq, mach in result.machines.items()}
        key = self._selected_stop
        hold = key is not None and not release and m.row_of(key) is not None
        sm = self.stops.selectionModel()
        sm.blockSignals(True)
        m.set_rows(list(result.stops), hold=hold)
        if not hold:
            r = m.row_of(key) if key is not None else None
            if r is not None:
                self.stops.selectRow(r)
            else:
                self._selected_stop = None
        sm.blockSignals(False)
        n = len(m.waiting)
        self.stops_waiting.setText(self.tr("{0} more stops: show them").format(n))
        self.stops_waiting.setVisible(n > 0)
        self._update_book_button()

    @property
    def _stops(self) -> list:
        """The stops shown, top to bottom."""
        return self.stops_model.rows

    def show_waiting_stops(self) -> None:
        if self.result is not None:
            self._fill_stops(self.result, release=True)

    def selected_stop(self):
        """The stop picked (the one "Book reason" acts on), or None."""
        r = self.stops_model.row_of(self._selected_stop) if self._selected_stop is not None else None
        return None if r is None else self.stops_model.rows[r]

    def _stop_selected(self) -> None:
        rows = self.stops.selectionModel().selectedRows()
        self._selected_stop = stop_key(self.stops_model.rows[rows[0].row()]) if rows else None
        self._update_book_button()

    def _update_book_button(self) -> None:
        stop = self.selected_stop()
        if stop is None:
            self.book_button.setText(self.tr("Book reason"))
            return
        name = plant_text(self.stops_model.names.get(stop.equipment, stop.equipment))
        self.book_button.setText(self.tr("Book reason") + "\n" + self.tr("{0}, stop at {1}").format(name, _clock(stop.start)))

    def show_trend(self, name: str) -> None:
        i = self.trend_box.findData(name)
        if i >= 0:
            self.trend_box.setCurrentIndex(i)
        self.tabs.setCurrentIndex(0)

    def _draw_trend(self) -> None:
        name = self.trend_box.currentData()
        result = self.result
        if result is None or name is None:
            return
        points = result.trend.get(name, [])
        row = next((r for r in (result.targets or {}).get("rows", []) if r["name"] == name), None)
        from hmi.kpi.service import KPI_UNITS

        scale, unit = (row["scale"], row["unit"]) if row else KPI_UNITS.get(name, (1, ""))
        x = np.array([p[0] for p in points], dtype=float)
        y = np.array([np.nan if p[1] is None else p[1] * scale for p in points], dtype=float)
        self.trend_curve.setData(x, y)
        self.trend.setLabel("left", f"{_label(name)} [{unit}]" if unit else _label(name))
        if row is not None:
            self.target_line.setValue(row["target"])
            self.target_line.show()
        else:
            self.target_line.hide()
        if x.size:
            self.trend.setXRange(float(x.min()), float(x.max()) + 3600, padding=0.02)
        self.trend_note.setText(self.tr("{0} points; hourly for a shift or a day, one per shift for a week").format(
            len(points)))

    # ------------------------------------------------------------------ shift log
    def _user(self):
        return getattr(self.session, "user", None)

    def _say(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ok_style() if ok else error_style())
        self.sig_action_done.emit(text)

    def select_stop(self, equipment: str, start: float | None = None) -> bool:
        """Select the stop of ``equipment`` (starting at ``start``, else the newest); True if found."""
        for i, s in enumerate(self._stops):
            if s.equipment == equipment and (start is None or abs(s.start - start) < 1e-6):
                self.stops.selectRow(i)
                return True
        return False

    def book_reason(self) -> None:
        log = self.runtime.shift_log
        stop = self.selected_stop()
        if log is None:
            self._say(self.tr("The shift log needs the plant database"), False)
            return
        if stop is None:
            self._say(self.tr("Pick a stop first"), False)
            return
        code = self.reason_box.currentData()
        user, line_id, note = self._user(), self.line_id(), self.reason_note.text()
        run_async(log.add_downtime, user, line_id, stop.equipment, stop.start, stop.end, code, note,
                  on_done=lambda e: self._stored(self.tr("Reason \u201c{0}\u201d booked for the stop at {1}").format(
                      e.reason_code, _clock(e.start))),
                  on_error=self._refused, owner=self)

    def add_entry(self) -> None:
        log = self.runtime.shift_log
        if log is None:
            self._say(self.tr("The shift log needs the plant database"), False)
            return
        kind, user, lid = self.entry_kind.currentData(), self._user(), self.line_id()
        if kind == "note":
            call = (log.add_note, user, lid, self.entry_text.text())
        elif kind == "material":
            call = (log.add_material, user, lid, self.entry_material.text(), self.entry_qty.value(),
                    self.entry_unit.text(), self.entry_lot.text())
        else:
            call = (log.add_returns, user, lid, self.entry_month.text(), self.entry_returned.value(),
                    self.entry_shipped.value())
        run_async(*call, on_done=lambda e: self._stored(self.tr("Added to the shift log")), on_error=self._refused, owner=self)

    def _stored(self, text: str) -> None:
        self.reason_note.clear()
        self.entry_text.clear()
        self._say(text, True)
        self.refresh()

    def _refused(self, exc: BaseException) -> None:
        self._say(tr_message(exc), False)

    def _load_log(self) -> None:
        log = self.runtime.shift_log
        if log is None or self.result is None:
            return
        r = self.result
        run_async(log.entries, r.line, r.t0, r.t1 + 60, on_done=self._show_log, on_error=lambda e: None, owner=self)

    def _show_log(self, entries) -> None:
        from hmi.kpi.report import _entry_text

        kinds = {"note": self.tr("note"), "downtime": self.tr("downtime"), "material": self.tr("material"),
                 "returns": self.tr("returns")}
        self.log_entries = entries
        self.log_table.setRowCount(len(entries))
        for i, e in enumerate(entries):
            self._set_row(self.log_table, i, [_stamp(e.ts), kinds.get(e.kind, e.kind), _entry_text(e), e.user or ""])

    # ------------------------------------------------------------------ report
    def choose_report_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the shift report"))
        if folder:
            self.write_report(folder)

    def write_report(self, folder: str) -> None:
        """Write <line>-<from>.pdf and .csv of the shown result into ``folder`` (on a worker)."""
        result, log = self.result, self.runtime.shift_log
        if result is None:
            self._say(self.tr("Nothing to report yet"), False)
            return

        def job():
            from hmi.kpi.report import write_csv, write_pdf

            entries = list(reversed(log.entries(result.line, result.t0, result.t1 + 60, limit=None))) if log else []
            stem = Path(folder) / f"{result.line}-{datetime.fromtimestamp(result.t0).strftime('%Y%m%d-%H%M')}"
            title = f"Shift report - {result.name}"
            return [str(write_pdf(result, stem.with_suffix(".pdf"), entries, title=title)),
                    str(write_csv(result, stem.with_suffix(".csv"), entries))]

        run_async(job, on_done=lambda paths: self._say(self.tr("Report written: {0}").format(", ".join(paths)), True),
                  on_error=self._refused, owner=self)

