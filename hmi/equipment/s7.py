"""Siemens S7 driver (python-snap7's pure-Python asyncio client). Qt-free.

* **Areas:** data blocks (``DB10.DBD4``), merkers (``MW20``, ``M10.2``), process inputs (``IW64``, ``I0.3``) and
  outputs (``QW2``, ``Q0.1``); see :func:`hmi.config.parse_s7_address`.
* **Types:** BOOL (a bit), INT / WORD (int16 / uint16), DINT / DWORD (int32 / uint32), REAL (float32),
  LREAL (float64), STRING (``length`` = its maximum characters; 2 header bytes, then the characters, Latin-1).
  S7 memory is big-endian.  Engineering value = raw * scale + offset, as for Modbus.
* **Block reads planned like Modbus blocks** (:func:`plan_s7_blocks`): tags of one device, scan class, area and
  data block, sorted by byte, packed into one read while the hole before the next tag is at most
  :data:`MAX_GAP` bytes and the read stays within :data:`MAX_BLOCK` bytes (what fits in the smallest PDU, 240
  bytes, in one answer).
* A read refused by the PLC (a data block that does not exist, an address past its end) makes that block's
  tags BAD; a timeout or a dropped connection makes the device COMM_FAIL and the supervisor reconnects
  (0.2 s doubling to 1 s).
* **Writes** send the value's bytes and read them back; a BOOL is written as its byte (read, set the bit,
  write), under the device's lock.
"""
from __future__ import annotations

import asyncio
import math
import struct
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

from hmi.config import EquipmentConfig, S7, TagConfig, s7_size
from hmi.equipment.driver import (BrowseItem, DeviceLost, DriverHost, SessionDevice, SessionDriver, TagGroup,
                                  WriteError, WriteResult, next_tick, until_first_failure, values_equal)
from hmi.equipment.quality import DecodeFailed

__all__ = ["S7Driver", "S7Block", "plan_s7_blocks", "decode_s7", "encode_s7", "MAX_BLOCK", "MAX_GAP"]

#: the most bytes one read asks for: a 240-byte PDU (the smallest an S7 CPU negotiates) carries 222 data bytes
MAX_BLOCK = 222
#: the widest hole, in bytes, bridged inside one read
MAX_GAP = 16

_FMT = {"int16": ">h", "uint16": ">H", "int32": ">i", "uint32": ">I", "float32": ">f", "float64": ">d"}
_INT_RANGE = {"int16": (-(1 << 15), (1 << 15) - 1), "uint16": (0, (1 << 16) - 1),
              "int32": (-(1 << 31), (1 << 31) - 1), "uint32": (0, (1 << 32) - 1)}


@dataclass(slots=True)
class S7Block:
    """One read: ``size`` bytes of ``area`` (data block ``db``) from byte ``start``; ``offsets[i]`` is tag i's
    byte within the read."""

    area: str
    db: int
    start: int
    size: int
    tags: list[TagConfig] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    scan_class: str = ""

    @property
    def where(self) -> str:
        return f"{'DB%d' % self.db if self.area == 'DB' else self.area} bytes {self.start}..{self.start + self.size - 1}"


def plan_s7_blocks(tags: Sequence[TagConfig], max_block: int = MAX_BLOCK, max_gap: int = MAX_GAP) -> list[S7Block]:
    """Coalesce S7 tags into the fewest reads (the rules of the module text; greedy on byte-sorted tags)."""
    groups: dict[tuple[str, str, int], list[TagConfig]] = {}
    for t in tags:
        groups.setdefault((t.scan_class, t.area, t.db), []).append(t)
    blocks: list[S7Block] = []
    for (sc, area, db), members in groups.items():
        members = sorted(members, key=lambda t: (t.address, -s7_size(t.type, t.length)))
        cur: S7Block | None = None
        for t in members:
            size = s7_size(t.type, t.length)
            end = t.address + size
            if cur is not None and t.address - (cur.start + cur.size) <= max_gap and \
                    max(cur.start + cur.size, end) - cur.start <= max_block:
                cur.tags.append(t)
                cur.offsets.append(t.address - cur.start)
                cur.size = max(cur.size, end - cur.start)
                continue
            cur = S7Block(area, db, t.address, size, [t], [0], sc)
            blocks.append(cur)
    return blocks


