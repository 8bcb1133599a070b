"""The OPC UA driver against real peers: asyncua's own server (Python) and node-opcua (Node.js, a second,
independent OPC UA stack; skipped with the reason when Node.js or the package is missing)."""
from __future__ import annotations

import logging
import math
import time

import pytest

pytest.importorskip("asyncua")

from hmi.config import parse_config  # noqa: E402
from hmi.equipment.model import Quality  # noqa: E402
from hmi.equipment.opcua import Pki, status_quality  # noqa: E402
from hmi.equipment.poller import Poller  # noqa: E402
from tests.equipment.conftest import Collector, wait_for  # noqa: E402
from tests.equipment.opcua_peers import (VALUES, AsyncuaPeer, AsyncuaPeerProcess, NodeOpcuaPeer, node_opcua_missing,  # noqa: E402
                                         wait_port)

GOOD, BAD, COMM_FAIL = Quality.GOOD, Quality.BAD, Quality.COMM_FAIL

logging.getLogger("asyncua").setLevel(logging.ERROR)


def opcua_plant(endpoint: str, *, mode: str = "subscribe", extra_conn: str = "", also: str = "",
                browse_path: bool = False) -> str:
    tags = []
    for name, (typ, _ua, _v) in VALUES.items():
        limits = "" if typ in ("bool", "string") else "write_limits = { min = -5e9, max = 5e9 }\n"
        tags.append(f'[[lines.equipment.tags]]\nname = "{name.lower()}"\nnode = "ns=2;s=Cabinet.{name}"\n'
                    f'type = "{typ}"\nmode = "{mode}"\nwritable = true\nscan_class = "fast"\n{limits}')
    node = "Objects/2:Cabinet/2:Counter" if browse_path else "ns=2;s=Cabinet.Counter"
    tags.append(f'[[lines.equipment.tags]]\nname = "counter"\nnode = "{node}"\ntype = "uint32"\nmode = "{mode}"\n'
                f'scan_class = "fast"\n')
    tags.append('[[lines.equipment.tags]]\nname = "bad"\nnode = "ns=2;s=Cabinet.Bad"\nmode = "poll"\n'
                'scan_class = "fast"\n')
    return (f'[plant]\nname = "opc test"\n[[lines]]\nid = "l"\n[[lines.equipment]]\nid = "xr"\n'
            f'[lines.equipment.connection]\nprotocol = "opcua"\nendpoint = "{endpoint}"\ntimeout_s = 1.0\n{extra_conn}\n'
            + "\n".join(tags) + also)


@pytest.fixture
def asyncua_peer():
    peer = AsyncuaPeer().start()
    yield peer
    peer.stop()


@pytest.fixture(scope="module")
def node_peer():
    why = node_opcua_missing()
    if why:
        pytest.skip(why)
    peer = NodeOpcuaPeer().start()
    yield peer
    peer.stop()


def _served(peer_kind: str, request):
    return request.getfixturevalue("asyncua_peer" if peer_kind == "asyncua" else "node_peer")


def _check_values(p: Poller) -> None:
    latest = p.latest()
    for name, (typ, _ua, value) in VALUES.items():
        s = latest[f"xr.{name.lower()}"]
        assert s.quality == GOOD, (name, s)
        if typ == "float32":
            assert s.value == pytest.approx(value, rel=1e-7)
        elif typ == "float64":
            assert s.value == value and isinstance(s.value, float)
        else:
            assert s.value == value and type(s.value) is type(value), (name, s.value)
    bad = latest["xr.bad"]
    assert bad.quality == BAD and bad.value is None and "BadSensorFailure" in bad.error


