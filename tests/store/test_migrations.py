"""Opening databases: migrations to head, re-opening, connection settings, errors."""
from __future__ import annotations

import sqlite3
import threading

import pytest
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hmi.equipment.model import Quality, Sample
from hmi.store.db import StoreError, head_revision, open_database, schema_revision, sqlite_url
from hmi.store.historian import Historian
from hmi.store.historian_writer import HistorianWriter
from hmi.store.schema import metadata


def test_fresh_database_is_created_at_head(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no alembic.ini anywhere near: migrations run from code
    path = tmp_path / "new" / "sub" / "lineside.db"
    engine = open_database(sqlite_url(path))
    try:
        assert path.exists()
        versions = Path(__file__).resolve().parents[2] / "hmi" / "store" / "migrations" / "versions"
        newest = max(p.name.split("_")[0] for p in versions.glob("[0-9]*_*.py"))
        assert head_revision() == newest
        assert schema_revision(engine) == head_revision()
        with engine.connect() as c:
            assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [head_revision()]
            names = set(sa.inspect(c).get_table_names())
        assert {"tags", "samples", "rollup_1m", "historian_state", "alembic_version"} <= names
    finally:
        engine.dispose()


def test_migrated_schema_matches_schema_module(tmp_path):
    engine = open_database(sqlite_url(tmp_path / "x.db"))
    try:
        with engine.connect() as c:
            diff = compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), metadata)
        assert diff == []
        with engine.connect() as c:
            idx = sa.inspect(c).get_indexes("samples")
        assert [(i["name"], i["column_names"]) for i in idx] == [("ix_samples_tag_id_ts", ["tag_id", "ts"])]
    finally:
        engine.dispose()


def test_reopen_existing_database_keeps_data(tmp_path):
    url = sqlite_url(tmp_path / "keep.db")
    engine = open_database(url)
    w = HistorianWriter(engine)
    w.sink([Sample("a.b", 1_800_000_000.0 + i, float(i), Quality.GOOD) for i in range(10)])
    assert w.flush(5)
    engine.dispose()

    engine = open_database(url)  # upgrade is a no-op at head, no error
    try:
        assert schema_revision(engine) == head_revision()
        assert list(Historian(engine).raw("a.b", 0, 4e9).value) == [float(i) for i in range(10)]
    finally:
        engine.dispose()


def test_database_at_older_revision_is_upgraded_on_open(tmp_path):
    """A database stamped at base (an empty alembic_version) is upgraded to head on open."""
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    con.execute("CREATE TABLE unrelated (x INTEGER)")
    con.execute("INSERT INTO unrelated VALUES (42)")
    con.commit()
    con.close()
    engine = open_database(sqlite_url(path))
    try:
        assert schema_revision(engine) == head_revision()
        with engine.connect() as c:
            assert c.exec_driver_sql("SELECT x FROM unrelated").scalar() == 42
    finally:
        engine.dispose()


def test_sqlite_connection_settings(tmp_path):
    engine = open_database(sqlite_url(tmp_path / "p.db"), busy_timeout_s=2.5)
    try:
        with engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500
    finally:
        engine.dispose()


def test_engine_is_usable_from_several_threads(tmp_path):
    engine = open_database(sqlite_url(tmp_path / "t.db"))
    errors: list[BaseException] = []

    def work():
        try:
            for _ in range(20):
                Historian(engine).tags()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()
    assert errors == []


def test_in_memory_database(tmp_path):
    engine = open_database("sqlite://")
    w = HistorianWriter(engine)
    w.sink([Sample("m.v", 1_800_000_000.0, 1.0, Quality.GOOD)])
    assert w.flush(5)
    assert Historian(engine).tags() == ["m.v"]


def test_sqlite_url():
    assert sqlite_url("/var/lib/lineside/h.db") == "sqlite:////var/lib/lineside/h.db"


@pytest.mark.parametrize("url, words", [
    ("not a url", "invalid database URL"),
    ("nosuchdb://host/db", "cannot use database URL"),
])
def test_bad_url_is_a_one_line_store_error(url, words):
    with pytest.raises(StoreError) as info:
        open_database(url)
    msg = str(info.value)
    assert words in msg and "\n" not in msg


def test_unreadable_database_is_a_one_line_store_error(tmp_path):
    bad = tmp_path / "garbage.db"
    bad.write_bytes(b"this is not an SQLite database" * 200)
    with pytest.raises(StoreError, match=r"cannot open database .*garbage\.db: file is not a database"):
        open_database(sqlite_url(bad))
    folder = tmp_path / "a_folder.db"
    folder.mkdir()
    with pytest.raises(StoreError) as info:
        open_database(sqlite_url(folder))
    assert "\n" not in str(info.value)


def test_unreachable_server_hides_password():
    pytest.importorskip("psycopg2")
    with pytest.raises(StoreError) as info:
        open_database("postgresql+psycopg2://lineside:s3cret@127.0.0.1:1/lineside")
    msg = str(info.value)
    assert "s3cret" not in msg and "\n" not in msg and "cannot open database" in msg


def test_newer_schema_is_refused(tmp_path):
    url = sqlite_url(tmp_path / "future.db")
    engine = open_database(url)
    with engine.begin() as c:
        c.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this program"):
        open_database(url)
