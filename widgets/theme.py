"""ISA-101 "high performance HMI" look: palette, fonts and the application style sheet.

Rules this palette encodes:

* grey backgrounds, dark grey text, muted pens; nothing is colourful while the plant is normal;
* colour is reserved for abnormal states and always comes with a text or shape cue:
  ``ABNORMAL`` (out of the normal range) amber, ``ALARM`` / bad quality red, ``COMM_FAIL`` magenta;
* large fonts for a station terminal read at arm's length.

``apply_theme(app)`` applies all of it app-wide (QPalette + QSS + pyqtgraph defaults).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QProxyStyle, QStyleFactory, QTableView

# ----------------------------------------------------------------------------- palette
BG = "#c4c4c4"            # window background
BG_PANEL = "#d4d4d4"      # panels, tiles
BG_PANEL_DARK = "#b4b4b4"  # headers, navigation
BG_PLOT = "#dcdcdc"       # plot area
BORDER = "#9a9a9a"
GRID = "#bcbcbc"
TEXT = "#202020"          # dark grey text
TEXT_DIM = "#505050"      # labels, units
TEXT_DISABLED = "#7a7a7a"
ACCENT = "#3c4f66"        # selected navigation button / checked toggles (muted blue-grey)
ACCENT_TEXT = "#f0f0f0"

# abnormal states (always combined with a text/shape cue)
ABNORMAL = "#e8b000"      # out of normal range: amber
ABNORMAL_BG = "#f5d76e"
ALARM = "#d01c1c"         # alarm / fault / bad quality: red
ALARM_BG = "#e89090"
COMM_FAIL = "#c000c0"     # communication failure: magenta
COMM_FAIL_BG = "#e6a6e6"
STALE = "#8a6d00"         # stale: dark amber text

# alarm priorities (ISA-18.2 / ISA-101): colour + shape + number + word, never colour alone.
#   priority -> (fill, text on the fill, word, shape glyph)
PRIORITY = {
    1: ("#d01c1c", "#ffffff", QT_TRANSLATE_NOOP("Priority", "URGENT"), "\u25a0"),   # red, square
    2: ("#e07800", "#000000", QT_TRANSLATE_NOOP("Priority", "HIGH"), "\u25b2"),     # orange, triangle
    3: ("#f0d000", "#000000", QT_TRANSLATE_NOOP("Priority", "MEDIUM"), "\u25c6"),   # yellow, diamond
    4: ("#1aa0d8", "#000000", QT_TRANSLATE_NOOP("Priority", "LOW"), "\u25cf"),      # cyan/blue, circle
}
PRIORITY_UNKNOWN = ("#808080", "#ffffff", "P?", "?")


def priority_colour(priority: int) -> str:
    """Fill colour of an alarm priority (1 urgent .. 4 low)."""
    return PRIORITY.get(priority, PRIORITY_UNKNOWN)[0]


def priority_text_colour(priority: int) -> str:
    """Text colour readable on :func:`priority_colour`."""
    return PRIORITY.get(priority, PRIORITY_UNKNOWN)[1]


def priority_word(priority: int) -> str:
    """"URGENT", "HIGH", "MEDIUM", "LOW" in the current UI language."""
    return QCoreApplication.translate("Priority", PRIORITY.get(priority, PRIORITY_UNKNOWN)[2])


def priority_label(priority: int, short: bool = False) -> str:
    """"\u25a0 1 URGENT" (shape, number, word) or, ``short``, "\u25a0 P1"."""
    fill, _fg, word, glyph = PRIORITY.get(priority, PRIORITY_UNKNOWN)
    return f"{glyph} P{priority}" if short else f"{glyph} {priority} {priority_word(priority)}"

# states of a machine / device lamp: (fill, outline, text)
LAMP = {
    "running": ("#5a5a5a", "#303030", TEXT),   # dark grey filled: normal running is not colourful
    "idle": (BG_PANEL, "#606060", TEXT_DIM),   # hollow
    "fault": (ALARM, "#7a0000", TEXT),
    "comm_fail": (COMM_FAIL, "#600060", TEXT),
    "unknown": (BG_PANEL, "#909090", TEXT_DISABLED),
}

# muted, distinguishable trend pens (no red / amber / magenta: those mean "abnormal")
PEN_COLOURS = (
    "#1f4e79",  # dark blue
    "#2e6b30",  # dark green
    "#6b4a2b",  # brown
    "#5b3f86",  # purple
    "#1f6f6f",  # teal
    "#404040",  # dark grey
    "#4f6d8f",  # steel blue
    "#5e7a2e",  # olive
    "#8a5a44",  # terracotta (muted)
    "#3e5e5e",  # slate
    "#6a5d8a",  # lavender grey
    "#2b5f4a",  # pine
    "#7a6a3a",  # khaki
    "#35506b",  # navy grey
    "#54606e",  # blue grey
    "#6e4f62",  # plum grey
)


def pen_colour(index: int) -> str:
    """The ``index``-th trend pen colour (cycles)."""
    return PEN_COLOURS[index % len(PEN_COLOURS)]


# ----------------------------------------------------------------------------- fonts
FONT_FAMILY = "DejaVu Sans"
#: bundled font with Hangul (SIL OFL 1.1, resources/fonts/OFL.txt); fallback for every glyph FONT_FAMILY lacks
FALLBACK_FAMILY = "NanumGothic"
FONTS_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
BUNDLED_FONTS = ("NanumGothic.ttf", "NanumGothicBold.ttf")
FONT_SIZE = 13         # px, body text
FONT_SIZE_SMALL = 11
FONT_SIZE_LARGE = 17   # headers, values
FONT_SIZE_VALUE = 22   # value tiles


def register_fonts() -> list[str]:
    """Register the bundled fonts with Qt (once) and make NanumGothic the fallback of the UI font, so
    Korean text never shows empty boxes even where no system CJK font is installed.  Returns the
    families now available from the bundle (empty when the files are missing: a warning is logged)."""
    import logging

    families: list[str] = []
    for name in BUNDLED_FONTS:
        path = FONTS_DIR / name
        if not path.is_file():
            logging.getLogger(__name__).warning("bundled font missing: %s", path)
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    if FALLBACK_FAMILY in families:
        QFont.insertSubstitution(FONT_FAMILY, FALLBACK_FAMILY)
    return sorted(set(families))


def font(size: int = FONT_SIZE, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies([FONT_FAMILY, FALLBACK_FAMILY])
    f.setPixelSize(size)
    f.setBold(bold)
    return f


# ----------------------------------------------------------------------------- touch
#: smallest height of anything a finger has to hit (buttons, fields, list and table rows, tabs, check boxes)
TOUCH_PX = 44


class TouchStyle(QProxyStyle):
    """Fusion with touch-sized rows: every table view polished by it gets rows of at least
    :data:`TOUCH_PX` (row height comes from the vertical header, which a style sheet cannot reach)."""

    def __init__(self):
        super().__init__(QStyleFactory.create("Fusion"))

    def polish(self, arg):  # noqa: D401 - Qt override (QWidget, QPalette or QApplication)
        if isinstance(arg, QTableView):
            header = arg.verticalHeader()
            if header.defaultSectionSize() < TOUCH_PX:
                header.setDefaultSectionSize(TOUCH_PX)
            header.setMinimumSectionSize(min(max(header.minimumSectionSize(), TOUCH_PX), TOUCH_PX))
            arg.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        return super().polish(arg)


# ----------------------------------------------------------------------------- style sheet
QSS = f"""
QWidget {{
    background: {BG};
    color: {TEXT};
    font-family: "{FONT_FAMILY}", "{FALLBACK_FAMILY}";
    font-size: {FONT_SIZE}px;
}}
QToolTip {{ background: #f0f0f0; color: {TEXT}; border: 1px solid {BORDER}; }}
QLabel {{ background: transparent; }}
QLabel[role="dim"] {{ color: {TEXT_DIM}; }}
QLabel[role="title"] {{ font-size: {FONT_SIZE_LARGE}px; font-weight: bold; }}
QLabel[role="header"] {{ font-size: {FONT_SIZE_LARGE}px; font-weight: bold; color: {TEXT_DIM}; }}
QFrame[role="panel"] {{
    background: {BG_PANEL};
    border: 1px solid {BORDER};
    border-radius: 3px;
}}
QFrame[role="headerbar"] {{ background: {BG_PANEL_DARK}; border-bottom: 1px solid {BORDER}; }}
QFrame[role="navbar"] {{ background: {BG_PANEL_DARK}; border-right: 1px solid {BORDER}; }}
QPushButton {{
    background: {BG_PANEL};
    border: 1px solid {BORDER};
    border-radius: 3px;
    padding: 6px 12px;
    min-height: {TOUCH_PX - 14}px;
}}
QPushButton:hover {{ background: #dedede; }}
QPushButton:pressed {{ background: {BG_PANEL_DARK}; }}
QPushButton:checked {{ background: {ACCENT}; color: {ACCENT_TEXT}; border-color: {ACCENT}; }}
QPushButton:disabled {{ color: {TEXT_DISABLED}; }}
QPushButton[role="nav"] {{
    text-align: left;
    font-size: {FONT_SIZE_LARGE}px;
    padding: 10px 14px;
    min-height: 40px;
    min-width: 150px;
}}
QLineEdit {{ min-height: {TOUCH_PX - 2}px; }}
QComboBox {{ min-height: {TOUCH_PX - 2}px; }}
QSpinBox, QDoubleSpinBox, QDateTimeEdit, QDateEdit, QTimeEdit {{ min-height: {TOUCH_PX - 3}px; }}
QCheckBox, QRadioButton {{ min-height: {TOUCH_PX}px; spacing: 10px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 24px; height: 24px; }}
QTabBar::tab {{ min-height: {TOUCH_PX - 12}px; padding: 6px 16px; }}
QListView::item, QListWidget::item, QTreeView::item, QTreeWidget::item {{ min-height: {TOUCH_PX}px; }}
QTreeView::indicator, QListView::indicator {{ width: 24px; height: 24px; }}
QSlider:horizontal {{ min-height: {TOUCH_PX}px; }}
QSlider::handle:horizontal {{ width: 22px; margin: -12px 0; border-radius: 4px; background: {BG_PANEL_DARK};
    border: 1px solid {BORDER}; }}
QSlider::groove:horizontal {{ height: 6px; background: {BORDER}; border-radius: 3px; }}
QScrollBar:vertical {{ width: 20px; }}
QScrollBar:horizontal {{ height: 20px; }}
QTreeWidget, QListWidget, QTableView, QTableWidget, QPlainTextEdit, QLineEdit {{
    background: {BG_PANEL};
    border: 1px solid {BORDER};
    selection-background-color: {ACCENT};
    selection-color: {ACCENT_TEXT};
}}
QHeaderView::section {{ background: {BG_PANEL_DARK}; border: 0; border-right: 1px solid {BORDER}; padding: 4px; }}
QStatusBar {{ background: {BG_PANEL_DARK}; border-top: 1px solid {BORDER}; }}
QStatusBar QLabel {{ color: {TEXT_DIM}; padding: 0 8px; }}
QScrollArea {{ border: 0; }}
QSplitter::handle {{ background: {BORDER}; }}
QGroupBox {{ border: 1px solid {BORDER}; border-radius: 3px; margin-top: 14px; font-weight: bold; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
"""


def apply_theme(app: QApplication | None = None) -> None:
    """Apply palette, default font, QSS and pyqtgraph defaults to the whole application."""
    import pyqtgraph as pg

    app = app or QApplication.instance()
    if app is None:
        raise RuntimeError("apply_theme() needs a QApplication")
    register_fonts()
    app.setStyle(TouchStyle())
    pal = QPalette()
    for role, colour in (
        (QPalette.Window, BG), (QPalette.Base, BG_PANEL), (QPalette.AlternateBase, BG),
        (QPalette.Button, BG_PANEL), (QPalette.WindowText, TEXT), (QPalette.Text, TEXT),
        (QPalette.ButtonText, TEXT), (QPalette.Highlight, ACCENT), (QPalette.HighlightedText, ACCENT_TEXT),
        (QPalette.ToolTipBase, "#f0f0f0"), (QPalette.ToolTipText, TEXT),
    ):
        pal.setColor(role, QColor(colour))
    app.setPalette(pal)
    app.setFont(font())
    app.setStyleSheet(QSS)
    pg.setConfigOptions(background=BG_PLOT, foreground=TEXT_DIM, antialias=False)


def configure_pyqtgraph() -> None:
    """pyqtgraph defaults only (for widgets shown without :func:`apply_theme`)."""
    import pyqtgraph as pg

    pg.setConfigOptions(background=BG_PLOT, foreground=TEXT_DIM, antialias=False)
