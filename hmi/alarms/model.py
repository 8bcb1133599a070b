"""Alarm states, events and views (ISA-18.2). Qt-free.

States (:class:`AlarmState`)
---------------------------
NORMAL          condition clear, nothing to acknowledge.
UNACK_ACTIVE    condition active, not yet acknowledged.
ACK_ACTIVE      condition active and acknowledged; for a *latching* alarm also: condition gone,
                acknowledged, waiting for a reset.
UNACK_RTN       condition returned to normal before it was acknowledged (a latching alarm stays
                here, even after a reset, until acknowledged).
SHELVED         hidden by an operator for a limited time (reason required); unshelves itself.
SUPPRESSED      hidden by design (e.g. while the machine is idle).
OUT_OF_SERVICE  taken out of service by an engineer (reason required).

While SHELVED / SUPPRESSED / OUT_OF_SERVICE the condition is still evaluated silently, so that
leaving those states returns to whatever the condition then says (raising again if active).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable, NamedTuple


class AlarmState(str, Enum):
    NORMAL = "NORMAL"
    UNACK_ACTIVE = "UNACK_ACTIVE"
    ACK_ACTIVE = "ACK_ACTIVE"
    UNACK_RTN = "UNACK_RTN"
    SHELVED = "SHELVED"
    SUPPRESSED = "SUPPRESSED"
    OUT_OF_SERVICE = "OUT_OF_SERVICE"

    def __str__(self) -> str:  # "UNACK_ACTIVE", not "AlarmState.UNACK_ACTIVE"
        return self.value


#: States shown in the alarm summary (annunciated alarms).
ANNUNCIATED = frozenset({AlarmState.UNACK_ACTIVE, AlarmState.ACK_ACTIVE, AlarmState.UNACK_RTN})
#: States that wait for an acknowledgement.
UNACKED = frozenset({AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RTN})

#: Values of :attr:`AlarmEvent.event`.
EVENTS = ("raised", "cleared", "acked", "shelved", "unshelved", "suppressed", "unsuppressed",
          "out_of_service", "in_service", "reset")

#: Kind of the automatic communication-failure alarm of an equipment (alarm id ``<equipment>.comm``).
COMM = "COMM"
#: Kind of the automatic instrument-fault alarm of a tag that has process alarms (alarm id ``<tag>.badpv``):
#: the device answers but the value is invalid (a NaN float, a value that does not decode), so the tag's
#: own alarms are blind.
BADPV = "BADPV"
#: the kinds whose condition is about the signal, not the process: they carry no process value
SIGNAL_KINDS = frozenset({COMM, BADPV})


class AlarmError(ValueError):
    """An operator action that cannot be done (unknown alarm, reason missing, condition still active)."""


class AlarmEvent(NamedTuple):
    """One transition of one alarm, or one operator action on it.

    ts          seconds since the Unix epoch (UTC): the sample time for raised/cleared, the clock
                for operator actions and timers.
    alarm_id    ``"<equipment>.<tag>.<name>"``, or ``"<equipment>.comm"``.
    tag         tag key; for a COMM alarm the equipment id.
    kind        HI, HIHI, LO, LOLO, ROC, DIGITAL or COMM.
    event       one of :data:`EVENTS`.
    state_after the :class:`AlarmState` after the transition.
    value       the process value at the time (None when unknown / communication failure).
    user        user name for operator actions, None for process transitions.
    comment     operator comment, shelving / out-of-service reason, or the communication error.
    message     the alarm text.
    equipment   equipment id.
    """

    ts: float
    alarm_id: str
    tag: str
    kind: str
    priority: int
    event: str
    state_after: AlarmState
    value: float | int | bool | str | None
    user: str | None
    comment: str | None
    message: str
    equipment: str = ""


#: Receives every :class:`AlarmEvent`, synchronously, on the thread that caused it (acquisition or
#: GUI thread) while the engine lock is held: it must not block (queue it) and must not call back
#: into the engine from another thread and wait for it.
AlarmSubscriber = Callable[[AlarmEvent], None]


@dataclass(frozen=True, slots=True)
class AlarmView:
    """A snapshot of one alarm for screens (taken under the engine lock)."""

    alarm_id: str
    tag: str
    equipment: str
    kind: str
    priority: int
    state: AlarmState
    message: str
    cause: str
    action: str
    value: float | int | bool | str | None  # last value seen (GOOD samples only)
    limit: float | None  # HI/LO limit, ROC rate per minute, DIGITAL state
    condition: bool  # the (debounced) alarm condition is active now
    latching: bool
    latched: bool  # a latching alarm waiting for its reset
    raised_at: float | None  # last time it was raised (annunciated)
    acked_at: float | None
    acked_by: str | None
    shelved_until: float | None
    shelved_by: str | None
    reason: str | None  # shelving or out-of-service reason

    @property
    def unacked(self) -> bool:
        return self.state in UNACKED

    @property
    def needs_reset(self) -> bool:
        return self.latched and not self.condition


#: States in which an alarm's condition is shown on its tag (annunciated and still active).
ACTIVE = frozenset({AlarmState.UNACK_ACTIVE, AlarmState.ACK_ACTIVE})
#: Limit kinds ranked by how far they are from normal: a HIHI beats a HI of the same tag.
_KIND_RANK = {"HIHI": 2, "LOLO": 2, "HI": 1, "LO": 1}


def most_severe_by_tag(views) -> dict[str, "AlarmView"]:
    """The most severe ACTIVE alarm of each tag among ``views`` (:class:`AlarmView`): the lowest priority
    number first (1 is urgent), then the outer limit (HIHI/LOLO before HI/LO).  Shelved, suppressed,
    out-of-service and returned-to-normal alarms are not shown on the tag."""
    best: dict[str, AlarmView] = {}
    for v in views:
        if v.state not in ACTIVE:
            continue
        cur = best.get(v.tag)
        if cur is None or (v.priority, -_KIND_RANK.get(v.kind, 0)) < (cur.priority, -_KIND_RANK.get(cur.kind, 0)):
            best[v.tag] = v
    return best
