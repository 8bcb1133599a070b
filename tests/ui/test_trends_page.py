import time

import numpy as np
import pytest
from PySide6.QtCore import Qt

from hmi.equipment.model import Quality, Sample
from hmi.ui.bridge import SampleBridge
from hmi.ui.pages.trends import TrendsPage, default_pens
from ui.conftest import FakeHistorian


@pytest.fixture
def page(qtbot, runtime):
    bridge = SampleBridge(runtime)
    p = TrendsPage(runtime, bridge)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    bridge.start()
    yield p
    bridge.stop()
    p.shutdown()


def test_default_pens(page, runtime):
    assert page.selected_tags() == default_pens(runtime.plant)
    assert "press1.bushing_temp" in page.selected_tags() and "caster1.melt_temp" in page.selected_tags()
    assert len(page.selected_tags()) <= 6


def test_mixed_units_start_normalised(page):
    assert page.plot.is_normalised()


def test_live_samples_reach_the_curves(qtbot, page, runtime):
    page.plot.set_normalised(False)
    now = time.time()
    for i in range(20):
        runtime.push([Sample("press1.bushing_temp", now - 10 + i * 0.5, 40.0 + i, Quality.GOOD),
                      Sample("press1.stroke_count", now, 5, Quality.GOOD)])  # not a pen: ignored
    runtime.push([Sample("press1.bushing_temp", now + 0.1, None, Quality.BAD, "decode")])
    qtbot.waitUntil(lambda: page.plot.buffer("press1.bushing_temp")[0].size == 21, timeout=3000)
    page.plot.redraw_now()
    x, y = page.plot.curve("press1.bushing_temp").getData()
    assert x.size == 21 and np.nanmax(y) == 59.0 and np.isnan(y[-1])
    assert not page.plot.has_pen("press1.stroke_count")


def test_tree_checkboxes_add_and_remove_pens(qtbot, page):
    item = page._items["caster1.humidity"]
    item.setCheckState(0, Qt.Checked)
    assert page.plot.has_pen("caster1.humidity")
    item.setCheckState(0, Qt.Unchecked)
    assert not page.plot.has_pen("caster1.humidity")
    page.remove_tag("press1.bushing_temp")
    assert page._items["press1.bushing_temp"].checkState(0) == Qt.Unchecked


def test_scrolling_back_loads_history_on_a_worker(qtbot, page, runtime):
    page.plot.set_normalised(False)
    # at startup nothing is buffered: the page loads the last 10 minutes
    qtbot.waitUntil(lambda: page.status.text().startswith("history:"), timeout=3000)
    runtime.historian.queries.clear()
    now = time.time()
    with qtbot.waitSignal(page.sig_history_loaded, timeout=3000) as blocker:
        page.plot.set_visible_range(now - 7200, now - 3600)
    assert blocker.args[0] == len(page.selected_tags())
    tags, t0, t1, max_points = runtime.historian.queries[-1]
    assert set(tags) == set(page.selected_tags())
    assert (t0, t1) == pytest.approx((now - 7200, now - 3600))
    assert 100 <= max_points <= 4000
    assert all(not name.startswith("MainThread") for name in runtime.historian.threads)
    page.plot.redraw_now()
    lo, hi, fill, _line = page.plot.history_items("press1.bushing_temp")
    assert fill.isVisible() and lo.getData()[0].size > 0
    assert np.all(hi.getData()[1] - lo.getData()[1] == pytest.approx(4.0))


def test_history_requests_are_debounced(qtbot, page, runtime):
    qtbot.waitUntil(lambda: page.status.text().startswith("history:"), timeout=3000)
    runtime.historian.queries.clear()
    now = time.time()
    for k in range(5):  # a burst of scrolls within the debounce window -> one query
        page.plot.set_visible_range(now - 7200 - k * 600, now - 3600 - k * 600)
        page.plot.redraw_now()
    with qtbot.waitSignal(page.sig_history_loaded, timeout=3000):
        pass
    assert len(runtime.historian.queries) == 1
    assert runtime.historian.queries[0][1] == pytest.approx(now - 7200 - 4 * 600)


def test_export_visible_range(qtbot, page, runtime, tmp_path):
    # the page's own startup history load first: one the view asks for after the export finished would
    # rightly report on the status line (it flaked under load: "loading history…" replaced "exported")
    qtbot.waitUntil(lambda: page.status.text().startswith("history:"), timeout=3000)
    path = str(tmp_path / "out.csv")
    with qtbot.waitSignal(page.sig_export_done, timeout=3000) as blocker:
        page.export_csv(path)
    assert blocker.args == [path, 10 * len(page.selected_tags())]
    assert "exported" in page.status.text()
    _, tags, t0, t1 = runtime.historian.exports[-1]
    assert (t0, t1) == pytest.approx(page.plot.visible_range(), abs=1.0)
    assert open(path, encoding="utf-8").readline().startswith("timestamp,tag,value,quality")


