"""Inspection page: the inspector reviews the AI verdicts of the X-ray / camera stations.

Left: the queue (newest first) with AI verdict (``NG``/``WARN`` on a coloured cell, text always
says it; ``ok`` grey), score, model version, capture time and review state; filters *Pending only*,
*Verdict*, *Station*; below it the statistics (AI-inspector agreement, overrides per day, counts).
Right: the image viewer (window/level, heatmap overlay, defect outlines) and the review panel:
**Accept AI verdict**, **Override to OK**, **Override to NG** with a REQUIRED reason code and a
comment.  Reviews go through :meth:`hmi.inspection.records.InspectionStore.review` with
``runtime.access`` (permission ``inspection.override``; audited); a refusal is shown in the red
message box and nothing is stored.

Every database query, image load and review runs on a worker (:func:`run_async`).
"""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer,
                            Signal)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from hmi.inspection import REASON_CODES, reason_message
from hmi.ui.alarm_bridge import LatestRead, run_async
from hmi.ui.held_rows import RowsModel, apply_rows
from hmi.ui.i18n import plant_text, tr_message
from hmi.ui.login import error_style, ok_style, role_text
from widgets.retranslate import retext
from widgets import theme
from widgets.locale_format import format_datetime, format_number, format_time
from widgets.image_viewer import ImageViewer
from hmi.services import AccessGate, Connector, InspectionRecords, connect
from hmi.ui.layout import hsplit

TOUCH_PX = 44
COLUMNS = (QT_TRANSLATE_NOOP("InspectionPage", "Captured"), QT_TRANSLATE_NOOP("InspectionPage", "Part"),
           QT_TRANSLATE_NOOP("InspectionPage", "Station"), QT_TRANSLATE_NOOP("InspectionPage", "AI verdict"),
           QT_TRANSLATE_NOOP("InspectionPage", "Score"), QT_TRANSLATE_NOOP("InspectionPage", "Model"),
           QT_TRANSLATE_NOOP("InspectionPage", "Review"))
VERDICT_FILTERS = (QT_TRANSLATE_NOOP("InspectionPage", "All verdicts"), "ng", "warn", "ok", "error")
REASON_PLACEHOLDER = QT_TRANSLATE_NOOP("InspectionPage", "- reason code (required to override) -")
#: column widths (px): fixed, so that a refresh never measures every cell
COLUMN_WIDTHS = (80, 150, 70, 90, 60, 100, 160)
REFRESH_MS = 5000
QUEUE_LIMIT = 300
DEFAULT_OUTLINE_THRESHOLD = 0.5
STATS_DAYS = 30  # statistics over the parts captured in the last 30 days



VERDICT_WORDS = {"ng": QT_TRANSLATE_NOOP("Verdict", "NG"), "warn": QT_TRANSLATE_NOOP("Verdict", "WARN"),
                 "ok": QT_TRANSLATE_NOOP("Verdict", "ok"), "error": QT_TRANSLATE_NOOP("Verdict", "ERROR")}


def verdict_text(v: str | None) -> str:
    """A verdict ("ng", "warn", "ok"; None or "error": no verdict) in the UI language."""
    return QCoreApplication.translate("Verdict", VERDICT_WORDS.get(v or "error", VERDICT_WORDS["error"]))


def review_text(insp) -> str:
    """The review state of an inspection in the UI language ("pending", "accepted (ng) by park", ...)."""
    if not insp.reviewed:
        return QCoreApplication.translate("InspectionPage", "pending")
    if insp.final_verdict == insp.ai_verdict:
        return QCoreApplication.translate("InspectionPage", "accepted ({0}) by {1}").format(
            verdict_text(insp.final_verdict), insp.reviewer)
    if insp.ai_verdict == "warn" or insp.ai_verdict is None:
        return QCoreApplication.translate("InspectionPage", "decided {0} by {1}").format(
            verdict_text(insp.final_verdict), insp.reviewer)
    return QCoreApplication.translate("InspectionPage", "overridden to {0} by {1}").format(
        verdict_text(insp.final_verdict), insp.reviewer)


