"""PostgreSQL: raw samples partitioned by UTC month

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

On PostgreSQL ``samples`` becomes a table partitioned by range of ``ts``: one partition per UTC month from the
oldest sample to two months ahead, and a default partition; every existing row is moved, the index is the same.
The historian's upkeep makes the coming months' partitions and its retention drops whole months
(:mod:`hmi.store.partitions`).  Where the server has TimescaleDB, ``samples`` becomes a hypertable with native
compression instead (its rows migrated into chunks); why it could not be is logged.  SQLite is left as it is.
"""
from __future__ import annotations

import logging
import time

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_COLUMNS = ("tag_id INTEGER NOT NULL, ts BIGINT NOT NULL, value FLOAT, value_text TEXT, quality SMALLINT NOT NULL, "
            "error TEXT")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from hmi.store.partitions import make_hypertable, month_bounds, timescale_unavailable

    why_not = timescale_unavailable(bind)
    if why_not is None:
        make_hypertable(bind)
        logging.getLogger("hmi.store").info("samples: a TimescaleDB hypertable with native compression")
        return
    logging.getLogger("hmi.store").info("samples: %s", why_not)
    op.execute("ALTER TABLE samples RENAME TO samples_unpartitioned")
    op.execute("ALTER INDEX ix_samples_tag_id_ts RENAME TO ix_samples_unpartitioned_tag_id_ts")
    op.execute(f"CREATE TABLE samples ({_COLUMNS}) PARTITION BY RANGE (ts)")
    op.execute("CREATE INDEX ix_samples_tag_id_ts ON samples (tag_id, ts)")
    op.execute("CREATE TABLE samples_default PARTITION OF samples DEFAULT")
    lo, hi = bind.execute(sa.text("SELECT MIN(ts), MAX(ts) FROM samples_unpartitioned")).one()
    now = int(time.time() * 1000)
    t = min(x for x in (lo, now) if x is not None)
    end = month_bounds(max(x for x in (hi, now) if x is not None))[1]
    for _ in range(2):  # two months ahead of the newer of now and the newest sample
        end = month_bounds(end)[1]
    while t < end:
        a, b, name = month_bounds(t)
        op.execute(f"CREATE TABLE {name} PARTITION OF samples FOR VALUES FROM ({a}) TO ({b})")
        t = b
    op.execute("INSERT INTO samples SELECT tag_id, ts, value, value_text, quality, error FROM samples_unpartitioned")
    op.execute("DROP TABLE samples_unpartitioned")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE samples RENAME TO samples_partitioned")
    op.execute("ALTER INDEX ix_samples_tag_id_ts RENAME TO ix_samples_partitioned_tag_id_ts")
    op.execute(f"CREATE TABLE samples ({_COLUMNS})")
    op.execute("INSERT INTO samples SELECT tag_id, ts, value, value_text, quality, error FROM samples_partitioned")
    op.execute("CREATE INDEX ix_samples_tag_id_ts ON samples (tag_id, ts)")
    op.execute("DROP TABLE samples_partitioned CASCADE")
