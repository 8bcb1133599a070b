"""On-screen numeric keypad for touch terminals: PIN entry and setpoints.

Keys 0-9, optional decimal point and sign, backspace, clear and Enter; every key is at least
56 x 56 px.  The keypad types into a target :class:`QLineEdit` (``set_target``) and also reports
each key, so it works for a masked PIN field as for a setpoint.  Holds no business state.

Run alone: ``python -m widgets.keypad``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from widgets import theme

KEY_PX = 56

BACKSPACE = "\u232b"
CLEAR = "C"
ENTER = "\u23ce"
SIGN = "\u00b1"
POINT = "."


class Keypad(QWidget):
    """A 4 x 4 keypad.

    ``Keypad(decimal=False, sign=False, enter_text=None)`` (None: "OK"): ``decimal`` shows the decimal point key,
    ``sign`` the +/- key.  ``set_target(line_edit)`` types into that field.  ``press(key)`` does what
    pressing a key does (for tests): keys are "0".."9", ".", "±", "⌫", "C", "⏎".

    Signals
    -------
    sig_key(str)
        a key was pressed; payload: the key (see above).
    sig_enter()
        the Enter key was pressed.
    """

    sig_key = Signal(str)
    sig_enter = Signal()

    def __init__(self, parent: QWidget | None = None, *, decimal: bool = False, sign: bool = False,
                 enter_text: str | None = None):
        super().__init__(parent)
        self._target: QLineEdit | None = None
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        layout = [["7", "8", "9", BACKSPACE],
                  ["4", "5", "6", CLEAR],
                  ["1", "2", "3", SIGN if sign else ""],
                  [POINT if decimal else "", "0", "", ENTER]]
        for r, row in enumerate(layout):
            for c, key in enumerate(row):
                if not key:
                    continue
                text = (enter_text or self.tr("OK")) if key == ENTER else key
                b = QPushButton(text, self)
                b.setObjectName(f"key_{key}")
                b.setMinimumSize(KEY_PX, KEY_PX)
                b.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
                size = theme.FONT_SIZE_VALUE if key.isdigit() else theme.FONT_SIZE_LARGE
                b.setFont(theme.font(size, bold=True))
                # the app QSS would shrink font and key (its min-height beats setMinimumSize): own box model
                b.setStyleSheet(f"font-size: {size}px; font-weight: bold; padding: 4px;"
                                f" min-height: {KEY_PX - 10}px; min-width: {KEY_PX - 10}px;")
                b.setFocusPolicy(Qt.NoFocus)  # the target keeps the focus and cursor
                b.setAutoRepeat(key == BACKSPACE)
                b.clicked.connect(lambda _=False, k=key: self.press(k))
                tips = {BACKSPACE: self.tr("Delete the last character"), CLEAR: self.tr("Clear"),
                        SIGN: self.tr("Change the sign"), ENTER: self.tr("Confirm")}
                if key in tips:
                    b.setToolTip(tips[key])
                self.buttons[key] = b
                if key == "0" and not decimal:
                    grid.addWidget(b, r, 0, 1, 3)
                elif key == "0":
                    grid.addWidget(b, r, 1, 1, 2)
                else:
                    grid.addWidget(b, r, c)

    def set_target(self, line_edit: QLineEdit | None) -> None:
        self._target = line_edit

    def target(self) -> QLineEdit | None:
        return self._target

    def press(self, key: str) -> None:
        t = self._target
        if t is not None and key != ENTER:
            text = t.text()
            if key == BACKSPACE:
                if t.hasSelectedText():
                    t.del_()
                else:
                    t.backspace()
            elif key == CLEAR:
                t.clear()
            elif key == SIGN:
                t.setText(text[1:] if text.startswith("-") else "-" + text)
            elif key == POINT:
                if "." not in text:
                    t.insert("0." if not text or text == "-" else ".")
            else:
                if t.hasSelectedText():
                    t.del_()
                if t.maxLength() > len(t.text()):
                    t.insert(key)
        self.sig_key.emit(key)
        if key == ENTER:
            self.sig_enter.emit()


def _preview() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout

    app = QApplication.instance() or QApplication([])
    theme.apply_theme(app)
    w = QWidget()
    w.setWindowTitle("Keypad preview")
    lay = QVBoxLayout(w)
    field = QLineEdit(w)
    field.setFont(theme.font(theme.FONT_SIZE_VALUE, bold=True))
    field.setAlignment(Qt.AlignRight)
    pad = Keypad(w, decimal=True, sign=True)
    pad.set_target(field)
    out = QLabel("type a value and press OK", w)
    pad.sig_enter.connect(lambda: out.setText(f"entered: {field.text() or '(nothing)'}"))
    lay.addWidget(field)
    lay.addWidget(pad)
    lay.addWidget(out)
    pin = QLineEdit(w)
    pin.setEchoMode(QLineEdit.Password)
    pin.setMaxLength(8)
    pin_pad = Keypad(w, enter_text="Log in")
    pin_pad.set_target(pin)
    lay.addWidget(QLabel("PIN (masked, 8 digits at most):", w))
    lay.addWidget(pin)
    lay.addWidget(pin_pad)
    pin_pad.sig_enter.connect(lambda: out.setText(f"PIN has {len(pin.text())} digits"))
    w.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(_preview())
