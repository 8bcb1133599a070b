"""`lineside <command>`: the one entry point (also `python -m hmi`).

Every command exits 0 on success and non-zero with a one-line reason on failure.  With ``--json``
a command prints one JSON document on stdout and nothing else there (logs go to stderr).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from hmi.store.redact import redact_argv, redact_url
from hmi.commands.common import (EXIT_FAIL, EXIT_OK, EXIT_USAGE, CliError, emit, existing_sqlite, free_port,
                                 install_signal_stop, needs_subcommand, parse_time, port_free, setup_logging, wait,
                                 window_flags)

log = logging.getLogger("lineside")

def _summary(runtime, seconds: float, status: dict, latest: dict) -> dict:
    """The headless run's summary: devices and tags as they were at the end of the run (``status``,
    ``latest``), the historian's figures after the plant stopped and every writer flushed:
    ``values_stored`` is what this run committed, ``values_in_database`` is counted in the database."""
    good = sum(1 for s in latest.values() if int(s.quality) == 0)
    stats = runtime.historian_stats()
    in_db = runtime.historian.count() if runtime.historian is not None else None
    return {
        "plant": runtime.plant.name,
        "seconds": round(seconds, 2),
        "db": redact_url(runtime.db_url),
        "tags": len(runtime.plant.tags),
        "tags_good": good,
        "alarms_active": [
            {"id": v.alarm_id, "state": str(getattr(v.state, "value", v.state)), "priority": v.priority,
             "message": v.message}
            for v in runtime.alarms.active()
        ],
        "historian": stats,
        "values_stored": stats.get("rows_written") if runtime.historian is not None else None,
        "values_in_database": in_db,
        # each inspection station on the line: verdicts to the PLC, late, without an image, image-to-PLC latency
        "inspection": {sid: {k: v for k, v in line.stats().items() if k != "sequence"}
                       for sid, line in runtime.line_inspections.items()},
        "devices": {
            k: {
                "connected": v.connected,
                "reads_ok": v.reads_ok,
                "reads_failed": v.reads_failed,
                "reconnects": v.reconnects,
                "last_error": v.last_error,
            }
            for k, v in status.items()
        },
    }


def _run_services(args, runtime) -> int:
    """Run ``runtime`` (built by the composition root, :mod:`hmi.runtime`), either headless for
    --duration seconds or with the HMI window; it is stopped on the way out."""
    db_url = runtime.db_url
    runtime.start()
    t0 = time.monotonic()
    try:
        if args.headless:
            stop_event = threading.Event()
            install_signal_stop(stop_event)
            wait(args.duration, stop_event)
            seconds = time.monotonic() - t0
            status, latest = runtime.device_status(), runtime.latest()  # as the run ended
            runtime.stop()  # acquisition first, then every writer flushed: the figures below are final
            doc = _summary(runtime, seconds, status, latest)
            online = sum(1 for d in doc["devices"].values() if d["connected"])
            emit(args, doc, f"{doc['plant']}: ran {doc['seconds']} s, {online}/{len(doc['devices'])} devices online, "
                             f"{doc['tags_good']}/{doc['tags']} tags good, "
                             f"{doc['values_stored']} values stored in {redact_url(db_url)}")
            return EXIT_OK
        from hmi.ui.app import run_gui

        return run_gui(runtime, lang=getattr(args, "lang", None) or getattr(args, "top_lang", None),
                       kiosk=bool(getattr(args, "kiosk", False) or getattr(args, "top_kiosk", False)))
    finally:
        runtime.stop()


# ---------------------------------------------------------------------------- commands
def _opcua_port(plant, host: str) -> int:
    """The port the plant file's first OPC UA endpoint names when it is free here, else 0 (any free port)."""
    from urllib.parse import urlparse

    for e in plant.equipment:
        if e.connection.protocol == "opcua":
            port = urlparse(e.connection.endpoint).port or 4840
            return port if port_free(host, port) else 0
    return 0


