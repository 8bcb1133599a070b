"""Every saved version of the plant file, in the plant database. Qt-free.

    versions = PlantVersions(runtime.engine)
    v = versions.record(text, "plant.toml", user="lee", changes=["added device press2"])
    versions.list()            # newest first, without the texts
    versions.text(v.id)        # the whole file as it was saved

A version is never changed or deleted: going back to an older one saves it again as the newest.  The text is
stored whole (a plant file is a few tens of kB), with its SHA-256 so that a file on disk can be matched to the
version it came from (:meth:`find`).
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass

import sqlalchemy as sa

from hmi.store.db import durable_begin
from hmi.store.schema import from_ms, plant_versions, to_ms

__all__ = ["PlantVersion", "PlantVersions", "text_sha256"]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class PlantVersion:
    id: int
    ts: float
    user: str | None
    path: str
    sha256: str
    changes: tuple[str, ...]


class PlantVersions:
    """The ``plant_versions`` table."""

    def __init__(self, engine, clock=time.time):
        self.engine = engine
        self.clock = clock

    def record(self, text: str, path: str, *, user: str | None = None, changes=()) -> PlantVersion:
        ts = self.clock()
        row = {"ts": to_ms(ts), "user_name": user, "path": str(path), "sha256": text_sha256(text), "text": text,
               "changes": json.dumps([str(c) for c in changes], ensure_ascii=False)}
        with durable_begin(self.engine) as conn:
            vid = conn.execute(plant_versions.insert().values(**row)).inserted_primary_key[0]
        return PlantVersion(int(vid), from_ms(row["ts"]), user, str(path), row["sha256"],
                            tuple(str(c) for c in changes))

    def list(self, limit: int = 200) -> list[PlantVersion]:
        """The newest ``limit`` versions, newest first (without their texts)."""
        t = plant_versions
        q = (sa.select(t.c.id, t.c.ts, t.c.user_name, t.c.path, t.c.sha256, t.c.changes)
             .order_by(t.c.id.desc()).limit(limit))
        with self.engine.connect() as conn:
            return [PlantVersion(r.id, from_ms(r.ts), r.user_name, r.path, r.sha256,
                                 tuple(json.loads(r.changes or "[]"))) for r in conn.execute(q)]

    def text(self, version_id: int) -> str:
        with self.engine.connect() as conn:
            text = conn.execute(sa.select(plant_versions.c.text).where(plant_versions.c.id == version_id)).scalar()
        if text is None:
            raise KeyError(f"no plant file version {version_id}")
        return text

    def find(self, text: str) -> PlantVersion | None:
        """The newest version whose text is exactly ``text``."""
        t = plant_versions
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(t.c.id, t.c.ts, t.c.user_name, t.c.path, t.c.sha256, t.c.changes)
                             .where(t.c.sha256 == text_sha256(text)).order_by(t.c.id.desc()).limit(1)).first()
        return None if r is None else PlantVersion(r.id, from_ms(r.ts), r.user_name, r.path, r.sha256,
                                                   tuple(json.loads(r.changes or "[]")))
