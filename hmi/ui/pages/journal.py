"""Alarm journal page: search the persisted alarm events, export them as CSV, and rate the alarm
system's health (ISA-18.2 / EEMUA 191: flood, top 10, chattering, average rate).

Every query runs on a worker thread (``runtime.journal.query``) and comes back to the GUI thread
through :func:`hmi.ui.alarm_bridge.run_async`; so does the CSV export.  While the page is shown it
refreshes itself shortly after new alarm events (the journal writes them within about a second).
"""
from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, Qt,
                            QTimer, Signal)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateTimeEdit, QFileDialog, QFrame,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from collections.abc import Callable

from hmi.alarms import health
from hmi.ui.alarm_bridge import run_async, state_word
from hmi.ui.held_rows import RowsModel
from hmi.ui.i18n import plant_text, tr_message
from hmi.ui.login import error_style, ok_style
from widgets.retranslate import retext
from widgets import theme
from widgets.locale_format import datetime_edit_format, format_date, format_number, format_time
from hmi.config import PlantConfig
from hmi.services import AlarmSource, Connector, JournalReader, connect
from hmi.ui.layout import hsplit

TOUCH_PX = 44
RANGES = ((QT_TRANSLATE_NOOP("JournalPage", "Last hour"), 3600),
          (QT_TRANSLATE_NOOP("JournalPage", "Last 8 hours"), 8 * 3600),
          (QT_TRANSLATE_NOOP("JournalPage", "Last 24 hours"), 86400),
          (QT_TRANSLATE_NOOP("JournalPage", "Last 7 days"), 7 * 86400),
          (QT_TRANSLATE_NOOP("JournalPage", "Last 30 days"), 30 * 86400),
          (QT_TRANSLATE_NOOP("JournalPage", "Custom"), None))
EVENT_WORDS = {"raised": QT_TRANSLATE_NOOP("JournalEvent", "raised"),
               "cleared": QT_TRANSLATE_NOOP("JournalEvent", "cleared"),
               "acked": QT_TRANSLATE_NOOP("JournalEvent", "acknowledged"),
               "shelved": QT_TRANSLATE_NOOP("JournalEvent", "shelved"),
               "unshelved": QT_TRANSLATE_NOOP("JournalEvent", "unshelved"),
               "suppressed": QT_TRANSLATE_NOOP("JournalEvent", "suppressed"),
               "unsuppressed": QT_TRANSLATE_NOOP("JournalEvent", "unsuppressed"),
               "out_of_service": QT_TRANSLATE_NOOP("JournalEvent", "out of service"),
               "in_service": QT_TRANSLATE_NOOP("JournalEvent", "back in service"),
               "reset": QT_TRANSLATE_NOOP("JournalEvent", "reset")}
COLUMNS = (QT_TRANSLATE_NOOP("JournalPage", "Time"), QT_TRANSLATE_NOOP("JournalPage", "Priority"),
           QT_TRANSLATE_NOOP("JournalPage", "Equipment"),
           QT_TRANSLATE_NOOP("JournalPage", "Message"), QT_TRANSLATE_NOOP("JournalPage", "Event"),
           QT_TRANSLATE_NOOP("JournalPage", "State after"),
           QT_TRANSLATE_NOOP("JournalPage", "Value"), QT_TRANSLATE_NOOP("JournalPage", "User"),
           QT_TRANSLATE_NOOP("JournalPage", "Comment"),
           QT_TRANSLATE_NOOP("JournalPage", "Alarm"))
#: ISA-18.2 rate ratings of hmi.alarms.health.rate_rating (shown through self.tr)
RATING_WORDS = (QT_TRANSLATE_NOOP("JournalPage", "acceptable"), QT_TRANSLATE_NOOP("JournalPage", "manageable"),
                QT_TRANSLATE_NOOP("JournalPage", "overloaded"), QT_TRANSLATE_NOOP("JournalPage", "no data"))
MAX_ROWS = 5000
AUTO_REFRESH_MS = 1500


def fmt_ts(ts: float) -> str:
    ms = int(datetime.fromtimestamp(ts).microsecond / 1000)
    return f"{format_date(ts)} {format_time(ts)}.{ms:03d}"


def event_word(event: str) -> str:
    """A journal event name ("acked") as the screen shows it ("acknowledged"), in the UI language."""
    return QCoreApplication.translate("JournalEvent", EVENT_WORDS[event]) if event in EVENT_WORDS else event


