"""Remaining useful life from run-to-failure histories (C-MAPSS style). torch is imported lazily.

Data: a table with a unit column, a time column (cycles, hours...) and sensor columns, given as a mapping
``{column: array}`` (a dict, a pandas DataFrame, or what :func:`hmi.commands.maint.read_table`
returns).  Each unit of the training table runs until failure, so its true RUL at a row is
``last time - time``, capped at ``cap`` (125: early in life the degradation is invisible and a
piecewise-linear target is the community convention).

:func:`fit_rul`:
  1. feature selection: drop constant columns, then columns whose |Pearson correlation| with the capped
     RUL is below ``min_corr`` (operating-setting noise, dead sensors);
  2. z-score normalisation with the training mean/std of each column and (``baseline`` > 0, default 20)
     of its drift from the mean of the unit's first ``baseline`` rows: units start with different
     manufacturing offsets and initial wear (C-MAPSS says so of its engines), the drift removes them;
  3. the model, ``arch``:
     * ``"mlp"`` (default): per row, causal windowed features of each normalised column -- its
       exponentially weighted mean (``alpha``, 0.1: about 20 cycles of memory) and its least-squares
       slope over the last ``window`` rows -- plus the unit's age (the time column, ``use_time``);
       standardised, into an ensemble of ``n_models`` MLPs (2 hidden layers of 64 ReLU units);
     * ``"cnn"``: windows of the last ``window`` rows (short histories padded with their first row) into
       small 1-D CNNs after Li et al. 2018 (4 conv layers of 10 filters, kernel 10, a 1-filter
       bottleneck, dropout 0.5, a 100-unit dense layer: ~6k weights);
     both trained with AdamW and a cosine learning rate on the capped RUL scaled to [0, 1].
     On C-MAPSS FD001 (bench/rul.py: 5 hold-out draws of 20 engines, random truncation) the MLP with
     the drift inputs scores RMSE 8.66, without them 12.65, the CNN on the raw window 15.43.

:class:`RulModel`: ``predict(runs) -> {unit: rul}`` at each unit's last row, ``predict_all`` (every row),
``save(dir)`` / ``load(dir)`` (``rul.json`` metadata + ``rul.pt`` state dicts, loaded with
``weights_only=True``: no arbitrary pickle).  The features are causal, so the estimate at a row only
uses that row and the ones before it; give each unit's history from its first row (the age and the
slopes count from there).
"""
from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

__all__ = ["RulModel", "fit_rul", "rul_targets", "nasa_score", "rmse", "make_windows", "window_features"]

FORMAT = "lineside.rul/1"


def _col(data: Mapping[str, Any], name: str) -> np.ndarray:
    try:
        return np.asarray(data[name], dtype=float)
    except KeyError:
        raise KeyError(f"no column {name!r}; columns are: {', '.join(map(str, _keys(data)))}") from None


def _keys(data) -> list[str]:
    return [str(k) for k in (data.keys() if hasattr(data, "keys") else data.columns)]


def _units(data, unit_col: str, time_col: str):
    """Row indices per unit, sorted by time; units in order of first appearance."""
    u = np.asarray(data[unit_col])
    t = _col(data, time_col)
    order: dict = {}
    for i, k in enumerate(u.tolist()):
        order.setdefault(k, []).append(i)
    out = {}
    for k, idx in order.items():
        idx = np.asarray(idx)
        out[k] = idx[np.argsort(t[idx], kind="stable")]
    return out


def _unit_key(k):
    """JSON-friendly unit id: 7.0 -> 7."""
    if isinstance(k, (float, np.floating)) and float(k).is_integer():
        return int(k)
    if isinstance(k, np.integer):
        return int(k)
    return k


def rul_targets(time: np.ndarray, cap: float | None = 125.0) -> np.ndarray:
    """RUL at each row of one run-to-failure history: last time - time (capped)."""
    r = time.max() - time
    return np.minimum(r, cap) if cap is not None else r


def rmse(pred, true) -> float:
    d = np.asarray(pred, float) - np.asarray(true, float)
    return float(np.sqrt(np.mean(d * d)))


def nasa_score(pred, true) -> float:
    """PHM08 asymmetric score: sum(exp(-d/13) - 1) for early (d < 0), sum(exp(d/10) - 1) for late predictions."""
    d = np.asarray(pred, float) - np.asarray(true, float)
    return float(np.sum(np.where(d < 0, np.exp(-d / 13.0) - 1.0, np.exp(d / 10.0) - 1.0)))


