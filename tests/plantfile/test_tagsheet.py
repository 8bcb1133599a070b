"""Tag sheets (CSV/XLSX) into plant files: validated as the file is, every wrong row reported by row and column,
nothing imported half-way; comments kept; atomic saves with a backup; differences by meaning."""
from __future__ import annotations

from pathlib import Path

import pytest

from hmi.config import ConfigError, demo_config_path, load_config, parse_config
from hmi.plantfile.diff import devices_changed, diff_plants
from hmi.plantfile.edit import add_tags, save_atomically
from hmi.plantfile.tagsheet import SheetError, read_sheet, tag_tables, write_template

HEADER = "Tag name,Address,Data type,Unit,Normal low,Normal high,HI,HIHI,Scale,Writable,Write min,Write max,Description"


def demo():
    return load_config(demo_config_path())


def sheet(tmp_path: Path, *rows: str, name="tags.csv", header=HEADER) -> Path:
    p = tmp_path / name
    p.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return p


def test_a_modbus_sheet_becomes_tags_as_the_file_would_define_them(tmp_path):
    plant = demo()
    press = plant.equipment_by_id("press1")
    p = sheet(tmp_path, "oil_temp,30101,int16,°C,20,60,70,80,0.1,,,,Gearbox oil",
              "clamp_set,40201,float32,bar,,,,,,yes,50,150,Clamp pressure setpoint")
    tables = tag_tables(p, press, plant.scan_classes, press.tags)
    assert tables[0]["table"] == "input_register" and tables[0]["address"] == 100  # Modicon 30101, 1-based
    assert tables[1]["table"] == "holding_register" and tables[1]["address"] == 200
    assert tables[1]["write_limits"] == {"min": 50.0, "max": 150.0}
    text, new = add_tags(demo_config_path().read_text(encoding="utf-8"), "press1", tables)
    oil = new.tag("press1.oil_temp")
    assert oil.scale == 0.1 and oil.normal_range == (20.0, 60.0) and oil.unit == "°C"
    assert [(a.kind, a.limit, a.priority) for a in oil.alarms] == [("HI", 70.0, 2), ("HIHI", 80.0, 1)]
    assert oil.alarms[1].message == "Oil temp very high"
    assert new.tag("press1.clamp_set").write_limits.max == 150.0
    # the file's comments and everything else are kept
    assert text.count("\n#") == demo_config_path().read_text(encoding="utf-8").count("\n#")
    assert len(new.tags) == len(plant.tags) + 2


def test_every_wrong_row_is_reported_by_row_and_column_and_nothing_is_imported(tmp_path):
    plant = demo()
    press = plant.equipment_by_id("press1")
    p = sheet(tmp_path,
              "good_one,30101,int16,°C,20,60,,,,,,,ok",           # row 2: fine
              "bad type,30102,int17,,,,,,,,,,",                    # row 3: name and type
              "no_limits,40301,uint16,,,,,,,yes,,,",              # row 4: writable without limits
              "low_hi,30110,float32,,50,40,,,,,,,",               # row 5: normal range upside down
              "clash,30001,float32,,,,,,,,,,",                    # row 6: overlaps bushing_temp
              "wordy,30120,int16,,,,,,abc,,,,",                   # row 7: scale not a number
              "good_one,30130,int16,,,,,,,,,,")                   # row 8: name used on row 2
    with pytest.raises(SheetError) as e:
        tag_tables(p, press, plant.scan_classes, press.tags)
    got = {(pr.row, pr.column) for pr in e.value.problems}
    assert got == {(3, "name"), (4, "write_min"), (5, "normal_low"), (6, "address"), (7, "scale"), (8, "name")}, \
        e.value.problems
    text = str(e.value)
    assert "nothing imported" in text and "row 4, column 'write_min'" in text


