"""End to end: the simulator's counters and state feed the KPIs through the runtime; a press stop
appears on the KPI page, the operator books its reason on screen, the reason shows in the Pareto, and
re-booked as planned maintenance it leaves planned busy time (availability rises). Audited."""
from dataclasses import replace

import pytest

sim_mod = pytest.importorskip("hmi.equipment.simulator")
db_mod = pytest.importorskip("hmi.store.db")

from hmi.config import KpiShiftConfig, demo_config_path, load_config  # noqa: E402


@pytest.fixture
def plant_runtime(tmp_path):
    from hmi.runtime import Runtime

    plant = load_config(demo_config_path())
    # one 24 h shift without breaks, so that the test never runs inside a break
    line = plant.lines[0]
    kpi = replace(line.kpi, shifts=(KpiShiftConfig("day", "00:00", "00:00", crew=3),))
    plant = replace(plant, lines=(replace(line, kpi=kpi),))
    sim = sim_mod.LineSimulator(plant, port=0, speed=1)
    sim.start()
    rt = Runtime(sim.served_plant(plant), db_url=db_mod.sqlite_url(tmp_path / "lineside.db"))
    rt.start()
    yield rt, sim
    rt.stop()
    sim.stop()


@pytest.mark.slow
def test_stop_reason_flows_into_pareto_and_availability(qtbot, plant_runtime):
    from PySide6.QtCore import Qt

    from hmi.ui.alarm_bridge import wait_for_workers
    from hmi.ui.app import build_window

    rt, sim = plant_runtime
    win = build_window(rt, player=lambda path, prio: None)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    admin = rt.access.create_first_admin("admin", "admin-pass-1")
    rt.access.create_user(admin, "kim", "operator", "kim-pass-1")
    win.session.set_user(rt.access.login("kim", "kim-pass-1"))
    feed, page = win.kpi_feed, win.kpi_page
    feed.timer.setInterval(1000)
    win.show_page("KPI")
    results = []
    page.sig_result.connect(results.append)

    # ------------------------------------------------------------------ KPIs move with the counters
    qtbot.waitUntil(lambda: bool(results) and results[-1].totals.good > 0, timeout=30_000)
    first = results[-1].totals.good
    qtbot.waitUntil(lambda: results[-1].totals.good > first, timeout=15_000)
    assert results[-1].kpis["oee"] is not None and win.overview.kpi_strips["line1"].cells[0].value.text() != ""

    # ------------------------------------------------------------------ a press stop, seen on the page
    sim.inject("machine_stop", "press1", duration_s=4)

    def ended_fault():
        return [s for s in results[-1].stops if s.equipment == "press1" and s.state == "fault"
                and s.duration_s >= 2 and s.end < results[-1].t1 - 2]

    qtbot.waitUntil(lambda: bool(results and ended_fault()), timeout=30_000)
    stop = ended_fault()[0]
    before = results[-1]
    assert before.totals.fault_s >= 2 and before.kpis["availability"] < 1

    # ------------------------------------------------------------------ the operator books "die change"
    page.tabs.setCurrentIndex(1)
    assert page.select_stop("press1", stop.start)
    page.reason_box.setCurrentIndex(page.reason_box.findData("die change"))
    with qtbot.waitSignal(page.sig_action_done, timeout=10_000) as sig:
        qtbot.mouseClick(page.book_button, Qt.LeftButton)
    assert "die change" in sig.args[0]
    qtbot.waitUntil(lambda: any(p["reason"] == "die change" for p in results[-1].pareto), timeout=15_000)
    booked = next(p for p in results[-1].pareto if p["reason"] == "die change")
    assert booked["seconds"] == pytest.approx(stop.duration_s, abs=1.5)
    row = page._stops.index(next(s for s in page._stops if s.start == stop.start))
    assert page.stops_model.index(row, 4).data() \
        == "die change"

    # ------------------------------------------------------------------ re-booked as planned: out of PBT
    assert page.select_stop("press1", stop.start)
    page.reason_box.setCurrentIndex(page.reason_box.findData("planned maintenance"))
    with qtbot.waitSignal(page.sig_action_done, timeout=10_000):
        qtbot.mouseClick(page.book_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "planned maintenance" in results[-1].planned, timeout=15_000)
    after = results[-1]
    assert after.planned["planned maintenance"] == pytest.approx(stop.duration_s, abs=1.5)
    assert not any(p["reason"] == "die change" for p in after.pareto)
    assert after.totals.fault_s < before.totals.fault_s - 1.5
    assert after.kpis["availability"] > before.kpis["availability"]
    assert after.kpis["availability"] == pytest.approx(after.totals.apt_s / after.totals.pbt_s)

    # ------------------------------------------------------------------ audited, and refused when logged out
    booked_entries = rt.audit.entries(action="shift.log", user="kim", newest_first=False)
    assert [e.after["reason_code"] for e in booked_entries] == ["die change", "planned maintenance"]
    win.session.logout("user")
    page.entry_kind.setCurrentIndex(0)
    page.entry_text.setText("coil from the new supplier")
    with qtbot.waitSignal(page.sig_action_done, timeout=10_000) as sig:
        qtbot.mouseClick(page.add_button, Qt.LeftButton)
    assert "log in" in sig.args[0]
    assert rt.audit.verify().ok
    feed.stop()
    win.close()
    wait_for_workers()
