"""Maintenance page: live equipment health, time to threshold, maintenance log and replacement cycles.

    MaintenancePage(runtime, session, parent)

* one health tile per watched machine (``runtime.maintenance``, a
  :class:`~hmi.maintenance.scorer.MaintenanceScorer`): health 0-100 with its trend arrow, the anomaly
  state with the contributing sensors in words, the soonest alarm limit ("Main-shaft bushing
  temperature reaches HIHI 95 °C after ~42 min more running (30 min to 1.0 h)"), the recommended action;
* replacement cycles from the Weibull analysis of the maintenance log (shape, scale, optimal
  interval, next due per component);
* the maintenance log (``runtime.maintenance_log``) with an entry form; entries go through
  ``Access.maintenance_log`` (maintenance role; a refusal is shown).

Database work runs on worker threads (:func:`run_async`); the tiles read the scorer's snapshot (cheap).
"""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDoubleSpinBox, QFormLayout, QFrame,
                               QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from hmi.ui.alarm_bridge import LatestRead, run_async
from hmi.ui.i18n import plant_text, tr_message
from hmi.ui.login import error_style, ok_style
from widgets import theme
from widgets.retranslate import form_row, retext
from widgets.locale_format import date_edit_format, format_date, format_number, format_time
from hmi.config import PlantConfig
from hmi.services import AccessGate, Connector, LiveData, MaintenanceRecords, MaintenanceSource, connect

__all__ = ["MaintenancePage", "HealthTile", "DEFAULT_COMPONENTS"]

#: Component names offered in the entry form per equipment kind (free text is accepted too).  They are stored in
#: English (the log's values, what the replacement cycles group by) and shown in the UI language.
DEFAULT_COMPONENTS = {
    "press": (QT_TRANSLATE_NOOP("MaintenancePage", "main-shaft bushing"),
              QT_TRANSLATE_NOOP("MaintenancePage", "main bearing"), QT_TRANSLATE_NOOP("MaintenancePage", "clutch/brake"),
              QT_TRANSLATE_NOOP("MaintenancePage", "lube pump"), QT_TRANSLATE_NOOP("MaintenancePage", "hydraulic seal")),
    "casting": (QT_TRANSLATE_NOOP("MaintenancePage", "die"), QT_TRANSLATE_NOOP("MaintenancePage", "ladle"),
                QT_TRANSLATE_NOOP("MaintenancePage", "pouring nozzle"),
                QT_TRANSLATE_NOOP("MaintenancePage", "cooling circuit"), QT_TRANSLATE_NOOP("MaintenancePage", "heater")),
}
_KNOWN_COMPONENTS = frozenset(c for names in DEFAULT_COMPONENTS.values() for c in names)
LOG_COLUMNS = (QT_TRANSLATE_NOOP("MaintenancePage", "Date"), QT_TRANSLATE_NOOP("MaintenancePage", "Equipment"),
               QT_TRANSLATE_NOOP("MaintenancePage", "Component"), QT_TRANSLATE_NOOP("MaintenancePage", "Event"),
               QT_TRANSLATE_NOOP("MaintenancePage", "Usage"), QT_TRANSLATE_NOOP("MaintenancePage", "Mode"),
               QT_TRANSLATE_NOOP("MaintenancePage", "Note"), QT_TRANSLATE_NOOP("MaintenancePage", "By"))
CYCLE_COLUMNS = (QT_TRANSLATE_NOOP("MaintenancePage", "Component"),
                 QT_TRANSLATE_NOOP("MaintenancePage", "Failures / censored"),
                 QT_TRANSLATE_NOOP("MaintenancePage", "Shape β"), QT_TRANSLATE_NOOP("MaintenancePage", "Scale η"),
                 QT_TRANSLATE_NOOP("MaintenancePage", "Optimal interval"),
                 QT_TRANSLATE_NOOP("MaintenancePage", "Age now"), QT_TRANSLATE_NOOP("MaintenancePage", "Next due"),
                 QT_TRANSLATE_NOOP("MaintenancePage", "Status"))
