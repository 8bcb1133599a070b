"""The command-line contract: exit codes, one-line reasons, --json documents."""
import csv
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lineside(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "hmi", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """A headless demo run that leaves a database behind (one run shared by the tests below)."""
    data = tmp_path_factory.mktemp("demo")
    r = lineside("demo", "--headless", "--duration", "4", "--data-dir", str(data), "--port", str(free_port()), "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)  # --json: exactly one JSON document on stdout
    return data, doc


def test_headless_demo_runs_the_services(demo_db):
    data, doc = demo_db
    assert (data / "lineside.db").exists()
    # 25 + the caster's trace handshake (part_done, part_ok, heat_number) + the X-ray verdict and its sequence number
    # + the X-ray cabinet's 7 values over OPC UA
    assert doc["tags"] == 37 and doc["tags_good"] > 0
    assert doc["devices"]["xray_cab1"]["connected"]
    assert set(doc["inspection"]) == {"xray1"} and doc["inspection"]["xray1"]["late"] == 0
    assert all(d["connected"] for d in doc["devices"].values())
    assert doc["historian"]["rows_written"] > 25
    # the summary is taken after the plant stopped and every writer flushed: it counts what the database holds
    import sqlite3

    with sqlite3.connect(data / "lineside.db") as c:
        (rows,) = c.execute("SELECT count(*) FROM samples").fetchone()
    assert doc["values_stored"] == doc["values_in_database"] == rows == doc["historian"]["rows_written"]


def test_export_trends_long_csv(demo_db, tmp_path):
    data, _ = demo_db
    out = tmp_path / "t.csv"
    r = lineside("export", "trends", "--db", f"sqlite:///{data / 'lineside.db'}", "--tags",
                 "press1.bushing_temp,caster1.melt_temp", "--from", "-1h", "--out", str(out), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["rows"] > 0
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["timestamp", "tag", "value", "quality"]
    assert {row[1] for row in rows[1:]} == {"press1.bushing_temp", "caster1.melt_temp"}
    assert all(row[3] in ("GOOD", "BAD", "STALE", "COMM_FAIL") for row in rows[1:])


def test_audit_verify_and_journal_on_demo_db(demo_db):
    data, _ = demo_db
    url = f"sqlite:///{data / 'lineside.db'}"
    r = lineside("audit", "verify", "--db", url)
    assert r.returncode == 0, r.stderr
    r = lineside("alarms", "journal", "--db", url, "--json")
    assert r.returncode == 0, r.stderr
    assert isinstance(json.loads(r.stdout), list)


def test_failures_exit_non_zero_with_one_line(tmp_path, demo_db):
    bad = tmp_path / "plant.toml"
    bad.write_text('[plant]\nname = "x"\n[[lines]]\nid = 3\n')
    r = lineside("run", "--config", str(bad), "--headless", "--duration", "1")
    assert r.returncode != 0
    msg = r.stderr.strip().splitlines()[-1]
    assert "plant.toml:4: lines[0].id" in msg
    r = lineside("export", "trends", "--db", f"sqlite:///{tmp_path / 'none.db'}", "--out", str(tmp_path / "x.csv"))
    assert r.returncode != 0 and "no database" in r.stderr
    url = f"sqlite:///{demo_db[0] / 'lineside.db'}"
    r = lineside("export", "trends", "--db", url, "--from", "yesterday-ish", "--out", str(tmp_path / "x.csv"))
    assert r.returncode != 0 and "cannot read time" in r.stderr
