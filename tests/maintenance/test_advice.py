"""Forecast advice in words: a value heading out of its normal range, the setpoint change that keeps it in, and
nothing for a value that only wanders (hmi.maintenance.advice)."""
from __future__ import annotations

import numpy as np
import pytest

from hmi.config import demo_config_path, load_config
from hmi.maintenance.advice import process_advice


@pytest.fixture(scope="module")
def plant():
    return load_config(demo_config_path())


def melt_series(drop_per_h: float, seed: int = 0, start: float = 710.0, hours: float = 1.0):
    """The holding furnace's melt temperature every 10 s: ``start`` falling ``drop_per_h`` °C an hour, 0.3 °C
    of measurement noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, hours * 3600 + 1, 10.0)
    return t, start - drop_per_h * t / 3600 + 0.3 * rng.standard_normal(t.size)


def test_a_falling_melt_gets_the_setpoint_rise_that_keeps_it_in_its_range(plant):
    melt, sp = plant.tag("caster1.melt_temp"), plant.tag("caster1.melt_setpoint")
    t, y = melt_series(12.0)                                  # 698 °C now, 690 °C in about 40 minutes
    a = process_advice(melt, t, y, horizon_s=3600, setpoint=sp, setpoint_value=710.0)
    assert a is not None and (a.direction, a.edge, a.kind) == ("below", 690.0, "normal")
    assert a.in_s == pytest.approx(40 * 60, rel=0.25)
    # the forecast's worst point an hour ahead (about 686 °C) kept 4 °C (a tenth of 690-730) inside the range
    assert a.worst == pytest.approx(686.0, abs=2.0)
    assert a.change == pytest.approx(694.0 - a.worst, abs=1.0) and a.change == round(a.change)
    assert a.setpoint == "caster1.melt_setpoint" and a.setpoint_to == 710.0 + a.change
    text = str(a.text())
    assert text.startswith("Melt temperature in the holding furnace forecast to fall below 690 °C in ")
    assert f"raise Melt setpoint by {a.change:g} °C (to {710 + a.change:g} °C)" in text


def test_the_advised_change_keeps_to_the_setpoints_step_and_limits(plant):
    melt, sp = plant.tag("caster1.melt_temp"), plant.tag("caster1.melt_setpoint")
    t, y = melt_series(30.0)                                  # fast: 20 °C or more needed, 10 °C allowed a step
    a = process_advice(melt, t, y, horizon_s=3600, setpoint=sp, setpoint_value=710.0)
    assert a.change == 10.0 and a.step_limited and "the largest step allowed" in str(a.text())
    a = process_advice(melt, t, y, horizon_s=3600, setpoint=sp, setpoint_value=735.0)
    assert a.change == 5.0 and a.setpoint_to == 740.0      # its write limit (690-740)
    a = process_advice(melt, t, y, horizon_s=3600, setpoint=sp, setpoint_value=740.0)
    assert a.change is None and "Melt setpoint is at its limit of 740 °C: Check the burner" in str(a.text())


def test_without_a_setpoint_the_alarm_action_is_the_advice(plant):
    melt = plant.tag("caster1.melt_temp")
    t, y = melt_series(12.0)
    a = process_advice(melt, t, y, horizon_s=3600)
    assert a.change is None and str(a.text()).endswith(": Check the burner; do not cast until the melt is back "
                                                       "above 690 °C")


def test_a_value_already_out_of_its_range_says_so(plant):
    melt, sp = plant.tag("caster1.melt_temp"), plant.tag("caster1.melt_setpoint")
    t, y = melt_series(0.0, start=686.0)
    a = process_advice(melt, t, y, horizon_s=3600, setpoint=sp, setpoint_value=700.0)
    assert a.in_s == 0 and str(a.text()).startswith("Melt temperature in the holding furnace is below 690 °C (now ")
    assert a.change == pytest.approx(8.0, abs=1.0)


@pytest.mark.parametrize("seed", range(5))
def test_a_melt_that_only_wanders_gets_no_advice(plant, seed):
    """Healthy running: the furnace's slow drift (±3 °C, half an hour) and noise inside 690-730 °C. A forecast
    drawn from noise is no advice."""
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, 7200.0, 10.0)
    drift = np.zeros(t.size)
    for i in range(1, t.size):                                # Ornstein-Uhlenbeck, tau 1800 s, sigma 3 °C
        drift[i] = drift[i - 1] * np.exp(-10 / 1800) + 3.0 * np.sqrt(1 - np.exp(-20 / 1800)) * rng.standard_normal()
    y = 697.0 + drift + 0.3 * rng.standard_normal(t.size)
    assert process_advice(plant.tag("caster1.melt_temp"), t, y, horizon_s=3600,
                          setpoint=plant.tag("caster1.melt_setpoint"), setpoint_value=700.0) is None
