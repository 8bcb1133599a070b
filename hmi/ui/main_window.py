"""Main window: header (plant, user, communication health, clock), alarm banner, navigation bar, pages,
status bar."""
from __future__ import annotations

import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from collections.abc import Callable

from hmi.ui.alarm_bridge import AlarmBridge, alarm_line, state_text
from hmi.ui.annunciator import Annunciator
from hmi.ui import i18n
from hmi.ui.bridge import SampleBridge
from hmi.ui.latency import LatencyProbe
from hmi.ui.login import DEFAULT_IDLE_TIMEOUT_S, SessionManager, UserIndicator
from hmi.ui.pages.overview import OverviewPage
from hmi.ui.pages.trends import TrendsPage
from hmi.workers import foreground
from widgets import theme
from widgets.alarm_banner import AlarmBanner
from widgets.retranslate import retranslate
from widgets.locale_format import format_date, format_number, format_time
from hmi.config import PlantConfig
from hmi.services import AccessGate, AlarmSource, Connector, StationUser, connect

MAX_SHORTCUT_PAGES = 12  # F1..F12
#: role from which the kiosk may be left (``lineside ... --kiosk``)
KIOSK_EXIT_ROLE = "engineer"

#: navigation titles: the page names given to ``add_page`` (stable keys, English) as the screen shows them.
#: A new page adds its name here so that lupdate offers it for translation.
PAGE_TITLES = (
    QT_TRANSLATE_NOOP("Page", "Overview"), QT_TRANSLATE_NOOP("Page", "Trends"), QT_TRANSLATE_NOOP("Page", "Alarms"),
    QT_TRANSLATE_NOOP("Page", "Journal"), QT_TRANSLATE_NOOP("Page", "Maintenance"),
    QT_TRANSLATE_NOOP("Page", "Inspection"), QT_TRANSLATE_NOOP("Page", "Models"), QT_TRANSLATE_NOOP("Page", "Users"),
    QT_TRANSLATE_NOOP("Page", "Trace"), QT_TRANSLATE_NOOP("Page", "KPI"), QT_TRANSLATE_NOOP("Page", "Devices"),
    QT_TRANSLATE_NOOP("Page", "Self-check"),
)


def page_title(name: str) -> str:
    """The navigation title of page ``name`` in the UI language."""
    return QCoreApplication.translate("Page", name)



def comm_summary(plant, status: dict) -> tuple[str, bool]:
    """("2/2 devices online", True) or ("press1: no connection since 10:15:03", False)."""
    ids = [e.id for e in plant.equipment]
    if not status:
        return QCoreApplication.translate("MainWindow", "{0} devices: waiting for status").format(len(ids)), True
    down = [i for i in ids if i in status and not status[i].connected]
    online = sum(1 for i in ids if i in status and status[i].connected)
    if not down:
        return QCoreApplication.translate("MainWindow", "{0}/{1} devices online").format(online, len(ids)), True
    parts = []
    for i in down:
        st = status[i]
        since = format_time(st.last_ok_ts) if st.last_ok_ts else QCoreApplication.translate("MainWindow", "start")
        parts.append(QCoreApplication.translate("MainWindow", "{0}: no connection since {1}").format(i, since))
    return "? " + QCoreApplication.translate("MainWindow", "{0}  ({1}/{2} online)").format("; ".join(parts), online, len(ids)), False