def verdict_colours(v: str | None) -> tuple[str | None, str]:
    """(background or None, text colour): colour only for the abnormal verdicts."""
    if v == "ng":
        return theme.ALARM_BG, theme.TEXT
    if v == "warn":
        return theme.ABNORMAL_BG, theme.TEXT
    if v is None:
        return theme.COMM_FAIL_BG, theme.TEXT
    return None, theme.TEXT


def load_images(image_path: str | None, heatmap_path: str | None):
    """Worker: (image in its own units: uint16 for 16-bit files, heatmap float 0..1 or None, error)."""
    from vision.io import ImageError, read_image

    if not image_path:
        return None, None, "no image recorded"
    try:
        img, meta = read_image(image_path)
    except ImageError as exc:
        return None, None, f"image unreadable: {exc}"
    if meta.get("bit_depth") == 16:
        img = np.round(img * 65535.0).astype(np.uint16)
    elif meta.get("bit_depth") == 8:
        img = np.round(img * 255.0).astype(np.uint8)
    heat = None
    if heatmap_path:
        try:
            heat = read_image(heatmap_path)[0]
        except ImageError:
            heat = None
    return img, heat, None


def _inspection_key(insp) -> int:
    return insp.id


class InspectionQueueModel(RowsModel):
    """The review queue, one row per inspection, keyed by its id (never by row number).

    :meth:`apply` takes a fresh query result.  While the inspector has a part selected (``hold=True``) the
    rows do not move: known parts are updated in place, parts that left the query stay until the hold ends,
    and new parts are only counted (:attr:`waiting`) for the page to announce; otherwise the new result
    replaces the rows.  Cells are computed when painted: a refresh costs O(changed rows), not O(rows x
    columns) widget items."""

    COLUMNS = COLUMNS
    CONTEXT = "InspectionPage"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._row_of: dict[int, int] = {}
        self.waiting: list = []  # newer parts held back while the inspector acts
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- Qt model
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        insp, c = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return format_time(insp.captured_ts) if insp.captured_ts else ""
            return (None, insp.serial or "", insp.station, verdict_text(insp.ai_verdict),
                    "---" if insp.score is None else format_number(insp.score, 2), insp.model_version or "---",
                    review_text(insp))[c]
        if role == Qt.ItemDataRole.UserRole:
            return insp.id
        if c == 3:
            bg, fg = verdict_colours(insp.ai_verdict)
            if role == Qt.ItemDataRole.BackgroundRole and bg:
                return QBrush(QColor(bg))
            if role == Qt.ItemDataRole.ForegroundRole and bg:
                return QBrush(QColor(fg))
            if role == Qt.ItemDataRole.FontRole and bg:
                return self._bold
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ToolTipRole and insp.error:
                return insp.error
        if c == 4 and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if c == 0 and role == Qt.ItemDataRole.ToolTipRole and insp.captured_ts:
            return format_datetime(insp.captured_ts)
        return None

    # ---- keyed access
    def row_of(self, inspection_id: int) -> int | None:
        return self._row_of.get(inspection_id)

    def get(self, inspection_id: int):
        r = self._row_of.get(inspection_id)
        return None if r is None else self.rows[r]

    def _reindex(self) -> None:
        self._row_of = {insp.id: r for r, insp in enumerate(self.rows)}

    def apply(self, rows: list, *, hold: bool) -> None:
        """A fresh query result (see the class doc)."""
        self.waiting = apply_rows(self, rows, _inspection_key, hold=hold)
        self._reindex()

    def replace(self, insp) -> None:
        """One inspection changed (a review the page itself made)."""
        r = self._row_of.get(insp.id)
        if r is not None:
            self.rows[r] = insp
            self.dataChanged.emit(self.index(r, 0), self.index(r, len(COLUMNS) - 1))


