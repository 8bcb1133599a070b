"""Remaining useful life on NASA C-MAPSS FD001 with 20 engines held out, over several hold-out draws.
Prints one JSON document.

    python bench/rul.py /path/to/cmapss/train_FD001.txt [--seeds 0,1,2,3,4] [--epochs 30] [--models 3]

Protocol (train_FD001.txt only: every engine runs to failure, so the truth is known everywhere), for
each hold-out draw (seed s in --seeds):
  * hold out 20 of the 100 engines, drawn with numpy default_rng(s).choice (the JSON lists them), and
    train `fit_rul` on the other 80 (the same function `lineside maint rul fit` calls), seed s;
  * the standard test protocol: truncate each held-out engine at a random cycle c ~ Uniform{31..last}
    (31 = the shortest truncated history in NASA's test_FD001, and a full 30-cycle window), predict
    the RUL at c with `RulModel.predict` (each unit's last row of the truncated table) and compare with
    the true RUL = last - c capped at 125.  One truncation per engine gives only 20 errors, whose RMSE
    swings by several cycles from one truncation draw to the next, so each engine is truncated 10
    times (independent draws, seeds s+100..s+109): the draw's RMSE pools those 200 predictions (the
    single first truncation draw is listed too, as "rmse_one_truncation");
  * all-cycle RMSE: the prediction at every cycle of every held-out engine (from cycle 1, short
    histories padded), against the capped truth: the whole degradation trajectory.
Headline: the mean over the hold-out draws of the pooled truncated RMSE, with every draw's figure.
Target: mean <= 13 (published on NASA's official test set: deep CNN 12.6, multi-scale CNN 11.4, best
about 11; that set is one fixed truncation of 100 engines, so figures compare in scale, not exactly).

Model (the defaults of `fit_rul` and `lineside maint rul fit`): the 14 sensors that vary and follow the
RUL (|corr| >= 0.2), z-scored, plus each one's drift from the mean of the engine's first 20 cycles;
per cycle, causal features of each: exponentially weighted mean (alpha 0.1) and least-squares slope
over the last 30 cycles, plus the engine's age in cycles; standardised, into 3 MLPs (2 x 64 ReLU,
AdamW lr 1e-3, weight decay 1e-4, cosine schedule, 30 epochs, batch 256), target min(RUL, 125)/125.
The hyper-parameters were set once (alpha, slope window and first-cycles count from C-MAPSS practice,
the rest library defaults), then compared on these same hold-out draws against the alternatives:
without the drift inputs (--baseline 0) the mean is 12.65 (draws 11.41-14.45); the Li et al. 1-D CNN on
the raw 30-cycle window (--arch cnn --baseline 0 --models 1 --epochs 10) 15.43 (12.99-17.12; its default
3 models x 30 epochs gave 13.21 on draw 0, where 1 x 10 gives 12.99).  So the drift from each engine's first
cycles, which removes the engine-to-engine offsets C-MAPSS builds in, does most of the work.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NAMES = ["unit", "cycle", "setting1", "setting2", "setting3"] + [f"s{i}" for i in range(1, 22)]
TARGET = 13.0


def load_fd(path: str) -> dict:
    a = np.loadtxt(path)
    if a.ndim != 2 or a.shape[1] < len(NAMES):
        raise SystemExit(f"{path}: expected {len(NAMES)} whitespace-separated columns")
    return {n: a[:, i] for i, n in enumerate(NAMES)}


def subset(data: dict, mask: np.ndarray) -> dict:
    return {k: v[mask] for k, v in data.items()}


def evaluate_draw(data: dict, seed: int, args) -> tuple[dict, object]:
    """Hold out 20 engines with `seed`, train on the rest, score the held-out engines."""
    from hmi.maintenance.rul import fit_rul, nasa_score, rmse

    units = np.unique(data["unit"]).astype(int)
    test_units = np.sort(np.random.default_rng(seed).choice(units, size=20, replace=False))
    is_test = np.isin(data["unit"], test_units)
    t0 = time.perf_counter()
    model = fit_rul(subset(data, ~is_test), "unit", "cycle", window=args.window, cap=125.0, epochs=args.epochs,
                    n_models=args.models, seed=seed, threads=args.threads, arch=args.arch, baseline=args.baseline)
    t_fit = time.perf_counter() - t0

    test = subset(data, is_test)
    last = {u: int(test["cycle"][test["unit"] == u].max()) for u in test_units}

    def truncated(draw_rng):
        cuts = {u: int(draw_rng.integers(min(31, last[u]), last[u] + 1)) for u in test_units}
        mask = np.zeros(test["unit"].size, bool)
        for u in test_units:
            mask |= (test["unit"] == u) & (test["cycle"] <= cuts[u])
        pred = model.predict(subset(test, mask))
        true = np.array([min(125.0, last[u] - cuts[u]) for u in test_units], float)
        return np.array([pred[int(u)] for u in test_units], float), true

    t1 = time.perf_counter()
    draws = [truncated(np.random.default_rng(seed + 100 + k)) for k in range(10)]
    P = np.concatenate([d[0] for d in draws])
    T = np.concatenate([d[1] for d in draws])
    traj = model.predict_all(test)
    ap, at = [], []
    for u in test_units:
        cyc = np.sort(test["cycle"][test["unit"] == u])
        ap.append(traj[int(u)])
        at.append(np.minimum(125.0, cyc.max() - cyc))
    t_pred = time.perf_counter() - t1
    one = [rmse(p, t) for p, t in draws]
    return {
        "seed": seed,
        "held_out_units": [int(u) for u in test_units],
        "rmse_truncated_10_draws": round(rmse(P, T), 2),
        "rmse_one_truncation": round(one[0], 2),
        "rmse_one_truncation_min_max": [round(min(one), 2), round(max(one), 2)],
        "nasa_score_per_truncation_draw": round(float(np.mean([nasa_score(p, t) for p, t in draws])), 1),
        "mean_error_truncated": round(float(np.mean(P - T)), 2),
        "rmse_all_cycles": round(rmse(np.concatenate(ap), np.concatenate(at)), 2),
        "train_rmse_last_epoch": [round(x, 2) for x in model.history["train_rmse_last_epoch"]],
        "seconds": {"fit": round(t_fit, 1), "predict": round(t_pred, 2)},
    }, model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", help="train_FD001.txt")
    ap.add_argument("--seeds", default="0,1,2,3,4", help="hold-out draws (comma-separated seeds)")
    ap.add_argument("--arch", choices=("mlp", "cnn"), default="mlp")
    ap.add_argument("--baseline", type=int, default=20, help="drift from the mean of each unit's first N cycles")
    ap.add_argument("--window", type=int, default=30)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--models", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", help="also save the model of the first draw in this folder")
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    if not seeds:
        raise SystemExit("--seeds: give at least one seed")

    data = load_fd(args.path)
    t0 = time.perf_counter()
    results, first_model = [], None
    for s in seeds:
        r, model = evaluate_draw(data, s, args)
        results.append(r)
        if first_model is None:
            first_model = model
            if args.out:
                model.save(args.out)
    per_draw = [r["rmse_truncated_10_draws"] for r in results]
    all_cycles = [r["rmse_all_cycles"] for r in results]
    m = first_model
    doc = {
        "bench": "C-MAPSS FD001 remaining useful life, 20 held-out engines per draw",
        "data": str(args.path),
        "protocol": "per hold-out draw: train on 80 engines; each of the 20 held-out engines truncated 10 times "
                    "at a random cycle ~U{31..last}; RMSE of the RUL at the truncation point vs truth capped "
                    "at 125, pooled over the 200 predictions",
        "headline": {
            "rmse_truncated_mean_over_draws": round(float(np.mean(per_draw)), 2),
            "rmse_truncated_per_draw": per_draw,
            "rmse_truncated_worst_draw": max(per_draw),
            "rmse_all_cycles_mean_over_draws": round(float(np.mean(all_cycles)), 2),
            "rmse_all_cycles_per_draw": all_cycles,
            "seeds": seeds,
        },
        "target": f"mean truncated RMSE <= {TARGET} (published on the official test set: deep CNN 12.6, "
                  "multi-scale CNN 11.4, best about 11)",
        "draws": results,
        "model": {"features": m.features, "dropped": m.dropped, "window": m.window, "cap": m.cap, "arch": m.arch,
                  "baseline": m.baseline, "n_models": len(m.states), "epochs": args.epochs},
        "seconds": {"total": round(time.perf_counter() - t0, 1)},
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(), "torch_threads": args.threads,
                    "load_average": [round(x, 2) for x in os.getloadavg()]},
    }
    doc["passed"] = doc["headline"]["rmse_truncated_mean_over_draws"] <= TARGET
    print(json.dumps(doc, indent=1))


if __name__ == "__main__":
    main()
