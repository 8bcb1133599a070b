"""AlarmEngine: ISA-18.2 state machine (table-driven), deadband and delays, ROC, digital,
communication failure, shelving expiry, out of service, latching, suppression by design."""
from __future__ import annotations

import random
import threading

import pytest

from hmi.alarms import AlarmEngine, AlarmError, AlarmState
from hmi.config import demo_config_path, load_config, parse_config
from hmi.equipment.model import Quality, Sample

S = AlarmState
T0 = 1_800_000_000.0

PLANT = """\
[plant]
name = "Alarm test plant"

[[lines]]
id = "l1"

[[lines.equipment]]
id = "p1"
name = "Press 1"
comm_alarm = { priority = 1, on_delay_s = 2, message = "Press 1 not answering" }

[lines.equipment.connection]
protocol = "modbus-tcp"
host = "127.0.0.1"

[[lines.equipment.tags]]
name = "temp"
table = "input_register"
address = 0
type = "float32"
alarms = [
  { kind = "HI", limit = 80, deadband = 1, priority = 2, message = "Temp high", cause = "c", action = "a" },
  { kind = "HIHI", limit = 95, priority = 1, message = "Temp very high" },
]

[[lines.equipment.tags]]
name = "lube"
table = "input_register"
address = 2
type = "float32"
alarms = [
  { kind = "LO", limit = 2.0, deadband = 0.2, priority = 3, message = "Lube low", suppressed_by_design = { tag = "state", equals = 0 } },
  { kind = "LOLO", limit = 1.0, priority = 1, latching = true, message = "Lube lost" },
]

[[lines.equipment.tags]]
name = "noisy"
table = "input_register"
address = 4
type = "float32"
alarms = [
  { kind = "HI", limit = 80, deadband = 1, on_delay_s = 5, off_delay_s = 3, priority = 3 },
  { kind = "LO", limit = 20, priority = 4 },
]

[[lines.equipment.tags]]
name = "raw"
table = "input_register"
address = 6
type = "float32"
alarms = [ { kind = "HI", limit = 80, priority = 4 } ]

[[lines.equipment.tags]]
name = "bushing"
table = "input_register"
address = 8
type = "float32"
alarms = [
  { kind = "ROC", rate_per_min = 2.0, window_s = 60, direction = "rise", deadband = 0.5, priority = 3 },
  { kind = "ROC", name = "roc_any", rate_per_min = 5.0, window_s = 30, priority = 4 },
]

[[lines.equipment.tags]]
name = "state"
table = "input_register"
address = 10
type = "uint16"
alarms = [ { kind = "DIGITAL", state = 2, priority = 2, message = "Press fault" } ]

[[lines.equipment.tags]]
name = "guard"
table = "discrete_input"
address = 0
alarms = [ { kind = "DIGITAL", state = false, priority = 3, message = "Guard open" } ]

[[lines.equipment]]
id = "p2"
comm_alarm = false

[lines.equipment.connection]
protocol = "modbus-tcp"
host = "127.0.0.1"

[[lines.equipment.tags]]
name = "x"
table = "input_register"
address = 0
"""


class Clock:
    def __init__(self, t: float = T0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, s: float) -> float:
        self.t += s
        return self.t


class Rig:
    """An engine on a fake clock that records its events."""

    def __init__(self, text: str = PLANT):
        self.clock = Clock()
        self.engine = AlarmEngine(parse_config(text, "t.toml"), clock=self.clock)
        self.events = []
        self.engine.subscribe(self.events.append)

    def feed(self, tag: str, value, quality: Quality = Quality.GOOD, error: str | None = None, at: float | None = None):
        self.engine.process([Sample(f"p1.{tag}", self.clock.t if at is None else at, value, quality, error)])

    def new(self, alarm_id: str | None = None, since: int = 0):
        return [(e.event, e.state_after) for e in self.events[since:] if alarm_id is None or e.alarm_id == alarm_id]

    def raises(self, alarm_id: str) -> int:
        return sum(1 for e in self.events if e.alarm_id == alarm_id and e.event == "raised")


