#!/usr/bin/env bash
# Build the Linux onedir bundles and smoke-run each: dist/lineside/ (full: torch, training, CUDA) and
# dist/lineside-station/ (no torch: the X-ray model on ONNX Runtime).  Prints one JSON document on stdout:
#   {"full": {"bundle_bytes", "bundle_size", "largest": [...], "build_s", "smoke_wall_s", "smoke": {...}},
#    "station": {...}, "loadavg"}
# Usage: packaging/build_linux.sh [--no-install]     (PYTHON=... picks the interpreter; BUNDLES="station" builds
# one).  Build logs: build/pyinstaller-<bundle>.log.  Needs the project's dependencies installed (pip install -e .).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
if [ "${1:-}" != "--no-install" ]; then
  "$PY" -m pip install -q "pyinstaller>=6.10" "pyinstaller-hooks-contrib>=2024.8" >&2
fi
mkdir -p build
BUNDLES=${BUNDLES:-"full station"}
smoke_home=$(mktemp -d)
trap 'rm -rf "$smoke_home"' EXIT
for b in $BUNDLES; do
  name=lineside; [ "$b" = station ] && name=lineside-station
  t0=$(date +%s.%N)
  if ! LINESIDE_BUNDLE=$b "$PY" -m PyInstaller --noconfirm --log-level WARN pyinstaller.spec \
       >"build/pyinstaller-$b.log" 2>&1; then
    tail -40 "build/pyinstaller-$b.log" >&2
    echo "build_linux: PyInstaller failed for the $b bundle (full log: build/pyinstaller-$b.log)" >&2
    exit 1
  fi
  # the interpreter's own libraries carry their symbol tables (pyenv's libpython 22 MiB, 5 stripped); the wheels'
  # vendored libraries are left alone (strip breaks their patchelf-ed program headers)
  for f in "dist/$name/_internal"/libpython3*.so* "dist/$name/_internal"/python3*/lib-dynload/*.so; do
    [ -f "$f" ] && strip --strip-unneeded "$f" 2>/dev/null || true
  done
  t1=$(date +%s.%N)
  rm -rf "$smoke_home"/*
  s0=$(date +%s.%N)
  if ! QT_QPA_PLATFORM=offscreen LINESIDE_HOME="$smoke_home" "dist/$name/lineside" --smoke-test \
       >"build/smoke-$b.json" 2>"build/smoke-$b.err"; then
    cat "build/smoke-$b.err" >&2
    echo "build_linux: the $b bundle's smoke test failed" >&2
    exit 1
  fi
  s1=$(date +%s.%N)
  echo "$b $name $(echo "$t1 - $t0" | bc) $(echo "$s1 - $s0" | bc)" >>build/bundles.txt.new
done
mv build/bundles.txt.new build/bundles.txt

"$PY" - <<'PY'
import json, os
from pathlib import Path

def size(p: Path) -> int:
    if p.is_symlink():
        return 0
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file() and not f.is_symlink())

human = lambda n: f"{n / 2**20:.0f} MiB"
out = {}
for line in Path("build/bundles.txt").read_text().split("\n"):
    if not line.strip():
        continue
    b, name, build_s, smoke_s = line.split()
    root = Path("dist") / name
    total = size(root)
    parts = [p for p in (root / "_internal").iterdir()] + [root / "lineside"]
    # one level deeper inside the big packages, so the report names what makes them big
    for big in ("torch", "PySide6", "cv2", "scipy", "onnxruntime"):
        d = root / "_internal" / big
        if d.is_dir():
            parts.remove(d)
            parts += list(d.iterdir())
    largest = sorted(((size(p), p.relative_to(root).as_posix()) for p in parts), reverse=True)[:12]
    out[b] = {"folder": str(root), "bundle_bytes": total, "bundle_size": human(total),
              "largest": [{"path": p, "size": human(n)} for n, p in largest],
              "build_s": round(float(build_s), 1), "smoke_wall_s": round(float(smoke_s), 2),
              "smoke": json.loads(Path(f"build/smoke-{b}.json").read_text())}
out["loadavg"] = os.getloadavg()
print(json.dumps(out, indent=1))
PY
