"""Test-wide settings: Qt runs offscreen; the shared datasets are optional."""
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the station's own folders (configuration with its audit key and anchors, data, logs) go to a throw-away
# place: the tests never touch the account's real ones (tests of the defaults clear this themselves)
if not os.environ.get("LINESIDE_HOME"):
    import tempfile

    os.environ["LINESIDE_HOME"] = tempfile.mkdtemp(prefix="lineside-tests-")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"


def _gui_app():
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return None
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_gui_thread():
    """As in the product (hmi.ui.app.collect_garbage_on_gui_thread): once a QApplication exists, Python's cyclic
    garbage collection runs on the main thread only, so no worker thread destroys a Qt object (a deadlock); after
    each test the collection that is due runs here."""
    app = _gui_app()
    if app is not None:
        from hmi.ui.app import collect_garbage_on_gui_thread

        collect_garbage_on_gui_thread(app)
    yield
    app = _gui_app()
    if app is not None:
        from hmi.ui.app import collect_garbage_on_gui_thread

        collect_garbage_on_gui_thread(app).check()


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """../shared/datasets, or skip when this checkout has none beside it."""
    if not SHARED_DATASETS.is_dir():
        pytest.skip(f"real datasets not found at {SHARED_DATASETS}")
    return SHARED_DATASETS


# ------------------------------------------------------------------------------ database backends
#: Server used for the PostgreSQL variant of ``db_url``: a maintenance database URL of a role that may
#: CREATE DATABASE.  .ci/run sets it (and LINESIDE_TEST_PG_REQUIRED=1) after starting a local server.
PG_URL_ENV = "LINESIDE_TEST_PG_URL"
PG_REQUIRED_ENV = "LINESIDE_TEST_PG_REQUIRED"
PG_DEFAULT_URL = "postgresql://lineside:lineside@127.0.0.1:5432/postgres"
_pg_server_state: dict = {}


def _pg_server() -> "tuple[object | None, str]":
    """(sqlalchemy URL of the server's maintenance database, "") or (None, why not); probed once."""
    if "result" not in _pg_server_state:
        raw = os.environ.get(PG_URL_ENV) or PG_DEFAULT_URL
        try:
            import psycopg2  # noqa: F401
            from sqlalchemy.engine import make_url

            url = make_url(raw).set(drivername="postgresql+psycopg2")
            con = psycopg2.connect(**_pg_params(url), connect_timeout=3)
            con.close()
            _pg_server_state["result"] = (url, "")
        except Exception as exc:  # ImportError, OperationalError, ArgumentError
            why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            shown = raw.split("@")[-1]
            _pg_server_state["result"] = (None, f"no PostgreSQL server for the tests at {shown} "
                                                f"(set {PG_URL_ENV}): {why}")
    return _pg_server_state["result"]


def _pg_params(url) -> dict:
    return {k: v for k, v in dict(host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username,
                                    password=url.password, dbname=url.database or "postgres").items()
            if v is not None}


def _pg_admin(url):
    import psycopg2

    con = psycopg2.connect(**_pg_params(url), connect_timeout=5)
    con.autocommit = True
    return con


@pytest.fixture
def pg_server():
    """The PostgreSQL server of the tests (its maintenance database URL), or skip with the reason
    (a failure instead when LINESIDE_TEST_PG_REQUIRED=1, as in CI)."""
    url, why = _pg_server()
    if url is None:
        if os.environ.get(PG_REQUIRED_ENV) == "1":
            pytest.fail(f"{why} but {PG_REQUIRED_ENV}=1")
        pytest.skip(why)
    return url


def _pg_create(server_url, template: str | None = None) -> str:
    import uuid

    name = f"lineside_test_{uuid.uuid4().hex[:12]}"
    con = _pg_admin(server_url)
    try:
        with con.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    finally:
        con.close()
    return name


def _pg_drop(server_url, name: str) -> None:
    """Drop a test database, ending leftover client connections (FORCE); a plain DROP in between
    ends autovacuum workers in it, which FORCE may not be allowed to end (PostgreSQL 15)."""
    import time

    import psycopg2

    con = _pg_admin(server_url)
    try:
        for attempt in range(10):
            try:
                with con.cursor() as cur:
                    cur.execute(f'DROP DATABASE IF EXISTS "{name}"' + ("" if attempt % 2 else " WITH (FORCE)"))
                return
            except (psycopg2.errors.ObjectInUse, psycopg2.errors.InsufficientPrivilege):
                time.sleep(0.2)
        raise RuntimeError(f"test database {name} could not be dropped")
    finally:
        con.close()


@pytest.fixture(scope="session")
def _pg_migrated_template():
    """Name of a database migrated to head once per session (a template for :func:`pg_migrated`)."""
    url, _why = _pg_server()
    if url is None:
        yield None
        return
    from hmi.store.db import open_database

    name = _pg_create(url)
    open_database(url.set(database=name).render_as_string(hide_password=False)).dispose()
    yield name
    _pg_drop(url, name)


@pytest.fixture
def pg_database(pg_server):
    """A fresh, empty PostgreSQL database (SQLAlchemy URL string, password included), dropped after
    the test."""
    name = _pg_create(pg_server)
    try:
        yield pg_server.set(database=name).render_as_string(hide_password=False)
    finally:
        _pg_drop(pg_server, name)


@pytest.fixture
def pg_migrated(pg_server, _pg_migrated_template):
    """A fresh PostgreSQL database already at the newest schema (a copy of a template migrated once
    per session: opening it runs no migration), dropped after the test."""
    name = _pg_create(pg_server, template=_pg_migrated_template)
    try:
        yield pg_server.set(database=name).render_as_string(hide_password=False)
    finally:
        _pg_drop(pg_server, name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db_url(request, tmp_path) -> str:
    """URL of a fresh plant database, once per backend: a new SQLite file in ``tmp_path``, and a new
    database on the test PostgreSQL server already migrated to head (:func:`pg_migrated`; skipped with
    the reason when no server is reachable).  Migration tests use :func:`pg_database` (empty)."""
    if request.param == "sqlite":
        from hmi.store.db import sqlite_url

        return sqlite_url(tmp_path / "plant.db")
    return request.getfixturevalue("pg_migrated")


@pytest.fixture(autouse=True)
def _local_spool_dir(tmp_path, monkeypatch):
    """Writers of server databases keep their local spool files in the test's folder, never in the
    user's data folder."""
    monkeypatch.setenv("LINESIDE_SPOOL_DIR", str(tmp_path / "spool"))
