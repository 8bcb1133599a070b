"""Store and forward: a local, durable spool of rows for a database server that is away. Qt-free.

    spool = Spool.open_for("historian", engine.url, columns=("key", "ts", ...))
    spool.append([(seq, key, ts, ...), ...])      # server down: rows kept on local disk
    ...                                           # server back:
    with engine.begin() as conn:
        done = server_mark(conn, spool.token)     # what an earlier (maybe unacknowledged) commit wrote
    spool.delete_through(done)
    rows = spool.head(1000)                       # oldest first; write them and, in the SAME
    set_server_mark(conn, spool.token, rows[-1][0])   # transaction, the new mark; then
    spool.delete_through(rows[-1][0])             # forget them locally

Every row carries a sequence number (``seq``), increasing over the life of the stream, also across
restarts (:meth:`Spool.next_seq_base`).  Each transaction that writes rows of the stream to the
server also records the highest ``seq`` it wrote in ``historian_state`` under the spool's
``token`` (:func:`set_server_mark`).  When a connection drops during a COMMIT the writer cannot
know whether the rows arrived; it spools them, and before back-filling reads the mark back
(:func:`server_mark`) and deletes what the server already has: every row arrives exactly once,
in order.

The spool is an SQLite file (WAL, ``synchronous=NORMAL``) opened in exclusive locking mode, so two
writers never share one (a second writer of the same stream gets ``<name>-2.spool`` and its own
token).  It is bounded (``max_rows``): past that the OLDEST rows are dropped, counted and logged,
and a warning is logged each time it doubles from ``warn_rows``.
"""
from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Iterable, Sequence

import sqlalchemy as sa

from hmi.store.schema import historian_state

log = logging.getLogger(__name__)

#: Folder of the spool files (default: ``spool`` in :func:`hmi.paths.data_dir`, which honours LINESIDE_HOME).
SPOOL_DIR_ENV = "LINESIDE_SPOOL_DIR"
DEFAULT_MAX_ROWS = 20_000_000  # about 1 GB of samples
DEFAULT_WARN_ROWS = 100_000
_MARK_PREFIX = "spool:"


