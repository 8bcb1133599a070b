"""The quality and deadband rules of acquisition, as a pure step: decoded values in, samples out. Qt-free.

The poller reads a block, decodes it with :mod:`hmi.equipment.codec` and hands the values to the block's
:class:`BlockQuality`, which decides each tag's quality and which samples are published.  No I/O, no
clock of its own (every call takes ``ts``), no threads: the rules are tested on their own.

* GOOD: decoded this scan.  With ``deadband > 0`` an unchanged value (change below the deadband) is
  emitted again only every :data:`HEARTBEAT_S` seconds.
* BAD: a Modbus exception for the block (:meth:`BlockQuality.bad`), a tag that does not decode
  (:class:`DecodeFailed`) or a float that decodes NaN/inf.  Emitted on the transition (or a new error
  text), then every :data:`HEARTBEAT_S`.
* COMM_FAIL: the device cannot be reached (:meth:`BlockQuality.comm_fail`): every tag, value None.
* STALE: no fresh good read for too long (:meth:`BlockQuality.stale`); carries the last good value.
* Any quality change is always emitted.

Each step returns ``(out, fresh)``: ``out`` the samples to publish, ``fresh`` every tag's sample of this
read (the "latest value" table is updated with all of them, even those the deadband holds back).
"""
from __future__ import annotations

import math
from itertools import repeat
from typing import Any, Sequence

from hmi.equipment.model import Quality, Sample

__all__ = ["HEARTBEAT_S", "BlockQuality", "DecodeFailed", "decode_each"]

#: an unchanged value (deadband) or a persisting BAD / COMM_FAIL is re-emitted this often (seconds)
HEARTBEAT_S = 60.0

_GOOD, _BAD, _STALE, _COMM_FAIL = Quality.GOOD, Quality.BAD, Quality.STALE, Quality.COMM_FAIL
_new_sample = tuple.__new__  # Sample(...) without the NamedTuple's Python-level __new__
_isfinite = math.isfinite


class DecodeFailed:
    """In place of a value: the tag's registers did not decode (``error`` says why)."""

    __slots__ = ("error",)

    def __init__(self, error: str):
        self.error = error

    def __repr__(self) -> str:
        return f"DecodeFailed({self.error!r})"


def decode_each(decoders: Sequence[tuple[Any, int]], data) -> list:
    """Per-tag decoding of a block: ``decoders`` are ``(fn, index)`` from
    :func:`hmi.equipment.codec.make_decoder`; a tag that fails gives a :class:`DecodeFailed`."""
    out = []
    for dec, idx in decoders:
        try:
            out.append(dec(data, idx))
        except Exception as exc:  # noqa: BLE001 - short or odd data: say what is wrong, per tag
            out.append(DecodeFailed(f"decode error: {exc}"))
    return out


