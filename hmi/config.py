"""Plant configuration: one typed schema, loaded from TOML.

A plant has lines, a line has equipment, equipment has one connection and many tags.
Every error raised while loading is a :class:`ConfigError` whose message names the file,
the line in that file and the field (``plant.toml:42: lines[0].equipment[1].tags[3].type: ...``).

Qt-free.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TABLES = ("coil", "discrete_input", "input_register", "holding_register")
BIT_TABLES = ("coil", "discrete_input")
TYPES = ("bool", "int16", "uint16", "int32", "uint32", "float32", "float64", "string")
ORDERS = ("big", "little")
PROTOCOLS = ("modbus-tcp", "modbus-rtu")
PARITIES = ("N", "E", "O")
DEFAULT_SCAN_CLASSES = {"fast": 0.1, "normal": 1.0, "slow": 10.0}


class ConfigError(ValueError):
    """A configuration problem, located: ``file:line: field: reason``."""

    def __init__(self, file: str | Path, line: int | None, field_path: str, reason: str):
        self.file = str(file)
        self.line = line
        self.field = field_path
        self.reason = reason
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {field_path}: {reason}" if field_path else f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class ModbusTcp:
    host: str
    port: int = 502
    unit_id: int = 1
    timeout_s: float = 1.0
    retries: int = 0
    protocol: str = "modbus-tcp"


@dataclass(frozen=True, slots=True)
class ModbusRtu:
    serial_port: str
    baudrate: int = 19200
    parity: str = "E"
    stopbits: int = 1
    bytesize: int = 8
    unit_id: int = 1
    timeout_s: float = 1.0
    retries: int = 0
    protocol: str = "modbus-rtu"


Connection = ModbusTcp | ModbusRtu


@dataclass(frozen=True, slots=True)
class TagConfig:
    """One typed process value on one piece of equipment.

    ``key`` (``"<equipment id>.<tag name>"``) is the plant-wide identifier used by the historian,
    the alarm system and the UI.  Engineering value = raw * scale + offset.
    """

    name: str
    equipment_id: str
    table: str
    address: int
    type: str = "uint16"
    word_order: str = "big"
    byte_order: str = "big"
    length: int = 0  # registers, only for type="string"
    scale: float = 1.0
    offset: float = 0.0
    unit: str = ""
    normal_range: tuple[float, float] | None = None
    scan_class: str = "normal"
    deadband: float = 0.0
    writable: bool = False
    description: str = ""
    # raw alarm definitions; interpreted by hmi.alarms (kept verbatim here)
    alarms: tuple[dict[str, Any], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.equipment_id}.{self.name}"

    @property
    def register_count(self) -> int:
        """Registers (or bits) this tag spans in its table."""
        if self.table in BIT_TABLES or self.type == "bool":
            return 1
        return {"int16": 1, "uint16": 1, "int32": 2, "uint32": 2, "float32": 2, "float64": 4}.get(
            self.type, self.length
        )


@dataclass(frozen=True, slots=True)
class EquipmentConfig:
    id: str
    name: str
    kind: str
    line_id: str
    connection: Connection
    tags: tuple[TagConfig, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class LineConfig:
    id: str
    name: str
    equipment: tuple[EquipmentConfig, ...]


@dataclass(frozen=True, slots=True)
class HistorianConfig:
    retention_days: float = 90.0
    rollup_retention_days: float = 730.0
    batch_max_rows: int = 20000
    flush_interval_s: float = 0.5
    buffer_max_rows: int = 2_000_000


@dataclass(frozen=True, slots=True)
class PlantConfig:
    name: str
    lines: tuple[LineConfig, ...]
    scan_classes: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SCAN_CLASSES))
    historian: HistorianConfig = field(default_factory=HistorianConfig)
    source: str = ""

    @property
    def equipment(self) -> list[EquipmentConfig]:
        return [e for line in self.lines for e in line.equipment]

    @property
    def tags(self) -> list[TagConfig]:
        return [t for e in self.equipment for t in e.tags]

    def tag(self, key: str) -> TagConfig:
        for t in self.tags:
            if t.key == key:
                return t
        raise KeyError(key)

    def equipment_by_id(self, equipment_id: str) -> EquipmentConfig:
        for e in self.equipment:
            if e.id == equipment_id:
                return e
        raise KeyError(equipment_id)


# ----------------------------------------------------------------------------------- locating
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


class _Locator:
    """Maps a field path such as ``lines[0].equipment[1].tags[2].type`` to a line number.

    Works on the usual layout of a plant file: tables and arrays of tables as headers,
    one ``key = value`` a line.  Falls back to the nearest enclosing header.
    """

    def __init__(self, text: str):
        self.keys: dict[str, int] = {}
        counters: dict[str, int] = {}
        prefix = ""
        # path of each array-of-tables header, with indices resolved
        resolved: dict[str, str] = {}
        for lineno, raw in enumerate(text.splitlines(), start=1):
            m = _HEADER.match(raw)
            if m and not raw.strip().startswith("#"):
                is_array = m.group(1) == "[["
                parts = [p.strip().strip("\"'") for p in m.group(2).split(".")]
                path = ""
                for i, part in enumerate(parts):
                    plain = ".".join(parts[: i + 1])
                    if i == len(parts) - 1 and is_array:
                        counters[plain] = counters.get(plain, -1) + 1
                        # a new parent element resets deeper counters
                        for k in list(counters):
                            if k.startswith(plain + ".") :
                                del counters[k]
                        path = f"{path}.{part}[{counters[plain]}]" if path else f"{part}[{counters[plain]}]"
                        resolved[plain] = path
                    elif plain in resolved:
                        path = resolved[plain]
                    else:
                        path = f"{path}.{part}" if path else part
                prefix = path
                self.keys.setdefault(prefix, lineno)
                continue
            k = _KEY.match(raw)
            if k:
                full = f"{prefix}.{k.group(1)}" if prefix else k.group(1)
                self.keys.setdefault(full, lineno)

    def line(self, field_path: str) -> int | None:
        path = field_path
        while path:
            if path in self.keys:
                return self.keys[path]
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                break
            path = path[:cut]
        return self.keys.get(path)


# ----------------------------------------------------------------------------------- parsing
class _Reader:
    def __init__(self, file: str | Path, text: str):
        self.file = str(file)
        self.loc = _Locator(text)

    def error(self, path: str, reason: str) -> ConfigError:
        return ConfigError(self.file, self.loc.line(path), path, reason)

    def get(self, d: dict, key: str, path: str, kind: type | tuple, default: Any = ..., choices=None):
        full = f"{path}.{key}" if path else key
        if key not in d:
            if default is ...:
                return self._missing(full)
            return default
        value = d[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and bool not in kinds:
            raise self.error(full, f"expected {self._names(kinds)}, got {value!r}")
        if not isinstance(value, kinds):
            raise self.error(full, f"expected {self._names(kinds)}, got {type(value).__name__} {value!r}")
        if choices is not None and value not in choices:
            raise self.error(full, f"{value!r} is not one of {', '.join(map(str, choices))}")
        return value

    def _missing(self, full: str):
        raise self.error(full, "required field is missing")

    @staticmethod
    def _names(kinds) -> str:
        names = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
                 list: "an array", dict: "a table"}
        return " or ".join(names.get(k, k.__name__) for k in kinds)

    def unknown(self, d: dict, allowed: set[str], path: str) -> None:
        for key in d:
            if key not in allowed:
                full = f"{path}.{key}" if path else key
                raise self.error(full, f"unknown field (expected one of: {', '.join(sorted(allowed))})")


def _parse_duration(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*([0-9.]+)\s*(ms|s|min|h)?\s*", value)
        if m:
            n = float(m.group(1))
            return n * {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0, None: 1.0}[m.group(2)]
    return None


def _connection(r: _Reader, d: dict, path: str) -> Connection:
    proto = r.get(d, "protocol", path, str, choices=PROTOCOLS)
    common = {
        "unit_id": r.get(d, "unit_id", path, int, 1),
        "timeout_s": r.get(d, "timeout_s", path, float, 1.0),
        "retries": r.get(d, "retries", path, int, 0),
    }
    if not 0 <= common["unit_id"] <= 247:
        raise r.error(f"{path}.unit_id", f"{common['unit_id']} is outside 0..247")
    if common["timeout_s"] <= 0:
        raise r.error(f"{path}.timeout_s", "must be greater than 0")
    if proto == "modbus-tcp":
        r.unknown(d, {"protocol", "host", "port", "unit_id", "timeout_s", "retries"}, path)
        port = r.get(d, "port", path, int, 502)
        if not 1 <= port <= 65535:
            raise r.error(f"{path}.port", f"{port} is outside 1..65535")
        return ModbusTcp(host=r.get(d, "host", path, str), port=port, **common)
    r.unknown(d, {"protocol", "serial_port", "baudrate", "parity", "stopbits", "bytesize", "unit_id",
                  "timeout_s", "retries"}, path)
    return ModbusRtu(
        serial_port=r.get(d, "serial_port", path, str),
        baudrate=r.get(d, "baudrate", path, int, 19200),
        parity=r.get(d, "parity", path, str, "E", choices=PARITIES),
        stopbits=r.get(d, "stopbits", path, int, 1, choices=(1, 2)),
        bytesize=r.get(d, "bytesize", path, int, 8, choices=(7, 8)),
        **common,
    )


_TAG_FIELDS = {"name", "table", "address", "type", "word_order", "byte_order", "length", "scale", "offset",
               "unit", "normal_range", "scan_class", "deadband", "writable", "description", "alarms"}


def _tag(r: _Reader, d: dict, path: str, equipment_id: str, scan_classes: dict[str, float]) -> TagConfig:
    r.unknown(d, _TAG_FIELDS, path)
    name = r.get(d, "name", path, str)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise r.error(f"{path}.name", f"{name!r}: use letters, digits and _ (starting with a letter)")
    table = r.get(d, "table", path, str, choices=TABLES)
    address = r.get(d, "address", path, int)
    if not 0 <= address <= 65535:
        raise r.error(f"{path}.address", f"{address} is outside 0..65535")
    default_type = "bool" if table in BIT_TABLES else "uint16"
    typ = r.get(d, "type", path, str, default_type, choices=TYPES)
    if table in BIT_TABLES and typ != "bool":
        raise r.error(f"{path}.type", f"a {table} holds one bit: type must be bool, not {typ}")
    if table not in BIT_TABLES and typ == "bool":
        raise r.error(f"{path}.type", "bool lives in a coil or discrete_input; use uint16 for a register flag")
    length = r.get(d, "length", path, int, 0)
    if typ == "string" and not 1 <= length <= 123:
        raise r.error(f"{path}.length", "a string tag needs length = registers (1..123)")
    nr = r.get(d, "normal_range", path, list, None)
    normal_range = None
    if nr is not None:
        if len(nr) != 2 or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in nr):
            raise r.error(f"{path}.normal_range", "expected [low, high] numbers")
        if nr[0] >= nr[1]:
            raise r.error(f"{path}.normal_range", f"low {nr[0]} must be below high {nr[1]}")
        normal_range = (float(nr[0]), float(nr[1]))
    scan_class = r.get(d, "scan_class", path, str, "normal")
    if scan_class not in scan_classes:
        raise r.error(f"{path}.scan_class", f"{scan_class!r} is not a scan class "
                                            f"(defined: {', '.join(sorted(scan_classes))})")
    scale = r.get(d, "scale", path, float, 1.0)
    if scale == 0:
        raise r.error(f"{path}.scale", "must not be 0")
    deadband = r.get(d, "deadband", path, float, 0.0)
    if deadband < 0:
        raise r.error(f"{path}.deadband", "must not be negative")
    alarms = r.get(d, "alarms", path, list, [])
    for i, a in enumerate(alarms):
        if not isinstance(a, dict):
            raise r.error(f"{path}.alarms[{i}]", "expected a table")
    return TagConfig(
        name=name, equipment_id=equipment_id, table=table, address=address, type=typ,
        word_order=r.get(d, "word_order", path, str, "big", choices=ORDERS),
        byte_order=r.get(d, "byte_order", path, str, "big", choices=ORDERS),
        length=length, scale=scale, offset=r.get(d, "offset", path, float, 0.0),
        unit=r.get(d, "unit", path, str, ""), normal_range=normal_range, scan_class=scan_class,
        deadband=deadband, writable=r.get(d, "writable", path, bool, False),
        description=r.get(d, "description", path, str, ""), alarms=tuple(alarms),
    )


def parse_config(text: str, file: str | Path = "<config>") -> PlantConfig:
    """Parse and validate plant configuration text. Raises :class:`ConfigError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(file, int(m.group(1)) if m else None, "", f"TOML syntax: {exc}") from None
    r = _Reader(file, text)
    r.unknown(data, {"plant", "historian", "lines"}, "")
    plant = r.get(data, "plant", "", dict)
    r.unknown(plant, {"name", "scan_classes"}, "plant")
    scan_classes = dict(DEFAULT_SCAN_CLASSES)
    for k, v in r.get(plant, "scan_classes", "plant", dict, {}).items():
        seconds = _parse_duration(v)
        if seconds is None or seconds <= 0:
            raise r.error(f"plant.scan_classes.{k}", f"{v!r} is not a period (e.g. 0.1, \"100ms\", \"10s\")")
        scan_classes[k] = seconds

    hist = r.get(data, "historian", "", dict, {})
    r.unknown(hist, {"retention_days", "rollup_retention_days", "batch_max_rows", "flush_interval_s",
                     "buffer_max_rows"}, "historian")
    historian = HistorianConfig(
        retention_days=r.get(hist, "retention_days", "historian", float, 90.0),
        rollup_retention_days=r.get(hist, "rollup_retention_days", "historian", float, 730.0),
        batch_max_rows=r.get(hist, "batch_max_rows", "historian", int, 20000),
        flush_interval_s=r.get(hist, "flush_interval_s", "historian", float, 0.5),
        buffer_max_rows=r.get(hist, "buffer_max_rows", "historian", int, 2_000_000),
    )

    lines_raw = r.get(data, "lines", "", list)
    if not lines_raw:
        raise r.error("lines", "a plant needs at least one line")
    lines: list[LineConfig] = []
    seen_eq: set[str] = set()
    for li, ld in enumerate(lines_raw):
        lpath = f"lines[{li}]"
        r.unknown(ld, {"id", "name", "equipment"}, lpath)
        line_id = r.get(ld, "id", lpath, str)
        equipment: list[EquipmentConfig] = []
        for ei, ed in enumerate(r.get(ld, "equipment", lpath, list, [])):
            epath = f"{lpath}.equipment[{ei}]"
            r.unknown(ed, {"id", "name", "kind", "description", "connection", "tags"}, epath)
            eq_id = r.get(ed, "id", epath, str)
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", eq_id):
                raise r.error(f"{epath}.id", f"{eq_id!r}: use letters, digits, _ and -")
            if eq_id in seen_eq:
                raise r.error(f"{epath}.id", f"equipment id {eq_id!r} is used twice")
            seen_eq.add(eq_id)
            conn = _connection(r, r.get(ed, "connection", epath, dict), f"{epath}.connection")
            tags: list[TagConfig] = []
            names: set[str] = set()
            for ti, td in enumerate(r.get(ed, "tags", epath, list, [])):
                tpath = f"{epath}.tags[{ti}]"
                if not isinstance(td, dict):
                    raise r.error(tpath, "expected a table")
                tag = _tag(r, td, tpath, eq_id, scan_classes)
                if tag.name in names:
                    raise r.error(f"{tpath}.name", f"tag {tag.name!r} is used twice on {eq_id}")
                names.add(tag.name)
                tags.append(tag)
            equipment.append(EquipmentConfig(
                id=eq_id, name=r.get(ed, "name", epath, str, eq_id), kind=r.get(ed, "kind", epath, str, "generic"),
                line_id=line_id, connection=conn, tags=tuple(tags),
                description=r.get(ed, "description", epath, str, ""),
            ))
        lines.append(LineConfig(id=line_id, name=r.get(ld, "name", lpath, str, line_id), equipment=tuple(equipment)))
    return PlantConfig(name=r.get(plant, "name", "plant", str), lines=tuple(lines), scan_classes=scan_classes,
                       historian=historian, source=str(file))


def load_config(path: str | Path) -> PlantConfig:
    """Load a plant configuration file. Raises :class:`ConfigError` (also for a missing file)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(p, None, "", f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(p, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_config(text, p)


def demo_config_path() -> Path:
    """The demo plant shipped in resources/."""
    return Path(__file__).resolve().parent.parent / "resources" / "demo_plant.toml"


def with_port(cfg: PlantConfig, host: str, port: int) -> PlantConfig:
    """A copy of ``cfg`` whose Modbus-TCP equipment all point at ``host:port`` (demo, tests)."""
    from dataclasses import replace

    lines = []
    for line in cfg.lines:
        eqs = []
        for e in line.equipment:
            conn = replace(e.connection, host=host, port=port) if isinstance(e.connection, ModbusTcp) else e.connection
            eqs.append(replace(e, connection=conn))
        lines.append(replace(line, equipment=tuple(eqs)))
    return replace(cfg, lines=tuple(lines))
