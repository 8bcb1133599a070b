"""Acquisition throughput, end to end: poll -> decode -> historian, for 1,000 tags.

Runs the line simulator in a child process (`lineside simulate`) serving a generated plant of
1,000 float32 tags over several Modbus units, then, against that same server in the same run:

1. raw ASAP: plain pymodbus async clients read the same blocks the block planner makes, as fast
         as they can, one client per unit (the ceiling for any Python client of this server);
2. for each scan period (50, 20, 10, 5, 2, 1 ms by default):
   raw:      the same clients on the poller's schedule (one pass over a unit's blocks per period);
   lineside: the Runtime (poller + decode + historian writer into a SQLite file), counting rows
             committed to the database during the window, the writer's backlog (sampled every
             0.25 s), poller reads/s and the CPU used by this process and by the simulator.
   A rate is *sustained* only when the backlog stays bounded during the window.
   The historian writer is the Runtime's default (its own process for an SQLite file; its child
   is started and ready before the poller starts) or the one forced with ``--writer``
   (sets ``LINESIDE_HISTORIAN_WRITER``).

3. protocols (``--protocol-tags``, default 200, at 100 ms): the poller alone (no historian) against an
   OPC UA server (asyncua's, in a child process, every value changing every 100 ms), subscribed and polled,
   and against the Modbus simulator with the same number of tags: values delivered per second and the
   CPU milliseconds per 1,000 values of this process (the client side; the servers' CPU is given apart).

Every plain-pipeline and Lineside measurement runs in a Python process of its own (as a station does), so none
pays for what an earlier one left behind.  Prints one JSON document; ``headline.ratio`` = best sustained Lineside rate / raw ASAP rate
(see ``headline.definition``); ``same_work`` compares Lineside with a plain pipeline that does the same work (reads,
decodes, inserts into the same table of an SQLite file: :func:`plain_pipeline`) in the same run: values per second
and CPU seconds per million values, every process of each side counted.  About 70 s with the defaults.

    python bench/acquisition.py [--tags 1000] [--units 4] [--seconds 4] [--periods 0.05,0.01]
                                [--writer thread|process]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import resource
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


def _cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _child_cpu_s(pid: int) -> float | None:
    """CPU seconds used so far by the simulator process (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


class _Cpu:
    """CPU seconds of this process and of the simulator over a window, plus the load average."""

    def __init__(self, sim_pid: int):
        self.pid = sim_pid
        self.c0, self.s0, self.t0, self.load0 = _cpu_s(), _child_cpu_s(sim_pid), time.monotonic(), os.getloadavg()[0]

    def done(self) -> dict:
        dt = time.monotonic() - self.t0
        c, sim = _cpu_s() - self.c0, _child_cpu_s(self.pid)
        out = {"window_s": round(dt, 2), "cpu_s": round(c, 2), "cpu_cores": round(c / dt, 2),
               "load_1m": [round(self.load0, 2), round(os.getloadavg()[0], 2)]}
        if sim is not None and self.s0 is not None:
            out["simulator_cpu_cores"] = round((sim - self.s0) / dt, 2)
        return out


async def _next_tick(loop, next_t: float, period: float) -> float:
    """Sleep until the next tick of a ``period`` schedule after ``next_t`` (ticks already missed are skipped, as the
    poller does); returns that tick."""
    next_t += period
    now = loop.time()
    if next_t <= now:
        next_t += (int((now - next_t) / period) + 1) * period
    await asyncio.sleep(next_t - now)
    return next_t


def raw_rate(plant, seconds: float, period: float | None, sim_pid: int) -> dict:
    """Plain pymodbus async reads of the planner's blocks, one client per unit: as fast as
    possible (``period`` None) or one pass over a unit's blocks every ``period`` s (the poller's
    schedule: missed ticks are skipped)."""
    from pymodbus.client import AsyncModbusTcpClient

    from hmi.equipment.planner import plan_blocks

    async def one_unit(eq, stop_at: float) -> tuple[int, int]:
        blocks = plan_blocks(list(eq.tags))
        client = AsyncModbusTcpClient(eq.connection.host, port=eq.connection.port, timeout=2, retries=0)
        await client.connect()
        values = reads = 0
        loop = asyncio.get_running_loop()
        next_t = loop.time()
        try:
            while time.monotonic() < stop_at:
                for b in blocks:
                    rr = await client.read_holding_registers(b.start, count=b.count, device_id=eq.connection.unit_id)
                    if not rr.isError():
                        values += len(b.tags)
                        reads += 1
                if period:
                    next_t = await _next_tick(loop, next_t, period)
        finally:
            client.close()
        return values, reads

    async def main() -> dict:
        cpu = _Cpu(sim_pid)
        t0 = time.monotonic()
        counts = await asyncio.gather(*(one_unit(e, t0 + seconds) for e in plant.equipment))
        dt = time.monotonic() - t0
        return {"tag_values_per_s": round(sum(c[0] for c in counts) / dt),
                "reads_per_s": round(sum(c[1] for c in counts) / dt), **cpu.done()}

    return asyncio.run(main())


def plain_pipeline(plant, seconds: float, sim_pid: int, db_path: str, period: float | None = None) -> dict:
    """The same work without Lineside, as plainly as Python does it: pymodbus async clients read the planner's
    blocks as fast as they can (one client per unit), ``struct`` decodes every float32, and the rows (tag id,
    timestamp in ms, value, quality) go into an SQLite file with the historian's own ``samples`` table and index,
    ``executemany`` and a commit every 20,000 rows, on the same loop.  Values per second committed, and the CPU of
    this process per million values.  ``period``: one pass over a unit's blocks every ``period`` s (the poller's
    schedule) instead of as fast as possible."""
    import sqlite3
    import struct

    from pymodbus.client import AsyncModbusTcpClient

    from hmi.equipment.planner import plan_blocks

    if os.path.exists(db_path):
        os.remove(db_path)
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE samples (tag_id INTEGER NOT NULL, ts BIGINT NOT NULL, value FLOAT, value_text TEXT, "
                "quality SMALLINT NOT NULL, error TEXT)")
    con.execute("CREATE INDEX ix_samples_tag_id_ts ON samples (tag_id, ts)")
    ids = {t.key: i for i, t in enumerate(plant.tags, start=1)}
    pending: list[tuple] = []
    committed = [0]

    def commit() -> None:
        con.executemany("INSERT INTO samples (tag_id, ts, value, quality) VALUES (?, ?, ?, 0)", pending)
        con.commit()
        committed[0] += len(pending)
        pending.clear()

    async def one_unit(eq, stop_at: float) -> None:
        blocks = plan_blocks(list(eq.tags))
        layout = [(b, [(ids[t.key], off) for t, off in b.tags]) for b in blocks]
        client = AsyncModbusTcpClient(eq.connection.host, port=eq.connection.port, timeout=2, retries=0)
        await client.connect()
        loop = asyncio.get_running_loop()
        next_t = loop.time()
        try:
            while time.monotonic() < stop_at:
                if period:
                    next_t = await _next_tick(loop, next_t, period)
                for b, tags in layout:
                    rr = await client.read_holding_registers(b.start, count=b.count, device_id=eq.connection.unit_id)
                    if rr.isError():
                        continue
                    ts = int(time.time() * 1000)
                    raw = struct.pack(f">{len(rr.registers)}H", *rr.registers)
                    pending.extend((tid, ts, struct.unpack_from(">f", raw, 2 * off)[0]) for tid, off in tags)
                    if len(pending) >= 20_000:
                        commit()
        finally:
            client.close()

    async def main() -> dict:
        cpu = _Cpu(sim_pid)
        t0 = time.monotonic()
        await asyncio.gather(*(one_unit(e, t0 + seconds) for e in plant.equipment))
        commit()
        dt = time.monotonic() - t0
        usage = cpu.done()
        return {"tag_values_per_s": round(committed[0] / dt), "values": committed[0],
                "cpu_s_per_million_values": round(usage["cpu_s"] / max(committed[0], 1) * 1e6, 2), **usage}

    try:
        return asyncio.run(main())
    finally:
        con.close()


def lineside_rate(plant, seconds: float, db_dir: str, sim_pid: int, warmup: float) -> dict:
    """The Runtime end to end.  Counts rows COMMITTED to the historian during the window (no
    flush before or after it: a flush would wait for, and so hide, a backlog) and samples the
    backlog (rows buffered in the writer) every 0.25 s.  The rate is *sustained* when the backlog
    stays bounded: its troughs (right after a flush; the backlog is a saw-tooth of up to
    ``batch_max_rows``) grow by less than 5 % of the offered rate between the two halves of the
    window, and it never holds more than 1 s of samples plus one batch."""
    from hmi.equipment.planner import plan_blocks
    from hmi.runtime import Runtime, default_db_url

    runtime = Runtime(plant, db_url=default_db_url(db_dir))
    if hasattr(runtime.writer, "wait_ready"):  # writer process: up before polling starts
        runtime.writer.start()
        if not runtime.writer.wait_ready(60):
            raise RuntimeError("historian writer process not ready within 60 s")
    runtime.start()
    stats, status = runtime.historian_stats, runtime.device_status

    def counters():
        h = stats()
        return h, sum(s.reads_ok for s in status().values())

    proc = getattr(runtime.writer, "_proc", None)
    writer_pid = proc.pid if proc is not None else None
    try:
        time.sleep(warmup)  # connect and warm up
        (h0, r0), t0, cpu = counters(), time.monotonic(), _Cpu(sim_pid)
        w0 = _child_cpu_s(writer_pid) if writer_pid else None
        backlog = [h0["buffered"]]
        while time.monotonic() - t0 < seconds:
            time.sleep(0.25)
            backlog.append(stats()["buffered"])
        (h1, r1), t1 = counters(), time.monotonic()
        usage = cpu.done()
        w1 = _child_cpu_s(writer_pid) if writer_pid else None
    finally:
        ts = time.monotonic()
        runtime.poller.stop()
        w = runtime.writer
        stopped = w.stop(flush=True, timeout=2.0)  # bounded, by design: rows left are reported
        left = getattr(w, "unwritten_at_stop", None)
        if left is None:
            left = w.stats()["buffered"]
        stop_s = time.monotonic() - ts
        runtime.engine.dispose()
    dt = t1 - t0
    written = (h1["rows_written"] - h0["rows_written"]) / dt
    offered = (h1["rows_written"] + h1["buffered"] + h1["rows_dropped"]
               - h0["rows_written"] - h0["buffered"] - h0["rows_dropped"]) / dt
    half = len(backlog) // 2
    growth = (min(backlog[half:]) - min(backlog[:half])) / (dt / 2)
    per_read = len(plant.tags) / len(plan_blocks(plant.tags))
    bounded = (growth <= 0.05 * max(offered, 1.0)
               and max(backlog) <= max(offered, 1.0) + plant.historian.batch_max_rows)
    writer_cpu = (w1 - w0) if w0 is not None and w1 is not None else 0.0
    all_cpu = usage["cpu_s"] + writer_cpu
    return {
        "tag_values_per_s": round(written),  # committed to the database
        # every process of the station: this one (poller, decode, sinks) and the historian writer's child
        "writer_child_cpu_s": round(writer_cpu, 2),
        "cpu_s_per_million_values": round(all_cpu / max(written * dt, 1) * 1e6, 2),
        "offered_tag_values_per_s": round(offered),  # produced by poll + decode
        "poller_reads_per_s": round((r1 - r0) / dt),
        # values read fresh (GOOD) by the poller; offered - fresh = STALE etc. (scan faster than reads)
        "fresh_read_values_per_s": round((r1 - r0) / dt * per_read),
        "backlog_start": backlog[0], "backlog_end": backlog[-1], "backlog_max": max(backlog),
        "backlog_growth_per_s": round(growth),
        "sustained": bounded,
        "rows_dropped": h1["rows_dropped"] - h0["rows_dropped"],
        "flush_ms_last": round(h1["last_flush_ms"], 1),
        "writer": type(w).__name__,
        **usage,
        "stop": {"s": round(stop_s, 2), "clean": stopped, "rows_not_written": left},
    }


def _serve_opcua(port: int, n: int, period: float) -> None:
    """The OPC UA server of the protocol rows (a child process): ``n`` Double variables ``ns=2;s=V<i>``, every
    one changed every ``period`` seconds."""
    from asyncua import Server, ua

    logging.getLogger("asyncua").setLevel(logging.ERROR)

    async def main() -> None:
        server = Server()
        await server.init()
        server.set_endpoint(f"opc.tcp://127.0.0.1:{port}/bench/")
        server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        ns = await server.register_namespace("urn:lineside:bench")
        obj = await server.nodes.objects.add_object(ua.NodeId("Bench", ns), "Bench")
        nodes = [await obj.add_variable(ua.NodeId(f"V{i}", ns), f"V{i}", 0.0) for i in range(n)]
        async with server:
            k = 0
            while True:
                k += 1
                for i, node in enumerate(nodes):
                    await server.write_attribute_value(node.nodeid, ua.DataValue(ua.Variant(k + i * 0.001,
                                                                                             ua.VariantType.Double)))
                await asyncio.sleep(period)

    asyncio.run(main())


def _opcua_config(port: int, n: int, period: float, mode: str) -> str:
    tags = "".join(f'[[lines.equipment.tags]]\nname = "v{i}"\nnode = "ns=2;s=V{i}"\nmode = "{mode}"\n'
                   f'scan_class = "bench"\n' for i in range(n))
    return (f'[plant]\nname = "opc bench"\nscan_classes = {{ bench = {period} }}\n[[lines]]\nid = "b"\n'
            f'[[lines.equipment]]\nid = "opc"\n[lines.equipment.connection]\nprotocol = "opcua"\n'
            f'endpoint = "opc.tcp://127.0.0.1:{port}/bench/"\n' + tags)


def poller_rate(plant, seconds: float, warmup: float, server_pid: int) -> dict:
    """The poller alone (no historian): GOOD values delivered to a sink per second, and this process's CPU
    per 1,000 of them."""
    from hmi.equipment.model import Quality
    from hmi.equipment.poller import Poller

    counted = [0]
    counting = [False]

    def sink(batch) -> None:
        if counting[0]:
            counted[0] += sum(1 for s in batch if s.quality == Quality.GOOD)

    p = Poller(plant)
    p.subscribe(sink)
    p.start()
    try:
        time.sleep(warmup)
        cpu = _Cpu(server_pid)
        counting[0] = True
        time.sleep(seconds)
        counting[0] = False
        out = cpu.done()
    finally:
        p.stop()
    rate = counted[0] / out["window_s"]
    out = {"tag_values_per_s": round(rate), "client_cpu_ms_per_1000_values": round(out["cpu_s"] * 1e6 / max(
        counted[0], 1), 2), **out}
    if "simulator_cpu_cores" in out:
        out["server_cpu_cores"] = out.pop("simulator_cpu_cores")
    return out


def protocol_rows(n: int, period: float, seconds: float, warmup: float, modbus_plant, sim_pid: int) -> dict:
    """OPC UA (subscription, polling) and Modbus, the poller alone, ``n`` tags every ``period`` s."""
    from hmi.config import parse_config

    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve-opcua", str(port), str(n),
                               str(period)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = {}
    try:
        wait_listening(port, 60)
        time.sleep(1.0)
        for mode in ("subscribe", "poll"):
            plant = parse_config(_opcua_config(port, n, period, mode), "opcua-bench.toml")
            rows[f"opcua_{mode}"] = poller_rate(plant, seconds, warmup + 1.0, server.pid)
    finally:
        server.terminate()
        server.wait(10)
    rows["modbus_poll"] = poller_rate(modbus_plant, seconds, warmup, sim_pid)
    return {"tags": n, "period_s": period, "demand_tag_values_per_s": round(n / period),
            "note": ("the poller alone, no historian; OPC UA: asyncua's server in a child process changing every "
                     "value every period (subscription: sampling and publishing interval = the period); Modbus: "
                     "the simulator, float32 tags in planned blocks"), **rows}


def in_fresh_process(kind: str, plant_path: Path, **kw) -> dict:
    """Run :func:`plain_pipeline` (``kind="plain"``) or :func:`lineside_rate` (``"lineside"``) in a Python process
    of its own, as a station runs: its CPU counts only that measurement, not what earlier ones left in this
    process (objects, threads, the collector's state)."""
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure", kind, str(plant_path),
                          json.dumps(kw)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"{kind} measurement failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _measure(kind: str, plant_path: str, kw: dict) -> None:
    from hmi.config import load_config

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    plant = load_config(Path(plant_path))
    result = plain_pipeline(plant, **kw) if kind == "plain" else lineside_rate(plant, **kw)
    print(json.dumps(result))


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--serve-opcua":
        _serve_opcua(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
        return
    if len(sys.argv) == 5 and sys.argv[1] == "--measure":
        _measure(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tags", type=int, default=1000)
    ap.add_argument("--units", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=5.0, help="measurement window per run (s)")
    ap.add_argument("--warmup", type=float, default=1.5, help="connect/warm-up before each window (s)")
    ap.add_argument("--periods", default="0.05,0.02,0.01,0.005,0.002,0.001",
                    help="scan periods asked of the poller, slowest first (s)")
    ap.add_argument("--protocol-tags", type=int, default=200, help="tags of the OPC UA / Modbus rows (0: none)")
    ap.add_argument("--writer", choices=("thread", "process"), default=None,
                    help="historian writer kind (default: the Runtime's choice)")
    args = ap.parse_args()
    if args.writer:
        os.environ["LINESIDE_HISTORIAN_WRITER"] = args.writer
    periods = sorted((float(p) for p in args.periods.split(",")), reverse=True)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")

    from hmi.config import load_config

    port = free_port()
    tmp = tempfile.mkdtemp(prefix="lineside-bench-")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cfg_path = Path(tmp) / "bench.toml"
    cfg_path.write_text(make_config(args.tags, args.units, port, periods[0]))
    sim = subprocess.Popen(
        [sys.executable, "-m", "hmi", "simulate", "--config", str(cfg_path), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    t_start = time.monotonic()
    runs = []
    try:
        wait_listening(port)
        time.sleep(0.5)
        plant = load_config(cfg_path)
        raw_asap = raw_rate(plant, args.seconds, None, sim.pid)
        plain = in_fresh_process("plain", cfg_path, seconds=args.seconds, sim_pid=sim.pid,
                                 db_path=str(Path(tmp) / "plain.db"))
        for i, period in enumerate(periods):
            p_path = Path(tmp) / f"bench_{i}.toml"
            p_path.write_text(make_config(args.tags, args.units, port, period))
            plant = load_config(p_path)
            raw = raw_rate(plant, min(args.seconds, 3.0), period, sim.pid)
            db_dir = Path(tmp) / f"db_{i}"
            db_dir.mkdir()
            ours = in_fresh_process("lineside", p_path, seconds=args.seconds, db_dir=str(db_dir), sim_pid=sim.pid,
                                    warmup=args.warmup)
            runs.append({"period_s": period,
                         "demand_tag_values_per_s": round(len(plant.tags) / period),
                         "raw_same_schedule": raw, "lineside": ours,
                         "ratio_vs_raw_same_schedule": round(ours["tag_values_per_s"] / raw["tag_values_per_s"], 3)
                         if raw["tag_values_per_s"] else None})
        protocols = None
        if args.protocol_tags > 0:
            p_path = Path(tmp) / "bench_protocols.toml"
            p_path.write_text(make_config(args.protocol_tags, 1, port, 0.1))
            protocols = protocol_rows(args.protocol_tags, 0.1, args.seconds, args.warmup, load_config(p_path),
                                      sim.pid)
    finally:
        sim.terminate()
        sim.wait(10)
    sustained = [r for r in runs if r["lineside"]["sustained"]]
    fastest = max(sustained, key=lambda r: r["lineside"]["tag_values_per_s"]) if sustained else None
    if fastest is not None:
        # the poller never scans faster than 20 ms of wall time: of the sustained runs that scanned at the same
        # wall period as the fastest, the one that asked for that period is the same work as the plain pipeline
        # on that schedule (asking for 1 ms and getting 20 ms is not the same request)
        same_period = max(fastest["period_s"], 0.02)
        fastest = next((r for r in sustained if abs(r["period_s"] - same_period) < 1e-9), fastest)
    plain_same = None
    if fastest is not None:  # the plain pipeline on the schedule Lineside sustained fastest, same server, same run
        sim2 = subprocess.Popen(
            [sys.executable, "-m", "hmi", "simulate", "--config", str(cfg_path), "--port", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_listening(port)
            time.sleep(0.5)
            repeats = [in_fresh_process("plain", Path(tmp) / f"bench_{runs.index(fastest)}.toml",
                                        seconds=args.seconds, sim_pid=sim2.pid,
                                        db_path=str(Path(tmp) / f"plain_same_{k}.db"), period=same_period)
                       for k in range(3)]
            plain_same = dict(sorted(repeats, key=lambda r: r["cpu_s_per_million_values"])[1])  # the median
            plain_same["period_s"] = same_period
            plain_same["cpu_s_per_million_values_each"] = [r["cpu_s_per_million_values"] for r in repeats]
        finally:
            sim2.terminate()
            sim2.wait(10)
    same_each = sorted(r["lineside"]["cpu_s_per_million_values"] for r in sustained
                       if fastest is not None and max(r["period_s"], 0.02) == same_period)
    same_median = same_each[len(same_each) // 2] if same_each else None

    def good(r):  # committed rows that are fresh reads (not STALE markers)
        return min(r["lineside"]["tag_values_per_s"], r["lineside"]["fresh_read_values_per_s"])

    best = max(sustained, key=good) if sustained else None
    raw_v = raw_asap["tag_values_per_s"]
    best_v = good(best) if best else 0
    peak = max(runs, key=lambda r: r["lineside"]["tag_values_per_s"])
    print(json.dumps({
        "bench": "acquisition",
        "tags": len(plant.tags),
        "units": args.units,
        "seconds_per_window": args.seconds,
        "headline": {
            "definition": ("ratio = best SUSTAINED Lineside end-to-end rate (values committed to the "
                           "historian per s, capped at the values the poller read fresh, at a scan period "
                           "where the writer's backlog stays bounded) / raw "
                           "pymodbus reads of the same blocks as fast as possible (the ceiling of any Python "
                           "client of this server). The same-schedule ratio per period only shows whether "
                           "Lineside keeps a schedule the raw client also keeps; it is not the headline."),
            "fastest_sustained_period_s": best["period_s"] if best else None,
            "lineside_sustained_tag_values_per_s": best_v,
            "raw_pymodbus_asap_tag_values_per_s": raw_v,
            "ratio": round(best_v / raw_v, 3) if raw_v else None,
            "lineside_peak_committed_tag_values_per_s": peak["lineside"]["tag_values_per_s"],
            "peak_period_s": peak["period_s"],
            "peak_sustained": peak["lineside"]["sustained"],
            "targets": {"ratio": 0.8, "tag_values_per_s": 50000},
            "met": {"ratio": bool(raw_v) and best_v / raw_v >= 0.8, "tag_values_per_s": best_v >= 50000},
        },
        "same_work": {
            "definition": ("the plain pipeline does the same work as Lineside (read the same blocks, decode every "
                           "float32, insert into an SQLite file with the same table and index) without the "
                           "station's quality rules, store-and-forward and writer process; CPU counts every process "
                           "of each side (Lineside: this process and the historian writer's child), not the server"),
            "plain_tag_values_per_s": plain["tag_values_per_s"],
            "lineside_sustained_tag_values_per_s": best_v,
            "rate_ratio_lineside_over_plain": round(best_v / plain["tag_values_per_s"], 3)
            if plain["tag_values_per_s"] else None,
            "plain_cpu_s_per_million_values": plain["cpu_s_per_million_values"],
            "plain_same_schedule": plain_same,
            "lineside_period_s": fastest["period_s"] if fastest else None,
            # every sustained run that scanned at that same wall period did the same work: their median is the
            # steadier figure (single 5 s windows spread by about +-8 %)
            "lineside_same_wall_period_cpu_s_per_million_values_each": same_each,
            "lineside_same_wall_period_cpu_s_per_million_values_median": same_median,
            "cpu_ratio_medians_lineside_over_plain_same_schedule": round(same_median
                                                                         / plain_same["cpu_s_per_million_values"], 2)
            if same_median and plain_same and plain_same["cpu_s_per_million_values"] else None,
            "lineside_cpu_s_per_million_values": fastest["lineside"]["cpu_s_per_million_values"] if fastest else None,
            "cpu_ratio_lineside_over_plain_asap": round(fastest["lineside"]["cpu_s_per_million_values"]
                                                        / plain["cpu_s_per_million_values"], 2)
            if fastest and plain["cpu_s_per_million_values"] else None,
            "cpu_ratio_lineside_over_plain_same_schedule": round(
                fastest["lineside"]["cpu_s_per_million_values"] / plain_same["cpu_s_per_million_values"], 2)
            if fastest and plain_same and plain_same["cpu_s_per_million_values"] else None,
            "target_cpu_ratio": 1.2,
        },
        "raw_pymodbus_asap": raw_asap,
        "plain_pipeline": plain,
        "runs": runs,
        "protocols": protocols,
        "bench_wall_s": round(time.monotonic() - t_start, 1),
        "server": "lineside simulate (pymodbus server, child process)",
        "historian_writer": runs[0]["lineside"]["writer"] if runs else None,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }, indent=1))


if __name__ == "__main__":
    main()
