"""End to end: simulated lubrication loss -> alarms in banner and summary -> operator acknowledges ->
journal -> operator's setpoint write refused, nothing reaches the device, refusal audited."""
import pytest

pytest.importorskip("hmi.runtime")
sim_mod = pytest.importorskip("hmi.equipment.simulator")
db_mod = pytest.importorskip("hmi.store.db")

from hmi.config import demo_config_path, load_config  # noqa: E402

HI, HIHI = "press1.bushing_temp.hi", "press1.bushing_temp.hihi"


@pytest.fixture
def plant_runtime(tmp_path):
    from hmi.runtime import Runtime

    plant = load_config(demo_config_path())
    sim = sim_mod.LineSimulator(plant, port=0, speed=300, faults=[sim_mod.parse_fault("lubrication_loss@0")])
    sim.start()
    rt = Runtime(sim.served_plant(plant), db_url=db_mod.sqlite_url(tmp_path / "lineside.db"))
    rt.start()
    yield rt, sim
    rt.stop()
    sim.stop()


@pytest.mark.slow
def test_lubrication_loss_alarm_flow(qtbot, plant_runtime):
    from hmi.ui.alarm_bridge import wait_for_workers
    from hmi.ui.app import build_window

    rt, sim = plant_runtime
    played = []
    win = build_window(rt, player=lambda path, prio: played.append(prio))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert {"Overview", "Trends", "Alarms", "Journal", "Users"} <= set(win.pages())
    access = rt.access
    admin = access.create_first_admin("admin", "admin-pass-1")
    access.create_user(admin, "kim", "operator", "kim-pass-1")
    kim = access.login("kim", "kim-pass-1")
    win.session.set_user(kim)
    banner_texts = []  # every text the banner showed (its top alarm changes as the plant moves on)
    win.alarm_bridge.sig_alarms_changed.connect(lambda _snap: banner_texts.append(win.banner.text()))
    assert "kim" in win.user_indicator.label.text()

    # ------------------------------------------------------------------ HI, then HIHI: banner + summary
    page = win.alarms_page
    summary_ids = lambda: {v.alarm_id for v in page.model.rows}  # noqa: E731
    qtbot.waitUntil(lambda: HI in summary_ids(), timeout=60_000)
    qtbot.waitUntil(lambda: HIHI in summary_ids(), timeout=40_000)
    qtbot.waitUntil(lambda: any("Bushing temperature very high" in t for t in banner_texts), timeout=10_000)
    # the banner shows the most urgent alarm; the HI (P2) is in its counts
    assert win.banner.priority == 1 and win.banner.chips[1].count >= 1 and win.banner.chips[2].count >= 1
    qtbot.waitUntil(lambda: 1 in played, timeout=5_000)  # the horn sounded the urgent tone
    hihi_row = [v.alarm_id for v in page.model.rows].index(HIHI)
    assert page.model.text(hihi_row, 0) == "\u25a0 1 URGENT"
    # the tile and the trend legend of the tag show its most severe active alarm: HIHI (P1), not "HI"
    tile = win.overview.panels["press1"].tiles["press1.bushing_temp"]
    qtbot.waitUntil(lambda: tile.badge_text() == "\u25a0 HIHI", timeout=5_000)
    assert tile.alarm == ("HIHI", 1)
    win.open_trend("press1.bushing_temp")
    qtbot.waitUntil(lambda: win.trends.plot.legend_text("press1.bushing_temp").startswith("\u25a0 HIHI"),
                    timeout=5_000)

    # ------------------------------------------------------------------ the operator acknowledges both
    win.show_alarms()
    assert win.current_page() == "Alarms"
    for aid in (HIHI, HI):
        assert page.select_alarm(aid)
        with qtbot.waitSignal(page.sig_action_done, timeout=10_000):
            page.acknowledge_selected()
    # (the live state may already have moved on: the temperature swings around the HIHI limit)
    acks = [(e.target, e.user) for e in rt.audit.entries(action="alarm.acknowledge")]
    assert acks == [(HI, "kim"), (HIHI, "kim")]

    # ------------------------------------------------------------------ journal: raised HI, raised HIHI, acked
    journal = win.journal_page
    rt.journal.flush(5)

    def journal_has_ack():
        if not journal.loading:
            journal.search()
        return (HIHI, "acked") in journal.events() and (HI, "acked") in journal.events()

    win.show_page("Journal")
    qtbot.waitUntil(journal_has_ack, timeout=15_000)
    wait_for_workers()
    chronological = list(reversed(journal.events()))
    first = {key: chronological.index(key) for key in ((HI, "raised"), (HIHI, "raised"), (HIHI, "acked"))}
    assert first[(HI, "raised")] < first[(HIHI, "raised")] < first[(HIHI, "acked")], chronological
    acked_row = next(r for r in journal.rows if r["alarm_id"] == HIHI and r["event"] == "acked")
    assert acked_row["user"] == "kim"

    # ------------------------------------------------------------------ operator's setpoint write is refused
    before = sim.values()["press1.spm_setpoint"]
    win.show_page("Overview")
    set_button = win.overview.panels["press1"].setpoints["press1.spm_setpoint"].button
    # the refusal is visible before anything is typed: the operator's Set… button is disabled and says why
    assert not set_button.isEnabled() and "Writing setpoints needs engineer and up" in set_button.toolTip()
    # and the core refuses too, should the dialog be reached another way
    win.open_setpoint("press1.spm_setpoint")
    dlg = win.setpoint_dialog
    assert dlg is not None and dlg.key == "press1.spm_setpoint"
    dlg.value_edit.setText(str(int(before) + 3))
    assert dlg.request_write()
    with qtbot.waitSignal(dlg.sig_refused, timeout=10_000) as sig:
        dlg.confirm()
    assert "operator 'kim' may not write setpoints (engineer and up)" in sig.args[0]
    assert "may not write setpoints" in dlg.message_text()
    qtbot.wait(1000)  # a write, had it gone out, would be read back by now
    assert sim.values()["press1.spm_setpoint"] == before
    denied = rt.audit.entries(action="access.denied", target="press1.spm_setpoint")
    assert denied and denied[0].user == "kim" and denied[0].detail["action"] == "setpoint.write"
    assert not rt.audit.entries(action="setpoint.write")
    assert [e.target for e in rt.audit.entries(action="alarm.acknowledge", user="kim")] == [HI, HIHI]
    assert rt.audit.verify().ok
    dlg.close()
    win.close()
    wait_for_workers()


def test_a_deleted_owner_is_never_called_back(qtbot):
    """Orange3's rule for background work: the widget that asked owns the task; once it is deleted,
    neither callback runs (a KPI feed torn down by a language switch or a finished test)."""
    import threading

    import shiboken6
    from PySide6.QtCore import QObject

    from hmi.ui.alarm_bridge import run_async, wait_for_workers

    release = threading.Event()
    called = []
    owner = QObject()
    run_async(lambda: release.wait(5) and 42, on_done=lambda r: called.append(r),
              on_error=lambda e: called.append(e), owner=owner)
    kept = QObject()
    run_async(lambda: release.wait(5) and 7, on_done=lambda r: called.append(r), owner=kept)
    shiboken6.delete(owner)
    release.set()
    assert wait_for_workers(5)
    assert called == [7]