@pytest.mark.parametrize("peer_kind", ["asyncua", "node-opcua"])
@pytest.mark.parametrize("mode", ["subscribe", "poll"])
def test_every_type_reads_as_the_peer_serves_it(peer_kind, mode, request, run_poller):
    peer = _served(peer_kind, request)
    p, c = run_poller(opcua_plant(peer.endpoint, mode=mode, browse_path=True))
    wait_for(lambda: len([s for s in p.latest().values() if s.quality != COMM_FAIL]) == len(VALUES) + 2, 10)
    _check_values(p)
    first = c.last_good("xr.counter").value
    wait_for(lambda: c.last_good("xr.counter").value >= first + 5, 5)  # a live value keeps coming
    st = p.device_status()["xr"]
    assert st.connected and st.protocol == "opcua"
    assert (st.updates if mode == "subscribe" else st.reads_ok) > 0


@pytest.mark.parametrize("peer_kind", ["asyncua", "node-opcua"])
def test_writes_are_read_back_and_reach_the_peer(peer_kind, request, run_poller):
    peer = _served(peer_kind, request)
    p, _c = run_poller(opcua_plant(peer.endpoint))
    wait_for(lambda: p.device_status()["xr"].connected and "xr.float" in p.latest(), 10)
    new = {"flag": False, "int16": 321, "uint16": 12, "int32": -7, "uint32": 3_000_000_000, "float": 0.5,
           "double": 2.718281828459045, "text": "LOT 7"}
    try:
        for name, value in new.items():
            res = p.write(f"xr.{name}", value).result(10)
            assert res.ok, res
            assert res.read_back == value and p.latest()[f"xr.{name}"].value == value
    finally:
        for name, (typ, _ua, value) in VALUES.items():  # the module-wide node-opcua peer serves the others too
            p.write(f"xr.{name.lower()}", value).result(10)
    with pytest.raises(Exception, match="does not fit int16"):
        p.write("xr.int16", 40000).result(5)


def test_status_codes_map_to_lineside_qualities():
    from asyncua import ua

    assert status_quality(ua.StatusCode(ua.StatusCodes.Good)) == (GOOD, None)
    assert status_quality(ua.StatusCode(ua.StatusCodes.UncertainLastUsableValue)) == (
        Quality.STALE, "UncertainLastUsableValue")
    assert status_quality(ua.StatusCode(ua.StatusCodes.BadCommunicationError))[0] == COMM_FAIL
    assert status_quality(ua.StatusCode(ua.StatusCodes.BadNotConnected))[0] == COMM_FAIL
    assert status_quality(ua.StatusCode(ua.StatusCodes.BadSensorFailure)) == (BAD, "BadSensorFailure")
    assert status_quality(ua.StatusCode(ua.StatusCodes.BadNodeIdUnknown)) == (BAD, "BadNodeIdUnknown")


def test_a_node_that_does_not_exist_is_bad_and_the_others_are_good(asyncua_peer, run_poller):
    also = ('[[lines.equipment.tags]]\nname = "ghost"\nnode = "ns=2;s=Cabinet.Nothing"\nmode = "poll"\n'
            '[[lines.equipment.tags]]\nname = "ghost_sub"\nnode = "ns=2;s=Cabinet.Nothing2"\n')
    p, _c = run_poller(opcua_plant(asyncua_peer.endpoint, also=also))
    wait_for(lambda: "xr.ghost" in p.latest() and "xr.ghost_sub" in p.latest() and "xr.flag" in p.latest()
             and p.latest()["xr.flag"].quality == GOOD, 10)
    for k in ("xr.ghost", "xr.ghost_sub"):
        s = p.latest()[k]
        assert s.quality == BAD and "BadNodeIdUnknown" in s.error, s


def test_browse_shows_objects_variables_types_and_values(asyncua_peer, run_poller):
    p, _c = run_poller(opcua_plant(asyncua_peer.endpoint))
    wait_for(lambda: p.device_status()["xr"].connected, 10)
    top = p.browse("xr").result(10)
    cab = [i for i in top if i.name == "2:Cabinet"]
    assert cab and cab[0].kind == "object" and cab[0].has_children
    items = {i.name: i for i in p.browse("xr", cab[0].address).result(10)}
    for name, (typ, _ua, value) in VALUES.items():
        it = items[f"2:{name}"]
        assert it.kind == "variable" and it.type == typ and it.writable and it.address == f"ns=2;s=Cabinet.{name}"
        assert it.value == pytest.approx(value) if isinstance(value, float) else it.value == value


