"""Screenshots of every page of the main window with the simulated demo plant, in a real window.

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb python docs/make_screenshots.py [--wait 20] [--pages Overview,Trends]
        [--speed 60 --fault lubrication_loss@60] [--login kim:operator] [--lang ko]

Starts the line simulator and a Runtime with a temporary SQLite historian, lets the pages fill,
then saves docs/<page>.png for each page (lower case, spaces as underscores).  ``--login NAME:ROLE``
creates the first administrator ("admin") and the user NAME with ROLE in the temporary database and
logs NAME in, so the header, the alarm actions and the Users page show a real session.
``--kpi-history H`` (default 5) first runs the simulator's machine models offline over the last H hours
(two forced press stops, one booked as "die change" in the shift log) and stores their state and
counter signals in the temporary historian, so that the KPI page and strip show a shift with history.
``--lang ko`` shows the UI in Korean and names the files docs/<page>_ko.png (``--suffix`` overrides).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def kpi_history(plant, db_url: str, seconds: float) -> None:
    """Run the machine models offline over the last ``seconds`` (1 s steps) and store the KPI signals."""
    import time

    from hmi.equipment.model import Quality, Sample
    from hmi.equipment.sim_physics import FaultInterval, FaultTimeline, make_model
    from hmi.kpi.shiftlog import ShiftLog
    from hmi.store.db import open_database
    from hmi.store.historian_writer import HistorianWriter

    start = time.time() - seconds
    engine = open_database(db_url)
    writer = HistorianWriter(engine)
    writer.start()
    stops = [(seconds - 9000, seconds - 7500), (seconds - 2400, seconds - 1800)]
    for line in plant.lines:
        if line.kpi is None:
            continue
        for k, mc in enumerate(line.kpi.machines):
            eq = plant.equipment_by_id(mc.equipment)
            model = make_model(eq, seed=7, stream=k, epoch=start)
            faults = FaultTimeline([FaultInterval("machine_stop", eq.id, a, b) for a, b in stops]
                                   if k == 0 else [])
            tags = (mc.state_tag, mc.good_tag, mc.defect_tag)
            batch = []
            for i in range(1, int(seconds)):
                model.advance(float(i), 1.0, faults)
                batch += [Sample(f"{eq.id}.{t}", start + i, model.values[t], Quality.GOOD) for t in tags]
                if len(batch) > 30000:
                    writer.sink(batch)
                    batch = []
            writer.sink(batch)
        first = line.kpi.machines[0].equipment
        ShiftLog(engine, clock=lambda: start + stops[0][1] + 60).add_downtime(
            "kim", line.id, first, start + stops[0][0], start + stops[0][1], "die change", "upper die cracked")
    writer.stop(flush=True)
    engine.dispose()


def _sheet(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["name", "address", "type", "unit", "normal_low", "normal_high", "hi", "hihi", "scan_class"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def devices_shots(page, win, wait, tmp: Path, args, suffix: str) -> list[str]:
    """The Devices page as an engineer uses it: a second press added on the simulator's connection, its tag list
    imported from an XLSX sheet and applied (live values, the import report); a sheet with mistakes (the report
    of every problem by row and column, nothing imported); a register range browsed with every reading."""
    out = []

    def shot(stem: str) -> None:
        path = args.out / f"{args.prefix}{stem}{suffix}.png"
        win.grab().save(str(path))
        out.append(path.name)

    conn = page.draft.plant.equipment_by_id("press1").connection
    page.add_device("line1", {"id": "press2", "name": "Press P-02 (trial)", "kind": "press"},
                    {"protocol": "modbus-tcp", "host": conn.host, "port": conn.port, "unit_id": conn.unit_id})
    page.import_sheet(_sheet(tmp / "press2_tags.xlsx", [
        ["bushing_temp", "30001", "float32", "°C", 20, 75, 80, 95, "normal"],
        ["vibration_rms", "30003", "float32", "mm/s", 0, 4, 6, "", "fast"],
        ["stroke_count", "30009", "uint32", "", "", "", "", "", "normal"],
        ["state", "30013", "uint16", "", "", "", "", "", "fast"]]))
    wait(2.0)
    page.apply()
    wait(5.0)
    shot("devices")
    page.import_sheet(_sheet(tmp / "more_tags.xlsx", [
        ["lube_pressure", "30018", "int16", "bar", 2, 6, 7, "", "normal"],
        ["motor_current", "30019", "float33", "A", 0, 80, 90, "", "normal"],
        ["oil temp", "40001", "float32", "°C", 30, 20, "", "", "normal"],
        ["bushing_temp", "30021", "float32", "°C", "", "", "", "", "normal"]]))
    wait(2.0)
    shot("devices_import_report")
    page.tabs.setCurrentIndex(1)
    page.browse_now("input_register 0 14")
    wait(3.0)
    page.browse_view.setCurrentIndex(page.browse.index(0, 5))
    wait(0.5)
    shot("devices_browse")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wait", type=float, default=20.0, help="seconds to let the pages fill")
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    ap.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    ap.add_argument("--speed", type=float, default=1.0)
    ap.add_argument("--fault", action="append", default=[])
    ap.add_argument("--prefix", default="", help="file name prefix, e.g. ko_")
    ap.add_argument("--lang", default="en", choices=("en", "ko"), help="UI language of the screenshots")
    ap.add_argument("--suffix", default=None, help="file name suffix (default: _<lang> unless English)")
    ap.add_argument("--login", default="", metavar="NAME:ROLE",
                    help="create user NAME with ROLE (and an admin) and log it in")
    ap.add_argument("--xray-model", default="", metavar="PATH",
                    help="model file of the simulated X-ray station (default: the registry/shipped demo model)")
    ap.add_argument("--xray-defect-rate", type=float, default=0.04,
                    help="share of good parts the simulated X-ray station still gives a defect")
    ap.add_argument("--kpi-history", type=float, default=5.0, metavar="H",
                    help="hours of simulated production history for the KPI page (0: none)")
    ap.add_argument("--trace-part", type=int, default=1, metavar="N",
                    help="Trace page: look up the N-th newest recorded part (0 = newest; parts need --speed 60 or so)")
    ap.add_argument("--forecast", default="press1.bushing_temp", metavar="TAG",
                    help="Trends page: show this tag's forecast (30 minutes of span, 10 minutes ahead)")
    args = ap.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from hmi.config import demo_config_path, load_config
    from hmi.equipment.simulator import LineSimulator, parse_fault
    from hmi.runtime import Runtime
    from hmi.store.db import sqlite_url
    from hmi.ui.app import build_window
    from widgets.theme import apply_theme

    plant = load_config(demo_config_path())
    tmp = tempfile.TemporaryDirectory()
    sim = LineSimulator(plant, port=0, speed=args.speed, faults=[parse_fault(f) for f in args.fault])
    sim.start()
    if args.kpi_history > 0:
        kpi_history(plant, sqlite_url(Path(tmp.name) / "l.db"), args.kpi_history * 3600.0)
    runtime = Runtime(sim.served_plant(plant), db_url=sqlite_url(Path(tmp.name) / "l.db"),
                      data_dir=Path(tmp.name), clock=sim.plant_clock, time_scale=args.speed)
    # the simulated X-ray station feeds the Inspection page (needs torch); part marks too (--login makes accounts)
    runtime.add_demo(sim, seed_users=False, station_kwargs={"defect_rate_good": args.xray_defect_rate,
                                          **({"model_path": args.xray_model} if args.xray_model else {})})
    from hmi.plantfile.edit import with_connections_of

    # the Devices page edits the demo plant as the simulator serves it (as `lineside demo` does)
    runtime.set_plant_source(with_connections_of(demo_config_path().read_text(encoding="utf-8"), runtime.plant),
                             Path(tmp.name) / "plant.toml", exists=False)
    runtime.start()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from hmi.ui.app import collect_garbage_on_gui_thread

    collect_garbage_on_gui_thread(app)  # as the product runs (hmi.ui.app.run_gui)
    apply_theme(app)
    from hmi.ui import i18n

    i18n.set_language(args.lang, app, persist=False)
    suffix = args.suffix if args.suffix is not None else ("" if args.lang == "en" else f"_{args.lang}")
    win = build_window(runtime)
    win.resize(1600, 1000)
    win.move(0, 0)
    win.show()

    def wait(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    if args.login:
        name, _, role = args.login.partition(":")
        access = runtime.access
        admin = access.create_first_admin("admin", "admin-password-1")
        if name != "admin":
            access.create_user(admin, name, role or "operator", f"{name}-password-1")
        win.session.set_user(access.login(name, "admin-password-1" if name == "admin" else f"{name}-password-1"))

    written = []
    try:
        win.trends.plot.set_span(60.0)
        wait(args.wait)
        args.out.mkdir(parents=True, exist_ok=True)
        names = [p.strip() for p in args.pages.split(",") if p.strip()] or win.pages()
        for name in names:
            win.show_page(name)
            wait(1.5)
            page = win.page(name)
            if hasattr(page, "select_alarm") and page.model.rows and page.selected() is None:
                page.select_alarm(page.model.rows[0].alarm_id)  # show cause and action of the top alarm
                wait(0.5)
            if name == "Trends" and args.forecast:
                page.plot.set_span(1800.0)
                page.set_forecast(args.forecast, 600.0)
                wait(4.0)  # fitted on the page's worker
            if name == "KPI":
                page.period_box.setCurrentIndex(1)  # today: the production day so far
                wait(4.0)  # the computation runs on a worker
            if name == "Models" and page.models:  # the active version, with its operating points
                active = next((m["version"] for m in page.models if m.get("active")), page.models[0]["version"])
                page.select_version(active)
                wait(0.5)
            if hasattr(page, "select_first") and page.select_first(("ng", "warn")):
                wait(2.0)  # the newest NG/WARN part with its image and heatmap (loaded on a worker)
            if hasattr(page, "lookup") and getattr(page, "store", None) is not None:
                serials = page.store.recent_parts(args.trace_part + 1)  # the script may block; a slot may not
                if serials:  # a looked-up demo part, and the caster's containment list
                    page.lookup(serials[min(args.trace_part, len(serials) - 1)])
                    wait(2.0)
                    page.contain()
                    wait(1.5)
            if name == "Devices" and page.allowed()[0]:
                written += devices_shots(page, win, wait, Path(tmp.name), args, suffix)
                continue
            if name == "Self-check" and page.allowed()[0]:
                page.note.setText("first self-check" if args.lang == "en" else "첫 자가진단")
                page.save()
                wait(2.0)
            path = args.out / f"{args.prefix}{name.lower().replace(' ', '_')}{suffix}.png"
            win.grab().save(str(path))
            written.append(path.name)
            opc = [e.id for e in plant.equipment if e.connection.protocol == "opcua"]
            if name == "Overview" and opc and opc[0] in page.panels:  # the machine read over OPC UA, in view
                from PySide6.QtWidgets import QScrollArea

                page.findChild(QScrollArea).ensureWidgetVisible(page.panels[opc[0]], 0, 0)
                wait(0.5)
                path = args.out / f"{args.prefix}overview_opcua{suffix}.png"
                win.grab().save(str(path))
                written.append(path.name)
        print(f"wrote {', '.join(written)} to {args.out} (platform {app.platformName()})")
    finally:
        win.close()
        runtime.stop()  # stops the demo services (x-ray station, marks) first
        sim.stop()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
