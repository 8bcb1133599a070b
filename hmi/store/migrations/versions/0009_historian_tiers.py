"""historian tiers: hourly and daily rollups, and the compressed sample blocks

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

Existing samples stay in ``samples``; the historian's upkeep packs those older than ``compress_after_days`` into
``sample_chunks`` (one tag-hour per row) and fills the hourly and daily rollups from the minute rollups, a bounded
amount at a time, so an old database moves to the tiers while the station runs, without losing a sample.
Timestamps are integer milliseconds since the Unix epoch (UTC); tables written out here, not imported.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _rollup(name: str) -> None:
    op.create_table(
        name,
        sa.Column("tag_id", sa.Integer, nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("vmin", sa.Float, nullable=True),
        sa.Column("vmax", sa.Float, nullable=True),
        sa.Column("vavg", sa.Float, nullable=True),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("qmax", sa.SmallInteger, nullable=False),
        sa.PrimaryKeyConstraint("tag_id", "ts", name=f"pk_{name}"),
    )


def upgrade() -> None:
    _rollup("rollup_1h")
    _rollup("rollup_1d")
    op.create_table(
        "sample_chunks",
        sa.Column("tag_id", sa.Integer, nullable=False),
        sa.Column("t0", sa.BigInteger, nullable=False),
        sa.Column("t_first", sa.BigInteger, nullable=False),
        sa.Column("t_last", sa.BigInteger, nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("vmin", sa.Float, nullable=True),
        sa.Column("vmax", sa.Float, nullable=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("tag_id", "t0", name="pk_sample_chunks"),
    )


def downgrade() -> None:
    op.drop_table("sample_chunks")
    op.drop_table("rollup_1d")
    op.drop_table("rollup_1h")
