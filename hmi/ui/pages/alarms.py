"""Alarm summary page (ISA-18.2): every annunciated alarm, most urgent first, and the operator actions.

Table: priority (colour + shape + number + word), time raised, equipment, tag, message, value/limit,
state in words; unacknowledged rows are bold and their state cell blinks.  The selected alarm's cause
and corrective action are shown beside the table.  Actions (acknowledge, acknowledge all visible,
shelve with duration and required reason, unshelve, out of service with required reason, return to
service, reset latched) go through ``runtime.access`` with the logged-in user on a worker thread; a
refusal shows the :class:`~hmi.security.access.PermissionDenied` message in the page's message bar.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFormLayout, QFrame, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QSizePolicy, QTableView,
                               QVBoxLayout, QWidget)

from hmi.alarms.model import ANNUNCIATED, UNACKED, AlarmError, AlarmState
from hmi.security.access import PermissionDenied
from hmi.ui.alarm_bridge import AlarmSnapshot, format_alarm_value, run_async, state_text
from hmi.ui.held_rows import RowsModel, apply_rows
from hmi.ui.i18n import plant_text, tag_label, tr_message
from widgets.retranslate import retext
from hmi.ui.login import error_style, ok_style, role_text
from widgets import theme
from widgets.locale_format import format_datetime, format_time
from hmi.config import PlantConfig
from hmi.services import AccessGate, AlarmSource, Connector, connect
from hmi.ui.layout import grid_of, hbox, hsplit

TOUCH_PX = 44
BLINK_MS = 600
COLUMNS = (QT_TRANSLATE_NOOP("AlarmTableModel", "Priority"), QT_TRANSLATE_NOOP("AlarmTableModel", "Raised"),
           QT_TRANSLATE_NOOP("AlarmTableModel", "Equipment"), QT_TRANSLATE_NOOP("AlarmTableModel", "Tag"),
           QT_TRANSLATE_NOOP("AlarmTableModel", "Message"), QT_TRANSLATE_NOOP("AlarmTableModel", "Value / limit"),
           QT_TRANSLATE_NOOP("AlarmTableModel", "State"))
C_PRIO, C_TIME, C_EQ, C_TAG, C_MSG, C_VALUE, C_STATE = range(len(COLUMNS))

#: state filter name -> states shown (None: every configured alarm)
STATE_FILTERS = {
    QT_TRANSLATE_NOOP("AlarmsPage", "Annunciated"): ANNUNCIATED,
    QT_TRANSLATE_NOOP("AlarmsPage", "Unacknowledged"): UNACKED,
    QT_TRANSLATE_NOOP("AlarmsPage", "Shelved"): frozenset({AlarmState.SHELVED}),
    QT_TRANSLATE_NOOP("AlarmsPage", "Out of service"): frozenset({AlarmState.OUT_OF_SERVICE}),
    QT_TRANSLATE_NOOP("AlarmsPage", "Suppressed by design"): frozenset({AlarmState.SUPPRESSED}),
    QT_TRANSLATE_NOOP("AlarmsPage", "All configured"): None,
}
#: shelving durations offered (label, seconds)
SHELVE_CHOICES = ((QT_TRANSLATE_NOOP("AlarmsPage", "15 min"), 900), (QT_TRANSLATE_NOOP("AlarmsPage", "30 min"), 1800),
                  (QT_TRANSLATE_NOOP("AlarmsPage", "1 h"), 3600), (QT_TRANSLATE_NOOP("AlarmsPage", "2 h"), 7200),
                  (QT_TRANSLATE_NOOP("AlarmsPage", "4 h"), 14400), (QT_TRANSLATE_NOOP("AlarmsPage", "8 h"), 28800),
                  (QT_TRANSLATE_NOOP("AlarmsPage", "12 h"), 43200), (QT_TRANSLATE_NOOP("AlarmsPage", "24 h"), 86400))


def sort_key(v):
    """Most urgent first: priority, unacknowledged first, newest first (as AlarmEngine.active())."""
    return (v.priority, v.state not in UNACKED, -(v.raised_at or 0.0))


def fmt_time(ts: float | None) -> str:
    if not ts:
        return "---"
    lt = time.localtime(ts)
    if time.strftime("%Y-%m-%d", lt) == time.strftime("%Y-%m-%d"):
        return format_time(ts)
    return format_datetime(ts)


def _alarm_key(v) -> str:
    return v.alarm_id


def alarm_tag_text(v) -> str:
    """The tag of an alarm as the operator reads it, in the UI language: its label (the plant file's
    translation of "Bushing temp"), "communication" for a COMM alarm, "anomaly" for the scorer's alarm."""
    if v.kind == "COMM":
        return QCoreApplication.translate("AlarmTableModel", "communication")
    name = v.tag.split(".", 1)[-1]
    if name == "anomaly":
        return QCoreApplication.translate("AlarmTableModel", "anomaly")
    return tag_label(name)