def other_device(endpoint: str, mode: str) -> str:
    """A second OPC UA device ("other") reading the peer's counter every 100 ms, to append to a plant's text."""
    return (f'\n[[lines.equipment]]\nid = "other"\n[lines.equipment.connection]\nprotocol = "opcua"\n'
            f'endpoint = "{endpoint}"\n[[lines.equipment.tags]]\nname = "counter"\n'
            f'node = "ns=2;s=Cabinet.Counter"\ntype = "uint32"\nmode = "{mode}"\nscan_class = "fast"\n')


def _restart_ten_times(peer, p: Poller, c: Collector, other_key: str, restart) -> list[float]:
    """Stop and start ``peer`` 10 times: every value COMM_FAIL while it is away, fresh GOOD values within 2 s
    of its return; ``other_key`` (another device) keeps arriving without a gap."""
    back = []
    for _ in range(10):
        t_stop = time.monotonic()
        restart("stop")
        wait_for(lambda: all(s.quality == COMM_FAIL for k, s in p.latest().items() if k.startswith("xr.")), 5)
        assert time.monotonic() - t_stop < 3.0
        time.sleep(0.5)
        restart("start")
        t0 = time.time()
        t_back = time.monotonic()
        wait_for(lambda: (s := p.latest().get("xr.counter")) is not None and s.quality == GOOD and s.ts > t0
                 and p.latest()["xr.flag"].quality == GOOD, 10)
        back.append(time.monotonic() - t_back)
    other = [s for s in c.samples(other_key) if s.quality == GOOD]
    gaps = [b.ts - a.ts for a, b in zip(other, other[1:])]
    assert other and max(gaps) < 1.0, max(gaps)  # the other device never waited for the dead one
    return back


def test_asyncua_peer_restarted_ten_times_values_back_within_two_seconds(run_poller):
    peer = AsyncuaPeerProcess().start()  # restarted as another machine would be, not in this interpreter
    other = AsyncuaPeer().start()
    try:
        text = opcua_plant(peer.endpoint)
        text += other_device(other.endpoint, "poll")
        p, c = run_poller(text)
        wait_for(lambda: p.device_status()["xr"].connected and p.device_status()["other"].connected, 10)
        back = _restart_ten_times(peer, p, c, "other.counter",
                                  lambda what: peer.stop() if what == "stop" else peer.start())
        assert max(back) <= 2.0, back
        assert p.device_status()["xr"].reconnects == 10
    finally:
        peer.stop()
        other.stop()


def test_node_opcua_peer_restarted_ten_times_values_back_within_two_seconds(run_poller):
    why = node_opcua_missing()
    if why:
        pytest.skip(why)
    peer = NodeOpcuaPeer().start()
    other = AsyncuaPeerProcess().start()  # the other device's server outside this interpreter, as on a real line
    try:
        text = opcua_plant(peer.endpoint)
        text += other_device(other.endpoint, "subscribe")
        p, c = run_poller(text)
        wait_for(lambda: p.device_status()["xr"].connected and p.device_status()["other"].connected, 15)

        def restart(what):
            if what == "stop":
                peer.stop()
            else:
                peer.start()  # returns once node-opcua listens
                assert wait_port(peer.port, 10)
        back = _restart_ten_times(peer, p, c, "other.counter", restart)
        assert max(back) <= 2.0, back
    finally:
        peer.stop()
        other.stop()


