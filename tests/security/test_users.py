"""UserStore: scrypt hashes (never plaintext), authentication by password and PIN, first admin,
disable, password change; Session idle timeout; the permission table."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from hmi.security.users import (DEFAULT_ROLE_TABLE, ROLES, Session, UserError, UserStore, hash_secret,
                                verify_secret)
from hmi.store.db import open_database


@pytest.fixture
def store(db_url):  # SQLite file and PostgreSQL (tests/conftest.py)
    engine = open_database(db_url)
    yield UserStore(engine, clock=lambda: 1_800_000_000.0)
    engine.dispose()


def _row(store, name):
    with store.engine.connect() as c:
        return c.execute(sa.text("SELECT * FROM users WHERE name = :n"), {"n": name}).one()._mapping


def test_hash_is_salted_scrypt_and_self_describing():
    h1, h2 = hash_secret("correct horse"), hash_secret("correct horse")
    assert h1 != h2  # salted
    scheme, n, r, p, salt, dk = h1.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    import base64
    assert len(base64.b64decode(salt)) == 16
    assert verify_secret("correct horse", h1) and not verify_secret("correct horsE", h1)
    assert not verify_secret("x", "garbage") and not verify_secret("x", None)
    weak = hash_secret("abc", n=2 ** 4)  # parameters travel with the hash
    assert verify_secret("abc", weak) and weak.split("$")[1] == "16"


def test_first_admin_then_login(store):
    assert store.first_start_needed()
    store._create_user("kim", "operator", "kim-password")
    assert store.first_start_needed()  # an operator is no admin
    admin = store._create_user("ada", "admin", "admin-password-1")
    assert admin.role == "admin" and admin.enabled and not store.first_start_needed()
    u = store.authenticate("kim", "kim-password")
    assert u is not None and u.name == "kim" and u.role == "operator" and u.created_at == 1_800_000_000.0
    assert store.authenticate("kim", "wrong-password") is None
    assert store.authenticate("nobody", "kim-password") is None
    assert store.authenticate("kim", "") is None
    assert store.why_refused("nobody") == "unknown user" and store.why_refused("kim") == "wrong password"


def test_password_and_pin_are_never_stored_in_clear(store):
    store._create_user("kim", "operator", "kim-password", pin="4711")
    row = _row(store, "kim")
    assert "kim-password" not in row["password_hash"] and row["password_hash"].startswith("scrypt$")
    assert "4711" not in row["pin_hash"] and row["pin_hash"].startswith("scrypt$")
    with store.engine.connect() as c:
        dump = "\n".join(str(tuple(r)) for r in c.exec_driver_sql("SELECT * FROM users"))
    assert "kim-password" not in dump and "4711" not in dump


def test_pin_login(store):
    store._create_user("kim", "operator", "kim-password", pin="4711")
    store._create_user("eve", "engineer", "eve-password", pin="0815")
    store._create_user("bob", "maintenance", "bob-password")
    assert store.authenticate_pin("eve", "0815").name == "eve"
    assert store.authenticate_pin("kim", "4711").name == "kim"
    assert store.authenticate_pin("kim", "0815") is None       # another user's PIN is not kim's
    assert store.authenticate_pin("bob", "4711") is None       # bob has no PIN
    assert store.authenticate_pin("nobody", "4711") is None
    assert store.pin_users() == ["eve", "kim"]
    # no PIN oracle: the same PIN as someone else's is accepted, so a refusal never tells a PIN is taken
    store._create_user("dan", "operator", "dan-password", pin="4711")
    assert store.authenticate_pin("dan", "4711").name == "dan" and store.authenticate_pin("kim", "4711").name == "kim"
    with pytest.raises(UserError, match="4 to 8 digits"):
        store._create_user("dan2", "operator", "dan-password", pin="12a4")
    store._set_pin("kim", None)
    assert store.authenticate_pin("kim", "4711") is None and not store.get("kim").has_pin


@pytest.mark.parametrize("pin", ["0000", "7777", "1234", "4321", "0123", "9876", "123456", "1212", "2580"])
def test_easy_pins_are_refused(store, pin):
    with pytest.raises(UserError, match="too easy to guess"):
        store._create_user("kim", "operator", "kim-password", pin=pin)
    store._create_user("kim", "operator", "kim-password", pin="4711")
    with pytest.raises(UserError, match="too easy to guess"):
        store._set_pin("kim", pin)


@pytest.mark.parametrize("pw", ["password1", "12345678", "Qwerty123", "lineside", "Kimberly1", "kimberly1kimberly1"])
def test_common_passwords_and_the_users_own_name_are_refused(store, pw):
    with pytest.raises(UserError, match="too common"):
        store._create_user("kimberly1", "operator", pw)


def test_disable_and_change_password(store):
    store._create_user("ada", "admin", "admin-password-1")
    store._create_user("kim", "operator", "kim-password", pin="4711")
    store._disable_user("kim")
    assert store.authenticate("kim", "kim-password") is None and store.authenticate_pin("kim", "4711") is None
    assert store.why_refused("kim") == "user disabled"
    assert [u.name for u in store.list_users(include_disabled=False)] == ["ada"]
    assert [(u.name, u.enabled) for u in store.list_users()] == [("ada", True), ("kim", False)]
    store._enable_user("kim")
    with pytest.raises(UserError, match="current password"):
        store._change_password("kim", "new-password-1", old_password="nope-nope")
    store._change_password("kim", "new-password-1", old_password="kim-password")
    assert store.authenticate("kim", "kim-password") is None
    assert store.authenticate("kim", "new-password-1").name == "kim"
    with pytest.raises(UserError, match="last administrator"):
        store._disable_user("ada")
    with pytest.raises(UserError, match="last administrator"):
        store._set_role("ada", "engineer")


def test_bad_requests(store):
    with pytest.raises(UserError, match="unknown role"):
        store._create_user("x", "superuser", "long-enough")
    with pytest.raises(UserError, match="at least 8"):
        store._create_user("x", "operator", "short")
    store._create_user("x", "operator", "long-enough")
    with pytest.raises(UserError, match="already exists"):
        store._create_user("x", "engineer", "long-enough")


def test_session_idle_timeout():
    t = [100.0]
    s = Session(user=None, idle_timeout_s=300, clock=lambda: t[0])
    t[0] = 399.0
    assert not s.expired() and s.remaining_s() == pytest.approx(1.0)
    s.touch()
    t[0] = 698.9
    assert not s.expired()
    t[0] = 699.0
    assert s.expired() and s.remaining_s() == 0.0


def test_permission_table():
    def who(action):
        return {r for r in ROLES if r in DEFAULT_ROLE_TABLE[action].roles}

    assert who("alarm.acknowledge") == set(ROLES)
    assert who("alarm.shelve") == who("setpoint.write") == {"engineer", "admin"}
    assert who("inspection.override") == {"inspector", "engineer", "admin"}  # not maintenance
    assert who("config.change") == who("users.manage") == {"admin"}
    assert who("maintenance.log") == {"maintenance", "engineer", "admin"}
    assert DEFAULT_ROLE_TABLE["setpoint.write"].who() == "engineer and up"
    assert DEFAULT_ROLE_TABLE["inspection.override"].who() == "inspector, engineer, admin"
    assert DEFAULT_ROLE_TABLE["users.manage"].who() == "admin only"


def test_only_the_access_gate_changes_users():
    """The probe: `UserStore.set_role` ran unchecked.  The store's changes are private; in the project only
    hmi.security.access.Access (permission check and audit) calls them."""
    import re
    from pathlib import Path

    from hmi.security.users import UserStore

    changes = ("create_user", "set_role", "disable_user", "enable_user", "set_pin", "change_password")
    assert not any(hasattr(UserStore, m) for m in changes)
    root = Path(__file__).resolve().parents[2]
    pat = re.compile(r"\._(" + "|".join(changes) + r")\(")
    callers = {str(p.relative_to(root)) for d in ("hmi", "widgets", "vision") for p in (root / d).rglob("*.py")
               if pat.search(p.read_text(encoding="utf-8")) and p.name != "users.py"}
    assert callers == {"hmi/security/access.py"}, callers
