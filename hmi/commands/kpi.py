"""`lineside kpi report`: a shift report (PDF and/or CSV, or JSON) from the plant database. Qt-free.

    lineside kpi report --db URL --line line1 --shift early@2026-11-23 --pdf shift.pdf --csv shift.csv
    lineside kpi report --db URL --line line1 --from 2026-11-23T06:00 --to 2026-11-23T14:00 --format pdf --out r.pdf
    lineside kpi report --db URL --line line1 --shift last --json

``--shift``: ``NAME@YYYY-MM-DD`` (the production day the shift starts on), ``current`` (the shift
running now, so far) or ``last`` (the last finished shift). ``--config``: the plant file whose
``[lines.kpi]`` describes the line (default: ``plant.toml`` in the user config folder, else the demo
plant). Hooked into hmi/cli.py with ``add_parser(sub)``; errors are raised as
``hmi.commands.common.CliError`` (one line, non-zero exit).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from hmi.commands.common import fail, parse_time, window_flags

__all__ = ["add_parser", "cmd_kpi_report", "resolve_period"]


def _plant(config: str | None):
    from hmi.config import demo_config_path, load_config

    if config:
        return load_config(config)
    from platformdirs import user_config_dir

    user = Path(user_config_dir("lineside", appauthor=False)) / "plant.toml"
    return load_config(user if user.exists() else demo_config_path())


def plant_now(historian, line) -> float:
    """The plant's "now" for a report: the wall clock, or the newest state sample of the line's machines
    when that is later (a simulated plant running faster than real time, ``lineside demo --speed``, is
    ahead of the wall clock; its "current shift" is the simulated one)."""
    keys = [f"{m.equipment}.{m.state_tag}" for m in line.kpi.machines]
    newest = max((s.ts for s in historian.latest(keys).values()), default=0.0)
    return max(time.time(), newest)


def resolve_period(kc, shift: str | None, t_from: float | None, t_to: float | None,
                   now: float | None = None) -> tuple[float, float, str]:
    """(t0, t1, title suffix) from ``--shift`` or ``--from/--to``; ValueError when unclear."""
    from hmi.kpi.service import current_shift, schedule_of

    now = time.time() if now is None else now
    if shift:
        if t_from is not None or t_to is not None:
            raise ValueError("give either --shift or --from/--to, not both")
        if shift in ("current", "last"):
            inst = current_shift(kc, now)
            if shift == "last":
                done = [i for i in schedule_of(kc).instances(now - 8 * 86400, now) if i.end <= now]
                inst = done[-1] if done else None
            if inst is None:
                raise ValueError(f"no {shift} shift in the schedule")
            return inst.start, inst.end, f"{inst.name} {inst.day}"
        name, _, day = shift.partition("@")
        names = [s.name for s in kc.shifts]
        if name not in names:
            raise ValueError(f"no shift {name!r} (the line has: {', '.join(names)})")
        try:
            d = date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"--shift {shift!r}: use NAME@YYYY-MM-DD, current or last") from None
        from datetime import datetime

        lo = datetime(d.year, d.month, d.day).timestamp() - 2 * 86400
        for inst in schedule_of(kc).instances(lo, lo + 5 * 86400):
            if inst.name == name and inst.day == d.isoformat():
                return inst.start, inst.end, f"{inst.name} {inst.day}"
        raise ValueError(f"shift {name} does not run on {d.isoformat()} (not a workday)")
    if t_from is None:
        raise ValueError("say which period: --shift NAME@YYYY-MM-DD|current|last, or --from T [--to T]")
    t1 = now if t_to is None else t_to
    if not t1 > t_from:
        raise ValueError("--to must be after --from")
    return t_from, t1, ""


def cmd_kpi_report(args) -> int:
    from hmi.kpi.report import write_csv, write_pdf
    from hmi.kpi.service import compute_line
    from hmi.kpi.shiftlog import ShiftLog

    pdf, csv_out = args.pdf, args.csv
    if args.out or args.format:
        if not (args.out and args.format):
            fail("--format and --out go together (or use --pdf FILE / --csv FILE)")
        if args.format == "pdf":
            pdf = pdf or args.out
        else:
            csv_out = csv_out or args.out
    if not (pdf or csv_out or args.json):
        fail("say where the report goes: --pdf FILE, --csv FILE, --format pdf|csv --out FILE, or --json")
    plant = _plant(args.config)
    try:
        line = plant.line(args.line)
    except KeyError:
        fail(f"no line {args.line!r} in {plant.source} (have: {', '.join(x.id for x in plant.lines)})")
    if line.kpi is None:
        fail(f"line {args.line!r} has no [lines.kpi] section in {plant.source}")
    if args.db.startswith("sqlite:///") and not Path(args.db[len("sqlite:///"):]).exists():
        fail(f"no database at {args.db[len('sqlite:///'):]}")
    from hmi.store.db import open_database
    from hmi.store.historian import Historian

    engine = open_database(args.db)
    try:
        historian = Historian(engine)
        now = plant_now(historian, line)
        try:
            t0, t1, label = resolve_period(line.kpi, args.shift, parse_time(args.from_), parse_time(args.to), now)
        except ValueError as exc:
            fail(str(exc))
        log = ShiftLog(engine)
        try:
            result = compute_line(plant, args.line, historian, t0, t1, shift_log=log, now=now)
        except ValueError as exc:
            fail(str(exc))
        entries = list(reversed(log.entries(args.line, result.t0, result.t1, limit=None)))
        title = f"Shift report - {line.name}" + (f" - {label}" if label else "")
        written = []
        if pdf:
            written.append(str(write_pdf(result, pdf, entries, title=title)))
        if csv_out:
            written.append(str(write_csv(result, csv_out, entries)))
    finally:
        engine.dispose()
    if args.json:
        doc = result.to_dict() | {"files": written}
        sys.stdout.write(json.dumps(doc, default=str) + "\n")
    else:
        k = result.kpis
        oee = "not defined" if k["oee"] is None else f"{100 * k['oee']:.1f} %"
        print(f"{title}: OEE {oee}, {result.totals.good} good, {result.totals.defects} defects; wrote "
              + (", ".join(written) or "nothing"))
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `kpi report` on ``subparsers``."""
    k = subparsers.add_parser("kpi", help="production KPIs and shift reports")
    ksub = k.add_subparsers(dest="kpi_what", metavar="<what>")
    r = ksub.add_parser("report", help="shift report as PDF and/or CSV (or --json)")
    r.add_argument("--db", required=True, metavar="URL")
    r.add_argument("--line", required=True, metavar="L", help="line id")
    r.add_argument("--config", metavar="FILE", help="plant configuration (default: user plant.toml, else the demo)")
    r.add_argument("--shift", metavar="NAME@DAY", help="NAME@YYYY-MM-DD, current or last")
    window_flags(r, "start (ISO 8601 UTC, epoch s, or -8h)")
    r.add_argument("--pdf", metavar="OUT.pdf")
    r.add_argument("--csv", metavar="OUT.csv")
    r.add_argument("--format", choices=("pdf", "csv"), help="with --out (DESIGN.md form)")
    r.add_argument("--out", metavar="FILE")
    r.add_argument("--json", action="store_true", help="print the KPIs as one JSON document")
    r.set_defaults(func=cmd_kpi_report)

    def needs(args):
        fail("say what: `lineside kpi report --db URL --line L --shift NAME@DAY --pdf OUT`")

    k.set_defaults(func=needs)
    return k
