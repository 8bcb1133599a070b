"""Access: role enforcement with audit. An operator's setpoint write is refused with a clear
message, never reaches the device, and the refusal is audited; permitted writes audit before/after;
logins, alarm actions, overrides and configuration changes are audited."""
from __future__ import annotations

import concurrent.futures
from dataclasses import dataclass

import pytest

from hmi.alarms import AlarmEngine, AlarmState
from hmi.config import demo_config_path, load_config
from hmi.equipment.model import Quality, Sample
from hmi.security import Access, AuditTrail, PermissionDenied, UserStore, WriteFailed
from hmi.store.db import open_database, sqlite_url

T0 = 1_800_000_000.0


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """One database with one user per role (hashing is slow on purpose: create them once)."""
    engine = open_database(sqlite_url(tmp_path_factory.mktemp("acc") / "plant.db"))
    users = UserStore(engine)
    people = {}
    for name, role in [("kim", "operator"), ("ines", "inspector"), ("max", "maintenance"), ("eve", "engineer"),
                       ("ada", "admin")]:
        people[role] = users._create_user(name, role, f"{name}-password", pin={"operator": "4711"}.get(role))
    yield engine, users, people
    engine.dispose()


@pytest.fixture
def ctx(setup):
    engine, users, people = setup
    with engine.begin() as c:  # a fresh trail per test
        c.exec_driver_sql("DELETE FROM audit_log")
        c.exec_driver_sql("DELETE FROM audit_head")
    audit = AuditTrail(engine, clock=lambda: T0)
    return Access(users, audit), audit, people


@dataclass
class FakeWriteResult:  # the shape of hmi.equipment.poller.WriteResult
    tag: str
    requested: object
    read_back: object
    ok: bool
    error: str | None = None


class Device:
    def __init__(self, read_back=None, ok=True, error=None, raises=None, future=False):
        self.calls = []
        self.read_back, self.ok, self.error, self.raises, self.future = read_back, ok, error, raises, future

    def write(self, tag, value):
        self.calls.append((tag, value))
        if self.raises:
            raise self.raises
        res = FakeWriteResult(tag, value, value if self.read_back is None else self.read_back, self.ok, self.error)
        if self.future:
            f = concurrent.futures.Future()
            f.set_result(res)
            return f
        return res


def test_operator_setpoint_write_is_refused_not_sent_and_audited(ctx):
    access, audit, people = ctx
    dev = Device()
    with pytest.raises(PermissionDenied) as info:
        access.guarded_write(people["operator"], "press1.spm_setpoint", 30, dev.write, before=22)
    assert str(info.value) == "operator 'kim' may not write setpoints (engineer and up)"
    assert dev.calls == []  # nothing reached the device
    (entry,) = audit.entries()
    assert (entry.user, entry.action, entry.target) == ("kim", "access.denied", "press1.spm_setpoint")
    assert entry.detail == {"action": "setpoint.write", "message": str(info.value)}
    assert audit.verify().ok


def test_engineer_write_is_audited_with_before_and_read_back(ctx):
    access, audit, people = ctx
    dev = Device(future=True)  # like Runtime.write: a future of a WriteResult
    assert access.guarded_write(people["engineer"], "press1.spm_setpoint", 25, dev.write, before=22) == 25
    assert dev.calls == [("press1.spm_setpoint", 25)]
    (e,) = audit.entries()
    assert (e.user, e.action, e.target, e.before, e.after, e.detail) == \
           ("eve", "setpoint.write", "press1.spm_setpoint", 22, 25, {"requested": 25})
    # a plain function returning the read-back value works too
    assert access.guarded_write(people["admin"], "caster1.melt_setpoint", 712.5, lambda k, v: 712.5, before=710) == 712.5
    assert audit.entries(limit=1)[0].after == 712.5


def test_failed_writes_are_audited(ctx):
    access, audit, people = ctx
    with pytest.raises(WriteFailed, match="read back 24"):
        access.guarded_write(people["engineer"], "press1.spm_setpoint", 25, Device(read_back=24, ok=False).write)
    with pytest.raises(WriteFailed, match="connection refused"):
        access.guarded_write(people["engineer"], "press1.spm_setpoint", 25,
                             Device(raises=ConnectionError("connection refused")).write)
    assert [e.action for e in audit.entries(newest_first=False)] == ["setpoint.write_failed"] * 2
    assert audit.entries()[0].detail == {"requested": 25, "error": "connection refused"}


def test_role_table_is_enforced_per_action(ctx):
    access, audit, p = ctx
    allowed = {role: {a for a in access.role_table if access.allowed(u, a)} for role, u in p.items()}
    assert "setpoint.write" not in allowed["operator"] and "setpoint.write" in allowed["engineer"]
    assert "inspection.override" in allowed["inspector"] and "inspection.override" not in allowed["maintenance"]
    assert "maintenance.log" in allowed["maintenance"] and "maintenance.log" not in allowed["inspector"]
    assert "config.change" in allowed["admin"] and "config.change" not in allowed["engineer"]
    assert not access.allowed(None, "alarm.acknowledge")
    with pytest.raises(PermissionDenied, match=r"maintenance 'max' may not override inspection results "
                                               r"\(inspector, engineer, admin\)"):
        access.override_inspection(p["maintenance"], "wheel W123", "NOK", "OK", "re-measured")
    access.override_inspection(p["inspector"], "wheel W123", "NOK", "OK", "re-measured by hand")
    with pytest.raises(PermissionDenied, match=r"engineer 'eve' may not change the configuration \(admin only\)"):
        access.config_change(p["engineer"], "press1.vibration_rms.hi.limit", 4.5, 5.0)
    access.config_change(p["admin"], "press1.vibration_rms.hi.limit", 4.5, 5.0)
    with pytest.raises(PermissionDenied, match="log in to"):
        access.check(None, "alarm.acknowledge")
    actions = [(e.user, e.action) for e in audit.entries(newest_first=False)]
    assert actions == [("max", "access.denied"), ("ines", "inspection.override"), ("eve", "access.denied"),
                       ("ada", "config.change"), (None, "access.denied")]
    with pytest.raises(KeyError):
        access.allowed(p["admin"], "no.such.action")


