"""kpi: the shift log (production notes, downtime reasons, material receipts, returns)

Revision ID: 0006
Revises: 0004 (the lead rechains it after 0005)
Create Date: 2026-11-23

Timestamps are integer milliseconds since the Unix epoch (UTC). Table definitions are written out
here (not imported from schema.py) so that this revision keeps producing the same schema.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shift_log",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("ts", sa.BigInteger, nullable=False),
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
        sa.Column("month", sa.String(7), nullable=True),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("user", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_shift_log"),
    )
    op.create_index("ix_shift_log_line_ts", "shift_log", ["line", "ts"])
    op.create_index("ix_shift_log_line_kind_start_ts", "shift_log", ["line", "kind", "start_ts"])


def downgrade() -> None:
    op.drop_index("ix_shift_log_line_kind_start_ts", table_name="shift_log")
    op.drop_index("ix_shift_log_line_ts", table_name="shift_log")
    op.drop_table("shift_log")
