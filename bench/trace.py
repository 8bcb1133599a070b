"""Traceability benchmark: mark decoding (real and synthetic) and genealogy queries at plant scale.

1. Decoding: every image of ``<datasets>/datamatrix-samples`` with an expected text (the .txt beside
   it; zxing's "<unkown>" marker excluded): decode rate and median ms of plain zxing-cpp
   (:func:`vision.marks.decode_plain`, DataMatrix only) and of Lineside's path
   (:func:`vision.marks.decode_image`), per folder; samples plain reads that Lineside loses (must be
   none).  Then synthetic laser-etched and dot-peened marks on a metal texture (the test set).
2. Genealogy: an SQLite file with ``--parts`` parts (default 5,000,000) spread over a year, 6
   casting machines on 2 lines, one cast step each with two parameter snapshots and a heat number
   (40 parts per heat), and 100,000 alarm events; bulk inserts (executemany in chunks, through the
   migrated schema and its indexes; not timed against the targets).  Timed: lookup of random serials
   (:meth:`TraceStore.lookup`: part, steps, parameters, alarms during the step, lots, events,
   inspections), containment of one machine over one day and of one heat, and the trace coverage of one day.

    python bench/trace.py [--parts 5000000] [--lookups 200] [--db-dir DIR] [--keep] [--reuse] [--skip-decode]

Prints one JSON document; targets: lookup <= 20 ms, containment of a day <= 200 ms.  Wall times
(``*_ms``) suffer from other load on the machine; ``*_cpu_ms`` is this process's CPU time per query
(the I/O-free part, as the file is in the page cache).  ``load_avg_*`` says how busy the machine was.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

T0 = 1_767_225_600.0  # 2026-01-01 00:00 UTC
YEAR_S = 365 * 86400
MACHINES = 6
PARTS_PER_HEAT = 40


def _ms(values):
    return {"median": round(statistics.median(values), 3), "p95": round(sorted(values)[int(0.95 * (len(values) - 1))], 3),
            "max": round(max(values), 3), "n": len(values)} if values else None


# --------------------------------------------------------------------------------------- decoding
def bench_decode(datasets: Path) -> dict:
    from vision.marks import MARK_EXTENSIONS, decode_image, decode_plain, synth_mark

    out: dict = {}
    root = datasets / "datamatrix-samples"
    if root.is_dir():
        per: dict = {}
        plain_ms, ours_ms, lost, gained = [], [], [], []
        n = plain_ok = ours_ok = 0
        for p in sorted(root.rglob("*")):
            if p.suffix.lower() not in MARK_EXTENSIONS or not p.with_suffix(".txt").exists():
                continue
            text = p.with_suffix(".txt").read_bytes().decode("utf-8", "replace")
            if text.strip() == "<unkown>":
                continue
            want = (text, text.rstrip("\n"))
            t = time.perf_counter()
            a = any(r.text in want for r in decode_plain(p, ("DataMatrix",)))
            plain_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            b = any(r.text in want for r in decode_image(p))
            ours_ms.append((time.perf_counter() - t) * 1000)
            n += 1
            plain_ok += a
            ours_ok += b
            f = per.setdefault(p.parent.name, {"images": 0, "plain": 0, "lineside": 0})
            f["images"] += 1
            f["plain"] += a
            f["lineside"] += b
            if a and not b:
                lost.append(str(p.relative_to(root)))
            if b and not a:
                gained.append(str(p.relative_to(root)))
        out["dataset"] = {
            "images": n, "plain_decoded": plain_ok, "lineside_decoded": ours_ok,
            "plain_rate": round(plain_ok / n, 4) if n else None, "lineside_rate": round(ours_ok / n, 4) if n else None,
            "plain_ms": _ms(plain_ms), "lineside_ms": _ms(ours_ms), "per_folder": per,
            "lost_by_lineside": lost, "gained_by_lineside": gained,
        }
    else:
        out["dataset"] = f"not found: {root}"
    syn: dict = {}
    for style in ("laser", "dotpeen"):
        ok = plain = 0
        ms = []
        for i in range(30):
            serial = f"C1251123{i:05d}"
            img = synth_mark(serial, style, seed=i)
            plain += any(r.text == serial for r in decode_plain(img))
            t = time.perf_counter()
            res = decode_image(img)
            ms.append((time.perf_counter() - t) * 1000)
            ok += bool(res and res[0].text == serial)
        syn[style] = {"marks": 30, "plain_decoded": plain, "lineside_decoded": ok, "lineside_ms": _ms(ms)}
    styles = list(syn.values())
    total = sum(v["marks"] for v in styles)
    syn["lineside_rate"] = round(sum(v["lineside_decoded"] for v in styles) / total, 4)
    syn["plain_rate"] = round(sum(v["plain_decoded"] for v in styles) / total, 4)
    out["synthetic"] = syn
    return out


# --------------------------------------------------------------------------------------- genealogy
def _serial(i: int) -> str:
    return f"B{i:012d}"


def populate(engine, parts: int, chunk: int = 200_000) -> dict:
    """Bulk insert through the DB-API's executemany (one transaction per chunk)."""
    span_ms = YEAR_S * 1000 / parts
    t0ms = int(T0 * 1000)
    raw = engine.raw_connection()
    timings = {}
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA cache_size=-200000")
        # secondary indexes are rebuilt once after the load (a sorted build beats 5M random inserts)
        indexes = cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
                              "tbl_name IN ('trace_parts', 'trace_steps', 'trace_part_lots')").fetchall()
        for name, _sql in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        raw.commit()
        t = time.perf_counter()
        for lo in range(0, parts, chunk):
            hi = min(parts, lo + chunk)
            cur.executemany("INSERT INTO trace_parts (id, serial, product, line, created_ts) VALUES (?, ?, ?, ?, ?)",
                            ((i + 1, _serial(i), "wheel", f"line{(i % MACHINES) // 3 + 1}", t0ms + int(i * span_ms))
                             for i in range(lo, hi)))
            cur.executemany("INSERT INTO trace_steps (id, part_id, step, station, equipment, start_ts, end_ts, "
                            "operator, result) VALUES (?, ?, 'cast', ?, ?, ?, ?, NULL, ?)",
                            ((i + 1, i + 1, f"cast{i % MACHINES + 1}", f"caster{i % MACHINES + 1}",
                              t0ms + int(i * span_ms) - 220_000, t0ms + int(i * span_ms),
                              "ng" if i % 33 == 0 else "ok") for i in range(lo, hi)))
            cur.executemany("INSERT INTO trace_step_params (step_id, tag, vmin, vmax, vavg, n, unit, range_lo, "
                            "range_hi) VALUES (?, ?, ?, ?, ?, 40, '°C', ?, ?)",
                            (row for i in range(lo, hi) for row in (
                                (i + 1, f"caster{i % MACHINES + 1}.melt_temp", 700.0 + i % 7, 712.0 + i % 11,
                                 706.0, 690.0, 730.0),
                                (i + 1, f"caster{i % MACHINES + 1}.die_temp", 340.0 + i % 13, 420.0 + i % 17,
                                 390.0, 300.0, 450.0))))
            cur.executemany("INSERT INTO trace_part_lots (part_id, kind, lot, ts) VALUES (?, 'heat', ?, ?)",
                            ((i + 1, f"H{(i % MACHINES) + 1}-{(i // MACHINES) // PARTS_PER_HEAT:07d}",
                              t0ms + int(i * span_ms)) for i in range(lo, hi)))
            raw.commit()
        timings["parts_steps_params_lots_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        for _name, sql in indexes:
            cur.execute(sql)
        raw.commit()
        timings["indexes_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        rng = random.Random(1)
        cur.executemany("INSERT INTO alarm_events (ts, alarm_id, tag, equipment, kind, priority, event, state_after, "
                        "message) VALUES (?, ?, ?, ?, 'HI', 2, ?, ?, 'bench alarm')",
                        ((t0ms + rng.randrange(YEAR_S * 1000), f"caster{m}.melt_temp.HI", f"caster{m}.melt_temp",
                          f"caster{m}", ev, st)
                         for m, ev, st in ((rng.randrange(MACHINES) + 1, *rng.choice(
                             (("raised", "UNACK_ACTIVE"), ("cleared", "NORMAL")))) for _ in range(100_000))))
        raw.commit()
        cur.execute("PRAGMA analysis_limit=2000")
        cur.execute("ANALYZE")
        raw.commit()
        timings["alarms_analyze_s"] = round(time.perf_counter() - t, 1)
    finally:
        raw.close()
    return timings


def bench_queries(engine, parts: int, lookups: int) -> dict:
    from hmi.trace.coverage import trace_coverage
    from hmi.trace.genealogy import TraceStore

    store = TraceStore(engine)
    rng = random.Random(7)
    store.lookup(_serial(0))  # warm the connection pool and statement caches
    ms, cpu, steps = [], [], 0
    for _ in range(lookups):
        s = _serial(rng.randrange(parts))
        c = time.process_time()
        t = time.perf_counter()
        h = store.lookup(s)
        ms.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert h is not None and h.serial == s
        steps += len(h.steps)
    span = YEAR_S / parts
    cont_ms, cont_cpu, cont_n = [], [], []
    for _ in range(20):
        day = rng.randrange(1, 364)
        t0 = T0 + day * 86400
        c = time.process_time()
        t = time.perf_counter()
        rows = store.parts_by_equipment(f"caster{rng.randrange(MACHINES) + 1}", t0, t0 + 86400)
        cont_ms.append((time.perf_counter() - t) * 1000)
        cont_cpu.append((time.process_time() - c) * 1000)
        cont_n.append(len(rows))
    lot_ms, lot_n = [], []
    heats = max(1, parts // MACHINES // PARTS_PER_HEAT)
    for _ in range(20):
        lot = f"H{rng.randrange(MACHINES) + 1}-{rng.randrange(heats):07d}"
        t = time.perf_counter()
        rows = store.parts_by_lot(lot, "heat")
        lot_ms.append((time.perf_counter() - t) * 1000)
        lot_n.append(len(rows))
    day0 = T0 + 100 * 86400
    t = time.perf_counter()
    cov = trace_coverage(engine, day0, day0 + 86400, required_steps={"line1": ["cast"], "line2": ["cast"]})
    cov_ms = (time.perf_counter() - t) * 1000
    return {
        "lookup_ms": _ms(ms), "lookup_cpu_ms": _ms(cpu), "lookup_steps_per_part": steps / max(1, lookups),
        "containment_machine_day_ms": _ms(cont_ms), "containment_machine_day_cpu_ms": _ms(cont_cpu), "containment_machine_day_parts": statistics.median(cont_n),
        "containment_heat_ms": _ms(lot_ms), "containment_heat_parts": statistics.median(lot_n),
        "coverage_one_day_ms": round(cov_ms, 1), "coverage_one_day": [r.to_dict() for r in cov],
        "parts_per_day": round(86400 / span),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parts", type=int, default=5_000_000)
    ap.add_argument("--lookups", type=int, default=200)
    ap.add_argument("--db-dir", type=Path, default=None, help="where the SQLite file goes (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the database file")
    ap.add_argument("--reuse", action="store_true",
                    help="time the queries on the file an earlier --keep run left in --db-dir (no inserts)")
    ap.add_argument("--skip-decode", action="store_true")
    ap.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    args = ap.parse_args(argv)
    if args.parts < 1000:
        ap.error("--parts must be at least 1000")
    doc: dict = {"bench": "trace", "python": platform.python_version(), "machine": platform.machine(),
                 "cpus": os.cpu_count(), "load_avg_start": os.getloadavg()}
    if not args.skip_decode:
        doc["decode"] = bench_decode(args.datasets)
    from hmi.store.db import open_database, sqlite_url

    tmp = None
    base = args.db_dir
    if base is None:
        tmp = tempfile.TemporaryDirectory(prefix="lineside-trace-bench-")
        base = Path(tmp.name)
    base.mkdir(parents=True, exist_ok=True)
    path = base / f"trace-{args.parts}.db"
    reuse = args.reuse and path.exists()
    if path.exists() and not reuse:
        path.unlink()
    engine = open_database(sqlite_url(path))
    try:
        if reuse:
            doc["populate"] = f"reused {path}"
        else:
            t = time.perf_counter()
            doc["populate"] = populate(engine, args.parts)
            doc["populate"]["total_s"] = round(time.perf_counter() - t, 1)
        doc["parts"] = args.parts
        doc["db_mb"] = round(path.stat().st_size / 1e6, 1)
        doc["queries"] = bench_queries(engine, args.parts, args.lookups)
        q = doc["queries"]
        doc["targets"] = {"lookup_median_ms<=20": q["lookup_ms"]["median"] <= 20,
                          "containment_day_median_ms<=200": q["containment_machine_day_ms"]["median"] <= 200}
    finally:
        engine.dispose()
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        if tmp is not None and not args.keep:
            tmp.cleanup()
    doc["load_avg_end"] = os.getloadavg()
    print(json.dumps(doc, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
