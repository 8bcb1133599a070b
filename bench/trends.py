"""Frame-time benchmark of widgets.trend_plot.TrendPlot.

16 pens x 10,000 points each (all visible), offscreen; every frame appends 10 new points per pen,
then measures one full redraw + repaint of the shown window (``TrendPlot.redraw_now()`` +
``processEvents()``, which paints it once; the JSON reports paints per frame).
Prints one JSON object. Target: median <= 16 ms.

    QT_QPA_PLATFORM=offscreen python bench/trends.py [--pens 16] [--points 10000] [--frames 50]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pens", type=int, default=16)
    ap.add_argument("--points", type=int, default=10_000)
    ap.add_argument("--frames", type=int, default=50)
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--normalise", action="store_true")
    ap.add_argument("--noise", type=float, default=0.5,
                    help="std of the noise on a 50 +- 30 sine (0.5: process-like; 2+: very noisy)")
    args = ap.parse_args(argv)

    import PySide6
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from widgets import theme
    from widgets.trend_plot import TrendPlot

    app = QApplication.instance() or QApplication([])
    theme.apply_theme(app)

    rate = 10.0  # points per second per pen
    t_end = time.time()
    t_start = t_end - args.points / rate
    clock_now = [t_end]
    span = args.points / rate * 1.05
    plot = TrendPlot(span_s=span, clock=lambda: clock_now[0], redraw_hz=1)  # timer effectively idle
    plot.stop()  # the bench drives frames itself
    plot.resize(args.width, args.height)
    rng = np.random.default_rng(0)
    ts = np.linspace(t_start, t_end, args.points)
    for i in range(args.pens):
        nr = (0.0, 100.0)
        plot.add_pen(f"eq{i // 8}.tag{i}", f"Tag {i}", "u", normal_range=nr)
        v = 50 + 30 * np.sin(ts / (30 + i)) + rng.normal(0, args.noise, ts.size)
        plot.append(f"eq{i // 8}.tag{i}", ts, v)
    plot.set_normalised(args.normalise)
    paints = [0]
    view = plot._plot_widget
    orig_paint = type(view).paintEvent

    def counting_paint(self, ev):
        paints[0] += 1
        return orig_paint(self, ev)

    type(view).paintEvent = counting_paint
    plot.show()
    app.processEvents()
    plot.redraw_now()
    plot.grab()

    times = []
    paints[0] = 0
    t_last = t_end
    for _ in range(args.frames):
        new_ts = t_last + np.arange(1, 11) / rate
        t_last = new_ts[-1]
        clock_now[0] = t_last
        for i in range(args.pens):
            plot.append(f"eq{i // 8}.tag{i}", new_ts, 50 + 30 * np.sin(new_ts / (30 + i)) + rng.normal(0, args.noise, new_ts.size))
        t0 = time.perf_counter()
        plot.redraw_now()
        # one frame as the event loop runs it: pyqtgraph's scene marks dirty items, processEvents
        # processes them and paints the window once (a repaint() first would paint twice)
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1000.0)

    times.sort()
    visible = sum(int(plot.curve(k).getData()[0].size) for k in plot.pens())
    result = {
        "benchmark": "trend_plot_frame",
        "pens": args.pens,
        "points_per_pen": args.points,
        "frames": args.frames,
        "size_px": [args.width, args.height],
        "normalised": args.normalise,
        "noise_std": args.noise,
        "measured": "append 10 pts/pen + redraw_now() + processEvents() (one paint of the shown window)",
        "plot_paints_per_frame": round(paints[0] / args.frames, 2),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))], 2),
        "min_ms": round(times[0], 2),
        "max_ms": round(times[-1], 2),
        "target_ms": 16.0,
        "meets_target": statistics.median(times) <= 16.0,
        "points_handed_to_curves": visible,
        "qpa_platform": app.platformName(),
        "pyside6": PySide6.__version__,
        "pyqtgraph": pg.__version__,
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cpus",
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
