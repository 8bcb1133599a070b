"""The audit trail: an append-only hash chain in ``audit_log``. Qt-free.

Every entry carries ``hash = sha256(prev_hash + canonical JSON of its fields)`` where the fields are
``id, ts (ms), user, action, target, before, after, detail`` (``before``/``after``/``detail`` as
canonical JSON text) and ``prev_hash`` is the previous entry's hash (``"0" * 64`` for the first).
Ids are consecutive (1, 2, 3, ...), and ``audit_head`` holds the last id and hash.  So
:meth:`AuditTrail.verify` detects

* an edited row (its hash no longer matches; ``field_sums`` name the edited field),
* a deleted row (a gap in the ids, or the head pointing past the last row),
* a reordered / replaced row (its ``prev_hash`` does not match the previous row's hash).

Several writers: appends are serialized by a process-wide lock and, across processes, by the
database: each append's transaction first updates the ``audit_head`` row (SQLite: takes the
database write lock; PostgreSQL: a row lock) and, on PostgreSQL, also takes the transaction-level
advisory lock ``pg_advisory_xact_lock(AUDIT_LOCK_KEY)``; both are released at commit.

**Keyed chain and anchor** (:meth:`AuditTrail.use_key`; the runtime does it with the files in
``<data dir>/audit/``): with a station key (32 random bytes in a file readable by its owner only, never in
the database) each new entry's hash is ``HMAC-SHA256(key, prev_hash + fields)`` and ``mac_key`` names the
key.  Someone with write access to the database but not to the key cannot re-hash an edited chain or
append an entry with a valid hash; once the chain is keyed, an entry without a key (a forged plain SHA-256
append) is refused.  After every append the head (last id and hash) is written to an anchor file outside
the database; :meth:`AuditTrail.verify` with the anchor detects a cut-off tail with its head moved back, a
re-hashed chain and an emptied trail.  Entries written before the station had a key stay plain SHA-256.

Action names (use these; the permission names of :data:`hmi.security.users.DEFAULT_ROLE_TABLE`
are the same strings): see :data:`ACTIONS`.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import sqlalchemy as sa

from hmi.messages import QT_TRANSLATE_NOOP, Message
from hmi.store.schema import audit_head, audit_log, from_ms, in_window, to_ms

__all__ = ["AuditTrail", "AuditEntry", "VerifyResult", "verify_db", "cli_audit_verify",
           "GENESIS_HASH", "ACTIONS", "ACTION_NAMES", "action_message", "AUDIT_LOCK_KEY"]

GENESIS_HASH = "0" * 64
AUDIT_LOCK_KEY = 0x4C494E45  # "LINE": PostgreSQL advisory lock key of the audit chain
_HEAD = "audit"
FIELDS = ("id", "ts", "user", "action", "target", "before", "after", "detail")

#: Audit action names used by :class:`hmi.security.access.Access` (and to be used by the UI).
ACTIONS = {
    "login": "a user logged in (password or PIN: detail.method)",
    "login.failed": "a login was refused (detail.reason: unknown user / wrong password / user disabled)",
    "logout": "a user logged out (detail.reason: user / idle timeout)",
    "login.throttled": "a log-in refused unread: too many failed tries (detail: wait_s, locked)",
    "user.unlock": "an administrator lifted a log-in lock (target: user)",
    "access.denied": "an action was refused for lack of permission (detail.action, detail.message)",
    "alarm.acknowledge": "alarms acknowledged (target: alarm id)",
    "alarm.shelve": "alarm shelved (after: until, detail: reason, duration_s)",
    "alarm.unshelve": "alarm unshelved by hand",
    "alarm.out_of_service": "alarm taken out of service (detail: reason)",
    "alarm.in_service": "alarm returned to service",
    "alarm.reset": "latched alarm reset",
    "setpoint.write": "value written to a tag (before, after = read-back, detail.requested)",
    "setpoint.write_failed": "a permitted write failed (detail.error)",
    "inspection.override": "inspection result overridden (before, after, detail.reason)",
    "maintenance.log": "maintenance log entry",
    "maintenance.false_alarm": "an anomaly marked as a false alarm: the model learns that running as normal (target: equipment)",
    "maintenance.relearn": "the anomaly model of a machine dropped: normal running learnt again (target: equipment)",
    "shift.log": "shift-log entry: note, downtime reason, material receipt or monthly returns (target: entry id)",
    "config.change": "configuration changed (target: what, before, after)",
    "plant.save": "plant file saved from the station (target: path; after: version; detail: changes, backup)",
    "selfcheck.rate": "the plant rated its smart-factory level (after: levels per area; detail: evidence)",
    "trace.event": "a part's rework, shipment or scrap recorded (target: serial; detail: kind, ref, note, id)",
    "user.create": "user created (after: role)",
    "user.disable": "user disabled",
    "user.enable": "user enabled",
    "user.role": "role changed (before, after)",
    "user.password": "password changed (never the password itself)",
    "user.pin": "PIN set or removed",
    "audit.verify": "audit trail verified (detail: result)",
    "inspection.accept": "inspector accepted the AI verdict (target: inspection id)",
    "model.activate": "AI model version activated (before/after: versions)",
    "model.train": "AI model retrained from reviewed images (after: candidate version)",
    "model.import": "AI model file imported into the registry",
}


#: Action names as the UI shows them (translatable; the stored action is always the name itself).
ACTION_NAMES: dict[str, Message] = {
    "login": QT_TRANSLATE_NOOP("AuditAction", "login"),
    "login.failed": QT_TRANSLATE_NOOP("AuditAction", "login.failed"),
    "logout": QT_TRANSLATE_NOOP("AuditAction", "logout"),
    "login.throttled": QT_TRANSLATE_NOOP("AuditAction", "login.throttled"),
    "user.unlock": QT_TRANSLATE_NOOP("AuditAction", "user.unlock"),
    "access.denied": QT_TRANSLATE_NOOP("AuditAction", "access.denied"),
    "alarm.acknowledge": QT_TRANSLATE_NOOP("AuditAction", "alarm.acknowledge"),
    "alarm.shelve": QT_TRANSLATE_NOOP("AuditAction", "alarm.shelve"),
    "alarm.unshelve": QT_TRANSLATE_NOOP("AuditAction", "alarm.unshelve"),
    "alarm.out_of_service": QT_TRANSLATE_NOOP("AuditAction", "alarm.out_of_service"),
    "alarm.in_service": QT_TRANSLATE_NOOP("AuditAction", "alarm.in_service"),
    "alarm.reset": QT_TRANSLATE_NOOP("AuditAction", "alarm.reset"),
    "setpoint.write": QT_TRANSLATE_NOOP("AuditAction", "setpoint.write"),
    "setpoint.write_failed": QT_TRANSLATE_NOOP("AuditAction", "setpoint.write_failed"),
    "inspection.override": QT_TRANSLATE_NOOP("AuditAction", "inspection.override"),
    "maintenance.log": QT_TRANSLATE_NOOP("AuditAction", "maintenance.log"),
    "maintenance.false_alarm": QT_TRANSLATE_NOOP("AuditAction", "maintenance.false_alarm"),
    "maintenance.relearn": QT_TRANSLATE_NOOP("AuditAction", "maintenance.relearn"),
    "shift.log": QT_TRANSLATE_NOOP("AuditAction", "shift.log"),
    "config.change": QT_TRANSLATE_NOOP("AuditAction", "config.change"),
    "plant.save": QT_TRANSLATE_NOOP("AuditAction", "plant.save"),
    "selfcheck.rate": QT_TRANSLATE_NOOP("AuditAction", "selfcheck.rate"),
    "trace.event": QT_TRANSLATE_NOOP("AuditAction", "trace.event"),
    "user.create": QT_TRANSLATE_NOOP("AuditAction", "user.create"),
    "user.disable": QT_TRANSLATE_NOOP("AuditAction", "user.disable"),
    "user.enable": QT_TRANSLATE_NOOP("AuditAction", "user.enable"),
    "user.role": QT_TRANSLATE_NOOP("AuditAction", "user.role"),
    "user.password": QT_TRANSLATE_NOOP("AuditAction", "user.password"),
    "user.pin": QT_TRANSLATE_NOOP("AuditAction", "user.pin"),
    "audit.verify": QT_TRANSLATE_NOOP("AuditAction", "audit.verify"),
    "inspection.accept": QT_TRANSLATE_NOOP("AuditAction", "inspection.accept"),
    "model.activate": QT_TRANSLATE_NOOP("AuditAction", "model.activate"),
    "model.train": QT_TRANSLATE_NOOP("AuditAction", "model.train"),
    "model.import": QT_TRANSLATE_NOOP("AuditAction", "model.import"),
}


def action_message(action: str) -> Message | str:
    """The translatable name of ``action`` (unknown actions as they are)."""
    return ACTION_NAMES.get(action, action)


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _json_or_none(value: Any) -> str | None:
    return None if value is None else _canon(value)


def _entry_hash(prev_hash: str, fields: dict, key: bytes | None = None) -> str:
    data = (prev_hash + _canon(fields)).encode("utf-8")
    if key is None:
        return hashlib.sha256(data).hexdigest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """A station key's id as stored with each entry: 16 hex digits of its SHA-256 (not the key)."""
    return hashlib.sha256(key).hexdigest()[:16]