def fmt_value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}" if abs(v) < 1000 else f"{v:.0f}"
    return str(v)


#: fixed column widths (px): nothing is measured per row, whatever the number of events
COLUMN_WIDTHS = (190, 110, 170, 300, 120, 120, 90, 80, 160)


def alarm_text(live: dict[str, str], alarm_id: str, stored: str | None) -> str:
    """An alarm's message in the UI language: the journal stores the English text; the alarm as configured
    now carries its translation (a core message or a plant-file text)."""
    return tr_message(live.get(alarm_id) or stored or "")


class JournalModel(RowsModel):
    """The events found (dicts from the journal), newest first; cells are made when painted, so showing 5000
    events costs what the visible rows cost."""

    COLUMNS = COLUMNS
    CONTEXT = "JournalPage"

    def __init__(self, eq_names: dict[str, str], parent=None, messages: dict[str, str] | None = None):
        super().__init__(parent)
        self.eq_names = eq_names
        self.messages = messages or {}  # alarm id -> its message as configured now (translatable)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def text(self, r: int, c: int) -> str:
        row = self.rows[r]
        if c == 0:
            return fmt_ts(row["ts"])
        if c == 1:
            return theme.priority_label(row["priority"])
        if c == 2:
            return plant_text(self.eq_names.get(row["equipment"], row["equipment"]))
        if c == 3:
            return alarm_text(self.messages, row["alarm_id"], row["message"])
        if c == 4:
            return event_word(row["event"])
        if c == 5:
            return state_word(row["state_after"])
        if c == 6:
            return fmt_value(row["value"])
        return (row["user"] or "", row["comment"] or "", row["alarm_id"])[c - 7]

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return self.text(r, c)
        if c == 1 and role in (Qt.BackgroundRole, Qt.ForegroundRole):
            prio = self.rows[r]["priority"]
            colour = theme.priority_colour(prio) if role == Qt.BackgroundRole else theme.priority_text_colour(prio)
            return QBrush(QColor(colour))
        if c == 4 and role == Qt.FontRole and self.rows[r]["event"] == "raised":
            return self._bold
        return None


def load_journal(journal, t0, t1, equipment, priority, text, limit=MAX_ROWS, now=None) -> dict:
    """Worker: the matching rows (newest first) and the health report of the range (all priorities
    of the chosen equipment, since health is about the operator's load)."""
    rows = journal.query(t0, t1, equipment=equipment, priority=priority, text=text or None, limit=limit)
    load = journal.query(t0, t1, equipment=equipment, event=("raised", "cleared"), limit=None, newest_first=False)
    report = health.health_report(load, now=now if now is not None else min(t1, time.time()), t0=t0, t1=t1)
    return {"rows": rows, "health": report, "truncated": len(rows) >= limit}


