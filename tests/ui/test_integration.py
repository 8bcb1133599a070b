"""End to end: LineSimulator -> Runtime (poller + SQLite historian) -> MainWindow."""
import numpy as np
import pytest

pytest.importorskip("hmi.runtime")
sim_mod = pytest.importorskip("hmi.equipment.simulator")
pytest.importorskip("hmi.equipment.poller")
pytest.importorskip("hmi.store.historian")
db_mod = pytest.importorskip("hmi.store.db")

from hmi.config import demo_config_path, load_config, with_port  # noqa: E402


@pytest.fixture
def live_runtime(tmp_path):
    from hmi.runtime import Runtime

    plant = load_config(demo_config_path())
    sim = sim_mod.LineSimulator(plant, port=0)
    sim.start()
    rt = Runtime(with_port(plant, "127.0.0.1", sim.port), db_url=db_mod.sqlite_url(tmp_path / "lineside.db"))
    rt.start()
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

    def curves_hold_data():
        for key in plot.pens():
            x, y = plot.curve(key).getData()
            if x is None or x.size == 0 or not np.isfinite(y).any():
                return False
        return bool(plot.pens())

    qtbot.waitUntil(curves_hold_data, timeout=10_000)
    qtbot.waitUntil(lambda: all(p.lamp.state == "running" for p in win.overview.panels.values()), timeout=10_000)
    qtbot.waitUntil(lambda: "2/2 devices online" in win.comm_label.text(), timeout=10_000)
    temp = win.overview.panels["caster1"].tiles["caster1.melt_temp"]
    assert temp.state in ("normal", "out_of_range") and temp.value is not None
    qtbot.waitUntil(lambda: "rows written" in win.stats_label.text(), timeout=10_000)
    win.close()
