"""Start the GUI: QApplication, theme, main window with every page."""
from __future__ import annotations

import sys


def build_window(runtime):
    """The main window with all pages wired to ``runtime`` (the caller owns the runtime)."""
    from hmi.ui.main_window import MainWindow

    return MainWindow(runtime)


def run_gui(runtime, argv: list[str] | None = None) -> int:
    """Create the QApplication if needed, apply the ISA-101 theme, show the main window, run the
    event loop; returns its exit code. The caller owns ``runtime`` (start before, stop after)."""
    from PySide6.QtWidgets import QApplication

    from widgets.theme import apply_theme

    app = QApplication.instance() or QApplication(list(argv) if argv is not None else sys.argv)
    app.setApplicationName("Lineside")
    apply_theme(app)
    win = build_window(runtime)
    win.show()
    try:
        return app.exec()
    finally:
        win.bridge.stop()
        win.trends.shutdown()
