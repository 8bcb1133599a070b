"""Plant configuration: one typed schema, loaded from TOML.

A plant has lines, a line has equipment, equipment has one connection and many tags.
Every error raised while loading is a :class:`ConfigError` whose message names the file,
the line in that file and the field (``plant.toml:42: lines[0].equipment[1].tags[3].type: ...``).

Qt-free.
"""
from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hmi.messages import QT_TRANSLATE_NOOP

TABLES = ("coil", "discrete_input", "input_register", "holding_register")
BIT_TABLES = ("coil", "discrete_input")
TYPES = ("bool", "int16", "uint16", "int32", "uint32", "float32", "float64", "string")
ORDERS = ("big", "little")
PROTOCOLS = ("modbus-tcp", "modbus-rtu", "opcua", "s7")
MODBUS_PROTOCOLS = ("modbus-tcp", "modbus-rtu")
#: OPC UA security: the policies and message modes Lineside speaks (``None`` only with ``None``)
OPCUA_POLICIES = ("None", "Basic256Sha256")
OPCUA_MODES = ("None", "Sign", "SignAndEncrypt")
#: how an OPC UA tag is acquired: a monitored item in a subscription (sampling at its scan class's period,
#: the tag's deadband as the server's absolute deadband), or read every scan-class period
OPCUA_TAG_MODES = ("subscribe", "poll")
#: Siemens S7 memory areas: data blocks, merkers (flags), process inputs and outputs
S7_AREAS = ("DB", "M", "I", "Q")
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


@dataclass(frozen=True, slots=True)
class OpcUa:
    """An OPC UA server.  ``password_env`` names an environment variable holding the password (kept out of
    the plant file); ``password`` is the fallback for a station where that cannot be arranged."""

    endpoint: str
    security_policy: str = "None"
    security_mode: str = "None"
    username: str = ""
    password: str = ""
    password_env: str = ""
    timeout_s: float = 2.0
    protocol: str = "opcua"

    @property
    def secured(self) -> bool:
        return self.security_policy != "None"

    def resolved_password(self) -> str:
        return os.environ.get(self.password_env, "") if self.password_env else self.password


@dataclass(frozen=True, slots=True)
class S7:
    """A Siemens S7 PLC over ISO-on-TCP (rack and slot as in the hardware configuration: S7-1200/1500 are
    rack 0, slot 1; S7-300 is rack 0, slot 2)."""

    host: str
    port: int = 102
    rack: int = 0
    slot: int = 1
    timeout_s: float = 1.0
    protocol: str = "s7"


Connection = ModbusTcp | ModbusRtu | OpcUa | S7


ALARM_KINDS = ("HI", "HIHI", "LO", "LOLO", "ROC", "DIGITAL")
LIMIT_KINDS = ("HI", "HIHI", "LO", "LOLO")
ROC_DIRECTIONS = ("rise", "fall", "both")
PRIORITIES = (1, 2, 3, 4)  # 1 urgent .. 4 low


@dataclass(frozen=True, slots=True)
class SuppressionConfig:
    """Suppression by design: the alarm is SUPPRESSED while tag ``tag`` (a full tag key) equals
    ``equals`` (e.g. ``{ tag = "state", equals = 0 }``: suppressed while the machine is idle)."""

    tag: str
    equals: float | int | bool


@dataclass(frozen=True, slots=True)
class AlarmConfig:
    """One alarm definition on one tag (ISA-18.2), typed and validated.

    kind        HI / HIHI (value >= limit), LO / LOLO (value <= limit), ROC (|rate| >= rate_per_min
                over window_s, in ``direction``), DIGITAL (value == state).
    deadband    hysteresis in engineering units (ROC: in units per minute): a HI alarm clears
                below ``limit - deadband``, a LO alarm above ``limit + deadband``.
    on_delay_s  the condition must hold this long before the alarm is raised.
    off_delay_s the condition must be gone this long before the alarm clears.
    priority    1 (urgent) .. 4 (low).
    latching    stays annunciated after the condition clears until acknowledged AND reset.
    name        suffix of the alarm id (default: the kind in lower case); needed only when a tag
                has two alarms of the same kind.
    """

    kind: str
    tag: str  # full tag key "<equipment>.<tag>"
    priority: int = 3
    limit: float | None = None
    deadband: float = 0.0
    on_delay_s: float = 0.0
    off_delay_s: float = 0.0
    rate_per_min: float | None = None
    window_s: float = 60.0
    direction: str = "both"
    state: int | bool | None = None
    message: str = ""
    cause: str = ""
    action: str = ""
    latching: bool = False
    suppressed_by_design: SuppressionConfig | None = None
    name: str = ""

    @property
    def id(self) -> str:
        """Plant-wide alarm id, ``"<equipment>.<tag>.<name or kind>"`` (e.g. ``press1.bushing_temp.hi``)."""
        return f"{self.tag}.{self.name or self.kind.lower()}"

    @property
    def equipment_id(self) -> str:
        return self.tag.split(".", 1)[0]


#: the default message of a communication-failure alarm (``{0}``: the equipment's name)
COMM_FAILURE = QT_TRANSLATE_NOOP("Alarms", "Communication failure: {0}")


@dataclass(frozen=True, slots=True)
class CommAlarmConfig:
    """The automatic communication-failure alarm of one piece of equipment (``<equipment>.comm``):
    raised when its tags go COMM_FAIL.  ``enabled = false`` turns it off."""

    enabled: bool = True
    priority: int = 2
    on_delay_s: float = 0.0
    message: str = ""
    cause: str = QT_TRANSLATE_NOOP("Alarms", "No answer from the controller: network, power or controller fault")
    action: str = QT_TRANSLATE_NOOP("Alarms", "Check the controller, its power and network cable; call maintenance")


@dataclass(frozen=True, slots=True)
class WriteLimits:
    """What an operator may set on a writable numeric tag, in engineering units: ``min`` .. ``max``, and at most
    ``max_step`` away from the value read before the write (None: no step limit).  Every write from the station
    is checked against them (:meth:`hmi.equipment.poller.Poller.write`); a write outside is refused with the
    reason and audited."""

    min: float
    max: float
    max_step: float | None = None

    def check(self, value: float, current: float | None = None) -> str | None:
        """Why ``value`` may not be written (None: it may)."""
        if not self.min <= value <= self.max:
            return f"{value:g} is outside the write limits {self.min:g} .. {self.max:g}"
        if self.max_step is not None and current is not None and math.isfinite(current) \
                and abs(value - current) > self.max_step + 1e-9:
            return (f"{value:g} is {abs(value - current):g} away from the current {current:g}; "
                    f"at most {self.max_step:g} per write")
        return None


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
    # alarm definitions (typed, validated); evaluated by hmi.alarms
    alarms: tuple[AlarmConfig, ...] = ()
    # what an operator may set (writable numeric tags; required there, see WriteLimits)
    write_limits: WriteLimits | None = None
    #: False: a writable tag that only Lineside itself writes (an inspection station's verdict and sequence
    #: number): never offered as a setpoint, and a setpoint write to it is refused
    operator_setpoint: bool = True
    #: the writable tag (same equipment) whose change moves this value, for the forecast's advice ("raise the
    #: furnace setpoint by 8 °C"), and how much this value moves per unit of it once settled
    setpoint: str | None = None
    setpoint_gain: float = 1.0
    #: OPC UA: the node (a NodeId such as ``ns=2;s=Cabinet.State`` or a browse path such as
    #: ``Objects/2:Cabinet/2:State``) and how it is acquired (:data:`OPCUA_TAG_MODES`)
    node: str = ""
    mode: str = ""
    #: Siemens S7: the area (:data:`S7_AREAS`), the data block number (DB only), the byte offset is ``address``
    #: and ``bit`` the bit of a BOOL; ``s7_address`` keeps the plant file's spelling ("DB10.DBX4.1")
    area: str = ""
    db: int = 0
    bit: int = 0
    s7_address: str = ""

    @property
    def protocol_address(self) -> str:
        """Where the value lives, as the plant file spells it (for messages and the Devices list)."""
        if self.node:
            return self.node
        if self.area:
            return self.s7_address
        return f"{self.table} {self.address}"

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
    comm_alarm: CommAlarmConfig = field(default_factory=CommAlarmConfig)


# ----------------------------------------------------------------------------------- KPI (issue #7)
#: KPI names a target may refer to (see hmi.kpi.oee and hmi.kpi.service).
KPI_NAMES = ("availability", "performance", "quality", "oee", "units_per_hour", "good_per_hour",
             "defects_per_hour", "defect_rate", "man_hours_per_unit", "mtbf_h", "mttr_h", "return_rate",
             "trace_coverage")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class KpiShiftConfig:
    """One shift of the daily pattern: local "HH:MM" start and end (end <= start: crosses midnight),
    crew size, breaks as ("HH:MM", "HH:MM") pairs."""

    name: str
    start: str
    end: str
    crew: int = 1
    breaks: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class KpiMachineConfig:
    """Where one machine's production signals are: tag names on ``equipment`` and the planned
    (ideal) cycle time per part; ``modulus`` of the counters comes from their tag type.
    ``planned_rate_tag``: a tag holding the planned rate in parts per minute (a stroke-rate setpoint);
    while it holds a good value above 0 the planned cycle time is 60 / rate, else ``planned_cycle_s``."""

    equipment: str
    planned_cycle_s: float
    state_tag: str = "state"
    good_tag: str = "good_count"
    defect_tag: str = "defect_count"
    counter_modulus: int | None = None
    planned_rate_tag: str | None = None


