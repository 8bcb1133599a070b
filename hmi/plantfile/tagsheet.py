"""Tag lists from a spreadsheet (CSV or XLSX), the form a PLC programmer hands over. Qt-free.

One row per tag; the first row names the columns (:data:`COLUMNS`, any order, case and spaces ignored, a few
usual aliases such as "Tag name" or "Data type" accepted).  Every row goes through the plant file's own
validation (:func:`hmi.config._tag`), so a sheet is held to exactly the rules of the file; every problem is
reported by row and column at once (:class:`SheetError`), and nothing is imported while any row is wrong.

Where a tag lives, in the ``address`` column, by the equipment's protocol:

* Modbus: a register number with the ``table`` column (``holding_register``, ``input_register``, ``coil``,
  ``discrete_input``; 0-based as on the wire), or a Modicon reference without it: 00001-09999 coils,
  10001-19999 discrete inputs, 30001-39999 input registers, 40001-49999 holding registers (1-based; six digits,
  400001, as well);
* Siemens S7: the S7 address (``DB10.DBD4``, ``MW20``, ``Q0.1``);
* OPC UA: the node id or browse path (``ns=2;s=Cabinet.State``).

Alarm limits (``lolo``, ``lo``, ``hi``, ``hihi``) become limit alarms (HIHI and LOLO priority 1, HI and LO 2, with
a message from the tag's name); ``normal_low`` / ``normal_high`` its normal range; ``write_min`` / ``write_max``
/ ``max_step`` its write limits.
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from hmi.config import MODBUS_PROTOCOLS, ConfigError, EquipmentConfig, TagConfig, _overlap, _Reader, _tag

__all__ = ["COLUMNS", "SheetError", "SheetProblem", "read_sheet", "row_tables", "tag_row", "tag_tables", "write_template"]

#: the columns a tag sheet may have, with what each holds (the template's second row says the same)
COLUMNS: dict[str, str] = {
    "name": "tag name: letters, digits and _ (bushing_temp)",
    "address": "Modbus register (with table) or Modicon 40001; S7 DB10.DBD4; OPC UA ns=2;s=Node",
    "table": "Modbus only: holding_register, input_register, coil, discrete_input",
    "type": "bool, int16, uint16, int32, uint32, float32, float64, string",
    "word_order": "Modbus 32/64-bit values: big (default) or little",
    "byte_order": "Modbus: big (default) or little",
    "length": "strings: registers (Modbus) or characters (S7)",
    "scale": "engineering = raw x scale + offset (default 1)",
    "offset": "(default 0)",
    "unit": "°C, bar, mm/s ...",
    "normal_low": "normal range, low end",
    "normal_high": "normal range, high end",
    "lolo": "LOLO alarm limit",
    "lo": "LO alarm limit",
    "hi": "HI alarm limit",
    "hihi": "HIHI alarm limit",
    "deadband": "change that counts as new (default 0)",
    "scan_class": "fast, normal (default), slow or one of the plant's",
    "writable": "yes / no (default no)",
    "write_min": "writable numbers: lowest value an operator may set",
    "write_max": "writable numbers: highest value an operator may set",
    "max_step": "writable numbers: largest change per write (optional)",
    "mode": "OPC UA only: subscribe (default) or poll",
    "description": "free text",
}
_ALIASES = {"tag": "name", "tagname": "name", "tag_name": "name", "datatype": "type", "data_type": "type",
            "register": "address", "node": "address", "nodeid": "address", "node_id": "address",
            "units": "unit", "eng_unit": "unit", "engineering_unit": "unit", "min": "normal_low", "max": "normal_high",
            "low": "normal_low", "high": "normal_high", "comment": "description", "scan": "scan_class",
            "scanclass": "scan_class", "rw": "writable", "write": "writable", "step": "max_step"}
_NUMBERS = {"scale", "offset", "normal_low", "normal_high", "lolo", "lo", "hi", "hihi", "deadband", "write_min",
            "write_max", "max_step"}
_INTEGERS = {"length"}
_ALARM_COLUMNS = (("lolo", "LOLO", 1), ("lo", "LO", 2), ("hi", "HI", 2), ("hihi", "HIHI", 1))
_TRUE = {"yes", "y", "true", "1", "x", "rw", "w"}
_FALSE = {"no", "n", "false", "0", "", "r", "ro"}
_MODICON = {0: "coil", 1: "discrete_input", 3: "input_register", 4: "holding_register"}


@dataclass(frozen=True, slots=True)
class SheetProblem:
    row: int  # 1-based, as the spreadsheet shows it (row 1 is the header)
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.reason}" if self.column else f"row {self.row}: {self.reason}"


class SheetError(ValueError):
    """Every problem of a sheet (nothing was imported)."""

    def __init__(self, file: str | Path, problems: list[SheetProblem]):
        self.file = str(file)
        self.problems = problems
        lines = [f"{self.file}: {len(problems)} problem{'s' if len(problems) != 1 else ''}, nothing imported"]
        lines += [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))


def _key(header: str) -> str:
    k = re.sub(r"[^a-z0-9]+", "_", str(header).strip().lower()).strip("_")
    return _ALIASES.get(k, _ALIASES.get(k.replace("_", ""), k))


def read_sheet(path: str | Path) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """(column keys, [(row number, {column key: cell})]) of a CSV (comma, semicolon or tab; UTF-8 with or
    without BOM) or XLSX file (its first sheet).  Empty rows and rows whose first cell starts with # are
    skipped."""
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(p, read_only=True, data_only=True)
        try:
            raw = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    elif p.suffix.lower() in (".csv", ".txt", ".tsv"):
        text = p.read_text(encoding="utf-8-sig")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        raw = [list(r) for r in csv.reader(text.splitlines(), dialect)]
    else:
        raise ValueError(f"{p.name}: a tag sheet is .csv or .xlsx")
    if not raw:
        raise SheetError(p, [SheetProblem(1, "", "the sheet is empty: the first row names the columns")])
    header = [_key(h) if h is not None else "" for h in raw[0]]
    rows = []
    for i, cells in enumerate(raw[1:], start=2):
        values = {h: c for h, c in zip(header, cells) if h and c is not None and str(c).strip() != ""}
        if not values:
            continue
        first = next((c for c in cells if c is not None and str(c).strip()), "")
        if str(first).strip().startswith("#"):
            continue
        rows.append((i, values))
    return header, rows


class _RowReader(_Reader):
    """The plant file's reader, its errors located at a sheet row and column."""

    def __init__(self, file: str, row: int, columns: dict[str, str]):
        super().__init__(file, "")
        self.row = row
        self.columns = columns  # field path (after "tag.") -> column

    def error(self, path: str, reason: str) -> ConfigError:
        field = path.split(".", 1)[1] if "." in path else path
        column = self.columns.get(field)
        if column is None:
            base = re.sub(r"\[\d+\]", "", field)
            column = self.columns.get(base) or self.columns.get(field.split(".")[0], field.split(".")[0])
        return ConfigError(self.file, self.row, column, reason)


