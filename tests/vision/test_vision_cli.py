import argparse
import json

from vision import cli


def _run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_train_eval_infer_json(synth_dir, tmp_path, capsys, corrupt_png):
    model = tmp_path / "m.pt"
    code, out, err = _run(capsys, "train", "--data", str(synth_dir), "--out", str(model), "--epochs", "1",
                          "--device", "cpu", "--seed", "1")
    assert code == 0, err
    assert "epoch 1/1" in err and "trained" in out and model.is_file()

    code, out, err = _run(capsys, "eval", "--model", str(model), "--data", str(synth_dir), "--json")
    assert code == 0, err
    r = json.loads(out)
    assert set(r) == {"auroc", "accuracy", "precision", "recall", "threshold", "confusion", "ms_per_image", "n"}
    assert set(r["confusion"]) == {"tp", "fp", "tn", "fn"} and r["n"] == 16

    img = sorted((synth_dir / "ok").glob("*.png"))[0]
    code, out, err = _run(capsys, "infer", "--model", str(model), str(img), str(corrupt_png), "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert set(rows[0]) == {"image", "score", "verdict"} and rows[0]["verdict"] in ("ok", "warn", "ng")
    assert rows[1]["verdict"] is None and "error" in rows[1]

    code, out, err = _run(capsys, "infer", "--model", str(model), str(corrupt_png), "--json")
    assert code == 1 and json.loads(out)[0]["error"] and "could be read" in err


def test_failures_are_one_line(tmp_path, capsys):
    code, out, err = _run(capsys, "infer", "--model", str(tmp_path / "none.pt"), "x.png")
    assert code == 1 and err.count("\n") == 1 and "no such model file" in err
    code, out, err = _run(capsys, "eval", "--model", str(tmp_path / "none.pt"), "--data", str(tmp_path / "d"))
    assert code == 1 and err.strip().startswith("lineside vision:")
    code, out, err = _run(capsys, "train", "--data", str(tmp_path), "--out", str(tmp_path / "m.pt"))
    assert code == 1 and "no readable images" in err


def test_add_parser_hooks_into_a_parent_cli():
    p = argparse.ArgumentParser(prog="lineside")
    sub = p.add_subparsers(dest="command")
    cli.add_parser(sub)
    a = p.parse_args(["vision", "infer", "--model", "m.pt", "a.png", "b.png", "--json"])
    assert a.func is cli.cmd_infer and a.images == ["a.png", "b.png"] and a.json
    a = p.parse_args(["vision", "train", "--data", "d", "--out", "m.pt", "--device", "cuda"])
    assert a.func is cli.cmd_train and a.epochs == 40 and a.seed == 0
