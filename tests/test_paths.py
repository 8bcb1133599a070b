"""hmi.paths: user directories, LINESIDE_HOME, the rotating log file; the CLI routes its defaults through it."""
import json
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from hmi import paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_file_logging():
    yield
    paths.close_file_logging()


def test_platform_directories_without_override(monkeypatch):
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    assert paths.home_override() is None
    assert paths.config_dir() == Path(platformdirs.user_config_dir("lineside", appauthor=False))
    assert paths.data_dir() == Path(platformdirs.user_data_dir("lineside", appauthor=False))
    assert paths.log_dir() == Path(platformdirs.user_log_dir("lineside", appauthor=False))
    assert paths.default_db_path() == paths.data_dir() / "lineside.db"
    assert paths.default_config_file() == paths.config_dir() / "plant.toml"


def test_lineside_home_puts_everything_under_one_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "kiosk"))
    assert paths.config_dir() == tmp_path / "kiosk" / "config"
    assert paths.data_dir() == tmp_path / "kiosk" / "data"
    assert paths.log_dir() == tmp_path / "kiosk" / "logs"
    assert paths.default_db_path() == tmp_path / "kiosk" / "data" / "lineside.db"
    assert paths.demo_data_dir("20261123-080000") == tmp_path / "kiosk" / "data" / "demo" / "20261123-080000"
    assert paths.log_file() == tmp_path / "kiosk" / "logs" / "lineside.log"
    assert not (tmp_path / "kiosk").exists()  # asking for a path creates nothing


def test_relative_and_blank_lineside_home(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(paths.HOME_ENV, "portable")
    assert paths.data_dir() == tmp_path.resolve() / "portable" / "data"
    monkeypatch.setenv(paths.HOME_ENV, "  ")
    assert paths.home_override() is None


def test_log_file_rotates_and_keeps_a_few_backups(tmp_path, no_file_logging):
    target = paths.setup_file_logging(path=tmp_path / "logs" / "lineside.log", max_bytes=2000, backups=3)
    assert target == tmp_path / "logs" / "lineside.log"
    log = logging.getLogger("lineside.test_paths")
    for i in range(400):
        log.info("line %04d %s", i, "x" * 40)
    paths.close_file_logging()
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["lineside.log", "lineside.log.1", "lineside.log.2", "lineside.log.3"]
    assert all((tmp_path / "logs" / f).stat().st_size <= 2000 for f in files)
    assert "line 0399" in (tmp_path / "logs" / "lineside.log").read_text()


def test_session_lines_go_to_the_file_only_and_setup_twice_does_not_double(tmp_path, no_file_logging, capsys):
    first = tmp_path / "a.log"
    paths.setup_file_logging(path=first)
    second = paths.setup_file_logging(path=tmp_path / "b.log")
    root_console = logging.StreamHandler(sys.stderr)
    logging.getLogger().addHandler(root_console)
    try:
        paths.session_log.info("session started")
        logging.getLogger("lineside.test_paths").warning("device gone")
    finally:
        logging.getLogger().removeHandler(root_console)
    paths.close_file_logging()
    text = second.read_text()
    assert text.count("session started") == 1 and text.count("device gone") == 1
    assert "session started" not in first.read_text()
    err = capsys.readouterr().err
    assert "device gone" in err and "session started" not in err


def test_unwritable_log_folder_warns_and_runs_on(tmp_path, no_file_logging, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert paths.setup_file_logging(path=blocker / "logs" / "lineside.log") is None
    assert "no log file" in capsys.readouterr().err


def _lineside(home: Path, *args, timeout=120):
    env = {**os.environ, paths.HOME_ENV: str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "hmi", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_cli_without_configuration_names_the_lineside_home_file(tmp_path):
    r = _lineside(tmp_path)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        f"lineside: no plant configuration at {tmp_path / 'config' / 'plant.toml'}: `lineside setup` starts an "
        "empty one to set up on screen, or try `lineside demo`"]
    log_text = (tmp_path / "logs" / "lineside.log").read_text()
    assert "lineside started" in log_text and "error: no plant configuration" in log_text
    assert "lineside stopped: exit code 1" in log_text


def test_setup_starts_a_new_plant_from_an_empty_file_and_never_overwrites_one(tmp_path):
    """#19: a plant without a file is started with `lineside setup` (no TOML written by hand); the file it makes
    is what `lineside` alone then runs, and a second `setup` leaves it alone."""
    r = _lineside(tmp_path, "setup", "--name", "Seat frames", "--headless", "--duration", "1")
    cfg = tmp_path / "config" / "plant.toml"
    assert r.returncode == 0, r.stderr
    assert f"created {cfg}" in r.stderr and "Devices page" in r.stderr
    from hmi.config import load_config

    plant = load_config(cfg)
    assert plant.name == "Seat frames" and [ln.id for ln in plant.lines] == ["line1"] and not plant.equipment
    before = cfg.read_text(encoding="utf-8")
    r = _lineside(tmp_path, "setup", "--headless", "--duration", "1")
    assert r.returncode == 1 and "exists" in r.stderr and cfg.read_text(encoding="utf-8") == before


def test_cli_run_defaults_to_the_data_folder_and_logs_device_state(tmp_path):
    config = ROOT / "resources" / "demo_plant.toml"
    with socket.socket() as s:  # a free local port: nothing answers there, the devices stay disconnected
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    plant = tmp_path / "plant.toml"
    plant.write_text(config.read_text().replace("port = 5020", f"port = {port}"))
    r = _lineside(tmp_path, "run", "--config", str(plant), "--headless", "--duration", "1.5", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["db"].endswith(f"{tmp_path / 'data' / 'lineside.db'}")
    assert (tmp_path / "data" / "lineside.db").is_file()
    log_text = (tmp_path / "logs" / "lineside.log").read_text()
    assert "disconnected: cannot connect" in log_text
    assert "runtime started" in log_text and "runtime stopped" in log_text


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows keeps the profile's ACL")
def test_the_log_the_database_and_the_spool_are_their_owners_only(tmp_path):
    """The probe: the log and the database with its PIN hashes were world-readable (0644)."""
    import logging
    import stat

    from hmi.paths import close_file_logging, setup_file_logging
    from hmi.security import UserStore
    from hmi.store.db import open_database, sqlite_url
    from hmi.store.spool import Spool

    old = os.umask(0o022)  # what a default account has
    try:
        log = setup_file_logging(path=tmp_path / "logs" / "lineside.log")
        logging.getLogger("t").warning("a line")
        eng = open_database(sqlite_url(tmp_path / "plant.db"))
        UserStore(eng)._create_user("kim", "operator", "kim-password", pin="4711")
        spool = Spool(tmp_path / "spool" / "h.spool", ("a",))
        files = [log, tmp_path / "plant.db", tmp_path / "spool" / "h.spool"]
        files += [p for p in tmp_path.rglob("*-wal")]
        for f in files:
            assert stat.S_IMODE(f.stat().st_mode) & 0o077 == 0, f"{f.name}: {oct(f.stat().st_mode)}"
        spool.close()
        eng.dispose()
    finally:
        close_file_logging()
        os.umask(old)
