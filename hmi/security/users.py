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
from hmi.store.db import durable_begin
from hmi.store.schema import from_ms, to_ms, users as users_table

__all__ = ["ROLES", "Permission", "DEFAULT_ROLE_TABLE", "User", "UserStore", "UserError", "Session",
           "hash_secret", "verify_secret", "role_at_least"]

ROLES = ("operator", "inspector", "maintenance", "engineer", "admin")

SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2 ** 14, 8, 1, 16, 32

#: PINs refused as too easy to guess, besides one repeated digit and straight runs (1234, 9876)
COMMON_PINS = frozenset({"1212", "1004", "2580", "0852", "1122", "1313", "6969", "2000", "2020", "2222", "1010",
                         "7777", "5683", "1357", "2468", "0007", "1414", "4545", "1230", "0101", "1818"})
#: passwords refused as too common (compared in lower case), besides the user's own name
COMMON_PASSWORDS = frozenset({
    "password", "password1", "password123", "passw0rd", "12345678", "123456789", "1234567890", "qwertyui",
    "qwerty123", "11111111", "00000000", "abcd1234", "1q2w3e4r", "1qaz2wsx", "iloveyou", "sunshine",
    "princess", "football", "baseball", "welcome1", "admin123", "administrator", "letmein1", "trustno1",
    "changeme", "operator", "engineer", "lineside", "lineside1", "factory1", "qwertyuiop", "asdfghjk",
    "zxcvbnm1", "dragon12", "monkey12", "master12", "superman", "starwars", "whatever", "87654321"})


def pin_problem(pin: str, min_len: int = 4) -> Message | None:
    """Why ``pin`` is refused (None: it is acceptable): ``min_len`` to 8 digits, not one digit repeated, not a
    straight run up or down, not on :data:`COMMON_PINS`."""
    if not isinstance(pin, str) or not pin.isdigit() or not min_len <= len(pin) <= 8:
        return QT_TRANSLATE_NOOP("Users", "a PIN is {0} to 8 digits").format(min_len)
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:])}
    if len(set(pin)) == 1 or steps in ({1}, {9}) or pin in COMMON_PINS:
        return QT_TRANSLATE_NOOP("Users", "this PIN is too easy to guess (a repeated digit, a run like 1234 or a "
                                          "common PIN); choose another")
    return None


