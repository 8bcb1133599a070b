import math

import numpy as np
import pytest

from widgets.trend_plot import COLUMN_FACTOR, RingBuffer, TrendPlot, peak_decimate

T_NOW = 1_700_000_000.0


class Clock:
    def __init__(self, t=T_NOW):
        self.t = t

    def __call__(self):
        return self.t


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def plot(qtbot, clock):
    return _shown_plot(qtbot, clock, span_s=60.0, capacity=1000)


def _shown_plot(qtbot, clock, *, span_s: float, capacity: int) -> TrendPlot:
    w = TrendPlot(span_s=span_s, clock=clock, capacity=capacity)
    qtbot.addWidget(w)
    w.resize(1000, 600)
    w.show()
    qtbot.waitExposed(w)
    w.stop()  # tests drive redraws explicitly
    w.add_pen("press1.bushing_temp", "Bushing temp", "°C", normal_range=(20.0, 75.0))
    return w


def feed(plot, key, t0, t1, rate=10.0, value=50.0):
    ts = np.arange(t0, t1, 1.0 / rate)
    plot.append(key, ts, np.full(ts.size, value) if np.isscalar(value) else value)
    return ts


# ------------------------------------------------------------------ ring buffer
def test_ring_buffer_keeps_newest_points_contiguous():
    rb = RingBuffer(100)
    for k in range(25):
        ts = np.arange(k * 10, k * 10 + 10, dtype=float)
        rb.append(ts, ts * 2)
    assert len(rb) == 100
    assert rb.ts[0] == 150 and rb.ts[-1] == 249
    assert np.all(np.diff(rb.ts) == 1) and np.all(rb.values == rb.ts * 2)
    rb.append(np.array([10.0]), np.array([1.0]))  # late point: dropped (keeps time order)
    assert rb.ts[-1] == 249
    rb.append(np.arange(1000, 1500, dtype=float), np.zeros(500))  # more than capacity at once
    assert len(rb) == 100 and rb.ts[0] == 1400


def test_peak_decimate_keeps_extremes():
    x = np.arange(10_000, dtype=float)
    y = np.zeros(10_000)
    y[5_000] = 9.0
    y[7_000] = -9.0
    dx, dy = peak_decimate(x, y, 0, 10_000, 500)
    assert dx.size <= 1100 and dy.max() == 9.0 and dy.min() == -9.0
    assert peak_decimate(x[:100], y[:100], 0, 100, 500)[0].size == 100  # small: unchanged


# ------------------------------------------------------------------ drawing
def test_append_and_draw(plot, clock):
    ts = feed(plot, "press1.bushing_temp", T_NOW - 30, T_NOW, value=42.0)
    plot.redraw_now()
    x, y = plot.curve("press1.bushing_temp").getData()
    assert x.size == ts.size and np.all(y == 42.0)
    assert "42.00" in plot.legend_text("press1.bushing_temp")
    t0, t1 = plot.visible_range()
    assert t1 == pytest.approx(T_NOW) and t1 - t0 == pytest.approx(60.0)
    ylo, yhi = plot.view_box.viewRange()[1]
    assert ylo < 42.0 < yhi


def test_unknown_tag_is_ignored(plot):
    plot.append("nope.tag", np.array([T_NOW]), np.array([1.0]))
    assert plot.pens() == ["press1.bushing_temp"]


def test_bad_quality_points_are_gaps(plot):
    vals = np.full(100, 50.0)
    vals[40:45] = np.nan
    feed(plot, "press1.bushing_temp", T_NOW - 10, T_NOW, value=vals)
    plot.redraw_now()
    x, y = plot.curve("press1.bushing_temp").getData()
    assert np.isnan(y).sum() == 5
    assert plot.curve("press1.bushing_temp").opts["connect"] == "finite"


