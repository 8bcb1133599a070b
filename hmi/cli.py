"""`lineside <command>`: the one entry point (also `python -m hmi`).

Every command exits 0 on success and non-zero with a one-line reason on failure.  With ``--json``
a command prints one JSON document on stdout and nothing else there (logs go to stderr).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger("lineside")

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A failure reported to the user as one line."""


# ---------------------------------------------------------------------------- helpers
def _parse_time(text: str | None) -> float | None:
    """ISO 8601 (UTC when no offset is given), epoch seconds, or relative '-2h', '-30min', '-90s', 'now'."""
    if text is None:
        return None
    t = text.strip()
    if t == "now":
        return time.time()
    if t.startswith("-"):
        import re

        m = re.fullmatch(r"-([0-9.]+)\s*(s|min|m|h|d)", t)
        if m:
            mult = {"s": 1, "min": 60, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
            return time.time() - float(m.group(1)) * mult
    try:
        return float(t)
    except ValueError:
        pass
    try:
        dt = datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(f"cannot read time {text!r}: use ISO 8601 (2026-11-23T08:00), epoch seconds or -2h") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # pymodbus logs every failed connect at ERROR; our poller reports those itself
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _emit(args, document: dict, human: str) -> None:
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(document, default=str) + "\n")
    else:
        print(human)


def _wait(duration: float | None, stop_event: threading.Event) -> None:
    deadline = None if duration is None else time.monotonic() + duration
    while not stop_event.is_set():
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return
        stop_event.wait(0.2 if remaining is None else min(0.2, remaining))


def _install_signal_stop(stop_event: threading.Event) -> None:
    def handler(signum, frame):
        stop_event.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread / unsupported on this platform
            pass