def load_or_create_key(path: str | os.PathLike) -> bytes:
    """The station's audit key from ``path`` (64 hex digits), created with 32 random bytes and mode 0600 when
    the file does not exist.  Raises ValueError for a file that does not hold a key."""
    from hmi.paths import owner_only

    p = Path(path)
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        owner_only(p, create=True)
        p.write_text(os.urandom(32).hex() + "\n", encoding="ascii")
    text = p.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ValueError(f"{p}: not an audit key (expected 64 hex digits)")
    return key


def read_anchor(path: str | os.PathLike) -> dict | None:
    """The anchor file's head (``last_id``, ``last_hash``, ``ts``), None when there is no file."""
    p = Path(path)
    if not p.exists():
        return None
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
        return {"last_id": int(d["last_id"]), "last_hash": str(d["last_hash"]), "ts": float(d.get("ts", 0))}
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{p}: not an audit anchor ({exc})") from None


def _field_sums(fields: dict) -> str:
    return _canon({k: hashlib.sha256(_canon(v).encode("utf-8")).hexdigest()[:16] for k, v in fields.items()})


def _fields_of(m) -> dict:
    return {"id": m["id"], "ts": m["ts"], "user": m["user_name"], "action": m["action"], "target": m["target"],
            "before": m["before"], "after": m["after"], "detail": m["detail"]}


