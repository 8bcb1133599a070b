"""Per-line KPI target tables and weighted achievement. Qt-free.

A line's table lists, per KPI: unit, baseline (before the project), target, weight and direction
("higher" or "lower" is better). Achievement of one KPI:

    a = (actual - baseline) / (target - baseline), clipped to [0, 1.2]

so the baseline scores 0, the target 1, getting worse than the baseline scores 0 (not negative: a
single bad KPI cannot cancel others out), and over-achievement counts up to 20 % extra (1.2), so one
runaway KPI cannot hide missed ones. The formula works for both directions because target - baseline
carries the sign; ``direction`` is checked against it. When target == baseline the KPI is met (1.0)
if actual is at least as good as the target in its direction, else 0.0. A KPI with no actual value
(None: not measured / not defined this period) has achievement None and is left out of the weighted
achievement, whose weights are renormalised over the KPIs that have a value; ``missing`` lists them.

Weighted achievement = sum(w_i * a_i) / sum(w_i) over KPIs with an actual value.

The rows are the plant file's ``[lines.kpi] targets`` (:class:`hmi.config.KpiTargetConfig`: one
schema, validated where the file is read, with file, line and field in every error).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Mapping

from hmi.config import KpiTargetConfig

__all__ = ["achievement", "LineTargets", "CLIP_LOW", "CLIP_HIGH"]

CLIP_LOW, CLIP_HIGH = 0.0, 1.2


def achievement(t: KpiTargetConfig, actual: float | None) -> float | None:
    """Achievement of one KPI row for ``actual`` (see the module doc); None without a value."""
    if actual is None:
        return None
    span = t.target - t.baseline
    if span == 0:
        ok = actual >= t.target if t.direction == "higher" else actual <= t.target
        return 1.0 if ok else 0.0
    return min(CLIP_HIGH, max(CLIP_LOW, (actual - t.baseline) / span))


@dataclass(frozen=True)
class LineTargets:
    """The KPI table of one line."""

    line: str
    kpis: tuple[KpiTargetConfig, ...]

    def evaluate(self, actuals: Mapping[str, float | None]) -> dict:
        """{"line", "rows": [{name, kpi, unit, baseline, target, weight, direction, scale, actual,
        achievement}], "weighted_achievement" (None if no KPI has a value), "missing": [names without a
        value]}."""
        rows, num, den, missing = [], 0.0, 0.0, []
        for k in self.kpis:
            actual = actuals.get(k.kpi)
            a = achievement(k, actual)
            rows.append({**asdict(k), "name": k.kpi, "actual": actual, "achievement": a})
            if a is None:
                missing.append(k.kpi)
            else:
                num += k.weight * a
                den += k.weight
        return {"line": self.line, "rows": rows,
                "weighted_achievement": None if den == 0 else num / den, "missing": missing}
