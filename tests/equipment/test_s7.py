"""The Siemens S7 driver against snap7's own S7 server (python-snap7), and its block planning."""
from __future__ import annotations

import logging
import time

import pytest

snap7 = pytest.importorskip("snap7")

from snap7 import util  # noqa: E402
from snap7.type import SrvArea  # noqa: E402

from hmi.config import ConfigError, parse_config  # noqa: E402
from hmi.equipment.model import Quality  # noqa: E402
from hmi.equipment.poller import WriteError  # noqa: E402
from hmi.equipment.s7 import MAX_BLOCK, plan_s7_blocks  # noqa: E402
from tests.equipment.conftest import free_port, wait_for  # noqa: E402

GOOD, BAD, COMM_FAIL = Quality.GOOD, Quality.BAD, Quality.COMM_FAIL
logging.getLogger("snap7").setLevel(logging.ERROR)

#: (name, address, type, extra, value served) - the values are put in the PLC's memory with snap7.util
TAGS = [
    ("run", "DB10.DBX0.0", "bool", "", True),
    ("door", "DB10.DBX0.3", "bool", "", False),
    ("count", "DB10.DBW2", "int16", "", -12345),
    ("word", "DB10.DBW4", "uint16", "", 54321),
    ("total", "DB10.DBD6", "int32", "", -2_000_000_123),
    ("dword", "DB10.DBD10", "uint32", "", 4_000_000_123),
    ("force", "DB10.DBD14", "float32", "", 3.25),
    ("energy", "DB10.DBB18", "float64", "", -1234.5678901234),
    ("part", "DB10.DBB40", "string", "length = 16\n", "WHEEL-0042"),
    ("far", "DB10.DBW120", "int16", "", 777),  # past the bridged gap: a second read
    ("merker", "MW4", "int16", "", 42),
    ("flag", "M6.1", "bool", "", True),
    ("input", "IW0", "uint16", "", 1234),
    ("output", "Q0.5", "bool", "", True),
]
SETTERS = {"bool": None, "int16": util.set_int, "uint16": util.set_word, "int32": util.set_dint,
           "uint32": util.set_udint, "float32": util.set_real, "float64": util.set_lreal}


class S7Peer:
    """snap7's S7 server on a free port with DB10, M, I and Q registered; ``stop()`` / ``start()`` restart it."""

    def __init__(self):
        self.port = free_port()
        self.areas = {"DB": bytearray(256), "M": bytearray(16), "I": bytearray(8), "Q": bytearray(8)}
        for name, address, typ, _extra, value in TAGS:
            self.put(address, typ, value)
        self.server = None

    def buf(self, address: str) -> tuple[bytearray, int, int]:
        from hmi.config import parse_s7_address

        area, _db, _w, offset, bit = parse_s7_address(address)
        return self.areas[area], offset, bit or 0

    def put(self, address: str, typ: str, value) -> None:
        b, off, bit = self.buf(address)
        if typ == "bool":
            util.set_bool(b, off, bit, value)
        elif typ == "string":
            util.set_string(b, off, value, 16)
        else:
            SETTERS[typ](b, off, value)

    def start(self) -> "S7Peer":
        self.server = snap7.Server(log=False)
        self.server.register_area(SrvArea.DB, 10, self.areas["DB"])
        self.server.register_area(SrvArea.MK, 0, self.areas["M"])
        self.server.register_area(SrvArea.PE, 0, self.areas["I"])
        self.server.register_area(SrvArea.PA, 0, self.areas["Q"])
        self.server.start(tcp_port=self.port)
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server.destroy()
            self.server = None


def s7_plant(port: int, *, eq_id: str = "plc", extra: str = "") -> str:
    tags = []
    for name, address, typ, ext, _v in TAGS:
        w = "writable = true\n" if not address.startswith("I") else ""
        if w and typ not in ("bool", "string"):
            w += "write_limits = { min = -5e9, max = 5e9 }\n"
        tags.append(f'[[lines.equipment.tags]]\nname = "{name}"\naddress = "{address}"\ntype = "{typ}"\n'
                    f'scan_class = "fast"\n{ext}{w}')
    return (f'[plant]\nname = "s7 test"\n[[lines]]\nid = "l"\n[[lines.equipment]]\nid = "{eq_id}"\n'
            f'[lines.equipment.connection]\nprotocol = "s7"\nhost = "127.0.0.1"\nport = {port}\ntimeout_s = 0.5\n'
            + "\n".join(tags) + extra)


@pytest.fixture
def peer():
    p = S7Peer().start()
    yield p
    p.stop()