@pytest.fixture
def rig() -> Rig:
    return Rig()


# ------------------------------------------------------------------------ state machine table
HI, LOLO, LO = "p1.temp.hi", "p1.lube.lolo", "p1.lube.lo"
ON, OFF = ("temp", 85.0), ("temp", 70.0)
LOST, OK = ("lube", 0.5), ("lube", 3.0)
IDLE, RUN = ("state", 0), ("state", 1)

# (id, alarm, setup steps, last step, events of the last step, state after)
# steps: (tag, value) feeds a GOOD sample; "ack", "shelve", "unshelve", "oos", "ins", "reset" act on the alarm.
TRANSITIONS = [
    ("normal-raise", HI, [], ON, [("raised", S.UNACK_ACTIVE)], S.UNACK_ACTIVE),
    ("unack_active-ack", HI, [ON], "ack", [("acked", S.ACK_ACTIVE)], S.ACK_ACTIVE),
    ("ack_active-clear", HI, [ON, "ack"], OFF, [("cleared", S.NORMAL)], S.NORMAL),
    ("unack_active-clear", HI, [ON], OFF, [("cleared", S.UNACK_RTN)], S.UNACK_RTN),
    ("unack_rtn-ack", HI, [ON, OFF], "ack", [("acked", S.NORMAL)], S.NORMAL),
    ("unack_rtn-raise", HI, [ON, OFF], ON, [("raised", S.UNACK_ACTIVE)], S.UNACK_ACTIVE),
    ("normal-ack-nothing", HI, [], "ack", [], S.NORMAL),
    ("ack_active-ack-nothing", HI, [ON, "ack"], "ack", [], S.ACK_ACTIVE),
    ("ack_active-still-active", HI, [ON, "ack"], ON, [], S.ACK_ACTIVE),
    ("normal-shelve", HI, [], "shelve", [("shelved", S.SHELVED)], S.SHELVED),
    ("unack_active-shelve", HI, [ON], "shelve", [("shelved", S.SHELVED)], S.SHELVED),
    ("shelved-silent-raise", HI, ["shelve"], ON, [], S.SHELVED),
    ("shelved-silent-clear", HI, [ON, "shelve"], OFF, [], S.SHELVED),
    ("shelved-unshelve-active", HI, [ON, "shelve"], "unshelve",
     [("unshelved", S.UNACK_ACTIVE), ("raised", S.UNACK_ACTIVE)], S.UNACK_ACTIVE),
    ("shelved-unshelve-clear", HI, [ON, "shelve", OFF], "unshelve", [("unshelved", S.NORMAL)], S.NORMAL),
    ("shelved-unshelve-raised-meanwhile", HI, ["shelve", ON], "unshelve",
     [("unshelved", S.UNACK_ACTIVE), ("raised", S.UNACK_ACTIVE)], S.UNACK_ACTIVE),
    ("ack_active-oos", HI, [ON, "ack"], "oos", [("out_of_service", S.OUT_OF_SERVICE)], S.OUT_OF_SERVICE),
    ("oos-silent", HI, ["oos"], ON, [], S.OUT_OF_SERVICE),
    ("oos-in_service-active", HI, ["oos", ON], "ins",
     [("in_service", S.UNACK_ACTIVE), ("raised", S.UNACK_ACTIVE)], S.UNACK_ACTIVE),
    ("oos-in_service-clear", HI, [ON, "oos", OFF], "ins", [("in_service", S.NORMAL)], S.NORMAL),
    ("shelved-oos", HI, [ON, "shelve"], "oos", [("out_of_service", S.OUT_OF_SERVICE)], S.OUT_OF_SERVICE),
    ("oos-ack-nothing", HI, [ON, "oos"], "ack", [], S.OUT_OF_SERVICE),
    # suppression by design (LO is suppressed while state == 0)
    ("normal-suppressed", LO, [RUN], IDLE, [("suppressed", S.SUPPRESSED)], S.SUPPRESSED),
    ("suppressed-silent-raise", LO, [IDLE, ("lube", 1.5)], ("lube", 1.4), [], S.SUPPRESSED),
    ("unack_active-suppressed", LO, [RUN, ("lube", 1.5)], IDLE, [("suppressed", S.SUPPRESSED)], S.SUPPRESSED),
    ("suppressed-unsuppressed-active", LO, [IDLE, ("lube", 1.5)], RUN,
     [("unsuppressed", S.UNACK_ACTIVE), ("raised", S.UNACK_ACTIVE)], S.UNACK_ACTIVE),
    ("suppressed-unsuppressed-clear", LO, [IDLE, ("lube", 3.0)], RUN, [("unsuppressed", S.NORMAL)], S.NORMAL),
    ("suppressed-shelved", LO, [IDLE], "shelve", [("shelved", S.SHELVED)], S.SHELVED),
    ("shelved-unshelve-still-suppressed", LO, [IDLE, ("lube", 1.5), "shelve"], "unshelve",
     [("unshelved", S.SUPPRESSED)], S.SUPPRESSED),
    # latching (LOLO latches)
    ("latch-raise", LOLO, [], LOST, [("raised", S.UNACK_ACTIVE)], S.UNACK_ACTIVE),
    ("latch-unack-clear", LOLO, [LOST], OK, [("cleared", S.UNACK_RTN)], S.UNACK_RTN),
    ("latch-ack-active-clear-stays", LOLO, [LOST, "ack"], OK, [("cleared", S.ACK_ACTIVE)], S.ACK_ACTIVE),
    ("latch-ack-then-reset", LOLO, [LOST, "ack", OK], "reset", [("reset", S.NORMAL)], S.NORMAL),
    ("latch-unack_rtn-ack-stays", LOLO, [LOST, OK], "ack", [("acked", S.ACK_ACTIVE)], S.ACK_ACTIVE),
    ("latch-unack_rtn-ack-reset", LOLO, [LOST, OK, "ack"], "reset", [("reset", S.NORMAL)], S.NORMAL),
    ("latch-reset-before-ack", LOLO, [LOST, OK], "reset", [("reset", S.UNACK_RTN)], S.UNACK_RTN),
    ("latch-reset-before-ack-then-ack", LOLO, [LOST, OK, "reset"], "ack", [("acked", S.NORMAL)], S.NORMAL),
    ("latch-waiting-reset-reraise", LOLO, [LOST, "ack", OK], LOST, [("raised", S.UNACK_ACTIVE)], S.UNACK_ACTIVE),
    ("latch-reset-nothing", LOLO, [], "reset", [], S.NORMAL),
]


