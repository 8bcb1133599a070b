"""Start the GUI: QApplication, theme, main window with every page."""
from __future__ import annotations

import sys


def build_window(runtime, **kwargs):
    """The main window with all pages wired to ``runtime`` (the caller owns the runtime).

    Pages: Overview, Trends (built by the window), Alarms, Journal, Maintenance, Inspection, Trace, Models,
    Users, KPI.
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
    win.alarms_page = AlarmsPage(runtime, win.alarm_bridge, win.session, win)
    win.journal_page = JournalPage(runtime, win.alarm_bridge, win)
    win.inspection_page = InspectionPage(runtime, win.session, win)
    win.models_page = ModelsPage(runtime, win.session, win)
    win.users_page = UsersPage(runtime, win.session, win)
    win.add_page("Alarms", win.alarms_page)
    win.add_page("Journal", win.journal_page)
    win.maintenance_page = MaintenancePage(runtime, win.session, win)
    win.add_page("Maintenance", win.maintenance_page)
    win.add_page("Inspection", win.inspection_page)
    win.trace_page = TracePage(runtime, win)
    recorder = getattr(runtime, "trace_recorder", None)
    if recorder is not None:  # steps record the user logged in at this station as their operator
        recorder.operator = lambda: getattr(win.session.user, "name", None)
    win.add_page("Trace", win.trace_page)
    win.add_page("Models", win.models_page)
    win.add_page("Users", win.users_page)
    from hmi.ui.pages.kpi import KpiFeed, KpiPage

    win.kpi_feed = KpiFeed(runtime, win)
    win.kpi_page = KpiPage(runtime, win.session, win.kpi_feed, win)
    win.add_page("KPI", win.kpi_page)
    win.overview.attach_kpis(win.kpi_feed, lambda name: (win.show_page("KPI"), win.kpi_page.show_trend(name)))
    return win


def run_gui(runtime, argv: list[str] | None = None) -> int:
    """Create the QApplication if needed, apply the ISA-101 theme, show the main window, run the
    event loop; returns its exit code. The caller owns ``runtime`` (start before, stop after).
    On a first start (no administrator yet) the first-start dialog asks for one."""
    from PySide6.QtWidgets import QApplication

    from hmi.ui.alarm_bridge import wait_for_workers
    from widgets.theme import apply_theme

    app = QApplication.instance() or QApplication(list(argv) if argv is not None else sys.argv)
    app.setApplicationName("Lineside")
    apply_theme(app)
    win = build_window(runtime)
    win.show()
    win.user_indicator.prompt_first_start()
    try:
        return app.exec()
    finally:
        win.bridge.stop()
        win.alarm_bridge.stop()
        win.trends.shutdown()
        if win.session.user is not None:
            win.session.logout("user")
        wait_for_workers(5.0)
