"""Poller against a non-Python peer: a libmodbus TCP server (peers/modbus_peer.c) built with gcc."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from hmi.config import EquipmentConfig, LineConfig, ModbusTcp, PlantConfig, TagConfig
from hmi.equipment.model import Quality

from .conftest import free_port, wait_for

SOURCE = Path(__file__).parent / "peers" / "modbus_peer.c"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class MatrixEntry:
    """One type-matrix register set of the C peer: what it encoded, where, and the words it served."""

    name: str
    type: str
    word_order: str
    byte_order: str
    address: int
    value: float | int
    words: list
GOOD, BAD, COMM_FAIL = Quality.GOOD, Quality.BAD, Quality.COMM_FAIL


def _libmodbus_flags() -> list[str] | None:
    if shutil.which("pkg-config"):
        r = subprocess.run(["pkg-config", "--cflags", "--libs", "libmodbus"], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.split()
    if Path("/usr/include/modbus/modbus.h").exists():
        return ["-I/usr/include/modbus", "-lmodbus"]
    return None


@pytest.fixture(scope="module")
def peer_binary(tmp_path_factory) -> Path:
    if not shutil.which("gcc"):
        pytest.skip("gcc is not installed: cannot build the libmodbus test peer")
    flags = _libmodbus_flags()
    if flags is None:
        pytest.skip("libmodbus development files are missing (Debian: apt-get install libmodbus-dev)")
    out = tmp_path_factory.mktemp("peer") / "modbus_peer"
    r = subprocess.run(["gcc", "-O1", "-Wall", "-o", str(out), str(SOURCE), *flags], capture_output=True, text=True)
    assert r.returncode == 0, f"building {SOURCE.name} failed:\n{r.stderr}"
    return out


class Peer:
    """The running C peer; ``matrix``: its type matrix as it printed it, ``{name: MatrixEntry}``."""

    def __init__(self, binary: Path, port: int):
        self.binary, self.port, self.proc = binary, port, None
        self.matrix: dict[str, MatrixEntry] = {}

    def start(self) -> "Peer":
        deadline = time.monotonic() + 5
        while True:
            self.proc = subprocess.Popen([str(self.binary), str(self.port)], stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True)
            line = self.proc.stdout.readline()
            if line.startswith("ready"):
                for row in iter(self.proc.stdout.readline, "end\n"):
                    _, name, typ, word, byte, addr, value, *words = row.split()
                    self.matrix[name] = MatrixEntry(name, typ, word, byte, int(addr),
                                                    float(value) if typ.startswith("float") else int(value),
                                                    [int(w, 16) for w in words])
                return self
            self.proc.wait(2)
            if time.monotonic() > deadline:  # e.g. the port still in use
                raise RuntimeError(f"peer did not start: {line!r} {self.proc.stderr.read()!r}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(3)
        if self.proc:
            self.proc.stdout.close()
            self.proc.stderr.close()
        self.proc = None


@pytest.fixture
def peer(peer_binary):
    p = Peer(peer_binary, free_port()).start()
    yield p
    p.stop()


def tag(name, table, address, typ=None, **kw) -> TagConfig:
    typ = typ or ("bool" if table in ("coil", "discrete_input") else "uint16")
    return TagConfig(name=name, equipment_id="cpeer", table=table, address=address, type=typ, **kw)


TAGS = [
    tag("f32", "holding_register", 0, "float32", scan_class="fast"),
    tag("i32", "holding_register", 2, "int32"),
    tag("f32_ws", "holding_register", 4, "float32", word_order="little"),
    tag("f32_bs", "holding_register", 6, "float32", byte_order="little"),
    tag("f64", "holding_register", 8, "float64"),
    tag("u32", "holding_register", 12, "uint32"),
    tag("i16", "holding_register", 14, "int16"),
    tag("u16", "holding_register", 15),
    tag("text", "holding_register", 16, "string", length=4),
    tag("nan", "holding_register", 20, "float32"),
    tag("sp", "holding_register", 30, "float32", writable=True),
    tag("out_of_map", "holding_register", 4000),
    tag("tonnage", "input_register", 100, "int16", scale=0.1),
    tag("state", "input_register", 101),
    tag("pump", "coil", 0, writable=True), tag("c1", "coil", 1), tag("c3", "coil", 3),
    tag("di1", "discrete_input", 1), tag("di2", "discrete_input", 2),
]


def make_plant(port: int) -> PlantConfig:
    eq = EquipmentConfig(id="cpeer", name="libmodbus peer", kind="generic", line_id="l",
                         connection=ModbusTcp(host="127.0.0.1", port=port, unit_id=1, timeout_s=0.5),
                         tags=tuple(TAGS))
    return PlantConfig(name="c", lines=(LineConfig("l", "l", (eq,)),),
                       scan_classes={"fast": 0.05, "normal": 0.1, "slow": 1.0})


def test_libmodbus_peer_types_exceptions_writes_and_restart(peer, poller_factory):
    p, c = poller_factory(make_plant(peer.port))
    keys = [f"cpeer.{t.name}" for t in TAGS]
    wait_for(lambda: all(k in p.latest() for k in keys), 5)
    wait_for(lambda: all(p.latest()[k].quality == GOOD for k in keys if k not in ("cpeer.nan", "cpeer.out_of_map")), 5)
    v = {k.split(".", 1)[1]: s.value for k, s in p.latest().items()}
    assert (v["f32"], v["f32_ws"], v["f32_bs"]) == (1.0, 1.0, 1.0)
    assert (v["i32"], v["f64"], v["u32"], v["i16"], v["u16"]) == (-2, -0.5, 0x12345678, -300, 4242)
    assert v["text"] == "LINESIDE" and v["sp"] == 0.0
    assert v["tonnage"] == pytest.approx(327.5) and v["state"] == 7
    assert (v["pump"], v["c1"], v["c3"], v["di1"], v["di2"]) == (True, False, True, True, False)
    nan = p.latest()["cpeer.nan"]
    assert nan.quality == BAD and "not a finite number" in nan.error
    gone = p.latest()["cpeer.out_of_map"]
    assert gone.quality == BAD and gone.error == "exception 2: illegal data address"

    res = p.write("cpeer.sp", -42.25).result(3)
    assert res.ok and res.read_back == -42.25, res
    res = p.write("cpeer.pump", False).result(3)
    assert res.ok and res.read_back is False, res
    wait_for(lambda: p.latest()["cpeer.sp"].value == -42.25, 3)

    # the peer process dies and comes back on the same port (its map starts afresh)
    peer.stop()
    wait_for(lambda: p.latest()["cpeer.f32"].quality == COMM_FAIL, 3)
    time.sleep(0.5)
    peer.start()
    back = time.monotonic()
    wait_for(lambda: p.latest()["cpeer.f32"].quality == GOOD and p.latest()["cpeer.sp"].quality == GOOD, 5)
    assert time.monotonic() - back < 2.0
    assert p.latest()["cpeer.sp"].value == 0.0
    assert p.device_status()["cpeer"].reconnects >= 1


def test_peer_source_is_shipped():
    assert SOURCE.exists() and "modbus_reply" in SOURCE.read_text()
    assert os.access(SOURCE, os.R_OK)



def _plant_toml(port: int, matrix: dict[str, MatrixEntry]) -> str:
    """Two views of the same registers: ``cpeer`` reads each half of the matrix as one block of one byte
    order (the whole-block decoder); ``cpeer_each`` adds a string tag after each half, which makes the
    poller decode those blocks tag by tag (the per-tag decoders)."""
    def tags(extra: str) -> str:
        rows = [f'[[lines.equipment.tags]]\nname = "{e.name}"\ntable = "holding_register"\naddress = {e.address}\n'
                f'type = "{e.type}"\nword_order = "{e.word_order}"\nbyte_order = "{e.byte_order}"\n'
                f'scan_class = "fast"\n' for e in matrix.values()]
        return "\n".join(rows) + extra

    def equipment(eq_id: str, extra: str) -> str:
        return f"""[[lines.equipment]]
