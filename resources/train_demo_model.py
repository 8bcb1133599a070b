"""Train the shipped demo X-ray model (resources/models/xray_demo.pt) from synthetic radiographs.

Reproducible: fixed seeds for the synthetic parts and for training (same torch version and CPU
give the same file contents up to floating-point non-determinism of the BLAS). No real data.

    python resources/train_demo_model.py [--out resources/models/xray_demo.pt] [--epochs 30]

Data: 120 synthetic wheels and knuckles (vision.synth) at 256 px, half with 1-2 defects
(porosity, shrinkage, crack, inclusion) and their masks; trained with mask-guided 48x48 crops and
the dense heatmap loss, in the attenuation (log) domain; validated and calibrated on whole images.
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "resources" / "models" / "xray_demo.pt"))
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--device", default="cpu", help="cpu (reproducible reference) | auto | cuda")
    ap.add_argument("--crops", type=int, default=32, help="training crops per image and epoch")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)

    import torch

    from vision import synth
    from vision.progress import Progress
    from vision.train import train

    torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lineside-demo-data-") as tmp:
        synth.make_dataset(tmp, 60, 60, size=256, seed=SEED)
        t_data = time.perf_counter() - t0
        res = train(tmp, args.out, epochs=args.epochs, device=args.device, seed=SEED,
                    progress=Progress(lambda f, m, i: print(m, file=sys.stderr, flush=True)),
                    patience=args.epochs, crop_size=48, crops_per_image=args.crops, tta=False,
                    intensity="log", aug={"noise": 0.01, "brightness": 0.03}, threads=args.threads,
                    model_version="xray-demo-1", val_fraction=0.25)
    size_kb = Path(args.out).stat().st_size / 1024
    print(json.dumps({"model": args.out, "kb": round(size_kb, 1), "seconds": round(time.perf_counter() - t0, 1),
                      "data_seconds": round(t_data, 1), "best_epoch": res.best_epoch,
                      "metrics": res.meta["metrics"], "thresholds": res.meta["thresholds"]}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