class InspectionPage(QWidget):
    """``InspectionPage(runtime, session, parent=None)``; ``session``: :class:`~hmi.ui.login.SessionManager`.

    Signals (GUI thread): ``sig_queue_loaded(list)``, ``sig_stats_loaded(dict)``,
    ``sig_image_loaded(int)`` (inspection id), ``sig_review_done(bool ok, str message)``.
    """

    sig_queue_loaded = Signal(list)
    sig_stats_loaded = Signal(dict)
    sig_image_loaded = Signal(int)
    sig_review_done = Signal(bool, str)

    CONNECTORS = (Connector("inspections", InspectionRecords, optional=True),
                  Connector("access", AccessGate, optional=True),
                  # {station id: hmi.inspection.line.LineInspection}: the line's stations, for their status line
                  Connector("line_inspections", optional=True))

    def __init__(self, runtime, session, parent=None, *, store=None, refresh_ms: int = REFRESH_MS):
        super().__init__(parent)
        self.setObjectName("inspection_page")
        self.runtime = connect(self, runtime)
        self.session = session
        self.store = store if store is not None else self.runtime.inspections
        self.stats: dict = {}
        self._last_rows: list = []
        self._release_hold = False
        self.confirm = self._ask  # confirm(question) -> bool before changing an existing decision
        self.reads = LatestRead(self.refresh)
        self._selected_id: int | None = None
        self._selected_cache = None
        self._image_for: int | None = None
        self._busy = False

        # ---------------------------------------------------------------- left: filters, queue, stats
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.pending_check = QCheckBox(self)
        retext(self, lambda: self.pending_check.setText(self.tr("Pending only")))
        self.pending_check.setObjectName("insp_pending")
        self.pending_check.setChecked(True)
        self.verdict_combo = QComboBox(self)
        self.verdict_combo.setObjectName("insp_verdict")
        for i, v in enumerate(VERDICT_FILTERS):
            self.verdict_combo.addItem("", None if i == 0 else v)
            retext(self, lambda i=i, v=v: self.verdict_combo.setItemText(i, self.tr(v) if i == 0 else verdict_text(v)))
        self.station_combo = QComboBox(self)
        self.station_combo.setObjectName("insp_station")
        self.station_combo.addItem("")
        retext(self, lambda: self.station_combo.setItemText(0, self.tr("All stations")))
        self.refresh_button = QPushButton(self)
        retext(self, lambda: self.refresh_button.setText(self.tr("Refresh")))
        self.refresh_button.setObjectName("insp_refresh")
        for w in (self.verdict_combo, self.station_combo, self.refresh_button):
            w.setMinimumHeight(TOUCH_PX)
        filters.addWidget(self.pending_check)
        verdict_label, station_label = QLabel(self), QLabel(self)
        retext(self, lambda: verdict_label.setText(self.tr("Verdict")))
        retext(self, lambda: station_label.setText(self.tr("Station")))
        filters.addWidget(verdict_label)
        filters.addWidget(self.verdict_combo)
        filters.addWidget(station_label)
        filters.addWidget(self.station_combo)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)
        lv.addLayout(filters)
        self.model = InspectionQueueModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("insp_queue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(TOUCH_PX)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # fixed widths: no measuring every cell
        for c, w in enumerate(COLUMN_WIDTHS):
            hh.resizeSection(c, w)
        hh.setStretchLastSection(True)  # review state takes the room left
        self.waiting_button = QPushButton("", self)
        self.waiting_button.setObjectName("insp_waiting")
        self.waiting_button.setMinimumHeight(TOUCH_PX)
        self.waiting_button.hide()
        self.waiting_button.clicked.connect(self.show_waiting)
        lv.addWidget(self.waiting_button)
        lv.addWidget(self.table, 1)
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("insp_count")
        lv.addWidget(self.count_label)

        stats_box = QFrame(self)
        stats_box.setObjectName("insp_stats")
        stats_box.setFrameShape(QFrame.Shape.StyledPanel)
        sg = QGridLayout(stats_box)
        title = QLabel(stats_box)
        retext(self, lambda: title.setText(self.tr("Review statistics (parts of the last {0} days)").format(STATS_DAYS)))
        title.setFont(theme.font(theme.FONT_SIZE, bold=True))
        sg.addWidget(title, 0, 0, 1, 2)
        self.agreement_label = QLabel(stats_box)
        self.agreement_label.setObjectName("insp_agreement")
        self.agreement_label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.counts_label = QLabel("", stats_box)
        self.counts_label.setObjectName("insp_counts")
        self.counts_label.setWordWrap(True)
        self.overrides_label = QLabel("", stats_box)
        self.overrides_label.setObjectName("insp_overrides")
        self.overrides_label.setWordWrap(True)
        self.line_label = QLabel("", stats_box)  # the line's inspection stations: verdicts to the PLC
        self.line_label.setObjectName("insp_line")
        self.line_label.setWordWrap(True)
        sg.addWidget(self.agreement_label, 1, 0, 1, 2)
        sg.addWidget(self.counts_label, 2, 0, 1, 2)
        sg.addWidget(self.overrides_label, 3, 0, 1, 2)
        sg.addWidget(self.line_label, 4, 0, 1, 2)
        lv.addWidget(stats_box)

        # ---------------------------------------------------------------- right: viewer and review
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("insp_detail")
        self.detail_label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.detail_label.setWordWrap(True)
        rv.addWidget(self.detail_label)
        self.viewer = ImageViewer(self)
        rv.addWidget(self.viewer, 1)

        review = QFrame(self)
        review.setObjectName("insp_review")
        review.setFrameShape(QFrame.Shape.StyledPanel)
        g = QGridLayout(review)
        self.accept_button = QPushButton(review)  # texts: _update_buttons (they name the part)
        self.accept_button.setObjectName("insp_accept")
        self.ok_button = QPushButton(review)
        self.ok_button.setObjectName("insp_override_ok")
        self.ng_button = QPushButton(review)
        self.ng_button.setObjectName("insp_override_ng")
        for b in (self.accept_button, self.ok_button, self.ng_button):
            b.setMinimumHeight(TOUCH_PX + 16)  # two lines: the action and the part it acts on
            b.setMinimumWidth(150)
        self.reason_combo = QComboBox(review)
        self.reason_combo.setObjectName("insp_reason")
        self.reason_combo.setMinimumHeight(TOUCH_PX)
        self.reason_combo.addItem("")
        retext(self, lambda: self.reason_combo.setItemText(0, self.tr(REASON_PLACEHOLDER)))
        for i, code in enumerate(REASON_CODES, start=1):  # shown in the UI language, the English code is stored
            self.reason_combo.addItem("", str(code))
            retext(self, lambda i=i, code=code: self.reason_combo.setItemText(i, tr_message(code)))
        self.comment_edit = QLineEdit(review)
        self.comment_edit.setObjectName("insp_comment")
        self.comment_edit.setMinimumHeight(TOUCH_PX)
        retext(self, lambda: self.comment_edit.setPlaceholderText(self.tr("comment (optional; required for 'other')")))
        reason_label, comment_label = QLabel(review), QLabel(review)
        retext(self, lambda: reason_label.setText(self.tr("Reason")))
        retext(self, lambda: comment_label.setText(self.tr("Comment")))
        g.addWidget(reason_label, 0, 0)
        g.addWidget(self.reason_combo, 0, 1, 1, 2)
        g.addWidget(comment_label, 1, 0)
        g.addWidget(self.comment_edit, 1, 1, 1, 2)
        g.addWidget(self.accept_button, 2, 0)
        g.addWidget(self.ok_button, 2, 1)
        g.addWidget(self.ng_button, 2, 2)
        self.message = QLabel("", review)
        self.message.setObjectName("insp_message")
        self.message.setWordWrap(True)
        self.message.hide()
        g.addWidget(self.message, 3, 0, 1, 3)
        self.user_hint = QLabel("", review)
        self.user_hint.setObjectName("insp_user_hint")
        self.user_hint.setStyleSheet(f"color: {theme.TEXT_DIM};")
        g.addWidget(self.user_hint, 4, 0, 1, 3)
        rv.addWidget(review)

        split = hsplit(self, left, right, stretch=(1, 1), sizes=(820, 720))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(split)

        self.pending_check.toggled.connect(lambda _: self.refresh())
        self.verdict_combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.station_combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.accept_button.clicked.connect(self.accept_ai)
        self.ok_button.clicked.connect(lambda: self.override("ok"))
        self.ng_button.clicked.connect(lambda: self.override("ng"))
        if hasattr(session, "sig_user_changed"):
            session.sig_user_changed.connect(self._update_buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(max(500, int(refresh_ms)))
        self._timer.timeout.connect(self._auto_refresh)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Queue, detail line, statistics and buttons in the UI language (after a switch: selection, hold,
        reason and comment stay)."""
        self.model.retitle()
        insp = self.selected()
        if self.store is None:
            self.detail_label.setText(self.tr("No plant database: inspections are not recorded"))
        elif insp is not None:
            self._show_detail(insp)
        else:
            self.detail_label.setText(self.tr("Select a part in the queue"))
        if getattr(self, "_line_stats", None):
            self._show_lines(self._line_stats)
        if self.stats:
            self._show_stats(self.stats)
        else:
            self.agreement_label.setText(self.tr("AI-inspector agreement: ---"))
        if getattr(self, "_last_rows", None) is not None:
            self._fill(self._last_rows)
        self._update_buttons()

    # ------------------------------------------------------------------ loading
    def on_shown(self) -> None:
        self.refresh()
        self._timer.start()

    def hideEvent(self, ev):  # noqa: N802
        self._timer.stop()
        super().hideEvent(ev)

    def _auto_refresh(self) -> None:
        if self.isVisible() and not self._busy:
            self.refresh()

    def filters(self) -> dict:
        v = self.verdict_combo.currentData()
        s = self.station_combo.currentText()
        return {"filter": "pending" if self.pending_check.isChecked() else "all",
                "verdict": None if self.verdict_combo.currentIndex() <= 0 else v,
                "station": None if self.station_combo.currentIndex() <= 0 else s}

    def refresh(self) -> None:
        """Reload queue, stations and statistics on a worker."""
        if self.store is None:
            return
        if not self.reads.begin():
            return
        f = self.filters()
        store = self.store

        lines = dict(self.runtime.line_inspections or {})

        def work():
            line_stats = {sid: (line.cfg.name, line.stats()) for sid, line in lines.items()}
            return (store.queue(f["filter"], verdict=f["verdict"], station=f["station"], limit=QUEUE_LIMIT),
                    store.stations(), store.stats(since=time.time() - STATS_DAYS * 86400.0), line_stats)

        run_async(work, on_done=self._loaded, on_error=self._load_failed)

    def _loaded(self, result) -> None:
        rows, stations, stats, line_stats = result
        self._set_stations(stations)
        self._fill(rows)
        self._show_stats(stats)
        self._show_lines(line_stats)
        self.sig_queue_loaded.emit(rows)
        self.sig_stats_loaded.emit(stats)
        self.reads.end()

    def _load_failed(self, exc: BaseException) -> None:
        self._show_message(self.tr("Could not read the inspections: {0}").format(exc), error=True)
        self.reads.end()

    def _set_stations(self, stations: list[str]) -> None:
        have = [self.station_combo.itemText(i) for i in range(1, self.station_combo.count())]
        if have == list(stations):
            return
        current = self.station_combo.currentText()
        self.station_combo.blockSignals(True)
        self.station_combo.clear()
        self.station_combo.addItem(self.tr("All stations"))
        self.station_combo.addItems(stations)
        i = self.station_combo.findText(current)
        self.station_combo.setCurrentIndex(max(i, 0))
        self.station_combo.blockSignals(False)

    @property
    def rows(self) -> list:
        """The inspections shown, top to bottom."""
        return self.model.rows

    def _fill(self, rows: list) -> None:
        """A fresh queue: while a part is selected the rows hold still (updated in place, newcomers announced);
        otherwise it is replaced, keeping the part at the top of the view at the top."""
        self._last_rows = rows
        keep = self._selected_id
        hold = keep is not None and self.model.row_of(keep) is not None and not self._release_hold
        self._release_hold = False
        if hold:
            self.model.apply(rows, hold=True)
        else:
            top = self.table.indexAt(self.table.viewport().rect().topLeft())
            top_id = self.model.rows[top.row()].id if top.isValid() else None
            sm = self.table.selectionModel()
            sm.blockSignals(True)
            self.model.apply(rows, hold=False)
            r = self.model.row_of(keep) if keep is not None else None
            if r is not None:
                self.table.selectRow(r)
            sm.blockSignals(False)
            if top_id is not None and self.model.row_of(top_id) is not None:
                self.table.scrollTo(self.model.index(self.model.row_of(top_id), 0),
                                    QAbstractItemView.ScrollHint.PositionAtTop)
        waiting = len(self.model.waiting)
        self.waiting_button.setText(self.tr("{0} new parts arrived: show them").format(waiting))
        self.waiting_button.setVisible(waiting > 0)
        shown = self.model.rows
        pending = sum(1 for i in shown if not i.reviewed)
        self.count_label.setText(self.tr("{0} parts shown, {1} pending review").format(len(shown), pending)
                                 + (self.tr(" (newest {0})").format(QUEUE_LIMIT) if len(rows) >= QUEUE_LIMIT else ""))
        self._update_buttons()

    def show_waiting(self) -> None:
        """Take in the parts that arrived while the inspector was acting (the selection stays on its part)."""
        self._release_hold = True
        self._fill(self._last_rows)

    def _show_stats(self, st: dict) -> None:
        self.stats = st
        if st.get("agreement") is None:
            self.agreement_label.setText(self.tr("AI-inspector agreement: --- (no reviews of ok/NG verdicts yet)"))
        else:
            self.agreement_label.setText(self.tr("AI-inspector agreement: {0} % ({1} of {2} reviews)").format(
                format_number(st["agreement"] * 100, 1), st["agreed"], st["compared"]))
        c = st.get("counts", {})
        fc = st.get("final_counts", {})
        self.counts_label.setText(self.tr(
            "AI verdicts: NG {0}, WARN {1}, ok {2}, error {3}  |  reviewed {4} of {5}, pending {6}  |  "
            "final: ok {7}, NG {8}, WARN decided {9}").format(
            c.get("ng", 0), c.get("warn", 0), c.get("ok", 0), c.get("error", 0), st.get("reviewed", 0),
            st.get("total", 0), st.get("pending", 0), fc.get("ok", 0), fc.get("ng", 0), st.get("warn_resolved", 0)))
        per_day = st.get("overrides_per_day", [])
        days = ", ".join(f"{d[5:]}: {n}" for d, n in per_day[-7:]) or self.tr("none")
        self.overrides_label.setText(self.tr("Overrides per day (UTC): {0}  (total {1})").format(
            days, st.get("overrides", 0)))

    def _show_lines(self, line_stats: dict) -> None:
        """One line per inspection station on the line: what reached the PLC, what did not, how fast."""
        self._line_stats = line_stats
        out = []
        for sid, (name, st) in sorted(line_stats.items()):
            if not st.get("warm"):
                out.append(self.tr("{0}: loading the model...").format(plant_text(name)))
                continue
            text = self.tr("{0}: {1} verdicts to the PLC, {2} too late, {3} parts without an image, {4} images "
                           "waiting").format(plant_text(name), st.get("delivered", 0), st.get("late", 0),
                                             st.get("no_image", 0), st.get("waiting", 0))
            if st.get("latency_ms_p50") is not None:
                text += self.tr("; image to PLC {0} ms median, {1} ms p99").format(
                    format_number(st["latency_ms_p50"], 0), format_number(st["latency_ms_p99"], 0))
            if st.get("last_error"):
                text += "\n" + self.tr("Last problem: {0}").format(st["last_error"])
            out.append(text)
        self.line_label.setText("\n".join(out))
        self.line_label.setVisible(bool(out))

    # ------------------------------------------------------------------ selection and image
    def selected(self):
        """The part the detail panel shows: every review button acts on exactly this one."""
        if self._selected_id is None:
            return None
        return self.model.get(self._selected_id) or self._selected_cache

    def select_inspection(self, inspection_id: int) -> bool:
        r = self.model.row_of(inspection_id)
        if r is None:
            return False
        if self._selected_id != inspection_id or self.table.currentIndex().row() != r:
            self.table.selectRow(r)
        else:
            self._update_buttons()
        return True

    def select_first(self, verdicts=("ng", "warn")) -> bool:
        """Select the newest row with the first of ``verdicts`` found (screenshots, shortcuts)."""
        for v in verdicts:  # in order of preference
            for insp in self.rows:
                if insp.ai_verdict == v:
                    return self.select_inspection(insp.id)
        return False

    def _on_selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        insp = self.model.rows[rows[0].row()]
        changed = insp.id != self._selected_id
        self._selected_id = insp.id
        self._selected_cache = insp
        self._show_detail(insp)
        self._update_buttons()
        if changed:
            self.message.hide()
            self._load_image(insp)

    def _show_detail(self, insp) -> None:
        score = "---" if insp.score is None else format_number(insp.score, 2)
        txt = self.tr("Part {0}  ·  {1}  ·  AI {2} (score {3}, model {4})  ·  {5}").format(
            insp.serial or "?", insp.station, verdict_text(insp.ai_verdict), score, insp.model_version or "---",
            review_text(insp))
        if insp.error:
            txt += "\n" + self.tr("No AI verdict: {0}").format(insp.error)
        self.detail_label.setText(txt)

    def _load_image(self, insp) -> None:
        self._image_for = insp.id
        self.viewer.clear(self.tr("loading ..."))

        def done(result, iid=insp.id):
            if iid != self._image_for:
                return  # the inspector moved on
            img, heat, error = result
            if img is None:
                self.viewer.clear(error or self.tr("no image"))
            else:
                self.viewer.set_image(img)
                if heat is not None:
                    # outline what made the part WARN/NG: the heatmap at or above the model's warn threshold
                    thr = (insp.detail.get("thresholds") or {}).get("warn") or DEFAULT_OUTLINE_THRESHOLD
                    self.viewer.set_heatmap(heat, threshold=float(thr))
            self.sig_image_loaded.emit(iid)

        run_async(load_images, insp.image_path, insp.heatmap_path, on_done=done,
                  on_error=lambda exc: self.viewer.clear(self.tr("image not loaded: {0}").format(exc)), owner=self)

    # ------------------------------------------------------------------ review
    def _user(self):
        return getattr(self.session, "user", None)

    def _update_buttons(self, *_user) -> None:
        insp = self.selected()
        has = insp is not None and self.store is not None and not self._busy
        final_ai = has and insp.ai_verdict in ("ok", "ng")
        self.accept_button.setEnabled(bool(final_ai))
        self.accept_button.setToolTip("" if final_ai or not has else
                                      self.tr("WARN and ERROR are not final verdicts: decide OK or NG with a reason"))
        self.ok_button.setEnabled(has and insp.ai_verdict != "ok" or (has and insp.reviewed))
        self.ng_button.setEnabled(has and insp.ai_verdict != "ng" or (has and insp.reviewed))
        if has:
            # two lines: what the button does, and the part it does it to
            part = insp.serial or f"#{insp.id}"
            self.accept_button.setText(self.tr("Accept AI verdict ({0})").format(verdict_text(insp.ai_verdict))
                                       + "\n" + part if final_ai else self.tr("Accept AI verdict"))
            decide = insp.ai_verdict in ("warn", "error", None) and not insp.reviewed
            self.ok_button.setText((self.tr("Decide OK") if decide else self.tr("Override to OK")) + "\n" + part)
            self.ng_button.setText((self.tr("Decide NG") if decide else self.tr("Override to NG")) + "\n" + part)
        else:
            self.accept_button.setText(self.tr("Accept AI verdict"))
            self.ok_button.setText(self.tr("Override to OK"))
            self.ng_button.setText(self.tr("Override to NG"))
        user = self._user()
        access = self.runtime.access
        if access is not None and not access.allowed(user, "inspection.override"):
            for b in (self.accept_button, self.ok_button, self.ng_button):  # refused before anything is chosen
                b.setEnabled(False)
        if user is None:
            self.user_hint.setText(self.tr("Log in as inspector, engineer or admin to review"))
        elif access is not None and not access.allowed(user, "inspection.override"):
            self.user_hint.setText(self.tr("{0} '{1}' may not review inspections (inspector, engineer, admin)").format(
                role_text(user.role), user.name))
        else:
            self.user_hint.setText(self.tr("Reviewing as {0} ({1})").format(user.name, role_text(user.role)))

    def reason(self) -> str | None:
        i = self.reason_combo.currentIndex()
        return None if i <= 0 else (self.reason_combo.currentData() or self.reason_combo.currentText())

    def set_reason(self, code: str | None) -> None:
        self.reason_combo.setCurrentIndex(0 if not code else max(0, self.reason_combo.findData(code)))

    def accept_ai(self) -> None:
        insp = self.selected()
        if insp is None:
            return
        if insp.ai_verdict not in ("ok", "ng"):
            self._show_message(self.tr("Refused: '{0}' is not a final verdict - decide OK or NG with a reason code").format(
                verdict_text(insp.ai_verdict)), error=True)
            self.sig_review_done.emit(False, self.message.text())
            return
        self._submit(insp, insp.ai_verdict)

    def override(self, final_verdict: str) -> None:
        insp = self.selected()
        if insp is None:
            return
        self._submit(insp, final_verdict)

    def _ask(self, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Inspection"), question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _submit(self, insp, final_verdict: str) -> None:
        if insp.reviewed and self.confirm is not None and not self.confirm(
                self.tr("Part {0} was already decided {1} by {2}. Change the decision to {3}?").format(
                    insp.serial or insp.id, verdict_text(insp.final_verdict), insp.reviewer or "?",
                    verdict_text(final_verdict))):
            return
        user = self._user()
        code, comment = self.reason(), self.comment_edit.text().strip() or None
        store, access = self.store, self.runtime.access
        self._busy = True
        self._update_buttons()
        self._show_message(self.tr("Saving ..."), error=False)

        refused_text = self.tr("Refused: log in as inspector, engineer or admin to review inspections")

        def work():
            if user is None:
                from hmi.inspection.records import ReviewRefused

                raise ReviewRefused(refused_text)
            return store.review(insp.id, user, final_verdict, code, comment, access=access)

        run_async(work, on_done=self._reviewed, on_error=self._refused)

    def _reviewed(self, insp) -> None:
        self._busy = False
        self._selected_cache = insp
        self.model.replace(insp)
        self._release_hold = True  # the inspector's action is done: the next refresh may rearrange the queue
        self._show_detail(insp)
        msg = self.tr("Part {0}: {1}").format(insp.serial or insp.id, review_text(insp)) + (
            self.tr(" - reason: {0}").format(tr_message(reason_message(insp.reason_code))) if insp.reason_code else "")
        self._show_message(msg, error=False)
        self.reason_combo.setCurrentIndex(0)
        self.comment_edit.clear()
        self._update_buttons()
        self.sig_review_done.emit(True, msg)
        self.refresh()

    def _refused(self, exc: BaseException) -> None:
        self._busy = False
        text = tr_message(exc)
        prefix = self.tr("Refused: {0}").format("").strip().lower()
        if not text.lower().startswith(("refused", prefix)):
            text = self.tr("Refused: {0}").format(text)
        self._show_message(text, error=True)
        self._update_buttons()
        self.sig_review_done.emit(False, text)

    def _show_message(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(error_style() if error else ok_style())
        self.message.setVisible(bool(text))

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisible() else ""


__all__ = ["InspectionPage", "InspectionQueueModel", "load_images", "verdict_text", "verdict_colours"]
