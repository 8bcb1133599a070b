"""Screenshots of the main window with the simulated demo plant: docs/overview.png, docs/trends.png.

Real window, e.g. under Xvfb:

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb python docs/make_screenshots.py [--wait 20]

Starts the line simulator and a Runtime with a temporary SQLite historian when they are
available, else a stand-in that feeds generated samples; waits for the trends to fill, then grabs
both pages with QWidget.grab().
"""
from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hmi.config import demo_config_path, load_config, with_port  # noqa: E402
from hmi.equipment.model import Quality, Sample  # noqa: E402


class StandInRuntime:
    """Generated samples at 10 Hz, both devices online (used when simulator/runtime are missing)."""

    historian = None

    def __init__(self, plant):
        self.plant = plant
        self._sinks = []
        self._latest = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._t0 = time.time()

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()

    def subscribe(self, sink):
        self._sinks.append(sink)

    def unsubscribe(self, sink):
        self._sinks = [s for s in self._sinks if s is not sink]

    def latest(self):
        return dict(self._latest)

    def device_status(self):
        from types import SimpleNamespace

        return {e.id: SimpleNamespace(equipment_id=e.id, connected=True, last_ok_ts=time.time(), last_error=None,
                                      reconnects=0, reads_ok=1000, reads_failed=0, last_latency_ms=8.0)
                for e in self.plant.equipment}

    def historian_stats(self):
        return {}

    def _run(self):
        n = 0
        while not self._stop.wait(0.1):
            now = time.time()
            n += 1
            batch = []
            for i, t in enumerate(self.plant.tags):
                if t.name == "state":
                    v = 1
                elif t.type in ("string", "bool"):
                    continue
                elif t.normal_range:
                    lo, hi = t.normal_range
                    v = (lo + hi) / 2 + (hi - lo) * 0.3 * math.sin(now / 30 + i) + random.gauss(0, (hi - lo) * 0.01)
                else:
                    v = n
                batch.append(Sample(t.key, now, v, Quality.GOOD))
            for s in batch:
                self._latest[s.tag] = s
            for sink in self._sinks:
                sink(batch)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wait", type=float, default=20.0, help="seconds to let the trends fill")
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    ap.add_argument("--stand-in", action="store_true", help="generated samples instead of simulator + runtime")
    args = ap.parse_args(argv)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from hmi.ui.main_window import MainWindow
    from widgets.theme import apply_theme

    plant = load_config(demo_config_path())
    sim = None
    tmp = tempfile.TemporaryDirectory()
    if args.stand_in:
        runtime = StandInRuntime(plant).start()
    else:
        try:
            from hmi.equipment.simulator import LineSimulator
            from hmi.runtime import Runtime
            from hmi.store.db import sqlite_url

            sim = LineSimulator(plant, port=0)
            sim.start()
            runtime = Runtime(with_port(plant, "127.0.0.1", sim.port), db_url=sqlite_url(Path(tmp.name) / "l.db"))
            runtime.start()
        except ImportError as exc:
            print(f"simulator/runtime not available ({exc}); using the stand-in", file=sys.stderr)
            runtime = StandInRuntime(plant).start()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_theme(app)
    win = MainWindow(runtime)
    win.resize(1600, 1000)
    win.move(0, 0)
    win.show()

    def wait(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    try:
        win.trends.plot.set_span(60.0)
        wait(args.wait)
        args.out.mkdir(parents=True, exist_ok=True)
        win.show_page("Overview")
        wait(1.5)
        win.grab().save(str(args.out / "overview.png"))
        win.show_page("Trends")
        wait(1.5)
        win.grab().save(str(args.out / "trends.png"))
        print(f"wrote {args.out / 'overview.png'} and {args.out / 'trends.png'} "
              f"(platform {app.platformName()}, {'simulator' if sim else 'stand-in'})")
    finally:
        win.close()
        runtime.stop()
        if sim is not None:
            sim.stop()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