def test_out_of_range_and_bad_values_in_legend(plot):
    feed(plot, "press1.bushing_temp", T_NOW - 1, T_NOW, value=90.0)
    plot.redraw_now()
    assert "▲" in plot.legend_text("press1.bushing_temp")
    plot.append("press1.bushing_temp", np.array([T_NOW + 0.5]), np.array([np.nan]))
    plot.redraw_now()
    assert "BAD" in plot.legend_text("press1.bushing_temp")


def test_live_follows_and_pause_freezes(plot, clock):
    feed(plot, "press1.bushing_temp", T_NOW - 30, T_NOW)
    plot.redraw_now()
    clock.t += 20
    feed(plot, "press1.bushing_temp", T_NOW, clock.t)
    plot.tick()
    assert plot.visible_range()[1] == pytest.approx(clock.t)
    with_signal = []
    plot.sig_live_changed.connect(with_signal.append)
    plot.set_live(False)
    assert with_signal == [False] and plot.btn_pause.isChecked()
    frozen = plot.visible_range()
    clock.t += 20
    feed(plot, "press1.bushing_temp", clock.t - 20, clock.t)
    plot.tick()
    assert plot.visible_range() == pytest.approx(frozen)
    assert plot.buffer("press1.bushing_temp")[0][-1] > frozen[1]  # data still accumulates
    plot.set_live(True)
    plot.tick()
    assert plot.visible_range()[1] == pytest.approx(clock.t)


def test_manual_scroll_pauses(plot, clock):
    feed(plot, "press1.bushing_temp", T_NOW - 30, T_NOW)
    plot.redraw_now()
    plot.view_box.translateBy(x=-30)
    plot.view_box.sigRangeChangedManually.emit([True, False])  # what a drag / wheel emits
    assert not plot.is_live()


def test_span_buttons(plot, clock):
    plot.span_buttons[600.0].click()
    plot.redraw_now()
    t0, t1 = plot.visible_range()
    assert t1 - t0 == pytest.approx(600.0) and plot.span() == 600.0


def test_history_request_when_scrolling_back(qtbot, plot, clock):
    feed(plot, "press1.bushing_temp", T_NOW - 30, T_NOW)
    plot.redraw_now()  # live view: 60 s, buffer holds 30 s -> history for the first 30 s
    plot.set_history("press1.bushing_temp", np.array([T_NOW - 60]), np.array([1.0]))
    with qtbot.waitSignal(plot.sig_history_needed, timeout=1000) as blocker:
        plot.set_visible_range(T_NOW - 3600, T_NOW - 1800)
        plot.redraw_now()
    t0, t1, width = blocker.args
    assert (t0, t1) == pytest.approx((T_NOW - 3600, T_NOW - 1800))
    assert 100 <= width <= 1000
    # the same range again: no new request
    with qtbot.assertNotEmitted(plot.sig_history_needed):
        plot.redraw_now()
    # within what the buffer holds: no request
    plot.set_visible_range(T_NOW - 20, T_NOW)
    with qtbot.assertNotEmitted(plot.sig_history_needed):
        plot.redraw_now()


def test_set_history_shows_band_before_live_buffer(plot):
    feed(plot, "press1.bushing_temp", T_NOW - 10, T_NOW)
    ts = np.linspace(T_NOW - 3600, T_NOW, 200)
    plot.set_history("press1.bushing_temp", ts, np.full(200, 40.0), np.full(200, 60.0), value=np.full(200, 50.0))
    plot.set_visible_range(T_NOW - 3600, T_NOW)
    plot.redraw_now()
    lo, hi, fill, line = plot.history_items("press1.bushing_temp")
    assert fill.isVisible() and lo.isVisible() and hi.isVisible()
    hx, hy = lo.getData()
    assert hx.size > 0 and hx[-1] < T_NOW - 10 + 1e-6  # cut where the live buffer starts
    assert np.all(hy == 40.0) and np.all(hi.getData()[1] == 60.0)
    ylo, yhi = plot.view_box.viewRange()[1]
    assert ylo < 40.0 and yhi > 60.0


