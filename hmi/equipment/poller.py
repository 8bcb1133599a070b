"""Modbus acquisition: one asyncio loop in one thread owns every Modbus client. Qt-free.

Architecture
------------
* :class:`Poller` starts a daemon thread running a private asyncio loop.  PySide6's QtAsyncio
  cannot drive pymodbus and pymodbus clients are not thread-safe, so every client is created,
  used and closed on that loop only; the public methods hop onto it thread-safely.
* A *link* is one pymodbus client: one per Modbus-TCP device (so a silent unit behind a gateway
  cannot stall its neighbours) and one per serial port for Modbus-RTU (the bus is shared anyway).
  The clients' own reconnection is off; each device reconnects itself with capped exponential
  backoff (``backoff_initial`` doubling to ``backoff_max``) in its own task.  A device whose socket
  connects but which does not answer (a dead controller behind a live gateway or port) backs off further,
  to ``silent_backoff_max``, and its COMM_FAIL is written on the transition and then at the heartbeat
  only: a reconnect of the socket is not an answer.
* One task per (device, scan class) reads the device's blocks (see :mod:`hmi.equipment.planner`)
  at a fixed rate: ``next = previous + period``; after an overrun the next scan starts at once and the
  phase restarts from there (missed ticks are never bunched).
* Every read has its own watchdog (``asyncio.timeout``, ``timeout_s * (retries + 1)``), so a dead
  device costs only its own tasks time.
* Blocks of numeric tags are decoded with one ``struct`` call per read (see
  :func:`hmi.equipment.codec.make_block_decoder`); a block whose tags are all GOOD, finite and without deadband is
  published without a per-tag Python loop.

Quality rules: :mod:`hmi.equipment.quality` (a pure step per block: GOOD with deadband and heartbeat,
BAD, COMM_FAIL, STALE after :data:`STALE_PERIODS` scan periods without a fresh good read, plus twice the
acquisition loop's own recent lateness: :data:`STALE_JITTER_K`).

Sinks get ``list[Sample]`` (one list per block read, plus one list per quality event) on the
acquisition thread: they must not block.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import Any, Callable

from hmi.config import BIT_TABLES, EquipmentConfig, ModbusRtu, ModbusTcp, PlantConfig, TagConfig
from hmi.equipment.codec import CodecError, encode, make_block_decoder, make_decoder
from hmi.equipment.model import Quality, Sample, SampleSink
from hmi.equipment import quality as quality_rules
from hmi.equipment.quality import BlockQuality, decode_each
from hmi.equipment.planner import Block, plan_blocks

__all__ = ["Poller", "DeviceStatus", "WriteResult", "WriteError", "EXCEPTION_TEXT"]

log = logging.getLogger(__name__)

#: The shortest scan period in wall time, however fast a simulated plant runs (``time_scale``).
MIN_SCAN_S = 0.02
#: A tag is STALE after this many scan periods without a fresh good read.
STALE_PERIODS = 3.0
#: a block is STALE after STALE_PERIODS scan periods plus this many times the event loop's own recent
#: lateness (the supervisor measures how late its ticks wake; the worst decays with a half-life of
#: STALE_JITTER_HALF_LIFE_S): a value held up by the station's own load is not a late value
STALE_JITTER_K = 2.0
STALE_JITTER_HALF_LIFE_S = 60.0

EXCEPTION_TEXT = {
    1: "illegal function",
    2: "illegal data address",
    3: "illegal data value",
    4: "server device failure",
    5: "acknowledge",
    6: "server device busy",
    7: "negative acknowledge",
    8: "memory parity error",
    10: "gateway path unavailable",
    11: "gateway target device failed to respond",
}
_GATEWAY_CODES = (10, 11)  # the gateway answered, the device did not: a communication failure

_GOOD = Quality.GOOD
_new_sample = tuple.__new__  # Sample(...) without the NamedTuple's Python-level __new__
_key_of = itemgetter(0)


class WriteError(ValueError):
    """A write refused before reaching the device (unknown / read-only tag, bad value, not running)."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """Outcome of :meth:`Poller.write`: ``ok`` when the read-back equals what was written."""

    tag: str
    requested: Any
    read_back: Any
    ok: bool
    error: str | None = None


@dataclass(slots=True)
class DeviceStatus:
    """Communication health of one device (a snapshot copy is handed out)."""

    equipment_id: str
    connected: bool = False  # the device answers (a TCP connection to a silent device is not enough)
    last_ok_ts: float | None = None
    last_error: str | None = None
    reconnects: int = 0
    reads_ok: int = 0
    reads_failed: int = 0
    last_latency_ms: float | None = None


# ------------------------------------------------------------------------------------- runtime
class _BlockState:
    """One planned block plus everything the hot path needs, precomputed: its decoders (the codec) and
    its tags' quality state (:class:`~hmi.equipment.quality.BlockQuality`)."""

    __slots__ = ("block", "device", "period", "keys", "tags", "decoders", "quality", "last_good_ts", "read",
                 "unpack")

    def __init__(self, block: Block, device: "_Device", period: float):
        self.block = block
        self.device = device
        self.period = period
        self.tags = [t for t, _ in block.tags]
        self.keys = [t.key for t in self.tags]
        self.decoders = [(make_decoder(t), off) for t, off in block.tags]
        self.quality = BlockQuality.of_tags(self.tags)
        # whole-block decoder, or None: per-tag decoders
        self.unpack = None if block.is_bits else make_block_decoder(block.tags, block.count)
        self.last_good_ts: float = 0.0  # loop time of the last good read of this block
        self.read: Callable | None = None  # bound client read method, set when the link exists


