"""From what a device offers to a tag: the readings of raw Modbus registers, and the tag row of a browsed item.
Qt-free.

Modbus has no address space: the engineer reads a register range and must pick which reading is right.
:func:`register_readings` shows each register as int16 and uint16 and each pair from it as int32, uint32 and
float32 in all four word and byte orders (:data:`READINGS`), side by side, so that the one that looks right (a
temperature of 61.2, not 4.3e-41) is picked; :func:`tag_row_of` turns the pick, or a browsed OPC UA variable or
S7 word, into the tag sheet row that adds it (:meth:`hmi.plantfile.draft.PlantDraft.set_tag`).
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from typing import Any

from hmi.config import MODBUS_PROTOCOLS

__all__ = ["Reading", "READINGS", "register_readings", "tag_row_of", "tag_name_of"]


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read registers: the plant file's ``type``, ``word_order`` and ``byte_order``; ``label`` as the
    browse table's column says it (ABCD: the bytes as they come; CDAB: words swapped; BADC: bytes swapped in each
    word; DCBA: both)."""

    label: str
    type: str
    word_order: str = "big"
    byte_order: str = "big"
    words: int = 1


_ORDERS = (("ABCD", "big", "big"), ("CDAB", "little", "big"), ("BADC", "big", "little"), ("DCBA", "little", "little"))
#: every reading the browse table shows, in its column order
READINGS: tuple[Reading, ...] = (
    Reading("int16", "int16"), Reading("uint16", "uint16"),
    Reading("int16 BA", "int16", byte_order="little"),
    *(Reading(f"float32 {o}", "float32", w, b, 2) for o, w, b in _ORDERS),
    *(Reading(f"int32 {o}", "int32", w, b, 2) for o, w, b in _ORDERS),
    *(Reading(f"uint32 {o}", "uint32", w, b, 2) for o, w, b in _ORDERS),
)


def _decode(words: list[int], r: Reading) -> Any:
    ws = list(words[:r.words])
    if r.byte_order == "little":
        ws = [((w & 0xFF) << 8) | (w >> 8) for w in ws]
    if r.word_order == "little":
        ws = ws[::-1]
    raw = struct.pack(">" + "H" * len(ws), *ws)
    fmt = {"int16": ">h", "uint16": ">H", "int32": ">i", "uint32": ">I", "float32": ">f"}[r.type]
    return struct.unpack(fmt, raw)[0]


def register_readings(words: list[int]) -> list[dict[str, Any]]:
    """For each register of ``words`` (read in a row from one start address), every reading of
    :data:`READINGS` that starts there (a 32-bit reading needs the next register too: None on the last)."""
    out = []
    for i in range(len(words)):
        row: dict[str, Any] = {}
        for r in READINGS:
            row[r.label] = _decode(words[i:i + r.words], r) if i + r.words <= len(words) else None
        out.append(row)
    return out


def tag_name_of(text: str) -> str:
    """A valid tag name made of a browse name ("2:Tube Voltage" -> "tube_voltage", "holding_register 10" ->
    "holding_register_10")."""
    base = text.split(":", 1)[1] if re.match(r"^\d+:", text) else text
    base = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", base)
    name = re.sub(r"[^a-z0-9_]+", "_", base.lower()).strip("_")
    if not name or not name[0].isalpha():
        name = "tag_" + name
    return name[:60]


def tag_row_of(item, protocol: str, reading: Reading | None = None) -> dict[str, Any]:
    """The tag sheet row of a browsed ``item`` (:class:`~hmi.equipment.driver.BrowseItem`) on a device of
    ``protocol``; for Modbus registers, read as ``reading`` (default: the item's own type)."""
    if protocol in MODBUS_PROTOCOLS:
        table, _, addr = str(item.address).partition(" ")
        r = reading or Reading(item.type or "uint16", item.type or "uint16")
        row: dict[str, Any] = {"name": tag_name_of(f"{table.split('_')[0]}_{addr}"), "table": table,
                               "address": addr, "type": r.type}
        if r.word_order != "big":
            row["word_order"] = r.word_order
        if r.byte_order != "big":
            row["byte_order"] = r.byte_order
        return row
    row = {"name": tag_name_of(item.name or str(item.address)), "address": str(item.address),
           "type": item.type or "float32"}
    if item.description:
        row["description"] = str(item.description)[:200]
    return row
