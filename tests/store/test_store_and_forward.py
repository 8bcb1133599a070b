"""Store and forward: the database server goes away mid-run and comes back; nothing is lost, nothing
is written twice, order is kept (historian writer and alarm journal, local spool files)."""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from hmi.alarms import AlarmJournal
from hmi.alarms.model import AlarmEvent, AlarmState
from hmi.config import HistorianConfig
from hmi.equipment.model import Quality, Sample
from hmi.store.db import open_database
from hmi.store.historian import Historian
from hmi.store.historian_writer import HistorianWriter
from hmi.store.schema import alarm_events, samples

from .tcp_proxy import CuttableProxy

T0 = 1_800_000_000.0
G = Quality.GOOD


def wait_for(pred, timeout=20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.01)
    return pred()


@pytest.fixture
def proxied(pg_migrated):
    """(direct engine, engine through a cuttable TCP proxy, proxy) on a fresh PostgreSQL database."""
    url = make_url(pg_migrated)
    with CuttableProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        direct = open_database(pg_migrated)
        via = open_database(url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
        try:
            yield direct, via, proxy
        finally:
            via.dispose()
            direct.dispose()


class Producer:
    """Submits samples ``p.v`` (value i at T0 + i/100 s) and ``p.w`` (-i) in batches of 20, every
    few milliseconds, from its own thread, like the poller does."""

    def __init__(self, sink):
        self.sink = sink
        self.n = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            i0 = self.n
            batch = []
            for i in range(i0, i0 + 20):
                batch += [Sample("p.v", T0 + i / 100.0, float(i), G), Sample("p.w", T0 + i / 100.0, -i, G)]
            self.sink(batch)
            self.n = i0 + 20
            time.sleep(0.005)

    def __enter__(self) -> "Producer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)


def assert_exactly_once_in_order(engine, n: int) -> None:
    h = Historian(engine)
    v = h.raw("p.v", T0 - 1, T0 + n)
    w = h.raw("p.w", T0 - 1, T0 + n)
    np.testing.assert_array_equal(v.value, np.arange(n, dtype=float))  # every row, once, in order
    np.testing.assert_array_equal(w.value, -np.arange(n, dtype=float))
    np.testing.assert_allclose(v.ts, T0 + np.arange(n) / 100.0, atol=1e-6)
    with engine.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(samples)).scalar() == 2 * n


@pytest.mark.postgresql
def test_historian_survives_a_cut_database_connection(proxied, tmp_path):
    direct, via, proxy = proxied
    w = HistorianWriter(via, HistorianConfig(batch_max_rows=2000, flush_interval_s=0.05),
                        spool=tmp_path / "historian.spool")
    w.max_backoff_s = 0.3
    w.start()
    try:
        with Producer(w.sink) as prod:
            assert wait_for(lambda: w.stats()["rows_written"] > 1000)
            assert w.stats()["state"] == "connected"
            proxy.cut()  # every connection dropped, new ones refused
            assert wait_for(lambda: w.stats()["state"] == "buffering" and w.stats()["spooled"] > 2000)
            st = w.stats()
            assert st["last_error"] and st["buffered"] >= st["spooled"] > 0
            written_during_cut = st["rows_written"]
            time.sleep(0.3)  # still producing, still spooling
            assert w.stats()["rows_written"] == written_during_cut
            assert len(w.spool) > 0
            proxy.restore()
            assert wait_for(lambda: w.stats()["state"] == "connected" and w.stats()["rows_written"]
                            > written_during_cut + 3000)
        n = prod.n
        assert w.flush(30)
        st = w.stats()
        assert st["spooled"] == 0 and st["rows_dropped"] == 0 and st["last_error"] is None
        assert st["rows_written"] == 2 * n
    finally:
        w.stop()
    assert proxy.cuts == 1 and n > 0
    assert_exactly_once_in_order(direct, n)


@pytest.mark.postgresql
def test_historian_spool_survives_a_restart(proxied, tmp_path):
    """Rows spooled while the server is away are back-filled by the next writer (after a restart)."""
    direct, via, proxy = proxied
    path = tmp_path / "historian.spool"
    cfg = HistorianConfig(batch_max_rows=300, flush_interval_s=0.05)
    w = HistorianWriter(via, cfg, spool=path)
    w.sink([Sample("p.v", T0 + i / 100.0, float(i), G) for i in range(100)])
    w.sink([Sample("p.w", T0 + i / 100.0, -i, G) for i in range(100)])
    assert w.flush(10)
    proxy.cut()
    w.sink([Sample("p.v", T0 + i / 100.0, float(i), G) for i in range(100, 500)])
    w.sink([Sample("p.w", T0 + i / 100.0, -i, G) for i in range(100, 500)])
    assert not w.stop(timeout=0.5)  # cannot reach the server: kept in the spool, not lost
    assert w.stats()["spooled"] == 800
    w.spool.close()
    proxy.restore()
    w2 = HistorianWriter(via, cfg, spool=path)  # the next start of the station
    assert w2.stats()["spooled"] == 800
    w2.start()
    assert w2.flush(20)
    assert w2.stop()
    assert_exactly_once_in_order(direct, 500)


def test_commit_without_acknowledgement_is_not_written_twice(db_url, tmp_path):
    """The server commits but the connection drops before the client hears it: the rows are spooled
    (the writer cannot know), and the back-fill skips them (the stream's mark on the server)."""
    engine = open_database(db_url)
    try:
        w = HistorianWriter(engine, HistorianConfig(batch_max_rows=100, flush_interval_s=0.05),
                            spool=tmp_path / "h.spool")
        real = w.commit
        lost = []

        def commit_then_lose_the_answer(chunks, mark):
            done = real(chunks, mark)
            if not lost:
                lost.append(mark)
                raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))
            return done

        w.commit = commit_then_lose_the_answer
        w.sink([Sample("p.v", T0 + i / 100.0, float(i), G) for i in range(250)])
        w.sink([Sample("p.w", T0 + i / 100.0, -i, G) for i in range(250)])
        assert w.flush(20)
        assert lost and w.stats()["spooled"] == 0 and w.stats()["errors"] == 1
        assert_exactly_once_in_order(engine, 250)
    finally:
        engine.dispose()


