"""Run the demo station for a long time and watch its memory: does any process grow?

    python bench/soak.py --minutes 240 --speed 60      # the 4-hour soak
    python bench/soak.py --minutes 15 --speed 60       # a quick look at the slopes

Starts ``lineside demo --headless --speed K`` (the simulated plant, the station, its historian writer process
and the X-ray station's vision process) in a temporary ``LINESIDE_HOME`` and samples the resident memory
(``VmRSS`` from ``/proc``, Linux) of the station and each of its child processes every ``--every-s``
seconds.  After the warm-up (``--warmup-min``), a straight line fitted to each process's samples gives its
growth in MiB per hour.  Prints one JSON document: per process (by name) the memory at the end of the
warm-up and at the end, the fitted growth per hour, the samples; and the host's load average.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def name_of(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        text = " ".join(c.decode(errors="replace") for c in cmd if c)
    except OSError:
        return str(pid)
    if "spawn_main" in text or "multiprocessing" in text:
        return "child " + str(pid)
    return "station" if "hmi" in text else text[:40]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=240.0)
    ap.add_argument("--speed", type=float, default=60.0)
    ap.add_argument("--every-s", type=float, default=30.0)
    ap.add_argument("--warmup-min", type=float, default=None, help="default: a fifth of the run, at most 20")
    ap.add_argument("--out")
    a = ap.parse_args(argv)
    from bench.report import child_pids, emit, host

    warmup_s = 60.0 * (a.warmup_min if a.warmup_min is not None else min(20.0, a.minutes / 5))
    tmp = Path(tempfile.mkdtemp(prefix="lineside-soak-"))
    env = dict(os.environ, LINESIDE_HOME=str(tmp / "home"))
    load0 = os.getloadavg()
    st = subprocess.Popen([sys.executable, "-m", "hmi", "demo", "--headless", "--speed", str(a.speed),
                           "--data-dir", str(tmp / "data")], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    series: dict[str, list[tuple[float, float]]] = {}
    t0 = time.monotonic()
    try:
        while time.monotonic() - t0 < 60.0 * a.minutes and st.poll() is None:
            t = time.monotonic() - t0
            for pid in [st.pid, *child_pids(st.pid)]:
                m = rss_mib(pid)
                if m is not None:
                    series.setdefault("station" if pid == st.pid else name_of(pid), []).append((t, m))
            time.sleep(a.every_s)
    finally:
        st.send_signal(signal.SIGINT)
        try:
            st.wait(30)
        except subprocess.TimeoutExpired:
            st.kill()
    procs = {}
    for name, pts in series.items():
        arr = np.array(pts)
        after = arr[arr[:, 0] >= warmup_s]
        slope = None
        if len(after) >= 3 and np.ptp(after[:, 0]) > 0:
            slope = float(np.polyfit(after[:, 0] / 3600.0, after[:, 1], 1)[0])
        procs[name] = {"mib_after_warmup": round(float(after[0, 1]), 1) if len(after) else None,
                       "mib_end": round(float(arr[-1, 1]), 1),
                       "growth_mib_per_hour": None if slope is None else round(slope, 1),
                       "samples": len(arr)}
    emit({"minutes": a.minutes, "speed": a.speed, "warmup_min": warmup_s / 60, "exit_code": st.returncode,
          "processes": procs, "host": host(load0)}, a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
