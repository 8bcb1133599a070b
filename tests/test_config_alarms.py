"""Alarm definitions in the plant file: typed AlarmConfig / CommAlarmConfig, and every mistake names
file, line and field (``lines[0].equipment[0].tags[0].alarms[1].limit``)."""
import dataclasses

import pytest

from hmi.config import AlarmConfig, CommAlarmConfig, ConfigError, SuppressionConfig, demo_config_path, load_config, \
    parse_config

GOOD = """\
[plant]
name = "Alarm config plant"

[[lines]]
id = "l1"

[[lines.equipment]]
id = "press1"
name = "Press 1"
comm_alarm = { priority = 1, on_delay_s = 3 }

[lines.equipment.connection]
protocol = "modbus-tcp"
host = "10.0.0.5"

[[lines.equipment.tags]]
name = "temp"
table = "input_register"
address = 0
type = "float32"
alarms = [
  { kind = "HI", limit = 80, deadband = 1.0, on_delay_s = 5, priority = 2, message = "Temp high", cause = "Lube", action = "Check lube" },
  { kind = "HIHI", limit = 95, priority = 1, latching = true },
  { kind = "ROC", rate_per_min = 2, window_s = 120, direction = "rise" },
]

[[lines.equipment.tags]]
name = "state"
table = "input_register"
address = 2
alarms = [ { kind = "DIGITAL", state = 2, priority = 2, message = "Fault" } ]

[[lines.equipment.tags]]
name = "lube"
table = "input_register"
address = 3
scale = 0.01
alarms = [
  { kind = "lo", limit = 2.5, off_delay_s = 2, suppressed_by_design = { tag = "state", equals = 0 } },
  { kind = "LOLO", limit = 1.5, suppressed_by_design = { tag = "press2.run", equals = false } },
]

[[lines.equipment]]
id = "press2"
comm_alarm = false

[lines.equipment.connection]
protocol = "modbus-tcp"
host = "10.0.0.6"

[[lines.equipment.tags]]
name = "run"
table = "coil"
address = 0
alarms = [ { kind = "DIGITAL", state = true, priority = 4 } ]
"""


