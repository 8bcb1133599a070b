"""Where Lineside keeps its files: configuration, data (databases, images) and logs. Qt-free.

By default the platform's user directories (platformdirs), e.g. on Linux::

    config  ~/.config/lineside            plant.toml
    data    ~/.local/share/lineside       lineside.db, demo/<stamp>/
    logs    ~/.local/state/lineside/log   lineside.log, lineside.log.1 ...

and on Windows ``%LOCALAPPDATA%\\lineside`` (``...\\Logs`` for the logs).

``LINESIDE_HOME=DIR`` puts all three under one folder instead (``DIR/config``, ``DIR/data``,
``DIR/logs``): a portable or kiosk install (e.g. beside the executable on a USB stick or a
locked-down terminal) and tests.  Nothing here creates a folder except :func:`setup_file_logging`;
the callers create the folder they write to.

Logging: :func:`setup_file_logging` adds a size-capped rotating log file to the root logger and
returns :data:`session_log`, a logger whose lines (start, stop, errors reported to the user) go to
the file only, so a command's stderr keeps its one-line contract.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

APP_NAME = "lineside"
HOME_ENV = "LINESIDE_HOME"
CONFIG_FILE_NAME = "plant.toml"
DB_FILE_NAME = "lineside.db"
LOG_FILE_NAME = "lineside.log"
#: One log file is capped at this size; this many older files are kept (lineside.log.1 ...).
LOG_MAX_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(process)d %(threadName)s %(name)s: %(message)s"

#: File-only logger for the session's start/stop lines and the errors a command reports.
session_log = logging.getLogger("lineside.session")


def home_override() -> Path | None:
    """The folder named by ``LINESIDE_HOME`` (made absolute), or None when it is unset or empty."""
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def _platform_dir(kind: str) -> Path:
    import platformdirs

    fn = {"config": platformdirs.user_config_dir, "data": platformdirs.user_data_dir,
          "log": platformdirs.user_log_dir}[kind]
    return Path(fn(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Folder of the user's plant configuration."""
    home = home_override()
    return home / "config" if home else _platform_dir("config")


def data_dir() -> Path:
    """Folder of the plant database and the demo runs."""
    home = home_override()
    return home / "data" if home else _platform_dir("data")


def log_dir() -> Path:
    """Folder of the rotating log files."""
    home = home_override()
    return home / "logs" if home else _platform_dir("log")


def default_config_file() -> Path:
    """The configuration `lineside` (no command) opens."""
    return config_dir() / CONFIG_FILE_NAME


def default_db_path() -> Path:
    """The SQLite database `lineside run` uses when no --db is given."""
    return data_dir() / DB_FILE_NAME


def demo_data_dir(stamp: str) -> Path:
    """A fresh folder of one `lineside demo` run (``stamp``: its start time, e.g. 20261123-081500)."""
    return data_dir() / "demo" / stamp


def audit_key_file() -> Path:
    """This station's audit key (see :mod:`hmi.security.audit`): in the configuration folder, apart from the
    databases, readable by its owner only."""
    return config_dir() / "audit" / "station.key"


def audit_anchor_file(db_identity: str) -> Path:
    """Where the head of the audit trail of the database ``db_identity`` (its URL without the password) is
    written outside that database: one file per database, beside the station key."""
    import hashlib

    return config_dir() / "audit" / f"anchor-{hashlib.sha256(db_identity.encode('utf-8')).hexdigest()[:16]}.json"


def owner_only(path: str | os.PathLike, *, create: bool = False) -> Path:
    """Make ``path`` readable and writable by its owner only (POSIX mode 0600), creating it empty first when
    ``create`` and it does not exist: the log, the plant database with its PIN and password hashes and the
    spools hold what other accounts on the station must not read.  SQLite gives its -wal and -shm files the
    database file's mode.  On Windows the files live in the user's profile, whose ACL already keeps other
    users out: nothing is changed there.  Errors (a file system without modes) are ignored."""
    p = Path(path)
    if os.name != "posix":
        return p
    try:
        if create and not p.exists():
            os.close(os.open(p, os.O_CREAT | os.O_WRONLY, 0o600))
        if p.exists():
            os.chmod(p, 0o600)
    except OSError:
        pass
    return p


def log_file() -> Path:
    return log_dir() / LOG_FILE_NAME


class _LinesideFileHandler(logging.handlers.RotatingFileHandler):
    """Marks the handler this module installed, so a second setup replaces it instead of doubling lines.
    Every file it opens (the log and each one it rotates to) is its owner's only (:func:`owner_only`)."""

    def _open(self):
        owner_only(self.baseFilename, create=True)
        return super()._open()


def setup_file_logging(level: int = logging.INFO, *, path: Path | None = None,
                       max_bytes: int = LOG_MAX_BYTES, backups: int = LOG_BACKUPS) -> Path | None:
    """Log to a rotating file (``path``, default :func:`log_file`) from now on; returns the file.

    The root logger gets the handler (every module's INFO+ lines), and so does :data:`session_log`,
    which does not propagate (its lines stay out of stderr).  Calling it again moves the log to the
    new path.  When the folder cannot be created or written, a one-line warning goes to stderr and
    None is returned: the application runs on without a log file."""
    target = Path(path) if path is not None else log_file()
    close_file_logging()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = _LinesideFileHandler(target, maxBytes=max_bytes, backupCount=backups, encoding="utf-8",
                                       delay=False)
    except OSError as exc:
        print(f"lineside: warning: no log file ({exc}); logging to stderr only", file=sys.stderr)
        return None
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    session_log.addHandler(handler)
    session_log.setLevel(logging.INFO)
    session_log.propagate = False
    return target


def close_file_logging() -> None:
    """Remove and close the handler :func:`setup_file_logging` installed (no-op without one)."""
    for logger in (logging.getLogger(), session_log):
        for h in list(logger.handlers):
            if isinstance(h, _LinesideFileHandler):
                logger.removeHandler(h)
                h.close()
