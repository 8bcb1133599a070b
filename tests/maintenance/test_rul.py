import numpy as np
import pytest

from hmi.maintenance.rul import RulModel, fit_rul, make_windows, nasa_score, rmse, rul_targets, window_features


def synthetic_fleet(rng, n_units=24):
    """Run-to-failure histories: two sensors degrade exponentially near the end, one is noise, one constant."""
    unit, cyc, s1, s2, s3, s4 = [], [], [], [], [], []
    for u in range(1, n_units + 1):
        life = int(rng.integers(90, 160))
        c = np.arange(1, life + 1)
        rul = life - c
        wear = np.exp(-rul / 35.0)
        unit += [u] * life
        cyc += c.tolist()
        s1 += (1.0 + 2.0 * wear + rng.normal(0, 0.08, life)).tolist()
        s2 += (5.0 - 1.5 * wear + rng.normal(0, 0.08, life)).tolist()
        s3 += rng.normal(0, 1, life).tolist()
        s4 += [7.0] * life
    return {k: np.asarray(v, float) for k, v in
            dict(unit=unit, cycle=cyc, temp=s1, press=s2, noise=s3, const=s4).items()}


def take(d, mask):
    return {k: v[mask] for k, v in d.items()}


def test_helpers():
    np.testing.assert_array_equal(rul_targets(np.arange(1, 201.0), 125)[:3], [125, 125, 125])
    assert rul_targets(np.arange(1, 201.0), 125)[-1] == 0
    W = make_windows(np.arange(5.0)[:, None], 3)
    assert W.shape == (5, 3, 1) and W[0, :, 0].tolist() == [0, 0, 0] and W[4, :, 0].tolist() == [2, 3, 4]
    assert rmse([1, 2], [1, 4]) == pytest.approx(np.sqrt(2))
    assert nasa_score([10], [0]) == pytest.approx(np.e - 1)  # late by 10
    assert nasa_score([0], [13]) == pytest.approx(np.e - 1)  # early by 13


def test_rul_model_beats_constant_baseline(rng, tmp_path):
    data = synthetic_fleet(rng)
    test = data["unit"] > 18
    model = fit_rul(take(data, ~test), "unit", "cycle", window=15, cap=60.0, epochs=12, n_models=1, seed=0,
                    channels=8, hidden=32, kernel=5, layers=2)
    assert set(model.features) == {"temp", "press"}
    assert model.dropped["const"] == "constant" and "noise" in model.dropped
    te = take(data, test)
    # truncate every test unit at several points; true RUL capped at 60
    preds, truth = [], []
    train_mean = np.mean(np.concatenate([rul_targets(data["cycle"][data["unit"] == u], 60)
                                         for u in range(1, 19)]))
    for u in range(19, 25):
        last = int(te["cycle"][te["unit"] == u].max())
        for cut in (last - 50, last - 30, last - 10, last):
            m = (te["unit"] == u) & (te["cycle"] <= cut)
            preds.append(model.predict(take(te, m))[u])
            truth.append(min(60, last - cut))
    err = rmse(preds, truth)
    baseline = rmse(np.full(len(truth), train_mean), truth)
    assert err < 0.6 * baseline, (err, baseline)
    # save / load: same predictions, JSON metadata + state dict
    model.save(tmp_path / "m")
    assert (tmp_path / "m" / "rul.json").is_file() and (tmp_path / "m" / "rul.pt").is_file()
    again = RulModel.load(tmp_path / "m")
    p1, p2 = model.predict(te), again.predict(te)
    assert p1.keys() == p2.keys() == set(range(19, 25))
    assert all(abs(p1[k] - p2[k]) < 1e-4 for k in p1)
    traj = again.predict_all(take(te, te["unit"] == 19))[19]
    assert traj.shape == ((te["unit"] == 19).sum(),) and traj[-1] < traj[0]


def test_fit_rul_errors(rng):
    data = synthetic_fleet(rng, 3)
    with pytest.raises(ValueError, match="2 units"):
        fit_rul(take(data, data["unit"] == 1), "unit", "cycle")
    with pytest.raises(KeyError, match="no column"):
        fit_rul(data, "engine", "cycle")
    with pytest.raises(FileNotFoundError):
        RulModel.load("/nonexistent/model")
    # `rul fit --epochs -1 --models 0` once saved a model that predicted 0 for every unit
    for kw, word in (({"epochs": -1}, "epochs"), ({"n_models": 0}, "models"), ({"cap": float("nan")}, "cap")):
        with pytest.raises(ValueError, match=word):
            fit_rul(data, "unit", "cycle", **kw)


def test_baseline_and_time_inputs_round_trip(rng, tmp_path):
    data = synthetic_fleet(rng, 12)
    # units start at different wear levels: the drift since new (baseline) is what the net should see
    offset = {u: rng.normal(0, 0.5) for u in range(1, 13)}
    data["temp"] = data["temp"] + np.array([offset[int(u)] for u in data["unit"]])
    model = fit_rul(data, "unit", "cycle", window=10, cap=60.0, epochs=2, n_models=1, seed=0, hidden=8,
                    baseline=5, use_time=True)
    assert model.kind == "mlp" and model.arch["use_time"] and model.baseline == 5
    assert len(model.mean) == 2 * len(model.features)     # raw columns + drift since the first 5 rows
    assert len(model.feature_mean) == 2 * len(model.mean) + 1   # weighted mean + slope of each, + age
    one = {k: v[data["unit"] == 3] for k, v in data.items()}
    p = model.predict(one)[3]
    model.save(tmp_path / "m")
    again = RulModel.load(tmp_path / "m")
    assert again.baseline == 5 and abs(again.predict(one)[3] - p) < 1e-4
    # the drift channel is computed per unit: shuffling the rows of the table changes nothing
    order = rng.permutation(one["unit"].size)
    assert abs(model.predict({k: v[order] for k, v in one.items()})[3] - p) < 1e-4


def test_window_features_are_causal_and_exact():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 2))
    X[:, 1] = 0.5 * np.arange(40)                     # a pure ramp: slope 0.5 per row
    F = window_features(X, np.arange(1, 41.0), window=10, alpha=0.2)
    assert F.shape == (40, 5)
    np.testing.assert_allclose(F[2:, 3], 0.5)         # slope column of the ramp (from 3 rows on)
    assert F[0, 2] == 0 and F[1, 2] == 0                # too few rows for a slope
    np.testing.assert_allclose(F[:, 4], np.arange(1, 41.0))
    e = X[0, 0]
    for i in range(40):                               # weighted mean started at the first row
        e = 0.2 * X[i, 0] + 0.8 * e if i else X[0, 0]
        assert F[i, 0] == pytest.approx(e)
    # causal: the features of the first 25 rows do not depend on what follows
    np.testing.assert_allclose(window_features(X[:25], np.arange(1, 26.0), 10, 0.2), F[:25])


def test_cnn_arch_still_trains_and_loads(rng, tmp_path):
    data = synthetic_fleet(rng, 6)
    model = fit_rul(data, "unit", "cycle", arch="cnn", window=10, cap=60.0, epochs=1, n_models=1, channels=4,
                    hidden=8, kernel=3, layers=1)
    assert model.kind == "cnn"
    one = {k: v[data["unit"] == 2] for k, v in data.items()}
    model.save(tmp_path / "c")
    assert abs(RulModel.load(tmp_path / "c").predict(one)[2] - model.predict(one)[2]) < 1e-4
    with pytest.raises(ValueError, match="arch"):
        fit_rul(data, "unit", "cycle", arch="lstm")