def test_without_historian_export_is_disabled(qtbot, make_runtime):
    rt = make_runtime(historian=False)
    bridge = SampleBridge(rt)
    p = TrendsPage(rt, bridge)
    qtbot.addWidget(p)
    assert not p.btn_export.isEnabled()
    p.plot.set_visible_range(time.time() - 7200, time.time() - 3600)
    p.plot.redraw_now()
    p.shutdown()


@pytest.fixture
def gated_export(runtime, monkeypatch):
    """The historian's CSV export waits until the returned event is set (an export that takes a while)."""
    import threading

    release = threading.Event()
    export = runtime.historian.export_csv

    def slow_export(*args, **kwargs):
        assert release.wait(10), "the test never released the export"
        return export(*args, **kwargs)

    monkeypatch.setattr(runtime.historian, "export_csv", slow_export)
    yield release
    release.set()


def test_history_requested_during_an_export_keeps_the_exported_status(qtbot, page, gated_export, tmp_path):
    """The flaky-test race: a history load queued behind a running export used to overwrite "exported …"
    when its result arrived. The plot still gets the history; the status line keeps the export result."""
    qtbot.waitUntil(lambda: page.status.text().startswith("history:"), timeout=3000)  # startup load done
    path = str(tmp_path / "out.csv")
    page.export_csv(path)
    assert "exporting" in page.status.text()
    now = time.time()
    with qtbot.waitSignal(page._debounce.timeout, timeout=3000):  # the user scrolls while it exports
        page.plot.set_visible_range(now - 7200, now - 3600)
        page.plot.redraw_now()
    assert "exporting" in page.status.text()  # "loading history…" does not hide the running export
    with qtbot.waitSignals([page.sig_export_done, page.sig_history_loaded], order="strict", timeout=3000):
        gated_export.set()
    qtbot.wait(50)  # nothing else is queued that may change the line
    assert page.status.text().startswith("exported ")
    page.plot.redraw_now()
    lo, _hi, _fill, _line = page.plot.history_items("press1.bushing_temp")
    assert lo.getData()[0].size > 0 and lo.getData()[0][0] == pytest.approx(now - 7200)


def test_history_requested_after_an_export_reports_on_the_status_line(qtbot, page, tmp_path):
    qtbot.waitUntil(lambda: page.status.text().startswith("history:"), timeout=3000)
    with qtbot.waitSignal(page.sig_export_done, timeout=3000):
        page.export_csv(str(tmp_path / "out.csv"))
    assert page.status.text().startswith("exported ")
    now = time.time()
    with qtbot.waitSignal(page.sig_history_loaded, timeout=3000):
        page.plot.set_visible_range(now - 7200, now - 3600)
        page.plot.redraw_now()
    assert page.status.text().startswith("history:")




class RisingHistorian(FakeHistorian):
    """The bushing heating towards its HI limit (80 °C) at 0.6 °C/min, the vibration flat; records the thread."""

    def query(self, tags, t0, t1, max_points=2000):
        import threading

        from hmi.store.historian import Series

        self.threads.add(threading.current_thread().name)
        ts = np.arange(t0, t1, 5.0)
        noise = np.random.default_rng(1).normal(0, 0.05, ts.size)
        out = {}
        for tag in tags:
            v = (75.0 + 0.01 * (ts - t1) if tag == "press1.bushing_temp" else 2.0 + 0 * ts) + noise
            out[tag] = Series(ts, v, v, v, np.zeros(ts.size, np.int8), "raw")
        return out


def page_with(qtbot, runtime, historian):
    runtime.historian = historian
    bridge = SampleBridge(runtime)
    p = TrendsPage(runtime, bridge)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    return p


