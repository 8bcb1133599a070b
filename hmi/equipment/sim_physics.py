"""Plant physics for the line simulator: presses, low-pressure casters and generic signals. Qt-free.

Pure models, no networking: :mod:`hmi.equipment.simulator` serves them over Modbus TCP.

Every model advances in fixed steps of simulated time (``h`` seconds, chosen by the simulator from the
speed) and draws its randomness from its own :class:`numpy.random.Generator`, so the trajectory at each
step is a function of the seed, the step size and the fault timeline only: not of when the wall-clock
ticks happen.  Values are engineering values keyed by tag name; the simulator encodes them.

Faults (names in :data:`FAULTS`) are described by :class:`FaultSpec`; the physics ones
(``lubrication_loss``, ``bearing_wear``, ``burner_fault``, ``machine_stop``: the machine stands in its fault state while
the fault lasts) act here through :class:`FaultTimeline`, the communication
and sensor ones (``device_offline``, ``sensor_dropout``) are applied by the simulator.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from hmi.config import BIT_TABLES, EquipmentConfig, TagConfig

FAULTS = ("lubrication_loss", "bearing_wear", "burner_fault", "sensor_dropout", "device_offline", "machine_stop")
#: faults that only make sense on a press
PRESS_FAULTS = ("lubrication_loss", "bearing_wear")
#: faults that only make sense on a caster
CASTER_FAULTS = ("burner_fault",)
#: burner_fault: the holding furnace loses this much heat, in °C of melt temperature per hour (the furnace
#: controller's setpoint still stands; the operator compensates by raising it)
BURNER_LOSS_PER_H = 12.0
INF = float("inf")


# ----------------------------------------------------------------------------------------- faults
@dataclass(frozen=True, slots=True)
class FaultSpec:
    """A fault: ``name`` (one of :data:`FAULTS`) starting ``at_s`` simulated seconds after the start.

    ``equipment_id`` None means the first equipment the fault applies to; ``duration_s`` None means
    until cleared; ``tag`` (sensor_dropout only) names the sensor, default: the equipment's main one.
    """

    name: str
    at_s: float
    equipment_id: str | None = None
    duration_s: float | None = None
    tag: str | None = None

    @property
    def end_s(self) -> float:
        return INF if self.duration_s is None else self.at_s + self.duration_s


_TIME = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(ms|s|m|min|h)?\s*$")
_UNITS = {None: 1.0, "s": 1.0, "ms": 0.001, "m": 60.0, "min": 60.0, "h": 3600.0}


def _parse_time(text: str, what: str, spec: str) -> float:
    m = _TIME.match(text)
    if not m:
        raise ValueError(f"fault {spec!r}: {what} {text!r} is not a time (e.g. 600, 10min, 2h)")
    return float(m.group(1)) * _UNITS[m.group(2)]


def parse_fault(spec: str) -> FaultSpec:
    """Parse ``NAME[:EQUIPMENT[.TAG]]@START[+DURATION]`` (simulated seconds; s/min/h suffixes allowed).

    >>> parse_fault("device_offline:press1@120+60")
    FaultSpec(name='device_offline', at_s=120.0, equipment_id='press1', duration_s=60.0, tag=None)
    """
    if not isinstance(spec, str) or "@" not in spec:
        raise ValueError(f"fault {spec!r}: expected NAME[:EQUIPMENT]@START[+DURATION], e.g. lubrication_loss@600")
    head, _, when = spec.strip().partition("@")
    name, _, target = head.partition(":")
    name = name.strip()
    if name not in FAULTS:
        raise ValueError(f"fault {spec!r}: unknown fault {name!r} (known: {', '.join(FAULTS)})")
    start_text, plus, dur_text = when.partition("+")
    at_s = _parse_time(start_text, "start", spec)
    duration = _parse_time(dur_text, "duration", spec) if plus else None
    if duration is not None and duration <= 0:
        raise ValueError(f"fault {spec!r}: duration must be greater than 0")
    equipment_id, tag = None, None
    target = target.strip()
    if target:
        equipment_id, dot, tag_name = target.partition(".")
        if dot:
            if name != "sensor_dropout":
                raise ValueError(f"fault {spec!r}: only sensor_dropout takes a tag (EQUIPMENT.TAG)")
            tag = tag_name or None
        if not equipment_id:
            raise ValueError(f"fault {spec!r}: empty equipment id")
    return FaultSpec(name=name, at_s=at_s, equipment_id=equipment_id, duration_s=duration, tag=tag)


@dataclass(slots=True)
class FaultInterval:
    """A resolved fault on one equipment, active for start <= t < end (simulated seconds)."""

    name: str
    equipment_id: str
    start: float
    end: float = INF
    tag: str | None = None
    duration_s: float | None = None

    def active(self, t: float) -> bool:
        return self.start <= t < self.end

    def spec(self) -> FaultSpec:
        return FaultSpec(self.name, self.start, self.equipment_id, self.duration_s, self.tag)


class FaultTimeline:
    """The faults of one run. Read by the models each step; changed by the simulator under its lock."""

    def __init__(self, intervals: Iterable[FaultInterval] = ()):
        self.intervals: list[FaultInterval] = list(intervals)

    def onset(self, name: str, equipment_id: str, t: float) -> float | None:
        """Start time of the active fault ``name`` on ``equipment_id`` at ``t`` (earliest), else None."""
        best = None
        for iv in self.intervals:
            if iv.name == name and iv.equipment_id == equipment_id and iv.start <= t < iv.end:
                if best is None or iv.start < best:
                    best = iv.start
        return best

    def active(self, t: float) -> list[FaultInterval]:
        return [iv for iv in self.intervals if iv.active(t)]


# ----------------------------------------------------------------------------------------- helpers
class _Noise:
    """Buffered standard normals and uniforms from one generator (fast scalar draws, same sequence)."""

    __slots__ = ("rng", "_n", "_ni", "_u", "_ui")
    _SIZE = 4096

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self._n: list[float] = []
        self._ni = 0
        self._u: list[float] = []
        self._ui = 0

    def n(self) -> float:
        if self._ni >= len(self._n):
            self._n = self.rng.standard_normal(self._SIZE).tolist()
            self._ni = 0
        v = self._n[self._ni]
        self._ni += 1
        return v

    def u(self) -> float:
        if self._ui >= len(self._u):
            self._u = self.rng.random(self._SIZE).tolist()
            self._ui = 0
        v = self._u[self._ui]
        self._ui += 1
        return v

    def exp(self, mean: float) -> float:
        return -mean * math.log(1.0 - self.u())

    def uniform(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self.u()


def _relax(x: float, target: float, h: float, tau: float) -> float:
    """Exact first-order lag step: x moves toward target with time constant tau over h."""
    return target + (x - target) * math.exp(-h / tau)


def _ou(x: float, h: float, tau: float, sigma: float, noise: _Noise) -> float:
    """Exact Ornstein-Uhlenbeck step around 0 with stationary std ``sigma``."""
    a = math.exp(-h / tau)
    return x * a + sigma * math.sqrt(1.0 - a * a) * noise.n()


U32 = 1 << 32
RUNNING, IDLE, FAULT = 1, 0, 2
_COUNTER_WORDS = ("count", "counter", "total", "totalizer")
_COUNTER_UNITS = {"parts", "strokes", "cycles", "counts", "pcs", "pieces"}


def is_counter(tag: TagConfig) -> bool:
    """Heuristic: an integer tag that counts (name or unit says so)."""
    if tag.type not in ("int16", "uint16", "int32", "uint32"):
        return False
    name = tag.name.lower()
    return any(w in name for w in _COUNTER_WORDS) or tag.unit.lower() in _COUNTER_UNITS


def is_input(tag: TagConfig) -> bool:
    """A tag the plant writes and the simulator must honour (setpoint, command coil, writable OPC UA node)."""
    return tag.writable and (tag.table in ("holding_register", "coil") or bool(tag.node))


# ----------------------------------------------------------------------------------------- generic
class GenericSignals:
    """Signals for any tags: sine + noise in the normal range (or 0..100), counters, slow bools.

    Values are a closed form of simulated time plus noise from a counter-based generator keyed by the
    seed and the step index, so they are deterministic for a given seed and step.
    """

    def __init__(self, tags: Iterable[TagConfig], seed: int, stream: int):
        self.tags = list(tags)
        self.key = [int(seed) & 0xFFFFFFFFFFFFFFFF, int(stream)]
        rng = np.random.Generator(np.random.PCG64([int(seed) & 0xFFFFFFFF, int(stream), 7]))
        self.numeric: list[TagConfig] = []
        self.counters: list[TagConfig] = []
        self.bools: list[TagConfig] = []
        self.strings: list[TagConfig] = []
        self.states: list[TagConfig] = []
        for t in self.tags:
            if t.type == "bool" or t.table in BIT_TABLES:
                self.bools.append(t)
            elif t.type == "string":
                self.strings.append(t)
            elif t.name.lower() == "state" and t.normal_range is None:
                self.states.append(t)
            elif is_counter(t):
                self.counters.append(t)
            else:
                self.numeric.append(t)
        n = len(self.numeric)
        lo = np.array([(t.normal_range or (0.0, 100.0))[0] for t in self.numeric], dtype=float)
        hi = np.array([(t.normal_range or (0.0, 100.0))[1] for t in self.numeric], dtype=float)
        self.mid = (lo + hi) / 2.0
        self.amp = 0.3 * (hi - lo)
        self.sigma = 0.02 * (hi - lo)
        self.period = rng.uniform(60.0, 1800.0, n)
        self.phase = rng.uniform(0.0, 2 * math.pi, n)
        self.is_int = np.array([t.type.startswith(("int", "uint")) for t in self.numeric], dtype=bool)
        m = len(self.counters)
        self.rate = rng.uniform(0.05, 2.0, m)  # counts per simulated second
        self.count0 = rng.integers(0, 100_000, m).astype(float)
        k = len(self.bools)
        self.bperiod = rng.uniform(60.0, 900.0, k)
        self.bphase = rng.uniform(0.0, 2 * math.pi, k)

    def sample(self, t: float, step: int) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.numeric:
            g = np.random.Generator(np.random.Philox(key=self.key, counter=[int(step), 0, 0, 0]))
            v = self.mid + self.amp * np.sin(2 * math.pi * t / self.period + self.phase)
            v = v + self.sigma * g.standard_normal(len(self.numeric))
            for tag, x in zip(self.numeric, v.tolist()):
                out[tag.name] = x
        if self.counters:
            c = (self.count0 + np.floor(self.rate * t)).tolist()
            for tag, x in zip(self.counters, c):
                mod = {"int16": 1 << 15, "uint16": 1 << 16, "int32": 1 << 31, "uint32": U32}[tag.type]
                out[tag.name] = (int(x) % mod) * tag.scale + tag.offset
        if self.bools:
            b = (np.sin(2 * math.pi * t / self.bperiod + self.bphase) > 0).tolist()
            for tag, x in zip(self.bools, b):
                out[tag.name] = bool(x)
        for tag in self.strings:
            out[tag.name] = f"B{int(t // 600) % 1_000_000:06d}"[: 2 * tag.length]
        for tag in self.states:
            out[tag.name] = RUNNING
        return out


# ----------------------------------------------------------------------------------------- base
class EquipmentModel:
    """One machine. ``advance(t, h, faults)`` steps it to simulated time ``t``; ``values`` holds the result.

    ``inputs`` holds the plant-written tags (setpoints, command coils) by name; the simulator refreshes
    it from the registers before each advance.  Tags a model does not know are generic signals.
    """

    kind = "generic"
    #: tag names this model computes itself
    HANDLED: frozenset[str] = frozenset()

    def __init__(self, eq: EquipmentConfig, *, seed: int = 0, stream: int = 0, epoch: float | None = None):
        self.eq = eq
        self.id = eq.id
        self.epoch = time.time() if epoch is None else float(epoch)
        ss = np.random.SeedSequence([int(seed) & 0xFFFFFFFF, int(stream)])
        self.rng = np.random.Generator(np.random.PCG64(ss))
        self.noise = _Noise(self.rng)
        self.t = 0.0
        self.step_index = 0
        self.tag_names = {t.name for t in eq.tags}
        self.inputs: dict[str, object] = {}
        self.values: dict[str, object] = {}
        handled = self.HANDLED
        self.generic = GenericSignals(
            [t for t in eq.tags if t.name not in handled and not is_input(t)], seed, 1000 + stream)
        for t in eq.tags:
            if is_input(t):
                self.inputs[t.name] = self.default_input(t)
        # parts completed since the simulator last drained them: (serial, sim_t, good, params)
        self.parts: list[tuple[str, float, bool, dict]] = []
        #: the ground-truth record (:class:`hmi.equipment.truth.MachineTruth`) told about every step, or None
        self.truth = None

    # -------------------------------------------------------------- inputs
    def default_input(self, tag: TagConfig) -> object:
        if tag.type == "bool":
            return False
        if tag.type == "string":
            return ""
        lo, hi = tag.normal_range or (0.0, 100.0)
        return (lo + hi) / 2.0

    def input(self, name: str, default):
        v = self.inputs.get(name, default)
        if isinstance(v, float) and not math.isfinite(v):
            return default
        return v

    # -------------------------------------------------------------- stepping
    def advance(self, t_target: float, h: float, faults: FaultTimeline) -> int:
        """Step to the last multiple of ``h`` not after ``t_target``. Returns the number of steps."""
        n = int(math.floor(t_target / h + 1e-9)) - self.step_index
        for _ in range(max(0, n)):
            self.step_index += 1
            t = self.step_index * h
            self.step(t, h, faults)
            self.t = t
            if self.truth is not None:
                self.truth.observe(self, t)
        if n > 0 or not self.values:
            out = self.generic.sample(self.t, self.step_index)
            out.update(self.outputs())
            self.values = {k: v for k, v in out.items() if k in self.tag_names}
        return max(0, n)

    def step(self, t: float, h: float, faults: FaultTimeline) -> None:
        """Integrate over (t - h, t]."""

    def outputs(self) -> dict[str, object]:
        return {}

    def true_counts(self) -> tuple[int, int] | None:
        """(good, defect) counters as the machine has them now (None: the model makes no parts)."""
        return None

    def true_state(self) -> int | None:
        """The machine's real state now (RUNNING, IDLE, FAULT; None: the model has no state)."""
        return None

    def sim_date(self, t: float) -> str:
        return time.strftime("%y%m%d", time.gmtime(self.epoch + t))


