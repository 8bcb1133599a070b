"""`lineside kpi report`: a shift report from a plant database, as PDF (text checked) and CSV."""
import csv
import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from hmi.equipment.model import Quality, Sample
from hmi.kpi.shiftlog import ShiftLog
from hmi.store.db import open_database, sqlite_url
from hmi.store.historian_writer import HistorianWriter

ROOT = Path(__file__).resolve().parent.parent.parent
DAY = date.today() - timedelta(days=3)
H = 3600.0


def lineside(*args):
    return subprocess.run([sys.executable, "-m", "hmi", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def plant_db(tmp_path_factory):
    """The demo line's early shift (local 06:00-14:00, break 10:00-10:30) three days ago, sampled every
    10 s: the press runs except a fault 08:00-08:30 (booked as "die change") and makes one part per
    10 s while running, every 50th part a defect; the caster stands idle all shift."""
    path = tmp_path_factory.mktemp("kpi") / "plant.db"
    url = sqlite_url(path)
    engine = open_database(url)
    s0 = datetime(DAY.year, DAY.month, DAY.day, 6).timestamp()
    ts = np.arange(s0 - 60, s0 + 8 * H, 10.0)
    rel = ts - s0
    state = np.where((rel >= 2 * H) & (rel < 2.5 * H), 2, 1)
    parts = np.cumsum(np.r_[0, (state[1:] == 1)])        # one part per 10 s step while running
    defects = parts // 50
    good = parts - defects + 4_294_967_000               # uint32 counter: wraps during the shift
    good = good % 4_294_967_296
    batch = []
    for i, t in enumerate(ts):
        batch += [Sample("press1.state", float(t), int(state[i]), Quality.GOOD),
                  Sample("press1.good_count", float(t), int(good[i]), Quality.GOOD),
                  Sample("press1.defect_count", float(t), int(defects[i]), Quality.GOOD),
                  Sample("caster1.state", float(t), 0, Quality.GOOD),
                  Sample("caster1.good_count", float(t), 100, Quality.GOOD),
                  Sample("caster1.defect_count", float(t), 3, Quality.GOOD)]
    w = HistorianWriter(engine)
    w.start()
    w.sink(batch)
    assert w.stop(flush=True)
    log = ShiftLog(engine, clock=lambda: s0 + 3 * H)
    log.add_downtime("kim", "line1", "press1", s0 + 2 * H, s0 + 2.5 * H, "die change", note="upper die cracked")
    log.add_material("kim", "line1", "steel coil DC04", 12.5, "t", lot="C-88123")
    log.add_note("kim", "line1", "new coil supplier from today")
    engine.dispose()
    return url, s0


def test_shift_report_pdf_and_csv(plant_db, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    url, s0 = plant_db
    pdf, out_csv = tmp_path / "shift.pdf", tmp_path / "shift.csv"
    r = lineside("kpi", "report", "--db", url, "--line", "line1", "--shift", f"early@{DAY.isoformat()}",
                 "--pdf", str(pdf), "--csv", str(out_csv))
    assert r.returncode == 0, r.stderr
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages)
    text = " ".join(text.split())
    # PBT = 8 h - 0.5 h break = 7.5 h; APT = 7 h -> availability 93.3 %
    assert f"Shift report - Line 1 - press and casting - early {DAY.isoformat()}" in text
    assert "Availability 93.3 %" in text
    assert "die change" in text and "upper die cracked" in text and "lot C-88123" in text
    assert "Trace coverage not configured" in text
    assert "Weighted achievement" in text
    rows = list(csv.reader(out_csv.open()))
    assert rows[0] == ["section", "scope", "name", "value", "unit", "baseline", "target", "weight", "achievement"]
    kpi = {row[2]: row[3] for row in rows if row[0] == "kpi" and row[1] == "line"}
    total = {row[2]: row[3] for row in rows if row[0] == "total"}
    assert float(kpi["availability"]) == pytest.approx(7 / 7.5)
    # the press ran 7.5 h (one part per 10 s): 2700 parts, of which 180 in the break (outside PBT)
    produced = int(total["good"]) + int(total["defects"])
    assert produced == 2520 and int(total["outside_pbt"]) == 180
    assert float(kpi["units_per_hour"]) == pytest.approx(produced / 7.5)
    pareto = [row for row in rows if row[0] == "pareto"]
    assert pareto[0][2] == "idle (no reason)" and float(pareto[0][3]) == 7.5 * H   # the caster, idle all shift
    assert ["pareto", "line", "die change", "1800", "s"] == pareto[1][:5]
    assert [row[2] for row in rows if row[0] == "log"] == ["downtime", "material", "note"]


def test_json_and_failures(plant_db, tmp_path):
    url, s0 = plant_db
    r = lineside("kpi", "report", "--db", url, "--line", "line1", "--from", str(s0), "--to", str(s0 + 8 * H),
                 "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["kpis"]["availability"] == pytest.approx(7 / 7.5) and doc["trace_coverage"] == "not configured"
    assert doc["targets"]["rows"][0]["name"] == "units_per_hour"
    out = tmp_path / "r.csv"   # the DESIGN.md form
    r = lineside("kpi", "report", "--db", url, "--line", "line1", "--from", str(s0), "--to", str(s0 + 8 * H),
                 "--format", "csv", "--out", str(out))
    assert r.returncode == 0 and out.read_text().startswith("section,scope,name,value"), r.stderr
    for args, reason in ((("--line", "nope", "--shift", "last", "--json"), "no line 'nope'"),
                         (("--line", "line1", "--shift", "lunch@2026-01-01", "--json"), "no shift 'lunch'"),
                         (("--line", "line1", "--json"), "say which period"),
                         (("--line", "line1", "--shift", "last"), "say where the report goes")):
        r = lineside("kpi", "report", "--db", url, *args)
        assert r.returncode != 0 and reason in r.stderr.strip().splitlines()[-1], r.stderr
    r = lineside("kpi", "report", "--db", sqlite_url(tmp_path / "none.db"), "--line", "line1", "--shift", "last",
                 "--json")
    assert r.returncode != 0 and "no database" in r.stderr
