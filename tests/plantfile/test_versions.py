"""Every saved version of the plant file is kept whole in the plant database (SQLite and PostgreSQL)."""
from hmi.plantfile.versions import PlantVersions, text_sha256
from hmi.store.db import open_database


def test_versions_are_kept_whole_newest_first_and_found_by_their_text(db_url):
    engine = open_database(db_url)
    try:
        clock = iter([1000.0, 2000.0])
        store = PlantVersions(engine, clock=lambda: next(clock))
        a = store.record("[plant]\nname = 'A'\n", "/etc/lineside/plant.toml", user="lee", changes=["added device p"])
        b = store.record("[plant]\nname = 'B'\n", "/etc/lineside/plant.toml", user=None)
        assert [v.id for v in store.list()] == [b.id, a.id]
        assert store.list()[1].changes == ("added device p",) and store.list()[1].user == "lee"
        assert store.text(a.id) == "[plant]\nname = 'A'\n" and a.sha256 == text_sha256("[plant]\nname = 'A'\n")
        assert store.find("[plant]\nname = 'B'\n").id == b.id and store.find("nothing") is None
    finally:
        engine.dispose()
