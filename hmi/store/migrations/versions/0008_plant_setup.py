"""plant set-up: the plant file's saved versions and the smart-factory self-checks

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

Timestamps are integer milliseconds since the Unix epoch (UTC). Table definitions are written out
here (not imported from schema.py) so that this revision keeps producing the same schema.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plant_versions",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("user_name", sa.String(100), nullable=True),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("changes", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_plant_versions"),
    )
    op.create_index("ix_plant_versions_ts", "plant_versions", ["ts"])
    op.create_table(
        "selfchecks",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("user_name", sa.String(100), nullable=True),
        sa.Column("levels", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_selfchecks"),
    )
    op.create_index("ix_selfchecks_ts", "selfchecks", ["ts"])


def downgrade() -> None:
    op.drop_index("ix_selfchecks_ts", table_name="selfchecks")
    op.drop_table("selfchecks")
    op.drop_index("ix_plant_versions_ts", table_name="plant_versions")
    op.drop_table("plant_versions")
