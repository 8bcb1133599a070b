"""K-fold cross-validation of the Lineside vision trainer on the GDXray casting patches.

    python bench/xray_cv.py DATA_DIR [--folds 5] [--epochs 40] [--split group|random] [--device cpu]

DATA_DIR holds class_0/ (no defect) and class_1/ (defect) (or ok/ and defect/). Prints one JSON
object: each fold's test AUROC; accuracy at the score 0.5, at the threshold that classifies the fold's
validation split best (chosen on training data, applied unchanged to the test fold) and at the model's
calibrated warn threshold (set for a 1 % miss rate: it trades accuracy for recall); the means; the wall time.

Split: the file names (C10_NNNN / C11_NNNN) carry only the class, not the source radiograph, so
no source-image grouping is possible. The defect class, however, contains many copies of the same
patch under flips/rotations (1,127 files, 197 distinct patches up to the 8 dihedral transforms).
``--split group`` (default) keeps every patch and all its flipped/rotated copies in one fold
(stratified by class), so no test patch has a copy in training. ``--split random`` is a plain
stratified random split (copies straddle folds: optimistic).

Each fold trains with vision.train.fit on the training folds only: its early-stopping/calibration
validation split is carved from the training folds (grouped), never from the test fold; one model
per fold, no ensembling. Test scores use the 8-fold dihedral test-time augmentation when the
trained model says so (meta "tta").
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402


def make_folds(items, k: int, seed: int, split: str) -> list[list[int]]:
    rng = np.random.default_rng(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    if split == "random":
        for lab in (0, 1):
            idx = [i for i, it in enumerate(items) if it.label == lab]
            rng.shuffle(idx)
            for j, i in enumerate(idx):
                folds[j % k].append(i)
        return folds
    groups: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        groups.setdefault(it.group, []).append(i)
    for lab in (0, 1):
        gs = sorted(g for g, idx in groups.items() if items[idx[0]].label == lab)
        rng.shuffle(gs)
        gs.sort(key=lambda g: -len(groups[g]))           # greedy balance: biggest groups first
        sizes = [0] * k
        for g in gs:
            f = int(np.argmin(sizes))
            folds[f].extend(groups[g])
            sizes[f] += len(groups[g])
    return folds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--split", choices=("group", "random"), default="group")
    ap.add_argument("--device", default="cpu", help="cpu (the reference), cuda or auto")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only-fold", type=int, default=None, help="run one fold (for sweeps)")
    ap.add_argument("--config", default="{}", help="JSON dict of extra vision.train.fit arguments")
    args = ap.parse_args(argv)

    import torch

    from vision.evaluate import auroc, metrics_from_scores
    from vision.model import predict
    from vision.train import fit, load_items, split_groups

    torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    items, skipped, _ = load_items(args.data_dir)
    if not items:
        print(json.dumps({"error": f"no images under {args.data_dir}"}))
        return 1
    folds = make_folds(items, args.folds, args.seed, args.split)
    extra = json.loads(args.config)
    out_folds = []
    for f in range(args.folds):
        if args.only_fold is not None and f != args.only_fold:
            continue
        tf = time.perf_counter()
        test = set(folds[f])
        tr = [items[i] for i in range(len(items)) if i not in test]
        te = [items[i] for i in sorted(test)]
        # the validation split (early stopping, thresholds) is carved from the training folds here, grouped, so
        # that the decision threshold can be chosen on it too: the score that classifies the validation
        # images best, applied unchanged to the test fold
        tr_idx, va_idx = split_groups(tr, 0.2, args.seed + f)
        va = [tr[i] for i in va_idx]
        res = fit([tr[i] for i in tr_idx], None, epochs=args.epochs, device=args.device, seed=args.seed + f,
                  threads=args.threads, val_items=va, **extra)
        use_tta = bool(res.meta.get("tta"))
        vs, _ = predict(res.model, res.meta, [it.image for it in va], device=res.device, tta=use_tta,
                        batch_size=256)
        vy = np.array([it.label for it in va])
        cands = np.unique(vs)
        val_thr = float(max(cands, key=lambda c: (np.mean((vs >= c) == vy), -abs(c - 0.5))))
        scores, _ = predict(res.model, res.meta, [it.image for it in te], device=res.device,
                            tta=bool(res.meta.get("tta")), batch_size=256)
        y = np.array([it.label for it in te])
        m = metrics_from_scores(scores, y, res.meta["thresholds"]["warn"])
        raw, _ = predict(res.model, res.meta, [it.image for it in te], device=res.device, tta=False, batch_size=256)
        m50 = metrics_from_scores(scores, y, 0.5)
        mval = metrics_from_scores(scores, y, val_thr)
        out_folds.append({"fold": f, "auroc": round(m["auroc"], 4), "auroc_no_tta": round(auroc(raw, y), 4),
                          "accuracy_at_0.5": round(m50["accuracy"], 4),
                          "accuracy_at_val_threshold": round(mval["accuracy"], 4), "val_threshold": round(val_thr, 4),
                          "accuracy_at_warn": round(m["accuracy"], 4), "recall_at_warn": round(m["recall"], 4),
                          "n_test": len(te), "n_train": len(tr), "best_epoch": res.best_epoch,
                          "epochs_run": res.epochs_run, "seconds": round(time.perf_counter() - tf, 1)})
        print(json.dumps(out_folds[-1]), file=sys.stderr, flush=True)
    aucs = [f["auroc"] for f in out_folds]
    result = {
        "data_dir": str(args.data_dir), "n_images": len(items), "n_groups": len({it.group for it in items}),
        "split": ("grouped by content (copies up to flip/rotation kept together), stratified"
                  if args.split == "group" else "stratified random"),
        "folds": out_folds, "mean_auroc": round(float(np.mean(aucs)), 4),
        "std_auroc": round(float(np.std(aucs)), 4),
        "mean_auroc_no_tta": round(float(np.mean([f["auroc_no_tta"] for f in out_folds])), 4),
        "mean_accuracy_at_0.5": round(float(np.mean([f["accuracy_at_0.5"] for f in out_folds])), 4),
        "mean_accuracy_at_val_threshold": round(float(np.mean([f["accuracy_at_val_threshold"] for f in out_folds])),
                                                4),
        "mean_accuracy_at_warn": round(float(np.mean([f["accuracy_at_warn"] for f in out_folds])), 4),
        "epochs": args.epochs, "config": extra, "device": args.device, "threads": args.threads,
        "seconds_total": round(time.perf_counter() - t0, 1),
        "cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
        "torch": torch.__version__,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