class AlarmTableModel(RowsModel):
    """Rows: :class:`~hmi.alarms.model.AlarmView` objects; ``plant`` gives names and units."""

    COLUMNS = COLUMNS
    CONTEXT = "AlarmTableModel"

    def __init__(self, plant, parent=None):
        super().__init__(parent)
        self.plant = plant
        self.waiting: list = []  # alarms held back while the operator acts on a row
        self.blink_on = True
        self._eq_names = plant.source_names()
        self._units = {t.key: t.unit for t in plant.tags}
        self._bold = QFont(theme.font(theme.FONT_SIZE, bold=True))

    def set_rows(self, rows: list, *, hold: bool = False) -> None:
        """New rows.  ``hold``: the operator is acting on a row, so none moves: known alarms are updated in place,
        those that left the filter stay until the hold ends, new ones wait in :attr:`waiting` to be announced."""
        self.waiting = apply_rows(self, rows, _alarm_key, hold=hold)

    def text(self, row: int, col: int) -> str:
        v = self.rows[row]
        if col == C_PRIO:
            return theme.priority_label(v.priority)
        if col == C_TIME:
            return fmt_time(v.raised_at)
        if col == C_EQ:
            return plant_text(self._eq_names.get(v.equipment, v.equipment))
        if col == C_TAG:
            return alarm_tag_text(v)
        if col == C_MSG:
            return tr_message(v.message)
        if col == C_VALUE:
            return format_alarm_value(v, plant_text(self._units.get(v.tag, "")))
        if col == C_STATE:
            return state_text(v)
        return ""

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        v = self.rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            return self.text(index.row(), col)
        if role == Qt.FontRole and v.state in UNACKED:
            return self._bold
        if role == Qt.BackgroundRole:
            if col == C_PRIO:
                return QColor(theme.priority_colour(v.priority))
            if col == C_STATE and v.state in UNACKED and self.blink_on:
                return QColor(theme.priority_colour(v.priority))
        if role == Qt.ForegroundRole:
            if col == C_PRIO or (col == C_STATE and v.state in UNACKED and self.blink_on):
                return QColor(theme.priority_text_colour(v.priority))
            if v.state not in ANNUNCIATED:
                return QColor(theme.TEXT_DIM)
        if role == Qt.ToolTipRole:
            return f"{v.alarm_id}\n{v.message}"
        if role == Qt.UserRole:
            return v.alarm_id
        return None

    def toggle_blink(self) -> None:
        self.blink_on = not self.blink_on
        for r, v in enumerate(self.rows):
            if v.state in UNACKED:
                i = self.index(r, C_STATE)
                self.dataChanged.emit(i, i, [Qt.BackgroundRole, Qt.ForegroundRole])