def test_every_type_and_area_reads_as_the_plc_holds_it(peer, run_poller):
    p, _c = run_poller(s7_plant(peer.port))
    wait_for(lambda: all(p.latest().get(f"plc.{t[0]}") and p.latest()[f"plc.{t[0]}"].quality == GOOD for t in TAGS), 10)
    for name, _address, typ, _extra, value in TAGS:
        s = p.latest()[f"plc.{name}"]
        if typ == "float32":
            assert s.value == pytest.approx(value, rel=1e-7)
        else:
            assert s.value == value and type(s.value) is type(value), (name, s.value)
    st = p.device_status()["plc"]
    assert st.connected and st.protocol == "s7"
    # the plan: DB10 0..57 in one read (gaps of at most 16 bytes bridged), DB10 120 in another, M, I, Q
    stats = p.statistics()["plc"]
    assert stats["blocks"] == 5, stats


def test_a_changed_value_arrives_and_scale_applies(peer, run_poller):
    extra = ('[[lines.equipment.tags]]\nname = "temp"\naddress = "DB10.DBW200"\ntype = "int16"\nscale = 0.1\n'
             'scan_class = "fast"\n')
    p, _c = run_poller(s7_plant(peer.port, extra=extra))
    peer.put("DB10.DBW200", "int16", 6875)
    wait_for(lambda: (s := p.latest().get("plc.temp")) is not None and s.value == pytest.approx(687.5), 5)
    peer.put("DB10.DBW2", "int16", 99)
    wait_for(lambda: p.latest()["plc.count"].value == 99, 5)


def test_writes_are_read_back_and_keep_the_other_bits_of_a_byte(peer, run_poller):
    p, _c = run_poller(s7_plant(peer.port))
    wait_for(lambda: p.device_status()["plc"].connected and "plc.run" in p.latest(), 10)
    util.set_bool(peer.areas["DB"], 0, 5, True)  # a bit the PLC program owns, beside ours
    for name, value in [("run", False), ("door", True), ("count", 321), ("word", 12), ("total", -7),
                        ("dword", 3_000_000_000), ("force", 0.5), ("energy", 2.718281828459045), ("part", "LOT 7"),
                        ("merker", -5), ("flag", False), ("output", False)]:
        res = p.write(f"plc.{name}", value).result(5)
        assert res.ok and res.read_back == value, res
    assert util.get_bool(peer.areas["DB"], 0, 5) is True and util.get_bool(peer.areas["DB"], 0, 3) is True
    assert util.get_real(peer.areas["DB"], 14) == 0.5 and util.get_string(peer.areas["DB"], 40) == "LOT 7"
    with pytest.raises(WriteError, match="process inputs \\(I\\) are read-only"):
        p.write("plc.input", 1).result(5)
    with pytest.raises(WriteError, match="does not fit int16"):
        p.write("plc.count", 40000).result(5)
    with pytest.raises(WriteError, match="do not fit STRING\\[16\\]"):
        p.write("plc.part", "X" * 17).result(5)


def test_a_missing_data_block_is_bad_and_the_rest_good(peer, run_poller):
    extra = '[[lines.equipment.tags]]\nname = "ghost"\naddress = "DB99.DBW0"\ntype = "int16"\nscan_class = "fast"\n'
    p, _c = run_poller(s7_plant(peer.port, extra=extra))
    wait_for(lambda: "plc.ghost" in p.latest() and p.latest().get("plc.count") is not None
             and p.latest()["plc.count"].quality == GOOD, 10)
    s = p.latest()["plc.ghost"]
    assert s.quality == BAD and "DB99" in s.error, s


def test_plc_restarted_ten_times_values_back_within_two_seconds_and_the_other_plc_unaffected(run_poller):
    peer, other = S7Peer().start(), S7Peer().start()
    try:
        text = s7_plant(peer.port) + "\n" + s7_plant(other.port, eq_id="other").split("[[lines]]\nid = \"l\"\n", 1)[1]
        p, c = run_poller(text)
        wait_for(lambda: p.device_status()["plc"].connected and p.device_status()["other"].connected, 10)
        back = []
        for i in range(10):
            peer.stop()
            wait_for(lambda: all(s.quality == COMM_FAIL for k, s in p.latest().items() if k.startswith("plc.")), 5)
            time.sleep(0.5)
            peer.put("DB10.DBW2", "int16", i)
            peer.start()
            t0, tb = time.time(), time.monotonic()
            wait_for(lambda: (s := p.latest()["plc.count"]).quality == GOOD and s.ts > t0 and s.value == i, 10)
            back.append(time.monotonic() - tb)
        assert max(back) <= 2.0, back
        good = [s for s in c.samples("other.count") if s.quality == GOOD]
        heartbeat = [s for s in c.samples("other.force") if s.quality != GOOD]
        assert not heartbeat  # the other PLC's values stayed GOOD throughout
        assert p.device_status()["plc"].reconnects == 10 and good
    finally:
        peer.stop()
        other.stop()


