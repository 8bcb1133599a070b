"""The database schema: the ONE module that knows tables and columns. Qt-free.

Every table of the application lives in :data:`metadata` (historian now; alarms, audit,
parts/genealogy and inspections later).  Add new tables here, either as Core :class:`Table`
objects on :data:`metadata` or as declarative classes deriving from :class:`Base` (which shares
the same metadata), then add an alembic revision under ``hmi/store/migrations/versions``
(``tests/store/test_migrations.py`` checks that the migrated database matches this module).

Portable SQLAlchemy only (SQLite and PostgreSQL).

Conventions
-----------
* Timestamps are **integer milliseconds since the Unix epoch, UTC** (``BigInteger``), in every
  historian table.  Integers compare exactly, index compactly and bucket with integer division;
  the Python API converts to/from float seconds (``Sample.ts``) at the edge.
* Tags are referenced by a small integer ``tag_id`` (``tags.id``); the key string is stored once.
"""
from __future__ import annotations

import math

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

#: Deterministic constraint/index names so that alembic migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def to_ms(t: float | None) -> int | None:
    """Epoch seconds -> the stored timestamp (integer ms since the epoch, UTC, rounded half up); None
    stays None.  The one conversion of the project (the historian writer's hot path inlines the same
    ``int(t * 1000.0 + 0.5)`` for the positive timestamps it stores)."""
    return None if t is None else math.floor(float(t) * 1000.0 + 0.5)


def in_window(q, column, t0: float | None, t1: float | None):
    """``q`` limited to ``t0 <= column < t1`` (epoch seconds; None: open) on a stored ms timestamp column."""
    if t0 is not None:
        q = q.where(column >= to_ms(t0))
    if t1 is not None:
        q = q.where(column < to_ms(t1))
    return q


def from_ms(ms: int | None) -> float | None:
    """A stored timestamp (ms since the epoch) -> epoch seconds; None stays None."""
    return None if ms is None else ms / 1000.0


class Base(DeclarativeBase):
    """Declarative base for later features that prefer ORM classes; shares :data:`metadata`."""

    metadata = metadata


# --------------------------------------------------------------------------------- historian
#: Value kinds stored in ``tags.value_type`` (the Python type of the last non-None value written),
#: used to give values back their type (bool/int/float/str) when read.
VALUE_TYPES = ("float", "int", "bool", "str")

tags = sa.Table(
    "tags",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(200), nullable=False, unique=True),
    sa.Column("value_type", sa.String(8), nullable=True),
)

