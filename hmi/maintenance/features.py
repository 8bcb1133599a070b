"""Condition-monitoring features, numpy only (Qt-free, no pandas).

* rolling statistics per tag: :func:`rolling_mean`, :func:`rolling_std`, :func:`rolling_min`,
  :func:`rolling_max`, :func:`rolling_stats` (causal: the value at row i uses rows i-w+1..i, with a
  shorter window during the first w-1 rows, so a live scorer and a batch scorer agree);
* vibration indicators of a block of samples: :func:`rms`, :func:`peak`, :func:`crest_factor`,
  :func:`kurtosis` (Pearson, Gaussian = 3), :func:`band_energies` (FFT, when a waveform block is
  available) and :func:`vibration_indicators` for all of them at once;
* temperature rise rate: :func:`rise_rate` (robust Theil-Sen slope over a window, per minute) and
  :func:`rolling_rise_rate`.

Arrays are rows = time, columns = tags; 1-D input is one tag.  NaNs are ignored where it makes sense
(rolling statistics skip them; a window without any finite value gives NaN).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

__all__ = ["rolling_mean", "rolling_std", "rolling_min", "rolling_max", "rolling_stats", "rms", "peak",
           "crest_factor", "kurtosis", "band_energies", "vibration_indicators", "theil_sen", "rise_rate",
           "rolling_rise_rate"]


def _as2d(x) -> tuple[np.ndarray, bool]:
    a = np.asarray(x, dtype=float)
    if a.ndim == 1:
        return a[:, None], True
    if a.ndim != 2:
        raise ValueError("expected a 1-D series or a 2-D array (rows = time, columns = tags)")
    return a, False


def _out(a: np.ndarray, was1d: bool) -> np.ndarray:
    return a[:, 0] if was1d else a


def _check_window(window: int) -> int:
    w = int(window)
    if w < 1:
        raise ValueError("window must be >= 1 sample")
    return w


def rolling_mean(x, window: int) -> np.ndarray:
    """Causal moving average over ``window`` samples (cumulative sums: O(n)); NaNs skipped."""
    a, one = _as2d(x)
    w = _check_window(window)
    finite = np.isfinite(a)
    v = np.where(finite, a, 0.0)
    c = np.vstack([np.zeros((1, a.shape[1])), np.cumsum(v, axis=0)])
    k = np.vstack([np.zeros((1, a.shape[1])), np.cumsum(finite, axis=0)])
    i = np.arange(1, a.shape[0] + 1)
    lo = np.maximum(0, i - w)
    s = c[i] - c[lo]
    n = k[i] - k[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        m = np.where(n > 0, s / np.maximum(n, 1), np.nan)
    return _out(m, one)


def rolling_std(x, window: int) -> np.ndarray:
    """Causal moving (population) standard deviation over ``window`` samples; NaNs skipped.

    Computed on values centred on the series mean, so large offsets (e.g. 230 V) lose no precision.
    """
    a, one = _as2d(x)
    w = _check_window(window)
    centre = np.nanmean(a, axis=0) if np.isfinite(a).any() else np.zeros(a.shape[1])
    centre = np.where(np.isfinite(centre), centre, 0.0)
    b = a - centre
    m = rolling_mean(b, w)
    m2 = rolling_mean(b * b, w)
    m = m[:, None] if m.ndim == 1 else m
    m2 = m2[:, None] if m2.ndim == 1 else m2
    return _out(np.sqrt(np.maximum(m2 - m * m, 0.0)), one)


def _rolling_extreme(x, window: int, fn) -> np.ndarray:
    a, one = _as2d(x)
    w = _check_window(window)
    n = a.shape[0]
    out = np.full(a.shape, np.nan)
    if n == 0:
        return _out(out, one)
    # pad the front with NaN so that every row has a full window, then use a strided view
    pad = np.vstack([np.full((w - 1, a.shape[1]), np.nan), a])
    view = np.lib.stride_tricks.sliding_window_view(pad, w, axis=0)  # (n, cols, w)
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            out = fn(view, axis=-1)
    return _out(out, one)


def rolling_median(x, window: int) -> np.ndarray:
    """Causal moving median over ``window`` samples (NaNs skipped)."""
    return _rolling_extreme(x, window, np.nanmedian)


def rolling_min(x, window: int) -> np.ndarray:
    """Causal moving minimum over ``window`` samples (NaNs skipped)."""
    return _rolling_extreme(x, window, np.nanmin)


def rolling_max(x, window: int) -> np.ndarray:
    """Causal moving maximum over ``window`` samples (NaNs skipped)."""
    return _rolling_extreme(x, window, np.nanmax)


def rolling_stats(x, windows: Sequence[int], columns: Sequence[str] | None = None,
                  stats: Sequence[str] = ("mean", "std", "min", "max")) -> tuple[np.ndarray, list[str]]:
    """Every requested statistic over every window for every tag.

    Returns ``(features, names)``; feature names read ``"<tag>.<stat><window>"`` (e.g. ``"Current.std60"``).
    """
    a, _ = _as2d(x)
    cols = list(columns) if columns is not None else [f"x{j}" for j in range(a.shape[1])]
    if len(cols) != a.shape[1]:
        raise ValueError(f"{len(cols)} column names for {a.shape[1]} columns")
    fns = {"mean": rolling_mean, "std": rolling_std, "min": rolling_min, "max": rolling_max}
    blocks, names = [], []
    for w in windows:
        for st in stats:
            if st not in fns:
                raise ValueError(f"unknown statistic {st!r}: use {', '.join(fns)}")
            f = fns[st](a, w)
            blocks.append(f if f.ndim == 2 else f[:, None])
            names += [f"{c}.{st}{w}" for c in cols]
    return np.hstack(blocks) if blocks else np.empty((a.shape[0], 0)), names


# ------------------------------------------------------------------------------------- vibration
def rms(x, axis: int = 0) -> np.ndarray | float:
    """Root mean square (a sine of amplitude A gives A/sqrt(2))."""
    a = np.asarray(x, dtype=float)
    return np.sqrt(np.nanmean(a * a, axis=axis))


def peak(x, axis: int = 0) -> np.ndarray | float:
    """Largest absolute value."""
    return np.nanmax(np.abs(np.asarray(x, dtype=float)), axis=axis)


def crest_factor(x, axis: int = 0) -> np.ndarray | float:
    """Peak / RMS (sine: sqrt(2) = 1.414; impacts from a damaged bearing raise it)."""
    r = rms(x, axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.asarray(r) > 0, peak(x, axis) / r, np.nan)[()]


def kurtosis(x, axis: int = 0) -> np.ndarray | float:
    """Pearson kurtosis E[(x-mu)^4]/sigma^4 (Gaussian = 3, sine = 1.5, impulsive > 3)."""
    a = np.asarray(x, dtype=float)
    mu = np.nanmean(a, axis=axis, keepdims=True)
    d = a - mu
    m2 = np.nanmean(d ** 2, axis=axis)
    m4 = np.nanmean(d ** 4, axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(m2 > 0, m4 / np.maximum(m2, 1e-300) ** 2, np.nan)[()]


def band_energies(block, fs: float, bands: Sequence[tuple[float, float]]) -> np.ndarray:
    """Energy (mean square) of a waveform block in each frequency band [lo, hi) Hz, via the FFT.

    Parseval: the sum over bands that tile [0, fs/2] equals the block's mean square (the DC term
    included), so a band value is directly comparable with rms()**2.
    """
    x = np.asarray(block, dtype=float)
    if x.ndim != 1 or x.size < 2:
        raise ValueError("band_energies needs a 1-D waveform block of at least 2 samples")
    if fs <= 0:
        raise ValueError("fs must be > 0")
    n = x.size
    spec = np.fft.rfft(x)
    p = (np.abs(spec) ** 2) / n ** 2
    # one-sided: double everything except DC (and Nyquist for even n)
    p[1:] *= 2.0
    if n % 2 == 0:
        p[-1] /= 2.0
    f = np.fft.rfftfreq(n, 1.0 / fs)
    out = []
    for lo, hi in bands:
        sel = (f >= lo) & (f < hi) if hi < fs / 2 else (f >= lo) & (f <= hi)
        out.append(float(p[sel].sum()))
    return np.asarray(out)


def vibration_indicators(block, fs: float | None = None,
                         bands: Sequence[tuple[float, float]] | None = None) -> dict[str, float]:
    """RMS, peak, crest factor, kurtosis (and band energies ``band_<lo>_<hi>`` when ``fs`` and ``bands``)."""
    x = np.asarray(block, dtype=float).ravel()
    out = {"rms": float(rms(x)), "peak": float(peak(x)), "crest_factor": float(crest_factor(x)),
           "kurtosis": float(kurtosis(x))}
    if fs is not None and bands:
        for (lo, hi), e in zip(bands, band_energies(x, fs, bands)):
            out[f"band_{lo:g}_{hi:g}"] = float(e)
    return out


# ---------------------------------------------------------------------------- rise rates
def theil_sen(t, y) -> tuple[float, float]:
    """Theil-Sen line (median of pairwise slopes): robust to up to ~29 % outliers. Returns (slope, intercept)."""
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = np.isfinite(t) & np.isfinite(y)
    t, y = t[ok], y[ok]
    if t.size < 2:
        return float("nan"), float("nan")
    if t.size > 400:  # O(n^2) pairs: subsample evenly, robustness is kept
        idx = np.linspace(0, t.size - 1, 400).round().astype(int)
        t, y = t[idx], y[idx]
    i, j = np.triu_indices(t.size, 1)
    dt = t[j] - t[i]
    keep = dt != 0
    if not keep.any():
        return float("nan"), float("nan")
    slope = float(np.median((y[j] - y[i])[keep] / dt[keep]))
    intercept = float(np.median(y - slope * t))
    return slope, intercept


def rise_rate(t_s, values, window_s: float | None = None) -> float:
    """Robust rise rate in units per minute (e.g. °C/min) over the last ``window_s`` seconds (all when None)."""
    t = np.asarray(t_s, dtype=float)
    y = np.asarray(values, dtype=float)
    if window_s is not None and t.size:
        sel = t >= t[-1] - window_s
        t, y = t[sel], y[sel]
    slope, _ = theil_sen(t, y)
    return slope * 60.0


def rolling_rise_rate(t_s, values, window_s: float, step: int = 1) -> np.ndarray:
    """Rise rate (units/min) at every ``step``-th sample over the trailing ``window_s`` seconds (NaN elsewhere)."""
    t = np.asarray(t_s, dtype=float)
    y = np.asarray(values, dtype=float)
    out = np.full(t.size, np.nan)
    lo = 0
    for i in range(0, t.size, max(1, int(step))):
        while t[lo] < t[i] - window_s:
            lo += 1
        if i - lo >= 2:
            s, _ = theil_sen(t[lo:i + 1], y[lo:i + 1])
            out[i] = s * 60.0
    return out
