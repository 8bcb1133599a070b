"""Modbus (TCP and RTU) as a :class:`~hmi.equipment.driver.Driver`. Qt-free.

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
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Callable, Sequence

from hmi.config import BIT_TABLES, EquipmentConfig, ModbusRtu, ModbusTcp, TagConfig
from hmi.equipment import quality as quality_rules
from hmi.equipment.codec import CodecError, encode, make_block_decoder, make_decoder
from hmi.equipment.driver import (STALE_PERIODS, DeviceStatus, Driver, DriverHost, WriteError, WriteResult,
                                  next_tick)
from hmi.equipment.model import Quality, Sample
from hmi.equipment.planner import Block, plan_blocks
from hmi.equipment.quality import BlockQuality, decode_each

__all__ = ["EXCEPTION_TEXT", "ModbusDriver"]

log = logging.getLogger(__name__)

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
        self.tasks: list[asyncio.Task] = []  # its scan and connect tasks
        self.removed = False  # taken out of acquisition (a new configuration): its tasks end




class ModbusDriver(Driver):
    """Every Modbus-TCP and Modbus-RTU device of the plant (see the module text)."""

    protocol = "modbus"

    def __init__(self, host: DriverHost, equipment: Sequence[EquipmentConfig], scan_classes: dict[str, float], *,
                 max_registers: int = 125, max_bits: int = 2000, max_gap: int = 8):
        super().__init__(host, equipment)
        self.scan_classes = scan_classes
        self._plan_args = dict(max_registers=max_registers, max_bits=max_bits, max_gap=max_gap)
        self._devices: dict[str, _Device] = {}
        self._links: dict[str, _Link] = {}
        self._tasks: list[asyncio.Task] = []
        self._state_by_key: dict[str, tuple[_BlockState, int]] = {}

    # ------------------------------------------------------------------------------ the interface
    def start(self) -> None:
        self._devices, self._links, self._tasks, self._state_by_key = {}, {}, [], {}
        for eq in self.equipment:
            self._add(eq)

    def _add(self, eq: EquipmentConfig) -> None:
        """Plan one device on its link (made if new) and start its scan and connect tasks (on the loop)."""
        dev = self._setup_device(eq, asyncio.get_running_loop())
        dev.status.protocol = eq.connection.protocol
        for sc, blocks in dev.scan_lists.items():
            dev.tasks.append(asyncio.create_task(
                self._scan(dev, self.host.wall_period(self.scan_classes.get(sc, 1.0)), blocks),
                name=f"scan {dev.id}/{sc}"))
        dev.tasks.append(asyncio.create_task(self._first_connect(dev), name=f"connect {dev.id}"))
        self._tasks += dev.tasks

    async def add_device(self, eq: EquipmentConfig) -> None:
        self.equipment.append(eq)
        self._add(eq)

    async def remove_device(self, equipment_id: str) -> None:
        """Stop acquiring one device: its tasks end, its link closes unless other devices share it (an RTU
        bus), its block states go; the other devices are not touched."""
        dev = self._devices.pop(equipment_id, None)
        self.equipment = [e for e in self.equipment if e.id != equipment_id]
        if dev is None:
            return
        dev.removed = True
        pending = {t for t in dev.tasks + [dev.recovery] if t is not None and not t.done()}
        for _ in range(20):
            if not pending:
                break
            for t in pending:
                t.cancel()
            _done, pending = await asyncio.wait(pending, timeout=0.25)
        self._tasks = [t for t in self._tasks if t not in dev.tasks]
        link = dev.link
        link.devices = [d for d in link.devices if d is not dev]
        if not link.devices:
            link.close()
            self._links = {k: v for k, v in self._links.items() if v is not link}
        for key in [k for k, (bs, _i) in self._state_by_key.items() if bs.device is dev]:
            del self._state_by_key[key]

    async def stop(self) -> None:
        # Python 3.11's wait_for can swallow a cancellation that races with a finished read,
        # so the loops also watch host.closing and we cancel until every task is gone.
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

    def supervise(self, now: float, wall: float, slack: float) -> None:
        """STALE detection and COMM_FAIL heartbeats (cheap: per block, not per tag)."""
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
                    self.host.publish(out, out)

    def check_write(self, tag: TagConfig, value) -> list[int]:
        if tag.table in ("input_register", "discrete_input"):
            raise WriteError(f"{tag.key}: {tag.table.replace('_', ' ')}s are read-only in Modbus")
        try:
            return encode(tag, value)
        except CodecError as exc:
            raise WriteError(str(exc)) from None

    async def write(self, tag: TagConfig, value, prepared: list[int]) -> WriteResult:
        return await self._write(tag, value, prepared)

    def statistics(self) -> dict[str, dict]:
        return {d.id: {"blocks": len(d.blocks), "link": d.link.name} for d in self._devices.values()}

    async def browse(self, equipment_id: str, where: str | None = None) -> list:
        """Modbus has no address space to browse: None lists the planned reads; ``"holding_register 0 20"``
        (or ``input_register``) reads that range and shows each register as int16 and uint16, and each pair
        as int32 and float32 in both word orders, so the right reading can be picked."""
        import struct

        from hmi.equipment.driver import BrowseItem

        dev = self._devices.get(equipment_id)
        if dev is None:
            raise WriteError(f"{equipment_id}: not a Modbus device")
        if not where:
            return [BrowseItem(address=f"{b.block.table} {b.block.start}", kind="register",
                               name=f"{b.block.table} {b.block.start}..{b.block.end - 1}",
                               description=", ".join(t.name for t in b.tags)) for b in dev.blocks]
        parts = where.split()
        try:
            table, start, count = parts[0], int(parts[1]), int(parts[2])
        except (IndexError, ValueError):
            raise WriteError(f"{where!r}: expected e.g. 'holding_register 0 20'") from None
        if table not in ("holding_register", "input_register") or not 1 <= count <= 125 or start < 0:
            raise WriteError(f"{where!r}: holding_register or input_register, 1..125 registers")
        if not dev.up and not await dev.link.ensure():
            raise WriteError(f"{equipment_id}: not connected")
        client = dev.link.client
        read = client.read_holding_registers if table == "holding_register" else client.read_input_registers
        rr = await asyncio.wait_for(read(start, count=count, device_id=dev.unit), dev.watchdog)
        if rr.isError():
            code = getattr(rr, "exception_code", 0)
            raise WriteError(f"{where}: exception {code}: {EXCEPTION_TEXT.get(code, 'unknown exception')}")
        regs = list(rr.registers)
        out = []
        for i, w in enumerate(regs):
            desc = f"int16 {struct.unpack('>h', struct.pack('>H', w))[0]}, uint16 {w}"
            if i + 1 < len(regs):
                hi_lo = struct.pack(">HH", w, regs[i + 1])
                lo_hi = struct.pack(">HH", regs[i + 1], w)
                desc += (f"; int32 {struct.unpack('>i', hi_lo)[0]} / {struct.unpack('>i', lo_hi)[0]} (word swap), "
                         f"float32 {struct.unpack('>f', hi_lo)[0]:.6g} / {struct.unpack('>f', lo_hi)[0]:.6g}")
            out.append(BrowseItem(address=f"{table} {start + i}", name=f"{start + i}", kind="register",
                                  type="uint16", value=w, description=desc))
        return out

    # ------------------------------------------------------------------------------ links and devices
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

    def _setup_device(self, eq: EquipmentConfig, loop: asyncio.AbstractEventLoop) -> "_Device":
        """One device's link (shared by the devices of one serial port), plan and readers (on the loop:
        pymodbus needs a running loop)."""
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
        return dev

    def _plan_device(self, eq: EquipmentConfig, link: "_Link") -> "_Device":
        """The device and its planned block states (codec, quality rules, scan period) on ``link``."""
        conn = eq.connection
        scan = self.scan_classes
        dev = _Device(eq, link, conn.unit_id, conn.timeout_s * (conn.retries + 1), self.host.backoff_initial)
        dev.status = self.host.status_of(eq.id)
        link.devices.append(dev)
        self._devices[eq.id] = dev
        for block in plan_blocks(eq.tags, **self._plan_args):
            bs = _BlockState(block, dev, self.host.wall_period(scan.get(block.scan_class, 1.0)))
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
        self._devices, self._links, self._state_by_key = {}, {}, {}
        out = []
        for eq in self.equipment:
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
        if dev.up:
            dev.up = False
            log.warning("%s: disconnected: %s", dev.id, error)
            self._emit_comm_fail(dev, error)
        elif self.host.clock() - dev.down_since_emit >= quality_rules.HEARTBEAT_S:
            self._emit_comm_fail(dev, error)
        with self.host.lock:
            dev.status.reads_failed += 1
        self._status_down(dev, error)

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
        if link.generation != gen or self.host.closing:
            return
        for dev in link.devices:
            self._device_down(dev, "connection lost", gen)

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
        with self.host.lock:
            if dev.ever_connected:
                dev.status.reconnects += 1
            # status.connected turns True with the device's first answer, not with the socket
        if not dev.ever_connected:
            log.info("%s: connected", dev.id)
        else:
            log.debug("%s: connection open again, waiting for an answer", dev.id)
        dev.ever_connected = True

    def _device_down(self, dev: _Device, error: str, gen: int | None) -> None:
        """Mark ``dev`` unreachable; emit COMM_FAIL on the transition; start its recovery.  The values are
        marked before the status says so: whoever reads the device as down finds its values bad too."""
        if gen is not None and dev.link.close_on_timeout and gen == dev.link.generation:
            dev.link.close()  # a TCP link belongs to one device: drop it, reconnect cleanly
        if not dev.up and dev.recovery is not None and not dev.recovery.done():
            self._status_down(dev, error)
            return
        dev.silent = dev.up and not dev.answered  # its socket was open, yet it did not answer
        dev.up = False
        dev.up_event.clear()
        if dev.answered or dev.down_since_emit == 0.0:  # the transition: it answered before, or never did
            log.warning("%s: disconnected: %s", dev.id, error)
            self._emit_comm_fail(dev, error)
        elif self.host.clock() - dev.down_since_emit >= quality_rules.HEARTBEAT_S:
            self._emit_comm_fail(dev, error)  # still silent: the heartbeat
        self._status_down(dev, error)
        if not self.host.closing and not dev.removed:
            dev.recovery = asyncio.get_running_loop().create_task(self._recover(dev), name=f"recover {dev.id}")

    def _status_down(self, dev: _Device, error: str) -> None:
        with self.host.lock:
            dev.status.connected = False
            dev.status.last_error = error

    async def _recover(self, dev: _Device) -> None:
        while not self.host.closing and not dev.removed:
            await asyncio.sleep(dev.backoff)
            # a device that connects and then stays silent waits longer each time; one that refuses the
            # connection is cheap to try again
            cap = self.host.silent_backoff_max if dev.silent else self.host.backoff_max
            dev.backoff = min(dev.backoff * 2, cap)
            if await dev.link.ensure():
                self._device_up(dev)
                return
            with self.host.lock:
                dev.status.last_error = self._cannot_connect(dev)

    def _emit_comm_fail(self, dev: _Device, error: str) -> None:
        ts = self.host.clock()
        out: list[Sample] = []
        for bs in dev.blocks:
            out += bs.quality.comm_fail(ts, error)
        dev.down_since_emit = ts
        dev.answered = False
        self.host.publish(out, out)

    async def _scan(self, dev: _Device, period: float, blocks: list[_BlockState]) -> None:
        loop = asyncio.get_running_loop()
        next_t = loop.time()
        while not self.host.closing and not dev.removed:
            if not dev.up:
                await dev.up_event.wait()
                next_t = loop.time()
            gen = dev.link.generation
            for bs in tuple(blocks):  # tuple: a block may be split while we iterate
                if not dev.up:
                    break
                await self._read_block(dev, bs, gen)
            # after an overrun the next scan starts at once, re-phased from now: waiting for the next tick
            # boundary would idle the link
            next_t = await next_tick(next_t, period)

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
        ts = self.host.clock()
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
            with self.host.lock:
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
        dev.backoff = self.host.backoff_initial
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
        with self.host.lock:
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
        self.host.publish(out, fresh, bs.device.status, ts, latency, bs.keys)

    def _emit_bad_block(self, bs: _BlockState, ts: float, error: str) -> None:
        out = bs.quality.bad(ts, error)
        if out:
            self.host.publish(out, out)

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
        ts = self.host.clock()
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
        self.host.publish([sample], [sample])
        return WriteResult(key, value, read_back, True, None)
