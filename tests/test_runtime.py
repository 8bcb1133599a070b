"""The composition root (hmi.runtime) and the connectors (hmi.services): every consumer gets exactly the
services it declares, each checked against its Protocol, from the real Runtime and from the test fakes."""
from __future__ import annotations

import ast
import importlib
import inspect
import os
import socket
from pathlib import Path

import pytest

from hmi.config import demo_config_path, load_config, with_port
from hmi.services import (AccessGate, AlarmSource, Connector, ConnectorError, HistorianReader, InspectionRecords,
                          JournalReader, KpiSource, LiveData, MaintenanceRecords, MaintenanceSource, ModelStore,
                          PlantSetup, SelfCheckSource, ShiftLogStore, StationUser, TraceRecords, connect)
from hmi.store.db import sqlite_url

ROOT = Path(__file__).resolve().parents[1]

#: every consumer module that declares CONNECTORS (the pages, the window, the dialogs, the bridge)
CONSUMERS = {
    "hmi.ui.pages.alarms": "AlarmsPage", "hmi.ui.pages.inspection": "InspectionPage",
    "hmi.ui.pages.journal": "JournalPage", "hmi.ui.pages.kpi": ("KpiFeed", "KpiPage"),
    "hmi.ui.pages.maintenance": "MaintenancePage", "hmi.ui.pages.models": "ModelsPage",
    "hmi.ui.pages.overview": "OverviewPage", "hmi.ui.pages.trace": "TracePage", "hmi.ui.pages.trends": "TrendsPage",
    "hmi.ui.pages.users": "UsersPage", "hmi.ui.setpoint": "SetpointDialog", "hmi.ui.bridge": "SampleBridge",
    "hmi.ui.main_window": "MainWindow", "hmi.ui.pages.devices": "DevicesPage",
    "hmi.ui.pages.selfcheck": "SelfCheckPage",
}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def plant():
    return with_port(load_config(demo_config_path()), "127.0.0.1", _closed_port())


@pytest.fixture
def runtime(plant, tmp_path):
    from hmi.runtime import Runtime

    rt = Runtime(plant, sqlite_url(tmp_path / "lineside.db"), data_dir=tmp_path)
    yield rt
    rt.stop()
    if rt.engine is not None:
        rt.engine.dispose()


def test_every_service_of_the_runtime_satisfies_its_protocol(runtime, tmp_path):
    expected = {"live": LiveData, "alarms": AlarmSource, "access": AccessGate, "historian": HistorianReader,
                "journal": JournalReader, "maintenance": MaintenanceSource, "maintenance_log": MaintenanceRecords,
                "shift_log": ShiftLogStore, "kpis": KpiSource, "trace": TraceRecords,
                "inspections": InspectionRecords, "model_registry": ModelStore, "station_user": StationUser,
                "plant_setup": PlantSetup, "self_check": SelfCheckSource}
    for name, proto in expected.items():
        value = getattr(runtime, name)
        assert isinstance(value, proto), f"Runtime.{name} is not a {proto.__name__}"
    assert runtime.data_dir == tmp_path and runtime.model_registry.root == tmp_path / "models"


def test_without_a_database_the_stores_are_none_and_live_data_still_runs(plant):
    from hmi.runtime import Runtime

    rt = Runtime(plant)
    for name in ("historian", "journal", "access", "users", "audit", "shift_log", "kpis", "inspections", "trace",
                 "trace_recorder", "maintenance_log", "xray_station"):
        assert getattr(rt, name) is None, name
    assert isinstance(rt.live, LiveData) and isinstance(rt.alarms, AlarmSource)


def _consumers():
    for mod, names in CONSUMERS.items():
        m = importlib.import_module(mod)
        for n in (names,) if isinstance(names, str) else names:
            yield getattr(m, n)


@pytest.mark.parametrize("cls", list(_consumers()), ids=lambda c: c.__name__)
def test_each_consumer_connects_to_the_real_runtime(cls, runtime):
    view = connect(cls, runtime)
    for c in cls.CONNECTORS:
        value = getattr(view, c.name)
        assert value is not None, f"{cls.__name__}.{c.name}: the full station provides it"