@dataclass(frozen=True, slots=True)
class KpiReasonConfig:
    """A downtime reason code the operator picks; ``planned`` stops count as planned downtime (out of
    planned busy time, so they do not lower availability)."""

    code: str
    planned: bool = False


@dataclass(frozen=True, slots=True)
class KpiTargetConfig:
    """One row of a line's KPI table. ``scale`` converts the computed KPI into ``unit`` (default 100
    when the unit starts with "%", else 1; e.g. 1000 for "h/1000 units")."""

    kpi: str
    unit: str
    baseline: float
    target: float
    weight: float
    direction: str = "higher"
    scale: float = 1.0


@dataclass(frozen=True, slots=True)
class LineKpiConfig:
    """Production accounting of one line: schedule, machines, reasons and the KPI target table.
    ``output``: the machine whose good parts are the line's output (the line's KPIs are its KPIs;
    the Pareto covers every machine). ``timezone``: IANA name or "local"."""

    output: str
    machines: tuple[KpiMachineConfig, ...]
    shifts: tuple[KpiShiftConfig, ...]
    timezone: str = "local"
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    reasons: tuple[KpiReasonConfig, ...] = ()
    targets: tuple[KpiTargetConfig, ...] = ()
    planned_downtime: tuple[tuple[float, float], ...] = ()
    max_gap_s: float = 30.0

    def machine(self, equipment_id: str) -> KpiMachineConfig:
        for m in self.machines:
            if m.equipment == equipment_id:
                return m
        raise KeyError(equipment_id)


@dataclass(frozen=True, slots=True)
class LineConfig:
    id: str
    name: str
    equipment: tuple[EquipmentConfig, ...]
    kpi: LineKpiConfig | None = None


@dataclass(frozen=True, slots=True)
class HistorianConfig:
    """``[historian]``: ``retention_days`` of samples (raw, then compressed after ``compress_after_days``), and of
    the minute, hour and day rollups; the writer's batching and buffer (see README "Historian tiers")."""

    retention_days: float = 90.0
    rollup_retention_days: float = 730.0
    compress_after_days: float = 7.0
    hour_rollup_retention_days: float = 3650.0
    day_rollup_retention_days: float = 36500.0
    batch_max_rows: int = 20000
    flush_interval_s: float = 0.5
    buffer_max_rows: int = 2_000_000


@dataclass(frozen=True, slots=True)
class SecurityConfig:
    """``[security]``: the station's log-in rules (see README "Security").  ``min_password_len`` characters
    at least; PINs of ``min_pin_len`` to 8 digits; ``lockout_after`` failed log-ins within a day lock an
    account for ``lockout_minutes``; an idle session logs out after ``idle_logout_minutes``."""

    min_password_len: int = 8
    min_pin_len: int = 4
    lockout_after: int = 10
    lockout_minutes: float = 15.0
    idle_logout_minutes: float = 10.0


#: check-digit schemes a plant's serials may carry (last character), see :mod:`hmi.trace.serials`
CHECK_DIGITS = ("none", "luhn", "iso7064-mod37-36")


@dataclass(frozen=True, slots=True)
class TraceStationConfig:
    """A station that records part steps from PLC tags (``[[trace.stations]]``; tag names are on
    ``equipment``).  A change of ``trigger`` (part-done counter or toggle bit) means a part finished;
    ``serial`` holds its marked serial.  The step starts ``duration`` seconds (tag) before the
    trigger, else at the previous trigger.  ``parameters`` are snapshotted from the historian."""

    id: str
    equipment: str
    step: str
    trigger: str
    serial: str
    result: str | None = None
    lot: str | None = None
    lot_kind: str = "lot"
    duration: str | None = None
    parameters: tuple[str, ...] = ()
    product: str | None = None


@dataclass(frozen=True, slots=True)
class TraceConfig:
    """Traceability (``[trace]``): the plant's serial format and its recording stations."""

    serial_pattern: str | None = None
    check_digit: str = "none"
    stations: tuple[TraceStationConfig, ...] = ()


#: image files an inspection station watches for by default
INSPECTION_PATTERNS = ("*.png", "*.tif", "*.tiff", "*.jpg", "*.jpeg", "*.bmp", "*.pgm", "*.dcm")
#: where an inspection station takes a part's serial from
SERIAL_SOURCES = ("file", "tag", "mark", "none")


@dataclass(frozen=True, slots=True)
class InspectionStationConfig:
    """An AI inspection station on the line (``[[inspection]]``): the X-ray machine or camera writes one image
    file per part into ``folder``; Lineside inspects each, records it for review and writes the verdict to the
    PLC (``verdict_tag``: :data:`hmi.inspection.line.VERDICT_CODES`, then ``sequence_tag`` + 1) so that a reject
    gate or robot acts on it.  Relative paths (``folder``, ``archive``, ``model``) are inside the station's data
    folder; ``archive`` defaults to ``<folder>-archive``.

    ``serial``: ``"file"`` (the ``serial_pattern`` regex on the file name, group ``serial`` or the whole match),
    ``"tag"`` (the value of ``serial_tag`` latched when ``trigger_tag`` changes, the part-done counter or bit;
    images take the latched serials in order; without a trigger, the value when the file arrives), ``"mark"``
    (the DataMatrix mark in the image) or ``"none"``.  With a trigger every part is accounted for: a trigger
    that gets no image within ``verdict_within_s`` is recorded as a part not inspected.  ``verdict_within_s``: the gate's budget from the file's arrival; a verdict that could not be
    given in time is not written (it would reach the next part) and the part is recorded as not inspected.
    ``archive`` keeps processed files ``archive_days`` days.  ``camera`` (a device index such as ``"0"``, a
    stream URL or a video file): instead of a machine's files, one frame per ``trigger_tag`` change is taken
    into ``folder`` (:class:`hmi.inspection.camera.CameraSource`)."""

    id: str
    name: str
    folder: str
    patterns: tuple[str, ...] = INSPECTION_PATTERNS
    serial: str = "file"
    serial_pattern: str | None = None
    serial_tag: str | None = None
    trigger_tag: str | None = None
    camera: str | None = None
    verdict_tag: str | None = None
    sequence_tag: str | None = None
    archive: str = ""
    archive_days: float = 30.0
    settle_s: float = 0.3
    verdict_within_s: float = 10.0
    max_backlog: int = 32
    model: str | None = None


@dataclass(frozen=True, slots=True)
class PlantConfig:
    name: str
    lines: tuple[LineConfig, ...]
    scan_classes: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SCAN_CLASSES))
    historian: HistorianConfig = field(default_factory=HistorianConfig)
    source: str = ""
    security: SecurityConfig = field(default_factory=SecurityConfig)
    trace: TraceConfig = field(default_factory=TraceConfig)
    #: language code -> {English text as written in this file (names, messages, units, shift names...): its
    #: translation}; from the ``[translations.<code>]`` tables (see :func:`_translations`)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    #: AI inspection stations on the line (``[[inspection]]``)
    inspection: tuple[InspectionStationConfig, ...] = ()

    @property
    def equipment(self) -> list[EquipmentConfig]:
        return [e for line in self.lines for e in line.equipment]

    @property
    def tags(self) -> list[TagConfig]:
        return [t for e in self.equipment for t in e.tags]

    @property
    def alarms(self) -> list[AlarmConfig]:
        """Every process alarm definition of the plant (communication alarms: ``equipment[i].comm_alarm``)."""
        return [a for t in self.tags for a in t.alarms]

    def tag(self, key: str) -> TagConfig:
        for t in self.tags:
            if t.key == key:
                return t
        raise KeyError(key)

    def line(self, line_id: str) -> LineConfig:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)

    def source_names(self) -> dict[str, str]:
        """Display name of everything an alarm can come from: each machine and each inspection station, by id."""
        return {**{s.id: s.name for s in self.inspection}, **{e.id: e.name for e in self.equipment}}

    def equipment_by_id(self, equipment_id: str) -> EquipmentConfig:
        for e in self.equipment:
            if e.id == equipment_id:
                return e
        raise KeyError(equipment_id)


# ----------------------------------------------------------------------------------- locating
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)\s*=")  # bare or quoted key


class _Locator:
    """Maps a field path such as ``lines[0].equipment[1].tags[2].type`` to a line number.

    Works on the usual layout of a plant file: tables and arrays of tables as headers,
    one ``key = value`` a line.  Inline tables and arrays (also spread over several lines, such as
    ``alarms = [ {...}, {...} ]`` with one inline table a line) are followed too, so that
    ``...tags[0].alarms[1].limit`` finds the line of the second alarm.
    Falls back to the nearest enclosing header.
    """

    def __init__(self, text: str):
        self.keys: dict[str, int] = {}
        counters: dict[str, int] = {}
        prefix = ""
        # path of each array-of-tables header, with indices resolved
        resolved: dict[str, str] = {}
        scan: _InlineScanner | None = None
        for lineno, raw in enumerate(text.splitlines(), start=1):
            if scan is not None:  # inside a multi-line inline array / table
                scan.feed(raw, lineno)
                if scan.done:
                    scan = None
                continue
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
                key = k.group(1).strip("\"'")
                full = f"{prefix}.{key}" if prefix else key
                self.keys.setdefault(full, lineno)
                rest = raw[k.end():].lstrip()
                if rest[:1] in ("[", "{"):
                    scan = _InlineScanner(full, self.keys)
                    scan.feed(rest, lineno)
                    if scan.done:
                        scan = None

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


