"""Live equipment health for the runtime: anomaly scores, health index, time to threshold. Qt-free.

    scorer = MaintenanceScorer(plant)            # clock=time.time; fit_samples=120 (2 min at 1 Hz)
    scorer.attach_alarms(runtime.alarms)         # "<eq>.anomaly" DIGITAL alarms, fed by the scorer
    runtime.subscribe(scorer)                    # the sink only queues the batch (never blocks)
    scorer.start() ... scorer.stop()             # the worker thread does all the numbers
    scorer.snapshot() -> {equipment_id: EquipmentHealth}

Per equipment the worker keeps 1 Hz rows of its numeric sensor tags (the last GOOD value of each tag
in each second, carried forward for ``stale_s``) in a bounded ring.  The fit policy: once the running seen
covers :func:`reference_seconds` (10 minutes, or three of the machine's cycles) and at least
:data:`MIN_REFERENCE_ROWS` rows, and every varying signal has shown :data:`MIN_DISTINCT` values (warm-up after
a stop excluded), it fits a :class:`~hmi.maintenance.detectors.DetectorFamily` on them (the "healthy
reference"; threshold for one false event a week, at least :data:`NORMAL_BAND_SCALE` x ``min_threshold`` of
each tag's normal range) and from then on scores every row with its
:class:`~hmi.maintenance.detectors.OnlineFamily`.  Maintenance staff may refit it on the latest running
(:meth:`refit`), learn a false alarm (:meth:`mark_false`) or start over (:meth:`relearn`).  Per machine it
counts anomaly events and those marked false, per day of running judged (:class:`AnomalyEvents`).

* health 0-100: the worst of the anomaly health (50 at the anomaly threshold) and the limit health of
  every tag with a HI/HIHI (LO/LOLO) limit (100 inside its normal range, 0 at the trip limit), and its
  trend (points per hour);
* the anomaly flag with the contributing sensors, in words;
* for every tag with a HIHI (else HI) / LOLO (else LO) limit: when it reaches the limit
  (:func:`~hmi.maintenance.health.time_to_threshold` on the last ``eta_window_s``), with a band;
* a recommended action: the alarm-definition action of the driving tag, or a generic sentence.

An anomaly becomes an alarm through the alarm system: :meth:`attach_alarms` registers one DIGITAL
alarm per equipment on the virtual tag ``"<eq>.anomaly"`` (:meth:`AlarmEngine.add_alarm`) and the
worker publishes ``Sample("<eq>.anomaly", ts, True/False, GOOD)`` into ``AlarmEngine.process``.

Sensor tags: numeric (not bool/string), read-only, with a normal range or an analog alarm; counters
(uint32 without a normal range), states, setpoints and ambient conditions ("ambient" in the name or
description) are left out.  ``tags=`` overrides.
"""
from __future__ import annotations

import dataclasses
import itertools

import logging
import math
import threading
from operator import itemgetter
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np

from hmi.config import BIT_TABLES, AlarmConfig, PlantConfig, TagConfig
from hmi.equipment.model import Quality, Sample
from hmi.equipment.quality import HEARTBEAT_S
from hmi.maintenance.advice import ADVICE_HORIZON_S, band_edges, process_advice
from hmi.maintenance.detectors import CHANNELS, WEEK_S, DetectorFamily, OnlineFamily
from hmi.workers import QueueWorker
from hmi.maintenance.health import TimeToThreshold, health_index, health_trend, limit_health, time_to_threshold
from hmi.messages import QT_TRANSLATE_NOOP, Message, join

__all__ = ["MaintenanceScorer", "EquipmentHealth", "LimitEta", "ANOMALY_SUFFIX", "sensor_tags", "format_duration",
           "reference_seconds", "warmup_seconds", "tag_side", "AnomalyEvents"]

log = logging.getLogger(__name__)

#: the anomaly alarm of one watched machine (``{0}``: its name), its cause and action
ANOMALY_MESSAGE = QT_TRANSLATE_NOOP("Maintenance", "Anomaly on {0}: sensors deviate from normal running")
ANOMALY_CAUSE = QT_TRANSLATE_NOOP("Maintenance", "Predictive maintenance: the sensors no longer match the learned "
                                                 "healthy pattern (see the contributing sensors on the Maintenance page)")
ANOMALY_ACTION = QT_TRANSLATE_NOOP("Maintenance", "Open the Maintenance page, check the contributing sensors and "
                                                  "plan an inspection")

#: Virtual tag of an equipment's anomaly flag: ``"<equipment id>.anomaly"``.
ANOMALY_SUFFIX = "anomaly"
_GOOD = int(Quality.GOOD)
_NUMERIC = ("int16", "uint16", "int32", "uint32", "float32", "float64")


def running_time(ts: np.ndarray) -> np.ndarray:
    """Times of the rows of a running machine with its stops closed up: a gap of more than 5 times the usual row
    spacing (a stop, a station restart) counts as one usual spacing.  Ends at the last row's time."""
    if ts.size < 2:
        return ts.copy()
    dt = np.diff(ts)
    usual = float(np.median(dt))
    dt = np.where(dt > 5.0 * usual, usual, dt)
    u = np.concatenate(([0.0], np.cumsum(dt)))
    return u - u[-1] + ts[-1]


def sensor_tags(plant: PlantConfig, equipment_id: str) -> list[TagConfig]:
    """The numeric sensor tags of one equipment that the anomaly model watches."""
    out = []
    for t in plant.equipment_by_id(equipment_id).tags:
        if t.type not in _NUMERIC or t.writable or t.table in BIT_TABLES:
            continue
        analog = any(a.kind in ("HI", "HIHI", "LO", "LOLO") for a in t.alarms)
        if t.normal_range is None and not analog:
            continue  # counters, states, setpoints
        if "ambient" in f"{t.name} {t.description}".lower():
            continue  # the weather is not the machine's health
        out.append(t)
    return out


# Texts the Maintenance page shows (translatable templates, see hmi.messages).
_SECONDS = QT_TRANSLATE_NOOP("Maintenance", "{0} s")
_MINUTES = QT_TRANSLATE_NOOP("Maintenance", "{0} min")
_HOURS = QT_TRANSLATE_NOOP("Maintenance", "{0} h")
_DAYS = QT_TRANSLATE_NOOP("Maintenance", "{0} d")
_NOT_TRENDING = QT_TRANSLATE_NOOP("Maintenance", "{0} reaches {1} {2}{3}: not trending towards it")
_IS_AT = QT_TRANSLATE_NOOP("Maintenance", "{0} is at {1} {2}{3}")
_REACHES_IN = QT_TRANSLATE_NOOP("Maintenance", "{0} reaches {1} {2}{3} after ~{4} more running ({5} to {6}){7}")
_NOW = QT_TRANSLATE_NOOP("Maintenance", " (now {0}{1})")
_HIGH = QT_TRANSLATE_NOOP("Maintenance", "{0} high")
_LOW = QT_TRANSLATE_NOOP("Maintenance", "{0} low")
_AND = QT_TRANSLATE_NOOP("Maintenance", "{0} and {1}")
_INSPECT = QT_TRANSLATE_NOOP("Maintenance", "Inspect {0}: {1} deviates from normal running; plan an inspection "
                                            "before it reaches an alarm limit")
_LEARNING = QT_TRANSLATE_NOOP("Maintenance", "Learning normal running: no recommendation yet")
_NO_ACTION = QT_TRANSLATE_NOOP("Maintenance", "No action: keep to the maintenance plan")
_AT_LIMIT = QT_TRANSLATE_NOOP("Maintenance", "{0}: {1} is at its {2} limit; follow the alarm response")