def _loads(text: str | None):
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    ts: float
    user: str | None
    action: str
    target: str | None
    before: Any
    after: Any
    detail: Any
    hash: str


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    entries: int  # entries checked (up to the first bad one)
    first_bad_id: int | None
    reason: str
    field: str | None = None  # the edited field, when it can be named

    def __bool__(self) -> bool:
        return self.ok


def _user_name(user) -> str | None:
    if user is None:
        return None
    return getattr(user, "name", None) or str(user)


class AuditTrail:
    """Append-only, hash-chained audit trail in ``engine`` (see the module documentation)."""

    def __init__(self, engine: sa.Engine, clock: Callable[[], float] = time.time, *, key: bytes | None = None,
                 anchor: str | os.PathLike | None = None):
        self.engine = engine
        self.clock = clock
        self._lock = threading.Lock()
        self.key: bytes | None = None
        self.key_id: str | None = None
        self.anchor: Path | None = None
        self.use_key(key, anchor)

    def use_key(self, key: bytes | None, anchor: str | os.PathLike | None = None) -> "AuditTrail":
        """Chain new entries with HMAC-SHA256 under ``key`` and write the head to ``anchor`` after each append
        (see the module doc)."""
        self.key = key
        self.key_id = key_id(key) if key is not None else None
        self.anchor = Path(anchor) if anchor is not None else None
        return self

    def _write_anchor(self, last_id: int, last_hash: str) -> None:
        from hmi.paths import owner_only

        try:
            self.anchor.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.anchor.with_name(self.anchor.name + f".tmp{os.getpid()}")
            owner_only(tmp, create=True)
            tmp.write_text(json.dumps({"last_id": last_id, "last_hash": last_hash, "ts": self.clock()}),
                           encoding="utf-8")
            os.replace(tmp, self.anchor)
        except OSError as exc:  # the entry is in the database; the anchor is a second line of defence
            import logging

            logging.getLogger(__name__).error("audit anchor %s not written: %s", self.anchor, exc)

    # ------------------------------------------------------------------ writing
    def append(self, user, action: str, target: str | None = None, before: Any = None, after: Any = None,
               detail: Any = None, ts: float | None = None) -> AuditEntry:
        """Append one entry (``user``: a name, a :class:`~hmi.security.users.User` or None for the system).
        ``before``/``after``/``detail``: anything JSON-serializable (others are stored as str)."""
        if not action:
            raise ValueError("an audit entry needs an action")
        ts_ms = to_ms(self.clock() if ts is None else ts)
        name = _user_name(user)
        target = None if target is None else str(target)
        b, a, d = _json_or_none(before), _json_or_none(after), _json_or_none(detail)
        with self._lock:
            for attempt in range(3):
                try:
                    entry = self._append_tx(ts_ms, name, action, target, b, a, d)
                except sa.exc.IntegrityError:  # another process created the head / took the id first
                    if attempt == 2:
                        raise
                    continue
                if self.anchor is not None:
                    self._write_anchor(entry.id, entry.hash)
                return entry
        raise AssertionError("unreachable")

    def _append_tx(self, ts_ms, name, action, target, b, a, d) -> AuditEntry:
        from hmi.store.db import durable_begin

        with durable_begin(self.engine) as c:
            if c.dialect.name == "postgresql":
                c.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_KEY})
            # write first: takes the SQLite write lock / the PostgreSQL row lock for this transaction
            res = c.execute(sa.update(audit_head).where(audit_head.c.name == _HEAD)
                            .values(last_id=audit_head.c.last_id))
            if res.rowcount == 0:
                c.execute(sa.insert(audit_head).values(name=_HEAD, last_id=0, last_hash=GENESIS_HASH))
            head = c.execute(sa.select(audit_head.c.last_id, audit_head.c.last_hash)
                             .where(audit_head.c.name == _HEAD)).one()
            new_id = head.last_id + 1
            fields = {"id": new_id, "ts": ts_ms, "user": name, "action": action, "target": target,
                      "before": b, "after": a, "detail": d}
            h = _entry_hash(head.last_hash, fields, self.key)
            c.execute(sa.insert(audit_log).values(
                id=new_id, ts=ts_ms, user_name=name, action=action, target=target, before=b, after=a, detail=d,
                field_sums=_field_sums(fields), prev_hash=head.last_hash, hash=h, mac_key=self.key_id))
            c.execute(sa.update(audit_head).where(audit_head.c.name == _HEAD).values(last_id=new_id, last_hash=h))
        return AuditEntry(new_id, from_ms(ts_ms), name, action, target, _loads(b), _loads(a), _loads(d), h)

    # ------------------------------------------------------------------ reading
    def entries(self, t0: float | None = None, t1: float | None = None, *, user: str | None = None,
                action: str | None = None, target: str | None = None, limit: int | None = 1000,
                newest_first: bool = True) -> list[AuditEntry]:
        t = audit_log
        q = in_window(sa.select(t), t.c.ts, t0, t1)
        if user is not None:
            q = q.where(t.c.user_name == user)
        if action is not None:
            q = q.where(t.c.action == action)
        if target is not None:
            q = q.where(t.c.target == target)
        q = q.order_by(t.c.id.desc() if newest_first else t.c.id)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as c:
            return [AuditEntry(r.id, from_ms(r.ts), r.user_name, r.action, r.target, _loads(r.before),
                               _loads(r.after), _loads(r.detail), r.hash) for r in c.execute(q)]

    def verify(self, keys: Iterable[bytes] = (), anchor: str | os.PathLike | None = None) -> VerifyResult:
        """Walk the whole chain; the first problem found is reported (row id, and field if possible).

        Keyed entries are checked with this trail's key and ``keys`` (other stations' keys); an entry whose
        key is not at hand fails.  ``anchor`` (default: this trail's anchor file) is compared with the chain:
        a shorter chain, a different hash at the anchored entry or an empty trail fail."""
        ring = {key_id(k): k for k in (*keys, *((self.key,) if self.key is not None else ()))}
        anchor_path = Path(anchor) if anchor is not None else self.anchor
        anchored = read_anchor(anchor_path) if anchor_path is not None else None
        if anchor is not None and anchored is None:
            return VerifyResult(False, 0, None, f"no audit anchor at {anchor_path}")
        hash_at_anchor = None
        keyed_from: int | None = None
        prev_id, prev_hash, n = 0, GENESIS_HASH, 0
        with self.engine.connect() as c:
            rows = c.execution_options(yield_per=2000).execute(sa.select(audit_log).order_by(audit_log.c.id))
            for r in rows:
                m = r._mapping
                if m["id"] != prev_id + 1:
                    rows.close()
                    missing = f"{prev_id + 1}" if m["id"] == prev_id + 2 else f"{prev_id + 1}..{m['id'] - 1}"
                    return VerifyResult(False, n, m["id"], f"entry {missing} is missing (deleted): the chain jumps "
                                                           f"from entry {prev_id} to entry {m['id']}")
                if m["prev_hash"] != prev_hash:
                    rows.close()
                    after = f"entry {prev_id}" if prev_id else "the start of the chain"
                    return VerifyResult(False, n, m["id"], f"entry {m['id']} does not follow {after} "
                                                           "(prev_hash mismatch: a row was replaced, reordered "
                                                           "or deleted)", "prev_hash")
                fields = _fields_of(m)
                kid = m["mac_key"]
                if kid is None and keyed_from is not None:
                    rows.close()
                    return VerifyResult(False, n, m["id"], f"entry {m['id']} has no key although the chain is keyed "
                                                           f"from entry {keyed_from} on: it was written outside "
                                                           "Lineside", "mac_key")
                if kid is not None and kid not in ring:
                    rows.close()
                    return VerifyResult(False, n, m["id"], f"entry {m['id']} is chained with key {kid}, which this "
                                                           "check does not have (give that station's key file)",
                                        "mac_key")
                if kid is not None and keyed_from is None:
                    keyed_from = m["id"]
                if _entry_hash(prev_hash, fields, ring.get(kid) if kid else None) != m["hash"]:
                    rows.close()
                    changed = self._changed_fields(fields, m["field_sums"])
                    if changed:
                        what = ", ".join(repr(f) for f in changed)
                        return VerifyResult(False, n, m["id"], f"entry {m['id']} was edited: field {what} does not "
                                                               "match its hash", changed[0])
                    return VerifyResult(False, n, m["id"], f"entry {m['id']} was edited: its hash does not match "
                                                           "its content", "hash")
                n += 1
                prev_id, prev_hash = m["id"], m["hash"]
                if anchored is not None and prev_id == anchored["last_id"]:
                    hash_at_anchor = prev_hash
            head = c.execute(sa.select(audit_head.c.last_id, audit_head.c.last_hash)
                             .where(audit_head.c.name == _HEAD)).first()
        if anchored is not None and anchored["last_id"] > 0:
            a_id = anchored["last_id"]
            if n == 0:
                return VerifyResult(False, 0, None, f"the audit trail is empty, but its anchor outside the database "
                                                    f"says it had {a_id} entries")
            if a_id > prev_id:
                gone = f"{prev_id + 1}" if a_id == prev_id + 1 else f"{prev_id + 1}..{a_id}"
                return VerifyResult(False, n, prev_id + 1, f"entry {gone} is missing (cut off the end): the anchor "
                                                           f"outside the database says the last entry is {a_id}")
            if hash_at_anchor != anchored["last_hash"]:
                return VerifyResult(False, n, a_id, f"entry {a_id} does not match the anchor outside the database: "
                                                    "the chain was rewritten (re-hashed) from there or before")
        if head is None:
            if n:
                return VerifyResult(False, n, None, "the audit chain head is missing")
            return VerifyResult(True, 0, None, "audit trail is empty" + ("" if anchored is not None else
                                                                          " (no anchor: an emptied trail looks the same)"))
        if head.last_id != prev_id:
            if head.last_id > prev_id:
                gone = f"{prev_id + 1}" if head.last_id == prev_id + 1 else f"{prev_id + 1}..{head.last_id}"
                return VerifyResult(False, n, prev_id + 1, f"entry {gone} is missing (deleted from the end): the chain "
                                                           f"head says the last entry is {head.last_id}")
            return VerifyResult(False, n, head.last_id + 1, f"entries after {head.last_id} were added outside the "
                                                            "audit trail (the chain head says "
                                                            f"the last entry is {head.last_id})")
        if head.last_hash != prev_hash:
            return VerifyResult(False, n, prev_id or None, f"the last entry {prev_id} does not match the chain head")
        how = []
        if keyed_from is not None:
            how.append(f"keyed from entry {keyed_from}")
        if anchored is not None:
            how.append(f"matches its anchor at entry {anchored['last_id']}")
        return VerifyResult(True, n, None, f"audit trail intact: {n} entries" + (f" ({'; '.join(how)})" if how else ""))

    @staticmethod
    def _changed_fields(fields: dict, stored_sums: str | None) -> list[str]:
        try:
            sums = json.loads(stored_sums or "")
        except ValueError:
            return []
        if not isinstance(sums, dict):
            return []
        now = json.loads(_field_sums(fields))
        return [f for f in FIELDS if sums.get(f) != now.get(f)]


