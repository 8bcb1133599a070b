"""Evaluation and threshold calibration (numpy only; the model is imported when needed).

* ``auroc``: Mann-Whitney U / (n_pos * n_neg) with average ranks for ties.
* ``calibrate(scores, labels, target_miss_rate, target_false_ng)``: the warn/ng bands.
* ``operating_points(ok_scores, defect_scores)``: the bands for each of :data:`MISS_RATES` and what each does
  to the calibration parts (the inspectors' WARN load, good parts auto-rejected, defects missed).

Calibration rule (exact)::

    warn = the k-th smallest defect score, k = floor(target_miss_rate * n_defect) (0-based), so
           at most k defects (<= target_miss_rate of them) score below warn, i.e. would be passed
           as ok ("miss rate" <= target on the calibration data);
    ng   = the smallest value above the m-th largest ok score, m = floor(target_false_ng * n_ok),
           so at most m good parts (<= target_false_ng) score >= ng and would be auto-rejected;
           then ng = max(ng, warn).
    verdict: score < warn -> ok;  warn <= score < ng -> warn (inspector review);  score >= ng -> ng.

Metrics "at the operating threshold" use ``threshold = warn`` (a part is "flagged" when it would
not be passed as ok): recall = flagged defects / defects, precision = defects / flagged.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from hmi.messages import QT_TRANSLATE_NOOP


#: Progress texts (translatable, see hmi.messages).
_READING_N = QT_TRANSLATE_NOOP("Training", "reading {0}/{1}")
_SCORING = QT_TRANSLATE_NOOP("Training", "scoring")
_DONE = QT_TRANSLATE_NOOP("Training", "done")


def auroc(scores, labels) -> float:
    """Area under the ROC curve (probability a defect outscores a good part; ties count 1/2).
    NaN when one class is absent."""
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    y = np.asarray(labels).reshape(-1).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s), np.float64)
    sorted_s = s[order]
    # average ranks over ties
    boundaries = np.flatnonzero(np.diff(sorted_s)) + 1
    starts = np.concatenate([[0], boundaries])
    ends = np.concatenate([boundaries, [len(s)]])
    avg = (starts + ends + 1) / 2.0          # 1-based average rank of each tie block
    ranks[order] = np.repeat(avg, ends - starts)
    u = ranks[y].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def calibrate(scores, labels, target_miss_rate: float = 0.01, target_false_ng: float = 0.01) -> dict:
    """warn/ng thresholds by the rule in the module docstring."""
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    y = np.asarray(labels).reshape(-1).astype(bool)
    d = np.sort(s[y])
    o = np.sort(s[~y])[::-1]
    if len(d):
        k = int(np.floor(target_miss_rate * len(d)))
        warn = float(d[min(k, len(d) - 1)])
    else:
        warn = 0.5
    if len(o):
        m = int(np.floor(target_false_ng * len(o)))
        ng = float(np.nextafter(o[m], np.inf)) if m < len(o) else float(o[-1])
    else:
        ng = warn
    ng = max(ng, warn)
    return {"warn": warn, "ng": ng, "target_miss_rate": float(target_miss_rate),
            "target_false_ng": float(target_false_ng), "n_defect": int(len(d)), "n_ok": int(len(o)),
            "rule": "ok: score<warn; warn: warn<=score<ng; ng: score>=ng; warn = defect-score "
                    "quantile for the target miss rate, ng = ok-score quantile for the target false-NG rate"}


#: the target miss rates an engineer chooses among (share of defective parts passed as "ok")
MISS_RATES = (0.01, 0.02, 0.05, 0.10, 0.20)


def expected_rates(thresholds: dict, ok_scores, defect_scores) -> dict:
    """What ``thresholds`` do to the calibration parts: the shares of good parts judged ok / WARN (the
    inspectors' review load) / NG (auto-rejected good parts) and of defective parts missed (ok) / WARN / NG."""
    out = {}
    for name, scores in (("good", ok_scores), ("defect", defect_scores)):
        s = np.asarray(scores, dtype=np.float64).reshape(-1)
        n = max(1, len(s))
        ng = float((s >= thresholds["ng"]).sum()) / n
        warn = float(((s >= thresholds["warn"]) & (s < thresholds["ng"])).sum()) / n
        out[name] = {"ok": 1.0 - ng - warn, "warn": warn, "ng": ng, "n": int(len(s))}
    return out


def operating_points(ok_scores, defect_scores, miss_rates=MISS_RATES, target_false_ng: float = 0.01) -> list[dict]:
    """For each target miss rate, the thresholds :func:`calibrate` picks on the calibration scores and what they
    do (:func:`expected_rates`): how many good parts go to review for that protection.  Empty without scores."""
    ok = np.asarray(ok_scores, dtype=np.float64).reshape(-1)
    bad = np.asarray(defect_scores, dtype=np.float64).reshape(-1)
    if not len(ok) or not len(bad):
        return []
    scores = np.concatenate([ok, bad])
    labels = np.concatenate([np.zeros(len(ok), bool), np.ones(len(bad), bool)])
    points = []
    for m in miss_rates:
        thr = calibrate(scores, labels, m, target_false_ng)
        points.append({"target_miss_rate": float(m), "target_false_ng": float(target_false_ng),
                       "warn": thr["warn"], "ng": thr["ng"], "expected": expected_rates(thr, ok, bad)})
    return points


def calibrate_model(model, meta: dict, images, labels, *, target_miss_rate: float = 0.01,
                    target_false_ng: float = 0.01, device: str = "cpu", tta: bool | None = None,
                    source: str = "") -> dict:
    """Thresholds for ``model`` from a labelled calibration set held out from training (better than
    the early-stopping split when it is larger). Returns a copy of ``meta`` whose ``thresholds``
    are :func:`calibrate`'s bands on these images (plus ``source``) and whose ``metrics`` gain
    ``calibration_*`` entries (AUROC, confusion at warn, verdict counts per class)."""
    from .model import predict

    use_tta = bool(meta.get("tta", False)) if tta is None else bool(tta)
    scores, _ = predict(model, meta, list(images), device=device, tta=use_tta, batch_size=32)
    y = np.asarray(labels).astype(int)
    thr = calibrate(scores, y, target_miss_rate, target_false_ng)
    thr["source"] = source or "held-out calibration set"
    m = metrics_from_scores(scores, y, thr["warn"])
    verdicts = {lab: {"ok": 0, "warn": 0, "ng": 0} for lab in ("ok", "defect")}
    for sc, lab in zip(scores, y):
        verdicts["defect" if lab else "ok"][verdict(float(sc), thr)] += 1
    out = dict(meta)
    out["thresholds"] = thr
    out["metrics"] = dict(meta.get("metrics") or {}, calibration_auroc=m["auroc"], calibration_accuracy=m["accuracy"],
                          calibration_confusion=m["confusion"], calibration_verdicts=verdicts,
                          n_calibration=int(len(y)))
    # the score of every calibration part, so that other operating points can be weighed later (operating_points)
    out["calibration_scores"] = {"ok": [round(float(v), 5) for v in np.sort(scores[y == 0])],
                                 "defect": [round(float(v), 5) for v in np.sort(scores[y == 1])]}
    return out


def verdict(score: float, thresholds: dict) -> str:
    if score >= thresholds["ng"]:
        return "ng"
    if score >= thresholds["warn"]:
        return "warn"
    return "ok"


def metrics_from_scores(scores, labels, threshold: float) -> dict:
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    y = np.asarray(labels).reshape(-1).astype(bool)
    pred = s >= threshold
    tp, fp = int((pred & y).sum()), int((pred & ~y).sum())
    tn, fn = int((~pred & ~y).sum()), int((~pred & y).sum())
    n = len(s)
    return {"auroc": auroc(s, y), "accuracy": (tp + tn) / n if n else float("nan"),
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn) if tp + fn else float("nan"),
            "threshold": float(threshold), "confusion": {"tp": tp, "fp": fp, "tn": tn, "fn": fn}, "n": n}


