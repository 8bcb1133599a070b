import numpy as np
import pytest

from hmi.maintenance.anomaly import AnomalyModel, OnlineDetector, apply_persistence, backdate_onsets

COLS = ["Accelerometer1RMS", "Accelerometer2RMS", "Current", "Temperature"]


def healthy(rng, n=2000):
    # correlated healthy process: current follows load, vibration noisy
    load = rng.normal(0, 1, n).cumsum() * 0.01
    return np.column_stack([0.2 + 0.01 * rng.normal(size=n), 0.25 + 0.01 * rng.normal(size=n),
                            2.0 + 0.1 * load + 0.02 * rng.normal(size=n), 70 + 0.2 * rng.normal(size=n)])


def test_finds_injected_drift_and_names_the_sensor(rng):
    X = healthy(rng, 3000)
    model = AnomalyModel(window=10).fit(X[:1500], COLS)
    Y = X[1500:].copy()
    Y[800:, 1] += np.linspace(0, 0.15, 700)  # Accelerometer2 drifts upward
    score, anomaly, contrib = model.detect(Y)
    assert anomaly[:700].mean() < 0.02
    assert anomaly[-200:].all()
    top, text = model.explain(contrib[-1])
    assert top[0][0] == "Accelerometer2RMS"
    assert text.startswith("Accelerometer2RMS")
    assert np.allclose(contrib.sum(axis=1)[contrib.sum(axis=1) > 0], 1.0)
    ev = model.detect(Y).events()
    assert ev and ev[-1]["drivers"][0][0] == "Accelerometer2RMS"


@pytest.mark.parametrize("method", ["zmax", "pca"])
def test_threshold_gives_target_far_on_healthy(rng, method):
    # i.i.d. healthy data, raw samples, no margin: the false-alarm rate on new healthy data ~ target
    Xref = rng.normal(size=(20000, 4))
    Xnew = rng.normal(size=(20000, 4))
    model = AnomalyModel(method=method, window=1, target_far=0.01, margin=1.0, hysteresis=1.0).fit(Xref)
    far = (model.score(Xnew) > model.threshold).mean()
    assert 0.005 < far < 0.02


def test_pca_contributions_name_the_broken_correlation(rng):
    n = 4000
    a = rng.normal(size=n)
    X = np.column_stack([a, a + 0.05 * rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)])
    model = AnomalyModel(method="pca", window=1, margin=1.0, hysteresis=1.0).fit(X[:2000], COLS)
    Y = X[2000:].copy()
    Y[:, 1] = -Y[:, 0] + 0.05 * rng.normal(size=2000)  # the 2nd sensor no longer follows the 1st
    s, an, c = model.detect(Y)
    assert an.mean() > 0.5
    order = np.argsort(-c[an].mean(axis=0))
    assert set(np.array(COLS)[order[:2]]) == {"Accelerometer1RMS", "Accelerometer2RMS"}


def test_persistence_suppresses_single_spikes():
    s = np.zeros(100)
    s[[10, 40, 70]] = 5.0          # isolated spikes
    s[80:90] = 5.0                  # a real excursion
    a = apply_persistence(s, 1.0, k=3, n=5)
    assert not a[:80].any() and a[82:90].all()
    # the model's own smoothing + persistence also ignores a one-sample glitch
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1000, 3))
    m = AnomalyModel(window=10, k=3, n=5).fit(X[:500])
    Y = X[500:].copy()
    Y[200, 0] = 30.0
    assert not m.detect(Y).anomaly.any()


def test_hysteresis_holds_until_release():
    s = np.array([0, 2, 0.9, 0.8, 0.5, 0.2, 2, 0.2])
    np.testing.assert_array_equal(apply_persistence(s, 1.0, hysteresis=0.7), [0, 1, 1, 1, 0, 0, 1, 0])


def test_backdate_onsets_extends_each_period_to_where_the_score_rose():
    s = np.array([0.1, 0.7, 0.8, 1.5, 1.2, 0.2, 0.9, 0.1, 0.7, 2.0])
    a = apply_persistence(s, 1.0)
    np.testing.assert_array_equal(a, [0, 0, 0, 1, 1, 0, 0, 0, 0, 1])
    np.testing.assert_array_equal(backdate_onsets(s, a, 0.6), [0, 1, 1, 1, 1, 0, 0, 0, 1, 1])
    # a sub-threshold bump that is never confirmed (row 6) stays unflagged
    assert not backdate_onsets(s, a, 0.6)[6]
    with pytest.raises(ValueError):
        backdate_onsets(s, a[:-1], 0.6)


def test_detect_backdate_only_moves_onsets_earlier(rng):
    X = healthy(rng, 2400)
    m = AnomalyModel(window=10, onset=0.5).fit(X[:1200], COLS)
    Y = X[1200:].copy()
    Y[600:, 1] += np.linspace(0, 0.2, 600)  # slow drift: confirmed late, rising before
    live, offline = m.detect(Y), m.detect(Y, backdate=True)
    assert live.anomaly.any()
    assert not (live.anomaly & ~offline.anomaly).any()          # nothing live is lost
    first_live, first_off = np.argmax(live.anomaly), np.argmax(offline.anomaly)
    assert 600 <= first_off < first_live
    np.testing.assert_array_equal(live.score, offline.score)
    assert AnomalyModel.from_dict(m.to_dict()).onset == 0.5
    with pytest.raises(ValueError):
        AnomalyModel(onset=0.0)


def test_save_load_roundtrip_and_online_matches_batch(rng, tmp_path):
    X = healthy(rng, 1200)
    for method in ("zmax", "pca"):
        m = AnomalyModel(method=method, window=5, k=2, n=3).fit(X[:600], COLS)
        Y = X[600:].copy()
        Y[300:, 3] += 3.0
        p = m.save(tmp_path / f"{method}.json")
        assert p.read_text().startswith("{")
        m2 = AnomalyModel.load(p)
        d1, d2 = m.detect(Y), m2.detect(Y)
        np.testing.assert_allclose(d1.score, d2.score)
        np.testing.assert_array_equal(d1.anomaly, d2.anomaly)
        online = OnlineDetector(m2)
        res = [online.update(r) for r in Y]
        np.testing.assert_allclose([r[0] for r in res], d1.score, rtol=1e-9, atol=1e-9)
        np.testing.assert_array_equal([r[1] for r in res], d1.anomaly)


def test_errors():
    with pytest.raises(RuntimeError):
        AnomalyModel().score(np.zeros((5, 2)))
    m = AnomalyModel().fit(np.random.default_rng(1).normal(size=(100, 2)), ["a", "b"])
    with pytest.raises(ValueError, match="2"):
        m.score(np.zeros((5, 3)))
    with pytest.raises(ValueError):
        AnomalyModel(method="svm")
    with pytest.raises(ValueError):
        AnomalyModel.from_dict({"format": "other"})
