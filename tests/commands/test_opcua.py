"""`lineside opcua`: the station's certificate, the trust list, browsing a configured server."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("asyncua")

from hmi.cli import main  # noqa: E402
from hmi.equipment.opcua import Pki  # noqa: E402


def test_own_certificate_trust_and_untrust_from_the_command_line(tmp_path, capsys):
    pki = tmp_path / "pki"
    assert main(["opcua", "own-cert", "--pki", str(pki), "--out", str(tmp_path / "station.der")]) == 0
    own = (tmp_path / "station.der").read_bytes()
    # a server certificate that was refused at connect time: kept under rejected/ by its thumbprint
    store = Pki(pki)
    path = store.reject(own)  # any certificate will do for the list's handling
    capsys.readouterr()
    assert main(["opcua", "certs", "--pki", str(pki), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["list"] for r in rows} == {"own", "rejected"}
    thumb = Pki.thumbprint(own)
    assert main(["opcua", "trust", thumb[:8], "--pki", str(pki)]) == 0
    assert store.is_trusted(own) and not path.exists()
    assert main(["opcua", "untrust", thumb[:8], "--pki", str(pki)]) == 0
    assert not store.is_trusted(own)
    assert main(["opcua", "trust", "0000", "--pki", str(pki)]) == 1
    assert "no rejected certificate matches" in capsys.readouterr().err


def test_browse_a_configured_server(tmp_path, capsys):
    from tests.equipment.opcua_peers import AsyncuaPeer
    from tests.equipment.test_opcua import opcua_plant

    peer = AsyncuaPeer().start()
    try:
        cfg = tmp_path / "plant.toml"
        cfg.write_text(opcua_plant(peer.endpoint))
        assert main(["opcua", "browse", "--config", str(cfg), "--equipment", "xr", "ns=2;s=Cabinet", "--json"]) == 0
        items = {i["name"]: i for i in json.loads(capsys.readouterr().out)}
        assert items["2:Int32"]["type"] == "int32" and items["2:Int32"]["value"] == -2_000_000_123
        assert main(["opcua", "browse", "--config", str(cfg), "--equipment", "nope"]) == 1
        assert "no such equipment" in capsys.readouterr().err
    finally:
        peer.stop()
