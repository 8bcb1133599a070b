"""inspection: AI inspections of X-ray/camera images and inspector reviews

Revision ID: 0003
Revises: 0002
Create Date: 2026-02-01

Timestamps are integer milliseconds since the Unix epoch (UTC).
Table definitions are written out here (not imported from schema.py) so that this revision keeps
producing the same schema when schema.py evolves.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("serial", sa.String(64), nullable=True),
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("image_path", sa.Text, nullable=True),
        sa.Column("captured_ts", sa.BigInteger, nullable=False),
        sa.Column("model_version", sa.String(64), nullable=True),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("ai_verdict", sa.String(8), nullable=True),
        sa.Column("heatmap_path", sa.Text, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inspections"),
    )
    op.create_index("ix_inspections_captured_ts", "inspections", ["captured_ts"])
    op.create_index("ix_inspections_serial", "inspections", ["serial"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("inspection_id", sa.Integer, nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("final_verdict", sa.String(8), nullable=False),
        sa.Column("reason_code", sa.String(80), nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"],
                                name="fk_reviews_inspection_id_inspections"),
    )
    op.create_index("ix_reviews_inspection_id_ts", "reviews", ["inspection_id", "ts"])
    op.create_index("ix_reviews_ts", "reviews", ["ts"])


def downgrade() -> None:
    op.drop_index("ix_reviews_ts", table_name="reviews")
    op.drop_index("ix_reviews_inspection_id_ts", table_name="reviews")
    op.drop_table("reviews")
    op.drop_index("ix_inspections_serial", table_name="inspections")
    op.drop_index("ix_inspections_captured_ts", table_name="inspections")
    op.drop_table("inspections")