def _do(rig: Rig, alarm: str, step) -> None:
    e = rig.engine
    if isinstance(step, tuple):
        rig.clock.advance(1.0)
        rig.feed(*step)
    elif step == "ack":
        e.acknowledge(alarm, "kim")
    elif step == "shelve":
        e.shelve(alarm, "eve", 600, "sensor being replaced")
    elif step == "unshelve":
        assert e.unshelve(alarm, "eve")
    elif step == "oos":
        assert e.set_out_of_service(alarm, "eve", "transmitter removed")
    elif step == "ins":
        assert e.return_to_service(alarm, "eve")
    elif step == "reset":
        e.reset(alarm, "kim")
    else:
        raise AssertionError(step)


@pytest.mark.parametrize("alarm,setup,step,events,state", [c[1:] for c in TRANSITIONS], ids=[c[0] for c in TRANSITIONS])
def test_state_transition(rig, alarm, setup, step, events, state):
    for s in setup:
        _do(rig, alarm, s)
    n = len(rig.events)
    _do(rig, alarm, step)
    assert rig.new(alarm, n) == events
    assert rig.engine.state(alarm) == state
    # an event's state_after is the state the alarm is left in
    if events:
        assert events[-1][1] == state


def test_events_carry_the_details(rig):
    rig.feed("temp", 85.5)
    rig.clock.advance(2)
    rig.engine.acknowledge(HI, "kim", "seen it")
    raised, acked = [e for e in rig.events if e.alarm_id == HI]
    assert (raised.ts, raised.tag, raised.kind, raised.priority, raised.value, raised.user) == \
           (T0, "p1.temp", "HI", 2, 85.5, None)
    assert raised.message == "Temp high" and raised.equipment == "p1"
    assert (acked.ts, acked.user, acked.comment, acked.event, acked.value) == (T0 + 2, "kim", "seen it", "acked", 85.5)
    v = rig.engine.get(HI)
    assert v.acked_by == "kim" and v.acked_at == T0 + 2 and v.raised_at == T0 and v.cause == "c" and v.action == "a"


