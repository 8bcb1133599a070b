"""KPI targets: the reference project's table and weighting (the rows are the plant file's schema,
hmi.config.KpiTargetConfig; their validation is tested with the config, tests/kpi/test_kpi_config.py)."""
import pytest

from hmi.config import KpiTargetConfig
from hmi.kpi.targets import LineTargets, achievement


@pytest.fixture
def table() -> LineTargets:
    return LineTargets("L1", (
        KpiTargetConfig("units_per_hour", "1/h", 670, 690, 0.3, "higher"),
        KpiTargetConfig("defects_per_hour", "1/h", 3, 0.5, 0.2, "lower"),
        KpiTargetConfig("return_rate", "%/month", 6, 3, 0.2, "lower"),
        KpiTargetConfig("man_hours_per_unit", "h", 4.48, 4, 0.15, "lower"),
        KpiTargetConfig("output_per_hour", "1/h", 45, 50, 0.15, "higher"),
    ))


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


def test_flat_target():
    k = KpiTargetConfig("defect_rate", "%", 1.0, 1.0, 1.0, "lower")
    assert achievement(k, 0.9) == 1.0 and achievement(k, 1.1) == 0.0 and achievement(k, None) is None
