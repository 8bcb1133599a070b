"""`lineside trace ...`: read part marks, look up a part's history, containment and coverage.

    lineside trace decode IMAGE... [--ocr] [--no-preprocess] --json
        [{"image", "text" (null when none), "format", "method", "ms", "error"}]; exits 1 when no image
        gave a mark (every image is still reported)
    lineside trace lookup SERIAL --db URL [--config FILE] --json
        the part's history (steps with parameters vs normal ranges, alarms, lots, events, inspections);
        exits 1 with a reason when the part is unknown or the serial breaks the plant's format
    lineside trace contain --db URL (--equipment EQ --from T --to T | --lot LOT [--kind heat]) [--out FILE.csv] --json
        containment: every part processed by a machine in a time window, or made from a material lot
    lineside trace coverage --db URL [--from T --to T] [--config FILE] [--utc-offset H] --json
        share of produced parts with a complete history per line and day
    lineside trace event SERIAL --kind rework|shipment|scrap --db URL --user NAME [--ref REF] [--note TEXT]
        record a rework, shipment or scrap of a known part

The lead hooks this into hmi/cli.py with ``add_parser(sub)``; each command's ``func``
returns an exit code and raises ``hmi.commands.common.CliError`` (one-line reason) on failure.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from hmi.commands.common import cli_login, fail, needs_subcommand, open_existing, parse_time, window_flags

__all__ = ["add_parser", "cmd_trace_decode", "cmd_trace_lookup", "cmd_trace_contain", "cmd_trace_coverage",
           "cmd_trace_event"]


def _plant(path: str | None):
    from hmi.config import load_config

    return load_config(path) if path else None


def _print_json(doc) -> None:
    print(json.dumps(doc, ensure_ascii=False, indent=1, default=str))


def _iso(t: float | None) -> str:
    if t is None:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)) + "Z"


# ------------------------------------------------------------------------------------ commands
def cmd_trace_decode(args) -> int:
    from vision.marks import decode_file, ocr_status, tesseract_path

    if args.ocr and tesseract_path() is None:
        print(f"lineside: {ocr_status()}; decoding marks only", file=sys.stderr)
    rows = [decode_file(p, preprocess=not args.no_preprocess, ocr=args.ocr) for p in args.images]
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            print(f"{r['image']}: {r['text'] if r['text'] is not None else '-'} "
                  f"({r['format'] or r['error']}, {r['method'] or ''} {r['ms']} ms)")
    return 0 if any(r["text"] is not None for r in rows) else 1


def cmd_trace_lookup(args) -> int:
    from hmi.trace.genealogy import TraceStore
    from hmi.trace.serials import SerialFormat

    serial = SerialFormat.normalise(args.serial)
    plant = _plant(args.config)
    if plant is not None:
        problem = SerialFormat.from_config(plant.trace).problem(serial)
        if problem:
            fail(problem)
    engine = open_existing(args.db)
    try:
        hist = TraceStore(engine).lookup(serial)
    finally:
        engine.dispose()
    if hist is None:
        fail(f"no part {serial} in {args.db}")
    if args.json:
        _print_json(hist.to_dict())
        return 0
    print(f"{hist.serial}  {hist.product or ''}  line {hist.line}  created {_iso(hist.created_ts)}")
    for s in hist.steps:
        print(f"  {s.step:10s} {s.equipment:12s} {_iso(s.start_ts)} .. {_iso(s.end_ts)}  {s.result or '-'}"
              f"  {s.operator or ''}")
        for p in s.params:
            flag = {True: "ok", False: "OUT OF RANGE", None: ""}[p.in_range]
            print(f"      {p.tag:28s} min {p.vmin} max {p.vmax} mean {p.vavg} {p.unit or ''} "
                  f"[{p.range_lo}..{p.range_hi}] {flag}")
        for a in s.alarms:
            print(f"      alarm P{a.priority} {a.alarm_id}: {a.message or ''} ({a.last_state})")
    for lot in hist.lots:
        print(f"  lot {lot['kind']}: {lot['lot']}")
    for i in hist.inspections:
        print(f"  inspection {i.station} {_iso(i.captured_ts)}: AI {i.ai_text} {i.score}, {i.review_state}")
    for e in hist.events:
        print(f"  {e.kind} {_iso(e.ts)} {e.ref or ''} {e.note or ''}")
    return 0


def cmd_trace_contain(args) -> int:
    from hmi.trace.genealogy import TraceStore, write_csv

    if bool(args.equipment) == bool(args.lot):
        fail("say what to contain: --equipment EQ --from T --to T, or --lot LOT")
    engine = open_existing(args.db)
    try:
        store = TraceStore(engine)
        if args.equipment:
            if not args.from_ or not args.to:
                fail("--equipment needs --from T and --to T")
            t0, t1 = parse_time(args.from_), parse_time(args.to)
            if t1 < t0:
                fail("--to is before --from")
            rows = store.parts_by_equipment(args.equipment, t0, t1)
        else:
            rows = store.parts_by_lot(args.lot, args.kind)
    finally:
        engine.dispose()
    if args.out:
        try:
            write_csv(rows, args.out)
        except OSError as exc:
            fail(f"cannot write {args.out}: {exc.strerror or exc}")
    if args.json:
        _print_json({"count": len(rows), "parts": [r.__dict__ for r in rows]})
    else:
        print(f"{len(rows)} parts" + (f", written to {args.out}" if args.out else ""))
    return 0


def cmd_trace_coverage(args) -> int:
    from hmi.trace.coverage import requirements_from_config, trace_coverage

    t1 = parse_time(args.to) if args.to else time.time()
    t0 = parse_time(args.from_) if args.from_ else t1 - 7 * 86400
    if t1 <= t0:
        fail("--to must be after --from")
    plant = _plant(args.config)
    kw = requirements_from_config(plant) if plant is not None else {}
    engine = open_existing(args.db)
    try:
        rows = trace_coverage(engine, t0, t1, utc_offset_s=int(round(args.utc_offset * 3600)), **kw)
    finally:
        engine.dispose()
    if args.json:
        _print_json([r.to_dict() for r in rows])
    else:
        for r in rows:
            share = "-" if r.share is None else f"{100 * r.share:.1f} %"
            print(f"{r.line} {r.day}: {r.complete}/{r.produced} complete ({share}) missing {r.missing}")
    return 0


def cmd_trace_event(args) -> int:
    from hmi.trace.genealogy import TraceError, TraceStore
    from hmi.trace.serials import SerialFormat

    serial = SerialFormat.normalise(args.serial)
    engine = open_existing(args.db)
    try:
        access, user = cli_login(engine, args.db, args.user, "trace.event", serial)
        event_id = TraceStore(engine).record_event(serial, args.kind, ref=args.ref, user=user.name, note=args.note)
        access.audit.append(user, "trace.event", serial, detail={"kind": args.kind, "ref": args.ref,
                                                                 "note": args.note, "id": event_id})
    except TraceError as exc:
        fail(str(exc))
    finally:
        engine.dispose()
    if args.json:
        _print_json({"serial": serial, "kind": args.kind, "id": event_id})
    else:
        print(f"{args.kind} of {serial} recorded (#{event_id})")
    return 0


# ------------------------------------------------------------------------------------- parser
def add_parser(sub) -> argparse.ArgumentParser:

    t = sub.add_parser("trace", help="part marks, genealogy lookup, containment, trace coverage")
    tsub = t.add_subparsers(dest="what", metavar="<what>")

    d = tsub.add_parser("decode", help="read DataMatrix/QR part marks from image files")
    d.add_argument("images", nargs="+", metavar="IMAGE")
    d.add_argument("--ocr", action="store_true", help="read the engraved serial by OCR when no code decodes")
    d.add_argument("--no-preprocess", action="store_true", help="plain zxing-cpp only (no direct-part-mark retries)")
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=cmd_trace_decode)

    lk = tsub.add_parser("lookup", help="the full process history of one part")
    lk.add_argument("serial", metavar="SERIAL")
    lk.add_argument("--db", required=True, metavar="URL")
    lk.add_argument("--config", metavar="FILE", help="plant file: check the serial against its format")
    lk.add_argument("--json", action="store_true")
    lk.set_defaults(func=cmd_trace_lookup)

    c = tsub.add_parser("contain", help="parts processed by a machine in a window, or sharing a material lot")
    c.add_argument("--db", required=True, metavar="URL")
    c.add_argument("--equipment", metavar="EQ")
    window_flags(c)
    c.add_argument("--lot", metavar="LOT")
    c.add_argument("--kind", metavar="KIND", help="lot kind, e.g. heat")
    c.add_argument("--out", metavar="FILE.csv")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_trace_contain)

    cv = tsub.add_parser("coverage", help="share of produced parts with a complete history per line and day")
    cv.add_argument("--db", required=True, metavar="URL")
    window_flags(cv, "default: 7 days before --to", "default: now")
    cv.add_argument("--config", metavar="FILE", help="plant file: required steps and lots from its trace stations")
    cv.add_argument("--utc-offset", type=float, default=0.0, metavar="H", help="plant time zone offset (hours)")
    cv.add_argument("--json", action="store_true")
    cv.set_defaults(func=cmd_trace_coverage)
    ev = tsub.add_parser("event", help="record a rework, shipment or scrap of a part")
    ev.add_argument("serial", metavar="SERIAL")
    ev.add_argument("--kind", required=True, choices=("rework", "shipment", "scrap"))
    ev.add_argument("--db", required=True, metavar="URL")
    ev.add_argument("--ref", metavar="REF", help="rework order, delivery note, ...")
    ev.add_argument("--user", metavar="NAME", required=True,
                    help="who records it (operator and up); the password from LINESIDE_PASSWORD or the terminal")
    ev.add_argument("--note", metavar="TEXT")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(func=cmd_trace_event)
    t.set_defaults(func=needs_subcommand("say what: `lineside trace decode|lookup|contain|coverage|event ...`"))
    return t
