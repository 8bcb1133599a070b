"""A compact value tile: name, value with unit, a bar against the normal range, quality cue.

ISA-101: grey while normal. Out of the normal range the tile gets an amber frame *and* a
"HI"/"LO" badge; bad quality a red "BAD" badge, communication failure a magenta "COMM" badge,
stale a dark-amber "STALE" badge; the value is greyed when it is not fresh.

Run alone: ``python -m widgets.value_tile``.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from widgets import theme

# quality codes (same numbers as hmi.equipment.model.Quality; widgets stay independent of hmi)
GOOD, BAD, STALE, COMM_FAIL = 0, 1, 2, 3
_QUALITY_NAMES = {"GOOD": GOOD, "BAD": BAD, "STALE": STALE, "COMM_FAIL": COMM_FAIL}
#: Badge words of the alarm kinds (ISA-18.2 limit names stay as they are in every language)
_ALARM_WORDS = {"HIHI": "HIHI", "HI": "HI", "LO": "LO", "LOLO": "LOLO", "ROC": "ROC", "DIGITAL": "ALARM",
                "BADPV": "SENSOR", "COMM": "COMM"}
#: quality code -> word for the screen (shown through :func:`quality_word`)
QUALITY_WORDS = {GOOD: QT_TRANSLATE_NOOP("Quality", "GOOD"), BAD: QT_TRANSLATE_NOOP("Quality", "BAD"),
                 STALE: QT_TRANSLATE_NOOP("Quality", "STALE"), COMM_FAIL: QT_TRANSLATE_NOOP("Quality", "COMM FAIL")}


def quality_word(quality) -> str:
    """"GOOD", "BAD", "STALE", "COMM FAIL" in the UI language (``quality``: code or Quality)."""
    try:
        return QCoreApplication.translate("Quality", QUALITY_WORDS[int(quality)])
    except (KeyError, TypeError, ValueError):
        return str(quality)


def format_value(value, decimals: int | None = None) -> str:
    """Human formatting for a tile / legend: ints as ints, floats with 0-2 decimals by magnitude; digit
    grouping and decimal mark of the UI locale (``QLocale()``)."""
    if value is None:
        return "---"
    if isinstance(value, bool):
        return "ON" if value else "OFF"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return QLocale().toString(int(value))
    v = float(value)
    if math.isnan(v):
        return "---"
    if decimals is None:
        a = abs(v)
        decimals = 0 if a >= 1000 else 1 if a >= 100 else 2
    return QLocale().toString(v, "f", int(decimals))


class RangeBar(QWidget):
    """Horizontal bar: the normal range as a light band, the value as a pointer.

    The bar spans the normal range widened by 25 % on each side; a value beyond that is pinned to
    the end with an arrow. Out of range the pointer is amber (the tile adds a text badge).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.normal_range: tuple[float, float] | None = None
        self.value: float | None = None
        self.fresh = True
        self.setFixedHeight(14)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)

    def set(self, value: float | None, normal_range, fresh: bool) -> None:
        self.value, self.normal_range, self.fresh = value, normal_range, fresh
        self.update()

    def paintEvent(self, _ev) -> None:  # noqa: N802
        if self.normal_range is None:
            return
        lo, hi = self.normal_range
        pad = (hi - lo) * 0.25
        a, b = lo - pad, hi + pad
        w, h = self.width() - 8, self.height()
        x0 = 4

        def px(v: float) -> float:
            return x0 + (min(max(v, a), b) - a) / (b - a) * w

        p = QPainter(self)
        p.setPen(Qt.NoPen)
        p.setBrush(QColor(theme.BG_PANEL_DARK))
        p.drawRect(QRectF(x0, h / 2 - 3, w, 6))
        p.setBrush(QColor("#ececec"))
        p.drawRect(QRectF(px(lo), h / 2 - 3, px(hi) - px(lo), 6))
        p.setPen(QPen(QColor(theme.TEXT_DIM), 1))
        p.drawLine(QPointF(px(lo), 1), QPointF(px(lo), h - 1))
        p.drawLine(QPointF(px(hi), 1), QPointF(px(hi), h - 1))
        v = self.value
        if v is not None and not (isinstance(v, float) and math.isnan(v)):
            out = v < lo or v > hi
            colour = QColor(theme.TEXT_DISABLED if not self.fresh else theme.ABNORMAL if out else theme.TEXT)
            p.setRenderHint(QPainter.Antialiasing)
            p.setPen(QPen(QColor(theme.TEXT), 1))
            p.setBrush(colour)
            x = px(v)
            if v > b:
                poly = [QPointF(x - 8, 1), QPointF(x + 3, h / 2), QPointF(x - 8, h - 1)]
            elif v < a:
                poly = [QPointF(x + 8, 1), QPointF(x - 3, h / 2), QPointF(x + 8, h - 1)]
            else:
                poly = [QPointF(x - 5, 0), QPointF(x + 5, 0), QPointF(x, h / 2 + 2)]
                p.drawRect(QRectF(x - 1.5, 0, 3, h))
            p.drawPolygon(QPolygonF(poly))
        p.end()


