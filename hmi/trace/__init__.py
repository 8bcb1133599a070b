"""Traceability: part genealogy, recording and lookup. Qt-free.

Modules
    serials     serial format validation per plant (pattern, optional check digit)
    genealogy   :class:`TraceStore`: the recording API (parts, steps, parameter snapshots, material
                lots, rework/shipment) and the queries (lookup, containment, CSV export)
    recorder    :class:`StationRecorder`: records steps from a PLC "part done" trigger tag and a
                serial tag, watched through the poller, with parameter snapshots from the historian
    coverage    :func:`trace_coverage`: share of produced parts with a complete history per line and day
    demo        mark images of the simulated line's parts (DataMatrix, laser-etched look)
    (commands: :mod:`hmi.commands.trace`, ``lineside trace decode|lookup|coverage``)
"""
