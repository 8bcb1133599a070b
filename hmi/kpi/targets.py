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

Load/save: ``LineTargets.from_dict`` / ``to_dict`` use a TOML-shaped dict::

    {"line": "L1", "kpi": [{"name": "units_per_hour", "unit": "1/h", "baseline": 670,
                            "target": 690, "weight": 0.3, "direction": "higher"}, ...]}
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Mapping

CLIP_LOW, CLIP_HIGH = 0.0, 1.2


@dataclass(frozen=True)
class KpiTarget:
    name: str
    unit: str
    baseline: float
    target: float
    weight: float
    direction: str = "higher"        # "higher" or "lower" is better

    def __post_init__(self) -> None:
        if self.direction not in ("higher", "lower"):
            raise ValueError(f"{self.name}: direction must be 'higher' or 'lower', not {self.direction!r}")
        if self.weight < 0:
            raise ValueError(f"{self.name}: negative weight {self.weight}")
        if self.direction == "higher" and self.target < self.baseline:
            raise ValueError(f"{self.name}: 'higher' is better but target {self.target} < baseline {self.baseline}")
        if self.direction == "lower" and self.target > self.baseline:
            raise ValueError(f"{self.name}: 'lower' is better but target {self.target} > baseline {self.baseline}")

    def achievement(self, actual: float | None) -> float | None:
        if actual is None:
            return None
        span = self.target - self.baseline
        if span == 0:
            ok = actual >= self.target if self.direction == "higher" else actual <= self.target
            return 1.0 if ok else 0.0
        return min(CLIP_HIGH, max(CLIP_LOW, (actual - self.baseline) / span))


@dataclass(frozen=True)
class LineTargets:
    line: str
    kpis: tuple[KpiTarget, ...]

    def evaluate(self, actuals: Mapping[str, float | None]) -> dict:
        """{"line", "rows": [{name, unit, baseline, target, weight, direction, actual, achievement}],
        "weighted_achievement" (None if no KPI has a value), "missing": [names without a value]}."""
        rows, num, den, missing = [], 0.0, 0.0, []
        for k in self.kpis:
            actual = actuals.get(k.name)
            a = k.achievement(actual)
            rows.append({**asdict(k), "actual": actual, "achievement": a})
            if a is None:
                missing.append(k.name)
            else:
                num += k.weight * a
                den += k.weight
        return {"line": self.line, "rows": rows,
                "weighted_achievement": None if den == 0 else num / den, "missing": missing}

    @classmethod
    def from_dict(cls, d: Mapping) -> "LineTargets":
        kpis = tuple(KpiTarget(name=str(k["name"]), unit=str(k.get("unit", "")),
                               baseline=float(k["baseline"]), target=float(k["target"]),
                               weight=float(k.get("weight", 1.0)),
                               direction=str(k.get("direction", "higher"))) for k in d.get("kpi", []))
        names = [k.name for k in kpis]
        if len(set(names)) != len(names):
            raise ValueError(f"line {d.get('line')!r}: duplicate KPI names in {names}")
        return cls(line=str(d["line"]), kpis=kpis)

    def to_dict(self) -> dict:
        return {"line": self.line, "kpi": [asdict(k) for k in self.kpis]}