class GenericModel(EquipmentModel):
    kind = "generic"


# ----------------------------------------------------------------------------------------- press
class PressModel(EquipmentModel):
    """Mechanical press: running mostly, short idle stops and rare faults; strokes at the setpoint.

    Bushing temperature: first-order model (tau 15 min) toward ambient + heat from stroking scaled by a
    friction factor; starved lubrication adds friction and galling that grows over hours.
    """

    kind = "press"
    HANDLED = frozenset({
        "bushing_temp", "vibration_rms", "peak_accel", "crest_factor", "stroke_count", "tonnage", "state",
        "good_count", "defect_count", "lube_pressure", "motor_current", "guard_closed",
    })
    AMBIENT = 22.0
    HEAT_IDLE = 4.0
    HEAT_RUN = 24.0  # K above ambient+idle at 30 spm, nominal friction
    TAU_THERMAL = 900.0
    GALLING_MAX = 3.5
    GALLING_TAU = 9000.0
    WEAR_TAU = 14400.0
    MEAN_RUN_S = 2400.0
    DEFECT_P = 0.015
    FIRST_STOP_MIN_S = 900.0

    def __init__(self, eq: EquipmentConfig, **kw):
        super().__init__(eq, **kw)
        nz = self.noise
        self.state = RUNNING
        self.state_until = INF
        self.next_stop = self.FIRST_STOP_MIN_S + nz.exp(self.MEAN_RUN_S)
        self.guard_open = False
        sp = float(self.input("spm_setpoint", 30.0))
        self.spm = sp
        self.stroke_acc = 0.0
        self.stroke_count = int(1_000_000 + nz.u() * 4_000_000)
        self.defect_count = int(self.stroke_count * 0.0155)
        self.good_count = self.stroke_count - self.defect_count
        self.lube = 4.0
        self.galling = 0.0
        self.ff = 1.0
        self.temp = self.AMBIENT + self.HEAT_IDLE + self.HEAT_RUN * sp / 30.0
        self.tonnage = 320.0
        self.wear = 0.0
        self.vib, self.acc_rms, self.crest = 2.0 * math.sqrt(sp / 30.0), 0.9 * math.sqrt(sp / 30.0), 3.0
        self.current = 45.0 + 35.0 * sp / 30.0
        self._state_out = RUNNING if sp > 0 else IDLE
        self._lube_meas = self.lube
        self._temp_meas = self.temp

    def default_input(self, tag: TagConfig) -> object:
        if tag.name == "spm_setpoint":
            return 30
        if tag.name == "lube_pump_on":
            return True
        return super().default_input(tag)

    def step(self, t: float, h: float, faults: FaultTimeline) -> None:
        nz = self.noise
        setpoint = max(0.0, min(120.0, float(self.input("spm_setpoint", 30.0))))
        pump_on = bool(self.input("lube_pump_on", True))
        if faults.onset("machine_stop", self.id, t) is not None:  # forced fault stop while it lasts
            self.state, self.state_until = FAULT, t + h

        # ---- state machine
        if self.state != RUNNING and t >= self.state_until:
            self.state = RUNNING
            self.next_stop = t + nz.exp(self.MEAN_RUN_S)
            self.guard_open = False
        elif self.state == RUNNING and t >= self.next_stop:
            if nz.u() < 0.85:
                self.state, self.state_until = IDLE, t + nz.uniform(60.0, 300.0)
                self.guard_open = nz.u() < 0.5
            else:
                self.state, self.state_until = FAULT, t + nz.uniform(300.0, 900.0)
        running = self.state == RUNNING and setpoint > 0.0
        state = self.state if (self.state != RUNNING or setpoint > 0.0) else IDLE

        # ---- stroking
        self.spm = _relax(self.spm, setpoint if running else 0.0, h, 2.0)
        self.stroke_acc += self.spm / 60.0 * h
        n = int(self.stroke_acc)
        if n:
            self.stroke_acc -= n
            p = self.DEFECT_P + 0.03 * self.wear + (0.02 if self.temp > 85.0 else 0.0)
            d = (1 if nz.u() < p else 0) if n == 1 else int(self.rng.binomial(n, p))
            self.stroke_count = (self.stroke_count + n) % U32
            self.defect_count = (self.defect_count + d) % U32
            self.good_count = (self.good_count + n - d) % U32
            self.tonnage = 320.0 + 6.0 * nz.n() + 8.0 * self.wear
        # ---- lubrication
        lube_onset = faults.onset("lubrication_loss", self.id, t)
        if lube_onset is not None:
            self.lube = _relax(self.lube, 0.5, h, 150.0)
        elif not pump_on:
            self.lube = _relax(self.lube, 0.2, h, 20.0)
        else:
            self.lube = _relax(self.lube, 4.0 - 0.01 * (self.temp - 50.0), h, 10.0)
        deficit = min(1.0, max(0.0, (3.5 - self.lube) / 3.0))
        if deficit > 0.0:
            self.galling = _relax(self.galling, self.GALLING_MAX, h, self.GALLING_TAU / deficit)
        else:
            self.galling = _relax(self.galling, 0.0, h, 1800.0)
        self.ff = 1.0 + deficit * (0.3 + self.galling)
        # ---- thermal
        ambient = self.AMBIENT + 3.0 * math.sin(2 * math.pi * ((self.epoch + t) % 86400.0) / 86400.0 - 2.0)
        heat = self.HEAT_IDLE + (self.HEAT_RUN * (self.spm / 30.0) * self.ff if self.spm > 0.5 else 0.0)
        self.temp = _relax(self.temp, ambient + heat, h, self.TAU_THERMAL)
        # ---- vibration
        wear_onset = faults.onset("bearing_wear", self.id, t)
        self.wear = 0.0 if wear_onset is None else 1.0 - math.exp(-(t - wear_onset) / self.WEAR_TAU)
        rf = math.sqrt(max(self.spm, 0.0) / 30.0) if self.spm > 0.5 else 0.12
        hot = 1.0 + max(0.0, self.temp - 70.0) / 150.0
        self.vib = max(0.0, 2.0 * rf * (1.0 + 1.8 * self.wear) * hot * (1.0 + 0.04 * nz.n()))
        self.acc_rms = max(0.01, 0.9 * rf * (1.0 + 1.0 * self.wear) * hot * (1.0 + 0.04 * nz.n()))
        self.crest = max(1.2, 3.0 * (1.0 + 0.6 * self.wear) * (1.0 + 0.04 * nz.n()))
        # ---- motor
        if state == FAULT:
            self.current = abs(0.3 * nz.n())
        elif running:
            self.current = 45.0 + 35.0 * (self.spm / 30.0) * (1.0 + 0.08 * (self.ff - 1.0)) + 1.5 * nz.n()
        else:
            self.current = 45.0 + 1.0 * nz.n()  # flywheel still turning
        self._state_out = state
        self._lube_meas = max(0.0, self.lube + 0.04 * nz.n())
        self._temp_meas = self.temp + 0.15 * nz.n()

    def true_counts(self) -> tuple[int, int]:
        return self.good_count, self.defect_count

    def true_state(self) -> int:
        return self._state_out

    def outputs(self) -> dict[str, object]:
        return {
            "bushing_temp": self._temp_meas,
            "vibration_rms": self.vib,
            "peak_accel": self.crest * self.acc_rms,
            "crest_factor": self.crest,
            "stroke_count": self.stroke_count,
            "tonnage": self.tonnage,
            "state": self._state_out,
            "good_count": self.good_count,
            "defect_count": self.defect_count,
            "lube_pressure": self._lube_meas,
            "motor_current": self.current,
            "guard_closed": not (self.state == IDLE and self.guard_open),
        }


