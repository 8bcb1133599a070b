"""Train the shipped demo X-ray model (resources/models/xray_demo.pt) from synthetic radiographs.

Reproducible: fixed seeds for the synthetic parts and for training (same torch version and CPU
give the same file contents up to floating-point non-determinism of the BLAS). No real data.

    python resources/train_demo_model.py [--out resources/models/xray_demo.pt] [--epochs 20]

Data (vision.synth, 256 px wheels and knuckles; defective parts have 1-2 defects: porosity,
shrinkage, crack, inclusion, with masks):

* training: 1200 good + 1200 defective parts; a wider network (width 48, two extra blocks) on 64x64 crops, 12
  per image and epoch: half centred near a defect (mask-guided, with the dense heatmap loss), a quarter of the
  rest centred on the part's edges (bores, outlines: where good parts look most like defects), in the
  attenuation (log) domain, with photon-level noise augmentation (0.002; 0.01 drowned the faintest
  inclusions); early stopping on a grouped 20 % validation split of them;
* calibration: a separate set (other seed) of 300 good + 300 defective parts, never trained on.
  The warn/ng thresholds are calibrated on it (vision.evaluate.calibrate_model) for a target
  miss rate of 5 % (defective parts of this set passed as OK; it is rich in deliberately subtle
  defects: small pores in thick sections, light inclusions) and a target false-NG rate of 1 % (good parts
  auto-rejected); the rule, the targets and the per-class verdict counts are stored in the model
  file's metadata (``thresholds``, ``metrics.calibration_*``). A 2 % target puts the warn
  threshold inside the bulk of the good parts' scores (about 70 % of passing parts would go to
  review), which is the over-calling the demo had;
* station check: 300 parts drawn like the demo station (hmi.inspection.station: ~7 % of the
  radiographs carry a defect) are scored and their verdicts stored (``metrics.station_check``)
  and printed (not used for fitting);
* test: a further set (its own seed) of good and defective parts drawn like the station's (``--test-parts``
  good, half as many defective), never used for training, early stopping or thresholds: AUROC, accuracy at the
  warn threshold, and what the inspectors see: the share of good parts sent to WARN or NG and the share of
  defective parts flagged (``metrics.test``).

``--calibrate-only MODEL`` skips training and recalibrates MODEL's weights (training does not
depend on the calibration targets, so this equals a full run with the same seed).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20240611
TARGET_MISS_RATE = 0.04
TARGET_FALSE_NG = 0.01


def station_like_parts(n: int, seed: int, size: int = 256, defect_share: float = 0.07):
    """(images, has_defect) drawn like the demo station: a share of parts with 1-2 defects."""
    import numpy as np

    from vision.synth import KINDS, make_part, random_defects

    rng = np.random.default_rng(seed)
    images, truth = [], []
    for _ in range(n):
        defects = random_defects(rng) if rng.random() < defect_share else []
        img, _, info = make_part(str(rng.choice(KINDS)), size, int(rng.integers(2 ** 31)), defects)
        images.append(img.astype(np.float32) / 65535.0)
        truth.append(bool(info["defects"]))
    return images, truth


def test_figures(model, meta: dict, n_good: int, n_defective: int, seed: int, device: str) -> dict:
    """The model at its stored thresholds on parts it never saw, drawn like the station's: ``n_good`` good and
    ``n_defective`` defective (1-2 defects each, like the station's defective parts)."""
    import numpy as np

    from vision.evaluate import auroc, metrics_from_scores, verdict
    from vision.model import predict
    from vision.synth import KINDS, make_part, random_defects

    rng = np.random.default_rng(seed)
    images, truth = [], []
    while len(truth) < n_good + n_defective:
        bad = sum(truth) < n_defective and (len(truth) - sum(truth) >= n_good or rng.random() < 0.5)
        img, _, info = make_part(str(rng.choice(KINDS)), 256, int(rng.integers(2 ** 31)),
                                 random_defects(rng) if bad else [])
        if bad and not info["defects"]:
            continue                                   # a defect that fell outside the material: not a defect
        images.append(img.astype(np.float32) / 65535.0)
        truth.append(bad)
    scores, _ = predict(model, meta, images, device=device, batch_size=32)
    y = np.asarray(truth, int)
    counts = {"good": {"ok": 0, "warn": 0, "ng": 0}, "defective": {"ok": 0, "warn": 0, "ng": 0}}
    for sc, bad in zip(scores, truth):
        counts["defective" if bad else "good"][verdict(float(sc), meta["thresholds"])] += 1
    m = metrics_from_scores(scores, y, meta["thresholds"]["warn"])
    g, d = counts["good"], counts["defective"]
    return {"seed": seed, "n_good": n_good, "n_defective": n_defective, "auroc": round(float(auroc(scores, y)), 4),
            "accuracy_at_warn": round(float(m["accuracy"]), 4),
            "good_to_review_or_ng": round((g["warn"] + g["ng"]) / max(n_good, 1), 4),
            "defective_flagged": round((d["warn"] + d["ng"]) / max(n_defective, 1), 4), "verdicts": counts}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "resources" / "models" / "xray_demo.pt"))
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--device", default="cpu", help="cpu (reproducible reference) | auto | cuda")
    ap.add_argument("--crops", type=int, default=12, help="training crops per image and epoch")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-parts", type=int, default=1200, help="good and defective parts each")
    ap.add_argument("--calibration-parts", type=int, default=300, help="good and defective parts each")
    ap.add_argument("--station-parts", type=int, default=300)
    ap.add_argument("--test-parts", type=int, default=600, help="good parts in the test set (and half as many "
                                                                  "defective)")
    ap.add_argument("--target-miss-rate", type=float, default=TARGET_MISS_RATE,
                    help="share of the calibration set's defective parts the warn threshold may pass as ok")
    ap.add_argument("--width", type=int, default=48)
    ap.add_argument("--extra", type=int, default=2)
    ap.add_argument("--crop", type=int, default=64)
    ap.add_argument("--edge-share", type=float, default=0.25)
    ap.add_argument("--label-smoothing", type=float, default=0.05)
    ap.add_argument("--calibrate-only", default="", metavar="MODEL",
                    help="recalibrate the weights of MODEL instead of training")
    args = ap.parse_args(argv)

    import torch

    from vision import synth
    from vision.evaluate import calibrate_model, verdict
    from vision.io import collect_samples, read_image
    from vision.model import load_model, predict, save_model
    from vision.progress import Progress
    from vision.train import train

    torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lineside-demo-data-") as tmp:
        if not args.calibrate_only:
            synth.make_dataset(Path(tmp) / "train", args.train_parts, args.train_parts, size=256, seed=SEED)
        synth.make_dataset(Path(tmp) / "calib", args.calibration_parts, args.calibration_parts, size=256,
                           seed=SEED + 1)
        t_data = time.perf_counter() - t0
        if args.calibrate_only:
            model, trained_meta = load_model(args.calibrate_only, args.device)
            best_epoch, device = trained_meta["metrics"].get("best_epoch"), args.device
        else:
            res = train(Path(tmp) / "train", None, epochs=args.epochs, device=args.device, seed=SEED,
                        progress=Progress(lambda f, m, i: print(m, file=sys.stderr, flush=True)),
                        patience=args.epochs, crop_size=args.crop, crops_per_image=args.crops, tta=False,
                        intensity="log", aug={"noise": 0.002, "brightness": 0.03}, threads=args.threads,
                        model_version="xray-demo-3", val_fraction=0.2, width=args.width, extra=args.extra,
                        edge_share=args.edge_share, label_smoothing=args.label_smoothing)
            model, trained_meta, best_epoch, device = res.model, res.meta, res.best_epoch, res.device
        calib = collect_samples(Path(tmp) / "calib")
        meta = calibrate_model(model, trained_meta, [read_image(p)[0] for p, _, _ in calib],
                               [lab for _, lab, _ in calib], target_miss_rate=args.target_miss_rate,
                               target_false_ng=TARGET_FALSE_NG, device=device,
                               source=f"synthetic calibration set: {args.calibration_parts} good + "
                                      f"{args.calibration_parts} defective parts, seed {SEED + 1}")
    images, truth = station_like_parts(args.station_parts, SEED + 2)
    scores, _ = predict(model, meta, images, device=device, batch_size=32)
    station = {"good": {"ok": 0, "warn": 0, "ng": 0}, "defective": {"ok": 0, "warn": 0, "ng": 0}}
    for sc, bad in zip(scores, truth):
        station["defective" if bad else "good"][verdict(float(sc), meta["thresholds"])] += 1
    meta["metrics"]["station_check"] = dict(station, parts=args.station_parts, seed=SEED + 2)
    if args.test_parts > 0:
        meta["metrics"]["test"] = test_figures(model, meta, args.test_parts, args.test_parts // 2, SEED + 3, device)
    save_model(model, meta, args.out)
    size_kb = Path(args.out).stat().st_size / 1024
    print(json.dumps({"model": args.out, "kb": round(size_kb, 1), "seconds": round(time.perf_counter() - t0, 1),
                      "data_seconds": round(t_data, 1), "best_epoch": best_epoch,
                      "metrics": meta["metrics"], "thresholds": meta["thresholds"]}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
