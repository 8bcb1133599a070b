"""KPI targets: the reference project's table, weighting and load/save."""
import tomllib

import pytest

from hmi.kpi.targets import KpiTarget, LineTargets

REFERENCE_TOML = """
line = "L1"
[[kpi]]
name = "units_per_hour"
unit = "1/h"
baseline = 670
target = 690
weight = 0.3
direction = "higher"
[[kpi]]
name = "defects_per_hour"
unit = "1/h"
baseline = 3
target = 0.5
weight = 0.2
direction = "lower"
[[kpi]]
name = "return_rate"
unit = "%/month"
baseline = 6
target = 3
weight = 0.2
direction = "lower"
[[kpi]]
name = "man_hours_per_unit"
unit = "h"
baseline = 4.48
target = 4
weight = 0.15
direction = "lower"
[[kpi]]
name = "output_per_hour"
unit = "1/h"
baseline = 45
target = 50
weight = 0.15
direction = "higher"
"""


@pytest.fixture
def table() -> LineTargets:
    return LineTargets.from_dict(tomllib.loads(REFERENCE_TOML))


def test_reference_table_weighted_achievement(table):
    actual = {"units_per_hour": 685,      # (685-670)/(690-670) = 0.75
              "defects_per_hour": 1.0,    # (1-3)/(0.5-3) = 0.8
              "return_rate": 2.4,         # (2.4-6)/(3-6) = 1.2 (at the clip)
              "man_hours_per_unit": 4.6,  # worse than baseline: -0.25 -> 0
              "output_per_hour": 55}      # 2.0 -> clipped to 1.2
    ev = table.evaluate(actual)
    ach = {r["name"]: r["achievement"] for r in ev["rows"]}
    assert ach["units_per_hour"] == pytest.approx(0.75)
    assert ach["defects_per_hour"] == pytest.approx(0.8)
    assert ach["return_rate"] == pytest.approx(1.2)
    assert ach["man_hours_per_unit"] == 0.0
    assert ach["output_per_hour"] == 1.2
    # 0.3*0.75 + 0.2*0.8 + 0.2*1.2 + 0.15*0 + 0.15*1.2 = 0.805 (weights sum to 1)
    assert ev["weighted_achievement"] == pytest.approx(0.805)
    assert ev["missing"] == []


def test_targets_met_exactly_scores_one(table):
    ev = table.evaluate({"units_per_hour": 690, "defects_per_hour": 0.5, "return_rate": 3,
                         "man_hours_per_unit": 4, "output_per_hour": 50})
    assert ev["weighted_achievement"] == pytest.approx(1.0)
    ev = table.evaluate({"units_per_hour": 670, "defects_per_hour": 3, "return_rate": 6,
                         "man_hours_per_unit": 4.48, "output_per_hour": 45})
    assert ev["weighted_achievement"] == pytest.approx(0.0)


def test_missing_actual_renormalises_weights(table):
    ev = table.evaluate({"units_per_hour": 690, "defects_per_hour": None})  # others absent
    assert ev["missing"] == ["defects_per_hour", "return_rate", "man_hours_per_unit", "output_per_hour"]
    assert ev["weighted_achievement"] == pytest.approx(1.0)
    assert table.evaluate({})["weighted_achievement"] is None


def test_round_trip(table):
    d = table.to_dict()
    assert d["kpi"][1] == {"name": "defects_per_hour", "unit": "1/h", "baseline": 3.0, "target": 0.5,
                           "weight": 0.2, "direction": "lower"}
    assert LineTargets.from_dict(d) == table


def test_flat_target_and_validation():
    k = KpiTarget("scrap", "%", 1.0, 1.0, 1.0, "lower")
    assert k.achievement(0.9) == 1.0 and k.achievement(1.1) == 0.0 and k.achievement(None) is None
    with pytest.raises(ValueError):
        KpiTarget("x", "", 10, 5, 1, "higher")
    with pytest.raises(ValueError):
        KpiTarget("x", "", 10, 5, 1, "sideways")
    with pytest.raises(ValueError):
        LineTargets.from_dict({"line": "L", "kpi": [{"name": "a", "baseline": 0, "target": 1}] * 2})
