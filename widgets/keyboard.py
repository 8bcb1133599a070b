"""On-screen keyboard for touch terminals: user names and passwords where no hardware keyboard is.

Latin letters (user names and passwords are ASCII), digits, a symbol layer, Shift (one letter; twice: caps
lock), Backspace, Space and Enter; every key at least 44 x 44 px.  It types into a target :class:`QLineEdit`
(``set_target``, or ``follow_focus(a, b)``: whichever of the fields last had the focus), so it works for a
masked password as for a user name.  The keys take no focus: the field keeps its cursor.  Holds no
business state.

Run alone: ``python -m widgets.keyboard``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from widgets import theme

KEY_PX = 44

LETTERS = ("1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm._@")
SYMBOLS = ("1234567890", "!#$%&*()+=", "/\\:;'\"?[]~", "<>{}|^`,_@")
SHIFT = "\u21e7"
BACKSPACE = "\u232b"
SPACE = " "
ENTER = "\u23ce"
SYMBOL_LAYER = "#+="


class Keyboard(QWidget):
    """A touch keyboard.

    ``press(key)`` does what pressing a key does (for tests): a character, or :data:`SHIFT`,
    :data:`BACKSPACE`, :data:`SPACE`, :data:`ENTER`, :data:`SYMBOL_LAYER`.  ``shift`` is 0 (lower case),
    1 (the next letter upper case) or 2 (caps lock); ``symbols`` whether the symbol layer is shown.

    Signals
    -------
    sig_key(str)
        a key was pressed; payload: the character typed or the special key.
    sig_enter()
        the Enter key was pressed.
    sig_target_changed(object)
        :meth:`follow_focus` moved the typing to another field; payload: that QLineEdit.
    """

    sig_key = Signal(str)
    sig_enter = Signal()
    sig_target_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, enter_text: str | None = None):
        super().__init__(parent)
        self._target: QLineEdit | None = None
        self._follow: tuple[QLineEdit, ...] = ()
        self.shift = 0
        self.symbols = False
        self._enter_text = enter_text
        self.char_buttons: list[QPushButton] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for r, row in enumerate(LETTERS):
            for c in range(len(row)):
                b = self._key(f"key_{r}_{c}")
                b.clicked.connect(lambda _=False, b=b: self.press(b.text()))
                grid.addWidget(b, r, c)
                self.char_buttons.append(b)
        specials = [(SHIFT, 0, 2), (SYMBOL_LAYER, 2, 2), (SPACE, 4, 3), (BACKSPACE, 7, 1), (ENTER, 8, 2)]
        names = {SHIFT: "shift", SYMBOL_LAYER: "symbols", SPACE: "space", BACKSPACE: "backspace", ENTER: "enter"}
        self.special_buttons: dict[str, QPushButton] = {}
        for key, col, span in specials:
            b = self._key("key_" + names[key])
            b.clicked.connect(lambda _=False, k=key: self.press(k))  # by key, not by label ("abc" / "#+=")
            if key == BACKSPACE:
                b.setAutoRepeat(True)
            grid.addWidget(b, len(LETTERS), col, 1, span)
            self.special_buttons[key] = b
        self.special_buttons[SHIFT].setCheckable(True)
        self.special_buttons[SYMBOL_LAYER].setCheckable(True)
        self.retranslate_ui()
        self._relabel()

    def _key(self, name: str) -> QPushButton:
        b = QPushButton(self)
        b.setObjectName(name)
        b.setMinimumSize(KEY_PX, KEY_PX)
        b.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        b.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        # the app QSS would shrink the key (its min-height beats setMinimumSize): its own box model
        b.setStyleSheet(f"font-size: {theme.FONT_SIZE_LARGE}px; font-weight: bold; padding: 2px;"
                        f" min-height: {KEY_PX - 4}px; min-width: {KEY_PX - 4}px;")
        b.setFocusPolicy(Qt.NoFocus)  # the field keeps the focus and cursor
        return b

    def retranslate_ui(self) -> None:
        s = self.special_buttons
        s[SHIFT].setText(SHIFT)
        s[SHIFT].setToolTip(self.tr("Shift: the next letter in capitals; twice: caps lock"))
        s[SYMBOL_LAYER].setToolTip(self.tr("Symbols"))
        s[SPACE].setText(self.tr("Space"))
        s[BACKSPACE].setText(BACKSPACE)
        s[BACKSPACE].setToolTip(self.tr("Delete the last character"))
        s[ENTER].setText(self._enter_text or self.tr("OK"))

    def set_enter_text(self, text: str) -> None:
        self._enter_text = text
        self.special_buttons[ENTER].setText(text)

    def _relabel(self) -> None:
        chars = "".join(SYMBOLS if self.symbols else LETTERS)  # every row has as many keys
        upper = self.shift > 0 and not self.symbols
        for b, ch in zip(self.char_buttons, chars):
            b.setText(ch.upper() if upper else ch)
        self.special_buttons[SYMBOL_LAYER].setText("abc" if self.symbols else SYMBOL_LAYER)
        self.special_buttons[SYMBOL_LAYER].setChecked(self.symbols)
        self.special_buttons[SHIFT].setChecked(self.shift > 0)
        self.special_buttons[SHIFT].setEnabled(not self.symbols)

    # ------------------------------------------------------------------ target
    def set_target(self, line_edit: QLineEdit | None) -> None:
        self._target = line_edit

    def target(self) -> QLineEdit | None:
        return self._target

    def follow_focus(self, *edits: QLineEdit) -> None:
        """Type into whichever of ``edits`` last had the focus (the first until one gets it)."""
        self._follow = edits
        if edits and self._target not in edits:
            self._target = edits[0]
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old, new) -> None:
        if new in self._follow and new is not self._target:
            self._target = new
            self.sig_target_changed.emit(new)

    # ------------------------------------------------------------------ keys
    def press(self, key: str) -> None:
        t = self._target
        if key == SHIFT:
            self.shift = (self.shift + 1) % 3
            self._relabel()
        elif key == SYMBOL_LAYER:
            self.symbols = not self.symbols
            self._relabel()
        elif key == BACKSPACE:
            if t is not None:
                t.del_() if t.hasSelectedText() else t.backspace()
        elif key == ENTER:
            pass
        elif t is not None:
            if t.hasSelectedText():
                t.del_()
            if t.maxLength() > len(t.text()):
                t.insert(key)
            if self.shift == 1:  # one letter in capitals, then back to lower case
                self.shift = 0
                self._relabel()
        self.sig_key.emit(key)
        if key == ENTER:
            self.sig_enter.emit()


def _preview() -> int:
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    app = QApplication.instance() or QApplication([])
    theme.apply_theme(app)
    w = QWidget()
    w.setWindowTitle("Keyboard preview")
    lay = QVBoxLayout(w)
    name = QLineEdit(w)
    password = QLineEdit(w)
    password.setEchoMode(QLineEdit.Password)
    kb = Keyboard(w, enter_text="Log in")
    kb.follow_focus(name, password)
    out = QLabel("type a name and a password", w)
    kb.sig_enter.connect(lambda: out.setText(f"name {name.text()!r}, password of {len(password.text())} characters"))
    for x in (name, password, kb, out):
        lay.addWidget(x)
    w.show()
    return app.exec()


if __name__ == "__main__":  # pragma: no cover - manual preview
    raise SystemExit(_preview())
