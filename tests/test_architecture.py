"""The core is Qt-free (napari's rule): equipment, store, alarms, maintenance, kpi, trace, security
and vision never import Qt, pyqtgraph or the widgets package, directly or through each other."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ["hmi/config.py", "hmi/paths.py", "hmi/messages.py", "hmi/runtime.py", "hmi/equipment", "hmi/store", "hmi/alarms", "hmi/maintenance",
        "hmi/kpi", "hmi/trace", "hmi/security", "hmi/inspection", "vision"]
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "widgets", "hmi.ui")


def _core_files():
    for entry in CORE:
        p = ROOT / entry
        if p.is_file():
            yield p
        elif p.is_dir():
            yield from sorted(p.rglob("*.py"))


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield node.lineno, a.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def test_core_sources_do_not_import_qt():
    offences = []
    for f in _core_files():
        for lineno, name in _imports(f):
            if name.split(".")[0] in FORBIDDEN or name.startswith("hmi.ui"):
                offences.append(f"{f.relative_to(ROOT)}:{lineno} imports {name}")
    assert not offences, "Qt in the Qt-free core:\n" + "\n".join(offences)


def test_core_modules_load_without_qt_at_run_time():
    """Import every core module in a fresh interpreter and check no Qt module got loaded."""
    modules = []
    for f in _core_files():
        rel = f.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if "migrations" in parts:
            continue
        modules.append(".".join(parts))
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6', 'widgets'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"Qt loaded by the core: {out.stdout.strip()}"
