"""The few special functions and one-dimensional solvers the maintenance models need, in numpy and the standard
library (no SciPy: it would add about 75 MB to the station bundle for five functions).

* :func:`t_quantile`: Student-t quantile (exact CDF for integer degrees of freedom, solved by bisection; the
  Cornish-Fisher expansion beyond 300 degrees of freedom);
* :func:`normal_quantile`: ``statistics.NormalDist().inv_cdf``;
* :func:`gammainc_lower`: the regularised lower incomplete gamma function P(a, x) (series / continued fraction,
  Numerical Recipes 6.2), vectorised over x;
* :func:`ewm`: the exponentially weighted mean y[n] = a x[n] + (1 - a) y[n-1], y[0] = x[0], along axis 0;
* :func:`root_bisect`: a root of a monotone function in a bracket;
* :func:`minimize_bounded`: golden-section search for the minimum of a unimodal function on an interval.

Each is checked against published tables and closed forms in ``tests/maintenance/test_numerics.py``.
"""
from __future__ import annotations

import math
from statistics import NormalDist
from typing import Callable

import numpy as np

__all__ = ["ewm", "gammainc_lower", "minimize_bounded", "normal_quantile", "root_bisect", "t_cdf", "t_quantile"]

_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def normal_quantile(p: float) -> float:
    """Standard normal quantile (``p`` in (0, 1))."""
    return NormalDist().inv_cdf(float(p))


def t_cdf(t: float, dof: int) -> float:
    """P(T <= t) for Student's t with integer ``dof`` >= 1 (the closed form of Abramowitz & Stegun 26.7.3/4)."""
    nu = int(dof)
    if nu < 1:
        raise ValueError("degrees of freedom must be >= 1")
    theta = math.atan2(abs(t), math.sqrt(nu))
    s, c = math.sin(theta), math.cos(theta)
    c2 = c * c
    if nu % 2 == 1:        # odd: A = 2/pi (theta + sin cos (1 + 2/3 cos^2 + 2*4/(3*5) cos^4 + ...))
        term, acc = 1.0, (1.0 if nu > 1 else 0.0)
        for k in range(1, (nu - 1) // 2):
            term *= c2 * (2 * k) / (2 * k + 1)
            acc += term
        a = 2.0 / math.pi * (theta + s * c * acc)
    else:                  # even: A = sin (1 + 1/2 cos^2 + 1*3/(2*4) cos^4 + ...)
        term, acc = 1.0, 1.0
        for k in range(1, nu // 2):
            term *= c2 * (2 * k - 1) / (2 * k)
            acc += term
        a = s * acc
    a = min(max(a, 0.0), 1.0)            # P(|T| < |t|)
    return 0.5 + 0.5 * a if t >= 0 else 0.5 - 0.5 * a


def t_quantile(p: float, dof: int) -> float:
    """The ``p`` quantile of Student's t with ``dof`` degrees of freedom (rounded down to an integer, at least 1)."""
    p = float(p)
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie in (0, 1)")
    nu = max(int(dof), 1)
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, nu)
    z = normal_quantile(p)
    if nu > 300:           # Cornish-Fisher (Abramowitz & Stegun 26.7.5): error far below 1e-9 here
        z2 = z * z
        g1 = (z2 + 1.0) * z / 4.0
        g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0
        g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0
        g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0
        return z + g1 / nu + g2 / nu ** 2 + g3 / nu ** 3 + g4 / nu ** 4
    hi = max(z, 1.0)
    while t_cdf(hi, nu) < p:
        hi *= 2.0
    return root_bisect(lambda x: t_cdf(x, nu) - p, 0.0, hi, xtol=1e-12 * max(1.0, hi))


def root_bisect(fn: Callable[[float], float], lo: float, hi: float, xtol: float = 1e-12,
                max_iter: int = 200) -> float:
    """A root of ``fn`` between ``lo`` and ``hi`` (``fn(lo)`` and ``fn(hi)`` of opposite signs)."""
    flo = fn(lo)
    if flo == 0.0:
        return lo
    if (flo > 0) == (fn(hi) > 0):
        raise ValueError("the bracket does not contain a sign change")
    for _ in range(max_iter):
        mid = 0.5 * (lo + hi)
        fm = fn(mid)
        if fm == 0.0 or hi - lo <= xtol:
            return mid
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return 0.5 * (lo + hi)


def minimize_bounded(fn: Callable[[float], float], lo: float, hi: float, xtol: float) -> tuple[float, float]:
    """(x, fn(x)) at the minimum of a unimodal ``fn`` on [lo, hi], by golden-section search to ``xtol``."""
    a, b = float(lo), float(hi)
    c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    fc, fd = fn(c), fn(d)
    while b - a > xtol:
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - _GOLDEN * (b - a)
            fc = fn(c)
        else:
            a, c, fc = c, d, fd
            d = a + _GOLDEN * (b - a)
            fd = fn(d)
    x = 0.5 * (a + b)
    return x, fn(x)


def gammainc_lower(a: float, x) -> np.ndarray:
    """Regularised lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a), for ``a`` > 0 and ``x`` >= 0
    (array): the series where x < a + 1, Lentz's continued fraction for Q = 1 - P elsewhere."""
    a = float(a)
    if a <= 0:
        raise ValueError("a must be > 0")
    x = np.asarray(x, float)
    out = np.zeros(x.shape, float)
    flat, res = x.reshape(-1), out.reshape(-1)
    lg = math.lgamma(a)
    for i, xi in enumerate(flat):
        if math.isnan(xi):
            res[i] = math.nan
            continue
        if xi <= 0.0 or math.isinf(xi):
            res[i] = 0.0 if xi <= 0.0 else 1.0
            continue
        front = math.exp(-xi + a * math.log(xi) - lg)
        if xi < a + 1.0:
            ap, term, total = a, 1.0 / a, 1.0 / a
            for _ in range(1000):
                ap += 1.0
                term *= xi / ap
                total += term
                if abs(term) < abs(total) * 1e-15:
                    break
            res[i] = min(1.0, total * front)
        else:
            tiny = 1e-300
            b = xi + 1.0 - a
            c, d = 1.0 / tiny, 1.0 / b
            h = d
            for k in range(1, 1000):
                an = -k * (k - a)
                b += 2.0
                d = an * d + b
                d = tiny if abs(d) < tiny else d
                c = b + an / c
                c = tiny if abs(c) < tiny else c
                d = 1.0 / d
                delta = d * c
                h *= delta
                if abs(delta - 1.0) < 1e-15:
                    break
            res[i] = max(0.0, 1.0 - front * h)
    return out


def ewm(X: np.ndarray, alpha: float) -> np.ndarray:
    """Exponentially weighted mean along axis 0, started at the first row: y[0] = x[0],
    y[n] = alpha x[n] + (1 - alpha) y[n-1]."""
    X = np.asarray(X, float)
    out = np.empty_like(X)
    if X.shape[0] == 0:
        return out
    a, keep = float(alpha), 1.0 - float(alpha)
    prev = X[0].copy()
    out[0] = prev
    for n in range(1, X.shape[0]):
        prev = a * X[n] + keep * prev
        out[n] = prev
    return out
