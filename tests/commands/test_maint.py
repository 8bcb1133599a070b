"""`lineside maint ...` through maint_cli.main (the same functions hmi/cli.py registers)."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from hmi.commands import maint as maint_cli

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = maint_cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_sensor_csv(path, X, sep=";", labels=None):
    names = ["datetime", "Accelerometer1RMS", "Current", "Temperature"]
    if labels is not None:
        names += ["anomaly", "changepoint"]
    lines = [sep.join(names)]
    for i, r in enumerate(X):
        row = [f"2020-03-09 10:{i // 60 % 60:02d}:{i % 60:02d}"] + [f"{v:.5f}" for v in r]
        if labels is not None:
            row += [f"{labels[i]:.1f}", "0.0"]
        lines.append(sep.join(row))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_score_csv_round_trip(tmp_path, capsys):
    rng = np.random.default_rng(3)
    X = rng.normal([0.2, 2.0, 70.0], [0.01, 0.05, 0.2], size=(900, 3))
    lab = np.zeros(900)
    X[600:, 2] += 3.0        # temperature step
    lab[600:] = 1
    fit = write_sensor_csv(tmp_path / "healthy.csv", X[:300], ";", lab[:300])
    data = write_sensor_csv(tmp_path / "data.csv", X[300:], ";", lab[300:])
    out = tmp_path / "out.csv"
    code, o, e = run(capsys, "score", "--fit", str(fit), "--score", str(data), "--out", str(out), "--json",
                     "--model-out", str(tmp_path / "m.json"))
    assert code == 0, e
    doc = json.loads(o)
    assert doc["columns"] == ["Accelerometer1RMS", "Current", "Temperature"]  # labels ignored
    assert doc["out_columns"] == ["score", "anomaly_pred"]
    assert doc["events"][0]["drivers"][0][0] == "Temperature"
    lines = out.read_text().splitlines()
    assert lines[0].split(";")[-3:] == ["changepoint", "score", "anomaly_pred"]
    pred = np.array([int(l.split(";")[-1]) for l in lines[1:]])
    assert len(pred) == 600 and pred[:290].sum() == 0 and pred[320:].mean() > 0.95
    # a saved model scores the same; a comma file without labels gets plain 'anomaly'
    data2 = write_sensor_csv(tmp_path / "data2.csv", X[300:], ",")
    out2 = tmp_path / "out2.csv"
    code, o, e = run(capsys, "score", "--model", str(tmp_path / "m.json"), "--score", str(data2), "--out", str(out2))
    assert code == 0, e
    assert out2.read_text().splitlines()[0].endswith(",score,anomaly")
    assert "anomalous" in o


def test_score_onset_backdates_a_ramp(tmp_path, capsys):
    rng = np.random.default_rng(5)
    X = rng.normal([0.2, 2.0, 70.0], [0.01, 0.05, 0.2], size=(900, 3))
    X[600:, 2] += np.linspace(0.0, 4.0, 300)   # slow temperature ramp from row 600
    fit = write_sensor_csv(tmp_path / "healthy.csv", X[:300], ";")
    data = write_sensor_csv(tmp_path / "data.csv", X[300:], ";")
    first = {}
    for onset in ("1", "0.6"):
        out = tmp_path / f"out{onset}.csv"
        code, o, e = run(capsys, "score", "--fit", str(fit), "--score", str(data), "--out", str(out),
                         "--onset", onset, "--json")
        assert code == 0, e
        assert json.loads(o)["onset"] == float(onset)
        pred = np.array([int(l.split(";")[-1]) for l in out.read_text().splitlines()[1:]])
        assert pred[:290].sum() == 0 and pred[-50:].all()
        first[onset] = int(np.argmax(pred))
    assert 295 <= first["0.6"] < first["1"]   # back-dated to the ramp start (row 300), give or take noise
    code, o, e = run(capsys, "score", "--fit", str(fit), "--score", str(data), "--onset", "0")
    assert code != 0 and "onset" in e


def test_score_errors(tmp_path, capsys):
    code, o, e = run(capsys, "score", "--fit", str(tmp_path / "missing.csv"), "--score", str(tmp_path / "x.csv"))
    assert code != 0 and e.count("\n") == 1 and e.startswith("lineside: ")
    rng = np.random.default_rng(0)
    fit = write_sensor_csv(tmp_path / "h.csv", rng.normal(size=(200, 3)))
    other = tmp_path / "o.csv"
    other.write_text("time;a;b\n1;2;3\n2;3;4\n")
    code, o, e = run(capsys, "score", "--fit", str(fit), "--score", str(other))
    assert code != 0 and "lacks column" in e and e.count("\n") == 1
    # a file of nothing but NaN and inf once scored as "50 rows, 0 anomalous"
    junk = write_sensor_csv(tmp_path / "junk.csv", np.full((50, 3), np.nan))
    code, o, e = run(capsys, "score", "--fit", str(fit), "--score", str(junk))
    assert code != 0 and "not a number" in e and "nothing to score" in e
    part = rng.normal(size=(50, 3))
    part[:5] = np.inf
    mixed = write_sensor_csv(tmp_path / "mixed.csv", part)
    code, o, e = run(capsys, "score", "--fit", str(fit), "--score", str(mixed))
    assert code == 0 and "5 row(s) hold a value that is not a number" in o


def test_rul_fit_predict_whitespace_without_header(tmp_path, capsys):
    rng = np.random.default_rng(1)
    rows = []
    for u in range(1, 9):
        life = int(rng.integers(60, 90))
        for c in range(1, life + 1):
            w = np.exp(-(life - c) / 20)
            rows.append(f"{u} {c} 0.0 {1 + w + rng.normal(0, .05):.4f} {5 - w + rng.normal(0, .05):.4f} 7.0")
    runs = tmp_path / "train.txt"
    runs.write_text("\n".join(rows) + "\n")
    names = "unit,cycle,setting,s1,s2,s3"
    model = tmp_path / "model"
    code, o, e = run(capsys, "rul", "fit", "--runs", str(runs), "--unit", "unit", "--time", "cycle", "--names", names,
                     "--out", str(model), "--epochs", "3", "--models", "1", "--window", "10", "--json")
    assert code == 0, e
    doc = json.loads(o)
    assert set(doc["features"]) == {"s1", "s2"} and doc["units"] == 8
    # 1-based column numbers work too for a file without header
    code, o, e = run(capsys, "rul", "predict", "--model", str(model), "--runs", str(runs), "--unit", "1", "--time",
                     "2", "--names", names, "--json")
    assert code != 0 and "header" in e  # --names given: columns are named, not numbered
    code, o, e = run(capsys, "rul", "predict", "--model", str(model), "--runs", str(runs), "--unit", "unit",
                     "--time", "cycle", "--names", names, "--json")
    assert code == 0, e
    pred = json.loads(o)
    assert sorted(pred) == [str(u) for u in range(1, 9)] and all(isinstance(v, float) for v in pred.values())
    code, o, e = run(capsys, "rul", "predict", "--model", str(tmp_path / "none"), "--runs", str(runs), "--unit",
                     "unit", "--time", "cycle", "--names", names)
    assert code != 0 and e.count("\n") == 1
    code, o, e = run(capsys, "rul", "fit", "--runs", str(runs), "--unit", "engine", "--time", "cycle",
                     "--out", str(model))
    assert code != 0 and "no column 'engine'" in e


def test_weibull_json(tmp_path, capsys):
    rng = np.random.default_rng(5)
    lines = ["component,event,date,hours,mode"]
    for k in range(12):
        usage, day = 0.0, 0
        for _ in range(6):
            life = 800 * rng.weibull(2.5)
            mode = "failure" if life < 700 else "preventive"
            age = min(life, 700)
            usage += age
            day += int(age / 20)
            lines.append(f"C{k},replaced,{np.datetime64('2020-01-01') + day},{usage:.0f},{mode}")
    ev = tmp_path / "events.csv"
    ev.write_text("\n".join(lines) + "\n")
    code, o, e = run(capsys, "weibull", "--events", str(ev), "--json", "--cp", "1", "--cf", "8", "--now", "2020-08-01")
    assert code == 0, e
    doc = json.loads(o)
    for k in ("shape", "scale", "shape_ci", "scale_ci", "n_failures", "n_censored", "optimal_interval", "components"):
        assert k in doc
    assert 1.5 < doc["shape"] < 4 and doc["optimal_interval"] > 0
    assert len(doc["components"]) == 12 and {"component", "next_due", "due_in_days", "status"} <= set(doc["components"][0])
    bad = tmp_path / "bad.csv"
    bad.write_text("component,event,date,hours,mode\nA,replaced,2020-01-01,10,failure\n")
    code, o, e = run(capsys, "weibull", "--events", str(bad), "--json")
    assert code != 0 and "at least 2 failures" in e and e.count("\n") == 1


def test_add_parser_registers_commands():
    import argparse

    p = argparse.ArgumentParser()
    maint_cli.add_parser(p.add_subparsers(dest="command"))
    a = p.parse_args(["maint", "rul", "predict", "--model", "m", "--runs", "r", "--unit", "u", "--time", "t", "--json"])
    assert a.func is maint_cli.cmd_maint_rul_predict
    a = p.parse_args(["maint", "weibull", "--events", "e.csv"])
    assert a.func is maint_cli.cmd_maint_weibull


def test_module_entry_point_exit_code(tmp_path):
    r = subprocess.run([sys.executable, "-m", "hmi.commands.maint", "maint", "weibull", "--events",
                        str(tmp_path / "nope.csv")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stderr.strip().startswith("lineside: maint weibull:")
    assert len(r.stderr.strip().splitlines()) == 1
