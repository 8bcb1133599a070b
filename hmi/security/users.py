"""Users, roles and permissions, password/PIN hashing, sessions. Qt-free.

Roles (least to most privileged): operator < inspector < maintenance < engineer < admin.  What a
role may do is a permission table (:data:`DEFAULT_ROLE_TABLE`), not a pure ordering, e.g. an
inspector may override an inspection but a maintenance technician may not.

Passwords and PINs are stored only as salted scrypt hashes (n=2**14, r=8, p=1, 16-byte salt) in a
self-describing string ``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>``; comparisons are constant-time.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from dataclasses import dataclass
from typing import Callable, Mapping

import sqlalchemy as sa

from hmi.messages import QT_TRANSLATE_NOOP, Message, join
from hmi.store.schema import from_ms, to_ms, users as users_table

__all__ = ["ROLES", "Permission", "DEFAULT_ROLE_TABLE", "User", "UserStore", "UserError", "Session",
           "hash_secret", "verify_secret", "role_at_least"]

ROLES = ("operator", "inspector", "maintenance", "engineer", "admin")

SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2 ** 14, 8, 1, 16, 32


class UserError(ValueError):
    """A user-management request that cannot be done (duplicate name, weak password, bad role)."""


def role_at_least(role: str, minimum: str) -> bool:
    return ROLES.index(role) >= ROLES.index(minimum)


@dataclass(frozen=True, slots=True)
class Permission:
    """``roles`` may do ``action``; ``what`` completes "operator 'kim' may not <what>"."""

    action: str
    what: str
    roles: frozenset[str]

    def who(self) -> Message:
        """Human description of the allowed roles: "engineer and up", "admin only", "inspector, engineer, admin"."""
        idx = sorted(ROLES.index(r) for r in self.roles)
        if len(idx) == 1:
            return _ONLY.format(role_message(ROLES[idx[0]]))
        if idx == list(range(idx[0], len(ROLES))):
            return _AND_UP.format(role_message(ROLES[idx[0]]))
        return join(role_message(ROLES[i]) for i in idx)


_ONLY = QT_TRANSLATE_NOOP("Access", "{0} only")
_AND_UP = QT_TRANSLATE_NOOP("Access", "{0} and up")


def role_message(role: str) -> Message | str:
    """A role name as a message in the ``Role`` context (the UI translates it; unknown roles stay as they are)."""
    return Message("Role", role) if role in ROLES else role


def _from(minimum: str) -> frozenset[str]:
    return frozenset(ROLES[ROLES.index(minimum):])


_P = Permission
#: action name -> permission.  The audit trail uses the same action names.
DEFAULT_ROLE_TABLE: Mapping[str, Permission] = {p.action: p for p in (
    _P("alarm.acknowledge", QT_TRANSLATE_NOOP("Access", "acknowledge alarms"), _from("operator")),
    _P("alarm.reset", QT_TRANSLATE_NOOP("Access", "reset latched alarms"), _from("operator")),
    _P("alarm.shelve", QT_TRANSLATE_NOOP("Access", "shelve alarms"), _from("engineer")),
    _P("alarm.out_of_service", QT_TRANSLATE_NOOP("Access", "take alarms out of service"), _from("engineer")),
    _P("setpoint.write", QT_TRANSLATE_NOOP("Access", "write setpoints"), _from("engineer")),
    _P("inspection.override", QT_TRANSLATE_NOOP("Access", "override inspection results"),
       frozenset({"inspector", "engineer", "admin"})),
    _P("maintenance.log", QT_TRANSLATE_NOOP("Access", "enter maintenance log entries"), _from("maintenance")),
    _P("maintenance.model", QT_TRANSLATE_NOOP("Access", "mark anomalies as false alarms and re-learn normal running"),
       _from("maintenance")),
    _P("shift.log", QT_TRANSLATE_NOOP("Access", "write the shift log"), _from("operator")),
    _P("config.change", QT_TRANSLATE_NOOP("Access", "change the configuration"), frozenset({"admin"})),
    _P("users.manage", QT_TRANSLATE_NOOP("Access", "manage users"), frozenset({"admin"})),
    _P("audit.verify", QT_TRANSLATE_NOOP("Access", "verify the audit trail"), _from("engineer")),
    _P("model.activate", QT_TRANSLATE_NOOP("Access", "activate, import or retrain AI inspection models"),
       _from("engineer")),
)}


# ------------------------------------------------------------------------------- hashing
def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_secret(secret: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """Salted scrypt hash of ``secret`` as ``scrypt$n$r$p$salt$hash`` (base64)."""
    salt = os.urandom(SALT_BYTES)
    dk = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                        maxmem=256 * n * r + (1 << 20))
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(dk)}"


def verify_secret(secret: str, stored: str | None) -> bool:
    """Constant-time check of ``secret`` against a :func:`hash_secret` string (False when malformed)."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, dk = stored.split("$")
        if scheme != "scrypt":
            return False
        n, r, p = int(n), int(r), int(p)
        want = base64.b64decode(dk)
        got = hashlib.scrypt(secret.encode("utf-8"), salt=base64.b64decode(salt), n=n, r=r, p=p, dklen=len(want),
                             maxmem=256 * n * r + (1 << 20))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