def test_logins_are_audited(ctx):
    access, audit, _p = ctx
    assert access.login("kim", "kim-password").role == "operator"
    assert access.login("kim", "bad-password") is None
    assert access.login("ghost", "whatever-pw") is None
    assert access.login_pin("kim", "4711").name == "kim"
    assert access.login_pin("kim", "0000") is None
    kim = access.users.get("kim")
    access.logout(kim, "idle timeout")
    got = [(e.user, e.action, (e.detail or {}).get("reason") or (e.detail or {}).get("method"))
           for e in audit.entries(newest_first=False)]
    assert got == [("kim", "login", "password"), ("kim", "login.failed", "wrong password"),
                   ("ghost", "login.failed", "unknown user"), ("kim", "login", "pin"),
                   ("kim", "login.failed", "wrong PIN"), ("kim", "logout", "idle timeout")]
    dump = str([(e.before, e.after, e.detail) for e in audit.entries()])
    assert "kim-password" not in dump and "bad-password" not in dump and "4711" not in dump


def test_alarm_actions_through_access(ctx):
    access, audit, p = ctx
    alarms = AlarmEngine(load_config(demo_config_path()), clock=lambda: T0 + 10)
    alarms.process([Sample("press1.state", T0, 2, Quality.GOOD), Sample("caster1.state", T0, 2, Quality.GOOD)])
    done = access.acknowledge(p["operator"], alarms, ["press1.state.digital"], "called maintenance")
    assert done == ["press1.state.digital"] and alarms.state("press1.state.digital") == AlarmState.ACK_ACTIVE
    with pytest.raises(PermissionDenied, match="operator 'kim' may not shelve alarms"):
        access.shelve(p["operator"], alarms, "caster1.state.digital", 600, "nuisance")
    assert alarms.state("caster1.state.digital") == AlarmState.UNACK_ACTIVE  # not shelved
    access.shelve(p["engineer"], alarms, "caster1.state.digital", 600, "controller being replaced")
    assert alarms.state("caster1.state.digital") == AlarmState.SHELVED
    assert access.set_out_of_service(p["engineer"], alarms, "press1.vibration_rms.hi", "sensor removed")
    assert access.return_to_service(p["admin"], alarms, "press1.vibration_rms.hi")
    assert access.unshelve(p["engineer"], alarms, "caster1.state.digital")
    got = [(e.user, e.action, e.target) for e in audit.entries(newest_first=False)]
    assert got == [
        ("kim", "alarm.acknowledge", "press1.state.digital"),
        ("kim", "access.denied", "caster1.state.digital"),
        ("eve", "alarm.shelve", "caster1.state.digital"),
        ("eve", "alarm.out_of_service", "press1.vibration_rms.hi"),
        ("ada", "alarm.in_service", "press1.vibration_rms.hi"),
        ("eve", "alarm.unshelve", "caster1.state.digital"),
    ]
    shelve = audit.entries(action="alarm.shelve")[0]
    assert shelve.after == {"until": T0 + 10 + 600} and shelve.detail["reason"] == "controller being replaced"
    assert audit.verify().ok


def test_user_management_is_admin_only_and_audited(ctx):
    access, audit, p = ctx
    with pytest.raises(PermissionDenied, match="engineer 'eve' may not manage users"):
        access.create_user(p["engineer"], "zoe", "operator", "zoe-password")
    access.create_user(p["admin"], "zoe", "operator", "zoe-password")
    access.set_role(p["admin"], "zoe", "inspector")
    zoe = access.users.get("zoe")
    access.change_password(zoe, "zoe", "zoe-password-2", old_password="zoe-password")  # self-service
    access.disable_user(p["admin"], "zoe")
    with pytest.raises(PermissionDenied):
        access.create_first_admin("root", "root-password")  # an admin exists
    got = [(e.user, e.action, e.target, e.before, e.after) for e in audit.entries(newest_first=False)]
    assert got == [("eve", "access.denied", "zoe", None, None),
                   ("ada", "user.create", "zoe", None, {"role": "operator", "pin": False}),
                   ("ada", "user.role", "zoe", "operator", "inspector"),
                   ("zoe", "user.password", "zoe", None, None),
                   ("ada", "user.disable", "zoe", None, None)]
    assert "zoe-password" not in str([(e.before, e.after, e.detail) for e in audit.entries()])


def test_first_start_creates_the_admin(tmp_path):
    engine = open_database(sqlite_url(tmp_path / "fresh.db"))
    try:
        access = Access(UserStore(engine), AuditTrail(engine))
        assert access.users.first_start_needed()
        admin = access.create_first_admin("root", "root-password")
        assert admin.role == "admin" and not access.users.first_start_needed()
        (e,) = access.audit.entries()
        assert (e.user, e.action, e.target, e.detail) == (None, "user.create", "root", {"first_start": True})
    finally:
        engine.dispose()
