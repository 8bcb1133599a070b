"""Trace page: what happened to this part, and which parts share this cause.

    TracePage(runtime, parent)        # runtime.trace: TraceStore (None without a database)

* **Lookup**: scan (handheld scanners type the code and Enter: the serial field has the focus
  whenever the page is shown and after every lookup, so no click is needed) or type a serial; it is
  checked against the plant's serial format, then its history is shown: a timeline of its process
  steps with each parameter's min/mean/max against its normal range (out of range in amber with
  the words "out of range"), the alarms active while it was processed, its material lots,
  rework/shipment events, and the X-ray image thumbnail with the AI verdict and the inspector's review.
* **Containment**: every part processed by a machine in a time window, or made from a material
  lot; the list exports to CSV; double-click a part to look it up.

Every query and the image load run on workers (:func:`run_async`); the GUI thread only shows results.
"""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateTimeEdit, QFileDialog, QGridLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from hmi.ui.alarm_bridge import run_async
from hmi.ui.i18n import plant_text, tr_message
from hmi.ui.pages.inspection import verdict_text
from widgets import theme
from widgets.locale_format import datetime_edit_format, format_datetime
from widgets.retranslate import retext
from hmi.config import PlantConfig
from hmi.services import Connector, TraceRecords, connect

__all__ = ["TracePage", "load_thumbnail"]

THUMB_PX = 220


def load_thumbnail(image_path: str | None, size: int = THUMB_PX):
    """Worker: the image scaled to ``size`` px (8-bit grey numpy array) and an error text (or None)."""
    if not image_path:
        return None, "no image recorded"
    from vision.io import ImageError, read_image

    try:
        img, _meta = read_image(image_path)
    except ImageError as exc:
        return None, str(exc)
    import cv2

    h, w = img.shape[:2]
    k = size / max(h, w)
    small = cv2.resize(img, (max(1, int(w * k)), max(1, int(h * k))), interpolation=cv2.INTER_AREA)
    lo, hi = np.percentile(small, (1, 99))
    small = np.clip((small - lo) / max(1e-6, hi - lo), 0, 1)
    return np.ascontiguousarray((small * 255).astype(np.uint8)), None


