"""AuditTrail: the hash chain; tamper detection (edited, deleted, reordered rows) with plain SQL;
several writers; the CLI entry point."""
from __future__ import annotations

import hashlib
import json
import threading

import pytest
import sqlalchemy as sa

from hmi.security.audit import GENESIS_HASH, AuditTrail, cli_audit_verify, verify_db
from hmi.store.db import open_database

T0 = 1_800_000_000.0


@pytest.fixture
def db(db_url):
    url = db_url  # SQLite file and PostgreSQL (tests/conftest.py)
    engine = open_database(url)
    yield url, engine
    engine.dispose()


@pytest.fixture
def trail(db):
    _url, engine = db
    t = AuditTrail(engine, clock=lambda: T0)
    t.append("kim", "login", "kim", detail={"method": "password"})
    t.append("eve", "setpoint.write", "press1.spm_setpoint", before=20, after=25, detail={"requested": 25})
    t.append("eve", "alarm.shelve", "press1.bushing_temp.hi", after={"until": T0 + 600}, detail={"reason": "sensor"})
    t.append("ada", "config.change", "press1.vibration_rms.hi.limit", before=4.5, after=5.0)
    t.append("kim", "logout", "kim", detail={"reason": "idle timeout"})
    return t


def sql(engine, stmt, **params):
    with engine.begin() as c:
        return c.execute(sa.text(stmt), params)


def test_chain_links_each_entry_to_the_previous(trail):
    rows = trail.entries(newest_first=False)
    assert [r.id for r in rows] == [1, 2, 3, 4, 5]
    with trail.engine.connect() as c:
        raw = c.execute(sa.text("SELECT * FROM audit_log ORDER BY id")).all()
    assert raw[0].prev_hash == GENESIS_HASH
    for prev, cur in zip(raw, raw[1:]):
        assert cur.prev_hash == prev.hash
    # the documented formula: sha256(prev_hash + canonical JSON of the entry fields)
    r = raw[1]
    fields = {"id": r.id, "ts": r.ts, "user": r.user_name, "action": r.action, "target": r.target,
              "before": r.before, "after": r.after, "detail": r.detail}
    canon = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256((r.prev_hash + canon).encode()).hexdigest() == r.hash
    e = rows[1]
    assert (e.user, e.action, e.target, e.before, e.after, e.detail, e.ts) == \
           ("eve", "setpoint.write", "press1.spm_setpoint", 20, 25, {"requested": 25}, T0)
    res = trail.verify()
    assert res.ok and res.entries == 5 and res.first_bad_id is None and "intact" in res.reason


def test_edited_row_is_named_with_its_field(trail):
    sql(trail.engine, "UPDATE audit_log SET after = '99' WHERE id = 2")
    res = trail.verify()
    assert not res.ok and res.first_bad_id == 2 and res.field == "after"
    assert "entry 2 was edited" in res.reason and "'after'" in res.reason
    assert res.entries == 1


def test_edited_user_is_named(trail):
    sql(trail.engine, "UPDATE audit_log SET user_name = 'ada' WHERE id = 3")
    res = trail.verify()
    assert (res.ok, res.first_bad_id, res.field) == (False, 3, "user")


def test_edit_with_recomputed_hash_breaks_the_next_link(trail):
    """A forger who fixes the row's own hash still breaks the chain at the next row."""
    with trail.engine.connect() as c:
        r = c.execute(sa.text("SELECT * FROM audit_log WHERE id = 2")).one()
    fields = {"id": 2, "ts": r.ts, "user": r.user_name, "action": r.action, "target": r.target,
              "before": r.before, "after": "99", "detail": r.detail}
    forged = hashlib.sha256((r.prev_hash + json.dumps(fields, sort_keys=True, separators=(",", ":")))
                            .encode()).hexdigest()
    sql(trail.engine, "UPDATE audit_log SET after = '99', hash = :h, field_sums = '{}' WHERE id = 2", h=forged)
    res = trail.verify()
    assert not res.ok and res.first_bad_id == 3 and "does not follow entry 2" in res.reason


def test_deleted_row_is_found(trail):
    sql(trail.engine, "DELETE FROM audit_log WHERE id = 3")
    res = trail.verify()
    assert not res.ok and res.first_bad_id == 4
    assert "entry 3 is missing" in res.reason and "from entry 2 to entry 4" in res.reason


def test_deleted_last_row_is_found(trail):
    sql(trail.engine, "DELETE FROM audit_log WHERE id = 5")
    res = trail.verify()
    assert not res.ok and res.first_bad_id == 5 and "entry 5 is missing" in res.reason


def test_deleted_row_with_ids_renumbered_is_found(trail):
    sql(trail.engine, "DELETE FROM audit_log WHERE id = 2")
    for i in (3, 4, 5):
        sql(trail.engine, "UPDATE audit_log SET id = :n WHERE id = :o", n=i - 1, o=i)
    sql(trail.engine, "UPDATE audit_head SET last_id = 4")
    res = trail.verify()
    assert not res.ok and res.first_bad_id == 2 and "does not follow entry 1" in res.reason


def test_reordered_rows_are_found(trail):
    """Swap the contents of rows 2 and 3 (ids kept)."""
    cols = "ts, user_name, action, target, before, after, detail, field_sums, prev_hash, hash"
    with trail.engine.begin() as c:
        r2 = c.execute(sa.text(f"SELECT {cols} FROM audit_log WHERE id = 2")).one()._mapping
        r3 = c.execute(sa.text(f"SELECT {cols} FROM audit_log WHERE id = 3")).one()._mapping
        sets = ", ".join(f"{k} = :{k}" for k in r2)
        c.execute(sa.text(f"UPDATE audit_log SET {sets} WHERE id = 2"), dict(r3))
        c.execute(sa.text(f"UPDATE audit_log SET {sets} WHERE id = 3"), dict(r2))
    res = trail.verify()
    assert not res.ok and res.first_bad_id == 2 and "prev_hash mismatch" in res.reason


def test_appending_after_verification_keeps_the_chain(trail):
    trail.append(None, "audit.verify", None, detail={"ok": True})
    assert trail.verify().entries == 6 and trail.entries(limit=1)[0].user is None


def test_several_writers(db):
    url, engine = db
    other = open_database(url)  # a second engine: like a second process on the same file
    trails = [AuditTrail(engine), AuditTrail(engine), AuditTrail(other)]
    errors = []

    def write(t: AuditTrail, k: int):
        try:
            for i in range(15):
                t.append(f"w{k}", "maintenance.log", f"m{i}", detail={"i": i})
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(t, k)) for k, t in enumerate(trails)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    other.dispose()
    assert not errors
    res = AuditTrail(engine).verify()
    assert res.ok and res.entries == 45


def test_cli_verify(db, trail):
    url, engine = db
    assert verify_db(url).ok
    code, msg = cli_audit_verify(url)
    assert code == 0 and "intact: 5 entries" in msg and "\n" not in msg
    sql(engine, "UPDATE audit_log SET detail = '{\"reason\":\"nothing\"}' WHERE id = 3")
    code, msg = cli_audit_verify(url)
    assert code == 1 and "entry 3" in msg and "'detail'" in msg
    code, msg = cli_audit_verify("nosuchdialect://x")
    assert code == 2 and msg


def test_empty_trail_verifies(db):
    _url, engine = db
    res = AuditTrail(engine).verify()
    assert res.ok and res.entries == 0