_BARE_KEY = re.compile(r"[A-Za-z0-9_\-]+")


class _InlineScanner:
    """Follows one inline value (``[...]`` / ``{...}``, possibly over several lines) and records the
    line of every element (``base[i]``) and inline-table key (``base[i].key``) in ``keys``."""

    def __init__(self, base: str, keys: dict[str, int]):
        self.keys = keys
        # stack of [kind, path, next index]; ``pending`` is the path the next value belongs to
        self.stack: list[list] = []
        self.pending = base
        self.done = False

    def _value_start(self, lineno: int) -> str:
        top = self.stack[-1] if self.stack else None
        if top is not None and top[0] == "[":
            path = f"{top[1]}[{top[2]}]"
            top[2] += 1
            self.keys.setdefault(path, lineno)
            return path
        return self.pending

    def feed(self, line: str, lineno: int) -> None:
        i, n = 0, len(line)
        expect_value = not self.stack  # the first char of the value itself
        while i < n and not self.done:
            c = line[i]
            top = self.stack[-1] if self.stack else None
            if c in " \t,":
                i += 1
                continue
            if c == "#":
                return
            if c in "[{":
                path = self._value_start(lineno) if not expect_value else self.pending
                expect_value = False
                self.stack.append([c, path, 0])
                i += 1
                continue
            if c in "]}":
                self.stack.pop()
                i += 1
                if not self.stack:
                    self.done = True
                continue
            if top is not None and top[0] == "{":
                m = _BARE_KEY.match(line, i)
                if m and line[m.end():].lstrip().startswith("="):
                    key_path = f"{top[1]}.{m.group(0)}"
                    self.keys.setdefault(key_path, lineno)
                    self.pending = key_path
                    i = line.index("=", m.end()) + 1
                    expect_value = True
                    continue
            # a scalar value: skip it (strings may hold brackets)
            if top is not None and top[0] == "[" and not expect_value:
                self._value_start(lineno)
            expect_value = False
            if c in "\"'":
                j = i + 1
                while j < n and line[j] != c:
                    j += 2 if (c == '"' and line[j] == "\\") else 1
                i = j + 1
            else:
                while i < n and line[i] not in ",]}#":
                    i += 1
        if not self.stack:
            self.done = True


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
        if isinstance(value, float) and not math.isfinite(value):
            raise self.error(full, f"{value!r} is not a finite number")
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

    def tables(self, d: dict, key: str, path: str, allowed: set[str], example: str, default: Any = ...):
        """``(path of the entry, table)`` for each entry of the array of tables ``d[key]``; an entry that
        is not a table (``example`` shows one) or holds an unknown field is an error at its path."""
        for i, td in enumerate(self.get(d, key, path, list, default)):
            tp = f"{path}.{key}[{i}]" if path else f"{key}[{i}]"
            if not isinstance(td, dict):
                raise self.error(tp, f"expected a table such as {example}" if example else "expected a table")
            self.unknown(td, allowed, tp)
            yield tp, td

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
    if proto == "opcua":
        return _opcua_connection(r, d, path)
    if proto == "s7":
        return _s7_connection(r, d, path)
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
        host = r.get(d, "host", path, str)
        if not host.strip():
            raise r.error(f"{path}.host", "empty: give the device's IP address or host name")
        return ModbusTcp(host=host.strip(), port=port, **common)
    r.unknown(d, {"protocol", "serial_port", "baudrate", "parity", "stopbits", "bytesize", "unit_id",
                  "timeout_s", "retries"}, path)
    serial_port = r.get(d, "serial_port", path, str)
    if not serial_port.strip():
        raise r.error(f"{path}.serial_port", "empty: give the serial port (COM3, /dev/ttyUSB0)")
    return ModbusRtu(
        serial_port=serial_port.strip(),
        baudrate=r.get(d, "baudrate", path, int, 19200),
        parity=r.get(d, "parity", path, str, "E", choices=PARITIES),
        stopbits=r.get(d, "stopbits", path, int, 1, choices=(1, 2)),
        bytesize=r.get(d, "bytesize", path, int, 8, choices=(7, 8)),
        **common,
    )


def _timeout(r: _Reader, d: dict, path: str, default: float) -> float:
    timeout = r.get(d, "timeout_s", path, float, default)
    if not math.isfinite(timeout) or timeout <= 0:
        raise r.error(f"{path}.timeout_s", "must be greater than 0")
    return timeout


def _opcua_connection(r: _Reader, d: dict, path: str) -> OpcUa:
    r.unknown(d, {"protocol", "endpoint", "security_policy", "security_mode", "username", "password",
                  "password_env", "timeout_s"}, path)
    endpoint = r.get(d, "endpoint", path, str).strip()
    if not re.fullmatch(r"opc\.tcp://[^/:\s]+(:\d{1,5})?(/\S*)?", endpoint):
        raise r.error(f"{path}.endpoint", f"{endpoint!r}: expected opc.tcp://host:port[/path] "
                                          f"(e.g. opc.tcp://192.168.0.20:4840)")
    policy = r.get(d, "security_policy", path, str, "None", choices=OPCUA_POLICIES)
    mode = r.get(d, "security_mode", path, str, "None" if policy == "None" else "SignAndEncrypt",
                 choices=OPCUA_MODES)
    if (policy == "None") != (mode == "None"):
        raise r.error(f"{path}.security_mode", f"security_policy {policy!r} with security_mode {mode!r}: a "
                                               f"policy needs Sign or SignAndEncrypt, and None needs None")
    username = r.get(d, "username", path, str, "")
    password = r.get(d, "password", path, str, "")
    password_env = r.get(d, "password_env", path, str, "")
    if (password or password_env) and not username:
        raise r.error(f"{path}.username", "a password needs a username (anonymous log-in has none)")
    if password and password_env:
        raise r.error(f"{path}.password", "give password or password_env, not both")
    return OpcUa(endpoint=endpoint, security_policy=policy, security_mode=mode, username=username,
                 password=password, password_env=password_env, timeout_s=_timeout(r, d, path, 2.0))


def _s7_connection(r: _Reader, d: dict, path: str) -> S7:
    r.unknown(d, {"protocol", "host", "port", "rack", "slot", "timeout_s"}, path)
    host = r.get(d, "host", path, str).strip()
    if not host:
        raise r.error(f"{path}.host", "empty: give the PLC's IP address or host name")
    port = r.get(d, "port", path, int, 102)
    if not 1 <= port <= 65535:
        raise r.error(f"{path}.port", f"{port} is outside 1..65535")
    rack = r.get(d, "rack", path, int, 0)
    slot = r.get(d, "slot", path, int, 1)
    if not 0 <= rack <= 7:
        raise r.error(f"{path}.rack", f"{rack} is outside 0..7")
    if not 0 <= slot <= 31:
        raise r.error(f"{path}.slot", f"{slot} is outside 0..31")
    return S7(host=host, port=port, rack=rack, slot=slot, timeout_s=_timeout(r, d, path, 1.0))


_S7_DB_ADDRESS = re.compile(r"DB(\d+)\.DB([XBWD])(\d+)(?:\.(\d+))?", re.IGNORECASE)
_S7_FLAT_ADDRESS = re.compile(r"([MIQ])([BWD]?)(\d+)(?:\.(\d+))?", re.IGNORECASE)
#: bytes a value of each type takes in S7 memory (a STRING: 2 header bytes plus ``length`` characters)
_S7_SIZES = {"bool": 1, "int16": 2, "uint16": 2, "int32": 4, "uint32": 4, "float32": 4, "float64": 8}
_S7_WIDTH_TYPES = {"W": ("int16", "uint16"), "D": ("int32", "uint32", "float32")}


def s7_size(typ: str, length: int = 0) -> int:
    """Bytes a value of ``typ`` occupies in S7 memory."""
    return length + 2 if typ == "string" else _S7_SIZES.get(typ, 1)