def test_s7_and_opcua_sheets_take_their_own_addresses(tmp_path):
    cfg = parse_config('''[plant]
name = "x"
[[lines]]
id = "l"
[[lines.equipment]]
id = "plc"
[lines.equipment.connection]
protocol = "s7"
host = "10.0.0.5"
[[lines.equipment]]
id = "cab"
[lines.equipment.connection]
protocol = "opcua"
endpoint = "opc.tcp://10.0.0.6:4840"
''', "t.toml")
    plc, cab = cfg.equipment
    s7 = sheet(tmp_path, "force,DB10.DBD14,float32,kN,0,400,420,,,,,,", "run,DB10.DBX0.0,bool,,,,,,,,,,",
               "bad,DB10.DBX4,bool,,,,,,,,,,", name="s7.csv")
    with pytest.raises(SheetError) as e:
        tag_tables(s7, plc, cfg.scan_classes)
    assert [(p.row, p.column) for p in e.value.problems] == [(4, "address")]
    assert "needs its bit" in e.value.problems[0].reason
    ok = sheet(tmp_path, "force,DB10.DBD14,float32,kN,0,400,420,,,,,,", name="s7ok.csv")
    assert tag_tables(ok, plc, cfg.scan_classes)[0]["address"] == "DB10.DBD14"
    ua = sheet(tmp_path, "state,ns=2;s=Cabinet.State,int16,,,,,,,,,,", name="ua.csv")
    assert tag_tables(ua, cab, cfg.scan_classes)[0]["node"] == "ns=2;s=Cabinet.State"
    modbus_only = sheet(tmp_path, "state,ns=2;s=X,int16,holding_register", name="ua2.csv",
                        header="name,address,type,table")
    with pytest.raises(SheetError, match="only for Modbus tags"):
        tag_tables(modbus_only, cab, cfg.scan_classes)


def test_an_xlsx_template_round_trips(tmp_path):
    pytest.importorskip("openpyxl")
    plant = parse_config('[plant]\nname = "x"\n[[lines]]\nid = "l"\n[[lines.equipment]]\nid = "m"\n'
                         '[lines.equipment.connection]\nprotocol = "modbus-tcp"\nhost = "10.0.0.7"\n', "t.toml")
    caster = plant.equipment[0]  # a new device without tags
    t = write_template(tmp_path / "tags.xlsx", "modbus")
    header, rows = read_sheet(t)
    assert header[:3] == ["name", "address", "table"] and len(rows) == 2  # the help row (#) is skipped
    tables = tag_tables(t, caster, plant.scan_classes, caster.tags)
    assert [x["name"] for x in tables] == ["bushing_temp", "spm_setpoint"]
    # an unknown column is named, not ignored
    from openpyxl import load_workbook

    wb = load_workbook(t)
    wb.active.cell(row=1, column=30, value="colour")
    wb.active.cell(row=3, column=30, value="red")
    wb.save(t)
    with pytest.raises(SheetError, match="row 1, column 'colour': unknown column"):
        tag_tables(t, caster, plant.scan_classes, caster.tags)


def test_save_is_atomic_keeps_a_backup_and_refuses_a_file_that_does_not_load(tmp_path):
    p = tmp_path / "plant.toml"
    original = demo_config_path().read_text(encoding="utf-8")
    p.write_text(original, encoding="utf-8")
    changed = original.replace('name = "Demo plant (simulated)"', 'name = "Plant 2"', 1)
    kept = save_atomically(p, changed)
    assert kept is not None and kept.read_text(encoding="utf-8") == original
    assert load_config(p).name == "Plant 2"
    with pytest.raises(ConfigError):
        save_atomically(p, changed.replace('type = "float32"', 'type = "float33"', 1))
    assert load_config(p).name == "Plant 2"  # untouched
    assert not list(tmp_path.glob(".*.tmp"))


def test_diff_by_meaning_and_which_devices_restart():
    a = demo()
    text = demo_config_path().read_text(encoding="utf-8")
    b = parse_config(text.replace("limit = 740, deadband = 2", "limit = 745, deadband = 2", 1)
                     .replace('endpoint = "opc.tcp://127.0.0.1:4841/lineside/sim"',
                              'endpoint = "opc.tcp://127.0.0.1:4842/lineside/sim"'), "b.toml")
    changes = diff_plants(a, b)
    assert ("changed device xray_cab1: connection.endpoint 'opc.tcp://127.0.0.1:4841/lineside/sim' -> "
            "'opc.tcp://127.0.0.1:4842/lineside/sim'") in {str(c) for c in changes}
    whats = {(c.what, c.field) for c in changes}
    assert whats == {("device xray_cab1", "connection.endpoint"), ("tag caster1.melt_temp", "alarms.HI.limit")}
    assert devices_changed(a, b) == {"xray_cab1", "caster1"}
    assert diff_plants(a, a) == [] and devices_changed(a, a) == set()
