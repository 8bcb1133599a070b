"""Acquisition: one asyncio loop in one thread owns every equipment client, whatever its protocol. Qt-free.

Architecture
------------
* :class:`Poller` starts a daemon thread running a private asyncio loop.  PySide6's QtAsyncio
  cannot drive pymodbus, and neither pymodbus, asyncua nor snap7 clients are thread-safe, so every client is
  created, used and closed on that loop only; the public methods hop onto it thread-safely.
* The equipment is handed to one :class:`~hmi.equipment.driver.Driver` per protocol:
  :class:`~hmi.equipment.modbus.ModbusDriver` (Modbus TCP and RTU), :class:`~hmi.equipment.opcua.OpcUaDriver`
  and :class:`~hmi.equipment.s7.S7Driver`.  Each connects, reads (or subscribes), reconnects and writes with
  read-back for its devices; a dead device costs only its own tasks time.
* The poller keeps what is common: the sinks, the latest value of every tag, each device's
  :class:`DeviceStatus`, the write checks every protocol shares (unknown tag, not writable, not a setpoint,
  outside the write limits) and the supervisor that measures the loop's own lateness and asks each driver for
  STALE values and COMM_FAIL heartbeats.

Quality rules: :mod:`hmi.equipment.quality` (a pure step per block: GOOD with deadband and heartbeat,
BAD, COMM_FAIL, STALE after :data:`STALE_PERIODS` scan periods without a fresh good read, plus twice the
acquisition loop's own recent lateness: :data:`STALE_JITTER_K`).

Sinks get ``list[Sample]`` (one list per block read or subscription update, plus one list per quality event)
on the acquisition thread: they must not block.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from dataclasses import replace
from operator import itemgetter
from typing import Any, Callable

from hmi.config import MODBUS_PROTOCOLS, PlantConfig, TagConfig
from hmi.equipment.driver import STALE_PERIODS, BrowseItem, DeviceStatus, Driver, WriteError, WriteResult
from hmi.equipment.model import Quality, Sample, SampleSink
from hmi.equipment.modbus import EXCEPTION_TEXT, ModbusDriver

__all__ = ["Poller", "DeviceStatus", "WriteResult", "WriteError", "BrowseItem", "EXCEPTION_TEXT", "STALE_PERIODS"]

log = logging.getLogger(__name__)

#: The shortest scan period in wall time, however fast a simulated plant runs (``time_scale``).
MIN_SCAN_S = 0.02
#: a block is STALE after STALE_PERIODS scan periods plus this many times the event loop's own recent
#: lateness (the supervisor measures how late its ticks wake; the worst decays with a half-life of
#: STALE_JITTER_HALF_LIFE_S): a value held up by the station's own load is not a late value
STALE_JITTER_K = 2.0
STALE_JITTER_HALF_LIFE_S = 60.0

_key_of = itemgetter(0)


class Poller:
    """Acquires every device of ``plant`` and hands samples to subscribers.

    >>> p = Poller(plant); p.subscribe(queue_sink); p.start(); ...; p.stop()
    """

    def __init__(self, plant: PlantConfig, *, backoff_initial: float = 0.2, backoff_max: float = 1.6,
                 silent_backoff_max: float = 10.0, max_registers: int = 125, max_bits: int = 2000, max_gap: int = 8,
                 clock: Callable[[], float] = time.time, time_scale: float = 1.0):
        self.plant = plant
        #: the plant's clock: every sample is stamped with it (wall time; the simulator's time in the demo)
        self.clock = clock
        #: plant seconds per wall second: scan periods are plant time, so a simulated plant running K times
        #: faster is scanned K times more often (down to MIN_SCAN_S of wall time)
        self.time_scale = max(1e-9, float(time_scale))
        self.backoff_initial = backoff_initial
        self.backoff_max = max(backoff_max, backoff_initial)
        self.silent_backoff_max = max(silent_backoff_max, self.backoff_max)
        #: how late the acquisition loop's own ticks have been lately (s; see STALE_JITTER_K)
        self.loop_lateness_s = 0.0
        self._plan_args = dict(max_registers=max_registers, max_bits=max_bits, max_gap=max_gap)
        self._tags: dict[str, TagConfig] = {t.key: t for t in plant.tags}
        self._sinks: list[SampleSink] = []
        self.lock = threading.Lock()
        self._latest: dict[str, Sample] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop_event: asyncio.Event | None = None
        self._drivers: dict[str, Driver] = {}
        self._driver_of: dict[str, Driver] = {}  # equipment id -> its driver
        self._tasks: list[asyncio.Task] = []
        self._status: dict[str, DeviceStatus] = {e.id: DeviceStatus(e.id, protocol=e.connection.protocol)
                                                 for e in plant.equipment}
        self._startup_error: BaseException | None = None
        self._closing = False
        self._offline_quality: dict[tuple, Any] = {}

    # ------------------------------------------------------------------------------ public API
    def subscribe(self, sink: SampleSink) -> None:
        """Add a sink; called on the acquisition thread with ``list[Sample]``. Must not block."""
        with self.lock:
            self._sinks = [*self._sinks, sink]

    def unsubscribe(self, sink: SampleSink) -> None:
        with self.lock:
            self._sinks = [s for s in self._sinks if s is not sink]

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the acquisition thread; returns as soon as its loop is set up (no I/O waited for)."""
        if self._thread is not None:
            raise RuntimeError("Poller already started")
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name="lineside-acquisition", daemon=True)
        self._thread.start()
        self._ready.wait(10.0)
        if self._startup_error is not None:
            raise RuntimeError(f"poller failed to start: {self._startup_error}") from self._startup_error

    def stop(self, timeout: float = 5.0) -> None:
        """Close every client and join the thread (at most ``timeout`` seconds)."""
        thread, loop = self._thread, self._loop
        if thread is None:
            return
        if loop is not None and self._stop_event is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._stop_event.set)
            except RuntimeError:  # loop already closed
                pass
        thread.join(timeout)
        if thread.is_alive():
            log.warning("acquisition thread did not stop within %.1f s", timeout)
        self._thread = None

    def latest(self) -> dict[str, Sample]:
        """Snapshot: the newest sample (read, quality event or write) of every tag seen so far."""
        with self.lock:
            return dict(self._latest)

    def device_status(self) -> dict[str, DeviceStatus]:
        """Snapshot copies of every device's :class:`DeviceStatus`."""
        with self.lock:
            return {k: replace(v) for k, v in self._status.items()}

    def statistics(self) -> dict[str, dict[str, Any]]:
        """Per-device counters of each driver (reads, subscription updates, blocks ...)."""
        out: dict[str, dict[str, Any]] = {}
        for drv in list(self._drivers.values()):
            out.update(drv.statistics())
        return out

    def write(self, tag_key: str, value, *, station: bool = False) -> concurrent.futures.Future:
        """Write ``value`` (engineering units) to a writable tag, whatever its protocol.  ``station``: the
        station itself writes (an inspection verdict); without it a tag with ``operator_setpoint = false`` is
        refused.

        Thread-safe.  Returns a future whose result is a :class:`WriteResult` (``ok`` when the
        read-back equals what was written; communication problems give ``ok=False`` with ``error``).
        Refusals (unknown tag, not writable, read-only in its protocol, outside the tag's write limits
        or more than its largest step from the value last read, value not encodable, poller not
        running) set a :class:`WriteError` on the future.
        """
        fut: concurrent.futures.Future = concurrent.futures.Future()
        try:
            tag = self._tags.get(tag_key)
            if tag is None:
                raise WriteError(f"{tag_key}: unknown tag")
            drv = self._driver_for(tag.equipment_id)
            prepared = drv.check_write(tag, value)
            if not tag.writable:
                raise WriteError(f"{tag_key}: tag is not writable (set writable = true in the plant file)")
            if not station and not tag.operator_setpoint:
                raise WriteError(f"{tag_key}: written by the station itself, not a setpoint")
            if tag.write_limits is not None and not isinstance(value, (bool, str)):
                current = self.last_value(tag_key)
                why = tag.write_limits.check(float(value), None if current is None else float(current))
                if why is not None:
                    raise WriteError(f"{tag_key}: refused: {why}")
            loop = self._loop
            if loop is None or not self.running or loop.is_closed():
                raise WriteError(f"{tag_key}: poller is not running")
            return asyncio.run_coroutine_threadsafe(drv.write(tag, value, prepared), loop)
        except WriteError as exc:
            fut.set_exception(exc)
            return fut

    def browse(self, equipment_id: str, where: str | None = None) -> concurrent.futures.Future:
        """What a device offers below ``where`` (an OPC UA node, an S7 area, a Modbus register range such as
        ``"holding_register 0 20"``; None: the top).  Thread-safe; the future's result is a list of
        :class:`~hmi.equipment.driver.BrowseItem`, a :class:`WriteError` when it cannot be asked."""
        fut: concurrent.futures.Future = concurrent.futures.Future()
        loop = self._loop
        if equipment_id not in self._status:
            fut.set_exception(WriteError(f"{equipment_id}: unknown equipment"))
            return fut
        if loop is None or not self.running or loop.is_closed():
            fut.set_exception(WriteError(f"{equipment_id}: poller is not running"))
            return fut
        return asyncio.run_coroutine_threadsafe(self._driver_for(equipment_id).browse(equipment_id, where), loop)

    def reconfigure(self, plant: PlantConfig, timeout: float = 15.0) -> set[str]:
        """Take a new plant configuration while acquiring: only the devices whose connection, tags or scan
        periods changed (and those added or removed) are stopped and started again; every other device keeps
        being read without a break.  Returns the ids of the devices restarted, added or removed.  Thread-safe."""
        old = {e.id: e for e in self.plant.equipment}
        new = {e.id: e for e in plant.equipment}
        changed = {eid for eid in old.keys() | new.keys() if old.get(eid) != new.get(eid)}
        for eid, e in new.items():
            if any(self.plant.scan_classes.get(t.scan_class) != plant.scan_classes.get(t.scan_class) for t in e.tags):
                changed.add(eid)
        loop = self._loop
        if loop is None or not self.running or loop.is_closed():
            self._take(plant, changed)
            self._drivers, self._driver_of = {}, {}
            return changed
        asyncio.run_coroutine_threadsafe(self._reconfigure(plant, changed), loop).result(timeout)
        return changed

    def _take(self, plant: PlantConfig, changed: set[str]) -> None:
        keys = {t.key for t in plant.tags}
        with self.lock:
            self.plant = plant
            self._tags = {t.key: t for t in plant.tags}
            for e in plant.equipment:
                if e.id in changed or e.id not in self._status:
                    self._status[e.id] = DeviceStatus(e.id, protocol=e.connection.protocol)
            for eid in [k for k in self._status if k not in {e.id for e in plant.equipment}]:
                del self._status[eid]
            self._latest = {k: v for k, v in self._latest.items() if k in keys}
            self._offline_quality = {}

    async def _reconfigure(self, plant: PlantConfig, changed: set[str]) -> None:
        for eid in changed:
            drv = self._driver_of.pop(eid, None)
            if drv is not None:
                await drv.remove_device(eid)
        self._take(plant, changed)
        for drv in self._drivers.values():
            if hasattr(drv, "scan_classes"):
                drv.scan_classes = plant.scan_classes
        for e in plant.equipment:
            if e.id not in changed:
                continue
            family = "modbus" if e.connection.protocol in MODBUS_PROTOCOLS else e.connection.protocol
            drv = self._drivers.get(family)
            if drv is None:
                drv = self._new_driver(family, [])
                self._drivers[family] = drv
                drv.start()
            self._driver_of[e.id] = drv
            await drv.add_device(e)
        log.info("new configuration: %s restarted, the other devices untouched",
                 ", ".join(sorted(changed)) or "no device")

    # ------------------------------------------------------------------------------ for the drivers
    @property
    def closing(self) -> bool:
        return self._closing or (self._stop_event is not None and self._stop_event.is_set())

    def wall_period(self, plant_period: float) -> float:
        """A scan period of the plant file (plant seconds) as wall seconds (see ``time_scale``)."""
        return max(MIN_SCAN_S, plant_period / self.time_scale) if plant_period > 0 else plant_period

    def status_of(self, equipment_id: str) -> DeviceStatus:
        return self._status[equipment_id]

    def last_value(self, key: str):
        """The tag's last GOOD value, or None."""
        with self.lock:
            last = self._latest.get(key)
        return last[2] if last is not None and last[3] == Quality.GOOD else None

    def publish(self, out: list[Sample], fresh: list[Sample], status: DeviceStatus | None = None,
                ts: float = 0.0, latency: float = 0.0, keys: list[str] | None = None) -> None:
        """``out``: the samples for the sinks; ``fresh``: every tag's sample of this read for the latest-value
        table (``keys``: their tags in order, when the caller has them at hand); ``status``: the device that
        answered, with the read's time and latency (ms)."""
        with self.lock:
            self._latest.update(zip(keys if keys is not None else map(_key_of, fresh), fresh))
            if status is not None:
                status.reads_ok += 1
                status.last_ok_ts = ts
                status.last_latency_ms = latency
                status.connected = True
            sinks = self._sinks
        if out:
            for sink in sinks:
                try:
                    sink(out)
                except Exception:  # noqa: BLE001 - a broken sink must not stop acquisition
                    log.exception("sample sink %r failed", sink)

    # ------------------------------------------------------------------ acquisition driven from outside
    def offline_blocks(self):
        """Plan every Modbus device without opening a link, for acquisition driven in simulated time (see
        :mod:`hmi.sim_station` and :meth:`hmi.equipment.modbus.ModbusDriver.offline_blocks`)."""
        if self.running:
            raise RuntimeError("the poller is running: offline acquisition needs a stopped poller")
        self._make_drivers()
        return self._drivers["modbus"].offline_blocks() if "modbus" in self._drivers else []

    def offline_read(self, bs, data: list[int], ts: float) -> None:
        self._drivers["modbus"].offline_read(bs, data, ts)

    def offline_silent(self, equipment_id: str, error: str) -> None:
        self._drivers["modbus"].offline_silent(equipment_id, error)

    def offline_values(self, equipment_id: str, values: dict[str, Any], ts: float) -> None:
        """Engineering values of a machine read without a transport (the simulated plant's OPC UA machine, see
        :mod:`hmi.sim_station`): through the same quality rules (deadband, heartbeat, non-finite = BAD) and
        sinks as a read."""
        from hmi.equipment.quality import BlockQuality

        if not values:
            return
        keys = list(values)
        q = self._offline_quality.get((equipment_id, tuple(keys)))
        if q is None:
            q = BlockQuality.of_tags([self._tags[k] for k in keys])
            self._offline_quality[(equipment_id, tuple(keys))] = q
        out, fresh = q.decoded([values[k] for k in keys], ts)
        self.publish(out, fresh, self._status[equipment_id], ts, 0.0, keys)

    # ------------------------------------------------------------------------------- thread
    def _driver_for(self, equipment_id: str) -> Driver:
        drv = self._driver_of.get(equipment_id)
        if drv is None:
            if not self._drivers:
                self._make_drivers()
            drv = self._driver_of[equipment_id]
        return drv

    def _make_drivers(self) -> None:
        """One driver per protocol family present in the plant (imported only when used)."""
        groups: dict[str, list] = {}
        for eq in self.plant.equipment:
            family = "modbus" if eq.connection.protocol in MODBUS_PROTOCOLS else eq.connection.protocol
            groups.setdefault(family, []).append(eq)
        drivers: dict[str, Driver] = {family: self._new_driver(family, eqs) for family, eqs in groups.items()}
        self._drivers = drivers
        self._driver_of = {eq.id: drivers["modbus" if eq.connection.protocol in MODBUS_PROTOCOLS
                                          else eq.connection.protocol] for eq in self.plant.equipment}

    def _new_driver(self, family: str, eqs: list) -> Driver:
        if family == "modbus":
            return ModbusDriver(self, eqs, self.plant.scan_classes, **self._plan_args)
        if family == "opcua":
            from hmi.equipment.opcua import OpcUaDriver

            return OpcUaDriver(self, eqs, self.plant.scan_classes)
        from hmi.equipment.s7 import S7Driver

        return S7Driver(self, eqs, self.plant.scan_classes)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # noqa: BLE001
            self._startup_error = exc
            log.exception("acquisition loop crashed")
        finally:
            self._ready.set()
            try:
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

    async def _main(self) -> None:
        self._stop_event = asyncio.Event()
        self._closing = False
        try:
            self._make_drivers()
            for drv in self._drivers.values():
                drv.start()
        except BaseException as exc:
            self._startup_error = exc
            self._ready.set()
            raise
        periods = [self.wall_period(p) for p in self.plant.scan_classes.values() if p > 0] or [1.0]
        self._tasks = [asyncio.create_task(self._supervise(min(1.0, max(0.05, min(periods) / 2))),
                                           name="supervisor")]
        self._ready.set()
        try:
            await self._stop_event.wait()
        finally:
            self._closing = True
            for t in self._tasks:
                t.cancel()
            await asyncio.gather(*(drv.stop() for drv in self._drivers.values()), return_exceptions=True)
            with self.lock:
                for st in self._status.values():
                    st.connected = False
            await asyncio.sleep(0)  # let transports finish closing

    # ----------------------------------------------------------------------------- supervisor
    async def _supervise(self, interval: float) -> None:
        """The loop's own lateness, then each driver's STALE detection and COMM_FAIL heartbeats."""
        loop = asyncio.get_running_loop()
        decay = 0.5 ** (interval / STALE_JITTER_HALF_LIFE_S)
        expected = loop.time() + interval
        while not self._closing:
            await asyncio.sleep(interval)
            now = loop.time()
            self.loop_lateness_s = max(now - expected, self.loop_lateness_s * decay)
            expected = now + interval
            slack = STALE_JITTER_K * self.loop_lateness_s
            wall = self.clock()
            for drv in self._drivers.values():
                try:
                    drv.supervise(now, wall, slack)
                except Exception:  # noqa: BLE001 - one driver's bug must not stop the others' supervision
                    log.exception("%s supervision failed", drv.protocol)