class ValueTile(QFrame):
    """Compact tile for one tag.

    Signals
    -------
    sig_clicked(str)
        the tile was clicked; payload: the tag key given at construction.

    ``set_value(value, quality=GOOD, error=None)`` shows a new value (quality as 0..3 code,
    ``hmi.equipment.model.Quality`` or its name). ``state`` is one of "no_data", "normal",
    "out_of_range", "bad", "stale", "comm_fail" (for tests and pages).
    """

    sig_clicked = Signal(str)

    def __init__(self, key: str, label: str, unit: str = "", normal_range: tuple[float, float] | None = None,
                 description: str = "", decimals: int | None = None, parent=None):
        super().__init__(parent)
        self.key = key
        self.unit = unit
        self.normal_range = normal_range
        self.decimals = decimals
        self.state = "no_data"
        self.value = None
        self.alarm: tuple[str, int] | None = None  # (kind, priority) of the most severe active alarm
        self._styles: tuple[str, str, str] = ("", "", "")  # frame, badge and value style sheets in force
        self._error: str | None = None
        self.setProperty("role", "panel")
        self.setObjectName("ValueTile")
        self.setCursor(Qt.PointingHandCursor)
        self.description = description
        self.setMinimumWidth(190)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)

        self._name = QLabel(label, self)
        self._name.setProperty("role", "dim")
        self._badge = QLabel("", self)
        self._badge.setFont(theme.font(theme.FONT_SIZE_SMALL, bold=True))
        self._badge.setAlignment(Qt.AlignCenter)
        self._value = QLabel("---", self)
        self._value.setFont(theme.font(theme.FONT_SIZE_VALUE, bold=True))
        self._value.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self._unit = QLabel(unit, self)
        self._unit.setProperty("role", "dim")
        self._unit.setAlignment(Qt.AlignLeft | Qt.AlignBottom)
        self._bar = RangeBar(self)
        sp = self._bar.sizePolicy()
        sp.setRetainSizeWhenHidden(True)  # tiles with and without a bar line up in a grid
        self._bar.setSizePolicy(sp)
        self._bar.setVisible(normal_range is not None)

        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self._name, 1)
        top.addWidget(self._badge)
        mid = QHBoxLayout()
        mid.setSpacing(6)
        mid.addStretch(1)
        mid.addWidget(self._value)
        mid.addWidget(self._unit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addLayout(mid)
        lay.addWidget(self._bar)
        self._set_tooltip()
        self._apply_style()

    def _set_tooltip(self) -> None:
        nr = self.normal_range
        self.setToolTip(f"{self.key}\n{self.description}".strip() + (
            "\n" + self.tr("normal range {0} .. {1} {2}").format(format_value(nr[0]), format_value(nr[1]), self.unit)
            if nr else "") + "\n" + self.tr("click: show in trends"))

    # ------------------------------------------------------------------ API
    def set_label(self, label: str, unit: str | None = None, description: str | None = None) -> None:
        """The tile's name (and unit, description) as the current language shows them."""
        self._name.setText(label)
        if unit is not None:
            self.unit = unit
            self._unit.setText(unit)
        if description is not None:
            self.description = description
        self._set_tooltip()

    def retranslate_ui(self) -> None:
        """After a language switch: tooltip and badge in the new language (the value stays)."""
        self._set_tooltip()
        self._render()

    def badge_text(self) -> str:
        return self._badge.text()

    def value_text(self) -> str:
        return self._value.text()

    def set_value(self, value, quality=GOOD, error: str | None = None) -> None:
        q = _QUALITY_NAMES.get(quality, quality) if isinstance(quality, str) else int(quality)
        self.value = value
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        if q == GOOD and value is not None:
            if numeric and self.normal_range and not math.isnan(float(value)):
                lo, hi = self.normal_range
                self.state = "out_of_range" if (value < lo or value > hi) else "normal"
            else:
                self.state = "normal"
        elif q == STALE:
            self.state = "stale"
        elif q == COMM_FAIL:
            self.state = "comm_fail"
        elif q == BAD:
            self.state = "bad"
        else:
            self.state = "no_data"
        self._error = error
        self._value.setText(format_value(value, self.decimals))
        if numeric:
            self._bar.set(float(value), self.normal_range, self.state in ("normal", "out_of_range"))
        else:
            self._bar.set(None, self.normal_range, False)
        self._render()

    def set_alarm(self, kind: str | None, priority: int | None = None) -> None:
        """The most severe active alarm of this tag (``"HIHI"``, ``"HI"``, ``"LO"``, ``"LOLO"``, ``"ROC"``,
        ``"DIGITAL"``) and its priority, or None: an alarm outranks the normal-range badge (a tag in its
        HIHI alarm shows HIHI in the priority's colour and shape, not "HI")."""
        alarm = (kind, int(priority or 0)) if kind else None
        if alarm != self.alarm:
            self.alarm = alarm
            self._render()

    def alarm_badge(self) -> str:
        """The badge text of the current alarm (empty without one)."""
        if self.alarm is None:
            return ""
        kind, prio = self.alarm
        glyph = theme.PRIORITY.get(prio, theme.PRIORITY_UNKNOWN)[3]
        return f"{glyph} {_ALARM_WORDS.get(kind, kind)}"

    def _render(self) -> None:
        badge = ""
        if self.state in ("bad", "stale", "comm_fail"):  # no trustworthy value: quality first
            badge = {"bad": self.tr("✖ BAD"), "stale": self.tr("STALE"), "comm_fail": self.tr("? COMM")}[self.state]
        elif self.alarm is not None and self.state != "no_data":
            badge = self.alarm_badge()
        elif self.state == "out_of_range":
            badge = self.tr("▲ HI") if self.value > self.normal_range[1] else self.tr("▼ LO")
        self._badge.setText(badge)
        self._badge.setToolTip((self._error or "").strip())
        self._apply_style()

    # ------------------------------------------------------------------ look
    def _apply_style(self) -> None:
        border, width, badge_bg, badge_fg = theme.BORDER, 1, "transparent", theme.TEXT
        value_colour = theme.TEXT
        if self.alarm is not None and self.state in ("normal", "out_of_range"):
            prio = self.alarm[1]
            border, width = theme.priority_colour(prio), 3
            badge_bg, badge_fg = theme.priority_colour(prio), theme.priority_text_colour(prio)
        elif self.state == "out_of_range":
            border, width, badge_bg = theme.ABNORMAL, 3, theme.ABNORMAL_BG
        elif self.state == "bad":
            border, width, badge_bg, badge_fg = theme.ALARM, 3, theme.ALARM, "#ffffff"
            value_colour = theme.TEXT_DISABLED
        elif self.state == "comm_fail":
            border, width, badge_bg, badge_fg = theme.COMM_FAIL, 3, theme.COMM_FAIL, "#ffffff"
            value_colour = theme.TEXT_DISABLED
        elif self.state == "stale":
            badge_bg, badge_fg = theme.ABNORMAL_BG, theme.STALE
            value_colour = theme.TEXT_DISABLED
        elif self.state == "no_data":
            value_colour = theme.TEXT_DISABLED
        style = (f"QFrame#ValueTile {{ background: {theme.BG_PANEL}; border: {width}px solid {border};"
                 f" border-radius: 3px; }}")
        # restyle only what changed: setStyleSheet re-polishes the widget (it was 15 % of an idle GUI thread)
        badge = f"background: {badge_bg}; color: {badge_fg}; padding: 0 4px; border-radius: 2px;"
        value = f"color: {value_colour};"
        if (style, badge, value) == self._styles:
            return
        if style != self._styles[0]:
            self.setStyleSheet(style)
        if badge != self._styles[1]:
            self._badge.setStyleSheet(badge)
        if value != self._styles[2]:
            self._value.setStyleSheet(value)
        self._styles = (style, badge, value)

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802
        if ev.button() == Qt.LeftButton and self.rect().contains(ev.position().toPoint()):
            self.sig_clicked.emit(self.key)
        super().mouseReleaseEvent(ev)


def _preview() -> int:
    import random

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QGridLayout

    app = QApplication.instance() or QApplication([])
    theme.apply_theme(app)
    w = QWidget()
    w.setWindowTitle("ValueTile preview")
    grid = QGridLayout(w)
    tiles = [
        ValueTile("press1.bushing_temp", "Bushing temp", "°C", (20, 75)),
        ValueTile("press1.vibration_rms", "Vibration RMS", "mm/s", (0, 4.5)),
        ValueTile("caster1.melt_temp", "Melt temp", "°C", (690, 730)),
        ValueTile("press1.stroke_count", "Stroke count", "strokes"),
    ]
    tiles[0].set_value(62.3)
    tiles[1].set_value(5.2)
    tiles[2].set_value(None, BAD, "exception 2: illegal data address")
    tiles[3].set_value(123456)
    for i, t in enumerate(tiles):
        grid.addWidget(t, i // 2, i % 2)
        t.sig_clicked.connect(lambda k: print("clicked", k))
    extra = [ValueTile("x.q", "Stale value", "bar", (2.5, 6)), ValueTile("x.c", "Comm fail", "A", (40, 120))]
    extra[0].set_value(3.1, STALE)
    extra[1].set_value(80.0, COMM_FAIL, "connection refused")
    grid.addWidget(extra[0], 2, 0)
    grid.addWidget(extra[1], 2, 1)
    timer = QTimer(w, interval=500, timeout=lambda: tiles[0].set_value(60 + random.gauss(0, 10)))
    timer.start()
    w.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(_preview())
