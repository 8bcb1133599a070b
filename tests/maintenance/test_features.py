import numpy as np
import pytest

from hmi.maintenance import features as F


def test_rms_peak_crest_of_sine():
    fs, A = 1000.0, 3.0
    t = np.arange(0, 1.0, 1 / fs)
    x = A * np.sin(2 * np.pi * 50 * t)
    assert F.rms(x) == pytest.approx(A / np.sqrt(2), rel=1e-3)
    assert F.peak(x) == pytest.approx(A, rel=1e-3)
    assert F.crest_factor(x) == pytest.approx(np.sqrt(2), rel=1e-3)
    assert F.kurtosis(x) == pytest.approx(1.5, rel=1e-2)


def test_kurtosis_of_gaussian_and_impulses(rng):
    g = rng.normal(size=200_000)
    assert F.kurtosis(g) == pytest.approx(3.0, abs=0.05)
    imp = g.copy()
    imp[::500] += 15.0  # bearing impacts
    assert F.kurtosis(imp) > 5.0
    assert F.crest_factor(imp) > F.crest_factor(np.sin(np.linspace(0, 100, 10_000))) * 2


def test_band_energies_parseval_and_location():
    fs = 2000.0
    t = np.arange(0, 1.0, 1 / fs)
    x = 2.0 * np.sin(2 * np.pi * 120 * t) + 0.5 * np.sin(2 * np.pi * 600 * t)
    bands = [(0, 100), (100, 200), (200, 500), (500, 1000)]
    e = F.band_energies(x, fs, bands)
    assert e.sum() == pytest.approx(F.rms(x) ** 2, rel=1e-6)
    assert e[1] == pytest.approx(2.0, rel=1e-3)      # 2^2 / 2
    assert e[3] == pytest.approx(0.125, rel=1e-3)    # 0.5^2 / 2
    assert e[0] < 1e-9 and e[2] < 1e-9
    vi = F.vibration_indicators(x, fs, bands)
    assert set(vi) >= {"rms", "peak", "crest_factor", "kurtosis", "band_100_200"}


def test_rolling_statistics_causal_and_named():
    x = np.arange(10, dtype=float)
    np.testing.assert_allclose(F.rolling_mean(x, 3), [0, 0.5, 1, 2, 3, 4, 5, 6, 7, 8])
    np.testing.assert_allclose(F.rolling_max(x, 3), x)
    np.testing.assert_allclose(F.rolling_min(x, 3), [0, 0, 0, 1, 2, 3, 4, 5, 6, 7])
    np.testing.assert_allclose(F.rolling_std(x, 3)[3:], np.std([0, 1, 2]))
    X = np.column_stack([x, 230.0 + 0 * x])
    feats, names = F.rolling_stats(X, [3, 5], ["a", "volt"])
    assert feats.shape == (10, 16) and names[0] == "a.mean3" and "volt.std5" in names
    assert np.allclose(feats[:, names.index("volt.std5")], 0.0, atol=1e-9)


def test_rolling_mean_skips_nan():
    x = np.array([1.0, np.nan, 3.0, 5.0])
    np.testing.assert_allclose(F.rolling_mean(x, 2), [1.0, 1.0, 3.0, 4.0])


def test_rise_rate_robust_to_outliers(rng):
    t = np.arange(0, 600, 1.0)                 # 10 min at 1 Hz
    y = 60.0 + 0.5 / 60 * t + rng.normal(0, 0.05, t.size)  # 0.5 °C/min
    y[::37] += 20                               # spikes from a loose thermocouple
    assert F.rise_rate(t, y) == pytest.approx(0.5, rel=0.05)
    assert F.rise_rate(t, y, window_s=120) == pytest.approx(0.5, rel=0.15)
    r = F.rolling_rise_rate(t, y, window_s=120, step=60)
    assert np.nanmedian(r) == pytest.approx(0.5, rel=0.15)
