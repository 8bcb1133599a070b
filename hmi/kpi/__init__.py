"""Per-line production accounting, ISO 22400-2 KPIs and KPI targets. Qt-free.

accounting  counters (rollover / meter reset / quality gaps), machine-state timeline with operator
            reason codes, planned schedule (shifts, breaks, planned downtime, crew).
oee         availability, performance, quality, OEE and the plant KPIs per shift and day.
targets     KPI table per line (baseline, target, weight, direction) and weighted achievement.
shiftlog    the shift log in the plant database (notes, downtime reasons, material, returns), audited.
service     a line's KPIs over a period from the historian's signals and the shift log.
report      shift reports as CSV and PDF (`lineside kpi report`: :mod:`hmi.commands.kpi`).
"""
from hmi.kpi.accounting import (CounterIncrements, ReasonEntry, Schedule, ShiftDef, ShiftInstance,
                                StateTimeline, counter_increments, series_from_samples, state_timeline)
from hmi.kpi.oee import (ShiftReport, Totals, daily_reports, measure, pareto, return_rate_per_month,
                         shift_reports)
from hmi.kpi.targets import LineTargets, achievement

__all__ = [
    "CounterIncrements", "ReasonEntry", "Schedule", "ShiftDef", "ShiftInstance", "StateTimeline",
    "counter_increments", "series_from_samples", "state_timeline",
    "ShiftReport", "Totals", "daily_reports", "measure", "pareto", "return_rate_per_month", "shift_reports",
    "LineTargets", "achievement",
]
