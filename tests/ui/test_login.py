"""Login dialog (password / PIN keypad), first-start dialog, idle auto-logout, header indicator."""
import pytest
from PySide6.QtCore import QPoint, Qt

from hmi.security.access import Access
from hmi.security.audit import AuditTrail
from hmi.security.users import UserStore
from hmi.store.db import open_database, sqlite_url
from hmi.ui.alarm_bridge import wait_for_workers
from hmi.ui.login import FirstStartDialog, LoginDialog, SessionManager, UserIndicator


@pytest.fixture
def access(tmp_path):
    eng = open_database(sqlite_url(tmp_path / "station.db"))
    a = Access(UserStore(eng), AuditTrail(eng))
    yield a
    wait_for_workers()
    eng.dispose()


@pytest.fixture
def people(access):
    admin = access.create_first_admin("admin", "admin-pass-1")
    kim = access.create_user(admin, "kim", "operator", "kim-pass-1", pin="4711")
    return {"admin": admin, "kim": kim}


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_password_login_and_refusal(qtbot, access, people):
    session = SessionManager(access)
    dlg = LoginDialog(session)
    qtbot.addWidget(dlg)
    dlg.name_edit.setText("kim")
    dlg.password_edit.setText("wrong-password")
    dlg.submit_password()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=5000)
    assert "Wrong user name or password" in dlg.message.text() and session.user is None
    assert dlg.password_edit.text() == ""
    dlg.password_edit.setText("kim-pass-1")
    with qtbot.waitSignal(dlg.sig_logged_in, timeout=5000) as sig:
        qtbot.mouseClick(dlg.password_button, Qt.LeftButton)
    assert sig.args[0].name == "kim" and session.user.role == "operator"
    assert dlg.result() == LoginDialog.Accepted
    actions = [e.action for e in access.audit.entries(limit=2)]
    assert actions == ["login", "login.failed"]


def test_password_login_typed_on_the_screen_keyboard(qtbot, access, people):
    """A touch station has no hardware keyboard: name and password typed on the on-screen keyboard."""
    from widgets.keyboard import ENTER, SHIFT, SYMBOL_LAYER

    session = SessionManager(access)
    dlg = LoginDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    kb = dlg.keyboard
    assert kb.target() is dlg.name_edit

    def tap(text):
        for ch in text:
            button = next(b for b in kb.char_buttons if b.text() == ch)
            qtbot.mouseClick(button, Qt.LeftButton)

    tap("kim")
    assert dlg.name_edit.text() == "kim" and kb.special_buttons[ENTER].text() == "Next"
    qtbot.mouseClick(kb.special_buttons[ENTER], Qt.LeftButton)  # Enter: on to the password
    assert kb.target() is dlg.password_edit and kb.special_buttons[ENTER].text() == "Log in"
    tap("kim-pass-1")
    assert dlg.password_edit.text() == "kim-pass-1" and dlg.name_edit.text() == "kim"
    kb.press(SHIFT)  # one capital, then lower case again
    tap("X")
    tap("y")
    assert dlg.password_edit.text().endswith("Xy")
    kb.press(SYMBOL_LAYER)
    assert any(b.text() == "!" for b in kb.char_buttons)
    kb.press(SYMBOL_LAYER)
    for _ in range(2):
        kb.press("\u232b")  # backspace
    assert dlg.password_edit.text() == "kim-pass-1"
    with qtbot.waitSignal(dlg.sig_logged_in, timeout=5000) as sig:
        qtbot.mouseClick(kb.special_buttons[ENTER], Qt.LeftButton)
    assert sig.args[0].name == "kim"