# ================================================================================ dialogs
class ReasonDialog(QDialog):
    """Asks for a required reason (and, for shelving, a duration). OK stays disabled until a reason is typed."""

    def __init__(self, title: str, prompt: str, parent=None, *, durations=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(460)
        intro = QLabel(prompt, self)
        intro.setWordWrap(True)
        self.duration = None
        form = QFormLayout()
        if durations:
            self.duration = QComboBox(self)
            self.duration.setObjectName("shelve_duration")
            self.duration.setMinimumHeight(TOUCH_PX)
            for label, secs in durations:
                self.duration.addItem(QCoreApplication.translate("AlarmsPage", label), secs)
            self.duration.setCurrentIndex(min(2, self.duration.count() - 1))
            form.addRow(self.tr("Shelve for"), self.duration)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setMinimumHeight(TOUCH_PX)
        self.reason.setPlaceholderText(self.tr("required"))
        form.addRow(self.tr("Reason"), self.reason)
        self.ok = QPushButton(self.tr("OK"), self)
        self.ok.setObjectName("reason_ok")
        self.ok.setMinimumSize(110, TOUCH_PX)
        self.ok.setEnabled(False)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setMinimumSize(110, TOUCH_PX)
        cancel.clicked.connect(self.reject)
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addLayout(hbox(None, cancel, self.ok))

    def values(self) -> tuple[float | None, str]:
        secs = self.duration.currentData() if self.duration is not None else None
        return secs, self.reason.text().strip()


# ================================================================================ page
class AlarmsPage(QWidget):
    """The alarm summary.

    ``AlarmsPage(runtime, alarm_bridge, session, parent=None)``: ``alarm_bridge`` an
    :class:`~hmi.ui.alarm_bridge.AlarmBridge`, ``session`` a :class:`~hmi.ui.login.SessionManager`.

    Signals
    -------
    sig_action_done(str, object)
        an operator action finished; payload: action name ("acknowledge", "shelve", ...) and its result.
    sig_refused(str)
        an action was refused or failed; payload: the message shown.
    """

    sig_action_done = Signal(str, object)
    sig_refused = Signal(str)

    CONNECTORS = (Connector("plant", PlantConfig), Connector("alarms", AlarmSource, optional=True),
                  Connector("access", AccessGate, optional=True))

    def __init__(self, runtime, alarm_bridge, session, parent=None):
        super().__init__(parent)
        self.runtime = connect(self, runtime)
        self.plant = self.runtime.plant
        self.engine = self.runtime.alarms
        self.bridge = alarm_bridge
        self.session = session
        self.snapshot = AlarmSnapshot()
        self._selected_id: str | None = None
        self._release_hold = False
        self.busy = False

        # ---------------------------------------------------------------- message bar
        self.message = QLabel("", self)
        self.message.setObjectName("alarms_message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(TOUCH_PX)
        self.message_close = QPushButton("\u2715", self)
        retext(self, lambda: self.message_close.setToolTip(self.tr("Dismiss")))
        self.message_close.setFixedSize(TOUCH_PX, TOUCH_PX)
        self.message_close.clicked.connect(self.clear_message)
        self.message_bar = QWidget(self)
        mb = QHBoxLayout(self.message_bar)
        mb.setContentsMargins(0, 0, 0, 0)
        mb.addWidget(self.message, 1)
        mb.addWidget(self.message_close)
        self.message_bar.hide()

        # ---------------------------------------------------------------- filters
        self.eq_filter = self._combo("filter_equipment", [(lambda: self.tr("All equipment"), None)] +
                                     [(lambda e=e: plant_text(e.name), e.id) for e in self.plant.equipment])
        self.prio_filter = self._combo("filter_priority", [(lambda: self.tr("All priorities"), None)] +
                                       [(lambda p=p: theme.priority_label(p), p) for p in (1, 2, 3, 4)])
        self.state_filter = self._combo("filter_state", [(lambda k=k: QCoreApplication.translate("AlarmsPage", k), k)
                                                         for k in STATE_FILTERS])
        self.count_label = QLabel("", self)
        self.count_label.setProperty("role", "dim")
        filters = QHBoxLayout()
        for lab, w in ((lambda: self.tr("Equipment"), self.eq_filter), (lambda: self.tr("Priority"), self.prio_filter),
                       (lambda: self.tr("Show"), self.state_filter)):
            label = QLabel(self)
            retext(self, lambda label=label, lab=lab: label.setText(lab()))
            filters.addWidget(label)
            filters.addWidget(w)
            filters.addSpacing(10)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        # ---------------------------------------------------------------- table
        self.model = AlarmTableModel(self.plant, self)
        self.table = QTableView(self)
        self.table.setObjectName("alarm_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(TOUCH_PX)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeToContents)  # a few dozen rows at most: cheap
        hh.setSectionResizeMode(C_MSG, QHeaderView.Stretch)
        hh.setMinimumSectionSize(60)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty_label = QLabel("", self)
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setProperty("role", "dim")

        # ---------------------------------------------------------------- details + actions
        details = QFrame(self)
        details.setProperty("role", "panel")
        details.setMinimumWidth(360)
        self.detail_title = QLabel(details)
        self.detail_title.setProperty("role", "title")
        self.detail_title.setWordWrap(True)
        self.detail_text = QLabel("", details)
        self.detail_text.setObjectName("alarm_details")
        self.detail_text.setWordWrap(True)
        self.detail_text.setTextFormat(Qt.RichText)
        self.detail_text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.detail_text.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        self.comment = QLineEdit(details)
        self.comment.setObjectName("ack_comment")
        self.comment.setMinimumHeight(TOUCH_PX)
        retext(self, lambda: self.comment.setPlaceholderText(self.tr("Comment (optional)")))
        self.ack_button = self._button("ack")
        self.ack_all_button = self._button("ack_all")
        self.shelve_button = self._button("shelve")
        self.unshelve_button = self._button("unshelve")
        self.oos_button = self._button("oos")
        self.rts_button = self._button("rts")
        self.reset_button = self._button("reset")
        # the buttons that name their target get their text from _update_buttons
        retext(self, lambda: self.ack_all_button.setText(self.tr("Acknowledge all shown")))
        retext(self, lambda: self.unshelve_button.setText(self.tr("Unshelve")))
        retext(self, lambda: self.oos_button.setText(self.tr("Out of service\u2026")))
        retext(self, lambda: self.rts_button.setText(self.tr("Return to service")))
        retext(self, lambda: self.reset_button.setText(self.tr("Reset latched")))
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.ack_all_button.clicked.connect(self.acknowledge_visible)
        self.shelve_button.clicked.connect(self.shelve_selected)
        self.unshelve_button.clicked.connect(self.unshelve_selected)
        self.oos_button.clicked.connect(self.out_of_service_selected)
        self.rts_button.clicked.connect(self.return_to_service_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        grid = grid_of([[self.ack_button, self.ack_all_button], [self.shelve_button, self.unshelve_button],
                        [self.oos_button, self.rts_button], [self.reset_button]], spacing=6)
        dl = QVBoxLayout(details)
        dl.setContentsMargins(10, 8, 10, 8)
        dl.addWidget(self.detail_title)
        dl.addWidget(self.detail_text, 1)
        dl.addWidget(self.comment)
        dl.addLayout(grid)
        self.rights_label = QLabel("", details)
        self.rights_label.setObjectName("alarms_rights")
        self.rights_label.setWordWrap(True)
        self.rights_label.setProperty("role", "dim")
        dl.addWidget(self.rights_label)

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.waiting_button = QPushButton("", self)
        self.waiting_button.setObjectName("alarms_waiting")
        self.waiting_button.setMinimumHeight(TOUCH_PX)
        self.waiting_button.hide()
        self.waiting_button.clicked.connect(lambda: self._refilter(release=True))
        ll.addWidget(self.waiting_button)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.empty_label)
        split = hsplit(self, left, details, stretch=(3, 1), sizes=(1000, 380))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.addWidget(self.message_bar)
        lay.addLayout(filters)
        lay.addWidget(split, 1)

        for c in (self.eq_filter, self.prio_filter, self.state_filter):
            c.currentIndexChanged.connect(lambda _i: self._refilter(release=True))
        self._blink = QTimer(self, interval=BLINK_MS, timeout=self.model.toggle_blink)
        self._blink.start()
        if alarm_bridge is not None:
            alarm_bridge.sig_alarms_changed.connect(self.on_alarms_changed)
            self.on_alarms_changed(alarm_bridge.snapshot)
        if session is not None:
            session.sig_user_changed.connect(self._update_buttons)
        self._update_buttons()

    # ------------------------------------------------------------------ construction helpers
    def _combo(self, name: str, items) -> QComboBox:
        """A filter: ``items`` are (text function, data); the texts follow the language."""
        c = QComboBox(self)
        c.setObjectName(name)
        c.setMinimumHeight(TOUCH_PX)
        c.setMinimumWidth(150)
        for i, (text, data) in enumerate(items):
            c.addItem("", data)
            retext(self, lambda c=c, i=i, text=text: c.setItemText(i, text()))
        return c

    def _button(self, name: str) -> QPushButton:
        b = QPushButton(self)
        b.setObjectName(f"alarm_{name}")
        b.setMinimumHeight(TOUCH_PX + 16)  # room for a second line: the alarm the button acts on
        return b

    # ------------------------------------------------------------------ data
    def on_alarms_changed(self, snapshot: AlarmSnapshot) -> None:
        self.snapshot = snapshot
        self._refilter()

    def visible_alarms(self) -> list:
        states = STATE_FILTERS[self.state_filter.currentData()]
        eq, prio = self.eq_filter.currentData(), self.prio_filter.currentData()
        rows = [v for v in self.snapshot.views
                if (states is None or v.state in states) and (eq is None or v.equipment == eq)
                and (prio is None or v.priority == prio)]
        rows.sort(key=sort_key)
        return rows

    def _refilter(self, *_, release: bool = False) -> None:
        rows = self.visible_alarms()
        keep = self._selected_id
        hold = (keep is not None and not release and not self._release_hold
                and any(v.alarm_id == keep for v in self.model.rows))
        self._release_hold = False
        if hold:
            self.model.set_rows(rows, hold=True)  # nothing moves under the operator's finger
        else:
            self.model.set_rows(rows)
            if keep is not None:
                for r, v in enumerate(rows):
                    if v.alarm_id == keep:
                        self.table.selectRow(r)
                        break
                else:
                    self._selected_id = None
        waiting = len(self.model.waiting)
        self.waiting_button.setText(self.tr("{0} more alarms: show them").format(waiting))
        self.waiting_button.setVisible(waiting > 0)
        rows = self.model.rows
        n_unack = sum(1 for v in rows if v.state in UNACKED)
        self.count_label.setText(self.tr("{0} shown, {1} unacknowledged").format(len(rows), n_unack))
        if rows:
            self.empty_label.hide()
        else:
            what = self.state_filter.currentText().lower()
            self.empty_label.setText(self.tr("\u2714 No alarms ({0}) for this filter.").format(what)
                                     if self.state_filter.currentData() == "Annunciated"
                                     else self.tr("No alarms: {0}, for this filter.").format(what))
            self.empty_label.show()
        self._show_details()
        self._update_buttons()

    def selected(self):
        if self._selected_id is None:
            return None
        return next((v for v in self.snapshot.views if v.alarm_id == self._selected_id), None)

    def select_alarm(self, alarm_id: str) -> bool:
        for r, v in enumerate(self.model.rows):
            if v.alarm_id == alarm_id:
                self.table.selectRow(r)
                return True
        return False

    def _selection_changed(self, *_):
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._selected_id = self.model.rows[rows[0].row()].alarm_id
        elif self.model.rowCount() and self._selected_id is not None:
            return  # a model reset cleared the selection; _refilter restores it
        else:
            self._selected_id = None
        self._show_details()
        self._update_buttons()

    def _short(self, v) -> str:
        """The alarm in a few words for a button: "Bushing temp HIHI", "communication COMM"."""
        return f"{alarm_tag_text(v)} {v.kind}"

    def _show_details(self) -> None:
        v = self.selected()
        if v is None:
            self.detail_title.setText(self.tr("Select an alarm"))
            self.detail_text.setText(self.tr("Cause and corrective action of the selected alarm are shown here."))
            return
        esc = lambda s: (s or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
        eq = plant_text(next((e.name for e in self.plant.equipment if e.id == v.equipment), v.equipment))
        unit = plant_text(next((t.unit for t in self.plant.tags if t.key == v.tag), ""))
        self.detail_title.setText(f"{theme.priority_label(v.priority)} \u2014 {tr_message(v.message)}")
        lines = [
            self.tr("<b>State:</b> {0}").format(esc(state_text(v))),
            self.tr("<b>Equipment:</b> {0} &nbsp; <b>Alarm:</b> {1}").format(esc(eq), esc(v.alarm_id)),
            self.tr("<b>Value:</b> {0}").format(esc(format_alarm_value(v, unit))),
            self.tr("<b>Raised:</b> {0}").format(fmt_time(v.raised_at)),
        ]
        if v.acked_at:
            lines.append(self.tr("<b>Acknowledged:</b> {0} by {1}").format(fmt_time(v.acked_at), esc(v.acked_by)))
        if v.reason:
            lines.append(self.tr("<b>Reason:</b> {0}").format(esc(v.reason)))
        if v.latching:
            lines.append(self.tr("<b>Latching:</b> ") + (self.tr("reset needed (condition gone)") if v.needs_reset else
                                                         self.tr("latched, condition still active") if v.latched
                                                         else self.tr("yes")))
        lines.append(self.tr("<br><b>Cause</b><br>{0}").format(esc(tr_message(v.cause)) or self.tr("(not documented)")))
        lines.append(self.tr("<br><b>Corrective action</b><br>{0}").format(
            esc(tr_message(v.action)) or self.tr("(not documented)")))
        self.detail_text.setText("<br>".join(lines))

    def retranslate_ui(self) -> None:
        """Column titles, rows, details, counts and buttons in the new language; selection and hold stay."""
        self.model.retitle()
        self._refilter()

    def _update_buttons(self, *_user) -> None:
        v = self.selected()
        target = "" if v is None else self._short(v)
        # two lines: what the button does, and the alarm it does it to
        self.ack_button.setText(self.tr("Acknowledge") + ("\n" + target if target else ""))
        self.shelve_button.setText(self.tr("Shelve\u2026") + ("\n" + target if target else ""))
        has_engine = self.engine is not None and not self.busy
        self.ack_button.setEnabled(has_engine and v is not None and v.state in UNACKED)
        self.ack_all_button.setEnabled(has_engine and any(r.state in UNACKED for r in self.model.rows))
        self.shelve_button.setEnabled(has_engine and v is not None and v.state != AlarmState.OUT_OF_SERVICE)
        self.unshelve_button.setEnabled(has_engine and v is not None and v.state == AlarmState.SHELVED)
        self.oos_button.setEnabled(has_engine and v is not None and v.state != AlarmState.OUT_OF_SERVICE)
        self.rts_button.setEnabled(has_engine and v is not None and v.state == AlarmState.OUT_OF_SERVICE)
        self.reset_button.setEnabled(has_engine and v is not None and v.latching and v.latched)
        access, user = self.runtime.access, self.session.user if self.session else None
        for b, action in ((self.ack_button, "alarm.acknowledge"), (self.ack_all_button, "alarm.acknowledge"),
                          (self.shelve_button, "alarm.shelve"), (self.unshelve_button, "alarm.shelve"),
                          (self.oos_button, "alarm.out_of_service"), (self.rts_button, "alarm.out_of_service"),
                          (self.reset_button, "alarm.reset")):
            if access is None:
                b.setToolTip(self.tr("no user database on this station: alarm actions are not possible"))
                b.setEnabled(False)
            elif not access.allowed(user, action):
                perm = access.role_table[action]
                b.setToolTip(self.tr("needs {0}").format(tr_message(perm.who())) + ("" if user else self.tr("; log in first")))
                b.setEnabled(False)  # refused before anything is typed: the reason is on the line below
            else:
                b.setToolTip("")
        # what this user may not do, in words, before they try
        if access is None:
            self.rights_label.setText("")
        else:
            refused = [(name, access.role_table[a]) for name, a in (
                (self.tr("acknowledge"), "alarm.acknowledge"), (self.tr("shelve"), "alarm.shelve"),
                (self.tr("take out of service"), "alarm.out_of_service"), (self.tr("reset"), "alarm.reset"))
                if not access.allowed(user, a)]
            if user is None:
                self.rights_label.setText(self.tr("Log in to act on alarms."))
            elif refused:
                self.rights_label.setText(self.tr("{0} ({1}) may not: {2}").format(
                    user.name, role_text(user.role),
                    ", ".join(self.tr("{0} (needs {1})").format(n, tr_message(p.who())) for n, p in refused)))
            else:
                self.rights_label.setText("")
        self.rights_label.setVisible(bool(self.rights_label.text()))

    # ------------------------------------------------------------------ messages
    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setText(("\u26d4 " if error else "\u2714 ") + text)
        self.message.setStyleSheet(error_style() if error else ok_style())
        self.message.setProperty("error", error)
        self.message_bar.show()

    def clear_message(self) -> None:
        self.message.setText("")
        self.message_bar.hide()

    def message_text(self) -> str:
        return self.message.text() if self.message_bar.isVisibleTo(self) else ""

    # ------------------------------------------------------------------ actions
    def _run(self, name: str, fn, *args, done_text=None) -> bool:
        access = self.runtime.access
        if access is None:
            self.show_message(self.tr("No user database on this station: alarm actions are not possible."))
            return False
        if self.engine is None:
            return False
        user = self.session.user if self.session is not None else None
        self.busy = True
        self._update_buttons()

        def ok(result):
            self.busy = False
            self._release_hold = True  # the operator's action is done: the list may re-sort now
            text = done_text(result) if callable(done_text) else done_text
            if text:
                self.show_message(text, error=False)
            if self.bridge is not None:
                self.bridge.refresh()
            self._update_buttons()
            self.sig_action_done.emit(name, result)

        def failed(exc):
            self.busy = False
            if isinstance(exc, (PermissionDenied, AlarmError)):
                text = tr_message(exc)
            else:
                text = self.tr("{0} failed: {1}").format(name, exc)
            self.show_message(text)
            self._update_buttons()
            self.sig_refused.emit(text)

        run_async(getattr(access, fn), user, self.engine, *args, on_done=ok, on_error=failed)
        return True

    def _comment(self) -> str | None:
        c = self.comment.text().strip()
        return c or None

    def acknowledge_selected(self) -> bool:
        v = self.selected()
        if v is None:
            return False
        comment = self._comment()
        self.comment.clear()
        return self._run("acknowledge", "acknowledge", [v.alarm_id], comment,
                         done_text=lambda ids: self.tr("Acknowledged: {0}").format(v.message) if ids
                         else self.tr("Nothing to acknowledge"))

    def acknowledge_visible(self) -> bool:
        ids = [v.alarm_id for v in self.model.rows if v.state in UNACKED]
        if not ids:
            self.show_message(self.tr("Nothing to acknowledge in the alarms shown."), error=False)
            return False
        comment = self._comment()
        self.comment.clear()
        return self._run("acknowledge", "acknowledge", ids, comment,
                         done_text=lambda done: self.tr("Acknowledged 1 alarm") if len(done) == 1
                         else self.tr("Acknowledged {0} alarms").format(len(done)))

    def _max_shelve(self) -> float:
        return float(getattr(self.engine, "max_shelve_s", 86400.0))

    def shelve_selected(self, duration_s: float | None = None, reason: str | None = None) -> bool:
        """Shelve the selected alarm; without arguments a dialog asks for the duration and the reason."""
        v = self.selected()
        if v is None:
            return False
        if reason is None:
            choices = [(t, s) for t, s in SHELVE_CHOICES if s <= self._max_shelve()]
            dlg = ReasonDialog(self.tr("Shelve alarm"), self.tr("Shelve \u201c{0}\u201d? It is hidden from the summary "
                                                                "and the banner until the time runs out.").format(v.message),
                               self, durations=choices)
            if dlg.exec() != QDialog.Accepted:
                return False
            duration_s, reason = dlg.values()
        return self._run("shelve", "shelve", v.alarm_id, float(duration_s or 3600), reason,
                         done_text=self.tr("Shelved: {0}").format(v.message))

    def unshelve_selected(self) -> bool:
        v = self.selected()
        if v is None:
            return False
        return self._run("unshelve", "unshelve", v.alarm_id, self._comment(), done_text=self.tr("Unshelved: {0}").format(v.message))

    def out_of_service_selected(self, reason: str | None = None) -> bool:
        v = self.selected()
        if v is None:
            return False
        if reason is None:
            dlg = ReasonDialog(self.tr("Take alarm out of service"),
                               self.tr("Take \u201c{0}\u201d out of service? It stays out until returned.").format(
                                   v.message), self)
            if dlg.exec() != QDialog.Accepted:
                return False
            reason = dlg.values()[1]
        return self._run("out_of_service", "set_out_of_service", v.alarm_id, reason,
                         done_text=self.tr("Out of service: {0}").format(v.message))

    def return_to_service_selected(self) -> bool:
        v = self.selected()
        if v is None:
            return False
        return self._run("return_to_service", "return_to_service", v.alarm_id, self._comment(),
                         done_text=self.tr("Back in service: {0}").format(v.message))

    def reset_selected(self) -> bool:
        v = self.selected()
        if v is None:
            return False
        return self._run("reset", "reset_alarm", v.alarm_id, self._comment(),
                         done_text=lambda ok: self.tr("Reset: {0}").format(v.message) if ok else self.tr("Nothing to reset"))

    def on_shown(self) -> None:
        if self.bridge is not None:
            self.bridge.refresh()
