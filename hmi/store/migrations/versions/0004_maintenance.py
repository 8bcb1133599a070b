"""maintenance: the maintenance log (component replacements, repairs, inspections)

Revision ID: 0004
Revises: 0003
Create Date: 2026-02-08

Timestamps are integer milliseconds since the Unix epoch (UTC); ``event_date`` is ISO date text.
Table definitions are written out here (not imported from schema.py) so that this revision keeps
producing the same schema when schema.py evolves.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "maintenance_log",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("equipment", sa.String(64), nullable=False),
        sa.Column("component", sa.String(100), nullable=False),
        sa.Column("component_type", sa.String(100), nullable=True),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("event_date", sa.String(10), nullable=False),
        sa.Column("usage", sa.Float, nullable=True),
        sa.Column("usage_unit", sa.String(16), nullable=True),
        sa.Column("mode", sa.String(16), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("user", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_maintenance_log"),
    )
    op.create_index("ix_maintenance_log_equipment_component", "maintenance_log", ["equipment", "component"])
    op.create_index("ix_maintenance_log_event_date", "maintenance_log", ["event_date"])


def downgrade() -> None:
    op.drop_index("ix_maintenance_log_event_date", table_name="maintenance_log")
    op.drop_index("ix_maintenance_log_equipment_component", table_name="maintenance_log")
    op.drop_table("maintenance_log")
