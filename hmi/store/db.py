"""Opening the database: engine, connection settings and migrations. Qt-free.

    engine = open_database(sqlite_url(data_dir / "lineside.db"))   # or "postgresql://user:pw@host/plant"

:func:`open_database` returns a thread-safe :class:`sqlalchemy.Engine` (share it between threads;
each thread checks out its own connection) whose schema is at the newest alembic revision:
a fresh database is created, an older one is upgraded in place (data kept).

SQLite files are opened in WAL mode (readers never block the writer) with
``synchronous=NORMAL`` and a busy timeout; PostgreSQL is used through its URL as-is.
Every failure to open is a :class:`StoreError` with a one-line message.
"""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from hmi.store.redact import redact_url

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class StoreError(RuntimeError):
    """The database cannot be used: bad URL, unreachable server, unreadable file, newer schema."""


def sqlite_url(path: str | Path) -> str:
    """SQLAlchemy URL of an SQLite database file (absolute, ``~`` expanded): ``sqlite:////abs/x.db``."""
    return f"sqlite:///{Path(path).expanduser().resolve().as_posix()}"



def _reason(exc: BaseException) -> str:
    """First line of the most specific message of ``exc`` (the driver's, when wrapped)."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip() or type(inner).__name__
    return text.splitlines()[0].strip()


def _is_memory(url: URL) -> bool:
    db = url.database or ""
    return db in ("", ":memory:") or "mode=memory" in db


#: libpq settings for server connections unless the URL gives them: a dead server is noticed in
#: seconds (connect timeout; TCP keepalives for a link that silently stops), so writers fall back to
#: their local spool instead of hanging.
PG_CONNECT_DEFAULTS = {"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 3,
                       "keepalives_count": 3, "application_name": "lineside"}


def _pg_connect_args(url: URL) -> dict:
    return {k: v for k, v in PG_CONNECT_DEFAULTS.items() if k not in url.query}


def is_server_url(url: URL | str) -> bool:
    """True for a database server (PostgreSQL ...), False for SQLite files and memory."""
    u = make_url(url) if isinstance(url, str) else url
    return u.get_backend_name() != "sqlite"


def alembic_config(url: str | None = None):
    """An :class:`alembic.config.Config` for the packaged migrations (no alembic.ini needed).

    ``url`` is only needed for command-line style use (``command.revision(..., autogenerate=True)``);
    :func:`run_migrations` passes an open connection instead.
    """
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    if url:
        cfg.set_main_option("sqlalchemy.url", str(url).replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """Newest schema revision shipped with this program."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_revision(engine: sa.Engine) -> str | None:
    """Revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


#: PostgreSQL advisory lock key held by a migration ("LSMG"): stations starting at once on one plant database
#: migrate one after the other; the later ones find the schema at head and do nothing
MIGRATION_LOCK_KEY = 0x4C534D47


def run_migrations(engine: sa.Engine) -> None:
    """Upgrade the database to the newest revision (one transaction; no-op when already there).  On
    PostgreSQL the transaction first takes :data:`MIGRATION_LOCK_KEY` (released at commit), so any number of
    stations may start at once; SQLite serializes the writers by its own file lock."""
    from alembic import command
    from alembic.util import CommandError

    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except CommandError as exc:
        msg = _reason(exc)
        if "Can't locate revision" in msg:
            raise StoreError(f"database {redact_url(engine.url)} has a schema newer than this program "
                             f"({msg}); update Lineside") from None
        raise StoreError(f"cannot migrate database {redact_url(engine.url)}: {msg}") from None


def open_database(url: str, *, busy_timeout_s: float = 5.0, echo: bool = False) -> sa.Engine:
    """Open (create, migrate to head) the database at ``url`` and return its engine.

    * SQLite file: the parent folder is created; every connection gets ``journal_mode=WAL``,
      ``synchronous=NORMAL``, ``busy_timeout`` (``busy_timeout_s``) and ``foreign_keys=ON``.
      ``sqlite://`` (in memory) uses one shared connection (tests only).
    * Server URLs (``postgresql://user:pw@host/db``, driver psycopg2 unless the URL names another)
      get pre-ping, so a dropped server connection is replaced, a 5 s connect timeout and TCP
      keepalives (:data:`PG_CONNECT_DEFAULTS`, each overridable in the URL's query).

    Raises :class:`StoreError` (one line, password hidden) when the URL is malformed, the driver is
    missing, or the database cannot be reached, read or migrated.
    """
    try:
        u = make_url(url)
    except Exception as exc:  # ArgumentError, ValueError
        raise StoreError(f"invalid database URL {redact_url(url)!r}: {_reason(redact_url(str(exc)))}") from None

    kwargs: dict = {"echo": echo}
    is_sqlite = u.get_backend_name() == "sqlite"
    if is_sqlite:
        if _is_memory(u):
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            db = u.database or ""
            if not db.startswith("file:"):
                try:
                    Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
                    from hmi.paths import owner_only

                    owner_only(Path(db).expanduser(), create=True)  # password and PIN hashes inside
                except OSError as exc:
                    raise StoreError(f"cannot create folder for database {db}: "
                                     f"{exc.strerror or exc}") from None
            kwargs.update(connect_args={"check_same_thread": False, "timeout": busy_timeout_s})
    else:
        if u.drivername == "postgresql":  # SQLAlchemy 2.1 picks psycopg 3 here; Lineside ships psycopg2
            u = u.set(drivername="postgresql+psycopg2")
        kwargs.update(pool_pre_ping=True)
        if u.drivername == "postgresql+psycopg2":
            kwargs.update(connect_args=_pg_connect_args(u))

    try:
        engine = sa.create_engine(u, **kwargs)
    except Exception as exc:  # NoSuchModuleError (unknown dialect), ImportError (missing driver), ArgumentError
        raise StoreError(f"cannot use database URL {redact_url(u)}: {_reason(exc)}") from None

    if is_sqlite:
        busy_ms = int(busy_timeout_s * 1000)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            try:
                cur.execute(f"PRAGMA busy_timeout={busy_ms}")
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA foreign_keys=ON")
            finally:
                cur.close()

    try:
        run_migrations(engine)
    except StoreError:
        engine.dispose()
        raise
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open database {redact_url(u)}: {_reason(exc)}") from None
    except OSError as exc:
        engine.dispose()
        raise StoreError(f"cannot open database {redact_url(u)}: {exc.strerror or exc}") from None
    log.info("database %s at schema revision %s", redact_url(u), head_revision())
    return engine


@contextlib.contextmanager
def durable_begin(engine: sa.Engine) -> Iterator[sa.Connection]:
    """``engine.begin()`` for what must survive a power cut once the screen said it is done (audit entries,
    inspection reviews, user changes).  The plant database runs SQLite with ``synchronous=NORMAL``: a commit
    survives a crash of the program but the last ones may be lost with the power.  Here the commit is
    synced to the disk first (``synchronous=FULL`` for this transaction; on PostgreSQL
    ``synchronous_commit = on`` for it, whatever the server's default).  The historian keeps NORMAL: it may
    lose its last second of samples to a power cut, never its consistency."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA synchronous=FULL")
            conn.commit()  # the pragma autobegan (SQLAlchemy 2): end that before the real transaction
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("SET LOCAL synchronous_commit = on")
                yield conn
        finally:
            if sqlite:
                if conn.in_transaction():
                    conn.rollback()
                conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
                conn.commit()
