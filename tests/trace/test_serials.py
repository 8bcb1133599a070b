"""Serial format validation: pattern and check digits; the [trace] configuration."""
from __future__ import annotations

import pytest

from hmi.config import ConfigError, demo_config_path, load_config, parse_config
from hmi.trace.serials import SerialFormat, luhn_check_char, mod37_36_check_char


def test_check_digit_algorithms_known_values():
    assert luhn_check_char("7992739871") == "3"
    assert mod37_36_check_char("A12425GABC1234002") == "M"  # ISO/IEC 7064 hybrid MOD 37,36 example
    with pytest.raises(ValueError):
        luhn_check_char("12A")


def test_pattern_and_check_digit():
    fmt = SerialFormat(r"[0-9]{11}", "luhn")
    assert fmt.problem("79927398713") is None
    assert "check digit" in fmt.problem("79927398710")
    assert "does not match" in fmt.problem("7992739871")
    assert SerialFormat(None, "iso7064-mod37-36").is_valid("A12425GABC1234002M")
    assert not SerialFormat(None, "iso7064-mod37-36").is_valid("A12425GABC1234002N")
    assert SerialFormat().problem("") == "empty serial"
    with pytest.raises(ValueError):
        SerialFormat(None, "crc32")


def test_scanner_input_is_normalised():
    assert SerialFormat.normalise(" c1251123 00042\r\n") == "C125112300042"


def test_demo_plant_trace_config():
    plant = load_config(demo_config_path())
    st = plant.trace.stations[0]
    assert (st.equipment, st.trigger, st.serial, st.result, st.lot, st.lot_kind) == (
        "caster1", "part_done", "part_serial", "part_ok", "heat_number", "heat")
    assert SerialFormat.from_config(plant.trace).is_valid("C125112300042")


BASE = '''
[plant]
name = "p"
[[lines]]
id = "l1"
[[lines.equipment]]
id = "m1"
[lines.equipment.connection]
protocol = "modbus-tcp"
host = "127.0.0.1"
[[lines.equipment.tags]]
name = "done"
table = "input_register"
address = 0
[[lines.equipment.tags]]
name = "sn"
table = "input_register"
address = 1
type = "string"
length = 4
'''


def test_trace_config_errors_name_line_and_field():
    ok = parse_config(BASE + '[trace]\nserial_pattern = "X[0-9]+"\ncheck_digit = "luhn"\n'
                      '[[trace.stations]]\nequipment = "m1"\ntrigger = "done"\nserial = "sn"\n')
    assert ok.trace.stations[0].id == "m1" and ok.trace.stations[0].step == "m1"
    with pytest.raises(ConfigError, match=r"trace.stations\[0\].trigger: no tag 'nope' on m1"):
        parse_config(BASE + '[[trace.stations]]\nequipment = "m1"\ntrigger = "nope"\nserial = "sn"\n')
    with pytest.raises(ConfigError, match=r"trace.stations\[0\].equipment: no equipment 'm9'"):
        parse_config(BASE + '[[trace.stations]]\nequipment = "m9"\ntrigger = "done"\nserial = "sn"\n')
    with pytest.raises(ConfigError, match="trace.serial_pattern: not a regular expression"):
        parse_config(BASE + '[trace]\nserial_pattern = "X[0-9"\n')
    with pytest.raises(ConfigError, match="trace.check_digit"):
        parse_config(BASE + '[trace]\ncheck_digit = "crc"\n')
    text = BASE + '[[trace.stations]]\nequipment = "m1"\ntrigger = "done"\nserial = "sn"\nparameters = ["done", "x"]\n'
    line = text.splitlines().index('parameters = ["done", "x"]') + 1
    with pytest.raises(ConfigError, match=rf"^p.toml:{line}: trace.stations\[0\].parameters\[1\]: no tag 'x' on m1"):
        parse_config(text, "p.toml")