# ----------------------------------------------------------------------------------------- caster
#: phase names of a low-pressure casting cycle, in order
CASTER_PHASES = ("fill", "pressurise", "hold", "release", "open")


class CasterModel(EquipmentModel):
    """Low-pressure casting cell, ~220 s cycle: fill, pressurise (0.8-1.0 bar), hold, release, open.

    Each completed cycle makes one part with a serial ``<prefix><yymmdd><5-digit sequence>`` (sequence
    restarts each simulated day), good or defect (~3 %, more when melt or die temperature is off).
    """

    kind = "caster"
    HANDLED = frozenset({
        "melt_temp", "die_temp", "pressure", "humidity", "cycle_count", "state", "good_count",
        "defect_count", "cycle_time", "part_serial",
        "part_done", "part_ok", "heat_number",  # traceability handshake (see _complete)
    })
    #: parts cast from one furnace charge (one heat number)
    PARTS_PER_HEAT = 40
    MELT_NOMINAL = 710.0
    MEAN_RUN_S = 3 * 3600.0
    FIRST_STOP_MIN_S = 1800.0
    DIE_COOL = 285.0
    TAU_DIE_HEAT = 70.0
    TAU_DIE_COOL = 55.0

    def __init__(self, eq: EquipmentConfig, **kw):
        super().__init__(eq, **kw)
        nz = self.noise
        digits = re.findall(r"\d+", eq.id)
        self.serial_prefix = (eq.kind[:1] or "C").upper() + (digits[-1] if digits else "1")
        self.state = RUNNING
        self.state_until = INF
        self.next_stop = self.FIRST_STOP_MIN_S + nz.exp(self.MEAN_RUN_S)
        self.pending_stop: tuple[int, float] | None = None
        self.cycle_count = int(20_000 + nz.u() * 50_000)
        self.defect_count = int(self.cycle_count * 0.03)
        self.good_count = self.cycle_count - self.defect_count
        self.melt_drift = 0.0
        sp = float(self.input("melt_setpoint", self.MELT_NOMINAL))
        self.melt = sp
        self.die = 345.0
        self.hum_dev = 0.0
        self.pressure = 0.0
        self.last_cycle_time = 220.0
        self.humidity = 45.0
        self.meas = (self.melt, self.die, 45.0)
        self.serial = ""
        self.serial_day = ""
        self.serial_seq = 0
        # traceability handshake: part_done counts finished parts (a change = "part done"), with
        # part_serial, part_ok (1 good, 0 defect) and heat_number of that part published together
        self.part_done = 0
        self.part_ok = 1
        self.heat_seq = 1
        self.heat_parts = 0
        self._new_cycle()
        self.tau = 0.0

    def default_input(self, tag: TagConfig) -> object:
        if tag.name == "melt_setpoint":
            return self.MELT_NOMINAL
        return super().default_input(tag)

    def _new_cycle(self) -> None:
        nz = self.noise
        self.durations = (22.0 + 2.0 * nz.n(), 18.0 + 1.5 * nz.n(), 120.0 + 4.0 * nz.n(),
                          10.0 + 1.0 * nz.n(), 50.0 + 4.0 * nz.n())
        self.durations = tuple(max(2.0, d) for d in self.durations)
        self.cycle_len = sum(self.durations)
        self.p_hold = nz.uniform(0.8, 1.0)
        self.tau = 0.0
        self.c_melt_sum = 0.0
        self.c_melt_n = 0
        self.c_die_fill = self.die
        self.c_die_max = self.die

    def phase(self) -> tuple[int, float]:
        """(phase index, seconds into the phase)."""
        x = self.tau
        for i, d in enumerate(self.durations):
            if x < d:
                return i, x
            x -= d
        return len(self.durations) - 1, self.durations[-1]

    def _complete(self, t: float, humidity: float) -> None:
        nz = self.noise
        melt_avg = self.c_melt_sum / max(1, self.c_melt_n)
        p = 0.03
        p += 0.04 * max(0.0, abs(melt_avg - self.MELT_NOMINAL) - 8.0) / 5.0
        if not 320.0 <= self.c_die_fill <= 440.0:
            p += 0.06
        if self.c_die_max > 460.0:
            p += 0.06
        p = min(0.6, p)
        good = nz.u() >= p
        self.cycle_count = (self.cycle_count + 1) % U32
        if good:
            self.good_count = (self.good_count + 1) % U32
        else:
            self.defect_count = (self.defect_count + 1) % U32
        self.last_cycle_time = self.cycle_len
        day = self.sim_date(t)
        if day != self.serial_day:
            self.serial_day, self.serial_seq = day, 0
        self.serial_seq += 1
        self.serial = f"{self.serial_prefix}{day}{self.serial_seq % 100000:05d}"
        self.heat_parts += 1
        if self.heat_parts > self.PARTS_PER_HEAT:
            self.heat_seq, self.heat_parts = self.heat_seq + 1, 1
        self.part_ok = 1 if good else 0
        self.part_done = (self.part_done + 1) % 65536
        params = {
            "melt_temp": round(melt_avg, 2),
            "die_temp_fill": round(self.c_die_fill, 2),
            "die_temp_max": round(self.c_die_max, 2),
            "hold_pressure": round(self.p_hold, 3),
            "cycle_time": round(self.cycle_len, 2),
            "humidity": round(humidity, 1),
            "melt_setpoint": float(self.input("melt_setpoint", self.MELT_NOMINAL)),
        }
        self.parts.append((self.serial, t, good, params))

    def step(self, t: float, h: float, faults: FaultTimeline) -> None:
        nz = self.noise
        sp = float(self.input("melt_setpoint", self.MELT_NOMINAL))
        sp = max(600.0, min(800.0, sp))
        # ---- slow process values
        self.melt_drift = _ou(self.melt_drift, h, 1800.0, 3.0, nz)
        burner = faults.onset("burner_fault", self.id, t)
        # a failing burner (fouled nozzle, weak flame): the melt settles lower and lower below the setpoint
        loss = 0.0 if burner is None else BURNER_LOSS_PER_H * (t - burner) / 3600.0
        self.melt = _relax(self.melt, sp + self.melt_drift - loss, h, 300.0)
        self.hum_dev = _ou(self.hum_dev, h, 3600.0, 3.0, nz)
        humidity = 45.0 + 8.0 * math.sin(2 * math.pi * ((self.epoch + t) % 86400.0) / 86400.0) + self.hum_dev
        self.humidity = min(65.0, max(25.0, humidity))
        # ---- state machine (stops at cycle boundaries; faults abort the cycle)
        if faults.onset("machine_stop", self.id, t) is not None:  # forced fault stop while it lasts
            self.state, self.state_until = FAULT, t + h
        if self.state != RUNNING:
            if t >= self.state_until:
                self.state = RUNNING
                self.next_stop = t + nz.exp(self.MEAN_RUN_S)
                self._new_cycle()
            else:
                self.die = _relax(self.die, 250.0, h, 900.0)
                self.pressure = 0.0
                self._measure()
                return
        if t >= self.next_stop and self.pending_stop is None:
            if nz.u() < 0.2:
                self.state, self.state_until = FAULT, t + nz.uniform(300.0, 900.0)
                self.next_stop = INF
                self.pressure = 0.0
                self._measure()
                return
            self.pending_stop = (IDLE, nz.uniform(300.0, 1200.0))
            self.next_stop = INF
        # ---- cycle
        remaining = h
        while remaining > 0.0:
            step = min(remaining, self.cycle_len - self.tau)
            i, _ = self.phase()
            contact = i <= 2
            target = 0.62 * self.melt if contact else self.DIE_COOL
            self.die = _relax(self.die, target, step, self.TAU_DIE_HEAT if contact else self.TAU_DIE_COOL)
            self.c_melt_sum += self.melt
            self.c_melt_n += 1
            self.c_die_max = max(self.c_die_max, self.die)
            self.tau += step
            remaining -= step
            if self.tau >= self.cycle_len - 1e-9:
                self._complete(t - remaining, self.humidity)
                if self.pending_stop is not None:
                    self.state, dur = self.pending_stop
                    self.state_until = t + dur
                    self.pending_stop = None
                    self.pressure = 0.0
                    self._measure()
                    return
                self._new_cycle()
        i, x = self.phase()
        d = self.durations[i]
        if i == 0:
            p = 0.35 * x / d
        elif i == 1:
            p = 0.35 + (self.p_hold - 0.35) * x / d
        elif i == 2:
            p = self.p_hold
        elif i == 3:
            p = self.p_hold * (1.0 - x / d)
        else:
            p = 0.0
        self.pressure = max(0.0, p + 0.006 * nz.n())
        if i == 0 and x <= h:
            self.c_die_fill = self.die
        self._measure()

    def _measure(self) -> None:
        nz = self.noise
        self.meas = (self.melt + 0.3 * nz.n(), self.die + 0.8 * nz.n(), self.humidity + 0.2 * nz.n())

    def true_counts(self) -> tuple[int, int]:
        return self.good_count, self.defect_count

    def true_state(self) -> int:
        return self.state

    def outputs(self) -> dict[str, object]:
        melt, die, humidity = self.meas
        return {
            "melt_temp": melt,
            "die_temp": die,
            "pressure": self.pressure,
            "humidity": humidity,
            "cycle_count": self.cycle_count,
            "state": self.state,
            "good_count": self.good_count,
            "defect_count": self.defect_count,
            "cycle_time": self.last_cycle_time,
            "part_serial": self.serial or f"{self.serial_prefix}{self.sim_date(self.t)}00000",
            "part_done": self.part_done,
            "part_ok": self.part_ok,
            "heat_number": self.heat_number,
        }

    @property
    def heat_number(self) -> str:
        """Heat number of the current furnace charge: ``H<yymmdd of the start><3-digit sequence>``."""
        return f"H{self.sim_date(0.0)}{self.heat_seq % 1000:03d}"


