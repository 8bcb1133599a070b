"""Plant configuration: the demo loads; every kind of mistake names file, line and field."""
import pytest

from hmi.config import (ConfigError, ModbusRtu, ModbusTcp, demo_config_path, load_config, parse_config,
                        with_port)

GOOD = """\
[plant]
name = "Test plant"
scan_classes = { fast = "100ms", slow = 10 }

[[lines]]
id = "l1"

[[lines.equipment]]
id = "press1"
kind = "press"

[lines.equipment.connection]
protocol = "modbus-tcp"
host = "10.0.0.5"
port = 502
unit_id = 3

[[lines.equipment.tags]]
name = "temp"
table = "input_register"
address = 0
type = "float32"
word_order = "little"
normal_range = [20, 80]

[[lines.equipment.tags]]
name = "run"
table = "coil"
address = 5

[[lines.equipment]]
id = "rtu1"

[lines.equipment.connection]
protocol = "modbus-rtu"
serial_port = "COM3"
baudrate = 9600
parity = "N"
unit_id = 7

[[lines.equipment.tags]]
name = "count"
table = "holding_register"
address = 100
type = "uint32"
scan_class = "slow"
"""


def test_demo_plant_loads():
    cfg = load_config(demo_config_path())
    keys = [t.key for t in cfg.tags]
    assert "press1.bushing_temp" in keys and "caster1.melt_temp" in keys
    assert len(keys) == len(set(keys))
    assert cfg.scan_classes["fast"] == pytest.approx(0.1)


def test_good_config_is_typed():
    cfg = parse_config(GOOD, "plant.toml")
    press, rtu = cfg.equipment
    assert isinstance(press.connection, ModbusTcp) and press.connection.unit_id == 3
    assert isinstance(rtu.connection, ModbusRtu) and rtu.connection.parity == "N" and rtu.connection.baudrate == 9600
    temp = cfg.tag("press1.temp")
    assert temp.type == "float32" and temp.word_order == "little" and temp.normal_range == (20.0, 80.0)
    assert temp.register_count == 2
    assert cfg.tag("press1.run").type == "bool"  # coils default to bool
    assert cfg.tag("rtu1.count").scan_class == "slow" and cfg.scan_classes["slow"] == 10.0
    moved = with_port(cfg, "127.0.0.1", 5555)
    assert moved.equipment[0].connection.port == 5555 and moved.equipment[0].connection.host == "127.0.0.1"
    assert moved.equipment[1].connection == rtu.connection


def _error(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "plant.toml")
    return info.value


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    "old,new,field,reason",
    [
        ('type = "float32"', 'type = "float33"', "lines[0].equipment[0].tags[0].type", "not one of"),
        ('address = 100', 'address = 70000', "lines[0].equipment[1].tags[0].address", "outside"),
        ('unit_id = 7', 'unit_id = "seven"', "lines[0].equipment[1].connection.unit_id", "integer"),
        ('parity = "N"', 'parity = "X"', "lines[0].equipment[1].connection.parity", "not one of"),
        ('scan_class = "slow"', 'scan_class = "medium"', "lines[0].equipment[1].tags[0].scan_class", "not a scan class"),
        ('normal_range = [20, 80]', 'normal_range = [80, 20]', "lines[0].equipment[0].tags[0].normal_range", "below"),
        ('word_order = "little"', 'word_orde = "little"', "lines[0].equipment[0].tags[0].word_orde", "unknown field"),
        ('port = 502', 'port = 0', "lines[0].equipment[0].connection.port", "outside"),
    ],
)
def test_errors_name_file_line_and_field(old, new, field, reason):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    err = _error(text)
    assert err.file == "plant.toml"
    assert err.field == field
    assert err.line == _line_of(text, new)
    assert reason in str(err)
    assert str(err).startswith(f"plant.toml:{err.line}: {field}: ")


def test_missing_required_field_points_at_its_table():
    text = GOOD.replace('address = 5\n', '', 1)
    err = _error(text)
    assert err.field == "lines[0].equipment[0].tags[1].address"
    assert "missing" in str(err)
    assert err.line == _line_of(text, 'name = "run"') - 1  # the [[lines.equipment.tags]] header


def test_bit_table_with_register_type_is_refused():
    text = GOOD.replace('address = 5', 'address = 5\ntype = "float32"', 1)
    err = _error(text)
    assert err.field == "lines[0].equipment[0].tags[1].type" and "one bit" in str(err)


def test_duplicate_equipment_id():
    err = _error(GOOD.replace('id = "rtu1"', 'id = "press1"'))
    assert err.field == "lines[0].equipment[1].id" and "twice" in str(err)


