"""End to end: LineSimulator -> Runtime (poller + SQLite historian) -> MainWindow."""
import numpy as np
import pytest

pytest.importorskip("hmi.runtime")
sim_mod = pytest.importorskip("hmi.equipment.simulator")
pytest.importorskip("hmi.equipment.poller")
pytest.importorskip("hmi.store.historian")
db_mod = pytest.importorskip("hmi.store.db")

from hmi.config import demo_config_path, load_config  # noqa: E402


@pytest.fixture
def live_runtime(tmp_path):
    from hmi.runtime import Runtime

    plant = load_config(demo_config_path())
    sim = sim_mod.LineSimulator(plant, port=0)
    sim.start()
    rt = Runtime(sim.served_plant(plant), db_url=db_mod.sqlite_url(tmp_path / "lineside.db"))
    rt.start()
    rt.simulator = sim  # the plant's truth, for the assertions
    yield rt
    rt.stop()
    sim.stop()


@pytest.mark.slow
def test_simulated_plant_reaches_trends_and_overview(qtbot, live_runtime):
    from hmi.ui.main_window import MainWindow

    win = MainWindow(live_runtime)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    plot = win.trends.plot
    win.show_page("Trends")  # a hidden plot only buffers; the one on screen draws

    def curves_hold_data():
        for key in plot.pens():
            x, y = plot.curve(key).getData()
            if x is None or x.size == 0 or not np.isfinite(y).any():
                return False
        return bool(plot.pens())

    qtbot.waitUntil(curves_hold_data, timeout=10_000)
    win.show_page("Overview")
    # the press and the caster run; the X-ray cabinet (OPC UA) waits for the next wheel most of the time
    panels = win.overview.panels
    qtbot.waitUntil(lambda: all(panels[e].lamp.state == "running" for e in ("press1", "caster1"))
                    and panels["xray_cab1"].lamp.state in ("running", "idle"), timeout=10_000)
    qtbot.waitUntil(lambda: "3/3 devices online" in win.comm_label.text(), timeout=10_000)
    # the tile shows what the simulated furnace really reads (float32 on the wire, 0.1 °C deadband),
    # and its state follows the configured normal range [690, 730] for that value
    temp = win.overview.panels["caster1"].tiles["caster1.melt_temp"]
    truth = live_runtime.simulator.values
    qtbot.waitUntil(lambda: temp.value is not None and abs(temp.value - truth()["caster1.melt_temp"]) <= 0.5,
                    timeout=10_000)
    lo, hi = live_runtime.plant.tag("caster1.melt_temp").normal_range
    assert temp.state == ("normal" if lo <= temp.value <= hi else "out_of_range"), (temp.value, temp.state)
    assert np.float32(truth()["caster1.melt_temp"]) == pytest.approx(temp.value, abs=0.5)
    qtbot.waitUntil(lambda: "rows written" in win.stats_label.text(), timeout=10_000)
    win.close()