def _number(v) -> float:
    if isinstance(v, bool):
        raise ValueError("expected a number")
    if isinstance(v, (int, float)):
        return float(v)
    text = str(v).strip().replace(",", ".") if str(v).count(",") == 1 and "." not in str(v) else str(v).strip()
    return float(text)


def _bool(v) -> bool:
    if isinstance(v, bool):
        return v
    t = str(v).strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise ValueError(f"{v!r}: expected yes or no")


def _modbus_where(values: dict, problems: list, row: int) -> dict:
    table = values.get("table")
    raw = values.get("address")
    if raw is None:
        problems.append(SheetProblem(row, "address", "required: the register number"))
        return {}
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
    if table is not None:
        try:
            return {"table": str(table).strip().lower(), "address": int(text)}
        except ValueError:
            problems.append(SheetProblem(row, "address", f"{raw!r}: a register number (0-based with a table)"))
            return {}
    if not re.fullmatch(r"\d{5,6}", text) or int(text[0]) not in _MODICON:
        problems.append(SheetProblem(row, "address", f"{raw!r}: give the table column, or a Modicon reference "
                                                     f"(40001 = holding register 0, 30001 = input register 0, "
                                                     f"10001 = discrete input 0, 00001 = coil 0)"))
        return {}
    n = int(text[1:])
    if n < 1:
        problems.append(SheetProblem(row, "address", f"{raw!r}: Modicon references count from 1"))
        return {}
    return {"table": _MODICON[int(text[0])], "address": n - 1}


