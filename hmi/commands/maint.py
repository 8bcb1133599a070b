"""`lineside maint ...`: anomaly scoring, remaining useful life and replacement cycles from the command line.

The lead hooks this into hmi/cli.py with ``add_parser(sub)``; each command's ``func`` returns
an exit code and raises ``hmi.commands.common.CliError`` (one-line reason) on failure.  :func:`main` runs the same
commands standalone (``python -m hmi.commands.maint ...``).

CSV input (:func:`read_table`):
  * the separator is detected from the first line: ';' or ',' or tab, else runs of whitespace
    (train_FD001.txt);
  * a header row is detected when a field of the first line is not a number; without one, name the
    columns with ``--names a,b,c`` or refer to them by 1-based position ("1", "2", ...);
  * values that are not numbers (timestamps, text) become NaN in numeric use.

``maint score --fit HEALTHY.csv --score DATA.csv --out OUT.csv``: the first column is the timestamp;
the sensor columns are every other column that is numeric in HEALTHY, minus ``--ignore`` (default
``anomaly,changepoint``: SKAB's labels must never be features) and minus ``--sensors`` when given
(then only those).  OUT is DATA, row for row, with two columns added: ``score`` and ``anomaly`` (0/1);
when DATA already has a column of that name (SKAB's label ``anomaly``) ours is ``anomaly_pred``
(``score_pred``): the input is never overwritten.
DATA is a recorded file, so each anomaly period is back-dated to its onset: the samples just before
it whose score already exceeded ``--onset`` x threshold (default 0.6) join it; ``--onset 1`` writes the
flags the live detector would have raised, sample by sample.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence

import numpy as np

from hmi.commands.common import CliError, fail

__all__ = ["Table", "read_table", "score_csv", "add_parser", "main", "cmd_maint_score", "cmd_maint_rul_fit",
           "cmd_maint_rul_predict", "cmd_maint_weibull"]

DEFAULT_IGNORE = "anomaly,changepoint"


# ------------------------------------------------------------------------------------ tables
@dataclass
class Table:
    """Columns of a CSV: names, raw text rows, and numeric views on demand (a mapping name -> float array)."""

    names: list[str]
    rows: list[list[str]]
    sep: str            # "," ";" "\t" or " " (whitespace)
    header: bool

    def __post_init__(self):
        self._num: dict[str, np.ndarray] = {}

    def keys(self):
        return list(self.names)

    def __len__(self):
        return len(self.rows)

    def __contains__(self, name):
        return name in self.names

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._num:
            try:
                j = self.names.index(name)
            except ValueError:
                raise KeyError(name) from None
            vals = np.empty(len(self.rows))
            for i, r in enumerate(self.rows):
                try:
                    vals[i] = float(r[j]) if j < len(r) and r[j].strip() != "" else np.nan
                except ValueError:
                    vals[i] = np.nan
            self._num[name] = vals
        return self._num[name]

    def numeric(self, name: str) -> bool:
        """True when most non-empty values of the column are numbers."""
        v = self[name]
        return bool(np.isfinite(v).sum() >= 0.9 * max(1, len(self.rows)))

    def subset(self, idx) -> "Table":
        return Table(self.names, [self.rows[i] for i in idx], self.sep, self.header)


_NUM = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


def read_table(path, names: Sequence[str] | None = None, header: bool | None = None) -> Table:
    """Read a CSV/whitespace table (see the module docstring for the detection rules)."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"no file {p}")
    text = p.read_text(encoding="utf-8-sig")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise ValueError(f"{p} is empty")
    first = lines[0]
    counts = {s: first.count(s) for s in (";", ",", "\t")}
    sep = max(counts, key=counts.get) if max(counts.values()) > 0 else " "
    if sep == " ":
        rows = [ln.split() for ln in lines]
    else:
        rows = [[f.strip() for f in r] for r in csv.reader(lines, delimiter=sep)]
    if header is None:
        header = any(not _NUM.match(f) for f in rows[0] if f != "")
    if header:
        cols, rows = [c.strip() for c in rows[0]], rows[1:]
        if names:
            raise ValueError(f"{p} has a header row: --names is only for files without one")
    else:
        width = max(len(r) for r in rows)
        cols = list(names) if names else [str(i + 1) for i in range(width)]
        if len(cols) != width:
            raise ValueError(f"{p}: {len(cols)} names for {width} columns")
    if len(set(cols)) != len(cols):
        raise ValueError(f"{p}: duplicate column names")
    return Table(cols, rows, sep, bool(header))