def parse_s7_address(text: str) -> tuple[str, int, str, int, int | None]:
    """``"DB10.DBX4.1"`` -> ``("DB", 10, "X", 4, 1)``; ``"MW20"`` -> ``("M", 0, "W", 20, None)``;
    ``"I0.3"`` -> ``("I", 0, "X", 0, 3)``.  Raises ``ValueError`` saying what is expected."""
    t = text.strip()
    m = _S7_DB_ADDRESS.fullmatch(t)
    if m:
        area, db, width, offset, bit = "DB", int(m.group(1)), m.group(2).upper(), int(m.group(3)), m.group(4)
        if db < 1 or db > 65535:
            raise ValueError(f"data block {db} is outside 1..65535")
    else:
        m = _S7_FLAT_ADDRESS.fullmatch(t)
        if not m:
            raise ValueError(f"{text!r} is not an S7 address: expected DB10.DBX4.1, DB10.DBW2, DB10.DBD8, "
                             f"DB10.DBB20, M10.2, MW20, IW4, Q0.1 ...")
        area, db, width, offset, bit = m.group(1).upper(), 0, (m.group(2) or "X").upper(), int(m.group(3)), m.group(4)
    if width == "X" and bit is None:
        example = f"DB{db}.DBX{offset}.0" if area == "DB" else f"{area}{offset}.0"
        raise ValueError(f"{text!r}: a bit address needs its bit (e.g. {example})")
    if width != "X" and bit is not None:
        raise ValueError(f"{text!r}: only a bit address (X) takes a bit number")
    if bit is not None and not 0 <= int(bit) <= 7:
        raise ValueError(f"{text!r}: bit {bit} is outside 0..7")
    if offset > 65535:
        raise ValueError(f"{text!r}: byte {offset} is outside 0..65535")
    return area, db, width, offset, None if bit is None else int(bit)


def register_span(typ: str, length: int = 0) -> int:
    """How many 16-bit registers (or bits) a value of ``typ`` occupies."""
    if typ == "string":
        return max(1, int(length))
    return {"float64": 4, "int32": 2, "uint32": 2, "float32": 2}.get(typ, 1)


_TAG_FIELDS = {"name", "type", "length", "scale", "offset", "unit", "normal_range", "scan_class", "deadband",
               "writable", "description", "alarms", "write_limits", "operator_setpoint", "setpoint", "setpoint_gain"}
#: where a tag lives, per protocol
_ADDRESS_FIELDS = {"modbus": {"table", "address", "word_order", "byte_order"}, "opcua": {"node", "mode"},
                   "s7": {"address"}}


def _tag(r: _Reader, d: dict, path: str, equipment_id: str, scan_classes: dict[str, float],
         protocol: str = "modbus-tcp") -> TagConfig:
    family = "modbus" if protocol in MODBUS_PROTOCOLS else protocol
    r.unknown(d, _TAG_FIELDS | _ADDRESS_FIELDS[family], path)
    name = r.get(d, "name", path, str)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise r.error(f"{path}.name", f"{name!r}: use letters, digits and _ (starting with a letter)")
    where: dict[str, Any] = {}
    if family == "modbus":
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
        span = register_span(typ, length)
        if address + span - 1 > 65535:
            raise r.error(f"{path}.address", f"a {typ} at {address} needs {span} registers: it would end at "
                                             f"{address + span - 1}, past 65535")
        where = dict(table=table, address=address, word_order=r.get(d, "word_order", path, str, "big", choices=ORDERS),
                     byte_order=r.get(d, "byte_order", path, str, "big", choices=ORDERS))
    elif family == "opcua":
        node = r.get(d, "node", path, str).strip()
        if not node:
            raise r.error(f"{path}.node", "empty: give the node id (ns=2;s=Cabinet.State) or a browse path "
                                          "(Objects/2:Cabinet/2:State)")
        if "/" not in node and not re.fullmatch(r"(ns=\d+;)?[isgb]=.+", node):
            raise r.error(f"{path}.node", f"{node!r}: expected a node id such as ns=2;s=Cabinet.State or i=2258, "
                                          f"or a browse path such as Objects/2:Cabinet/2:State")
        typ = r.get(d, "type", path, str, "float64", choices=TYPES)
        length = r.get(d, "length", path, int, 0)
        where = dict(table="", address=0, node=node,
                     mode=r.get(d, "mode", path, str, "subscribe", choices=OPCUA_TAG_MODES))
    else:  # s7
        raw = r.get(d, "address", path, str)
        try:
            area, db, width, offset, bit = parse_s7_address(raw)
        except ValueError as exc:
            raise r.error(f"{path}.address", str(exc)) from None
        if "type" not in d and width != "X":
            raise r.error(f"{path}.type", f"{raw!r} needs its type: int16 (INT), uint16 (WORD), int32 (DINT), "
                                          f"uint32 (DWORD), float32 (REAL), float64 (LREAL) or string (STRING)")
        typ = r.get(d, "type", path, str, "bool", choices=TYPES)
        byte_form = f"DB{db}.DBB{offset}" if area == "DB" else f"{area}B{offset}"
        bit_form = f"DB{db}.DBX{offset}.0" if area == "DB" else f"{area}{offset}.0"
        if width == "X" and typ != "bool":
            raise r.error(f"{path}.type", f"{raw!r} is a bit address: type must be bool, not {typ}")
        if width != "X" and typ == "bool":
            raise r.error(f"{path}.type", f"a bool lives at a bit address (e.g. {bit_form}), not at {raw!r}")
        if width in _S7_WIDTH_TYPES and typ not in _S7_WIDTH_TYPES[width]:
            raise r.error(f"{path}.type", f"{raw!r} addresses a {'word' if width == 'W' else 'double word'}: "
                                          f"type must be one of {', '.join(_S7_WIDTH_TYPES[width])}, not {typ} "
                                          f"(a byte address such as {byte_form} takes any type)")
        length = r.get(d, "length", path, int, 0)
        if typ == "string" and not 1 <= length <= 254:
            raise r.error(f"{path}.length", "an S7 STRING needs length = its maximum characters (1..254)")
        if offset + s7_size(typ, length) > 65536:
            raise r.error(f"{path}.address", f"a {typ} at byte {offset} runs past byte 65535")
        where = dict(table="", address=offset, area=area, db=db, bit=bit or 0, s7_address=raw.strip().upper())
    nr = r.get(d, "normal_range", path, list, None)
    normal_range = None
    if nr is not None:
        if len(nr) != 2 or not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
                                   for x in nr):
            raise r.error(f"{path}.normal_range", "expected [low, high] finite numbers")
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
    alarms = _alarms(r, r.get(d, "alarms", path, list, []), f"{path}.alarms", f"{equipment_id}.{name}", typ)
    writable = r.get(d, "writable", path, bool, False)
    if writable and where.get("area") == "I":
        raise r.error(f"{path}.writable", "an S7 process input (I) is read-only: a writable tag lives in a DB, M or Q")
    table = where.get("table", "")
    if writable and table in ("input_register", "discrete_input"):
        raise r.error(f"{path}.writable", f"an {table} is read-only in Modbus: a writable tag lives in a "
                                          f"{'coil' if table == 'discrete_input' else 'holding_register'}")
    write_limits = _write_limits(r, d, path, typ, writable)
    operator_setpoint = r.get(d, "operator_setpoint", path, bool, True)
    if not operator_setpoint and not writable:
        raise r.error(f"{path}.operator_setpoint", "only a writable tag can be kept from operators")
    setpoint = r.get(d, "setpoint", path, str, None)
    gain = r.get(d, "setpoint_gain", path, float, 1.0)
    if setpoint is not None and (writable or typ in ("bool", "string")):
        raise r.error(f"{path}.setpoint", "only a measured numeric value is moved by a setpoint")
    if not math.isfinite(gain) or gain == 0:
        raise r.error(f"{path}.setpoint_gain", f"{gain}: a finite number other than 0 (this value's change per "
                                               f"unit of the setpoint)")
    if "setpoint_gain" in d and setpoint is None:
        raise r.error(f"{path}.setpoint_gain", "needs setpoint = \"<tag name>\"")
    return TagConfig(
        name=name, equipment_id=equipment_id, type=typ, **where,
        length=length, scale=scale, offset=r.get(d, "offset", path, float, 0.0),
        unit=r.get(d, "unit", path, str, ""), normal_range=normal_range, scan_class=scan_class,
        deadband=deadband, writable=writable,
        description=r.get(d, "description", path, str, ""), alarms=tuple(alarms), write_limits=write_limits,
        operator_setpoint=operator_setpoint, setpoint=setpoint, setpoint_gain=float(gain),
    )


def _write_limits(r: _Reader, d: dict, path: str, typ: str, writable: bool) -> WriteLimits | None:
    """A writable numeric tag must say what an operator may set: without it, a setpoint could be sent anything
    its data type holds (0 .. 65535 spm).  Booleans (coils) and strings need none."""
    raw = d.get("write_limits")
    numeric = typ not in ("bool", "string")
    if raw is None:
        if writable and numeric:
            raise r.error(f"{path}.write_limits", "a writable numeric tag needs write_limits = { min = ..., max = ... } "
                                                  "(max_step optional): the engineering range an operator may set")
        return None
    if not writable or not numeric:
        raise r.error(f"{path}.write_limits", "only a writable numeric tag takes write limits")
    if not isinstance(raw, dict):
        raise r.error(f"{path}.write_limits", "expected a table such as { min = 20, max = 40, max_step = 5 }")
    p = f"{path}.write_limits"
    r.unknown(raw, {"min", "max", "max_step"}, p)
    lo, hi = r.get(raw, "min", p, float), r.get(raw, "max", p, float)
    for key, v in (("min", lo), ("max", hi)):
        if not math.isfinite(v):
            raise r.error(f"{p}.{key}", "must be a finite number")
    if not lo < hi:
        raise r.error(f"{p}.max", f"max {hi:g} must be above min {lo:g}")
    step = raw.get("max_step")
    if step is not None:
        step = r.get(raw, "max_step", p, float)
        if not (math.isfinite(step) and step > 0):
            raise r.error(f"{p}.max_step", "must be a number above 0")
    return WriteLimits(lo, hi, step)


