"""Changing a plant file without losing its comments, and saving it safely. Qt-free.

* :func:`add_tags` appends ``[[lines.equipment.tags]]`` tables to one device (tomlkit keeps the file's
  comments, order and layout); the result must load (:func:`hmi.config.parse_config`) or nothing changes.
* :func:`save_atomically` writes a checked text next to the file, flushes it to disk and renames it over the
  file, keeping the previous version as ``<name>.<YYYYmmdd-HHMMSS>.bak`` (a crash leaves the old file or the
  new one, never half of either).
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from hmi.config import PlantConfig, parse_config

__all__ = ["add_tags", "save_atomically", "tag_table", "with_connections_of"]


def add_tags(text: str, equipment_id: str, tags: list[dict[str, Any]], file: str = "<plant file>") -> tuple[str, PlantConfig]:
    """``text`` with ``tags`` appended to equipment ``equipment_id``, and the configuration it loads to.
    Raises ``KeyError`` for an unknown equipment, :class:`~hmi.config.ConfigError` when the result does not
    load (nothing is changed then)."""
    import tomlkit

    doc = tomlkit.parse(text)
    target = None
    for line in doc.get("lines", []):
        for eq in line.get("equipment", []):
            if eq.get("id") == equipment_id:
                target = eq
    if target is None:
        raise KeyError(f"no equipment {equipment_id!r} in {file}")
    if "tags" not in target:
        target["tags"] = tomlkit.aot()
    for t in tags:
        target["tags"].append(tag_table(t))
    out = tomlkit.dumps(doc)
    plant = parse_config(out, file)
    return out, plant


def tag_table(t: dict[str, Any]):
    """A ``[[lines.equipment.tags]]`` table as the file writes it: alarms one inline table a line, write limits
    and other tables inline."""
    import tomlkit

    table = tomlkit.table()
    for k, v in t.items():
        if k == "alarms":
            arr = tomlkit.array()
            for a in v:
                it = tomlkit.inline_table()
                it.update(a)
                arr.append(it)
            arr.multiline(len(v) > 1)
            table[k] = arr
        elif isinstance(v, dict):
            it = tomlkit.inline_table()
            it.update(v)
            table[k] = it
        else:
            table[k] = v
    table.add(tomlkit.nl())
    return table


def save_atomically(path: str | Path, text: str, *, backup: bool = True) -> Path | None:
    """Check ``text`` loads, then replace ``path`` with it atomically; returns the backup of the previous
    version (None when there was none or ``backup`` is off)."""
    p = Path(path)
    parse_config(text, p)
    kept = None
    if backup and p.exists():
        kept = p.with_name(f"{p.name}.{time.strftime('%Y%m%d-%H%M%S')}.bak")
        n = 1
        while kept.exists():
            kept = p.with_name(f"{p.name}.{time.strftime('%Y%m%d-%H%M%S')}-{n}.bak")
            n += 1
        kept.write_bytes(p.read_bytes())
    tmp = p.with_name(f".{p.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, p)
    return kept


def with_connections_of(text: str, plant: PlantConfig, file: str = "<plant file>") -> str:
    """``text`` with every device's connection fields set to those of the same device in ``plant`` (a plant
    whose devices were pointed elsewhere, as the demo points its devices at the simulator's ports): the text that
    loads to ``plant``.  Comments and layout stay."""
    import dataclasses

    import tomlkit

    doc = tomlkit.parse(text)
    conns = {e.id: e.connection for e in plant.equipment}
    for line in doc.get("lines", []):
        for eq in line.get("equipment", []):
            conn = conns.get(eq.get("id"))
            if conn is None or "connection" not in eq:
                continue
            table = eq["connection"]
            for f in dataclasses.fields(conn):
                v = getattr(conn, f.name)
                if f.name in table and table[f.name] != v:
                    table[f.name] = v
                elif f.name not in table and v != f.default and f.name != "protocol":
                    table[f.name] = v
    out = tomlkit.dumps(doc)
    parse_config(out, file)
    return out