class MainWindow(QMainWindow):
    """The station window.

    ``MainWindow(runtime, bridge=None, *, alarm_bridge=None, player=None, idle_timeout_s=600)``;
    pages are built from ``(runtime, self.bridge)``.
    ``add_page(name, widget=None, icon=None, factory=...)`` adds a navigation button (F-key shortcut for the
    first twelve pages) and returns the page index; a page given as a factory is built when first shown.
    ``show_page(name)`` switches.

    Alarms: ``self.alarm_bridge`` (:class:`AlarmBridge` on ``runtime.alarms``), ``self.banner``
    (:class:`AlarmBanner` above the pages on every page; a click shows the "Alarms" page when one was
    added), ``self.annunciator`` (horn; ``player`` is injected for tests).  Users: ``self.session``
    (:class:`SessionManager` on ``runtime.access``) and ``self.user_indicator`` in the header.
    ``open_setpoint(tag_key)`` opens the setpoint dialog (Overview "Set…" buttons).

    Language: ``self.language_combo`` in the header switches English / Korean at run time
    (:mod:`hmi.ui.i18n`); on ``QEvent.LanguageChange`` the window retranslates its header, navigation,
    banner, status bar and every built page in place (:mod:`widgets.retranslate`): selections, entries,
    scroll positions and trend history stay.

    Status bar: ``self.stats_label`` (historian rows written / buffered / dropped) and
    ``self.db_state_label``, shown only while the plant database or the alarm journal is not
    ``connected``: buffering locally (communication-failure colour) or back-filling (abnormal amber),
    always in words; its ``db_state`` property says which.  ``kiosk=True``: full screen,
    no window frame, and the window closes only through the header's Exit button with an engineer or
    administrator logged in (``request_exit()``); ``exit_allowed()`` says whether it would now.

    Signals
    -------
    sig_page_changed(str)
        the visible page changed; payload: page name.
    sig_retranslated()
        the window and its pages now show the current UI language; no payload.
    """

    sig_page_changed = Signal(str)
    sig_retranslated = Signal()

    CONNECTORS = (Connector("plant", PlantConfig), Connector("alarms", AlarmSource, optional=True),
                  Connector("access", AccessGate, optional=True), Connector("station_user", StationUser, optional=True),
                  Connector("clock", Callable, optional=True), Connector("time_scale", float, optional=True))

    def __init__(self, runtime, bridge: SampleBridge | None = None, parent=None, *,
                 alarm_bridge: AlarmBridge | None = None, player=None,
                 idle_timeout_s: float | None = None, kiosk: bool = False):
        super().__init__(parent)
        self.kiosk = bool(kiosk)
        self._exit_authorised = False
        self._retranslate_pending = False
        self._last_status: dict = {}
        self._last_stats: dict | None = None
        self._last_snapshot = None
        self.runtime = runtime  # handed on to the pages, which connect what they declare
        services = connect(self, runtime)
        self.access = services.access
        self.plant = services.plant
        i18n.set_plant_texts(getattr(self.plant, "translations", {}))  # the plant file's own names, per language
        self.bridge = bridge or SampleBridge(runtime, self)
        self.alarm_bridge = alarm_bridge or AlarmBridge(services.alarms, self)
        if idle_timeout_s is None:  # the plant file's [security] idle_logout_minutes (default 10)
            security = getattr(services.plant, "security", None)
            idle_timeout_s = 60.0 * security.idle_logout_minutes if security is not None else DEFAULT_IDLE_TIMEOUT_S
        self.session = SessionManager(services.access, idle_timeout_s, self)
        self.plant_clock = services.clock or time.time  # the header shows the plant's time
        self.time_scale = services.time_scale or 1.0
        if services.station_user is not None:  # records made at this station name the user logged in here
            self.session.sig_user_changed.connect(lambda u: services.station_user.set(getattr(u, "name", None)))
        self.annunciator = Annunciator(self, player=player)
        self.setpoint_dialog = None
        self._eq_names = self.plant.source_names()
        self._units = {t.key: t.unit for t in self.plant.tags}
        self.setWindowTitle(self.tr("Lineside - {0}").format(i18n.plant_text(self.plant.name)))
        self._pages: dict[str, QWidget] = {}  # built pages
        self._lazy: dict[str, tuple] = {}  # pages not built yet: name -> (factory, attr, placeholder)
        self._attrs: dict[str, str] = {}  # window attribute -> page name
        self._order: list[str] = []
        self._buttons: dict[str, QPushButton] = {}
        self._shortcuts: list[QShortcut] = []

        # ---------------------------------------------------------------- header
        header = QFrame(self)
        header.setProperty("role", "headerbar")
        self.plant_label = QLabel(i18n.plant_text(self.plant.name), header)
        self.plant_label.setProperty("role", "title")
        self.comm_label = QLabel("", header)
        self.comm_label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.clock_label = QLabel("", header)
        self.clock_label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        hl = QHBoxLayout(header)
        hl.setContentsMargins(14, 8, 14, 8)
        self.user_indicator = UserIndicator(self.session, header)
        self.language_combo = QComboBox(header)
        self.language_combo.setObjectName("language_combo")
        for code, own_name in i18n.available_languages().items():
            self.language_combo.addItem(own_name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(i18n.current_language())))
        self.language_combo.setMinimumHeight(theme.TOUCH_PX)
        self.language_combo.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.language_combo.activated.connect(self._language_chosen)
        self.exit_button = QPushButton(self.tr("Exit"), header)
        self.exit_button.setObjectName("kiosk_exit")
        self.exit_button.setMinimumSize(90, theme.TOUCH_PX)
        self.exit_button.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.exit_button.clicked.connect(self.request_exit)
        self.exit_button.setVisible(self.kiosk)
        hl.addWidget(self.plant_label)
        hl.addStretch(1)
        hl.addWidget(self.language_combo)
        hl.addSpacing(16)
        hl.addWidget(self.user_indicator)
        hl.addSpacing(24)
        hl.addWidget(self.comm_label)
        hl.addSpacing(24)
        hl.addWidget(self.clock_label)
        hl.addSpacing(16)
        hl.addWidget(self.exit_button)

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
        self.db_state_label = QLabel("", self)
        self.db_state_label.setObjectName("db_state_label")
        self.db_state_label.setVisible(False)
        self.stats_label = QLabel(self.tr("historian: -"), self)
        # how late the GUI thread answers (diagnostics: the worst of the last minutes, stalls logged)
        self.latency_probe = LatencyProbe(self)
        self.latency_label = QLabel("", self)
        self.latency_label.setObjectName("latency_label")
        self.latency_label.setToolTip(self.tr("How late this screen answers: the worst delay of the last hour, "
                                              "and how often it stood still for a quarter second or more"))
        self.statusBar().addPermanentWidget(self.db_state_label)
        self.statusBar().addPermanentWidget(self.latency_label)
        self.statusBar().addPermanentWidget(self.stats_label)
        self.statusBar().setSizeGripEnabled(False)

        # ---------------------------------------------------------------- pages
        self.add_page("Overview", self._make_overview(), attr="overview")  # on screen first: built now
        self.add_page("Trends", factory=self._make_trends, attr="trends")

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
        if self.kiosk:
            self.setWindowFlags(self.windowFlags() | Qt.FramelessWindowHint)
            self.setWindowState(Qt.WindowFullScreen)
        self.bridge.start()
        self.alarm_bridge.start()
        self.session.start()

    # ================================================================== pages
    def _make_overview(self) -> OverviewPage:
        page = OverviewPage(self.runtime, self.bridge, self)
        page.sig_tag_activated.connect(self.open_trend)
        page.sig_setpoint_requested.connect(self.open_setpoint)
        self._follow_alarms(page)
        page.write_rights_source = self._write_rights
        page.sync_write_rights()
        self.session.sig_user_changed.connect(page.sync_write_rights)  # bound: gone with a rebuilt page
        return page

    def _make_trends(self) -> TrendsPage:
        page = TrendsPage(self.runtime, self.bridge, self)
        self._follow_alarms(page)
        return page

    def _write_rights(self) -> tuple[bool, str]:
        """(may the user logged in write setpoints, why not)."""
        access = self.access
        user = self.session.user
        if access is None:
            return False, self.tr("No user database on this station: setpoints cannot be written")
        if access.allowed(user, "setpoint.write"):
            return True, ""
        who = i18n.tr_message(access.role_table["setpoint.write"].who())
        return False, self.tr("Writing setpoints needs {0}{1}").format(who, "" if user is not None else self.tr("; log in first"))

    def _follow_alarms(self, page) -> None:
        """``page.on_alarms(snapshot)`` now and on every alarm change (tiles and legends show alarm states)."""
        self.alarm_bridge.sig_alarms_changed.connect(page.on_alarms)
        page.on_alarms(self.alarm_bridge.snapshot)

    def extend_overview(self, extend) -> None:
        """``extend(overview_page)``: e.g. the KPI strip."""
        extend(self.overview)

    def add_page(self, name: str, widget: QWidget | None = None, icon: QIcon | str | None = None, *,
                 factory=None, attr: str | None = None) -> int:
        """Add a page with a navigation button; F1..F12 for the first twelve. Returns its index.

        ``name`` is the page's key (English; its title on screen is ``page_title(name)``: add new names to
        :data:`PAGE_TITLES`).  Either ``widget`` (built now) or ``factory()`` (builds the page the first time
        it is shown or asked for with :meth:`page`; until then it costs nothing).  ``attr``: the page is also
        ``self.<attr>`` (built on first access).  After a language switch every built page retranslates in
        place (:func:`widgets.retranslate.retranslate`): nothing is rebuilt."""
        if name in self._pages or name in self._lazy:
            raise ValueError(f"page {name!r} exists")
        if widget is None and factory is None:
            raise ValueError(f"page {name!r}: give a widget or a factory")
        if widget is None:
            placeholder = QWidget(self)  # stands in the stack until the page is first shown
            index = self.stack.addWidget(placeholder)
            self._lazy[name] = (factory, attr, placeholder)
        else:
            index = self.stack.addWidget(widget)
            self._pages[name] = widget
            if attr:
                setattr(self, attr, widget)
        if attr:
            self._attrs[attr] = name
        self._order.append(name)
        n = len(self._order)
        key = f"F{n}" if n <= MAX_SHORTCUT_PAGES else None
        btn = QPushButton(self)
        btn.setProperty("role", "nav")
        btn.setProperty("shortcut_key", key or "")
        btn.setCheckable(True)
        btn.setObjectName(f"nav_{name}")
        if icon is not None:
            btn.setIcon(QIcon(icon) if isinstance(icon, str) else icon)
        self._label_nav_button(btn, name)
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

    def __getattr__(self, attr: str):
        # ``self.<attr>`` of a page not built yet: build it now (only reached when normal lookup fails)
        attrs = self.__dict__.get("_attrs")
        if attrs is not None and attr in attrs:
            return self.page(attrs[attr])
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {attr!r}")

    @staticmethod
    def _label_nav_button(btn: QPushButton, name: str) -> None:
        key = btn.property("shortcut_key")
        title = page_title(name)
        btn.setText(title + (f"\n{key}" if key else ""))
        btn.setToolTip(f"{title} ({key})" if key else title)

    def pages(self) -> list[str]:
        """Every page's name, built or not, in navigation order."""
        return list(self._order)

    def built_pages(self) -> list[str]:
        """The pages built so far (shown or asked for at least once)."""
        return [n for n in self._order if n in self._pages]

    def page(self, name: str) -> QWidget:
        """Page ``name``, built now if it was not yet (a name not among :meth:`pages` is a ``KeyError`` that
        lists them)."""
        if name not in self._pages:
            if name not in self._lazy:
                raise KeyError(f"no page {name!r}: the pages are {', '.join(self.pages())}")
            self._build_page(name)
        return self._pages[name]

    #: how long background workers hold back after a page build or a language switch began (ms): the build,
    #: its first layout and paint (see :func:`hmi.workers.foreground`)
    FOREGROUND_MS = 250

    def _foreground(self) -> None:
        """Hold the queue workers back for :attr:`FOREGROUND_MS`: the GUI thread has a burst of work."""
        cm = foreground()
        cm.__enter__()
        QTimer.singleShot(self.FOREGROUND_MS, lambda: cm.__exit__(None, None, None))

    def _build_page(self, name: str) -> None:
        factory, attr, placeholder = self._lazy.pop(name)
        self._foreground()
        widget = factory()
        index = self.stack.indexOf(placeholder)
        current = self.stack.currentWidget() is placeholder
        self.stack.blockSignals(True)
        self.stack.insertWidget(index, widget)
        if current:
            self.stack.setCurrentWidget(widget)
        self.stack.removeWidget(placeholder)
        self.stack.blockSignals(False)
        placeholder.deleteLater()
        self._pages[name] = widget
        if attr:
            setattr(self, attr, widget)

    def current_page(self) -> str:
        w = self.stack.currentWidget()
        return next((n for n, p in self._pages.items() if p is w), "")

    def show_page(self, name: str) -> None:
        w = self.page(name)
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
        self._last_snapshot = snap
        top = snap.top
        if top is None:
            self.banner.set_alarm(self.tr("No active alarms"))
        else:
            text = alarm_line(top, self._eq_names.get(top.equipment, top.equipment), self._units.get(top.tag, ""))
            self.banner.set_alarm(text, top.priority, top.unacked, state_text(top))
        self.banner.set_counts(snap.counts, snap.unacked, snap.shelved)

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
        st = self.latency_probe.stats()
        if st["ticks"]:
            self.latency_label.setText(self.tr("screen: p99 {0} ms, max {1} ms, stalls {2}").format(
                f"{st['p99_ms']:.0f}", f"{st['max_ms']:.0f}", st["stalls"]))
        now = self.plant_clock()
        text = f"{format_date(now)}  {format_time(now)}"
        if self.time_scale != 1.0:  # a simulated plant running faster than real time says so
            text += "  " + self.tr("(simulated \u00d7{0})").format(f"{self.time_scale:g}")
        self.clock_label.setText(text)

    def _on_status(self, status: dict) -> None:
        self._last_status = status
        text, ok = comm_summary(self.plant, status)
        self.comm_label.setText(text)
        self.comm_label.setProperty("ok", ok)
        self.comm_label.setStyleSheet(
            "" if ok else f"background: {theme.COMM_FAIL}; color: #ffffff; padding: 2px 8px; border-radius: 3px;")

    def _on_stats(self, stats: dict) -> None:
        self._last_stats = stats
        self._show_db_state(stats or {})
        if not stats:
            self.stats_label.setText(self.tr("historian: off (live data only)"))
            return
        written = stats.get("rows_written", 0)
        buffered = stats.get("buffered", 0)
        dropped = stats.get("rows_dropped", 0)
        text = self.tr("historian: {0} rows written  ·  {1} buffered  ·  {2} dropped").format(
            format_number(written), format_number(buffered), format_number(dropped))
        self.stats_label.setText(text)
        self.stats_label.setStyleSheet(f"color: {theme.ALARM}; font-weight: bold;" if dropped else "")

    def _show_db_state(self, stats: dict) -> None:
        """The plant database's and the alarm journal's store-and-forward state, when not connected."""
        parts = []
        state = stats.get("state", "connected")
        if state == "buffering":
            parts.append(self.tr("plant database unreachable: buffering {0} rows locally").format(
                format_number(stats.get("buffered", stats.get("spooled", 0)))))
        elif state == "backfilling":
            parts.append(self.tr("plant database: back-filling {0} rows").format(
                format_number(stats.get("spooled", 0))))
        journal = stats.get("journal_state", "connected")
        if journal == "buffering":
            parts.append(self.tr("alarm journal unreachable: buffering {0} events locally").format(
                format_number(stats.get("journal_spooled", 0))))
        elif journal == "backfilling":
            parts.append(self.tr("alarm journal: back-filling {0} events").format(
                format_number(stats.get("journal_spooled", 0))))
        # the worse of the two: "buffering" (server unreachable) outranks "backfilling" (catching up)
        worst = next((s for s in ("buffering", "backfilling") if s in (state, journal)), "connected")
        self.db_state_label.setText("  ·  ".join(parts))
        self.db_state_label.setProperty("db_state", worst)
        self.db_state_label.setVisible(bool(parts))
        if worst == "buffering":  # no connection to the server: the communication-failure colour
            self.db_state_label.setStyleSheet(
                f"background: {theme.COMM_FAIL}; color: #ffffff; font-weight: bold; padding: 2px 8px;")
        elif worst == "backfilling":  # connected again, still catching up: abnormal (amber)
            self.db_state_label.setStyleSheet(
                f"background: {theme.ABNORMAL_BG}; color: {theme.TEXT}; font-weight: bold; padding: 2px 8px;")
        else:
            self.db_state_label.setStyleSheet("")

    # ================================================================== language
    def _language_chosen(self, index: int) -> None:
        code = self.language_combo.itemData(index)
        if code and code != i18n.current_language():
            i18n.set_language(code)

    def changeEvent(self, ev) -> None:  # noqa: N802
        if ev.type() == QEvent.LanguageChange and not self._retranslate_pending:
            # one switch posts several LanguageChange events (translators removed and installed): once
            self._retranslate_pending = True
            QTimer.singleShot(0, self, self.retranslate)
        super().changeEvent(ev)

    def retranslate(self) -> None:
        """Show the current UI language everywhere: header, navigation, banner, status bar, pages."""
        self._retranslate_pending = False
        self._foreground()
        self.setWindowTitle(self.tr("Lineside - {0}").format(i18n.plant_text(self.plant.name)))
        self.plant_label.setText(i18n.plant_text(self.plant.name))
        self.exit_button.setText(self.tr("Exit"))
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(i18n.current_language())))
        for name, btn in self._buttons.items():
            self._label_nav_button(btn, name)
        self.user_indicator.retranslate_ui()
        self.banner.retranslate_ui()
        self._tick_clock()
        self._on_status(self._last_status) if self._last_status else self.comm_label.setText(
            comm_summary(self.plant, {})[0])
        if self._last_stats is not None:
            self._on_stats(self._last_stats)
        else:
            self.stats_label.setText(self.tr("historian: -"))
        if self._last_snapshot is not None:
            self._on_alarms(self._last_snapshot)
        else:
            self.banner.set_alarm(self.tr("No active alarms"))
        for page in self._pages.values():  # pages not built yet will be built in the new language
            retranslate(page)
        self.sig_retranslated.emit()

    # ================================================================== kiosk
    def exit_allowed(self) -> bool:
        """Whether the window may close now: always outside kiosk mode; in kiosk mode only with an
        engineer or administrator logged in."""
        if not self.kiosk:
            return True
        from hmi.security.users import role_at_least

        user = self.session.user
        try:
            return user is not None and role_at_least(str(getattr(user.role, "value", user.role)), KIOSK_EXIT_ROLE)
        except ValueError:
            return False

    def request_exit(self) -> bool:
        """The Exit button: closes the kiosk when an engineer+ is logged in; otherwise says who may and
        opens the login dialog. Returns whether the window is closing."""
        if not self.exit_allowed():
            self.statusBar().showMessage(
                self.tr("Leaving the kiosk needs an engineer or administrator: log in first."), 10000)
            if self.session.user is None and self.session.available:
                self.user_indicator.open_login()
            return False
        self._exit_authorised = True
        self.close()
        return True

    def closeEvent(self, ev) -> None:  # noqa: N802
        if self.kiosk and not (self._exit_authorised and self.exit_allowed()):
            ev.ignore()  # Alt+F4, the window manager, a stray close(): the kiosk stays
            self.statusBar().showMessage(
                self.tr("Leaving the kiosk needs an engineer or administrator: log in first."), 10000)
            return
        self.bridge.stop()
        self.alarm_bridge.stop()
        self.session.stop()
        self.annunciator.silence()
        self.shutdown_pages()
        super().closeEvent(ev)

    def shutdown_pages(self) -> None:
        """Stop the background work of every built page (``shutdown()`` where a page has one)."""
        for page in self._pages.values():
            shutdown = getattr(page, "shutdown", None)
            if callable(shutdown):
                shutdown()
