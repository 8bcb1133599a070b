"""Users page (administration): station users and the audit trail.

Users: list, create, disable / enable, set role, reset password, set or clear PIN; every change goes
through ``runtime.access`` with the logged-in user (admin only; refusals show the
:class:`~hmi.security.access.PermissionDenied` message).  Audit trail: the newest entries, filtered
by user / action, and a Verify button that walks the hash chain on a worker and shows "intact" or the
first broken entry.  All database work runs on worker threads.
"""
from __future__ import annotations

import json

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFormLayout, QFrame, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from hmi.security.access import PermissionDenied
from hmi.security.audit import ACTIONS, action_message
from hmi.security.users import ROLES, UserError
from hmi.ui.alarm_bridge import run_async
from hmi.ui.i18n import tr_message
from hmi.ui.login import error_style, ok_style, role_text
from widgets import theme
from widgets.retranslate import retext
from widgets.locale_format import format_datetime
from hmi.services import AccessGate, Connector, connect
from hmi.ui.layout import grid_of, hbox, hsplit

TOUCH_PX = 44
USER_COLUMNS = (QT_TRANSLATE_NOOP("UsersPage", "Name"), QT_TRANSLATE_NOOP("UsersPage", "Role"),
                QT_TRANSLATE_NOOP("UsersPage", "Status"), QT_TRANSLATE_NOOP("UsersPage", "PIN"),
                QT_TRANSLATE_NOOP("UsersPage", "Created"))
AUDIT_COLUMNS = ("#", QT_TRANSLATE_NOOP("UsersPage", "Time"), QT_TRANSLATE_NOOP("UsersPage", "User"),
                 QT_TRANSLATE_NOOP("UsersPage", "Action"), QT_TRANSLATE_NOOP("UsersPage", "Target"),
                 QT_TRANSLATE_NOOP("UsersPage", "Before"), QT_TRANSLATE_NOOP("UsersPage", "After"),
                 QT_TRANSLATE_NOOP("UsersPage", "Detail"))
AUDIT_LIMIT = 500


def _short(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, separators=(", ", ": "))
    return str(v)


