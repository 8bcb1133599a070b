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


# ------------------------------------------------------------------ keyed chain and anchor (issue 14's probes)
KEY = bytes(range(32))


def _plain_hash(prev_hash: str, r) -> str:
    """What someone with database access but without the key can compute: plain SHA-256 of the entry."""
    fields = {"id": r.id, "ts": r.ts, "user": r.user_name, "action": r.action, "target": r.target,
              "before": r.before, "after": r.after, "detail": r.detail}
    canon = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canon).encode()).hexdigest()


@pytest.fixture
def keyed(db, tmp_path):
    _url, engine = db
    t = AuditTrail(engine, clock=lambda: T0, key=KEY, anchor=tmp_path / "anchor.json")
    for k in range(6):
        t.append("kim", "alarm.acknowledge", f"press1.a{k}", detail={"k": k})
    return t


def _rows(engine):
    with engine.connect() as c:
        return c.execute(sa.text("SELECT * FROM audit_log ORDER BY id")).all()


def _rehash_from(engine, start_id: int, *, keep_key: bool) -> None:
    """Re-hash every entry from ``start_id`` on with plain SHA-256 and move the head: an edit hidden by
    someone who can write the database but has no key."""
    rows = _rows(engine)
    prev = GENESIS_HASH if start_id == 1 else rows[start_id - 2].hash
    for r in rows[start_id - 1:]:
        h = _plain_hash(prev, r)
        sql(engine, "UPDATE audit_log SET prev_hash = :p, hash = :h" + ("" if keep_key else ", mac_key = NULL")
            + " WHERE id = :i", p=prev, h=h, i=r.id)
        prev = h
    sql(engine, "UPDATE audit_head SET last_hash = :h", h=prev)


def test_a_keyed_chain_verifies_with_its_key_and_anchor(keyed):
    assert all(r.mac_key and len(r.mac_key) == 16 for r in _rows(keyed.engine))
    res = keyed.verify()
    assert res.ok and "keyed from entry 1" in res.reason and "anchor at entry 6" in res.reason
    assert not AuditTrail(keyed.engine).verify().ok  # without the key nothing is taken on trust


@pytest.mark.parametrize("keep_key", [True, False])
def test_an_edit_followed_by_re_hashing_the_rest_is_found(keyed, keep_key):
    sql(keyed.engine, "UPDATE audit_log SET user_name = 'park' WHERE id = 3")
    _rehash_from(keyed.engine, 3, keep_key=keep_key)
    res = keyed.verify()
    assert not res.ok and res.first_bad_id == 3


def test_a_forged_append_with_a_correct_plain_hash_is_found(keyed):
    last = _rows(keyed.engine)[-1]
    fields = dict(id=7, ts=last.ts, user_name="kim", action="alarm.acknowledge", target="x", before=None,
                  after=None, detail=None)

    class R:  # the forger's row
        pass
    r = R()
    for k, v in fields.items():
        setattr(r, k, v)
    h = _plain_hash(last.hash, r)
    for mac in (None, keyed.key_id):  # without a key, or claiming the station's key
        sql(keyed.engine, "DELETE FROM audit_log WHERE id = 7")
        sql(keyed.engine, "INSERT INTO audit_log (id, ts, user_name, action, target, field_sums, prev_hash, hash, "
                          "mac_key) VALUES (7, :ts, 'kim', 'alarm.acknowledge', 'x', '{}', :p, :h, :m)",
            ts=last.ts, p=last.hash, h=h, m=mac)
        sql(keyed.engine, "UPDATE audit_head SET last_id = 7, last_hash = :h", h=h)
        res = keyed.verify()
        assert not res.ok and res.first_bad_id == 7, res.reason


def test_a_cut_off_tail_with_the_head_moved_back_is_found_by_the_anchor(keyed):
    rows = _rows(keyed.engine)
    sql(keyed.engine, "DELETE FROM audit_log WHERE id > 4")
    sql(keyed.engine, "UPDATE audit_head SET last_id = 4, last_hash = :h", h=rows[3].hash)
    assert AuditTrail(keyed.engine, key=KEY).verify().ok  # the database alone looks consistent
    res = keyed.verify()
    assert not res.ok and "5..6 is missing" in res.reason and "anchor" in res.reason


def test_an_emptied_trail_is_found_by_the_anchor(keyed):
    sql(keyed.engine, "DELETE FROM audit_log")
    sql(keyed.engine, "DELETE FROM audit_head")
    res = keyed.verify()
    assert not res.ok and "empty" in res.reason and "6 entries" in res.reason


def test_a_re_hashed_plain_chain_is_found_by_the_anchor(db, tmp_path):
    """Entries written before the station had a key: a rewrite of all of them still differs from the anchor."""
    _url, engine = db
    t = AuditTrail(engine, clock=lambda: T0, anchor=tmp_path / "anchor.json")
    for k in range(4):
        t.append("kim", "login", "kim")
    sql(engine, "UPDATE audit_log SET user_name = 'eve' WHERE id = 2")
    _rehash_from(engine, 2, keep_key=False)
    assert AuditTrail(engine).verify().ok  # the chain alone is consistent again
    res = t.verify()
    assert not res.ok and "does not match the anchor" in res.reason


def test_an_entry_of_a_key_the_check_does_not_have_fails_until_given(keyed, tmp_path):
    other = AuditTrail(keyed.engine, clock=lambda: T0, key=b"B" * 32)  # a second station
    other.append("lee", "setpoint.write", "press1.spm")
    res = keyed.verify()
    assert not res.ok and "does not have" in res.reason and res.first_bad_id == 7
    assert keyed.verify(keys=[b"B" * 32]).ok


def test_cli_verify_uses_the_stations_key_and_anchor(db, tmp_path, monkeypatch):
    """`lineside audit verify --db URL` on the station: its own key and anchor, found without options."""
    from hmi.cli import main
    from hmi.runtime import station_audit_files
    from hmi.security.audit import load_or_create_key

    url, engine = db
    key_file, anchor = station_audit_files(url)
    t = AuditTrail(engine, clock=lambda: T0, key=load_or_create_key(key_file), anchor=anchor)
    for k in range(3):
        t.append("kim", "login", "kim")
    assert main(["audit", "verify", "--db", url]) == 0
    sql(engine, "DELETE FROM audit_log WHERE id = 3")
    sql(engine, "UPDATE audit_head SET last_id = 2, last_hash = (SELECT hash FROM audit_log WHERE id = 2)")
    assert main(["audit", "verify", "--db", url]) == 1
    assert main(["audit", "verify", "--db", url, "--anchor", str(tmp_path / "none.json")]) == 2


def test_an_audit_entry_is_committed_durably(db):
    """Acknowledged on screen means on the disk: the audit entry's transaction is synced (SQLite
    synchronous=FULL for it, then NORMAL again for the historian; PostgreSQL synchronous_commit on)."""
    from sqlalchemy import event

    _url, engine = db
    seen: list[str] = []

    def spy(conn, cursor, statement, *args):
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", spy)
    try:
        AuditTrail(engine, clock=lambda: T0).append("kim", "login", "kim")
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    insert = next(i for i, s in enumerate(seen) if s.startswith("INSERT INTO audit_log"))
    if engine.dialect.name == "sqlite":
        assert seen.index("PRAGMA synchronous=FULL") < insert < seen.index("PRAGMA synchronous=NORMAL")
        with engine.connect() as c:  # the pool's connections are back to NORMAL
            assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 1
    else:
        assert seen.index("SET LOCAL synchronous_commit = on") < insert