#: stored words of the log (English, in the database) -> words on screen
LOG_WORDS = {"replaced": QT_TRANSLATE_NOOP("MaintenancePage", "replaced"),
             "repaired": QT_TRANSLATE_NOOP("MaintenancePage", "repaired"),
             "inspected": QT_TRANSLATE_NOOP("MaintenancePage", "inspected"),
             "failure": QT_TRANSLATE_NOOP("MaintenancePage", "failure"),
             "preventive": QT_TRANSLATE_NOOP("MaintenancePage", "preventive"),
             "h": QT_TRANSLATE_NOOP("MaintenancePage", "h"), "strokes": QT_TRANSLATE_NOOP("MaintenancePage", "strokes")}
CYCLE_STATUS = {"ok": QT_TRANSLATE_NOOP("MaintenancePage", "ok"),
                "due_soon": QT_TRANSLATE_NOOP("MaintenancePage", "DUE SOON"),
                "overdue": QT_TRANSLATE_NOOP("MaintenancePage", "OVERDUE"),
                "run_to_failure": QT_TRANSLATE_NOOP("MaintenancePage", "run to failure"),
                "no_fit": QT_TRANSLATE_NOOP("MaintenancePage", "too few events"),
                "unknown_usage_rate": QT_TRANSLATE_NOOP("MaintenancePage", "usage rate unknown")}


def log_word(word) -> str:
    """A stored log word ("replaced", "preventive", "strokes") as the screen shows it."""
    return QCoreApplication.translate("MaintenancePage", LOG_WORDS[word]) if word in LOG_WORDS else (word or "")


def _clock(ts: float | None) -> str:
    return format_time(ts) if ts else "—"


