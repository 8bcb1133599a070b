"""Passwords out of anything printed, logged or returned: database URLs and command lines.

Light on purpose (no SQLAlchemy import): the command line uses it before anything else is loaded.
"""
from __future__ import annotations

import re

_PASSWORD_IN_URL = re.compile(r"(//[^/:@\s]*:)[^@/\s]*@")


def redact_url(url) -> str:
    """A database URL with its password hidden (``postgresql://kim:***@host/db``); also for a URL SQLAlchemy
    cannot parse, and for a SQLAlchemy ``URL`` object."""
    if url is None:
        return ""
    render = getattr(url, "render_as_string", None)
    if callable(render):
        return render(hide_password=True)
    return _PASSWORD_IN_URL.sub(r"\1***@", str(url))


def redact_argv(argv) -> str:
    """A command line with every database URL's password hidden (``--db URL`` and ``--db=URL``)."""
    return " ".join(redact_url(a) for a in argv)
