"""audit: the key an entry's chain hash was made with (a keyed chain: HMAC-SHA256 with a station key)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

``mac_key``: the id of the station key (the first 16 hex digits of its SHA-256) whose HMAC-SHA256 is the
entry's ``hash``; NULL for an entry chained with plain SHA-256 (written before the station had a key).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as b:
        b.add_column(sa.Column("mac_key", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as b:
        b.drop_column("mac_key")
