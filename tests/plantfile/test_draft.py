"""The plant file's draft as the Devices page edits it: every change checked by the file's own rules, all or
nothing; what a form row cannot say is kept; references follow a renamed device or tag."""
from __future__ import annotations

import struct

import pytest

from hmi.config import ConfigError, demo_config_path, parse_config
from hmi.plantfile.browse import READINGS, Reading, register_readings, tag_name_of, tag_row_of
from hmi.plantfile.draft import PlantDraft
from hmi.plantfile.tagsheet import SheetError


@pytest.fixture
def demo():
    return PlantDraft(demo_config_path().read_text(encoding="utf-8"), "plant.toml")


def test_an_empty_plant_takes_a_device_and_tags_and_its_text_loads_to_the_same_plant():
    d = PlantDraft.empty("Trial")
    assert d.plant.lines[0].equipment == () and not d.dirty
    d.set_device("line1", {"id": "press9", "name": "Press 9", "kind": "press"},
                 {"protocol": "modbus-tcp", "host": "10.0.0.9", "port": 502, "unit_id": 3})
    d.set_tag("press9", None, {"name": "oil_temp", "address": "30001", "type": "float32", "unit": "°C",
                               "normal_low": 20, "normal_high": 60, "hi": 70})
    assert d.dirty and parse_config(d.text, "x.toml").tags == d.plant.tags
    tag = d.plant.tags[0]
    assert (tag.key, tag.table, tag.address, tag.normal_range) == ("press9.oil_temp", "input_register", 0, (20.0, 60.0))
    assert [str(c) for c in d.changes()] == ["added device press9", "added tag press9.oil_temp"]
    d.mark_saved()
    assert not d.dirty and d.changes() == []


def test_a_refused_change_names_the_field_and_leaves_the_draft_as_it_was(demo):
    before = demo.text
    with pytest.raises(ConfigError, match="port"):
        demo.set_device("line1", {"id": "press2", "name": "P2", "kind": "press"},
                        {"protocol": "modbus-tcp", "host": "10.0.0.2", "port": 70000})
    with pytest.raises(ConfigError, match="used twice|already"):
        demo.set_device("line1", {"id": "press1", "name": "again", "kind": "press"},
                        {"protocol": "modbus-tcp", "host": "10.0.0.2"})
    with pytest.raises(SheetError) as err:
        demo.set_tag("press1", None, {"name": "twin", "address": "30001", "type": "float32"})
    assert err.value.problems[0].column == "address" and "overlaps" in err.value.problems[0].reason
    with pytest.raises(ConfigError):  # the line's KPIs count press1's parts: it cannot just go
        demo.remove_device("press1")
    with pytest.raises(ValueError, match="used by"):
        demo.set_scan_class("fast", None)
    assert demo.text == before and not demo.dirty


def test_editing_a_tag_keeps_its_alarm_texts_and_other_alarms_and_undo_steps_back(demo):
    tag = demo.plant.equipment_by_id("press1").tags[0]
    kinds = [a.kind for a in tag.alarms]
    row = demo.tag_form("press1", tag.name)
    assert row["hi"] == 80.0 and row["address"] == "0" and row["table"] == "input_register"
    demo.set_tag("press1", tag.name, {**row, "hi": 82.5})
    after = demo.plant.equipment_by_id("press1").tags[0]
    assert [a.kind for a in after.alarms] == kinds  # a rate alarm the row cannot say stays
    old_hi = next(a for a in tag.alarms if a.kind == "HI")
    new_hi = next(a for a in after.alarms if a.kind == "HI")
    assert new_hi.limit == 82.5 and (new_hi.message, new_hi.priority, new_hi.on_delay_s) == (
        old_hi.message, old_hi.priority, old_hi.on_delay_s)
    assert [str(c) for c in demo.changes()] == [f"changed tag press1.{tag.name}: alarms.HI.limit 80.0 -> 82.5"]
    assert "# " in demo.text.split("[[lines]]")[0]  # the file's comments stay
    assert demo.undo() and demo.changes() == [] and not demo.undo()


def test_renaming_a_device_carries_its_references_along():
    d = PlantDraft(demo_config_path().read_text(encoding="utf-8"), "plant.toml")
    _line, fields, conn = d.device_fields("press1")
    d.set_device("line1", {**fields, "id": "press01"}, conn, replace="press1")
    keys = {t.key for t in d.plant.tags}
    assert "press01.bushing_temp" in keys and not any(k.startswith("press1.") for k in keys)
    assert all(a.tag.startswith("press01.") for a in d.plant.alarms if "bushing" in a.tag)
    assert d.plant.lines[0].kpi.machines[0].equipment in {"press01", "caster1"}


def test_a_sheet_imports_whole_or_not_at_all(demo, tmp_path):
    sheet = tmp_path / "t.csv"
    sheet.write_text("name,address,type\nnew_a,30101,float32\nnew_b,30103,float33\n", encoding="utf-8")
    with pytest.raises(SheetError):
        demo.import_sheet("press1", sheet)
    assert not demo.dirty
    sheet.write_text("name,address,type\nnew_a,30101,float32\nnew_b,30103,uint16\n", encoding="utf-8")
    assert [t["name"] for t in demo.import_sheet("press1", sheet)] == ["new_a", "new_b"]
    assert {"press1.new_a", "press1.new_b"} <= {t.key for t in demo.plant.tags}


@pytest.mark.parametrize("value", [61.25, -3.5e-3, 1.0e6])
def test_register_readings_put_each_word_and_byte_order_side_by_side(value):
    abcd = struct.pack(">f", value)
    words = {  # how a device may lay the same float out in two registers
        "ABCD": abcd, "CDAB": abcd[2:] + abcd[:2], "BADC": bytes([abcd[1], abcd[0], abcd[3], abcd[2]]),
        "DCBA": abcd[::-1]}
    for order, raw in words.items():
        regs = list(struct.unpack(">HH", raw))
        got = register_readings(regs)[0][f"float32 {order}"]
        assert got == pytest.approx(value, rel=1e-6), order
        reading = next(r for r in READINGS if r.label == f"float32 {order}")
        row = tag_row_of(type("I", (), {"address": "holding_register 10", "type": "uint16", "name": "10",
                                         "description": ""})(), "modbus-tcp", reading)
        cfg = PlantDraft.empty()
        cfg.set_device("line1", {"id": "m", "name": "M", "kind": "press"}, {"protocol": "modbus-tcp", "host": "h"})
        cfg.set_tag("m", None, row)
        t = cfg.plant.tags[0]
        assert (t.type, t.word_order, t.byte_order, t.address) == ("float32", reading.word_order,
                                                                   reading.byte_order, 10)
    assert register_readings([1])[0]["float32 ABCD"] is None  # a 32-bit reading needs the next register


def test_browse_names_become_valid_tag_names():
    assert tag_name_of("2:TubeVoltage") == "tube_voltage"
    assert tag_name_of("holding_register 10") == "holding_register_10"
    assert tag_name_of("3") == "tag_3"
    assert Reading("x", "int16").words == 1
