"""Start the GUI: QApplication, theme, main window with every page."""
from __future__ import annotations

import sys


def collect_garbage_on_gui_thread(app, interval_s: float = 1.0):
    """Python's cyclic garbage collection on the GUI thread only, once a second when due (pyqtgraph's
    ``GarbageCollector``: automatic collection off, the thresholds checked on a timer).  A collection that a worker
    or service thread triggers can destroy a Qt object there: its destructor waits for a Qt lock while the GUI
    thread, in another Qt destructor, waits for the interpreter lock, and the window freezes for good (seen in the
    test suite: a trace look-up's worker collected a dead page's menu).  Kept alive on ``app``; idempotent."""
    existing = getattr(app, "_lineside_gc", None)
    if existing is not None:
        return existing
    from pyqtgraph.util.garbage_collector import GarbageCollector

    collector = GarbageCollector(interval=interval_s)
    collector.timer.setParent(app)
    app._lineside_gc = collector
    return collector


def build_window(runtime, **kwargs):
    """The main window with all pages wired to ``runtime`` (the caller owns the runtime).

    Pages: Overview, Trends (built by the window), Alarms, Journal, Maintenance, Inspection, Trace, Models,
    Users, KPI, Devices, Self-check.
    ``kwargs`` go to
    :class:`~hmi.ui.main_window.MainWindow` (``player=`` for the alarm horn, ``idle_timeout_s=``)."""
    from hmi.ui.main_window import MainWindow
    from hmi.ui.pages.alarms import AlarmsPage
    from hmi.ui.pages.inspection import InspectionPage
    from hmi.ui.pages.journal import JournalPage
    from hmi.ui.pages.maintenance import MaintenancePage
    from hmi.ui.pages.models import ModelsPage
    from hmi.ui.pages.trace import TracePage
    from hmi.ui.pages.users import UsersPage

    win = MainWindow(runtime, **kwargs)

    def page(name, attr, make):  # built when first shown
        win.add_page(name, factory=make, attr=attr)

    page("Alarms", "alarms_page", lambda: AlarmsPage(runtime, win.alarm_bridge, win.session, win))
    page("Journal", "journal_page", lambda: JournalPage(runtime, win.alarm_bridge, win))
    page("Maintenance", "maintenance_page", lambda: MaintenancePage(runtime, win.session, win))
    page("Inspection", "inspection_page", lambda: InspectionPage(runtime, win.session, win))
    page("Trace", "trace_page", lambda: TracePage(runtime, win))
    page("Models", "models_page", lambda: ModelsPage(runtime, win.session, win))
    page("Users", "users_page", lambda: UsersPage(runtime, win.session, win))
    from hmi.ui.pages.kpi import KpiFeed, KpiPage

    win.kpi_feed = KpiFeed(runtime, win)  # the KPI page and the overview strip share it
    page("KPI", "kpi_page", lambda: KpiPage(runtime, win.session, win.kpi_feed, win))
    win.extend_overview(lambda overview: overview.attach_kpis(
        win.kpi_feed, lambda name: (win.show_page("KPI"), win.kpi_page.show_trend(name))))
    from hmi.ui.pages.devices import DevicesPage

    from hmi.ui.pages.selfcheck import SelfCheckPage

    page("Devices", "devices_page", lambda: DevicesPage(runtime, win.session, win.bridge, win))
    page("Self-check", "selfcheck_page", lambda: SelfCheckPage(runtime, win.session, win))
    return win


def run_gui(runtime, argv: list[str] | None = None, *, lang: str | None = None, kiosk: bool = False) -> int:
    """Create the QApplication if needed, apply the ISA-101 theme, show the main window, run the
    event loop; returns its exit code. The caller owns ``runtime`` (start before, stop after).
    On a first start (no administrator yet) the first-start dialog asks for one.
    ``lang``: "en" / "ko" (default: the saved choice, see :func:`hmi.ui.i18n.startup_language`);
    ``kiosk``: full screen without frame, closing needs an engineer login."""
    from PySide6.QtWidgets import QApplication

    from hmi.ui import i18n
    from hmi.ui.alarm_bridge import wait_for_workers
    from widgets.theme import apply_theme

    app = QApplication.instance() or QApplication(list(argv) if argv is not None else sys.argv)
    app.setApplicationName("Lineside")
    collect_garbage_on_gui_thread(app)
    apply_theme(app)
    i18n.set_language(i18n.startup_language(lang), app, persist=lang is not None)
    win = build_window(runtime, kiosk=kiosk)
    if not win.plant.equipment:  # a new plant (`lineside setup`): its set-up comes first
        win.show_page("Devices")
    if kiosk:
        win.showFullScreen()
    else:
        win.show()
    win.user_indicator.prompt_first_start()
    try:
        return app.exec()
    finally:
        win.bridge.stop()
        win.alarm_bridge.stop()
        win.shutdown_pages()
        if win.session.user is not None:
            win.session.logout("user")
        wait_for_workers(5.0)
