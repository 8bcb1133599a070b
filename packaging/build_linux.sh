#!/usr/bin/env bash
# Build the Linux onedir bundle (dist/lineside/) and smoke-run it; prints one JSON document on stdout:
#   {"bundle_bytes", "bundle_size", "largest": [...], "build_s", "smoke_wall_s", "smoke": {...}, "loadavg"}
# Usage: packaging/build_linux.sh [--no-install]     (PYTHON=... picks the interpreter; default python)
# Build log: build/pyinstaller.log.  Needs the project's dependencies installed (pip install -e .).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
if [ "${1:-}" != "--no-install" ]; then
  "$PY" -m pip install -q "pyinstaller>=6.10" "pyinstaller-hooks-contrib>=2024.8" >&2
fi
mkdir -p build
t0=$(date +%s.%N)
if ! "$PY" -m PyInstaller --noconfirm --log-level WARN pyinstaller.spec >build/pyinstaller.log 2>&1; then
  tail -40 build/pyinstaller.log >&2
  echo "build_linux: PyInstaller failed (full log: build/pyinstaller.log)" >&2
  exit 1
fi
t1=$(date +%s.%N)

smoke_home=$(mktemp -d)
trap 'rm -rf "$smoke_home"' EXIT
s0=$(date +%s.%N)
if ! QT_QPA_PLATFORM=offscreen LINESIDE_HOME="$smoke_home" dist/lineside/lineside --smoke-test \
     >build/smoke.json 2>build/smoke.err; then
  cat build/smoke.err >&2
  echo "build_linux: the bundle's smoke test failed" >&2
  exit 1
fi
s1=$(date +%s.%N)

BUILD_S=$(echo "$t1 - $t0" | bc) SMOKE_S=$(echo "$s1 - $s0" | bc) "$PY" - <<'PY'
import json, os
from pathlib import Path

root = Path("dist/lineside")
def size(p: Path) -> int:
    if p.is_symlink():
        return 0
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file() and not f.is_symlink())

total = size(root)
parts = [p for p in (root / "_internal").iterdir()] + [root / "lineside"]
# one level deeper inside the big packages, so the report names what makes them big
for big in ("torch", "PySide6", "cv2", "scipy"):
    d = root / "_internal" / big
    if d.is_dir():
        parts.remove(d)
        parts += list(d.iterdir())
largest = sorted(((size(p), p.relative_to(root).as_posix()) for p in parts), reverse=True)[:15]
human = lambda n: f"{n / 2**20:.0f} MiB"
print(json.dumps({
    "bundle_bytes": total,
    "bundle_size": human(total),
    "largest": [{"path": p, "size": human(n)} for n, p in largest],
    "build_s": round(float(os.environ["BUILD_S"]), 1),
    "smoke_wall_s": round(float(os.environ["SMOKE_S"]), 2),
    "smoke": json.loads(Path("build/smoke.json").read_text()),
    "loadavg": os.getloadavg(),
}, indent=1))
PY