class UserDialog(QDialog):
    """Create a user (name, role, password, optional PIN) or set a password / PIN."""

    def __init__(self, title: str, parent=None, *, name: bool = True, role: bool = True, password: bool = True,
                 pin: bool = True, pin_required: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(440)
        form = QFormLayout(self)
        self.name = self.role = self.password = self.confirm = self.pin = None
        if name:
            self.name = self._edit("user_name")
            form.addRow(self.tr("User name"), self.name)
        if role:
            self.role = QComboBox(self)
            self.role.setObjectName("user_role")
            self.role.setMinimumHeight(TOUCH_PX)
            for r in ROLES:
                self.role.addItem(role_text(r), r)
            form.addRow(self.tr("Role"), self.role)
        if password:
            self.password = self._edit("user_password", secret=True)
            self.confirm = self._edit("user_confirm", secret=True)
            form.addRow(self.tr("Password"), self.password)
            form.addRow(self.tr("Repeat password"), self.confirm)
        if pin:
            self.pin = self._edit("user_pin", secret=True)
            self.pin.setMaxLength(8)
            self.pin.setPlaceholderText(self.tr("4-8 digits") if pin_required else self.tr("4-8 digits; empty: none"))
            form.addRow(self.tr("PIN"), self.pin)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.hide()
        form.addRow(self.message)
        ok = QPushButton(self.tr("OK"), self)
        ok.setObjectName("user_ok")
        ok.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"), self)
        for b in (ok, cancel):
            b.setMinimumSize(110, TOUCH_PX)
        ok.clicked.connect(self._check)
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(ok)
        form.addRow(row)

    def _edit(self, name: str, secret: bool = False) -> QLineEdit:
        e = QLineEdit(self)
        e.setObjectName(name)
        e.setMinimumHeight(TOUCH_PX)
        if secret:
            e.setEchoMode(QLineEdit.Password)
        return e

    def _check(self) -> None:
        if self.name is not None and not self.name.text().strip():
            return self._error(self.tr("Enter a user name."))
        if self.password is not None and self.password.text() != self.confirm.text():
            return self._error(self.tr("The two passwords differ."))
        self.accept()

    def _error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(error_style())
        self.message.show()


class UsersPage(QWidget):
    """User administration and audit trail.

    ``UsersPage(runtime, session, parent=None)``: ``session`` a :class:`~hmi.ui.login.SessionManager`.

    Signals
    -------
    sig_users_loaded(int)
        the user list was (re)loaded; payload: number of users.
    sig_audit_loaded(int)
        the audit view was (re)loaded; payload: number of entries shown.
    sig_verified(object)
        the audit trail was verified; payload: :class:`~hmi.security.audit.VerifyResult`.
    sig_refused(str)
        an action was refused or failed; payload: the message shown.
    """

    sig_users_loaded = Signal(int)
    sig_audit_loaded = Signal(int)
    sig_verified = Signal(object)
    sig_refused = Signal(str)

    CONNECTORS = (Connector("access", AccessGate, optional=True),)

    def __init__(self, runtime, session, parent=None):
        super().__init__(parent)
        self.runtime = connect(self, runtime)
        self.access = self.runtime.access
        self.session = session
        self.users: list = []
        self.entries: list = []
        self.verify_result = None

        self.message = QLabel("", self)
        self.message.setObjectName("users_message")
        self.message.setWordWrap(True)
        self.message.hide()

        # ---------------------------------------------------------------- users
        up = QFrame(self)
        up.setProperty("role", "panel")
        ut = QLabel(up)
        retext(self, lambda: ut.setText(self.tr("Users")))
        ut.setProperty("role", "title")
        self.user_table = QTableWidget(0, len(USER_COLUMNS), up)
        self.user_table.setObjectName("user_table")
        retext(self, lambda: self.user_table.setHorizontalHeaderLabels([self.tr(c) for c in USER_COLUMNS]))
        self.user_table.verticalHeader().hide()
        self.user_table.verticalHeader().setDefaultSectionSize(TOUCH_PX)
        self.user_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.user_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.user_table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.user_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        for c, w in ((1, 120), (2, 100), (3, 60), (4, 150)):
            self.user_table.setColumnWidth(c, w)
        self.user_table.itemSelectionChanged.connect(self._user_selected)
        self.create_button = self._button(lambda: self.tr("New user\u2026"), "user_create", self.create_user)
        self.toggle_button = self._button(None, "user_toggle", self.toggle_selected)  # text: _update_buttons
        self.role_combo = QComboBox(up)
        self.role_combo.setObjectName("user_role_combo")
        self.role_combo.setMinimumHeight(TOUCH_PX)
        for i, role in enumerate(ROLES):
            self.role_combo.addItem("", role)
            retext(self, lambda i=i, role=role: self.role_combo.setItemText(i, role_text(role)))
        self.role_button = self._button(lambda: self.tr("Set role"), "user_set_role", lambda: self.set_role())
        self.password_button = self._button(lambda: self.tr("Reset password\u2026"), "user_password", self.reset_password)
        self.pin_button = self._button(lambda: self.tr("Set PIN\u2026"), "user_pin", self.set_pin)
        self.clear_pin_button = self._button(lambda: self.tr("Clear PIN"), "user_clear_pin", self.clear_pin)
        self.unlock_button = self._button(lambda: self.tr("Unlock log-in"), "user_unlock", self.unlock_selected)
        grid = grid_of([[self.create_button, self.toggle_button], [self.role_combo, self.role_button],
                        [self.password_button, self.pin_button], [self.unlock_button, self.clear_pin_button]])
        self.users_lock = QLabel("", up)
        self.users_lock.setObjectName("users_lock")
        self.users_lock.setWordWrap(True)
        self.users_lock.setProperty("role", "dim")
        self.users_lock.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        ul = QVBoxLayout(up)
        ul.addWidget(ut)
        ul.addWidget(self.users_lock)
        ul.addWidget(self.user_table, 1)
        ul.addLayout(grid)

        # ---------------------------------------------------------------- audit
        ap = QFrame(self)
        ap.setProperty("role", "panel")
        at = QLabel(ap)
        retext(self, lambda: at.setText(self.tr("Audit trail")))
        at.setProperty("role", "title")
        self.audit_user = QLineEdit(ap)
        self.audit_user.setObjectName("audit_user")
        retext(self, lambda: self.audit_user.setPlaceholderText(self.tr("user")))
        self.audit_user.setClearButtonEnabled(True)
        self.audit_action = QComboBox(ap)
        self.audit_action.setObjectName("audit_action")
        self.audit_action.addItem("", None)
        retext(self, lambda: self.audit_action.setItemText(0, self.tr("All actions")))
        for i, a in enumerate(ACTIONS, start=1):
            self.audit_action.addItem("", a)
            retext(self, lambda i=i, a=a: self.audit_action.setItemText(i, tr_message(action_message(a))))
        for w in (self.audit_user, self.audit_action):
            w.setMinimumHeight(TOUCH_PX)
        self.refresh_button = self._button(lambda: self.tr("Refresh"), "audit_refresh", self.load_audit)
        self.verify_button = self._button(lambda: self.tr("Verify chain"), "audit_verify", self.verify)
        self.verify_label = QLabel(ap)
        retext(self, lambda: self.verify_result is None and self.verify_label.setText(self.tr("Not verified yet.")))
        self.verify_label.setObjectName("audit_verify_result")
        self.verify_label.setWordWrap(True)
        self.verify_label.setMinimumHeight(TOUCH_PX)
        self.audit_user.returnPressed.connect(self.load_audit)
        self.audit_action.currentIndexChanged.connect(self.load_audit)
        bar = hbox(at, None, self.audit_user, self.audit_action, self.refresh_button)
        bar.addWidget(self.verify_button)
        self.audit_table = QTableWidget(0, len(AUDIT_COLUMNS), ap)
        self.audit_table.setObjectName("audit_table")
        retext(self, lambda: self.audit_table.setHorizontalHeaderLabels([self.tr(c) for c in AUDIT_COLUMNS]))
        self.audit_table.verticalHeader().hide()
        self.audit_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.audit_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.audit_table.setWordWrap(False)
        self.audit_table.horizontalHeader().setResizeContentsPrecision(100)
        self.audit_table.horizontalHeader().setStretchLastSection(True)
        self.audit_lock = QLabel("", ap)
        self.audit_lock.setObjectName("audit_lock")
        self.audit_lock.setWordWrap(True)
        self.audit_lock.setProperty("role", "dim")
        self.audit_lock.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        al = QVBoxLayout(ap)
        al.addLayout(bar)
        al.addWidget(self.audit_lock)
        al.addWidget(self.verify_label)
        al.addWidget(self.audit_table, 1)

        split = hsplit(self, up, ap, stretch=(2, 3), sizes=(560, 900))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.addWidget(self.message)
        lay.addWidget(split, 1)

        self._shown = False
        self._rights_seen = self.rights()
        if session is not None:
            session.sig_user_changed.connect(self._user_changed)
        self.retranslate_ui()

    def _show_verify(self, res) -> None:
        if res.ok:
            self.verify_label.setText(self.tr("\u2714 Audit trail OK: {0}").format(res.reason))
            self.verify_label.setStyleSheet(ok_style())
        else:
            where = self.tr("entry #{0}").format(res.first_bad_id) if res.first_bad_id else self.tr("the chain")
            self.verify_label.setText(self.tr("\u2716 AUDIT TRAIL BROKEN at {0}: {1} ({2} entries before it are intact)").format(
                where, res.reason, res.entries))
            self.verify_label.setStyleSheet(error_style())

    def retranslate_ui(self) -> None:
        """Tables and hints in the UI language (selection and filters stay)."""
        if self.access is None:
            self._show(self.tr("No user database on this station: users and audit trail are not available."), error=True)
        if self.rights()[0] and getattr(self, "users", None):
            self._users_loaded(self.users, emit=False)
        if self.rights()[1] and getattr(self, "entries", None):
            self._audit_loaded(self.entries, emit=False)
        if getattr(self, "verify_result", None) is not None:
            self._show_verify(self.verify_result)
        self._update_buttons()

    def _button(self, text, name: str, slot) -> QPushButton:
        """A button; ``text()`` gives its label in the UI language (None: set elsewhere)."""
        b = QPushButton(self)
        if text is not None:
            retext(self, lambda: b.setText(text()))
        b.setObjectName(name)
        b.setMinimumHeight(TOUCH_PX)
        b.clicked.connect(lambda _=False: slot())
        return b

    # ------------------------------------------------------------------ helpers
    @property
    def user(self):
        return self.session.user if self.session is not None else None

    def _show(self, text: str, error: bool = False) -> None:
        self.message.setText(("\u26d4 " if error else "\u2714 ") + text)
        self.message.setStyleSheet(error_style() if error else ok_style())
        self.message.show()

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def selected_user(self):
        rows = self.user_table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows and rows[0].row() < len(self.users) else None

    def select_user(self, name: str) -> bool:
        for r, u in enumerate(self.users):
            if u.name == name:
                self.user_table.selectRow(r)
                return True
        return False

    def _user_selected(self) -> None:
        u = self.selected_user()
        if u is not None:
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(u.role)))
        self._update_buttons()

    def rights(self) -> tuple[bool, bool]:
        """(may manage users, may read the audit trail) for the user logged in now."""
        if self.access is None:
            return False, False
        return self.access.allowed(self.user, "users.manage"), self.access.allowed(self.user, "audit.verify")

    def _user_changed(self, *_user) -> None:
        """Who is logged in changed: show only what they may see, and load it."""
        admin, auditor = self.rights()
        before, self._rights_seen = self._rights_seen, (admin, auditor)
        if not admin:
            self.users = []
            self.user_table.setRowCount(0)
        if not auditor:
            self.entries = []
            self.audit_table.setRowCount(0)
        self._update_buttons()
        if self._shown:
            if admin and not before[0]:
                self.load_users()
            if auditor and not before[1]:
                self.load_audit()

    def _update_buttons(self) -> None:
        has = self.access is not None
        u = self.selected_user()
        admin = has and self.access.allowed(self.user, "users.manage")
        auditor = has and self.access.allowed(self.user, "audit.verify")
        who = self.user.name if self.user is not None else self.tr("nobody")
        self.users_lock.setText("" if admin or not has else
                                self.tr("Users are managed by an administrator (logged in: {0}).").format(who))
        self.users_lock.setVisible(has and not admin)
        self.user_table.setVisible(admin)
        self.audit_lock.setText("" if auditor or not has else
                                self.tr("The audit trail is shown to engineers and administrators (logged in: {0})."
                                        ).format(who))
        self.audit_lock.setVisible(has and not auditor)
        self.audit_table.setVisible(auditor)
        tip = "" if admin else self.tr("needs admin") + ("" if self.user else self.tr("; log in first"))
        for b in (self.create_button, self.toggle_button, self.role_button, self.password_button, self.pin_button,
                  self.clear_pin_button, self.unlock_button):
            b.setToolTip(tip)
        self.create_button.setEnabled(admin)
        for b in (self.toggle_button, self.role_button, self.password_button, self.pin_button, self.role_combo,
                  self.unlock_button):
            b.setEnabled(admin and u is not None)
        self.clear_pin_button.setEnabled(admin and u is not None and u.has_pin)
        self.toggle_button.setText(self.tr("Enable") if u is not None and not u.enabled else self.tr("Disable"))
        for w in (self.refresh_button, self.verify_button, self.audit_user, self.audit_action):
            w.setEnabled(auditor)

    # ------------------------------------------------------------------ loading
    def load_users(self) -> bool:
        if self.access is None or not self.rights()[0]:
            return False
        run_async(self.access.users.list_users, on_done=self._users_loaded,
                  on_error=lambda e: self._show(self.tr("Cannot read the users: {0}").format(e), error=True), owner=self)
        return True

    def _users_loaded(self, users: list, emit: bool = True) -> None:
        if not self.rights()[0]:
            return  # the administrator logged out while the list was read
        keep = self.selected_user()
        self.users = list(users)
        t = self.user_table
        t.setRowCount(len(self.users))
        for r, u in enumerate(self.users):
            cells = (u.name, role_text(u.role), self.tr("enabled") if u.enabled else self.tr("\u2716 disabled"),
                     self.tr("yes") if u.has_pin else "",
                     format_datetime(u.created_at, seconds=False) if u.created_at else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not u.enabled:
                    item.setForeground(Qt.darkGray)
                t.setItem(r, c, item)
        if keep is not None:
            self.select_user(keep.name)
        self._update_buttons()
        if emit:
            self.sig_users_loaded.emit(len(self.users))

    def load_audit(self) -> bool:
        if self.access is None or not self.rights()[1]:
            return False
        user = self.audit_user.text().strip() or None
        action = self.audit_action.currentData()
        run_async(self.access.audit.entries, user=user, action=action, limit=AUDIT_LIMIT,
                  on_done=self._audit_loaded, on_error=lambda e: self._show(f"Cannot read the audit trail: {e}",
                                                                            error=True), owner=self)
        return True

    def _audit_loaded(self, entries: list, emit: bool = True) -> None:
        if not self.rights()[1]:
            return  # logged out while the trail was read
        self.entries = list(entries)
        t = self.audit_table
        t.setRowCount(len(self.entries))
        bad = self.verify_result.first_bad_id if self.verify_result is not None else None
        for r, e in enumerate(self.entries):
            cells = (str(e.id), format_datetime(e.ts), e.user or self.tr("(system)"),
                     tr_message(action_message(e.action)), e.target or "", _short(e.before), _short(e.after), _short(e.detail))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if len(text) > 30 else "")
                if e.id == bad:
                    item.setBackground(QColor(theme.ALARM_BG))
                    item.setText(("\u2716 " if c == 0 else "") + text)
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                if e.action in ("access.denied", "login.failed") and c == 3:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                t.setItem(r, c, item)
        t.resizeColumnsToContents()
        for c in (5, 6):  # before / after: JSON can be long; the tooltip has all of it
            t.setColumnWidth(c, min(t.columnWidth(c), 220))
        if emit:
            self.sig_audit_loaded.emit(len(self.entries))

    def actions_shown(self) -> list[str]:
        return [e.action for e in self.entries]

    def on_shown(self) -> None:
        self._shown = True
        self.load_users()
        self.load_audit()

    # ------------------------------------------------------------------ verify
    def verify(self) -> bool:
        if self.access is None:
            return False
        access, user = self.access, self.user

        def work():
            access.check(user, "audit.verify")
            return access.audit.verify()

        self.verify_button.setEnabled(False)
        self.verify_label.setText(self.tr("Verifying\u2026"))
        self.verify_label.setStyleSheet(ok_style())

        def done(res) -> None:
            self.verify_button.setEnabled(True)
            self.verify_result = res
            self._show_verify(res)
            self.sig_verified.emit(res)
            self.load_audit()

        def failed(exc) -> None:
            self.verify_button.setEnabled(True)
            text = tr_message(exc)
            self.verify_label.setText(("\u26d4 " if isinstance(exc, PermissionDenied) else self.tr("Verify failed: ")) + text)
            self.verify_label.setStyleSheet(error_style())
            self.sig_refused.emit(text)

        run_async(work, on_done=done, on_error=failed)
        return True

    # ------------------------------------------------------------------ user actions
    def _run(self, label: str, fn, *args) -> bool:
        if self.access is None:
            return False

        def done(_r) -> None:
            self._show(label)
            self.load_users()
            self.load_audit()

        def failed(exc) -> None:
            if isinstance(exc, (PermissionDenied, UserError, ValueError)):
                text = tr_message(exc)
            else:
                text = self.tr("failed: {0}").format(exc)
            self._show(text, error=True)
            self.sig_refused.emit(text)
            self.load_audit()

        run_async(fn, self.user, *args, on_done=done, on_error=failed)
        return True

    def create_user(self, name: str | None = None, role: str | None = None, password: str | None = None,
                    pin: str | None = None) -> bool:
        """Create a user; without arguments a dialog asks."""
        if name is None:
            dlg = UserDialog(self.tr("New user"), self)
            if dlg.exec() != QDialog.Accepted:
                return False
            name, role, password = dlg.name.text().strip(), dlg.role.currentData(), dlg.password.text()
            pin = dlg.pin.text().strip() or None
        return self._run(self.tr("User '{0}' created ({1}).").format(name, role_text(role)), self.access.create_user,
                         name, role, password, pin)

    def toggle_selected(self) -> bool:
        u = self.selected_user()
        if u is None:
            return False
        if u.enabled:
            return self._run(self.tr("User '{0}' disabled.").format(u.name), self.access.disable_user, u.name)
        return self._run(self.tr("User '{0}' enabled.").format(u.name), self.access.enable_user, u.name)

    def set_role(self, role: str | None = None) -> bool:
        u = self.selected_user()
        if u is None:
            return False
        role = role or self.role_combo.currentData()
        return self._run(self.tr("User '{0}' is now {1}.").format(u.name, role_text(role)), self.access.set_role,
                         u.name, role)

    def reset_password(self, password: str | None = None) -> bool:
        u = self.selected_user()
        if u is None:
            return False
        if password is None:
            dlg = UserDialog(self.tr("New password for {0}").format(u.name), self, name=False, role=False, pin=False)
            if dlg.exec() != QDialog.Accepted:
                return False
            password = dlg.password.text()
        return self._run(self.tr("Password of '{0}' reset.").format(u.name), self.access.change_password, u.name,
                         password)

    def set_pin(self, pin: str | None = None) -> bool:
        u = self.selected_user()
        if u is None:
            return False
        if pin is None:
            dlg = UserDialog(self.tr("PIN for {0}").format(u.name), self, name=False, role=False, password=False,
                             pin_required=True)
            if dlg.exec() != QDialog.Accepted:
                return False
            pin = dlg.pin.text().strip()
        return self._run(self.tr("PIN of '{0}' set.").format(u.name), self.access.set_pin, u.name, pin)

    def unlock_selected(self) -> bool:
        """Lift the selected user's log-in lock (too many failed log-ins), audited."""
        u = self.selected_user()
        if u is None:
            return False
        return self._run(self.tr("Log-in of '{0}' unlocked.").format(u.name), self.access.unlock, u.name)

    def clear_pin(self) -> bool:
        u = self.selected_user()
        if u is None:
            return False
        return self._run(self.tr("PIN of '{0}' removed.").format(u.name), self.access.set_pin, u.name, None)