def test_toml_syntax_error_has_line():
    text = GOOD.replace('address = 0', 'address = = 0', 1)
    err = _error(text)
    assert err.line == _line_of(text, "address = = 0")
    assert "TOML syntax" in str(err)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.toml")
    assert "nope.toml" in str(info.value) and "cannot read" in str(info.value)


@pytest.mark.parametrize(
    "new,field,reason",
    [
        # a writable analog tag without engineering limits is a configuration error, not "anything the type holds"
        ('scan_class = "slow"\nwritable = true', "lines[0].equipment[1].tags[0].write_limits", "needs write_limits"),
        ('scan_class = "slow"\nwritable = true\nwrite_limits = { min = 40, max = 20 }',
         "lines[0].equipment[1].tags[0].write_limits.max", "must be above min"),
        ('scan_class = "slow"\nwritable = true\nwrite_limits = { min = 0, max = 20, max_step = 0 }',
         "lines[0].equipment[1].tags[0].write_limits.max_step", "above 0"),
        ('scan_class = "slow"\nwrite_limits = { min = 0, max = 20 }', "lines[0].equipment[1].tags[0].write_limits",
         "only a writable numeric tag"),
        ('scan_class = "slow"\nwritable = true\nwrite_limits = { min = 0, max = 20, step = 1 }',
         "lines[0].equipment[1].tags[0].write_limits.step", "unknown field"),
    ],
)
def test_write_limits_are_required_and_checked(new, field, reason):
    text = GOOD.replace('scan_class = "slow"', new, 1)
    err = _error(text)
    assert err.field == field and reason in str(err)
    assert err.file == "plant.toml" and err.line is not None


def test_write_limits_refuse_a_value_and_a_step():
    text = GOOD.replace('scan_class = "slow"', 'scan_class = "slow"\nwritable = true\n'
                                               'write_limits = { min = 0, max = 100, max_step = 10 }', 1)
    wl = parse_config(text, "plant.toml").tag("rtu1.count").write_limits
    assert (wl.min, wl.max, wl.max_step) == (0, 100, 10)
    assert wl.check(50, 45) is None
    assert "outside the write limits 0 .. 100" in wl.check(120, 100)
    assert "at most 10 per write" in wl.check(70, 50)
    # a coil needs none
    assert parse_config(GOOD, "plant.toml").tag("press1.run").write_limits is None


def test_translations_per_language_and_their_mistakes():
    cfg = parse_config(GOOD + '\n[translations.ko]\n"Temp" = "온도"\n', "plant.toml")
    assert cfg.translations == {"ko": {"Temp": "온도"}}
    assert load_config(demo_config_path()).translations["ko"]["Press P-01 (400 t)"].startswith("프레스")
    text = GOOD + '\n[translations.korean]\n"Temp" = "온도"\n'
    err = _error(text)
    assert err.field == "translations.korean" and "two-letter" in str(err)
    text = GOOD + '\n[translations.ko]\n"Temp" = ""\n'
    err = _error(text)
    assert err.field == "translations.ko.Temp" and "non-empty" in str(err)
    assert err.line == _line_of(text, '"Temp" = ""')


@pytest.mark.parametrize(
    "old, new, field, reason",
    [
        # retention 0 or less would delete the whole historian at the next upkeep
        ('[[lines]]\nid = "l1"', '[historian]\nretention_days = -5\n\n[[lines]]\nid = "l1"', "historian.retention_days",
         "greater than 0"),
        ('normal_range = [20, 80]', 'normal_range = [20, nan]', "lines[0].equipment[0].tags[0].normal_range", "finite"),
        ('unit_id = 3', 'unit_id = 3\ntimeout_s = nan', "lines[0].equipment[0].connection.timeout_s", "finite"),
        ('host = "10.0.0.5"', 'host = ""', "lines[0].equipment[0].connection.host", "empty"),
        ('address = 100\ntype = "uint32"', 'address = 65535\ntype = "uint32"', "lines[0].equipment[1].tags[0].address",
         "past 65535"),
        ('table = "input_register"\naddress = 0', 'table = "input_register"\nwritable = true\naddress = 0',
         "lines[0].equipment[0].tags[0].writable", "read-only"),
    ],
)
def test_strict_values_name_file_line_and_field(old, new, field, reason):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    err = _error(text)
    assert err.field == field and reason in str(err), str(err)
    assert err.line is not None


def test_overlapping_registers_and_duplicate_lines_and_bad_entries_are_refused():
    overlap = GOOD.replace('name = "run"\ntable = "coil"\naddress = 5',
                           'name = "run"\ntable = "coil"\naddress = 5\n\n[[lines.equipment.tags]]\n'
                           'name = "temp2"\ntable = "input_register"\naddress = 1\ntype = "uint16"', 1)
    err = _error(overlap)
    assert err.field == "lines[0].equipment[0].tags[2].address" and "overlaps tag 'temp'" in str(err)
    twice = GOOD + '\n[[lines]]\nid = "l1"\n'
    err = _error(twice)
    assert err.field == "lines[1].id" and "used twice" in str(err)
    err = _error('lines = [1]\n\n[plant]\nname = "p"\n')
    assert err.field == "lines[0]" and "expected a table" in str(err)