class HealthTile(QFrame):
    """One machine: health, state, drivers, time to threshold, recommended action."""

    def __init__(self, equipment_id: str, name: str, parent=None):
        super().__init__(parent)
        self.equipment_id = equipment_id
        self.setProperty("role", "panel")
        self.setObjectName(f"health_{equipment_id}")
        self.setMinimumWidth(360)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(6)
        top = QHBoxLayout()
        self.title = QLabel()
        retext(self, lambda: self.title.setText(plant_text(name)))
        self.title.setProperty("role", "title")
        top.addWidget(self.title, 1)
        self.health = QLabel("—")
        self.health.setFont(theme.font(theme.FONT_SIZE_VALUE, bold=True))
        self.health.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        retext(self, lambda: self.health.setToolTip(
            self.tr("Health 0-100: 50 at the anomaly threshold, 0 at a trip limit; arrow = trend")))
        top.addWidget(self.health)
        lay.addLayout(top)
        self.state = QLabel("")
        self.state.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        lay.addWidget(self.state)
        self.drivers = QLabel("")
        self.drivers.setWordWrap(True)
        lay.addWidget(self.drivers)
        self.eta = QLabel("")
        self.eta.setWordWrap(True)
        lay.addWidget(self.eta)
        # the values forecast to leave their normal range within the hour, with what to do (setpoint advice)
        self.forecast = QLabel("")
        self.forecast.setWordWrap(True)
        self.forecast.setObjectName(f"forecast_{equipment_id}")
        lay.addWidget(self.forecast)
        self.action = QLabel("")
        self.action.setWordWrap(True)
        lay.addWidget(self.action)
        lay.addStretch(1)
        # maintenance staff's corrections of this machine's model (each names the machine it acts on)
        fix = QHBoxLayout()
        self.false_btn = QPushButton(self)
        self.false_btn.setObjectName(f"false_{equipment_id}")
        self.false_btn.setMinimumHeight(44)
        retext(self, lambda: self.false_btn.setText(self.tr("False alarm")))
        retext(self, lambda: self.false_btn.setToolTip(
            self.tr("This anomaly on {0} is not a fault: learn this running as normal").format(plant_text(name))))
        self.relearn_btn = QPushButton(self)
        self.relearn_btn.setObjectName(f"relearn_{equipment_id}")
        self.relearn_btn.setMinimumHeight(44)
        retext(self, lambda: self.relearn_btn.setText(self.tr("Re-learn normal running")))
        retext(self, lambda: self.relearn_btn.setToolTip(self.tr(
            "Forget what was learnt on {0} and learn its normal running again "
            "(after a repair or a process change)").format(plant_text(name))))
        fix.addWidget(self.false_btn)
        fix.addWidget(self.relearn_btn)
        lay.addLayout(fix)
        # how often this machine's anomaly detection raised an anomaly, and how many were marked false
        self.events = QLabel("")
        self.events.setWordWrap(True)
        self.events.setProperty("role", "dim")
        lay.addWidget(self.events)
        self.fix_note = QLabel("")
        self.fix_note.setWordWrap(True)
        self.fix_note.setProperty("role", "dim")
        lay.addWidget(self.fix_note)
        self._anomaly = False
        self._fitted = False
        self._allowed = False
        self._why_not = ""
        self._update_buttons()

    def set_allowed(self, allowed: bool, why_not: str = "") -> None:
        """Whether the user may correct the model; ``why_not`` is shown on the tile when not."""
        self._allowed, self._why_not = allowed, why_not
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.false_btn.setEnabled(self._allowed and self._anomaly)
        self.relearn_btn.setEnabled(self._allowed and self._fitted)
        if not self._allowed and self._why_not:
            self.fix_note.setText(self._why_not)
        elif self.fix_note.property("result") is None:  # the outcome of the last correction stays until the next
            self.fix_note.setText("")

    def show_health(self, h) -> None:
        anomaly = h is not None and h.state == "anomaly"
        if anomaly and not self._anomaly:
            self.fix_note.setProperty("result", None)  # a new anomaly: the last correction's outcome is history
        self._anomaly = anomaly
        self._fitted = h is not None and h.state in ("ok", "anomaly")
        self._update_buttons()
        if h is None:
            self.health.setText("—")
            self.state.setText(self.tr("Not watched"))
            for w in (self.drivers, self.eta, self.action, self.forecast, self.events):
                w.setText("")
            return
        if h.health is None:
            self.health.setText("—")
            self.health.setStyleSheet("")
        else:
            colour = theme.ALARM if h.health < 50 else (theme.ABNORMAL if h.health < 70 else theme.TEXT)
            self.health.setText(f"{h.health:.0f} {h.trend_arrow}".strip())
            self.health.setStyleSheet(f"color: {colour};")
        if h.state == "anomaly":
            self.state.setText(self.tr("ANOMALY since {0}").format(_clock(h.anomaly_since)))
            self.state.setStyleSheet(f"background: {theme.ALARM_BG}; color: {theme.TEXT}; padding: 2px 6px;")
            self.drivers.setText(self.tr("Contributing sensors: {0}").format(tr_message(h.explanation)) if h.explanation else "")
        elif h.state == "learning":
            self.state.setText(self.tr("Learning normal running … {0} %").format(f"{100 * h.learned:.0f}"))
            self.state.setStyleSheet(f"color: {theme.TEXT_DIM};")
            self.drivers.setText("")
        elif h.state == "no_data":
            self.state.setText(self.tr("Waiting for data"))
            self.state.setStyleSheet(f"color: {theme.TEXT_DIM};")
            self.drivers.setText("")
        elif h.reached:  # the model sees nothing unusual, but a value stands at an alarm limit
            self.state.setText(self.tr("AT AN ALARM LIMIT"))
            self.state.setStyleSheet(f"background: {theme.ALARM_BG}; color: {theme.TEXT}; padding: 2px 6px;")
            self.drivers.setText("")
        else:
            self.state.setText(self.tr("Normal"))
            self.state.setStyleSheet("")
            self.drivers.setText("")
        ahead = [e for e in h.etas if e.eta is not None and e.eta.eta_s > 0]
        lines = [tr_message(e.text()) for e in ahead[:2]]
        if h.reached:
            lines.append(self.tr("At the limit now: ") + ", ".join(
                f"{plant_text(e.name)} {e.kind} {e.limit:g} {plant_text(e.unit)}".strip() for e in h.reached))
        if not lines and h.state in ("ok", "anomaly"):
            lines.append(self.tr("No value trending towards an alarm limit"))
        self.eta.setText("\n".join(lines))
        nl = h.next_limit
        soon = nl is not None and nl.eta.eta_s < 3600 * 4
        self.eta.setStyleSheet(f"background: {theme.ABNORMAL_BG}; padding: 2px 6px;" if soon else "")
        self.action.setText(self.tr("Recommended: {0}").format(tr_message(h.action)) if h.action else "")
        advice = h.advice
        self.forecast.setText("\n".join(self.tr("Forecast: {0}").format(tr_message(a.text())) for a in advice[:2]))
        self.forecast.setStyleSheet(f"background: {theme.ABNORMAL_BG}; padding: 2px 6px;" if advice else "")
        ev = h.events
        self.events.setText(self.events_text(ev) if ev is not None else "")

    def events_text(self, ev) -> str:
        """"Anomalies: 2 in 3.1 days of running judged (1 marked false: 0.3 a day)"."""
        days = ev.judged_s / 86400.0
        span = self.tr("{0} h").format(f"{ev.judged_s / 3600:.1f}") if days < 2 else self.tr("{0} days").format(
            f"{days:.1f}")
        text = self.tr("Anomalies: {0} in {1} of running judged").format(ev.events, span)
        if ev.false:
            rate = ev.false_per_day
            text += " " + (self.tr("({0} marked false: {1} a day)").format(ev.false, f"{rate:.2g}") if rate is not None
                           else self.tr("({0} marked false)").format(ev.false))
        return text


