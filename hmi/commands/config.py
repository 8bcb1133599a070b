"""`lineside config`: check, compare and fill plant files without hand-writing TOML. Qt-free.

    lineside config check plant.toml                    loads it as the station would; says what it holds
    lineside config diff old.toml new.toml              what changed, by meaning (devices, tags, alarms, ...)
    lineside config test --config plant.toml [--equipment EQ]
                                                        does each device answer, how fast, what it says it is
    lineside config template --out tags.xlsx [--protocol modbus|s7|opcua]
                                                        a tag sheet with every column and two example rows
    lineside config import-tags tags.xlsx --config plant.toml --equipment press1 --out plant.toml
                                                        the sheet's tags added to a device; every wrong row is
                                                        reported by row and column and nothing is written

``--out`` may be the ``--config`` file itself: the previous version is kept beside it as
``plant.toml.<date-time>.bak`` and the new one replaces it atomically.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from hmi.commands.common import EXIT_FAIL, EXIT_OK, emit, fail

__all__ = ["add_parser"]


def _load(path: str):
    from hmi.config import ConfigError, load_config

    try:
        return load_config(path)
    except ConfigError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")


def cmd_check(args) -> int:
    plant = _load(args.file)
    by_protocol: dict[str, int] = {}
    for e in plant.equipment:
        by_protocol[e.connection.protocol] = by_protocol.get(e.connection.protocol, 0) + 1
    doc = {"file": args.file, "ok": True, "plant": plant.name, "lines": len(plant.lines),
           "devices": len(plant.equipment), "devices_by_protocol": by_protocol, "tags": len(plant.tags),
           "alarms": len(plant.alarms), "writable": sum(1 for t in plant.tags if t.writable),
           "scan_classes": plant.scan_classes}
    protocols = ", ".join(f"{n} {p}" for p, n in sorted(by_protocol.items()))
    emit(args, doc, f"{args.file}: ok: {plant.name}: {len(plant.lines)} line(s), {len(plant.equipment)} device(s) "
                    f"({protocols}), {doc['tags']} tags ({doc['writable']} writable), {doc['alarms']} alarms")
    return EXIT_OK


def cmd_diff(args) -> int:
    from hmi.plantfile.diff import devices_changed, diff_plants

    a, b = _load(args.a), _load(args.b)
    changes = diff_plants(a, b)
    restart = sorted(devices_changed(a, b))
    doc = {"a": args.a, "b": args.b, "changes": [
        {"kind": c.kind, "what": c.what, "field": c.field, "before": c.before, "after": c.after} for c in changes],
        "devices_to_restart": restart}
    human = "\n".join(str(c) for c in changes) or "no difference"
    if changes:
        human += f"\nacquisition restarts for: {', '.join(restart) if restart else 'no device'}"
    emit(args, doc, human)
    return EXIT_OK if not changes or not args.exit_code else EXIT_FAIL


def cmd_test(args) -> int:
    from hmi.plantfile.probe import test_connection

    plant = _load(args.config)
    ids = [args.equipment] if args.equipment else [e.id for e in plant.equipment]
    results = []
    for eid in ids:
        try:
            eq = plant.equipment_by_id(eid)
        except KeyError:
            fail(f"{eid}: no such device in {args.config} (devices: {', '.join(e.id for e in plant.equipment)})")
        results.append(test_connection(eq))
    doc = [{"equipment": r.equipment_id, "protocol": r.protocol, "ok": r.ok, "latency_ms": r.latency_ms,
            "identity": r.identity, "error": r.error} for r in results]
    emit(args, doc, "\n".join(r.text() for r in results))
    return EXIT_OK if all(r.ok for r in results) else EXIT_FAIL


def cmd_template(args) -> int:
    from hmi.plantfile.tagsheet import write_template

    try:
        p = write_template(args.out, args.protocol)
    except (ValueError, OSError) as exc:
        fail(str(exc))
    print(f"tag sheet template for {args.protocol}: {p} (row 2 says what each column holds; delete the example "
          f"rows)")
    return EXIT_OK


def cmd_import_tags(args) -> int:
    from hmi.config import ConfigError, parse_config
    from hmi.plantfile.edit import add_tags, save_atomically
    from hmi.plantfile.tagsheet import SheetError, tag_tables

    cfg = Path(args.config)
    try:
        text = cfg.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"{cfg}: {exc.strerror or exc}")
    try:
        plant = parse_config(text, cfg)
    except ConfigError as exc:
        fail(str(exc))
    try:
        eq = plant.equipment_by_id(args.equipment)
    except KeyError:
        fail(f"{args.equipment}: no such device in {cfg} (devices: {', '.join(e.id for e in plant.equipment)})")
    try:
        tables = tag_tables(args.sheet, eq, plant.scan_classes, eq.tags)
    except SheetError as exc:
        fail(str(exc))
    except (ValueError, OSError) as exc:
        fail(f"{args.sheet}: {exc}")
    try:
        new_text, new_plant = add_tags(text, eq.id, tables, str(args.out or cfg))
    except ConfigError as exc:  # a rule across the file (an alarm's suppression tag ...): nothing written
        fail(f"the sheet's tags make the plant file invalid: {exc}")
    out = Path(args.out) if args.out else None
    doc = {"sheet": args.sheet, "equipment": eq.id, "imported": [t["name"] for t in tables],
           "tags_now": len(new_plant.equipment_by_id(eq.id).tags), "out": str(out) if out else None}
    if args.dry_run or out is None:
        emit(args, doc, f"{args.sheet}: {len(tables)} tags would be added to {eq.id} (nothing written: "
                        f"{'--dry-run' if args.dry_run else 'give --out FILE'})")
        return EXIT_OK
    kept = save_atomically(out, new_text)
    doc["backup"] = str(kept) if kept else None
    emit(args, doc, f"{args.sheet}: {len(tables)} tags added to {eq.id} -> {out}"
                    + (f" (previous version kept as {kept.name})" if kept else ""))
    return EXIT_OK


def add_parser(sub) -> argparse.ArgumentParser:
    c = sub.add_parser("config", help="check, compare and fill plant files (tag sheets)")
    csub = c.add_subparsers(dest="what", metavar="<what>")
    ck = csub.add_parser("check", help="load a plant file as the station would; say what it holds")
    ck.add_argument("file", metavar="FILE")
    ck.add_argument("--json", action="store_true")
    ck.set_defaults(func=cmd_check)
    d = csub.add_parser("diff", help="what changed between two plant files")
    d.add_argument("a", metavar="A")
    d.add_argument("b", metavar="B")
    d.add_argument("--json", action="store_true")
    d.add_argument("--exit-code", action="store_true", help="exit 1 when they differ")
    d.set_defaults(func=cmd_diff)
    te = csub.add_parser("test", help="does each device answer, how fast, and what does it say it is")
    te.add_argument("--config", required=True, metavar="FILE")
    te.add_argument("--equipment", metavar="EQ", help="only this device (default: every device)")
    te.add_argument("--json", action="store_true")
    te.set_defaults(func=cmd_test)
    t = csub.add_parser("template", help="a tag sheet (.xlsx or .csv) with every column and example rows")
    t.add_argument("--out", required=True, metavar="FILE")
    t.add_argument("--protocol", default="modbus", choices=("modbus", "s7", "opcua"))
    t.set_defaults(func=cmd_template)
    i = csub.add_parser("import-tags", help="add a tag sheet's tags to a device of a plant file")
    i.add_argument("sheet", metavar="SHEET")
    i.add_argument("--config", required=True, metavar="FILE")
    i.add_argument("--equipment", required=True, metavar="EQ")
    i.add_argument("--out", metavar="FILE", help="where the new plant file goes (may be --config itself)")
    i.add_argument("--dry-run", action="store_true")
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=cmd_import_tags)

    def needs(_args):
        fail("say what: `lineside config check|diff|test|template|import-tags` (see --help)")

    c.set_defaults(func=needs)
    return c
