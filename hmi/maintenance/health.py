"""Equipment health index (0-100) and time-to-threshold estimates. numpy only.

* :func:`health_index`: 100 / (1 + (score / threshold)^2) -> 100 healthy, 50 at the anomaly
  threshold, 20 at twice the threshold; :func:`limit_health` does the same from the distance of a
  value to its trip limits; :func:`combined_health` takes the worst.
* :func:`health_trend`: current health, its robust slope (points per hour) and when it will reach the
  alarm level.
* :func:`time_to_threshold`: given a timestamped series (bushing temperature rising under lubrication
  loss...) and a trip limit, when it reaches the limit, with a prediction band.  Linear (OLS over a
  recent window, Student-t prediction intervals) or exponential (log of the distance to a baseline).
  ``None`` when the series is not trending significantly towards the limit.
"""
from __future__ import annotations

import functools

import math
from dataclasses import asdict, dataclass

import numpy as np

from hmi.maintenance.features import theil_sen

__all__ = ["health_index", "limit_health", "combined_health", "HealthTrend", "health_trend", "TimeToThreshold",
           "time_to_threshold"]


def health_index(score, threshold: float, normal: float = 0.0) -> np.ndarray | float:
    """Health 0-100 from an anomaly score: 100 / (1 + r^2) with r = (score - normal) / (threshold - normal),
    clipped at 0: 100 up to ``normal`` (the highest score the healthy reference itself showed, so that
    the everyday ups and downs of a healthy machine leave it at 100), 50 at the threshold."""
    if not threshold > 0:
        raise ValueError("threshold must be > 0")
    normal = float(normal) if normal is not None and math.isfinite(normal) and 0.0 <= normal < threshold else 0.0
    r = np.maximum(np.nan_to_num(np.asarray(score, float), nan=0.0) - normal, 0.0) / (threshold - normal)
    h = 100.0 / (1.0 + r * r)
    return h[()] if np.ndim(h) == 0 else h


def limit_health(value, normal: tuple[float | None, float | None], trip: tuple[float | None, float | None]):
    """Health 0-100 from the distance to limits: 100 inside the normal band, 0 at (or beyond) a trip limit,
    linear in between.  Either side may be None (one-sided limits)."""
    v = np.asarray(value, float)
    h = np.full(v.shape, 100.0)
    lo_n, hi_n = normal
    lo_t, hi_t = trip
    if hi_n is not None and hi_t is not None and hi_t > hi_n:
        h = np.minimum(h, 100.0 * np.clip((hi_t - v) / (hi_t - hi_n), 0.0, 1.0))
    if lo_n is not None and lo_t is not None and lo_t < lo_n:
        h = np.minimum(h, 100.0 * np.clip((v - lo_t) / (lo_n - lo_t), 0.0, 1.0))
    return h[()] if h.ndim == 0 else h


def combined_health(*healths):
    """Worst (minimum) of several health indices (anomaly-based, limit-based...)."""
    return np.minimum.reduce([np.asarray(h, float) for h in healths])


@dataclass(frozen=True)
class TimeToThreshold:
    eta_s: float            # seconds from the last sample to the limit (best estimate)
    eta_lo_s: float         # earliest (prediction band)
    eta_hi_s: float | None  # latest (None: the band never reaches the limit within the horizon)
    at: float               # timestamp of the crossing (last t + eta_s)
    slope_per_s: float      # current rate (units/s; for "exp": at the last sample)
    model: str              # "linear" | "exp" | "lag" (a first-order lag behind a ramp or a level)
    confidence: float
    n_points: int

    def to_dict(self) -> dict:
        return asdict(self)

    def text(self, name: str = "value", limit: float | None = None, unit: str = "") -> str:
        def fmt(s):
            if s is None:
                return "?"
            if s < 120:
                return f"{s:.0f} s"
            if s < 7200:
                return f"{s / 60:.0f} min"
            if s < 172800:
                return f"{s / 3600:.1f} h"
            return f"{s / 86400:.1f} d"

        lim = f" {limit:g}{unit}" if limit is not None else " its limit"
        return f"{name} reaches{lim} in {fmt(self.eta_s)} ({fmt(self.eta_lo_s)} to {fmt(self.eta_hi_s)})"


@functools.lru_cache(maxsize=4096)
def _tq(confidence: float, dof: int) -> float:
    """Two-sided Student-t quantile (cached: the scorer asks for the same few)."""
    from hmi.maintenance.numerics import t_quantile

    return t_quantile(0.5 + confidence / 2.0, max(dof, 1))