def _event(i: int) -> AlarmEvent:
    return AlarmEvent(T0 + i, f"press1.t{i % 3}.hi", f"press1.t{i % 3}", "HI", 2, "raised", AlarmState.UNACK_ACTIVE,
                      float(i), None, None, f"event {i}", "press1")


@pytest.mark.postgresql
def test_alarm_journal_survives_a_cut_database_connection(proxied, tmp_path):
    direct, via, proxy = proxied
    j = AlarmJournal(via, flush_interval_s=0.05, spool=tmp_path / "journal.spool")
    j.max_backoff_s = 0.3
    j.start()
    try:
        for i in range(50):
            j.record(_event(i))
        assert j.flush(10)
        proxy.cut()
        for i in range(50, 300):
            j.record(_event(i))
            if i % 50 == 0:
                time.sleep(0.05)
        assert wait_for(lambda: j.stats()["state"] == "buffering" and j.stats()["spooled"] > 0)
        assert not j.flush(0.3)
        proxy.restore()
        for i in range(300, 400):
            j.record(_event(i))
        assert j.flush(20)
        st = j.stats()
        assert st["state"] == "connected" and st["spooled"] == 0 and st["dropped"] == 0
    finally:
        j.stop()
    with direct.connect() as c:
        rows = c.execute(sa.select(alarm_events.c.message).order_by(alarm_events.c.id)).scalars().all()
    assert rows == [f"event {i}" for i in range(400)]  # each once, in order


def test_alarm_journal_commit_without_acknowledgement_is_not_written_twice(db_url, tmp_path):
    engine = open_database(db_url)
    try:
        j = AlarmJournal(engine, spool=tmp_path / "j.spool")
        real = j.commit
        lost = []

        def commit_then_lose_the_answer(chunks, mark):
            done = real(chunks, mark)
            if not lost:
                lost.append(mark)
                raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))
            return done

        j.commit = commit_then_lose_the_answer
        for i in range(30):
            j.record(_event(i))
        assert not j.flush()  # not started: one attempt; the answer was lost: spooled
        assert j.stats()["spooled"] == 30
        assert j.flush(10)
        assert lost and j.stats()["spooled"] == 0
        with engine.connect() as c:
            rows = c.execute(sa.select(alarm_events.c.message).order_by(alarm_events.c.id)).scalars().all()
        assert rows == [f"event {i}" for i in range(30)]
    finally:
        engine.dispose()


_BACKFILL_CHILD = r"""
import sys
from hmi.config import HistorianConfig
from hmi.store.db import open_database
from hmi.store.historian_writer import HistorianWriter
import os, signal
w = HistorianWriter(open_database(sys.argv[1]), HistorianConfig(batch_max_rows=200, flush_interval_s=0.02),
                    spool=sys.argv[2])
die_after = int(sys.argv[3])  # > 0: kill -9 itself right after that many commits, before the spool hears of them
real, commits = w.commit, []

def commit(chunks, mark):
    done = real(chunks, mark)
    commits.append(mark)
    if len(commits) == die_after:
        os.kill(os.getpid(), signal.SIGKILL)
    return done

w.commit = commit
print("ready", w.stats()["spooled"], flush=True)
w.start()
ok = w.flush(120)
w.stop()
print("done" if ok else "not flushed", flush=True)
"""


def test_a_station_killed_again_and_again_while_it_back_fills_writes_every_row_exactly_once(db_url, tmp_path):
    """kill -9 at arbitrary moments of the back-fill and right between a commit and the spool's delete,
    restart, again: the spool's rows reach the database once each, in order."""
    import random
    import signal
    import subprocess
    import sys

    n = 20000
    path = tmp_path / "historian.spool"
    engine = open_database(db_url)
    try:
        w = HistorianWriter(engine, HistorianConfig(batch_max_rows=200), spool=path)
        w.sink([Sample("p.v", T0 + i / 100.0, float(i), G) for i in range(n)])
        w.sink([Sample("p.w", T0 + i / 100.0, -i, G) for i in range(n)])
        w.stop(flush=False)  # the server was away: every row in the spool
        assert len(w.spool) == 2 * n
        w.spool.close()
        rng = random.Random(7)
        left = []
        for k in range(6):
            die_after = 2 if k % 2 else 0  # odd rounds: the worst moment; even rounds: a random one
            child = subprocess.Popen([sys.executable, "-c", _BACKFILL_CHILD, db_url, str(path), str(die_after)],
                                     stdout=subprocess.PIPE, text=True)
            line = child.stdout.readline().split()
            assert line[0] == "ready"
            left.append(int(line[1]))
            if die_after:
                assert child.wait(30) == -signal.SIGKILL
            else:
                time.sleep(rng.uniform(0.02, 0.1))
                child.send_signal(signal.SIGKILL)
                child.wait(10)
            child.stdout.close()
        assert left[0] == 2 * n and 0 < left[-1] < left[0]  # every kill fell inside the back-fill
        out = subprocess.run([sys.executable, "-c", _BACKFILL_CHILD, db_url, str(path), "0"], capture_output=True,
                             text=True, timeout=120)
        assert out.stdout.split("\n")[-2] == "done", out.stderr[-2000:]
        assert_exactly_once_in_order(engine, n)
    finally:
        engine.dispose()
