"""No database password is printed, logged or returned."""
import logging

import pytest

from hmi.store.db import StoreError, open_database
from hmi.store.redact import redact_argv, redact_url


def test_urls_and_command_lines_lose_their_password():
    assert redact_url("postgresql://kim:s3cret@db.plant:5432/lineside") == "postgresql://kim:***@db.plant:5432/lineside"
    assert redact_url("sqlite:///C:/data/l.db") == "sqlite:///C:/data/l.db"
    assert redact_url(None) == ""
    line = redact_argv(["run", "--db", "postgresql://kim:s3cret@h/x", "--db=postgresql://a:pw@h/y"])
    assert "s3cret" not in line and "pw@" not in line and "kim:***@h/x" in line


def test_an_invalid_url_error_hides_the_password():
    with pytest.raises(StoreError) as err:
        open_database("postgresql+nodriver://kim:s3cret@host/db")
    assert "s3cret" not in str(err.value)


def test_the_session_log_hides_the_password(tmp_path, monkeypatch):
    from hmi import cli, paths

    said = []

    class Log:
        def info(self, msg, *args):
            said.append(msg % args)

        error = warning = info

    monkeypatch.setattr(paths, "session_log", Log())
    monkeypatch.setattr(paths, "setup_file_logging", lambda *a, **k: tmp_path / "lineside.log")
    cli.main(["audit", "verify", "--db", "postgresql://kim:s3cret@127.0.0.1:1/none"])
    assert said and not any("s3cret" in line for line in said)
    assert any("kim:***@127.0.0.1" in line for line in said)