def _table(owner, columns) -> QTableWidget:
    """A table whose column titles follow the language (``columns()``: the titles in the UI language)."""
    t = QTableWidget(0, len(columns()))
    retext(owner, lambda: t.setHorizontalHeaderLabels(list(columns())))
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectRows)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class TracePage(QWidget):
    """Part lookup and containment (see the module docstring).

    Signals
        sig_looked_up(str): a lookup finished and is shown; payload the serial ("" when not found).
        sig_contained(int): a containment query finished; payload the number of parts listed.
    """

    sig_looked_up = Signal(str)
    sig_contained = Signal(int)

    CONNECTORS = (Connector("plant", PlantConfig), Connector("trace", TraceRecords, optional=True))

    def __init__(self, runtime, parent=None):
        super().__init__(parent)
        self.runtime = connect(self, runtime)
        self.store = self.runtime.trace
        plant = self.runtime.plant
        from hmi.trace.serials import SerialFormat

        self.serial_format = SerialFormat.from_config(plant.trace) if plant is not None else SerialFormat()
        self._contained: list = []
        self._looking_for = ""

        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 10)
        # ---- lookup bar
        bar = QHBoxLayout()
        serial_label = QLabel()
        retext(self, lambda: serial_label.setText(self.tr("Serial")))
        bar.addWidget(serial_label)
        self.serial_edit = QLineEdit()
        self.serial_edit.setObjectName("trace_serial")
        retext(self, lambda: self.serial_edit.setPlaceholderText(self.tr("Scan the part mark or type its serial, then Enter")))
        self.serial_edit.setMinimumHeight(44)
        self.serial_edit.returnPressed.connect(self.lookup_entered)
        bar.addWidget(self.serial_edit, 1)
        self.lookup_button = QPushButton()
        retext(self, lambda: self.lookup_button.setText(self.tr("Look up")))
        self.lookup_button.setMinimumHeight(44)
        self.lookup_button.clicked.connect(self.lookup_entered)
        bar.addWidget(self.lookup_button)
        lay.addLayout(bar)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

        split = QSplitter(Qt.Vertical)
        lay.addWidget(split, 1)
        # ---- part history
        top = QWidget()
        tl = QHBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.header = QLabel("")
        self.header.setProperty("role", "title")
        self.header.setWordWrap(True)
        left.addWidget(self.header)
        self.steps_table = _table(self, lambda: [
            self.tr("Step / time"), self.tr("Equipment"), self.tr("Result"), self.tr("Parameter"), self.tr("Min"),
            self.tr("Mean"), self.tr("Max"), self.tr("Normal range"), self.tr("Status")])
        left.addWidget(self.steps_table, 3)
        alarms_title = QLabel()
        retext(self, lambda: alarms_title.setText(self.tr("Alarms active while the part was processed")))
        left.addWidget(alarms_title)
        self.alarms_table = _table(self, lambda: [self.tr("Since"), self.tr("Priority"), self.tr("Alarm"), self.tr("State")])
        left.addWidget(self.alarms_table, 1)
        tl.addLayout(left, 3)
        side = QGroupBox()
        retext(self, lambda: side.setTitle(self.tr("Inspection")))
        sl = QVBoxLayout(side)
        self.thumb = QLabel()
        self.thumb.setAlignment(Qt.AlignCenter)
        self.thumb.setMinimumSize(THUMB_PX, THUMB_PX)
        sl.addWidget(self.thumb)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        sl.addWidget(self.verdict)
        self.lots_label = QLabel("")
        self.lots_label.setWordWrap(True)
        sl.addWidget(self.lots_label)
        sl.addStretch(1)
        tl.addWidget(side, 1)
        split.addWidget(top)
        # ---- containment
        box = QGroupBox()
        retext(self, lambda: box.setTitle(self.tr("Containment: parts sharing a cause")))
        grid = QGridLayout(box)
        self.mode = QComboBox()
        self.mode.addItem("", "equipment")
        self.mode.addItem("", "lot")
        retext(self, lambda: (self.mode.setItemText(0, self.tr("Processed by machine")),
                              self.mode.setItemText(1, self.tr("Made from material lot"))))
        self.mode.setMinimumHeight(44)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        grid.addWidget(self.mode, 0, 0)
        self.equipment = QComboBox()
        self.equipment.setMinimumHeight(44)
        equipment = list(plant.equipment) if plant is not None else []
        traced = {st.equipment for st in plant.trace.stations} if plant is not None else set()
        for i, e in enumerate(sorted(equipment, key=lambda e: e.id not in traced)):  # traced machines first
            self.equipment.addItem("", e.id)
            retext(self, lambda i=i, e=e: self.equipment.setItemText(i, plant_text(e.name)))
        grid.addWidget(self.equipment, 0, 1)
        now = QDateTime.currentDateTime()
        self.t_from = QDateTimeEdit(now.addSecs(-8 * 3600))
        self.t_to = QDateTimeEdit(now.addSecs(600))
        for w in (self.t_from, self.t_to):
            w.setDisplayFormat(datetime_edit_format())
            w.setCalendarPopup(True)
            w.setMinimumHeight(44)
        grid.addWidget(self.t_from, 0, 2)
        grid.addWidget(self.t_to, 0, 3)
        self.lot_edit = QLineEdit()
        retext(self, lambda: self.lot_edit.setPlaceholderText(self.tr("Heat number / lot")))
        self.lot_edit.setMinimumHeight(44)
        self.lot_edit.returnPressed.connect(self.contain)
        grid.addWidget(self.lot_edit, 0, 4)
        self.contain_button = QPushButton()
        retext(self, lambda: self.contain_button.setText(self.tr("Find parts")))
        self.contain_button.setMinimumHeight(44)
        self.contain_button.clicked.connect(self.contain)
        grid.addWidget(self.contain_button, 0, 5)
        self.export_button = QPushButton()
        retext(self, lambda: self.export_button.setText(self.tr("Export CSV")))
        self.export_button.setMinimumHeight(44)
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_csv)
        grid.addWidget(self.export_button, 0, 6)
        self.contain_status = QLabel("")
        grid.addWidget(self.contain_status, 1, 0, 1, 7)
        self.contain_table = _table(self, lambda: [
            self.tr("Serial"), self.tr("Line"), self.tr("Product"), self.tr("Step"), self.tr("Equipment"),
            self.tr("Start"), self.tr("End"), self.tr("Result"), self.tr("Lot")])
        self.contain_table.cellDoubleClicked.connect(self._contained_clicked)
        grid.addWidget(self.contain_table, 2, 0, 1, 7)
        split.addWidget(box)
        split.setSizes([560, 300])
        self._mode_changed()
        for w in (self.lookup_button, self.contain_button, self.export_button):
            w.setEnabled(self.store is not None and w is not self.export_button)
        self._hist = None  # (serial, history) shown
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """The part shown and the date fields in the UI language (what was typed and found stays)."""
        for w in (self.t_from, self.t_to):
            w.setDisplayFormat(datetime_edit_format())
        if self.store is None:
            self.status.setText(self.tr("No plant database: traceability needs one (run with --db or the demo)."))
        if self._hist is not None:
            self._show(*self._hist)
        else:
            self.thumb.setText(self.tr("no inspection"))

    # ------------------------------------------------------------------ helpers
    def _time(self, ts: float | None) -> str:
        if ts is None:
            return "—"
        return format_datetime(ts)

    def _num(self, v: float | None, digits: int = 2) -> str:
        return "—" if v is None else QLocale().toString(float(v), "f", digits)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.on_shown()

    def on_shown(self) -> None:
        """The navigation switched here: a keyboard-wedge scanner types into the serial field at once."""
        self.serial_edit.setFocus(Qt.OtherFocusReason)

    # ------------------------------------------------------------------ lookup
    def lookup_entered(self) -> None:
        self.lookup(self.serial_edit.text())

    def lookup(self, text: str) -> bool:
        """Check ``text`` against the serial format and look it up on a worker; False when refused."""
        serial = self.serial_format.normalise(text)
        self.serial_edit.setText(serial)
        self.serial_edit.selectAll()  # the next scan replaces it
        self.serial_edit.setFocus(Qt.OtherFocusReason)
        if self.store is None:
            return False
        problem = self.serial_format.problem(serial)
        if problem:
            self.status.setText(self.tr("Not a valid serial: %1").replace("%1", problem))
            self.status.setStyleSheet(f"color: {theme.ALARM};")
            return False
        self.status.setText(self.tr("Looking up %1 …").replace("%1", serial))
        self.status.setStyleSheet("")
        self._looking_for = serial
        run_async(self.store.lookup, serial, on_done=lambda h, s=serial: self._show(s, h),
                  on_error=lambda exc, s=serial: self._failed(s, exc), owner=self)
        return True

    def _failed(self, serial: str, exc: BaseException) -> None:
        self.status.setText(self.tr("Lookup of %1 failed: %2").replace("%1", serial).replace("%2", str(exc)))
        self.status.setStyleSheet(f"color: {theme.ALARM};")
        self.sig_looked_up.emit("")

    def _show(self, serial: str, hist) -> None:
        if serial != self._looking_for:
            return  # a newer scan is on its way
        self._hist = (serial, hist)
        self.steps_table.setRowCount(0)
        self.alarms_table.setRowCount(0)
        self.thumb.setPixmap(QPixmap())
        if hist is None:
            self.header.setText("")
            self.verdict.setText("")
            self.lots_label.setText("")
            self.thumb.setText(self.tr("no inspection"))
            self.status.setText(self.tr("No part %1 in the records").replace("%1", serial))
            self.status.setStyleSheet(f"color: {theme.ALARM};")
            self.sig_looked_up.emit("")
            return
        self.status.setText("")
        self.status.setStyleSheet("")
        self.header.setText(self.tr("%1 — %2, line %3, made %4").replace("%1", hist.serial)
                            .replace("%2", hist.product or self.tr("product not recorded"))
                            .replace("%3", hist.line).replace("%4", self._time(hist.created_ts)))
        amber = QColor(theme.ABNORMAL_BG)
        for s in hist.steps:
            first = True
            for p in (s.params or [None]):
                r = self.steps_table.rowCount()
                self.steps_table.insertRow(r)
                cells = [f"{s.step}  {self._time(s.start_ts)} → {self._time(s.end_ts)}" if first else "",
                         s.equipment if first else "", (s.result or "—").upper() if first else ""]
                if p is None:
                    cells += ["—", "", "", "", "", self.tr("no parameters recorded")]
                else:
                    rng = "—" if p.range_lo is None and p.range_hi is None else \
                        f"{self._num(p.range_lo, 1)} … {self._num(p.range_hi, 1)} {p.unit or ''}".strip()
                    state = {True: self.tr("in range"), False: self.tr("OUT OF RANGE"),
                             None: self.tr("no range") if p.n else self.tr("no data")}[p.in_range]
                    cells += [p.tag, self._num(p.vmin), self._num(p.vavg), self._num(p.vmax), rng, state]
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if p is not None and p.in_range is False and c >= 3:
                        item.setBackground(amber)
                    if first and c == 2 and s.result == "ng":
                        item.setBackground(QColor(theme.ALARM_BG))
                    self.steps_table.setItem(r, c, item)
                first = False
            for a in s.alarms:
                r = self.alarms_table.rowCount()
                self.alarms_table.insertRow(r)
                for c, text in enumerate([self._time(a.first_ts), f"P{a.priority}",
                                          f"{a.alarm_id}: {plant_text(a.message or '')}", a.last_state]):
                    self.alarms_table.setItem(r, c, QTableWidgetItem(text))
        if not hist.steps:
            self.steps_table.insertRow(0)
            self.steps_table.setItem(0, 0, QTableWidgetItem(self.tr("no process steps recorded")))
        if self.alarms_table.rowCount() == 0:
            self.alarms_table.insertRow(0)
            self.alarms_table.setItem(0, 2, QTableWidgetItem(self.tr("none")))
        lots = [f"{lot['kind']} {lot['lot']}" for lot in hist.lots]
        events = [f"{e.kind} {self._time(e.ts)} {e.ref or ''}".strip() for e in hist.events]
        self.lots_label.setText("\n".join(
            [self.tr("Material: %1").replace("%1", ", ".join(lots) if lots else self.tr("no lot recorded"))]
            + events))
        insp = hist.inspections[-1] if hist.inspections else None
        if insp is None:
            self.thumb.setText(self.tr("no inspection"))
            self.verdict.setText("")
        else:
            score = self._num(insp.score, 3)
            self.verdict.setText(self.tr("%1 at %2\nAI: %3 (score %4)\nReview: %5")
                                 .replace("%1", insp.station).replace("%2", self._time(insp.captured_ts))
                                 .replace("%3", verdict_text(insp.ai_verdict))
                                 .replace("%4", score).replace("%5", tr_message(insp.review_state)))
            self.thumb.setText(self.tr("loading …"))
            run_async(load_thumbnail, insp.image_path, on_done=lambda res, s=serial: self._thumb(s, res),
                      on_error=lambda exc: self.thumb.setText(str(exc)), owner=self)
        self.sig_looked_up.emit(hist.serial)

    def _thumb(self, serial: str, result) -> None:
        if serial != self._looking_for:
            return
        img, error = result
        if img is None:
            self.thumb.setText(error or self.tr("no image"))
            return
        h, w = img.shape
        qimg = QImage(img.data, w, h, w, QImage.Format_Grayscale8).copy()
        self.thumb.setPixmap(QPixmap.fromImage(qimg))

    # ------------------------------------------------------------------ containment
    def _mode_changed(self) -> None:
        by_lot = self.mode.currentData() == "lot"
        for w in (self.equipment, self.t_from, self.t_to):
            w.setVisible(not by_lot)
        self.lot_edit.setVisible(by_lot)

    def contain(self) -> None:
        """Run the containment query of the current choice on a worker."""
        if self.store is None:
            return
        if self.mode.currentData() == "lot":
            lot = self.lot_edit.text().strip()
            if not lot:
                self.contain_status.setText(self.tr("Enter a heat number or lot"))
                return
            what = self.tr("lot %1").replace("%1", lot)
            fn, args = self.store.parts_by_lot, (lot,)
        else:
            eq = self.equipment.currentData()
            t0 = self.t_from.dateTime().toMSecsSinceEpoch() / 1000.0
            t1 = self.t_to.dateTime().toMSecsSinceEpoch() / 1000.0
            if not eq or t1 <= t0:
                self.contain_status.setText(self.tr("Choose a machine and a window whose end is after its start"))
                return
            what = self.tr("%1 from %2 to %3").replace("%1", self.equipment.currentText()) \
                .replace("%2", self._time(t0)).replace("%3", self._time(t1))
            fn, args = self.store.parts_by_equipment, (eq, t0, t1)
        self.contain_status.setText(self.tr("Searching %1 …").replace("%1", what))
        self.contain_button.setEnabled(False)
        started = time.perf_counter()

        def done(rows, what=what):
            self.contain_button.setEnabled(True)
            self._show_contained(rows)
            ms = (time.perf_counter() - started) * 1000
            self.contain_status.setText(self.tr("%1 parts: %2 (%3 ms)").replace("%1", QLocale().toString(len(rows)))
                                        .replace("%2", what).replace("%3", QLocale().toString(ms, "f", 0)))
            self.sig_contained.emit(len(rows))

        def failed(exc):
            self.contain_button.setEnabled(True)
            self.contain_status.setText(self.tr("Search failed: %1").replace("%1", str(exc)))

        run_async(fn, *args, on_done=done, on_error=failed)

    def _show_contained(self, rows) -> None:
        self._contained = list(rows)
        t = self.contain_table
        t.setRowCount(0)
        t.setRowCount(len(rows))
        for r, p in enumerate(rows):
            for c, text in enumerate([p.serial, p.line, p.product or "", p.step or "", p.equipment or "",
                                      self._time(p.start_ts), self._time(p.end_ts), (p.result or "").upper(),
                                      p.lot or ""]):
                item = QTableWidgetItem(text)
                if c == 7 and p.result == "ng":
                    item.setBackground(QColor(theme.ALARM_BG))
                t.setItem(r, c, item)
        self.export_button.setEnabled(bool(rows))

    def _contained_clicked(self, row: int, _col: int) -> None:
        if 0 <= row < len(self._contained):
            self.lookup(self._contained[row].serial)

    def export_csv(self, path: str | None = None) -> None:
        """Write the listed parts to CSV (asks for the file when ``path`` is None); on a worker."""
        if not self._contained:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export parts"), "containment.csv",
                                                  self.tr("CSV files (*.csv)"))
            if not path:
                return
        from hmi.trace.genealogy import write_csv

        rows = list(self._contained)
        run_async(write_csv, rows, path,
                  on_done=lambda n: self.contain_status.setText(
                      self.tr("%1 parts written to %2").replace("%1", QLocale().toString(n)).replace("%2", path)),
                  on_error=lambda exc: self.contain_status.setText(
                      self.tr("Export failed: %1").replace("%1", str(exc))), owner=self)