def _write_table(path, table: Table, extra: dict[str, list[str]]) -> None:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    sep = table.sep if table.sep != " " else ","
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=sep, lineterminator="\n")
        w.writerow(table.names + list(extra))
        cols = list(extra.values())
        for i, r in enumerate(table.rows):
            w.writerow(list(r) + [c[i] for c in cols])


def _split_list(text: str | None) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()] if text else []


def sensor_columns(table: Table, ignore: Sequence[str] = (), sensors: Sequence[str] | None = None) -> list[str]:
    """The feature columns of a `maint score` input: every numeric column after the first (the timestamp)."""
    if sensors:
        missing = [s for s in sensors if s not in table.names]
        if missing:
            raise ValueError(f"no column(s) {', '.join(missing)}; columns are: {', '.join(table.names)}")
        return list(sensors)
    ign = {s.lower() for s in ignore}
    cols = [c for c in table.names[1:] if c.lower() not in ign and table.numeric(c)]
    if not cols:
        raise ValueError("no numeric sensor columns after the timestamp column")
    return cols


# ------------------------------------------------------------------------------------ score
def score_csv(fit: str | None, score: str, out: str | None = None, ignore: str = DEFAULT_IGNORE,
              sensors: str | None = None, model_in: str | None = None, model_out: str | None = None,
              method: str = "family", window: int = 20, margin: float | None = None, target_far: float = 0.0,
              k: int = 1, n: int = 1, hysteresis: float = 0.8, onset: float | None = 0.6,
              events_per_week: float = 1.0, channels: str | None = None):
    """What `lineside maint score` does; returns ``(summary dict, Detection)``.

    Fit a detector on ``fit`` (or load ``model_in``): ``method`` "family" (default) is the
    :class:`~hmi.maintenance.detectors.DetectorFamily` the station runs (level, drift, variance and spike
    channels; threshold for ``events_per_week`` false events a week of healthy data, counted in the time
    column's units when it holds times, else one row a second; ``margin`` default 1), "zmax" or "pca" the older
    :class:`~hmi.maintenance.anomaly.AnomalyModel` (``margin`` default 3).  Score
    ``score``, write ``out`` (DATA + score + anomaly) when given.  DATA is a recorded file, so each
    anomaly period is back-dated to its onset (``onset`` x threshold, see
    :func:`~hmi.maintenance.anomaly.backdate_onsets`); ``onset=1`` gives the live detector's flags.
    ``onset=None`` keeps a loaded model's own setting.
    """
    from hmi.maintenance.anomaly import AnomalyModel
    from hmi.maintenance.detectors import CHANNELS, WEEK_S, DetectorFamily

    data = read_table(score)
    if onset is not None and not 0 < onset <= 1:
        raise ValueError("--onset must be in (0, 1]")
    if not events_per_week > 0:
        raise ValueError("--events-per-week must be above 0")
    chans = tuple(_split_list(channels)) or CHANNELS
    if not set(chans) <= set(CHANNELS):
        raise ValueError(f"--channels: some of {', '.join(CHANNELS)}")
    if model_in:
        try:
            model = DetectorFamily.load(model_in)
        except ValueError:
            model = AnomalyModel.load(model_in)
        if onset is not None:
            model.onset = float(onset)
        cols = model.columns
        missing = [c for c in cols if c not in data.names]
        if missing:
            raise ValueError(f"{score} lacks the model's column(s) {', '.join(missing)}")
    else:
        if not fit:
            raise ValueError("give --fit HEALTHY.csv (or --model MODEL.json)")
        healthy = read_table(fit)
        cols = sensor_columns(healthy, _split_list(ignore), _split_list(sensors))
        missing = [c for c in cols if c not in data.names]
        if missing:
            raise ValueError(f"{score} lacks column(s) {', '.join(missing)} of {fit}")
        X_fit = np.column_stack([healthy[c] for c in cols])
        if method == "family":
            model = DetectorFamily(window=window, target_events_per_s=events_per_week / WEEK_S,
                                   margin=1.0 if margin is None else margin, k=k, n=n, hysteresis=hysteresis,
                                   onset=1.0 if onset is None else onset, channels=chans)
            model.fit(X_fit, _times(healthy), cols)
        else:
            model = AnomalyModel(method=method, window=window, margin=3.0 if margin is None else margin,
                                 target_far=target_far, k=k, n=n, hysteresis=hysteresis,
                                 onset=1.0 if onset is None else onset)
            model.fit(X_fit, cols)
    if model_out:
        model.save(model_out)
    X = np.column_stack([data[c] for c in cols]).astype(float)
    bad_rows = int((~np.isfinite(X).all(axis=1)).sum()) if X.size else 0
    if len(data) and bad_rows == len(data):
        raise ValueError(f"{score}: every one of its {len(data)} rows holds a value that is not a number "
                         f"(NaN, inf or empty) in {', '.join(cols)}: nothing to score")
    det = model.detect(X, backdate=True)
    family = isinstance(model, DetectorFamily)
    score_col, anomaly_col = _free_name(data, "score"), _free_name(data, "anomaly")
    if out:
        _write_table(out, data, {score_col: [f"{s:.6g}" for s in det.score],
                                 anomaly_col: ["1" if a else "0" for a in det.anomaly]})
    summary = {"rows": len(data), "rows_not_finite": bad_rows, "anomalies": int(det.anomaly.sum()),
               "threshold": model.threshold,
               "columns": cols, "method": "family" if family else model.method, "window": model.window,
               "margin": model.margin, "hysteresis": model.hysteresis, "onset": model.onset,
               "events": det.events(), "out": out, "out_columns": [score_col, anomaly_col]}
    if family:
        summary["channels"] = list(model.channels)
        summary["false_events_per_week_target"] = model.target_events_per_s * WEEK_S
    return summary, det


