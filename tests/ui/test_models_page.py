"""Models page: versions with metrics and the active one marked; activation permission + audit;
candidate-vs-active comparison on a folder; retrain from reviewed images (progress, cancel)."""
import numpy as np
import pytest
import sqlalchemy as sa

pytest.importorskip("torch")

from hmi.security.access import Access  # noqa: E402
from hmi.security.audit import AuditTrail  # noqa: E402
from hmi.security.users import UserStore  # noqa: E402
from hmi.store.db import open_database, sqlite_url  # noqa: E402
from hmi.inspection.records import InspectionStore  # noqa: E402
from hmi.store.schema import audit_log  # noqa: E402
from hmi.ui.alarm_bridge import wait_for_workers  # noqa: E402
from hmi.ui.login import SessionManager  # noqa: E402


def _model(path, version, seed):
    import torch

    from vision.model import build_model, new_meta, save_model

    torch.manual_seed(seed)
    m = build_model({"width": 8, "extra": 0})
    meta = new_meta(m, model_version=version, data_fingerprint=f"fp{seed}" * 4,
                    metrics={"val_auroc": 0.9 + seed / 100, "val_accuracy": 0.8},
                    thresholds={"warn": 0.4, "ng": 0.6, "rule": "test"})
    return save_model(m.eval(), meta, path)


@pytest.fixture
def secure(runtime, tmp_path):
    from vision.registry import ModelRegistry
    from vision.synth import make_part
    from vision.io import write_png16

    eng = open_database(sqlite_url(tmp_path / "station.db"))
    runtime.engine = eng
    runtime.users, runtime.audit = UserStore(eng), AuditTrail(eng)
    runtime.access = Access(runtime.users, runtime.audit)
    admin = runtime.access.create_first_admin("admin", "admin-pass-1")
    runtime.people = {"admin": admin,
                      "park": runtime.access.create_user(admin, "park", "inspector", "park-pass-1")}
    runtime.model_registry = reg = ModelRegistry(tmp_path / "models")
    v1 = reg.add(_model(tmp_path / "a.pt", "v1", 1))
    reg.activate(v1, by="admin")
    reg.add(_model(tmp_path / "b.pt", "v2", 2))
    runtime.inspections = store = InspectionStore(eng)
    for k in range(10):
        bad = k % 2 == 1
        img, _, _ = make_part("wheel", 64, k, ["porosity"] if bad else [])
        iid = store.record_inspection(station="xray1", serial=f"C{k}", ai_verdict="ng" if bad else "ok",
                                      score=0.9 if bad else 0.1, image_path=write_png16(tmp_path / f"{k}.png", img))
        store.review(iid, runtime.people["park"], "ng" if bad else "ok", access=runtime.access)
    runtime.data_dir = tmp_path
    yield runtime
    wait_for_workers()
    eng.dispose()


@pytest.fixture
def page(qtbot, secure):
    from hmi.ui.pages.models import ModelsPage

    session = SessionManager(secure.access)
    p = ModelsPage(secure, session, train_kwargs={"epochs": 1, "device": "cpu", "width": 8, "extra": 0,
                                                  "crops_per_image": 2, "val_fraction": 0.4, "tta": False,
                                                  "patience": 1, "threads": 1})
    qtbot.addWidget(p)
    p.resize(1400, 800)
    p.show()
    p.session_mgr = session
    with qtbot.waitSignal(p.sig_models_loaded, timeout=5000):
        p.on_shown()
    wait_for_workers()
    return p


def test_versions_with_metrics_and_active_marked(page):
    assert [m["version"] for m in page.models] == ["v1", "v2"]
    assert page.table.item(0, 1).text() == "ACTIVE" and page.table.item(1, 1).text() == "candidate"
    assert page.table.item(1, 3).text() == "0.920" and page.table.item(1, 5).text() == "0.400 / 0.600"
    assert page.table.item(1, 6).text().startswith("fp2")


def test_activation_refused_without_permission_then_audited(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["park"])
    assert page.select_version("v2")
    # refused before anything is pressed: disabled, and the reason on screen
    assert not page.activate_button.isEnabled() and not page.retrain_button.isEnabled()
    assert "needs" in page.rights_label.text() and not page.rights_label.isHidden()
    with qtbot.waitSignal(page.sig_message, timeout=5000) as b:  # the check behind the button holds on its own
        page.activate()
    assert b.args[0] is False and "may not" in b.args[1] and secure.model_registry.active == "v1"
    page.session_mgr.set_user(secure.people["admin"])
    assert page.activate_button.isEnabled() and page.activate_button.text().endswith("v2")
    with qtbot.waitSignal(page.sig_models_loaded, timeout=5000):
        page.activate_button.click()
    assert secure.model_registry.active == "v2" and page.table.item(1, 1).text() == "ACTIVE"
    with secure.engine.connect() as c:
        row = c.execute(sa.select(audit_log).order_by(audit_log.c.id.desc())).mappings().first()
    assert row["action"] in ("config.change", "model.activate") and "v2" in row["after"]
    assert secure.model_registry.history()[-1]["by"] == "admin"


def test_compare_candidate_with_active_image_by_image(qtbot, page, secure, tmp_path):
    from vision.synth import make_dataset

    make_dataset(tmp_path / "eval", n_ok=3, n_defect=3, size=64, seed=5)
    page.select_version("v2")
    with qtbot.waitSignal(page.sig_compare_done, timeout=60000) as b:
        assert page.compare(tmp_path / "eval")
    res = b.args[0]
    assert res["candidate"] == "v2" and res["active"] == "v1" and len(res["images"]) == 6
    assert page.compare_table.rowCount() == 6 and "v2 vs active v1: 6 images" in page.compare_summary.text()
    assert "AUROC" in page.compare_summary.text() and page.progress_bar.value() == 1000


