"""The probes of issue 14 against authentication: a PIN oracle, guessing without a lockout, a disabled
account's open session.  Each of these passed on the code before (kim found park's PIN in 1,358 tries; 60
wrong PINs then the right one logged in; a disabled engineer's session still wrote)."""
from __future__ import annotations

import pytest

from hmi.security import Access, AuditTrail, PermissionDenied, UserStore
from hmi.security.access import LoginThrottled
from hmi.security.throttle import ACCOUNT, LoginThrottle
from hmi.store.db import open_database, sqlite_url


class Clock:
    def __init__(self, t: float = 1_800_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    engine = open_database(sqlite_url(tmp_path_factory.mktemp("lock") / "plant.db"))
    users = UserStore(engine)
    users._create_user("ada", "admin", "ada-password")
    users._create_user("kim", "operator", "kim-password", pin="4711")
    users._create_user("park", "inspector", "park-password", pin="8305")
    users._create_user("lee", "engineer", "lee-password", pin="5820")
    yield engine, users
    engine.dispose()


@pytest.fixture
def ctx(setup):
    engine, users = setup
    with engine.begin() as c:
        c.exec_driver_sql("DELETE FROM audit_log")
        c.exec_driver_sql("DELETE FROM audit_head")
    for name in ("kim", "park", "lee"):
        users._enable_user(name)
    clock = Clock()
    audit = AuditTrail(engine, clock=clock)
    return Access(users, audit, throttle=LoginThrottle(clock=clock)), audit, clock


def test_guessing_a_pin_slows_down_then_locks_and_the_right_pin_does_not_get_in(ctx):
    access, audit, clock = ctx
    refused = 0
    for guess in range(60):  # the probe: 60 wrong PINs ...
        clock.t += 0.5
        try:
            assert access.login_pin("park", f"{1000 + guess:04d}") is None
        except LoginThrottled:
            refused += 1
    actions = [e.action for e in audit.entries(newest_first=False)]
    assert actions.count("login.failed") == 7 and refused == 53  # 7 guesses looked at, 53 refused unread
    with pytest.raises(LoginThrottled) as exc:  # ... then the right one: refused too, with the wait to say
        access.login_pin("park", "8305")
    assert not exc.value.locked and 0 < exc.value.wait_s <= 16 and "try again" in str(exc.value)
    assert "8305" not in str([e.detail for e in audit.entries()])  # never the PIN in the trail
    for _ in range(3):  # someone who waits out every delay: the 10th failure locks the account
        clock.t += access.login_wait_s("park")
        access.login_pin("park", "0000")
    assert access.throttle.locked(("user", "park"))
    with pytest.raises(LoginThrottled) as exc:
        access.login_pin("park", "8305")
    assert exc.value.locked and exc.value.wait_s > 600 and "locked" in str(exc.value)
    clock.t += ACCOUNT.lock_s + 1   # the lock runs out
    assert access.login_pin("park", "8305").name == "park"


def test_the_wait_grows_with_each_failure_past_the_free_ones(ctx):
    access, _audit, clock = ctx
    waits = []
    for k in range(7):
        clock.t += waits[-1] if waits else 0  # wait exactly as long as asked
        assert access.login("kim", "wrong-password") is None
        waits.append(access.login_wait_s("kim"))
    assert waits == [0, 0, 0, 2, 4, 8, 16]
    with pytest.raises(LoginThrottled):
        access.login("kim", "kim-password")  # asked to wait 16 s and came back at once
    clock.t += 16
    assert access.login("kim", "kim-password").name == "kim"
    assert access.login_wait_s("kim") == 0  # a log-in forgets the failures


def test_thirty_wrong_admin_passwords_lock_the_account_and_an_admin_unlocks_it(ctx):
    access, audit, clock = ctx
    for _ in range(30):
        clock.t += access.login_wait_s("lee") + 1  # waits out every delay; a lock stops the loop
        access.login("lee", "not-the-password")
        if access.throttle.locked(("user", "lee")):
            break
    assert access.throttle.locked(("user", "lee")) and access.throttle.failures(("user", "lee")) == 10
    with pytest.raises(LoginThrottled):
        access.login("lee", "lee-password")
    clock.t += access.login_wait_s()  # the station slows every log-in down for a minute at most
    assert access.login_wait_s() == 0 and access.login_wait_s("lee") > 600
    ada = access.login("ada", "ada-password")
    access.unlock(ada, "lee")
    assert access.login("lee", "lee-password").name == "lee"
    assert "user.unlock" in [e.action for e in audit.entries()]


def test_guessing_across_many_accounts_is_slowed_by_the_station(ctx):
    """A PIN tried against every account: each account has few failures, the station counts them all."""
    access, _audit, clock = ctx
    names = ["kim", "park", "lee", "ada"]
    for k in range(8):
        clock.t += 0.1
        try:
            access.login_pin(names[k % 4], "9182")
        except LoginThrottled:
            break
    assert access.login_wait_s() > 0  # the station as a whole must wait
    with pytest.raises(LoginThrottled):
        access.login_pin("kim", "4711")


def test_a_restart_does_not_forget_the_failures(ctx, setup):
    access, audit, clock = ctx
    for _ in range(6):
        clock.t += access.login_wait_s("kim")
        access.login("kim", "wrong-password")
    assert access.login_wait_s("kim") > 0
    fresh = Access(setup[1], audit, throttle=LoginThrottle(clock=clock))  # a new station process
    assert fresh.login_wait_s("kim") > 0


def test_no_pin_oracle_a_taken_pin_is_accepted_and_logs_in_only_its_own_user(ctx, setup):
    access, _audit, clock = ctx
    users = setup[1]
    users._set_pin("kim", "8305")  # park's PIN: the old code said "already in use"
    try:
        assert access.login_pin("kim", "8305").name == "kim"
        assert access.login_pin("park", "8305").name == "park"
    finally:
        users._set_pin("kim", "4711")


def test_a_disabled_accounts_open_session_is_refused_at_once(ctx):
    access, audit, clock = ctx
    lee = access.login("lee", "lee-password")  # the session holds this object
    ada = access.login("ada", "ada-password")
    access.check(lee, "setpoint.write")
    access.disable_user(ada, "lee")
    with pytest.raises(PermissionDenied, match="disabled"):
        access.check(lee, "setpoint.write")
    access.enable_user(ada, "lee")
    access.set_role(ada, "lee", "operator")
    try:
        with pytest.raises(PermissionDenied, match="operator"):
            access.check(lee, "setpoint.write")  # the role as it is now, not as it was at log-in
    finally:
        access.set_role(ada, "lee", "engineer")


def test_an_account_enabled_by_the_admin_stays_unlocked_after_a_restart(ctx, setup):
    access, audit, clock = ctx
    for _ in range(10):
        clock.t += access.login_wait_s("kim") + 1
        access.login("kim", "wrong-password")
    assert access.throttle.locked(("user", "kim"))
    clock.t += access.login_wait_s() + 1
    ada = access.login("ada", "ada-password")
    access.enable_user(ada, "kim")  # enabling lifts the lock ...
    assert access.login_wait_s("kim") == 0
    fresh = Access(setup[1], audit, throttle=LoginThrottle(clock=clock))  # ... also for the next station process
    assert fresh.login_wait_s("kim") == 0