def test_operator_actions_need_reasons_and_known_alarms(rig):
    e = rig.engine
    with pytest.raises(AlarmError, match="reason"):
        e.shelve(HI, "eve", 60, "  ")
    with pytest.raises(AlarmError, match="between"):
        e.shelve(HI, "eve", 0, "x")
    with pytest.raises(AlarmError, match="between"):
        e.shelve(HI, "eve", 25 * 3600, "x")
    with pytest.raises(AlarmError, match="reason"):
        e.set_out_of_service(HI, "eve", "")
    with pytest.raises(AlarmError, match="unknown alarm"):
        e.acknowledge("p1.nope.hi", "kim")
    with pytest.raises(AlarmError, match="not a latching"):
        e.reset(HI, "kim")
    rig.feed(*LOST)
    with pytest.raises(AlarmError, match="still active"):
        e.reset(LOLO, "kim")
    e.set_out_of_service(HI, "eve", "bench test")
    with pytest.raises(AlarmError, match="out of service"):
        e.shelve(HI, "eve", 60, "x")
    assert rig.engine.get(HI).reason == "bench test"
    assert not e.set_out_of_service(HI, "eve", "again")  # already out of service


# ------------------------------------------------------------------------ deadband and delays
def test_noisy_value_on_limit_does_not_chatter(rig):
    """±0.3 around the limit, every 0.5 s for 10 min: deadband 1 + on-delay 5 s -> at most one raise.
    The same signal on an alarm without deadband or delay chatters (the guard is real)."""
    rnd = random.Random(7)
    t = T0
    for i in range(1200):
        v = 80.0 + (0.3 if i % 2 else -0.3) + rnd.uniform(-0.05, 0.05)
        rig.engine.process([Sample("p1.noisy", t, v, Quality.GOOD), Sample("p1.raw", t, v, Quality.GOOD)])
        t += 0.5
        rig.engine.tick(t)
    assert rig.raises("p1.noisy.hi") <= 1
    assert not any(e.event == "cleared" for e in rig.events if e.alarm_id == "p1.noisy.hi")
    assert rig.raises("p1.raw.hi") > 100


def test_noise_around_the_clear_point_does_not_chatter(rig):
    rig.feed("temp", 85.0)
    for i in range(200):  # 79.5 ± 0.3 sits between the clear point (79) and the limit (80)
        rig.clock.advance(0.5)
        rig.feed("temp", 79.2 if i % 2 else 79.8)
    assert rig.raises(HI) == 1 and rig.engine.state(HI) == S.UNACK_ACTIVE
    rig.feed("temp", 78.9)
    assert rig.new(HI)[-1] == ("cleared", S.UNACK_RTN)


