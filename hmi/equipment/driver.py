"""The driver interface: what every protocol (Modbus, OPC UA, Siemens S7) does for acquisition. Qt-free.

The :class:`~hmi.equipment.poller.Poller` owns one asyncio loop in one thread, the sinks, the latest-value
table, the devices' :class:`DeviceStatus` and the STALE supervisor's clock.  It hands each protocol's
equipment to one :class:`Driver`, which runs entirely on that loop:

* ``start()``          create the connect / scan / subscription tasks (called on the loop);
* ``stop()``           cancel them and close every connection;
* ``supervise(...)``   called a few times a second: STALE detection for what is polled, COMM_FAIL heartbeats;
* ``check_write(tag, value)`` refuse, before anything is sent, what the protocol cannot write;
* ``write(tag, value)`` write and read back (:class:`WriteResult`);
* ``browse(equipment_id, where)`` what the device offers (:class:`BrowseItem`);
* ``statistics()``     per-device counters beyond :class:`DeviceStatus` (reads, subscription updates, ...).

Values leave a driver only through ``host.publish(out, fresh, ...)``; qualities follow
:mod:`hmi.equipment.quality` whatever the protocol.  Tags, scan classes, alarms, the historian and every page
stay protocol-agnostic.

:class:`SessionDriver` is the shared base of the drivers with one connection (session) per device (OPC UA,
S7): one supervisor task per device connects with capped exponential backoff, serves the device until a
failure, marks every value COMM_FAIL and connects again (0.2 s doubling to :data:`RECONNECT_MAX_S`).
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol, Sequence

from hmi.config import EquipmentConfig, TagConfig
from hmi.equipment import quality as quality_rules
from hmi.equipment.model import Sample
from hmi.equipment.quality import BlockQuality

__all__ = ["BrowseItem", "DeviceStatus", "Driver", "DriverHost", "SessionDriver", "TagGroup", "WriteError",
           "WriteResult", "next_tick", "until_first_failure", "values_equal"]

log = logging.getLogger(__name__)

#: A polled value is STALE after this many scan periods without a fresh good read (plus the loop's own lateness:
#: see :data:`hmi.equipment.poller.STALE_JITTER_K`).
STALE_PERIODS = 3.0


class WriteError(ValueError):
    """A write refused before reaching the device (unknown / read-only tag, bad value, not running)."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """Outcome of a write: ``ok`` when the read-back equals what was written."""

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
    #: values received through subscriptions (OPC UA data changes), counted apart from reads
    updates: int = 0
    protocol: str = ""


@dataclass(frozen=True, slots=True)
class BrowseItem:
    """One thing a device offers.  ``address`` is what a tag's ``node`` / ``address`` takes in the plant file;
    ``has_children``: browse it further; ``type``: the Lineside type its value reads as ("" for a folder)."""

    address: str
    name: str
    kind: str  # "object", "variable", "method", "register", "area"
    type: str = ""
    value: Any = None
    writable: bool = False
    has_children: bool = False
    description: str = ""


class DriverHost(Protocol):
    """What a driver may use of the poller (see :class:`~hmi.equipment.poller.Poller`)."""

    clock: Callable[[], float]
    lock: Any  # a threading.Lock: held while a DeviceStatus or the latest values change
    time_scale: float
    backoff_initial: float
    backoff_max: float
    silent_backoff_max: float

    def wall_period(self, plant_period: float) -> float: ...
    def publish(self, out: list[Sample], fresh: list[Sample], status: DeviceStatus | None = None,
                ts: float = 0.0, latency: float = 0.0, keys: list[str] | None = None) -> None: ...
    def status_of(self, equipment_id: str) -> DeviceStatus: ...
    def last_value(self, key: str) -> Any: ...
    @property
    def closing(self) -> bool: ...


class Driver:
    """One protocol's acquisition for its equipment (see the module text).  Subclasses set ``protocol``."""

    protocol = ""

    def __init__(self, host: DriverHost, equipment: Sequence[EquipmentConfig]):
        self.host = host
        self.equipment = list(equipment)

    def start(self) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        raise NotImplementedError

    def supervise(self, now: float, wall: float, slack: float) -> None:
        """``now``: loop time; ``wall``: the plant clock; ``slack``: extra seconds before STALE (the loop's
        own lateness)."""

    def check_write(self, tag: TagConfig, value) -> Any:
        """Refuse (:class:`WriteError`) what cannot be written; return what :meth:`write` needs (encoded)."""
        return value

    async def write(self, tag: TagConfig, value, prepared: Any) -> WriteResult:
        raise NotImplementedError

    async def browse(self, equipment_id: str, where: str | None = None) -> list[BrowseItem]:
        raise WriteError(f"{equipment_id}: browsing is not offered for {self.protocol}")

    def statistics(self) -> dict[str, dict[str, Any]]:
        return {}

    async def add_device(self, eq: EquipmentConfig) -> None:
        """Start acquiring one more device (a new configuration), the others untouched."""
        raise NotImplementedError

    async def remove_device(self, equipment_id: str) -> None:
        """Stop acquiring one device and close its connection, the others untouched."""
        raise NotImplementedError


