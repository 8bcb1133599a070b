"""What the operator should do about a process value's forecast, in words.  Qt-free, numpy only.

    advice = process_advice(tag, t, values, horizon_s=3600, setpoint=sp_tag, setpoint_value=712.0)
    advice.text()   # "Melt temperature in the holding furnace forecast to fall below 690 °C in 40 min:
                    #  raise melt_setpoint by 8 °C (to 720 °C)"

The value's forecast (:func:`~hmi.maintenance.forecast.holt_forecast`, which falls back to the last value where
a trend did not pay on the value's own history) is checked against the tag's normal range and alarm limits over
the horizon.  The first band edge the *point* forecast leaves (a band-only crossing is not advice: it is what
the Trends page's interval shows) becomes the advice, and only when the forecast's trend beat the last value on
the value's own history (:data:`MAX_SKILL`).  With a setpoint that moves the value (the plant file's
``setpoint`` and ``setpoint_gain`` on the tag), the advice is the setpoint change that keeps the forecast's worst
point inside the normal range with a margin of :data:`MARGIN_SHARE` of it, within the setpoint's write limits and
largest step; without one, the action of the alarm limit the value is heading to.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hmi.maintenance.forecast import Forecast, holt_forecast
from hmi.messages import QT_TRANSLATE_NOOP, Message

__all__ = ["ProcessAdvice", "process_advice", "band_edges", "setpoint_change", "MARGIN_SHARE", "ADVICE_HORIZON_S"]

#: the advised setpoint keeps the forecast this share of the normal range inside it
MARGIN_SHARE = 0.1
#: how far ahead the advice looks by default (plant seconds)
ADVICE_HORIZON_S = 3600.0
#: a crossing ahead is advice only when the forecast's trend paid on the value's own history: its h-step errors
#: at most this share of the last value's (a forecast drawn from noise says nothing)
MAX_SKILL = 0.9

_FALL = QT_TRANSLATE_NOOP("Maintenance", "{0} forecast to fall below {1}{2} in {3}")
_RISE = QT_TRANSLATE_NOOP("Maintenance", "{0} forecast to rise above {1}{2} in {3}")
_IS_BELOW = QT_TRANSLATE_NOOP("Maintenance", "{0} is below {1}{2} (now {3}{2})")
_IS_ABOVE = QT_TRANSLATE_NOOP("Maintenance", "{0} is above {1}{2} (now {3}{2})")
_RAISE = QT_TRANSLATE_NOOP("Maintenance", "raise {0} by {1}{2} (to {3}{2})")
_LOWER = QT_TRANSLATE_NOOP("Maintenance", "lower {0} by {1}{2} (to {3}{2})")
_STEP = QT_TRANSLATE_NOOP("Maintenance", "{0}; the largest step allowed: check again once it has settled")
_AT_END = QT_TRANSLATE_NOOP("Maintenance", "{0} is at its limit of {1}{2}: {3}")
_WITH = QT_TRANSLATE_NOOP("Maintenance", "{0}: {1}")
_CHECK = QT_TRANSLATE_NOOP("Maintenance", "find the cause")


def _duration(s: float) -> Message:
    from hmi.maintenance.scorer import format_duration

    return format_duration(s)


def _num(v: float) -> str:
    return f"{v:.4g}" if abs(v) < 1000 else f"{v:.0f}"


@dataclass(frozen=True)
class ProcessAdvice:
    """One value's forecast advice (see the module doc)."""

    tag: str                    # the value's tag key
    name: str                   # in words (its description)
    unit: str
    edge: float                 # the band edge or alarm limit the forecast leaves by
    kind: str                   # "normal" (the normal range's edge) or the alarm kind (LO, LOLO, HI, HIHI)
    direction: str              # "below" | "above"
    in_s: float                 # plant seconds until the point forecast leaves (0: it already has)
    value: float                # the last value
    worst: float                # the forecast's furthest point beyond the target over the horizon
    setpoint: str | None = None          # the setpoint tag's key to change
    setpoint_name: str = ""
    setpoint_now: float | None = None
    change: float | None = None          # the advised change of the setpoint (signed); None: no setpoint advice
    step_limited: bool = False           # the change is the largest step the setpoint allows
    action: str = ""                     # the alarm action (without setpoint advice)

    @property
    def setpoint_to(self) -> float | None:
        return None if self.change is None or self.setpoint_now is None else self.setpoint_now + self.change

    def action_text(self) -> Message | str:
        """What to do, without the forecast: "raise melt setpoint by 8 °C (to 720 °C)", or the alarm's action."""
        u = f" {self.unit}" if self.unit else ""
        if self.change is not None and self.change != 0 and self.setpoint_to is not None:
            what = (_RAISE if self.change > 0 else _LOWER).format(self.setpoint_name, _num(abs(self.change)), u,
                                                                  _num(self.setpoint_to))
            return _STEP.format(what) if self.step_limited else what
        return self.action or _CHECK

    def text(self) -> Message:
        u = f" {self.unit}" if self.unit else ""
        if self.in_s <= 0:
            head = (_IS_BELOW if self.direction == "below" else _IS_ABOVE).format(self.name, _num(self.edge), u,
                                                                               _num(self.value))
        else:
            head = (_FALL if self.direction == "below" else _RISE).format(self.name, _num(self.edge), u,
                                                                         _duration(self.in_s))
        return _WITH.format(head, self.action_text())