def test_on_delay_from_samples_and_from_tick(rig):
    a = "p1.noisy.hi"
    rig.feed("noisy", 81.0)
    rig.clock.advance(4.9)
    rig.feed("noisy", 81.5)
    assert rig.engine.state(a) == S.NORMAL
    rig.feed("noisy", 70.0)  # dropped out before the delay ran out: pending cancelled
    rig.clock.advance(0.2)
    rig.feed("noisy", 81.0)
    start = rig.clock.t
    rig.engine.tick(start + 4.0)
    assert rig.engine.state(a) == S.NORMAL
    rig.engine.tick(start + 5.0)  # no new sample (poller deadband): the tick raises it
    assert rig.engine.state(a) == S.UNACK_ACTIVE
    ev = [e for e in rig.events if e.alarm_id == a]
    assert len(ev) == 1 and ev[0].ts == start + 5.0 and ev[0].value == 81.0


def test_off_delay(rig):
    a = "p1.noisy.hi"
    rig.feed("noisy", 85.0)
    rig.engine.tick(rig.clock.advance(5))
    assert rig.engine.state(a) == S.UNACK_ACTIVE
    rig.clock.advance(1)
    rig.feed("noisy", 70.0)
    rig.clock.advance(2.9)
    rig.feed("noisy", 70.0)
    assert rig.engine.state(a) == S.UNACK_ACTIVE
    rig.clock.advance(0.1)
    rig.feed("noisy", 70.0)  # 3 s below: cleared by this sample
    assert rig.new(a)[-1] == ("cleared", S.UNACK_RTN)
    assert rig.events[-1].ts == rig.clock.t


def test_lo_and_hihi_limits(rig):
    rig.feed("temp", 96.0)
    assert rig.engine.state("p1.temp.hihi") == S.UNACK_ACTIVE and rig.engine.state(HI) == S.UNACK_ACTIVE
    rig.feed("noisy", 20.0)  # LO: value <= limit
    assert rig.engine.state("p1.noisy.lo") == S.UNACK_ACTIVE
    rig.feed("noisy", 20.5)  # no deadband: clears above the limit
    assert rig.engine.state("p1.noisy.lo") == S.UNACK_RTN
    rig.feed(*RUN)
    rig.feed("lube", 2.0)
    assert rig.engine.state(LO) == S.UNACK_ACTIVE
    rig.feed("lube", 2.15)  # inside the 0.2 deadband: still active
    assert rig.engine.state(LO) == S.UNACK_ACTIVE
    rig.feed("lube", 2.25)
    assert rig.engine.state(LO) == S.UNACK_RTN


def test_bad_quality_holds_the_alarm(rig):
    rig.feed("temp", 90.0)
    rig.feed("temp", None, Quality.BAD, "exception 2: illegal data address")
    rig.feed("temp", 12.0, Quality.STALE)
    assert rig.engine.state(HI) == S.UNACK_ACTIVE
    assert rig.new(HI) == [("raised", S.UNACK_ACTIVE)]


# ------------------------------------------------------------------------ ROC, digital, comm
def _ramp(rig: Rig, tag: str, start: float, per_min: float, seconds: float, step: float = 1.0) -> None:
    t0 = rig.clock.t
    n = int(seconds / step)
    for i in range(n + 1):
        rig.feed(tag, start + per_min * (i * step) / 60.0, at=t0 + i * step)
    rig.clock.t = t0 + n * step


def test_rate_of_change(rig):
    a = "p1.bushing.roc"
    _ramp(rig, "bushing", 50.0, 1.0, 120)  # 1 °C/min: fine
    assert rig.raises(a) == 0
    _ramp(rig, "bushing", 52.0, 3.0, 120)  # 3 °C/min rising: alarm (once)
    assert rig.raises(a) == 1
    ev = next(e for e in rig.events if e.alarm_id == a)
    # the rate is measured over the window: raised once >= 2 °C/min averaged over 60 s
    assert ev.ts - (T0 + 120) <= 61
    _ramp(rig, "bushing", 58.0, 0.0, 120)  # flat: clears
    assert rig.new(a)[-1] == ("cleared", S.UNACK_RTN)


