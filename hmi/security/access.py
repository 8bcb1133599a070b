"""Role enforcement with an audit trail. Qt-free.

:class:`Access` is the one gate the UI goes through for anything that needs a permission or leaves
a trace: it checks the role table, refuses with a clear :class:`PermissionDenied` message (and
audits the refusal), performs the action, and audits it.  Action names: :data:`hmi.security.audit.ACTIONS`.

    access = Access(UserStore(engine), AuditTrail(engine))
    user = access.login("kim", password)                       # audited: login / login.failed
    access.login_wait_s("kim")                                 # > 0: failed tries slow down, then lock
    access.acknowledge(user, alarm_engine, ["press1.bushing_temp.hi"])
    access.guarded_write(user, "press1.spm_setpoint", 25, runtime.write, before=latest_value)
"""
from __future__ import annotations

import concurrent.futures
from typing import Any, Callable, Iterable, Mapping

from hmi.messages import QT_TRANSLATE_NOOP
from hmi.security.audit import AuditTrail
from hmi.security.throttle import LoginThrottle
from hmi.security.users import DEFAULT_ROLE_TABLE, Permission, User, UserStore, role_message

__all__ = ["Access", "PermissionDenied", "WriteFailed", "LoginThrottled"]


class PermissionDenied(PermissionError):
    """``operator 'kim' may not write setpoints (engineer and up)``.

    ``message``: the refusal as a :class:`~hmi.messages.Message` where the core built it (the UI shows
    it in its language with ``hmi.ui.i18n.tr_message(exc)``); ``str(exc)`` is the English text."""

    def __init__(self, message: str, user: User | None = None, action: str = ""):
        super().__init__(message)
        self.message = message
        self.user = user
        self.action = action


_LOG_IN_TO = QT_TRANSLATE_NOOP("Access", "log in to {0} ({1})")
_DISABLED = QT_TRANSLATE_NOOP("Access", "{0} '{1}' is disabled and may not {2}")
_MAY_NOT = QT_TRANSLATE_NOOP("Access", "{0} '{1}' may not {2} ({3})")
_ADMIN_EXISTS = QT_TRANSLATE_NOOP("Access", "an administrator already exists; log in as admin to add users")


_WAIT = QT_TRANSLATE_NOOP("Access", "too many failed log-ins: try again in {0} s")
_LOCKED = QT_TRANSLATE_NOOP("Access", "too many failed log-ins: {0} is locked for {1} min (an administrator can "
                                      "unlock it on the Users page)")
_STATION = ("station",)


class LoginThrottled(PermissionError):
    """A log-in refused before the password or PIN was looked at: the account or this station must wait
    ``wait_s`` seconds (``locked``: the account is locked).  ``message``: the refusal as a translatable message."""

    def __init__(self, message, wait_s: float, locked: bool = False):
        super().__init__(message)
        self.message, self.wait_s, self.locked = message, float(wait_s), locked


class WriteFailed(RuntimeError):
    """A permitted write did not reach the device or its read-back did not match."""


def _name(user) -> str | None:
    return None if user is None else getattr(user, "name", str(user))


