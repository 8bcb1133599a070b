"""`lineside vision train|eval|infer` (argparse; hooked into hmi/cli.py via ``add_parser``).

    lineside vision train --data DIR --out MODEL [--epochs N] [--device auto|cpu|cuda] [--seed S] [--json]
        progress bar on stderr; a final summary on stdout (one JSON object with --json)
    lineside vision eval --model MODEL --data DIR [--json]
        {"auroc", "accuracy", "precision", "recall", "threshold", "confusion": {tp, fp, tn, fn},
         "ms_per_image", "n"}  (threshold = the model's warn threshold, see vision.evaluate)
    lineside vision infer --model MODEL IMAGE... [--json]
        [{"image", "score", "verdict": "ok|warn|ng"}, ...]; an unreadable image gives
        {"image", "score": null, "verdict": null, "error": "..."}.

Exit codes: 0 success; 1 failure with a one-line reason on stderr (``lineside vision: ...``);
``infer`` exits 1 only when *every* image failed (some failures are reported in the output and
still exit 0); 130 when interrupted. NaN values (e.g. AUROC with one class) are printed as null.
"""
from __future__ import annotations

import argparse
import json
import math
import sys

EXIT_OK, EXIT_FAIL = 0, 1


def _clean(obj):
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def _dump(obj) -> None:
    print(json.dumps(_clean(obj)))


def _fail(msg: str) -> int:
    print(f"lineside vision: {msg}", file=sys.stderr)
    return EXIT_FAIL


class _Bar:
    """Text progress bar on stderr."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, fraction: float, message: str, info: dict) -> None:
        n = int(round(fraction * self.width))
        line = f"[{'#' * n}{'.' * (self.width - n)}] {fraction * 100:5.1f}% {message}"
        if self.tty:
            self.stream.write("\r" + line[:120].ljust(120))
            if fraction >= 1.0:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self):
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def cmd_train(args) -> int:
    from pathlib import Path

    from .progress import Progress

    data = Path(args.data)
    if not data.is_dir():
        return _fail(f"no data folder {data}")
    bar = _Bar()
    try:
        from .train import train

        res = train(data, args.out, epochs=args.epochs, device=args.device, seed=args.seed,
                    progress=Progress(bar))
    except KeyboardInterrupt:
        bar.close()
        print("lineside vision: interrupted; no model written", file=sys.stderr)
        return 130
    except (ValueError, RuntimeError, OSError) as exc:
        bar.close()
        return _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    bar.close()
    m = res.meta["metrics"]
    summary = {"model": res.model_path, "model_version": res.meta["model_version"], "device": res.device,
               "epochs_run": res.epochs_run, "best_epoch": res.best_epoch, "stopped_early": res.stopped_early,
               "seconds": round(res.seconds, 1), "val_auroc": m.get("val_auroc"),
               "val_recall": m.get("val_recall"), "val_precision": m.get("val_precision"),
               "thresholds": {"warn": res.meta["thresholds"]["warn"], "ng": res.meta["thresholds"]["ng"]},
               "n_train": m.get("n_train"), "n_val": m.get("n_val"), "skipped": res.skipped}
    if getattr(args, "json", False):
        _dump(summary)
    else:
        for s in res.skipped:
            print(f"skipped: {s}", file=sys.stderr)
        print(f"trained {summary['model_version']} on {summary['device']} in {summary['seconds']} s "
              f"({summary['epochs_run']} epochs, best {summary['best_epoch']}): val AUROC "
              f"{summary['val_auroc']:.4f}, recall {summary['val_recall']:.3f} at warn "
              f"{summary['thresholds']['warn']:.4f} (ng {summary['thresholds']['ng']:.4f}) -> {summary['model']}")
    return EXIT_OK


def cmd_eval(args) -> int:
    from pathlib import Path

    if not Path(args.data).is_dir():
        return _fail(f"no data folder {args.data}")
    try:
        from .evaluate import evaluate
        from .model import ModelFileError

        try:
            r = evaluate(args.model, args.data, device=args.device)
        except ModelFileError as exc:
            return _fail(str(exc))
    except (ValueError, RuntimeError, OSError) as exc:
        return _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    except KeyboardInterrupt:
        return 130
    keys = ("auroc", "accuracy", "precision", "recall", "threshold", "confusion", "ms_per_image", "n")
    out = {k: r[k] for k in keys}
    for e in r["errors"]:
        print(f"skipped: {e}", file=sys.stderr)
    if args.json:
        _dump(out)
    else:
        c = out["confusion"]
        print(f"n={out['n']} AUROC={out['auroc']:.4f} accuracy={out['accuracy']:.4f} "
              f"precision={out['precision']:.4f} recall={out['recall']:.4f} at threshold "
              f"{out['threshold']:.4f}; tp={c['tp']} fp={c['fp']} tn={c['tn']} fn={c['fn']}; "
              f"{out['ms_per_image']:.2f} ms/image")
    return EXIT_OK


def cmd_infer(args) -> int:
    try:
        from .infer import InferenceEngine
        from .model import ModelFileError

        try:
            eng = InferenceEngine(args.model, device=args.device, heatmaps=False)
        except ModelFileError as exc:
            return _fail(str(exc))
        res = eng.infer_paths(args.images)
    except (RuntimeError, OSError) as exc:
        return _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    except KeyboardInterrupt:
        return 130
    rows = []
    for r in res:
        row = {"image": r["image"], "score": r["score"], "verdict": r["verdict"]}
        if r["error"]:
            row["error"] = r["error"]
        rows.append(row)
    if args.json:
        _dump(rows)
    else:
        for row in rows:
            if "error" in row:
                print(f"{row['image']}: ERROR {row['error']}")
            else:
                print(f"{row['image']}: {row['verdict']} (score {row['score']:.4f})")
    if eng.fallback_reason:
        print(f"lineside vision: {eng.fallback_reason}", file=sys.stderr)
    n_err = sum(1 for r in rows if "error" in r)
    if rows and n_err == len(rows):
        print(f"lineside vision: none of the {n_err} image(s) could be read", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``vision train|eval|infer`` on an argparse subparsers object."""
    v = subparsers.add_parser("vision", help="X-ray/camera defect inspection (train, eval, infer)")
    vs = v.add_subparsers(dest="vision_command", metavar="<train|eval|infer>")

    t = vs.add_parser("train", help="train a model from DIR/ok, DIR/defect (+ DIR/masks)")
    t.add_argument("--data", required=True, metavar="DIR")
    t.add_argument("--out", required=True, metavar="MODEL")
    t.add_argument("--epochs", type=int, default=40)
    t.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--json", action="store_true", help="final summary as one JSON object")
    t.set_defaults(func=cmd_train)

    e = vs.add_parser("eval", help="evaluate a model on a labelled folder")
    e.add_argument("--model", required=True, metavar="MODEL")
    e.add_argument("--data", required=True, metavar="DIR")
    e.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_eval)

    i = vs.add_parser("infer", help="score images")
    i.add_argument("--model", required=True, metavar="MODEL")
    i.add_argument("images", nargs="+", metavar="IMAGE")
    i.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=cmd_infer)

    def _no_sub(args):
        return _fail("say what: `lineside vision train|eval|infer ...` (see --help)")

    v.set_defaults(func=_no_sub)
    return v


def main(argv=None) -> int:
    """Standalone entry: ``python -m vision.cli train|eval|infer ...``."""
    p = argparse.ArgumentParser(prog="lineside")
    sub = p.add_subparsers(dest="command")
    add_parser(sub)
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] != "vision":
        argv = ["vision"] + argv
    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