def test_block_planning_bridges_small_gaps_and_respects_the_pdu():
    plant = parse_config(s7_plant(102), "t.toml")
    blocks = plan_s7_blocks(plant.equipment[0].tags)
    db = [b for b in blocks if b.area == "DB"]
    assert [(b.start, b.size) for b in db] == [(0, 58), (120, 2)]  # the STRING[16] at 40 takes 18 bytes
    assert all(b.size <= MAX_BLOCK for b in blocks)
    many = "".join(f'[[lines.equipment.tags]]\nname = "r{i}"\naddress = "DB5.DBD{4 * i}"\ntype = "float32"\n'
                   for i in range(100))
    text = ('[plant]\nname = "x"\n[[lines]]\nid = "l"\n[[lines.equipment]]\nid = "p"\n[lines.equipment.connection]\n'
            'protocol = "s7"\nhost = "h"\n' + many)
    blocks = plan_s7_blocks(parse_config(text, "t.toml").equipment[0].tags)
    assert len(blocks) == 2 and blocks[0].size == 220 and blocks[1].start == 220  # 400 bytes: two reads


@pytest.mark.parametrize("address,typ,match", [
    ("DB10.DBX4", "bool", "needs its bit"),
    ("DB10.DBW4.1", "int16", "only a bit address"),
    ("DB10.DBX4.9", "bool", "outside 0..7"),
    ("DB10.DBW4", "float32", "type must be one of int16, uint16"),
    ("DB10.DBD4", "bool", "a bool lives at a bit address"),
    ("MW4", None, "needs its type"),
    ("XW4", "int16", "is not an S7 address"),
])
def test_config_names_file_line_and_field_for_s7_mistakes(address, typ, match):
    type_line = f'type = "{typ}"\n' if typ else ""
    text = (f'[plant]\nname = "x"\n[[lines]]\nid = "l"\n[[lines.equipment]]\nid = "p"\n[lines.equipment.connection]\n'
            f'protocol = "s7"\nhost = "h"\n[[lines.equipment.tags]]\nname = "a"\naddress = "{address}"\n{type_line}')
    with pytest.raises(ConfigError, match=rf"t.toml:\d+: lines\[0\].equipment\[0\].tags\[0\].(address|type): .*{match}"):
        parse_config(text, "t.toml")


def test_overlapping_s7_tags_are_refused_but_bits_of_one_byte_are_not():
    text = s7_plant(102) + '[[lines.equipment.tags]]\nname = "clash"\naddress = "DB10.DBB3"\ntype = "int16"\n'
    with pytest.raises(ConfigError, match="overlaps tag 'count'"):
        parse_config(text, "t.toml")
    parse_config(s7_plant(102) + '[[lines.equipment.tags]]\nname = "bit7"\naddress = "DB10.DBX0.7"\n', "t.toml")


def test_a_new_configuration_restarts_only_the_plc_it_changes(run_poller):
    peer, other = S7Peer().start(), S7Peer().start()
    try:
        text = s7_plant(peer.port) + "\n" + s7_plant(other.port, eq_id="other").split("[[lines]]\nid = \"l\"\n", 1)[1]
        p, c = run_poller(text)
        wait_for(lambda: p.device_status()["plc"].connected and p.device_status()["other"].connected
                 and "other.count" in p.latest(), 10)
        extra = '[[lines.equipment.tags]]\nname = "temp"\naddress = "DB10.DBW200"\ntype = "int16"\nscan_class = "fast"\n'
        changed = s7_plant(peer.port) + extra + "\n" + s7_plant(other.port, eq_id="other").split(
            "[[lines]]\nid = \"l\"\n", 1)[1]
        time.sleep(0.3)
        t0 = time.time()
        assert p.reconfigure(parse_config(changed, "t.toml")) == {"plc"}
        wait_for(lambda: "plc.temp" in p.latest() and p.latest()["plc.temp"].quality == GOOD, 5)
        time.sleep(0.3)
        ts = [s.ts for s in c.samples("other.count") if s.quality == GOOD and s.ts >= t0 - 0.3]
        assert ts and max(b - a for a, b in zip(ts, ts[1:])) < 0.3  # fast = 0.1 s: read on without a hole
    finally:
        peer.stop()
        other.stop()