# ------------------------------------------------------------------------------------- security
def test_basic256sha256_needs_the_server_certificate_trusted_and_the_password(tmp_path, run_poller, monkeypatch):
    peer = AsyncuaPeer(secure=True, pki_dir=tmp_path).start()
    pki_root = tmp_path / "station-pki"
    monkeypatch.setenv("LINESIDE_TEST_OPCUA_PW", "secret")
    try:
        import hmi.equipment.opcua as opcua_mod

        monkeypatch.setattr(opcua_mod, "Pki", lambda root=None: Pki(pki_root))
        conn = ('security_policy = "Basic256Sha256"\nsecurity_mode = "SignAndEncrypt"\nusername = "operator"\n'
                'password_env = "LINESIDE_TEST_OPCUA_PW"')
        p, _c = run_poller(opcua_plant(peer.endpoint, extra_conn=conn, mode="poll"))
        # an unknown server certificate: refused, kept for review, named by its thumbprint
        wait_for(lambda: "not trusted" in (p.device_status()["xr"].last_error or ""), 10)
        assert p.latest()["xr.flag"].quality == COMM_FAIL
        pki = Pki(pki_root)
        assert pki.own_cert.is_file() and pki.own_key.is_file()  # the station's certificate, made on first use
        rejected = [e for e in pki.listing() if e["list"] == "rejected"]
        assert len(rejected) == 1 and rejected[0]["thumbprint"] == Pki.thumbprint(peer.cert_der)
        pki.trust(rejected[0]["thumbprint"][:10])
        wait_for(lambda: p.latest()["xr.flag"].quality == GOOD, 10)
        _check_values(p)
        assert p.write("xr.int16", 99).result(10).ok
    finally:
        peer.stop()


def test_a_wrong_password_is_refused_with_a_reason(tmp_path, run_poller, monkeypatch):
    peer = AsyncuaPeer(secure=True, pki_dir=tmp_path).start()
    pki_root = tmp_path / "station-pki"
    try:
        import hmi.equipment.opcua as opcua_mod

        monkeypatch.setattr(opcua_mod, "Pki", lambda root=None: Pki(pki_root))
        Pki(pki_root).trusted_dir.mkdir(parents=True)
        (Pki(pki_root).trusted_dir / "server.der").write_bytes(peer.cert_der)
        conn = 'security_policy = "Basic256Sha256"\nsecurity_mode = "Sign"\nusername = "operator"\npassword = "wrong"'
        p, _c = run_poller(opcua_plant(peer.endpoint, extra_conn=conn, mode="poll"))
        wait_for(lambda: "cannot connect" in (p.device_status()["xr"].last_error or ""), 10)
        err = p.device_status()["xr"].last_error
        assert "Bad" in err, err
        assert p.latest()["xr.flag"].quality == COMM_FAIL
    finally:
        peer.stop()


def test_config_names_file_line_and_field_for_opcua_mistakes():
    from hmi.config import ConfigError

    base = opcua_plant("opc.tcp://127.0.0.1:4840")
    with pytest.raises(ConfigError, match=r"test_plant.toml:\d+: lines\[0\].equipment\[0\].connection.endpoint"):
        parse_config(base.replace("opc.tcp://127.0.0.1:4840", "http://x"), "test_plant.toml")
    with pytest.raises(ConfigError, match=r"security_mode.*a policy needs Sign or SignAndEncrypt"):
        parse_config(base.replace("timeout_s = 1.0", 'timeout_s = 1.0\nsecurity_policy = "Basic256Sha256"\n'
                                                     'security_mode = "None"'), "test_plant.toml")
    with pytest.raises(ConfigError, match=r"tags\[0\].node: 'Cabinet.Flag'"):
        parse_config(base.replace('node = "ns=2;s=Cabinet.Flag"', 'node = "Cabinet.Flag"'), "test_plant.toml")
    with pytest.raises(ConfigError, match=r"tags\[0\]: unknown field 'table'|tags\[0\].*table"):
        parse_config(base.replace('node = "ns=2;s=Cabinet.Flag"', 'node = "ns=2;s=Cabinet.Flag"\ntable = "coil"'),
                     "test_plant.toml")
    assert math.isfinite(parse_config(base, "t.toml").equipment[0].connection.timeout_s)