def tag_tables(path: str | Path, equipment: EquipmentConfig, scan_classes: dict[str, float],
               existing: Iterable[TagConfig] = (), row_numbers: list[int] | None = None) -> list[dict[str, Any]]:
    """The plant-file tables (``[[lines.equipment.tags]]`` entries) of every row of the sheet, validated as the
    plant file validates them, for ``equipment`` (whose protocol says what ``address`` holds) beside its
    ``existing`` tags; ``row_numbers``, when given, receives the sheet row of each table.  Raises
    :class:`SheetError` with every problem when any row is wrong."""
    file = str(path)
    header, rows = read_sheet(path)
    problems: list[SheetProblem] = []
    for col in header:
        if col and col not in COLUMNS:
            problems.append(SheetProblem(1, col, f"unknown column (expected: {', '.join(COLUMNS)})"))
    if "name" not in header or "address" not in header:
        problems.append(SheetProblem(1, "", "the header needs at least the columns name and address"))
    if problems:
        raise SheetError(file, problems)
    out = row_tables(file, rows, equipment, scan_classes, existing)
    if row_numbers is not None:  # the sheet row each table came from (every row made one, or it raised)
        row_numbers[:] = [r for r, _v in rows]
    if not out:
        raise SheetError(file, [SheetProblem(2, "", "no tag rows under the header")])
    return out


