"""Main window: header (plant, user, communication health, clock), alarm banner, navigation bar, pages,
status bar."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from hmi.ui.alarm_bridge import AlarmBridge, alarm_line, state_text
from hmi.ui.annunciator import Annunciator
from hmi.ui.bridge import SampleBridge
from hmi.ui.login import DEFAULT_IDLE_TIMEOUT_S, SessionManager, UserIndicator
from hmi.ui.pages.overview import OverviewPage
from hmi.ui.pages.trends import TrendsPage
from widgets import theme
from widgets.alarm_banner import AlarmBanner

MAX_SHORTCUT_PAGES = 12  # F1..F12


def comm_summary(plant, status: dict) -> tuple[str, bool]:
    """("2/2 devices online", True) or ("press1: no connection since 10:15:03", False)."""
    ids = [e.id for e in plant.equipment]
    if not status:
        return f"{len(ids)} devices: waiting for status", True
    down = [i for i in ids if i in status and not status[i].connected]
    online = sum(1 for i in ids if i in status and status[i].connected)
    if not down:
        return f"{online}/{len(ids)} devices online", True
    parts = []
    for i in down:
        st = status[i]
        since = time.strftime("%H:%M:%S", time.localtime(st.last_ok_ts)) if st.last_ok_ts else "start"
        parts.append(f"{i}: no connection since {since}")
    return f"? {'; '.join(parts)}  ({online}/{len(ids)} online)", False


class MainWindow(QMainWindow):
    """The station window.

    ``MainWindow(runtime, bridge=None, *, alarm_bridge=None, player=None, idle_timeout_s=600)``;
    pages are built from ``(runtime, self.bridge)``.
    ``add_page(name, widget, icon=None)`` adds a navigation button (F-key shortcut for the first
    twelve pages) and returns the page index. ``show_page(name)`` switches.

    Alarms: ``self.alarm_bridge`` (:class:`AlarmBridge` on ``runtime.alarms``), ``self.banner``
    (:class:`AlarmBanner` above the pages on every page; a click shows the "Alarms" page when one was
    added), ``self.annunciator`` (horn; ``player`` is injected for tests).  Users: ``self.session``
    (:class:`SessionManager` on ``runtime.access``) and ``self.user_indicator`` in the header.
    ``open_setpoint(tag_key)`` opens the setpoint dialog (Overview "Set…" buttons).

    Signals
    -------
    sig_page_changed(str)
        the visible page changed; payload: page name.
    """

    sig_page_changed = Signal(str)

    def __init__(self, runtime, bridge: SampleBridge | None = None, parent=None, *,
                 alarm_bridge: AlarmBridge | None = None, player=None,
                 idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S):
        super().__init__(parent)
        self.runtime = runtime
        self.plant = runtime.plant
        self.bridge = bridge or SampleBridge(runtime, self)
        self.alarm_bridge = alarm_bridge or AlarmBridge(getattr(runtime, "alarms", None), self)
        self.session = SessionManager(getattr(runtime, "access", None), idle_timeout_s, self)
        self.annunciator = Annunciator(self, player=player)
        self.setpoint_dialog = None
        self._eq_names = {e.id: e.name for e in self.plant.equipment}
        self._units = {t.key: t.unit for t in self.plant.tags}
        self.setWindowTitle(f"Lineside - {self.plant.name}")
        self._pages: dict[str, QWidget] = {}
        self._buttons: dict[str, QPushButton] = {}
        self._shortcuts: list[QShortcut] = []

        # ---------------------------------------------------------------- header
        header = QFrame(self)
        header.setProperty("role", "headerbar")
        self.plant_label = QLabel(self.plant.name, header)
        self.plant_label.setProperty("role", "title")
        self.comm_label = QLabel("", header)
        self.comm_label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.clock_label = QLabel("", header)
        self.clock_label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        hl = QHBoxLayout(header)
        hl.setContentsMargins(14, 8, 14, 8)
        self.user_indicator = UserIndicator(self.session, header)
        hl.addWidget(self.plant_label)
        hl.addStretch(1)
        hl.addWidget(self.user_indicator)
        hl.addSpacing(24)
        hl.addWidget(self.comm_label)
        hl.addSpacing(24)
        hl.addWidget(self.clock_label)

        # ---------------------------------------------------------------- navigation + pages
        nav = QFrame(self)
        nav.setProperty("role", "navbar")
        self._nav_layout = QVBoxLayout(nav)
        self._nav_layout.setContentsMargins(8, 10, 8, 10)
        self._nav_layout.setSpacing(6)
        self._nav_layout.addStretch(1)
        self._nav_group = QButtonGroup(self)
        self._nav_group.setExclusive(True)
        self.stack = QStackedWidget(self)
        self.stack.currentChanged.connect(self._on_current_changed)

        body = QWidget(self)
        bl = QHBoxLayout(body)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(0)
        self.banner = AlarmBanner(self)
        self.banner.sig_clicked.connect(self.show_alarms)
        self.banner.sig_silence.connect(self.annunciator.silence)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        rl.addWidget(self.banner)
        rl.addWidget(self.stack, 1)
        bl.addWidget(nav)
        bl.addWidget(right, 1)
        central = QWidget(self)
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(header)
        cl.addWidget(body, 1)
        self.setCentralWidget(central)

        # ---------------------------------------------------------------- status bar
        self.stats_label = QLabel("historian: -", self)
        self.statusBar().addPermanentWidget(self.stats_label)
        self.statusBar().setSizeGripEnabled(False)

        # ---------------------------------------------------------------- pages
        self.overview = OverviewPage(runtime, self.bridge, self)
        self.trends = TrendsPage(runtime, self.bridge, self)
        self.add_page("Overview", self.overview)
        self.add_page("Trends", self.trends)
        self.overview.sig_tag_activated.connect(self.open_trend)
        self.overview.sig_setpoint_requested.connect(self.open_setpoint)

        self.alarm_bridge.sig_event.connect(self.annunciator.on_event)
        self.alarm_bridge.sig_alarms_changed.connect(self.annunciator.on_alarms_changed)
        self.alarm_bridge.sig_alarms_changed.connect(self._on_alarms)
        self.annunciator.sig_sounding.connect(self.banner.set_horn)

        self.bridge.sig_status.connect(self._on_status)
        self.bridge.sig_stats.connect(self._on_stats)
        self._clock_timer = QTimer(self, interval=1000, timeout=self._tick_clock)
        self._clock_timer.start()
        self._tick_clock()
        self.comm_label.setText(comm_summary(self.plant, {})[0])
        self.resize(1500, 950)
        self.bridge.start()
        self.alarm_bridge.start()
        self.session.start()

    # ================================================================== pages
    def add_page(self, name: str, widget: QWidget, icon: QIcon | str | None = None) -> int:
        """Add a page with a navigation button; F1..F12 for the first twelve. Returns its index."""
        if name in self._pages:
            raise ValueError(f"page {name!r} exists")
        index = self.stack.addWidget(widget)
        self._pages[name] = widget
        n = len(self._pages)
        key = f"F{n}" if n <= MAX_SHORTCUT_PAGES else None
        btn = QPushButton(f"{name}" + (f"\n{key}" if key else ""), self)
        btn.setProperty("role", "nav")
        btn.setCheckable(True)
        btn.setObjectName(f"nav_{name}")
        if icon is not None:
            btn.setIcon(QIcon(icon) if isinstance(icon, str) else icon)
        btn.setToolTip(f"{name} ({key})" if key else name)
        btn.clicked.connect(lambda _=False, nm=name: self.show_page(nm))
        self._nav_group.addButton(btn)
        self._nav_layout.insertWidget(self._nav_layout.count() - 1, btn)
        self._buttons[name] = btn
        if key:
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ApplicationShortcut)
            sc.activated.connect(lambda nm=name: self.show_page(nm))
            self._shortcuts.append(sc)
        if index == 0:
            btn.setChecked(True)
        return index

    def pages(self) -> list[str]:
        return list(self._pages)

    def page(self, name: str) -> QWidget:
        return self._pages[name]

    def current_page(self) -> str:
        w = self.stack.currentWidget()
        return next((n for n, p in self._pages.items() if p is w), "")

    def show_page(self, name: str) -> None:
        w = self._pages[name]
        self.stack.setCurrentWidget(w)
        self._buttons[name].setChecked(True)

    def open_trend(self, key: str) -> None:
        self.trends.show_tag(key)
        self.show_page("Trends")

    def show_alarms(self) -> None:
        if "Alarms" in self._pages:
            self.show_page("Alarms")

    def open_setpoint(self, key: str):
        """Open the setpoint dialog for a writable tag (non-modal for the window's timers)."""
        from hmi.ui.setpoint import SetpointDialog

        if self.setpoint_dialog is not None:
            try:
                self.setpoint_dialog.close()
            except RuntimeError:
                pass
        dlg = SetpointDialog(self.runtime, self.session, key, self.bridge, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.destroyed.connect(lambda *_: setattr(self, "setpoint_dialog", None))
        self.setpoint_dialog = dlg
        dlg.open()
        return dlg

    def _on_alarms(self, snap) -> None:
        top = snap.top
        if top is None:
            self.banner.set_alarm("No active alarms")
        else:
            text = alarm_line(top, self._eq_names.get(top.equipment, top.equipment), self._units.get(top.tag, ""))
            self.banner.set_alarm(text, top.priority, top.unacked, state_text(top))
        self.banner.set_counts(snap.counts, snap.unacked)

    def _on_current_changed(self, index: int) -> None:
        w = self.stack.widget(index)
        name = next((n for n, p in self._pages.items() if p is w), "")
        if name in self._buttons:
            self._buttons[name].setChecked(True)
        hook = getattr(w, "on_shown", None)
        if callable(hook):
            hook()
        self.sig_page_changed.emit(name)

    # ================================================================== header / status
    def _tick_clock(self) -> None:
        self.clock_label.setText(time.strftime("%Y-%m-%d  %H:%M:%S"))

    def _on_status(self, status: dict) -> None:
        text, ok = comm_summary(self.plant, status)
        self.comm_label.setText(text)
        self.comm_label.setProperty("ok", ok)
        self.comm_label.setStyleSheet(
            "" if ok else f"background: {theme.COMM_FAIL}; color: #ffffff; padding: 2px 8px; border-radius: 3px;")

    def _on_stats(self, stats: dict) -> None:
        if not stats:
            self.stats_label.setText("historian: off (live data only)")
            return
        written = stats.get("rows_written", 0)
        buffered = stats.get("buffered", 0)
        dropped = stats.get("rows_dropped", 0)
        text = f"historian: {written:,} rows written  ·  {buffered:,} buffered  ·  {dropped:,} dropped"
        self.stats_label.setText(text.replace(",", " "))
        self.stats_label.setStyleSheet(f"color: {theme.ALARM}; font-weight: bold;" if dropped else "")

    def closeEvent(self, ev) -> None:  # noqa: N802
        self.bridge.stop()
        self.alarm_bridge.stop()
        self.session.stop()
        self.annunciator.silence()
        self.trends.shutdown()
        super().closeEvent(ev)