class _Link:
    """One pymodbus client (a TCP connection or a serial port) and its connection state."""

    def __init__(self, name: str, client, timeout: float, close_on_timeout: bool):
        self.name = name
        self.client = client
        self.timeout = timeout
        self.close_on_timeout = close_on_timeout
        self.devices: list[_Device] = []
        self.generation = 0  # bumped on every successful connect
        self.lock = asyncio.Lock()

    @property
    def connected(self) -> bool:
        return bool(self.client.connected)

    async def ensure(self) -> bool:
        if self.client.connected:
            return True
        async with self.lock:
            if self.client.connected:
                return True
            try:
                ok = await asyncio.wait_for(self.client.connect(), self.timeout + 0.5)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - any failure to connect is "cannot connect"
                ok = False
            if ok and self.client.connected:
                self.generation += 1
                return True
            return False

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:  # noqa: BLE001
            log.debug("closing %s failed", self.name, exc_info=True)


class _Device:
    def __init__(self, eq: EquipmentConfig, link: _Link, unit: int, timeout: float, backoff: float):
        self.eq = eq
        self.id = eq.id
        self.link = link
        self.unit = unit
        self.watchdog = timeout
        self.status = DeviceStatus(eq.id)
        self.blocks: list[_BlockState] = []
        self.scan_lists: dict[str, list[_BlockState]] = {}  # the blocks each scan task reads
        self.up = False
        self.up_event = asyncio.Event()
        self.backoff = backoff
        self.recovery: asyncio.Task | None = None
        self.down_since_emit = 0.0  # wall time COMM_FAIL was last emitted
        self.ever_connected = False
        self.answered = False  # a read was answered since the last COMM_FAIL
        self.ever_answered = False  # a read was ever answered (the first one is logged)
        self.silent = False  # the last time it went down, its connection was open but it did not answer