def time_to_threshold(t, y, limit: float, window_s: float | None = None, model: str = "linear",
                      confidence: float = 0.9, baseline: float | None = None, min_points: int = 8,
                      horizon_factor: float = 20.0, direction: str | None = None,
                      autocorrelated: bool = True) -> TimeToThreshold | None:
    """When will ``y`` reach ``limit``?  ``t`` in seconds (epoch or relative), ``y`` the values.

    Only the last ``window_s`` seconds are used (all when None).  ``model``: "linear", "exp"
    (the distance to ``baseline`` grows exponentially: lubrication loss, thermal runaway; baseline
    defaults to the lowest value in the window minus 1 % of the range for a rising series), or "auto"
    (the better fit by residual variance on the original scale; a first-order lag behind a ramp or a
    level when that explains the window clearly better than a line: a value levelling off below the limit
    is then not trending towards it).  Returns None when the slope is not
    significantly (at ``confidence``) towards the limit, or with fewer than ``min_points`` points.
    Already at/over the limit: eta 0.  ``direction``: "up" (an upper trip limit) or "down"; by default
    "up" when the limit lies above the start of the window.  ``autocorrelated``: the residuals' lag-1
    autocorrelation widens the slope's interval (True by default: process signals are sampled faster than
    they change; False treats every point as independent).
    """
    t = np.asarray(t, float)
    y = np.asarray(y, float)
    ok = np.isfinite(t) & np.isfinite(y)
    t, y = t[ok], y[ok]
    if t.size and window_s is not None:
        sel = t >= t[-1] - window_s
        t, y = t[sel], y[sel]
    if t.size < min_points or np.ptp(t) <= 0:
        return None
    if direction is None:
        rising = limit > np.median(y[:max(3, t.size // 10)])
    elif direction in ("up", "down"):
        rising = direction == "up"
    else:
        raise ValueError("direction must be 'up' or 'down'")
    last_t = float(t[-1])
    if model == "auto":
        d = "up" if rising else "down"
        # a value following a moving level with a lag (a bushing warming up to the heat its growing friction
        # makes): when a first-order lag explains the window clearly better than a line, that curve decides
        lag = _lagged(t, y, limit, rising, confidence, autocorrelated)
        if lag is not None:
            return lag if isinstance(lag, TimeToThreshold) else None
        cands = [r for r in (time_to_threshold(t, y, limit, None, m, confidence, baseline, min_points, horizon_factor, d,
                                               autocorrelated)
                             for m in ("linear", "exp")) if r is not None]
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        # pick by in-sample residual variance on the original scale
        errs = [_resid_var(t, y, c.model, baseline, rising) for c in cands]
        return cands[int(np.argmin(errs))]
    if model not in ("linear", "exp"):
        raise ValueError("model must be 'linear', 'exp' or 'auto'")
    cur = _fit_line(t, y) if model == "linear" else None
    if (rising and y[-1] >= limit) or (not rising and y[-1] <= limit):
        slope = cur[0] if cur else float("nan")
        return TimeToThreshold(0.0, 0.0, 0.0, last_t, float(slope), model, confidence, int(t.size))

    if model == "linear":
        u, v, target = t, y, limit
    else:
        b = baseline
        if b is None:
            rng = max(np.ptp(y), 1e-9)
            b = (y.min() - 0.01 * rng) if rising else (y.max() + 0.01 * rng)
        d = (y - b) if rising else (b - y)
        dl = (limit - b) if rising else (b - limit)
        if (d <= 0).any() or dl <= 0:
            return None
        u, v, target = t, np.log(d), math.log(dl)
    tc = u - u.mean()
    sxx = float(tc @ tc)
    slope = float(tc @ (v - v.mean()) / sxx)
    icpt = float(v.mean())  # value at u.mean()
    res = v - (icpt + slope * tc)
    dof = u.size - 2
    s = math.sqrt(max(float(res @ res) / max(dof, 1), 1e-300))
    if autocorrelated and res.size > 3:
        # neighbouring residuals of a process signal are not independent (slow drift, a machine cycle, a
        # value held between updates): with lag-1 autocorrelation r the slope is as uncertain as with
        # n (1 - r) / (1 + r) independent points, so the spread is widened and the degrees of freedom cut
        den = float(res @ res)
        r1 = float(res[1:] @ res[:-1]) / den if den > 0 else 0.0
        r1 = min(max(r1, 0.0), 0.999)
        s *= math.sqrt((1.0 + r1) / (1.0 - r1))
        dof = max(1, int(u.size * (1.0 - r1) / (1.0 + r1)) - 2)
    se_slope = s / math.sqrt(sxx)
    tq = _tq(confidence, dof)
    towards = (slope > 0) if (model == "exp" or rising) else (slope < 0)
    if not towards or abs(slope) <= tq * se_slope:
        return None
    # point estimate
    t_star = u.mean() + (target - icpt) / slope
    eta = max(0.0, float(t_star - last_t))
    horizon = max(eta * horizon_factor, 1.0)
    grid = last_t + np.linspace(0.0, horizon, 4001)
    g = grid - u.mean()
    mean = icpt + slope * g
    half = tq * s * np.sqrt(1.0 + 1.0 / u.size + g * g / sxx)
    up = (model == "exp") or rising
    # earliest: the optimistic band edge crosses first; latest: the pessimistic edge
    early_edge = mean + half if up else mean - half
    late_edge = mean - half if up else mean + half
    crossed_early = early_edge >= target if up else early_edge <= target
    crossed_late = late_edge >= target if up else late_edge <= target
    eta_lo = float(grid[np.argmax(crossed_early)] - last_t) if crossed_early.any() else eta
    eta_hi = float(grid[np.argmax(crossed_late)] - last_t) if crossed_late.any() else None
    eta_lo = min(eta_lo, eta)
    if eta_hi is not None:
        eta_hi = max(eta_hi, eta)
    if model == "linear":
        rate = slope
    else:
        # d y / d t at the last sample: sign * exp(fit) * slope
        dist_last = math.exp(icpt + slope * (last_t - u.mean()))
        rate = (dist_last * slope) if rising else -(dist_last * slope)
    return TimeToThreshold(eta, max(0.0, eta_lo), eta_hi, last_t + eta, float(rate), model, confidence, int(u.size))


#: returned by _lagged when the lag model wins and says the limit is not reached
_NOT_REACHED = object()


def _lagged(t, y, limit: float, rising: bool, confidence: float, autocorrelated: bool):
    """A value that follows a moving level with a lag (a bushing whose friction heat grows while it warms up
    towards it): fit ``y = a + b (t - t_last) + c exp(-(t - t_last) / tau)`` over a grid of ``tau``, i.e. a
    first-order lag behind a ramp (``b = 0``: settling to a level; ``c = 0``: a line).  When that beats a
    straight line by BIC (two parameters more) and the series bends (it is settling, ``c`` on the far side of
    the limit), the curve decides: a :class:`TimeToThreshold` from it, or ``_NOT_REACHED`` when it levels off
    short of the limit (at ``confidence``).  ``None``: the model does not apply (use a line or an exponential)."""
    n = t.size
    span = float(t[-1] - t[0])
    if n < 16 or span <= 0 or (rising and y[-1] >= limit) or (not rising and y[-1] <= limit):
        return None
    x = t - t[-1]
    lin = _fit_line(t, y)
    if lin is None:
        return None
    rss_lin = float(np.sum((y - (lin[1] + lin[0] * (t - t.mean()))) ** 2))
    taus = np.geomspace(max(span / 30.0, 1e-3), span * 10.0, 40)
    # the residual sum of squares of every tau at once: the lag column and y with the line [1, x] projected
    # out, then one more regressor each (the same fit as a least-squares solve per tau, 40x fewer calls: the
    # scorer runs this for every limit every few plant seconds, x600 in the demo)
    q, _ = np.linalg.qr(np.column_stack((np.ones(n), x)))
    y_r = y - q @ (q.T @ y)
    lag = np.exp(-x[:, None] / taus[None, :])
    lag_r = lag - q @ (q.T @ lag)
    den = np.einsum("ij,ij->j", lag_r, lag_r)
    num = lag_r.T @ y_r
    yy = float(y_r @ y_r)
    usable = den > 1e-12 * np.maximum(np.einsum("ij,ij->j", lag, lag), 1e-300)  # not a line already
    rss_all = np.where(usable, yy - num * num / np.where(usable, den, 1.0), yy)
    k = int(np.argmin(rss_all))
    tau = float(taus[k])
    X = np.column_stack((np.ones(n), x, lag[:, k]))
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    rss = float(np.sum((y - X @ coef) ** 2))
    a, b, c = (float(v) for v in coef)
    if tau >= taus[-1] or rss <= 0 or rss_lin <= 0:
        return None  # no bend in the window: a line describes it
    bic_lin = n * math.log(rss_lin / n) + 2 * math.log(n)
    bic_lag = n * math.log(rss / n) + 4 * math.log(n)
    settling = (c < 0) if rising else (c > 0)  # lagging below a level it climbs towards (or above, falling)
    if not settling or bic_lag > bic_lin - 2.0:
        return None
    res = y - X @ coef
    dof = n - 4
    s = math.sqrt(max(float(res @ res) / max(dof, 1), 1e-300))
    if autocorrelated:
        den = float(res @ res)
        r1 = min(max(float(res[1:] @ res[:-1]) / den if den > 0 else 0.0, 0.0), 0.999)
        s *= math.sqrt((1.0 + r1) / (1.0 - r1))
        dof = max(1, int(n * (1.0 - r1) / (1.0 + r1)) - 4)
    cov = np.linalg.pinv(X.T @ X) * s * s
    half_b = _tq(confidence, dof) * math.sqrt(max(float(cov[1, 1]), 0.0))
    sign = 1.0 if rising else -1.0

    def eta_for(slope: float) -> float | None:
        """First crossing of a + slope x + c exp(-x / tau) = limit for x > 0 (None: not within the horizon)."""
        horizon = max(span * 50.0, 10.0 * tau)
        grid = np.concatenate((np.linspace(0.0, min(horizon, 5.0 * tau), 2000), np.linspace(5.0 * tau, horizon, 2000)))
        curve = a + slope * grid + c * np.exp(-grid / tau)
        hit = (curve >= limit) if rising else (curve <= limit)
        return float(grid[np.argmax(hit)]) if hit.any() else None

    eta = eta_for(b)
    if eta is None:
        return _NOT_REACHED
    far = eta_for(b - sign * half_b)   # the cautious end of the ramp's interval
    near = eta_for(b + sign * half_b)
    rate = b - c / tau  # dy/dt at the last sample
    return TimeToThreshold(float(eta), float(min(near, eta)) if near is not None else float(eta),
                           None if far is None else float(max(far, eta)), float(t[-1] + eta), float(rate),
                           "lag", confidence, int(n))


def _fit_line(t, y):
    tc = t - t.mean()
    sxx = float(tc @ tc)
    if sxx <= 0:
        return None
    return float(tc @ (y - y.mean()) / sxx), float(y.mean())


def _resid_var(t, y, model, baseline, rising) -> float:
    if model == "linear":
        sl, m = _fit_line(t, y)
        pred = m + sl * (t - t.mean())
    else:
        rng = max(np.ptp(y), 1e-9)
        b = baseline if baseline is not None else ((y.min() - 0.01 * rng) if rising else (y.max() + 0.01 * rng))
        d = (y - b) if rising else (b - y)
        if (d <= 0).any():
            return float("inf")
        sl, m = _fit_line(t, np.log(d))
        e = np.exp(m + sl * (t - t.mean()))
        pred = b + e if rising else b - e
    return float(np.mean((y - pred) ** 2))


@dataclass(frozen=True)
class HealthTrend:
    health: float                 # current (median of the last few points: one noisy sample does not swing it)
    slope_per_h: float            # robust (Theil-Sen) trend, health points per hour
    eta_alarm: TimeToThreshold | None  # when health reaches `alarm_level` (None: not trending there)
    alarm_level: float

    def to_dict(self) -> dict:
        d = asdict(self)
        d["eta_alarm"] = self.eta_alarm.to_dict() if self.eta_alarm else None
        return d


def health_trend(t_s, health, window_s: float | None = None, alarm_level: float = 50.0,
                 confidence: float = 0.9) -> HealthTrend:
    """Current health, its trend (points/hour) over the last ``window_s`` and the time to ``alarm_level``."""
    t = np.asarray(t_s, float)
    h = np.asarray(health, float)
    if window_s is not None and t.size:
        sel = t >= t[-1] - window_s
        t, h = t[sel], h[sel]
    if t.size == 0:
        raise ValueError("no health values")
    cur = float(np.nanmedian(h[-5:]))
    slope, _ = theil_sen(t, h) if t.size >= 2 else (float("nan"), float("nan"))
    eta = time_to_threshold(t, h, alarm_level, None, "linear", confidence) if cur > alarm_level else None
    return HealthTrend(cur, float(slope) * 3600.0 if np.isfinite(slope) else float("nan"), eta, alarm_level)
