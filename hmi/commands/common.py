"""What every `lineside` command shares: the one-line failure, times on the command line, JSON output,
waiting for Ctrl+C, free ports. Qt-free."""
from __future__ import annotations

import json
import logging
import signal
import socket
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["CliError", "EXIT_OK", "EXIT_FAIL", "EXIT_USAGE", "fail", "parse_time", "port_free", "free_port",
           "setup_logging", "emit", "window_flags", "wait", "install_signal_stop", "needs_subcommand", "existing_sqlite",
           "open_existing"]

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A failure reported to the user as one line."""


def fail(message: str):
    """Stop the command with a one-line reason (:class:`CliError`)."""
    raise CliError(message)


#: the password of ``--user`` for a command that changes data (else it is asked at the terminal)
PASSWORD_ENV = "LINESIDE_PASSWORD"


def cli_login(engine, db_url: str, user_name: str | None, action: str, target: str | None = None):
    """(:class:`~hmi.security.access.Access`, user) for a command that changes data: ``--user`` logs in with
    its password (``LINESIDE_PASSWORD``, else asked at the terminal), through the same throttling, audit
    trail (keyed with this station's key) and permission check (``action``) as the screen.  Fails with one
    line when there is no user, no password, a refused log-in or no permission."""
    import getpass
    import os

    from hmi.runtime import key_audit_trail
    from hmi.security import Access, AuditTrail, PermissionDenied, UserStore
    from hmi.security.access import LoginThrottled

    if not user_name:
        fail(f"this command changes data: name who does it with --user NAME (the password from {PASSWORD_ENV} "
             "or the terminal)")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            fail(f"no password for {user_name}: set {PASSWORD_ENV} or run the command at a terminal")
        password = getpass.getpass(f"password of {user_name}: ")
    try:
        audit = key_audit_trail(AuditTrail(engine), db_url)
    except (OSError, ValueError) as exc:
        fail(f"the audit key cannot be read: {exc}")
    access = Access(UserStore(engine), audit)
    try:
        user = access.login(user_name, password)
    except LoginThrottled as exc:
        fail(str(exc))
    if user is None:
        fail(f"log-in of {user_name} refused: wrong user name or password, or the user is disabled")
    try:
        access.check(user, action, target)
    except PermissionDenied as exc:
        fail(str(exc))
    return access, user


def parse_time(text: str | None) -> float | None:
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


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # pymodbus logs every failed connect at ERROR; our poller reports those itself
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def emit(args, document: dict, human: str) -> None:
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(document, default=str) + "\n")
    else:
        print(human)


def wait(duration: float | None, stop_event: threading.Event) -> None:
    deadline = None if duration is None else time.monotonic() + duration
    while not stop_event.is_set():
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return
        stop_event.wait(0.2 if remaining is None else min(0.2, remaining))


def install_signal_stop(stop_event: threading.Event) -> None:
    def handler(signum, frame):
        stop_event.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread / unsupported on this platform
            pass


def needs_subcommand(message: str):
    """The handler of a command group called without its sub-command: a one-line reason."""
    def handler(args):
        raise CliError(message)

    return handler


def existing_sqlite(url: str) -> None:
    """Refuse a sqlite URL whose file does not exist for read-only commands (no silent empty db)."""
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        if not path.exists():
            raise CliError(f"no database at {path}")


def open_existing(url: str):
    """The database at ``url`` for a read command: a SQLite file must exist (no silent empty database)."""
    from hmi.store.db import open_database

    existing_sqlite(url)
    return open_database(url)


def window_flags(parser, start_help: str = "start (ISO 8601 UTC, epoch s, or -2h)",
                 end_help: str = "end (default: now)") -> None:
    """``--from T`` (stored as ``from_``) and ``--to T``: a time window, read with :func:`parse_time`."""
    parser.add_argument("--from", dest="from_", metavar="T", help=start_help)
    parser.add_argument("--to", metavar="T", help=end_help)