def cmd_demo(args) -> int:
    from hmi.config import demo_config_path, load_config
    from hmi.equipment.simulator import DEMO_TRUTH_KEEP_S, LineSimulator, parse_fault
    from hmi.runtime import Runtime, default_db_url

    plant = load_config(demo_config_path())
    host = "127.0.0.1"
    if args.port is not None:
        port = args.port
        if not port_free(host, port):
            raise CliError(f"port {port} is in use: pick another with --port N")
    else:
        port = 5020 if port_free(host, 5020) else free_port(host)
    if args.data_dir:
        data_dir = Path(args.data_dir)
    else:
        from hmi.paths import demo_data_dir

        data_dir = demo_data_dir(datetime.now().strftime("%Y%m%d-%H%M%S"))
    data_dir.mkdir(parents=True, exist_ok=True)
    faults = [parse_fault(f) for f in (args.fault or [])]
    simulator = LineSimulator(plant, host=host, port=port, speed=args.speed, faults=faults,
                              truth_keep_s=DEMO_TRUTH_KEEP_S, opcua_port=_opcua_port(plant, host))
    simulator.start()
    log.info("demo plant simulated on %s:%d (Modbus) and %s (OPC UA), speed x%g, data in %s", host, simulator.port,
             simulator.opcua_endpoint, args.speed, data_dir)
    plant = simulator.served_plant()
    try:
        # the station runs on the simulated plant's clock: every figure means the same at any --speed
        runtime = Runtime(plant, default_db_url(data_dir), data_dir=data_dir, clock=simulator.plant_clock,
                          time_scale=args.speed).add_demo(simulator)
        from hmi.plantfile.edit import with_connections_of

        # the Devices page edits the demo plant pointed at the simulator; Save writes it to the demo's folder
        runtime.set_plant_source(with_connections_of(demo_config_path().read_text(encoding="utf-8"), plant),
                                 data_dir / "plant.toml", exists=False)
        return _run_services(args, runtime)
    finally:
        simulator.stop()


def cmd_simulate(args) -> int:
    from hmi.config import demo_config_path, load_config
    from hmi.equipment.simulator import DEMO_TRUTH_KEEP_S, LineSimulator, parse_fault

    plant = load_config(args.config or demo_config_path())
    faults = [parse_fault(f) for f in (args.fault or [])]
    if not port_free(args.host, args.port):
        raise CliError(f"port {args.port} is in use on {args.host}: pick another with --port N")
    simulator = LineSimulator(plant, host=args.host, port=args.port, speed=args.speed, faults=faults,
                              truth_keep_s=DEMO_TRUTH_KEEP_S, opcua_port=_opcua_port(plant, args.host))
    simulator.start()
    units = ", ".join(f"{e.id}=unit {e.connection.unit_id}" for e in plant.equipment
                     if hasattr(e.connection, "unit_id"))
    opc = f"; OPC UA on {simulator.opcua_endpoint}" if simulator.opcua_endpoint else ""
    print(f"simulating {plant.name} on {args.host}:{simulator.port} ({units}){opc}, speed x{args.speed:g}; "
          f"Ctrl+C stops", file=sys.stderr, flush=True)
    stop_event = threading.Event()
    install_signal_stop(stop_event)
    try:
        wait(args.duration, stop_event)
    finally:
        simulator.stop()
    return EXIT_OK


def cmd_run(args) -> int:
    from hmi.config import load_config
    from hmi.runtime import Runtime, default_db_url

    plant = load_config(args.config)
    db_url = args.db
    if db_url is None:
        from hmi.paths import data_dir

        db_url = default_db_url(data_dir())
    runtime = Runtime(plant, db_url, confirm_retention=args.confirm_retention)
    runtime.set_plant_source(Path(args.config).read_text(encoding="utf-8"), Path(args.config).resolve())
    return _run_services(args, runtime)


def cmd_setup(args) -> int:
    """`lineside setup`: a new plant from an empty plant file, set up on screen (the Devices page opens first)."""
    from hmi.paths import default_config_file
    from hmi.plantfile.draft import EMPTY_PLANT
    from hmi.plantfile.edit import save_atomically

    cfg = Path(args.config) if args.config else default_config_file()
    if cfg.exists():
        raise CliError(f"{cfg} exists: start it with `lineside run --config {cfg}` and go on setting it up on its "
                       f"Devices page")
    cfg.parent.mkdir(parents=True, exist_ok=True)
    save_atomically(cfg, EMPTY_PLANT.format(name=args.name.replace('"', "'")), backup=False)
    print(f"created {cfg}: an empty plant with one line; log in as an engineer and add its devices on the "
          f"Devices page", file=sys.stderr, flush=True)
    args.config, args.db, args.confirm_retention = str(cfg), None, False
    return cmd_run(args)


def cmd_gui_default(args) -> int:
    """`lineside` alone: the HMI with the user's configuration."""
    from hmi.paths import default_config_file

    cfg = default_config_file()
    if not cfg.exists():
        raise CliError(f"no plant configuration at {cfg}: `lineside setup` starts an empty one to set up on "
                       f"screen, or try `lineside demo`")
    args.config = str(cfg)
    args.db = None
    args.headless = False
    args.duration = None
    return cmd_run(args)


