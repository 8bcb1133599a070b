"""alarms and security: alarm journal, users, audit trail (hash chain) and its head

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-15

Timestamps are integer milliseconds since the Unix epoch (UTC).
Table definitions are written out here (not imported from schema.py) so that this revision keeps
producing the same schema when schema.py evolves.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alarm_events",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("ts", sa.BigInteger, nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_alarm_events"),
    )
    op.create_index("ix_alarm_events_ts", "alarm_events", ["ts"])
    op.create_index("ix_alarm_events_alarm_id_ts", "alarm_events", ["alarm_id", "ts"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("pin_hash", sa.String(255), nullable=True),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("user_name", sa.String(100), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(250), nullable=True),
        sa.Column("before", sa.Text, nullable=True),
        sa.Column("after", sa.Text, nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
        sa.Column("field_sums", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_ts", "audit_log", ["ts"])
    op.create_table(
        "audit_head",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("last_id", sa.Integer, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_audit_head"),
    )


def downgrade() -> None:
    op.drop_table("audit_head")
    op.drop_index("ix_audit_log_ts", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("users")
    op.drop_index("ix_alarm_events_alarm_id_ts", table_name="alarm_events")
    op.drop_index("ix_alarm_events_ts", table_name="alarm_events")
    op.drop_table("alarm_events")
