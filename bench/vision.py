"""Inference speed of the Lineside vision engine: ms per 512x512 image, CPU (and CUDA if present).

    python bench/vision.py [--model resources/models/xray_demo.pt] [--size 512] [--n 30] [--threads 2]

Prints one JSON object. Timing covers vision.infer.InferenceEngine._predict on in-memory float
images (normalise, one fully convolutional pass giving the stride-8 heatmap and the score, copy
back), not file decoding. Batch 1 (station: one image at a time) and batch 8. Target: <= 10 ms per
512x512 image on CPU (``ms_per_image_batch1``, the median wall time). Also reported: the minimum
wall time and the CPU time per image (``cpu_ms_*``: what the inference costs the machine, nearly
independent of other processes; on a loaded machine the wall time is the CPU time stretched by
the share of a core the process gets), and the load average before and after. No CUDA figure
without a CUDA device.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "resources" / "models" / "xray_demo.pt"))
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)

    import torch

    from vision.infer import InferenceEngine
    from vision.model import count_parameters

    torch.set_num_threads(args.threads)
    os.environ["LINESIDE_TORCH_THREADS"] = str(args.threads)
    out = {"model": args.model, "image": [args.size, args.size], "torch": torch.__version__,
           "threads": args.threads, "machine": platform.processor() or platform.machine(), "cores": os.cpu_count()}
    out["load_average"] = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    for dev in devices:
        eng = InferenceEngine(args.model, device=dev, heatmaps=True, tta=False, threads=args.threads)
        out["parameters"] = count_parameters(eng.model)
        out["architecture"] = eng.meta.get("arch")
        r = {}
        for batch, n in ((1, args.n), (8, max(3, args.n // 4))):
            t = eng.timing((args.size, args.size), n=n, batch=batch)
            r[f"ms_per_image_batch{batch}"] = round(t["median_ms"], 3)
            r[f"min_ms_per_image_batch{batch}"] = round(t["min_ms"], 3)
            r[f"cpu_ms_per_image_batch{batch}"] = round(t["cpu_ms"], 3)
        if dev == "cuda":
            r["gpu"] = torch.cuda.get_device_name(0)
            r["fp16_autocast"] = eng.half
        out[dev] = r
    out["load_average_after"] = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    out["target_ms_cpu"] = 10.0
    out["meets_target_cpu"] = out["cpu"]["ms_per_image_batch1"] <= 10.0
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