def decode_s7(tag: TagConfig, data: bytes | bytearray, at: int):
    """The tag's engineering value from ``data`` (its bytes start at ``at``)."""
    t = tag.type
    if t == "bool":
        return bool(data[at] >> tag.bit & 1)
    if t == "string":
        maxlen, cur = data[at], data[at + 1]
        n = min(cur, maxlen, tag.length, len(data) - at - 2)
        return bytes(data[at + 2:at + 2 + n]).decode("latin-1").rstrip("\x00")
    raw = struct.unpack_from(_FMT[t], data, at)[0]
    if tag.scale == 1 and tag.offset == 0:
        return raw
    return raw * tag.scale + tag.offset


def encode_s7(tag: TagConfig, value) -> bytes:
    """The bytes that make ``tag`` read ``value`` (a BOOL: one byte, 0 or 1, for a bit write)."""
    t = tag.type
    if t == "bool":
        if not isinstance(value, (bool, int)) or isinstance(value, float):
            raise WriteError(f"{tag.key}: expected true/false, got {value!r}")
        return bytes([1 if value else 0])
    if t == "string":
        text = str(value).encode("latin-1", errors="replace")
        if len(text) > tag.length:
            raise WriteError(f"{tag.key}: {len(text)} characters do not fit STRING[{tag.length}]")
        return bytes([tag.length, len(text)]) + text.ljust(tag.length, b"\x00")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise WriteError(f"{tag.key}: expected a number, got {value!r}") from None
    if not math.isfinite(v):
        raise WriteError(f"{tag.key}: {value!r} is not a finite number")
    raw = (v - tag.offset) / tag.scale if (tag.scale != 1 or tag.offset != 0) else v
    if t in _INT_RANGE:
        raw = round(raw)
        lo, hi = _INT_RANGE[t]
        if not lo <= raw <= hi:
            raise WriteError(f"{tag.key}: {value!r} does not fit {t}")
        return struct.pack(_FMT[t], int(raw))
    try:
        return struct.pack(_FMT[t], raw)
    except OverflowError:
        raise WriteError(f"{tag.key}: {value!r} does not fit {t}") from None


def _area(name: str):
    from snap7.type import Area

    return {"DB": Area.DB, "M": Area.MK, "I": Area.PE, "Q": Area.PA}[name]


def _is_refusal(exc: BaseException) -> bool:
    """The PLC answered with an error for this item (the connection is fine)."""
    from snap7.error import S7ConnectionError, S7TimeoutError

    if isinstance(exc, (S7ConnectionError, S7TimeoutError, OSError, ConnectionError, asyncio.TimeoutError)):
        return False
    text = str(exc).lower()
    return any(w in text for w in ("address", "not available", "out of range", "item", "access", "object does not"))


