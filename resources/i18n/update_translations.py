"""Refresh the Korean catalogue after UI strings changed, compile it, and list what is untranslated.

    python resources/i18n/update_translations.py            # lupdate (keeps translations) + lrelease + report
    python resources/i18n/update_translations.py --check    # only report; exit 1 when a string lacks Korean

Sources: every ``*.py`` under ``hmi/ui`` and ``widgets`` (``self.tr("...")``,
``QCoreApplication.translate("Context", "...")`` and ``QT_TRANSLATE_NOOP("Context", "...")`` with literal
strings), and the Qt-free core modules under ``hmi`` and ``vision`` that hold message templates
(``hmi.messages.QT_TRANSLATE_NOOP("Context", "...")``, shown by the UI through ``tr_message``).  ``lineside_ko.ts`` is the source of truth (checked in, edit it with Qt Linguist or any text
editor: fill ``<translation>`` and remove ``type="unfinished"``); ``lineside_ko.qm`` is compiled from it
and checked in too, so neither the packaged app nor CI needs a build step.  Strings that left the code
are dropped from the catalogue (``-no-obsolete``).  Needs ``pyside6-lupdate`` / ``pyside6-lrelease``
(PySide6 ships both).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCE_DIRS = ("hmi/ui", "widgets")
LANGUAGES = ("ko",)


def ts_path(lang: str) -> Path:
    return HERE / f"lineside_{lang}.ts"


def qm_path(lang: str) -> Path:
    return HERE / f"lineside_{lang}.qm"


#: Qt-free core packages: their user-visible texts are ``hmi.messages.QT_TRANSLATE_NOOP("Context", "...")``
#: templates (every core ``*.py`` that calls it is scanned, so a new template cannot miss the catalogue).
CORE_DIRS = ("hmi", "vision")
CORE_MARKER = "QT_TRANSLATE_NOOP("


def core_files(root: Path = ROOT) -> list[Path]:
    """Core modules (outside ``hmi/ui``) that hold translatable message templates."""
    out = []
    for d in CORE_DIRS:
        for p in sorted((root / d).rglob("*.py")):
            if "__pycache__" in p.parts or (root / "hmi" / "ui") in p.parents:
                continue
            if CORE_MARKER in p.read_text(encoding="utf-8"):
                out.append(p)
    return out


def source_files(root: Path = ROOT) -> list[Path]:
    files: list[Path] = []
    for d in SOURCE_DIRS:
        files += sorted(p for p in (root / d).rglob("*.py") if "__pycache__" not in p.parts)
    return files + core_files(root)


def _tool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        raise SystemExit(f"{name} not found: install PySide6 (it ships {name})")
    return exe


def lupdate(ts: Path, files: list[Path] | None = None, *, language: str | None = None) -> None:
    """Extract the strings of ``files`` into ``ts`` (existing translations are kept)."""
    files = files if files is not None else source_files()
    cmd = [_tool("pyside6-lupdate"), *map(str, files), "-no-obsolete", "-ts", str(ts)]
    if language:
        cmd[1:1] = ["-target-language", language]
    subprocess.run(cmd, check=True, capture_output=True, text=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True, text=True)


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> translation, None where it is missing or marked unfinished/obsolete."""
    out: dict[tuple[str, str], str | None] = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            source = m.findtext("source") or ""
            tr = m.find("translation")
            done = tr is not None and (tr.text or "").strip() and tr.get("type") not in ("unfinished", "obsolete",
                                                                                        "vanished")
            out[(name, source)] = tr.text if done else None
    return out


def untranslated(catalogue: Path, files: list[Path] | None = None) -> list[tuple[str, str]]:
    """Strings in the current sources without a finished translation in ``catalogue`` (sorted)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "current.ts"
        lupdate(fresh, files)
        wanted = messages(fresh)
    have = messages(catalogue) if catalogue.is_file() else {}
    return sorted(k for k in wanted if not have.get(k))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="report only; exit 1 when a string lacks a translation")
    args = ap.parse_args(argv)
    missing_any = False
    for lang in LANGUAGES:
        ts, qm = ts_path(lang), qm_path(lang)
        if not args.check:
            lupdate(ts, language={"ko": "ko_KR"}.get(lang, lang))
            lrelease(ts, qm)
        missing = untranslated(ts)
        total = len(messages(ts))
        print(f"{ts.name}: {total} strings, {len(missing)} untranslated" + ("" if args.check else f"; compiled {qm.name}"))
        for ctx, src in missing:
            print(f"  [{ctx}] {src!r}")
        missing_any |= bool(missing)
    return 1 if (missing_any and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
