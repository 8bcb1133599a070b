"""Values as they travel from equipment to historian, alarms and screens. Qt-free."""
from __future__ import annotations

from enum import IntEnum
from typing import Callable, NamedTuple


class Quality(IntEnum):
    """OPC-style quality of one value.

    GOOD       read and decoded this scan.
    BAD        the device answered but the value is unusable (Modbus exception for its block,
               decode error such as NaN/out-of-type); ``Sample.error`` says which.
    STALE      no fresh read for longer than 3 scan periods while the link is up (slow device).
    COMM_FAIL  no connection to the device (refused, dropped, timed out); reconnecting.
    """

    GOOD = 0
    BAD = 1
    STALE = 2
    COMM_FAIL = 3


class Sample(NamedTuple):
    """One timestamped value of one tag.

    tag      plant-wide tag key, ``"<equipment id>.<tag name>"``.
    ts       acquisition time, seconds since the Unix epoch (UTC), float.
    value    engineering value (raw * scale + offset) for numbers, bool for bits, str for strings;
             None when quality is not GOOD and no value was decoded.
    quality  :class:`Quality`.
    error    short reason when quality is not GOOD (e.g. "exception 2: illegal data address").
    """

    tag: str
    ts: float
    value: float | int | bool | str | None
    quality: Quality
    error: str | None = None


#: A subscriber receives a list of samples. Called from the acquisition thread: it must not block
#: (hand the batch to a queue and return).
SampleSink = Callable[[list[Sample]], None]
