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
