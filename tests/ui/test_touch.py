"""Touch and kiosk: every control a finger hits is at least 44 px high, PIN and setpoints come with
the on-screen keypad, and the kiosk cannot be closed without an engineer or administrator."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QSlider, QTableView,
                               QTabBar, QTreeView, QWidget)

from widgets import theme

TOUCH = theme.TOUCH_PX
INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QSlider)


def _inner(w: QWidget) -> bool:
    """Parts of composite widgets that are not touch targets of their own."""
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, (QComboBox, QAbstractSpinBox, QTabBar)) or p.metaObject().className() in (
                "QScrollBar", "QHeaderView", "QCalendarWidget", "QTableCornerButton"):
            return True
        p = p.parentWidget()
    return w.metaObject().className() in ("QTableCornerButton",) or type(w).__name__ == "QToolButton" and \
        isinstance(w.parentWidget(), QTabBar)


def _height(w: QWidget) -> int:
    """The real height after layout: a control its layout squeezed below its hints is too small for a finger."""
    return w.height()


@pytest.fixture
def themed(qapp):
    theme.apply_theme(qapp)
    yield
    qapp.setStyleSheet("")


@pytest.fixture
def full_window(qtbot, runtime, themed):
    from hmi.ui.app import build_window

    win = build_window(runtime)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_every_page_has_touch_sized_controls(qtbot, full_window):
    too_small = []
    for name in full_window.pages():
        full_window.show_page(name)
        qtbot.wait(50)
        page = full_window.page(name)
        for w in page.findChildren(QWidget):
            if not isinstance(w, INTERACTIVE) or not w.isVisibleTo(page) or _inner(w):
                continue
            if _height(w) < TOUCH:
                too_small.append(f"{name}: {type(w).__name__} {w.objectName() or getattr(w, 'text', lambda: '')()!r} "
                                 f"{_height(w)} px")
        for view in page.findChildren(QTableView):
            if view.isVisibleTo(page) and view.verticalHeader().defaultSectionSize() < TOUCH:
                too_small.append(f"{name}: table {view.objectName()} rows {view.verticalHeader().defaultSectionSize()} px")
        for tree in page.findChildren(QTreeView):  # tree rows (the tag tree) are touch targets too
            if tree.isVisibleTo(page) and tree.model() is not None and tree.model().rowCount() > 0:
                h = tree.visualRect(tree.model().index(0, 0)).height()
                if h < TOUCH:
                    too_small.append(f"{name}: tree {tree.objectName()} rows {h} px")
    header = [full_window.language_combo, full_window.user_indicator.button, full_window.banner.silence_button]
    too_small += [f"header {w.objectName()} {_height(w)} px" for w in header if _height(w) < TOUCH]
    too_small += [f"nav {n} {_height(b)} px" for n, b in full_window._buttons.items() if _height(b) < TOUCH]
    assert not too_small, "controls below 44 px:\n" + "\n".join(too_small)


def test_theme_makes_plain_widgets_touch_sized(qtbot, themed):
    from PySide6.QtWidgets import QCheckBox, QPushButton, QSpinBox, QTableWidget, QVBoxLayout

    box = QWidget()
    lay = QVBoxLayout(box)
    widgets = [QPushButton("OK"), QComboBox(), QLineEdit(), QCheckBox("x"), QSpinBox()]
    tabs = QTabBar()
    tabs.addTab("tab")
    table = QTableWidget(2, 2)
    for w in (*widgets, tabs, table):
        lay.addWidget(w)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert all(_height(w) >= TOUCH for w in widgets), [(type(w).__name__, _height(w)) for w in widgets]
    assert tabs.tabRect(0).height() >= TOUCH
    assert table.rowHeight(0) >= TOUCH


def test_login_password_has_a_touch_keyboard_on_real_geometry(qtbot, themed):
    from hmi.ui.login import LoginDialog, SessionManager

    dlg = LoginDialog(SessionManager(None))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    keys = dlg.keyboard.char_buttons + list(dlg.keyboard.special_buttons.values())
    small = [(b.objectName(), b.width(), b.height()) for b in keys if b.width() < TOUCH or b.height() < TOUCH]
    assert not small, small


def test_login_pin_uses_the_touch_keypad(qtbot, themed):
    from hmi.ui.login import LoginDialog, SessionManager
    from widgets.keypad import KEY_PX

    dlg = LoginDialog(SessionManager(None))
    qtbot.addWidget(dlg)
    assert dlg.keypad.buttons and all(b.minimumWidth() >= KEY_PX >= TOUCH and b.minimumHeight() >= KEY_PX
                                      for b in dlg.keypad.buttons.values())
    dlg.keypad.press("1")
    dlg.keypad.press("2")
    assert dlg.pin_edit.text() == "12"
    assert _height(dlg.name_edit) >= TOUCH and _height(dlg.password_button) >= TOUCH


def test_setpoint_dialog_uses_the_touch_keypad(qtbot, runtime, themed):
    from hmi.ui.setpoint import SetpointDialog

    key = next(t.key for t in runtime.plant.tags if t.writable and t.type != "bool")
    dlg = SetpointDialog(runtime, None, key)
    qtbot.addWidget(dlg)
    assert dlg.keypad is not None
    for k in "42":
        dlg.keypad.press(k)
    assert dlg.value_edit.text() == "42"
    assert all(_height(b) >= TOUCH for b in dlg.keypad.buttons.values())


def test_kiosk_is_full_screen_without_frame_and_closes_only_for_an_engineer(qtbot, runtime):
    from hmi.ui.main_window import MainWindow

    win = MainWindow(runtime, kiosk=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.windowFlags() & Qt.FramelessWindowHint
    assert win.windowState() & Qt.WindowFullScreen
    assert win.exit_button.isVisible()
    assert not win.exit_allowed()
    win.close()  # Alt+F4 / window manager: refused
    assert win.isVisible()
    assert win.request_exit() is False and win.isVisible()
    assert "engineer" in win.statusBar().currentMessage()
    win.session.set_user(type("U", (), {"name": "kim", "role": "operator"})())
    assert not win.exit_allowed() and win.request_exit() is False and win.isVisible()
    win.session.set_user(type("U", (), {"name": "lee", "role": "engineer"})())
    assert win.exit_allowed()
    assert win.request_exit() is True
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=3000)


def test_window_outside_kiosk_has_no_exit_button_and_closes(qtbot, runtime):
    from hmi.ui.main_window import MainWindow

    win = MainWindow(runtime)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert not win.exit_button.isVisible() and win.exit_allowed()
    assert not (win.windowFlags() & Qt.FramelessWindowHint)
    win.close()
    assert not win.isVisible()


def test_run_gui_starts_the_kiosk_in_the_chosen_language(qtbot, runtime, qapp, monkeypatch, tmp_path):
    """`lineside demo --kiosk --lang ko`: run_gui opens the kiosk window in Korean (the choice is saved)."""
    from PySide6.QtCore import QSettings

    from hmi.ui import app as ui_app
    from hmi.ui import i18n
    from hmi.ui.main_window import MainWindow

    monkeypatch.setattr(i18n, "_settings", lambda: QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    seen = {}

    def inspect():
        win = next(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen.update(kiosk=win.kiosk, full=bool(win.windowState() & Qt.WindowFullScreen),
                    nav=win._buttons["Overview"].text(), refused=not win.request_exit())
        win.kiosk = False  # let the test close it
        win.close()

    def event_loop(*_args):  # stands in for app.exec(): QApplication.exit() would end every later test's loops
        qtbot.wait(300)
        inspect()
        return 0

    monkeypatch.setattr(type(qapp), "exec", event_loop)
    try:
        assert ui_app.run_gui(runtime, lang="ko", kiosk=True) == 0
    finally:
        i18n.set_language("en", qapp, persist=False)
        qapp.setStyleSheet("")  # run_gui themed the shared test application
    assert seen == {"kiosk": True, "full": True, "nav": "전체 현황\nF1", "refused": True}
    assert i18n.saved_language() == "ko"
