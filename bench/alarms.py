"""Alarm evaluation cost: microseconds per tag-value and milliseconds per 10,000 tag-values.

Feeds the AlarmEngine with batches of GOOD samples of the demo plant (every tag, realistic values
around their limits, so limit, deadband, delay, rate-of-change and digital alarms all evaluate) and
times `process()`; the `tick()` cost is reported separately. Prints one JSON document.

    python bench/alarms.py [--values 1000000]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--values", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=500)
    args = ap.parse_args()

    from hmi.alarms.engine import AlarmEngine
    from hmi.config import demo_config_path, load_config
    from hmi.equipment.model import Quality, Sample

    plant = load_config(demo_config_path())
    tags = [t for t in plant.tags if t.type != "string"]
    rng = np.random.default_rng(1)
    now = [time.time()]
    engine = AlarmEngine(plant, clock=lambda: now[0])
    events = []
    engine.subscribe(events.append)

    def value(t, i):
        if t.type == "bool":
            return bool(i % 50 == 0)
        if t.name == "state":
            return 1 if i % 200 else 2
        lo, hi = t.normal_range or (0.0, 100.0)
        # wander across the whole range and 20 % beyond it so alarms raise and clear
        span = hi - lo
        return lo - 0.2 * span + (1.4 * span) * (0.5 + 0.5 * np.sin(i / 300.0)) + rng.normal(0, 0.01 * span)

    n_batches = max(1, args.values // args.batch)
    batches = []
    per_batch = max(1, args.batch // len(tags))
    for b in range(min(n_batches, 400)):  # pre-build (value generation is not what we time)
        batch = []
        for k in range(per_batch):
            i = b * per_batch + k
            ts = now[0] + i * 0.1
            batch.extend(Sample(t.key, ts, value(t, i), Quality.GOOD) for t in tags)
        batches.append(batch)
    total = 0
    elapsed = 0.0
    tick_s = 0.0
    ticks = 0
    while total < args.values:
        for batch in batches:
            now[0] = batch[-1].ts
            t0 = time.perf_counter()
            engine.process(batch)
            elapsed += time.perf_counter() - t0
            total += len(batch)
            t0 = time.perf_counter()
            engine.tick(now[0])
            tick_s += time.perf_counter() - t0
            ticks += 1
            if total >= args.values:
                break
    print(json.dumps({
        "bench": "alarms",
        "tag_values": total,
        "tags": len(tags),
        "alarm_definitions": len(plant.alarms),
        "alarm_events": len(events),
        "us_per_tag_value": round(elapsed / total * 1e6, 3),
        "ms_per_10000_tag_values": round(elapsed / total * 1e4 * 1e3, 3),
        "tick_us_mean": round(tick_s / ticks * 1e6, 2),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }))


if __name__ == "__main__":
    main()
