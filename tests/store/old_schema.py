"""A PostgreSQL database as it was before the partitions (schema 0009), holding one tag's hourly samples: what
the partition and TimescaleDB migrations must move without losing a row."""
from __future__ import annotations

import sqlalchemy as sa

T0 = 1_800_000_000.0  # 2027-01-15
DAY = 86_400.0
N = 2400  # 100 days of hourly samples, across four months


def old_database(url: str, n: int = N) -> None:
    """Upgrade ``url`` to schema 0009 and write ``n`` hourly samples of tag 1 ("old.temp") from 60 days before T0."""
    from alembic import command

    from hmi.store.db import alembic_config

    command.upgrade(alembic_config(url), "0009")
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO tags (id, key, value_type) VALUES (1, 'old.temp', 'float')"))
        c.execute(sa.text("INSERT INTO samples (tag_id, ts, value, quality) SELECT 1, CAST(:t0 AS BIGINT) + "
                          "g * 3600000::BIGINT, g * 0.5, 0 FROM generate_series(0, :n - 1) g"),
                  {"t0": int((T0 - 60 * DAY) * 1000), "n": int(n)})
    engine.dispose()
