"""How the GUI thread holds up: the whole demo (simulator, station, X-ray station, every page) under load.

    python bench/gui_latency.py --speed 600 --minutes 10        # stalls while pages, languages and queues churn
    python bench/gui_latency.py --speed 1 --per-page-s 20       # GUI-thread CPU per page at normal speed

Runs in this process: the line simulator serving Modbus-TCP, a Runtime with the demo services (the simulated
X-ray station fills the Inspection queue), the main window with every page.  Prints one JSON document:

* ``launch``: seconds from building the application to the first paint of the window, and to the first live
  value on an Overview tile;
* ``load`` (``--minutes``): the event-loop latency probe (:class:`hmi.ui.latency.LatencyProbe`, 50 ms ticks)
  over the run while the bench shows a different page every ``--page-every-s`` seconds and switches the
  language every ``--lang-every-s`` seconds: lateness p50/p99/max, stalls of 250 ms or more, GUI-thread CPU;
* ``pages`` (``--per-page-s``): each page shown alone for that long: the GUI thread's CPU time as a share of
  one core (``time.thread_time`` on the GUI thread), and the probe's p99;
* ``host``: CPUs and load average.

Offscreen by default (``QT_QPA_PLATFORM=offscreen``); set ``DISPLAY`` and ``QT_QPA_PLATFORM=xcb`` for a real
X server.  The baseline for the CPU figures is the same window with no page work: the probe's own ticks.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--speed", type=float, default=600.0)
    ap.add_argument("--minutes", type=float, default=10.0, help="load phase length (0: none)")
    ap.add_argument("--page-every-s", type=float, default=5.0)
    ap.add_argument("--lang-every-s", type=float, default=60.0)
    ap.add_argument("--per-page-s", type=float, default=0.0, help="seconds per page in the CPU phase (0: none)")
    ap.add_argument("--out", help="also write the JSON here")
    a = ap.parse_args(argv)

    t_launch = time.perf_counter()
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from hmi.config import demo_config_path, load_config, with_port
    from hmi.equipment.simulator import LineSimulator
    from hmi.runtime import Runtime
    from hmi.store.db import sqlite_url
    from hmi.ui import i18n
    from hmi.ui.app import build_window
    from widgets.theme import apply_theme

    from bench.report import emit, host

    load0 = os.getloadavg()
    plant = load_config(demo_config_path())
    tmp = tempfile.TemporaryDirectory()
    sim = LineSimulator(plant, port=0, speed=a.speed)
    sim.start()
    runtime = Runtime(with_port(plant, "127.0.0.1", sim.port), db_url=sqlite_url(Path(tmp.name) / "l.db"),
                      data_dir=Path(tmp.name), clock=sim.plant_clock, time_scale=a.speed)
    runtime.add_demo(sim, seed_users=False)
    runtime.start()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_theme(app)
    i18n.set_language("en", app, persist=False)

    painted: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj, ev):  # noqa: N802
            if ev.type() == QEvent.Type.Paint and "paint" not in painted:
                painted["paint"] = time.perf_counter()
            return False

    win = build_window(runtime)
    spy = FirstPaint()
    win.installEventFilter(spy)
    win.resize(1600, 1000)
    win.show()

    def wait(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    tile = next(iter(next(iter(win.overview.panels.values())).tiles.values()))
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and (tile.value is None or "paint" not in painted):
        wait(0.05)
    live_at = time.perf_counter() if tile.value is not None else None
    out: dict = {"speed": a.speed, "platform": app.platformName(),
                 "launch": {"first_paint_s": round(painted["paint"] - t_launch, 2) if "paint" in painted else None,
                            "first_live_value_s": round(live_at - t_launch, 2) if live_at else None}}
    probe = win.latency_probe
    pages = win.pages()

    try:
        if a.minutes > 0:
            probe.reset()
            cpu0, t0 = time.thread_time(), time.perf_counter()
            end = t0 + a.minutes * 60.0
            next_page = next_lang = t0
            k = 0
            switches = 0
            while time.perf_counter() < end:
                now = time.perf_counter()
                if now >= next_page:
                    win.show_page(pages[k % len(pages)])
                    k += 1
                    next_page += a.page_every_s
                if a.lang_every_s > 0 and now >= next_lang + a.lang_every_s:
                    i18n.set_language("ko" if i18n.current_language() == "en" else "en", app, persist=False)
                    switches += 1
                    next_lang = now
                wait(0.1)
            wall = time.perf_counter() - t0
            insp = getattr(win, "inspection_page", None)
            out["load"] = {"minutes": a.minutes, **probe.stats(), "page_visits": k, "language_switches": switches,
                           "gui_cpu_pct": round(100 * (time.thread_time() - cpu0) / wall, 1),
                           "inspection_rows": len(insp.rows) if insp is not None else None}
        if a.per_page_s > 0:
            i18n.set_language("en", app, persist=False)
            wait(2.0)
            per = {}
            for name in pages:
                win.show_page(name)
                wait(2.0)  # let the page settle (its first query, the first redraws)
                probe.reset()
                cpu0, t0 = time.thread_time(), time.perf_counter()
                wait(a.per_page_s)
                wall = time.perf_counter() - t0
                st = probe.stats()
                per[name] = {"gui_cpu_pct": round(100 * (time.thread_time() - cpu0) / wall, 1),
                             "p99_ms": st["p99_ms"], "max_ms": st["max_ms"]}
            out["pages"] = per
    finally:
        win.close()
        win.bridge.stop()
        win.alarm_bridge.stop()
        runtime.stop()
        sim.stop()
    out["host"] = host(load0)
    emit(out, a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