def default_spool_dir() -> Path:
    env = os.environ.get(SPOOL_DIR_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    from hmi.paths import data_dir

    return data_dir() / "spool"


def spool_file_name(stream: str, url) -> str:
    """``<stream>-<host>-<port>-<database>`` with only safe characters (no user, no password)."""
    u = sa.engine.make_url(url) if isinstance(url, str) else url
    raw = f"{stream}-{u.host or 'local'}-{u.port or ''}-{u.database or ''}"
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", raw).strip("_")


class SpoolError(RuntimeError):
    """The local spool file cannot be opened or written."""


class Spool:
    """An SQLite file of rows ``(seq, *columns)`` in ``seq`` order; one writer thread at a time."""

    def __init__(self, path: str | Path, columns: Sequence[str], *, max_rows: int = DEFAULT_MAX_ROWS,
                 warn_rows: int = DEFAULT_WARN_ROWS):
        self.path = Path(path)
        self.columns = tuple(columns)
        self.max_rows = int(max_rows)
        self._warn_at = max(1, int(warn_rows))
        self.dropped = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            from hmi.paths import owner_only

            owner_only(self.path, create=True)
            con = sqlite3.connect(str(self.path), timeout=0.0, isolation_level=None, check_same_thread=False)
            try:
                con.execute("PRAGMA locking_mode=EXCLUSIVE")
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA synchronous=NORMAL")
                con.execute("BEGIN IMMEDIATE")  # takes the exclusive lock (kept: locking_mode)
                con.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value)")
                cols = ", ".join(f'"{c}"' for c in self.columns)
                con.execute(f"CREATE TABLE IF NOT EXISTS rows (seq INTEGER PRIMARY KEY, {cols})")
                have = [r[1] for r in con.execute("PRAGMA table_info(rows)")][1:]
                if tuple(have) != self.columns:
                    raise SpoolError(f"spool {self.path} holds other columns {have} (expected "
                                     f"{list(self.columns)}); move it away")
                row = con.execute("SELECT value FROM meta WHERE name = 'token'").fetchone()
                if row is None:
                    self.token = _MARK_PREFIX + uuid.uuid4().hex
                    con.execute("INSERT INTO meta VALUES ('token', ?)", (self.token,))
                else:
                    self.token = str(row[0])
                con.execute("COMMIT")
            except BaseException:
                con.close()
                raise
        except sqlite3.Error as exc:
            raise SpoolError(f"cannot open spool {self.path}: {exc}") from None
        except OSError as exc:
            raise SpoolError(f"cannot open spool {self.path}: {exc.strerror or exc}") from None
        self._con = con
        ph = ", ".join("?" * (len(self.columns) + 1))
        self._insert = f"INSERT INTO rows VALUES ({ph})"
        self._count = con.execute("SELECT count(*) FROM rows").fetchone()[0]
        self._first = con.execute("SELECT min(seq) FROM rows").fetchone()[0]
        self._last = con.execute("SELECT max(seq) FROM rows").fetchone()[0]
        if self._count:
            log.warning("spool %s: %d rows from an earlier run wait to be back-filled", self.path, self._count)
            while self._warn_at <= self._count:
                self._warn_at *= 2

    @classmethod
    def open_for(cls, stream: str, url, columns: Sequence[str], folder: str | Path | None = None,
                 **kw) -> "Spool":
        """The spool of ``stream`` (``historian``, ``journal``) for the database ``url`` in ``folder``
        (default :func:`default_spool_dir`); a free ``-2``, ``-3``... file when another writer
        holds it."""
        base = Path(folder) if folder is not None else default_spool_dir()
        name = spool_file_name(stream, url)
        last: Exception | None = None
        for k in range(1, 10):
            path = base / (f"{name}.spool" if k == 1 else f"{name}-{k}.spool")
            try:
                return cls(path, columns, **kw)
            except SpoolError as exc:
                if "locked" not in str(exc):
                    raise
                last = exc
        raise SpoolError(f"every spool file of {name} in {base} is in use: {last}")

    # --------------------------------------------------------------------------- state
    def __len__(self) -> int:
        return self._count

    @property
    def first_seq(self) -> int | None:
        """``seq`` of the oldest row kept (None when empty)."""
        return self._first

    def next_seq_base(self) -> int:
        """A ``seq`` above every one this stream ever used: time in ns (a stream never writes a
        row per ns), above the last row kept and the base recorded at the last close."""
        row = self._con.execute("SELECT value FROM meta WHERE name = 'next_seq'").fetchone()
        floor = int(row[0]) if row is not None else 0
        return max(time.time_ns(), (self._last or 0) + 1, floor)

    def record_next_seq(self, seq: int) -> None:
        self._con.execute("INSERT OR REPLACE INTO meta VALUES ('next_seq', ?)", (int(seq),))

    # --------------------------------------------------------------------------- rows
    def append(self, rows: Iterable[Sequence]) -> int:
        """Add rows ``(seq, *columns)`` (seq increasing) durably; returns how many were added.
        Past ``max_rows`` the oldest rows are dropped (counted in :attr:`dropped`, logged)."""
        rows = list(rows)
        if not rows:
            return 0
        try:
            self._con.execute("BEGIN IMMEDIATE")
            self._con.executemany(self._insert, rows)
            self._con.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self._con.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise SpoolError(f"cannot write spool {self.path}: {exc}") from None
        self._count += len(rows)
        if self._first is None:
            self._first = rows[0][0]
        self._last = rows[-1][0]
        if self._count >= self._warn_at:
            log.warning("spool %s holds %d rows (database server still unreachable; limit %d, oldest "
                        "dropped beyond it)", self.path, self._count, self.max_rows)
            while self._warn_at <= self._count:
                self._warn_at *= 2
        if self._count > self.max_rows:
            self._drop_oldest(self._count - self.max_rows)
        return len(rows)

    def _drop_oldest(self, k: int) -> None:
        cut = self._con.execute("SELECT seq FROM rows ORDER BY seq LIMIT 1 OFFSET ?", (k - 1,)).fetchone()
        if cut is None:
            return
        n = self._delete_through(cut[0])
        self.dropped += n
        log.error("spool %s full (%d rows): dropped the %d oldest rows", self.path, self.max_rows, n)

    def head(self, n: int) -> list[tuple]:
        """The ``n`` oldest rows ``(seq, *columns)``."""
        return self._con.execute("SELECT * FROM rows ORDER BY seq LIMIT ?", (int(n),)).fetchall()

    def delete_through(self, seq: int | None) -> int:
        """Forget every row with ``seq <= seq`` (written to the server); returns how many."""
        if seq is None or self._first is None or seq < self._first:
            return 0
        return self._delete_through(seq)

    def _delete_through(self, seq: int) -> int:
        n = self._con.execute("DELETE FROM rows WHERE seq <= ?", (int(seq),)).rowcount
        self._count = max(0, self._count - max(n, 0))
        if self._count == 0:
            self._first = None
        else:
            self._first = self._con.execute("SELECT min(seq) FROM rows").fetchone()[0]
        return max(n, 0)

    def close(self) -> None:
        try:
            self._con.close()
        except sqlite3.Error:
            pass


def open_writer_spool(stream: str, engine: sa.Engine, spool, columns: Sequence[str]) -> Spool | None:
    """The spool of a writer of ``engine``: ``spool=None`` -> the default one of ``stream`` for a
    server database (none for SQLite, which is local itself), ``False`` -> none, a path -> a spool
    there, a :class:`Spool` -> itself.  One that cannot be opened is logged and the writer works
    without (rows wait in memory only)."""
    if spool is False or (spool is None and engine.url.get_backend_name() == "sqlite"):
        return None
    if isinstance(spool, Spool):
        return spool
    try:
        if spool is None:
            return Spool.open_for(stream, engine.url, columns)
        return Spool(spool, columns)
    except SpoolError as exc:
        log.error("%s: no local spool, rows wait in memory only while the database is away: %s", stream, exc)
        return None


# ------------------------------------------------------------------------ server side mark
def server_mark(conn: sa.Connection, token: str) -> int | None:
    """Highest ``seq`` of the stream ``token`` committed on the server (None: none yet)."""
    st = historian_state.c
    return conn.execute(sa.select(st.value).where(st.name == token)).scalar()


def set_server_mark(conn: sa.Connection, token: str, seq: int) -> None:
    """Record ``seq`` as the stream's highest committed row, in the caller's transaction (an
    INSERT .. ON CONFLICT DO UPDATE of the backend's dialect; any ``historian_state`` entry)."""
    name = conn.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - other servers: update, else insert
        st = historian_state.c
        if conn.execute(sa.update(historian_state).where(st.name == token).values(value=seq)).rowcount == 0:
            conn.execute(sa.insert(historian_state).values(name=token, value=seq))
        return
    stmt = insert(historian_state).values(name=token, value=int(seq))
    conn.execute(stmt.on_conflict_do_update(index_elements=[historian_state.c.name],
                                            set_={"value": stmt.excluded.value}))
