"""historian: tags, samples, per-minute rollups, historian state

Revision ID: 0001
Revises:
Create Date: 2026-01-01

Timestamps are integer milliseconds since the Unix epoch (UTC).
Table definitions are written out here (not imported from schema.py) so that this revision keeps
producing the same schema when schema.py evolves.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("value_type", sa.String(8), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_tags"),
        sa.UniqueConstraint("key", name="uq_tags_key"),
    )
    op.create_table(
        "samples",
        sa.Column("tag_id", sa.Integer, nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("value_text", sa.Text, nullable=True),
        sa.Column("quality", sa.SmallInteger, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
    )
    op.create_index("ix_samples_tag_id_ts", "samples", ["tag_id", "ts"])
    op.create_table(
        "rollup_1m",
        sa.Column("tag_id", sa.Integer, nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("vmin", sa.Float, nullable=True),
        sa.Column("vmax", sa.Float, nullable=True),
        sa.Column("vavg", sa.Float, nullable=True),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("qmax", sa.SmallInteger, nullable=False),
        sa.PrimaryKeyConstraint("tag_id", "ts", name="pk_rollup_1m"),
    )
    op.create_table(
        "historian_state",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.BigInteger, nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_historian_state"),
    )


def downgrade() -> None:
    op.drop_table("historian_state")
    op.drop_table("rollup_1m")
    op.drop_index("ix_samples_tag_id_ts", table_name="samples")
    op.drop_table("samples")
    op.drop_table("tags")
