"""How the GUI thread holds up: the whole demo (simulator, station, X-ray station, every page) under load.

    python bench/gui_latency.py --speed 600 --minutes 10        # stalls while pages, languages and queues churn
    python bench/gui_latency.py --speed 1 --per-page-s 20       # GUI-thread CPU per page at normal speed

Runs in this process: the line simulator serving Modbus-TCP, a Runtime with the demo services (the simulated
X-ray station fills the Inspection queue), the main window with every page.  Prints one JSON document:

* ``launch``: seconds from building the application to the first paint of the window, and to the first live
  value on an Overview tile;
* ``load`` (``--minutes``): the event-loop latency probe (:class:`hmi.ui.latency.LatencyProbe`, 50 ms ticks)
  over the run while the bench shows a different page every ``--page-every-s`` seconds and switches the
  language every ``--lang-every-s`` seconds: lateness p50/p99/max, stalls of 250 ms or more, GUI-thread CPU,
  garbage collections (``gc``: count, longest and total per generation, any thread) and ``late_log``: every
  lateness of 100 ms or more with what overlapped it (the bench's own page visits and language switches,
  collections of 20 ms or more) and where the GUI thread's Python was meanwhile (sampled by a watchdog thread;
  ``wait`` alone means Qt's own C++ code or waiting for the interpreter lock);
* ``pages`` (``--per-page-s``): each page shown alone for that long: the GUI thread's CPU time as a share of
  one core (``time.thread_time`` on the GUI thread), and the probe's p99;
* ``host``: CPUs and load average.

Offscreen by default (``QT_QPA_PLATFORM=offscreen``); set ``DISPLAY`` and ``QT_QPA_PLATFORM=xcb`` for a real
X server.  The baseline for the CPU figures is the same window with no page work: the probe's own ticks.
"""
from __future__ import annotations

import argparse
import gc
import os
import threading
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

    from hmi.config import demo_config_path, load_config
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
    runtime = Runtime(sim.served_plant(plant), db_url=sqlite_url(Path(tmp.name) / "l.db"),
                      data_dir=Path(tmp.name), clock=sim.plant_clock, time_scale=a.speed)
    runtime.add_demo(sim, seed_users=False)
    runtime.start()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from hmi.ui.app import collect_garbage_on_gui_thread

    collect_garbage_on_gui_thread(app)  # as the product runs (hmi.ui.app.run_gui)
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
    gc_pauses = GcPauses()
    watchdog = StallWatchdog(probe)
    probe.note_ms = 100.0  # explain every lateness of 100 ms or more, not only the stalls
    events: list[tuple[float, float, str]] = []  # (start, end, what) of the bench's own GUI-thread actions

    def timed(what: str, fn) -> None:
        t = time.perf_counter()
        fn()
        events.append((t, time.perf_counter(), what))

    try:
        if a.minutes > 0:
            probe.reset()
            gc_pauses.reset()
            watchdog.reset()
            cpu0, t0 = time.thread_time(), time.perf_counter()
            end = t0 + a.minutes * 60.0
            next_page = next_lang = t0
            k = 0
            switches = 0
            while time.perf_counter() < end:
                now = time.perf_counter()
                if now >= next_page:
                    name = pages[k % len(pages)]
                    timed(f"show {name}", lambda: win.show_page(name))
                    k += 1
                    next_page += a.page_every_s
                if a.lang_every_s > 0 and now >= next_lang + a.lang_every_s:
                    lang = "ko" if i18n.current_language() == "en" else "en"
                    timed(f"language {lang}", lambda: i18n.set_language(lang, app, persist=False))
                    switches += 1
                    next_lang = now
                wait(0.1)
            wall = time.perf_counter() - t0
            insp = getattr(win, "inspection_page", None)
            out["load"] = {"minutes": a.minutes, **probe.stats(), "page_visits": k, "language_switches": switches,
                           "gui_cpu_pct": round(100 * (time.thread_time() - cpu0) / wall, 1),
                           "inspection_rows": len(insp.rows) if insp is not None else None,
                           "gc": gc_pauses.stats(),
                           "late_log": explain_stalls(probe.stall_log(), events, gc_pauses.log, watchdog.samples, t0)}
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


class GcPauses:
    """Every garbage collection in any thread of this process: a full one stops every Python thread."""

    def __init__(self) -> None:
        self.log: list[tuple[float, float, int, str]] = []  # (start, end, generation, thread)
        self._start: dict[int, float] = {}
        gc.callbacks.append(self._cb)

    def _cb(self, phase: str, info: dict) -> None:
        now = time.perf_counter()
        tid = threading.get_ident()
        if phase == "start":
            self._start[tid] = now
        elif tid in self._start:
            self.log.append((self._start.pop(tid), now, int(info.get("generation", -1)),
                             threading.current_thread().name))

    def reset(self) -> None:
        self.log.clear()

    def stats(self) -> dict:
        out = {}
        for gen in (0, 1, 2):
            ms = [1000 * (e - s) for s, e, g, _ in self.log if g == gen]
            out[f"gen{gen}"] = {"count": len(ms), "max_ms": round(max(ms), 1) if ms else 0.0,
                                "total_s": round(sum(ms) / 1000, 2)}
        return out


class StallWatchdog:
    """A thread that, while the probe's tick is overdue by 80 ms, samples where the GUI thread's Python is."""

    def __init__(self, probe, overdue_s: float = 0.08) -> None:
        self.probe, self.overdue_s = probe, overdue_s
        self.gui = threading.get_ident()
        self.samples: list[tuple[float, str]] = []  # (perf_counter, innermost project frames)
        threading.Thread(target=self._run, name="stall-watchdog", daemon=True).start()

    def reset(self) -> None:
        self.samples.clear()

    def _run(self) -> None:
        import traceback
        while True:
            time.sleep(0.03)
            last = self.probe.last_tick()
            now = time.perf_counter()
            if last is None or now - last < self.overdue_s + self.probe.period_ms / 1000:
                continue
            frame = sys._current_frames().get(self.gui)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)
            keep = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in stack[-6:]]
            self.samples.append((now, " < ".join(reversed(keep))))


def explain_stalls(stalls, events, gcs, samples, t0: float) -> list[dict]:
    """Each stall with what overlapped it: the bench's own page visits and language switches, collections."""
    out = []
    for end, ms in stalls:
        start = end - (ms + 50) / 1000.0
        row = {"at_s": round(end - t0, 1), "ms": round(ms)}
        ev = [f"{w} ({1000 * (e - s):.0f} ms)" for s, e, w in events if s < end and e > start]
        gc_hit = [f"gen{g} in {th} ({1000 * (e - s):.0f} ms)" for s, e, g, th in gcs if s < end and e > start
                  and 1000 * (e - s) >= 20]
        if ev:
            row["bench"] = ev
        if gc_hit:
            row["gc"] = gc_hit
        where: dict[str, int] = {}
        for t, st in samples:
            if start <= t <= end:
                where[st] = where.get(st, 0) + 1
        if where:
            row["gui_thread_in"] = sorted(where, key=where.get, reverse=True)[:3]
        out.append(row)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
