"""The [lines.kpi] section of the plant configuration: typed, validated, errors name file:line: field."""
import pytest

from hmi.config import ConfigError, demo_config_path, load_config, parse_config

BASE = """[plant]
name = "p"
[[lines]]
id = "L1"
[lines.kpi]
{kpi}
[[lines.equipment]]
id = "m1"
[lines.equipment.connection]
protocol = "modbus-tcp"
host = "127.0.0.1"
[[lines.equipment.tags]]
name = "state"
table = "input_register"
address = 0
[[lines.equipment.tags]]
name = "good_count"
table = "input_register"
address = 1
type = "uint32"
[[lines.equipment.tags]]
name = "defect_count"
table = "input_register"
address = 3
type = "uint32"
"""
OK = """machines = [{ equipment = "m1", planned_cycle_s = 4 }]
shifts = [{ name = "a", start = "06:00", end = "14:00", crew = 2, breaks = [["10:00", "10:30"]] }]"""


def test_demo_plant_target_table():
    kc = load_config(demo_config_path()).lines[0].kpi
    rows = {t.kpi: (t.baseline, t.target, t.unit, t.direction) for t in kc.targets}
    assert rows == {"units_per_hour": (1450, 1600, "1/h", "higher"), "defects_per_hour": (30, 15, "1/h", "lower"),
                    "return_rate": (6, 3, "%/month", "lower"),
                    "man_hours_per_unit": (2.0, 1.7, "h/1000 units", "lower"),
                    "good_per_hour": (1420, 1580, "1/h", "higher")}
    assert sum(t.weight for t in kc.targets) == pytest.approx(1.0)
    assert {t.kpi: t.scale for t in kc.targets}["return_rate"] == 100   # a "%" unit shows fractions as percent
    assert [r.code for r in kc.reasons if r.planned] == ["planned maintenance", "cleaning"]


def test_minimal_section_and_defaults():
    kc = parse_config(BASE.format(kpi=OK)).lines[0].kpi
    assert kc.output == "m1" and kc.timezone == "local" and kc.machines[0].counter_modulus == 2 ** 32
    assert kc.shifts[0].breaks == (("10:00", "10:30"),) and kc.workdays == tuple(range(7))


@pytest.mark.parametrize("extra, line, field, reason", [
    ('machines = [{ equipment = "m9", planned_cycle_s = 4 }]\nshifts = []', 6, "lines[0].kpi.machines[0].equipment",
     "no equipment 'm9'"),
    (OK + '\ntimezone = "Mars/Olympus"', 8, "lines[0].kpi.timezone", "not a time zone"),
    (OK.replace('"06:00"', '"6h"'), 7, "lines[0].kpi.shifts[0].start", "HH:MM"),
    (OK + '\ntargets = [{ kpi = "oee", baseline = 0.8, target = 0.6, direction = "higher" }]', 8,
     "lines[0].kpi.targets[0].target", "below the baseline"),
    (OK + '\ntargets = [{ kpi = "happiness", baseline = 1, target = 2 }]', 8, "lines[0].kpi.targets[0].kpi",
     "not one of"),
    (OK + '\nreasons = [{ code = "x" }, { code = "x" }]', 8, "lines[0].kpi.reasons", "unique"),
    (OK + '\noutput = "m2"', 8, "lines[0].kpi.output", "not one of the KPI machines"),
    ('machines = [{ equipment = "m1", planned_cycle_s = 4, planned_rate_tag = "spm" }]\nshifts = []', 6,
     "lines[0].kpi.machines[0].planned_rate_tag", "no numeric tag 'spm'"),
])
def test_errors_name_file_line_and_field(extra, line, field, reason):
    with pytest.raises(ConfigError) as e:
        parse_config(BASE.format(kpi=extra), "plant.toml")
    msg = str(e.value)
    assert msg.startswith(f"plant.toml:{line}: {field}: ") and reason in msg, msg