class JournalPage(QWidget):
    """Alarm journal and alarm-system health.

    ``JournalPage(runtime, alarm_bridge=None, parent=None)``; needs ``runtime.journal`` (None: the
    page says there is no database).

    Signals
    -------
    sig_loaded(int)
        a search finished; payload: number of rows shown.
    sig_exported(str, int)
        a CSV export finished; payload: path, rows written.
    """

    sig_loaded = Signal(int)
    sig_exported = Signal(str, int)

    CONNECTORS = (Connector("plant", PlantConfig), Connector("journal", JournalReader, optional=True),
                  Connector("clock", Callable, optional=True),
                  Connector("alarms", AlarmSource, optional=True))  # its messages, in the UI language

    def __init__(self, runtime, alarm_bridge=None, parent=None):
        super().__init__(parent)
        self.runtime = connect(self, runtime)
        self.journal = self.runtime.journal
        self.plant = self.runtime.plant
        self.rows: list[dict] = []
        self.report = None
        self._result: dict | None = None  # the last search's result
        self.loading = False
        self._again = False
        self._eq_names = self.plant.source_names()
        alarms = self.runtime.alarms
        self._messages = {v.alarm_id: v.message for v in alarms.views()} if alarms is not None else {}

        # ---------------------------------------------------------------- search bar
        self.range_combo = QComboBox(self)
        self.range_combo.setObjectName("journal_range")
        for i, (text, secs) in enumerate(RANGES):
            self.range_combo.addItem("", secs)
            retext(self, lambda i=i, text=text: self.range_combo.setItemText(i, self.tr(text)))
        self.range_combo.setCurrentIndex(2)
        now = QDateTime.fromMSecsSinceEpoch(int((self.runtime.clock or time.time)() * 1000))  # the plant's time
        self.from_edit = QDateTimeEdit(now.addSecs(-86400), self)
        self.to_edit = QDateTimeEdit(now, self)
        for e in (self.from_edit, self.to_edit):
            e.setDisplayFormat(datetime_edit_format())
            e.setCalendarPopup(True)
            e.setMinimumHeight(TOUCH_PX)
            e.setEnabled(False)
        self.eq_combo = QComboBox(self)
        self.eq_combo.setObjectName("journal_equipment")
        self.eq_combo.addItem("", None)
        retext(self, lambda: self.eq_combo.setItemText(0, self.tr("All equipment")))
        for i, e in enumerate(self.plant.equipment, start=1):
            self.eq_combo.addItem("", e.id)
            retext(self, lambda i=i, e=e: self.eq_combo.setItemText(i, plant_text(e.name)))
        self.prio_combo = QComboBox(self)
        self.prio_combo.setObjectName("journal_priority")
        self.prio_combo.addItem("", None)
        retext(self, lambda: self.prio_combo.setItemText(0, self.tr("All priorities")))
        for p in (1, 2, 3, 4):
            self.prio_combo.addItem("", p)
            retext(self, lambda p=p: self.prio_combo.setItemText(p, theme.priority_label(p)))
        self.text_edit = QLineEdit(self)
        self.text_edit.setObjectName("journal_text")
        retext(self, lambda: self.text_edit.setPlaceholderText(self.tr("text in message, alarm, user, comment")))
        self.text_edit.setClearButtonEnabled(True)
        for w in (self.range_combo, self.eq_combo, self.prio_combo, self.text_edit):
            w.setMinimumHeight(TOUCH_PX)
        self.search_button = QPushButton(self)
        retext(self, lambda: self.search_button.setText(self.tr("Search")))
        self.search_button.setObjectName("journal_search")
        self.export_button = QPushButton(self)
        retext(self, lambda: self.export_button.setText(self.tr("Export CSV\u2026")))
        self.export_button.setObjectName("journal_export")
        for b in (self.search_button, self.export_button):
            b.setMinimumSize(110, TOUCH_PX)
        self.search_button.clicked.connect(self.search)
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.text_edit.returnPressed.connect(self.search)
        self.range_combo.currentIndexChanged.connect(self._range_changed)
        for c in (self.eq_combo, self.prio_combo):
            c.currentIndexChanged.connect(self.search)

        bar = QHBoxLayout()
        bar.addWidget(self.range_combo)
        bar.addWidget(self.from_edit)
        to_label = QLabel(self)
        retext(self, lambda: to_label.setText(self.tr("to")))
        bar.addWidget(to_label)
        bar.addWidget(self.to_edit)
        bar.addWidget(self.eq_combo)
        bar.addWidget(self.prio_combo)
        bar.addWidget(self.text_edit, 1)
        bar.addWidget(self.search_button)
        bar.addWidget(self.export_button)

        self.status = QLabel("", self)
        self.status.setObjectName("journal_status")
        self.status.setWordWrap(True)

        # ---------------------------------------------------------------- table
        self.model = JournalModel(self._eq_names, self, messages=self._messages)
        self.table = QTableView(self)
        self.table.setObjectName("journal_table")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.Interactive)
        for c, w in enumerate(COLUMN_WIDTHS):
            hh.resizeSection(c, w)
        hh.setStretchLastSection(True)

        # ---------------------------------------------------------------- health panel
        hp = QFrame(self)
        hp.setProperty("role", "panel")
        hp.setMinimumWidth(380)
        title = QLabel(hp)
        retext(self, lambda: title.setText(self.tr("Alarm system health")))
        title.setProperty("role", "title")
        self.flood_label = QLabel("", hp)
        self.flood_label.setObjectName("health_flood")
        self.flood_label.setWordWrap(True)
        self.flood_label.setMinimumHeight(TOUCH_PX)
        self.rate_label = QLabel("", hp)
        self.rate_label.setObjectName("health_rate")
        self.rate_label.setWordWrap(True)
        self.top_table = QTableWidget(0, 3, hp)
        self.top_table.setObjectName("health_top")
        retext(self, lambda: self.top_table.setHorizontalHeaderLabels(
            (self.tr("Alarm"), self.tr("Priority"), self.tr("Raised"))))
        self.top_table.verticalHeader().hide()
        self.top_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.top_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.top_table.setColumnWidth(1, 80)
        self.top_table.setColumnWidth(2, 60)
        self.chatter_label = QLabel("", hp)
        self.chatter_label.setObjectName("health_chattering")
        self.chatter_label.setWordWrap(True)
        hl = QVBoxLayout(hp)
        hl.setContentsMargins(10, 8, 10, 8)
        hl.addWidget(title)
        hl.addWidget(self.flood_label)
        hl.addWidget(self.rate_label)
        top_title, chatter_title = QLabel(hp), QLabel(hp)
        retext(self, lambda: top_title.setText(self.tr("<b>Top 10 most frequent</b>")))
        retext(self, lambda: chatter_title.setText(self.tr("<b>Chattering</b> (\u2265 3 raise/clear cycles in 60 s)")))
        hl.addWidget(top_title)
        hl.addWidget(self.top_table, 1)
        hl.addWidget(chatter_title)
        hl.addWidget(self.chatter_label)

        split = hsplit(self, self.table, hp, stretch=(3, 1), sizes=(1000, 420))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.addLayout(bar)
        lay.addWidget(self.status)
        lay.addWidget(split, 1)

        self._auto = QTimer(self, singleShot=True, interval=AUTO_REFRESH_MS, timeout=self._auto_refresh)
        if alarm_bridge is not None:
            alarm_bridge.sig_event.connect(self._on_event)
        if self.journal is None:
            for w in (self.search_button, self.export_button, self.text_edit, self.eq_combo, self.prio_combo,
                      self.range_combo):
                w.setEnabled(False)
            self._status(self.tr("No database on this station: there is no alarm journal."), error=True)
            self._show_health(None)

    # ------------------------------------------------------------------ range
    def _range_changed(self) -> None:
        custom = self.range_combo.currentData() is None
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if not custom:
            self.search()

    def time_range(self) -> tuple[float, float]:
        secs = self.range_combo.currentData()
        if secs is None:
            return (self.from_edit.dateTime().toSecsSinceEpoch(), self.to_edit.dateTime().toSecsSinceEpoch() + 60.0)
        now = (self.runtime.clock or time.time)()  # the plant's time (simulated in the demo)
        return now - secs, now + 1.0

    def filters(self) -> dict:
        return {"equipment": self.eq_combo.currentData(), "priority": self.prio_combo.currentData(),
                "text": self.text_edit.text().strip() or None}

    # ------------------------------------------------------------------ search
    def search(self) -> bool:
        if self.journal is None:
            return False
        if self.loading:
            self._again = True
            return False
        self.loading = True
        t0, t1 = self.time_range()
        f = self.filters()
        self._status(self.tr("Searching\u2026"))
        run_async(load_journal, self.journal, t0, t1, f["equipment"], f["priority"], f["text"],
                  now=min(t1, (self.runtime.clock or time.time)()), on_done=self._loaded, on_error=self._failed)
        return True

    def _loaded(self, result: dict) -> None:
        self.loading = False
        self._result = result
        self._render(result)
        self.sig_loaded.emit(len(self.rows))
        if self._again:
            self._again = False
            self.search()

    def retranslate_ui(self) -> None:
        """The rows, the health panel and the status line in the new language (the search stays as it was)."""
        self.model.retitle()
        if self.journal is None:
            self._status(self.tr("No database on this station: there is no alarm journal."), error=True)
            self._show_health(None)
        elif self._result is not None:
            self._render(self._result)

    def _render(self, result: dict) -> None:
        self.rows = result["rows"]
        self.report = result["health"]
        self._fill_table()
        self._show_health(self.report)
        n = len(self.rows)
        more = self.tr(" (the newest {0}; narrow the search for older ones)").format(MAX_ROWS) if result["truncated"] else ""
        self._status((self.tr("1 event{0}, newest first.").format(more) if n == 1 else
                      self.tr("{0} events{1}, newest first.").format(n, more)) if n else
                     self.tr("No alarm events for this search."))

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self._again = False
        self._status(self.tr("Journal search failed: {0}").format(exc), error=True)

    def _status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(error_style() if error else "")

    def _fill_table(self) -> None:
        self.model.set_rows(self.rows)

    def events(self) -> list[tuple[str, str]]:
        """(alarm id, event) of the rows shown, top to bottom (for tests)."""
        return [(r["alarm_id"], r["event"]) for r in self.rows]

    # ------------------------------------------------------------------ health
    def _show_health(self, rep) -> None:
        if rep is None:
            self.flood_label.setText(self.tr("No data."))
            self.rate_label.setText("")
            self.chatter_label.setText("")
            self.top_table.setRowCount(0)
            return
        fl = rep.flood
        if fl.in_flood_now:
            self.flood_label.setText(self.tr("\u26a0 ALARM FLOOD NOW: {0} alarms in the last {1} min (more than {2})").format(
                fl.raised_in_last_window, f"{fl.window_s / 60:g}", fl.threshold))
            self.flood_label.setStyleSheet(error_style())
        elif fl.flooded:
            worst = fl.max_window_start
            when = format_time(worst, seconds=False) if worst else "?"
            self.flood_label.setText(self.tr("\u26a0 {0} flood period(s) in this range (worst: {1} alarms in {2} min "
                                             "from {3}); now: {4} in the last {2} min").format(
                len(fl.periods), fl.max_in_window, f"{fl.window_s / 60:g}", when, fl.raised_in_last_window))
            self.flood_label.setStyleSheet(f"background: {theme.ABNORMAL_BG}; color: {theme.TEXT};"
                                           f" border: 2px solid {theme.ABNORMAL}; padding: 6px 10px;")
        else:
            self.flood_label.setText(self.tr("\u2714 No flood: at most {0} alarms in any {1} min (flood: more than {2})").format(
                fl.max_in_window, f"{fl.window_s / 60:g}", fl.threshold))
            self.flood_label.setStyleSheet(ok_style())
        if rep.rate_per_10min is None:
            self.rate_label.setText(self.tr("Average rate: no data ({0} raised)").format(rep.raised))
        else:
            self.rate_label.setText(self.tr("Average rate: <b>{0}</b> alarms per 10 min ({1}; {2} raised in the range). "
                                            "Target \u2264 1 acceptable, \u2264 2 manageable.").format(
                format_number(rep.rate_per_10min, 2), self.tr(rep.rating), rep.raised))
        self.top_table.setRowCount(len(rep.top))
        for r, fa in enumerate(rep.top):
            name = QTableWidgetItem(alarm_text(self._messages, fa.alarm_id, fa.message) or fa.alarm_id)
            name.setToolTip(fa.alarm_id)
            prio = QTableWidgetItem(theme.priority_label(fa.priority, short=True) if fa.priority else "")
            if fa.priority:
                prio.setBackground(QColor(theme.priority_colour(fa.priority)))
                prio.setForeground(QColor(theme.priority_text_colour(fa.priority)))
            count = QTableWidgetItem(str(fa.count))
            count.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            for c, it in enumerate((name, prio, count)):
                self.top_table.setItem(r, c, it)
        if rep.chattering:
            self.chatter_label.setText("\n".join(
                "\u26a0 " + self.tr("{0}: {1} cycles in 60 s ({2} in total)").format(
                    alarm_text(self._messages, c.alarm_id, c.message) or c.alarm_id, c.max_cycles_in_window,
                    c.cycles)
                for c in rep.chattering[:10]))
        else:
            self.chatter_label.setText(self.tr("\u2714 No chattering alarm in this range."))

    # ------------------------------------------------------------------ export
    def export_csv(self, path: str | None = None) -> bool:
        """Export the current search (oldest first, no row limit) on a worker."""
        if self.journal is None:
            return False
        if path is None:
            default = f"alarm_journal_{time.strftime('%Y%m%d_%H%M')}.csv"
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export alarm journal"), default,
                                                  self.tr("CSV files (*.csv)"))
            if not path:
                return False
        t0, t1 = self.time_range()
        f = self.filters()
        self._status(self.tr("Exporting to {0}\u2026").format(path))
        self.export_button.setEnabled(False)

        def done(n: int) -> None:
            self.export_button.setEnabled(True)
            self._status(self.tr("Exported 1 event to {0}").format(path) if n == 1 else
                         self.tr("Exported {0} events to {1}").format(n, path))
            self.sig_exported.emit(path, n)

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self._status(self.tr("Export failed: {0}").format(exc), error=True)

        run_async(self.journal.export_csv, path, t0, t1, equipment=f["equipment"], priority=f["priority"],
                  text=f["text"], on_done=done, on_error=failed)
        return True

    # ------------------------------------------------------------------ live
    def _on_event(self, _ev) -> None:
        if self.journal is not None and self.isVisible() and not self._auto.isActive():
            self._auto.start()

    def _auto_refresh(self) -> None:
        if self.isVisible():
            self.search()

    def on_shown(self) -> None:
        self.search()