#: Raw samples, one row per :class:`hmi.equipment.model.Sample`.
#: ``value`` holds numbers and bools (1.0/0.0), ``value_text`` holds strings; both NULL when the
#: sample carried no value.  ``quality`` is :class:`Quality` as an integer, ``error`` its reason.
samples = sa.Table(
    "samples",
    metadata,
    sa.Column("tag_id", sa.Integer, nullable=False),
    sa.Column("ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("value", sa.Float, nullable=True),
    sa.Column("value_text", sa.Text, nullable=True),
    sa.Column("quality", sa.SmallInteger, nullable=False),
    sa.Column("error", sa.Text, nullable=True),
    sa.Index(None, "tag_id", "ts"),  # -> ix_samples_tag_id_ts
)

#: Per-minute rollups of GOOD numeric values: one row per tag per minute that had any sample.
#: ``ts`` is the minute start (ms); ``vmin``/``vmax``/``vavg``/``n`` cover GOOD values only
#: (NULL/0 when the minute had none); ``qmax`` is the worst (highest) quality seen in the minute.
rollup_1m = sa.Table(
    "rollup_1m",
    metadata,
    sa.Column("tag_id", sa.Integer, primary_key=True),
    sa.Column("ts", sa.BigInteger, primary_key=True),  # minute start, ms since epoch, UTC
    sa.Column("vmin", sa.Float, nullable=True),
    sa.Column("vmax", sa.Float, nullable=True),
    sa.Column("vavg", sa.Float, nullable=True),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("qmax", sa.SmallInteger, nullable=False),
)

#: Hourly and daily rollups: the same columns as ``rollup_1m``, each computed from the tier below it (hours from
#: minutes, days from hours, UTC), so that a view of a year reads ~9,000 rows and one of five years ~1,800.
def _rollup_table(name: str) -> sa.Table:
    """A coarser rollup tier: ``rollup_1m``'s columns, ``ts`` its unit's start (ms since epoch, UTC)."""
    return sa.Table(
        name,
        metadata,
        sa.Column("tag_id", sa.Integer, primary_key=True),
        sa.Column("ts", sa.BigInteger, primary_key=True),
        sa.Column("vmin", sa.Float, nullable=True),
        sa.Column("vmax", sa.Float, nullable=True),
        sa.Column("vavg", sa.Float, nullable=True),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("qmax", sa.SmallInteger, nullable=False),
    )


rollup_1h = _rollup_table("rollup_1h")  # hour start
rollup_1d = _rollup_table("rollup_1d")  # day start (UTC)

#: The compressed tier: one tag's samples of one hour packed into ``data`` (:mod:`hmi.store.chunks`), once they are
#: older than ``[historian] compress_after_days``.  ``t0`` the hour's start; ``t_first``/``t_last`` its first and
#: last sample; ``n`` samples; ``vmin``/``vmax`` of its values (NULL: none).  Readers take it and ``samples`` as one.
sample_chunks = sa.Table(
    "sample_chunks",
    metadata,
    sa.Column("tag_id", sa.Integer, primary_key=True),
    sa.Column("t0", sa.BigInteger, primary_key=True),  # chunk (hour) start, ms since epoch, UTC
    sa.Column("t_first", sa.BigInteger, nullable=False),
    sa.Column("t_last", sa.BigInteger, nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("vmin", sa.Float, nullable=True),
    sa.Column("vmax", sa.Float, nullable=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

#: Small key -> integer state of the historian (e.g. ``rollup_watermark``: every minute that
#: starts before it has an up-to-date rollup).
historian_state = sa.Table(
    "historian_state",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=True),
)

ROLLUP_WATERMARK = "rollup_watermark"
#: every hour (day) starting before it has an up-to-date hourly (daily) rollup
ROLLUP_1H_WATERMARK = "rollup_1h_watermark"
ROLLUP_1D_WATERMARK = "rollup_1d_watermark"


# ------------------------------------------------------------------------------------ alarms
#: The alarm journal: one row per :class:`hmi.alarms.model.AlarmEvent` (ISA-18.2 transitions and
#: operator actions).  ``ts`` in ms since epoch, UTC; ``value`` holds numbers and bools,
#: ``value_text`` strings; ``event`` is raised/cleared/acked/...; ``state_after`` the ISA state.
alarm_events = sa.Table(
    "alarm_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("alarm_id", sa.String(250), nullable=False),
    sa.Column("tag", sa.String(200), nullable=False),
    sa.Column("equipment", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("priority", sa.SmallInteger, nullable=False),
    sa.Column("event", sa.String(24), nullable=False),
    sa.Column("state_after", sa.String(24), nullable=False),
    sa.Column("value", sa.Float, nullable=True),
    sa.Column("value_text", sa.Text, nullable=True),
    sa.Column("user_name", sa.String(100), nullable=True),
    sa.Column("comment", sa.Text, nullable=True),
    sa.Column("message", sa.Text, nullable=True),
    sa.Index(None, "ts"),  # -> ix_alarm_events_ts
    sa.Index(None, "alarm_id", "ts"),  # -> ix_alarm_events_alarm_id_ts
)

# ---------------------------------------------------------------------------------- security
#: Station users.  ``password_hash`` / ``pin_hash`` are self-describing scrypt strings
#: (``scrypt$n$r$p$salt$hash``), never plaintext.  ``created_at`` ms since epoch, UTC.
users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("pin_hash", sa.String(255), nullable=True),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
)

#: The audit trail, a hash chain: ``hash = sha256(prev_hash + canonical JSON of the entry)``.
#: ``id`` is assigned by the writer (previous id + 1, no gaps); ``before``/``after``/``detail``
#: hold canonical JSON text; ``field_sums`` short per-field digests so that a verifier can name
#: the edited field.  Never update or delete rows.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("user_name", sa.String(100), nullable=True),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("target", sa.String(250), nullable=True),
    sa.Column("before", sa.Text, nullable=True),
    sa.Column("after", sa.Text, nullable=True),
    sa.Column("detail", sa.Text, nullable=True),
    sa.Column("field_sums", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    # the station key (id: 16 hex digits of its SHA-256) whose HMAC-SHA256 ``hash`` is; NULL: plain SHA-256
    sa.Column("mac_key", sa.String(16), nullable=True),
    sa.Index(None, "ts"),  # -> ix_audit_log_ts
)

#: The head of the audit chain (one row, ``name = "audit"``): last id and hash, updated in the same
#: transaction as every append.  Writers lock this row first (serializes appends across processes)
#: and the verifier compares it with the table's last row (detects rows cut off the end).
audit_head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("last_id", sa.Integer, nullable=False),
    sa.Column("last_hash", sa.String(64), nullable=False),
)

# -------------------------------------------------------------------------------- inspection
#: AI verdicts (``vision`` rule: score < warn -> ok, warn <= score < ng -> warn, >= ng -> ng) and
#: the final verdicts an inspector may give (warn is never final).
AI_VERDICTS = ("ok", "warn", "ng")
FINAL_VERDICTS = ("ok", "ng")

#: One row per inspected image (X-ray or camera).  ``captured_ts`` ms since epoch, UTC.
#: ``ai_verdict``/``score`` are NULL when the image could not be inspected (``error`` says why).
#: ``heatmap_path``: the saved heatmap image (or a blob reference), NULL when none.
#: ``detail``: optional JSON text (e.g. simulator truth for the demo station).
inspections = sa.Table(
    "inspections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("serial", sa.String(64), nullable=True),
    sa.Column("station", sa.String(64), nullable=False),
    sa.Column("image_path", sa.Text, nullable=True),
    sa.Column("captured_ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("model_version", sa.String(64), nullable=True),
    sa.Column("score", sa.Float, nullable=True),
    sa.Column("ai_verdict", sa.String(8), nullable=True),
    sa.Column("heatmap_path", sa.Text, nullable=True),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("detail", sa.Text, nullable=True),
    sa.Index(None, "captured_ts"),  # -> ix_inspections_captured_ts
    sa.Index(None, "serial"),  # -> ix_inspections_serial
)

#: Inspector reviews of inspections; the newest review of an inspection is its final verdict.
#: ``reason_code`` is required (by :mod:`hmi.inspection.records`) when ``final_verdict`` differs
#: from the AI verdict.  ``ts`` ms since epoch, UTC.
reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("inspection_id", sa.Integer, sa.ForeignKey("inspections.id"), nullable=False),
    sa.Column("reviewer", sa.String(100), nullable=False),
    sa.Column("ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("final_verdict", sa.String(8), nullable=False),
    sa.Column("reason_code", sa.String(80), nullable=True),
    sa.Column("comment", sa.Text, nullable=True),
    sa.Index(None, "inspection_id", "ts"),  # -> ix_reviews_inspection_id_ts
    sa.Index(None, "ts"),  # -> ix_reviews_ts
)

# ------------------------------------------------------------------------------- maintenance
#: Maintenance events and modes (:mod:`hmi.maintenance.log`); ``replaced``/``repaired`` renew the
#: component (a Weibull lifetime ends: ``mode`` failure, or preventive = censored), ``inspected`` does not.
MAINTENANCE_EVENTS = ("replaced", "repaired", "inspected")
MAINTENANCE_MODES = ("failure", "preventive")

#: The maintenance log: one row per maintenance action on one component of one equipment.
#: ``ts`` entry time (ms since epoch, UTC); ``event_date`` the day of the work (ISO date text);
#: ``usage`` the machine's running hours or stroke counter at the event, in ``usage_unit``.
maintenance_log = sa.Table(
    "maintenance_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("equipment", sa.String(64), nullable=False),
    sa.Column("component", sa.String(100), nullable=False),
    sa.Column("component_type", sa.String(100), nullable=True),
    sa.Column("event", sa.String(16), nullable=False),
    sa.Column("event_date", sa.String(10), nullable=False),  # YYYY-MM-DD
    sa.Column("usage", sa.Float, nullable=True),
    sa.Column("usage_unit", sa.String(16), nullable=True),
    sa.Column("mode", sa.String(16), nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("user", sa.String(100), nullable=True),
    sa.Index(None, "equipment", "component"),  # -> ix_maintenance_log_equipment_component
    sa.Index(None, "event_date"),  # -> ix_maintenance_log_event_date
)

# ------------------------------------------------------------------------ KPI shift log (issue #7)
#: Kinds of shift-log entries (:mod:`hmi.kpi.shiftlog`).
SHIFT_LOG_KINDS = ("note", "downtime", "material", "returns")

#: The shift log that replaces the paper logs: one row per operator entry on one line.
#: ``ts`` entry time; ``start_ts``/``end_ts`` the stop a ``downtime`` entry labels with
#: ``reason_code`` on ``equipment`` (ms since epoch, UTC); ``material`` entries: ``material``,
#: ``lot``, ``quantity`` + ``unit``; ``returns`` entries: ``month`` (YYYY-MM), ``quantity`` returned
#: and ``shipped`` that month; ``text`` the note or comment.  Never updated: a later downtime entry
#: for the same stop supersedes the earlier one.
shift_log = sa.Table(
    "shift_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("line", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("equipment", sa.String(64), nullable=True),
    sa.Column("start_ts", sa.BigInteger, nullable=True),
    sa.Column("end_ts", sa.BigInteger, nullable=True),
    sa.Column("reason_code", sa.String(80), nullable=True),
    sa.Column("material", sa.String(100), nullable=True),
    sa.Column("lot", sa.String(64), nullable=True),
    sa.Column("quantity", sa.Float, nullable=True),
    sa.Column("unit", sa.String(16), nullable=True),
    sa.Column("shipped", sa.Float, nullable=True),
    sa.Column("month", sa.String(7), nullable=True),  # YYYY-MM
    sa.Column("text", sa.Text, nullable=True),
    sa.Column("user", sa.String(100), nullable=True),
    sa.Index(None, "line", "ts"),  # -> ix_shift_log_line_ts
    sa.Index(None, "line", "kind", "start_ts"),  # -> ix_shift_log_line_kind_start_ts
)


# ------------------------------------------------------------------------------ traceability
# Part genealogy (:mod:`hmi.trace`).  Timestamps ms since epoch, UTC.  Inspections and reviews link
# to parts by ``inspections.serial``; alarms by equipment and time (``alarm_events``).
#: Results a process step may have.
STEP_RESULTS = ("ok", "ng", "rework")
#: Kinds of part events after (or beside) processing.
PART_EVENTS = ("rework", "shipment", "scrap")

#: One row per marked part.  ``serial`` is what the mark says; ``line`` the line that made it.
trace_parts = sa.Table(
    "trace_parts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("serial", sa.String(64), nullable=False, unique=True),
    sa.Column("product", sa.String(64), nullable=True),
    sa.Column("line", sa.String(64), nullable=False),
    sa.Column("created_ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Index(None, "line", "created_ts"),  # -> ix_trace_parts_line_created_ts
    sa.Index(None, "created_ts"),  # -> ix_trace_parts_created_ts
)

#: Process steps of a part: which station/equipment, when, who, with which result.
trace_steps = sa.Table(
    "trace_steps",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("part_id", sa.Integer, sa.ForeignKey("trace_parts.id"), nullable=False),
    sa.Column("step", sa.String(64), nullable=False),
    sa.Column("station", sa.String(64), nullable=False),
    sa.Column("equipment", sa.String(64), nullable=False),
    sa.Column("start_ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("end_ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("operator", sa.String(100), nullable=True),
    sa.Column("result", sa.String(16), nullable=True),
    sa.Index(None, "part_id"),  # -> ix_trace_steps_part_id
    sa.Index(None, "equipment", "end_ts"),  # -> ix_trace_steps_equipment_end_ts (containment)
)

#: Parameter snapshot of a step: a tag's GOOD values from the historian during the step, and the
#: tag's normal range at the time of recording (NULL when the tag has none).
trace_step_params = sa.Table(
    "trace_step_params",
    metadata,
    sa.Column("step_id", sa.Integer, sa.ForeignKey("trace_steps.id"), primary_key=True),
    sa.Column("tag", sa.String(200), primary_key=True),
    sa.Column("vmin", sa.Float, nullable=True),
    sa.Column("vmax", sa.Float, nullable=True),
    sa.Column("vavg", sa.Float, nullable=True),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("unit", sa.String(32), nullable=True),
    sa.Column("range_lo", sa.Float, nullable=True),
    sa.Column("range_hi", sa.Float, nullable=True),
)

#: Material lots a part was made from (``kind`` e.g. "heat" for a melt's heat number).
trace_part_lots = sa.Table(
    "trace_part_lots",
    metadata,
    sa.Column("part_id", sa.Integer, sa.ForeignKey("trace_parts.id"), primary_key=True),
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("lot", sa.String(64), primary_key=True),
    sa.Column("ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Index(None, "lot", "kind"),  # -> ix_trace_part_lots_lot_kind (containment by lot)
)

#: Rework, shipment and scrap of a part (``ref``: rework order, shipment/delivery note, ...).
trace_part_events = sa.Table(
    "trace_part_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("part_id", sa.Integer, sa.ForeignKey("trace_parts.id"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("ref", sa.String(100), nullable=True),
    sa.Column("user_name", sa.String(100), nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Index(None, "part_id"),  # -> ix_trace_part_events_part_id
    sa.Index(None, "kind", "ref"),  # -> ix_trace_part_events_kind_ref
)


# ------------------------------------------------------------------------------ plant set-up
#: Every version of the plant file saved from the station (the Devices page or ``apply``): its whole ``text``,
#: ``sha256`` of it, the ``path`` it was written to, who saved it and the ``changes`` against the version before
#: (JSON list of lines).  Never updated or deleted: an older version is restored by saving it again.
plant_versions = sa.Table(
    "plant_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("user_name", sa.String(100), nullable=True),
    sa.Column("path", sa.String(500), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("changes", sa.Text, nullable=True),  # JSON list of str
    sa.Index(None, "ts"),  # -> ix_plant_versions_ts
)

#: The plant's smart-factory self-checks (KOSMO's five areas, each rated on six levels, 0 = ICT not applied ..
#: 5 = advanced): ``levels`` JSON {area: level}, ``evidence`` JSON {area: [lines Lineside saw]}, ``note``.
selfchecks = sa.Table(
    "selfchecks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ts", sa.BigInteger, nullable=False),  # ms since epoch, UTC
    sa.Column("user_name", sa.String(100), nullable=True),
    sa.Column("levels", sa.Text, nullable=False),
    sa.Column("evidence", sa.Text, nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Index(None, "ts"),  # -> ix_selfchecks_ts
)
