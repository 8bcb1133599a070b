"""Inspection: the simulated X-ray station of the demo and the inspector's reason codes. Qt-free.

* :mod:`hmi.inspection.reasons`  :data:`REASON_CODES` for overriding an AI verdict.
* :mod:`hmi.inspection.station`  :class:`~hmi.inspection.station.XrayStation`: renders a synthetic
  radiograph for every cast part of the :class:`~hmi.equipment.simulator.LineSimulator`, runs the AI
  model on its own worker thread and records the inspection (:mod:`hmi.inspection.records`).

The inspection records, the model registry and the data folder are services of the composition root
(:class:`hmi.runtime.Runtime`: ``inspections``, ``model_registry``, ``data_dir``).
Importing this package never imports torch (the station imports it when the model is loaded).
"""
from __future__ import annotations

from hmi.inspection.reasons import COMMENT_REQUIRED, REASON_CODES, reason_codes_for, reason_message

__all__ = ["REASON_CODES", "COMMENT_REQUIRED", "reason_codes_for", "reason_message"]