# ----------------------------------------------------------------------------------------- X-ray cabinet
class XrayCabinetModel(EquipmentModel):
    """The X-ray cabinet after the casting cell: every wheel the caster makes is loaded (door open
    :data:`DOOR_S`), inspected for :data:`INSPECT_S` with the tube at about 160 kV / 3 mA, and counted; the
    cabinet warms with its duty.  The simulator hands it the caster's parts (:meth:`arrive`).

    state: as every machine of the plant, 1 running (wheels keep coming; the tube is on only while one is
    inspected), 0 idle (no wheel for :data:`IDLE_AFTER_S`).  Tags: state,
    tube_voltage, tube_current, inspected_count, door_closed, cabinet_temp, last_serial."""

    kind = "xray"
    HANDLED = frozenset({"state", "tube_voltage", "tube_current", "inspected_count", "door_closed", "cabinet_temp",
                         "last_serial"})
    TRANSFER_S = 40.0  # from the casting cell's part-done to the cabinet
    DOOR_S = 8.0
    INSPECT_S = 45.0
    AMBIENT = 24.0
    HEAT = 14.0  # K above ambient at full duty
    TAU = 1800.0
    IDLE_AFTER_S = 600.0  # no wheel for this long: the cabinet stands idle (about three casting cycles)

    def __init__(self, eq: EquipmentConfig, **kw):
        super().__init__(eq, **kw)
        self.queue: list[tuple[float, str]] = []  # (arrival at the cabinet, serial)
        self.last_arrival = 0.0  # the line runs when the simulation starts
        self.busy_from = self.busy_until = -INF
        self.door_from = -INF
        self.current = ""
        self.serial = ""
        self.count = int(200_000 + self.noise.u() * 50_000)
        self.temp = self.AMBIENT + self.HEAT * self.INSPECT_S / 220.0
        self.kv = self.ma = 0.0

    def arrive(self, serial: str, t: float) -> None:
        """A part left the casting cell at simulated time ``t``."""
        self.queue.append((t + self.TRANSFER_S, serial))

    def step(self, t: float, h: float, faults: FaultTimeline) -> None:
        nz = self.noise
        if t >= self.busy_until and self.current:
            self.count += 1
            self.serial = self.current
            self.current = ""
        if not self.current and self.queue and self.queue[0][0] <= t and t >= self.busy_until:
            arrived, serial = self.queue.pop(0)
            self.last_arrival = arrived
            self.current = serial
            self.door_from = t
            self.busy_from = t + self.DOOR_S
            self.busy_until = self.busy_from + self.INSPECT_S
        on = self.busy_from <= t < self.busy_until
        self.kv = 160.0 + 0.4 * nz.n() if on else 0.0
        self.ma = 3.0 + 0.02 * nz.n() if on else 0.0
        target = self.AMBIENT + (self.HEAT if on else 0.0)
        self.temp += (target - self.temp) * (1.0 - math.exp(-h / self.TAU))

    def outputs(self) -> dict[str, object]:
        t = self.t
        on = self.busy_from <= t < self.busy_until
        running = on or t - self.last_arrival < self.IDLE_AFTER_S
        return {"state": RUNNING if running else IDLE, "tube_voltage": self.kv, "tube_current": self.ma,
                "inspected_count": self.count,
                "door_closed": not (self.door_from <= t < self.busy_from),
                "cabinet_temp": self.temp + 0.05 * self.noise.n(), "last_serial": self.serial}


MODELS: dict[str, type[EquipmentModel]] = {"press": PressModel, "caster": CasterModel, "xray": XrayCabinetModel}


def make_model(eq: EquipmentConfig, *, seed: int = 0, stream: int = 0, epoch: float | None = None) -> EquipmentModel:
    """The model for ``eq.kind`` (press, caster; anything else: generic signals)."""
    return MODELS.get(eq.kind, GenericModel)(eq, seed=seed, stream=stream, epoch=epoch)