def test_rate_of_change_direction_and_both(rig):
    _ramp(rig, "bushing", 90.0, -3.0, 120)  # falling 3 °C/min: the "rise" alarm stays quiet
    assert rig.raises("p1.bushing.roc") == 0
    assert rig.raises("p1.bushing.roc_any") == 0  # 3 < 5
    _ramp(rig, "bushing", 84.0, -6.0, 60)
    assert rig.raises("p1.bushing.roc_any") == 1  # |rate| >= 5 either way
    assert rig.engine.get("p1.bushing.roc_any").limit == 5.0


def test_rate_needs_half_a_window_of_history(rig):
    rig.feed("bushing", 50.0)
    rig.clock.advance(10)
    rig.feed("bushing", 60.0)  # 60 °C/min, but only 10 s of history for a 60 s window
    assert rig.raises("p1.bushing.roc") == 0
    rig.clock.advance(25)
    rig.feed("bushing", 70.0)
    assert rig.raises("p1.bushing.roc") == 1


def test_digital_state_and_bool(rig):
    rig.feed("state", 1)
    rig.feed("guard", True)
    assert rig.engine.active() == []
    rig.feed("state", 2)
    rig.feed("guard", False)
    assert {v.alarm_id for v in rig.engine.active()} == {"p1.state.digital", "p1.guard.digital"}
    assert rig.engine.get("p1.state.digital").limit == 2
    rig.feed("state", 1)
    rig.feed("guard", True)
    assert rig.engine.state("p1.state.digital") == S.UNACK_RTN
    assert rig.engine.state("p1.guard.digital") == S.UNACK_RTN


def test_comm_fail_alarm_from_comm_fail_samples(rig):
    a = "p1.comm"
    rig.feed("temp", 90.0)
    fail = [Sample(f"p1.{t}", rig.clock.t, None, Quality.COMM_FAIL, "connection refused")
            for t in ("temp", "lube", "state")]
    rig.engine.process(fail)
    assert rig.engine.state(a) == S.NORMAL  # on-delay 2 s
    rig.engine.tick(rig.clock.advance(2))
    assert rig.engine.state(a) == S.UNACK_ACTIVE
    ev = [e for e in rig.events if e.alarm_id == a]
    assert len(ev) == 1 and ev[0].kind == "COMM" and ev[0].priority == 1 and ev[0].tag == "p1"
    assert ev[0].message == "Press 1 not answering"
    assert rig.engine.state(HI) == S.UNACK_ACTIVE  # held, not cleared by missing data
    rig.engine.process(fail)  # COMM_FAIL heartbeat: no second raise
    assert rig.raises(a) == 1
    rig.clock.advance(5)
    rig.feed("temp", 70.0)  # the device answers again
    assert rig.new(a)[-1] == ("cleared", S.UNACK_RTN)
    assert rig.engine.state(HI) == S.UNACK_RTN
    # a short drop-out shorter than the on-delay never raises
    rig.engine.process(fail)
    rig.clock.advance(1)
    rig.feed("temp", 70.0)
    rig.engine.tick(rig.clock.advance(5))
    assert rig.raises(a) == 1
    assert "p2.comm" not in rig.engine.ids()  # comm_alarm = false


def test_first_comm_fail_message_carries_the_error():
    text = PLANT.replace('comm_alarm = { priority = 1, on_delay_s = 2, message = "Press 1 not answering" }\n', "")
    rig = Rig(text)
    rig.engine.process([Sample("p1.temp", T0, None, Quality.COMM_FAIL, "read timed out")])
    ev = rig.events[-1]
    assert (ev.alarm_id, ev.event, ev.comment, ev.priority) == ("p1.comm", "raised", "read timed out", 2)
    assert ev.message == "Communication failure: Press 1"  # the default text names the equipment


