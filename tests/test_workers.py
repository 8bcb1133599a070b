"""hmi.workers.QueueWorker: the one queue-fed worker thread of the station's services."""
from __future__ import annotations

import threading
import time

from hmi.workers import QueueWorker


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
