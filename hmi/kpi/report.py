"""Shift reports as CSV and PDF (reportlab). Qt-free.

    result = compute_line(...)
    write_csv(result, "shift.csv")
    write_pdf(result, "shift.pdf", entries=shift_log.entries("line1", result.t0, result.t1))

CSV (one header, long format, ``.`` decimal point, ratios as fractions):
``section,scope,name,value,unit,baseline,target,weight,achievement`` with sections ``kpi`` (scope
``line`` or ``machine:<id>`` or ``shift:<name>@<day>``), ``total`` (base quantities: seconds, parts),
``target``, ``pareto`` (value: seconds; unit ``s``), ``planned`` (planned downtime by reason) and
``log`` (shift-log entries: name = kind, value = text).
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import numpy as np

from hmi.kpi.oee import flag_of
from hmi.kpi.service import KPI_LABELS, KPI_UNITS, LineKpis

__all__ = ["write_csv", "write_pdf", "format_kpi", "csv_text", "CSV_HEADER"]

CSV_HEADER = ("section", "scope", "name", "value", "unit", "baseline", "target", "weight", "achievement")
TOTAL_FIELDS = ("shift_s", "pbt_s", "apt_s", "idle_s", "fault_s", "unknown_s", "unobserved_s", "failures", "good",
                "defects", "outside_pbt", "ideal_s", "man_hours")
KPI_ORDER = ("oee", "availability", "performance", "quality", "units_per_hour", "good_per_hour", "defects_per_hour",
             "defect_rate", "man_hours_per_unit", "mtbf_h", "mttr_h", "return_rate", "trace_coverage")


def format_kpi(name: str, value: float | None, *, configured: bool = True) -> str:
    """'92.9 %', '361 1/h', '3.25 h', 'not defined' or 'not configured' (trace coverage); a value that
    cannot be true is marked: 'implausible: 934.2 % (faster than planned: check the planned cycle time)'."""
    if name == "trace_coverage" and not configured:
        return "not configured"
    if value is None:
        return "not defined"
    scale, unit = KPI_UNITS.get(name, (1, ""))
    v = value * scale
    digits = 1 if unit == "%" or abs(v) >= 10 else (4 if name == "man_hours_per_unit" else 2)
    text = f"{v:.{digits}f} {unit}".strip()
    flag = flag_of(name, value)
    return text if flag is None else f"implausible: {text} ({flag})"


def _num(v) -> str:
    """A number for the CSV: full precision, never scientific notation."""
    if v is None:
        return ""
    if isinstance(v, float):
        return np.format_float_positional(v, precision=6, unique=True, fractional=False, trim="-")
    return str(v)


def _hm(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def _rows(result: LineKpis, entries=()) -> list[tuple]:
    rows: list[tuple] = []
    for name in KPI_ORDER:
        v = result.kpis.get(name)
        unit = KPI_UNITS[name][1] if KPI_UNITS[name][0] == 1 else "fraction"
        if name == "trace_coverage" and not result.trace_configured:
            rows.append(("kpi", "line", name, "not configured", "", "", "", "", ""))
        else:
            rows.append(("kpi", "line", name, _num(v), unit, "", "", "", ""))
    for f in TOTAL_FIELDS:
        rows.append(("total", "line", f, _num(getattr(result.totals, f)), "s" if f.endswith("_s") else "", "", "", "",
                     ""))
    for r in result.shifts:
        scope = f"shift:{r.name}@{r.day}"
        for name in KPI_ORDER[:11]:
            rows.append(("kpi", scope, name, _num(r.kpis.get(name)), "", "", "", "", ""))
    for eq, m in result.machines.items():
        for name in KPI_ORDER[:11]:
            rows.append(("kpi", f"machine:{eq}", name, _num(m.kpis.get(name)), "", "", "", "", ""))
    if result.targets:
        for row in result.targets["rows"]:
            rows.append(("target", "line", row["name"], _num(row["actual"]), row["unit"], _num(row["baseline"]),
                         _num(row["target"]), _num(row["weight"]), _num(row["achievement"])))
        rows.append(("target", "line", "weighted_achievement", _num(result.targets["weighted_achievement"]), "",
                     "", "", "", ""))
    for p in result.pareto:
        rows.append(("pareto", "line", p["reason"], _num(p["seconds"]), "s", "", "", "", ""))
    for code, sec in sorted(result.planned.items()):
        rows.append(("planned", "line", code, _num(sec), "s", "", "", "", ""))
    for e in entries:
        rows.append(("log", _hm(e.ts), e.kind, _entry_text(e), "", "", "", "", ""))
    return rows


def _entry_text(e) -> str:
    if e.kind == "downtime":
        return (f"{e.equipment} {_hm(e.start)}-{datetime.fromtimestamp(e.end).strftime('%H:%M')} "
                f"{e.reason_code}" + (f": {e.text}" if e.text else ""))
    if e.kind == "material":
        q = f"{e.quantity:g} {e.unit or ''}".strip()
        return f"{e.material}, {q}" + (f", lot {e.lot}" if e.lot else "") + (f": {e.text}" if e.text else "")
    if e.kind == "returns":
        return f"{e.month}: {e.quantity:g} returned of {e.shipped:g} shipped" + (f": {e.text}" if e.text else "")
    return e.text


def csv_text(result: LineKpis, entries=()) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    w.writerows(_rows(result, entries))
    return buf.getvalue()


def write_csv(result: LineKpis, path: str | Path, entries=()) -> Path:
    p = Path(path)
    p.write_text(csv_text(result, entries), encoding="utf-8")
    return p


def write_pdf(result: LineKpis, path: str | Path, entries=(), title: str | None = None) -> Path:
    """One A4 page (more when the log is long): KPIs, target table, production, Pareto, shift log."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    p = Path(path)
    doc = SimpleDocTemplate(str(p), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title or f"Shift report {result.name}")
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
                       ("FONTSIZE", (0, 0), (-1, -1), 8.5), ("VALIGN", (0, 0), (-1, -1), "TOP")])

    def table(data, widths=None):
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(grid)
        return t

    esc = lambda s: str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    story = [Paragraph(esc(title or f"Shift report - {result.name}"), styles["Title"]),
             Paragraph(esc(f"Line {result.line}, {_hm(result.t0)} to {_hm(result.t1)}; line output: "
                           f"{result.output}; shifts: " + ", ".join(f"{r.name} {r.day}" for r in result.shifts)),
                       styles["Normal"]),
             Spacer(1, 4 * mm), Paragraph("Key performance indicators (ISO 22400)", styles["Heading2"])]
    kp = [["KPI", "Value"]]
    for name in KPI_ORDER:
        kp.append([KPI_LABELS[name], format_kpi(name, result.kpis.get(name), configured=result.trace_configured)])
    story.append(table(kp, [70 * mm, 50 * mm]))
    if result.targets:
        story += [Spacer(1, 3 * mm), Paragraph("Targets", styles["Heading2"])]
        tg = [["KPI", "Unit", "Baseline", "Target", "Weight", "Actual", "Achievement"]]
        for row in result.targets["rows"]:
            tg.append([KPI_LABELS.get(row["name"], row["name"]), row["unit"], f"{row['baseline']:g}",
                       f"{row['target']:g}", f"{row['weight']:g}",
                       "not defined" if row["actual"] is None else f"{row['actual']:.3g}",
                       "-" if row["achievement"] is None else f"{100 * row['achievement']:.0f} %"])
        wa = result.targets["weighted_achievement"]
        tg.append(["Weighted achievement", "", "", "", "", "", "-" if wa is None else f"{100 * wa:.0f} %"])
        story.append(table(tg))
    t = result.totals
    story += [Spacer(1, 3 * mm), Paragraph("Production", styles["Heading2"]),
              table([["Good", "Defects", "Outside PBT", "PBT h", "APT h", "Fault h", "Idle h", "No data h",
                      "Not recorded h", "Failures"],
                     [t.good, t.defects, t.outside_pbt, f"{t.pbt_s / 3600:.2f}", f"{t.apt_s / 3600:.2f}",
                      f"{t.fault_s / 3600:.2f}", f"{t.idle_s / 3600:.2f}", f"{t.unknown_s / 3600:.2f}",
                      f"{t.unobserved_s / 3600:.2f}", t.failures]])]
    story += [Spacer(1, 3 * mm), Paragraph("Downtime Pareto (all machines)", styles["Heading2"])]
    pr = [["Reason", "Minutes", "Share", "Cumulative"]]
    for row in result.pareto:
        pr.append([row["reason"], f"{row['seconds'] / 60:.1f}", f"{100 * (row['share'] or 0):.0f} %",
                   f"{100 * (row['cumulative'] or 0):.0f} %"])
    if len(pr) == 1:
        pr.append(["no downtime", "", "", ""])
    story.append(table(pr, [70 * mm, 25 * mm, 25 * mm, 25 * mm]))
    if result.planned:
        story.append(Paragraph(esc("Planned downtime booked by operators: " + ", ".join(
            f"{k} {v / 60:.0f} min" for k, v in sorted(result.planned.items()))), styles["Normal"]))
    story += [Spacer(1, 3 * mm), Paragraph("Machines", styles["Heading2"])]
    mt = [["Machine", "OEE", "Availability", "Performance", "Quality", "Good", "Defects", "MTBF", "MTTR"]]
    for eq, m in result.machines.items():
        k = m.kpis
        mt.append([m.name, format_kpi("oee", k["oee"]), format_kpi("availability", k["availability"]),
                   format_kpi("performance", k["performance"]), format_kpi("quality", k["quality"]),
                   m.totals.good, m.totals.defects, format_kpi("mtbf_h", k["mtbf_h"]), format_kpi("mttr_h", k["mttr_h"])])
    story.append(table(mt))
    story += [Spacer(1, 3 * mm), Paragraph("Shift log", styles["Heading2"])]
    lg = [["Time", "Kind", "Entry", "By"]]
    for e in entries:
        lg.append([_hm(e.ts), e.kind, Paragraph(esc(_entry_text(e)), styles["BodyText"]), e.user or ""])
    if len(lg) == 1:
        lg.append(["", "", "no entries", ""])
    story.append(table(lg, [30 * mm, 20 * mm, 110 * mm, 20 * mm]))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(esc(f"Generated {_hm(result.computed_at)} by Lineside. OEE = availability x performance "
                               "x quality (ISO 22400-2): APT/PBT, planned cycle time x produced / APT, good / "
                               "produced."), styles["Italic"]))
    doc.build(story)
    return p
