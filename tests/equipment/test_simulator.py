"""The line simulator: register map of the demo plant, plausible physics, writes, faults, restart."""
from __future__ import annotations

import math
import re
import socket
import time

import pytest
from pymodbus.client import ModbusTcpClient

from hmi.config import demo_config_path, load_config, parse_config
from hmi.equipment.codec import decode
from hmi.equipment.model import Quality
from hmi.equipment.sim_physics import FaultInterval, FaultTimeline, make_model
from hmi.equipment.simulator import FaultSpec, LineSimulator, parse_fault

_READ = {"input_register": "read_input_registers", "holding_register": "read_holding_registers",
         "coil": "read_coils", "discrete_input": "read_discrete_inputs"}


# ------------------------------------------------------------------------------ helpers / fixtures
@pytest.fixture(scope="module")
def demo():
    return load_config(demo_config_path())


@pytest.fixture
def sims():
    """Factory: LineSimulator(...) started on a free port; all stopped after the test."""
    made: list[LineSimulator] = []

    def factory(plant, **kw) -> LineSimulator:
        kw.setdefault("port", 0)
        sim = LineSimulator(plant, **kw)
        sim.start()
        made.append(sim)
        return sim

    yield factory
    for s in made:
        s.stop()


@pytest.fixture
def clients():
    made: list[ModbusTcpClient] = []

    def factory(port: int, timeout: float = 1.0) -> ModbusTcpClient:
        c = ModbusTcpClient("127.0.0.1", port=port, timeout=timeout, retries=0)
        assert c.connect()
        made.append(c)
        return c

    yield factory
    for c in made:
        c.close()


def read_tag(client: ModbusTcpClient, plant, key: str):
    tag = plant.tag(key)
    unit = plant.equipment_by_id(tag.equipment_id).connection.unit_id
    rr = getattr(client, _READ[tag.table])(tag.address, count=tag.register_count, device_id=unit)
    assert not rr.isError(), f"{key}: {rr}"
    words = rr.bits[:1] if tag.table in ("coil", "discrete_input") else rr.registers
    return decode(tag, words)


def write_tag(client: ModbusTcpClient, plant, key: str, words: list[int]):
    tag = plant.tag(key)
    unit = plant.equipment_by_id(tag.equipment_id).connection.unit_id
    if tag.table == "coil":
        return client.write_coil(tag.address, bool(words[0]), device_id=unit)
    return client.write_registers(tag.address, words, device_id=unit)