# A hash of nothing in particular: verified against when the user does not exist, so that an
# unknown name takes as long as a wrong password.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_secret(os.urandom(8).hex())
    return _DUMMY_HASH


# ------------------------------------------------------------------------------- users
@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str
    enabled: bool = True
    has_pin: bool = False
    created_at: float = 0.0

    def __str__(self) -> str:
        return f"{self.role} '{self.name}'"


def _user(m) -> User:
    return User(id=m["id"], name=m["name"], role=m["role"], enabled=bool(m["enabled"]),
                has_pin=m["pin_hash"] is not None, created_at=from_ms(m["created_at"]))


class UserStore:
    """Station users in the ``users`` table of ``engine`` (opened with :func:`hmi.store.db.open_database`).

    Passwords need ``min_password_len`` characters; PINs are 4..8 digits and unique among users.
    """

    def __init__(self, engine: sa.Engine, *, min_password_len: int = 8, clock: Callable[[], float] = time.time):
        self.engine = engine
        self.min_password_len = min_password_len
        self.clock = clock
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ validation
    def _check_password(self, password: str) -> None:
        if not isinstance(password, str) or len(password) < self.min_password_len:
            raise UserError(QT_TRANSLATE_NOOP("Users", "a password needs at least {0} characters").format(
                self.min_password_len))

    @staticmethod
    def _check_pin(pin: str) -> None:
        if not isinstance(pin, str) or not pin.isdigit() or not 4 <= len(pin) <= 8:
            raise UserError(QT_TRANSLATE_NOOP("Users", "a PIN is 4 to 8 digits"))

    def _pin_taken(self, conn, pin: str, except_id: int | None = None) -> bool:
        rows = conn.execute(sa.select(users_table.c.id, users_table.c.pin_hash)
                            .where(users_table.c.pin_hash.is_not(None))).all()
        return any(verify_secret(pin, h) for i, h in rows if i != except_id)

    # ------------------------------------------------------------------ management
    def create_user(self, name: str, role: str, password: str, pin: str | None = None) -> User:
        name = (name or "").strip()
        if not name or len(name) > 64:
            raise UserError(QT_TRANSLATE_NOOP("Users", "a user name is 1 to 64 characters"))
        if role not in ROLES:
            raise UserError(QT_TRANSLATE_NOOP("Users", "unknown role {0} (roles: {1})").format(repr(role),
                                                                                           ", ".join(ROLES)))
        self._check_password(password)
        if pin is not None:
            self._check_pin(pin)
        with self._lock, self.engine.begin() as c:
            if c.execute(sa.select(users_table.c.id).where(users_table.c.name == name)).first():
                raise UserError(QT_TRANSLATE_NOOP("Users", "user {0} already exists").format(repr(name)))
            if pin is not None and self._pin_taken(c, pin):
                raise UserError(QT_TRANSLATE_NOOP("Users", "this PIN is already in use; choose another"))
            c.execute(sa.insert(users_table).values(
                name=name, role=role, password_hash=hash_secret(password),
                pin_hash=hash_secret(pin) if pin is not None else None, enabled=True,
                created_at=to_ms(self.clock())))
            return _user(c.execute(sa.select(users_table).where(users_table.c.name == name)).one()._mapping)

    def get(self, name: str) -> User | None:
        with self.engine.connect() as c:
            r = c.execute(sa.select(users_table).where(users_table.c.name == name)).first()
        return _user(r._mapping) if r else None

    def list_users(self, include_disabled: bool = True) -> list[User]:
        q = sa.select(users_table).order_by(users_table.c.name)
        if not include_disabled:
            q = q.where(users_table.c.enabled.is_(True))
        with self.engine.connect() as c:
            return [_user(r._mapping) for r in c.execute(q)]

    def change_password(self, name: str, new_password: str, old_password: str | None = None) -> None:
        """Set a new password; when ``old_password`` is given it must match (self-service)."""
        self._check_password(new_password)
        with self._lock, self.engine.begin() as c:
            r = c.execute(sa.select(users_table).where(users_table.c.name == name)).first()
            if r is None:
                raise UserError(QT_TRANSLATE_NOOP("Users", "no user {0}").format(repr(name)))
            if old_password is not None and not verify_secret(old_password, r.password_hash):
                raise UserError(QT_TRANSLATE_NOOP("Users", "the current password is wrong"))
            c.execute(sa.update(users_table).where(users_table.c.id == r.id)
                      .values(password_hash=hash_secret(new_password)))

    def set_pin(self, name: str, pin: str | None) -> None:
        """Set (or with None remove) a user's PIN."""
        if pin is not None:
            self._check_pin(pin)
        with self._lock, self.engine.begin() as c:
            r = c.execute(sa.select(users_table.c.id).where(users_table.c.name == name)).first()
            if r is None:
                raise UserError(QT_TRANSLATE_NOOP("Users", "no user {0}").format(repr(name)))
            if pin is not None and self._pin_taken(c, pin, except_id=r.id):
                raise UserError(QT_TRANSLATE_NOOP("Users", "this PIN is already in use; choose another"))
            c.execute(sa.update(users_table).where(users_table.c.id == r.id)
                      .values(pin_hash=hash_secret(pin) if pin is not None else None))

    def set_role(self, name: str, role: str) -> None:
        if role not in ROLES:
            raise UserError(QT_TRANSLATE_NOOP("Users", "unknown role {0} (roles: {1})").format(repr(role),
                                                                                           ", ".join(ROLES)))
        self._update(name, role=role, guard_last_admin=True)

    def disable_user(self, name: str) -> None:
        """Disable a user (kept for the audit trail). The last enabled admin cannot be disabled."""
        self._update(name, enabled=False, guard_last_admin=True)

    def enable_user(self, name: str) -> None:
        self._update(name, enabled=True)

    def _update(self, name: str, *, guard_last_admin: bool = False, **values) -> None:
        with self._lock, self.engine.begin() as c:
            r = c.execute(sa.select(users_table).where(users_table.c.name == name)).first()
            if r is None:
                raise UserError(QT_TRANSLATE_NOOP("Users", "no user {0}").format(repr(name)))
            if guard_last_admin and r.role == "admin" and r.enabled:
                admins = c.execute(sa.select(sa.func.count()).select_from(users_table).where(
                    users_table.c.role == "admin", users_table.c.enabled.is_(True))).scalar_one()
                stays_admin = values.get("enabled", True) and values.get("role", "admin") == "admin"
                if admins <= 1 and not stays_admin:
                    raise UserError(QT_TRANSLATE_NOOP("Users", "{0} is the last administrator").format(repr(name)))
            c.execute(sa.update(users_table).where(users_table.c.id == r.id).values(**values))

    def first_start_needed(self) -> bool:
        """True when no enabled admin exists: the application must create one first."""
        with self.engine.connect() as c:
            n = c.execute(sa.select(sa.func.count()).select_from(users_table).where(
                users_table.c.role == "admin", users_table.c.enabled.is_(True))).scalar_one()
        return n == 0

    # ------------------------------------------------------------------ authentication
    def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``name`` exists, is enabled and ``password`` matches; else None
        (same work for an unknown name as for a wrong password)."""
        with self.engine.connect() as c:
            r = c.execute(sa.select(users_table).where(users_table.c.name == name)).first()
        ok = verify_secret(password or "", r.password_hash if r else _dummy_hash())
        if r is None or not ok or not r.enabled:
            return None
        return _user(r._mapping)

    def authenticate_pin(self, pin: str) -> User | None:
        """The enabled user whose PIN this is, else None (checks every PIN hash: constant work)."""
        with self.engine.connect() as c:
            rows = c.execute(sa.select(users_table).where(users_table.c.pin_hash.is_not(None))).all()
        found = None
        for r in rows:
            if verify_secret(pin or "", r.pin_hash) and found is None:
                found = r
        if found is None or not found.enabled:
            return None
        return _user(found._mapping)

    def why_refused(self, name: str) -> str:
        """Reason for the audit trail after a failed :meth:`authenticate` (never show it on screen)."""
        u = self.get(name)
        if u is None:
            return "unknown user"
        return "user disabled" if not u.enabled else "wrong password"


class Session:
    """A logged-in user with an idle timeout (the UI calls :meth:`touch` on input and logs out when
    :meth:`expired`)."""

    def __init__(self, user: User, idle_timeout_s: float = 300.0, clock: Callable[[], float] = time.time):
        self.user = user
        self.idle_timeout_s = idle_timeout_s
        self.clock = clock
        self.started_at = self.last_activity = clock()

    def touch(self) -> None:
        self.last_activity = self.clock()

    def remaining_s(self) -> float:
        return max(0.0, self.idle_timeout_s - (self.clock() - self.last_activity))

    def expired(self) -> bool:
        return self.clock() - self.last_activity >= self.idle_timeout_s
