"""The line simulator: every Modbus-TCP machine of a plant, served by one pymodbus server, and every OPC UA
machine (the demo's X-ray cabinet) served by one asyncua server beside it. Qt-free.

One TCP port, one Modbus unit id per machine (the ``unit_id`` of its connection).  The register map is
exactly the plant configuration's; values come from :mod:`hmi.equipment.sim_physics` (press, caster,
generic signals for anything else) and are encoded with :func:`hmi.equipment.codec.encode` rules.

    sim = LineSimulator(plant, port=0, speed=60, faults=[parse_fault("lubrication_loss@600")])
    sim.start()            # asyncio server in a daemon thread; returns once listening
    sim.port               # the real port
    sim.inject("device_offline", "press1", duration_s=30)
    sim.stop()             # frees the port; start() again continues the same simulated plant

pymodbus 3.16.1 notes (read from its source):

* the datastore is ``SimDevice``/``SimData`` (``ModbusDeviceContext`` is a deprecated wrapper); the
  server builds a ``SimCore`` whose ``devices[unit].block[c|d|h|i]`` hold the live register lists.
  The physics tick runs on the server's own event loop and writes those lists in place, so no lock is
  needed against request handling; client writes land in the same lists and are read back each tick.
* an unknown unit id makes ``SimCore`` raise ``KeyError`` (``ignore_missing_devices`` does not apply:
  it only catches ``NoSuchIdException``): the server logs a traceback and answers exception 4.
  We make both offline units and unknown unit ids *silent* instead: the server's ``trace_pdu`` hook
  returns ``None`` for such a received request, the request handler then has no PDU to handle and sends
  nothing, so the client times out exactly as with a dead device behind a gateway.
* non-writable holding registers are marked read-only (a write answers exception 2, illegal address).

OPC UA machines: one asyncua server (``opc.tcp://HOST:OPCUA_PORT/lineside/sim``, security None) with one object
per machine and one variable per tag, at the tag's node id (``ns=2;s=...``: the simulator's namespace is the
first one registered).  Their values are pushed every tick; a client's write stays in the node (the model does
not read it).  :meth:`LineSimulator.served_plant` points a plant's connections of both protocols at this
simulator.
"""
from __future__ import annotations

import asyncio
import logging
import math
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from hmi.config import EquipmentConfig, ModbusTcp, OpcUa, PlantConfig, TagConfig, with_port
from hmi.equipment.codec import make_decoder, make_encoder
from hmi.equipment.truth import PlantTruth
from hmi.equipment.sim_physics import (
    FAULTS,
    INF,
    CASTER_FAULTS,
    PRESS_FAULTS,
    EquipmentModel,
    FaultInterval,
    FaultSpec,
    FaultTimeline,
    is_input,
    make_model,
    parse_fault,
)

__all__ = ["LineSimulator", "FaultSpec", "parse_fault", "FAULTS", "PartCallback"]

log = logging.getLogger(__name__)

#: callback(equipment_id, serial, sim_ts, good, params); sim_ts = start epoch + simulated seconds
PartCallback = Callable[[str, str, float, bool, dict], None]

TICK_S = 0.1  # wall seconds between physics updates
MAX_SUBSTEPS = 50  # physics steps per tick at most (sets the step size at high speed)
_TABLE_KEY = {"coil": "c", "discrete_input": "d", "holding_register": "h", "input_register": "i"}


def _opc_value(tag: TagConfig, value):
    """A model value as the node's type holds it."""
    if tag.type == "bool":
        return bool(value)
    if tag.type == "string":
        return str(value)
    if tag.type in ("float32", "float64"):
        return float(value)
    return int(round(float(value)))


