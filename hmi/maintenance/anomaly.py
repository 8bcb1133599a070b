"""Per-equipment multivariate anomaly detection, fitted on a healthy reference period. numpy only.

Pipeline (the same in batch and in :class:`OnlineDetector`)::

    raw samples --causal rolling mean over `window` samples--> smoothed tags
      --robust standardisation (median, std of the smoothed reference, floored)--> z (one per tag)
      --score--> "zmax": max_j |z_j|   (default; what won on SKAB, see bench/skab.py)
                 "pca":  max(T2/T2_ref, Q/Q_ref) of a PCA on z (the classical T2 + SPE monitor)
      --threshold = quantile(reference scores, 1 - target_far) * margin
      --persistence: k of the last n samples above the threshold raise; hysteresis keeps the
        anomaly on while the score stays above `hysteresis` * threshold (no chatter).
      --(recorded data only, ``detect(X, backdate=True)``) onset back-dating: each raised period is
        extended back over the samples just before it whose score already exceeded `onset` * threshold,
        i.e. to where the score left the reference band (a change-point estimate).  This looks at
        samples before the alarm with knowledge of the alarm, so it is an offline analysis of a file
        (``lineside maint score``); the live :class:`OnlineDetector` raises at the detection sample.

Every score comes with per-tag contributions (shares summing to 1): z_j^2 / sum z^2 for "zmax",
the SPE + T2 decomposition for "pca"; :meth:`AnomalyModel.explain` names the tags that drive an
anomaly ("Accelerometer2RMS and Temperature drive this anomaly").

Why smoothed levels rather than raw samples: at 1 Hz the raw values of the SKAB pump carry quantisation
flicker (flow in whole l/min, pressure in 0.33 bar steps) that hides the shifts a fault causes; a 20 s
mean exposes them (point-wise F1 0.80 vs 0.77 for raw Mahalanobis, same FAR budget).

Models are saved as JSON (numbers and strings only, no pickle).
"""
from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from hmi.maintenance.features import rolling_mean

__all__ = ["AnomalyModel", "Detection", "OnlineDetector", "apply_persistence", "backdate_onsets"]

FORMAT = "lineside.anomaly/1"


@dataclass
class Detection:
    """Result of :meth:`AnomalyModel.detect`: per row score, anomaly flag and tag contributions."""

    score: np.ndarray          # (n,)
    anomaly: np.ndarray        # (n,) bool
    contributions: np.ndarray  # (n, n_tags), each row sums to 1 (0 where undefined)
    columns: list[str]
    threshold: float

    def __iter__(self):  # score, anomaly, contributions = model.detect(X)
        return iter((self.score, self.anomaly, self.contributions))

    def events(self) -> list[dict]:
        """Contiguous anomaly periods: start/end row (end exclusive), peak score and the driving tags."""
        a = np.asarray(self.anomaly, bool)
        d = np.diff(np.r_[0, a.astype(int), 0])
        out = []
        for s, e in zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)):
            c = np.nanmean(self.contributions[s:e], axis=0)
            order = np.argsort(-c)
            out.append({"start": int(s), "end": int(e), "peak_score": float(np.nanmax(self.score[s:e])),
                        "drivers": [(self.columns[j], round(float(c[j]), 3)) for j in order[:3] if c[j] > 0]})
        return out


def apply_persistence(score: np.ndarray, threshold: float, k: int = 1, n: int = 1,
                      hysteresis: float = 1.0) -> np.ndarray:
    """Anomaly flags with k-of-n persistence and hysteresis.

    Raised when at least ``k`` of the last ``n`` scores exceed ``threshold``; once raised it stays
    while the score exceeds ``hysteresis * threshold`` (``hysteresis`` in (0, 1]; 1 = none).
    """
    s = np.nan_to_num(np.asarray(score, float), nan=0.0)
    k, n = int(k), int(n)
    if not 1 <= k <= n:
        raise ValueError("persistence needs 1 <= k <= n")
    above = s > threshold
    c = np.cumsum(np.r_[0, above.astype(int)])
    idx = np.arange(1, s.size + 1)
    raise_ok = (c[idx] - c[np.maximum(0, idx - n)]) >= k
    off = hysteresis * threshold
    out = np.zeros(s.size, bool)
    on = False
    for i in range(s.size):
        on = (s[i] > off) if on else bool(raise_ok[i])
        out[i] = on
    return out


class Persistence:
    """:func:`apply_persistence` sample by sample: ``update(score) -> raised`` (k of the last n above the
    threshold raise; once raised it holds while above ``hysteresis`` x threshold)."""

    def __init__(self, threshold: float, k: int, n: int, hysteresis: float):
        self.threshold, self.k, self.hysteresis = float(threshold), int(k), float(hysteresis)
        self._above: deque = deque(maxlen=int(n))
        self.on = False

    def reset(self) -> None:
        self._above.clear()
        self.on = False

    def update(self, score: float) -> bool:
        self._above.append(score > self.threshold)
        if self.on:
            self.on = score > self.hysteresis * self.threshold
        else:
            self.on = sum(self._above) >= self.k
        return self.on


