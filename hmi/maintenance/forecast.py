"""Process-value forecast N minutes ahead with a prediction interval, and advice before a limit is crossed.

Holt's linear trend (additive ETS(A,A,N)): level l and trend b updated by the one-step error e::

    l_t = l_{t-1} + b_{t-1} + alpha e_t,   b_t = b_{t-1} + beta e_t,   0 < beta <= alpha < 1

alpha, beta minimise the in-sample one-step squared error (a grid over both, refined twice around its best); the h-step variance is
sigma^2 (1 + sum_{j=1}^{h-1} (alpha + beta j)^2) with sigma from the one-step residuals, which gives
Gaussian prediction intervals.  The series is taken as regularly sampled at its median spacing (gaps are
filled by carrying the last value).

:func:`forecast_advice` turns a forecast into the operator's sentence:
"melt temperature forecast to exceed 740 °C in 12 min: reduce furnace power".
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Forecast", "holt_forecast", "forecast_advice", "LimitCrossing", "first_crossing"]


@dataclass
class Forecast:
    t: np.ndarray        # forecast timestamps (s)
    mean: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    confidence: float
    alpha: float
    beta: float
    sigma: float
    step_s: float
    last_t: float
    last_value: float

    def to_dict(self) -> dict:
        return {"t": self.t.tolist(), "mean": self.mean.tolist(), "lo": self.lo.tolist(), "hi": self.hi.tolist(),
                "confidence": self.confidence, "alpha": self.alpha, "beta": self.beta, "sigma": self.sigma,
                "step_s": self.step_s}


def _regular(t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    dt = float(np.median(np.diff(t))) if t.size > 1 else 1.0
    if dt <= 0:
        raise ValueError("timestamps must increase")
    if np.allclose(np.diff(t), dt, rtol=0.05):
        return y, dt
    grid = np.arange(t[0], t[-1] + dt / 2, dt)
    idx = np.searchsorted(t, grid, side="right") - 1
    return y[np.clip(idx, 0, y.size - 1)], dt


def _init(y):
    """Initial level and trend: least-squares line through the first quarter (at least 10 points);
    a first difference would start the trend on noise."""
    m = min(y.size, max(10, y.size // 4))
    x = np.arange(m, dtype=float)
    slope, icpt = np.polyfit(x, y[:m], 1)
    return float(icpt), float(slope)


def _holt_sse(a, beta, y, init) -> np.ndarray:
    """In-sample one-step squared error for arrays of (alpha, beta) pairs at once."""
    a = np.asarray(a, float)
    beta = np.asarray(beta, float)
    level = np.full(a.shape, init[0])
    trend = np.full(a.shape, init[1])
    sse = np.zeros(a.shape)
    for v in y[1:]:
        e = v - (level + trend)
        sse += e * e
        level = level + trend + a * e
        trend = trend + beta * e
    return sse


def _fit_holt(y, init) -> tuple[float, float]:
    """(alpha, beta) minimising the one-step squared error, 1e-3 <= alpha <= 0.999, 1e-3 alpha <= beta <= alpha:
    a log-spaced grid, then two finer grids around the best point."""
    lo, hi = np.log([1e-3, 1e-3]), np.log([0.999, 1.0])
    la, lb = np.linspace(lo[0], hi[0], 24), np.linspace(lo[1], hi[1], 16)
    best = None
    for _ in range(3):
        A, B = np.meshgrid(la, lb, indexing="ij")
        a, bf = np.exp(A).ravel(), np.exp(B).ravel()
        sse = np.nan_to_num(_holt_sse(a, a * bf, y, init), nan=np.inf)
        i = int(np.argmin(sse))
        best = (float(a[i]), float(bf[i]))
        sa, sb = (la[1] - la[0]) if la.size > 1 else 0.0, (lb[1] - lb[0]) if lb.size > 1 else 0.0
        ca, cb = math.log(best[0]), math.log(best[1])
        la = np.linspace(max(lo[0], ca - sa), min(hi[0], ca + sa), 9)
        lb = np.linspace(max(lo[1], cb - sb), min(hi[1], cb + sb), 9)
    return best[0], best[0] * best[1]


def _holt_run(y, a, beta, init):
    level, trend = init
    res = []
    for v in y[1:]:
        e = v - (level + trend)
        res.append(e)
        level = level + trend + a * e
        trend = trend + beta * e
    return level, trend, np.asarray(res)


def holt_forecast(t_s, values, horizon_s: float, confidence: float = 0.9, alpha: float | None = None,
                  beta: float | None = None, max_points: int = 2000) -> Forecast:
    """Forecast ``horizon_s`` seconds ahead from timestamps (s) and values (the last ``max_points`` used)."""
    from hmi.maintenance.numerics import normal_quantile

    t = np.asarray(t_s, float)
    y = np.asarray(values, float)
    ok = np.isfinite(t) & np.isfinite(y)
    t, y = t[ok][-max_points:], y[ok][-max_points:]
    if t.size < 5:
        raise ValueError("need at least 5 points to forecast")
    yr, dt = _regular(t, y)
    init = _init(yr)
    if alpha is None or beta is None:
        a, b = _fit_holt(yr, init)
        alpha = a if alpha is None else alpha
        beta = b if beta is None else beta
    level, trend, res = _holt_run(yr, alpha, beta, init)
    burn = min(10, res.size // 4)
    sigma = float(np.sqrt(np.mean(res[burn:] ** 2))) if res.size > burn else float(np.std(res))
    h = max(1, int(math.ceil(horizon_s / dt)))
    steps = np.arange(1, h + 1)
    mean = level + steps * trend
    cum = np.cumsum(np.r_[0.0, (alpha + beta * np.arange(1, h)) ** 2])  # sum_{j=1}^{h-1}
    var = sigma ** 2 * (1.0 + cum[:h])
    z = normal_quantile(0.5 + confidence / 2.0)
    half = z * np.sqrt(var)
    return Forecast(float(t[-1]) + steps * dt, mean, mean - half, mean + half, confidence, float(alpha), float(beta),
                    sigma, dt, float(t[-1]), float(y[-1]))


@dataclass(frozen=True)
class LimitCrossing:
    in_s: float         # seconds from the last sample (point forecast, or the band when `likely` is False)
    at: float
    likely: bool        # True: the point forecast crosses; False: only the prediction band does
    value: float


def first_crossing(fc: Forecast, limit: float, direction: str = "above") -> LimitCrossing | None:
    """First forecast step beyond ``limit`` (point forecast first, else the band edge); None if neither."""
    if direction not in ("above", "below"):
        raise ValueError("direction must be 'above' or 'below'")
    point = fc.mean >= limit if direction == "above" else fc.mean <= limit
    band = fc.hi >= limit if direction == "above" else fc.lo <= limit
    for arr, likely in ((point, True), (band, False)):
        if arr.any():
            i = int(np.argmax(arr))
            return LimitCrossing(float(fc.t[i] - fc.last_t), float(fc.t[i]), likely, float(fc.mean[i]))
    return None


def _fmt_dur(s: float) -> str:
    if s < 90:
        return f"{s:.0f} s"
    if s < 5400:
        return f"{s / 60:.0f} min"
    return f"{s / 3600:.1f} h"


def forecast_advice(fc: Forecast, limit: float, name: str = "value", unit: str = "", action: str | None = None,
                    direction: str = "above") -> str | None:
    """The operator's sentence when the forecast crosses ``limit`` within its horizon, else None.

    ``"melt temperature forecast to exceed 740 °C in 12 min: reduce furnace power"``; when only the
    upper prediction band crosses: ``"... may exceed 740 °C within 25 min (90 % band)"``.
    """
    cr = first_crossing(fc, limit, direction)
    if cr is None:
        return None
    u = f" {unit}" if unit and not unit.startswith(" ") else unit
    verb = "exceed" if direction == "above" else "fall below"
    if cr.in_s <= 0:
        msg = f"{name} at or beyond {limit:g}{u}"
    elif cr.likely:
        msg = f"{name} forecast to {verb} {limit:g}{u} in {_fmt_dur(cr.in_s)}"
    else:
        msg = f"{name} may {verb} {limit:g}{u} within {_fmt_dur(cr.in_s)} ({fc.confidence * 100:.0f} % band)"
    return f"{msg}: {action}" if action else msg