def make_windows(X: np.ndarray, window: int, ends: np.ndarray | None = None) -> np.ndarray:
    """Windows (n, window, features) ending at each row in ``ends`` (all rows by default), front-padded
    with the first row for short histories."""
    n = X.shape[0]
    pad = np.vstack([np.repeat(X[:1], window - 1, axis=0), X])
    view = np.lib.stride_tricks.sliding_window_view(pad, window, axis=0)  # (n, F, window)
    ends = np.arange(n) if ends is None else np.asarray(ends)
    return np.ascontiguousarray(view[ends].transpose(0, 2, 1))


def _inputs(X: np.ndarray, groups: Mapping, baseline: int) -> np.ndarray:
    """Model inputs: the feature columns, plus (``baseline`` > 0) each column minus its mean over the
    unit's first ``baseline`` rows: the drift since the unit was new, free of unit-to-unit offsets."""
    if baseline <= 0:
        return X
    D = np.empty_like(X)
    for idx in groups.values():
        D[idx] = X[idx] - np.nanmean(X[idx[:baseline]], axis=0)
    return np.hstack([X, D])


def window_features(X: np.ndarray, age: np.ndarray | None, window: int, alpha: float) -> np.ndarray:
    """Causal features of one unit's rows (time order): per column the exponentially weighted mean
    (started at the first row) and the least-squares slope per row over the last ``window`` rows
    (fewer at the start; 0 with fewer than 3 rows), then ``age`` as a last column when given."""
    from hmi.maintenance.numerics import ewm as ew_mean

    n = X.shape[0]
    ewm = ew_mean(X, alpha)
    j = np.arange(n, dtype=float)[:, None]
    cx = np.vstack([np.zeros((1, X.shape[1])), np.cumsum(X, axis=0)])
    cjx = np.vstack([np.zeros((1, X.shape[1])), np.cumsum(j * X, axis=0)])
    cj = np.r_[0.0, np.cumsum(j[:, 0])][:, None]
    cjj = np.r_[0.0, np.cumsum(j[:, 0] ** 2)][:, None]
    hi = np.arange(1, n + 1)
    lo = np.maximum(0, hi - int(window))
    m = (hi - lo)[:, None].astype(float)
    sx, sjx, sj, sjj = cx[hi] - cx[lo], cjx[hi] - cjx[lo], cj[hi] - cj[lo], cjj[hi] - cjj[lo]
    den = m * sjj - sj * sj
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where((m >= 3) & (den > 0), (m * sjx - sj * sx) / np.where(den > 0, den, 1.0), 0.0)
    cols = [ewm, slope] + ([np.asarray(age, float)[:, None]] if age is not None else [])
    return np.hstack(cols)


def _build(n_inputs: int, window: int, arch: dict):
    a = dict(arch)
    kind = a.pop("kind", "cnn")
    if kind == "mlp":
        for k in ("alpha", "use_time"):
            a.pop(k, None)
        return _build_mlp(n_inputs, **a)
    return _build_net(n_inputs, window, **a)


def _build_mlp(n_inputs: int, hidden: int = 64, layers: int = 2, dropout: float = 0.0):
    """A plain MLP: `layers` hidden layers of `hidden` ReLU units (dropout after each when > 0)."""
    import torch.nn as nn

    mods, c_in = [], n_inputs
    for _ in range(layers):
        mods += [nn.Linear(c_in, hidden), nn.ReLU()] + ([nn.Dropout(dropout)] if dropout > 0 else [])
        c_in = hidden
    mods.append(nn.Linear(c_in, 1))

    class RulMLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(*mods)

        def forward(self, x):  # x: (batch, inputs)
            return self.body(x).squeeze(-1)

    return RulMLP()


