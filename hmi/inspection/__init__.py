"""Inspection: the simulated X-ray station of the demo and the inspector's reason codes. Qt-free.

* :mod:`hmi.inspection.reasons`  :data:`REASON_CODES` for overriding an AI verdict.
* :mod:`hmi.inspection.station`  :class:`~hmi.inspection.station.XrayStation`: renders a synthetic
  radiograph for every cast part of the :class:`~hmi.equipment.simulator.LineSimulator`, runs the AI
  model on its own worker thread and records the inspection (:mod:`hmi.store.inspections`).
* :func:`store_for`, :func:`registry_for`, :func:`data_dir_of`: the inspection records, the model
  registry and the data folder of a :class:`~hmi.runtime.Runtime` (shared by station and pages).

Importing this package never imports torch (the station imports it when the model is loaded).
"""
from __future__ import annotations

from pathlib import Path

from hmi.inspection.reasons import COMMENT_REQUIRED, REASON_CODES, reason_codes_for, reason_message

__all__ = ["REASON_CODES", "COMMENT_REQUIRED", "reason_codes_for", "reason_message", "data_dir_of", "store_for", "registry_for"]


def data_dir_of(runtime) -> Path:
    """The folder of the runtime's SQLite database file (images and models live beside it); else
    the user data folder ``lineside``."""
    d = getattr(runtime, "data_dir", None)
    if d:
        return Path(d)
    engine = getattr(runtime, "engine", None)
    if engine is not None and engine.url.get_backend_name() == "sqlite":
        db = engine.url.database or ""
        if db and db != ":memory:" and "mode=memory" not in db:
            return Path(db).resolve().parent
    from platformdirs import user_data_dir

    return Path(user_data_dir("lineside", appauthor=False))


def store_for(runtime):
    """The runtime's :class:`~hmi.store.inspections.InspectionStore` (made once; None without a database)."""
    store = getattr(runtime, "inspections", None)
    if store is None and getattr(runtime, "engine", None) is not None:
        from hmi.store.inspections import InspectionStore

        store = InspectionStore(runtime.engine)
        runtime.inspections = store
    return store


def registry_for(runtime):
    """The runtime's :class:`vision.registry.ModelRegistry` (``<data dir>/models`` unless set)."""
    reg = getattr(runtime, "model_registry", None)
    if reg is None:
        from vision.registry import ModelRegistry

        reg = ModelRegistry(data_dir_of(runtime) / "models")
        runtime.model_registry = reg
    return reg