class Access:
    """Checks permissions (``role_table``: action -> :class:`Permission`) and audits actions.

    ``users`` and ``audit`` share the plant database.  ``write_timeout_s`` bounds the wait for a
    write's read-back in :meth:`guarded_write` (call that from a worker thread, not the GUI thread).
    """

    def __init__(self, users: UserStore, audit: AuditTrail, role_table: Mapping[str, Permission] | None = None,
                 *, write_timeout_s: float = 10.0, throttle: LoginThrottle | None = None):
        self.users = users
        self.audit = audit
        self.role_table = dict(DEFAULT_ROLE_TABLE if role_table is None else role_table)
        self.write_timeout_s = write_timeout_s
        self.throttle = throttle or LoginThrottle()
        self._seeded: set[str] = set()

    # ------------------------------------------------------------------ permissions
    def allowed(self, user: User | None, action: str) -> bool:
        """May ``user`` do ``action``? (No audit; for enabling buttons.)"""
        perm = self.role_table.get(action)
        if perm is None:
            raise KeyError(f"unknown action {action!r} (known: {', '.join(sorted(self.role_table))})")
        return user is not None and user.enabled and user.role in perm.roles

    def current(self, user: User | None) -> User | None:
        """``user`` as the users table has it now (role, enabled): a session's user was read at log-in, and an
        administrator may have disabled the account or changed its role since.  None: no such user any more."""
        if user is None or not isinstance(user, User):
            return user
        fresh = self.users.get(user.name)
        if fresh is None:
            return User(id=user.id, name=user.name, role=user.role, enabled=False)
        return fresh

    def check(self, user: User | None, action: str, target: str | None = None) -> None:
        """Return when allowed -- by the user's role and enabled state as stored *now* (:meth:`current`, so a
        disabled account's open session is refused) --; else audit an ``access.denied`` entry and raise
        :class:`PermissionDenied`."""
        user = self.current(user)
        if self.allowed(user, action):
            return
        perm = self.role_table[action]
        if user is None:
            msg = _LOG_IN_TO.format(perm.what, perm.who())
        elif not user.enabled:
            msg = _DISABLED.format(role_message(user.role), user.name, perm.what)
        else:
            msg = _MAY_NOT.format(role_message(user.role), user.name, perm.what, perm.who())
        self.audit.append(user, "access.denied", target, detail={"action": action, "message": str(msg)})
        raise PermissionDenied(msg, user, action)

    # ------------------------------------------------------------------ login
    def _seed(self, name: str) -> None:
        """The account's failed log-ins since its last log-in, from the audit trail (a restart forgets nothing)."""
        if name in self._seeded:
            return
        self._seeded.add(name)
        pol = self.throttle.account
        since = self.throttle.clock() - max(pol.window_s, pol.lock_s)
        fails = []
        for e in self.audit.entries(since, target=name, limit=200):  # newest first
            if e.action in ("login", "user.unlock", "user.enable"):  # each of these ends the failures before it
                break
            if e.action == "login.failed":
                fails.append(e.ts)
        if fails:
            self.throttle.seed(("user", name), fails)

    def login_wait_s(self, name: str | None = None) -> float:
        """Seconds before a log-in (of ``name``, or any at this station) is looked at; 0: now."""
        wait = self.throttle.wait_s(_STATION)
        if name:
            self._seed(name)
            wait = max(wait, self.throttle.wait_s(("user", name)))
        return wait

    def _gate(self, name: str, method: str) -> None:
        wait = self.login_wait_s(name)
        if wait <= 0:
            return
        key = ("user", name)
        locked = self.throttle.locked(key)
        self.audit.append(name, "login.throttled", name, detail={"method": method, "wait_s": round(wait, 1),
                                                                  "locked": locked})
        if locked:
            raise LoginThrottled(_LOCKED.format(name, max(1, round(wait / 60))), wait, True)
        raise LoginThrottled(_WAIT.format(max(1, round(wait))), wait)

    def _outcome(self, name: str, user: User | None, method: str, reason) -> User | None:
        key = ("user", name)
        if user is None:
            n = self.throttle.failed(key)
            self.throttle.failed(_STATION)
            locked = self.throttle.locked(key)
            self.audit.append(name, "login.failed", name, detail={"method": method, "reason": reason(),
                                                                   "failures": n, "locked": locked})
            return None
        self.throttle.succeeded(key)
        self.throttle.clear(_STATION)
        self.audit.append(user, "login", user.name, detail={"method": method, "role": user.role})
        return user

    def login(self, name: str, password: str) -> User | None:
        """Authenticate by password; audits ``login`` or ``login.failed`` (with the reason).  Raises
        :class:`LoginThrottled` (audited ``login.throttled``) while failed tries make the account or the
        station wait (:meth:`login_wait_s`); the password is then not even looked at."""
        self._gate(name, "password")
        return self._outcome(name, self.users.authenticate(name, password), "password",
                             lambda: self.users.why_refused(name))

    def login_pin(self, name: str, pin: str) -> User | None:
        """Authenticate ``name`` by PIN (the station's list of users picks the name); as :meth:`login`, never
        the PIN in the trail."""
        self._gate(name, "pin")
        return self._outcome(name, self.users.authenticate_pin(name, pin), "pin",
                             lambda: self.users.why_refused(name, "PIN"))

    def pin_users(self) -> list[str]:
        """The names a PIN log-in picks from (enabled users with a PIN)."""
        return self.users.pin_users()

    def unlock(self, admin: User | None, name: str) -> None:
        """Forget ``name``'s failed log-ins (an administrator, audited ``user.unlock``)."""
        self.check(admin, "users.manage", name)
        self._seed(name)
        self.throttle.clear(("user", name))
        self.audit.append(admin, "user.unlock", name)

    def logout(self, user: User, reason: str = "user") -> None:
        """Audit a logout; ``reason``: ``"user"`` or ``"idle timeout"``."""
        self.audit.append(user, "logout", user.name, detail={"reason": reason})

    # ------------------------------------------------------------------ writes
    def guarded_write(self, user: User | None, tag_key: str, value: Any, write_fn: Callable[[str, Any], Any],
                      before: Any = None) -> Any:
        """Write ``value`` to ``tag_key`` through ``write_fn(tag_key, value)`` if ``user`` may write setpoints.

        Refused: audits ``access.denied`` and raises :class:`PermissionDenied`; ``write_fn`` is not called.
        Allowed: ``write_fn`` may return the read-back value, an object with ``read_back``/``ok``/``error``
        (:class:`hmi.equipment.poller.WriteResult`) or a future of either (``Runtime.write``).  Audits
        ``setpoint.write`` with ``before`` (the latest value the caller had), ``after`` (the read-back)
        and ``detail.requested``; a failed write is audited as ``setpoint.write_failed`` and raises
        :class:`WriteFailed`.  Returns the read-back value.
        """
        self.check(user, "setpoint.write", tag_key)
        try:
            result = write_fn(tag_key, value)
            if isinstance(result, concurrent.futures.Future) or (
                    hasattr(result, "result") and callable(result.result) and hasattr(result, "done")):
                result = result.result(timeout=self.write_timeout_s)
        except Exception as exc:
            error = str(exc) or type(exc).__name__
            self.audit.append(user, "setpoint.write_failed", tag_key, before=before,
                              detail={"requested": value, "error": error})
            raise WriteFailed(f"{tag_key}: write failed: {error}") from exc
        if hasattr(result, "read_back"):
            read_back, ok, error = result.read_back, bool(getattr(result, "ok", True)), getattr(result, "error", None)
        else:
            read_back, ok, error = result, True, None
        if not ok:
            self.audit.append(user, "setpoint.write_failed", tag_key, before=before, after=read_back,
                              detail={"requested": value, "error": error or "read-back differs"})
            raise WriteFailed(f"{tag_key}: write failed: {error or f'read back {read_back!r}, wrote {value!r}'}")
        self.audit.append(user, "setpoint.write", tag_key, before=before, after=read_back,
                          detail={"requested": value})
        return read_back

    # ------------------------------------------------------------------ alarms
    def acknowledge(self, user: User | None, alarms, alarm_ids: Iterable[str] | None,
                    comment: str | None = None) -> list[str]:
        """Acknowledge on ``alarms`` (an :class:`~hmi.alarms.engine.AlarmEngine`); one
        ``alarm.acknowledge`` entry per acknowledged alarm.  Returns the ids acknowledged."""
        self.check(user, "alarm.acknowledge")
        done = alarms.acknowledge_all(alarm_ids, user.name, comment)
        for aid in done:
            self.audit.append(user, "alarm.acknowledge", aid, detail={"comment": comment} if comment else None)
        return done

    def shelve(self, user: User | None, alarms, alarm_id: str, duration_s: float, reason: str) -> None:
        self.check(user, "alarm.shelve", alarm_id)
        alarms.shelve(alarm_id, user.name, duration_s, reason)
        view = alarms.get(alarm_id)
        self.audit.append(user, "alarm.shelve", alarm_id, after={"until": view.shelved_until},
                          detail={"reason": reason, "duration_s": duration_s})

    def unshelve(self, user: User | None, alarms, alarm_id: str, comment: str | None = None) -> bool:
        self.check(user, "alarm.shelve", alarm_id)
        done = alarms.unshelve(alarm_id, user.name, comment)
        if done:
            self.audit.append(user, "alarm.unshelve", alarm_id, detail={"comment": comment} if comment else None)
        return done

    def set_out_of_service(self, user: User | None, alarms, alarm_id: str, reason: str) -> bool:
        self.check(user, "alarm.out_of_service", alarm_id)
        done = alarms.set_out_of_service(alarm_id, user.name, reason)
        if done:
            self.audit.append(user, "alarm.out_of_service", alarm_id, detail={"reason": reason})
        return done

    def return_to_service(self, user: User | None, alarms, alarm_id: str, comment: str | None = None) -> bool:
        self.check(user, "alarm.out_of_service", alarm_id)
        done = alarms.return_to_service(alarm_id, user.name, comment)
        if done:
            self.audit.append(user, "alarm.in_service", alarm_id, detail={"comment": comment} if comment else None)
        return done

    def reset_alarm(self, user: User | None, alarms, alarm_id: str, comment: str | None = None) -> bool:
        self.check(user, "alarm.reset", alarm_id)
        done = alarms.reset(alarm_id, user.name, comment)
        if done:
            self.audit.append(user, "alarm.reset", alarm_id, detail={"comment": comment} if comment else None)
        return done

    # ------------------------------------------------------------------ other audited actions
    def override_inspection(self, user: User | None, target: str, before: Any, after: Any, reason: str) -> None:
        """Audit an inspection override (the caller applies it after this returns)."""
        if not reason or not reason.strip():
            raise ValueError("an inspection override needs a reason")
        self.check(user, "inspection.override", target)
        self.audit.append(user, "inspection.override", target, before=before, after=after, detail={"reason": reason})

    def config_change(self, user: User | None, target: str, before: Any, after: Any, detail: Any = None) -> None:
        """Audit a configuration change (the caller applies it after this returns)."""
        self.check(user, "config.change", target)
        self.audit.append(user, "config.change", target, before=before, after=after, detail=detail)

    def maintenance_log(self, user: User | None, target: str, detail: Any) -> None:
        self.check(user, "maintenance.log", target)
        self.audit.append(user, "maintenance.log", target, detail=detail)

    def maintenance_model(self, user: User | None, action: str, equipment_id: str, detail: Any = None) -> None:
        """Check and audit a correction of a machine's anomaly model (``action``: ``"maintenance.false_alarm"``
        or ``"maintenance.relearn"``); the caller applies it after this returns."""
        if action not in ("maintenance.false_alarm", "maintenance.relearn"):
            raise ValueError(f"not a maintenance-model action: {action!r}")
        self.check(user, "maintenance.model", equipment_id)
        self.audit.append(user, action, equipment_id, detail=detail)

    # ------------------------------------------------------------------ user management
    def create_user(self, admin: User | None, name: str, role: str, password: str, pin: str | None = None) -> User:
        self.check(admin, "users.manage", name)
        u = self.users._create_user(name, role, password, pin)
        self.audit.append(admin, "user.create", name, after={"role": role, "pin": pin is not None})
        return u

    def create_first_admin(self, name: str, password: str, pin: str | None = None) -> User:
        """First start only (no enabled admin yet): create the administrator, audited as the system."""
        if not self.users.first_start_needed():
            raise PermissionDenied(_ADMIN_EXISTS)
        u = self.users._create_user(name, "admin", password, pin)
        self.audit.append(None, "user.create", name, after={"role": "admin", "pin": pin is not None},
                          detail={"first_start": True})
        return u

    def disable_user(self, admin: User | None, name: str) -> None:
        self.check(admin, "users.manage", name)
        self.users._disable_user(name)
        self.audit.append(admin, "user.disable", name)

    def enable_user(self, admin: User | None, name: str) -> None:
        self.check(admin, "users.manage", name)
        self.users._enable_user(name)
        self.throttle.clear(("user", name))  # enabling an account also lifts a lock
        self.audit.append(admin, "user.enable", name)

    def set_role(self, admin: User | None, name: str, role: str) -> None:
        self.check(admin, "users.manage", name)
        old = self.users.get(name)
        self.users._set_role(name, role)
        self.audit.append(admin, "user.role", name, before=old.role if old else None, after=role)

    def change_password(self, user: User | None, name: str, new_password: str, old_password: str | None = None) -> None:
        """A user changes their own password (``old_password`` required); an admin sets anyone's."""
        if user is not None and user.name == name and user.enabled:
            if old_password is None:
                raise ValueError("give the current password")
            self.users._change_password(name, new_password, old_password)
        else:
            self.check(user, "users.manage", name)
            self.users._change_password(name, new_password)
        self.audit.append(user, "user.password", name)

    def set_pin(self, user: User | None, name: str, pin: str | None) -> None:
        if not (user is not None and user.name == name and user.enabled):
            self.check(user, "users.manage", name)
        self.users._set_pin(name, pin)
        self.audit.append(user, "user.pin", name, after={"pin": pin is not None})
