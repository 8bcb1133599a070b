"""What each part of the station may ask for: the service interfaces and the connectors. Qt-free.

The composition root (:mod:`hmi.runtime`) builds one :class:`~hmi.runtime.Runtime` holding every service
of a station.  A consumer (a page, a command, a demo service) never rummages through it: it *declares*
the services it needs as :class:`Connector` s (qudi's style) and receives a :func:`connect`-ed view that
holds exactly those, each checked against its Protocol:

    class JournalPage(QWidget):
        CONNECTORS = (Connector("plant", PlantSource), Connector("journal", JournalReader, optional=True))

        def __init__(self, runtime, ...):
            self.services = connect(self, runtime)   # .plant, .journal (None when the station has none)

A required connector that the source lacks, or a service that does not satisfy its Protocol, fails at
wiring time with the consumer's and the connector's name, not later in a click handler.  Test fakes go
through the same :func:`connect`, so a fake that drifts from the real interface fails its test.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "Connector", "ConnectorError", "connect", "StationUser",
    "PlantSource", "LiveData", "AlarmSource", "AccessGate", "HistorianReader", "JournalReader",
    "MaintenanceSource", "MaintenanceRecords", "ShiftLogStore", "KpiSource", "TraceRecords",
    "InspectionRecords", "ModelStore", "PathSource", "PlantSetup", "SelfCheckSource",
]


# ---------------------------------------------------------------------------- service interfaces
@runtime_checkable
class PlantSource(Protocol):
    """Anything that carries the plant configuration in force (``.plant``)."""

    plant: Any


@runtime_checkable
class LiveData(Protocol):
    """The acquisition side of a station: sample batches, latest values, device state, writes.

    ``subscribe(sink)``: ``sink(list[Sample])`` is called from the acquisition thread and must not block.
    ``write(tag_key, value) -> Future[WriteResult]`` resolves after the device's read-back."""

    plant: Any

    def subscribe(self, sink) -> None: ...
    def unsubscribe(self, sink) -> None: ...
    def latest(self) -> dict: ...
    def device_status(self) -> dict: ...
    def historian_stats(self) -> dict: ...
    def write(self, tag_key: str, value) -> Any: ...


@runtime_checkable
class AlarmSource(Protocol):
    """:class:`hmi.alarms.engine.AlarmEngine`: events to subscribers, operator actions, state snapshots."""

    def subscribe(self, callback) -> None: ...
    def unsubscribe(self, callback) -> None: ...
    def active(self) -> list: ...
    def views(self, states=None) -> list: ...
    def acknowledge(self, alarm_id: str, user: str, comment: str | None = None) -> bool: ...
    def shelve(self, alarm_id: str, user: str, duration_s: float, reason: str) -> None: ...


@runtime_checkable
class AccessGate(Protocol):
    """:class:`hmi.security.access.Access`: every operator action passes its role check and is audited."""

    def allowed(self, user, action: str) -> bool: ...
    def check(self, user, action: str, target: str | None = None) -> None: ...
    def login(self, name: str, password: str) -> Any: ...
    def login_pin(self, name: str, pin: str) -> Any: ...
    def login_wait_s(self, name: str | None = None) -> float: ...
    def pin_users(self) -> list[str]: ...
    def logout(self, user, reason: str = "user") -> None: ...
    def guarded_write(self, user, tag_key: str, value, write_fn, *args, **kwargs) -> Any: ...
    def acknowledge(self, user, alarms, alarm_ids, *args, **kwargs) -> Any: ...


@runtime_checkable
class HistorianReader(Protocol):
    """:class:`hmi.store.historian.Historian`: decimated queries and CSV export (blocking: worker threads)."""

    def query(self, *args, **kwargs) -> Any: ...
    def export_csv(self, *args, **kwargs) -> Any: ...


@runtime_checkable
class JournalReader(Protocol):
    """:class:`hmi.alarms.journal.AlarmJournal` as read by the Journal page."""

    def query(self, *args, **kwargs) -> Any: ...
    def export_csv(self, *args, **kwargs) -> Any: ...


@runtime_checkable
class MaintenanceSource(Protocol):
    """:class:`hmi.maintenance.scorer.MaintenanceScorer`: ``snapshot()`` of every machine's health; the
    maintenance staff's corrections ``mark_false(equipment_id)`` and ``relearn(equipment_id)``."""

    def snapshot(self) -> Any: ...
    def mark_false(self, equipment_id: str) -> Any: ...
    def relearn(self, equipment_id: str) -> Any: ...


@runtime_checkable
class MaintenanceRecords(Protocol):
    """:class:`hmi.maintenance.log.MaintenanceLog`."""

    def add(self, *args, **kwargs) -> Any: ...
    def entries(self, *args, **kwargs) -> Any: ...
    def report(self, *args, **kwargs) -> Any: ...


@runtime_checkable
class ShiftLogStore(Protocol):
    """:class:`hmi.kpi.shiftlog.ShiftLog`."""

    def entries(self, *args, **kwargs) -> Any: ...
    def add_downtime(self, *args, **kwargs) -> Any: ...
    def add_note(self, *args, **kwargs) -> Any: ...


@runtime_checkable
class KpiSource(Protocol):
    """KPIs of a line over a window (blocking database work: call from a worker thread)."""

    plant: Any

    def line_kpis(self, line_id: str, t0: float, t1: float, progress=None) -> Any: ...