id = "{eq_id}"
name = "libmodbus peer ({eq_id})"
kind = "generic"
connection = {{ protocol = "modbus-tcp", host = "127.0.0.1", port = {port}, unit_id = 1, timeout_s = 1.0 }}

{tags(extra)}
"""
    strings = "".join(f'\n[[lines.equipment.tags]]\nname = "pad{a}"\ntable = "holding_register"\naddress = {a}\n'
                      f'type = "string"\nlength = 2\nscan_class = "fast"\n' for a in (224, 324))
    return f"""[plant]
name = "C peer type matrix"
scan_classes = {{ fast = "100ms", normal = "1s", slow = "10s" }}

[[lines]]
id = "l"
name = "peer line"

{equipment("cpeer", "")}
{equipment("cpeer_each", strings)}"""


@pytest.mark.slow
def test_every_type_and_order_through_run_historian_and_export(peer, tmp_path):
    """The C peer serves every numeric type in every word and byte order, with values whose words and
    bytes all differ; `lineside run` polls it into the historian and `lineside export trends` writes the
    CSV; each value must come back exactly as the peer encoded it (float32 as the float32 itself)."""
    import csv
    import json
    import sys

    matrix = peer.matrix
    assert len(matrix) == 24  # 6 types x 2 word orders x 2 byte orders
    for e in matrix.values():  # the values really tell the orders apart
        assert len(set(e.words)) == len(e.words) and all((w >> 8) != (w & 0xFF) for w in e.words), e
    cfg = tmp_path / "plant.toml"
    cfg.write_text(_plant_toml(peer.port, matrix), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'peer.db'}"
    env = {**os.environ, "LINESIDE_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-m", "hmi", "run", "--config", str(cfg), "--db", db, "--headless",
                          "--duration", "2", "--json"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads(run.stdout)
    assert summary["tags_good"] == 2 * 24 + 2 and summary["devices"]["cpeer"]["connected"], summary
    out = tmp_path / "export.csv"
    exp = subprocess.run([sys.executable, "-m", "hmi", "export", "trends", "--db", db, "--out", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert exp.returncode == 0, exp.stderr[-2000:]
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    got: dict[str, set] = {}
    for r in rows:
        assert r["quality"] == "GOOD", r
        got.setdefault(r["tag"], set()).add(r["value"])
    assert set(got) == {f"{eq}.{n}" for eq in ("cpeer", "cpeer_each") for n in matrix} | {
        "cpeer_each.pad224", "cpeer_each.pad324"}
    for eq in ("cpeer", "cpeer_each"):
        for name, e in matrix.items():
            key = f"{eq}.{name}"
            assert len(got[key]) == 1, (key, got[key])  # the same value in every stored sample
            (text,) = got[key]
            value = float(text) if e.type.startswith("float") else int(text)
            assert value == e.value, f"{key}: exported {text}, the peer encoded {e.value!r} as {e.words}"