def backdate_onsets(score: np.ndarray, anomaly: np.ndarray, level: float) -> np.ndarray:
    """Anomaly flags with every raised period extended back to its estimated onset.

    From the first flagged sample of each period, walk back while the score exceeds ``level`` (and
    the sample is not already flagged): those samples belong to the same excursion, which the
    threshold confirmed only later.  Offline use only: the flags change after the fact.
    """
    s = np.nan_to_num(np.asarray(score, float), nan=0.0)
    out = np.asarray(anomaly, bool).copy()
    if out.shape != s.shape:
        raise ValueError("score and anomaly flags must have the same length")
    for start in np.flatnonzero(np.diff(np.r_[0, out.astype(np.int8)]) == 1):
        i = start - 1
        while i >= 0 and not out[i] and s[i] > level:
            out[i] = True
            i -= 1
    return out


class AnomalyModel:
    """Multivariate detector: ``fit(X_healthy, columns)``, ``score(X)``, ``detect(X)``, ``save``/``load``.

    Parameters (fixed once per fleet; the SKAB defaults are explained in bench/skab.py):
        method: "zmax" (robust max-z on smoothed tags, default) or "pca" (T2 + Q).
        window: samples in the causal rolling mean (20 = 20 s at 1 Hz); 1 = raw samples.
        target_far: false-alarm fraction allowed on the reference before the margin (0 = its maximum).
        margin: multiplier on that reference quantile (room for what the reference did not show).
        k, n: k-of-n persistence; hysteresis: release level as a fraction of the threshold.
        onset: for ``detect(X, backdate=True)``: level, as a fraction of the threshold, above which the
            samples just before a raised period are counted into it (1 = no back-dating).
        pca_variance: variance kept by the PCA (method "pca").
    """

    def __init__(self, method: str = "zmax", window: int = 20, target_far: float = 0.0, margin: float = 3.0,
                 k: int = 1, n: int = 1, hysteresis: float = 0.8, pca_variance: float = 0.95,
                 onset: float = 0.6):
        if method not in ("zmax", "pca"):
            raise ValueError("method must be 'zmax' or 'pca'")
        if not 0.0 <= target_far < 1.0:
            raise ValueError("target_far must be in [0, 1)")
        if margin <= 0 or not 0 < hysteresis <= 1:
            raise ValueError("margin must be > 0 and hysteresis in (0, 1]")
        if not 1 <= int(k) <= int(n):
            raise ValueError("persistence needs 1 <= k <= n")
        if not 0 < onset <= 1:
            raise ValueError("onset must be in (0, 1] (a fraction of the threshold)")
        self.method = method
        self.window = max(1, int(window))
        self.target_far = float(target_far)
        self.margin = float(margin)
        self.k, self.n = int(k), int(n)
        self.hysteresis = float(hysteresis)
        self.pca_variance = float(pca_variance)
        self.onset = float(onset)
        self.columns: list[str] = []
        #: per column: +1 only a rise counts as a deviation, -1 only a fall, 0 both (zmax; set before fit or
        #: after it, e.g. from the tag's alarm limits: a bearing that runs cool is not wearing out)
        self.sides: np.ndarray | None = None
        self.center = self.scale = None
        self.threshold = float("nan")
        self.ref_quantile = float("nan")
        self.n_reference = 0
        # pca
        self.components = self.eigvals = None
        self.t2_ref = self.q_ref = float("nan")

    # ------------------------------------------------------------------ fitting
    @property
    def fitted(self) -> bool:
        return self.center is not None

    def _features(self, X: np.ndarray) -> np.ndarray:
        return rolling_mean(X, self.window) if self.window > 1 else X.copy()

    def _check(self, X) -> np.ndarray:
        a = np.asarray(X, dtype=float)
        if a.ndim == 1:
            a = a[:, None]
        if a.ndim != 2:
            raise ValueError("X must be 2-D: rows = samples, columns = tags")
        if self.fitted and a.shape[1] != len(self.columns):
            raise ValueError(f"X has {a.shape[1]} columns, the model was fitted on {len(self.columns)}: "
                             f"{', '.join(self.columns)}")
        return a

    def fit(self, X_healthy, columns: Sequence[str] | None = None, sides: Sequence[int] | None = None
            ) -> "AnomalyModel":
        """Fit on healthy rows.  ``sides``: per column +1 / -1 / 0, see :attr:`sides` (default: all 0)."""
        X = np.asarray(X_healthy, dtype=float)
        if X.ndim == 1:
            X = X[:, None]
        if X.ndim != 2 or X.shape[0] < 10:
            raise ValueError("the healthy reference needs at least 10 rows (rows = samples, columns = tags)")
        self.columns = list(columns) if columns is not None else [f"x{j}" for j in range(X.shape[1])]
        if len(self.columns) != X.shape[1]:
            raise ValueError(f"{len(self.columns)} column names for {X.shape[1]} columns")
        if sides is not None:
            sd_ = np.sign(np.asarray(sides, dtype=float)).reshape(-1)
            if sd_.size != X.shape[1]:
                raise ValueError(f"{sd_.size} sides for {X.shape[1]} columns")
            self.sides = None if not sd_.any() else sd_
        F = self._features(X)
        # skip the warm-up rows whose rolling window is still partial (when there is enough reference)
        warm = self.window - 1 if X.shape[0] >= 3 * self.window else 0
        R = F[warm:]
        keep = np.isfinite(R)
        if not keep.any(axis=0).all():
            bad = [c for c, ok in zip(self.columns, keep.any(axis=0)) if not ok]
            raise ValueError(f"no finite reference values for {', '.join(bad)}")
        center = np.nanmedian(R, axis=0)
        sd = np.nanstd(R, axis=0)
        # floor: a tag that never moved in the reference (quantised, stuck) still gets a finite scale
        floor = 1e-3 * np.maximum(np.abs(center), 1.0)
        self.center, self.scale = center, np.maximum(sd, floor)
        Z = np.nan_to_num((R - center) / self.scale)
        self.n_reference = int(X.shape[0])
        if self.method == "pca":
            self._fit_pca(Z)
        s = self._score_z(Z)[0]
        q = 1.0 - self.target_far
        self.ref_quantile = float(np.quantile(s, q)) if s.size else 1.0
        self.threshold = max(self.ref_quantile, 1e-9) * self.margin
        return self

    def _fit_pca(self, Z: np.ndarray) -> None:
        mu = Z.mean(axis=0)
        C = np.cov((Z - mu).T) if Z.shape[1] > 1 else np.array([[Z.var()]])
        C = np.atleast_2d(C)
        w, V = np.linalg.eigh(C)
        order = np.argsort(w)[::-1]
        w, V = np.maximum(w[order], 0.0), V[:, order]
        tot = w.sum()
        a = int(np.searchsorted(np.cumsum(w) / max(tot, 1e-300), self.pca_variance) + 1) if tot > 0 else 1
        a = max(1, min(a, Z.shape[1] - 1 if Z.shape[1] > 1 else 1))
        self.components, self.eigvals = V[:, :a], np.maximum(w[:a], 1e-9 * max(tot, 1e-12))
        self._pca_mu = mu
        t2, q, _ = self._t2q(Z)
        self.t2_ref = float(max(np.quantile(t2, 0.99), 1e-9))
        self.q_ref = float(max(np.quantile(q, 0.99), 1e-9))

    def _t2q(self, Z):
        D = Z - self._pca_mu
        T = D @ self.components
        t2 = np.sum(T * T / self.eigvals, axis=1)
        E = D - T @ self.components.T
        q = np.sum(E * E, axis=1)
        return t2, q, (D, T, E)

    # ------------------------------------------------------------------ scoring
    def _z(self, X) -> np.ndarray:
        F = self._features(self._check(X))
        return np.nan_to_num((F - self.center) / self.scale)

    def _score_z(self, Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.sides is not None and self.method == "zmax":
            sd = self.sides
            Z = np.where(sd > 0, np.maximum(Z, 0.0), np.where(sd < 0, np.minimum(Z, 0.0), Z))
        if self.method == "zmax":
            s = np.abs(Z).max(axis=1) if Z.shape[1] else np.zeros(Z.shape[0])
            c = Z * Z
        else:
            t2, q, (D, T, E) = self._t2q(Z)
            s = np.maximum(t2 / self.t2_ref, q / self.q_ref)
            # SPE contributions e_j^2 plus the T2 "complete decomposition" d_j * (P L^-1 P' d)_j (clipped at 0)
            t2c = np.clip(D * ((T / self.eigvals) @ self.components.T), 0.0, None)
            c = E * E / self.q_ref + t2c / self.t2_ref
        tot = c.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            c = np.where(tot > 0, c / np.where(tot > 0, tot, 1.0), 0.0)
        return s, c

    def score(self, X) -> np.ndarray:
        """Anomaly score per row (same units as :attr:`threshold`)."""
        self._require()
        return self._score_z(self._z(X))[0]

    def contributions(self, X) -> np.ndarray:
        self._require()
        return self._score_z(self._z(X))[1]

    def detect(self, X, backdate: bool = False) -> Detection:
        """``score, anomaly, contributions = model.detect(X)`` (a :class:`Detection`, also iterable).

        ``backdate=True`` (recorded data): each anomaly period starts at its estimated onset, see
        :func:`backdate_onsets`; the default gives the flags the live detector raises, sample by sample.
        """
        self._require()
        s, c = self._score_z(self._z(X))
        a = apply_persistence(s, self.threshold, self.k, self.n, self.hysteresis)
        if backdate and self.onset < 1.0:
            a = backdate_onsets(s, a, self.onset * self.threshold)
        return Detection(s, a, c, list(self.columns), self.threshold)

    def explain(self, contributions_row, k: int = 2, min_share: float = 0.1) -> tuple[list[tuple[str, float]], str]:
        """The tags that drive one row's score, largest share first, and a sentence for the operator."""
        c = np.asarray(contributions_row, float)
        order = np.argsort(-c)
        top = [(self.columns[j], float(c[j])) for j in order[:max(1, k)] if c[j] >= min_share]
        if not top:
            top = [(self.columns[order[0]], float(c[order[0]]))]
        names = [t for t, _ in top]
        verb = "drives" if len(names) == 1 else "drive"
        text = (" and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1])
        return top, f"{text} {verb} this anomaly"

    def _require(self):
        if not self.fitted:
            raise RuntimeError("the anomaly model is not fitted: call fit(X_healthy, columns) first")

    # ------------------------------------------------------------------ persistence
    def to_dict(self) -> dict:
        self._require()
        d = {"format": FORMAT, "method": self.method, "window": self.window, "target_far": self.target_far,
             "margin": self.margin, "k": self.k, "n": self.n, "hysteresis": self.hysteresis,
             "pca_variance": self.pca_variance, "onset": self.onset, "columns": self.columns,
             "center": self.center.tolist(),
             "scale": self.scale.tolist(), "threshold": self.threshold, "ref_quantile": self.ref_quantile,
             "n_reference": self.n_reference}
        if self.sides is not None:
            d["sides"] = self.sides.tolist()
        if self.method == "pca":
            d.update(components=self.components.tolist(), eigvals=self.eigvals.tolist(),
                     pca_mu=self._pca_mu.tolist(), t2_ref=self.t2_ref, q_ref=self.q_ref)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "AnomalyModel":
        if d.get("format") != FORMAT:
            raise ValueError(f"not a Lineside anomaly model (format {d.get('format')!r}, expected {FORMAT})")
        m = cls(method=d["method"], window=d["window"], target_far=d["target_far"], margin=d["margin"], k=d["k"],
                n=d["n"], hysteresis=d["hysteresis"], pca_variance=d["pca_variance"], onset=d.get("onset", 1.0))
        m.columns = list(d["columns"])
        m.center, m.scale = np.asarray(d["center"], float), np.asarray(d["scale"], float)
        m.threshold, m.ref_quantile = float(d["threshold"]), float(d["ref_quantile"])
        m.n_reference = int(d["n_reference"])
        if d.get("sides") is not None:
            m.sides = np.asarray(d["sides"], float)
        if m.method == "pca":
            m.components = np.asarray(d["components"], float).reshape(len(m.columns), -1)
            m.eigvals = np.asarray(d["eigvals"], float)
            m._pca_mu = np.asarray(d["pca_mu"], float)
            m.t2_ref, m.q_ref = float(d["t2_ref"]), float(d["q_ref"])
        return m

    def save(self, path) -> Path:
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(self.to_dict()), encoding="utf-8")
        return p

    @classmethod
    def load(cls, path) -> "AnomalyModel":
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


class OnlineDetector:
    """Sample-by-sample scoring for the runtime: the same numbers as :meth:`AnomalyModel.detect` on the batch.

    ``update(row) -> (score, anomaly, contributions)`` with row in the model's column order
    (NaN for a missing/bad-quality value: it is skipped by the rolling mean).
    """

    def __init__(self, model: AnomalyModel):
        model._require()
        self.model = model
        self._buf: deque = deque(maxlen=model.window)
        self._persist = Persistence(model.threshold, model.k, model.n, model.hysteresis)

    def reset(self) -> None:
        self._buf.clear()
        self._persist.reset()

    def update(self, row) -> tuple[float, bool, np.ndarray]:
        m = self.model
        x = np.asarray(row, float).reshape(-1)
        if x.size != len(m.columns):
            raise ValueError(f"row has {x.size} values, the model expects {len(m.columns)}")
        self._buf.append(x)
        B = np.vstack(self._buf)
        fin = np.isfinite(B)
        cnt = fin.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(cnt > 0, np.where(fin, B, 0.0).sum(axis=0) / np.maximum(cnt, 1), np.nan)
        z = np.nan_to_num((mean - m.center) / m.scale)[None, :]
        s, c = m._score_z(z)
        s0 = float(s[0])
        return s0, self._persist.update(s0), c[0]
