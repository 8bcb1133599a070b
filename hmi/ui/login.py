"""Log in and out: login dialog (password or PIN with the on-screen keypad), first-start dialog,
the station session with idle auto-logout, and the header's user indicator.

Everything that touches the user database (hashing, audit entries) runs on a worker thread through
:func:`hmi.ui.alarm_bridge.run_async`; the dialogs stay responsive and show "Checking…".

    session = SessionManager(runtime.access, idle_timeout_s=600, parent=window)
    session.sig_user_changed.connect(...)          # User or None
    indicator = UserIndicator(session, window)     # "kim (operator)"  [Log out]
    session.user                                   # the logged-in User or None
"""
from __future__ import annotations

import logging
import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QTabWidget, QVBoxLayout, QWidget)

from hmi.security.users import Session
from hmi.ui.alarm_bridge import run_async
from hmi.ui.i18n import tr_message
from hmi.ui.layout import hbox
from widgets import theme
from widgets.keyboard import Keyboard
from widgets.keypad import Keypad

log = logging.getLogger(__name__)

__all__ = ["SessionManager", "LoginDialog", "FirstStartDialog", "UserIndicator", "DEFAULT_IDLE_TIMEOUT_S",
           "error_style", "ok_style"]

DEFAULT_IDLE_TIMEOUT_S = 600.0
TOUCH_PX = 44
_ACTIVITY = frozenset({QEvent.MouseButtonPress, QEvent.KeyPress, QEvent.TouchBegin, QEvent.Wheel,
                       QEvent.TabletPress})


#: role names as the screens show them (the stored names stay English)
ROLE_NAMES = {
    "operator": QT_TRANSLATE_NOOP("Role", "operator"),
    "inspector": QT_TRANSLATE_NOOP("Role", "inspector"),
    "maintenance": QT_TRANSLATE_NOOP("Role", "maintenance"),
    "engineer": QT_TRANSLATE_NOOP("Role", "engineer"),
    "admin": QT_TRANSLATE_NOOP("Role", "admin"),
}


def role_text(role) -> str:
    """A role name in the UI language ("operator" -> "작업자" in Korean); unknown roles as they are."""
    name = str(getattr(role, "value", role))
    return QCoreApplication.translate("Role", ROLE_NAMES[name]) if name in ROLE_NAMES else name


def error_style() -> str:
    """Style of a refusal / error message label: red frame, dark text (the text says what is wrong)."""
    return (f"background: {theme.ALARM_BG}; color: {theme.TEXT}; border: 2px solid {theme.ALARM};"
            " border-radius: 3px; padding: 6px 10px; font-weight: bold;")


def show_refusal(label, why: str) -> None:
    """``label`` says ``why`` an action is refused (refusal style), or is hidden when nothing is."""
    label.setText(why)
    label.setStyleSheet(error_style() if why else "")
    label.setVisible(bool(why))


def ok_style() -> str:
    return (f"background: {theme.BG_PANEL}; color: {theme.TEXT}; border: 1px solid {theme.BORDER};"
            " border-radius: 3px; padding: 6px 10px;")


def _big_button(text: str, parent) -> QPushButton:
    b = QPushButton(text, parent)
    b.setMinimumHeight(TOUCH_PX)
    b.setMinimumWidth(110)
    b.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
    b.setStyleSheet(f"font-size: {theme.FONT_SIZE_LARGE}px; font-weight: bold;")
    return b


def _field(parent, password: bool = False) -> QLineEdit:
    e = QLineEdit(parent)
    e.setMinimumHeight(TOUCH_PX)
    e.setFont(theme.font(theme.FONT_SIZE_LARGE))
    e.setStyleSheet(f"font-size: {theme.FONT_SIZE_LARGE}px;")
    if password:
        e.setEchoMode(QLineEdit.Password)
    return e


