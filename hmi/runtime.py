"""Starts and stops the services and wires them together. Qt-free.

    equipment poller (asyncio thread) ──► sample batches ──┬─► historian writer (own process for SQLite files)
                                                          ├─► alarm engine ──► alarm journal (own thread)
                                                          └─► every other subscriber (UI bridge, ...)

With a database the runtime also holds the plant's users, audit trail and the :class:`Access` gate
that every operator action goes through.

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
        from hmi.alarms.engine import AlarmEngine

        self.engine = None
        self.writer = None
        self.historian = None
        self.journal = None
        self.users = None
        self.audit = None
        self.access = None
        self.alarms = AlarmEngine(plant)
        self._tick_stop = threading.Event()
        self._tick_thread: threading.Thread | None = None
        self._sinks: list[SampleSink] = []
        self._lock = threading.Lock()
        self._started = False
        self.started_at: float | None = None
        if db_url:
            from hmi.store.db import open_database
            from hmi.store.historian import Historian

            from hmi.alarms.journal import AlarmJournal
            from hmi.security.access import Access
            from hmi.security.audit import AuditTrail
            from hmi.security.users import UserStore

            self.engine = open_database(db_url)
            self.writer = _historian_writer(self.engine, db_url, plant)
            self.historian = Historian(self.engine)
            self.journal = AlarmJournal(self.engine)
            self.users = UserStore(self.engine)
            self.audit = AuditTrail(self.engine)
            self.access = Access(self.users, self.audit)
            self.poller.subscribe(self.writer.sink)
            self.alarms.subscribe(self.journal.record)
        self.poller.subscribe(self.alarms.process)
        self.poller.subscribe(self._fan_out)
        self.maintenance, self.maintenance_log = _maintenance(plant, self.alarms, self.engine, self.access)
        self.subscribe(self.maintenance)
        # KPIs (hmi.kpi): the shift log in the plant database; ``kpi_coverage`` is an optional
        # ``f(line_id, t0, t1) -> fraction | None`` (trace coverage, set below when the plant has trace
        # stations), None: "not configured"
        self.shift_log = None
        self.kpi_coverage = None
        if self.engine is not None:
            from hmi.kpi.shiftlog import ShiftLog

            self.shift_log = ShiftLog(self.engine, self.access)
        self.trace, self.trace_recorder = _trace(plant, self.engine, self.historian)
        if self.trace_recorder is not None:
            self.poller.subscribe(self.trace_recorder.sink)
            from hmi.trace.coverage import coverage_provider

            self.kpi_coverage = coverage_provider(self.engine, plant)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "Runtime":
        if self._started:
            return self
        if self.writer is not None:
            self.writer.start()
        if self.journal is not None:
            self.journal.start()
        self.maintenance.start()
        if self.trace_recorder is not None:
            self.trace_recorder.start()
        self.poller.start()
        self._tick_stop.clear()
        self._tick_thread = threading.Thread(target=self._tick_loop, name="alarm-timers", daemon=True)
        self._tick_thread.start()
        self._started = True
        self.started_at = time.time()
        log.info("runtime started: %d devices, %d tags, db=%s", len(self.plant.equipment),
                 len(self.plant.tags), self.db_url)
        return self

    def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        self._tick_stop.set()
        try:
            self.poller.stop()
        finally:
            if self._tick_thread is not None:
                self._tick_thread.join(timeout=2)
            self.maintenance.stop()
            if self.trace_recorder is not None:
                self.trace_recorder.stop(flush=True, timeout=5.0)  # parts still settling, while the writer runs
            if self.writer is not None:
                self.writer.stop(flush=True)
            if self.journal is not None:
                self.journal.stop(flush=True)
            if self.engine is not None:
                self.engine.dispose()
        log.info("runtime stopped")

    def __enter__(self) -> "Runtime":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _tick_loop(self) -> None:
        """Alarm on/off delays and shelving expiry advance with time, not only with samples."""
        while not self._tick_stop.wait(0.25):
            try:
                self.alarms.tick()
            except Exception:
                log.exception("alarm timer tick failed")

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
        """The historian writer's stats (``state``: connected/buffering/backfilling and ``spooled``
        for a server database) plus ``journal_state`` / ``journal_spooled`` of the alarm journal."""
        stats = dict(self.writer.stats()) if self.writer is not None else {}
        if self.journal is not None:
            j = self.journal.stats()
            stats["journal_state"], stats["journal_spooled"] = j["state"], j["spooled"]
        return stats

    def line_kpis(self, line_id: str, t0: float, t1: float, progress=None):
        """KPIs of a line from the historian and the shift log (:func:`hmi.kpi.service.compute_line`).
        Blocking database work: call it from a worker thread."""
        if self.historian is None:
            raise RuntimeError("KPIs need the plant database (no historian)")
        from hmi.kpi.service import compute_line

        return compute_line(self.plant, line_id, self.historian, t0, t1, shift_log=self.shift_log,
                            coverage=self.kpi_coverage, progress=progress)

    def write(self, tag_key: str, value) -> Future:
        """Write a value to a writable tag; the future resolves after read-back."""
        return self.poller.write(tag_key, value)


#: rows (seconds at 1 Hz) of running the maintenance scorer learns as the healthy reference (default 120)
MAINT_REFERENCE_ENV = "LINESIDE_MAINT_REFERENCE_S"


def _maintenance(plant: PlantConfig, alarms, engine, access):
    """The maintenance scorer (live health, anomaly alarms ``<eq>.anomaly``) and, with a database,
    the maintenance log."""
    import os

    from hmi.maintenance.scorer import MaintenanceScorer

    try:
        fit = int(float(os.environ.get(MAINT_REFERENCE_ENV, "") or 120))
    except ValueError:
        log.warning("%s=%r ignored (a number of seconds)", MAINT_REFERENCE_ENV, os.environ.get(MAINT_REFERENCE_ENV))
        fit = 120
    scorer = MaintenanceScorer(plant, fit_samples=fit)
    scorer.attach_alarms(alarms)
    mlog = None
    if engine is not None:
        from hmi.maintenance.log import MaintenanceLog

        mlog = MaintenanceLog(engine, access)
    return scorer, mlog


def _trace(plant: PlantConfig, engine, historian):
    """With a database: the genealogy store and, when the plant has trace stations, the station
    recorder (part-done trigger + serial tags, parameter snapshots from the historian)."""
    if engine is None:
        return None, None
    from hmi.trace.genealogy import TraceStore
    from hmi.trace.recorder import StationRecorder

    store = TraceStore(engine)
    recorder = StationRecorder(plant, store, historian) if plant.trace.stations else None
    return store, recorder


#: ``thread`` or ``process``: force the historian writer kind (default: process for SQLite files)
WRITER_ENV = "LINESIDE_HISTORIAN_WRITER"


def _historian_writer(engine, db_url: str, plant: PlantConfig):
    """The historian writer: in its own process for SQLite files (its database work then never
    holds this process's GIL, which the poller needs), on a thread otherwise (in-memory SQLite
    cannot be shared with another process).  ``LINESIDE_HISTORIAN_WRITER=thread|process`` forces
    the kind where possible."""
    import os

    from hmi.store.historian import HistorianWriter

    mode = os.environ.get(WRITER_ENV, "").strip().lower()
    if mode not in ("", "thread", "process"):
        log.warning("%s=%r ignored (thread or process)", WRITER_ENV, mode)
        mode = ""
    url = engine.url
    db = url.database or ""
    shareable = not (url.get_backend_name() == "sqlite" and (db in ("", ":memory:") or "mode=memory" in db))
    if mode == "process" and not shareable:
        log.warning("%s=process ignored for an in-memory database: historian writer on a thread", WRITER_ENV)
    if shareable and (mode == "process" or (mode == "" and url.get_backend_name() == "sqlite")):
        from hmi.store.writer_process import ProcessHistorianWriter

        return ProcessHistorianWriter(db_url, plant.historian)
    return HistorianWriter(engine, plant.historian)


def default_db_url(data_dir: str | Path) -> str:
    from hmi.store.db import sqlite_url

    return sqlite_url(Path(data_dir) / "lineside.db")
