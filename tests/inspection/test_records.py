"""Inspection records: record, queue filters, review rules (override needs a reason), audit, stats, export."""
import time

import numpy as np
import pytest
import sqlalchemy as sa

from hmi.inspection import REASON_CODES
from hmi.security.access import Access, PermissionDenied
from hmi.security.audit import AuditTrail
from hmi.security.users import UserStore
from hmi.store.db import open_database
from hmi.inspection.records import InspectionError, InspectionStore, ReviewRefused
from hmi.store.schema import audit_log


@pytest.fixture
def ctx(tmp_path, db_url):  # SQLite file and PostgreSQL (tests/conftest.py)
    eng = open_database(db_url)
    users, audit = UserStore(eng), AuditTrail(eng)
    access = Access(users, audit)
    admin = access.create_first_admin("admin", "admin-pass-1")
    park = access.create_user(admin, "park", "inspector", "park-pass-1")
    kim = access.create_user(admin, "kim", "operator", "kim-pass-1")
    store = InspectionStore(eng)
    yield type("Ctx", (), dict(eng=eng, access=access, park=park, kim=kim, store=store, tmp=tmp_path))
    eng.dispose()


def _actions(eng):
    with eng.connect() as c:
        return c.execute(sa.select(audit_log.c.action, audit_log.c.target, audit_log.c.detail)
                         .order_by(audit_log.c.id)).all()


def _png(path, value=30000):
    from vision.io import write_png16

    return write_png16(path, np.full((32, 32), value, np.uint16))


def test_record_queue_and_filters(ctx):
    s = ctx.store
    t = time.time()
    a = s.record_inspection(station="xray1", serial="C1-1", score=0.1, ai_verdict="ok", captured_ts=t - 30,
                            model_version="v1", image_path="/x/a.png")
    b = s.record_inspection(station="xray1", serial="C1-2", score=0.9, ai_verdict="ng", captured_ts=t - 20)
    c = s.record_inspection(station="cam2", serial="C1-3", error="x.png: not an image", captured_ts=t - 10)
    assert [i.id for i in s.queue("all")] == [c, b, a]           # newest first
    assert [i.id for i in s.queue("pending", verdict="ng")] == [b]
    assert [i.id for i in s.queue("all", verdict="error")] == [c]
    assert [i.id for i in s.queue("all", station="xray1")] == [b, a]
    assert [i.id for i in s.queue("all", since=t - 25)] == [c, b]
    assert s.stations() == ["cam2", "xray1"]
    got = s.get(a)
    assert (got.serial, got.model_version, got.ai_verdict, got.review_state) == ("C1-1", "v1", "ok", "pending")
    assert s.get(c).ai_text == "error" and s.get(c).score is None
    with pytest.raises(InspectionError):
        s.record_inspection(station="x", ai_verdict="maybe", score=0.5)
    with pytest.raises(InspectionError):
        s.queue("later")


def test_override_without_reason_is_refused_and_nothing_stored(ctx):
    s = ctx.store
    iid = s.record_inspection(station="xray1", serial="C1-7", score=0.9, ai_verdict="ng")
    with pytest.raises(ReviewRefused, match="needs a reason code"):
        s.review(iid, ctx.park, "ok", reason_code="", access=ctx.access)
    with pytest.raises(ReviewRefused, match="unknown reason code"):
        s.review(iid, ctx.park, "ok", reason_code="because", access=ctx.access)
    with pytest.raises(ReviewRefused, match="ok or ng"):
        s.review(iid, ctx.park, "warn", access=ctx.access)
    assert s.get(iid).reviewed is False and s.reviews_of(iid) == []
    assert [a for a, *_ in _actions(ctx.eng)].count("inspection.override") == 0


def test_override_with_reason_is_audited_and_counts(ctx):
    s = ctx.store
    iid = s.record_inspection(station="xray1", serial="C1-8", score=0.9, ai_verdict="ng")
    got = s.review(iid, ctx.park, "ok", reason_code=REASON_CODES[0], comment="scratch", access=ctx.access)
    assert got.final_verdict == "ok" and got.overridden and got.reviewer == "park"
    assert got.review_state == "overridden to ok by park"
    action, target, detail = _actions(ctx.eng)[-1]
    assert action == "inspection.override" and target == "inspection #%d C1-8" % iid
    assert REASON_CODES[0] in detail and "scratch" in detail