def _error(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "plant.toml")
    return info.value


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_alarms_are_typed_and_frozen():
    cfg = parse_config(GOOD, "plant.toml")
    hi, hihi, roc = cfg.tag("press1.temp").alarms
    assert isinstance(hi, AlarmConfig)
    assert (hi.kind, hi.limit, hi.deadband, hi.on_delay_s, hi.priority, hi.message, hi.cause, hi.action) == \
           ("HI", 80.0, 1.0, 5.0, 2, "Temp high", "Lube", "Check lube")
    assert hi.id == "press1.temp.hi" and hi.tag == "press1.temp" and hi.equipment_id == "press1"
    assert hihi.latching and hihi.priority == 1 and not hi.latching
    assert (roc.kind, roc.rate_per_min, roc.window_s, roc.direction, roc.priority) == ("ROC", 2.0, 120.0, "rise", 3)
    (dig,) = cfg.tag("press1.state").alarms
    assert dig.state == 2 and dig.id == "press1.state.digital"
    lo, lolo = cfg.tag("press1.lube").alarms
    assert lo.kind == "LO" and lo.off_delay_s == 2.0  # kind is case-insensitive
    assert lo.suppressed_by_design == SuppressionConfig(tag="press1.state", equals=0)  # local name resolved
    assert lolo.suppressed_by_design == SuppressionConfig(tag="press2.run", equals=False)
    assert cfg.tag("press2.run").alarms[0].state is True
    assert [a.id for a in cfg.alarms][:3] == ["press1.temp.hi", "press1.temp.hihi", "press1.temp.roc"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        hi.limit = 1.0  # type: ignore[misc]


def test_comm_alarm_per_equipment():
    cfg = parse_config(GOOD, "plant.toml")
    p1, p2 = cfg.equipment
    assert p1.comm_alarm == CommAlarmConfig(enabled=True, priority=1, on_delay_s=3.0,
                                            message="Communication failure: Press 1")
    assert not p2.comm_alarm.enabled
    no_key = parse_config(GOOD.replace("comm_alarm = { priority = 1, on_delay_s = 3 }\n", ""), "plant.toml")
    assert no_key.equipment[0].comm_alarm.enabled and no_key.equipment[0].comm_alarm.priority == 2  # automatic


def test_demo_plant_alarms():
    cfg = load_config(demo_config_path())
    ids = {a.id for a in cfg.alarms}
    assert {"press1.bushing_temp.hi", "press1.bushing_temp.hihi", "press1.bushing_temp.roc", "press1.vibration_rms.hi",
            "press1.lube_pressure.lo", "caster1.melt_temp.hi", "caster1.melt_temp.lo", "caster1.die_temp.hi",
            "caster1.die_temp.lo"} <= ids
    roc = next(a for a in cfg.alarms if a.id == "press1.bushing_temp.roc")
    assert roc.rate_per_min == 2.0 and roc.direction == "rise"
    assert all(e.comm_alarm.enabled for e in cfg.equipment)


ALARM1 = '{ kind = "HIHI", limit = 95, priority = 1, latching = true }'


@pytest.mark.parametrize(
    "old,new,field,reason",
    [
        (ALARM1, '{ kind = "HIHI", limit = "95", priority = 1 }', "tags[0].alarms[1].limit", "a number"),
        (ALARM1, '{ kind = "HIHI", priority = 1 }', "tags[0].alarms[1].limit", "required field is missing"),
        (ALARM1, '{ kind = "HIHI", limit = 75, priority = 1 }', "tags[0].alarms[1].limit", "above the HI limit"),
        (ALARM1, '{ kind = "HIGH", limit = 95 }', "tags[0].alarms[1].kind", "not one of"),
        (ALARM1, '{ kind = "HIHI", limit = 95, priority = 5 }', "tags[0].alarms[1].priority", "outside 1"),
        (ALARM1, '{ kind = "HIHI", limit = 95, lmit = 3 }', "tags[0].alarms[1].lmit", "unknown field"),
        (ALARM1, '{ kind = "HIHI", limit = 95, state = 2 }', "tags[0].alarms[1].state", "does not apply"),
        (ALARM1, '{ kind = "HIHI", limit = 95, on_delay_s = -1 }', "tags[0].alarms[1].on_delay_s", "negative"),
        (ALARM1, '{ kind = "HIHI", limit = 95, latching = "yes" }', "tags[0].alarms[1].latching", "true or false"),
        (ALARM1, '{ kind = "HI", limit = 90 }', "tags[0].alarms[1].kind", "used twice"),
        (ALARM1, '{ kind = "HIHI", limit = 95, suppressed_by_design = { tag = "nope", equals = 0 } }',
         "tags[0].alarms[1].suppressed_by_design.tag", "no tag 'press1.nope'"),
        ('window_s = 120, direction = "rise"', 'window_s = 120, direction = "up"', "tags[0].alarms[2].direction",
         "not one of"),
        ('rate_per_min = 2,', 'rate_per_min = 0,', "tags[0].alarms[2].rate_per_min", "greater than 0"),
        ('{ kind = "DIGITAL", state = 2, priority = 2, message = "Fault" }', '{ kind = "DIGITAL", state = true }',
         "tags[1].alarms[0].state", "integer state"),
        ('{ kind = "DIGITAL", state = true, priority = 4 }', '{ kind = "HI", limit = 1 }', "tags[0].alarms[0].kind",
         "numeric tag"),
        ('{ kind = "DIGITAL", state = true, priority = 4 }', '{ kind = "DIGITAL", state = 1 }',
         "tags[0].alarms[0].state", "true or false"),
        ("comm_alarm = { priority = 1, on_delay_s = 3 }", "comm_alarm = { priority = 0 }", "comm_alarm.priority",
         "outside 1"),
        ("comm_alarm = { priority = 1, on_delay_s = 3 }", "comm_alarm = { prio = 1 }", "comm_alarm.prio",
         "unknown field"),
    ],
)
def test_alarm_errors_name_file_line_and_field(old, new, field, reason):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    err = _error(text)
    assert err.file == "plant.toml"
    assert err.field.endswith(field) and err.field.startswith("lines[0].equipment[")
    assert err.line == _line_of(text, new)  # the line of that alarm, not just the `alarms = [` line
    assert reason in str(err)
    assert str(err).startswith(f"plant.toml:{err.line}: {err.field}: ")


def test_full_path_of_an_alarm_field():
    text = GOOD.replace(ALARM1, '{ kind = "HIHI", limit = "high" }')
    err = _error(text)
    assert err.field == "lines[0].equipment[0].tags[0].alarms[1].limit"
    assert err.line == _line_of(text, 'limit = "high"')


def test_alarm_that_is_not_a_table():
    text = GOOD.replace('alarms = [ { kind = "DIGITAL", state = 2, priority = 2, message = "Fault" } ]',
                        'alarms = [ "HI" ]')
    err = _error(text)
    assert err.field == "lines[0].equipment[0].tags[1].alarms[0]" and "expected a table" in str(err)
    assert err.line == _line_of(text, 'alarms = [ "HI" ]')


def test_alarms_inside_a_table_header_layout():
    """Alarms written as [[lines.equipment.tags.alarms]] tables are located by their headers."""
    text = GOOD.replace(
        'alarms = [ { kind = "DIGITAL", state = 2, priority = 2, message = "Fault" } ]',
        '[[lines.equipment.tags.alarms]]\nkind = "DIGITAL"\nstate = 2\n\n[[lines.equipment.tags.alarms]]\n'
        'kind = "DIGITAL"\nname = "stopped"\nstate = "zero"')
    err = _error(text)
    assert err.field == "lines[0].equipment[0].tags[1].alarms[1].state"
    assert err.line == _line_of(text, 'state = "zero"')