# ================================================================================ session
class SessionManager(QObject):
    """The logged-in user of this station.

    ``access``: :class:`~hmi.security.access.Access` or None (no user database: nobody can log in).
    An app-wide event filter calls ``Session.touch()`` on every press / key / touch; a 1 s timer logs
    out (audited "idle timeout") once the session has been idle ``idle_timeout_s``.

    Signals
    -------
    sig_user_changed(object)
        the user changed; payload: the :class:`~hmi.security.users.User` or None (logged out).
    sig_logged_out(str)
        a logout happened; payload: the reason ("user" or "idle timeout").
    """

    sig_user_changed = Signal(object)
    sig_logged_out = Signal(str)

    def __init__(self, access, idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S, parent: QObject | None = None, *,
                 clock=None):
        super().__init__(parent)
        self.access = access
        self.idle_timeout_s = float(idle_timeout_s)
        self.session: Session | None = None
        self._clock = clock
        self._filter_installed = False
        self._running = False
        self._timer = QTimer(self, interval=1000, timeout=self.check_idle)

    @property
    def user(self):
        return self.session.user if self.session is not None else None

    @property
    def available(self) -> bool:
        return self.access is not None

    #: after a touch the activity filter rests this long (ms): an application-wide event filter is a call
    #: into Python for every event of every widget, and the idle timeout needs a touch every few seconds
    #: at most, not one per mouse move
    TOUCH_REST_MS = 2000

    def start(self) -> "SessionManager":
        self._running = True
        self._watch_activity(self.session is not None)
        self._timer.start()
        return self

    def stop(self) -> None:
        self._running = False
        self._timer.stop()
        self._watch_activity(False)

    def _watch_activity(self, on: bool) -> None:
        """Install the application-wide activity filter only while a session needs its idle time."""
        app = QApplication.instance()
        on = on and self._running and self.session is not None
        if app is None or on == self._filter_installed:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._filter_installed = on

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802
        if self.session is not None and ev.type() in _ACTIVITY:
            self.session.touch()
            self._watch_activity(False)
            QTimer.singleShot(self.TOUCH_REST_MS, self, lambda: self._watch_activity(True))
        return False

    # ------------------------------------------------------------------ login / logout
    def set_user(self, user) -> None:
        """Start a session for ``user`` (already authenticated and audited by Access)."""
        kwargs = {"clock": self._clock} if self._clock is not None else {}
        self.session = Session(user, self.idle_timeout_s, **kwargs) if user is not None else None
        self._watch_activity(self.session is not None)
        self.sig_user_changed.emit(user)

    def logout(self, reason: str = "user") -> None:
        s = self.session
        if s is None:
            return
        self.session = None
        self._watch_activity(False)
        if self.access is not None:
            run_async(self.access.logout, s.user, reason,
                      on_error=lambda e: log.error("audit of logout failed: %s", e), owner=self)
        self.sig_user_changed.emit(None)
        self.sig_logged_out.emit(reason)

    def check_idle(self) -> None:
        if self.session is not None and self.session.expired():
            self.logout("idle timeout")

    def remaining_s(self) -> float | None:
        return self.session.remaining_s() if self.session is not None else None