def format_duration(s: float | None) -> Message | str:
    """"42 min", "1.5 h"... (a :class:`~hmi.messages.Message`); "?" when unknown."""
    if s is None or not math.isfinite(s):
        return "?"
    if s < 90:
        return _SECONDS.format(f"{s:.0f}")
    if s < 5400:
        return _MINUTES.format(f"{s / 60:.0f}")
    if s < 172800:
        return _HOURS.format(f"{s / 3600:.1f}")
    return _DAYS.format(f"{s / 86400:.1f}")


@dataclass(frozen=True)
class LimitEta:
    """When one tag reaches one alarm limit."""

    tag: str               # tag key
    name: str              # in words ("Main-shaft bushing temperature")
    kind: str              # HIHI | HI | LOLO | LO
    limit: float
    unit: str
    value: float | None    # last value
    eta: TimeToThreshold | None  # None: not trending towards the limit

    @property
    def eta_s(self) -> float | None:
        return self.eta.eta_s if self.eta else None

    def text(self) -> Message:
        """"Main-shaft bushing temperature reaches HIHI 95 °C after ~42 min more running (30 min to 1.0 h) (now
        88.1 °C)": the time is running time, since wear and heat build up while the machine runs."""
        unit = f" {self.unit}" if self.unit else ""
        head = (self.name, self.kind, f"{self.limit:g}", unit)
        if self.eta is None:
            return _NOT_TRENDING.format(*head)
        if self.eta.eta_s <= 0:
            return _IS_AT.format(*head)
        lo, hi = format_duration(self.eta.eta_lo_s), format_duration(self.eta.eta_hi_s)
        now = _NOW.format(f"{self.value:.3g}", unit) if self.value is not None else ""
        return _REACHES_IN.format(*head, format_duration(self.eta.eta_s), lo, hi, now)


@dataclass(frozen=True)
class AnomalyEvents:
    """Event-level figures of one machine's anomaly detection since the station started: how often it raised
    an anomaly per day of running it judged, and how many of those maintenance staff marked false."""

    judged_s: float        # plant seconds of running judged
    events: int            # anomaly events raised
    false: int             # of them marked false alarms
    last_day: int          # events that began in the last 24 plant hours

    @property
    def per_day(self) -> float | None:
        return self.events / (self.judged_s / 86400.0) if self.judged_s >= 3600.0 else None

    @property
    def false_per_day(self) -> float | None:
        return self.false / (self.judged_s / 86400.0) if self.judged_s >= 3600.0 else None


@dataclass(frozen=True)
class EquipmentHealth:
    """What the Maintenance page shows for one equipment (an immutable snapshot)."""

    equipment_id: str
    name: str
    state: str                      # "no_data" | "learning" | "ok" | "anomaly"
    learned: float                  # fraction of the reference collected (1 once fitted)
    health: float | None            # 0-100 (None until fitted)
    trend_per_h: float | None       # health points per hour
    score: float | None
    threshold: float | None
    anomaly: bool
    anomaly_since: float | None
    drivers: tuple[tuple[str, float], ...] = ()   # (tag key, share) largest first
    explanation: str = ""           # "Lube pressure high and bushing temperature high" (a Message)
    etas: tuple[LimitEta, ...] = ()  # soonest first; those not trending at the end
    action: str = ""                # configured alarm action, or a generic sentence (a Message)
    updated: float | None = None
    columns: tuple[str, ...] = field(default=())
    kind: str = ""                  # the detector channel that raised the anomaly: level|drift|variance|spike
    events: AnomalyEvents | None = None
    advice: tuple = ()              # ProcessAdvice: values forecast to leave their band, soonest first

    @property
    def next_limit(self) -> LimitEta | None:
        """The soonest alarm limit still ahead (None: nothing trending towards a limit)."""
        return next((e for e in self.etas if e.eta is not None and e.eta.eta_s > 0), None)

    @property
    def reached(self) -> tuple[LimitEta, ...]:
        """Limits already reached (their alarms are up)."""
        return tuple(e for e in self.etas if e.eta is not None and e.eta.eta_s <= 0)

    @property
    def trend_arrow(self) -> str:
        if self.trend_per_h is None or not math.isfinite(self.trend_per_h):
            return ""
        if self.health is not None and self.health >= 95.0:
            return "→"  # healthy: small ups and downs are noise
        if self.trend_per_h <= -5.0:
            return "↓"
        if self.trend_per_h >= 5.0:
            return "↑"
        return "→"


#: the value of a machine's ``state`` tag while it runs (0 idle, 1 running, 2 fault)
RUNNING_STATE = 1


def _state_key(plant: PlantConfig, eq) -> str | None:
    """The key of the equipment's running-state tag: the KPI configuration's ``state_tag``, else a tag named
    ``state``; None without one (the machine is then taken as always running)."""
    for ln in plant.lines:
        for m in (ln.kpi.machines if ln.kpi is not None else ()):
            if m.equipment == eq.id:
                return f"{eq.id}.{m.state_tag}"
    return f"{eq.id}.state" if any(t.name == "state" for t in eq.tags) else None


#: the healthy reference lasts at least this long (plant seconds), and at least 3 of the machine's cycles
MIN_REFERENCE_S = 600.0
#: ...and holds at least this many rows (a station that sees a row every 12 s learns for 48 minutes)
MIN_REFERENCE_ROWS = 240


def reference_seconds(plant: PlantConfig, equipment_id: str) -> float:
    """How long the live anomaly model learns an equipment's healthy running: :data:`MIN_REFERENCE_S`, or
    3 of its planned cycles (from the KPI configuration) when that is longer, so that every phase of the
    cycle is in the reference (a 220 s casting cycle: 11 minutes)."""
    cycles = [m.planned_cycle_s for ln in plant.lines if ln.kpi is not None for m in ln.kpi.machines
              if m.equipment == equipment_id]
    return max([MIN_REFERENCE_S] + [3.0 * c for c in cycles])


#: after a stop, a machine's running is neither learnt nor judged for this long (plant seconds; at least, and
#: never longer than the stop itself): temperatures, pressures and the die settle back first
MIN_WARMUP_S = 60.0


def warmup_seconds(plant: PlantConfig, equipment_id: str) -> float:
    """How long a machine warms up after a stop: :data:`MIN_WARMUP_S`, or 2 of its planned cycles."""
    cycles = [m.planned_cycle_s for ln in plant.lines if ln.kpi is not None for m in ln.kpi.machines
              if m.equipment == equipment_id]
    return max([MIN_WARMUP_S] + [2.0 * c for c in cycles])


def tag_side(tag: TagConfig) -> int:
    """Which way a deviation of ``tag`` is a fault, from its alarm limits: +1 when it has only high limits (a
    bearing temperature: running cool is no wear), -1 only low ones (lube pressure), 0 both or none."""
    kinds = {a.kind for a in tag.alarms}
    hi, lo = bool(kinds & {"HI", "HIHI"}), bool(kinds & {"LO", "LOLO"})
    return 1 if hi and not lo else -1 if lo and not hi else 0


