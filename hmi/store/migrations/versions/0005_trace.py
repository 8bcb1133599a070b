"""trace: part genealogy (parts, process steps, parameter snapshots, material lots, part events)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Timestamps are integer milliseconds since the Unix epoch (UTC).  Table definitions are written out
here (not imported from schema.py) so that this revision keeps producing the same schema.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trace_parts",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("serial", sa.String(64), nullable=False),
        sa.Column("product", sa.String(64), nullable=True),
        sa.Column("line", sa.String(64), nullable=False),
        sa.Column("created_ts", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_trace_parts"),
        sa.UniqueConstraint("serial", name="uq_trace_parts_serial"),
    )
    op.create_index("ix_trace_parts_line_created_ts", "trace_parts", ["line", "created_ts"])
    op.create_index("ix_trace_parts_created_ts", "trace_parts", ["created_ts"])
    op.create_table(
        "trace_steps",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("part_id", sa.Integer, nullable=False),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("equipment", sa.String(64), nullable=False),
        sa.Column("start_ts", sa.BigInteger, nullable=False),
        sa.Column("end_ts", sa.BigInteger, nullable=False),
        sa.Column("operator", sa.String(100), nullable=True),
        sa.Column("result", sa.String(16), nullable=True),
        sa.ForeignKeyConstraint(["part_id"], ["trace_parts.id"], name="fk_trace_steps_part_id_trace_parts"),
        sa.PrimaryKeyConstraint("id", name="pk_trace_steps"),
    )
    op.create_index("ix_trace_steps_part_id", "trace_steps", ["part_id"])
    op.create_index("ix_trace_steps_equipment_end_ts", "trace_steps", ["equipment", "end_ts"])
    op.create_table(
        "trace_step_params",
        sa.Column("step_id", sa.Integer, nullable=False),
        sa.Column("tag", sa.String(200), nullable=False),
        sa.Column("vmin", sa.Float, nullable=True),
        sa.Column("vmax", sa.Float, nullable=True),
        sa.Column("vavg", sa.Float, nullable=True),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("unit", sa.String(32), nullable=True),
        sa.Column("range_lo", sa.Float, nullable=True),
        sa.Column("range_hi", sa.Float, nullable=True),
        sa.ForeignKeyConstraint(["step_id"], ["trace_steps.id"], name="fk_trace_step_params_step_id_trace_steps"),
        sa.PrimaryKeyConstraint("step_id", "tag", name="pk_trace_step_params"),
    )
    op.create_table(
        "trace_part_lots",
        sa.Column("part_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("lot", sa.String(64), nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.ForeignKeyConstraint(["part_id"], ["trace_parts.id"], name="fk_trace_part_lots_part_id_trace_parts"),
        sa.PrimaryKeyConstraint("part_id", "kind", "lot", name="pk_trace_part_lots"),
    )
    op.create_index("ix_trace_part_lots_lot_kind", "trace_part_lots", ["lot", "kind"])
    op.create_table(
        "trace_part_events",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("part_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("ref", sa.String(100), nullable=True),
        sa.Column("user_name", sa.String(100), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.ForeignKeyConstraint(["part_id"], ["trace_parts.id"], name="fk_trace_part_events_part_id_trace_parts"),
        sa.PrimaryKeyConstraint("id", name="pk_trace_part_events"),
    )
    op.create_index("ix_trace_part_events_part_id", "trace_part_events", ["part_id"])
    op.create_index("ix_trace_part_events_kind_ref", "trace_part_events", ["kind", "ref"])


def downgrade() -> None:
    op.drop_index("ix_trace_part_events_kind_ref", table_name="trace_part_events")
    op.drop_index("ix_trace_part_events_part_id", table_name="trace_part_events")
    op.drop_table("trace_part_events")
    op.drop_index("ix_trace_part_lots_lot_kind", table_name="trace_part_lots")
    op.drop_table("trace_part_lots")
    op.drop_table("trace_step_params")
    op.drop_index("ix_trace_steps_equipment_end_ts", table_name="trace_steps")
    op.drop_index("ix_trace_steps_part_id", table_name="trace_steps")
    op.drop_table("trace_steps")
    op.drop_index("ix_trace_parts_created_ts", table_name="trace_parts")
    op.drop_index("ix_trace_parts_line_created_ts", table_name="trace_parts")
    op.drop_table("trace_parts")
