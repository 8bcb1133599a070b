"""The Qt half of `lineside --smoke-test` (:mod:`hmi.smoke`): open the main window, wait for live data, close."""
from __future__ import annotations

import time
from typing import Callable


def open_main_window(runtime, until: Callable[[], bool], timeout_s: float = 20.0) -> dict:
    """Build and show the full main window for ``runtime`` (the caller owns the runtime), process
    events until ``until()`` is true, then close it the way :func:`hmi.ui.app.run_gui` does.

    Returns ``{"pages": [...], "platform": "offscreen", "shown_ms": ..., "ready_ms": ...}``.
    Raises ``TimeoutError`` when ``until()`` stays false for ``timeout_s`` seconds."""
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from hmi.ui.alarm_bridge import wait_for_workers
    from hmi.ui.app import build_window
    from widgets.theme import apply_theme

    t0 = time.perf_counter()
    app = QApplication.instance() or QApplication(["lineside", "--smoke-test"])
    app.setApplicationName("Lineside")
    apply_theme(app)
    win = build_window(runtime)
    try:
        win.show()
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 100)
        if not win.isVisible():
            raise RuntimeError("the main window did not show")
        shown_ms = (time.perf_counter() - t0) * 1000
        deadline = time.monotonic() + timeout_s
        while not until():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no live data in the main window within {timeout_s:g} s")
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.02)
        # one more round so the bridge delivers what arrived to the pages
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 100)
        return {"pages": win.pages(), "platform": QGuiApplication.platformName(),
                "shown_ms": round(shown_ms, 1), "ready_ms": round((time.perf_counter() - t0) * 1000, 1)}
    finally:
        win.close()  # closeEvent stops the bridges, the session timer, the annunciator and the trends
        if win.session.user is not None:
            win.session.logout("user")
        wait_for_workers(5.0)
        win.deleteLater()
        QCoreApplication.processEvents()