def test_retrain_from_reviewed_images_adds_a_candidate(qtbot, page, secure, tmp_path):
    page.session_mgr.set_user(secure.people["admin"])
    seen = []
    page.sig_progress.connect(lambda f, m: seen.append(f))
    with qtbot.waitSignal(page.sig_train_done, timeout=120000) as b:
        assert page.retrain(tmp_path / "rt")
    version = b.args[0]
    assert version and version in [m["version"] for m in secure.model_registry.list()]
    assert secure.model_registry.active == "v1"                      # a candidate, not activated
    assert len(list((tmp_path / "rt" / "data" / "ok").iterdir())) == 5
    assert seen and max(seen) > 0.5
    page.wait_job()
    wait_for_workers()


def test_retrain_cancel_and_refusal(qtbot, page, secure, tmp_path):
    page.session_mgr.set_user(secure.people["park"])
    assert not page.retrain(tmp_path / "x") and "Refused" in page.message_text()
    page.session_mgr.set_user(secure.people["admin"])
    n = len(secure.model_registry.list())
    with qtbot.waitSignal(page.sig_train_done, timeout=120000) as b:
        assert page.retrain(tmp_path / "rt2", epochs=50)
        page.cancel()
    assert b.args[0] is None and "cancelled" in page.message_text()
    assert len(secure.model_registry.list()) == n


def test_import_model_file_as_candidate(qtbot, page, secure, tmp_path):
    page.session_mgr.set_user(secure.people["admin"])
    with qtbot.waitSignal(page.sig_models_loaded, timeout=10000):
        page.import_model(_model(tmp_path / "c.pt", "v3", 3))
    assert [m["version"] for m in page.models][-1] == "v3" and secure.model_registry.active == "v1"
    page.session_mgr.set_user(secure.people["park"])
    with qtbot.waitSignal(page.sig_message, timeout=10000) as b:
        page.import_model(tmp_path / "c.pt")
    assert b.args[0] is False and "Refused" in b.args[1]


def test_operating_points_show_the_review_load_and_one_is_set_for_the_stations(qtbot, page, secure, tmp_path):
    """The shipped model carries its calibration scores: for each share of defects passed as ok, the page shows
    the good parts sent to review; an inspector may not change it, an admin sets 20 % and the registry (what the
    stations read) and the audit trail say so."""
    from hmi.inspection.station import DEMO_MODEL
    from vision.evaluate import MISS_RATES

    reg = secure.model_registry
    v3 = reg.add(DEMO_MODEL, note="shipped")
    with qtbot.waitSignal(page.sig_models_loaded, timeout=5000):
        page.refresh()
    wait_for_workers()
    assert page.select_version(v3)
    # the offered settings plus the model's own (4 %), on its calibration parts
    assert page.op_table.rowCount() == len(MISS_RATES) + 1 and "300 good and 300 defective" in page.op_title.text()
    texts = [[page.op_table.item(r, c).text() for c in range(5)] for r in range(page.op_table.rowCount())]
    assert [t[0] for t in texts] == ["1 %", "2 %", "4 %", "5 %", "10 %", "20 %"]
    assert [t[4] for t in texts] == ["", "", "in use", "", "", ""]
    review = [float(t[2].rstrip(" %")) for t in texts]
    assert review == sorted(review, reverse=True) and review[0] > review[-1]  # less protection, less review
    page.op_table.selectRow(5)
    page.session_mgr.set_user(secure.people["park"])
    assert not page.op_button.isEnabled()
    page.session_mgr.set_user(secure.people["admin"])
    assert page.op_button.isEnabled() and page.op_button.text().endswith(f"20 % misses, {v3}")
    chosen = page.op_points[5]
    with qtbot.waitSignal(page.sig_models_loaded, timeout=5000):
        page.op_button.click()
    wait_for_workers()
    point = next(p for p in page.op_points if p["target_miss_rate"] == 0.2)
    assert reg.thresholds(v3) == {"warn": chosen["warn"], "ng": chosen["ng"]} and point["in_use"]
    with secure.engine.connect() as c:
        row = c.execute(sa.select(audit_log).order_by(audit_log.c.id.desc())).mappings().first()
    assert row["action"] in ("config.change", "model.operating_point") and v3 in row["target"]


def test_the_chosen_operating_point_stays_the_same_point_across_a_refresh(qtbot, page, secure):
    """After a refresh the table is built again: the selection follows the miss rate the engineer chose, not the
    row number, and the model's own setting (4 %) stays offered after another point was set."""
    from hmi.inspection.station import DEMO_MODEL

    reg = secure.model_registry
    v = reg.add(DEMO_MODEL, note="shipped")
    with qtbot.waitSignal(page.sig_models_loaded, timeout=5000):
        page.refresh()
    wait_for_workers()
    assert page.select_version(v)
    rates = [p["target_miss_rate"] for p in page.op_points]
    assert 0.04 in rates
    page.op_table.selectRow(rates.index(0.05))
    reg.set_operating_point(v, page.op_points[rates.index(0.2)]["warn"], page.op_points[rates.index(0.2)]["ng"])
    with qtbot.waitSignal(page.sig_models_loaded, timeout=5000):
        page.refresh()
    wait_for_workers()
    assert page.selected_point()["target_miss_rate"] == 0.05
    assert [p["target_miss_rate"] for p in page.op_points] == rates      # 4 % still offered
    assert next(p for p in page.op_points if p["target_miss_rate"] == 0.2)["in_use"]