def cmd_export_trends(args) -> int:
    from hmi.store.db import open_database
    from hmi.store.historian import Historian

    t0 = parse_time(args.from_) if args.from_ else 0.0
    t1 = parse_time(args.to) if args.to else time.time() + 86400
    if t1 <= t0:
        raise CliError("--to must be after --from")
    tags = [t.strip() for t in args.tags.split(",") if t.strip()] if args.tags else None
    engine = open_database(args.db)
    try:
        historian = Historian(engine)
        if tags:
            known = set(historian.tags())
            unknown = [t for t in tags if t not in known]
            if unknown:
                raise CliError(f"unknown tag(s) {', '.join(unknown)}; the database holds {len(known)} tags")
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        rows = historian.export_csv(out, tags, t0, t1)
    finally:
        engine.dispose()
    emit(args, {"out": str(out), "rows": rows}, f"wrote {rows} rows to {out}")
    return EXIT_OK


def cmd_alarms_journal(args) -> int:
    from hmi.alarms.journal import journal_json

    rows = journal_json(args.db, parse_time(args.from_), parse_time(args.to))
    if args.json:
        sys.stdout.write(json.dumps(rows, default=str) + "\n")
    else:
        for r in rows:
            print(f"{r['time']}  P{r['priority']}  {r['event']:<14} {r['alarm_id']:<34} {r.get('state_after') or '':<14} "
                  f"{r.get('user') or '':<10} {r.get('message') or ''}")
        print(f"{len(rows)} events", file=sys.stderr)
    return EXIT_OK


def cmd_audit_verify(args) -> int:
    from hmi.security.audit import cli_audit_verify

    from hmi.runtime import station_audit_files

    key_file, anchor = station_audit_files(args.db)
    keys = list(args.key) or ([key_file] if key_file.is_file() else [])
    anchor = args.anchor or (anchor if anchor.is_file() else None)
    code, message = cli_audit_verify(args.db, keys, anchor)
    if args.json:
        sys.stdout.write(json.dumps({"ok": code == 0, "message": message}) + "\n")
    else:
        print(message, file=sys.stdout if code == 0 else sys.stderr)
    return code