def test_pin_login_with_the_keypad(qtbot, access, people):
    session = SessionManager(access)
    dlg = LoginDialog(session)
    qtbot.addWidget(dlg)
    dlg.tabs.setCurrentIndex(1)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.pin_user.findData("kim") >= 0, timeout=5000)  # the names with a PIN, loaded
    dlg.pin_user.setCurrentIndex(dlg.pin_user.findData("kim"))
    for k in "4711":
        qtbot.mouseClick(dlg.keypad.buttons[k], Qt.LeftButton)
    assert dlg.pin_edit.text() == "4711" and dlg.pin_edit.echoMode() == dlg.pin_edit.EchoMode.Password
    with qtbot.waitSignal(session.sig_user_changed, timeout=5000) as sig:
        dlg.keypad.press("\u23ce")
    assert sig.args[0].name == "kim"
    entry = access.audit.entries(limit=1)[0]
    assert entry.action == "login" and entry.detail["method"] == "pin" and "4711" not in str(entry.detail)


def test_a_wrong_pin_is_refused(qtbot, access, people):
    session = SessionManager(access)
    dlg = LoginDialog(session)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.pin_user.findData("kim") >= 0, timeout=5000)
    dlg.pin_user.setCurrentIndex(dlg.pin_user.findData("kim"))
    dlg.pin_edit.setText("9999")
    dlg.submit_pin()
    qtbot.waitUntil(lambda: not dlg.busy and "Wrong PIN" in dlg.message.text(), timeout=5000)
    assert session.user is None


def test_after_repeated_failures_the_dialog_says_how_long_to_wait_and_refuses_before_anything_is_typed(
        qtbot, access, people):
    """The refusal is on screen, with the seconds counting down, and the buttons are off until then."""
    session = SessionManager(access)
    dlg = LoginDialog(session)
    qtbot.addWidget(dlg)
    dlg.show()
    for _ in range(4):  # three free failures, the fourth makes kim wait 2 s
        dlg.name_edit.setText("kim")
        dlg.password_edit.setText("not-kims-password")
        dlg.submit_password()
        qtbot.waitUntil(lambda: not dlg.busy, timeout=5000)
    qtbot.waitUntil(lambda: "try again in" in dlg.message.text(), timeout=5000)
    assert not dlg.password_button.isEnabled() and not dlg.keypad.isEnabled()
    qtbot.waitUntil(lambda: dlg.password_button.isEnabled(), timeout=5000)  # the wait ran out
    assert "try again" in dlg.message.text()
    dlg.name_edit.setText("kim")
    dlg.password_edit.setText("kim-pass-1")
    with qtbot.waitSignal(session.sig_user_changed, timeout=5000):
        dlg.submit_password()
    assert [e.action for e in access.audit.entries(limit=6)].count("login.failed") == 4


def test_first_start_creates_the_admin_and_logs_in(qtbot, access):
    assert access.users.first_start_needed()
    session = SessionManager(access)
    dlg = FirstStartDialog(session)
    qtbot.addWidget(dlg)
    dlg.name_edit.setText("boss")
    dlg.password_edit.setText("boss-pass-1")
    dlg.confirm_edit.setText("different")
    dlg.submit()
    assert "differ" in dlg.message.text()
    dlg.confirm_edit.setText("boss-pass-1")
    dlg.password_edit.setText("short")
    dlg.confirm_edit.setText("short")
    dlg.submit()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=5000)
    assert "at least 8 characters" in dlg.message.text()
    dlg.password_edit.setText("boss-pass-1")
    dlg.confirm_edit.setText("boss-pass-1")
    with qtbot.waitSignal(dlg.sig_created, timeout=5000):
        dlg.submit()
    assert session.user.name == "boss" and session.user.role == "admin"
    assert not access.users.first_start_needed()
    assert [e.action for e in access.audit.entries(limit=2)] == ["login", "user.create"]