_ALARM_FIELDS = {"kind", "name", "priority", "limit", "deadband", "on_delay_s", "off_delay_s", "rate_per_min",
                 "window_s", "direction", "state", "message", "cause", "action", "latching", "suppressed_by_design"}
_ALARM_KIND_FIELDS = {
    "HI": {"limit", "deadband"}, "HIHI": {"limit", "deadband"}, "LO": {"limit", "deadband"},
    "LOLO": {"limit", "deadband"}, "ROC": {"rate_per_min", "window_s", "direction", "deadband"}, "DIGITAL": {"state"},
}
_NUMERIC_TYPES = ("int16", "uint16", "int32", "uint32", "float32", "float64")


def _nonneg(r: _Reader, d: dict, key: str, path: str, default: float) -> float:
    v = r.get(d, key, path, float, default)
    if v < 0:
        raise r.error(f"{path}.{key}", "must not be negative")
    return v


def _alarm(r: _Reader, d: Any, path: str, tag_key: str, tag_type: str) -> AlarmConfig:
    if not isinstance(d, dict):
        raise r.error(path, "expected a table, e.g. { kind = \"HI\", limit = 80, priority = 2 }")
    r.unknown(d, _ALARM_FIELDS, path)
    kind = r.get(d, "kind", path, str)
    if kind.upper() in ALARM_KINDS:
        kind = kind.upper()
    else:
        raise r.error(f"{path}.kind", f"{kind!r} is not one of {', '.join(ALARM_KINDS)}")
    for key in d:
        if key in set().union(*_ALARM_KIND_FIELDS.values()) and key not in _ALARM_KIND_FIELDS[kind]:
            raise r.error(f"{path}.{key}", f"does not apply to a {kind} alarm")
    if tag_type == "string":
        raise r.error(f"{path}.kind", "a string tag cannot carry alarms")
    if kind in LIMIT_KINDS + ("ROC",) and tag_type not in _NUMERIC_TYPES:
        raise r.error(f"{path}.kind", f"a {kind} alarm needs a numeric tag (this one is {tag_type}); "
                                      "use kind = \"DIGITAL\" with state = true/false")
    priority = r.get(d, "priority", path, int, 3)
    if priority not in PRIORITIES:
        raise r.error(f"{path}.priority", f"{priority} is outside 1 (urgent)..4 (low)")
    name = r.get(d, "name", path, str, "")
    if name and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise r.error(f"{path}.name", f"{name!r}: use letters, digits and _ (starting with a letter)")
    limit = rate = state = None
    window_s, direction = 60.0, "both"
    if kind in LIMIT_KINDS:
        limit = r.get(d, "limit", path, float)
    elif kind == "ROC":
        rate = r.get(d, "rate_per_min", path, float)
        if rate <= 0:
            raise r.error(f"{path}.rate_per_min", "must be greater than 0 (a magnitude; use direction)")
        window_s = r.get(d, "window_s", path, float, 60.0)
        if window_s <= 0:
            raise r.error(f"{path}.window_s", "must be greater than 0")
        direction = r.get(d, "direction", path, str, "both", choices=ROC_DIRECTIONS)
    else:
        state = r.get(d, "state", path, (bool, int))
        if tag_type == "bool" and not isinstance(state, bool):
            raise r.error(f"{path}.state", f"the tag is bool: use state = true or false, not {state!r}")
        if tag_type != "bool" and isinstance(state, bool):
            raise r.error(f"{path}.state", f"the tag is {tag_type}: use an integer state (e.g. state = 2)")
    sup = None
    sd = r.get(d, "suppressed_by_design", path, dict, None)
    if sd is not None:
        spath = f"{path}.suppressed_by_design"
        r.unknown(sd, {"tag", "equals"}, spath)
        stag = r.get(sd, "tag", spath, str)
        if "." not in stag:
            stag = f"{tag_key.split('.', 1)[0]}.{stag}"  # a tag of the same equipment
        equals = r.get(sd, "equals", spath, (bool, int, float))
        if isinstance(sd["equals"], int):  # keep 0 an int (bools are ints too)
            equals = sd["equals"]
        sup = SuppressionConfig(tag=stag, equals=equals)
    deadband = _nonneg(r, d, "deadband", path, 0.0)
    return AlarmConfig(
        kind=kind, tag=tag_key, priority=priority, limit=limit, deadband=deadband,
        on_delay_s=_nonneg(r, d, "on_delay_s", path, 0.0), off_delay_s=_nonneg(r, d, "off_delay_s", path, 0.0),
        rate_per_min=rate, window_s=window_s, direction=direction, state=state,
        message=r.get(d, "message", path, str, ""), cause=r.get(d, "cause", path, str, ""),
        action=r.get(d, "action", path, str, ""), latching=r.get(d, "latching", path, bool, False),
        suppressed_by_design=sup, name=name,
    )


def _alarms(r: _Reader, raw: list, path: str, tag_key: str, tag_type: str) -> tuple[AlarmConfig, ...]:
    out: list[AlarmConfig] = []
    ids: set[str] = set()
    for i, d in enumerate(raw):
        a = _alarm(r, d, f"{path}[{i}]", tag_key, tag_type)
        if a.id in ids:
            field_ = "name" if a.name else "kind"
            raise r.error(f"{path}[{i}].{field_}", f"alarm id {a.id!r} is used twice on this tag; "
                                                    "give one of them a distinct name = \"...\"")
        ids.add(a.id)
        out.append(a)
    by_kind = {a.kind: i for i, a in enumerate(out) if a.kind in LIMIT_KINDS and not a.name}
    if "HI" in by_kind and "HIHI" in by_kind and out[by_kind["HIHI"]].limit <= out[by_kind["HI"]].limit:
        raise r.error(f"{path}[{by_kind['HIHI']}].limit", f"HIHI limit {out[by_kind['HIHI']].limit:g} must be "
                                                          f"above the HI limit {out[by_kind['HI']].limit:g}")
    highs = [out[by_kind[k]] for k in ("HI", "HIHI") if k in by_kind]
    lows = [out[by_kind[k]] for k in ("LO", "LOLO") if k in by_kind]
    if highs and lows and min(h.limit for h in highs) <= max(lo.limit for lo in lows):
        hi = min(highs, key=lambda a: a.limit)
        lo = max(lows, key=lambda a: a.limit)
        raise r.error(f"{path}[{out.index(hi)}].limit", f"{hi.kind} limit {hi.limit:g} must be above the "
                                                        f"{lo.kind} limit {lo.limit:g}")
    if "LO" in by_kind and "LOLO" in by_kind and out[by_kind["LOLO"]].limit >= out[by_kind["LO"]].limit:
        raise r.error(f"{path}[{by_kind['LOLO']}].limit", f"LOLO limit {out[by_kind['LOLO']].limit:g} must be "
                                                          f"below the LO limit {out[by_kind['LO']].limit:g}")
    return tuple(out)


def _comm_alarm(r: _Reader, d: Any, path: str, equipment_name: str) -> CommAlarmConfig:
    default_msg = COMM_FAILURE.format(equipment_name)
    if d is None:
        return CommAlarmConfig(message=default_msg)
    if isinstance(d, bool):
        return CommAlarmConfig(enabled=d, message=default_msg)
    if not isinstance(d, dict):
        raise r.error(path, "expected a table such as { priority = 2 } or false")
    r.unknown(d, {"enabled", "priority", "on_delay_s", "message", "cause", "action"}, path)
    priority = r.get(d, "priority", path, int, 2)
    if priority not in PRIORITIES:
        raise r.error(f"{path}.priority", f"{priority} is outside 1 (urgent)..4 (low)")
    base = CommAlarmConfig()
    return CommAlarmConfig(
        enabled=r.get(d, "enabled", path, bool, True), priority=priority,
        on_delay_s=_nonneg(r, d, "on_delay_s", path, 0.0), message=r.get(d, "message", path, str, default_msg),
        cause=r.get(d, "cause", path, str, base.cause), action=r.get(d, "action", path, str, base.action),
    )


_HHMM = re.compile(r"([01]?[0-9]|2[0-3]):[0-5][0-9]")


def _hhmm(r: _Reader, d: dict, key: str, path: str) -> str:
    v = r.get(d, key, path, str)
    if not _HHMM.fullmatch(v.strip()):
        raise r.error(f"{path}.{key}", f"{v!r} is not a local time HH:MM")
    return v.strip()


def _iso_ts(r: _Reader, d: dict, key: str, path: str) -> float:
    from datetime import datetime as _dt

    v = d.get(key)
    if hasattr(v, "timestamp") and hasattr(v, "year"):  # a TOML datetime
        dt = v
    else:
        text = r.get(d, key, path, str)
        try:
            dt = _dt.fromisoformat(text)
        except ValueError:
            raise r.error(f"{path}.{key}", f"{text!r} is not an ISO 8601 date and time") from None
    if getattr(dt, "tzinfo", None) is None:
        dt = dt.astimezone()  # local time
    return dt.timestamp()


_COUNTER_MODULUS = {"uint16": 1 << 16, "uint32": 1 << 32, "int16": 1 << 16, "int32": 1 << 32}


