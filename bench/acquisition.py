"""Acquisition throughput, end to end: poll -> decode -> historian, for 1,000 tags.

Runs the line simulator in a child process (`lineside simulate`) serving a generated plant of
1,000 float32 tags over several Modbus units, then, against that same server in the same run:

1. raw:  plain pymodbus async clients read the same blocks the block planner makes, as fast as they
         can, one client per unit (the ceiling for any Python client of this server);
2. lineside: the Runtime (poller + decoder + historian writer into a SQLite file) with every tag on
         a scan class faster than the server can answer, counting values committed to the database.

Prints one JSON document: tag-values per second for each, and their ratio.

    python bench/acquisition.py [--tags 1000] [--units 4] [--seconds 10]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_config(n_tags: int, units: int, port: int, period_s: float) -> str:
    per_unit = n_tags // units
    out = [
        "[plant]",
        'name = "acquisition bench"',
        f"scan_classes = {{ bench = {period_s} }}",
        "[historian]",
        "flush_interval_s = 0.25",
        "[[lines]]",
        'id = "bench"',
    ]
    for u in range(units):
        out += [
            "[[lines.equipment]]",
            f'id = "dev{u}"',
            "[lines.equipment.connection]",
            'protocol = "modbus-tcp"',
            'host = "127.0.0.1"',
            f"port = {port}",
            f"unit_id = {u + 1}",
            "timeout_s = 2.0",
        ]
        for i in range(per_unit):
            out += [
                "[[lines.equipment.tags]]",
                f'name = "t{i:04d}"',
                'table = "holding_register"',
                f"address = {2 * i}",
                'type = "float32"',
                "normal_range = [0, 100]",
                'scan_class = "bench"',
            ]
    return "\n".join(out) + "\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"simulator did not listen on port {port}")


def raw_rate(plant, seconds: float) -> float:
    """Tag-values/s from plain pymodbus reads of the planner's blocks, one client per unit."""
    from pymodbus.client import AsyncModbusTcpClient

    from hmi.equipment.planner import plan_blocks

    async def one_unit(eq, stop_at: float) -> int:
        blocks = plan_blocks(list(eq.tags))
        client = AsyncModbusTcpClient(eq.connection.host, port=eq.connection.port, timeout=2, retries=0)
        await client.connect()
        values = 0
        try:
            while time.monotonic() < stop_at:
                for b in blocks:
                    rr = await client.read_holding_registers(b.start, count=b.count, device_id=eq.connection.unit_id)
                    if not rr.isError():
                        values += len(b.tags)
        finally:
            client.close()
        return values

    async def main() -> float:
        t0 = time.monotonic()
        counts = await asyncio.gather(*(one_unit(e, t0 + seconds) for e in plant.equipment))
        return sum(counts) / (time.monotonic() - t0)

    return asyncio.run(main())


def lineside_rate(plant, seconds: float, db_dir: str) -> dict:
    from hmi.runtime import Runtime, default_db_url

    runtime = Runtime(plant, db_url=default_db_url(db_dir))
    runtime.start()
    try:
        time.sleep(2.0)  # connect and warm up
        runtime.writer.flush(timeout=30)
        w0, t0 = runtime.historian_stats()["rows_written"], time.monotonic()
        time.sleep(seconds)
        runtime.writer.flush(timeout=30)
        w1, t1 = runtime.historian_stats()["rows_written"], time.monotonic()
        stats = runtime.historian_stats()
    finally:
        runtime.stop()
    return {"rate": (w1 - w0) / (t1 - t0), "historian": stats}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tags", type=int, default=1000)
    ap.add_argument("--units", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--period", type=float, default=0.005, help="scan period asked of the poller (s)")
    args = ap.parse_args()

    from hmi.config import load_config

    port = free_port()
    tmp = tempfile.mkdtemp(prefix="lineside-bench-")
    cfg_path = Path(tmp) / "bench.toml"
    cfg_path.write_text(make_config(args.tags, args.units, port, args.period))
    plant = load_config(cfg_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    sim = subprocess.Popen(
        [sys.executable, "-m", "hmi", "simulate", "--config", str(cfg_path), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_listening(port)
        time.sleep(0.5)
        raw = raw_rate(plant, args.seconds)
        ours = lineside_rate(plant, args.seconds, tmp)
    finally:
        sim.terminate()
        sim.wait(10)
    print(json.dumps({
        "bench": "acquisition",
        "tags": len(plant.tags),
        "units": args.units,
        "seconds": args.seconds,
        "raw_pymodbus_tag_values_per_s": round(raw),
        "lineside_end_to_end_tag_values_per_s": round(ours["rate"]),
        "ratio": round(ours["rate"] / raw, 3) if raw else None,
        "targets": {"ratio": 0.8, "tag_values_per_s": 50000},
        "historian": ours["historian"],
        "server": "lineside simulate (pymodbus server, child process)",
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }))


if __name__ == "__main__":
    main()
