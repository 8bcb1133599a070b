"""The composition root: builds every service of one station, wires them, starts and stops them. Qt-free.

    equipment poller (asyncio thread) ──► sample batches ──┬─► historian writer (own process for SQLite files)
                                                          ├─► alarm engine ──► alarm journal (own thread)
                                                          ├─► maintenance scorer, trace recorder
                                                          └─► every other subscriber (UI bridge, ...)

``lineside run``, ``lineside demo``, the GUI, the benches and the tests all get their services from here and
nowhere else: a :class:`Runtime` is built by its constructor (plant services) plus :meth:`Runtime.add_demo`
(the simulated X-ray station, part marks and demo accounts).  Every service is a typed attribute, ``None``
where the station has none (no database: no historian, users or records).  Consumers take what they
declare through :func:`hmi.services.connect` (see :mod:`hmi.services`).

The GUI only ever calls the non-blocking methods; historian queries are made from worker threads.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hmi.config import PlantConfig
from hmi.equipment.model import Sample, SampleSink
from hmi.services import StationUser
from hmi.workers import settle_collector

if TYPE_CHECKING:
    from hmi.alarms.engine import AlarmEngine
    from hmi.alarms.journal import AlarmJournal
    from hmi.equipment.poller import Poller
    from hmi.inspection.line import LineInspection
    from hmi.inspection.station import XrayStation
    from hmi.kpi.service import KpiService
    from hmi.kpi.shiftlog import ShiftLog
    from hmi.maintenance.log import MaintenanceLog
    from hmi.maintenance.scorer import MaintenanceScorer
    from hmi.security.access import Access
    from hmi.security.audit import AuditTrail
    from hmi.security.users import UserStore
    from hmi.store.historian import Historian
    from hmi.inspection.records import InspectionStore
    from hmi.trace.genealogy import TraceStore
    from hmi.trace.recorder import StationRecorder
    from vision.registry import ModelRegistry

log = logging.getLogger(__name__)

#: compiled modules the background services import on their first use.  Loading one (``dlopen`` and its
#: init) holds the interpreter lock for tens to hundreds of milliseconds; on a service thread that is an
#: event-loop stall of a window that is already up, so :meth:`Runtime.start` loads them first, on the
#: caller's thread (bench/gui_latency.py's ``late_log`` shows the difference).
PRELOAD_MODULES = ("cv2", "zxingcpp")


def preload_modules(names=PRELOAD_MODULES) -> dict[str, float]:
    """Import ``names`` now; returns the seconds each took (a missing one is skipped: its service says so)."""
    import importlib

    took = {}
    for name in names:
        t = time.perf_counter()
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - optional extras
            log.debug("preload of %s skipped: %s", name, exc)
            continue
        took[name] = round(time.perf_counter() - t, 3)
    return took


class Runtime:
    """The running plant services of one station.

    ``plant``      the configuration in force.
    ``db_url``     SQLAlchemy URL of the plant database (``None``: no historian, live data only).
    ``data_dir``   folder of X-ray images, mark images and models (default: beside a SQLite database file,
                   else the user data folder).
    ``clock``      the plant's clock (default: wall time).  The demo passes its simulator's
                   :meth:`~hmi.equipment.simulator.LineSimulator.plant_clock`: samples, alarm delays, KPIs and
                   maintenance horizons are then all in the simulated plant's time, whatever ``--speed``.
    ``time_scale`` plant seconds per wall second (the demo's ``--speed``; 1 for real equipment): shown to
                   the user, never used to correct a figure.
    """

    plant: PlantConfig
    db_url: str | None
    data_dir: Path
    poller: "Poller"
    alarms: "AlarmEngine"
    engine: Any  # sqlalchemy Engine | None
    writer: Any  # HistorianWriter | ProcessHistorianWriter | None
    historian: "Historian | None"
    journal: "AlarmJournal | None"
    users: "UserStore | None"
    audit: "AuditTrail | None"
    access: "Access | None"
    maintenance: "MaintenanceScorer"
    maintenance_log: "MaintenanceLog | None"
    shift_log: "ShiftLog | None"
    kpi_coverage: Any  # f(line_id, t0, t1) -> fraction | None, or None: "not configured"
    kpis: "KpiService | None"
    trace: "TraceStore | None"
    trace_recorder: "StationRecorder | None"
    inspections: "InspectionStore | None"
    model_registry: "ModelRegistry"
    station_user: StationUser
    xray_station: "XrayStation | None"
    line_inspections: "dict[str, LineInspection]"
    clock: Any  # () -> float, the plant's time
    time_scale: float

    def __init__(self, plant: PlantConfig, db_url: str | None = None, *, data_dir: str | Path | None = None,
                 clock=time.time, time_scale: float = 1.0, confirm_retention: bool = False):
        from hmi.alarms.engine import AlarmEngine
        from hmi.equipment.poller import Poller

        self.plant = plant
        self.db_url = db_url
        self.clock = clock
        self.time_scale = float(time_scale)
        self.poller = Poller(plant, clock=clock, time_scale=time_scale)
        self.engine = self.writer = self.historian = self.journal = None
        self.users = self.audit = self.access = None
        self.shift_log = self.kpi_coverage = self.inspections = self.xray_station = None
        self.alarms = AlarmEngine(plant, clock=clock)
        self.station_user = StationUser()
        self._tick_stop = threading.Event()
        self._acq_lock = threading.Lock()  # polling starts (on a thread) and stops one after the other
        self._tick_thread: threading.Thread | None = None
        self._sinks: list[SampleSink] = []
        self._extras: list[tuple[str, Any, Any]] = []  # (name, start(), stop()) of add_service
        self._running_extras: list[tuple[str, Any]] = []
        self._lock = threading.Lock()
        self._started = False
        self.started_at: float | None = None
        if db_url:
            from hmi.alarms.journal import AlarmJournal
            from hmi.kpi.shiftlog import ShiftLog
            from hmi.security.access import Access
            from hmi.security.audit import AuditTrail
            from hmi.security.users import UserStore
            from hmi.store.db import open_database
            from hmi.store.historian import Historian
            from hmi.inspection.records import InspectionStore

            from hmi.store.rollup import guard_retention

            self.engine = open_database(db_url)
            try:  # a shorter retention deletes history at the first retention pass: only when confirmed
                retention_changes = guard_retention(self.engine, plant.historian, time.time(),
                                                    confirmed=confirm_retention)
            except Exception:
                self.engine.dispose()
                raise
            self.writer = _historian_writer(self.engine, db_url, plant)
            self.historian = Historian(self.engine)
            self.journal = AlarmJournal(self.engine)
            sec = plant.security
            self.users = UserStore(self.engine, min_password_len=sec.min_password_len, min_pin_len=sec.min_pin_len)
            self.audit = AuditTrail(self.engine)
            self._key_audit(db_url)
            for ch in retention_changes:
                self.audit.append(None, "config.change", f"historian.retention.{ch['tier']}", before=ch["before_days"],
                                  after=ch["after_days"], detail={"rows_to_delete": ch["rows"],
                                                                  "confirmed": bool(ch["rows"])})
            from hmi.security.throttle import ACCOUNT, LoginThrottle

            account = dataclasses.replace(ACCOUNT, lock_after=sec.lockout_after, lock_s=60.0 * sec.lockout_minutes)
            self.access = Access(self.users, self.audit, throttle=LoginThrottle(account=account))
            self.shift_log = ShiftLog(self.engine, self.access)
            self.inspections = InspectionStore(self.engine)
            self.poller.subscribe(self.writer.sink)
            self.alarms.subscribe(self.journal.record)
        self.data_dir = Path(data_dir) if data_dir is not None else _data_dir_of(self.engine)
        from vision.registry import ModelRegistry

        self.model_registry = ModelRegistry(self.data_dir / "models")
        self.poller.subscribe(self.alarms.process)
        self.poller.subscribe(self._fan_out)
        self.maintenance, self.maintenance_log = _maintenance(plant, self.alarms, self.engine, self.access, clock,
                                                              time_scale)
        self.subscribe(self.maintenance)
        self.line_inspections = {}
        for cfg in plant.inspection:
            self.add_service(f"inspection {cfg.id}", lambda c=cfg: self._start_line_inspection(c),
                             lambda h: h.close())
        self.trace, self.trace_recorder = _trace(plant, self.engine, self.historian, self.station_user)
        if self.trace_recorder is not None:
            self.poller.subscribe(self.trace_recorder.sink)
            from hmi.trace.coverage import coverage_provider

            self.kpi_coverage = coverage_provider(self.engine, plant)
        #: the plant file's text and where Save writes it (:meth:`set_plant_source`; None: no file known)
        self.plant_text: str | None = None
        self.plant_file: Path | None = None
        self.plant_file_exists = False
        self.plant_versions = self.selfchecks = None
        if self.engine is not None:
            from hmi.plantfile.selfcheck import SelfChecks
            from hmi.plantfile.versions import PlantVersions

            self.plant_versions = PlantVersions(self.engine, clock=time.time)
            self.selfchecks = SelfChecks(self.engine, clock=time.time)
        self.kpis = None
        if self.historian is not None:
            from hmi.kpi.service import KpiService

            self.kpis = KpiService(plant, self.historian, shift_log=self.shift_log, coverage=self.kpi_coverage,
                                   clock=clock)

    # ------------------------------------------------------------------ optional services
    def _key_audit(self, db_url: str) -> None:
        """Chain the audit trail with this station's key (:func:`key_audit_trail`); without a usable key file
        the trail stays plain SHA-256, and says so."""
        try:
            key_audit_trail(self.audit, db_url)
        except (OSError, ValueError) as exc:
            log.error("audit trail not keyed (%s): edits by someone with database access cannot be told apart "
                      "from re-hashed entries", exc)

    def add_service(self, name: str, start, stop=None) -> None:
        """A service started after the plant services (the database exists then) and stopped before
        them: ``start() -> handle or None``; ``stop(handle)`` (default: ``handle.stop()``).  A service
        that fails to start is logged and left out; the plant runs on."""
        self._extras.append((name, start, stop))
        if self._started:
            self._start_extra(name, start, stop)

    def _start_line_inspection(self, cfg):
        """One ``[[inspection]]`` station of the plant file: watched folder -> AI verdict -> PLC tags, inspections
        recorded for review (:class:`hmi.inspection.line.LineInspection`); the model runs in the station's child
        process."""
        from hmi.inspection.line import LineInspection
        from hmi.inspection.station import XrayStation

        if self.inspections is None:
            log.warning("inspection station %s not started: the runtime has no database", cfg.id)
            return None
        here = lambda p: p if p is None or Path(p).is_absolute() else str(self.data_dir / p)  # noqa: E731
        cfg = dataclasses.replace(cfg, folder=here(cfg.folder), archive=here(cfg.archive), model=here(cfg.model))
        station = XrayStation(self.inspections, Path(cfg.archive), station=cfg.id, registry=self.model_registry,
                              model_path=cfg.model, clock=self.clock, isolate=True).start()
        line = LineInspection(cfg, station, write=lambda k, v: self.write(k, v, station=True), latest=self.latest,
                              alarms=self.alarms, plc_ready=lambda: self.poller.running,
                              clock=self.clock).start()
        self.line_inspections[cfg.id] = line
        sink = line.on_samples
        self.subscribe(sink)
        log.info("inspection station %s watches %s (serial from %s, verdict to %s)", cfg.id, cfg.folder, cfg.serial,
                 cfg.verdict_tag or "no PLC tag")
        return _LineHandle(line, station, lambda: self.unsubscribe(sink))

    def add_demo(self, simulator, *, seed_users: bool = True, station_kwargs: dict | None = None) -> "Runtime":
        """The demo's services: one account per role (:data:`DEMO_USERS`) on a fresh database, the
        simulated X-ray machine (synthetic radiographs of ``simulator``'s cast parts; with an ``[[inspection]]``
        station in the plant file they are written into its watched folder and inspected there, as on a real
        line, else inspected by the demo station itself, for the Inspection page) and the DataMatrix mark image of every recorded part (``<data dir>/marks``)."""
        if seed_users:
            seed_demo_users(self)

        def xray_station():
            from hmi.inspection.station import start_demo_station

            if self.inspections is None:
                log.warning("x-ray station not started: the runtime has no database")
                return None
            kw = {"clock": self.clock, **(station_kwargs or {})}
            line = next(iter(self.plant.inspection), None)
            if line is not None and "drop_folder" not in kw:  # the simulated X-ray machine feeds the line's station
                folder = Path(line.folder)
                kw["drop_folder"] = folder if folder.is_absolute() else self.data_dir / folder
                kw.setdefault("station", f"{line.id}-machine")  # its process: lineside-vision-xray1-machine
            self.xray_station = start_demo_station(self.inspections, self.model_registry, simulator,
                                                   self.data_dir, **kw)
            return self.xray_station

        def part_marks():
            from hmi.trace.demo import start_demo_marks

            return start_demo_marks(self.trace_recorder, self.data_dir)

        self.add_service("x-ray station", xray_station)
        self.add_service("part marks", part_marks)
        return self

    def _start_extra(self, name: str, start, stop) -> None:
        try:
            handle = start()
        except Exception as exc:  # an optional service must not stop the plant
            log.warning("service %s not started: %s", name, exc)
            return
        if handle is not None:
            self._running_extras.append((name, (lambda h=handle: stop(h)) if stop else handle.stop))

    # ------------------------------------------------------------------ lifecycle
    def start(self, *, acquisition: bool = True) -> "Runtime":
        """Start every service.  ``acquisition=False``: not the poller and the alarm timers; whoever drives the
        plant in simulated time feeds them (:class:`hmi.sim_station.SimulatedStation`)."""
        if self._started:
            return self
        took = preload_modules()
        log.debug("modules loaded before the services start: %s", took)
        settle_collector()
        if self.writer is not None:
            self.writer.start()
        if self.journal is not None:
            self.journal.start()
        self.maintenance.start()
        if self.trace_recorder is not None:
            self.trace_recorder.start()
        # started before polling starts: the thread that starts polling once the writer is ready checks it (with a
        # writer that is ready already, that thread ran before this flag was set and never started polling)
        self._started = True
        self.started_at = time.time()
        if acquisition:
            self._start_polling()
            self._tick_stop.clear()
            self._tick_thread = threading.Thread(target=self._tick_loop, name="alarm-timers", daemon=True)
            self._tick_thread.start()
        for name, start, stop in self._extras:
            self._start_extra(name, start, stop)
        from hmi.store.redact import redact_url

        log.info("runtime started: %d devices, %d tags, db=%s", len(self.plant.equipment),
                 len(self.plant.tags), redact_url(self.db_url))
        return self

    def _start_polling(self) -> None:
        """Poll once the historian writer can store: a writer in its own process takes 0.4-5 s to start, and
        samples read before would wait in this process's memory, lost if the station died then.  Waits on a
        thread (the window is not held up), at most :data:`WRITER_READY_WAIT_S`; then polls anyway."""
        ready = getattr(self.writer, "wait_ready", None)
        if ready is None:
            self.poller.start()
            log.info("polling started")
            return

        def start_when_ready() -> None:
            t = time.monotonic()
            if not ready(WRITER_READY_WAIT_S):
                log.warning("historian writer not ready after %.0f s: polling starts anyway (samples wait in "
                            "memory until it is)", WRITER_READY_WAIT_S)
            with self._acq_lock:
                if self._started:
                    self.poller.start()
                    log.info("polling started %.2f s after the writer", time.monotonic() - t)

        threading.Thread(target=start_when_ready, name="acquisition-start", daemon=True).start()

    def stop(self) -> None:
        if not self._started:
            return
        with self._acq_lock:
            self._started = False
        while self._running_extras:
            name, stop = self._running_extras.pop()
            try:
                stop()
            except Exception:
                log.exception("service %s did not stop cleanly", name)
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
    @property
    def live(self) -> "Runtime":
        """The acquisition side (:class:`hmi.services.LiveData`): this runtime's sample, status and write methods."""
        return self

    def apply_plant(self, plant: PlantConfig, *, user=None, source: str = "") -> "AppliedPlant":
        """Take a changed plant configuration while the station runs.

        Acquisition and the historian take it at once: only the devices whose connection, tags or scan periods
        changed (and those added or removed) are stopped and started again, every other device is read on
        without a gap (:meth:`hmi.equipment.poller.Poller.reconfigure`), and the historian stores new tags as
        their first values come.  What the running services built from the old file at start (alarms,
        maintenance models, KPIs, traceability, inspection stations, the screens' tiles and lists) is listed in
        ``needs_restart``: those take the change at the next start of the station.  With a user database the
        change needs the ``devices.configure`` permission (engineer and up) and is audited (``config.change``)
        with its difference, field by field."""
        from hmi.plantfile.diff import diff_plants

        changes = diff_plants(self.poller.plant, plant)  # from what runs now, not from the file at start
        if self.access is not None:
            self.access.check(user, "devices.configure", source or "plant file")
            shown = [str(c) for c in changes]
            self.audit.append(user, "config.change", source or "plant file",
                              detail={"changes": shown[:200], "more": max(0, len(shown) - 200)})
        restarted = self.poller.reconfigure(plant)
        needs = []
        if set(self.plant.alarms) != set(plant.alarms) or \
                {e.id: e.comm_alarm for e in self.plant.equipment} != {e.id: e.comm_alarm for e in plant.equipment}:
            needs.append("alarms")
        from hmi.maintenance.scorer import sensor_tags

        def watched(p):
            return {t.key for e in p.equipment for t in sensor_tags(p, e.id)}

        if watched(self.plant) != watched(plant):
            needs.append("maintenance")
        for section in ("trace", "inspection", "security", "historian", "translations"):
            if getattr(self.plant, section) != getattr(plant, section):
                needs.append(section)
        if [ln.kpi for ln in self.plant.lines] != [ln.kpi for ln in plant.lines]:
            needs.append("kpi")
        if [t.key for t in self.plant.tags] != [t.key for t in plant.tags]:
            needs.append("screens")
        log.info("plant configuration applied (%d changes): acquisition restarted for %s; at the next start: %s",
                 len(changes), ", ".join(sorted(restarted)) or "no device", ", ".join(needs) or "nothing")
        return AppliedPlant(frozenset(restarted), tuple(needs), tuple(str(c) for c in changes))

    def set_plant_source(self, text: str, file: str | Path, *, exists: bool = True) -> None:
        """The plant file this station runs (``text``, loading to :attr:`plant`) and where the Devices page saves
        it (``file``; ``exists`` False: not written yet, as for the demo, whose plant lives in the package)."""
        self.plant_text, self.plant_file, self.plant_file_exists = text, Path(file), bool(exists)

    def save_plant(self, text: str, *, user=None, path: str | Path | None = None) -> "SavedPlant":
        """Save a plant file edited at the station and run it: the ``devices.configure`` permission (engineer
        and up) is checked, the text must load, it replaces the file atomically (the old one kept as a dated
        ``.bak``), the version is kept in the plant database, the save is audited with its changes, and
        acquisition takes it at once (:meth:`apply_plant`).  Blocking (disk, database, device restarts): call it
        from a worker."""
        from hmi.config import parse_config
        from hmi.plantfile.diff import diff_plants
        from hmi.plantfile.edit import save_atomically

        target = Path(path) if path is not None else self.plant_file
        if target is None:
            raise ValueError("no plant file to save to: give the path")
        if self.access is not None:
            self.access.check(user, "devices.configure", str(target))
        plant = parse_config(text, target)
        before = self.plant_text
        changes = [str(c) for c in diff_plants(parse_config(before, target) if before else self.poller.plant, plant)]
        backup = save_atomically(target, text)
        who = getattr(user, "name", user)
        version = self.plant_versions.record(text, str(target), user=who, changes=changes) \
            if self.plant_versions is not None else None
        if self.audit is not None:
            self.audit.append(user, "plant.save", str(target), after=version.id if version else None,
                              detail={"changes": changes[:200], "more": max(0, len(changes) - 200),
                                      "backup": str(backup) if backup else None})
        self.set_plant_source(text, target, exists=True)
        applied = self.apply_plant(plant, user=user, source=str(target))
        return SavedPlant(target, backup, version.id if version else None, applied)

    @property
    def plant_setup(self) -> "Runtime":
        """The plant file as the Devices page edits it (:class:`hmi.services.PlantSetup`): this runtime."""
        return self

    @property
    def self_check(self) -> "Runtime":
        """The smart-factory self-check (:class:`hmi.services.SelfCheckSource`): this runtime."""
        return self

    def running_plant(self) -> PlantConfig:
        """The plant configuration acquisition runs now (the file at start, or what was applied since)."""
        return self.poller.plant

    def self_check_evidence(self):
        """What this station shows of the plant's smart-factory level (:func:`hmi.plantfile.selfcheck.gather_evidence`;
        reads the plant database: call it from a worker)."""
        from hmi.plantfile.selfcheck import gather_evidence

        snapshot = self.maintenance.snapshot() if self.maintenance is not None else {}
        stations = len(self.plant.inspection) + (1 if self.xray_station is not None else 0)
        return gather_evidence(self.poller.plant, self.device_status(), self.engine, snapshot, stations)

    def rate_plant(self, levels: dict[str, int], *, user=None, evidence: dict | None = None, note: str = ""):
        """Record the plant's smart-factory self-check (:mod:`hmi.plantfile.selfcheck`): the ``selfcheck.rate``
        permission (engineer and up), then the rating with its date and evidence, audited.  Blocking (database):
        call it from a worker."""
        if self.selfchecks is None:
            raise ValueError("self-checks are kept in the plant database: this station has none")
        if self.access is not None:
            self.access.check(user, "selfcheck.rate", "smart-factory level")
        rating = self.selfchecks.record(levels, user=getattr(user, "name", user), evidence=evidence, note=note)
        if self.audit is not None:
            self.audit.append(user, "selfcheck.rate", "smart-factory level", after=dict(levels),
                              detail={"id": rating.id, "note": note})
        return rating

    def browse(self, equipment_id: str, where: str | None = None) -> Future:
        """What a running device offers below ``where`` (:meth:`hmi.equipment.poller.Poller.browse`)."""
        return self.poller.browse(equipment_id, where)

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

    def write(self, tag_key: str, value, *, station: bool = False) -> Future:
        """Write a value to a writable tag; the future resolves after read-back.  ``station``: written by the
        station itself (an inspection verdict: tags with ``operator_setpoint = false``)."""
        return self.poller.write(tag_key, value, station=station)


class _LineHandle:
    def __init__(self, line, station, unsubscribe):
        self.line, self.station, self.unsubscribe = line, station, unsubscribe

    def close(self) -> None:
        self.unsubscribe()
        self.line.stop()
        self.station.stop()


#: seconds of running the maintenance scorer learns as the healthy reference (default: per machine, at least
#: 10 minutes and 3 of its planned cycles; see hmi.maintenance.scorer.reference_seconds)
MAINT_REFERENCE_ENV = "LINESIDE_MAINT_REFERENCE_S"


#: the scorer re-fits every limit's trend at most this often in wall seconds: every ETA_EVERY_S plant seconds
#: at normal speed, every 150 plant seconds at x600 (4 times a second, not 120: at x600 the re-fits took 70 % of
#: a core and starved the screen)
ETA_WALL_EVERY_S = 0.25


@dataclasses.dataclass(frozen=True)
class SavedPlant:
    """What :meth:`Runtime.save_plant` did: the file ``path`` written, the ``backup`` of the file before (None:
    there was none), the plant database's ``version`` id and what applying it did (``applied``)."""

    path: Path
    backup: Path | None
    version: int | None
    applied: "AppliedPlant"


@dataclasses.dataclass(frozen=True)
class AppliedPlant:
    """What :meth:`Runtime.apply_plant` did: ``restarted`` devices (added, removed or changed; every other
    device was read on without a gap), ``needs_restart`` (what takes the change only at the next start:
    alarms, maintenance, kpi, trace, inspection, security, historian, translations, screens) and the
    ``changes`` themselves."""

    restarted: frozenset[str]
    needs_restart: tuple[str, ...]
    changes: tuple[str, ...]


def _maintenance(plant: PlantConfig, alarms, engine, access, clock, time_scale: float = 1.0):
    """The maintenance scorer (live health, anomaly alarms ``<eq>.anomaly``) and, with a database,
    the maintenance log.  ``time_scale``: plant seconds per wall second (the simulated demo)."""
    from hmi.maintenance.scorer import ETA_EVERY_S, MaintenanceScorer

    fit = None
    try:
        raw = os.environ.get(MAINT_REFERENCE_ENV, "")
        fit = int(float(raw)) if raw else None
    except ValueError:
        log.warning("%s=%r ignored (a number of seconds)", MAINT_REFERENCE_ENV, os.environ.get(MAINT_REFERENCE_ENV))
    scorer = MaintenanceScorer(plant, clock, fit_samples=fit,
                               eta_every_s=max(ETA_EVERY_S, ETA_WALL_EVERY_S * float(time_scale or 1.0)))
    scorer.attach_alarms(alarms)
    mlog = None
    if engine is not None:
        from hmi.maintenance.log import MaintenanceLog

        mlog = MaintenanceLog(engine, access)
    return scorer, mlog


def _trace(plant: PlantConfig, engine, historian, station_user: StationUser):
    """With a database: the genealogy store and, when the plant has trace stations, the station
    recorder (part-done trigger + serial tags, parameter snapshots from the historian)."""
    if engine is None:
        return None, None
    from hmi.trace.genealogy import TraceStore
    from hmi.trace.recorder import StationRecorder

    store = TraceStore(engine)
    recorder = (StationRecorder(plant, store, historian, operator=station_user.name)
                if plant.trace.stations else None)
    return store, recorder


#: ``thread`` or ``process``: force the historian writer kind (default: process for SQLite files)
WRITER_ENV = "LINESIDE_HISTORIAN_WRITER"
#: the longest polling waits for the historian writer to be able to store (see Runtime._start_polling)
WRITER_READY_WAIT_S = 10.0


def _historian_writer(engine, db_url: str, plant: PlantConfig):
    """The historian writer: in its own process for SQLite files (its database work then never
    holds this process's GIL, which the poller needs), on a thread otherwise (in-memory SQLite
    cannot be shared with another process).  ``LINESIDE_HISTORIAN_WRITER=thread|process`` forces
    the kind where possible."""
    from hmi.store.historian_writer import HistorianWriter

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


def key_audit_trail(audit, db_url: str):
    """Chain ``audit`` (:class:`~hmi.security.audit.AuditTrail` of the database ``db_url``) with this station's
    key and anchor its head outside the database (:func:`station_audit_files`); returns it.  Raises OSError
    or ValueError when the key file cannot be read or made."""
    from hmi.security.audit import load_or_create_key

    key_file, anchor = station_audit_files(db_url)
    return audit.use_key(load_or_create_key(key_file), anchor)


def station_audit_files(db_url: str) -> tuple[Path, Path]:
    """(station key file, anchor file) of the audit trail in the database ``db_url``."""
    from hmi.paths import audit_anchor_file, audit_key_file
    from hmi.store.redact import redact_url

    return audit_key_file(), audit_anchor_file(redact_url(db_url))


def _data_dir_of(engine) -> Path:
    """The folder of a SQLite database file (images and models live beside it); else the user data folder."""
    if engine is not None and engine.url.get_backend_name() == "sqlite":
        db = engine.url.database or ""
        if db and db != ":memory:" and "mode=memory" not in db:
            return Path(db).resolve().parent
    from hmi.paths import data_dir

    return data_dir()


#: Accounts a fresh demo database gets, one per role, so every screen can be tried at once.
#: (name, role, password, PIN). Never used outside `lineside demo`.
DEMO_USERS = (
    ("admin", "admin", "demo-admin", None),
    ("lee", "engineer", "demo-engineer", "4826"),
    ("park", "inspector", "demo-inspector", "3917"),
    ("choi", "maintenance", "demo-maint", "9753"),
    ("kim", "operator", "demo-operator", "4711"),
)


def seed_demo_users(runtime: Runtime) -> None:
    """:data:`DEMO_USERS` on a database that has no administrator yet (else nothing)."""
    if runtime.users is None or runtime.access is None or not runtime.users.first_start_needed():
        return
    admin = runtime.access.create_first_admin(DEMO_USERS[0][0], DEMO_USERS[0][2])
    for name, role, password, pin in DEMO_USERS[1:]:
        runtime.access.create_user(admin, name, role, password, pin)
    log.info("demo accounts: %s", ", ".join(f"{n} ({r}) password {p}" + (f" PIN {pin}" if pin else "")
                                            for n, r, p, pin in DEMO_USERS))