def test_a_forecast_is_drawn_ahead_of_now_and_said_in_words(qtbot, runtime):
    page = page_with(qtbot, runtime, RisingHistorian())
    page.plot.set_normalised(False)
    with qtbot.waitSignal(page.sig_forecast_ready, timeout=10000) as blocker:
        page.set_forecast("press1.bushing_temp", 1800.0)
    assert blocker.args == ["press1.bushing_temp"]
    assert runtime.historian.threads and all(n.startswith("trends-historian") for n in runtime.historian.threads)
    text = page.advice.text()
    # 75 °C rising 0.6 °C/min: the HI limit 80 °C in about 8 minutes, with the HI alarm's corrective action
    assert "80" in text and "Check lube pressure" in text and "exceed" in text, text
    minutes = int(text.split(" in ")[1].split(" min")[0])
    assert 6 <= minutes <= 11, text
    assert page.plot.forecast_shown() == "press1.bushing_temp"
    # drawn after now, the view in Live reaching past now to show it
    now = time.time()
    page.plot.redraw_now()
    line = page.plot._forecast_items[0]
    x, y = line.getData()
    assert x.min() > now - 10 and x.max() > now + 1500 and y[-1] > 80
    t0, t1 = page.plot.visible_range()
    assert t1 > now + 60

    # a flat tag: no limit reached, and no invented trend
    with qtbot.waitSignal(page.sig_forecast_ready, timeout=10000):
        page.set_forecast("press1.vibration_rms", 600.0)
    assert "no alarm limit reached" in page.advice.text(), page.advice.text()
    # removing the pen removes its forecast; "none" hides the advice
    page.remove_tag("press1.vibration_rms")
    assert page.plot.forecast_shown() is None and page.forecast_tag() is None
    assert not page.advice.isVisible()
    page.shutdown()


class CyclingHistorian(FakeHistorian):
    """The vibration repeating a 60-second press cycle (a peak each stroke), sampled every 5 s."""

    def query(self, tags, t0, t1, max_points=2000):
        from hmi.store.historian import Series

        ts = np.arange(t0 - t0 % 5.0, t1, 5.0)
        shape = np.array([4.0, 3.0, 2.0, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5])
        v = shape[(ts // 5.0).astype(int) % 12] + np.random.default_rng(2).normal(0, 0.05, ts.size)
        return {tag: Series(ts, v, v, v, np.zeros(ts.size, np.int8), "raw") for tag in tags}


def test_a_value_that_repeats_with_the_machine_cycle_is_forecast_as_that_cycle(qtbot, runtime):
    page = page_with(qtbot, runtime, CyclingHistorian())
    page.plot.set_normalised(False)
    with qtbot.waitSignal(page.sig_forecast_ready, timeout=10000):
        page.set_forecast("press1.vibration_rms", 600.0)
    text = page.advice.text()
    assert "repeats this tag's cycle of 60 s" in text, text
    page.plot.redraw_now()
    x, y = page.plot._forecast_items[0].getData()
    # the drawn forecast keeps the stroke's peak: it swings as the cycle does, not a flat line through it
    assert np.nanmax(y) > 3.5 and np.nanmin(y) < 2.0
    page.shutdown()


def test_no_forecast_without_history(qtbot, runtime):
    class Empty(FakeHistorian):
        def query(self, tags, t0, t1, max_points=2000):
            from hmi.store.historian import Series

            return {t: Series(np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, np.int8), "raw")
                    for t in tags}

    page = page_with(qtbot, runtime, Empty())
    with qtbot.waitSignal(page.sig_forecast_ready, timeout=10000):
        page.set_forecast("press1.bushing_temp")
    assert page.advice.text().startswith("No forecast for") and page.plot.forecast_shown() is None
    page.shutdown()


def test_the_forecast_is_refitted_as_often_as_the_plant_moves(qtbot, runtime):
    """At real time a 30-minute forecast is fitted again every 10 s; a demo plant at x600 would run 100 plant
    minutes past it in that time, so there it is fitted every second."""
    page = page_with(qtbot, runtime, RisingHistorian())
    page.set_forecast("press1.bushing_temp", 1800.0)
    assert page.forecast_refresh_ms() == 10_000 and page._fc_timer.interval() == 10_000
    page.shutdown()
    runtime.time_scale = 600.0
    fast = page_with(qtbot, runtime, RisingHistorian())
    fast.set_forecast("press1.bushing_temp", 600.0)
    assert fast.forecast_refresh_ms() == 1_000 and fast._fc_timer.interval() == 1_000
    fast.shutdown()


def test_a_value_already_past_its_limits_is_said_so(qtbot, runtime):
    """127 °C is beyond HI 80 and HIHI 95: the line says so and gives the HIHI alarm's action, not 'will exceed
    80 °C in 1 min'."""
    class Hot(FakeHistorian):
        def query(self, tags, t0, t1, max_points=2000):
            from hmi.store.historian import Series

            ts = np.arange(t0, t1, 5.0)
            v = 120.0 + 0.001 * (ts - t0)
            return {t: Series(ts, v, v, v, np.zeros(ts.size, np.int8), "raw") for t in tags}

    page = page_with(qtbot, runtime, Hot())
    with qtbot.waitSignal(page.sig_forecast_ready, timeout=10000):
        page.set_forecast("press1.bushing_temp", 600.0)
    text = page.advice.text()
    assert "at or beyond its HIHI limit 95" in text and "Stop the press" in text and "in 1 min" not in text, text
    page.shutdown()
