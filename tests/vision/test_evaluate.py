"""Operating points: the thresholds for a share of defects passed as ok, and what they cost the inspectors."""
import numpy as np
import pytest

from vision.evaluate import calibrate, expected_rates, operating_points, verdict


def test_each_operating_point_meets_its_miss_rate_on_the_calibration_parts():
    rng = np.random.default_rng(0)
    ok = np.clip(rng.normal(0.3, 0.15, 400), 0, 1)
    bad = np.clip(rng.normal(0.8, 0.15, 200), 0, 1)
    points = operating_points(ok, bad)
    assert [p["target_miss_rate"] for p in points] == [0.01, 0.02, 0.05, 0.10, 0.20]
    for p in points:
        missed = np.mean([verdict(s, p) == "ok" for s in bad])
        assert missed <= p["target_miss_rate"] + 1e-9
        assert p["expected"]["defect"]["ok"] == pytest.approx(missed)
        assert p["expected"]["good"]["ng"] <= 0.01 + 1e-9           # the auto-reject ceiling holds throughout
        e = p["expected"]["good"]
        assert e["ok"] + e["warn"] + e["ng"] == pytest.approx(1.0)
    review = [p["expected"]["good"]["warn"] for p in points]
    assert review == sorted(review, reverse=True)                     # more misses allowed, fewer reviews
    thr = calibrate(np.concatenate([ok, bad]), np.r_[np.zeros(400), np.ones(200)], 0.05, 0.01)
    assert expected_rates(thr, ok, bad) == points[2]["expected"]
    assert operating_points([], bad) == [] and operating_points(ok, []) == []