def row_tables(file: str, rows: list[tuple[int, dict[str, Any]]], equipment: EquipmentConfig,
               scan_classes: dict[str, float], existing: Iterable[TagConfig] = ()) -> list[dict[str, Any]]:
    """The plant-file tables of ``rows`` (``[(row number, {column: value})]``, columns as in :data:`COLUMNS`):
    the tag sheet's rows, or the one row of the Devices page's tag form.  Raises :class:`SheetError` with every
    problem, by row and column, when any row is wrong."""
    protocol = equipment.connection.protocol
    modbus = protocol in MODBUS_PROTOCOLS
    problems: list[SheetProblem] = []
    accepted: list[TagConfig] = list(existing)
    names = {t.name: "the plant file" for t in accepted}
    out: list[dict[str, Any]] = []
    for row, values in rows:
        before = len(problems)
        d: dict[str, Any] = {}
        # a rule about a field the sheet spreads over columns is named at its first column
        columns = {"write_limits": "write_min", "normal_range": "normal_low", "alarms": "hi"}
        for col, v in values.items():
            try:
                if col in _NUMBERS:
                    values[col] = _number(v)
                elif col in _INTEGERS:
                    f = _number(v)
                    if not f.is_integer():
                        raise ValueError("expected a whole number")
                    values[col] = int(f)
                elif col == "writable":
                    values[col] = _bool(v)
                elif not isinstance(v, str):
                    values[col] = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
                else:
                    values[col] = v.strip()
            except ValueError as exc:
                problems.append(SheetProblem(row, col, f"{v!r}: {exc}" if str(v) not in str(exc) else str(exc)))
        if len(problems) > before:
            continue
        for col in ("name", "type", "word_order", "byte_order", "length", "scale", "offset", "unit", "scan_class",
                    "deadband", "writable", "description", "mode"):
            if col in values:
                d[col] = values[col]
                columns[col] = col
        if modbus:
            d.update(_modbus_where(values, problems, row))
            columns.update(table="table" if "table" in values else "address", address="address")
            for col in ("mode",):
                if col in values:
                    problems.append(SheetProblem(row, col, f"only for OPC UA tags ({equipment.id} is {protocol})"))
        else:
            for col in ("table", "word_order", "byte_order"):
                if col in values:
                    problems.append(SheetProblem(row, col, f"only for Modbus tags ({equipment.id} is {protocol})"))
            if "address" in values:
                d["node" if protocol == "opcua" else "address"] = str(values["address"])
            columns.update(node="address", address="address")
        if len(problems) > before:
            continue
        if "normal_low" in values or "normal_high" in values:
            d["normal_range"] = [values.get("normal_low", math.nan), values.get("normal_high", math.nan)]
            columns["normal_range"] = "normal_low" if "normal_low" in values else "normal_high"
            if "normal_low" not in values or "normal_high" not in values:
                problems.append(SheetProblem(row, columns["normal_range"], "give both normal_low and normal_high"))
                continue
        alarms = []
        for col, kind, priority in _ALARM_COLUMNS:
            if col in values:
                label = str(values.get("name", "")).replace("_", " ").capitalize()
                word = "very " if kind in ("HIHI", "LOLO") else ""
                alarms.append({"kind": kind, "limit": values[col], "priority": priority,
                               "message": f"{label} {word}{'high' if kind.startswith('HI') else 'low'}"})
                columns[f"alarms[{len(alarms) - 1}]"] = col
        if alarms:
            d["alarms"] = alarms
            columns["alarms"] = next(c for c, _k, _p in _ALARM_COLUMNS if c in values)
        if any(c in values for c in ("write_min", "write_max", "max_step")):
            wl = {k: values[c] for k, c in (("min", "write_min"), ("max", "write_max"), ("max_step", "max_step"))
                  if c in values}
            d["write_limits"] = wl
            columns.update({"write_limits": "write_min", "write_limits.min": "write_min",
                            "write_limits.max": "write_max", "write_limits.max_step": "max_step"})
        reader = _RowReader(file, row, columns)
        try:
            tag = _tag(reader, d, "tag", equipment.id, scan_classes, protocol)
            if tag.name in names:
                raise reader.error("tag.name", f"{tag.name!r} is already a tag of {equipment.id} "
                                               f"({names[tag.name]})")
            clash = _overlap(tag, accepted)
            if clash:
                raise reader.error("tag.node" if tag.node else "tag.address", clash)
        except ConfigError as exc:
            problems.append(SheetProblem(row, exc.field, exc.reason))
            continue
        accepted.append(tag)
        names[tag.name] = f"row {row}"
        order = ("name", "table", "address", "node", "type", "length", "word_order", "byte_order", "mode", "scale",
                 "offset", "unit", "normal_range", "deadband", "scan_class", "writable", "write_limits", "alarms",
                 "description")
        out.append({k: d[k] for k in order if k in d})
    if problems:
        raise SheetError(file, problems)
    return out