@pytest.mark.parametrize("cls", list(_consumers()), ids=lambda c: c.__name__)
def test_each_consumer_uses_only_what_it_declares(cls):
    """Read the consumer's source: every ``self.runtime.X`` / ``runtime.X`` is a declared connector."""
    declared = {c.name for c in cls.CONNECTORS}
    tree = ast.parse(inspect.getsource(inspect.getmodule(cls)))
    klass = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == cls.__name__)
    used = set()
    for node in ast.walk(klass):
        if isinstance(node, ast.Attribute):
            base = node.value
            if (isinstance(base, ast.Name) and base.id == "runtime") or (
                    isinstance(base, ast.Attribute) and base.attr == "runtime"
                    and isinstance(base.value, ast.Name) and base.value.id == "self"):
                used.add(node.attr)
    if cls.__name__ == "SampleBridge":  # holds the connected LiveData itself
        used -= {"subscribe", "unsubscribe", "latest", "device_status", "historian_stats"}
    assert used <= declared, f"{cls.__name__} uses {sorted(used - declared)} without declaring them"


def test_no_consumer_rummages_through_the_runtime():
    hits = []
    for path in list((ROOT / "hmi").rglob("*.py")) + list((ROOT / "widgets").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for token in ("getattr(runtime", "getattr(self.runtime", "hasattr(self.runtime", "hasattr(runtime"):
            if token in text:
                hits.append(f"{path.relative_to(ROOT)}: {token}")
    assert not hits, hits


def test_a_fake_that_drifts_from_the_protocol_fails_at_wiring_time():
    class Fake:
        plant = load_config(demo_config_path())
        alarms = object()  # not an AlarmSource

    with pytest.raises(ConnectorError, match=r"AlarmsPage\.alarms: object is not a AlarmSource \(missing .*acknowledge"):
        from hmi.ui.pages.alarms import AlarmsPage

        connect(AlarmsPage, Fake())
    with pytest.raises(ConnectorError, match=r"needs 'live'"):
        connect(type("Bridge", (), {"CONNECTORS": (Connector("live", LiveData),)}), Fake())


def test_the_ui_fakes_satisfy_the_same_connectors():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tests.ui.conftest import FakeRuntime

    fake = FakeRuntime()
    for cls in _consumers():
        connect(cls, fake)  # raises on a fake service that is not what the page expects


def test_demo_services_are_built_by_the_root_and_stopped_before_it(plant, tmp_path):
    from hmi.runtime import DEMO_USERS, Runtime

    class Sim:
        def __init__(self):
            self.callbacks = []

        def on_part(self, cb):
            self.callbacks.append(cb)

    rt = Runtime(plant, sqlite_url(tmp_path / "lineside.db"), data_dir=tmp_path)
    rt.add_demo(Sim(), station_kwargs={"size": 64})
    assert sorted(u.name for u in rt.users.list_users()) == sorted(u[0] for u in DEMO_USERS)
    rt.start()
    try:
        assert rt.xray_station is not None and rt.xray_station.store is rt.inspections
        assert rt.xray_station.out_dir == tmp_path / "xray"
        assert rt.trace_recorder is not None and rt.trace_recorder.operator == rt.station_user.name
        rt.station_user.set("kim")
        assert rt.trace_recorder.operator() == "kim"
    finally:
        rt.stop()
    assert not rt.xray_station.running()  # stopped with the runtime
    rt.engine.dispose()


def test_a_plant_file_that_shortens_retention_is_refused_at_start_unless_confirmed(plant, tmp_path):
    """What the historian would delete is said before the station runs; a confirmed change is audited."""
    import dataclasses
    import time

    from hmi.equipment.model import Quality, Sample
    from hmi.runtime import Runtime
    from hmi.store.historian_writer import HistorianWriter
    from hmi.store.rollup import RetentionChange

    url = sqlite_url(tmp_path / "r.db")
    rt = Runtime(plant, url, data_dir=tmp_path)  # the plant file's 90 days: remembered
    now = time.time()
    w = HistorianWriter(rt.engine, plant.historian)
    w.sink([Sample("press1.bushing_temp", now - d * 86400, 40.0, Quality.GOOD) for d in (1, 20, 40)])
    assert w.flush(30)
    rt.engine.dispose()
    short = dataclasses.replace(plant, historian=dataclasses.replace(plant.historian, retention_days=7.0))
    with pytest.raises(RetentionChange, match="from 90 to 7 days deletes 2 rows"):
        Runtime(short, url, data_dir=tmp_path)
    rt = Runtime(short, url, data_dir=tmp_path, confirm_retention=True)
    try:
        e = rt.audit.entries(limit=1, action="config.change")[0]
        assert (e.target, e.before, e.after, e.detail["rows_to_delete"]) == ("historian.retention.raw", 90.0, 7.0, 2)
    finally:
        rt.engine.dispose()


def test_polling_starts_once_the_historian_writer_can_store(plant, tmp_path):
    """The probe: samples waited in the main process until the spawned writer had started, so a crash in
    the first seconds lost the run so far.  Polling now waits (on a thread, at most WRITER_READY_WAIT_S)."""
    import threading
    import time

    from hmi.runtime import Runtime

    rt = Runtime(plant, sqlite_url(tmp_path / "w.db"), data_dir=tmp_path)
    gate = threading.Event()
    real_ready = rt.writer.wait_ready
    rt.writer.wait_ready = lambda timeout: gate.wait(timeout) and real_ready(timeout)
    t = time.monotonic()
    rt.start()
    try:
        assert time.monotonic() - t < 5.0       # start() itself does not wait
        time.sleep(0.5)
        assert not rt.poller.running           # nothing is read before the writer can store it
        gate.set()
        deadline = time.monotonic() + 30
        while not rt.poller.running and time.monotonic() < deadline:
            time.sleep(0.05)
        assert rt.poller.running
    finally:
        rt.stop()
    assert not rt.poller.running


def test_polling_starts_when_the_writer_was_ready_before_the_start(plant, tmp_path):
    """The probe (bench/acquisition.py, which starts the writer first): with a writer already ready, the thread
    that starts polling ran before start() had marked the runtime started, and polling never began (0 values
    read for the whole run)."""
    import time

    from hmi.runtime import Runtime

    rt = Runtime(plant, sqlite_url(tmp_path / "w.db"), data_dir=tmp_path)
    rt.writer.wait_ready = lambda timeout: True  # ready at once
    rt.start()
    try:
        deadline = time.monotonic() + 10
        while not rt.poller.running and time.monotonic() < deadline:
            time.sleep(0.02)
        assert rt.poller.running
    finally:
        rt.stop()


def test_a_stop_before_the_writer_is_ready_never_starts_polling(plant, tmp_path):
    import threading
    import time

    from hmi.runtime import Runtime

    rt = Runtime(plant, sqlite_url(tmp_path / "w.db"), data_dir=tmp_path)
    gate = threading.Event()
    rt.writer.wait_ready = lambda timeout: gate.wait(timeout)
    rt.start()
    rt.stop()
    gate.set()
    time.sleep(0.3)
    assert not rt.poller.running


def test_a_changed_plant_file_restarts_only_the_devices_it_changes_and_says_what_waits(plant, tmp_path):
    """#19: changes apply without restarting acquisition for the devices that did not change; what only a
    restart takes is named; the change is audited with its difference (and refused without the permission)."""
    import time

    from hmi.config import parse_config
    from hmi.runtime import Runtime
    from hmi.security.access import PermissionDenied

    rt = Runtime(plant, sqlite_url(tmp_path / "w.db"), data_dir=tmp_path)
    rt.writer.wait_ready = lambda timeout: True
    rt.start()
    try:
        deadline = time.monotonic() + 10
        while not rt.poller.running and time.monotonic() < deadline:
            time.sleep(0.02)
        text = demo_config_path().read_text(encoding="utf-8")
        port = plant.equipment_by_id("press1").connection.port
        new_text = (text.replace('name = "cycle_time"', 'name = "cycle_time_s"', 1)          # caster1: a tag renamed
                        .replace("limit = 740, deadband = 2", "limit = 745, deadband = 2", 1))  # and an alarm limit
        new = with_port(parse_config(new_text, "plant.toml"), "127.0.0.1", port)
        with pytest.raises(PermissionDenied):
            rt.apply_plant(new, user=None, source="plant.toml")
        seed = rt.access.create_first_admin("cfg-admin", "a-long-password-1")
        applied = rt.apply_plant(new, user=seed, source="plant.toml")
        assert applied.restarted == {"caster1"}
        assert set(applied.needs_restart) == {"alarms", "maintenance", "screens"}  # cycle_time is watched
        assert "removed tag caster1.cycle_time" in applied.changes and "added tag caster1.cycle_time_s" in applied.changes
        entry = next(e for e in rt.audit.entries(0, limit=20) if e.action == "config.change")
        assert entry.target == "plant.toml" and "added tag caster1.cycle_time_s" in entry.detail["changes"]
        assert rt.device_status()["press1"].reconnects == 0 and "caster1.cycle_time_s" in {
            t.key for t in rt.poller.plant.tags}
    finally:
        rt.stop()
