"""A machine/device state lamp with text: running, idle, fault, comm-fail (ISA-101).

Normal states are grey (running: dark grey filled circle, idle: hollow circle); colour only for
abnormal ones, and never colour alone: fault is a red *square* with "!", comm-fail a magenta
*diamond* with "?", and the text always names the state.

Run alone: ``python -m widgets.status_lamp``.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from widgets import theme

STATES = ("running", "idle", "fault", "comm_fail", "unknown")
TEXTS = {"running": QT_TRANSLATE_NOOP("StatusLamp", "RUNNING"), "idle": QT_TRANSLATE_NOOP("StatusLamp", "IDLE"),
         "fault": QT_TRANSLATE_NOOP("StatusLamp", "FAULT"), "comm_fail": QT_TRANSLATE_NOOP("StatusLamp", "NO COMM"),
         "unknown": "---"}


class _Lamp(QWidget):
    def __init__(self, size: int, parent=None):
        super().__init__(parent)
        self.state = "unknown"
        self.setFixedSize(size, size)

    def paintEvent(self, _ev) -> None:  # noqa: N802
        fill, outline, _ = theme.LAMP[self.state]
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        r = QRectF(2, 2, self.width() - 4, self.height() - 4)
        p.setPen(QPen(QColor(outline), 2))
        p.setBrush(QColor(fill))
        if self.state == "fault":
            p.drawRect(r)
        elif self.state == "comm_fail":
            c = r.center()
            p.drawPolygon(QPolygonF([QPointF(c.x(), r.top()), QPointF(r.right(), c.y()),
                                     QPointF(c.x(), r.bottom()), QPointF(r.left(), c.y())]))
        else:
            if self.state == "idle" or self.state == "unknown":
                p.setBrush(Qt.NoBrush)
            p.drawEllipse(r)
        glyph = {"fault": "!", "comm_fail": "?"}.get(self.state)
        if glyph:
            f = theme.font(int(self.height() * 0.6), bold=True)
            p.setFont(f)
            p.setPen(QColor("#ffffff"))
            p.drawText(r, Qt.AlignCenter, glyph)
        p.end()


class StatusLamp(QWidget):
    """Lamp + state text.

    ``set_state(state, text=None)`` with state in :data:`STATES`; ``text`` overrides the default
    label (e.g. "FAULT 3"). Holds no business state.
    """

    def __init__(self, state: str = "unknown", size: int = 22, parent=None):
        super().__init__(parent)
        self._lamp = _Lamp(size, self)
        self._label = QLabel(self)
        self._label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(self._lamp)
        lay.addWidget(self._label)
        self.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
        self.set_state(state)

    @property
    def state(self) -> str:
        return self._lamp.state

    def text(self) -> str:
        return self._label.text()

    def set_state(self, state: str, text: str | None = None) -> None:
        if state not in STATES:
            raise ValueError(f"unknown lamp state {state!r}")
        self._lamp.state = state
        self._text = text
        self._label.setText(text or self.tr(TEXTS[state]))
        colour = {"fault": theme.ALARM, "comm_fail": theme.COMM_FAIL}.get(state, theme.LAMP[state][2])
        self._label.setStyleSheet(f"color: {colour};")
        self._lamp.update()

    def retranslate_ui(self) -> None:
        """The state's own word in the new language (a caller's ``text`` is the caller's to retranslate)."""
        if not self._text:
            self._label.setText(self.tr(TEXTS[self._lamp.state]))

    def sizeHint(self) -> QSize:  # noqa: N802
        return super().sizeHint()


def _preview() -> int:
    import itertools

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QVBoxLayout

    app = QApplication.instance() or QApplication([])
    theme.apply_theme(app)
    w = QWidget()
    w.setWindowTitle("StatusLamp preview")
    lay = QVBoxLayout(w)
    for s in STATES:
        lay.addWidget(StatusLamp(s))
    cycling = StatusLamp()
    lay.addWidget(QLabel("cycling:"))
    lay.addWidget(cycling)
    states = itertools.cycle(STATES)
    timer = QTimer(w, interval=1000, timeout=lambda: cycling.set_state(next(states)))
    timer.start()
    w.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(_preview())
