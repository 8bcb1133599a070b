"""Kill the station hard, again and again: what does a crash cost?

    python bench/crash.py --kills 20 --max-s 8         # kill -9 at random moments, the first seconds included
    python bench/crash.py --kills 20 --load 8          # the same with 8 busy processes beside the station

A simulated plant (``lineside simulate``) serves the demo machines over Modbus-TCP; a station
(``lineside run --headless`` on a copy of the demo plant file, one SQLite plant database for every round)
is started and killed with SIGKILL after a random 0.3 .. ``--max-s`` seconds, ``--kills`` times.  Only the
station's main process is killed, as a crash would; its historian writer process then finds its pipe
closed, commits what it had received and ends (the bench waits for that).  After each kill:

* ``integrity``: SQLite's ``PRAGMA integrity_check`` of the plant database;
* ``audit``: the audit trail verified with the station key and against its anchor (``lineside audit verify``);
* ``lost_s``: the samples lost: from the newest sample stored by that round to the kill (a device had
  answered, per the station's "first values read" log line, but nothing was stored: from that answer to the
  kill; no answer yet: 0, nothing had been read).

``--load N`` starts N processes that spin on the CPU (a loaded station PC) and waits until the 1-minute load
average has risen before the first round; each round records the load average at its kill.

Prints one JSON document: per round and a summary (median, 90th percentile and worst loss, rounds with a
broken database or audit trail), and the host's load average.  The station's folders go to a temporary
``LINESIDE_HOME``.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def polling_started(log_file: Path, pid: int) -> float | None:
    """Epoch seconds of the station ``pid``'s first "first values read" log line (a device's first answer), if it
    got that far; None: it had read nothing when it was killed."""
    if not log_file.is_file():
        return None
    text = log_file.read_text(encoding="utf-8", errors="replace")
    pat = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) \w+ " + str(pid) + r" .*first values read")
    for line in text.splitlines():
        m = pat.match(line)
        if m:
            return datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").timestamp() + int(m.group(2)) / 1000
    return None


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--min-s", type=float, default=0.3, help="earliest kill after the start (s)")
    ap.add_argument("--max-s", type=float, default=8.0, help="latest kill after the start (s)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--load", type=int, default=0, help="busy processes beside the station (default none)")
    ap.add_argument("--out", help="also write the JSON here")
    a = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="lineside-crash-"))
    os.environ["LINESIDE_HOME"] = str(tmp / "home")  # the station's and this script's folders
    from bench.report import child_pids, emit, host
    from hmi.config import demo_config_path
    from hmi.paths import log_file
    from hmi.security.audit import cli_audit_verify
    from hmi.runtime import station_audit_files
    from hmi.store.db import sqlite_url

    load0 = os.getloadavg()
    port = free_port()
    plant = tmp / "plant.toml"
    plant.write_text(demo_config_path().read_text(encoding="utf-8").replace("port = 5020", f"port = {port}"),
                     encoding="utf-8")
    db = tmp / "plant.db"
    url = sqlite_url(db)
    env = dict(os.environ)
    sim = subprocess.Popen([sys.executable, "-m", "hmi", "simulate", "--port", str(port)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rng = random.Random(a.seed)
    rounds = []
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(max(0, a.load))]
    try:
        time.sleep(2.0)
        ramp_end = time.time() + 90.0
        while burners and os.getloadavg()[0] < 0.8 * a.load and time.time() < ramp_end:
            time.sleep(1.0)  # the 1-minute average lags the load
        for k in range(a.kills):
            t0 = time.time()
            st = subprocess.Popen([sys.executable, "-m", "hmi", "run", "--config", str(plant), "--db", url,
                                   "--headless"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(a.min_s, a.max_s))
            orphans = child_pids(st.pid)
            kill_ts = time.time()
            os.kill(st.pid, signal.SIGKILL)
            st.wait()
            # the orphaned writer process sees its pipe closed, commits what it received and ends: wait for it
            # (under load that takes seconds; a fixed pause would count its rows as lost)
            end = time.time() + 60.0
            while any(alive(p) for p in orphans) and time.time() < end:
                time.sleep(0.05)
            time.sleep(0.2)
            row = {"round": k + 1, "killed_after_s": round(kill_ts - t0, 2),
                   "load_1min": round(os.getloadavg()[0], 2),
                   "writer_ended_after_s": round(time.time() - kill_ts, 2)}
            if db.exists():
                con = sqlite3.connect(db, timeout=30)
                try:
                    row["integrity"] = con.execute("PRAGMA integrity_check").fetchone()[0]
                    last = con.execute("SELECT max(ts) FROM samples WHERE ts >= ?", (int(t0 * 1000),)).fetchone()[0]
                finally:
                    con.close()
            else:
                row["integrity"], last = "no database yet", None
            polled = polling_started(log_file(), st.pid)
            if last is not None:
                row["lost_s"] = round(kill_ts - last / 1000.0, 3)
            elif polled is not None and polled < kill_ts:
                row["lost_s"] = round(kill_ts - polled, 3)
                row["nothing_stored"] = True
            else:
                row["lost_s"] = 0.0
                row["polling"] = False
            key, anchor = station_audit_files(url)
            code, msg = cli_audit_verify(url, [key] if key.is_file() else [],
                                         anchor if anchor.is_file() else None) if db.exists() else (0, "no db")
            row["audit"] = "ok" if code == 0 else msg
            rounds.append(row)
    finally:
        for p in burners + [sim]:
            p.kill()
            p.wait()
    lost = sorted(r["lost_s"] for r in rounds if r.get("polling", True))
    q = (lambda p: lost[min(len(lost) - 1, int(p * len(lost)))]) if lost else (lambda p: None)
    out = {"kills": len(rounds),
           "summary": {"lost_s_median": q(0.5), "lost_s_p90": q(0.9), "lost_s_max": lost[-1] if lost else None,
                       "rounds_polling": len(lost), "rounds_over_1s": sum(x > 1.0 for x in lost),
                       "integrity_failures": sum(r["integrity"] not in ("ok", "no database yet") for r in rounds),
                       "audit_failures": sum(r["audit"] != "ok" for r in rounds),
                       "busy_processes": a.load,
                       "load_1min_at_kills": [min(r["load_1min"] for r in rounds), max(r["load_1min"] for r in rounds)]
                       if rounds else None},
           "rounds": rounds, "host": host(load0)}
    emit(out, a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