#: a tag's anomaly scale is at least this fraction of its normal range (see MaintenanceScorer._fit)
NORMAL_BAND_SCALE = 0.05
#: a time to a limit is shown once the tag has left its normal range, or its learnt healthy band (centre +- this
#: many scales) where that is wider, towards the limit
ETA_BAND_Z = 3.0
#: a false alarm teaches the model the rows from this long before the anomaly began (plant seconds)
FALSE_ALARM_LOOKBACK_S = 60.0
#: rows of false alarms kept for refits at most
MAX_FALSE_ROWS = 20000
#: after a stop of d seconds, time to a limit is fitted only from SETTLE_FACTOR x d later (at most MAX_SETTLE_S)
SETTLE_FACTOR = 3.0
MAX_SETTLE_S = 900.0
#: times to limits (and the health trend) are re-fitted every this many plant seconds by default
ETA_EVERY_S = 5.0
#: each value's forecast advice is renewed every this many plant seconds, from at least this much running
ADVICE_EVERY_S = 60.0
ADVICE_MIN_HISTORY_S = 1800.0
#: an advice is shown once two more checks have given it than not, counted up to this many
ADVICE_CONFIRM = 3
#: ...fitted on at most this much running (the ring may hold less: an hour at a row a second), in at most this
#: many means
ADVICE_HISTORY_S = 7200.0
ADVICE_MAX_POINTS = 120
#: the forecast works on means over this many plant seconds (an hour of 1 Hz rows: 360 points)
ADVICE_BIN_S = 10.0
#: ...of a value that changes in at least this share of its rows (a measurement, not a value per cycle)
ADVICE_MIN_CHANGES = 0.1
#: ...and that swings within a cycle by less than this share of its normal range (standard deviation)
ADVICE_MAX_SWING = 0.1
#: a signal is learnt only when the reference shows at least this many different values of it
MIN_DISTINCT = 20
#: the reference waits for MIN_DISTINCT at most this many times its planned length
MAX_REFERENCE_FACTOR = 8.0


def _distinct_counts(rows) -> list[int]:
    X = np.asarray(rows, float)
    out = []
    for j in range(X.shape[1]):
        col = X[:, j]
        out.append(int(np.unique(col[np.isfinite(col)]).size))
    return out


_QUALITY_OF = itemgetter(3)
_TAG_OF = itemgetter(0)
#: the worker takes the waiting samples at most this often (seconds)
DRAIN_EVERY_S = 0.02
_DRAIN = object()  # worker item: take every waiting batch


class _Command:
    """A maintenance correction travelling through the worker's queue, in order with the samples."""

    __slots__ = ("cmd",)

    def __init__(self, cmd: tuple):
        self.cmd = cmd


class _Equipment:
    """Per-equipment worker state (worker thread only)."""

    def __init__(self, eq, tags: list[TagConfig], maxlen: int):
        self.id = eq.id
        self.name = eq.name
        self.tags = tags
        self.keys = [t.key for t in tags]
        self.index = {k: j for j, k in enumerate(self.keys)}
        self.last: dict[str, tuple[float, float]] = {}
        self.bucket: int | None = None
        self.ts: deque = deque(maxlen=maxlen)
        self.rows: deque = deque(maxlen=maxlen)
        self.model: DetectorFamily | None = None
        self.cols: list[int] = []          # row columns the model uses
        self.detector: OnlineFamily | None = None
        self.reference = 0                 # rows collected for the reference
        self.ref_s = 0.0                   # plant seconds of running the reference covers so far
        self.ref_rows: list = []           # the reference rows (while learning) and their times
        self.ref_ts: list = []
        self.ref_checked = 0               # rows of the reference when its distinct values were last counted
        self.fit_s = 0.0                   # plant seconds of running the reference needs (set by the scorer)
        self.warmup_s = 0.0                # after a stop, running is neither learnt nor judged this long
        self.warm_until = -math.inf
        self.last_row_ts: float | None = None
        self.running = True                # the machine's state tag says running (True without one)
        self.stopped_at: float | None = None
        self.settled_at = -math.inf        # plant time from which running is steady again after a stop
        self.sides: list[int] = []         # per tag: +1 only a rise is a fault, -1 only a fall, 0 both
        self.eta_since: dict[tuple[str, str], float] = {}  # (tag, kind) -> first time its trend was real
        self.fit_X: list = []              # the reference the model was fitted on, and its times
        self.fit_ts: list = []
        self.false_rows: list = []         # rows of anomalies marked false (learnt as normal)
        self.h_ts: deque = deque(maxlen=maxlen)
        self.h_val: deque = deque(maxlen=maxlen)
        self.score = self.anomaly_health = None
        self.anomaly = False
        self.since: float | None = None
        self.contrib: np.ndarray | None = None
        self.z: np.ndarray | None = None    # per model column: the signed level deviation (which way it moved)
        self.channel: str | None = None     # the detector channel that raised the current anomaly
        self.channel_now: str | None = None  # the channel that gives the current score
        self.events: deque = deque(maxlen=1000)  # (start, end or None, channel, marked false) of its anomalies
        self.fitted_at: float | None = None  # plant time of the current model's fit
        self.setpoint_tags: dict[str, TagConfig] = {}   # watched tag key -> the setpoint that moves it
        self.setpoints: dict[str, float] = {}            # setpoint key -> its last GOOD value
        self.advice: tuple = ()                          # ProcessAdvice of the values forecast to leave their band
        self.advice_at = -math.inf
        self.advice_seen: dict = {}                      # (tag, edge, direction) -> checks in a row that gave it
        self.cycle_s = 0.0                               # the machine's planned cycle (plant seconds; 0 unknown)
        self.judged_s = 0.0                  # plant seconds of running judged (every model since the start)
        self.published: tuple[bool, float] | None = None
        self.etas: tuple[LimitEta, ...] = ()
        self.etas_at = -math.inf
        self.run_since_etas = 0.0          # running seconds since the times to limits were last fitted
        self.trend: float | None = None
        # limits: (tag, kind, limit, action, normal_hi/lo)
        self.limits = []
        for t in tags:
            by_kind = {a.kind: a for a in t.alarms}
            for pair in (("HIHI", "HI"), ("LOLO", "LO")):
                a = by_kind.get(pair[0]) or by_kind.get(pair[1])
                if a is not None and a.limit is not None:
                    self.limits.append((t, a))