def _times(table: Table) -> np.ndarray | None:
    """The first column as seconds (numbers, or ISO dates and times), None when it is neither."""
    from datetime import datetime

    name = table.names[0]
    if table.numeric(name):
        return np.asarray(table[name], float)
    try:
        return np.array([datetime.fromisoformat(str(v).strip()).timestamp() for v in table[name]], float)
    except ValueError:
        return None


def _free_name(table: Table, name: str) -> str:
    """`name`, or `name_pred` when DATA already has a column of that name (SKAB's label 'anomaly')."""
    return name if name not in table.names else f"{name}_pred"


def cmd_maint_score(args) -> int:
    try:
        summary, det = score_csv(args.fit, args.score, args.out, args.ignore, args.sensors, args.model,
                                 args.model_out, args.method, args.window, args.margin, args.target_far,
                                 args.persist_k, args.persist_n, args.hysteresis, args.onset,
                                 args.events_per_week, args.channels)
    except (OSError, ValueError, KeyError) as exc:
        fail(f"maint score: {exc}")
    if args.json:
        sys.stdout.write(json.dumps(summary, default=str) + "\n")
    else:
        ev = summary["events"]
        print(f"{summary['rows']} rows scored, {summary['anomalies']} anomalous in {len(ev)} period(s)"
              + (f", written to {args.out}" if args.out else ""))
        if summary["rows_not_finite"]:
            print(f"  {summary['rows_not_finite']} row(s) hold a value that is not a number (NaN, inf or empty): "
                  "check the sensors or the export")
        for e in ev[:20]:
            drv = " and ".join(t for t, _ in e["drivers"][:2])
            print(f"  rows {e['start']}-{e['end'] - 1}: peak {e['peak_score']:.3g} (threshold "
                  f"{summary['threshold']:.3g}), driven by {drv}")
    return 0


# ------------------------------------------------------------------------------------ RUL
def _runs_table(args) -> Table:
    names = _split_list(args.names) or None
    t = read_table(args.runs, names=names)
    for c in (args.unit, args.time):
        if c not in t.names:
            hint = "" if t.header else " (no header row: use --names, or 1-based column numbers)"
            raise ValueError(f"no column {c!r} in {args.runs}{hint}; columns are: {', '.join(t.names[:12])}"
                             + (" ..." if len(t.names) > 12 else ""))
    return t


def cmd_maint_rul_fit(args) -> int:
    from hmi.maintenance.rul import fit_rul

    try:
        t = _runs_table(args)
        sensors = _split_list(args.sensors) or [c for c in t.names if c not in (args.unit, args.time)
                                                 and t.numeric(c)]
        model = fit_rul(t, args.unit, args.time, sensors, window=args.window, cap=args.cap, epochs=args.epochs,
                        n_models=args.models, seed=args.seed, arch=args.arch, baseline=args.baseline)
        model.save(args.out)
    except (OSError, ValueError, KeyError) as exc:
        fail(f"maint rul fit: {exc}")
    doc = {"out": args.out, "units": model.history["n_units"], "windows": model.history["n_windows"],
           "features": model.features, "dropped": model.dropped, "window": model.window, "cap": model.cap,
           "arch": model.arch, "baseline": model.baseline,
           "train_rmse": model.history["train_rmse_last_epoch"]}
    if args.json:
        sys.stdout.write(json.dumps(doc) + "\n")
    else:
        print(f"RUL model on {doc['units']} units, {len(model.features)} features "
              f"({len(model.dropped)} dropped), saved to {args.out}")
    return 0


