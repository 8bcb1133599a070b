import numpy as np
import pytest

from hmi.maintenance.rul import RulModel, fit_rul, make_windows, nasa_score, rmse, rul_targets


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