async def next_tick(next_t: float, period: float) -> float:
    """Sleep until the next scan of a fixed-rate loop (``next = previous + period``) and return its time; after an
    overrun the next scan starts at once and the phase restarts from now (missed ticks are never bunched)."""
    loop = asyncio.get_running_loop()
    next_t += period
    now = loop.time()
    if next_t <= now:
        await asyncio.sleep(0)
        return now
    await asyncio.sleep(next_t - now)
    return next_t


async def until_first_failure(tasks: list[asyncio.Task]) -> None:
    """Wait for the first of ``tasks`` to end, raise its exception (if any), and cancel the others."""
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for t in done:
            exc = t.exception()
            if exc is not None:
                raise exc
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def values_equal(tag: TagConfig, a, b) -> bool:
    """A read-back equals the value written: exactly, or for a float32 as the same float32."""
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return a == b
    try:
        fa, fb = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if tag.type == "float32":
        import struct

        pack = struct.Struct(">f").pack
        return pack(fa) == pack(fb)
    return fa == fb


# --------------------------------------------------------------------------- session-per-device drivers
@dataclass(slots=True)
class TagGroup:
    """Tags of one device acquired together (one scan class, one read or one subscription), with their quality
    state.  ``items`` holds the protocol's handles, in ``tags`` order."""

    tags: list[TagConfig]
    period: float  # wall seconds
    scan_class: str
    polled: bool = True
    items: list[Any] = field(default_factory=list)
    last_good_ts: float = 0.0  # loop time of the last good read (polled groups: STALE)
    quality: BlockQuality = field(init=False)
    keys: list[str] = field(init=False)
    index: dict[str, int] = field(init=False)

    def __post_init__(self):
        self.quality = BlockQuality.of_tags(self.tags)
        self.keys = [t.key for t in self.tags]
        self.index = {k: i for i, k in enumerate(self.keys)}


class SessionDevice:
    """One device of a :class:`SessionDriver`: its configuration, groups, connection and state."""

    def __init__(self, eq: EquipmentConfig, status: DeviceStatus, backoff: float):
        self.eq = eq
        self.id = eq.id
        self.status = status
        self.groups: list[TagGroup] = []
        self.client: Any = None
        self.up = False
        self.backoff = backoff
        self.down_since_emit = 0.0
        self.ever_connected = False
        self.task: asyncio.Task | None = None
        self.lock = asyncio.Lock()  # one request at a time where the protocol needs it (S7)
        self.extra: dict[str, Any] = {}

    def group_of(self, key: str) -> tuple[TagGroup, int] | None:
        for g in self.groups:
            i = g.index.get(key)
            if i is not None:
                return g, i
        return None


#: a session driver retries a lost device at least this often (s): with the time a connect takes, values are
#: back within 2 s of the server's return (a refused connection costs next to nothing)
RECONNECT_MAX_S = 1.0


class DeviceLost(Exception):
    """The device stopped answering: the supervisor reconnects."""