# ---------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lineside", description="Lineside shop-floor HMI")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
    p.add_argument("--smoke-test", action="store_true",
                   help="check this installation (window offscreen, demo model, mark decode) and exit")
    p.add_argument("--lang", dest="top_lang", choices=("en", "ko"), default=None,
                   help="UI language of `lineside` alone (default: the last choice)")
    p.add_argument("--kiosk", dest="top_kiosk", action="store_true",
                   help="`lineside` alone in kiosk mode (see `lineside run --help`)")
    sub = p.add_subparsers(dest="command", metavar="<command>")

    def services_flags(sp):
        sp.add_argument("--headless", action="store_true", help="no window: run the services only")
        sp.add_argument("--duration", type=float, default=None, metavar="S",
                        help="with --headless: stop after S seconds (default: until Ctrl+C)")
        sp.add_argument("--json", action="store_true", help="print the run summary as JSON")
        sp.add_argument("--lang", choices=("en", "ko"), default=None,
                        help="UI language: English or Korean (default: the last choice; switchable in the header)")
        sp.add_argument("--kiosk", action="store_true",
                        help="full screen, no window frame; only an engineer or administrator can exit")

    d = sub.add_parser("demo", help="simulated plant + HMI")
    services_flags(d)
    d.add_argument("--data-dir", metavar="DIR", help="where the demo keeps its database (default: a fresh folder)")
    d.add_argument("--port", type=int, default=None, help="Modbus TCP port of the simulator (default 5020 or a free one)")
    d.add_argument("--speed", type=float, default=1.0, metavar="K", help="simulated seconds per wall second")
    d.add_argument("--fault", action="append", metavar="NAME@T",
                   help="inject a fault at T simulated seconds, e.g. lubrication_loss@600, device_offline@60+30")
    d.set_defaults(func=cmd_demo)

    s = sub.add_parser("simulate", help="only the simulated equipment (Modbus TCP server)")
    s.add_argument("--config", metavar="FILE", help="plant configuration to simulate (default: the demo plant)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=5020)
    s.add_argument("--speed", type=float, default=1.0, metavar="K")
    s.add_argument("--fault", action="append", metavar="NAME@T")
    s.add_argument("--duration", type=float, default=None, metavar="S", help="stop after S seconds")
    s.set_defaults(func=cmd_simulate)

    r = sub.add_parser("run", help="connect to real equipment")
    r.add_argument("--config", required=True, metavar="FILE")
    r.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: SQLite in the user data folder)")
    r.add_argument("--confirm-retention", action="store_true",
                   help="apply a shorter historian retention from the plant file although it deletes history")
    services_flags(r)
    r.set_defaults(func=cmd_run)

    su = sub.add_parser("setup", help="start a new plant: an empty plant file, set up on the Devices page")
    su.add_argument("--config", metavar="FILE", help="where the plant file goes (default: config/plant.toml in the "
                                                    "Lineside home, the file `lineside` alone starts)")
    su.add_argument("--name", default="My plant", help="the plant's name")
    services_flags(su)
    su.set_defaults(func=cmd_setup)

    e = sub.add_parser("export", help="export data")
    esub = e.add_subparsers(dest="what", metavar="<what>")
    et = esub.add_parser("trends", help="historian values as long CSV: timestamp,tag,value,quality")
    et.add_argument("--db", required=True, metavar="URL")
    et.add_argument("--tags", metavar="A,B", help="comma-separated tag keys (default: all)")
    window_flags(et)
    et.add_argument("--out", required=True, metavar="FILE.csv")
    et.add_argument("--json", action="store_true")
    et.set_defaults(func=cmd_export_trends)
    a = sub.add_parser("alarms", help="alarm journal")
    asub = a.add_subparsers(dest="what", metavar="<what>")
    aj = asub.add_parser("journal", help="alarm events (raised, acknowledged, shelved, cleared, ...)")
    aj.add_argument("--db", required=True, metavar="URL")
    window_flags(aj)
    aj.add_argument("--json", action="store_true")
    aj.set_defaults(func=cmd_alarms_journal)
    a.set_defaults(func=needs_subcommand("say what: `lineside alarms journal --db URL`"))

    au = sub.add_parser("audit", help="audit trail")
    ausub = au.add_subparsers(dest="what", metavar="<what>")
    av = ausub.add_parser("verify", help="check the hash chain; exits non-zero when it is broken")
    av.add_argument("--db", required=True, metavar="URL")
    av.add_argument("--key", action="append", default=[], metavar="FILE",
                    help="a station's audit key file (repeat for each station writing to this database; "
                         "default: this station's)")
    av.add_argument("--anchor", metavar="FILE", help="the anchor file of this database (default: this station's)")
    av.add_argument("--json", action="store_true")
    av.set_defaults(func=cmd_audit_verify)
    au.set_defaults(func=needs_subcommand("say what: `lineside audit verify --db URL`"))

    from hmi.commands import kpi as kpi_cmd
    from hmi.commands import maint as maint_cmd
    from vision.cli import add_parser as add_vision_parser

    maint_cmd.add_parser(sub)
    kpi_cmd.add_parser(sub)
    add_vision_parser(sub)
    from hmi.commands import trace as trace_cmd

    trace_cmd.add_parser(sub)
    from hmi.commands import opcua as opcua_cmd

    opcua_cmd.add_parser(sub)
    from hmi.commands import config as config_cmd

    config_cmd.add_parser(sub)

    e.set_defaults(func=needs_subcommand("say what to export: `lineside export trends ...`"))
    return p


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # the historian writer process in a frozen (PyInstaller) build
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # relative times such as `--from -2h` look like options to argparse: glue them to their flag
    for i in range(len(argv) - 2, -1, -1):
        if argv[i] in ("--from", "--to") and argv[i + 1].startswith("-"):
            argv[i:i + 2] = [f"{argv[i]}={argv[i + 1]}"]
    args = parser.parse_args(argv)
    setup_logging(args.verbose)
    from hmi.paths import session_log, setup_file_logging

    log_path = setup_file_logging(logging.DEBUG if args.verbose else logging.INFO)
    session_log.info("lineside started (pid %d): %s; log %s", os.getpid(), redact_argv(argv) or "(HMI)", log_path)
    t_start = time.monotonic()
    code = _dispatch(args)
    session_log.info("lineside stopped: exit code %s after %.1f s", code, time.monotonic() - t_start)
    return code


def _dispatch(args) -> int:
    """Run the command of ``args``; exceptions become a one-line reason and an exit code."""
    from hmi.config import ConfigError
    from hmi.paths import session_log

    try:
        if args.smoke_test:
            from hmi.smoke import run_smoke_test

            return run_smoke_test()
        if args.command is None:
            return cmd_gui_default(args)
        if args.command in ("export", "alarms", "audit") and getattr(args, "db", None):
            existing_sqlite(args.db)
        if getattr(args, "headless", False) is False and getattr(args, "duration", None) and args.command != "simulate":
            raise CliError("--duration needs --headless")
        return args.func(args)
    except CliError as exc:
        session_log.error("error: %s", exc)
        print(f"lineside: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except ConfigError as exc:
        session_log.error("configuration error: %s", exc)
        print(f"lineside: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the one-line reason; details with -v
        from hmi.store.db import StoreError

        if isinstance(exc, StoreError):
            session_log.error("database: %s", exc)
            print(f"lineside: database: {exc}", file=sys.stderr)
            return EXIT_FAIL
        session_log.error("%s: %s", type(exc).__name__, exc, exc_info=exc)
        if os.environ.get("LINESIDE_DEBUG") or args.verbose:
            raise
        print(f"lineside: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    raise SystemExit(main())