def tag_row(tag: TagConfig, protocol: str) -> dict[str, Any]:
    """The sheet row (columns of :data:`COLUMNS`) that stands for ``tag``: what the Devices page's tag form shows
    and a tag sheet would hold.  Only what the columns can say: limit alarms (LOLO/LO/HI/HIHI), not rate or state
    alarms, nor an alarm's message, delays or priority (the form keeps those of a tag it edits)."""
    row: dict[str, Any] = {"name": tag.name}
    if protocol in MODBUS_PROTOCOLS:
        row.update(table=tag.table, address=str(tag.address))
        if tag.word_order != "big":
            row["word_order"] = tag.word_order
        if tag.byte_order != "big":
            row["byte_order"] = tag.byte_order
    elif protocol == "opcua":
        row["address"] = tag.node
        if tag.mode and tag.mode != "subscribe":
            row["mode"] = tag.mode
    else:
        row["address"] = tag.s7_address
    row["type"] = tag.type
    if tag.length:
        row["length"] = tag.length
    for col, default in (("scale", 1.0), ("offset", 0.0), ("deadband", 0.0)):
        if getattr(tag, col) != default:
            row[col] = getattr(tag, col)
    for col in ("unit", "description"):
        if getattr(tag, col):
            row[col] = getattr(tag, col)
    if tag.scan_class != "normal":
        row["scan_class"] = tag.scan_class
    if tag.normal_range is not None:
        row["normal_low"], row["normal_high"] = tag.normal_range
    for col, kind, _p in _ALARM_COLUMNS:
        a = next((a for a in tag.alarms if a.kind == kind and a.limit is not None), None)
        if a is not None:
            row[col] = a.limit
    if tag.writable:
        row["writable"] = "yes"
    wl = tag.write_limits
    if wl is not None:
        for col, attr in (("write_min", "min"), ("write_max", "max"), ("max_step", "max_step")):
            if getattr(wl, attr, None) is not None:
                row[col] = getattr(wl, attr)
    return row


_EXAMPLES = {
    "modbus": [
        {"name": "bushing_temp", "address": "30001", "type": "float32", "unit": "°C", "normal_low": 30,
         "normal_high": 70, "hi": 80, "hihi": 95, "deadband": 0.1, "scan_class": "normal",
         "description": "Main-shaft bushing temperature"},
        {"name": "spm_setpoint", "address": "40011", "type": "uint16", "unit": "spm", "writable": "yes",
         "write_min": 0, "write_max": 40, "max_step": 5, "description": "Stroke-rate setpoint"},
    ],
    "s7": [
        {"name": "force_kn", "address": "DB10.DBD14", "type": "float32", "unit": "kN", "normal_low": 0,
         "normal_high": 400, "hi": 420, "description": "Press force"},
        {"name": "running", "address": "DB10.DBX0.0", "type": "bool", "description": "Machine running"},
    ],
    "opcua": [
        {"name": "state", "address": "ns=2;s=Cabinet.State", "type": "int16", "scan_class": "fast",
         "description": "Cabinet state"},
        {"name": "tube_voltage", "address": "ns=2;s=Cabinet.TubeKV", "type": "float32", "unit": "kV",
         "mode": "poll", "description": "Tube voltage"},
    ],
}


def write_template(path: str | Path, protocol: str = "modbus") -> Path:
    """A tag sheet with every column, a row saying what each holds (a # row, skipped on import) and two
    example rows for ``protocol`` (modbus, s7, opcua); .xlsx or .csv by the file's suffix."""
    p = Path(path)
    family = "modbus" if protocol in MODBUS_PROTOCOLS or protocol == "modbus" else protocol
    if family not in _EXAMPLES:
        raise ValueError(f"{protocol!r}: modbus, s7 or opcua")
    cols = [c for c in COLUMNS if not (family != "modbus" and c in ("table", "word_order", "byte_order"))
            and not (family != "opcua" and c == "mode")]
    help_row = ["# " + COLUMNS[cols[0]]] + [COLUMNS[c] for c in cols[1:]]
    rows = [[ex.get(c, "") for c in cols] for ex in _EXAMPLES[family]]
    if p.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = "tags"
        ws.append(cols)
        ws.append(help_row)
        for r in rows:
            ws.append(r)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for cell in ws[2]:
            cell.font = Font(italic=True, color="777777")
        ws.freeze_panes = "B2"
        wb.save(p)
    else:
        with p.open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            w.writerow(cols)
            w.writerow(help_row)
            w.writerows(rows)
    return p
