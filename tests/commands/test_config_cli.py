"""`lineside config`: check, diff, template, import-tags, as a plant engineer runs them."""
from __future__ import annotations

import json

from hmi.cli import main
from hmi.config import demo_config_path, load_config


def test_check_says_what_the_file_holds_or_where_it_is_wrong(tmp_path, capsys):
    assert main(["config", "check", str(demo_config_path()), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["devices_by_protocol"] == {"modbus-tcp": 2, "opcua": 1} and doc["tags"] == 37
    bad = tmp_path / "plant.toml"
    bad.write_text(demo_config_path().read_text(encoding="utf-8").replace('type = "float32"', 'type = "float33"', 1),
                   encoding="utf-8")
    assert main(["config", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "plant.toml:" in err and ".type: 'float33' is not one of" in err


def test_import_tags_from_a_sheet_writes_the_plant_file_with_a_backup(tmp_path, capsys):
    cfg = tmp_path / "plant.toml"
    cfg.write_text(demo_config_path().read_text(encoding="utf-8"), encoding="utf-8")
    sheet = tmp_path / "tags.csv"
    sheet.write_text("name;address;type;unit;hi\noil_temp;30101;int16;°C;70\ncover_open;10021;bool;;\n",
                     encoding="utf-8")
    assert main(["config", "import-tags", str(sheet), "--config", str(cfg), "--equipment", "press1", "--dry-run"]) == 0
    assert "2 tags would be added" in capsys.readouterr().out and not list(tmp_path.glob("*.bak"))
    assert main(["config", "import-tags", str(sheet), "--config", str(cfg), "--equipment", "press1",
                 "--out", str(cfg), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["imported"] == ["oil_temp", "cover_open"] and doc["backup"]
    plant = load_config(cfg)
    assert plant.tag("press1.cover_open").table == "discrete_input" and plant.tag("press1.cover_open").address == 20
    # the same sheet again: every row is already there, nothing changes
    before = cfg.read_text(encoding="utf-8")
    assert main(["config", "import-tags", str(sheet), "--config", str(cfg), "--equipment", "press1",
                 "--out", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "row 2, column 'name': 'oil_temp' is already a tag of press1" in err and "nothing imported" in err
    assert cfg.read_text(encoding="utf-8") == before
    # and the difference, by meaning
    assert main(["config", "diff", str(demo_config_path()), str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "added tag press1.oil_temp" in out and "acquisition restarts for: press1" in out


def test_template_and_usage_errors(tmp_path, capsys):
    assert main(["config", "template", "--out", str(tmp_path / "t.csv"), "--protocol", "opcua"]) == 0
    assert "ns=2;s=Cabinet.State" in (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert main(["config", "import-tags", str(tmp_path / "t.csv"), "--config", str(demo_config_path()),
                 "--equipment", "nope"]) == 1
    assert "nope: no such device" in capsys.readouterr().err


def test_test_connection_names_each_device_that_does_not_answer(tmp_path, capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = tmp_path / "plant.toml"
    cfg.write_text(f'[plant]\nname = "x"\n[[lines]]\nid = "l"\n[[lines.equipment]]\nid = "m"\n'
                   f'[lines.equipment.connection]\nprotocol = "modbus-tcp"\nhost = "127.0.0.1"\nport = {port}\n'
                   f'timeout_s = 0.3\n', encoding="utf-8")
    assert main(["config", "test", "--config", str(cfg), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc[0]["equipment"] == "m" and doc[0]["ok"] is False and doc[0]["error"]
