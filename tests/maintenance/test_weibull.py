from datetime import date

import numpy as np
import pytest

from hmi.maintenance.weibull import (fit_weibull, lifetimes_from_events, optimal_replacement, read_events,
                                     weibull_report, _cost_rate)


def censored_sample(rng, shape, scale, n):
    life = scale * rng.weibull(shape, n)
    cens = rng.uniform(0.3 * scale, 2.5 * scale, n)  # preventive replacements at random ages
    return np.minimum(life, cens), life <= cens


@pytest.mark.parametrize("shape,scale", [(2.5, 1000.0), (1.4, 20000.0), (0.8, 500.0)])
def test_recovers_shape_and_scale_with_censoring(shape, scale):
    rng = np.random.default_rng(7)
    age, failed = censored_sample(rng, shape, scale, 800)
    assert 0.1 < 1 - failed.mean() < 0.6  # a real share is censored
    fit = fit_weibull(age, failed)
    assert fit.shape == pytest.approx(shape, rel=0.10)
    assert fit.scale == pytest.approx(scale, rel=0.10)
    assert fit.shape_ci[0] < fit.shape < fit.shape_ci[1]
    assert fit.scale_ci[0] < scale < fit.scale_ci[1]
    assert fit.n_failures + fit.n_censored == 800


def test_optimal_interval_is_the_cost_minimum():
    pol = optimal_replacement((3.0, 1000.0), cp=1.0, cf=10.0)
    assert pol.strategy == "age_replacement"
    T = pol.interval
    grid = np.linspace(50, 3000, 3000)
    assert abs(grid[np.argmin(_cost_rate(grid, 3.0, 1000.0, 1.0, 10.0))] - T) < 5
    assert 0 < pol.saving < 1 and pol.cost_rate < pol.cost_rate_run_to_failure
    # more expensive failures -> replace earlier
    assert optimal_replacement((3.0, 1000.0), 1.0, 50.0).interval < T


def test_run_to_failure_without_wear_out():
    assert optimal_replacement((0.9, 1000.0), 1.0, 10.0).strategy == "run_to_failure"
    assert optimal_replacement((1.0, 1000.0), 1.0, 10.0).interval is None
    assert optimal_replacement((3.0, 1000.0), 5.0, 5.0).strategy == "run_to_failure"


def write_log(path):
    path.write_text(
        "component,event,date,hours,mode\n"
        "P1-bushing,replaced,2023-01-10,900,failure\n"
        "P1-bushing,replaced,2023-03-20,1950,preventive\n"
        "P1-bushing,replaced,2023-06-01,2950,failure\n"
        "P2-bushing,replaced,2023-02-01,1100,failure\n"
        "P2-bushing,replaced,2023-05-01,2000,failure\n"
        "P2-bushing,replaced,2023-07-15,2700,preventive\n"
        "P3-bushing,repaired,2023-03-01,1300,failure\n"
        "P3-bushing,replaced,2023-06-20,2400,failure\n", encoding="utf-8")
    return path


def test_events_to_lifetimes_and_report(tmp_path):
    ev = read_events(write_log(tmp_path / "log.csv"))
    lifes, comps = lifetimes_from_events(ev, now=date(2023, 8, 1), include_running=False)
    p1 = [l for l in lifes if l.component == "P1-bushing"]
    assert [l.age for l in p1] == [900, 1050, 1000] and [l.failed for l in p1] == [True, False, True]
    assert comps["P1-bushing"]["rate_per_day"] == pytest.approx((2950 - 900) / (date(2023, 6, 1) - date(2023, 1, 10)).days)
    doc = weibull_report(ev, cp=1, cf=10, now=date(2023, 8, 1))
    assert doc["n_failures"] == 6 and doc["n_censored"] == 2 + 3  # 2 preventive + 3 items in service
    assert doc["shape"] > 1 and doc["optimal_interval"] > 0
    c = {d["component"]: d for d in doc["components"]}
    assert c["P1-bushing"]["next_due"] and c["P1-bushing"]["status"] in ("ok", "due_soon", "overdue")


def test_bad_logs(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("component,event,date,hours,mode\nA,replaced,2023-01-01,100,broken\n")
    with pytest.raises(ValueError, match="failure or preventive"):
        read_events(p)
    p.write_text("component,date\nA,2023-01-01\n")
    with pytest.raises(ValueError, match="missing column"):
        read_events(p)
    with pytest.raises(ValueError, match="at least 2 failures"):
        fit_weibull([100, 200, 300], [True, False, False])
