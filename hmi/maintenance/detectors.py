"""A family of anomaly detectors for univariate and multivariate series of any sampling rate, with a threshold set
for a target false-event rate per unit of time.  numpy only.

Per sensor, causally (each value uses only the samples before it)::

    x --(cyclic profile of the reference removed, when the reference shows a cycle)--> r
      level     rolling mean of r over `window`            level shifts, drifts (a slow mean, `drift_factor` x the
      drift     rolling mean of r over `drift_factor` x window     window, catches what is too slow for the level)
      variance  log rolling std of r's steps over 3 x window   a sensor that starts to shake or goes flat
      spike     |r - rolling median of r| / its MAD        single wild samples

Each channel is standardised against the healthy reference (median and a robust spread), and divided by its own
99th reference percentile, so that no channel dominates by having heavier tails; the score of a sample is the
largest of these over the channels and sensors, and each sensor's contribution is its share of the squared
channel scores.  A cyclic pattern (a daily temperature swing, a machine's cycle) is found in the reference by
autocorrelation (at least three periods of it, correlation above 0.5; the period itself is the sharpest fold
near that peak) and subtracted by phase, so that "broken
cycle" is a deviation from the profile rather than the swing itself.

Threshold, for a target rate of false events (default one a week of healthy running): the reference is scored
out of sample (``holdout``: each half judged by the centre and spread fitted on the other half, so that a short
reference, whose own scores flatter it, sets a cautious threshold); those scores' upper tail above their 90th
percentile is modelled as exponential (peaks over threshold); the samples of an
excursion come in clusters, whose mean size the reference also gives (the extremal index); the threshold is the
score that the healthy running would exceed in one event per ``1 / target_events_per_s`` seconds, times
``margin`` (room for healthy running the reference did not show).  Then k-of-n persistence and hysteresis.
"""
from __future__ import annotations

import json
import math
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from hmi.maintenance.anomaly import Persistence, apply_persistence, backdate_onsets
from hmi.maintenance.features import rolling_mean, rolling_median, rolling_std

__all__ = ["DetectorFamily", "FamilyDetection", "OnlineFamily", "CHANNELS", "find_period"]

FORMAT = "lineside.detectors/1"
CHANNELS = ("level", "drift", "variance", "spike")
WEEK_S = 7 * 86400.0
#: the variance channel lets a sensor's noise fall to half of the reference's without a word (log units)
QUIETER_OK = math.log(2.0)