def test_accept_needs_permission_and_is_audited(ctx):
    s = ctx.store
    iid = s.record_inspection(station="xray1", serial="C1-9", score=0.95, ai_verdict="ng")
    with pytest.raises(PermissionDenied, match="operator 'kim' may not override"):
        s.review(iid, ctx.kim, "ng", access=ctx.access)
    assert _actions(ctx.eng)[-1][0] == "access.denied" and not s.get(iid).reviewed
    got = s.review(iid, ctx.park, "ng", access=ctx.access)
    assert got.review_state == "accepted (ng) by park" and not got.overridden
    assert _actions(ctx.eng)[-1][0] == "inspection.accept"


def test_warn_and_error_need_a_reason_too(ctx):
    s = ctx.store
    w = s.record_inspection(station="xray1", score=0.5, ai_verdict="warn")
    e = s.record_inspection(station="xray1", error="unreadable")
    for iid in (w, e):
        with pytest.raises(ReviewRefused, match="needs a reason code"):
            s.review(iid, ctx.park, "ok", access=ctx.access)
    assert s.review(w, ctx.park, "ok", "borderline - within spec", access=ctx.access).review_state == "decided ok by park"
    with pytest.raises(ReviewRefused, match="needs a comment"):
        s.review(e, ctx.park, "ng", "other - see comment", access=ctx.access)


def test_stats_agreement_overrides_per_day_counts(ctx):
    s = ctx.store
    ids = {v: [s.record_inspection(station="xray1", score=sc, ai_verdict=v) for _ in range(n)]
           for v, sc, n in (("ok", 0.1, 3), ("ng", 0.9, 2), ("warn", 0.5, 1))}
    s.record_inspection(station="xray1", error="bad file")
    for iid in ids["ok"][:2]:
        s.review(iid, ctx.park, "ok", access=ctx.access)
    s.review(ids["ok"][2], ctx.park, "ng", "missed defect - crack", access=ctx.access)
    s.review(ids["ng"][0], ctx.park, "ng", access=ctx.access)
    s.review(ids["warn"][0], ctx.park, "ng", "borderline - out of spec", access=ctx.access)
    st = s.stats()
    assert st["counts"] == {"ok": 3, "warn": 1, "ng": 2, "error": 1}
    assert (st["total"], st["reviewed"], st["pending"]) == (7, 5, 2)
    assert (st["compared"], st["agreed"], st["overrides"]) == (4, 3, 1)
    assert st["agreement"] == pytest.approx(0.75)
    assert st["warn_resolved"] == 1 and st["final_counts"] == {"ok": 2, "ng": 3}
    assert sum(n for _, n in st["overrides_per_day"]) == 1
    # a second review replaces the first in the statistics
    s.review(ids["ok"][2], ctx.park, "ok", access=ctx.access)
    st = s.stats()
    assert (st["agreed"], st["overrides"], st["overrides_per_day"]) == (4, 0, [])
    assert len(s.reviews_of(ids["ok"][2])) == 2


def test_export_reviewed_by_final_verdict(ctx):
    s = ctx.store
    img = ctx.tmp / "img"
    img.mkdir()
    a = s.record_inspection(station="x", serial="C1/1", score=0.1, ai_verdict="ok", image_path=_png(img / "a.png"))
    b = s.record_inspection(station="x", serial="C1-2", score=0.1, ai_verdict="ok", image_path=_png(img / "b.png"))
    s.record_inspection(station="x", serial="C1-3", score=0.9, ai_verdict="ng", image_path=_png(img / "c.png"))
    e = s.record_inspection(station="x", serial="C1-4", error="bad", image_path=str(img / "none.png"))
    s.review(a, ctx.park, "ok", access=ctx.access)
    s.review(b, ctx.park, "ng", "missed defect - porosity", access=ctx.access)
    s.review(e, ctx.park, "ng", "image unusable - re-shot", access=ctx.access)
    res = s.export_reviewed(ctx.tmp / "out")
    assert (res["ok"], res["defect"], len(res["skipped"])) == (1, 1, 1)
    assert [p.name for p in (ctx.tmp / "out" / "ok").iterdir()] == [f"{a:06d}_C1_1.png"]
    assert [p.name for p in (ctx.tmp / "out" / "defect").iterdir()] == [f"{b:06d}_C1-2.png"]
    from vision.io import collect_samples

    assert sorted(lab for _, lab, _ in collect_samples(ctx.tmp / "out")) == [0, 1]


def test_a_review_without_an_access_context_is_refused(ctx):
    """The probe: `InspectionStore.review(..., access=None)` stored a review unchecked and unaudited."""
    iid = ctx.store.record_inspection(station="xray1", score=0.9, ai_verdict="ng")
    with pytest.raises(TypeError, match="access"):
        ctx.store.review(iid, ctx.park, "ng")
    with pytest.raises(TypeError, match="needs access"):
        ctx.store.review(iid, ctx.park, "ng", access=None)
    assert ctx.store.get(iid).final_verdict is None  # nothing stored
