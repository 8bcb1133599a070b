"""Pages of the main window. Each page is a QWidget built from ``(runtime, bridge)``.

A page may define ``on_shown()`` (called when the navigation switches to it). Other engineers
add pages with ``MainWindow.add_page(name, widget, icon=None)``.
"""
from hmi.ui.pages.overview import OverviewPage
from hmi.ui.pages.trends import TrendsPage

__all__ = ["OverviewPage", "TrendsPage"]
