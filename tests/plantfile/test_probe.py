"""'Test connection' against real peers: a Modbus simulator, asyncua's OPC UA server, snap7's S7 server, and a
port where nothing listens."""
from __future__ import annotations

import socket

import pytest

from hmi.config import demo_config_path, load_config, parse_config
from hmi.plantfile.probe import test_connection as probe


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_modbus_and_opcua_machines_of_the_demo_answer_with_latency():
    from hmi.equipment.simulator import LineSimulator

    plant = load_config(demo_config_path())
    sim = LineSimulator(plant, port=0, speed=1.0)
    sim.start()
    try:
        served = sim.served_plant()
        press = probe(served.equipment_by_id("press1"))
        assert press.ok and press.latency_ms is not None and press.latency_ms < 1000, press
        assert "answers in" in press.text()
        cab = probe(served.equipment_by_id("xray_cab1"))
        assert cab.ok and cab.identity.get("product"), cab  # the server's BuildInfo
    finally:
        sim.stop()


def test_a_device_that_is_not_there_is_a_clear_no_not_an_exception():
    text = (f'[plant]\nname = "x"\n[[lines]]\nid = "l"\n[[lines.equipment]]\nid = "m"\n[lines.equipment.connection]\n'
            f'protocol = "modbus-tcp"\nhost = "127.0.0.1"\nport = {_closed_port()}\ntimeout_s = 0.3\n'
            f'[[lines.equipment]]\nid = "u"\n[lines.equipment.connection]\nprotocol = "opcua"\n'
            f'endpoint = "opc.tcp://127.0.0.1:{_closed_port()}"\ntimeout_s = 0.3\n'
            f'[[lines.equipment]]\nid = "s"\n[lines.equipment.connection]\nprotocol = "s7"\nhost = "127.0.0.1"\n'
            f'port = {_closed_port()}\ntimeout_s = 0.3\n')
    for eq in parse_config(text, "t.toml").equipment:
        r = probe(eq)
        assert not r.ok and r.error and r.latency_ms is None, r
        assert r.text().startswith(f"{eq.id}: no answer: ")


def test_an_s7_cpu_says_what_it_is():
    pytest.importorskip("snap7")
    from tests.equipment.test_s7 import S7Peer, s7_plant

    peer = S7Peer().start()
    try:
        r = probe(parse_config(s7_plant(peer.port), "t.toml").equipment[0])
        assert r.ok and r.identity.get("cpu_state"), r
    finally:
        peer.stop()
