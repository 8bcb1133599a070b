"""The quality and deadband rules as a pure step (hmi.equipment.quality): no device, no clock."""
from __future__ import annotations

import math

import pytest

from hmi.equipment import quality
from hmi.equipment.model import Quality
from hmi.equipment.quality import BlockQuality, DecodeFailed, decode_each

GOOD, BAD, STALE, COMM_FAIL = Quality.GOOD, Quality.BAD, Quality.STALE, Quality.COMM_FAIL


def block(deadband=(0.0, 0.0), is_float=(True, False)):
    return BlockQuality(["m.a", "m.b"], is_float, deadband)


def test_first_read_emits_every_tag_good():
    q = block()
    out, fresh = q.decoded([1.5, 7], 100.0, numbers=True)
    assert [(s.tag, s.value, s.quality) for s in out] == [("m.a", 1.5, GOOD), ("m.b", 7, GOOD)]
    assert out == fresh


@pytest.mark.parametrize("numbers", [True, False])
def test_nan_and_inf_are_bad_with_the_reason_and_the_neighbour_stays_good(numbers):
    q = block()
    q.decoded([1.0, 1], 0.0, numbers=True)  # all GOOD: the fast path is tried first
    out, fresh = q.decoded([math.nan, 2], 1.0, numbers=numbers)
    assert [(s.tag, s.quality, s.value) for s in fresh] == [("m.a", BAD, None), ("m.b", GOOD, 2)]
    assert "not a finite number" in fresh[0].error
    out, _ = q.decoded([math.inf, 3], 2.0, numbers=numbers)
    assert [s.tag for s in out] == ["m.a", "m.b"] and "inf" in out[0].error  # a new error text: emitted


def test_a_tag_that_does_not_decode_is_bad_and_others_are_not():
    q = BlockQuality(["m.s", "m.c"], [False, False], [0.0, 0.0])
    vals = decode_each([(lambda d, i: d[i].decode("ascii"), 0), (lambda d, i: bool(d[i]), 1)], [b"\xff", 1])
    assert type(vals[0]) is DecodeFailed and vals[1] is True
    out, _ = q.decoded(vals, 5.0)
    assert (out[0].quality, out[1].quality) == (BAD, GOOD) and out[0].error.startswith("decode error:")


def test_deadband_holds_small_changes_until_the_heartbeat(monkeypatch):
    q = block(deadband=(1.0, 0.0))
    q.decoded([1.0, 1], 0.0, numbers=True)
    out, fresh = q.decoded([1.5, 1], 1.0, numbers=True)
    assert [s.tag for s in out] == ["m.b"] and fresh[0].value == 1.5  # latest shows it, not emitted
    out, _ = q.decoded([2.5, 1], 2.0, numbers=True)
    assert [(s.tag, s.value) for s in out] == [("m.a", 2.5), ("m.b", 1)]  # 1.5 from the last emitted 1.0
    out, _ = q.decoded([2.6, 1], 2.0 + quality.HEARTBEAT_S, numbers=True)
    assert [s.tag for s in out] == ["m.a", "m.b"]  # unchanged, but the heartbeat is due


def test_bad_block_emits_on_the_transition_then_per_heartbeat():
    q = block()
    assert len(q.bad(0.0, "exception 2: illegal data address")) == 2
    assert q.bad(1.0, "exception 2: illegal data address") == []
    assert len(q.bad(2.0, "exception 4: server device failure")) == 2  # another reason: emitted
    assert len(q.bad(2.0 + quality.HEARTBEAT_S, "exception 4: server device failure")) == 2


def test_comm_fail_then_recovery_is_a_quality_change_emitted_at_once():
    q = block(deadband=(5.0, 0.0))
    q.decoded([1.0, 1], 0.0, numbers=True)
    out = q.comm_fail(1.0, "connection lost")
    assert {(s.quality, s.value) for s in out} == {(COMM_FAIL, None)}
    out, _ = q.decoded([1.0, 1], 2.0, numbers=True)  # same value, inside the deadband, but GOOD again
    assert [(s.tag, s.quality) for s in out] == [("m.a", GOOD), ("m.b", GOOD)]


def test_stale_carries_the_last_good_value_and_only_for_good_tags():
    q = block()
    q.decoded([4.25, 9], 0.0, numbers=True)
    q.bad(0.5, "x") and q.decoded([4.25, 9], 0.6, numbers=True)
    q.decoded([math.nan, 9], 0.7, numbers=True)  # m.a BAD now
    out = q.stale(1.0, "no fresh value for 0.4 s")
    assert [(s.tag, s.quality, s.value) for s in out] == [("m.b", STALE, 9)]


def test_write_read_back_is_good_at_once():
    q = block()
    q.comm_fail(0.0, "down")
    s = q.written(1, 42, 3.0)
    assert (s.tag, s.value, s.quality) == ("m.b", 42, GOOD) and q.last_q[1] is GOOD
