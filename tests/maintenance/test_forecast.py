import numpy as np
import pytest

from hmi.maintenance.forecast import first_crossing, forecast_advice, holt_forecast


def test_forecast_on_a_ramp_and_advice(rng):
    # melt temperature climbing 1 °C/min, sampled every 10 s
    t = np.arange(0, 1800, 10.0)
    y = 700 + t / 60 + rng.normal(0, 0.3, t.size)
    fc = holt_forecast(t, y, horizon_s=20 * 60)
    true_end = 700 + (t[-1] + 20 * 60) / 60
    assert fc.mean[-1] == pytest.approx(true_end, abs=2.0)
    assert fc.lo[-1] < true_end < fc.hi[-1]
    assert np.all(np.diff(fc.hi - fc.lo) >= -1e-9)  # the band widens with the horizon
    # limit 740 °C: now ~730, rising 1 °C/min -> crossing in ~10 min
    cr = first_crossing(fc, 740.0)
    assert cr.likely and cr.in_s == pytest.approx((740 - (700 + t[-1] / 60)) * 60, abs=90)
    msg = forecast_advice(fc, 740.0, "melt temperature", "°C", "reduce furnace power")
    assert msg.startswith("melt temperature forecast to exceed 740 °C in ") and msg.endswith(": reduce furnace power")
    assert forecast_advice(fc, 800.0, "melt temperature", "°C") is None


def test_flat_series_band_only_and_below(rng):
    t = np.arange(0, 600, 1.0)
    y = 50 + rng.normal(0, 1.0, t.size)
    fc = holt_forecast(t, y, horizon_s=300)
    assert abs(fc.mean[-1] - 50) < 3
    cr = first_crossing(fc, fc.hi[-1] - 0.01)
    assert cr is not None and not cr.likely
    assert "may exceed" in forecast_advice(fc, fc.hi[-1] - 0.01, "level")
    assert forecast_advice(fc, 40.0, "level", direction="below") is None or "fall below" in forecast_advice(
        fc, 40.0, "level", direction="below")
    with pytest.raises(ValueError):
        holt_forecast(t[:3], y[:3], 60)


def test_the_limit_that_matters_is_the_one_already_passed_and_the_most_severe():
    """A bushing already at 127 °C is not 'forecast to exceed 80 °C in 1 min': it is beyond its HIHI limit."""
    from types import SimpleNamespace as NS

    from hmi.maintenance.forecast import tag_limit_crossing

    alarms = [NS(kind="HI", limit=80.0), NS(kind="HIHI", limit=95.0), NS(kind="ROC", limit=None)]
    t = np.arange(0, 3600, 10.0)
    hot = holt_forecast(t, 120 + 0.002 * t, horizon_s=600)
    c = tag_limit_crossing(hot, alarms)
    assert c.alarm.kind == "HIHI" and c.crossing.in_s == 0.0
    warm = holt_forecast(t, 70 + 0.004 * t, horizon_s=3600)           # 84.4 now: beyond HI, HIHI in about 44 min
    c = tag_limit_crossing(warm, alarms)
    assert c.alarm.kind == "HI" and c.crossing.in_s == 0.0
    assert c.then is not None and c.then.alarm.kind == "HIHI" and 38 * 60 <= c.then.crossing.in_s <= 50 * 60
    assert tag_limit_crossing(hot, alarms).then is None
    cool = holt_forecast(t, 60 + 0.004 * t, horizon_s=1800)           # 74.4 now: HI in about 23 min
    c = tag_limit_crossing(cool, alarms)
    assert c.alarm.kind == "HI" and c.crossing.likely and 18 * 60 < c.crossing.in_s < 28 * 60
    flat = holt_forecast(t, 50 + 0 * t, horizon_s=1800)
    assert tag_limit_crossing(flat, alarms) is None


def test_a_value_that_repeats_with_its_cycle_is_forecast_from_its_last_cycles():
    """A server's load sampled every 5 min with a job at the top of every hour (the nab-dev cpu record's shape):
    the hour ahead is the same point of the last cycles, nearer the truth than the last value or a trend."""
    rng = np.random.default_rng(3)
    t = np.arange(0, 2400 * 300.0, 300.0)
    shape = np.array([80, 60, 35, 30, 30, 30, 30, 30, 30, 30, 30, 30], float)
    y = shape[np.arange(t.size) % 12] + rng.normal(0, 2.0, t.size)
    errs, naive = [], []
    for o in range(1600, 2400 - 12, 37):
        fc = holt_forecast(t[o - 1000:o], y[o - 1000:o], horizon_s=3600)
        assert fc.model == "cycle" and fc.period_s == 3600
        truth = shape[np.arange(o, o + 12) % 12]
        errs.append(np.mean(np.abs(fc.mean - truth)))
        naive.append(np.mean(np.abs(y[o - 1] - truth)))
        assert np.mean((fc.lo <= truth) & (truth <= fc.hi)) >= 0.8
    assert np.mean(errs) < 0.2 * np.mean(naive)


def test_a_value_stepping_between_levels_is_forecast_by_its_recent_median():
    """A pressure read in 0.33-bar steps that sits on one step and now and then reads the next (SKAB's pump): the
    median of the recent samples has the least absolute error; the last value is the wrong step a third of the
    time."""
    rng = np.random.default_rng(4)
    t = np.arange(0, 6000, 1.0)
    y = np.where(rng.random(t.size) < 0.3, 0.383, 0.055) + np.where(rng.random(t.size) < 0.05, -0.328, 0.0)
    errs, naive = [], []
    for o in range(3000, 6000 - 600, 97):
        fc = holt_forecast(t[o - 2000:o], y[o - 2000:o], horizon_s=600)
        assert fc.model == "median"
        errs.append(abs(fc.mean[-1] - y[o - 1 + 600]))
        naive.append(abs(y[o - 1] - y[o - 1 + 600]))
    assert np.mean(errs) < 0.85 * np.mean(naive)