def evaluate(model, data_dir, *, device: str = "auto", tta: bool | None = None, batch_size: int = 64,
             threshold: float | None = None, progress=None) -> dict:
    """Score every image of ``DIR/ok`` and ``DIR/defect``; ``model`` is a model path or an
    ``(InspectNet, meta)`` pair. Returns auroc, accuracy, precision, recall, threshold, confusion,
    ms_per_image, n, verdicts (counts of ok/warn/ng), errors (unreadable files, skipped)."""
    from .io import ImageError, read_image
    from .progress import check, update
    from .io import collect_samples

    import torch

    from .model import load_model, pick_device, predict, set_threads

    set_threads()
    dev = pick_device(device)
    if isinstance(model, (str, Path)):
        net, meta = load_model(model, dev)
    else:
        net, meta = model
        net = net.to(dev).eval()
    use_tta = bool(meta.get("tta", False)) if tta is None else bool(tta)
    samples = collect_samples(data_dir)
    if not samples:
        raise ValueError(f"{data_dir}: no images in ok/ or defect/")
    images, labels, errors = [], [], []
    for i, (path, label, _mask) in enumerate(samples):
        check(progress)
        try:
            images.append(read_image(path)[0])
            labels.append(label)
        except ImageError as exc:
            errors.append(str(exc))
        if i % 200 == 0:
            update(progress, 0.5 * i / len(samples), _READING_N.format(i, len(samples)))
    update(progress, 0.5, _SCORING)
    t0 = time.perf_counter()
    scores, _ = predict(net, meta, images, device=dev, tta=use_tta, batch_size=batch_size)
    if dev.type == "cuda":
        torch.cuda.synchronize()
    ms = (time.perf_counter() - t0) * 1000.0 / max(len(images), 1)
    thr = meta["thresholds"]
    op = float(thr["warn"]) if threshold is None else float(threshold)
    out = metrics_from_scores(scores, labels, op)
    out["ms_per_image"] = ms
    out["thresholds"] = {"warn": float(thr["warn"]), "ng": float(thr["ng"])}
    v = [verdict(float(x), thr) for x in scores]
    out["verdicts"] = {k: v.count(k) for k in ("ok", "warn", "ng")}
    out["tta"] = use_tta
    out["device"] = dev.type
    out["errors"] = errors
    update(progress, 1.0, _DONE)
    return out