# -------------------------------------------------------------------------------------- poller
class Poller:
    """Polls every device of ``plant`` and hands samples to subscribers.

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
        self._lock = threading.Lock()
        self._latest: dict[str, Sample] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop_event: asyncio.Event | None = None
        self._devices: dict[str, _Device] = {}
        self._links: dict[str, _Link] = {}
        self._tasks: list[asyncio.Task] = []
        self._state_by_key: dict[str, tuple[_BlockState, int]] = {}
        self._status: dict[str, DeviceStatus] = {e.id: DeviceStatus(e.id) for e in plant.equipment}
        self._startup_error: BaseException | None = None
        self._closing = False

    # ------------------------------------------------------------------------------ public API
    def subscribe(self, sink: SampleSink) -> None:
        """Add a sink; called on the acquisition thread with ``list[Sample]``. Must not block."""
        with self._lock:
            self._sinks = [*self._sinks, sink]

    def unsubscribe(self, sink: SampleSink) -> None:
        with self._lock:
            self._sinks = [s for s in self._sinks if s is not sink]

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the acquisition thread; returns as soon as its loop is set up (no I/O waited for)."""
        if self._thread is not None:
            raise RuntimeError("Poller already started")
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name="lineside-modbus", daemon=True)
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
            log.warning("Modbus thread did not stop within %.1f s", timeout)
        self._thread = None

    def latest(self) -> dict[str, Sample]:
        """Snapshot: the newest sample (read, quality event or write) of every tag seen so far."""
        with self._lock:
            return dict(self._latest)

    def device_status(self) -> dict[str, DeviceStatus]:
        """Snapshot copies of every device's :class:`DeviceStatus`."""
        with self._lock:
            return {k: replace(v) for k, v in self._status.items()}

    def write(self, tag_key: str, value, *, station: bool = False) -> concurrent.futures.Future:
        """Write ``value`` (engineering units) to a writable coil / holding-register tag.  ``station``: the
        station itself writes (an inspection verdict); without it a tag with ``operator_setpoint = false`` is
        refused.

        Thread-safe.  Returns a future whose result is a :class:`WriteResult` (``ok`` when the
        read-back equals the written registers; communication problems give ``ok=False`` with
        ``error``).  Refusals (unknown tag, not writable, input table, outside the tag's write limits
        or more than its largest step from the value last read, value not encodable, poller not
        running) set a :class:`WriteError` on the future.
        """
        fut: concurrent.futures.Future = concurrent.futures.Future()
        try:
            tag = self._tags.get(tag_key)
            if tag is None:
                raise WriteError(f"{tag_key}: unknown tag")
            if tag.table in ("input_register", "discrete_input"):
                raise WriteError(f"{tag_key}: {tag.table.replace('_', ' ')}s are read-only in Modbus")
            if not tag.writable:
                raise WriteError(f"{tag_key}: tag is not writable (set writable = true in the plant file)")
            if not station and not tag.operator_setpoint:
                raise WriteError(f"{tag_key}: written by the station itself, not a setpoint")
            if tag.write_limits is not None and not isinstance(value, (bool, str)):
                with self._lock:
                    last = self._latest.get(tag_key)
                current = last[2] if last is not None and last[3] == Quality.GOOD else None
                why = tag.write_limits.check(float(value), None if current is None else float(current))
                if why is not None:
                    raise WriteError(f"{tag_key}: refused: {why}")
            try:
                regs = encode(tag, value)
            except CodecError as exc:
                raise WriteError(str(exc)) from None
            loop = self._loop
            if loop is None or not self.running or loop.is_closed():
                raise WriteError(f"{tag_key}: poller is not running")
            return asyncio.run_coroutine_threadsafe(self._write(tag, value, regs), loop)
        except WriteError as exc:
            fut.set_exception(exc)
            return fut

    # ------------------------------------------------------------------------------- thread
    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # noqa: BLE001
            self._startup_error = exc
            log.exception("Modbus acquisition loop crashed")
        finally:
            self._ready.set()
            try:
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

    def _make_client(self, conn):
        from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient

        if isinstance(conn, ModbusTcp):
            return AsyncModbusTcpClient(
                conn.host, port=conn.port, timeout=conn.timeout_s, retries=conn.retries,
                reconnect_delay=0, reconnect_delay_max=0, trace_connect=None,
                name=f"{conn.host}:{conn.port}",
            )
        return AsyncModbusSerialClient(
            conn.serial_port, baudrate=conn.baudrate, parity=conn.parity, stopbits=conn.stopbits,
            bytesize=conn.bytesize, timeout=conn.timeout_s, retries=conn.retries,
            reconnect_delay=0, reconnect_delay_max=0, name=conn.serial_port,
        )

    def _setup(self) -> None:
        """Create links, devices and block states (on the loop: pymodbus needs a running loop)."""
        loop = asyncio.get_running_loop()
        self._devices, self._links, self._tasks, self._state_by_key = {}, {}, [], {}
        self._closing = False
        for eq in self.plant.equipment:
            conn = eq.connection
            if isinstance(conn, ModbusRtu):
                link_key = f"rtu:{conn.serial_port}"
            else:
                link_key = f"tcp:{eq.id}"  # one connection per device: no head-of-line blocking
            link = self._links.get(link_key)
            if link is None:
                link = _Link(link_key, self._make_client(conn), conn.timeout_s,
                             close_on_timeout=isinstance(conn, ModbusTcp))
                self._attach_disconnect_hook(link, loop)
                self._links[link_key] = link
            dev = self._plan_device(eq, link)
            client = link.client
            readers = {
                "coil": client.read_coils,
                "discrete_input": client.read_discrete_inputs,
                "input_register": client.read_input_registers,
                "holding_register": client.read_holding_registers,
            }
            for bs in dev.blocks:
                bs.read = readers[bs.block.table]

    def _plan_device(self, eq: EquipmentConfig, link: "_Link") -> "_Device":
        """The device and its planned block states (codec, quality rules, scan period) on ``link``."""
        conn = eq.connection
        scan = self.plant.scan_classes
        dev = _Device(eq, link, conn.unit_id, conn.timeout_s * (conn.retries + 1), self.backoff_initial)
        dev.status = self._status[eq.id]
        link.devices.append(dev)
        self._devices[eq.id] = dev
        for block in plan_blocks(eq.tags, **self._plan_args):
            bs = _BlockState(block, dev, self._wall_period(scan.get(block.scan_class, 1.0)))
            dev.blocks.append(bs)
            dev.scan_lists.setdefault(block.scan_class, []).append(bs)
            for i, key in enumerate(bs.keys):
                self._state_by_key.setdefault(key, (bs, i))
        return dev

    # ------------------------------------------------------------------ acquisition driven from outside
    def offline_blocks(self) -> list[tuple[str, "_BlockState"]]:
        """Plan every device without opening a link, for acquisition driven in simulated time (see
        :mod:`hmi.sim_station`): ``[(equipment id, block state)]``.  The caller reads each block's registers
        (``bs.block.table``, ``.start``, ``.count``) every ``bs.period * time_scale`` plant seconds and hands
        them to :meth:`offline_read`, or reports a silent device with :meth:`offline_silent`.  The samples go
        through the same codec, quality rules and sinks as a live read."""
        if self.running:
            raise RuntimeError("the poller is running: offline acquisition needs a stopped poller")
        self._devices, self._links, self._state_by_key = {}, {}, {}
        out = []
        for eq in self.plant.equipment:
            link = _Link(f"offline:{eq.id}", None, eq.connection.timeout_s, close_on_timeout=False)
            dev = self._plan_device(eq, link)
            dev.up = dev.ever_connected = True
            out += [(eq.id, bs) for bs in dev.blocks]
        return out

    def offline_read(self, bs: "_BlockState", data: list[int], ts: float) -> None:
        """A block read that answered ``data`` at plant time ``ts`` (see :meth:`offline_blocks`)."""
        dev = bs.device
        if not dev.up:
            self._device_up(dev)
        bs.last_good_ts = ts
        self._emit_block(bs, data, ts, 0.0)

    def offline_silent(self, equipment_id: str, error: str) -> None:
        """The device did not answer (see :meth:`offline_blocks`): COMM_FAIL on the transition, then one
        heartbeat every :data:`~hmi.equipment.quality.HEARTBEAT_S` while it stays silent."""
        dev = self._devices[equipment_id]
        with self._lock:
            dev.status.reads_failed += 1
            dev.status.connected = False
            dev.status.last_error = error
        if dev.up:
            dev.up = False
            log.warning("%s: disconnected: %s", dev.id, error)
            self._emit_comm_fail(dev, error)
        elif self.clock() - dev.down_since_emit >= quality_rules.HEARTBEAT_S:
            self._emit_comm_fail(dev, error)

    def _attach_disconnect_hook(self, link: _Link, loop: asyncio.AbstractEventLoop) -> None:
        """Learn about a dropped connection at once (pymodbus calls trace_connect(False))."""
        ctx = getattr(link.client, "ctx", None)
        if ctx is None:
            return

        def trace_connect(connected: bool) -> None:
            if connected:
                return
            gen = link.generation
            # fail the request in flight instead of letting it wait for its timeout
            fut = getattr(ctx, "response_future", None)
            if fut is not None and not fut.done():
                from pymodbus.exceptions import ConnectionException

                fut.set_exception(ConnectionException("connection lost"))
                fut.exception()  # mark retrieved: nobody may be awaiting it
            loop.call_soon(self._link_lost, link, gen)

        ctx.trace_connect = trace_connect

    def _link_lost(self, link: _Link, gen: int) -> None:
        if link.generation != gen or self._stop_event is None or self._stop_event.is_set():
            return
        for dev in link.devices:
            self._device_down(dev, "connection lost", gen)

    async def _main(self) -> None:
        self._stop_event = asyncio.Event()
        try:
            self._setup()
        except BaseException as exc:
            self._startup_error = exc
            self._ready.set()
            raise
        for dev in self._devices.values():
            for sc, blocks in dev.scan_lists.items():
                self._tasks.append(asyncio.create_task(
                    self._scan(dev, self._wall_period(self.plant.scan_classes.get(sc, 1.0)), blocks),
                    name=f"scan {dev.id}/{sc}"))
            self._tasks.append(asyncio.create_task(self._first_connect(dev), name=f"connect {dev.id}"))
        periods = [self._wall_period(p) for p in self.plant.scan_classes.values() if p > 0] or [1.0]
        self._tasks.append(asyncio.create_task(self._supervise(min(1.0, max(0.05, min(periods) / 2))),
                                               name="supervisor"))
        self._ready.set()
        try:
            await self._stop_event.wait()
        finally:
            self._closing = True
            # Python 3.11's wait_for can swallow a cancellation that races with a finished read,
            # so the loops also watch _closing and we cancel until every task is gone.
            pending = {t for t in self._tasks + [d.recovery for d in self._devices.values() if d.recovery]
                       if t is not None}
            for _ in range(20):
                if not pending:
                    break
                for t in pending:
                    t.cancel()
                _done, pending = await asyncio.wait(pending, timeout=0.25)
            for link in self._links.values():
                link.close()
            with self._lock:
                for st in self._status.values():
                    st.connected = False
            await asyncio.sleep(0)  # let transports finish closing

    # ----------------------------------------------------------------------------- connection
    async def _first_connect(self, dev: _Device) -> None:
        if await dev.link.ensure():
            self._device_up(dev)
        else:
            self._device_down(dev, self._cannot_connect(dev), None)

    def _cannot_connect(self, dev: _Device) -> str:
        c = dev.eq.connection
        where = f"{c.host}:{c.port}" if isinstance(c, ModbusTcp) else c.serial_port
        return f"cannot connect to {where}"

    def _device_up(self, dev: _Device) -> None:
        dev.up = True
        dev.up_event.set()
        with self._lock:
            if dev.ever_connected:
                dev.status.reconnects += 1
            # status.connected turns True with the device's first answer, not with the socket
        if not dev.ever_connected:
            log.info("%s: connected", dev.id)
        else:
            log.debug("%s: connection open again, waiting for an answer", dev.id)
        dev.ever_connected = True

    def _device_down(self, dev: _Device, error: str, gen: int | None) -> None:
        """Mark ``dev`` unreachable; emit COMM_FAIL on the transition; start its recovery."""
        with self._lock:
            dev.status.connected = False
            dev.status.last_error = error
        if gen is not None and dev.link.close_on_timeout and gen == dev.link.generation:
            dev.link.close()  # a TCP link belongs to one device: drop it, reconnect cleanly
        if not dev.up and dev.recovery is not None and not dev.recovery.done():
            return
        dev.silent = dev.up and not dev.answered  # its socket was open, yet it did not answer
        dev.up = False
        dev.up_event.clear()
        if dev.answered or dev.down_since_emit == 0.0:  # the transition: it answered before, or never did
            log.warning("%s: disconnected: %s", dev.id, error)
            self._emit_comm_fail(dev, error)
        elif self.clock() - dev.down_since_emit >= quality_rules.HEARTBEAT_S:
            self._emit_comm_fail(dev, error)  # still silent: the heartbeat
        if not self._closing and self._stop_event is not None and not self._stop_event.is_set():
            dev.recovery = asyncio.get_running_loop().create_task(self._recover(dev), name=f"recover {dev.id}")

    async def _recover(self, dev: _Device) -> None:
        while not self._closing:
            await asyncio.sleep(dev.backoff)
            # a device that connects and then stays silent waits longer each time; one that refuses the
            # connection is cheap to try again
            cap = self.silent_backoff_max if dev.silent else self.backoff_max
            dev.backoff = min(dev.backoff * 2, cap)
            if await dev.link.ensure():
                self._device_up(dev)
                return
            with self._lock:
                dev.status.last_error = self._cannot_connect(dev)

    def _emit_comm_fail(self, dev: _Device, error: str) -> None:
        ts = self.clock()
        out: list[Sample] = []
        for bs in dev.blocks:
            out += bs.quality.comm_fail(ts, error)
        dev.down_since_emit = ts
        dev.answered = False
        self._publish(out, out)

    # ------------------------------------------------------------------------------- scanning
    def _wall_period(self, plant_period: float) -> float:
        """A scan period of the plant file (plant seconds) as wall seconds (see ``time_scale``)."""
        return max(MIN_SCAN_S, plant_period / self.time_scale) if plant_period > 0 else plant_period

    async def _scan(self, dev: _Device, period: float, blocks: list[_BlockState]) -> None:
        loop = asyncio.get_running_loop()
        next_t = loop.time()
        while not self._closing:
            if not dev.up:
                await dev.up_event.wait()
                next_t = loop.time()
            gen = dev.link.generation
            for bs in tuple(blocks):  # tuple: a block may be split while we iterate
                if not dev.up:
                    break
                await self._read_block(dev, bs, gen)
            next_t += period
            now = loop.time()
            if next_t <= now:
                # overrun (the scan took longer than its period): start the next scan at once and
                # re-phase from now; waiting for the next tick boundary would idle the link
                next_t = now
                await asyncio.sleep(0)
                continue
            await asyncio.sleep(next_t - now)

    async def _read_block(self, dev: _Device, bs: _BlockState, gen: int) -> None:
        block = bs.block
        t0 = time.perf_counter()
        try:
            async with asyncio.timeout(dev.watchdog):  # no extra task per read, unlike wait_for
                rr = await bs.read(block.start, count=block.count, device_id=dev.unit)
        except asyncio.CancelledError:
            raise
        except asyncio.TimeoutError:
            self._read_failed(dev, f"timeout: no response within {dev.watchdog:g} s", gen)
            return
        except Exception as exc:  # noqa: BLE001 - ConnectionException, ModbusIOException, OSError...
            text = str(exc) or type(exc).__name__
            if "No response received" in text:
                text = f"timeout: no response within {dev.watchdog:g} s"
            elif "Not connected" in text or "connection lost" in text:
                text = "connection lost"
            self._read_failed(dev, text, gen)
            return
        ts = self.clock()
        latency = (time.perf_counter() - t0) * 1000.0
        if rr.isError():
            code = getattr(rr, "exception_code", 0)
            text = f"exception {code}: {EXCEPTION_TEXT.get(code, 'unknown exception')}"
            if code in _GATEWAY_CODES:
                self._read_failed(dev, text, None)
                return
            if code == 2 and len(bs.keys) > 1:
                # a bridged gap or one bad tag makes the whole block illegal: read finer from now on
                for sub in self._split(dev, bs):
                    if dev.up and gen == dev.link.generation:
                        await self._read_block(dev, sub, gen)
                return
            with self._lock:
                st = dev.status
                st.reads_failed += 1
                st.last_error = text
                st.last_latency_ms = latency
                st.connected = True  # it answered
            self._answered(dev)
            self._emit_bad_block(bs, ts, text)
            return
        self._answered(dev)
        bs.last_good_ts = asyncio.get_running_loop().time()
        data = rr.bits if block.table in BIT_TABLES else rr.registers
        self._emit_block(bs, data, ts, latency)

    def _answered(self, dev: _Device) -> None:
        """A read was answered: the backoff starts small again; after a COMM_FAIL that is news."""
        dev.backoff = self.backoff_initial
        if not dev.ever_answered:
            dev.ever_answered = True
            log.info("%s: first values read", dev.id)
        if not dev.answered:
            dev.answered = True
            if dev.down_since_emit:
                log.info("%s: answering again", dev.id)

    def _split(self, dev: _Device, bs: _BlockState) -> list[_BlockState]:
        """Replace ``bs`` by smaller blocks: without bridged gaps, or else one block per tag."""
        tags = bs.tags
        blocks = plan_blocks(tags, **{**self._plan_args, "max_gap": 0, "max_bit_gap": 0})
        if len(blocks) < 2:
            blocks = [Block(t.table, t.address, max(1, t.register_count), [(t, 0)], t.equipment_id, t.scan_class)
                      for t in tags]
        subs = []
        for b in blocks:
            sub = _BlockState(b, dev, bs.period)
            sub.read = bs.read
            subs.append(sub)
            for i, key in enumerate(sub.keys):
                self._state_by_key[key] = (sub, i)
        for lst in (dev.blocks, dev.scan_lists.get(bs.block.scan_class, [])):
            if bs in lst:
                i = lst.index(bs)
                lst[i:i + 1] = subs
        log.info("%s: exception 2 for %s %d..%d: reading it as %d blocks", dev.id, bs.block.table,
                 bs.block.start, bs.block.end - 1, len(subs))
        return subs

    def _read_failed(self, dev: _Device, error: str, gen: int | None) -> None:
        with self._lock:
            dev.status.reads_failed += 1
        if gen is not None and gen != dev.link.generation:
            return  # a failure from before the last reconnect: already handled
        self._device_down(dev, error, gen)

    def _emit_block(self, bs: _BlockState, data, ts: float, latency: float) -> None:
        """Hot path: decode every tag of a block (the codec), apply the quality and deadband rules (a pure
        step, :mod:`hmi.equipment.quality`), publish."""
        values = None
        if bs.unpack is not None:
            try:
                values = bs.unpack(data)
            except Exception:  # noqa: BLE001 - short/odd data: per-tag decoders say what is wrong
                values = None
        if values is not None:
            out, fresh = bs.quality.decoded(values, ts, numbers=True)
        else:
            out, fresh = bs.quality.decoded(decode_each(bs.decoders, data), ts)
        self._publish(out, fresh, bs.device.status, ts, latency, bs.keys)

    def _emit_bad_block(self, bs: _BlockState, ts: float, error: str) -> None:
        out = bs.quality.bad(ts, error)
        if out:
            self._publish(out, out)

    def _publish(self, out: list[Sample], fresh: list[Sample], status: DeviceStatus | None = None,
                 ts: float = 0.0, latency: float = 0.0, keys: list[str] | None = None) -> None:
        """``keys``: the tags of ``fresh`` in order, when the caller has them at hand."""
        with self._lock:
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

    # ----------------------------------------------------------------------------- supervisor
    async def _supervise(self, interval: float) -> None:
        """STALE detection and COMM_FAIL heartbeats (cheap: per block, not per tag)."""
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
            for dev in self._devices.values():
                if not dev.up:
                    if dev.down_since_emit and wall - dev.down_since_emit >= quality_rules.HEARTBEAT_S:
                        self._emit_comm_fail(dev, dev.status.last_error or "not connected")
                    continue
                for bs in dev.blocks:
                    if not bs.last_good_ts or now - bs.last_good_ts <= STALE_PERIODS * bs.period + slack:
                        continue
                    out = bs.quality.stale(wall, f"no fresh value for {now - bs.last_good_ts:.1f} s")
                    if out:
                        self._publish(out, out)

    # ---------------------------------------------------------------------------------- writes
    async def _write(self, tag: TagConfig, value, regs: list[int]) -> WriteResult:
        dev = self._devices[tag.equipment_id]
        client = dev.link.client
        key = tag.key
        if not dev.up and not await dev.link.ensure():
            return WriteResult(key, value, None, False, f"{tag.equipment_id} not connected")
        try:
            if tag.table == "coil":
                rr = await asyncio.wait_for(client.write_coil(tag.address, bool(regs[0]), device_id=dev.unit),
                                            dev.watchdog)
            elif len(regs) == 1:
                rr = await asyncio.wait_for(client.write_register(tag.address, regs[0], device_id=dev.unit),
                                            dev.watchdog)
            else:
                rr = await asyncio.wait_for(client.write_registers(tag.address, regs, device_id=dev.unit),
                                            dev.watchdog)
            if rr.isError():
                code = getattr(rr, "exception_code", 0)
                return WriteResult(key, value, None, False,
                                   f"write refused: exception {code}: {EXCEPTION_TEXT.get(code, 'unknown exception')}")
            if tag.table == "coil":
                rb = await asyncio.wait_for(client.read_coils(tag.address, count=1, device_id=dev.unit), dev.watchdog)
            else:
                rb = await asyncio.wait_for(
                    client.read_holding_registers(tag.address, count=len(regs), device_id=dev.unit), dev.watchdog)
        except asyncio.CancelledError:
            raise
        except asyncio.TimeoutError:
            return WriteResult(key, value, None, False, f"timeout: no response within {dev.watchdog:g} s")
        except Exception as exc:  # noqa: BLE001
            return WriteResult(key, value, None, False, str(exc) or type(exc).__name__)
        if rb.isError():
            code = getattr(rb, "exception_code", 0)
            return WriteResult(key, value, None, False,
                               f"read-back failed: exception {code}: {EXCEPTION_TEXT.get(code, 'unknown exception')}")
        ts = self.clock()
        got = [1 if b else 0 for b in rb.bits[:1]] if tag.table == "coil" else list(rb.registers[:len(regs)])
        read_back = make_decoder(tag)(got, 0)
        if got != list(regs):
            return WriteResult(key, value, read_back, False,
                               f"read-back {read_back!r} differs from the value written {value!r}")
        state = self._state_by_key.get(key)
        if state is not None:
            bs, i = state
            sample = bs.quality.written(i, read_back, ts)
        else:
            sample = _new_sample(Sample, (key, ts, read_back, _GOOD, None))
        self._publish([sample], [sample])
        return WriteResult(key, value, read_back, True, None)