def test_shelving_expires_on_the_injected_clock(rig):
    rig.feed("temp", 90.0)
    rig.engine.shelve(HI, "eve", 60, "known, fix scheduled")
    v = rig.engine.get(HI)
    assert v.state == S.SHELVED and v.shelved_until == T0 + 60 and v.shelved_by == "eve"
    assert v.reason == "known, fix scheduled"
    assert [a.alarm_id for a in rig.engine.shelved()] == [HI]
    rig.engine.tick(rig.clock.advance(59.9))
    assert rig.engine.state(HI) == S.SHELVED
    n = len(rig.events)
    rig.engine.tick(rig.clock.advance(0.1))
    assert rig.new(HI, n) == [("unshelved", S.UNACK_ACTIVE), ("raised", S.UNACK_ACTIVE)]
    assert rig.events[n].user is None and rig.events[n].comment == "shelving expired"
    assert rig.events[n].ts == T0 + 60
    # shelved while the condition went away: back to NORMAL at expiry
    rig.engine.acknowledge(HI, "kim")
    rig.engine.shelve(HI, "eve", 30, "again")
    rig.feed("temp", 60.0)
    rig.engine.tick(rig.clock.advance(30))
    assert rig.engine.state(HI) == S.NORMAL
    assert rig.engine.get(HI).shelved_until is None


def test_active_sorted_most_urgent_first_and_counts(rig):
    c = rig.clock
    rig.feed("noisy", 10.0)  # p4 LO, unacked
    c.advance(1)
    rig.feed("temp", 90.0)  # p2 HI
    rig.engine.acknowledge(HI, "kim")
    c.advance(1)
    rig.feed("state", 2)  # p2 digital, newer, unacked
    c.advance(1)
    rig.feed("lube", 0.5)  # LOLO p1
    rig.feed(*IDLE)  # LO (p3) suppressed by design: not in the list
    c.advance(1)
    rig.feed("guard", False)  # p3
    order = [v.alarm_id for v in rig.engine.active()]
    assert order == ["p1.lube.lolo", "p1.state.digital", HI, "p1.guard.digital", "p1.noisy.lo"]
    assert rig.engine.counts_by_priority() == {1: 1, 2: 2, 3: 1, 4: 1}
    assert rig.engine.unacked_by_priority() == {1: 1, 2: 1, 3: 1, 4: 1}
    assert [v.alarm_id for v in rig.engine.suppressed()] == [LO]
    done = rig.engine.acknowledge_all(None, "kim", "round")
    assert set(done) == set(order) - {HI}
    assert all(not v.unacked for v in rig.engine.active())


def test_latched_view_shows_reset_needed(rig):
    rig.feed(*LOST)
    rig.engine.acknowledge(LOLO, "kim")
    rig.feed(*OK)
    v = rig.engine.get(LOLO)
    assert v.state == S.ACK_ACTIVE and v.latched and v.needs_reset and not v.condition
    assert LOLO in [a.alarm_id for a in rig.engine.active()]


def test_a_failing_subscriber_does_not_stop_evaluation(rig):
    def boom(_ev):
        raise RuntimeError("subscriber bug")

    rig.engine.subscribe(boom)
    rig.feed("temp", 90.0)
    assert rig.engine.state(HI) == S.UNACK_ACTIVE and rig.new(HI) == [("raised", S.UNACK_ACTIVE)]
    rig.engine.unsubscribe(boom)