@runtime_checkable
class TraceRecords(Protocol):
    """:class:`hmi.trace.genealogy.TraceStore`."""

    def lookup(self, *args, **kwargs) -> Any: ...
    def parts_by_equipment(self, *args, **kwargs) -> Any: ...
    def parts_by_lot(self, *args, **kwargs) -> Any: ...


@runtime_checkable
class InspectionRecords(Protocol):
    """:class:`hmi.inspection.records.InspectionStore`: the review queue and the inspector's decisions."""

    def queue(self, *args, **kwargs) -> Any: ...
    def review(self, *args, **kwargs) -> Any: ...
    def stats(self, *args, **kwargs) -> Any: ...
    def record_inspection(self, *args, **kwargs) -> Any: ...


@runtime_checkable
class ModelStore(Protocol):
    """:class:`vision.registry.ModelRegistry`: model versions, the active one, candidates."""

    def list(self) -> Any: ...
    def add(self, *args, **kwargs) -> Any: ...
    def activate(self, *args, **kwargs) -> Any: ...
    def active_path(self) -> Any: ...


@runtime_checkable
class PlantSetup(Protocol):
    """The plant file as the Devices page edits it (:attr:`hmi.runtime.Runtime.plant_setup`): its ``plant_text``,
    ``plant_file`` (where Save writes; ``plant_file_exists`` False until it is written) and ``plant_versions``
    (:class:`hmi.plantfile.versions.PlantVersions`, None without a database); ``running_plant()`` is what
    acquisition runs now; ``apply_plant`` / ``save_plant`` / ``browse`` block (call them from workers)."""

    plant_text: Any
    plant_file: Any
    plant_file_exists: bool
    plant_versions: Any

    def running_plant(self) -> Any: ...
    def apply_plant(self, plant, *, user=None, source: str = "") -> Any: ...
    def save_plant(self, text: str, *, user=None, path=None) -> Any: ...
    def browse(self, equipment_id: str, where: str | None = None) -> Any: ...


@runtime_checkable
class SelfCheckSource(Protocol):
    """The smart-factory self-check (:attr:`hmi.runtime.Runtime.self_check`): ``selfchecks`` (the saved ratings,
    None without a database), ``self_check_evidence()`` (blocking: a worker) and ``rate_plant``."""

    selfchecks: Any

    def self_check_evidence(self) -> Any: ...
    def rate_plant(self, levels: dict, *, user=None, evidence=None, note: str = "") -> Any: ...


@runtime_checkable
class PathSource(Protocol):
    """A folder (``os.PathLike``): where images, marks and models of the station live."""

    def __fspath__(self) -> str: ...


# ---------------------------------------------------------------------------- the station's user
class StationUser:
    """Who is logged in at this station, for services that stamp records with it (the trace recorder's
    step operator).  Set by the session (GUI thread), read from worker threads: one attribute swap."""

    def __init__(self) -> None:
        self._name: str | None = None

    def set(self, name: str | None) -> None:
        self._name = name

    def name(self) -> str | None:
        return self._name


# ---------------------------------------------------------------------------- connectors
class ConnectorError(TypeError):
    """A consumer was wired to a source that lacks a required service or has the wrong kind."""


@dataclass(frozen=True)
class Connector:
    """One declared need: attribute ``name`` of the source, which must satisfy ``protocol``.
    ``optional``: the station may lack it (``None``); the consumer shows why it is unavailable."""

    name: str
    protocol: type | None = None
    optional: bool = False


def _owner_name(consumer) -> str:
    cls = consumer if isinstance(consumer, type) else type(consumer)
    return cls.__name__


def connect(consumer, source, connectors=None) -> SimpleNamespace:
    """The services ``consumer`` declares (its ``CONNECTORS``, or ``connectors``), taken from ``source``
    (a :class:`~hmi.runtime.Runtime` or a fake).  Raises :class:`ConnectorError` naming the consumer and
    the connector when a required one is missing or any one does not satisfy its Protocol."""
    declared = connectors if connectors is not None else getattr(consumer, "CONNECTORS", None)
    if declared is None:
        raise ConnectorError(f"{_owner_name(consumer)} declares no CONNECTORS")
    if isinstance(source, SimpleNamespace) and getattr(source, "_connected_for", None) is not None:
        source = source._source  # an already connected view: connect again from what it came from
    view = SimpleNamespace(_connected_for=_owner_name(consumer), _source=source)
    for c in declared:
        value = getattr(source, c.name, None)
        if value is None:
            if not c.optional:
                raise ConnectorError(f"{_owner_name(consumer)} needs {c.name!r}"
                                     f"{f' ({c.protocol.__name__})' if c.protocol else ''}: the station has none")
        elif c.protocol is not None and not isinstance(value, c.protocol):
            missing = [m for m in _protocol_members(c.protocol) if not hasattr(value, m)]
            raise ConnectorError(f"{_owner_name(consumer)}.{c.name}: {type(value).__name__} is not a "
                                 f"{c.protocol.__name__} (missing {', '.join(missing) or '?'})")
        setattr(view, c.name, value)
    return view


def _protocol_members(protocol: type) -> list[str]:
    names: list[str] = []
    for klass in protocol.__mro__:
        if klass in (Protocol, object) or klass.__name__ == "Generic":
            continue
        names += [n for n in vars(klass) if not n.startswith("_")]
        names += list(getattr(klass, "__annotations__", {}))
    return sorted(set(names))