def verify_db(db_url: str, key_files: Iterable[str | os.PathLike] = (),
              anchor: str | os.PathLike | None = None) -> VerifyResult:
    """Open the database at ``db_url`` and verify its audit trail with the keys in ``key_files`` against
    ``anchor``. Raises StoreError (database) and ValueError (a key or anchor file that is not one)."""
    from hmi.store.db import open_database

    keys = []
    for f in key_files:
        if not Path(f).is_file():
            raise ValueError(f"no audit key file {f}")
        keys.append(load_or_create_key(f))
    if anchor is not None and not Path(anchor).is_file():
        raise ValueError(f"no audit anchor file {anchor}")
    engine = open_database(db_url)
    try:
        return AuditTrail(engine).verify(keys, anchor)
    finally:
        engine.dispose()


def cli_audit_verify(db_url: str, key_files: Iterable[str | os.PathLike] = (),
                     anchor: str | os.PathLike | None = None) -> tuple[int, str]:
    """``lineside audit verify --db URL [--key FILE]... [--anchor FILE]``: (exit code, one-line message).
    0 intact, 1 tampered (names the entry and field), 2 the database, a key or the anchor cannot be read."""
    from hmi.store.db import StoreError

    try:
        res = verify_db(db_url, key_files, anchor)
    except (StoreError, ValueError) as exc:
        return 2, str(exc)
    if res.ok:
        return 0, res.reason
    return 1, f"audit trail BROKEN: {res.reason}"
