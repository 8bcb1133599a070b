"""A plant file being edited on screen: every change goes through the plant file's own validation. Qt-free.

    draft = PlantDraft(text, "plant.toml")
    draft.set_device("line1", {"id": "press2", "name": "Press 2", "kind": "press"},
                     {"protocol": "modbus-tcp", "host": "10.0.0.12", "port": 502, "unit_id": 1})
    draft.import_sheet("press2", "tags.xlsx")          # every row checked; all or nothing
    draft.set_tag("press2", None, {"name": "oil_temp", "address": "30001", "type": "float32", "hi": 70})
    draft.plant                                         # the PlantConfig the text loads to now
    draft.changes()                                     # what differs from the saved file

The draft holds the file's text (tomlkit keeps its comments, order and layout).  A change builds the new text,
loads it with :func:`hmi.config.parse_config` and only then takes it: a change the file would refuse raises
:class:`~hmi.config.ConfigError` (or a :class:`~hmi.plantfile.tagsheet.SheetError` naming rows and columns) and
leaves the draft as it was.  Tags are edited as the tag sheet's rows (:data:`~hmi.plantfile.tagsheet.COLUMNS`):
the Devices page's tag form and a sheet from the PLC programmer are held to the same rules.  What a row cannot
say (a rate or state alarm, an alarm's message, delays and priority, a setpoint's advice links) is kept when a
tag is edited.  :meth:`undo` steps back through the draft's own changes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from hmi.config import PlantConfig, parse_config
from hmi.plantfile.diff import Change, diff_plants
from hmi.plantfile.edit import tag_table
from hmi.plantfile.tagsheet import _ALARM_COLUMNS, row_tables, tag_row, tag_tables

__all__ = ["PlantDraft", "EMPTY_PLANT", "CONNECTION_FIELDS"]

#: the smallest plant file there is: a plant with one line and no device yet
EMPTY_PLANT = """\
# Lineside plant file: devices and tags are set up on the Devices page (or written here).
[plant]
name = "{name}"