def wait_until(pred, timeout: float, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            return v
        time.sleep(interval)


def unit_answers(client: ModbusTcpClient, unit: int) -> bool:
    try:
        rr = client.read_input_registers(0, count=2, device_id=unit)
    except Exception:  # noqa: BLE001 - pymodbus raises ModbusIOException on a timeout
        return False
    return not rr.isError()


# ------------------------------------------------------------------------------ fault specs
def test_parse_fault_forms():
    assert parse_fault("lubrication_loss@600") == FaultSpec("lubrication_loss", 600.0)
    assert parse_fault("device_offline@120+60") == FaultSpec("device_offline", 120.0, None, 60.0)
    assert parse_fault("bearing_wear:press1@300") == FaultSpec("bearing_wear", 300.0, "press1")
    assert parse_fault("device_offline:press1@60+30") == FaultSpec("device_offline", 60.0, "press1", 30.0)
    assert parse_fault("sensor_dropout:caster1.die_temp@10min+2h") == FaultSpec(
        "sensor_dropout", 600.0, "caster1", 7200.0, "die_temp")
    for bad in ("lubrication_loss", "melt_down@10", "device_offline@soon", "device_offline@10+0",
                "bearing_wear:press1.x@10", ":@10"):
        with pytest.raises(ValueError):
            parse_fault(bad)


def test_fault_resolution_and_errors(demo):
    sim = LineSimulator(demo, port=0, faults=["lubrication_loss@600", "sensor_dropout@10+5"])
    specs = sim.scheduled_faults()
    assert FaultSpec("lubrication_loss", 600.0, "press1") in specs
    assert FaultSpec("sensor_dropout", 10.0, "press1", 5.0, "bushing_temp") in specs
    with pytest.raises(ValueError):
        LineSimulator(demo, faults=["lubrication_loss:caster1@0"])  # not a press
    with pytest.raises(ValueError):
        LineSimulator(demo, faults=["device_offline:nope@0"])
    with pytest.raises(ValueError):
        LineSimulator(demo, faults=["sensor_dropout:press1.stroke_count@0"])  # not a float sensor


# ------------------------------------------------------------------------------ physics, offline
def test_physics_deterministic_given_seed(demo):
    def run(seed):
        m = make_model(demo.equipment_by_id("press1"), seed=seed, stream=0, epoch=0)
        c = make_model(demo.equipment_by_id("caster1"), seed=seed, stream=1, epoch=0)
        for k in range(1, 200):
            m.advance(k * 7.0, 1.0, FaultTimeline())
            c.advance(k * 7.0, 1.0, FaultTimeline())
        return m.values, c.values, [p[:3] for p in c.parts]

    a, b = run(5), run(5)
    assert a == b
    assert run(6)[0] != a[0]


def test_physics_lubrication_loss_and_bearing_wear(demo):
    press = demo.equipment_by_id("press1")
    normal = make_model(press, seed=3, epoch=0)
    lube = make_model(press, seed=3, epoch=0)
    wear = make_model(press, seed=3, epoch=0)
    tl_lube = FaultTimeline([FaultInterval("lubrication_loss", "press1", 0.0)])
    tl_wear = FaultTimeline([FaultInterval("bearing_wear", "press1", 0.0)])
    temps = {"normal": [], "lube": []}
    vib = {"normal": [], "wear": []}
    for k in range(1, 3 * 60 + 1):  # 3 h in 1-minute publishes, 5 s steps
        t = k * 60.0
        for m, tl in ((normal, FaultTimeline()), (lube, tl_lube), (wear, tl_wear)):
            m.advance(t, 5.0, tl)
        temps["normal"].append(normal.values["bushing_temp"])
        temps["lube"].append(lube.values["bushing_temp"])
        vib["normal"].append(normal.values["vibration_rms"])
        vib["wear"].append(wear.values["vibration_rms"])
        if k == 15:
            assert lube.values["lube_pressure"] < 1.2  # decayed over minutes
    assert 40 < sorted(temps["normal"])[len(temps["normal"]) // 2] < 56
    assert max(temps["normal"]) < 60
    assert max(temps["lube"][:30]) < 75  # no jump: climbs over hours
    assert max(temps["lube"]) > 100  # toward seizure after 2-3 h
    running = [(n, w) for n, w in zip(vib["normal"][-30:], vib["wear"][-30:]) if n > 1.0 and w > 1.0]
    assert running and sum(w for _, w in running) / len(running) > 1.5 * sum(n for n, _ in running) / len(running)


def test_caster_cycle_and_parts(demo):
    c = make_model(demo.equipment_by_id("caster1"), seed=2, stream=1, epoch=1_764_000_000)  # 2025-11-24
    pressures, dies = [], []
    for k in range(1, 3 * 220 * 2):
        c.advance(k * 0.5, 0.5, FaultTimeline())
        pressures.append(c.values["pressure"])
        dies.append(c.values["die_temp"])
    assert 0.75 < max(pressures) < 1.1 and min(pressures) >= 0.0
    assert 300 <= min(dies[300:]) and max(dies) <= 450
    assert len(c.parts) == 2 or len(c.parts) == 3
    serial, t, good, params = c.parts[0]
    assert re.fullmatch(r"C1251124\d{5}", serial) and serial.endswith("00001")
    assert isinstance(good, bool) and 180 < params["cycle_time"] < 260 and 0.8 <= params["hold_pressure"] <= 1.0
    assert c.values["part_serial"] == c.parts[-1][0]
    assert 180 < c.values["cycle_time"] < 260


# ------------------------------------------------------------------------------ served over Modbus
def test_demo_register_map_plausible(demo, sims, clients):
    sim = sims(demo, speed=60, seed=1)
    assert sim.port > 0
    c = clients(sim.port)
    time.sleep(1.0)
    v = {t.key: read_tag(c, demo, t.key) for t in demo.tags if t.table}  # the Modbus machines
    assert 40 < v["press1.bushing_temp"] < 60
    assert 1.0 < v["press1.vibration_rms"] < 3.5
    assert 1.5 < v["press1.crest_factor"] < 4.5
    assert 1.5 < v["press1.peak_accel"] < 5.0
    assert 280 < v["press1.tonnage"] < 360
    assert 3.0 < v["press1.lube_pressure"] < 5.0
    assert 60 < v["press1.motor_current"] < 100  # little word order decoded right
    assert v["press1.state"] == 1 and v["press1.guard_closed"] is True and v["press1.lube_pump_on"] is True
    assert v["press1.spm_setpoint"] == 30
    assert v["press1.stroke_count"] == v["press1.good_count"] + v["press1.defect_count"]
    assert 0.005 < v["press1.defect_count"] / v["press1.stroke_count"] < 0.03
    assert 690 < v["caster1.melt_temp"] < 730 and v["caster1.melt_setpoint"] == pytest.approx(710)
    assert 290 < v["caster1.die_temp"] < 460
    assert 0 <= v["caster1.pressure"] < 1.2
    assert 25 <= v["caster1.humidity"] <= 65
    assert 150 < v["caster1.cycle_time"] < 300
    assert v["caster1.state"] == 1
    assert re.fullmatch(r"C1\d{11}", v["caster1.part_serial"])
    # the simulator's own view agrees with the wire
    assert sim.values()["press1.spm_setpoint"] == 30
    # a non-writable holding register refuses writes; an unknown unit id is silent
    assert write_tag(c, demo, "caster1.part_serial", [0x4142] * 8).isError()
    assert not unit_answers(clients(sim.port, timeout=0.3), 9)


def test_counters_setpoints_and_parts(demo, sims, clients):
    sim = sims(demo, speed=600, seed=4)
    parts = []
    sim.on_part(lambda *a: parts.append(a))
    c = clients(sim.port)
    n0 = read_tag(c, demo, "caster1.cycle_count")
    assert not write_tag(c, demo, "caster1.melt_setpoint", [0x4436, 0xA000]).isError()  # 730.5 float32
    assert read_tag(c, demo, "caster1.melt_setpoint") == pytest.approx(730.5)
    assert wait_until(lambda: read_tag(c, demo, "caster1.cycle_count") >= n0 + 3, 4.0)
    assert wait_until(lambda: read_tag(c, demo, "caster1.melt_temp") > 722, 4.0)
    assert len(parts) >= 3
    eid, serial, sim_ts, good, params = parts[-1]
    assert eid == "caster1" and re.fullmatch(r"C1\d{6}\d{5}", serial) and isinstance(good, bool)
    assert {"melt_temp", "die_temp_fill", "hold_pressure", "cycle_time"} <= params.keys()
    assert sim.epoch < sim_ts <= sim.epoch + sim.sim_time + 1
    assert [p[1] for p in parts] == sorted(p[1] for p in parts)  # sequence increases
    assert read_tag(c, demo, "caster1.part_serial") in {p[1] for p in parts}


def test_spm_setpoint_write_changes_stroke_rate(demo, sims, clients):
    sim = sims(demo, speed=60, seed=1)
    c = clients(sim.port)

    def rate(seconds: float) -> float:  # strokes per simulated minute
        n0, t0 = read_tag(c, demo, "press1.stroke_count"), sim.sim_time
        time.sleep(seconds)
        return (read_tag(c, demo, "press1.stroke_count") - n0) / (sim.sim_time - t0) * 60.0

    time.sleep(0.3)
    r30 = rate(1.5)
    assert 24 < r30 < 36
    assert not write_tag(c, demo, "press1.spm_setpoint", [60]).isError()
    time.sleep(0.3)  # the drive ramps
    r60 = rate(1.5)
    assert 50 < r60 < 70
    assert read_tag(c, demo, "press1.spm_setpoint") == 60
    # lube pump off: the pressure falls within simulated seconds
    assert not write_tag(c, demo, "press1.lube_pump_on", [0]).isError()
    assert wait_until(lambda: read_tag(c, demo, "press1.lube_pressure") < 1.0, 3.0)
    sim.write("press1.lube_pump_on", True)
    assert wait_until(lambda: read_tag(c, demo, "press1.lube_pressure") > 3.0, 3.0)


def test_lubrication_loss_heats_bushing_fast_at_high_speed(demo, sims, clients):
    sim = sims(demo, speed=3600, seed=1, faults=[parse_fault("lubrication_loss@0")])
    c = clients(sim.port)
    assert [f.name for f in sim.active_faults()] == ["lubrication_loss"]
    assert wait_until(lambda: read_tag(c, demo, "press1.lube_pressure") < 1.0, 5.0)
    assert wait_until(lambda: read_tag(c, demo, "press1.bushing_temp") > 80.0, 10.0)
    assert sim.clear("lubrication_loss") == 1 and sim.active_faults() == []


def test_device_offline_is_silent_other_unit_answers(demo, sims, clients):
    sim = sims(demo, speed=1, seed=1)
    c = clients(sim.port, timeout=0.3)
    assert unit_answers(c, 1) and unit_answers(c, 2)
    spec = sim.inject("device_offline", "press1")
    assert spec.equipment_id == "press1"
    t0 = time.monotonic()
    assert not unit_answers(c, 1)
    assert time.monotonic() - t0 >= 0.25  # no exception response: the client timed out
    assert unit_answers(c, 2)  # same connection, other machine
    assert not unit_answers(c, 1)
    sim.clear("device_offline")
    assert wait_until(lambda: unit_answers(c, 1), 3.0)


def test_scheduled_device_offline_returns_after_duration(demo, sims, clients):
    sim = sims(demo, speed=10, seed=1, faults=["device_offline:caster1@0+10"])  # 1 wall second
    c = clients(sim.port, timeout=0.3)
    assert not unit_answers(c, 2)
    assert unit_answers(c, 1)
    assert wait_until(lambda: unit_answers(c, 2), 4.0)
    assert sim.active_faults() == []


def test_sensor_dropout_reads_nan(demo, sims, clients):
    sim = sims(demo, speed=1, seed=1)
    c = clients(sim.port)
    spec = sim.inject("sensor_dropout", "caster1")
    assert spec.tag == "die_temp"
    assert wait_until(lambda: math.isnan(read_tag(c, demo, "caster1.die_temp")), 2.0)
    assert math.isfinite(read_tag(c, demo, "caster1.melt_temp"))
    sim.clear("sensor_dropout")
    assert wait_until(lambda: math.isfinite(read_tag(c, demo, "caster1.die_temp")), 2.0)


def test_stop_and_restart_on_same_port(demo, sims, clients):
    sim = sims(demo, speed=60, seed=1)
    port = sim.port
    c = clients(port)
    time.sleep(0.3)
    n0 = read_tag(c, demo, "press1.stroke_count")
    write_tag(c, demo, "press1.spm_setpoint", [45])
    c.close()
    sim.stop()
    t_stopped = sim.sim_time
    with socket.socket() as s:  # the port is free again
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
    time.sleep(0.2)
    assert sim.sim_time == t_stopped  # the simulated clock pauses
    sim.start()
    assert sim.port == port
    c2 = clients(port)
    assert read_tag(c2, demo, "press1.stroke_count") >= n0  # the same plant goes on
    assert read_tag(c2, demo, "press1.spm_setpoint") == 45
    sim.stop()
    sim.stop()  # idempotent


def test_port_in_use_raises(demo, sims):
    sim = sims(demo)
    with pytest.raises(OSError):
        LineSimulator(demo, port=sim.port).start()


def _generic_toml(n_tags: int, units: int) -> str:
    out = ['[plant]', 'name = "bench"', '[[lines]]', 'id = "l"']
    per = n_tags // units
    for u in range(units):
        out += ["[[lines.equipment]]", f'id = "dev{u}"', "[lines.equipment.connection]",
                'protocol = "modbus-tcp"', 'host = "127.0.0.1"', "port = 5020", f"unit_id = {u + 1}"]
        for i in range(per):
            out += ["[[lines.equipment.tags]]", f'name = "t{i:04d}"', 'table = "holding_register"',
                    f"address = {2 * i}", 'type = "float32"', "normal_range = [0, 100]"]
    return "\n".join(out) + "\n"


def test_generic_plant_1000_float32_tags_over_4_units(sims, clients):
    plant = parse_config(_generic_toml(1000, 4), "bench.toml")
    sim = sims(plant, speed=1, seed=1)
    c = clients(sim.port)
    time.sleep(0.3)
    seen = 0
    for eq in plant.equipment:
        tags = list(eq.tags)
        for start in range(0, len(tags), 60):  # 120 registers a request
            chunk = tags[start:start + 60]
            rr = c.read_holding_registers(chunk[0].address, count=2 * len(chunk), device_id=eq.connection.unit_id)
            assert not rr.isError()
            vals = [decode(t, rr.registers[2 * i:2 * i + 2]) for i, t in enumerate(chunk)]
            assert all(-10 < v < 110 for v in vals)
            seen += len(vals)
    assert seen == 1000
    assert len({round(v, 3) for k, v in sim.values().items()}) > 900  # signals differ


def test_generic_kinds_of_tags(sims, clients):
    plant = parse_config("""
[plant]
name = "mixed"
[[lines]]
id = "l"
[[lines.equipment]]
id = "oven1"
kind = "oven"
[lines.equipment.connection]
protocol = "modbus-tcp"
host = "127.0.0.1"
unit_id = 7
[[lines.equipment.tags]]
name = "zone_temp"
table = "input_register"
address = 0
type = "int16"
scale = 0.1
normal_range = [180, 220]
[[lines.equipment.tags]]
name = "part_count"
table = "input_register"
address = 1
type = "uint32"
word_order = "little"
[[lines.equipment.tags]]
name = "door_open"
table = "discrete_input"
address = 5
[[lines.equipment.tags]]
name = "recipe"
table = "holding_register"
address = 10
type = "string"
length = 4
[[lines.equipment.tags]]
name = "temp_setpoint"
table = "holding_register"
address = 20
type = "float64"
writable = true
write_limits = { min = 0, max = 300 }
normal_range = [150, 250]
[[lines.equipment.tags]]
name = "heater_on"
table = "coil"
address = 3
writable = true
""", "mixed.toml")
    sim = sims(plant, speed=60, seed=1)
    c = clients(sim.port)
    assert 170 < read_tag(c, plant, "oven1.zone_temp") < 230
    n0 = read_tag(c, plant, "oven1.part_count")
    assert isinstance(read_tag(c, plant, "oven1.door_open"), bool)
    assert read_tag(c, plant, "oven1.recipe").startswith("B")
    assert read_tag(c, plant, "oven1.temp_setpoint") == pytest.approx(200.0)
    assert not write_tag(c, plant, "oven1.temp_setpoint", [0x4069, 0x0000, 0, 0]).isError()  # 200.0 -> 200.0
    assert not write_tag(c, plant, "oven1.temp_setpoint", [0x406A, 0x4000, 0, 0]).isError()  # 210.0
    assert not write_tag(c, plant, "oven1.heater_on", [1]).isError()
    time.sleep(0.5)
    assert read_tag(c, plant, "oven1.temp_setpoint") == pytest.approx(210.0)  # not overwritten
    assert read_tag(c, plant, "oven1.heater_on") is True
    assert wait_until(lambda: read_tag(c, plant, "oven1.part_count") > n0, 3.0)
    with pytest.raises(ValueError):
        sim.inject("lubrication_loss")  # no press here
    with pytest.raises(ValueError):
        sim.inject("sensor_dropout")  # no float sensor (zone_temp is a scaled int16)


def test_demo_xray_cabinet_is_served_over_opcua_and_follows_the_caster(demo, sims):
    """Two protocols side by side: the X-ray cabinet's state and counters over OPC UA, read by the poller with
    the Modbus machines; every wheel the caster makes is inspected and counted."""
    from hmi.equipment.poller import Poller

    sim = sims(demo, speed=120, seed=3)
    assert sim.opcua_endpoint and sim.opcua_endpoint.startswith("opc.tcp://127.0.0.1:")
    p = Poller(sim.served_plant(), clock=sim.plant_clock, time_scale=120)
    p.start()
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            latest = p.latest()
            if all(k in latest and latest[k].quality == Quality.GOOD for k in
                   ("xray_cab1.inspected_count", "xray_cab1.last_serial", "caster1.part_done", "press1.state")):
                break
            time.sleep(0.1)
        first = p.latest()["xray_cab1.inspected_count"].value
        time.sleep(8)  # 16 plant minutes: about 4 wheels
        latest = p.latest()
        assert latest["xray_cab1.inspected_count"].value >= first + 2
        assert re.fullmatch(r"C1\d{11}", latest["xray_cab1.last_serial"].value)
        assert latest["xray_cab1.last_serial"].value <= latest["caster1.part_serial"].value  # after the caster
        assert 18 < latest["xray_cab1.cabinet_temp"].value < 40
        assert p.device_status()["xray_cab1"].protocol == "opcua" and p.device_status()["xray_cab1"].connected
        assert p.device_status()["caster1"].protocol == "modbus-tcp"
    finally:
        p.stop()