def _build_net(n_features: int, window: int, channels: int = 10, hidden: int = 100, dropout: float = 0.5,
               kernel: int = 10, layers: int = 4):
    """Li et al. (2018) style 1-D CNN: `layers` convolutions (`channels` filters, `kernel` wide, 'same'
    padding, tanh), a 1-filter convolution that squeezes to one value per time step (the bottleneck
    keeps the dense layer small: window x hidden weights), dropout, dense `hidden`, output."""
    import torch.nn as nn

    class RulCNN(nn.Module):
        def __init__(self):
            super().__init__()
            mods, c_in = [], n_features
            for _ in range(layers):
                mods += [nn.Conv1d(c_in, channels, kernel, padding="same"), nn.Tanh()]
                c_in = channels
            mods += [nn.Conv1d(c_in, 1, 3, padding="same"), nn.Tanh()]
            self.conv = nn.Sequential(*mods)
            self.head = nn.Sequential(nn.Flatten(), nn.Dropout(dropout), nn.Linear(window, hidden), nn.Tanh(),
                                      nn.Linear(hidden, 1))

        def forward(self, x):  # x: (batch, window, features)
            return self.head(self.conv(x.transpose(1, 2))).squeeze(-1)

    return RulCNN()


@dataclass
class RulModel:
    unit_col: str
    time_col: str
    features: list[str]
    mean: np.ndarray
    std: np.ndarray
    window: int
    cap: float
    arch: dict
    states: list = field(default_factory=list)  # torch state dicts, one per ensemble member
    dropped: dict = field(default_factory=dict)  # column -> reason
    history: dict = field(default_factory=dict)
    baseline: int = 0  # > 0: inputs also hold the drift from the mean of each unit's first `baseline` rows
    feature_mean: np.ndarray | None = None  # arch "mlp": standardisation of the windowed features
    feature_std: np.ndarray | None = None

    @property
    def kind(self) -> str:
        return self.arch.get("kind", "cnn")

    def _n_inputs(self) -> int:
        return len(self.feature_mean) if self.kind == "mlp" else len(self.mean)

    # ------------------------------------------------------------------ inference
    def _nets(self):
        import torch

        nets = []
        for st in self.states:
            net = _build(self._n_inputs(), self.window, self.arch)
            net.load_state_dict(st)
            net.eval()
            nets.append(net)
        return nets

    def predict_windows(self, W: np.ndarray, batch: int = 4096) -> np.ndarray:
        """RUL for prepared inputs: normalised windows (n, window, columns) for a "cnn", standardised
        windowed features (n, features) for an "mlp"; the ensemble mean."""
        import torch

        out = np.zeros(W.shape[0])
        with torch.no_grad(), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*padding='same'.*")
            for net in self._nets():
                for i in range(0, W.shape[0], batch):
                    out[i:i + batch] += net(torch.as_tensor(W[i:i + batch], dtype=torch.float32)).numpy()
        return np.clip(out / max(1, len(self.states)) * self.cap, 0.0, self.cap)

    def _normalised(self, data) -> tuple[dict, np.ndarray]:
        groups = _units(data, self.unit_col, self.time_col)
        X = _inputs(np.column_stack([_col(data, c) for c in self.features]), groups, self.baseline)
        return groups, np.nan_to_num((X - self.mean) / self.std)

    def _unit_inputs(self, X: np.ndarray, age: np.ndarray, last_only: bool) -> np.ndarray:
        """One unit's model inputs (rows in time order): every row, or only its last one."""
        if self.kind == "mlp":
            F = window_features(X, age if self.arch.get("use_time", True) else None, self.window,
                                self.arch.get("alpha", 0.1))
            F = np.nan_to_num((F - self.feature_mean) / self.feature_std)
            return F[-1:] if last_only else F
        return make_windows(X, self.window, [X.shape[0] - 1] if last_only else None)

    def predict(self, runs) -> dict:
        """``{unit: rul}`` at each unit's last row (time units of the training data)."""
        groups, X = self._normalised(runs)
        keys = list(groups)
        if not keys:
            return {}
        t = _col(runs, self.time_col)
        W = np.concatenate([self._unit_inputs(X[groups[k]], t[groups[k]], True) for k in keys])
        pred = self.predict_windows(W)
        return {_unit_key(k): float(p) for k, p in zip(keys, pred)}

    def predict_all(self, runs) -> dict:
        """``{unit: array}``: the RUL estimate at every row of each unit (its degradation trajectory)."""
        groups, X = self._normalised(runs)
        t = _col(runs, self.time_col)
        return {_unit_key(k): self.predict_windows(self._unit_inputs(X[idx], t[idx], False))
                for k, idx in groups.items()}

    # ------------------------------------------------------------------ persistence
    def save(self, directory) -> Path:
        import torch

        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        meta = {"format": FORMAT, "unit_col": self.unit_col, "time_col": self.time_col, "features": self.features,
                "mean": self.mean.tolist(), "std": self.std.tolist(), "window": self.window, "cap": self.cap,
                "arch": self.arch, "n_models": len(self.states), "dropped": self.dropped, "history": self.history,
                "baseline": self.baseline,
                "feature_mean": None if self.feature_mean is None else self.feature_mean.tolist(),
                "feature_std": None if self.feature_std is None else self.feature_std.tolist()}
        torch.save({f"m{i}": st for i, st in enumerate(self.states)}, d / "rul.pt")
        (d / "rul.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        return d

    @classmethod
    def load(cls, directory) -> "RulModel":
        import torch

        d = Path(directory)
        if not (d / "rul.json").is_file() or not (d / "rul.pt").is_file():
            raise FileNotFoundError(f"{d}: not a RUL model folder (needs rul.json and rul.pt)")
        meta = json.loads((d / "rul.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{d}: not a Lineside RUL model (format {meta.get('format')!r})")
        blob = torch.load(d / "rul.pt", map_location="cpu", weights_only=True)
        states = [blob[f"m{i}"] for i in range(int(meta["n_models"]))]
        return cls(meta["unit_col"], meta["time_col"], list(meta["features"]), np.asarray(meta["mean"], float),
                   np.asarray(meta["std"], float), int(meta["window"]), float(meta["cap"]), dict(meta["arch"]),
                   states, dict(meta.get("dropped", {})), dict(meta.get("history", {})), int(meta.get("baseline", 0)),
                   _array_or_none(meta.get("feature_mean")), _array_or_none(meta.get("feature_std")))


def _array_or_none(v):
    return None if v is None else np.asarray(v, float)


def fit_rul(data, unit_col: str, time_col: str, sensor_cols: Sequence[str] | None = None, window: int = 30,
            cap: float = 125.0, min_corr: float = 0.2, epochs: int = 30, n_models: int = 3, batch_size: int = 256,
            lr: float = 1e-3, arch: str = "mlp", hidden: int | None = None, layers: int | None = None,
            dropout: float | None = None, weight_decay: float | None = None, alpha: float = 0.1,
            use_time: bool = True, channels: int = 10, kernel: int = 10, stride: int = 1, seed: int = 0,
            baseline: int = 20, threads: int | None = 1, verbose: bool = False) -> RulModel:
    """Train a RUL model on run-to-failure histories (see the module docstring).

    ``arch`` "mlp" (windowed features: ``window`` rows for the slope, ``alpha`` for the weighted mean,
    ``use_time`` for the age) or "cnn" (``window`` rows, ``channels``, ``kernel``).  ``hidden``,
    ``layers``, ``dropout`` and ``weight_decay`` default per arch: 64, 2, 0, 1e-4 (mlp) and 100, 4,
    0.5, 0 (cnn).
    """
    if arch not in ("mlp", "cnn"):
        raise ValueError("arch must be 'mlp' or 'cnn'")
    if not 0 < alpha <= 1 or int(window) < 1:
        raise ValueError("alpha must be in (0, 1] and window >= 1")
    # a model trained on nothing predicts 0 for every unit: refused, never saved
    for name, value, least in (("epochs", epochs, 1), ("models", n_models, 1), ("batch_size", batch_size, 1),
                               ("baseline", baseline, 0)):
        if int(value) != value or value < least:
            raise ValueError(f"{name} must be a whole number of at least {least} (got {value})")
    if not (math.isfinite(cap) and cap > 0) or not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"cap and lr must be finite and greater than 0 (got cap={cap}, lr={lr})")
    for c in (unit_col, time_col):
        _col(data, c)  # a clear KeyError for a missing column
    cols = [c for c in (sensor_cols if sensor_cols is not None else _keys(data)) if c not in (unit_col, time_col)]
    if not cols:
        raise ValueError("no sensor columns")
    groups = _units(data, unit_col, time_col)
    if len(groups) < 2:
        raise ValueError(f"need run-to-failure histories of at least 2 units (have {len(groups)})")
    t = _col(data, time_col)
    y = np.zeros(t.size)
    for idx in groups.values():
        y[idx] = rul_targets(t[idx], cap)
    dropped, feats = {}, []
    for c in cols:
        x = _col(data, c)
        fin = np.isfinite(x)
        sd = float(np.std(x[fin])) if fin.any() else 0.0
        if sd <= 1e-8 * (1.0 + abs(float(np.mean(x[fin])) if fin.any() else 0.0)):
            dropped[c] = "constant"
            continue
        r = float(np.corrcoef(x[fin], y[fin])[0, 1])
        if not np.isfinite(r) or abs(r) < min_corr:
            dropped[c] = f"|corr with RUL| {abs(r):.2f} < {min_corr}"
            continue
        feats.append(c)
    if not feats:
        raise ValueError(f"every column was dropped: {dropped}")
    X = _inputs(np.column_stack([_col(data, c) for c in feats]), groups, int(baseline))
    mean, std = np.nanmean(X, axis=0), np.nanstd(X, axis=0)
    std = np.where(std > 0, std, 1.0)
    Xn = np.nan_to_num((X - mean) / std)
    # training samples end at every `stride`-th row of each unit, counted back from its failure
    ends = {k: np.arange(len(idx) - 1, -1, -max(1, int(stride)))[::-1] for k, idx in groups.items()}
    Y = (np.concatenate([y[idx][ends[k]] for k, idx in groups.items()]) / cap).astype(np.float32)
    f_mean = f_std = None
    if arch == "mlp":
        spec = {"kind": "mlp", "hidden": 64 if hidden is None else hidden, "layers": 2 if layers is None else layers,
                "dropout": 0.0 if dropout is None else dropout, "alpha": float(alpha), "use_time": bool(use_time)}
        wd = 1e-4 if weight_decay is None else weight_decay
        F = np.concatenate([window_features(Xn[idx], t[idx] if use_time else None, window, alpha)[ends[k]]
                            for k, idx in groups.items()])
        f_mean, f_std = F.mean(axis=0), F.std(axis=0)
        f_std = np.where(f_std > 0, f_std, 1.0)
        W = ((F - f_mean) / f_std).astype(np.float32)
    else:
        spec = {"kind": "cnn", "channels": channels, "hidden": 100 if hidden is None else hidden,
                "dropout": 0.5 if dropout is None else dropout, "kernel": kernel,
                "layers": 4 if layers is None else layers}
        wd = 0.0 if weight_decay is None else weight_decay
        W = np.concatenate([make_windows(Xn[idx], window, ends[k]) for k, idx in groups.items()]).astype(np.float32)

    states, losses = [], []
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*padding='same'.*")
        _train(W, Y, window, spec, n_models, epochs, batch_size, lr, wd, seed, cap, verbose, threads, states, losses)
    return RulModel(unit_col, time_col, feats, mean, std, int(window), float(cap), spec, states, dropped,
                    {"train_rmse_last_epoch": losses, "n_windows": int(W.shape[0]), "n_units": len(groups),
                     "epochs": epochs, "seed": seed}, int(baseline), f_mean, f_std)


def _train(W, Y, window, arch, n_models, epochs, batch_size, lr, weight_decay, seed, cap, verbose, threads, states,
           losses) -> None:
    import torch

    old_threads = torch.get_num_threads()
    if threads:
        torch.set_num_threads(int(threads))
    try:
        Wt, Yt = torch.from_numpy(W), torch.from_numpy(Y)
        for m in range(n_models):
            torch.manual_seed(seed + 1000 * m)
            gen = torch.Generator().manual_seed(seed + 1000 * m)
            net = _build(W.shape[-1], window, arch)
            opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=weight_decay)
            sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(1, epochs))
            net.train()
            for ep in range(epochs):
                perm = torch.randperm(Wt.shape[0], generator=gen)
                tot = 0.0
                for i in range(0, Wt.shape[0], batch_size):
                    b = perm[i:i + batch_size]
                    opt.zero_grad()
                    loss = torch.nn.functional.mse_loss(net(Wt[b]), Yt[b])
                    loss.backward()
                    opt.step()
                    tot += float(loss.detach()) * b.numel()
                sched.step()
                if verbose:
                    print(f"model {m} epoch {ep + 1}/{epochs}: rmse {math.sqrt(tot / Wt.shape[0]) * cap:.2f}")
            losses.append(math.sqrt(tot / Wt.shape[0]) * cap)
            net.eval()
            states.append({k: v.detach().clone() for k, v in net.state_dict().items()})
    finally:
        torch.set_num_threads(old_threads)
