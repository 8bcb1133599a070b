"""Alarm management after ISA-18.2: definitions come from :mod:`hmi.config` (``AlarmConfig``),
:class:`AlarmEngine` evaluates samples and runs the state machine, :class:`AlarmJournal` persists
every :class:`AlarmEvent`, :mod:`hmi.alarms.health` rates the alarm system. Qt-free."""
from hmi.alarms.engine import AlarmEngine
from hmi.alarms.journal import AlarmJournal, journal_json
from hmi.alarms.model import (ANNUNCIATED, COMM, EVENTS, UNACKED, AlarmError, AlarmEvent, AlarmState,
                              AlarmSubscriber, AlarmView)

__all__ = ["AlarmEngine", "AlarmJournal", "journal_json", "AlarmEvent", "AlarmState",
           "AlarmView", "AlarmError", "AlarmSubscriber", "ANNUNCIATED", "UNACKED", "EVENTS", "COMM"]