class BlockQuality:
    """The quality state of the tags of one block (``keys`` in block order).

    ``is_float[i]``: a float tag (NaN/inf is BAD); ``deadband[i]``: 0.0 or the tag's deadband."""

    __slots__ = ("keys", "n", "is_float", "deadband", "has_float", "has_deadband", "last_q", "last_v",
                 "last_emit", "last_err")

    def __init__(self, keys: Sequence[str], is_float: Sequence[bool], deadband: Sequence[float]):
        self.keys = list(keys)
        self.n = len(self.keys)
        self.is_float = list(is_float)
        self.deadband = [float(d) for d in deadband]
        self.has_float = any(self.is_float)
        self.has_deadband = any(self.deadband)
        self.last_q: list[Quality | None] = [None] * self.n
        self.last_v: list[Any] = [None] * self.n  # the last good value (STALE carries it)
        self.last_emit: list[float] = [0.0] * self.n
        self.last_err: list[str | None] = [None] * self.n

    @classmethod
    def of_tags(cls, tags) -> "BlockQuality":
        """From :class:`~hmi.config.TagConfig` s: floats, and deadbands of numeric tags."""
        return cls([t.key for t in tags], [t.type in ("float32", "float64") for t in tags],
                   [t.deadband if t.type not in ("bool", "string") and t.deadband > 0 else 0.0 for t in tags])

    # ------------------------------------------------------------------ a read
    def decoded(self, values: Sequence, ts: float, *, numbers: bool = False) -> tuple[list[Sample], list[Sample]]:
        """One read of the block: ``values`` in block order, each a value or a :class:`DecodeFailed`.
        ``numbers``: every value is a number (the whole-block decoder), which allows the fast path."""
        last_q = self.last_q
        if not self.has_deadband and last_q.count(_GOOD) == self.n:
            # all GOOD already and no deadband: nothing to compare, emit the whole block without a per-tag
            # loop when every value is a finite number (a NaN/inf makes the sum non-finite)
            if numbers:
                ok = not self.has_float or _isfinite(sum(values))
            else:
                ok = not self.has_float and not any(type(v) is DecodeFailed for v in values)
            if ok:
                fresh = list(map(_new_sample, repeat(Sample),
                                 zip(self.keys, repeat(ts), values, repeat(_GOOD), repeat(None))))
                self.last_v[:] = values
                return fresh, fresh
        out: list[Sample] = []
        fresh: list[Sample] = []
        last_v, last_emit, last_err, is_float, deadband = (self.last_v, self.last_emit, self.last_err,
                                                            self.is_float, self.deadband)
        for i, key in enumerate(self.keys):
            v = values[i]
            err = None
            if type(v) is DecodeFailed:
                err = v.error
            elif is_float[i] and not _isfinite(v):
                err = f"decoded {v!r} (not a finite number)"
            if err is not None:
                s = _new_sample(Sample, (key, ts, None, _BAD, err))
                fresh.append(s)
                if last_q[i] is not _BAD or last_err[i] != err or ts - last_emit[i] >= HEARTBEAT_S:
                    out.append(s)
                    last_q[i], last_err[i], last_emit[i] = _BAD, err, ts
                continue
            s = _new_sample(Sample, (key, ts, v, _GOOD, None))
            fresh.append(s)
            db = deadband[i]
            if db and last_q[i] is _GOOD and abs(v - last_v[i]) < db and ts - last_emit[i] < HEARTBEAT_S:
                continue  # inside the deadband: keep the last emitted value
            out.append(s)
            last_q[i], last_v[i], last_emit[i], last_err[i] = _GOOD, v, ts, None
        return out, fresh

    def one(self, i: int, value, ts: float, quality: Quality = _GOOD,
            error: str | None = None) -> tuple[Sample | None, Sample]:
        """One tag's new value (a subscription's data change, or a read whose tags differ in quality):
        ``(sample to publish or None, its fresh sample)``.  GOOD values follow the deadband; a value that does
        not decode or a non-finite float is BAD; STALE carries ``value`` (an OPC UA Uncertain value); BAD and
        COMM_FAIL carry none.  Non-GOOD states are published on the transition, a new error, or the heartbeat."""
        key = self.keys[i]
        last_q = self.last_q
        if quality is _GOOD:
            if type(value) is DecodeFailed:
                quality, error, value = _BAD, value.error, None
            elif self.is_float[i] and not _isfinite(value):
                quality, error, value = _BAD, f"decoded {value!r} (not a finite number)", None
        if quality is _GOOD:
            s = _new_sample(Sample, (key, ts, value, _GOOD, None))
            db = self.deadband[i]
            if db and last_q[i] is _GOOD and abs(value - self.last_v[i]) < db and ts - self.last_emit[i] < HEARTBEAT_S:
                return None, s
            last_q[i], self.last_v[i], self.last_emit[i], self.last_err[i] = _GOOD, value, ts, None
            return s, s
        s = _new_sample(Sample, (key, ts, value if quality is _STALE else None, quality, error))
        if last_q[i] is not quality or self.last_err[i] != error or ts - self.last_emit[i] >= HEARTBEAT_S:
            last_q[i], self.last_err[i], self.last_emit[i] = quality, error, ts
            return s, s
        return None, s

    # ------------------------------------------------------------------ no value
    def bad(self, ts: float, error: str) -> list[Sample]:
        """The block's read was refused (a Modbus exception): BAD on the transition, then per heartbeat."""
        out = []
        for i, key in enumerate(self.keys):
            if self.last_q[i] is not _BAD or self.last_err[i] != error or ts - self.last_emit[i] >= HEARTBEAT_S:
                out.append(_new_sample(Sample, (key, ts, None, _BAD, error)))
                self.last_q[i], self.last_err[i], self.last_emit[i] = _BAD, error, ts
        return out

    def comm_fail(self, ts: float, error: str) -> list[Sample]:
        """The device cannot be reached: every tag COMM_FAIL with no value (the caller paces the heartbeat)."""
        out = [_new_sample(Sample, (key, ts, None, _COMM_FAIL, error)) for key in self.keys]
        self.last_q[:] = [_COMM_FAIL] * self.n
        self.last_err[:] = [error] * self.n
        self.last_emit[:] = [ts] * self.n
        return out

    def stale(self, ts: float, error: str) -> list[Sample]:
        """No fresh read for too long: each GOOD tag turns STALE with its last good value."""
        out = []
        for i, key in enumerate(self.keys):
            if self.last_q[i] is _GOOD:
                out.append(_new_sample(Sample, (key, ts, self.last_v[i], _STALE, error)))
                self.last_q[i], self.last_err[i], self.last_emit[i] = _STALE, error, ts
        return out

    def written(self, i: int, value, ts: float) -> Sample:
        """Tag ``i`` was written and read back as ``value``: GOOD now."""
        self.last_q[i], self.last_v[i], self.last_emit[i], self.last_err[i] = _GOOD, value, ts, None
        return _new_sample(Sample, (self.keys[i], ts, value, _GOOD, None))