[[lines]]
id = "line1"
name = "Line 1"
"""

#: the connection fields each protocol takes, in the order a form shows them (see README "Plant file")
CONNECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "modbus-tcp": ("host", "port", "unit_id", "timeout_s", "retries"),
    "modbus-rtu": ("serial_port", "baudrate", "parity", "stopbits", "bytesize", "unit_id", "timeout_s", "retries"),
    "opcua": ("endpoint", "security_policy", "security_mode", "username", "password_env", "timeout_s"),
    "s7": ("host", "port", "rack", "slot", "timeout_s"),
}
_DEVICE_FIELDS = ("id", "name", "kind", "description")


def _plain(v: Any) -> Any:
    """tomlkit items as plain Python values."""
    if hasattr(v, "unwrap"):
        return v.unwrap()
    return v


class PlantDraft:
    """The plant file's text as edited (see the module text).  ``file`` names the file in every error."""

    def __init__(self, text: str, file: str | Path = "<plant file>"):
        self.file = str(file)
        self.plant: PlantConfig = parse_config(text, self.file)
        self.text = text
        self.saved_text = text
        self.saved_plant = self.plant
        self._history: list[tuple[str, PlantConfig]] = []
        self._parsed = None  # (tomlkit document, the text it is): see _doc

    @classmethod
    def empty(cls, name: str = "New plant", file: str | Path = "<plant file>") -> "PlantDraft":
        return cls(EMPTY_PLANT.format(name=name.replace('"', "'")), file)

    # ------------------------------------------------------------------ state
    @property
    def dirty(self) -> bool:
        """The draft differs from the file as last saved."""
        return self.text != self.saved_text

    def changes(self) -> list[Change]:
        """What the draft changes against the saved file, field by field."""
        return diff_plants(self.saved_plant, self.plant)

    def mark_saved(self, file: str | Path | None = None) -> None:
        if file is not None:
            self.file = str(file)
        self.saved_text, self.saved_plant = self.text, self.plant

    def undo(self) -> bool:
        """Step back one change; False when there is none."""
        if not self._history:
            return False
        self.text, self.plant = self._history.pop()
        return True

    def replace_text(self, text: str) -> PlantConfig:
        """Take a whole new text (an edited file, a version from the database), checked like any change."""
        return self._take(text)

    # ------------------------------------------------------------------ reading
    def device_fields(self, equipment_id: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """(line id, device fields, connection fields) of a device, as a form shows them."""
        line, eq = self._find(self._doc(read_only=True), equipment_id)
        fields = {k: _plain(eq[k]) for k in _DEVICE_FIELDS if k in eq}
        return _plain(line["id"]), fields, {k: _plain(v) for k, v in eq["connection"].items()}

    def tag_form(self, equipment_id: str, name: str) -> dict[str, Any]:
        """The tag sheet row of one tag (what the tag form shows)."""
        eq = self.plant.equipment_by_id(equipment_id)
        tag = next((t for t in eq.tags if t.name == name), None)
        if tag is None:
            raise KeyError(f"{equipment_id} has no tag {name!r}")
        return tag_row(tag, eq.connection.protocol)

    # ------------------------------------------------------------------ changing
    def set_device(self, line_id: str, fields: dict[str, Any], connection: dict[str, Any], *,
                   replace: str | None = None, line_name: str | None = None) -> PlantConfig:
        """Add a device to line ``line_id`` (a new line when there is none of that id, named ``line_name``), or
        with ``replace`` change device ``replace`` (its tags stay; a new id renames their keys).  ``fields``:
        id, name, kind, description; ``connection``: protocol and its fields (:data:`CONNECTION_FIELDS`; empty
        values are left out, so the file's defaults hold)."""
        import tomlkit

        doc = self._doc()
        proto = connection.get("protocol", "")
        conn = tomlkit.table()
        conn["protocol"] = proto
        for k in CONNECTION_FIELDS.get(proto, ()):
            v = connection.get(k)
            if v is not None and v != "":
                conn[k] = v
        for k, v in connection.items():  # a field this form does not show (password, ...) is kept as it was
            if k not in conn and k != "protocol" and k not in CONNECTION_FIELDS.get(proto, ()) and v not in (None, ""):
                conn[k] = v
        if replace is not None:
            old_line, eq = self._find(doc, replace)
            if _plain(old_line["id"]) != line_id:
                raise ValueError(f"{replace} stays on line {_plain(old_line['id'])}: move a device by removing it "
                                 f"and adding it to the other line")
        else:
            line = next((ln for ln in doc.get("lines", []) if ln.get("id") == line_id), None)
            if line is None:
                line = tomlkit.table()
                line["id"] = line_id
                line["name"] = line_name or line_id
                doc.setdefault("lines", tomlkit.aot()).append(line)
            if "equipment" not in line:
                line["equipment"] = tomlkit.aot()
            eq = tomlkit.table()
            line["equipment"].append(eq)
        for k in _DEVICE_FIELDS:
            v = fields.get(k)
            if v is None or v == "":
                if k in eq and k in ("description",):
                    del eq[k]
                continue
            eq[k] = v
        if "connection" in eq:
            del eq["connection"]
        tags = eq.pop("tags", None) if "tags" in eq else None
        eq["connection"] = conn
        if tags is not None:
            eq["tags"] = tags
        if replace is not None and fields.get("id") and fields["id"] != replace:
            self._rename_references(doc, replace, fields["id"])
        return self._commit(doc)

    def remove_device(self, equipment_id: str) -> PlantConfig:
        """Remove a device and its tags (refused, naming the field, while an alarm, a KPI or a station still
        refers to it)."""
        doc = self._doc()
        line, eq = self._find(doc, equipment_id)
        aot = line["equipment"]
        for i, e in enumerate(aot):
            if e.get("id") == equipment_id:
                del aot[i]
                break
        return self._commit(doc)

    def set_tag(self, equipment_id: str, old_name: str | None, row: dict[str, Any]) -> PlantConfig:
        """Add a tag (``old_name`` None) or change tag ``old_name`` of a device, from a sheet row.  A row's
        problems raise :class:`~hmi.plantfile.tagsheet.SheetError` with row 1 and the row's column names."""
        eq_cfg = self.plant.equipment_by_id(equipment_id)
        others = [t for t in eq_cfg.tags if t.name != old_name]
        values = {k: v for k, v in row.items() if v is not None and str(v).strip() != ""}
        (table,) = row_tables("tag form", [(1, values)], eq_cfg, dict(self.plant.scan_classes), others)
        doc = self._doc()
        _line, eq = self._find(doc, equipment_id)
        if old_name is None:
            self._append_tags(eq, [table])
        else:
            aot = eq["tags"]
            i = next(i for i, t in enumerate(aot) if t.get("name") == old_name)
            kept = {k: _plain(v) for k, v in aot[i].items()}
            table = self._merge(kept, table)
            aot[i] = tag_table(table)
            if table["name"] != old_name:
                self._rename_references(doc, f"{equipment_id}.{old_name}", f"{equipment_id}.{table['name']}",
                                        tag=True)
        return self._commit(doc)

    def remove_tag(self, equipment_id: str, name: str) -> PlantConfig:
        doc = self._doc()
        _line, eq = self._find(doc, equipment_id)
        aot = eq.get("tags", [])
        for i, t in enumerate(aot):
            if t.get("name") == name:
                del aot[i]
                return self._commit(doc)
        raise KeyError(f"{equipment_id} has no tag {name!r}")

    def add_tags(self, equipment_id: str, tables: list[dict[str, Any]]) -> PlantConfig:
        """Append plant-file tag tables (as :func:`~hmi.plantfile.tagsheet.tag_tables` makes them)."""
        doc = self._doc()
        _line, eq = self._find(doc, equipment_id)
        self._append_tags(eq, tables)
        return self._commit(doc)

    def import_sheet(self, equipment_id: str, path: str | Path) -> list[dict[str, Any]]:
        """Import a CSV/XLSX tag sheet into a device: every row is checked against the file's rules and the
        device's tags; one wrong row imports nothing (:class:`~hmi.plantfile.tagsheet.SheetError`).  Returns
        the tables added."""
        eq = self.plant.equipment_by_id(equipment_id)
        tables = tag_tables(path, eq, dict(self.plant.scan_classes), eq.tags)
        self.add_tags(equipment_id, tables)
        return tables

    def set_scan_class(self, name: str, period_s: float | None) -> PlantConfig:
        """Add or change a scan class (its period in seconds), or remove it (None: refused while a tag uses it)."""
        import tomlkit

        doc = self._doc()
        plant = doc.setdefault("plant", tomlkit.table())
        if "scan_classes" not in plant:
            plant["scan_classes"] = tomlkit.table()
        sc = plant["scan_classes"]
        if period_s is None:
            if name in sc:
                del sc[name]
            users = [t.key for t in self.plant.tags if t.scan_class == name]
            if users:
                raise ValueError(f"scan class {name!r} is used by {', '.join(users[:5])}"
                                 f"{' ...' if len(users) > 5 else ''}")
        else:
            sc[name] = float(period_s)
        return self._commit(doc)

    # ------------------------------------------------------------------ inside
    def _doc(self, *, read_only: bool = False):
        """The tomlkit document of :attr:`text`.  Parsing one costs far more than changing it (a quarter of a second
        for 1,000 tags), so the document of the last change is kept; an edit takes it (a failed edit leaves it
        half-changed, so the next one parses the text again) and :meth:`_commit` keeps the new one."""
        import tomlkit

        cached = self._parsed
        if cached is not None and cached[1] is self.text:
            if not read_only:
                self._parsed = None
            return cached[0]
        doc = tomlkit.parse(self.text)
        if read_only:
            self._parsed = (doc, self.text)
        return doc

    def _commit(self, doc) -> PlantConfig:
        import tomlkit

        plant = self._take(tomlkit.dumps(doc))
        self._parsed = (doc, self.text)
        return plant

    def _take(self, text: str) -> PlantConfig:
        plant = parse_config(text, self.file)  # raises: the draft stays as it was
        self._history.append((self.text, self.plant))
        del self._history[:-100]
        self.text, self.plant = text, plant
        return plant

    def _find(self, doc, equipment_id: str):
        for line in doc.get("lines", []):
            for eq in line.get("equipment", []):
                if eq.get("id") == equipment_id:
                    return line, eq
        raise KeyError(f"no device {equipment_id!r} in {self.file}")

    def _append_tags(self, eq, tables) -> None:
        import tomlkit

        if "tags" not in eq:
            eq["tags"] = tomlkit.aot()
        for t in tables:
            eq["tags"].append(tag_table(t))

    @staticmethod
    def _merge(kept: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
        """The edited row's table over the tag's old one: what a row can say comes from the row (a column left
        empty removes it); what it cannot say stays.  A limit alarm keeps its message, priority, deadband and
        delays when only its limit changed."""
        row_fields = {"name", "table", "address", "node", "type", "length", "word_order", "byte_order", "mode",
                      "scale", "offset", "unit", "normal_range", "deadband", "scan_class", "writable",
                      "write_limits", "description"}
        out = {k: v for k, v in kept.items() if k not in row_fields and k != "alarms"}
        out.update({k: v for k, v in new.items() if k != "alarms"})
        limit_kinds = {kind for _c, kind, _p in _ALARM_COLUMNS}
        wanted = {a["kind"]: a for a in new.get("alarms", [])}
        alarms = []
        for o in kept.get("alarms", []):  # in the file's order: limits updated in place, dropped when emptied
            kind = str(o.get("kind", "")).upper()
            if kind not in limit_kinds or o.get("limit") is None:
                alarms.append(o)
            elif kind in wanted:
                alarms.append({**o, "limit": wanted.pop(kind)["limit"]})
        alarms += list(wanted.values())
        if alarms:
            out["alarms"] = alarms
        order = ["name", "table", "address", "node", "type", "length", "word_order", "byte_order", "mode", "scale",
                 "offset", "unit", "normal_range", "deadband", "scan_class", "writable", "write_limits"]
        return {**{k: out[k] for k in order if k in out}, **{k: v for k, v in out.items() if k not in order}}

    @staticmethod
    def _rename_references(doc, old: str, new: str, *, tag: bool = False) -> None:
        """Keep the file's references (alarm tags, suppression tags, KPI and station tag keys) pointing at a
        renamed device or tag: exact string values equal to the old key, or starting with ``old.`` for a
        device."""
        def renamed(v):
            return new + v[len(old):] if isinstance(v, str) and (v == old or (not tag and v.startswith(old + "."))) \
                else None

        def fix(node):
            slots = list(node.keys()) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else ()
            for k in slots:
                r = renamed(node[k])
                if r is not None:
                    node[k] = r
                else:
                    fix(node[k])

        for k in list(doc.keys()):
            if k != "plant":
                fix(doc[k])