def password_problem(password: str, min_len: int, name: str | None = None) -> Message | None:
    """Why ``password`` is refused (None: acceptable): shorter than ``min_len``, on :data:`COMMON_PASSWORDS`,
    or the user's name."""
    if not isinstance(password, str) or len(password) < min_len:
        return QT_TRANSLATE_NOOP("Users", "a password needs at least {0} characters").format(min_len)
    low = password.lower()
    if low in COMMON_PASSWORDS or (name and low in (name.lower(), name.lower() * 2)):
        return QT_TRANSLATE_NOOP("Users", "this password is too common or is the user's name; choose another")
    return None


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
    _P("trace.event", QT_TRANSLATE_NOOP("Access", "record reworks, shipments and scrap of parts"), _from("operator")),
    _P("config.change", QT_TRANSLATE_NOOP("Access", "change the configuration"), frozenset({"admin"})),
    _P("devices.configure", QT_TRANSLATE_NOOP("Access", "set up devices and tags and save the plant file"),
       _from("engineer")),
    _P("selfcheck.rate", QT_TRANSLATE_NOOP("Access", "rate the plant's smart-factory level"), _from("engineer")),
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

    Passwords need ``min_password_len`` characters and PINs ``min_pin_len``..8 digits (:func:`password_problem`,
    :func:`pin_problem`).  Reading and authenticating are public; the changes (``_create_user``, ``_set_role``,
    ``_disable_user``, ``_enable_user``, ``_set_pin``, ``_change_password``) are the store's side of
    :class:`hmi.security.access.Access`, which checks the administrator's permission and audits each one:
    call those, there is no unchecked public path (``tests/security/test_users.py`` checks that nothing else
    in the project calls them).
    """

    def __init__(self, engine: sa.Engine, *, min_password_len: int = 8, min_pin_len: int = 4,
                 clock: Callable[[], float] = time.time):
        self.engine = engine
        self.min_password_len = min_password_len
        self.min_pin_len = min_pin_len
        self.clock = clock
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ validation
    def _check_password(self, password: str, name: str | None = None) -> None:
        problem = password_problem(password, self.min_password_len, name)
        if problem is not None:
            raise UserError(problem)

    def _check_pin(self, pin: str) -> None:
        problem = pin_problem(pin, self.min_pin_len)
        if problem is not None:
            raise UserError(problem)

    # ------------------------------------------------------------------ management
    def _create_user(self, name: str, role: str, password: str, pin: str | None = None) -> User:
        name = (name or "").strip()
        if not name or len(name) > 64:
            raise UserError(QT_TRANSLATE_NOOP("Users", "a user name is 1 to 64 characters"))
        if role not in ROLES:
            raise UserError(QT_TRANSLATE_NOOP("Users", "unknown role {0} (roles: {1})").format(repr(role),
                                                                                           ", ".join(ROLES)))
        self._check_password(password, name)
        if pin is not None:
            self._check_pin(pin)
        with self._lock, durable_begin(self.engine) as c:
            if c.execute(sa.select(users_table.c.id).where(users_table.c.name == name)).first():
                raise UserError(QT_TRANSLATE_NOOP("Users", "user {0} already exists").format(repr(name)))
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

    def _change_password(self, name: str, new_password: str, old_password: str | None = None) -> None:
        """Set a new password; when ``old_password`` is given it must match (self-service)."""
        self._check_password(new_password, name)
        with self._lock, durable_begin(self.engine) as c:
            r = c.execute(sa.select(users_table).where(users_table.c.name == name)).first()
            if r is None:
                raise UserError(QT_TRANSLATE_NOOP("Users", "no user {0}").format(repr(name)))
            if old_password is not None and not verify_secret(old_password, r.password_hash):
                raise UserError(QT_TRANSLATE_NOOP("Users", "the current password is wrong"))
            c.execute(sa.update(users_table).where(users_table.c.id == r.id)
                      .values(password_hash=hash_secret(new_password)))

    def _set_pin(self, name: str, pin: str | None) -> None:
        """Set (or with None remove) a user's PIN.  Two users may have the same PIN: a PIN log-in names its
        user first, so a PIN that is "already in use" would tell its owner's PIN to whoever tried it."""
        if pin is not None:
            self._check_pin(pin)
        with self._lock, durable_begin(self.engine) as c:
            r = c.execute(sa.select(users_table.c.id).where(users_table.c.name == name)).first()
            if r is None:
                raise UserError(QT_TRANSLATE_NOOP("Users", "no user {0}").format(repr(name)))
            c.execute(sa.update(users_table).where(users_table.c.id == r.id)
                      .values(pin_hash=hash_secret(pin) if pin is not None else None))

    def _set_role(self, name: str, role: str) -> None:
        if role not in ROLES:
            raise UserError(QT_TRANSLATE_NOOP("Users", "unknown role {0} (roles: {1})").format(repr(role),
                                                                                           ", ".join(ROLES)))
        self._update(name, role=role, guard_last_admin=True)

    def _disable_user(self, name: str) -> None:
        """Disable a user (kept for the audit trail). The last enabled admin cannot be disabled."""
        self._update(name, enabled=False, guard_last_admin=True)

    def _enable_user(self, name: str) -> None:
        self._update(name, enabled=True)

    def _update(self, name: str, *, guard_last_admin: bool = False, **values) -> None:
        with self._lock, durable_begin(self.engine) as c:
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

    def authenticate_pin(self, name: str, pin: str) -> User | None:
        """The user when ``name`` exists, is enabled, has a PIN and ``pin`` is it; else None (the same work in
        every case)."""
        with self.engine.connect() as c:
            r = c.execute(sa.select(users_table).where(users_table.c.name == name)).first()
        ok = verify_secret(pin or "", r.pin_hash if r is not None and r.pin_hash else _dummy_hash())
        if r is None or r.pin_hash is None or not ok or not r.enabled:
            return None
        return _user(r._mapping)

    def pin_users(self) -> list[str]:
        """Names of the enabled users who have a PIN (the PIN log-in's list to pick from)."""
        with self.engine.connect() as c:
            rows = c.execute(sa.select(users_table.c.name).where(users_table.c.pin_hash.is_not(None),
                                                                 users_table.c.enabled.is_(True))
                             .order_by(users_table.c.name)).all()
        return [r.name for r in rows]

    def why_refused(self, name: str, secret: str = "password") -> str:
        """Reason for the audit trail after a failed :meth:`authenticate` (``secret="PIN"``: after
        :meth:`authenticate_pin`); never show it on screen."""
        u = self.get(name)
        if u is None:
            return "unknown user"
        return "user disabled" if not u.enabled else f"wrong {secret}"


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