def test_set_history_raw_is_a_line(plot):
    ts = np.linspace(T_NOW - 3600, T_NOW - 1800, 50)
    plot.set_history("press1.bushing_temp", ts, np.full(50, 33.0))
    plot.set_visible_range(T_NOW - 3600, T_NOW)
    plot.redraw_now()
    lo, hi, fill, line = plot.history_items("press1.bushing_temp")
    assert not fill.isVisible() and line.isVisible()
    assert line.getData()[0].size == 50


def test_normalise_to_normal_range(plot):
    plot.add_pen("press1.vibration_rms", "Vibration", "mm/s", normal_range=(0.0, 4.5))
    feed(plot, "press1.bushing_temp", T_NOW - 10, T_NOW, value=75.0)
    feed(plot, "press1.vibration_rms", T_NOW - 10, T_NOW, value=2.25)
    plot.set_normalised(True)
    plot.redraw_now()
    assert np.allclose(plot.curve("press1.bushing_temp").getData()[1], 100.0)
    assert np.allclose(plot.curve("press1.vibration_rms").getData()[1], 50.0)
    assert "%" in plot.plot_item.getAxis("left").labelText
    plot.set_normalised(False)
    plot.redraw_now()
    assert np.allclose(plot.curve("press1.vibration_rms").getData()[1], 2.25)


def test_remove_pen(plot):
    plot.add_pen("a.b", "AB")
    items_before = len(plot.plot_item.items)
    plot.remove_pen("a.b")
    assert plot.pens() == ["press1.bushing_temp"]
    assert len(plot.plot_item.items) == items_before - 5


def test_many_points_are_decimated_to_the_pixel_columns_and_spikes_survive(qtbot, clock):
    w = _shown_plot(qtbot, clock, span_s=3600.0, capacity=20_000)
    ts = np.linspace(T_NOW - 3000, T_NOW, 10_000)
    y = np.sin(ts / 60.0)
    y[5_371], y[6_120] = 50.0, -50.0  # one-sample spikes: peak decimation keeps both
    w.append("press1.bushing_temp", ts, y)
    w.redraw_now()
    x, drawn = w.curve("press1.bushing_temp").getData()
    columns = max(int(w.view_box.width() * COLUMN_FACTOR), 50)
    # one (max, min) pair per bucket of a whole number of points, at most about two buckets per column
    assert 0 < x.size <= 4 * columns < 10_000 // 2, (x.size, columns)
    assert drawn.max() == 50.0 and drawn.min() == -50.0
    assert not math.isnan(w.visible_range()[0])


def test_a_hidden_plot_does_not_redraw(qtbot):
    from widgets.trend_plot import TrendPlot

    w = TrendPlot(span_s=60.0)
    qtbot.addWidget(w)
    assert not w._timer.isActive()  # never shown: no redraw timer
    w.show()
    qtbot.waitExposed(w)
    assert w._timer.isActive()
    w.hide()
    assert not w._timer.isActive()


def test_live_redraws_when_the_picture_moves_a_pixel_not_per_sample(qtbot, clock, monkeypatch):
    """A 10-minute span on ~1000 px moves one pixel per ~0.6 s of plant time: a sample every 0.1 s must not
    cost a redraw each (the Overview's GUI thread was at 11 % of a core)."""
    plot = _shown_plot(qtbot, clock, span_s=600.0, capacity=10_000)
    feed(plot, "press1.bushing_temp", T_NOW - 60, T_NOW)
    plot.tick()
    draws = []
    monkeypatch.setattr(plot, "_redraw", lambda: draws.append(clock.t))
    px_s = 600.0 / plot._plot_widget.width()
    for _ in range(3):  # samples arrive, but the plant clock moved less than a pixel and little wall time passed
        clock.t += px_s / 10
        plot.append("press1.bushing_temp", np.array([clock.t]), np.array([50.0]))
        plot.tick()
    assert draws == []
    clock.t += px_s  # a pixel of plant time: it moves
    plot.append("press1.bushing_temp", np.array([clock.t]), np.array([50.0]))
    plot.tick()
    assert len(draws) == 1