def _kpi(r: _Reader, d: Any, path: str, equipment: list[EquipmentConfig]) -> LineKpiConfig:
    if not isinstance(d, dict):
        raise r.error(path, "expected a table")
    r.unknown(d, {"output", "machines", "shifts", "timezone", "workdays", "reasons", "targets",
                  "planned_downtime", "max_gap_s"}, path)
    eqs = {e.id: e for e in equipment}
    tz = r.get(d, "timezone", path, str, "local")
    if tz != "local":
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(tz)
        except Exception:
            raise r.error(f"{path}.timezone", f"{tz!r} is not a time zone (IANA name such as Europe/Berlin, "
                                              "or \"local\")") from None
    machines: list[KpiMachineConfig] = []
    for mp, md in r.tables(d, "machines", path, {"equipment", "planned_cycle_s", "state_tag", "good_tag", "defect_tag",
                                                 "planned_rate_tag"},
                           "{ equipment = \"press1\", planned_cycle_s = 2.0 }"):
        eq_id = r.get(md, "equipment", mp, str)
        if eq_id not in eqs:
            raise r.error(f"{mp}.equipment", f"no equipment {eq_id!r} on this line (have: {', '.join(eqs)})")
        cycle = r.get(md, "planned_cycle_s", mp, float)
        if not cycle > 0:
            raise r.error(f"{mp}.planned_cycle_s", "must be greater than 0")
        names = {}
        tags = {t.name: t for t in eqs[eq_id].tags}
        for key, default in (("state_tag", "state"), ("good_tag", "good_count"), ("defect_tag", "defect_count")):
            name = r.get(md, key, mp, str, default)
            if name not in tags:
                raise r.error(f"{mp}.{key}", f"{eq_id} has no tag {name!r}")
            names[key] = name
        gt, dt_ = tags[names["good_tag"]], tags[names["defect_tag"]]
        if gt.type != dt_.type:
            raise r.error(f"{mp}.defect_tag", f"good and defect counters need the same type ({gt.type} / {dt_.type})")
        modulus = _COUNTER_MODULUS.get(gt.type) if gt.scale == 1 and gt.offset == 0 else None
        rate_tag = r.get(md, "planned_rate_tag", mp, str, None)
        if rate_tag is not None and (rate_tag not in tags or tags[rate_tag].type in ("bool", "string")):
            raise r.error(f"{mp}.planned_rate_tag", f"{eq_id} has no numeric tag {rate_tag!r} (parts per minute)")
        machines.append(KpiMachineConfig(eq_id, cycle, names["state_tag"], names["good_tag"], names["defect_tag"],
                                         modulus, rate_tag))
    if not machines:
        raise r.error(f"{path}.machines", "list at least one machine")
    output = r.get(d, "output", path, str, machines[-1].equipment)
    if output not in {m.equipment for m in machines}:
        raise r.error(f"{path}.output", f"{output!r} is not one of the KPI machines")
    shifts: list[KpiShiftConfig] = []
    for sp, sd in r.tables(d, "shifts", path, {"name", "start", "end", "crew", "breaks"},
                           "{ name = \"early\", start = \"06:00\", end = \"14:00\" }"):
        crew = r.get(sd, "crew", sp, int, 1)
        if crew < 0:
            raise r.error(f"{sp}.crew", "must not be negative")
        breaks = []
        for j, b in enumerate(r.get(sd, "breaks", sp, list, [])):
            if not (isinstance(b, list) and len(b) == 2 and all(isinstance(x, str) and _HHMM.fullmatch(x.strip())
                                                                for x in b)):
                raise r.error(f"{sp}.breaks[{j}]", "expected [\"HH:MM\", \"HH:MM\"]")
            breaks.append((b[0].strip(), b[1].strip()))
        shifts.append(KpiShiftConfig(r.get(sd, "name", sp, str), _hhmm(r, sd, "start", sp), _hhmm(r, sd, "end", sp),
                                     crew, tuple(breaks)))
    if not shifts:
        raise r.error(f"{path}.shifts", "list at least one shift")
    if len({s_.name for s_ in shifts}) != len(shifts):
        raise r.error(f"{path}.shifts", "shift names must be unique")
    days = r.get(d, "workdays", path, list, list(WEEKDAYS))
    workdays = []
    for j, w in enumerate(days):
        if not isinstance(w, str) or w.lower() not in WEEKDAYS:
            raise r.error(f"{path}.workdays[{j}]", f"{w!r} is not one of {', '.join(WEEKDAYS)}")
        workdays.append(WEEKDAYS.index(w.lower()))
    reasons: list[KpiReasonConfig] = []
    for i, rd in enumerate(r.get(d, "reasons", path, list, [])):
        rp = f"{path}.reasons[{i}]"
        if isinstance(rd, str):
            rd = {"code": rd}
        if not isinstance(rd, dict):
            raise r.error(rp, "expected a table such as { code = \"die change\", planned = false }")
        r.unknown(rd, {"code", "planned"}, rp)
        code = r.get(rd, "code", rp, str).strip()
        if not code:
            raise r.error(f"{rp}.code", "must not be empty")
        reasons.append(KpiReasonConfig(code, r.get(rd, "planned", rp, bool, False)))
    if len({x.code for x in reasons}) != len(reasons):
        raise r.error(f"{path}.reasons", "reason codes must be unique")
    targets: list[KpiTargetConfig] = []
    for tp, td in r.tables(d, "targets", path, {"kpi", "unit", "baseline", "target", "weight", "direction", "scale"},
                           "{ kpi = \"oee\", baseline = 0.6, target = 0.75, weight = 0.2 }", []):
        kpi = r.get(td, "kpi", tp, str, choices=KPI_NAMES)
        unit = r.get(td, "unit", tp, str, "")
        baseline, target = r.get(td, "baseline", tp, float), r.get(td, "target", tp, float)
        weight = r.get(td, "weight", tp, float, 1.0)
        if weight < 0:
            raise r.error(f"{tp}.weight", "must not be negative")
        direction = r.get(td, "direction", tp, str, "higher" if target >= baseline else "lower",
                          choices=("higher", "lower"))
        if (direction == "higher" and target < baseline) or (direction == "lower" and target > baseline):
            raise r.error(f"{tp}.target", f"{direction!r} is better but the target {target:g} is "
                                          f"{'below' if direction == 'higher' else 'above'} the baseline {baseline:g}")
        scale = r.get(td, "scale", tp, float, 100.0 if unit.startswith("%") else 1.0)
        if not scale > 0:
            raise r.error(f"{tp}.scale", "must be greater than 0")
        targets.append(KpiTargetConfig(kpi, unit, baseline, target, weight, direction, scale))
    if len({t.kpi for t in targets}) != len(targets):
        raise r.error(f"{path}.targets", "each KPI may appear once")
    if targets and sum(t.weight for t in targets) <= 0:
        raise r.error(f"{path}.targets", "the weights must not all be 0")
    planned = []
    for i, pd in enumerate(r.get(d, "planned_downtime", path, list, [])):
        pp = f"{path}.planned_downtime[{i}]"
        if not isinstance(pd, dict):
            raise r.error(pp, "expected { start = 2026-01-05T08:00:00, end = 2026-01-05T10:00:00 }")
        r.unknown(pd, {"start", "end"}, pp)
        a, b = _iso_ts(r, pd, "start", pp), _iso_ts(r, pd, "end", pp)
        if b <= a:
            raise r.error(f"{pp}.end", "must be after the start")
        planned.append((a, b))
    max_gap = r.get(d, "max_gap_s", path, float, 30.0)
    if not max_gap > 0:
        raise r.error(f"{path}.max_gap_s", "must be greater than 0")
    return LineKpiConfig(output, tuple(machines), tuple(shifts), tz, tuple(workdays), tuple(reasons),
                         tuple(targets), tuple(sorted(planned)), max_gap)


def _check_suppression_tags(r: _Reader, lines: list[LineConfig], lines_path: str = "lines") -> None:
    """Every ``suppressed_by_design.tag`` must name an existing tag."""
    keys = {t.key for line in lines for e in line.equipment for t in e.tags}
    for li, line in enumerate(lines):
        for ei, e in enumerate(line.equipment):
            for ti, t in enumerate(e.tags):
                for ai, a in enumerate(t.alarms):
                    sup = a.suppressed_by_design
                    if sup is not None and sup.tag not in keys:
                        raise r.error(f"{lines_path}[{li}].equipment[{ei}].tags[{ti}].alarms[{ai}]"
                                      f".suppressed_by_design.tag", f"no tag {sup.tag!r} in the plant")


