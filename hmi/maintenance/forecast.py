"""Process-value forecast N minutes ahead with a prediction interval, and advice before a limit is crossed.

Holt's trend with damping (additive ETS(A,Ad,N)): level l and trend b updated by the one-step error e::

    l_t = l_{t-1} + phi b_{t-1} + alpha e_t,   b_t = phi b_{t-1} + beta e_t,   0 < beta <= alpha < 1

alpha, beta minimise the in-sample one-step squared error (a grid over both, refined twice around its best); the
damping phi is the one of :data:`PHIS` whose h-step forecasts of the series' own history were best (phi 1: a
linear trend; 0: none).  The h-step variance is sigma^2 (1 + sum_{j=1}^{h-1} (alpha + beta S_j)^2),
S_j = phi + ... + phi^j, with sigma from the one-step residuals, widened to the history's h-step errors where
those were larger: Gaussian prediction intervals.  The series is taken as regularly sampled at its median spacing (gaps are
filled by carrying the last value).

The same backtest (h-step forecasts of the history's second half) also weighs the last value, the same point of
the last 1, 2, 4 or 8 cycles where the history shows a cycle (:func:`~hmi.maintenance.detectors.find_period`:
a machine's or a day's), and the median of the last one or three horizons (a value stepping around a steady
level); the least mean absolute error wins.  For the cycle and the median the band is the backtest's h-step
errors.

:func:`forecast_advice` turns a forecast into the operator's sentence:
"melt temperature forecast to exceed 740 °C in 12 min: reduce furnace power".
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = ["Forecast", "holt_forecast", "forecast_advice", "LimitCrossing", "first_crossing", "TagCrossing",
           "tag_limit_crossing"]


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
    phi: float = 1.0     # trend damping per sample (1 = linear trend, 0 = none)
    #: mean absolute error of the history's own h-step forecasts with the chosen model, and with the last value
    #: (NaN when the history was too short to check)
    backtest_mae: float = float("nan")
    naive_mae: float = float("nan")
    #: "holt" (level and damped trend), "last" (the last value), "cycle" (the mean of the same point of the
    #: last ``lookback`` cycles of ``period_s`` seconds: a value that repeats with the machine's or the day's
    #: cycle) or "median" (the median of the last ``lookback`` samples: a value stepping around a steady level)
    model: str = "holt"
    period_s: float = 0.0
    lookback: int = 0

    @property
    def skill(self) -> float:
        """Backtest error against the last value's (below 1: the trend paid on this series' history; NaN:
        unknown)."""
        return self.backtest_mae / self.naive_mae if self.naive_mae > 0 else float("nan")

    def to_dict(self) -> dict:
        return {"t": self.t.tolist(), "mean": self.mean.tolist(), "lo": self.lo.tolist(), "hi": self.hi.tolist(),
                "confidence": self.confidence, "alpha": self.alpha, "beta": self.beta, "sigma": self.sigma,
                "step_s": self.step_s, "phi": self.phi, "model": self.model, "period_s": self.period_s,
                "lookback": self.lookback}


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


def _holt_sse(a, beta, y, init, phi: float = 1.0) -> np.ndarray:
    """In-sample one-step squared error for arrays of (alpha, beta) pairs at once (damping ``phi``)."""
    a = np.asarray(a, float)
    beta = np.asarray(beta, float)
    level = np.full(a.shape, init[0])
    trend = np.full(a.shape, init[1])
    sse = np.zeros(a.shape)
    for v in y[1:]:
        e = v - (level + phi * trend)
        sse += e * e
        level = level + phi * trend + a * e
        trend = phi * trend + beta * e
    return sse


def _fit_holt(y, init, phi: float = 1.0) -> tuple[float, float]:
    """(alpha, beta) minimising the one-step squared error, 1e-3 <= alpha <= 0.999, 1e-3 alpha <= beta <= alpha:
    a log-spaced grid, then two finer grids around the best point."""
    lo, hi = np.log([1e-3, 1e-3]), np.log([0.999, 1.0])
    la, lb = np.linspace(lo[0], hi[0], 24), np.linspace(lo[1], hi[1], 16)
    best = None
    for _ in range(3):
        A, B = np.meshgrid(la, lb, indexing="ij")
        a, bf = np.exp(A).ravel(), np.exp(B).ravel()
        sse = np.nan_to_num(_holt_sse(a, a * bf, y, init, phi), nan=np.inf)
        i = int(np.argmin(sse))
        best = (float(a[i]), float(bf[i]))
        sa, sb = (la[1] - la[0]) if la.size > 1 else 0.0, (lb[1] - lb[0]) if lb.size > 1 else 0.0
        ca, cb = math.log(best[0]), math.log(best[1])
        la = np.linspace(max(lo[0], ca - sa), min(hi[0], ca + sa), 9)
        lb = np.linspace(max(lo[1], cb - sb), min(hi[1], cb + sb), 9)
    return best[0], best[0] * best[1]


def _holt_states(y, a, beta, init, phi: float = 1.0):
    """Level and trend after each observation (index i: after y[i]) and the one-step residuals."""
    level, trend = init
    lv, tr, res = np.empty(y.size), np.empty(y.size), np.empty(max(y.size - 1, 0))
    lv[0], tr[0] = level, trend
    for i in range(1, y.size):
        e = y[i] - (level + phi * trend)
        res[i - 1] = e
        level = level + phi * trend + a * e
        trend = phi * trend + beta * e
        lv[i], tr[i] = level, trend
    return lv, tr, res


def _damp_sum(phi: float, h: int) -> np.ndarray:
    """S_j = phi + phi^2 + ... + phi^j for j = 1..h (S_j = j without damping)."""
    return np.cumsum(phi ** np.arange(1, h + 1)) if phi != 1.0 else np.arange(1, h + 1, dtype=float)


#: how many past cycles the cycle forecast averages (each tried, as the damping factors are)
CYCLE_COUNTS = (1, 2, 4, 8)
#: the median forecast's windows, in horizons (each tried)
MEDIAN_WINDOWS = (1, 3)


def _cycle_backtest(y: np.ndarray, period: int, k: int, h: int, idx: np.ndarray) -> np.ndarray | None:
    """h-step errors at the origins ``idx`` of the mean of the same point of the ``k`` cycles before (each
    origin sees only the samples up to it); None when the history is too short for every origin."""
    m0 = -(-h // period)                                     # the first whole cycle back from the target
    back = (m0 + np.arange(k)) * period
    if idx.size == 0 or idx[0] + h - back[-1] < 0:
        return None
    pred = np.mean(y[idx[:, None] + h - back[None, :]], axis=1)
    return y[idx + h] - pred


def _cycle_path(y: np.ndarray, period: int, k: int, h: int) -> np.ndarray:
    """The cycle forecast for steps 1..h after the last sample (a step whose cycles reach before the history
    averages those there are; one with none, the last value)."""
    j = np.arange(1, h + 1)
    pos = (y.size - 1 + j)[:, None] - (-(-j // period)[:, None] + np.arange(k)[None, :]) * period
    seen = pos >= 0
    total = np.where(seen, y[np.maximum(pos, 0)], 0.0).sum(axis=1)
    count = seen.sum(axis=1)
    return np.where(count > 0, total / np.maximum(count, 1), float(y[-1]))


#: trend damping factors tried per step: 1 = Holt's linear trend, 0 = no trend (simple exponential smoothing)
PHIS = (1.0, 0.98, 0.9, 0.7, 0.0)


def holt_forecast(t_s, values, horizon_s: float, confidence: float = 0.9, alpha: float | None = None,
                  beta: float | None = None, max_points: int = 2000, phi: float | None = None) -> Forecast:
    """Forecast ``horizon_s`` seconds ahead from timestamps (s) and values (the last ``max_points`` used).

    The trend's damping ``phi`` (per sample) is chosen among :data:`PHIS`, and the naive forecast (the last value)
    beside them, by the mean absolute error of the history's own ``h``-step forecasts (its second half, each from
    the samples before it): a trend that did not pay on this series is damped or dropped rather than extrapolated,
    and where nothing beat the last value, the last value is the forecast.  The prediction band is the analytic one,
    widened where the history's h-step errors were larger than it says."""
    from hmi.maintenance.numerics import normal_quantile

    t = np.asarray(t_s, float)
    y = np.asarray(values, float)
    ok = np.isfinite(t) & np.isfinite(y)
    t, y = t[ok][-max_points:], y[ok][-max_points:]
    if t.size < 5:
        raise ValueError("need at least 5 points to forecast")
    yr, dt = _regular(t, y)
    init = _init(yr)
    h = max(1, int(math.ceil(horizon_s / dt)))
    h_eval = max(1, min(h, yr.size // 4))
    burn = min(10, yr.size // 4)
    fixed = alpha is not None and beta is not None
    candidates = [1.0 if phi is None else float(phi)] if fixed or phi is not None else list(PHIS) + ["naive"]
    best = None
    naive_mae = float("nan")
    for ph in candidates:
        is_naive = ph == "naive"
        if ph == "naive":                                      # the last value (alpha 1, no trend)
            a, b, ph = 1.0, 0.0, 0.0
        elif fixed:
            a, b = float(alpha), float(beta)
        else:
            a, b = _fit_holt(yr, init, ph)
            a = a if alpha is None else float(alpha)
            b = b if beta is None else float(beta)
        lv, tr, res = _holt_states(yr, a, b, init, ph)
        start = max(burn, yr.size // 2 - h_eval)
        idx = np.arange(start, yr.size - h_eval)
        if idx.size:
            errs = yr[idx + h_eval] - (lv[idx] + _damp_sum(ph, h_eval)[-1] * tr[idx])
            mae = float(np.mean(np.abs(errs)))
        else:
            errs, mae = np.zeros(0), float("nan")
        if is_naive:
            naive_mae = mae
        if best is None or (np.isnan(best[0]) and not np.isnan(mae)) or mae < best[0] - 1e-12:
            best = (mae, ph, a, b, lv, tr, res, errs)
    best_mae, ph, alpha, beta, lv, tr, res, errs = best
    other = None           # (backtest MAE, model, period, lookback, errors)
    if not fixed and phi is None and idx.size:
        # a value that repeats with a cycle (the machine's, the day's): the same point of the last cycles
        from hmi.maintenance.detectors import find_period

        period = find_period(yr, min_lag=2)
        for k in CYCLE_COUNTS if period else ():
            e = _cycle_backtest(yr, period, k, h_eval, idx)
            if e is not None and float(np.mean(np.abs(e))) < (best_mae if other is None else other[0]) - 1e-12:
                other = (float(np.mean(np.abs(e))), "cycle", period, k, e)
        # a value that steps between a few levels around a steady one (a quantised pressure): the median of the
        # recent samples, the forecast with the least absolute error where the noise is lopsided
        for w in sorted({min(int(idx[0]) + 1, m * h_eval) for m in MEDIAN_WINDOWS}):
            if w >= 3:
                e = yr[idx + h_eval] - np.median(sliding_window_view(yr, w)[idx - w + 1], axis=1)
                if float(np.mean(np.abs(e))) < (best_mae if other is None else other[0]) - 1e-12:
                    other = (float(np.mean(np.abs(e))), "median", 0, w, e)
    if other is not None:
        best_mae, model, period, k, errs = other
        mean = _cycle_path(yr, period, k, h) if model == "cycle" else np.full(h, float(np.median(yr[-k:])))
        sigma_h = float(np.sqrt(np.mean(errs ** 2)))          # the backtest's h-step errors give the band
        half = normal_quantile(0.5 + confidence / 2.0) * sigma_h
        steps = np.arange(1, h + 1)
        return Forecast(float(t[-1]) + steps * dt, mean, mean - half, mean + half, confidence, 0.0, 0.0, sigma_h,
                        dt, float(t[-1]), float(y[-1]), 0.0, float(best_mae), float(naive_mae), model,
                        period * dt, k)
    level, trend = float(lv[-1]), float(tr[-1])
    sigma = float(np.sqrt(np.mean(res[burn:] ** 2))) if res.size > burn else float(np.std(res))
    S = _damp_sum(ph, h)
    mean = level + S * trend
    c = alpha + beta * S[:-1]                                  # c_j, j = 1..h-1
    var = sigma ** 2 * (1.0 + np.r_[0.0, np.cumsum(c ** 2)])
    widen = 1.0
    if errs.size >= 10 and var[h_eval - 1] > 0:               # the band as wide as the history's h-step errors
        widen = max(1.0, float(np.sqrt(np.mean(errs ** 2) / var[h_eval - 1])))
    z = normal_quantile(0.5 + confidence / 2.0)
    half = z * np.sqrt(var) * widen
    steps = np.arange(1, h + 1)
    return Forecast(float(t[-1]) + steps * dt, mean, mean - half, mean + half, confidence, float(alpha), float(beta),
                    sigma, dt, float(t[-1]), float(y[-1]), float(ph), float(best_mae), float(naive_mae),
                    "last" if alpha >= 1.0 and beta == 0.0 else "holt")


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


@dataclass(frozen=True)
class TagCrossing:
    """The first alarm limit of a tag that its forecast reaches."""
    alarm: object           # hmi.config.AlarmConfig (HI/HIHI: reached from below; LO/LOLO: from above)
    direction: str          # "above" | "below"
    crossing: LimitCrossing
    then: "TagCrossing | None" = None   # beyond this limit already: the next, more severe one the forecast reaches


def tag_limit_crossing(fc: Forecast, alarms) -> TagCrossing | None:
    """The alarm limit among a tag's HI/HIHI/LO/LOLO ``alarms`` that matters now: one the last value is already
    at or beyond (the most severe of those: HIHI/LOLO before HI/LO; ``crossing.in_s`` 0; ``then``: a more severe
    limit the forecast reaches later), else the earliest one ``fc`` reaches, the point forecast before the band;
    None when none is reached within the horizon."""
    reached, ahead = [], []
    for a in alarms:
        kind = str(getattr(a, "kind", "")).upper()
        limit = getattr(a, "limit", None)
        if limit is None or kind not in ("HI", "HIHI", "LO", "LOLO"):
            continue
        direction = "above" if kind in ("HI", "HIHI") else "below"
        if (fc.last_value >= limit) if direction == "above" else (fc.last_value <= limit):
            cr = LimitCrossing(0.0, float(fc.last_t), True, float(fc.last_value))
            reached.append((kind not in ("HIHI", "LOLO"), TagCrossing(a, direction, cr)))
            continue
        cr = first_crossing(fc, float(limit), direction)
        if cr is not None:
            ahead.append((not cr.likely, cr.in_s, TagCrossing(a, direction, cr)))
    ahead.sort(key=lambda f: f[:2])
    if reached:
        now = min(reached, key=lambda f: f[0])[1]
        later = [c for _, _, c in ahead if c.direction == now.direction]
        return TagCrossing(now.alarm, now.direction, now.crossing, later[0] if later else None)
    return ahead[0][2] if ahead else None
