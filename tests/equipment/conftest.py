"""Fixtures for the equipment tests: real Modbus peers on free localhost ports.

* :class:`PymodbusServer`: pymodbus 3.16.1's asyncio TCP server (SimDevice datastore, one
  device per unit id) running on its own loop in a background thread; can be stopped and started
  again on the same port, and its registers changed from the test.
* :class:`SilentServer`: accepts TCP connections and never answers (a hung device).
* :func:`free_port`, :func:`wait_for`, :class:`Collector` (a thread-safe sink).
"""
from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Callable

import pytest

from hmi.config import PlantConfig, parse_config
from hmi.equipment.model import Quality, Sample


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate: Callable[[], object], timeout: float = 5.0, interval: float = 0.01):
    """Poll ``predicate`` until truthy; return its value or fail the test."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(interval)


def plant_from_toml(text: str) -> PlantConfig:
    return parse_config(text, "test_plant.toml")


class Collector:
    """A sample sink that keeps everything (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.batches: list[list[Sample]] = []

    def __call__(self, batch: list[Sample]) -> None:
        with self.lock:
            self.batches.append(list(batch))

    def samples(self, tag: str | None = None) -> list[Sample]:
        with self.lock:
            flat = [s for b in self.batches for s in b]
        return [s for s in flat if tag is None or s.tag == tag]

    def last(self, tag: str) -> Sample | None:
        s = self.samples(tag)
        return s[-1] if s else None

    def last_good(self, tag: str):
        for s in reversed(self.samples(tag)):
            if s.quality == Quality.GOOD:
                return s
        return None

    def clear(self) -> None:
        with self.lock:
            self.batches.clear()


class _LoopThread:
    """One asyncio loop in a daemon thread, for the test peers."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="test-peers", daemon=True)
        self.thread.start()

    def call(self, coro, timeout: float = 10.0):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


def _runs(address_values: dict[int, int]):
    """{address: value} -> [(start, [values...])] contiguous runs."""
    runs: list[tuple[int, list[int]]] = []
    for addr in sorted(address_values):
        if runs and runs[-1][0] + len(runs[-1][1]) == addr:
            runs[-1][1].append(address_values[addr])
        else:
            runs.append((addr, [address_values[addr]]))
    return runs


class PymodbusServer:
    """pymodbus TCP server; ``units`` = {unit_id: {"hr": {addr: value}, "ir": {...}, "co": {...}, "di": {...}}}.

    Addresses not listed are invalid: reading them gives exception 2 (illegal data address).
    Bits (co / di) must be given in whole 16-bit groups starting at a multiple of 16 (listed
    addresses are filled up with False).
    """

    def __init__(self, runner: _LoopThread, units: dict[int, dict[str, dict[int, int]]], port: int | None = None):
        self.runner = runner
        # a copy: a test that writes registers never changes the map a later test starts from
        self.units = {u: {t: dict(regs) for t, regs in tables.items()} for u, tables in units.items()}
        self.port = port or free_port()
        self.server = None
        #: seconds each request to a unit is held before it is answered (a slow device); change any time
        self.delays: dict[int, float] = {}

    def _action_for(self, unit: int):
        async def action(function_code, start_address, address, count, registers, set_values):
            delay = self.delays.get(unit, 0.0)
            if delay:
                await asyncio.sleep(delay)
            return None

        return action

    def _devices(self):
        from pymodbus.simulator import DataType, SimData, SimDevice

        devices = []
        for unit, tables in self.units.items():
            parts = []
            for name in ("co", "di", "hr", "ir"):
                values = dict(tables.get(name, {}))
                if name in ("co", "di"):
                    if not values:
                        values = {0: 0}
                    lo = min(values) // 16 * 16
                    hi = (max(values) // 16 + 1) * 16
                    bits = [bool(values.get(a, 0)) for a in range(lo, hi)]
                    parts.append([SimData(lo, values=bits, datatype=DataType.BITS)])
                else:
                    if not values:
                        values = {0: 0}
                    parts.append([SimData(start, values=vals, datatype=DataType.REGISTERS)
                                  for start, vals in _runs(values)])
            devices.append(SimDevice(unit, simdata=tuple(parts), action=self._action_for(unit)))
        return devices

    def start(self) -> "PymodbusServer":
        from pymodbus.server import ModbusTcpServer

        async def _start():
            server = ModbusTcpServer(self._devices(), address=("127.0.0.1", self.port))
            deadline = time.monotonic() + 5
            while True:
                try:
                    await server.serve_forever(background=True)
                    break
                except RuntimeError:
                    if time.monotonic() > deadline:
                        raise
                    server.close()
                    server = ModbusTcpServer(self._devices(), address=("127.0.0.1", self.port))
                    await asyncio.sleep(0.05)
            return server

        self.server = self.runner.call(_start())
        return self

    def stop(self) -> None:
        if self.server is None:
            return
        server, self.server = self.server, None

        async def _stop():
            await server.shutdown()
            await asyncio.sleep(0.05)

        self.runner.call(_stop())

    def set_registers(self, unit: int, table: str, address: int, values: list[int]) -> None:
        """Change holding ("hr") or input ("ir") registers of a running server, and the startup map."""
        for i, v in enumerate(values):
            self.units[unit][table][address + i] = v
        if self.server is None:
            return

        async def _set():
            runtime = self.server.context.devices[unit]
            start, _count, regs, _flags = runtime.block[{"hr": "h", "ir": "i"}[table]]
            for i, v in enumerate(values):
                regs[address - start + i] = v

        self.runner.call(_set())


class SilentServer:
    """Accepts connections, reads requests, never answers."""

    def __init__(self, runner: _LoopThread):
        self.runner = runner
        self.port = free_port()
        self.server = None

    def start(self) -> "SilentServer":
        async def handler(reader, writer):
            try:
                while await reader.read(1024):
                    pass
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                writer.close()

        async def _start():
            return await asyncio.start_server(handler, "127.0.0.1", self.port)

        self.server = self.runner.call(_start())
        return self

    def stop(self) -> None:
        """Closed on the peer's own loop (asyncio servers are not thread-safe)."""
        if self.server is not None:
            server, self.server = self.server, None

            async def _close():
                server.close()

            self.runner.call(_close())


@pytest.fixture(scope="session")
def peer_loop():
    runner = _LoopThread()
    yield runner
    runner.close()


@pytest.fixture
def make_server(peer_loop):
    """Factory: ``make_server(units, port=None)`` -> started :class:`PymodbusServer` (stopped after the test)."""
    servers: list[PymodbusServer] = []

    def factory(units, port=None) -> PymodbusServer:
        srv = PymodbusServer(peer_loop, units, port).start()
        servers.append(srv)
        return srv

    yield factory
    for srv in servers:
        srv.stop()


@pytest.fixture
def silent_server(peer_loop):
    srv = SilentServer(peer_loop).start()
    yield srv
    srv.stop()


@pytest.fixture
def collector():
    return Collector()


@pytest.fixture
def run_poller(poller_factory):
    """Factory: ``run_poller(plant_text)`` -> (started Poller, Collector) over a plant file's text."""

    def make(text: str, **kw):
        return poller_factory(parse_config(text, "test_plant.toml"), **kw)

    return make


@pytest.fixture
def poller_factory():
    """Factory: ``poller_factory(plant, **kw)`` -> started Poller with a Collector; stopped after the test."""
    from hmi.equipment.poller import Poller

    made = []

    def factory(plant: PlantConfig, sink=None, **kw):
        p = Poller(plant, **kw)
        c = sink or Collector()
        p.subscribe(c)
        p.start()
        made.append(p)
        return p, c

    yield factory
    for p in made:
        p.stop()