def _robust(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column median and spread (1.4826 MAD, floored at a tenth of the std and a tiny absolute value)."""
    med = np.nanmedian(a, axis=0)
    mad = 1.4826 * np.nanmedian(np.abs(a - med), axis=0)
    sd = np.nanstd(a, axis=0)
    spread = np.maximum(np.maximum(mad, 0.1 * sd), 1e-9 * np.maximum(1.0, np.abs(med)))
    return med, np.where(np.isfinite(spread), spread, 1.0)


def _median_before(x: np.ndarray, window: int) -> np.ndarray:
    """Per row the median of the ``window`` samples before it (the sample itself excluded); the first row gets
    its own value."""
    prev = rolling_median(x, max(1, int(window)))
    out = np.vstack([x[:1], prev[:-1]])
    first = np.where(np.isfinite(x[:1]), x[:1], 0.0)
    return np.where(np.isfinite(out), out, first)


def find_period(x: np.ndarray, min_lag: int = 4, min_cycles: int = 3, min_corr: float = 0.5) -> int:
    """The dominant cycle of a reference series in samples (0 when there is none): the lag of the highest
    autocorrelation peak above ``min_corr``, with at least ``min_cycles`` cycles in the series."""
    y = np.asarray(x, float)
    y = y[np.isfinite(y)]
    n = y.size
    max_lag = n // max(min_cycles, 1)
    if max_lag <= min_lag + 2:
        return 0
    t = np.arange(n)
    y = y - np.polyval(np.polyfit(t, y, 1), t)                 # a trend is not a cycle
    if not np.std(y) > 0:
        return 0
    f = np.fft.rfft(y - y.mean(), 2 * n)
    ac = np.fft.irfft(f * np.conj(f))[: max_lag + 1]
    ac = ac / ac[0]
    best, best_lag = min_corr, 0
    for k in range(min_lag + 1, max_lag):
        if ac[k] > ac[k - 1] and ac[k] >= ac[k + 1] and ac[k] > best:
            best, best_lag = ac[k], k
    if best_lag:
        best_lag = _sharpest_fold(y, best_lag, min_lag, max_lag)
    return int(best_lag)


def _sharpest_fold(y: np.ndarray, lag: int, min_lag: int, max_lag: int) -> int:
    """The period near an autocorrelation peak whose folded profile is the sharpest (phase dispersion
    minimisation: the least within-phase variance, per degree of freedom).  A slowly wandering series (the
    weather under a daily cycle) gives a broad peak whose top can sit a few samples off the true period, and a
    profile subtracted at the wrong period drifts out of phase with every cycle."""
    n = y.size
    best, best_p = math.inf, lag
    for p in range(max(min_lag + 1, int(0.85 * lag)), min(max_lag, int(math.ceil(1.15 * lag))) + 1):
        if n - p <= 0:
            continue
        ph = np.arange(n) % p
        cnt = np.bincount(ph, minlength=p)
        mean = np.bincount(ph, weights=y, minlength=p) / np.maximum(cnt, 1)
        within = float(np.sum((y - mean[ph]) ** 2)) / (n - p)
        if within < best - 1e-12:
            best, best_p = within, p
    return best_p


@dataclass
class FamilyDetection:
    score: np.ndarray            # (n,) combined score (1 = the 99th percentile of the reference's channels)
    anomaly: np.ndarray          # (n,) bool
    contributions: np.ndarray    # (n, d) per-sensor share, rows sum to 1 (0 where undefined)
    channel: np.ndarray          # (n,) index into CHANNELS of the channel that gave the score
    columns: list[str]
    threshold: float

    def events(self, t: np.ndarray | None = None) -> list[dict]:
        a = np.asarray(self.anomaly, bool)
        d = np.diff(np.r_[0, a.astype(int), 0])
        out = []
        for s, e in zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)):
            c = np.nanmean(self.contributions[s:e], axis=0)
            order = np.argsort(-c)
            ev = {"start": int(s), "end": int(e), "peak_score": float(np.nanmax(self.score[s:e])),
                  "kind": CHANNELS[int(self.channel[s])],          # the channel that raised it
                  "drivers": [(self.columns[j], round(float(c[j]), 3)) for j in order[:3] if c[j] > 0]}
            if t is not None:
                ev["t_start"], ev["t_end"] = float(t[s]), float(t[e - 1])
            out.append(ev)
        return out


class DetectorFamily:
    """``fit(X_healthy, t=None)``, ``score(X)``, ``detect(X)``; JSON ``save``/``load``.

    window: samples of the level channel (and of the spike channel's median; the variance channel takes three); drift_factor: the drift
    channel's window in windows; target_events_per_s: the false-event rate the threshold is set for; margin: a
    factor on it; k, n: k-of-n persistence; hysteresis: release level as a fraction of the threshold; onset:
    back-dating level for recorded data (``detect(X, backdate=True)``); cyclic: look for a cycle in the reference;
    channels: which of CHANNELS to use.
    """

    def __init__(self, window: int = 20, drift_factor: int = 10, target_events_per_s: float = 1.0 / WEEK_S,
                 margin: float = 1.0, k: int = 1, n: int = 1, hysteresis: float = 0.8, onset: float = 1.0,
                 cyclic: bool = True, channels: Sequence[str] = CHANNELS, holdout: bool = True):
        if not set(channels) <= set(CHANNELS) or not channels:
            raise ValueError(f"channels must be some of {CHANNELS}")
        if not target_events_per_s > 0 or not margin > 0 or not 0 < hysteresis <= 1 or not 0 < onset <= 1:
            raise ValueError("target_events_per_s and margin must be > 0, hysteresis and onset in (0, 1]")
        if not 1 <= int(k) <= int(n):
            raise ValueError("persistence needs 1 <= k <= n")
        self.window = max(1, int(window))
        self.drift_factor = max(1, int(drift_factor))
        self.target_events_per_s = float(target_events_per_s)
        self.margin = float(margin)
        self.k, self.n = int(k), int(n)
        self.hysteresis = float(hysteresis)
        self.onset = float(onset)
        self.cyclic = bool(cyclic)
        self.holdout = bool(holdout)
        self.channels = tuple(c for c in CHANNELS if c in channels)
        #: what fitting settled on: the channels judged (a drift window the reference cannot hold several times
        #: over is not judged) and the drift channel's window (``window`` x ``drift_factor``, at most a quarter of
        #: the reference)
        self.active: tuple[str, ...] = self.channels
        self.drift_window = self.window * self.drift_factor
        self.columns: list[str] = []
        self.sides: list[int] = []
        self.min_spread: list[float] = []
        self.dt = 1.0
        self.periods: list[int] = []
        self.profiles: list[list[float]] = []
        self.phase0 = 0
        self.center: dict[str, list[float]] = {}
        self.spread: dict[str, list[float]] = {}
        self.norm: dict[str, list[float]] = {}
        self.threshold = float("nan")
        self.tail: dict = {}
        self.n_reference = 0

    @property
    def fitted(self) -> bool:
        return bool(self.center)

    # ------------------------------------------------------------------ channels
    def _residual(self, X: np.ndarray, start: int) -> np.ndarray:
        """X minus each column's cyclic profile; ``start``: the index of X's first row counted from the
        reference's first row (the phase)."""
        R = X.copy()
        for j, (p, prof) in enumerate(zip(self.periods, self.profiles)):
            if p > 0:
                ph = (np.arange(X.shape[0]) + start - self.phase0) % p
                R[:, j] = X[:, j] - np.asarray(prof)[ph]
        return R

    def _raw_channels(self, R: np.ndarray) -> dict[str, np.ndarray]:
        w = self.window
        out: dict[str, np.ndarray] = {}
        if "level" in self.active:
            out["level"] = rolling_mean(R, w)
        if "drift" in self.active:
            out["drift"] = rolling_mean(R, self.drift_window)
        if "variance" in self.active:
            # the noise of the sensor: the spread of its sample-to-sample steps (a trend or a level shift does
            # not widen it; a sensor that starts to shake or goes flat does)
            D = np.vstack([np.full((1, R.shape[1]), np.nan), np.diff(R, axis=0)]) / math.sqrt(2.0)
            sd = rolling_std(D, self.variance_window)
            out["variance"] = np.log(np.maximum(sd, 1e-12))
        if "spike" in self.active:
            out["spike"] = R - _median_before(R, max(w, 5))
        return {k: (v[:, None] if v.ndim == 1 else v) for k, v in out.items()}

    def _warm_up(self, channel: str) -> int:
        """Rows at the start of a scored block whose window is still partial: not scored."""
        if channel == "drift":
            return self.drift_window
        return self.variance_window if channel == "variance" else max(self.window, 5)

    @property
    def variance_window(self) -> int:
        """Samples of the variance channel: three level windows (a spread needs more samples than a mean)."""
        return max(3 * self.window, 10)

    def _z(self, raw: dict[str, np.ndarray], warm: bool = True) -> dict[str, np.ndarray]:
        """Per channel the standardised deviation (n, d); ``warm``: the first rows of a block, whose windows
        are still partial, get 0."""
        sides = np.asarray(self.sides or [0] * len(self.columns))
        z = {}
        for k, v in raw.items():
            dev = v - np.asarray(self.center[k])
            if k == "variance":
                # a quieter sensor is seldom a fault, a flat one is: the noise may fall to half unjudged
                dev = np.where(dev < 0, np.minimum(dev + QUIETER_OK, 0.0), dev)
            elif sides.any():              # a deviation in the harmless direction is none
                dev = np.where(sides > 0, np.maximum(dev, 0.0), np.where(sides < 0, np.minimum(dev, 0.0), dev))
            zz = np.abs(dev) / np.asarray(self.spread[k])
            if k in self.norm:
                zz = zz / np.asarray(self.norm[k])
            zz = np.where(np.isfinite(zz), zz, 0.0)
            if warm:
                zz[: min(self._warm_up(k), zz.shape[0] // 3 if k == "drift" else zz.shape[0])] = 0.0
            z[k] = zz
        return z

    # ------------------------------------------------------------------ fitting
    def fit(self, X_healthy, t=None, columns: Sequence[str] | None = None, sides: Sequence[int] | None = None,
            min_spread: Sequence[float] | None = None) -> "DetectorFamily":
        """Fit on healthy rows (rows = samples, columns = sensors); ``t``: their times (seconds), for the
        sampling interval the false-event rate is counted in.  ``sides``: per sensor +1 when only a rise is a
        fault (a bearing running cool is not wearing out), -1 only a fall, 0 both (level, drift and spike
        channels).  ``min_spread``: per sensor the smallest spread of its level and drift channels, in the
        sensor's units (a healthy machine wanders over a day further than a short reference shows)."""
        X = np.asarray(X_healthy, float)
        X = X[:, None] if X.ndim == 1 else X
        need = max(30, 3 * self.window, 2 * self.variance_window)
        if X.ndim != 2 or X.shape[0] < need:
            raise ValueError(f"the healthy reference needs at least {need} rows (rows = samples, columns = sensors)")
        self.columns = list(columns) if columns is not None else [f"x{j}" for j in range(X.shape[1])]
        if len(self.columns) != X.shape[1]:
            raise ValueError(f"{len(self.columns)} column names for {X.shape[1]} columns")
        d = X.shape[1]
        self.sides = [0] * d if sides is None else [int(np.sign(v)) for v in sides]
        self.min_spread = [0.0] * d if min_spread is None else [float(v) if np.isfinite(v) else 0.0
                                                                for v in min_spread]
        if len(self.sides) != d or len(self.min_spread) != d:
            raise ValueError(f"sides and min_spread need one value per column ({d})")
        if t is not None:
            tt = np.asarray(t, float)
            dts = np.diff(tt[np.isfinite(tt)])
            self.dt = float(np.median(dts)) if dts.size and np.median(dts) > 0 else 1.0
        self.periods, self.profiles = [], []
        for j in range(X.shape[1]):
            p = find_period(X[:, j], min_lag=max(4, self.window // 2)) if self.cyclic else 0
            prof = []
            if p:
                ph = np.arange(X.shape[0]) % p
                col = X[:, j]
                prof = [float(np.nanmedian(col[ph == i])) if np.isfinite(col[ph == i]).any() else 0.0
                        for i in range(p)]
                prof = list(np.asarray(prof) - np.nanmedian(prof))
            self.periods.append(int(p))
            self.profiles.append([float(v) for v in prof])
        self.phase0 = 0
        # the drift channel's centre and spread need several of its windows in the reference: its window is at
        # most a quarter of the reference, and a window that would be no longer than two level windows is dropped
        self.drift_window = min(self.window * self.drift_factor, X.shape[0] // 4)
        self.active = tuple(c for c in self.channels
                            if c != "drift" or (self.drift_window >= 2 * self.window or self.channels == ("drift",)))
        if self.active == ("drift",):
            self.drift_window = max(self.drift_window, 1)
        R = self._residual(X, 0)
        raw = self._raw_channels(R)
        raw_sd = _robust(R)[1]
        warm = min(X.shape[0] // 3, self.drift_window if "drift" in raw else self.window)
        starts = {k: min(warm if k == "drift" else self._warm_up(k), v.shape[0] // 3) for k, v in raw.items()}
        self.center, self.spread, self.norm = self._channel_stats(raw, raw_sd, starts, warm, 0, X.shape[0])
        if self.holdout and X.shape[0] >= 2 * max(starts.values(), default=1) + 2 * self.window:
            # the reference's own scores flatter it (its centre and spread were fitted to them): the tail and
            # the channels' norms come from scores out of sample, each half of the reference judged by the
            # other half's centre and spread.  A short reference (few independent windows) so sets a cautious
            # threshold; a long one's is barely changed.  The centre and spread kept are the whole reference's.
            half = X.shape[0] // 2
            full = (self.center, self.spread)
            zs = []
            for fit_lo, fit_hi, lo, hi in ((0, half, half, X.shape[0]), (half, X.shape[0], 0, half)):
                self.center, self.spread, self.norm = self._channel_stats(raw, raw_sd, starts, warm, fit_lo, fit_hi)
                zz = self._z({k: v[lo:hi] for k, v in raw.items()}, warm=False)
                for k in zz:
                    zz[k][: max(0, starts[k] - lo)] = np.nan          # partial windows
                zs.append(zz)
            self.center, self.spread = full
            z = {k: np.vstack([a[k] for a in zs]) for k in raw}
        else:
            z = self._z(raw)
            for k in z:
                z[k][: starts[k]] = np.nan
        for k, v in z.items():
            q = np.nanpercentile(v, 99, axis=0) if np.isfinite(v).any() else np.ones(v.shape[1])
            self.norm[k] = np.maximum(np.where(np.isfinite(q), q, 1.0), 1.0).tolist()
            z[k] = np.where(np.isfinite(v), v, 0.0) / np.asarray(self.norm[k])
        s = self._combine(z)[0]
        s = s[s > 0] if self.holdout else s[self.window:]
        self.n_reference = int(X.shape[0])
        self.threshold = self._tail_threshold(s)
        return self

    def _channel_stats(self, raw, raw_sd, starts, warm, lo, hi):
        """Per channel centre and spread from the reference rows lo..hi (each channel from its first whole
        window on); norms empty."""
        center, spread_of = {}, {}
        for k, v in raw.items():
            ref = v[max(lo, starts[k]):hi]
            med, spread = _robust(ref)
            if k == "spike":
                med = np.zeros_like(med)
            if k in ("level", "drift"):
                spread = np.maximum(spread, np.asarray(self.min_spread))
            # a short reference holds few independent windows, and their spread understates the channel's:
            # each is at least what its window would show on independent samples (the mean of w samples
            # spreads sigma / sqrt(w); the log of their standard deviation 1 / sqrt(2 (w - 1)))
            spread = np.maximum(spread, self._sampling_spread(k, raw_sd))
            # ...and the centre itself is known only to about spread / sqrt(independent windows in the reference)
            span = warm if k == "drift" else (self.variance_window if k == "variance" else self.window)
            spread = spread * math.sqrt(1.0 + span / max(ref.shape[0], 1))
            center[k], spread_of[k] = med.tolist(), spread.tolist()
        return center, spread_of, {}

    def _sampling_spread(self, channel: str, raw_sd: np.ndarray) -> np.ndarray | float:
        w = self.window
        if channel == "level":
            return raw_sd / math.sqrt(w)
        if channel == "drift":
            return raw_sd / math.sqrt(self.drift_window)
        if channel == "variance":
            # steps of white noise are correlated (lag-1 correlation -1/2): their spread's estimate varies
            # sqrt(1.5) times as much as that of independent samples
            return math.sqrt(1.5) / math.sqrt(2.0 * (self.variance_window - 1))
        return 0.0

    def _tail_threshold(self, s: np.ndarray) -> float:
        s = s[np.isfinite(s)]
        u = float(np.percentile(s, 90))
        exc = s[s > u] - u
        sigma = float(np.mean(exc)) if exc.size else 1.0
        above = s > u
        n_exc = int(above.sum())
        n_clusters = int(np.sum(np.diff(np.r_[0, above.astype(int)]) == 1))
        theta = n_clusters / n_exc if n_exc else 1.0
        events_per_sample = self.target_events_per_s * self.dt
        p = min(0.1, events_per_sample / max(theta, 1e-6))       # exceedance probability per sample
        # the tail's scale is estimated from n_clusters independent excursions: use its upper 95 % bound
        # (relative standard error 1/sqrt(n)), so that a short reference sets a cautious threshold
        sigma_up = max(sigma, 1e-6) * (1.0 + 1.645 / math.sqrt(max(n_clusters, 1)))
        thr = u + sigma_up * math.log(0.1 / p)
        p_day = min(0.1, self.dt / 86400.0 / max(theta, 1e-6))
        self.tail = {"u": u, "sigma": sigma, "sigma_upper": sigma_up, "clusters": n_clusters, "extremal_index": theta,
                     "p_sample": p, "max_reference": float(s.max()),
                     "daily": float(max(u + sigma_up * math.log(0.1 / p_day), float(s.max())))}
        return float(max(thr, float(s.max())) * self.margin)

    # ------------------------------------------------------------------ scoring
    def _combine(self, z: dict[str, np.ndarray]):
        keys = list(z)
        stack = np.stack([z[k] for k in keys])                   # (channels, n, d)
        best_c = np.argmax(stack.max(axis=2), axis=0)            # (n,)
        score = stack.max(axis=(0, 2))
        sq = (stack ** 2).sum(axis=0)                            # (n, d)
        tot = sq.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            contrib = np.where(tot > 0, sq / tot, 0.0)
        chan = np.array([CHANNELS.index(keys[c]) for c in best_c], dtype=int) if len(best_c) else np.zeros(0, int)
        return score, contrib, chan

    def score(self, X, start: int | None = None):
        """(score, contributions, channel index) per row; ``start``: row index of X's first row counted from
        the start of the reference (keeps a cycle's phase; default: X follows the reference directly)."""
        if not self.fitted:
            raise RuntimeError("fit the detector first")
        A = np.asarray(X, float)
        A = A[:, None] if A.ndim == 1 else A
        if A.shape[1] != len(self.columns):
            raise ValueError(f"X has {A.shape[1]} columns, the detector was fitted on {len(self.columns)}")
        st = self.n_reference if start is None else int(start)
        return self._combine(self._z(self._raw_channels(self._residual(A, st))))

    def detect(self, X, start: int | None = None, backdate: bool = False) -> FamilyDetection:
        s, c, ch = self.score(X, start)
        a = apply_persistence(s, self.threshold, self.k, self.n, self.hysteresis)
        if backdate and self.onset < 1.0:
            a = backdate_onsets(s, a, self.onset * self.threshold)
        return FamilyDetection(s, a, c, ch, list(self.columns), float(self.threshold))

    @property
    def daily_score(self) -> float:
        """The score healthy running reaches about once a day (from the reference's tail): below it, nothing
        unusual."""
        return float(self.tail.get("daily", 1.0)) if self.tail else 1.0

    def explain(self, contributions_row, k: int = 2, min_share: float = 0.1) -> list[tuple[str, float]]:
        """The sensors that drive one row's score, largest share first (at least one)."""
        c = np.asarray(contributions_row, float)
        order = np.argsort(-c)
        top = [(self.columns[j], float(c[j])) for j in order[:max(1, k)] if c[j] >= min_share]
        return top or [(self.columns[order[0]], float(c[order[0]]))]

    def level_band(self) -> tuple[np.ndarray, np.ndarray]:
        """(centre, spread) of each sensor's level channel, in the sensor's units (cycle removed)."""
        return np.asarray(self.center["level"], float), np.asarray(self.spread["level"], float)

    def online(self, tail=None) -> "OnlineFamily":
        """A sample-by-sample detector (:class:`OnlineFamily`); ``tail``: the last rows of the reference, to
        fill its windows so that it judges from the first new row."""
        return OnlineFamily(self, tail)

    # ------------------------------------------------------------------ persistence
    def params(self) -> dict:
        return {"window": self.window, "drift_factor": self.drift_factor,
                "target_events_per_s": self.target_events_per_s, "margin": self.margin, "k": self.k, "n": self.n,
                "hysteresis": self.hysteresis, "onset": self.onset, "cyclic": self.cyclic, "holdout": self.holdout,
                "channels": list(self.channels)}

    def to_dict(self) -> dict:
        return {"format": FORMAT, "params": self.params(), "columns": self.columns, "sides": self.sides,
                "min_spread": self.min_spread, "dt": self.dt,
                "active": list(self.active), "drift_window": self.drift_window,
                "periods": self.periods, "profiles": self.profiles, "phase0": self.phase0,
                "center": self.center, "spread": self.spread, "norm": self.norm, "threshold": self.threshold,
                "tail": self.tail, "n_reference": self.n_reference}

    @classmethod
    def from_dict(cls, d: dict) -> "DetectorFamily":
        if d.get("format") != FORMAT:
            raise ValueError(f"not a Lineside detector file (format {d.get('format')!r})")
        m = cls(**d["params"])
        for k in ("columns", "dt", "periods", "profiles", "phase0", "center", "spread", "norm", "threshold", "tail",
                  "n_reference"):
            setattr(m, k, d[k])
        m.active = tuple(d.get("active", m.channels))
        m.drift_window = int(d.get("drift_window", m.window * m.drift_factor))
        m.sides = list(d.get("sides") or [0] * len(m.columns))
        m.min_spread = list(d.get("min_spread") or [0.0] * len(m.columns))
        return m

    def save(self, path) -> None:
        Path(path).write_text(json.dumps(self.to_dict()), encoding="utf-8")

    @classmethod
    def load(cls, path) -> "DetectorFamily":
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


class OnlineFamily:
    """Sample-by-sample scoring for the runtime: the same numbers as :meth:`DetectorFamily.detect` on the batch
    (the rows after ``tail``, which fills the windows).

    ``update(row) -> (score, anomaly, contributions, channel, level_z)``: ``row`` in the model's column order (NaN
    for a missing or bad value: the windows skip it); ``channel``: index into :data:`CHANNELS` of the channel
    that gave the score; ``level_z``: per sensor the signed level deviation in spreads (which way it moved).
    Keeps the last window x drift_factor rows only.
    """

    def __init__(self, model: DetectorFamily, tail=None):
        if not model.fitted:
            raise RuntimeError("fit the detector first")
        self.model = model
        w = model.window
        self._long = model.drift_window if "drift" in model.active else 1
        self._buf: deque = deque(maxlen=max(self._long, max(w, 5) + 1, model.variance_window + 1))
        self._persist = Persistence(model.threshold, model.k, model.n, model.hysteresis)
        rows = np.zeros((0, len(model.columns))) if tail is None else np.asarray(tail, float).reshape(
            -1, len(model.columns))
        self._index = model.n_reference - rows.shape[0]      # the next row's index from the reference's start
        self._seen = 0
        for r in rows:
            self._push(r)

    def _push(self, row: np.ndarray) -> None:
        self._buf.append(self.model._residual(row[None, :], self._index)[0])
        self._index += 1
        self._seen += 1

    def update(self, row):
        m = self.model
        x = np.asarray(row, float).reshape(-1)
        if x.size != len(m.columns):
            raise ValueError(f"row has {x.size} values, the detector expects {len(m.columns)}")
        self._push(x)
        B = np.asarray(self._buf)
        w = m.window
        raw: dict[str, np.ndarray] = {}
        with np.errstate(all="ignore"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                if "level" in m.active:
                    raw["level"] = np.nanmean(B[-w:], axis=0)
                if "drift" in m.active:
                    raw["drift"] = np.nanmean(B[-self._long:], axis=0)
                if "variance" in m.active:
                    D = np.diff(B[-m.variance_window - 1:], axis=0) / math.sqrt(2.0)
                    raw["variance"] = np.log(np.maximum(np.nanstd(D, axis=0), 1e-12)) if D.shape[0] else \
                        np.full(B.shape[1], np.nan)
                if "spike" in m.active:
                    before = np.nanmedian(B[-1 - max(w, 5):-1], axis=0) if B.shape[0] > 1 else B[-1]
                    before = np.where(np.isfinite(before), before, np.where(np.isfinite(B[0]), B[0], 0.0))
                    raw["spike"] = B[-1] - before
        z = m._z({k: v[None, :] for k, v in raw.items()}, warm=False)
        for k in z:
            if self._seen <= m._warm_up(k):
                z[k][:] = 0.0
        s, c, ch = m._combine(z)
        s0 = float(s[0])
        on = self._persist.update(s0)
        if "level" in raw:
            c0, sp = m.level_band()
            level_z = np.nan_to_num((raw["level"] - c0) / sp)
        else:
            level_z = np.zeros(len(m.columns))
        return s0, on, c[0], int(ch[0]), level_z