def _trace(r: _Reader, d: Any, lines: list[LineConfig]) -> TraceConfig:
    """``[trace]``: serial format (regex, check digit) and stations whose tags exist in the plant."""
    if d is None:
        return TraceConfig()
    if not isinstance(d, dict):
        raise r.error("trace", "expected a table")
    r.unknown(d, {"serial_pattern", "check_digit", "stations"}, "trace")
    pattern = r.get(d, "serial_pattern", "trace", str, None)
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise r.error("trace.serial_pattern", f"not a regular expression: {exc}") from None
    check = r.get(d, "check_digit", "trace", str, "none", choices=CHECK_DIGITS)
    equipment = {e.id: e for line in lines for e in line.equipment}
    stations: list[TraceStationConfig] = []
    ids: set[str] = set()
    for i, sd in enumerate(r.get(d, "stations", "trace", list, [])):
        path = f"trace.stations[{i}]"
        if not isinstance(sd, dict):
            raise r.error(path, "expected a table")
        r.unknown(sd, {"id", "equipment", "step", "trigger", "serial", "result", "lot", "lot_kind", "duration",
                       "parameters", "product"}, path)
        eq_id = r.get(sd, "equipment", path, str)
        eq = equipment.get(eq_id)
        if eq is None:
            raise r.error(f"{path}.equipment", f"no equipment {eq_id!r} in the plant")
        names = {t.name for t in eq.tags}

        def tag(key: str, required: bool = False, _sd=sd, _path=path, _names=names, _eq=eq_id):
            name = r.get(_sd, key, _path, str) if required else r.get(_sd, key, _path, str, None)
            if name is not None and name not in _names:
                raise r.error(f"{_path}.{key}", f"no tag {name!r} on {_eq}")
            return name

        params = r.get(sd, "parameters", path, list, [])
        for j, name in enumerate(params):
            if not isinstance(name, str) or name not in names:
                raise r.error(f"{path}.parameters[{j}]", f"no tag {name!r} on {eq_id}")
        sid = r.get(sd, "id", path, str, eq_id)
        if sid in ids:
            raise r.error(f"{path}.id", f"station id {sid!r} is used twice")
        ids.add(sid)
        stations.append(TraceStationConfig(
            id=sid, equipment=eq_id, step=r.get(sd, "step", path, str, sid), trigger=tag("trigger", True),
            serial=tag("serial", True), result=tag("result"), lot=tag("lot"),
            lot_kind=r.get(sd, "lot_kind", path, str, "lot"), duration=tag("duration"),
            parameters=tuple(params), product=r.get(sd, "product", path, str, None)))
    return TraceConfig(serial_pattern=pattern, check_digit=check, stations=tuple(stations))