def test_idle_timeout_logs_out_and_input_keeps_the_session(qtbot, access, people):
    from PySide6.QtWidgets import QPushButton

    clock = FakeClock()
    session = SessionManager(access, idle_timeout_s=600, clock=clock).start()
    try:
        session.set_user(people["kim"])
        button = QPushButton("x")
        qtbot.addWidget(button)
        button.show()
        clock.t += 500
        qtbot.mouseClick(button, Qt.LeftButton, pos=QPoint(2, 2))  # app-wide event filter: touch()
        clock.t += 500
        session.check_idle()
        assert session.user is not None and session.remaining_s() == pytest.approx(100)
        clock.t += 101
        with qtbot.waitSignal(session.sig_logged_out, timeout=3000) as sig:
            session.check_idle()
        assert sig.args == ["idle timeout"] and session.user is None
        wait_for_workers()
        e = access.audit.entries(limit=1)[0]
        assert e.action == "logout" and e.detail == {"reason": "idle timeout"} and e.user == "kim"
    finally:
        session.stop()


def test_the_activity_filter_runs_only_while_someone_is_logged_in_and_rests_after_a_touch(qtbot, access, people):
    """An application-wide event filter is a Python call per event of every widget: with nobody logged in
    there is none; after a touch it rests TOUCH_REST_MS, then the next input touches the session again."""
    from PySide6.QtWidgets import QPushButton

    clock = FakeClock()
    session = SessionManager(access, idle_timeout_s=600, clock=clock).start()
    session.TOUCH_REST_MS = 200
    button = QPushButton("x")
    qtbot.addWidget(button)
    button.show()
    try:
        assert not session._filter_installed
        session.set_user(people["kim"])
        assert session._filter_installed
        clock.t += 100
        qtbot.mouseClick(button, Qt.LeftButton, pos=QPoint(2, 2))
        assert not session._filter_installed and session.remaining_s() == pytest.approx(600)
        qtbot.waitUntil(lambda: session._filter_installed, timeout=2000)
        clock.t += 100
        qtbot.mouseClick(button, Qt.LeftButton, pos=QPoint(2, 2))
        assert session.remaining_s() == pytest.approx(600)  # touched again after the rest
        qtbot.waitUntil(lambda: session._filter_installed, timeout=2000)
        session.logout()
        assert not session._filter_installed
        qtbot.wait(300)
        assert not session._filter_installed  # a pending re-arm does not bring it back without a session
    finally:
        session.stop()


def test_header_indicator_login_logout(qtbot, access, people):
    session = SessionManager(access)
    ind = UserIndicator(session)
    qtbot.addWidget(ind)
    assert "not logged in" in ind.label.text() and ind.button.text() == "Log in"
    assert ind.button.minimumHeight() >= 44
    qtbot.mouseClick(ind.button, Qt.LeftButton)
    assert isinstance(ind.dialog, LoginDialog) and ind.dialog.isVisible()
    ind.dialog.reject()
    session.set_user(people["kim"])
    assert "kim" in ind.label.text() and "operator" in ind.label.text() and ind.button.text() == "Log out"
    qtbot.mouseClick(ind.button, Qt.LeftButton)
    assert session.user is None and ind.button.text() == "Log in"
    wait_for_workers()
    assert access.audit.entries(limit=1)[0].detail == {"reason": "user"}


def test_first_start_prompt_only_when_needed(qtbot, access):
    session = SessionManager(access)
    ind = UserIndicator(session)
    qtbot.addWidget(ind)
    ind.prompt_first_start()
    qtbot.waitUntil(lambda: isinstance(ind.dialog, FirstStartDialog), timeout=5000)
    ind.dialog.reject()


def test_without_database_nobody_can_log_in(qtbot):
    session = SessionManager(None)
    ind = UserIndicator(session)
    qtbot.addWidget(ind)
    assert not ind.button.isEnabled() and "no user database" in ind.label.text()
    dlg = LoginDialog(session)
    qtbot.addWidget(dlg)
    assert not dlg.password_button.isEnabled() and "nobody can log in" in dlg.message.text()


def test_main_window_header_has_the_user_indicator(qtbot, main_window):
    assert main_window.user_indicator.isVisible()
    assert main_window.session.access is None  # the conftest runtime has no database