class SessionDriver(Driver):
    """A driver with one connection per device and a supervisor task per device (see the module text).

    Subclasses implement ``_connect(dev)`` (open and prepare; raise on failure), ``_serve(dev)`` (acquire
    until a failure: raise :class:`DeviceLost` or any exception) and ``_disconnect(dev)`` (close quietly), and
    group their tags in ``_groups(eq)``."""

    def __init__(self, host: DriverHost, equipment: Sequence[EquipmentConfig]):
        super().__init__(host, equipment)
        self.devices: dict[str, SessionDevice] = {}

    # ------------------------------------------------------------------ to implement
    def _groups(self, eq: EquipmentConfig) -> list[TagGroup]:
        raise NotImplementedError

    async def _connect(self, dev: SessionDevice) -> None:
        raise NotImplementedError

    async def _serve(self, dev: SessionDevice) -> None:
        raise NotImplementedError

    async def _disconnect(self, dev: SessionDevice) -> None:
        raise NotImplementedError

    def _where(self, dev: SessionDevice) -> str:
        return dev.id

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        for eq in self.equipment:
            self._add(eq)

    def _add(self, eq: EquipmentConfig) -> None:
        dev = SessionDevice(eq, self.host.status_of(eq.id), self.host.backoff_initial)
        dev.status.protocol = self.protocol
        dev.groups = self._groups(eq)
        self.devices[eq.id] = dev
        dev.task = asyncio.get_running_loop().create_task(self._supervisor(dev), name=f"{self.protocol} {eq.id}")

    async def add_device(self, eq: EquipmentConfig) -> None:
        self.equipment.append(eq)
        self._add(eq)

    async def remove_device(self, equipment_id: str) -> None:
        dev = self.devices.pop(equipment_id, None)
        self.equipment = [e for e in self.equipment if e.id != equipment_id]
        if dev is None:
            return
        if dev.task is not None:
            dev.task.cancel()
            await asyncio.wait([dev.task], timeout=3.0)
        await self._quiet_disconnect(dev)

    async def stop(self) -> None:
        tasks = [d.task for d in self.devices.values() if d.task is not None]
        for t in tasks:
            t.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=3.0)
        for dev in self.devices.values():
            try:
                await asyncio.wait_for(self._disconnect(dev), 2.0)
            except BaseException:  # noqa: BLE001 - closing: nothing more to do
                log.debug("%s: closing failed", dev.id, exc_info=True)
            dev.status.connected = False

    async def _supervisor(self, dev: SessionDevice) -> None:
        host = self.host
        while not host.closing:
            try:
                await self._connect(dev)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure to connect: COMM_FAIL, back off, again
                await self._quiet_disconnect(dev)
                self._down(dev, f"cannot connect to {self._where(dev)}: {_text(exc)}")
                await asyncio.sleep(dev.backoff)
                dev.backoff = min(dev.backoff * 2, host.backoff_max, RECONNECT_MAX_S)
                continue
            self._up(dev)
            try:
                await self._serve(dev)
                error = "connection closed"
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001
                error = _text(exc)
            await self._quiet_disconnect(dev)
            if host.closing:
                return
            self._down(dev, error)

    async def _quiet_disconnect(self, dev: SessionDevice) -> None:
        try:
            await asyncio.wait_for(self._disconnect(dev), 2.0)
        except asyncio.CancelledError:
            raise
        except BaseException:  # noqa: BLE001
            log.debug("%s: disconnect failed", dev.id, exc_info=True)
        dev.client = None

    def _up(self, dev: SessionDevice) -> None:
        dev.up = True
        dev.backoff = self.host.backoff_initial
        st = dev.status
        if dev.ever_connected:
            st.reconnects += 1
            log.info("%s: connected again", dev.id)
        else:
            log.info("%s: connected (%s)", dev.id, self.protocol)
        dev.ever_connected = True
        st.connected = True
        st.last_error = None

    def _down(self, dev: SessionDevice, error: str) -> None:
        """The values are marked COMM_FAIL before the status says so: whoever reads the device as down finds
        its values bad too."""
        wall = self.host.clock()
        if dev.up or dev.down_since_emit == 0.0:
            log.warning("%s: disconnected: %s", dev.id, error)
            self._emit_comm_fail(dev, error, wall)
        elif wall - dev.down_since_emit >= quality_rules.HEARTBEAT_S:
            self._emit_comm_fail(dev, error, wall)
        dev.up = False
        with self.host.lock:
            st = dev.status
            st.connected = False
            st.last_error = error
            st.reads_failed += 1

    def _emit_comm_fail(self, dev: SessionDevice, error: str, ts: float) -> None:
        out: list[Sample] = []
        for g in dev.groups:
            out += g.quality.comm_fail(ts, error)
        dev.down_since_emit = ts
        if out:
            self.host.publish(out, out)

    # ------------------------------------------------------------------ values
    def _emit_group(self, dev: SessionDevice, g: TagGroup, values: list, ts: float, latency_ms: float) -> None:
        g.last_good_ts = asyncio.get_running_loop().time()
        out, fresh = g.quality.decoded(values, ts)
        self.host.publish(out, fresh, dev.status, ts, latency_ms, g.keys)

    def supervise(self, now: float, wall: float, slack: float) -> None:
        for dev in self.devices.values():
            if not dev.up:
                if dev.down_since_emit and wall - dev.down_since_emit >= quality_rules.HEARTBEAT_S:
                    self._emit_comm_fail(dev, dev.status.last_error or "not connected", wall)
                continue
            for g in dev.groups:
                if not g.polled or not g.last_good_ts or now - g.last_good_ts <= STALE_PERIODS * g.period + slack:
                    continue
                out = g.quality.stale(wall, f"no fresh value for {now - g.last_good_ts:.1f} s")
                if out:
                    self.host.publish(out, out)

    def _written(self, dev: SessionDevice, tag: TagConfig, read_back) -> None:
        ts = self.host.clock()
        found = dev.group_of(tag.key)
        if found is not None:
            g, i = found
            sample = g.quality.written(i, read_back, ts)
        else:
            sample = Sample(tag.key, ts, read_back, quality_rules.Quality.GOOD, None)
        self.host.publish([sample], [sample])


def _text(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return "timeout: no answer"
    return str(exc) or type(exc).__name__