def parse_config(text: str, file: str | Path = "<config>") -> PlantConfig:
    """Parse and validate plant configuration text. Raises :class:`ConfigError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(file, int(m.group(1)) if m else None, "", f"TOML syntax: {exc}") from None
    r = _Reader(file, text)
    r.unknown(data, {"plant", "historian", "lines", "trace", "translations", "security", "inspection"}, "")
    plant = r.get(data, "plant", "", dict)
    r.unknown(plant, {"name", "scan_classes"}, "plant")
    scan_classes = dict(DEFAULT_SCAN_CLASSES)
    for k, v in r.get(plant, "scan_classes", "plant", dict, {}).items():
        seconds = _parse_duration(v)
        if seconds is None or seconds <= 0:
            raise r.error(f"plant.scan_classes.{k}", f"{v!r} is not a period (e.g. 0.1, \"100ms\", \"10s\")")
        scan_classes[k] = seconds

    hist = r.get(data, "historian", "", dict, {})
    r.unknown(hist, {"retention_days", "rollup_retention_days", "compress_after_days", "hour_rollup_retention_days",
                     "day_rollup_retention_days", "batch_max_rows", "flush_interval_s",
                     "buffer_max_rows"}, "historian")
    historian = HistorianConfig(
        retention_days=r.get(hist, "retention_days", "historian", float, 90.0),
        rollup_retention_days=r.get(hist, "rollup_retention_days", "historian", float, 730.0),
        compress_after_days=r.get(hist, "compress_after_days", "historian", float, 7.0),
        hour_rollup_retention_days=r.get(hist, "hour_rollup_retention_days", "historian", float, 3650.0),
        day_rollup_retention_days=r.get(hist, "day_rollup_retention_days", "historian", float, 36500.0),
        batch_max_rows=r.get(hist, "batch_max_rows", "historian", int, 20000),
        flush_interval_s=r.get(hist, "flush_interval_s", "historian", float, 0.5),
        buffer_max_rows=r.get(hist, "buffer_max_rows", "historian", int, 2_000_000),
    )
    # a retention of 0 or less deletes the whole history at the next upkeep: refused, never guessed
    for key in ("retention_days", "rollup_retention_days", "compress_after_days", "hour_rollup_retention_days",
                "day_rollup_retention_days", "flush_interval_s"):
        if getattr(historian, key) <= 0:
            raise r.error(f"historian.{key}", f"{getattr(historian, key):g} must be greater than 0")
    for key in ("batch_max_rows", "buffer_max_rows"):
        if getattr(historian, key) < 1:
            raise r.error(f"historian.{key}", f"{getattr(historian, key)} must be at least 1")

    security = _security(r, r.get(data, "security", "", dict, {}))

    lines_raw = r.get(data, "lines", "", list)
    if not lines_raw:
        raise r.error("lines", "a plant needs at least one line")
    lines: list[LineConfig] = []
    seen_eq: set[str] = set()
    seen_lines: set[str] = set()
    for li, ld in enumerate(lines_raw):
        lpath = f"lines[{li}]"
        if not isinstance(ld, dict):
            raise r.error(lpath, f"expected a table ([[lines]] with id = ...), got {ld!r}")
        r.unknown(ld, {"id", "name", "equipment", "kpi"}, lpath)
        line_id = r.get(ld, "id", lpath, str)
        if line_id in seen_lines:
            raise r.error(f"{lpath}.id", f"line id {line_id!r} is used twice")
        seen_lines.add(line_id)
        equipment: list[EquipmentConfig] = []
        for ei, ed in enumerate(r.get(ld, "equipment", lpath, list, [])):
            epath = f"{lpath}.equipment[{ei}]"
            if not isinstance(ed, dict):
                raise r.error(epath, f"expected a table ([[lines.equipment]] with id = ...), got {ed!r}")
            r.unknown(ed, {"id", "name", "kind", "description", "connection", "tags", "comm_alarm"}, epath)
            eq_id = _new_id(r, ed, epath, seen_eq, "equipment")
            conn = _connection(r, r.get(ed, "connection", epath, dict), f"{epath}.connection")
            tags: list[TagConfig] = []
            names: set[str] = set()
            for ti, td in enumerate(r.get(ed, "tags", epath, list, [])):
                tpath = f"{epath}.tags[{ti}]"
                if not isinstance(td, dict):
                    raise r.error(tpath, "expected a table")
                tag = _tag(r, td, tpath, eq_id, scan_classes, conn.protocol)
                if tag.name in names:
                    raise r.error(f"{tpath}.name", f"tag {tag.name!r} is used twice on {eq_id}")
                names.add(tag.name)
                clash = _overlap(tag, tags)
                if clash:
                    raise r.error(f"{tpath}.{'node' if tag.node else 'address'}", clash)
                tags.append(tag)
            by_name = {t.name: t for t in tags}
            for j, t in enumerate(tags):
                if t.setpoint is None:
                    continue
                sp = by_name.get(t.setpoint)
                spath = f"{epath}.tags[{j}].setpoint"
                if sp is None:
                    raise r.error(spath, f"no tag {t.setpoint!r} on {eq_id} (the setpoint is named as on its "
                                         f"equipment, without the equipment id)")
                if not sp.writable or sp.write_limits is None or not sp.operator_setpoint:
                    raise r.error(spath, f"tag {t.setpoint!r} is not a setpoint an operator may set (writable, "
                                         f"numeric, with write_limits)")
            eq_name = r.get(ed, "name", epath, str, eq_id)
            equipment.append(EquipmentConfig(
                id=eq_id, name=eq_name, kind=r.get(ed, "kind", epath, str, "generic"),
                line_id=line_id, connection=conn, tags=tuple(tags),
                description=r.get(ed, "description", epath, str, ""),
                comm_alarm=_comm_alarm(r, ed.get("comm_alarm"), f"{epath}.comm_alarm", eq_name),
            ))
        kpi = _kpi(r, ld["kpi"], f"{lpath}.kpi", equipment) if "kpi" in ld else None
        lines.append(LineConfig(id=line_id, name=r.get(ld, "name", lpath, str, line_id), equipment=tuple(equipment),
                                kpi=kpi))
    _check_suppression_tags(r, lines)
    trace = _trace(r, data.get("trace"), lines)
    inspection = _inspection(r, data, lines)
    translations = _translations(r, data.get("translations", {}))
    return PlantConfig(name=r.get(plant, "name", "plant", str), lines=tuple(lines), scan_classes=scan_classes,
                       historian=historian, source=str(file), trace=trace, translations=translations,
                       security=security, inspection=inspection)


def _overlap(tag: TagConfig, tags: list[TagConfig]) -> str | None:
    """Why ``tag`` may not join ``tags`` (two tags reading the same register, bytes, bit or node would both be
    "right"), or None."""
    if tag.node:
        for other in tags:
            if other.node == tag.node:
                return f"node {tag.node!r} is already tag {other.name!r}"
        return None
    if tag.area:
        def span(t: TagConfig) -> tuple[int, int]:  # in bits: a BOOL takes one bit of its byte
            if t.type == "bool":
                return t.address * 8 + t.bit, t.address * 8 + t.bit
            return t.address * 8, (t.address + s7_size(t.type, t.length)) * 8 - 1
        lo, hi = span(tag)
        for other in tags:
            olo, ohi = span(other)
            if other.area == tag.area and other.db == tag.db and olo <= hi and lo <= ohi:
                return f"{tag.s7_address} overlaps tag {other.name!r} ({other.s7_address})"
        return None
    end = tag.address + register_span(tag.type, tag.length) - 1
    for other in tags:
        other_end = other.address + register_span(other.type, other.length) - 1
        if other.table == tag.table and other.address <= end and tag.address <= other_end:
            return (f"{tag.table} {tag.address}..{end} overlaps tag {other.name!r} "
                    f"({other.address}..{other_end})")
    return None


def _new_id(r: _Reader, d: dict, path: str, seen: set[str], what: str) -> str:
    """``d["id"]``: letters, digits, ``_`` and ``-``, not among ``seen`` (to which it is added)."""
    ident = r.get(d, "id", path, str)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", ident):
        raise r.error(f"{path}.id", f"{ident!r}: use letters, digits, _ and -")
    if ident in seen:
        raise r.error(f"{path}.id", f"{what} id {ident!r} is used twice")
    seen.add(ident)
    return ident


def _inspection(r: _Reader, data: dict, lines: list[LineConfig]) -> tuple:
    """``[[inspection]]``: AI inspection stations (watched folder, serial source, verdict tags on the PLC)."""
    tags = {t.key: t for line in lines for e in line.equipment for t in e.tags}
    out: list[InspectionStationConfig] = []
    ids: set[str] = set()
    allowed = {"id", "name", "folder", "patterns", "serial", "serial_pattern", "serial_tag", "trigger_tag", "camera",
               "verdict_tag", "sequence_tag", "archive", "archive_days", "settle_s", "verdict_within_s",
               "max_backlog", "model"}
    for path, d in r.tables(data, "inspection", "", allowed, '{ id = "xray1", folder = "xray/out" }', []):
        sid = _new_id(r, d, path, ids, "inspection station")
        folder = r.get(d, "folder", path, str)
        if not folder.strip():
            raise r.error(f"{path}.folder", "the watched folder is empty")
        archive = r.get(d, "archive", path, str, "").strip() or f"{folder.rstrip('/').rstrip(chr(92))}-archive"
        if os.path.normpath(archive) == os.path.normpath(folder):
            raise r.error(f"{path}.archive", "the archive must not be the watched folder")
        patterns = r.get(d, "patterns", path, list, list(INSPECTION_PATTERNS))
        if not patterns or not all(isinstance(x, str) and x.strip() for x in patterns):
            raise r.error(f"{path}.patterns", "expected file patterns such as [\"*.png\", \"*.tif\"]")
        serial = r.get(d, "serial", path, str, "file", choices=SERIAL_SOURCES)
        pattern = r.get(d, "serial_pattern", path, str, None)
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise r.error(f"{path}.serial_pattern", f"not a regular expression: {exc}") from None

        def tag(key: str, *, writable: bool = False, numeric: bool = False, _d=d, _path=path):
            name = r.get(_d, key, _path, str, None)
            if name is None:
                return None
            t = tags.get(name)
            if t is None:
                raise r.error(f"{_path}.{key}", f"no tag {name!r} in the plant (write it as <equipment>.<tag>)")
            if writable and not t.writable:
                raise r.error(f"{_path}.{key}", f"tag {name!r} is not writable (a holding register or coil "
                                                f"with writable = true)")
            if writable and t.operator_setpoint:
                raise r.error(f"{_path}.{key}", f"tag {name!r} could be set by an operator as a setpoint: give it "
                                                f"operator_setpoint = false")
            if numeric and t.type in ("string", "bool"):
                raise r.error(f"{_path}.{key}", f"tag {name!r} is a {t.type}: the verdict needs an integer tag")
            return name

        serial_tag = tag("serial_tag")
        trigger_tag = tag("trigger_tag")
        if serial == "tag" and serial_tag is None:
            raise r.error(f"{path}.serial_tag", 'serial = "tag" needs serial_tag = "<equipment>.<tag>"')
        camera = r.get(d, "camera", path, str, None)
        if camera is not None and not camera.strip():
            raise r.error(f"{path}.camera", "empty: a device index such as \"0\", a stream URL or a video file")
        if camera is not None and trigger_tag is None:
            raise r.error(f"{path}.camera", "a camera takes a frame per part: it needs trigger_tag")
        verdict_tag = tag("verdict_tag", writable=True, numeric=True)
        sequence_tag = tag("sequence_tag", writable=True, numeric=True)
        if sequence_tag is not None and verdict_tag is None:
            raise r.error(f"{path}.sequence_tag", "a sequence number needs a verdict_tag to go with")
        if sequence_tag is not None and sequence_tag == verdict_tag:
            raise r.error(f"{path}.sequence_tag", "the sequence number needs its own tag")

        def positive(key: str, default: float, *, lo: float = 0.0, _d=d, _path=path):
            v = r.get(_d, key, _path, float, default)
            if not v > lo:
                raise r.error(f"{_path}.{key}", f"{v:g} must be greater than {lo:g}")
            return v

        backlog = r.get(d, "max_backlog", path, int, 32)
        if backlog < 1:
            raise r.error(f"{path}.max_backlog", f"{backlog} must be at least 1")
        settle = r.get(d, "settle_s", path, float, 0.3)
        if settle < 0:
            raise r.error(f"{path}.settle_s", f"{settle:g} must be 0 or more")
        model = r.get(d, "model", path, str, None)
        out.append(InspectionStationConfig(
            id=sid, name=r.get(d, "name", path, str, sid), folder=folder, patterns=tuple(patterns),
            serial=serial, serial_pattern=pattern, serial_tag=serial_tag, trigger_tag=trigger_tag, camera=camera,
            verdict_tag=verdict_tag,
            sequence_tag=sequence_tag, archive=archive, archive_days=positive("archive_days", 30.0),
            settle_s=settle,
            verdict_within_s=positive("verdict_within_s", 10.0), max_backlog=backlog,
            model=model))
    return tuple(out)



def _security(r: _Reader, d: dict) -> SecurityConfig:
    """``[security]``: bounds that keep the rules meaningful (a 2-character password, a lock after 1000 tries
    and a 0-minute lock are refused)."""
    r.unknown(d, {"min_password_len", "min_pin_len", "lockout_after", "lockout_minutes", "idle_logout_minutes"},
              "security")
    base = SecurityConfig()
    cfg = SecurityConfig(
        min_password_len=r.get(d, "min_password_len", "security", int, base.min_password_len),
        min_pin_len=r.get(d, "min_pin_len", "security", int, base.min_pin_len),
        lockout_after=r.get(d, "lockout_after", "security", int, base.lockout_after),
        lockout_minutes=r.get(d, "lockout_minutes", "security", float, base.lockout_minutes),
        idle_logout_minutes=r.get(d, "idle_logout_minutes", "security", float, base.idle_logout_minutes))
    bounds = {"min_password_len": (8, 128), "min_pin_len": (4, 8), "lockout_after": (3, 50),
              "lockout_minutes": (1, 24 * 60), "idle_logout_minutes": (0.5, 12 * 60)}
    for key, (lo, hi) in bounds.items():
        v = getattr(cfg, key)
        if not lo <= v <= hi:
            raise r.error(f"security.{key}", f"{v:g} is outside {lo:g}..{hi:g}")
    return cfg


def _translations(r: _Reader, d: Any) -> dict[str, dict[str, str]]:
    """``[translations.ko]``: ``"Press P-01 (400 t)" = "프레스 P-01 (400 t)"``, one entry per text of this file
    as the screen shows it (a tag's name as its tile label reads: ``"Bushing temp"``).  A text without an
    entry is shown as written."""
    if not isinstance(d, dict):
        raise r.error("translations", "expected tables like [translations.ko]")
    out: dict[str, dict[str, str]] = {}
    for code, table in d.items():
        path = f"translations.{code}"
        if not re.fullmatch(r"[a-z]{2}", str(code)):
            raise r.error(path, f"{code!r} is not a two-letter language code (e.g. ko)")
        if not isinstance(table, dict):
            raise r.error(path, "expected a table of \"English text\" = \"translation\"")
        entries: dict[str, str] = {}
        for source, text in table.items():
            if not isinstance(text, str) or not text.strip():
                raise r.error(f"{path}.{source}", "the translation must be a non-empty string")
            entries[str(source)] = text
        out[str(code)] = entries
    return out


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


def with_port(cfg: PlantConfig, host: str, port: int, *, opcua_endpoint: str | None = None) -> PlantConfig:
    """A copy of ``cfg`` whose Modbus-TCP equipment all point at ``host:port`` and, with ``opcua_endpoint``,
    whose OPC UA equipment all point at that endpoint (demo, tests)."""
    from dataclasses import replace

    lines = []
    for line in cfg.lines:
        eqs = []
        for e in line.equipment:
            conn = e.connection
            if isinstance(conn, ModbusTcp):
                conn = replace(conn, host=host, port=port)
            elif isinstance(conn, OpcUa) and opcua_endpoint:
                conn = replace(conn, endpoint=opcua_endpoint)
            eqs.append(replace(e, connection=conn))
        lines.append(replace(line, equipment=tuple(eqs)))
    return replace(cfg, lines=tuple(lines))
