"""AlarmEngine.add_alarm: alarms on virtual tags the plant configuration does not define."""
from __future__ import annotations

from hmi.alarms import AlarmEngine, AlarmState
from hmi.config import AlarmConfig, demo_config_path, load_config
from hmi.equipment.model import Quality, Sample

T0 = 1_800_000_000.0


def test_virtual_digital_alarm():
    plant = load_config(demo_config_path())
    eng = AlarmEngine(plant, clock=lambda: T0)
    events = []
    eng.subscribe(events.append)
    cfg = AlarmConfig(kind="DIGITAL", tag="press1.anomaly", state=True, priority=3, message="Anomaly",
                      action="Open the Maintenance page")
    aid = eng.add_alarm(cfg)
    assert aid == "press1.anomaly.digital" and aid in eng.ids()
    assert eng.add_alarm(cfg) == aid  # idempotent
    eng.process([Sample("press1.anomaly", T0, False, Quality.GOOD)])
    assert eng.state(aid) == AlarmState.NORMAL
    eng.process([Sample("press1.anomaly", T0 + 1, True, Quality.GOOD)])
    assert eng.state(aid) == AlarmState.UNACK_ACTIVE
    v = eng.get(aid)
    assert v.equipment == "press1" and v.action == "Open the Maintenance page"
    eng.acknowledge(aid, "kim")
    eng.process([Sample("press1.anomaly", T0 + 2, False, Quality.GOOD)])
    assert eng.state(aid) == AlarmState.NORMAL
    assert [e.event for e in events if e.alarm_id == aid][:1] == ["raised"]
    # configured alarms still work beside it
    eng.process([Sample("press1.bushing_temp", T0 + 3, 99.0, Quality.GOOD)])
    eng.tick(T0 + 10)
    assert eng.state("press1.bushing_temp.hihi") == AlarmState.UNACK_ACTIVE