class MaintenanceScorer:
    """A :data:`SampleSink` that turns live samples into equipment health.  See the module doc.

    ``clock``          time source for staleness of the snapshot (``time.time``).
    ``fit_samples``    rows (seconds at 1 Hz) of running used as the healthy reference.
    ``period_s``       row period (1 s).
    ``history_s``      rows kept per equipment (ring).
    ``eta_window_s``   the recent history used for time to threshold.
    ``eta_every_s``    how often the time-to-threshold estimates are recomputed.
    ``stale_s``        how long a tag's last GOOD value is carried forward.
    ``model_kwargs``   :class:`~hmi.maintenance.detectors.DetectorFamily` parameters (window and k, n in
                       seconds at 1 Hz; target_events_per_s, margin, ...).
    ``min_threshold``  the smallest anomaly threshold, in multiples of a channel's spread (at least
                       NORMAL_BAND_SCALE of the tag's normal range): 4 = a fifth of the normal range.
    ``tags``           {equipment id: [tag keys]} to override :func:`sensor_tags`.
    ``advice_every_s`` how often (plant seconds) each value's forecast is checked against its band
                       (:func:`~hmi.maintenance.advice.process_advice`, ``advice_horizon_s`` ahead, from the last
                       ``history_s`` of running, once :data:`ADVICE_MIN_HISTORY_S` of it is there).
    """

    def __init__(self, plant: PlantConfig, clock: Callable[[], float] = time.time, *, fit_samples: int | None = None,
                 period_s: float = 1.0, history_s: float = 3600.0, eta_window_s: float = 1200.0,
                 eta_every_s: float = ETA_EVERY_S, stale_s: float = 1.5 * HEARTBEAT_S, min_threshold: float = 4.0,
                 model_kwargs: dict | None = None, tags: dict[str, Iterable[str]] | None = None,
                 queue_max: int = 10000, eta_confidence: float = 0.99, eta_confirm_s: float = 60.0,
                 warmup: bool = True, advice_every_s: float = ADVICE_EVERY_S, advice_horizon_s: float = ADVICE_HORIZON_S):
        self.plant = plant
        self.clock = clock
        self.fit_samples = None if fit_samples is None else max(10, int(fit_samples))
        # a reference needs plant time (every phase of the machine's cycle) and rows (statistics): a station
        # that sees a row every 12 s learns for longer than the plant time alone asks
        self.min_rows = min(MIN_REFERENCE_ROWS, self.fit_samples) if self.fit_samples is not None else MIN_REFERENCE_ROWS
        self.period_s = float(period_s)
        self.eta_window_s = float(eta_window_s)
        self.eta_every_s = float(eta_every_s)
        self.stale_s = float(stale_s)
        self.min_threshold = float(min_threshold)
        self.eta_confidence = float(eta_confidence)
        self.eta_confirm_s = float(eta_confirm_s)
        self.warmup = bool(warmup)
        self.advice_every_s = float(advice_every_s)
        self.advice_horizon_s = float(advice_horizon_s)
        # the live detector watches the slow channels (level, drift): the station's values are deadbanded and
        # carried forward between changes, and a press's per-stroke figures (peak, crest factor) are wild one
        # stroke in a hundred, so a step-noise (variance) or single-sample (spike) channel judges the
        # acquisition, not the machine; a machine's cycle is not removed (its length varies, 180-260 s on the
        # caster, so a learnt phase would drift): three cycles in the reference cover it instead.  The threshold
        # comes from the reference's own scores (no holdout): the tag spreads' floor (NORMAL_BAND_SCALE of the
        # normal range) and min_threshold already make it cautious, and on the simulator's truth bench the
        # out-of-sample threshold raised no fewer false alarms in 8 healthy hours (none either way) but found the
        # burner fault's slow fall 16 to 40 minutes later
        self.model_kwargs = {"window": 20, "drift_factor": 10, "target_events_per_s": 1.0 / WEEK_S, "margin": 1.5,
                             "k": 3, "n": 5, "hysteresis": 0.75, "cyclic": False, "channels": ("level", "drift"),
                             "holdout": False}
        self.model_kwargs.update(model_kwargs or {})
        self._eq: dict[str, _Equipment] = {}
        self._eq_of_tag: dict[str, _Equipment] = {}
        self._eq_of_state: dict[str, _Equipment] = {}  # "<eq>.state" -> equipment: learn and score only running
        self._eq_of_setpoint: dict[str, _Equipment] = {}  # setpoints that move a watched value: their last value
        for eq in plant.equipment:
            if tags is not None:
                keys = list(tags.get(eq.id, ()))
                ts_ = [plant.tag(k) for k in keys]
            else:
                ts_ = sensor_tags(plant, eq.id)
            if not ts_:
                continue
            fit_s = (self.fit_samples * self.period_s if self.fit_samples is not None
                     else reference_seconds(plant, eq.id))
            e = _Equipment(eq, ts_, max(int(history_s / self.period_s), int(math.ceil(fit_s / self.period_s)) + 10))
            e.fit_s = fit_s
            e.cycle_s = max([0.0] + [m.planned_cycle_s for ln in plant.lines if ln.kpi is not None
                                     for m in ln.kpi.machines if m.equipment == eq.id])
            e.warmup_s = warmup_seconds(plant, eq.id) if self.warmup else 0.0
            e.sides = [tag_side(t) for t in ts_]
            state_key = _state_key(plant, eq)
            if state_key is not None:
                self._eq_of_state[state_key] = e
            self._eq[eq.id] = e
            for t in ts_:
                self._eq_of_tag[t.key] = e
                if t.setpoint is not None:
                    sp_key = f"{t.equipment_id}.{t.setpoint}"
                    e.setpoint_tags[t.key] = plant.tag(sp_key)
                    self._eq_of_setpoint[sp_key] = e
        self._worker = QueueWorker("maintenance-scorer", self.process, max_queue=queue_max)
        # samples of the watched tags wait here; the worker takes them all at once (_DRAIN), at most every
        # DRAIN_EVERY_S: one wake-up per scan of the plant, not one per block read
        self._watched = frozenset(self._eq_of_tag) | frozenset(self._eq_of_state) | frozenset(self._eq_of_setpoint)
        # state and setpoint tags: every sample goes to the worker (a stop and a restart within a second count)
        self._special = frozenset(self._eq_of_state) | frozenset(self._eq_of_setpoint)
        # GOOD samples of a machine within one scorer period: only each tag's newest matters to the row the period
        # closes with, so they are merged here (per machine: tag -> newest sample) and handed over when the machine
        # moves to the next period; anything else (a quality change, a state or setpoint tag) goes at once, in order
        self._held: dict[str, dict[str, Sample]] = {}
        self._held_bucket: dict[str, int] = {}
        self._pending: list[list] = []
        self._pending_lock = threading.Lock()
        self._pending_max = max(1, int(queue_max))
        self._lock = threading.Lock()
        self._snap: dict[str, EquipmentHealth] = {}
        self._alarms = None
        for e in self._eq.values():
            self._publish_snapshot(e, None)

    # ------------------------------------------------------------------ wiring
    def alarm_configs(self) -> list[AlarmConfig]:
        """One DIGITAL alarm per watched equipment on its virtual tag ``"<eq>.anomaly"``."""
        return [AlarmConfig(kind="DIGITAL", tag=f"{e.id}.{ANOMALY_SUFFIX}", state=True, priority=3,
                            on_delay_s=0.0, off_delay_s=30.0,
                            message=ANOMALY_MESSAGE.format(e.name), cause=ANOMALY_CAUSE, action=ANOMALY_ACTION)
                for e in self._eq.values()]

    def attach_alarms(self, engine) -> list[str]:
        """Register the anomaly alarms in ``engine`` (:class:`AlarmEngine`) and feed them from now on."""
        ids = [engine.add_alarm(cfg) for cfg in self.alarm_configs()]
        self._alarms = engine
        return ids

    def __call__(self, batch: list[Sample]) -> None:
        """The sample sink (acquisition thread): keep the samples of the watched tags for the worker, never block
        (past ``queue_max`` waiting batches the oldest is dropped, counted in the worker's ``dropped``)."""
        watched = self._watched
        mine = [s for s in batch if s[0] in watched]
        if not mine:
            return
        dev = mine[0][0].partition(".")[0]
        plain = max(map(_QUALITY_OF, mine)) == _GOOD and self._special.isdisjoint(map(_TAG_OF, mine))
        bucket = int(mine[-1][1] // self.period_s)
        with self._pending_lock:
            held = self._held.get(dev)
            out: list[list] = []
            if held and (not plain or bucket != self._held_bucket.get(dev)):
                out.append(list(held.values()))  # the period's newest values first, in order
                held.clear()
            if plain and held is not None and bucket == self._held_bucket.get(dev):
                for smp in mine:
                    held[smp[0]] = smp
            else:
                out.append(mine)  # the first of a new period goes at once: it closes the previous one's row
                if plain:
                    self._held.setdefault(dev, {})
                    self._held_bucket[dev] = bucket
            if not out:
                return
            pending = self._pending
            wake = not pending
            pending.extend(out)
            while len(pending) > self._pending_max:
                del pending[0]
                self._worker.dropped += 1
        if wake:
            self._worker.put(_DRAIN)

    # ------------------------------------------------------------------ maintenance staff's corrections
    def mark_false(self, equipment_id: str) -> None:
        """The current (or last) anomaly of ``equipment_id`` was a false alarm: its running is normal.  The
        model learns it: the rows of that anomaly join the healthy reference, the model is fitted again and
        the anomaly clears.  Who did it is recorded by the caller (:meth:`hmi.security.access.Access.maintenance_model`).
        Raises KeyError for an equipment the scorer does not watch, ValueError when it has no model yet."""
        e = self._eq[equipment_id]
        if e.model is None:
            raise ValueError(f"{equipment_id}: no anomaly model yet (still learning normal running)")
        self._command(("false", equipment_id))

    def relearn(self, equipment_id: str) -> None:
        """Forget the learnt model of ``equipment_id`` and learn its normal running again from now (after a
        repair or a changed process).  KeyError for an equipment the scorer does not watch."""
        self._eq[equipment_id]
        self._command(("relearn", equipment_id))

    def refit(self, equipment_id: str) -> None:
        """Fit the model of ``equipment_id`` again now, on its most recent running (as long as the reference it
        needs; the rows the scorer keeps), instead of waiting for a new reference: after a changed product or
        process whose running has been seen.  KeyError for an equipment the scorer does not watch, ValueError
        when it has no model yet."""
        e = self._eq[equipment_id]
        if e.model is None:
            raise ValueError(f"{equipment_id}: no anomaly model yet (still learning normal running)")
        self._command(("refit", equipment_id))

    def _command(self, cmd: tuple) -> None:
        if self._worker.running():
            self._worker.put_wait(_Command(cmd), timeout=5.0)
        else:
            self.process(_Command(cmd))

    @property
    def dropped(self) -> int:
        """Batches dropped because the scorer fell behind."""
        return self._worker.dropped

    def start(self) -> "MaintenanceScorer":
        self._worker.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._worker.stop(flush=False, timeout=timeout)

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait until every queued batch has been processed (tests)."""
        return self._worker.wait_idle(timeout)

    # ------------------------------------------------------------------ results
    def snapshot(self) -> dict[str, EquipmentHealth]:
        """Health of every watched equipment (any thread; immutable values)."""
        with self._lock:
            return dict(self._snap)

    def history(self, equipment_id: str, tag_key: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(t, health) of an equipment, or (t, values) of one of its tags (copies; call from the worker's
        side only in tests: the rings are not locked)."""
        e = self._eq[equipment_id]
        if tag_key is None:
            return np.asarray(e.h_ts, float), np.asarray(e.h_val, float)
        j = e.index[tag_key]
        return np.asarray(e.ts, float), np.asarray([r[j] for r in e.rows], float)

    # ------------------------------------------------------------------ worker
    def process(self, batch: Iterable[Sample]) -> None:
        """Do the work for one batch (the worker thread; tests may call it directly)."""
        if isinstance(batch, _Command):
            self._run_command(*batch.cmd)
            return
        if batch is _DRAIN:
            with self._pending_lock:
                batches, self._pending = self._pending, []
            for b in batches:
                self.process(b)
            self._worker.wait_stop(DRAIN_EVERY_S)  # let the next scan's samples gather
            return
        eq_of, eq_of_state = self._eq_of_tag, self._eq_of_state
        per = self.period_s
        for tag, ts, value, q, _err in batch:
            e = eq_of.get(tag)
            if e is None:
                sp = self._eq_of_setpoint.get(tag)
                if sp is not None:
                    if q == _GOOD and isinstance(value, (int, float)) and not isinstance(value, bool):
                        sp.setpoints[tag] = float(value)
                    else:
                        sp.setpoints.pop(tag, None)
                    continue
                st = eq_of_state.get(tag)
                if st is not None and q == _GOOD and value is not None:
                    running = value == RUNNING_STATE
                    if running and not st.running:  # back to running: the machine warms up first
                        stopped = ts - st.stopped_at if st.stopped_at is not None else math.inf
                        st.warm_until = ts + min(st.warmup_s, stopped)
                        # temperatures take longer to climb back than the stop took to cool them: a trend
                        # fitted across that recovery would run ahead of the machine
                        st.settled_at = ts + min(SETTLE_FACTOR * stopped, MAX_SETTLE_S)
                    elif st.running and not running:
                        st.stopped_at = ts
                    st.running = running
                continue
            b = int(ts // per)
            if e.bucket is None:
                e.bucket = b
            elif b > e.bucket:
                self._row(e, e.bucket * per + per)
                e.bucket = b
            if q == _GOOD and value is not None and not isinstance(value, (str, bool)):
                e.last[tag] = (ts, float(value))
            elif q != _GOOD:  # BAD, STALE, COMM_FAIL: the last good value no longer stands
                e.last.pop(tag, None)

    def _row(self, e: _Equipment, ts: float) -> None:
        if not e.running:  # a stopped machine is not learnt and not judged: its sensors sit at rest
            if e.anomaly:
                e.anomaly, e.since = False, None
                self._publish_alarm(e, ts)
            e.last_row_ts = None
            return
        row = np.full(len(e.keys), np.nan)
        for k, (t_v, v) in e.last.items():
            if ts - t_v <= self.stale_s:
                row[e.index[k]] = v
        gap = self.period_s if e.last_row_ts is None else min(ts - e.last_row_ts, self.stale_s)
        e.last_row_ts = ts
        e.ts.append(ts)
        e.rows.append(row)
        warming = ts < e.warm_until
        if e.model is None:
            if np.isfinite(row).any() and not warming:
                e.reference += 1
                e.ref_s += gap
                e.ref_rows.append(row)
                e.ref_ts.append(ts)
            if e.ref_s >= e.fit_s - 1e-9 and e.reference >= self.min_rows and self._reference_ready(e):
                self._fit(e)
        elif not warming:
            e.judged_s += gap
            self._score(e, ts, row)
        if ts - e.advice_at >= self.advice_every_s:
            # an advice is shown once it has come out of two checks more than it has not (counted up to
            # ADVICE_CONFIRM): a machine slowing into a stop pulls its last values down for one check, which is
            # no advice to a value's fall, while a real one that the trust test passes now and then still shows
            fresh = self._advice(e)
            now = {(a.tag, a.edge, a.direction) for a in fresh}
            seen = {}
            for k in set(e.advice_seen) | now:
                v = min(e.advice_seen.get(k, 0) + 1, ADVICE_CONFIRM) if k in now else e.advice_seen[k] - 1
                if v > 0:
                    seen[k] = v
            e.advice_seen = seen
            e.advice = tuple(a for a in fresh if seen[(a.tag, a.edge, a.direction)] >= 2)
            e.advice_at = ts
        if ts - e.etas_at >= self.eta_every_s:
            e.etas = self._etas(e)
            e.etas_at = ts
            e.run_since_etas = 0.0
            e.trend = None
            if len(e.h_ts) >= 10:
                try:
                    e.trend = health_trend(np.asarray(e.h_ts), np.asarray(e.h_val), window_s=600.0).slope_per_h
                except Exception:
                    log.debug("health trend failed for %s", e.id, exc_info=True)
        else:
            e.run_since_etas += gap
        self._publish_snapshot(e, ts)

    def _run_command(self, what: str, equipment_id: str) -> None:
        e = self._eq[equipment_id]
        if what == "relearn":
            self._forget(e)
            log.info("anomaly model of %s dropped on request: learning normal running again", e.id)
        elif what == "false" and e.model is not None:
            # the anomaly's rows (from its start, else the last smoothing window) join the reference
            ts = np.asarray(e.ts, float)
            since = e.since if e.since is not None else (ts[-1] - FALSE_ALARM_LOOKBACK_S if ts.size else 0.0)
            rows = [r for t, r in zip(ts, e.rows) if t >= since - FALSE_ALARM_LOOKBACK_S]
            e.false_rows.extend(rows)
            del e.false_rows[:-MAX_FALSE_ROWS]
            e.ref_rows, e.ref_ts = list(e.fit_X), list(e.fit_ts)
            model, cols = e.model, e.cols
            e.model = None
            self._fit(e, extra=np.vstack(e.false_rows) if e.false_rows else None)
            if e.model is None:  # could not refit: keep the old model
                e.model, e.cols = model, cols
                e.detector = model.online(np.asarray(e.rows, float)[-model.window * model.drift_factor:, cols])
            self._end_event(e, float(ts[-1]) if ts.size else self.clock(), false=True)
            e.anomaly, e.since = False, None
            self._publish_alarm(e, float(ts[-1]) if ts.size else self.clock(), force=True)
            log.info("anomaly on %s marked false: %d rows learnt as normal (threshold now %.3g)", e.id, len(rows),
                     e.model.threshold)
        elif what == "refit" and e.model is not None:
            # learn normal running again from the last reference's length of rows already seen (a new cycle,
            # a new product): no waiting, as long as those rows are there
            need = int(math.ceil(e.fit_s / self.period_s))
            ts_all = np.asarray(e.ts, float)
            if ts_all.size >= need:
                e.ref_rows, e.ref_ts = list(e.rows)[-need:], list(ts_all[-need:])
                model, cols = e.model, e.cols
                e.model = None
                self._fit(e)
                if e.model is None:
                    e.model, e.cols = model, cols
                self._end_event(e, float(ts_all[-1]))
                e.anomaly, e.since = False, None
                self._publish_alarm(e, float(ts_all[-1]), force=True)
        if e.ts:
            self._publish_snapshot(e, e.ts[-1])

    def _reference_ready(self, e: _Equipment) -> bool:
        """The reference is long enough (``fit_s``) and every signal that varies in it has shown at least
        :data:`MIN_DISTINCT` different values (a cycle time updated once per 220 s casting cycle needs 20
        cycles; a station that samples slowly needs longer), or it has run :data:`MAX_REFERENCE_FACTOR` x
        ``fit_s`` (signals still short are then left out)."""
        if e.ref_s >= MAX_REFERENCE_FACTOR * e.fit_s:
            return True
        if e.ref_checked and e.reference - e.ref_checked < 20:  # look every 20 rows, not on every row
            return False
        e.ref_checked = e.reference
        return all(n >= MIN_DISTINCT or n <= 1 for n in _distinct_counts(e.ref_rows))

    def _forget(self, e: _Equipment) -> None:
        """Drop the learnt model: the next running is learnt again as the healthy reference."""
        e.model = e.detector = None
        e.cols = []
        e.reference, e.ref_s = 0, 0.0
        e.ref_rows, e.ref_ts, e.ref_checked = [], [], 0
        e.fit_X, e.fit_ts, e.false_rows = [], [], []
        e.score = e.anomaly_health = e.contrib = e.z = e.channel = None
        e.h_ts.clear()
        e.h_val.clear()
        if e.anomaly:
            self._end_event(e, e.last_row_ts or self.clock())
            e.anomaly, e.since = False, None
            self._publish_alarm(e, e.last_row_ts or self.clock())

    def _end_event(self, e: _Equipment, ts: float, false: bool = False) -> None:
        """Close the open anomaly event (if any) at ``ts``; ``false``: the last event was marked a false alarm."""
        if not e.events:
            return
        start, end, channel, was_false = e.events[-1]
        e.events[-1] = (start, ts if end is None else end, channel, was_false or false)

    def _fit(self, e: _Equipment, extra: np.ndarray | None = None) -> None:
        X = np.vstack(e.ref_rows)
        ts = np.asarray(e.ref_ts, float)
        if extra is not None and extra.size:
            X = np.vstack([X, extra])
        cols = [j for j in range(X.shape[1]) if np.isfinite(X[:, j]).sum() >= 3]
        # a signal that did not vary over the whole reference (a cycle time updated once per long cycle, a
        # held value) says nothing about normal running: it is left out, not learnt as a constant
        steady = [j for j in cols if np.nanmax(X[:, j]) - np.nanmin(X[:, j]) <= 1e-9 * max(1.0, abs(np.nanmean(X[:, j])))]
        if steady:
            log.info("anomaly model of %s leaves out %s: no variation in the reference", e.id,
                     ", ".join(e.keys[j] for j in steady))
        cols = [j for j in cols if j not in steady]
        counts = _distinct_counts(X)
        few = [j for j in cols if counts[j] < MIN_DISTINCT]
        if few:
            log.info("anomaly model of %s leaves out %s: fewer than %d different values in the reference", e.id,
                     ", ".join(e.keys[j] for j in few), MIN_DISTINCT)
        cols = [j for j in cols if j not in few]
        if not cols:
            self._trim_reference(e)
            return
        X = X[:, cols]
        # the windows and the persistence are seconds of plant time (20 s, 3 of 5 s at 1 Hz): a station that
        # sees a row every 12 s (a fast demo) smooths over as many seconds, not 20 rows
        kw = dict(self.model_kwargs)
        dt = float(np.median(np.diff(ts))) if ts.size > 2 else self.period_s
        per = max(1.0, dt / self.period_s)
        kw["window"] = max(1, int(round(kw.get("window", 20) / per)))
        kw["n"] = max(1, int(round(kw.get("n", 1) / per)))
        kw["k"] = max(1, min(kw["n"], int(round(kw.get("k", 1) / per))))
        # the reference is minutes long; a healthy machine wanders further over a day (the weather, the load,
        # the furnace's drift), inside the band the plant file calls normal: each tag's level spread is at
        # least NORMAL_BAND_SCALE of its normal range, so that such wandering is not an anomaly
        floor = [NORMAL_BAND_SCALE * (e.tags[j].normal_range[1] - e.tags[j].normal_range[0])
                 if e.tags[j].normal_range else 0.0 for j in cols]
        m = DetectorFamily(**kw)
        t_fit = ts if ts.size == X.shape[0] else None
        try:
            m.fit(X, t_fit, [e.keys[j] for j in cols], sides=[e.sides[j] for j in cols], min_spread=floor)
        except ValueError as exc:
            log.warning("anomaly model of %s not fitted: %s", e.id, exc)
            self._trim_reference(e)
            return
        m.threshold = max(m.threshold, self.min_threshold)
        e.model, e.cols = m, cols
        e.fit_X, e.fit_ts = list(e.ref_rows), list(e.ref_ts)  # kept: a false alarm refits on it plus its rows
        e.ref_rows, e.ref_ts, e.ref_checked = [], [], 0
        e.fitted_at = float(ts[-1]) if ts.size else None
        e.detector = m.online(X[-m.window * m.drift_factor:])  # windows filled with the tail of the reference
        log.info("anomaly model of %s fitted on %d rows (%.0f s of running) of %s (threshold %.3g, cycle %s rows)",
                 e.id, X.shape[0], e.ref_s, ", ".join(m.columns), m.threshold,
                 "/".join(str(p) for p in m.periods))

    def _trim_reference(self, e: _Equipment) -> None:
        """Not fitted: keep learning on the most recent reference only (bounded memory)."""
        keep = max(10, int(math.ceil(e.fit_s / self.period_s)))
        if len(e.ref_rows) > keep:
            drop = len(e.ref_rows) - keep
            del e.ref_rows[:drop], e.ref_ts[:drop]
            e.reference = len(e.ref_rows)
            e.ref_s = max(0.0, e.ref_s * keep / (keep + drop))

    def _score(self, e: _Equipment, ts: float, row: np.ndarray) -> None:
        m = e.model
        x = row[e.cols]
        s, on, c, ch, level_z = e.detector.update(x)
        e.z, e.channel_now = level_z, CHANNELS[ch]
        e.score, e.contrib = s, c
        # health 100 up to the score healthy running reaches about once a day, 50 at the threshold
        h_an = float(health_index(s, m.threshold, normal=min(m.daily_score, 0.9 * m.threshold)))
        h = h_an
        for t, a in e.limits:
            v = row[e.index[t.key]]
            if not np.isfinite(v) or t.normal_range is None:
                continue
            lo_n, hi_n = t.normal_range
            if a.kind in ("HI", "HIHI"):
                h = min(h, float(limit_health(v, (None, hi_n), (None, a.limit))))
            else:
                h = min(h, float(limit_health(v, (lo_n, None), (a.limit, None))))
        e.anomaly_health = h_an
        e.h_ts.append(ts)
        e.h_val.append(h)
        if on and not e.anomaly:
            e.since = ts
            e.channel = CHANNELS[ch]
            e.events.append((ts, None, e.channel, False))
            log.warning("anomaly on %s (%s): %s", e.id, e.channel, self._explain(e)[1])
        elif not on:
            if e.anomaly:
                self._end_event(e, ts)
            e.since = None
        e.anomaly = bool(on)
        self._publish_alarm(e, ts)

    def _publish_alarm(self, e: _Equipment, ts: float, force: bool = False) -> None:
        eng = self._alarms
        if eng is None:
            return
        last = e.published
        if not force and last is not None and last[0] == e.anomaly and ts - last[1] < 10.0:
            return
        e.published = (e.anomaly, ts)
        try:
            eng.process([Sample(f"{e.id}.{ANOMALY_SUFFIX}", ts, e.anomaly, Quality.GOOD)])
        except Exception:
            log.exception("anomaly alarm of %s not published", e.id)

    def _explain(self, e: _Equipment) -> tuple[list[tuple[str, float]], str]:
        if e.model is None or e.contrib is None:
            return [], ""
        top = e.model.explain(e.contrib, k=2, min_share=0.15)
        names = [self._words(e, k) for k, _ in top]
        # one sentence: "Lube pressure low and main-shaft bushing temperature high" (acronyms kept: "RMS ...")
        names = [n if (i == 0 or n[1:2].isupper()) else n[:1].lower() + n[1:] for i, n in enumerate(names)]
        if names:
            names[0] = names[0][:1].upper() + names[0][1:]
        moves = []
        for (k, _), nm in zip(top, names):
            j = e.model.columns.index(k)
            z = e.z[j] if e.z is not None else 0.0
            moves.append((_HIGH if z > 0 else _LOW).format(nm))
        return top, join(moves, _AND)

    def _words(self, e: _Equipment, key: str) -> str:
        t = e.tags[e.index[key]]
        return (t.description or t.name.replace("_", " ")).strip()

    def _etas(self, e: _Equipment) -> tuple[LimitEta, ...]:
        if not e.limits or len(e.ts) < 8:
            return ()
        # the time axis is running time: rows exist only while the machine runs, and the gaps of its stops
        # are closed up, so that "after ~40 min more running" means the same however often it stops (heat
        # and wear build up while it runs, not while it stands)
        ts = np.asarray(e.ts, float)
        t = running_time(ts)
        sel = (t >= t[-1] - self.eta_window_s) & (ts >= e.settled_at)
        t = t[sel]
        if t.size < 8 or t[-1] - t[0] < 0.5 * self.eta_window_s:  # still recovering from a stop: not yet
            return tuple(x for x in e.etas if x.eta is not None and x.eta.eta_s <= 0)
        # both conditions hold from some row on: the selection is the newest rows (only those are copied)
        first = len(e.rows) - int(sel.sum())
        rows = np.asarray(list(itertools.islice(e.rows, first, None)), float)  # one matrix, a column per tag
        out = []
        for tag, a in e.limits:
            j = e.index[tag.key]
            y = rows[:, j]
            fin = np.isfinite(y)
            last = float(y[fin][-1]) if fin.any() else None
            eta = None
            if fin.sum() >= 8:
                up = a.kind in ("HI", "HIHI")
                try:
                    eta = time_to_threshold(t[fin], y[fin], float(a.limit), None, "auto",
                                            confidence=self.eta_confidence, direction="up" if up else "down")
                except Exception:  # a degenerate series must not stop the scorer
                    log.debug("time to threshold failed for %s", tag.key, exc_info=True)
                # a time to a limit is shown only for a real trend: its slope's interval excludes zero (above),
                # the band's far end reaches the limit too, and it has held for eta_confirm_s
                if eta is not None and eta.eta_s > 0 and (eta.eta_hi_s is None or eta.eta_s > 30 * 86400):
                    eta = None
                # ...and only once the tag has left its normal band towards the limit: a healthy machine's ups
                # and downs inside it (a bushing warming after a stop, the furnace's drift) are not a trend
                if eta is not None and eta.eta_s > 0 and not self._left_band(e, tag, a, y[fin][-5:]):
                    eta = None
            key = (tag.key, a.kind)
            if eta is None or eta.eta_s <= 0:
                e.eta_since.pop(key, None)
            else:
                first = e.eta_since.setdefault(key, float(t[-1]))
                if t[-1] - first < self.eta_confirm_s:
                    eta = None
            out.append(LimitEta(tag.key, (tag.description or tag.name).strip(), a.kind, float(a.limit), tag.unit,
                                last, eta))
        # limits still ahead first (soonest first), then those already reached, then the rest
        out.sort(key=lambda x: (x.eta is None, x.eta is not None and x.eta.eta_s <= 0, x.eta.eta_s if x.eta else 0.0))
        return tuple(out)

    @staticmethod
    def _left_band(e: _Equipment, tag: TagConfig, a, recent: np.ndarray) -> bool:
        """Has ``tag`` (the mean of its last few values) left its normal band towards limit ``a``?  The band is
        the plant file's normal range, or the learnt healthy band (the anomaly model's centre +- ETA_BAND_Z
        scales) where that reaches further; with neither, any value counts."""
        if recent.size == 0:
            return False
        v = float(np.mean(recent))
        up = a.kind in ("HI", "HIHI")
        edges = []
        if tag.normal_range is not None:
            edges.append(tag.normal_range[1] if up else tag.normal_range[0])
        m = e.model
        if m is not None and tag.key in m.columns:
            j = m.columns.index(tag.key)
            center, spread = m.level_band()
            edges.append(center[j] + (ETA_BAND_Z if up else -ETA_BAND_Z) * spread[j])
        if not edges:
            return True
        return v > max(edges) if up else v < min(edges)

    @staticmethod
    def _limit_action(t, kinds) -> str | None:
        """The configured alarm response of tag ``t`` for the first of ``kinds`` that has one."""
        for kind in kinds:
            for a in t.alarms:
                if a.kind == kind and a.action:
                    return a.action
        return None

    def _action(self, e: _Equipment, drivers) -> str:
        if e.anomaly and drivers and e.z is not None:
            key = drivers[0][0]
            z = e.z[e.model.columns.index(key)]
            act = self._limit_action(e.tags[e.index[key]], ("HI", "HIHI") if z > 0 else ("LO", "LOLO"))
            return act or _INSPECT.format(e.name, self._words(e, key).lower())
        # a limit already reached (its alarm is up): the response to the worst one, whatever the model says
        reached = [x for x in e.etas if x.eta is not None and x.eta.eta_s <= 0]
        if reached:
            worst = min(reached, key=lambda x: x.kind not in ("HIHI", "LOLO"))
            up = worst.kind in ("HI", "HIHI")
            act = self._limit_action(e.tags[e.index[worst.tag]], ("HIHI", "HI") if up else ("LOLO", "LO"))
            return act or _AT_LIMIT.format(e.name, worst.name.lower(), worst.kind)
        nl = next((x for x in e.etas if x.eta is not None and x.eta.eta_s > 0), None)
        if nl is not None and nl.eta.eta_s < 24 * 3600:
            act = self._limit_action(e.tags[e.index[nl.tag]],
                                     ("HI", "HIHI") if nl.kind in ("HI", "HIHI") else ("LO", "LOLO"))
            if act:
                return act
        if e.advice:  # a value forecast to leave its normal range: what its advice says to do
            return e.advice[0].action_text()
        if e.model is None:
            return _LEARNING
        return _NO_ACTION

    @staticmethod
    def _counted_down(e: _Equipment) -> tuple[LimitEta, ...]:
        """The times to limits as of now: between two fits (every ``eta_every_s``) they count down by the running
        time since the last one, so a time shown is never older than the row it is shown with."""
        d = e.run_since_etas
        if d <= 0:
            return e.etas
        out = []
        for x in e.etas:
            t = x.eta
            if t is not None and t.eta_s > 0:
                t = dataclasses.replace(t, eta_s=max(0.0, t.eta_s - d), eta_lo_s=max(0.0, t.eta_lo_s - d),
                                        eta_hi_s=None if t.eta_hi_s is None else max(0.0, t.eta_hi_s - d))
                x = dataclasses.replace(x, eta=t)
            out.append(x)
        return tuple(out)

    def _advice(self, e: _Equipment) -> tuple:
        """The values of ``e`` whose forecast leaves their band within the horizon, soonest first."""
        if len(e.ts) < 10:
            return ()
        ts = np.asarray(e.ts, float)
        t = running_time(ts)
        if t[-1] - t[0] < ADVICE_MIN_HISTORY_S:
            return ()
        # the last ADVICE_HISTORY_S of running, in means over a machine cycle (the die's heating and cooling in
        # one casting cycle is not a trend) or ADVICE_BIN_S where the cycle is shorter
        first = int(np.searchsorted(t, t[-1] - ADVICE_HISTORY_S))
        t = t[first:]
        rows = np.asarray(list(itertools.islice(e.rows, first, None)), float)
        bin_s = max(ADVICE_BIN_S, e.cycle_s, (t[-1] - t[0]) / ADVICE_MAX_POINTS)
        bins = np.floor((t - t[0]) / bin_s).astype(int)
        n_bins = int(bins[-1]) + 1
        counts = np.bincount(bins, minlength=n_bins)
        out = []
        for j, tag in enumerate(e.tags):
            if not band_edges(tag):
                continue
            y = rows[:, j]
            fin = np.isfinite(y)
            if fin.sum() < 0.5 * y.size:
                continue
            # a value updated once per cycle or event (the last cycle time) is a series of parts, not of time:
            # a time forecast of its steps extrapolates the last part; a measurement changes in most rows
            if np.count_nonzero(np.diff(y[fin])) < ADVICE_MIN_CHANGES * fin.sum():
                continue
            sums = np.bincount(bins[fin], weights=y[fin], minlength=n_bins)
            cnt = np.bincount(bins[fin], minlength=n_bins)
            ok = cnt >= np.maximum(1, counts // 2)
            # a value that swings across much of its band within a cycle by design (the die heating and cooling,
            # the furnace pressure of each fill) leaves its band every cycle: its trend is no advice
            band = tag.normal_range
            if band is not None and ok.any():
                mean = sums[ok] / cnt[ok]
                sq = np.bincount(bins[fin], weights=y[fin] ** 2, minlength=n_bins)[ok] / cnt[ok]
                swing = float(np.median(np.sqrt(np.maximum(sq - mean ** 2, 0.0))))
                if swing > ADVICE_MAX_SWING * (band[1] - band[0]):
                    continue
            tb = t[0] + (np.arange(n_bins) + 0.5) * bin_s
            tb[-1] = t[-1]
            yb = sums[ok] / cnt[ok]
            if not self._may_leave(tag, tb[ok], yb):
                continue
            sp_tag = e.setpoint_tags.get(tag.key)
            try:
                adv = process_advice(tag, tb[ok], yb, horizon_s=self.advice_horizon_s,
                                     setpoint=sp_tag, setpoint_value=e.setpoints.get(sp_tag.key) if sp_tag else None)
            except (ValueError, FloatingPointError):
                continue
            if adv is not None:
                out.append(adv)
        out.sort(key=lambda a: a.in_s)
        return tuple(out)

    def _may_leave(self, tag: TagConfig, t: np.ndarray, y: np.ndarray) -> bool:
        """A cheap first look before the forecast is fitted: could the value leave its band within twice the
        horizon on its straight-line trend plus four times its scatter around it (else no forecast can)?"""
        if t.size < 5:
            return False
        k, c = np.polyfit(t - t[-1], y, 1)
        spread = 4.0 * float(np.std(y - (k * (t - t[-1]) + c)))
        ahead = c + k * 2.0 * self.advice_horizon_s
        lo = min(y[-1], c, ahead) - spread
        hi = max(y[-1], c, ahead) + spread
        return any((lo <= edge) if direction == "below" else (hi >= edge) for edge, _k, direction in band_edges(tag))

    @staticmethod
    def _event_figures(e: _Equipment, ts: float | None) -> AnomalyEvents:
        now = ts if ts is not None else (e.events[-1][0] if e.events else 0.0)
        return AnomalyEvents(e.judged_s, len(e.events), sum(1 for ev in e.events if ev[3]),
                             sum(1 for ev in e.events if ev[0] >= now - 86400.0))

    def _publish_snapshot(self, e: _Equipment, ts: float | None) -> None:
        etas = self._counted_down(e)
        if e.model is None:
            state = "learning" if e.reference else "no_data"
            learned = min(e.ref_s / e.fit_s if e.fit_s > 0 else 0.0, e.reference / max(self.min_rows, 1))
            h = EquipmentHealth(e.id, e.name, state, min(0.99, learned),
                                None, None, None,
                                None, False, None, etas=etas, action=self._action(e, []), updated=ts,
                                columns=tuple(e.keys), advice=e.advice)
        else:
            drivers, text = self._explain(e) if e.anomaly else ([], "")
            hv = float(np.median(list(e.h_val)[-5:])) if e.h_val else None
            h = EquipmentHealth(e.id, e.name, "anomaly" if e.anomaly else "ok", 1.0, hv,
                                e.trend, e.score, e.model.threshold,
                                e.anomaly, e.since, tuple(drivers), text, etas, self._action(e, drivers), ts,
                                tuple(e.model.columns), (e.channel or "") if e.anomaly else "",
                                self._event_figures(e, ts), e.advice)
        with self._lock:
            self._snap[e.id] = h