class S7Driver(SessionDriver):
    """Every S7 PLC of the plant (see the module text)."""

    protocol = "s7"

    def __init__(self, host: DriverHost, equipment: Sequence[EquipmentConfig], scan_classes: dict[str, float]):
        super().__init__(host, equipment)
        self.scan_classes = scan_classes
        self._blocks: dict[str, list[tuple[S7Block, TagGroup]]] = {}

    def _groups(self, eq: EquipmentConfig) -> list[TagGroup]:
        pairs = []
        for b in plan_s7_blocks(eq.tags):
            g = TagGroup(b.tags, self.host.wall_period(self.scan_classes.get(b.scan_class, 1.0)), b.scan_class)
            g.items = b.offsets
            pairs.append((b, g))
        self._blocks[eq.id] = pairs
        return [g for _, g in pairs]

    def _where(self, dev: SessionDevice) -> str:
        c: S7 = dev.eq.connection
        return f"{c.host}:{c.port} (rack {c.rack}, slot {c.slot})"

    async def _connect(self, dev: SessionDevice) -> None:
        from snap7 import AsyncClient

        c: S7 = dev.eq.connection
        client = AsyncClient()
        dev.client = client
        async with asyncio.timeout(c.timeout_s + 1.0):  # no extra task: a cancelled connect leaves none behind
            await client.connect(c.host, c.rack, c.slot, c.port)

    async def _serve(self, dev: SessionDevice) -> None:
        loop = asyncio.get_running_loop()
        by_class: dict[str, list[tuple[S7Block, TagGroup]]] = {}
        for b, g in self._blocks[dev.id]:
            by_class.setdefault(b.scan_class, []).append((b, g))
        tasks = [loop.create_task(self._scan(dev, pairs), name=f"s7 {dev.id}/{sc}") for sc, pairs in by_class.items()]
        if not tasks:
            tasks = [loop.create_task(self._idle(dev))]
        await until_first_failure(tasks)

    async def _idle(self, dev: SessionDevice) -> None:
        while not self.host.closing:
            await asyncio.sleep(1.0)
            async with dev.lock:
                await asyncio.wait_for(dev.client.get_cpu_state(), dev.eq.connection.timeout_s)

    async def _scan(self, dev: SessionDevice, pairs: list[tuple[S7Block, TagGroup]]) -> None:
        period = pairs[0][1].period
        next_t = asyncio.get_running_loop().time()
        while not self.host.closing:
            for b, g in pairs:
                await self._read(dev, b, g)
            next_t = await next_tick(next_t, period)

    async def _read(self, dev: SessionDevice, b: S7Block, g: TagGroup) -> None:
        timeout = dev.eq.connection.timeout_s
        t0 = time.perf_counter()
        try:
            async with dev.lock:
                data = await asyncio.wait_for(dev.client.read_area(_area(b.area), b.db, b.start, b.size), timeout)
        except asyncio.CancelledError:
            raise
        except asyncio.TimeoutError:
            raise DeviceLost(f"timeout: no answer within {timeout:g} s") from None
        except Exception as exc:  # noqa: BLE001
            if not _is_refusal(exc):
                raise DeviceLost(str(exc) or type(exc).__name__) from None
            ts = self.host.clock()
            out = g.quality.bad(ts, f"{b.where}: {exc}")
            with self.host.lock:
                dev.status.last_error = f"{b.where}: {exc}"
                dev.status.connected = True
            if out:
                self.host.publish(out, out)
            return
        latency = (time.perf_counter() - t0) * 1000.0
        values = []
        for t, off in zip(g.tags, g.items):
            try:
                values.append(decode_s7(t, data, off))
            except Exception as exc:  # noqa: BLE001 - a short answer: say so, per tag
                values.append(DecodeFailed(f"decode error: {exc}"))
        self._emit_group(dev, g, values, self.host.clock(), latency)

    async def _disconnect(self, dev: SessionDevice) -> None:
        client = dev.client
        if client is not None:
            await client.disconnect()

    # ------------------------------------------------------------------ writes
    def check_write(self, tag: TagConfig, value) -> bytes:
        if tag.area == "I":
            raise WriteError(f"{tag.key}: process inputs (I) are read-only")
        return encode_s7(tag, value)

    async def write(self, tag: TagConfig, value, prepared: bytes) -> WriteResult:
        dev = self.devices.get(tag.equipment_id)
        key = tag.key
        if dev is None or not dev.up or dev.client is None:
            return WriteResult(key, value, None, False, f"{tag.equipment_id} not connected")
        client = dev.client
        timeout = dev.eq.connection.timeout_s
        area = _area(tag.area)
        size = s7_size(tag.type, tag.length)
        try:
            async with dev.lock:
                if tag.type == "bool":
                    await asyncio.wait_for(self._write_bit(client, area, tag, prepared[0]), timeout)
                else:
                    await asyncio.wait_for(client.write_area(area, tag.db, tag.address, bytearray(prepared)), timeout)
                data = await asyncio.wait_for(client.read_area(area, tag.db, tag.address, size), timeout)
        except asyncio.CancelledError:
            raise
        except asyncio.TimeoutError:
            return WriteResult(key, value, None, False, f"timeout: no answer within {timeout:g} s")
        except Exception as exc:  # noqa: BLE001
            return WriteResult(key, value, None, False, f"write refused: {exc}")
        read_back = decode_s7(tag, data, 0)
        expected = decode_s7(tag, bytes([prepared[0] << tag.bit]) if tag.type == "bool" else prepared, 0)
        if not values_equal(tag, read_back, expected):
            return WriteResult(key, value, read_back, False,
                               f"read-back {read_back!r} differs from the value written {value!r}")
        self._written(dev, tag, read_back)
        return WriteResult(key, value, read_back, True, None)

    @staticmethod
    async def _write_bit(client, area, tag: TagConfig, bit_value: int) -> None:
        """Read the bit's byte, set or clear the bit, write the byte back (as snap7's own ``db_write_bool``
        does; the pure-Python S7 server ignores the BIT transport size, so a bit write would clear its
        neighbours there).  The device lock keeps Lineside's own writes apart; keep operator-writable bits in a
        byte the PLC program does not write."""
        byte = await client.read_area(area, tag.db, tag.address, 1)
        mask = 1 << tag.bit
        byte[0] = (byte[0] | mask) if bit_value else (byte[0] & ~mask & 0xFF)
        await client.write_area(area, tag.db, tag.address, byte)

    # ------------------------------------------------------------------ browse
    async def browse(self, equipment_id: str, where: str | None = None) -> list[BrowseItem]:
        """The planned reads of the device and each tag's current value (S7 has no address space to browse;
        ``where`` = ``"DB10 0 64"`` reads 64 bytes of DB10 from byte 0 and shows each word as INT, DINT and
        REAL)."""
        dev = self.devices.get(equipment_id)
        if dev is None or not dev.up or dev.client is None:
            raise WriteError(f"{equipment_id}: not connected")
        if not where:
            out = []
            for b, g in self._blocks.get(equipment_id, []):
                out.append(BrowseItem(address=b.where, name=b.where, kind="area", has_children=False,
                                      description=", ".join(t.name for t in b.tags)))
            return out
        parts = where.split()
        try:
            area_db, start, count = parts[0].upper(), int(parts[1]), int(parts[2])
        except (IndexError, ValueError):
            raise WriteError(f"{where!r}: expected e.g. 'DB10 0 64' or 'M 0 16'") from None
        area, db = ("DB", int(area_db[2:])) if area_db.startswith("DB") else (area_db, 0)
        if area not in ("DB", "M", "I", "Q") or not 1 <= count <= MAX_BLOCK:
            raise WriteError(f"{where!r}: area DBn, M, I or Q and 1..{MAX_BLOCK} bytes")
        async with dev.lock:
            data = await asyncio.wait_for(dev.client.read_area(_area(area), db, start, count),
                                          dev.eq.connection.timeout_s * 4)
        prefix = f"DB{db}.DB" if area == "DB" else area
        out = []
        for off in range(0, count - 1, 2):
            word = struct.unpack_from(">h", data, off)[0]
            desc = f"INT {word}"
            if off + 4 <= count:
                desc += (f", DINT {struct.unpack_from('>i', data, off)[0]}, "
                         f"REAL {struct.unpack_from('>f', data, off)[0]:.6g}")
            out.append(BrowseItem(address=f"{prefix}W{start + off}", name=f"byte {start + off}", kind="register",
                                  type="int16", value=word, description=desc))
        return out

    async def remove_device(self, equipment_id: str) -> None:
        await super().remove_device(equipment_id)
        self._blocks.pop(equipment_id, None)

    def statistics(self) -> dict[str, dict[str, Any]]:
        return {eid: {"blocks": len(pairs), "bytes_per_scan": sum(b.size for b, _ in pairs)}
                for eid, pairs in self._blocks.items()}
