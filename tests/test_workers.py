"""hmi.workers: the one queue-fed worker thread of the station's services, and foreground bursts (workers hold back
between items while the GUI thread builds a page)."""
from __future__ import annotations

import threading
import time

from hmi import workers
from hmi.workers import QueueWorker, foreground, in_foreground


def test_items_are_handled_in_order_and_a_failing_one_does_not_stop_the_worker():
    seen = []

    def handle(x):
        if x == 3:
            raise ValueError("bad item")
        seen.append(x)

    w = QueueWorker("t", handle, max_queue=100)
    w.start()
    for i in range(10):
        assert w.put(i)
    assert w.wait_idle(5)
    assert seen == [0, 1, 2, 4, 5, 6, 7, 8, 9]
    assert w.stop()


def test_a_full_queue_refuses_without_blocking_and_counts():
    gate = threading.Event()
    w = QueueWorker("t", lambda x: gate.wait(5), max_queue=2)
    w.start()
    w.put("busy")
    time.sleep(0.05)  # the worker holds "busy"
    assert w.put(1) and w.put(2)
    t0 = time.perf_counter()
    assert not w.put(3) and w.dropped == 1
    assert time.perf_counter() - t0 < 0.05
    gate.set()
    assert w.stop()


def test_stop_with_flush_handles_the_queue_first_and_without_flush_drops_it():
    seen = []
    w = QueueWorker("t", lambda x: (time.sleep(0.01), seen.append(x)), max_queue=100)
    w.start()
    for i in range(20):
        w.put(i)
    assert w.stop(flush=True)
    assert seen == list(range(20))

    seen.clear()
    w = QueueWorker("t", lambda x: (time.sleep(0.05), seen.append(x)), max_queue=100)
    w.start()
    for i in range(20):
        w.put(i)
    time.sleep(0.02)
    assert w.stop(flush=False, timeout=2)
    assert len(seen) <= 2 and not w.running()


def test_wait_stop_cuts_a_settle_time_short_when_stopping_without_flush():
    started = threading.Event()
    waited = []

    def handle(x):
        started.set()
        t0 = time.monotonic()
        waited.append((w.wait_stop(10.0), time.monotonic() - t0))

    w = QueueWorker("t", handle)
    w.start()
    w.put("part")
    assert started.wait(2)
    assert w.stop(flush=False, timeout=2)
    assert waited[0][0] is True and waited[0][1] < 1.0


# ------------------------------------------------------------------ foreground bursts
def test_workers_wait_between_items_during_a_burst_and_resume_after():
    done = []
    w = QueueWorker("t", lambda item: done.append((item, in_foreground())), max_queue=10)
    w.start()
    try:
        w.put(0)
        assert w.wait_idle(5)
        with foreground():
            with foreground():  # nested: the outer block still holds
                pass
            assert in_foreground()
            w.put(1)
            time.sleep(0.2)
            assert [i for i, _ in done] == [0]       # held back while the burst runs
        assert w.wait_idle(5)
        assert done == [(0, False), (1, False)]      # handled after it, not during
    finally:
        w.stop()


def test_a_burst_that_never_ends_costs_a_worker_at_most_the_pause_limit(monkeypatch):
    monkeypatch.setattr(workers, "FOREGROUND_MAX_PAUSE_S", 0.2)
    done = threading.Event()
    w = QueueWorker("t", lambda item: done.set(), max_queue=10)
    w.start()
    cm = foreground()
    cm.__enter__()
    try:
        t = time.monotonic()
        w.put(1)
        assert done.wait(5) and time.monotonic() - t < 2.0
    finally:
        cm.__exit__(None, None, None)
        w.stop()
    assert not in_foreground()
