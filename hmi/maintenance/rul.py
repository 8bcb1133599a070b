"""Remaining useful life from run-to-failure histories (C-MAPSS style). torch is imported lazily.

Data: a table with a unit column, a time column (cycles, hours...) and sensor columns, given as a mapping
``{column: array}`` (a dict, a pandas DataFrame, or what :func:`hmi.maintenance.maint_cli.read_table`
returns).  Each unit of the training table runs until failure, so its true RUL at a row is
``last time - time``, capped at ``cap`` (125: early in life the degradation is invisible and a
piecewise-linear target is the community convention).

:func:`fit_rul`:
  1. feature selection: drop constant columns, then columns whose |Pearson correlation| with the capped
     RUL is below ``min_corr`` (operating-setting noise, dead sensors);
  2. z-score normalisation with the training mean/std;
  3. windows of the last ``window`` time steps (short histories are padded with their first row);
  4. an ensemble of ``n_models`` small 1-D CNNs after Li et al. 2018 (4 conv layers of 10 filters,
     kernel 10, a 1-filter bottleneck, dropout 0.5, a 100-unit dense layer: ~6k weights), trained with
     Adam on the capped RUL scaled to [0, 1].

:class:`RulModel`: ``predict(runs) -> {unit: rul}`` at each unit's last row, ``predict_windows``,
``save(dir)`` / ``load(dir)`` (``rul.json`` metadata + ``rul.pt`` state dicts, loaded with
``weights_only=True``: no arbitrary pickle).
"""
from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

__all__ = ["RulModel", "fit_rul", "rul_targets", "nasa_score", "rmse", "make_windows"]

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

    # ------------------------------------------------------------------ inference
    def _nets(self):
        import torch

        nets = []
        for st in self.states:
            net = _build_net(len(self.features), self.window, **self.arch)
            net.load_state_dict(st)
            net.eval()
            nets.append(net)
        return nets

    def predict_windows(self, W: np.ndarray, batch: int = 4096) -> np.ndarray:
        """RUL for prepared (already normalised) windows (n, window, features): the ensemble mean."""
        import torch

        out = np.zeros(W.shape[0])
        with torch.no_grad(), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*padding='same'.*")
            for net in self._nets():
                for i in range(0, W.shape[0], batch):
                    out[i:i + batch] += net(torch.as_tensor(W[i:i + batch], dtype=torch.float32)).numpy()
        return np.clip(out / max(1, len(self.states)) * self.cap, 0.0, self.cap)

    def _normalised(self, data) -> tuple[dict, np.ndarray]:
        X = np.column_stack([_col(data, c) for c in self.features])
        X = (X - self.mean) / self.std
        return _units(data, self.unit_col, self.time_col), np.nan_to_num(X)

    def predict(self, runs) -> dict:
        """``{unit: rul}`` at each unit's last row (time units of the training data)."""
        groups, X = self._normalised(runs)
        keys = list(groups)
        if not keys:
            return {}
        W = np.stack([make_windows(X[groups[k]], self.window, [len(groups[k]) - 1])[0] for k in keys])
        pred = self.predict_windows(W)
        return {_unit_key(k): float(p) for k, p in zip(keys, pred)}

    def predict_all(self, runs) -> dict:
        """``{unit: array}``: the RUL estimate at every row of each unit (its degradation trajectory)."""
        groups, X = self._normalised(runs)
        return {_unit_key(k): self.predict_windows(make_windows(X[idx], self.window)) for k, idx in groups.items()}

    # ------------------------------------------------------------------ persistence
    def save(self, directory) -> Path:
        import torch

        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        meta = {"format": FORMAT, "unit_col": self.unit_col, "time_col": self.time_col, "features": self.features,
                "mean": self.mean.tolist(), "std": self.std.tolist(), "window": self.window, "cap": self.cap,
                "arch": self.arch, "n_models": len(self.states), "dropped": self.dropped, "history": self.history}
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
                   states, dict(meta.get("dropped", {})), dict(meta.get("history", {})))


def fit_rul(data, unit_col: str, time_col: str, sensor_cols: Sequence[str] | None = None, window: int = 30,
            cap: float = 125.0, min_corr: float = 0.2, epochs: int = 30, n_models: int = 3, batch_size: int = 256,
            lr: float = 1e-3, channels: int = 10, hidden: int = 100, dropout: float = 0.5, kernel: int = 10,
            layers: int = 4, weight_decay: float = 0.0,
            stride: int = 1, seed: int = 0,
            threads: int | None = 1, verbose: bool = False) -> RulModel:
    """Train a RUL model on run-to-failure histories (see the module docstring)."""

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
    X = np.column_stack([_col(data, c) for c in feats])
    mean, std = np.nanmean(X, axis=0), np.nanstd(X, axis=0)
    std = np.where(std > 0, std, 1.0)
    Xn = np.nan_to_num((X - mean) / std)
    # training windows end at every `stride`-th row of each unit, counted back from its failure
    ends = {k: np.arange(len(idx) - 1, -1, -max(1, int(stride)))[::-1] for k, idx in groups.items()}
    W = np.concatenate([make_windows(Xn[idx], window, ends[k]) for k, idx in groups.items()]).astype(np.float32)
    Y = (np.concatenate([y[idx][ends[k]] for k, idx in groups.items()]) / cap).astype(np.float32)

    arch = {"channels": channels, "hidden": hidden, "dropout": dropout, "kernel": kernel, "layers": layers}
    states, losses = [], []
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*padding='same'.*")
        _train(W, Y, feats, window, arch, n_models, epochs, batch_size, lr, weight_decay, seed, cap, verbose,
               threads, states, losses)
    return RulModel(unit_col, time_col, feats, mean, std, int(window), float(cap), arch, states, dropped,
                    {"train_rmse_last_epoch": losses, "n_windows": int(W.shape[0]), "n_units": len(groups),
                     "epochs": epochs, "seed": seed})


def _train(W, Y, feats, window, arch, n_models, epochs, batch_size, lr, weight_decay, seed, cap, verbose, threads,
           states, losses) -> None:
    import torch

    old_threads = torch.get_num_threads()
    if threads:
        torch.set_num_threads(int(threads))
    try:
        Wt, Yt = torch.from_numpy(W), torch.from_numpy(Y)
        for m in range(n_models):
            torch.manual_seed(seed + 1000 * m)
            gen = torch.Generator().manual_seed(seed + 1000 * m)
            net = _build_net(len(feats), window, **arch)
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
