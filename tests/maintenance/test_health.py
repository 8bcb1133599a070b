import numpy as np
import pytest

from hmi.maintenance.anomaly import AnomalyModel
from hmi.maintenance.health import (combined_health, health_index, health_trend, limit_health,
                                     time_to_threshold)


def test_health_index_scale_and_monotone():
    assert health_index(0.0, 2.0) == pytest.approx(100.0)
    assert health_index(2.0, 2.0) == pytest.approx(50.0)
    h = health_index(np.linspace(0, 10, 50), 2.0)
    assert np.all(np.diff(h) < 0) and h[-1] < 5


def test_health_drops_as_anomaly_grows(rng):
    X = rng.normal(size=(3000, 3))
    m = AnomalyModel(window=10).fit(X[:1000], ["a", "b", "c"])
    Y = X[1000:].copy()
    Y[:, 2] += np.linspace(0, 8, 2000)  # a growing fault
    h = health_index(m.score(Y), m.threshold)
    seg = [h[i:i + 400].mean() for i in range(0, 2000, 400)]
    assert all(a > b for a, b in zip(seg, seg[1:]))
    assert seg[0] > 90 and seg[-1] < 50
    tr = health_trend(np.arange(2000.0), h)
    assert tr.slope_per_h < 0


def test_limit_health_and_combined():
    assert limit_health(60, (None, 70), (None, 90)) == 100
    assert limit_health(80, (None, 70), (None, 90)) == pytest.approx(50)
    assert limit_health(95, (None, 70), (None, 90)) == 0
    assert limit_health(5, (10, 70), (0, 90)) == pytest.approx(50)
    assert combined_health([90, 80], [70, 95]).tolist() == [70, 80]


def test_time_to_threshold_linear_ramp(rng):
    # bushing temperature rising 0.2 °C/min under lubrication loss, trip at 95 °C
    t = np.arange(0, 3600, 10.0)
    y = 60 + 0.2 / 60 * t + rng.normal(0, 0.3, t.size)
    true_eta = (95 - (60 + 0.2 / 60 * t[-1])) / (0.2 / 60)
    r = time_to_threshold(t, y, 95.0, window_s=1800)
    assert r is not None and r.model == "linear"
    assert r.eta_s == pytest.approx(true_eta, rel=0.10)
    assert r.eta_lo_s <= r.eta_s <= r.eta_hi_s
    assert r.eta_lo_s <= true_eta <= r.eta_hi_s
    assert r.slope_per_s == pytest.approx(0.2 / 60, rel=0.1)
    assert "reaches 95" in r.text("bushing temperature", 95.0, " °C")


def test_time_to_threshold_none_when_not_trending(rng):
    t = np.arange(0, 3600, 10.0)
    flat = 60 + rng.normal(0, 0.3, t.size)
    assert time_to_threshold(t, flat, 95.0) is None
    cooling = 80 - 0.1 / 60 * t + rng.normal(0, 0.3, t.size)
    assert time_to_threshold(t, cooling, 95.0) is None
    assert time_to_threshold(t[:3], flat[:3], 95.0) is None


def test_time_to_threshold_falling_and_exponential(rng):
    t = np.arange(0, 1000, 5.0)
    p = 6.0 - 0.002 * t + rng.normal(0, 0.02, t.size)  # oil pressure falling to a 2 bar trip
    r = time_to_threshold(t, p, 2.0)
    assert r.eta_s == pytest.approx((6.0 - 0.002 * t[-1] - 2.0) / 0.002, rel=0.1)
    # exponential runaway: distance to 40 °C doubles every 600 s
    y = 40 + 2.0 * np.exp(np.log(2) / 600 * t) + rng.normal(0, 0.05, t.size)
    true = 600 / np.log(2) * np.log((120 - 40) / 2.0) - t[-1]
    re = time_to_threshold(t, y, 120.0, model="exp", baseline=40.0)
    assert re.eta_s == pytest.approx(true, rel=0.1)
    ra = time_to_threshold(t, y, 120.0, model="auto", baseline=40.0)
    assert ra.model == "exp"
    assert time_to_threshold(t, y, 45.0).eta_s == 0.0  # already beyond (series ends at 46)