def cmd_maint_rul_predict(args) -> int:
    from hmi.maintenance.rul import RulModel

    try:
        model = RulModel.load(args.model)
        t = _runs_table(args)
        missing = [c for c in model.features if c not in t.names]
        if missing:
            raise ValueError(f"{args.runs} lacks the model's column(s) {', '.join(missing)}")
        if args.unit != model.unit_col or args.time != model.time_col:
            # the model reads its own column names: map the given ones onto them
            t = Table([model.unit_col if c == args.unit else model.time_col if c == args.time else c
                       for c in t.names], t.rows, t.sep, t.header)
        pred = model.predict(t)
    except (OSError, ValueError, KeyError) as exc:
        fail(f"maint rul predict: {exc}")
    doc = {str(k): round(v, 2) for k, v in pred.items()}
    if args.json:
        sys.stdout.write(json.dumps(doc) + "\n")
    else:
        for k, v in doc.items():
            print(f"{k}\t{v:.1f}")
    return 0


# ------------------------------------------------------------------------------------ Weibull
def cmd_maint_weibull(args) -> int:
    from hmi.maintenance.weibull import read_events, weibull_report

    try:
        now = date.fromisoformat(args.now) if args.now else None
        doc = weibull_report(read_events(args.events), cp=args.cp, cf=args.cf, now=now,
                             confidence=args.confidence, include_running=not args.no_running)
    except (OSError, ValueError, KeyError) as exc:
        fail(f"maint weibull: {exc}")
    errors = [f"{ty}: {d['error']}" for ty, d in doc["types"].items() if "error" in d]
    if len(errors) == len(doc["types"]):
        fail("maint weibull: " + "; ".join(errors))
    if args.json:
        sys.stdout.write(json.dumps(doc, default=str) + "\n")
    else:
        for ty, d in doc["types"].items():
            if "error" in d:
                print(f"{ty}: {d['error']}")
                continue
            print(f"{ty}: shape {d['shape']:.2f} [{d['shape_ci'][0]:.2f}, {d['shape_ci'][1]:.2f}], scale "
                  f"{d['scale']:.4g} [{d['scale_ci'][0]:.4g}, {d['scale_ci'][1]:.4g}], {d['n_failures']} failures, "
                  f"{d['n_censored']} censored; {d['policy']['reason']}")
        for c in doc["components"]:
            due = c["next_due"] or c["status"]
            print(f"  {c['component']}: next due {due}" + (f" ({c['due_in_days']} days)" if c["due_in_days"]
                                                           is not None else ""))
    return 0


