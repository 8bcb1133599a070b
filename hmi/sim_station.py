"""A station watching the simulated plant, both run in simulated time: hours of plant in seconds. Qt-free.

The demo runs the line simulator as a Modbus server and the station polls it in real time (``--speed`` plant
seconds per wall second).  A figure checked against the plant's truth over 8 plant hours cannot wait 8 hours,
so :class:`SimulatedStation` drives both sides from one simulated clock instead, with no socket in between:

* the simulator's physics advances in its ticks (0.1 wall seconds = ``0.1 x speed`` plant seconds each, with
  the physics step of that speed: :meth:`LineSimulator.advance_to`);
* every planned block is read every ``scan period`` plant seconds, as the poller would at that speed (its
  periods are plant time, at least ``MIN_SCAN_S`` of wall time), and goes through the poller's own codec,
  quality rules and sinks (:meth:`Poller.offline_read`); a silent device gives COMM_FAIL as a timeout would;
* an OPC UA machine's values (the X-ray cabinet) are taken from the simulator every scan period of their scan
  class and go through the same quality rules and sinks (:meth:`Poller.offline_values`);
* the alarm timers tick every 0.25 wall seconds of that speed, as the runtime's timer thread does;
* the maintenance scorer scores each batch in order (its worker would, with a queue in between).

Everything else is the station itself: the same :class:`~hmi.runtime.Runtime`, historian writer, alarm
engine and journal, KPI service and scorer.  What is left out is the Modbus transport, which the protocol
tests exercise against real peers.

    st = SimulatedStation(plant, "sqlite:///run.db", speed=10, faults=["lubrication_loss@2h"])
    with st:
        st.run_for(8 * 3600, every_s=60, observe=lambda now: ...)
        st.runtime.kpis.line_kpis("line1", t0, st.now)      # against st.truth.parts(...)
"""
from __future__ import annotations

import heapq
import logging
import time
from pathlib import Path
from typing import Callable, Iterable

from hmi.config import PlantConfig
from hmi.equipment.simulator import TICK_S, FaultSpec, LineSimulator
from hmi.runtime import Runtime

__all__ = ["SimulatedStation", "ALARM_TICK_WALL_S"]

log = logging.getLogger(__name__)

#: the runtime's alarm-timer period (wall seconds; see Runtime._tick_loop)
ALARM_TICK_WALL_S = 0.25


class SimulatedStation:
    """A :class:`Runtime` and a :class:`LineSimulator` driven together in simulated time (see the module doc).

    ``speed``        the demo speed being reproduced (plant seconds per wall second).
    ``start_epoch``  plant time of simulated second 0 (default: now, whole seconds).
    ``faults``       as for :class:`LineSimulator` (``"lubrication_loss@2h"``...).
    """

    def __init__(self, plant: PlantConfig, db_url: str | None = None, *, speed: float = 1.0,
                 faults: Iterable[FaultSpec | str] = (), seed: int = 0, start_epoch: float | None = None,
                 data_dir: str | Path | None = None):
        self.plant = plant
        self.speed = float(speed)
        self.epoch = float(int(time.time())) if start_epoch is None else float(start_epoch)
        self.now = self.epoch
        self.sim = LineSimulator(plant, port=0, speed=self.speed, faults=faults, seed=seed, start_epoch=self.epoch)
        self.truth = self.sim.truth
        self.runtime = Runtime(plant, db_url, data_dir=data_dir, clock=self.clock, time_scale=self.speed)
        rt = self.runtime
        rt.unsubscribe(rt.maintenance)
        rt.subscribe(rt.maintenance.process)  # in order, in this thread: the worker would do the same numbers
        simulated = set(self.sim.unit_ids)
        self._blocks = [(eid, bs) for eid, bs in rt.poller.offline_blocks() if eid in simulated]
        self._heap: list = []
        seq = 0
        for eid, bs in self._blocks:
            heapq.heappush(self._heap, (self.now, seq, "scan", (eid, bs, bs.period * self.speed)))
            seq += 1
        for eq in plant.equipment:
            if eq.connection.protocol != "opcua":
                continue
            for sc in sorted({t.scan_class for t in eq.tags}):
                keys = [t.key for t in eq.tags if t.scan_class == sc]
                period = rt.poller.wall_period(plant.scan_classes.get(sc, 1.0)) * self.speed
                heapq.heappush(self._heap, (self.now, seq, "values", (eq.id, keys, period)))
                seq += 1
        heapq.heappush(self._heap, (self.now, seq, "tick", TICK_S * self.speed))
        heapq.heappush(self._heap, (self.now + ALARM_TICK_WALL_S * self.speed, seq + 1, "alarms",
                                    ALARM_TICK_WALL_S * self.speed))
        self._seq = seq + 2
        self._started = False

    def clock(self) -> float:
        """The plant's time (the station's clock)."""
        return self.now

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "SimulatedStation":
        if not self._started:
            self.sim.advance_to(self.now - self.epoch)  # registers hold the plant's values before the first read
            self.runtime.start(acquisition=False)
            self._started = True
        return self

    def stop(self) -> None:
        if self._started:
            self._started = False
            self.runtime.stop()

    def __enter__(self) -> "SimulatedStation":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ running
    def run_for(self, seconds: float, *, every_s: float | None = None,
                observe: Callable[[float], None] | None = None) -> None:
        self.run_until(self.now + float(seconds), every_s=every_s, observe=observe)

    def run_until(self, t_end: float, *, every_s: float | None = None,
                  observe: Callable[[float], None] | None = None) -> None:
        """Run plant and station up to plant time ``t_end``; ``observe(now)`` every ``every_s`` plant seconds."""
        if not self._started:
            raise RuntimeError("start() the simulated station first")
        next_obs = self.now + every_s if (observe is not None and every_s) else None
        heap, sim, poller, alarms = self._heap, self.sim, self.runtime.poller, self.runtime.alarms
        while heap and heap[0][0] <= t_end:
            t, _, kind, arg = heapq.heappop(heap)
            while next_obs is not None and next_obs <= t:
                self.now = next_obs
                observe(next_obs)
                next_obs += every_s
            self.now = t
            if kind == "scan":
                eid, bs, period = arg
                if sim.is_silent(eid):
                    poller.offline_silent(eid, f"timeout: no response within {bs.device.watchdog:g} s")
                else:
                    b = bs.block
                    poller.offline_read(bs, sim.read_registers(eid, b.table, b.start, b.count), t)
            elif kind == "values":
                eid, keys, period = arg
                values = sim.values()
                poller.offline_values(eid, {k: values[k] for k in keys if k in values}, t)
            elif kind == "tick":
                period = arg
                sim.advance_to(t - self.epoch)
            else:
                period = arg
                alarms.tick()
            heapq.heappush(heap, (t + period, self._seq, kind, arg))
            self._seq += 1
        while next_obs is not None and next_obs <= t_end:
            self.now = next_obs
            observe(next_obs)
            next_obs += every_s
        self.now = max(self.now, t_end)

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait until the historian holds every sample acquired so far (before reading figures back)."""
        rt = self.runtime
        ok = rt.writer is None or bool(rt.writer.flush(timeout=timeout))
        if rt.journal is not None:
            ok = bool(rt.journal.flush(timeout=timeout)) and ok
        return ok

    def write(self, tag_key: str, value) -> None:
        """An operator's write to a plant-written tag (a setpoint): lands in the simulated machine's register."""
        self.sim.write_register_value(tag_key, value)