# ================================================================================ dialogs
class LoginDialog(QDialog):
    """Log in with user name + password, or with a PIN typed on the keypad.

    On success the session gets the user and the dialog accepts; a refusal shows "Wrong user name or
    password" / "Unknown PIN" (never which part was wrong).

    Signals
    -------
    sig_logged_in(object)
        payload: the :class:`~hmi.security.users.User`.
    """

    sig_logged_in = Signal(object)

    def __init__(self, session: SessionManager, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Log in"))
        self.setModal(True)
        self.setMinimumWidth(420)
        self.busy = False

        self.tabs = QTabWidget(self)
        # ------------------------------------------------ password
        pw = QWidget()
        self.name_edit = _field(pw)
        self.name_edit.setObjectName("login_name")
        self.password_edit = _field(pw, password=True)
        self.password_edit.setObjectName("login_password")
        form = QFormLayout(pw)
        form.addRow(self.tr("User name"), self.name_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        self.password_button = _big_button(self.tr("Log in"), pw)
        self.password_button.setObjectName("login_password_button")
        self.password_button.setDefault(True)
        self.password_button.clicked.connect(self.submit_password)
        self.password_edit.returnPressed.connect(self.submit_password)
        self.name_edit.returnPressed.connect(self.password_edit.setFocus)
        form.addRow("", self.password_button)
        # touch stations have no hardware keyboard: type the name and the password on the screen
        self.keyboard = Keyboard(pw, enter_text=self.tr("Next"))
        self.keyboard.setObjectName("login_keyboard")
        self.keyboard.follow_focus(self.name_edit, self.password_edit)
        self.keyboard.sig_enter.connect(self._keyboard_enter)
        self.keyboard.sig_target_changed.connect(lambda _f: self._keyboard_enter_text())
        form.addRow(self.keyboard)
        self.tabs.addTab(pw, self.tr("Password"))
        # ------------------------------------------------ PIN
        pin = QWidget()
        # a PIN log-in names its user first: a PIN alone would be tried against every account at once
        self.pin_user = QComboBox(pin)
        self.pin_user.setObjectName("login_pin_user")
        self.pin_user.setMinimumHeight(44)
        self.pin_edit = _field(pin, password=True)
        self.pin_user.setFont(self.pin_edit.font())  # as large as the field below it
        self.pin_edit.setObjectName("login_pin")
        self.pin_edit.setMaxLength(8)
        self.pin_edit.setAlignment(Qt.AlignCenter)
        self.pin_edit.setPlaceholderText(self.tr("PIN (4-8 digits)"))
        self.keypad = Keypad(pin, enter_text=self.tr("Log in"))
        self.keypad.set_target(self.pin_edit)
        self.keypad.sig_enter.connect(self.submit_pin)
        self.pin_edit.returnPressed.connect(self.submit_pin)
        pl = QVBoxLayout(pin)
        pl.addWidget(self.pin_user)
        pl.addWidget(self.pin_edit)
        pl.addWidget(self.keypad)
        self.tabs.addTab(pin, self.tr("PIN"))

        self.message = QLabel("", self)
        self.message.setObjectName("login_message")
        self.message.setWordWrap(True)
        self.message.hide()
        cancel = _big_button(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addWidget(self.message)
        lay.addLayout(buttons)
        self._wait_until = 0.0
        self._wait_timer = QTimer(self, interval=1000, timeout=self._count_down)
        if session.access is None:
            self._show(self.tr("No user database on this station: nobody can log in."), error=True)
            self.password_button.setEnabled(False)
            self.keypad.setEnabled(False)
        else:
            run_async(session.access.pin_users, on_done=self._fill_pin_users, on_error=lambda e: None, owner=self)
            run_async(session.access.login_wait_s, on_done=lambda s: s > 0 and self._wait(s, None),
                      on_error=lambda e: None, owner=self)

    def _fill_pin_users(self, names: list[str]) -> None:
        self.pin_user.clear()
        for n in names:
            self.pin_user.addItem(n, n)
        if not names:
            self.pin_user.addItem(self.tr("(nobody has a PIN)"), None)

    def _wait(self, seconds: float, text: str | None) -> None:
        """Refuse further tries for ``seconds``, visibly: the buttons are off and the message counts down."""
        self._wait_until = time.monotonic() + float(seconds)
        self._wait_text = text
        self._count_down()
        self._wait_timer.start()

    def _count_down(self) -> None:
        left = self._wait_until - time.monotonic()
        waiting = left > 0
        self.password_button.setEnabled(not waiting and not self.busy)
        self.keypad.setEnabled(not waiting and not self.busy)
        if not waiting:
            self._wait_timer.stop()
            self._show(self.tr("You may try again."), error=False)
            return
        line = self.tr("Too many failed log-ins: try again in {0} s.").format(int(left) + 1)
        self._show(f"{self._wait_text}\n{line}" if self._wait_text else line, error=True)

    def _show(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(error_style() if error else ok_style())
        self.message.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        free = not busy and time.monotonic() >= self._wait_until
        self.password_button.setEnabled(free)
        self.keypad.setEnabled(free)
        if busy:
            self._show(self.tr("Checking\u2026"), error=False)

    def _keyboard_enter(self) -> None:
        """Enter on the on-screen keyboard: from the name to the password, from the password: log in."""
        if self.keyboard.target() is self.name_edit:
            self.password_edit.setFocus()
            self.keyboard.set_target(self.password_edit)
            self._keyboard_enter_text()
        else:
            self.submit_password()

    def _keyboard_enter_text(self) -> None:
        on_name = self.keyboard.target() is self.name_edit
        self.keyboard.set_enter_text(self.tr("Next") if on_name else self.tr("Log in"))

    def submit_password(self) -> None:
        if self.busy or self.session.access is None:
            return
        name = self.name_edit.text().strip()
        if not name or not self.password_edit.text():
            self._show(self.tr("Enter your user name and password."), error=True)
            return
        self._set_busy(True)
        self._last_name = name
        run_async(self.session.access.login, name, self.password_edit.text(),
                  on_done=lambda u: self._done(u, self.tr("Wrong user name or password, or the user is disabled.")),
                  on_error=self._failed, owner=self)

    def submit_pin(self) -> None:
        if self.busy or self.session.access is None:
            return
        pin, name = self.pin_edit.text(), self.pin_user.currentData()
        if not name:
            self._show(self.tr("Pick your name first."), error=True)
            return
        if not pin:
            self._show(self.tr("Type your PIN on the keypad."), error=True)
            return
        self._set_busy(True)
        self._last_name = name
        run_async(self.session.access.login_pin, name, pin,
                  on_done=lambda u: self._done(u, self.tr("Wrong PIN, or the user is disabled.")),
                  on_error=self._failed, owner=self)

    def _done(self, user, refusal: str) -> None:
        self._set_busy(False)
        if user is None:
            self.password_edit.clear()
            self.pin_edit.clear()
            self._show(refusal, error=True)
            # the next try may already have to wait: say so now, not after the user typed again
            run_async(self.session.access.login_wait_s, getattr(self, "_last_name", None),
                      on_done=lambda s, r=refusal: s > 0 and self._wait(s, r), on_error=lambda e: None, owner=self)
            return
        self.session.set_user(user)
        self.sig_logged_in.emit(user)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        wait = getattr(exc, "wait_s", None)
        if wait is not None:  # LoginThrottled: the account or the station must wait
            self.password_edit.clear()
            self.pin_edit.clear()
            self._wait(wait, tr_message(exc) if getattr(exc, "locked", False) else None)
            return
        self._show(self.tr("Login not possible: {0}").format(tr_message(exc)), error=True)


class FirstStartDialog(QDialog):
    """First start (no administrator yet): create the administrator account, then log in as it.

    Signals
    -------
    sig_created(object)
        payload: the new admin :class:`~hmi.security.users.User` (also logged in).
    """

    sig_created = Signal(object)

    def __init__(self, session: SessionManager, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("First start: create the administrator"))
        self.setModal(True)
        self.setMinimumWidth(480)
        self.busy = False
        intro = QLabel(self.tr("No administrator exists on this station yet. Create one now; the administrator "
                       "then adds the operators, engineers and other users on the Users page."), self)
        intro.setWordWrap(True)
        self.name_edit = _field(self)
        self.name_edit.setObjectName("first_name")
        self.password_edit = _field(self, password=True)
        self.password_edit.setObjectName("first_password")
        self.confirm_edit = _field(self, password=True)
        self.confirm_edit.setObjectName("first_confirm")
        self.pin_edit = _field(self, password=True)
        self.pin_edit.setObjectName("first_pin")
        self.pin_edit.setMaxLength(8)
        self.pin_edit.setPlaceholderText(self.tr("optional, 4-8 digits"))
        form = QFormLayout()
        form.addRow(self.tr("Administrator name"), self.name_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("Repeat password"), self.confirm_edit)
        form.addRow(self.tr("PIN"), self.pin_edit)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.hide()
        self.create_button = _big_button(self.tr("Create administrator"), self)
        self.create_button.setObjectName("first_create")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        later = _big_button(self.tr("Later"), self)
        later.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addLayout(hbox(None, later, self.create_button))

    def _show(self, text: str, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(error_style() if error else ok_style())
        self.message.show()

    def submit(self) -> None:
        if self.busy or self.session.access is None:
            return
        name, pw, pin = self.name_edit.text().strip(), self.password_edit.text(), self.pin_edit.text().strip()
        if not name:
            self._show(self.tr("Enter the administrator's name."))
            return
        if pw != self.confirm_edit.text():
            self._show(self.tr("The two passwords differ."))
            return
        self.busy = True
        self.create_button.setEnabled(False)
        self._show(self.tr("Creating\u2026"), error=False)
        access = self.session.access

        def create():
            access.create_first_admin(name, pw, pin or None)
            return access.login(name, pw)  # audited login of the new administrator

        run_async(create, on_done=self._done, on_error=self._failed)

    def _done(self, user) -> None:
        self.busy = False
        self.create_button.setEnabled(True)
        self.session.set_user(user)
        self.sig_created.emit(user)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.create_button.setEnabled(True)
        self._show(tr_message(exc))


# ================================================================================ header indicator
class UserIndicator(QWidget):
    """Header widget: who is logged in ("kim · operator") and a Log in / Log out button.

    ``prompt_first_start()`` checks (on a worker) whether an administrator must be created first and
    opens the first-start dialog if so.
    """

    def __init__(self, session: SessionManager, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.dialog: QDialog | None = None
        self.label = QLabel("", self)
        self.label.setObjectName("user_label")
        self.label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.button = QPushButton(self.tr("Log in"), self)
        self.button.setObjectName("login_button")
        self.button.setMinimumSize(110, TOUCH_PX)
        self.button.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.button.clicked.connect(self._clicked)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(self.label)
        lay.addWidget(self.button)
        session.sig_user_changed.connect(self._update)
        session.sig_logged_out.connect(self._logged_out)
        self._update(session.user)

    def _update(self, user) -> None:
        if not self.session.available:
            self.label.setText(self.tr("no user database"))
            self.label.setStyleSheet(f"color: {theme.TEXT_DIM};")
            self.button.setEnabled(False)
            self.button.setText(self.tr("Log in"))
            return
        if user is None:
            self.label.setText(self.tr("\u25cb not logged in"))
            self.label.setStyleSheet(f"color: {theme.TEXT_DIM};")
            self.button.setText(self.tr("Log in"))
        else:
            self.label.setText(f"\u25cf {user.name} \u00b7 {role_text(user.role)}")
            self.label.setStyleSheet(f"color: {theme.TEXT};")
            self.button.setText(self.tr("Log out"))
        self.label.setToolTip("" if user is None else
                              self.tr("logged in as {0} '{1}'; automatic logout after {2} min without input").format(
                                  role_text(user.role), user.name, f"{self.session.idle_timeout_s / 60:g}"))

    def retranslate_ui(self) -> None:
        self._update(self.session.user)

    def _logged_out(self, reason: str) -> None:
        if reason == "idle timeout":
            self.label.setText(self.tr("\u25cb logged out (idle)"))

    def _clicked(self) -> None:
        if self.session.user is not None:
            self.session.logout("user")
        else:
            self.open_login()

    def open_login(self) -> LoginDialog:
        dlg = LoginDialog(self.session, self.window())
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dlg
        dlg.open()
        return dlg

    def prompt_first_start(self) -> None:
        access = self.session.access
        if access is None:
            return

        def done(needed: bool) -> None:
            if needed:
                dlg = FirstStartDialog(self.session, self.window())
                dlg.setAttribute(Qt.WA_DeleteOnClose)
                self.dialog = dlg
                dlg.open()

        run_async(access.users.first_start_needed, on_done=done,
                  on_error=lambda e: log.error("first-start check failed: %s", e), owner=self)