# ------------------------------------------------------------------------------------ parser
def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `maint score`, `maint rul fit`, `maint rul predict` and `maint weibull` on ``subparsers``."""
    m = subparsers.add_parser("maint", help="predictive maintenance: anomaly score, remaining life, Weibull")
    msub = m.add_subparsers(dest="maint_what", metavar="<what>")

    s = msub.add_parser("score", help="fit an anomaly model on healthy data and score a CSV")
    s.add_argument("--fit", metavar="HEALTHY.csv", help="healthy reference: timestamp column, then sensors")
    s.add_argument("--model", metavar="MODEL.json", help="use a saved model instead of --fit")
    s.add_argument("--model-out", metavar="MODEL.json", help="save the fitted model (JSON)")
    s.add_argument("--score", required=True, metavar="DATA.csv", help="data to score (same columns)")
    s.add_argument("--out", metavar="OUT.csv", help="DATA plus columns score and anomaly (0/1)")
    s.add_argument("--ignore", default=DEFAULT_IGNORE, metavar="A,B",
                   help=f"columns never used as features (default {DEFAULT_IGNORE}: labels)")
    s.add_argument("--sensors", metavar="A,B", help="only these feature columns (default: every numeric one)")
    s.add_argument("--method", choices=("family", "zmax", "pca"), default="family",
                   help="family: the station's detector family (default); zmax, pca: the older single model")
    s.add_argument("--window", type=int, default=20, metavar="N", help="rolling-mean samples (default 20)")
    s.add_argument("--events-per-week", type=float, default=1.0, metavar="R",
                   help="family: false events a week of healthy data the threshold is set for (default 1)")
    s.add_argument("--channels", metavar="A,B",
                   help="family: some of level,drift,variance,spike (default all)")
    s.add_argument("--margin", type=float, default=None,
                   help="a factor on the threshold (default 1 for family, 3 for zmax and pca)")
    s.add_argument("--target-far", type=float, default=0.0, metavar="F",
                   help="false-alarm fraction allowed on the reference before the margin (default 0: its maximum)")
    s.add_argument("--persist-k", type=int, default=1, metavar="K", help="raise after K of N samples above (1)")
    s.add_argument("--persist-n", type=int, default=1, metavar="N")
    s.add_argument("--hysteresis", type=float, default=0.8, help="clear below this fraction of the threshold (0.8)")
    s.add_argument("--onset", type=float, default=0.6, metavar="F",
                   help="back-date each anomaly period to where the score first rose above F x threshold "
                        "(default 0.6; 1 = flag from the detection sample on, as the live detector does)")
    s.add_argument("--json", action="store_true", help="print a JSON summary")
    s.set_defaults(func=cmd_maint_score)

    r = msub.add_parser("rul", help="remaining useful life")
    rsub = r.add_subparsers(dest="rul_what", metavar="<what>")

    def runs_flags(sp):
        sp.add_argument("--runs", required=True, metavar="CSV",
                        help="histories: unit, time and sensor columns (',', ';', tab or whitespace separated)")
        sp.add_argument("--unit", required=True, metavar="COL", help="unit column (name, or 1-based number)")
        sp.add_argument("--time", required=True, metavar="COL", help="time/cycle column")
        sp.add_argument("--names", metavar="A,B,...", help="column names for a file without a header row")
        sp.add_argument("--json", action="store_true")

    rf = rsub.add_parser("fit", help="train on run-to-failure histories")
    runs_flags(rf)
    rf.add_argument("--out", required=True, metavar="MODEL_DIR", help="folder for rul.json + rul.pt")
    rf.add_argument("--sensors", metavar="A,B", help="candidate feature columns (default: all numeric others)")
    rf.add_argument("--arch", choices=("mlp", "cnn"), default="mlp",
                    help="mlp: windowed features (weighted mean, slope, age) into MLPs (default); cnn: 1-D CNN")
    rf.add_argument("--window", type=int, default=30, help="rows in the slope (mlp) or the CNN window (30)")
    rf.add_argument("--baseline", type=int, default=20, metavar="N",
                    help="also feed each sensor's drift from the mean of the unit's first N rows (default 20; "
                         "0 = off; histories must then start at the unit's first row)")
    rf.add_argument("--cap", type=float, default=125.0)
    rf.add_argument("--epochs", type=int, default=30)
    rf.add_argument("--models", type=int, default=3, help="ensemble size")
    rf.add_argument("--seed", type=int, default=0)
    rf.set_defaults(func=cmd_maint_rul_fit)

    rp = rsub.add_parser("predict", help="RUL at each unit's last row")
    runs_flags(rp)
    rp.add_argument("--model", required=True, metavar="MODEL_DIR")
    rp.set_defaults(func=cmd_maint_rul_predict)
    r.set_defaults(func=lambda a: fail("say what: `lineside maint rul fit ...` or `lineside maint rul predict ...`"))

    w = msub.add_parser("weibull", help="Weibull life analysis and replacement interval from a maintenance log")
    w.add_argument("--events", required=True, metavar="CSV", help="component,event,date,usage,mode[,type]")
    w.add_argument("--cp", type=float, default=1.0, help="cost of a planned replacement (default 1)")
    w.add_argument("--cf", type=float, default=5.0, help="cost of a failure replacement, downtime included (5)")
    w.add_argument("--now", metavar="YYYY-MM-DD", help="reference date for ages and due dates (default today)")
    w.add_argument("--confidence", type=float, default=0.90)
    w.add_argument("--no-running", action="store_true", help="do not count the items in service as censored")
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=cmd_maint_weibull)

    m.set_defaults(func=lambda a: fail("say what: `lineside maint score|rul|weibull ...`"))
    return m


def main(argv: list[str] | None = None) -> int:
    """Standalone entry: `python -m hmi.commands.maint maint score ...` (or without the leading 'maint')."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] != "maint":
        argv = ["maint", *argv]
    p = argparse.ArgumentParser(prog="lineside")
    add_parser(p.add_subparsers(dest="command", metavar="<command>"))
    args = p.parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"lineside: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # one line, no traceback
        print(f"lineside: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
