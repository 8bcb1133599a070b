"""The maintenance models' special functions and solvers, against published tables and closed forms."""
from __future__ import annotations

import math

import numpy as np
import pytest

from hmi.maintenance.numerics import (ewm, gammainc_lower, minimize_bounded, normal_quantile, root_bisect, t_cdf,
                                      t_quantile)

# Student-t critical values (two-sided 90 %, 95 %, 99 %: upper 0.95, 0.975, 0.995), e.g. NIST/SEMATECH e-Handbook
# of Statistical Methods, table 1.3.6.7.2
T_TABLE = {
    1: (6.314, 12.706, 63.657),
    2: (2.920, 4.303, 9.925),
    3: (2.353, 3.182, 5.841),
    5: (2.015, 2.571, 4.032),
    10: (1.812, 2.228, 3.169),
    20: (1.725, 2.086, 2.845),
    30: (1.697, 2.042, 2.750),
    60: (1.671, 2.000, 2.660),
    100: (1.660, 1.984, 2.626),
}


@pytest.mark.parametrize("dof", sorted(T_TABLE))
def test_t_quantiles_match_the_published_table(dof):
    for p, want in zip((0.95, 0.975, 0.995), T_TABLE[dof]):
        assert t_quantile(p, dof) == pytest.approx(want, abs=6e-4)
        assert t_quantile(1.0 - p, dof) == pytest.approx(-want, abs=6e-4)


def test_t_quantiles_of_one_and_two_degrees_of_freedom_are_exact_and_join_the_normal_far_out():
    for p in (0.6, 0.9, 0.99, 0.9999):
        assert t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-9)       # Cauchy
        assert t_quantile(p, 2) == pytest.approx((2 * p - 1) / math.sqrt(2 * p * (1 - p)), rel=1e-9)
    # both sides of the switch to the Cornish-Fisher expansion agree, and far out it is the normal quantile
    assert t_cdf(t_quantile(0.975, 301), 301) == pytest.approx(0.975, abs=1e-9)
    assert t_cdf(t_quantile(0.995, 5000), 5000) == pytest.approx(0.995, abs=1e-9)
    assert t_quantile(0.975, 10 ** 7) == pytest.approx(1.959964, abs=1e-6)
    assert t_quantile(0.5, 7) == 0.0
    assert t_cdf(t_quantile(0.9, 17), 17) == pytest.approx(0.9, abs=1e-12)
    with pytest.raises(ValueError):
        t_quantile(1.0, 5)


def test_normal_quantile():
    assert normal_quantile(0.95) == pytest.approx(1.644854, abs=1e-6)
    assert normal_quantile(0.5) == 0.0


def test_lower_incomplete_gamma_against_closed_forms():
    x = np.r_[0.0, np.logspace(-4, 2.5, 60), np.inf]
    # a = 1: 1 - exp(-x); a = 2: 1 - (1 + x) exp(-x); a = 1/2: erf(sqrt(x))
    assert np.allclose(gammainc_lower(1.0, x), 1 - np.exp(-x), atol=1e-13)
    assert np.allclose(gammainc_lower(2.0, x[:-1]), 1 - (1 + x[:-1]) * np.exp(-x[:-1]), atol=1e-13)
    assert np.allclose(gammainc_lower(0.5, x), [math.erf(math.sqrt(v)) for v in x], atol=1e-13)
    # a = 3 (both branches): 1 - exp(-x)(1 + x + x^2/2)
    assert np.allclose(gammainc_lower(3.0, x[:-1]), 1 - np.exp(-x[:-1]) * (1 + x[:-1] + x[:-1] ** 2 / 2), atol=1e-12)
    assert np.isnan(gammainc_lower(2.0, [np.nan]))[0]
    p = gammainc_lower(0.25, np.linspace(0, 30, 301))
    assert np.all(np.diff(p) >= 0) and p[0] == 0 and p[-1] == pytest.approx(1.0, abs=1e-12)


def test_exponentially_weighted_mean_starts_at_the_first_row():
    X = np.array([[1.0, 10.0], [3.0, 10.0], [3.0, 20.0]])
    got = ewm(X, 0.5)
    assert got.tolist() == [[1.0, 10.0], [2.0, 10.0], [2.5, 15.0]]
    assert ewm(np.zeros((0, 3)), 0.2).shape == (0, 3)


def test_solvers():
    assert root_bisect(lambda x: x ** 3 - 2.0, 0.0, 2.0) == pytest.approx(2 ** (1 / 3), abs=1e-11)
    with pytest.raises(ValueError):
        root_bisect(lambda x: x * x + 1.0, -1.0, 1.0)
    x, fx = minimize_bounded(lambda v: (v - 1.234) ** 2 + 3.0, 0.0, 5.0, xtol=1e-9)
    assert x == pytest.approx(1.234, abs=1e-7) and fx == pytest.approx(3.0)
    x, _ = minimize_bounded(lambda v: v, 2.0, 5.0, xtol=1e-9)            # minimum at the bound
    assert x == pytest.approx(2.0, abs=1e-8)
