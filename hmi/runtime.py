"""Starts and stops the services and wires them together. Qt-free.

    equipment poller (asyncio thread) ──► sample batches ──┬─► historian writer (own thread)
                                                          └─► every other subscriber (UI bridge, ...)

The GUI receives a :class:`Runtime` and only ever calls its non-blocking methods; historian queries
are made from worker threads.
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future
from pathlib import Path

from hmi.config import PlantConfig
from hmi.equipment.model import Sample, SampleSink

log = logging.getLogger(__name__)


class Runtime:
    """The running plant services of one station.

    ``plant``      the configuration in force.
    ``db_url``     SQLAlchemy URL of the plant database (``None``: no historian, live data only).
    """

    def __init__(self, plant: PlantConfig, db_url: str | None = None):
        from hmi.equipment.poller import Poller

        self.plant = plant
        self.db_url = db_url
        self.poller = Poller(plant)
        self.engine = None
        self.writer = None
        self.historian = None
        self._sinks: list[SampleSink] = []
        self._lock = threading.Lock()
        self._started = False
        self.started_at: float | None = None
        if db_url:
            from hmi.store.db import open_database
            from hmi.store.historian import Historian, HistorianWriter

            self.engine = open_database(db_url)
            self.writer = HistorianWriter(self.engine, plant.historian)
            self.historian = Historian(self.engine)
            self.poller.subscribe(self.writer.sink)
        self.poller.subscribe(self._fan_out)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "Runtime":
        if self._started:
            return self
        if self.writer is not None:
            self.writer.start()
        self.poller.start()
        self._started = True
        self.started_at = time.time()
        log.info("runtime started: %d devices, %d tags, db=%s", len(self.plant.equipment),
                 len(self.plant.tags), self.db_url)
        return self

    def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        try:
            self.poller.stop()
        finally:
            if self.writer is not None:
                self.writer.stop(flush=True)
            if self.engine is not None:
                self.engine.dispose()
        log.info("runtime stopped")

    def __enter__(self) -> "Runtime":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ data
    def subscribe(self, sink: SampleSink) -> None:
        """Receive every sample batch. ``sink(list[Sample])`` is called from the acquisition
        thread and must not block (put the batch on a queue)."""
        with self._lock:
            self._sinks = [*self._sinks, sink]

    def unsubscribe(self, sink: SampleSink) -> None:
        with self._lock:
            self._sinks = [s for s in self._sinks if s is not sink]

    def _fan_out(self, batch: list[Sample]) -> None:
        for sink in self._sinks:
            try:
                sink(batch)
            except Exception:  # a broken subscriber must not stop acquisition
                log.exception("sample subscriber %r failed", sink)

    def latest(self) -> dict[str, Sample]:
        return self.poller.latest()

    def device_status(self) -> dict:
        return self.poller.device_status()

    def historian_stats(self) -> dict:
        return self.writer.stats() if self.writer is not None else {}

    def write(self, tag_key: str, value) -> Future:
        """Write a value to a writable tag; the future resolves after read-back."""
        return self.poller.write(tag_key, value)


def default_db_url(data_dir: str | Path) -> str:
    from hmi.store.db import sqlite_url

    return sqlite_url(Path(data_dir) / "lineside.db")