def _label(tag) -> str:
    """A setpoint as the Overview labels it: its name made readable ("melt_setpoint" -> "Melt setpoint"), the key
    of its translation in the plant file."""
    return tag.name.replace("_", " ").capitalize()


def band_edges(tag) -> list[tuple[float, str, str]]:
    """(edge, kind, direction) of the tag's normal range and HI/HIHI/LO/LOLO limits."""
    out = []
    if tag.normal_range is not None:
        out += [(float(tag.normal_range[0]), "normal", "below"), (float(tag.normal_range[1]), "normal", "above")]
    for a in tag.alarms:
        if a.kind in ("LO", "LOLO") and a.limit is not None:
            out.append((float(a.limit), a.kind, "below"))
        elif a.kind in ("HI", "HIHI") and a.limit is not None:
            out.append((float(a.limit), a.kind, "above"))
    return out


def _action(tag, direction: str) -> str:
    kinds = ("LO", "LOLO") if direction == "below" else ("HI", "HIHI")
    return next((a.action for k in kinds for a in tag.alarms if a.kind == k and a.action), "")


def setpoint_change(need: float, gain: float, sp_tag, sp_now: float) -> tuple[float, bool]:
    """The setpoint change that moves the value by ``need`` (``need / gain``), rounded away from zero to the
    setpoint's resolution and kept within its write limits and largest step: (change, limited by the step)."""
    wl = sp_tag.write_limits
    raw = need / gain
    span = (wl.max - wl.min) if wl is not None else abs(raw) * 10 or 1.0
    res = 10.0 ** math.floor(math.log10(max(span, 1e-9) / 20.0))      # a twentieth of the range, as 1, 0.1, ...
    change = math.copysign(math.ceil(abs(raw) / res - 1e-9) * res, raw)
    limited = False
    if wl is not None:
        if wl.max_step is not None and abs(change) > wl.max_step:
            change, limited = math.copysign(wl.max_step, change), True
        change = min(max(sp_now + change, wl.min), wl.max) - sp_now
    return round(change, 6), limited


def process_advice(tag, t_s, values, *, horizon_s: float = ADVICE_HORIZON_S, setpoint=None,
                   setpoint_value: float | None = None, forecast: Forecast | None = None) -> ProcessAdvice | None:
    """The advice for one value (:class:`ProcessAdvice`), None when its forecast stays inside the band over
    ``horizon_s``.  ``setpoint``: the setpoint's TagConfig (when ``tag.setpoint`` names one) and its current
    value; ``forecast``: one already made (else it is made here from ``t_s``, ``values``)."""
    edges = band_edges(tag)
    if not edges:
        return None
    fc = forecast if forecast is not None else holt_forecast(t_s, values, horizon_s)
    keep = fc.t - fc.last_t <= horizon_s + 1e-9
    mean = fc.mean[keep]
    if mean.size == 0:
        return None
    last = float(fc.last_value)
    trusted = fc.skill <= MAX_SKILL          # NaN (too short a history to check): not trusted
    best = None
    for edge, kind, direction in edges:
        beyond = mean < edge if direction == "below" else mean > edge
        if (last < edge) if direction == "below" else (last > edge):
            cand = (0.0, direction, edge, kind)
        elif trusted and beyond.any():
            cand = (float(fc.t[keep][int(np.argmax(beyond))] - fc.last_t), direction, edge, kind)
        else:
            continue
        # the soonest; at the same time the edge nearest the normal running (the normal range before a limit)
        rank = (cand[0], 0 if kind == "normal" else 1, -edge if direction == "below" else edge)
        if best is None or rank < best[0]:
            best = (rank, cand)
    if best is None:
        return None
    in_s, direction, edge, kind = best[1]
    worst = float(mean.min()) if direction == "below" else float(mean.max())
    worst = min(worst, last) if direction == "below" else max(worst, last)
    name = (tag.description or tag.name.replace("_", " ")).strip()
    adv = ProcessAdvice(tag.key, name, tag.unit, edge, kind, direction, in_s, last, worst,
                        action=_action(tag, direction))
    if setpoint is None or setpoint_value is None or not math.isfinite(setpoint_value):
        return adv
    # keep the worst point MARGIN_SHARE of the normal range inside it (or inside the limit, without one)
    if tag.normal_range is not None:
        lo, hi = tag.normal_range
        margin = MARGIN_SHARE * (hi - lo)
        target = lo + margin if direction == "below" else hi - margin
    else:
        target = edge + (abs(edge) * 0.01 if direction == "below" else -abs(edge) * 0.01)
    need = target - worst
    if (direction == "below" and need <= 0) or (direction == "above" and need >= 0):
        return adv
    change, limited = setpoint_change(need, float(tag.setpoint_gain), setpoint, float(setpoint_value))
    if change == 0:                                      # the setpoint stands at its write limit already
        wl = setpoint.write_limits
        at = wl.max if need / tag.setpoint_gain > 0 else wl.min
        sp_name = _label(setpoint)
        action = _AT_END.format(sp_name, _num(at), f" {setpoint.unit}" if setpoint.unit else "",
                                adv.action or _CHECK)
        return ProcessAdvice(**{**adv.__dict__, "action": action})
    return ProcessAdvice(**{**adv.__dict__, "setpoint": setpoint.key,
                            "setpoint_name": _label(setpoint),
                            "setpoint_now": float(setpoint_value), "change": change, "step_limited": limited})