# ------------------------------------------------------------------------------------- one unit
@dataclass(eq=False)
class _Unit:
    eq: EquipmentConfig
    unit_id: int
    model: EquipmentModel
    outputs: list[tuple[TagConfig, str, Callable]] = field(default_factory=list)  # simulated tags
    inputs: list[tuple[TagConfig, str, Callable]] = field(default_factory=list)  # plant-written tags
    sizes: dict[str, int] = field(default_factory=dict)  # table key -> registers (bits for c/d)
    live: dict[str, list[int]] = field(default_factory=dict)  # table key -> pymodbus' live registers

    @classmethod
    def build(cls, eq: EquipmentConfig, model: EquipmentModel) -> "_Unit":
        u = cls(eq=eq, unit_id=eq.connection.unit_id, model=model)
        sizes = {"c": 0, "d": 0, "h": 0, "i": 0}
        for t in eq.tags:
            k = _TABLE_KEY[t.table]
            sizes[k] = max(sizes[k], t.address + t.register_count)
            if is_input(t):
                u.inputs.append((t, k, make_decoder(t)))
            else:
                u.outputs.append((t, k, make_encoder(t, saturate=True)))
        u.sizes = sizes
        return u

    # ---- the pymodbus device
    def simdevice(self):
        from pymodbus.simulator import DataType, SimData, SimDevice

        def bits(n: int) -> list:
            return [SimData(0, values=[0] * max(1, (n + 15) // 16), datatype=DataType.BITS)]

        def regs(n: int, writable: set[int] | None) -> list:
            n = max(1, n)
            if writable is None:
                return [SimData(0, values=[0] * n, datatype=DataType.REGISTERS)]
            out, start = [], 0
            for a in range(1, n + 1):
                if a == n or (a in writable) != (start in writable):
                    out.append(SimData(start, values=[0] * (a - start), datatype=DataType.REGISTERS,
                                       readonly=start not in writable))
                    start = a
            return out

        hr_writable = {t.address + i for t, k, _ in self.inputs if k == "h" for i in range(t.register_count)}
        return SimDevice(self.unit_id, simdata=(bits(self.sizes["c"]), bits(self.sizes["d"]),
                                                regs(self.sizes["h"], hr_writable), regs(self.sizes["i"], None)))

    def attach(self, runtime) -> None:
        """Keep references to the live register lists pymodbus built for this unit."""
        self.live = {k: runtime.block[k][2] for k in ("c", "d", "h", "i")}

    def detach(self) -> None:
        """Plain register lists of the same layout, for running without a server."""
        self.live = {k: [0] * (max(1, (n + 15) // 16) if k in ("c", "d") else max(1, n))
                     for k, n in self.sizes.items()}

    # ---- register access (event-loop thread only)
    def _put(self, k: str, address: int, words: list[int]) -> None:
        regs = self.live[k]
        if k in ("c", "d"):
            i, b = divmod(address, 16)
            regs[i] = (regs[i] | (1 << b)) if words[0] else (regs[i] & ~(1 << b))
        else:
            regs[address:address + len(words)] = words

    def _get(self, k: str, address: int, n: int) -> list[int]:
        regs = self.live[k]
        if k in ("c", "d"):
            i, b = divmod(address, 16)
            return [(regs[i] >> b) & 1]
        return regs[address:address + n]

    def read_inputs(self) -> None:
        """Plant-written registers -> model inputs."""
        for t, k, dec in self.inputs:
            try:
                self.model.inputs[t.name] = dec(self._get(k, t.address, t.register_count), 0)
            except Exception:  # noqa: BLE001 - a garbage write must not stop the simulation
                pass

    def write_inputs(self) -> None:
        """Model inputs -> registers (at start)."""
        for t, k, _ in self.inputs:
            v = self.model.inputs.get(t.name)
            if v is not None:
                self._put(k, t.address, make_encoder(t, saturate=True)(v))

    def publish(self, values: dict[str, object], dropped: set[str]) -> None:
        for t, k, enc in self.outputs:
            v = values.get(t.name)
            if t.name in dropped:
                v = math.nan
            if v is None:
                continue
            self._put(k, t.address, enc(v))


# ------------------------------------------------------------------------------------- simulator
#: plant seconds of ground truth a long-running demo or ``lineside simulate`` keeps (two plant hours: the
#: demo reads none of it, a script attached to a running simulator can still check the recent past)
DEMO_TRUTH_KEEP_S = 2 * 3600.0


class LineSimulator:
    """Simulated plant: every ``modbus-tcp`` equipment of ``plant`` on ``host:port``, one unit id each.

    ``port=0`` picks a free port (``.port`` after :meth:`start`).  ``speed`` = simulated seconds per
    wall second.  ``faults``: :class:`FaultSpec` or strings for :func:`parse_fault`.  ``seed`` makes the
    physics deterministic (for a given speed).  ``start_epoch``: the simulated clock's origin
    (Unix seconds; default: the wall time of the first start), used for part serials and ``sim_ts``.
    ``truth_keep_s``: plant seconds of ground truth (:attr:`truth`) kept behind the newest step; None (the
    default) keeps the whole run for the truth benches, a long-running demo passes a horizon
    (:data:`DEMO_TRUTH_KEEP_S`) so that its memory stays flat.
    """

    def __init__(self, plant: PlantConfig, *, host: str = "127.0.0.1", port: int = 5020, speed: float = 1.0,
                 faults: Iterable[FaultSpec | str] = (), seed: int = 0, start_epoch: float | None = None,
                 truth_keep_s: float | None = None, opcua_port: int = 0):
        if not speed > 0 or not math.isfinite(speed):
            raise ValueError(f"speed must be a positive number, not {speed!r}")
        self.plant = plant
        self.host = host
        self.port = int(port)
        self.speed = float(speed)
        self.seed = int(seed)
        self.step_s = max(TICK_S, self.speed * TICK_S / MAX_SUBSTEPS)  # physics step, simulated seconds
        self._epoch = start_epoch
        self._units: dict[int, _Unit] = {}
        self._by_eq: dict[str, _Unit] = {}
        #: OPC UA machines: equipment id -> model (served by the asyncua server beside the Modbus one)
        self._opc: dict[str, EquipmentModel] = {}
        #: the OPC UA server's port (0: a free one at start)
        self.opcua_port = int(opcua_port)
        self._opc_server = None
        self._opc_nodes: dict[str, tuple] = {}
        for i, eq in enumerate(plant.equipment):
            if isinstance(eq.connection, OpcUa):
                odd = [t.name for t in eq.tags if not re.fullmatch(r"ns=2;s=[^;]+", t.node)]
                if odd:
                    raise ValueError(f"{eq.id}: the simulator serves OPC UA nodes with string ids in namespace 2 "
                                     f"(ns=2;s=...), not {', '.join(odd)}")
                self._opc[eq.id] = make_model(eq, seed=self.seed, stream=i, epoch=start_epoch or 0.0)
                continue
            if not isinstance(eq.connection, ModbusTcp):
                log.info("simulator: %s is not modbus-tcp, not simulated", eq.id)
                continue
            uid = eq.connection.unit_id
            if uid in self._units:
                raise ValueError(f"equipment {eq.id!r} and {self._units[uid].eq.id!r} both use unit id {uid}: "
                                 "one simulator port serves one machine per unit id")
            model = make_model(eq, seed=self.seed, stream=i, epoch=start_epoch or 0.0)
            unit = _Unit.build(eq, model)
            self._units[uid] = unit
            self._by_eq[eq.id] = unit
        if not self._units:
            raise ValueError("the plant has no modbus-tcp equipment to simulate")
        self._unit_ids = frozenset(self._units)
        self._lock = threading.RLock()
        self._life_lock = threading.Lock()  # start/stop
        self._timeline = FaultTimeline()
        for f in faults:
            spec = parse_fault(f) if isinstance(f, str) else f
            self._timeline.intervals.append(self._resolve(spec, spec.at_s))
        #: what the plant really did (parts, states, limit crossings, values, faults): see hmi.equipment.truth
        self.truth = PlantTruth([u.eq for u in self._units.values()], start_epoch or 0.0,
                                timeline=lambda: self._timeline, keep_s=truth_keep_s)
        for u in self._units.values():
            u.model.truth = self.truth.machine(u.eq.id)
        self._silent: frozenset[int] = frozenset()
        self._part_callbacks: list[PartCallback] = []
        self._values: dict[str, object] = {}
        # clock: sim = _sim_base + (monotonic - _wall_base) * speed while running
        self._sim_base = 0.0
        self._wall_base: float | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server = None
        self._ticker: asyncio.Task | None = None
        self._stop_event = threading.Event()
        self._started_once = False

    # ------------------------------------------------------------------ clock and state
    @property
    def sim_time(self) -> float:
        """Simulated seconds since the (first) start; frozen while stopped."""
        wb = self._wall_base
        if wb is None:
            return self._sim_base
        return self._sim_base + (time.monotonic() - wb) * self.speed

    def plant_clock(self) -> float:
        """The simulated plant's time as a Unix time (``epoch + sim_time``): what a station watching this
        plant must stamp its samples with, so that every figure (cycle times, alarm delays, KPIs, time
        to a limit) means the same at any ``speed``.  Before the first start: the wall clock."""
        return time.time() if self._epoch is None else self._epoch + self.sim_time

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def epoch(self) -> float:
        """Unix time of simulated second 0."""
        return self._epoch if self._epoch is not None else 0.0

    @property
    def unit_ids(self) -> dict[str, int]:
        """Equipment id -> Modbus unit id, for every simulated machine."""
        return {u.eq.id: uid for uid, u in self._units.items()}

    def values(self) -> dict[str, object]:
        """The latest simulated engineering values by tag key (after the last tick; NaN for a dropout).
        Plant-written tags (setpoints, command coils) are included as last read back."""
        return dict(self._values)

    # ------------------------------------------------------------------ faults
    def _resolve(self, spec: FaultSpec, start: float) -> FaultInterval:
        if spec.name not in FAULTS:
            raise ValueError(f"unknown fault {spec.name!r} (known: {', '.join(FAULTS)})")
        if spec.equipment_id is not None:
            unit = self._by_eq.get(spec.equipment_id)
            if unit is None:
                raise ValueError(f"fault {spec.name}: no simulated equipment {spec.equipment_id!r} "
                                 f"(have: {', '.join(self._by_eq)})")
            candidates = [unit]
        else:
            candidates = list(self._by_eq.values())
        tag = None
        if spec.name in PRESS_FAULTS:
            candidates = [u for u in candidates if u.eq.kind == "press"]
            if not candidates:
                raise ValueError(f"fault {spec.name} applies to a press; "
                                 f"{spec.equipment_id or 'the plant'} has none")
        elif spec.name in CASTER_FAULTS:
            candidates = [u for u in candidates if u.eq.kind == "caster"]
            if not candidates:
                raise ValueError(f"fault {spec.name} applies to a caster; "
                                 f"{spec.equipment_id or 'the plant'} has none")
        elif spec.name == "sensor_dropout":
            found = []
            for u in candidates:
                t = self._dropout_tag(u, spec.tag)
                if t is not None:
                    found.append((u, t))
            if not found:
                raise ValueError(f"fault sensor_dropout: no float sensor "
                                 f"{spec.tag or ''} on {spec.equipment_id or 'any equipment'}".replace("  ", " "))
            candidates, tag = [found[0][0]], found[0][1]
        unit = candidates[0]
        duration = spec.duration_s
        end = INF if duration is None else start + duration
        return FaultInterval(spec.name, unit.eq.id, float(start), end, tag, duration)

    @staticmethod
    def _dropout_tag(unit: _Unit, name: str | None) -> str | None:
        floats = {t.name: t for t, _, _ in unit.outputs if t.type in ("float32", "float64")}
        if name is not None:
            return name if name in floats else None
        for preferred in ("bushing_temp", "die_temp"):
            if preferred in floats:
                return preferred
        return next(iter(floats), None)

    def inject(self, name: str, equipment_id: str | None = None, duration_s: float | None = None,
               tag: str | None = None) -> FaultSpec:
        """Start fault ``name`` now (simulated time); returns it resolved (equipment, tag, start)."""
        if duration_s is not None and not duration_s > 0:
            raise ValueError("duration_s must be greater than 0")
        now = self.sim_time
        iv = self._resolve(FaultSpec(name, now, equipment_id, duration_s, tag), now)
        with self._lock:
            self._timeline.intervals.append(iv)
        self._update_silent(now)
        return iv.spec()

    def clear(self, name: str, equipment_id: str | None = None) -> int:
        """End fault ``name`` (on ``equipment_id``, or everywhere) now, and drop its scheduled ones.
        Returns how many were active or pending."""
        now = self.sim_time
        n = 0
        with self._lock:
            kept = []
            for iv in self._timeline.intervals:
                if iv.name == name and (equipment_id is None or iv.equipment_id == equipment_id) and iv.end > now:
                    n += 1
                    if iv.start < now:
                        # keep the past part, so the physics up to now is unchanged
                        kept.append(FaultInterval(iv.name, iv.equipment_id, iv.start, now, iv.tag, now - iv.start))
                    continue
                kept.append(iv)
            self._timeline = FaultTimeline(kept)
        self._update_silent(now)
        return n

    def active_faults(self) -> list[FaultSpec]:
        """Faults in force now: at_s is the (simulated) start, equipment and tag resolved."""
        now = self.sim_time
        with self._lock:
            return [iv.spec() for iv in self._timeline.intervals if iv.active(now)]

    def scheduled_faults(self) -> list[FaultSpec]:
        """Faults that have not started yet."""
        now = self.sim_time
        with self._lock:
            return [iv.spec() for iv in self._timeline.intervals if iv.start > now]

    def _update_silent(self, now: float) -> None:
        with self._lock:
            offline = {iv.equipment_id for iv in self._timeline.intervals
                       if iv.name == "device_offline" and iv.active(now)}
        self._silent = frozenset(u.unit_id for u in self._units.values() if u.eq.id in offline)

    # ------------------------------------------------------------------ parts
    def on_part(self, callback: PartCallback) -> PartCallback:
        """Call ``callback(equipment_id, serial, sim_ts, good, params)`` for every part a caster completes.

        Called from the simulator thread: it must not block.  Returns ``callback`` (usable as decorator).
        """
        with self._lock:
            self._part_callbacks.append(callback)
        return callback

    # ------------------------------------------------------------------ server
    def _trace_pdu(self, sending: bool, pdu):
        # received request for an offline or unknown unit: drop it, the handler then answers nothing
        if not sending and (pdu.dev_id in self._silent or pdu.dev_id not in self._unit_ids):
            return None
        return pdu

    def start(self) -> None:
        """Start serving in a daemon thread; returns once listening. Raises OSError if the port is taken."""
        with self._life_lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if self._thread is not None:
            raise RuntimeError("simulator already running")
        self._fix_epoch()
        self._stop_event.clear()
        loop = asyncio.new_event_loop()
        ready: dict[str, object] = {}
        started = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._open(ready))
            except BaseException as exc:  # noqa: BLE001 - handed to start()
                ready["error"] = exc
                started.set()
                loop.close()
                return
            started.set()
            try:
                loop.run_forever()
            finally:
                try:
                    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
                    for t in pending:
                        t.cancel()
                    if pending:
                        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                finally:
                    loop.close()

        thread = threading.Thread(target=run, name="lineside-simulator", daemon=True)
        thread.start()
        started.wait()
        if "error" in ready:
            thread.join(timeout=5)
            self._sim_base, self._wall_base = self.sim_time, None
            exc = ready["error"]
            if isinstance(exc, OSError):
                raise exc
            raise OSError(f"simulator cannot listen on {self.host}:{self.port}: {exc}") from exc
        self._loop, self._thread = loop, thread
        self._started_once = True

    def _fix_epoch(self) -> None:
        if self._epoch is None:
            self._epoch = time.time()
        if not self._started_once:
            for u in self._units.values():
                u.model.epoch = self._epoch
            for m in self._opc.values():
                m.epoch = self._epoch
            self.truth.set_epoch(self._epoch)

    # ------------------------------------------------------------------ simulated time without a server
    def advance_to(self, sim_t: float) -> None:
        """Run the physics up to simulated second ``sim_t`` without serving (a stopped simulator only): the
        registers are plain lists that :meth:`read_registers` reads, and the clock stands at ``sim_t``.
        Used to run a station against the plant faster than any wall clock (benches, tests)."""
        if self.running:
            raise RuntimeError("advance_to() drives a stopped simulator; this one is serving")
        with self._life_lock:
            if not self._started_once:
                self._fix_epoch()
                self._started_once = True
                for u in self._units.values():
                    u.detach()
                    u.write_inputs()
            elif not next(iter(self._units.values())).live:
                for u in self._units.values():
                    u.detach()
                    u.write_inputs()
            self._sim_base = max(self._sim_base, float(sim_t))
            self._tick()

    def running_time_to(self, equipment_id: str, tag: str, limit: float, *, above: bool = True,
                        max_s: float = 6 * 3600.0) -> float | None:
        """The counterfactual truth a running-time forecast claims: simulated seconds until ``tag`` of
        ``equipment_id`` reaches ``limit`` (from below when ``above``) if the machine ran on from now without a
        stop, the faults in force continuing.  A copy of the machine is stepped; the plant is untouched.  None:
        not within ``max_s``, or the machine is not running now."""
        import copy

        unit = self._by_eq[equipment_id]
        with self._lock:
            timeline = FaultTimeline(list(self._timeline.intervals))
        m = copy.deepcopy(unit.model, {id(unit.model.truth): None, id(unit.model.eq): unit.model.eq})
        if getattr(m, "state", None) not in (None, 1):
            return None
        if hasattr(m, "next_stop"):
            m.next_stop = INF
        t0, h = m.t, self.step_s
        steps = int(max_s / h)
        for i in range(1, steps + 1):
            t = t0 + i * h
            m.step(t, h, timeline)
            m.t = t
            if hasattr(m, "next_stop"):
                m.next_stop = INF
            v = m.outputs().get(tag)
            if v is not None and ((v >= limit) if above else (v <= limit)):
                return t - t0
        return None

    def is_silent(self, equipment_id: str) -> bool:
        """True while ``equipment_id`` does not answer (a ``device_offline`` fault)."""
        u = self._by_eq.get(equipment_id)
        return u is not None and u.unit_id in self._silent

    def read_registers(self, equipment_id: str, table: str, start: int, count: int) -> list[int]:
        """What a Modbus read of ``count`` registers (bits for coils and discrete inputs) from ``start`` of
        ``table`` would answer now (after :meth:`advance_to`)."""
        u = self._by_eq[equipment_id]
        k = _TABLE_KEY[table]
        if k in ("c", "d"):
            regs = u.live[k]
            return [(regs[a // 16] >> (a % 16)) & 1 if a // 16 < len(regs) else 0 for a in range(start, start + count)]
        return list(u._get(k, start, count))

    def write_register_value(self, key: str, value) -> None:
        """Write a plant-written tag while driven by :meth:`advance_to` (as :meth:`write` does when serving)."""
        eid, _, name = key.partition(".")
        unit = self._by_eq[eid]
        tag, k, _ = next(e for e in unit.inputs if e[0].name == name)
        unit._put(k, tag.address, make_encoder(tag, saturate=True)(value))

    async def _open(self, ready: dict) -> None:
        from pymodbus.server import ModbusTcpServer

        devices = [u.simdevice() for u in self._units.values()]
        server = ModbusTcpServer(devices, address=(self.host, self.port), trace_pdu=self._trace_pdu)
        for uid, u in self._units.items():
            u.attach(server.context.devices[uid])
            u.write_inputs()
        self._wall_base = time.monotonic()
        self._tick()  # registers hold plausible values before the first request
        try:
            await server.serve_forever(background=True)
        except RuntimeError as exc:
            raise OSError(f"simulator cannot listen on {self.host}:{self.port} (port in use?)") from exc
        sockets = server.transport.sockets if server.transport is not None else ()
        if sockets:
            self.port = sockets[0].getsockname()[1]
        self._server = server
        if self._opc:
            await self._open_opcua()
        self._ticker = asyncio.get_running_loop().create_task(self._tick_loop())

    # ------------------------------------------------------------------ OPC UA
    @property
    def opcua_endpoint(self) -> str | None:
        """Where the OPC UA machines are served (None: the plant has none, or not started yet)."""
        return f"opc.tcp://{self.host}:{self.opcua_port}/lineside/sim" if self._opc and self.opcua_port else None

    def served_plant(self, plant: PlantConfig | None = None) -> PlantConfig:
        """``plant`` (default: the simulated one) with every Modbus-TCP and OPC UA connection pointing at this
        simulator (start it first)."""
        return with_port(plant or self.plant, self.host, self.port, opcua_endpoint=self.opcua_endpoint)

    async def _open_opcua(self) -> None:
        from asyncua import Server, ua

        logging.getLogger("asyncua").setLevel(logging.ERROR)  # "no encrypting policy": security None, by design
        if not self.opcua_port:
            import socket

            with socket.socket() as sock:
                sock.bind((self.host, 0))
                self.opcua_port = sock.getsockname()[1]
        srv = Server()
        await srv.init()
        srv.set_endpoint(f"opc.tcp://{self.host}:{self.opcua_port}/lineside/sim")
        srv.set_server_name("Lineside simulator")
        srv.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        ns = await srv.register_namespace("urn:lineside:simulator")
        vtypes = {"bool": ua.VariantType.Boolean, "int16": ua.VariantType.Int16, "uint16": ua.VariantType.UInt16,
                  "int32": ua.VariantType.Int32, "uint32": ua.VariantType.UInt32, "float32": ua.VariantType.Float,
                  "float64": ua.VariantType.Double, "string": ua.VariantType.String}
        self._opc_nodes = {}
        for eid, m in self._opc.items():
            obj = await srv.nodes.objects.add_object(ua.NodeId(eid, ns), ua.QualifiedName(eid, ns))
            for t in m.eq.tags:
                vt = vtypes[t.type]
                nodeid = ua.NodeId(t.node.split(";s=", 1)[1], ns)
                value = m.values.get(t.name, m.default_input(t))
                var = await obj.add_variable(nodeid, ua.QualifiedName(t.name, ns), ua.Variant(_opc_value(t, value), vt))
                if t.writable:
                    await var.set_writable()
                self._opc_nodes[t.key] = (nodeid, vt, t)
        try:
            await srv.start()
        except OSError as exc:
            raise OSError(f"simulator cannot serve OPC UA on {self.host}:{self.opcua_port} (port in use?)") from exc
        self._opc_server = srv

    async def _opc_push(self, values: dict[str, object]) -> None:
        from asyncua import ua

        srv = self._opc_server
        if srv is None:
            return
        for key, (nodeid, vt, tag) in self._opc_nodes.items():
            if tag.writable or key not in values:
                continue
            try:
                await srv.write_attribute_value(nodeid, ua.DataValue(ua.Variant(_opc_value(tag, values[key]), vt)))
            except Exception:  # noqa: BLE001 - a value that does not fit: keep serving the others
                log.debug("simulator: OPC UA value of %s not written", key, exc_info=True)

    async def _close_opcua(self) -> None:
        srv, self._opc_server = self._opc_server, None
        if srv is None:
            return
        bs = srv.bserver
        if bs is not None and getattr(bs, "_server", None) is not None:
            bs._server.close()  # no new connections while stopping (Python 3.11's wait_closed would wait for them)
        try:
            await asyncio.wait_for(srv.stop(), 5.0)
        except (asyncio.TimeoutError, Exception):  # noqa: BLE001
            for transport in list(srv.iserver.asyncio_transports):
                transport.abort()

    async def _tick_loop(self) -> None:
        next_at = time.monotonic()
        while True:
            next_at += TICK_S
            delay = next_at - time.monotonic()
            if delay < 0:  # late (busy machine): do not try to catch up tick by tick
                next_at, delay = time.monotonic(), 0.0
            await asyncio.sleep(delay)
            try:
                self._tick()
            except Exception:  # noqa: BLE001 - keep simulating whatever happens
                log.exception("simulator tick failed")

    def _tick(self) -> None:
        now = self.sim_time
        with self._lock:
            timeline = FaultTimeline(list(self._timeline.intervals))
            callbacks = list(self._part_callbacks)
        self._update_silent(now)
        dropped: dict[str, set[str]] = {}
        for iv in timeline.active(now):
            if iv.name == "sensor_dropout" and iv.tag:
                dropped.setdefault(iv.equipment_id, set()).add(iv.tag)
        values: dict[str, object] = {}
        parts = []
        for u in self._units.values():
            u.read_inputs()
            u.model.advance(now, self.step_s, timeline)
            drop = dropped.get(u.eq.id, set())
            u.publish(u.model.values, drop)
            if u.model.truth is not None:
                u.model.truth.record_values(u.model.t, u.model.values)
            eid = u.eq.id
            for name, v in u.model.values.items():
                values[f"{eid}.{name}"] = math.nan if name in drop else v
            for name, v in u.model.inputs.items():
                values[f"{eid}.{name}"] = v
            if u.model.parts:
                parts.extend((eid, p) for p in u.model.parts)
                u.model.parts.clear()
        for eid, m in self._opc.items():
            m.advance(now, self.step_s, timeline)
            for name, v in m.values.items():
                values[f"{eid}.{name}"] = v
            if hasattr(m, "arrive"):
                for _src, (serial, t, _good, _params) in parts:
                    m.arrive(serial, t)
        self._values = values
        if self._opc_server is not None:
            asyncio.get_running_loop().create_task(self._opc_push(values))
        for eid, (serial, t, good, params) in parts:
            for cb in callbacks:
                try:
                    cb(eid, serial, self.epoch + t, good, dict(params))
                except Exception:  # noqa: BLE001
                    log.exception("part callback %r failed", cb)

    def write(self, key: str, value) -> None:
        """Write a plant-written tag (setpoint, command coil) as a Modbus client would. Thread-safe."""
        eid, _, name = key.partition(".")
        unit = self._by_eq.get(eid)
        entry = None if unit is None else next((e for e in unit.inputs if e[0].name == name), None)
        if entry is None:
            raise KeyError(f"{key}: not a writable (holding register / coil) tag of a simulated machine")
        tag, k, _ = entry
        loop = self._loop
        if loop is None or not self.running:
            with self._lock:
                unit.model.inputs[name] = value
            return

        async def do() -> None:
            unit._put(k, tag.address, make_encoder(tag, saturate=True)(value))

        asyncio.run_coroutine_threadsafe(do(), loop).result(timeout=5)

    def stop(self) -> None:
        """Stop serving and free the port (open client connections are closed). Idempotent."""
        if self._thread is not None and threading.current_thread() is self._thread:
            raise RuntimeError("LineSimulator.stop() cannot be called from a simulator callback")
        self._stop_event.set()
        with self._life_lock:
            self._stop_locked()

    def _stop_locked(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return

        async def shutdown() -> None:
            if self._ticker is not None:
                self._ticker.cancel()
            await self._close_opcua()
            for u in self._units.values():
                if u.live:
                    u.read_inputs()
            if self._server is not None:
                await self._server.shutdown()
                transport = self._server.transport
                if transport is not None and hasattr(transport, "wait_closed"):
                    try:
                        await asyncio.wait_for(transport.wait_closed(), 2.0)
                    except (asyncio.TimeoutError, Exception):  # noqa: BLE001
                        pass

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(timeout=10)
        except Exception:  # noqa: BLE001
            log.exception("simulator shutdown")
        finally:
            self._sim_base, self._wall_base = self.sim_time, None
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            self._server = None
            self._ticker = None
            self._loop = self._thread = None
            for u in self._units.values():
                u.live = {}

    def serve_forever(self) -> None:
        """Start (if needed) and block until :meth:`stop` (from another thread) or KeyboardInterrupt."""
        if not self.running:
            self.start()
        try:
            while not self._stop_event.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> "LineSimulator":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
