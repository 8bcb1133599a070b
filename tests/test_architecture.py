"""The layer rules (napari's way): import-linter contracts in pyproject.toml, checked here and shown to
fail on a planted violation of each; and the Qt-free core loads without Qt at run time."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ["hmi/config.py", "hmi/paths.py", "hmi/messages.py", "hmi/runtime.py", "hmi/services.py", "hmi/workers.py", "hmi/commands",
        "hmi/equipment", "hmi/store", "hmi/alarms", "hmi/maintenance",
        "hmi/kpi", "hmi/trace", "hmi/security", "hmi/inspection", "vision"]


def _core_files():
    for entry in CORE:
        p = ROOT / entry
        if p.is_file():
            yield p
        elif p.is_dir():
            yield from sorted(p.rglob("*.py"))


def _lint_imports(cwd: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()",
                           "--no-cache", "--no-logo", str(config)], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**__import__("os").environ, "PYTHONPATH": str(cwd)})


def test_layer_contracts_hold():
    """pyproject.toml's import-linter contracts: layers, vision on its own, the core free of Qt."""
    pytest.importorskip("importlinter")
    out = _lint_imports(ROOT, ROOT / "pyproject.toml")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout and "4 kept" in out.stdout, out.stdout


PLANTED = {
    # contract that must break -> (file, source): one violation each, the Qt one relative and inside a function
    "Layers": ("hmi/store/_planted.py", "import hmi.runtime\n"),
    "vision stands alone": ("vision/_planted.py", "from hmi.config import PlantConfig\n"),
    "Historian rooms": ("hmi/store/rollup.py", "\nfrom hmi.store import historian_writer  # planted\n"),
    "Qt-free core": ("hmi/alarms/_planted.py", "def later():\n    from ..ui import app\n    return app\n"),
}


@pytest.mark.parametrize("contract", list(PLANTED))
def test_each_contract_fails_on_a_planted_violation(contract, tmp_path):
    pytest.importorskip("importlinter")
    import shutil

    for pkg in ("hmi", "vision", "widgets"):
        shutil.copytree(ROOT / pkg, tmp_path / pkg, ignore=shutil.ignore_patterns("__pycache__", "*.pt"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    rel, source = PLANTED[contract]
    target = tmp_path / rel
    target.write_text((target.read_text(encoding="utf-8") if target.exists() else "") + source, encoding="utf-8")
    out = _lint_imports(tmp_path, tmp_path / "pyproject.toml")
    assert out.returncode != 0, out.stdout
    broken = [line for line in out.stdout.splitlines() if " BROKEN" in line]
    assert len(broken) >= 1 and any(contract in b for b in broken), out.stdout
    planted_module = rel.removesuffix(".py").replace("/", ".")
    assert any(line.strip().startswith(f"-   {planted_module} ->") or line.strip().startswith(f"- {planted_module} ->")
               for line in out.stdout.splitlines()), out.stdout


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