def _summary(runtime, seconds: float) -> dict:
    status = runtime.device_status()
    latest = runtime.latest()
    good = sum(1 for s in latest.values() if int(s.quality) == 0)
    return {
        "plant": runtime.plant.name,
        "seconds": round(seconds, 2),
        "db": runtime.db_url,
        "tags": len(runtime.plant.tags),
        "tags_good": good,
        "alarms_active": [
            {"id": v.alarm_id, "state": str(getattr(v.state, "value", v.state)), "priority": v.priority,
             "message": v.message}
            for v in runtime.alarms.active()
        ],
        "historian": runtime.historian_stats(),
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


#: Accounts a fresh demo database gets, one per role, so every screen can be tried at once.
#: (name, role, password, PIN). Never used outside `lineside demo`.
DEMO_USERS = (
    ("admin", "admin", "demo-admin", None),
    ("lee", "engineer", "demo-engineer", "2468"),
    ("park", "inspector", "demo-inspector", "1357"),
    ("choi", "maintenance", "demo-maint", "9753"),
    ("kim", "operator", "demo-operator", "1234"),
)


def _seed_demo_users(runtime) -> None:
    if runtime.users is None or not runtime.users.first_start_needed():
        return
    admin = runtime.access.create_first_admin(DEMO_USERS[0][0], DEMO_USERS[0][2])
    for name, role, password, pin in DEMO_USERS[1:]:
        runtime.access.create_user(admin, name, role, password, pin)
    log.info("demo accounts: %s", ", ".join(f"{n} ({r}) password {p}" + (f" PIN {pin}" if pin else "")
                                            for n, r, p, pin in DEMO_USERS))


def _run_services(args, plant, db_url: str | None, simulator=None, demo: bool = False, services=()) -> int:
    """Run the runtime, either headless for --duration seconds or with the HMI window.
    ``services``: callables ``f(runtime) -> object with stop() or None``, started after the runtime
    (its database exists then) and stopped before it."""
    from hmi.runtime import Runtime

    runtime = Runtime(plant, db_url=db_url)
    if demo:
        _seed_demo_users(runtime)
    runtime.start()
    started = []
    t0 = time.monotonic()
    try:
        for make in services:
            try:
                svc = make(runtime)
            except Exception as exc:  # an optional service must not stop the plant
                log.warning("service %s not started: %s", getattr(make, "__name__", make), exc)
                continue
            if svc is not None:
                started.append(svc)
        if args.headless:
            stop_event = threading.Event()
            _install_signal_stop(stop_event)
            _wait(args.duration, stop_event)
            if runtime.writer is not None:
                runtime.writer.flush(timeout=10)
            doc = _summary(runtime, time.monotonic() - t0)
            online = sum(1 for d in doc["devices"].values() if d["connected"])
            _emit(args, doc, f"{doc['plant']}: ran {doc['seconds']} s, {online}/{len(doc['devices'])} devices online, "
                             f"{doc['tags_good']}/{doc['tags']} tags good, "
                             f"{doc['historian'].get('rows_written', 0)} values stored in {db_url}")
            return EXIT_OK
        from hmi.ui.app import run_gui

        return run_gui(runtime, lang=getattr(args, "lang", None) or getattr(args, "top_lang", None),
                       kiosk=bool(getattr(args, "kiosk", False) or getattr(args, "top_kiosk", False)))
    finally:
        for svc in reversed(started):
            svc.stop()
        runtime.stop()
        if simulator is not None:
            simulator.stop()


# ---------------------------------------------------------------------------- commands
def cmd_demo(args) -> int:
    from hmi.config import demo_config_path, load_config, with_port
    from hmi.equipment.simulator import LineSimulator, parse_fault
    from hmi.runtime import default_db_url

    plant = load_config(demo_config_path())
    host = "127.0.0.1"
    if args.port is not None:
        port = args.port
        if not _port_free(host, port):
            raise CliError(f"port {port} is in use: pick another with --port N")
    else:
        port = 5020 if _port_free(host, 5020) else _free_port(host)
    if args.data_dir:
        data_dir = Path(args.data_dir)
    else:
        from hmi.paths import demo_data_dir

        data_dir = demo_data_dir(datetime.now().strftime("%Y%m%d-%H%M%S"))
    data_dir.mkdir(parents=True, exist_ok=True)
    faults = [parse_fault(f) for f in (args.fault or [])]
    simulator = LineSimulator(plant, host=host, port=port, speed=args.speed, faults=faults)
    simulator.start()
    log.info("demo plant simulated on %s:%d (speed x%g), data in %s", host, simulator.port, args.speed, data_dir)
    plant = with_port(plant, host, simulator.port)
    try:
        def xray_station(runtime):  # synthetic X-rays of the cast parts, AI verdicts for the Inspection page
            from hmi.inspection.station import start_demo_station

            return start_demo_station(runtime, simulator, data_dir)

        def part_marks(runtime):  # DataMatrix mark image of every recorded part: <data dir>/marks
            from hmi.trace.demo import start_demo_marks

            return start_demo_marks(runtime, data_dir)

        return _run_services(args, plant, default_db_url(data_dir), simulator=simulator, demo=True,
                             services=(xray_station, part_marks))
    finally:
        simulator.stop()


def cmd_simulate(args) -> int:
    from hmi.config import demo_config_path, load_config
    from hmi.equipment.simulator import LineSimulator, parse_fault

    plant = load_config(args.config or demo_config_path())
    faults = [parse_fault(f) for f in (args.fault or [])]
    if not _port_free(args.host, args.port):
        raise CliError(f"port {args.port} is in use on {args.host}: pick another with --port N")
    simulator = LineSimulator(plant, host=args.host, port=args.port, speed=args.speed, faults=faults)
    simulator.start()
    units = ", ".join(f"{e.id}=unit {e.connection.unit_id}" for e in plant.equipment)
    print(f"simulating {plant.name} on {args.host}:{simulator.port} ({units}), speed x{args.speed:g}; Ctrl+C stops",
          file=sys.stderr, flush=True)
    stop_event = threading.Event()
    _install_signal_stop(stop_event)
    try:
        _wait(args.duration, stop_event)
    finally:
        simulator.stop()
    return EXIT_OK


def cmd_run(args) -> int:
    from hmi.config import load_config
    from hmi.runtime import default_db_url

    plant = load_config(args.config)
    db_url = args.db
    if db_url is None:
        from hmi.paths import data_dir

        db_url = default_db_url(data_dir())
    return _run_services(args, plant, db_url)


def cmd_gui_default(args) -> int:
    """`lineside` alone: the HMI with the user's configuration."""
    from hmi.paths import default_config_file

    cfg = default_config_file()
    if not cfg.exists():
        raise CliError(f"no plant configuration at {cfg}: create one (see resources/demo_plant.toml), "
                       f"or try `lineside demo`")
    args.config = str(cfg)
    args.db = None
    args.headless = False
    args.duration = None
    return cmd_run(args)


def cmd_export_trends(args) -> int:
    from hmi.store.db import open_database
    from hmi.store.historian import Historian

    t0 = _parse_time(args.from_) if args.from_ else 0.0
    t1 = _parse_time(args.to) if args.to else time.time() + 86400
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
    _emit(args, {"out": str(out), "rows": rows}, f"wrote {rows} rows to {out}")
    return EXIT_OK


def cmd_alarms_journal(args) -> int:
    from hmi.alarms.journal import journal_json

    rows = journal_json(args.db, _parse_time(args.from_), _parse_time(args.to))
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

    code, message = cli_audit_verify(args.db)
    if args.json:
        sys.stdout.write(json.dumps({"ok": code == 0, "message": message}) + "\n")
    else:
        print(message, file=sys.stdout if code == 0 else sys.stderr)
    return code


# ---------------------------------------------------------------------------- parser
def _needs_subcommand(message: str):
    """The handler of a command group called without its sub-command: a one-line reason."""
    def handler(args):
        raise CliError(message)

    return handler


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
    services_flags(r)
    r.set_defaults(func=cmd_run)

    e = sub.add_parser("export", help="export data")
    esub = e.add_subparsers(dest="what", metavar="<what>")
    et = esub.add_parser("trends", help="historian values as long CSV: timestamp,tag,value,quality")
    et.add_argument("--db", required=True, metavar="URL")
    et.add_argument("--tags", metavar="A,B", help="comma-separated tag keys (default: all)")
    et.add_argument("--from", dest="from_", metavar="T", help="start (ISO 8601 UTC, epoch s, or -2h)")
    et.add_argument("--to", metavar="T", help="end (default: now)")
    et.add_argument("--out", required=True, metavar="FILE.csv")
    et.add_argument("--json", action="store_true")
    et.set_defaults(func=cmd_export_trends)
    a = sub.add_parser("alarms", help="alarm journal")
    asub = a.add_subparsers(dest="what", metavar="<what>")
    aj = asub.add_parser("journal", help="alarm events (raised, acknowledged, shelved, cleared, ...)")
    aj.add_argument("--db", required=True, metavar="URL")
    aj.add_argument("--from", dest="from_", metavar="T")
    aj.add_argument("--to", metavar="T")
    aj.add_argument("--json", action="store_true")
    aj.set_defaults(func=cmd_alarms_journal)
    a.set_defaults(func=_needs_subcommand("say what: `lineside alarms journal --db URL`"))

    au = sub.add_parser("audit", help="audit trail")
    ausub = au.add_subparsers(dest="what", metavar="<what>")
    av = ausub.add_parser("verify", help="check the hash chain; exits non-zero when it is broken")
    av.add_argument("--db", required=True, metavar="URL")
    av.add_argument("--json", action="store_true")
    av.set_defaults(func=cmd_audit_verify)
    au.set_defaults(func=_needs_subcommand("say what: `lineside audit verify --db URL`"))

    from hmi.kpi import kpi_cli
    from hmi.maintenance import maint_cli
    from vision.cli import add_parser as add_vision_parser

    maint_cli.add_parser(sub)
    kpi_cli.add_parser(sub)
    add_vision_parser(sub)
    from hmi.trace import trace_cli

    trace_cli.add_parser(sub)

    e.set_defaults(func=_needs_subcommand("say what to export: `lineside export trends ...`"))
    return p


def _sqlite_path_from_url(url: str) -> None:
    """Refuse a sqlite URL whose file does not exist for read-only commands (no silent empty db)."""
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        if not path.exists():
            raise CliError(f"no database at {path}")


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
    _setup_logging(args.verbose)
    from hmi.paths import session_log, setup_file_logging

    log_path = setup_file_logging(logging.DEBUG if args.verbose else logging.INFO)
    session_log.info("lineside started (pid %d): %s; log %s", os.getpid(), " ".join(argv) or "(HMI)", log_path)
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
            _sqlite_path_from_url(args.db)
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
