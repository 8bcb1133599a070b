"""ONNX Runtime vs torch for the X-ray model on GPU-less terminals: speed, agreement, cold start, size.

    python bench/onnx_inference.py [--model resources/models/xray_demo.pt] [--sizes 256,1024]
                                   [--threads 1,2] [--reps 20] [--parts 24]

Needs ``onnxruntime`` and, to export the model, ``onnx`` (neither is a Lineside dependency; the
result is a recommendation in docs/packaging.md).  Prints one JSON document:

* ``ms_per_image``: median over ``--reps`` of one synthetic radiograph (batch 1) for each image
  size and intra-op thread count, torch (``torch.inference_mode``, channels_last as the product
  runs it) and ONNX Runtime (CPUExecutionProvider, sequential, all graph optimisations);
* ``agreement``: the max |score difference| and the verdict agreement over ``--parts`` synthetic
  parts (half with defects), both paths fed the same normalised arrays;
* ``cold_start_s``: a fresh interpreter importing the runtime and loading the model (one run each);
* ``size_mib``: the installed packages (torch vs onnxruntime), the model files, and the torch part
  of a built bundle when dist/lineside exists.

The exported graph has no padding: ``InspectNet.forward`` pads H, W to a multiple of 8 in a Python
branch that the exporter traces away, so the ONNX path pads in numpy first (``pad_to_stride``).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _mib(path: Path) -> float:
    if path.is_file():
        return round(path.stat().st_size / 2**20, 1)
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20, 1)


def export_onnx(model, out: Path) -> Path:
    import torch

    x = torch.zeros(1, 1, 256, 256)
    torch.onnx.export(model, (x,), str(out), dynamo=False, input_names=["x"], output_names=["logits"],
                      dynamic_axes={"x": {0: "n", 2: "h", 3: "w"}, "logits": {0: "n", 2: "mh", 3: "mw"}},
                      opset_version=17)
    return out


def _median_ms(fn, reps: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


def _cold_start(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
    return round(time.perf_counter() - t0, 2)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=str(ROOT / "resources" / "models" / "xray_demo.pt"))
    ap.add_argument("--sizes", default="256,1024")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--parts", type=int, default=24)
    args = ap.parse_args(argv)

    import onnxruntime as ort
    import torch

    from vision.evaluate import verdict
    from vision.model import STRIDE, load_model, max_pool, normalise, prepare_image
    from vision.preprocess import pad_to_stride
    from vision.synth import make_part

    model, meta = load_model(args.model, "cpu")
    model.eval()
    cl_model = model.to(memory_format=torch.channels_last)
    tmp = Path(tempfile.mkdtemp(prefix="lineside-onnx-"))
    onnx_path = export_onnx(model, tmp / "xray.onnx")

    def session(threads: int):
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        return ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])

    def network_input(img) -> np.ndarray:
        a = prepare_image(np.asarray(img, np.float32) / 65535.0, meta)
        return normalise(torch.from_numpy(a[None, None]), meta).numpy()

    def torch_score(x: np.ndarray) -> float:
        with torch.inference_mode():
            t = torch.from_numpy(x).contiguous(memory_format=torch.channels_last)
            return float(torch.sigmoid(max_pool(cl_model(t))).item())

    def ort_score(sess, x: np.ndarray) -> float:
        lm = sess.run(None, {"x": pad_to_stride(x, STRIDE)})[0]
        return float(1.0 / (1.0 + np.exp(-lm.reshape(lm.shape[0], -1).max(axis=1)[0])))

    speed = []
    for size in [int(s) for s in args.sizes.split(",")]:
        img, _mask, _info = make_part("wheel", size=size, seed=3, defects=["porosity"])
        x = network_input(img)
        for threads in [int(t) for t in args.threads.split(",")]:
            torch.set_num_threads(threads)
            sess = session(threads)
            speed.append({"size": size, "threads": threads,
                          "torch_ms": _median_ms(lambda: torch_score(x), args.reps),
                          "onnxruntime_ms": _median_ms(lambda: ort_score(sess, x), args.reps)})

    torch.set_num_threads(1)
    sess = session(1)
    diffs, same = [], 0
    for i in range(args.parts):
        defects = ["porosity"] if i % 4 == 0 else ["crack"] if i % 4 == 1 else []
        img, _m, _i = make_part("wheel" if i % 3 else "knuckle", size=256 + 8 * (i % 3) + (i % 2), seed=100 + i,
                                defects=defects)
        x = network_input(img)
        a, b = torch_score(x), ort_score(sess, x)
        diffs.append(abs(a - b))
        same += verdict(a, meta["thresholds"]) == verdict(b, meta["thresholds"])

    cold = {
        "torch": _cold_start(f"import torch; from vision.model import load_model; load_model({args.model!r})"),
        "onnxruntime": _cold_start(f"import onnxruntime as o; o.InferenceSession({str(onnx_path)!r}, "
                                   "providers=['CPUExecutionProvider'])"),
    }
    sizes = {
        "torch_installed": _mib(Path(torch.__file__).parent),
        "onnxruntime_installed": _mib(Path(ort.__file__).parent),
        "model_pt": _mib(Path(args.model)),
        "model_onnx": _mib(onnx_path),
    }
    bundle = ROOT / "dist" / "lineside"
    if bundle.is_dir():
        sizes["bundle"] = _mib(bundle)
        sizes["bundle_torch"] = _mib(bundle / "_internal" / "torch")
        sizes["bundle_without_torch_plus_onnxruntime_estimate"] = round(
            sizes["bundle"] - sizes["bundle_torch"] + sizes["onnxruntime_installed"], 1)
    print(json.dumps({
        "versions": {"torch": torch.__version__, "onnxruntime": ort.__version__},
        "ms_per_image": speed,
        "agreement": {"parts": args.parts, "max_abs_score_diff": float(f"{max(diffs):.2e}"),
                      "verdicts_equal": same},
        "cold_start_s": cold,
        "size_mib": sizes,
        "loadavg": os.getloadavg(),
    }, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