def test_acquisition_and_gui_threads_together(rig):
    errors = []

    def acquire():
        try:
            for i in range(3000):
                v = 90.0 if (i // 10) % 2 == 0 else 70.0
                rig.engine.process([Sample("p1.temp", T0 + i, v, Quality.GOOD)])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    th = threading.Thread(target=acquire)
    th.start()
    while th.is_alive():
        rig.engine.acknowledge_all(None, "kim")
        rig.engine.active()
    th.join()
    assert not errors
    raised = sum(1 for e in rig.events if e.alarm_id == HI and e.event == "raised")
    cleared = sum(1 for e in rig.events if e.alarm_id == HI and e.event == "cleared")
    assert raised == 150 and cleared == 150


def test_demo_plant_alarms_are_loaded():
    plant = load_config(demo_config_path())
    engine = AlarmEngine(plant, clock=Clock())
    ids = set(engine.ids())
    assert {"press1.bushing_temp.hi", "press1.bushing_temp.hihi", "press1.bushing_temp.roc",
            "press1.vibration_rms.hi", "press1.lube_pressure.lo", "caster1.melt_temp.hi", "caster1.melt_temp.lo",
            "caster1.die_temp.lo", "press1.comm", "caster1.comm"} <= ids
    engine.process([Sample("press1.bushing_temp", T0, 96.0, Quality.GOOD)])
    engine.tick(T0 + 5)
    assert [v.alarm_id for v in engine.active()] == ["press1.bushing_temp.hihi", "press1.bushing_temp.hi"]


def test_most_severe_active_alarm_per_tag():
    """HIHI (P1) beats HI (P2) of the same tag; returned-to-normal and shelved alarms are not shown."""
    from types import SimpleNamespace as V

    from hmi.alarms.model import AlarmState, most_severe_by_tag

    views = [V(tag="t", kind="HI", priority=2, state=AlarmState.ACK_ACTIVE),
             V(tag="t", kind="HIHI", priority=1, state=AlarmState.UNACK_ACTIVE),
             V(tag="u", kind="LO", priority=2, state=AlarmState.UNACK_RTN),
             V(tag="w", kind="HIHI", priority=1, state=AlarmState.SHELVED),
             V(tag="w", kind="HI", priority=2, state=AlarmState.ACK_ACTIVE),
             V(tag="x", kind="HI", priority=1, state=AlarmState.ACK_ACTIVE),
             V(tag="x", kind="HIHI", priority=1, state=AlarmState.ACK_ACTIVE)]
    worst = most_severe_by_tag(views)
    assert {k: (v.kind, v.priority) for k, v in worst.items()} == {"t": ("HIHI", 1), "w": ("HI", 2),
                                                                   "x": ("HIHI", 1)}


def test_an_invalid_value_raises_the_tags_instrument_fault_alarm(rig):
    a = "p1.temp.badpv"
    assert a in rig.engine.ids() and rig.engine.get(a).kind == "BADPV"
    rig.feed("temp", 90.0)  # HI active
    rig.feed("temp", None, Quality.BAD, "float is NaN")
    assert rig.engine.state(a) == S.NORMAL  # 5 s on-delay: a single glitch is no alarm
    rig.engine.tick(rig.clock.advance(5))
    assert rig.engine.state(a) == S.UNACK_ACTIVE
    ev = [e for e in rig.events if e.alarm_id == a]
    assert len(ev) == 1 and ev[0].value is None and ev[0].comment == "float is NaN"
    assert ev[0].priority == 1  # the tag's most urgent alarm is blind
    assert "no valid value" in ev[0].message
    assert rig.engine.state(HI) == S.UNACK_ACTIVE  # held, not cleared by the invalid value
    rig.feed("temp", None, Quality.BAD, "float is NaN")  # BAD heartbeat: no second raise
    assert rig.raises(a) == 1
    rig.feed("temp", 70.0, at=rig.clock.advance(1))
    assert rig.new(a)[-1] == ("cleared", S.UNACK_RTN)
    # a device that does not answer is the COMM alarm's business, not an instrument fault
    rig.engine.process([Sample("p1.temp", rig.clock.advance(1), None, Quality.COMM_FAIL, "timeout")])
    rig.engine.tick(rig.clock.advance(10))
    assert rig.raises(a) == 1