def test_hi_below_lo_is_refused():
    text = GOOD.replace('normal_range = [20, 80]', 'normal_range = [20, 80]\nalarms = [{ kind = "HI", limit = 10 }, '
                                                   '{ kind = "LO", limit = 30 }]', 1)
    err = _error(text)
    assert err.field == "lines[0].equipment[0].tags[0].alarms[0].limit" and "above the LO limit 30" in str(err)


def test_security_rules_are_set_in_the_plant_file_and_checked():
    text = GOOD.replace('[[lines]]\nid = "l1"', '[security]\nmin_password_len = 12\nmin_pin_len = 6\n'
                        'lockout_after = 5\nlockout_minutes = 30\nidle_logout_minutes = 2\n\n[[lines]]\nid = "l1"', 1)
    sec = parse_config(text, "plant.toml").security
    assert (sec.min_password_len, sec.min_pin_len, sec.lockout_after, sec.lockout_minutes,
            sec.idle_logout_minutes) == (12, 6, 5, 30.0, 2.0)
    assert parse_config(GOOD, "plant.toml").security.min_password_len == 8  # the defaults
    for bad, field in (("min_password_len = 4", "security.min_password_len"),
                       ("lockout_after = 1000", "security.lockout_after"),
                       ("lockout_minutes = 0", "security.lockout_minutes"),
                       ("min_pin = 6", "security.min_pin")):
        t = GOOD.replace('[[lines]]\nid = "l1"', f'[security]\n{bad}\n\n[[lines]]\nid = "l1"', 1)
        err = _error(t)
        assert err.field == field and err.line == _line_of(t, bad.split(" =")[0]), (bad, str(err))


def test_the_runtime_applies_the_plant_files_security_rules(tmp_path):
    import dataclasses

    from hmi.config import SecurityConfig
    from hmi.runtime import Runtime
    from hmi.security import UserError
    from hmi.store.db import sqlite_url

    plant = dataclasses.replace(load_config(demo_config_path()),
                                security=SecurityConfig(min_password_len=12, min_pin_len=6, lockout_after=4,
                                                        lockout_minutes=30))
    rt = Runtime(plant, sqlite_url(tmp_path / "s.db"), data_dir=tmp_path)
    try:
        with pytest.raises(UserError, match="at least 12"):
            rt.users._check_password("eleven-char")
        with pytest.raises(UserError, match="6 to 8 digits"):
            rt.users._check_pin("4711")
        assert rt.access.throttle.account.lock_after == 4 and rt.access.throttle.account.lock_s == 1800
    finally:
        rt.engine.dispose()


SETPOINT_TAG = """
[[lines.equipment.tags]]
name = "temp_sp"
table = "holding_register"
address = 10
type = "float32"
writable = true
write_limits = { min = 20, max = 60, max_step = 5 }
"""


@pytest.mark.parametrize(
    "tag_lines,field,reason",
    [
        ('setpoint = "temp_sp"\nsetpoint_gain = 0.8', None, None),
        ('setpoint = "nope"', "lines[0].equipment[0].tags[0].setpoint", "no tag 'nope' on press1"),
        ('setpoint = "run"', "lines[0].equipment[0].tags[0].setpoint", "not a setpoint an operator may set"),
        ('setpoint = "temp_sp"\nsetpoint_gain = 0', "lines[0].equipment[0].tags[0].setpoint_gain", "other than 0"),
        ('setpoint_gain = 2', "lines[0].equipment[0].tags[0].setpoint_gain", "needs setpoint"),
    ],
)
def test_a_value_names_the_setpoint_that_moves_it(tag_lines, field, reason):
    """The forecast's advice ("raise the furnace setpoint by 8 °C") needs to know which setpoint moves a value and
    by how much: named on the value's tag, checked against the equipment's tags."""
    text = GOOD.replace('normal_range = [20, 80]', 'normal_range = [20, 80]\n' + tag_lines, 1).replace(
        '[[lines.equipment.tags]]\nname = "run"', SETPOINT_TAG.strip() + '\n\n[[lines.equipment.tags]]\nname = "run"', 1)
    if field is None:
        t = parse_config(text, "plant.toml").tag("press1.temp")
        assert (t.setpoint, t.setpoint_gain) == ("temp_sp", 0.8)
        return
    err = _error(text)
    assert err.field == field and reason in str(err)
    assert err.line == _line_of(text, "setpoint_gain" if field.endswith("gain") else "setpoint =")
