"""Alembic migrations of the Lineside database (run programmatically by :func:`hmi.store.db.open_database`).

New revision (from the repository root)::

    python -c "from alembic import command; from hmi.store.db import alembic_config; \
command.revision(alembic_config('sqlite:///dev.db'), message='alarms', autogenerate=True)"

then edit the generated file in ``versions/`` (keep it portable: SQLite uses batch mode).
"""