class MaintenancePage(QWidget):
    """Health tiles, replacement cycles and the maintenance log.  See the module documentation.

    Signals: ``sig_log_loaded(int)`` (log rows shown), ``sig_saved(object)`` (the new entry),
    ``sig_refused(str)`` (a refused or invalid entry or model correction), ``sig_model_changed(str, str)``
    (equipment id, audit action) after a false alarm was marked or normal running is learnt again.

    ``confirm(question) -> bool`` asks before a model correction (default: a Yes/No box; tests pass their own)."""

    sig_log_loaded = Signal(int)
    sig_saved = Signal(object)
    sig_refused = Signal(str)
    sig_model_changed = Signal(str, str)

    CONNECTORS = (Connector("plant", PlantConfig), Connector("live", LiveData, optional=True),
                  Connector("maintenance", MaintenanceSource, optional=True),
                  Connector("maintenance_log", MaintenanceRecords, optional=True),
                  Connector("access", AccessGate, optional=True))

    def __init__(self, runtime, session=None, parent=None, *, refresh_ms: int = 1000):
        super().__init__(parent)
        self.runtime = runtime = connect(self, runtime)
        self.session = session
        self.scorer = runtime.maintenance
        self.mlog = runtime.maintenance_log
        self.report: dict = {}
        self.entries: list = []
        self.tiles: dict[str, HealthTile] = {}
        self.reads = LatestRead(self.load_log)
        self.confirm = self._ask

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 12, 12, 12)
        root.setSpacing(10)
        hdr = QLabel()
        retext(self, lambda: hdr.setText(self.tr("Equipment health")))
        hdr.setProperty("role", "header")
        root.addWidget(hdr)
        tiles = QGridLayout()
        tiles.setSpacing(10)
        snap = self.scorer.snapshot() if self.scorer is not None else {}
        eqs = [e for e in runtime.plant.equipment if e.id in snap] if snap else []
        for i, eq in enumerate(eqs):
            t = HealthTile(eq.id, eq.name, self)
            t.false_btn.clicked.connect(lambda _=False, e=eq.id: self.mark_false(e))
            t.relearn_btn.clicked.connect(lambda _=False, e=eq.id: self.relearn(e))
            self.tiles[eq.id] = t
            tiles.addWidget(t, i // 3, i % 3)
        root.addLayout(tiles)
        self.no_scorer = QLabel()
        retext(self, lambda: self.no_scorer.setText(self.tr("Predictive maintenance is not running on this station.")))
        self.no_scorer.setProperty("role", "dim")
        self.no_scorer.setVisible(not self.tiles)
        root.addWidget(self.no_scorer)

        bottom = QHBoxLayout()
        bottom.setSpacing(10)
        # replacement cycles
        cyc = QGroupBox()
        retext(self, lambda: cyc.setTitle(self.tr("Component replacement cycles (Weibull, from the maintenance log)")))
        cl = QVBoxLayout(cyc)
        self.cycles = QTableWidget(0, len(CYCLE_COLUMNS), self)
        retext(self, lambda: self.cycles.setHorizontalHeaderLabels([self.tr(c) for c in CYCLE_COLUMNS]))
        self._table_style(self.cycles)
        cl.addWidget(self.cycles)
        self.cycles_note = QLabel("")
        self.cycles_note.setWordWrap(True)
        self.cycles_note.setProperty("role", "dim")
        cl.addWidget(self.cycles_note)
        bottom.addWidget(cyc, 1)
        # maintenance log + entry form
        lg = QGroupBox()
        retext(self, lambda: lg.setTitle(self.tr("Maintenance log")))
        ll = QVBoxLayout(lg)
        self.table = QTableWidget(0, len(LOG_COLUMNS), self)
        retext(self, lambda: self.table.setHorizontalHeaderLabels([self.tr(c) for c in LOG_COLUMNS]))
        self._table_style(self.table)
        ll.addWidget(self.table, 1)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight)
        row1 = QHBoxLayout()
        self.equipment = QComboBox(self)
        for i, eq in enumerate(runtime.plant.equipment):
            self.equipment.addItem("", eq.id)
            retext(self, lambda i=i, eq=eq: self.equipment.setItemText(i, plant_text(eq.name)))
        self.equipment.currentIndexChanged.connect(self._equipment_changed)
        self.component = QComboBox(self)
        self.component.setEditable(True)
        self.component.setMinimumWidth(180)
        row1.addWidget(self.equipment, 1)
        row1.addWidget(self.component, 1)
        form_row(self, form, lambda: self.tr("Equipment / component"), row1)
        row2 = QHBoxLayout()
        self.event_kind = QComboBox(self)
        self.mode = QComboBox(self)
        for combo, words in ((self.event_kind, ("replaced", "repaired", "inspected")), (self.mode, ("failure", "preventive"))):
            for i, word in enumerate(words):
                combo.addItem("", word)
                retext(self, lambda combo=combo, i=i, word=word: combo.setItemText(i, log_word(word)))
        self.event_kind.currentIndexChanged.connect(lambda _i: self.mode.setEnabled(self.event_kind.currentData() != "inspected"))
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(date_edit_format())
        row2.addWidget(self.event_kind)
        row2.addWidget(self.mode)
        row2.addWidget(self.date)
        form_row(self, form, lambda: self.tr("Event / mode / date"), row2)
        row3 = QHBoxLayout()
        self.usage = QDoubleSpinBox(self)
        self.usage.setRange(0, 1e12)
        self.usage.setDecimals(0)
        self.usage.setGroupSeparatorShown(True)
        self.usage_unit = QComboBox(self)
        for i, word in enumerate(("h", "strokes")):
            self.usage_unit.addItem("", word)
            retext(self, lambda i=i, word=word: self.usage_unit.setItemText(i, log_word(word)))
        self.usage_fill = QPushButton(self)
        retext(self, lambda: self.usage_fill.setText(self.tr("From counter")))
        retext(self, lambda: self.usage_fill.setToolTip(self.tr("Take the machine's stroke counter now")))
        self.usage_fill.clicked.connect(self.fill_usage)
        row3.addWidget(self.usage, 1)
        row3.addWidget(self.usage_unit)
        row3.addWidget(self.usage_fill)
        form_row(self, form, lambda: self.tr("Usage at event"), row3)
        self.note = QLineEdit(self)
        retext(self, lambda: self.note.setPlaceholderText(self.tr("What was found and done")))
        form_row(self, form, lambda: self.tr("Note"), self.note)
        ll.addLayout(form)
        brow = QHBoxLayout()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        brow.addWidget(self.message, 1)
        self.save_btn = QPushButton(self)
        retext(self, lambda: self.save_btn.setText(self.tr("Add log entry")))
        self.save_btn.clicked.connect(self.save)
        brow.addWidget(self.save_btn)
        ll.addLayout(brow)
        bottom.addWidget(lg, 1)
        root.addLayout(bottom, 1)
        self._equipment_changed()
        if self.mlog is None:
            self.save_btn.setEnabled(False)
            self.message.setText(self.tr("No database: the maintenance log is not available on this station."))
        if session is not None and hasattr(session, "sig_user_changed"):
            session.sig_user_changed.connect(self._update_hint)
        self._update_hint()

        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(refresh_ms)
        self.refresh()
        self.load_log()

    def retranslate_ui(self) -> None:
        """Tiles, tables, date and hints in the new language (what is typed in the form stays)."""
        self.date.setDisplayFormat(date_edit_format())
        self._equipment_changed()  # the offered components in the new language (the chosen one stays)
        self.refresh()
        self._fill_log()
        self._fill_cycles()
        if self.mlog is None:
            self.message.setText(self.tr("No database: the maintenance log is not available on this station."))
        self._update_hint()

    def _ask(self, question: str) -> bool:
        box = QMessageBox(QMessageBox.Question, self.tr("Maintenance"), question,
                          QMessageBox.Yes | QMessageBox.Cancel, self)
        box.setDefaultButton(QMessageBox.Cancel)
        return box.exec() == QMessageBox.Yes

    @staticmethod
    def _table_style(t: QTableWidget) -> None:
        t.setEditTriggers(QAbstractItemView.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectRows)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        t.horizontalHeader().setStretchLastSection(True)

    # ------------------------------------------------------------------ health tiles
    def refresh(self) -> None:
        if self.scorer is None:
            return
        snap = self.scorer.snapshot()
        for eq_id, tile in self.tiles.items():
            tile.show_health(snap.get(eq_id))

    # ------------------------------------------------------------------ log
    def user(self):
        return getattr(self.session, "user", None) if self.session is not None else None

    def _update_model_rights(self) -> None:
        access = self.runtime.access
        u = self.user()
        ok = access is None or access.allowed(u, "maintenance.model")
        why = "" if ok else self.tr("Marking false alarms and re-learning need the maintenance role (logged in: {0})."
                                    ).format(u.name if u is not None else self.tr("nobody"))
        for t in self.tiles.values():
            t.set_allowed(ok, why)

    def _model_action(self, equipment_id: str, action: str, apply, question: str) -> None:
        """Confirm, check and audit (worker thread), then apply ``apply(equipment_id)`` to the scorer."""
        tile = self.tiles[equipment_id]
        if self.confirm is not None and not self.confirm(question):
            return
        user, access = self.user(), self.runtime.access
        h = self.scorer.snapshot().get(equipment_id) if self.scorer is not None else None
        detail = {"anomaly_since": h.anomaly_since if h is not None else None,
                  "explanation": str(h.explanation) if h is not None and h.explanation else None}

        def work():
            if access is not None:
                access.maintenance_model(user, action, equipment_id, detail)
            apply(equipment_id)

        def done(_res):
            tile.fix_note.setProperty("result", True)
            tile.fix_note.setText(self.tr("Done: {0}").format(
                self.tr("marked as a false alarm, the model learns this running as normal")
                if action == "maintenance.false_alarm" else self.tr("learning normal running again")))
            self.sig_model_changed.emit(equipment_id, action)
            self.refresh()

        def failed(exc):
            tile.fix_note.setProperty("result", True)
            tile.fix_note.setText(self.tr("Refused: {0}").format(tr_message(exc)))
            self.sig_refused.emit(str(exc))

        run_async(work, on_done=done, on_error=failed, owner=self)

    def mark_false(self, equipment_id: str) -> None:
        """The anomaly on ``equipment_id`` is a false alarm (maintenance role; audited)."""
        name = self.tiles[equipment_id].title.text()
        self._model_action(equipment_id, "maintenance.false_alarm", self.scorer.mark_false,
                           self.tr("Mark the anomaly on {0} as a false alarm?\nThe model will learn this running as "
                                   "normal; this is recorded in the audit trail.").format(name))

    def relearn(self, equipment_id: str) -> None:
        """Forget the model of ``equipment_id`` and learn its normal running again (maintenance role; audited)."""
        name = self.tiles[equipment_id].title.text()
        self._model_action(equipment_id, "maintenance.relearn", self.scorer.relearn,
                           self.tr("Forget what was learnt on {0} and learn its normal running again from now?\n"
                                   "Do this after a repair or a process change; it is recorded in the audit trail."
                                   ).format(name))

    def _update_hint(self, *_user) -> None:
        self._update_model_rights()
        if self.mlog is None or self.message.property("result"):
            return
        access = self.runtime.access
        u = self.user()
        if access is not None and not access.allowed(u, "maintenance.log"):
            who = u.name if u is not None else self.tr("nobody")
            self.message.setText(self.tr("Logged in: {0}. Log entries need the maintenance role.").format(who))
            self.message.setStyleSheet("")
        else:
            self.message.setText("")

    def _equipment_changed(self, *_):
        eq_id = self.equipment.currentData()
        kind = ""
        try:
            kind = self.runtime.plant.equipment_by_id(eq_id).kind if eq_id else ""
        except KeyError:
            pass
        text = self.component_value()
        self.component.clear()
        names = next((v for k, v in DEFAULT_COMPONENTS.items() if k in (kind or "").lower()), ())
        for name in names:  # shown in the UI language, stored in English
            self.component.addItem(self.component_text(name), name)
        if text and text not in names:
            self.component.setEditText(text)
        elif text:
            self.component.setCurrentIndex(names.index(text))

    def component_text(self, name: str) -> str:
        """A component as the screen shows it: the offered names in the UI language, typed ones as typed."""
        return self.tr(name) if name in _KNOWN_COMPONENTS else name

    def component_value(self) -> str:
        """The component to store: an offered name in English (whatever the language), else the typed text."""
        text = self.component.currentText().strip()
        i = self.component.findText(text)
        if i >= 0 and self.component.itemData(i):
            return str(self.component.itemData(i))
        return next((c for c in _KNOWN_COMPONENTS if self.tr(c) == text), text)

    def fill_usage(self) -> None:
        eq_id = self.equipment.currentData()
        latest = self.runtime.live.latest() if self.runtime.live is not None else {}
        for name, unit in (("running_hours", "h"), ("stroke_count", "strokes"), ("cycle_count", "strokes")):
            s = latest.get(f"{eq_id}.{name}")
            if s is not None and s.value is not None:
                self.usage.setValue(float(s.value))
                self.usage_unit.setCurrentIndex(max(0, self.usage_unit.findData(unit)))
                return
        self.message.setText(self.tr("No usage counter on this equipment: type the running hours"))

    def load_log(self) -> None:
        """Read the log and the replacement cycles on a worker thread. A request made while a read is in flight
        is not dropped: the read that was started before a save would miss the saved entry, so one more read
        follows it."""
        if self.mlog is None or not self.reads.begin():
            return
        mlog = self.mlog

        def work():
            return mlog.entries(limit=500), mlog.report()

        def done(res):
            self.entries, self.report = res
            self._fill_log()
            self._fill_cycles()
            self.sig_log_loaded.emit(len(self.entries))
            self.reads.end()

        def failed(exc):
            self.cycles_note.setText(self.tr("Could not read the maintenance log: {0}").format(exc))
            self.reads.end()

        run_async(work, on_done=done, on_error=failed, owner=self)

    def _fill_log(self) -> None:
        self.table.setRowCount(len(self.entries))
        names = {e.id: e.name for e in self.runtime.plant.equipment}
        for r, e in enumerate(self.entries):
            usage = "" if e.usage is None else f"{format_number(e.usage)} {log_word(e.usage_unit)}".strip()
            vals = (format_date(datetime(e.date.year, e.date.month, e.date.day).timestamp()),
                    plant_text(names.get(e.equipment, e.equipment)), self.component_text(e.component),
                    log_word(e.event), usage,
                    log_word(e.mode), e.note, e.user or "")
            for c, v in enumerate(vals):
                self.table.setItem(r, c, QTableWidgetItem(str(v)))

    def _fill_cycles(self) -> None:
        rep = self.report or {}
        comps = rep.get("components", [])
        types = rep.get("types", {})
        self.cycles.setRowCount(len(comps))
        for r, c in enumerate(comps):
            ty = types.get(c["type"], {})

            def num(v, decimals=0):
                return format_number(v, decimals) if isinstance(v, (int, float)) else "—"

            status = self.tr(CYCLE_STATUS[c["status"]]) if c.get("status") in CYCLE_STATUS else ""
            vals = (self.component_text(c["component"]), f"{ty.get('n_failures', 0)} / {ty.get('n_censored', 0)}",
                    num(ty.get("shape"), 2), num(ty.get("scale")), num(ty.get("optimal_interval")),
                    num(c.get("age_now")), c.get("next_due") or "—", status)
            for k, v in enumerate(vals):
                it = QTableWidgetItem(str(v))
                if k == 7 and c.get("status") in ("due_soon", "overdue"):
                    it.setBackground(QColor(theme.ABNORMAL_BG))
                self.cycles.setItem(r, k, it)
        if not comps:
            self.cycles_note.setText(self.tr("No replacements logged yet: the replacement cycles appear once components "
                                     "have been replaced or repaired (failure or preventive)."))
        else:
            notes = []
            for name, ty in types.items():
                pol = ty.get("policy") or {}
                if ty.get("error"):
                    notes.append(f"{name}: {tr_message(ty['error'])}")
                elif pol.get("reason"):
                    notes.append(f"{name}: {tr_message(pol['reason'])}")
            self.cycles_note.setText("\n".join(notes))

    def save(self) -> None:
        if self.mlog is None:
            return
        user = self.user()
        qd = self.date.date()
        on = date(qd.year(), qd.month(), qd.day())
        ev = self.event_kind.currentData()
        kw = dict(equipment=self.equipment.currentData(), component=self.component_value(), event=ev,
                  on=on, usage=self.usage.value() if (self.usage.value() > 0 or ev != "inspected") else None,
                  mode=self.mode.currentData() if ev != "inspected" else None, note=self.note.text().strip(),
                  usage_unit=self.usage_unit.currentData())
        self.save_btn.setEnabled(False)

        def done(entry):
            self.save_btn.setEnabled(True)
            self.message.setProperty("result", True)
            self.message.setText(self.tr("Saved: {0} {1} on {2}").format(
                entry.component, log_word(entry.event),
                format_date(datetime(entry.date.year, entry.date.month, entry.date.day).timestamp())))
            self.message.setStyleSheet(ok_style())
            self.note.clear()
            self.sig_saved.emit(entry)
            self.load_log()

        def failed(exc):
            self.save_btn.setEnabled(True)
            self.message.setProperty("result", True)
            self.message.setText(self.tr("Refused: {0}").format(tr_message(exc)))
            self.message.setStyleSheet(error_style())
            self.sig_refused.emit(str(exc))

        run_async(self.mlog.add, user, on_done=done, on_error=failed, owner=self, **kw)
