import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hmi.equipment.model import Quality, Sample


def test_opens_on_overview_with_a_panel_per_machine(qtbot, main_window, runtime):
    assert main_window.pages()[:2] == ["Overview", "Trends"]
    assert main_window.current_page() == "Overview"
    assert set(main_window.overview.panels) == {"press1", "caster1", "xray_cab1"}
    assert runtime.plant.name in main_window.plant_label.text()
    press = main_window.overview.panels["press1"]
    assert "press1.bushing_temp" in press.tiles and "press1.stroke_count" in press.tiles
    assert "press1.state" not in press.tiles
    batch = runtime.good_batch(state=1)
    with qtbot.waitSignal(main_window.bridge.sig_samples, timeout=3000) as blocker:
        runtime.push(batch)  # the acquisition thread's batch reaches the GUI through the bridge
    assert {s.tag for s in blocker.args[0]} == {s.tag for s in batch}


def test_overview_shows_samples_and_running_state(qtbot, main_window, runtime):
    runtime.push(runtime.good_batch(state=1))
    press = main_window.overview.panels["press1"]
    qtbot.waitUntil(lambda: press.lamp.state == "running", timeout=3000)
    tile = press.tiles["press1.bushing_temp"]
    assert tile.state == "normal" and tile.value_text() == "47.50"
    runtime.push([Sample("press1.bushing_temp", time.time(), 90.0, Quality.GOOD),
                  Sample("caster1.state", time.time(), 2, Quality.GOOD)])
    qtbot.waitUntil(lambda: tile.state == "out_of_range", timeout=3000)
    assert "HI" in tile.badge_text()
    qtbot.waitUntil(lambda: main_window.overview.panels["caster1"].lamp.state == "fault", timeout=3000)


def test_overview_and_header_reflect_a_comm_failure(qtbot, main_window, runtime):
    runtime.push(runtime.good_batch(state=1))
    press = main_window.overview.panels["press1"]
    qtbot.waitUntil(lambda: press.lamp.state == "running", timeout=3000)
    qtbot.waitUntil(lambda: "3/3 devices online" in main_window.comm_label.text(), timeout=3000)
    st = runtime.status["press1"]
    st.connected, st.last_error, st.reconnects = False, "connection refused", 3
    main_window.bridge.poll_status()
    assert press.lamp.state == "comm_fail"
    assert "NO COMM" in press.lamp.text()
    assert "NO CONNECTION" in press.comm.text() and "connection refused" in press.comm.text()
    assert all(t.state == "comm_fail" for t in press.tiles.values())
    assert "press1: no connection since" in main_window.comm_label.text()
    assert main_window.comm_label.property("ok") is False
    assert main_window.overview.panels["caster1"].lamp.state == "running"
    # recovery
    st.connected, st.last_error = True, None
    main_window.bridge.poll_status()
    runtime.push(runtime.good_batch(state=1))
    qtbot.waitUntil(lambda: press.lamp.state == "running", timeout=3000)
    qtbot.waitUntil(lambda: press.tiles["press1.bushing_temp"].state == "normal", timeout=3000)
    assert "3/3 devices online" in main_window.comm_label.text()


def test_function_keys_switch_pages_and_add_page(qtbot, main_window):
    qtbot.keyClick(main_window, Qt.Key_F2)
    assert main_window.current_page() == "Trends"
    qtbot.keyClick(main_window, Qt.Key_F1)
    assert main_window.current_page() == "Overview"
    shown = []
    page = QLabel("alarms")
    page.on_shown = lambda: shown.append(True)
    assert main_window.add_page("Alarms", page) == 2
    qtbot.keyClick(main_window, Qt.Key_F3)
    assert main_window.current_page() == "Alarms" and shown


def test_clicking_a_tile_opens_the_tag_on_trends(qtbot, main_window):
    tile = main_window.overview.panels["caster1"].tiles["caster1.humidity"]
    assert not main_window.trends.plot.has_pen("caster1.humidity")
    qtbot.mouseClick(tile, Qt.LeftButton)
    assert main_window.current_page() == "Trends"
    assert main_window.trends.plot.has_pen("caster1.humidity")


def test_status_bar_shows_historian_stats(qtbot, main_window, runtime):
    runtime.stats = {"rows_written": 5000, "rows_dropped": 7, "buffered": 12}
    main_window.bridge.poll_status()
    text = main_window.stats_label.text()
    from PySide6.QtCore import QLocale

    thousands = QLocale().toString(5000.0, "f", 0)  # grouped the way the UI locale groups ("5,000" in en_US)
    assert f"{thousands} rows written" in text and "12 buffered" in text and "7 dropped" in text


def test_bridge_drains_batches_from_another_thread(qtbot, main_window, runtime):
    import threading

    got = []
    main_window.bridge.sig_samples.connect(got.append)
    threads = [threading.Thread(target=runtime.push, args=(runtime.good_batch(),)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    qtbot.waitUntil(lambda: sum(len(b) for b in got) == 3 * len(runtime.plant.tags), timeout=3000)
    assert len(got) <= 3
    assert main_window.bridge.latest["press1.state"].value == 1


def test_language_switch_keeps_the_trend_pens_span_and_pause(qtbot, main_window, qapp):
    from hmi.ui import i18n

    trends = main_window.trends
    trends.remove_tag("press1.tonnage")
    trends.add_tag("caster1.humidity")
    trends.plot.set_span(3600.0)
    now = time.time()
    trends.plot.set_visible_range(now - 7200, now - 3600)
    chosen = trends.selected_tags()
    main_window.show_page("Trends")
    try:
        i18n.set_language("ko", qapp, persist=False)
        qtbot.waitUntil(lambda: main_window._buttons["Overview"].text().startswith("전체"), timeout=5000)
        assert trends.plot.btn_live.text() != "▶ Live"
    finally:
        i18n.set_language("en", qapp, persist=False)
    qtbot.waitUntil(lambda: main_window._buttons["Overview"].text().startswith("Overview"), timeout=5000)
    assert main_window.trends is trends and main_window.current_page() == "Trends"
    assert trends.selected_tags() == chosen
    assert trends.plot.span() == 3600.0 and not trends.plot.is_live()
    assert trends.plot.visible_range() == pytest.approx((now - 7200, now - 3600), abs=1.0)
    assert trends.plot.btn_live.text() == "▶ Live"


def test_pages_are_built_when_first_shown(qtbot, runtime):
    from hmi.ui.app import build_window

    win = build_window(runtime)
    qtbot.addWidget(win)
    assert win.built_pages() == ["Overview"]
    assert "KPI" in win.pages() and "Inspection" in win.pages()
    win.show_page("Inspection")
    assert win.current_page() == "Inspection" and "Inspection" in win.built_pages()
    assert win.inspection_page is win.page("Inspection")
    assert win.trends is win.page("Trends")  # asked for by name: built then
    with pytest.raises(KeyError, match="no page 'trends': the pages are Overview, Trends"):
        win.show_page("trends")
    win.close()


def test_set_buttons_are_disabled_with_the_reason_for_who_may_not_write(qtbot, main_window):
    rows = [r for p in main_window.overview.panels.values() for r in p.setpoints.values()]
    assert rows, "the demo plant has writable tags"
    access = main_window.access
    if access is None:
        assert all(not r.button.isEnabled() for r in rows)
        assert "No user database" in rows[0].button.toolTip()
    else:
        allowed = access.allowed(main_window.session.user, "setpoint.write")
        assert all(r.button.isEnabled() == allowed for r in rows)


def test_after_a_language_switch_a_login_change_calls_no_deleted_page(qtbot, main_window, qapp):
    """A language switch once printed "Internal C++ object already deleted" on every log-in and log-out."""
    from hmi.ui import i18n

    try:
        i18n.set_language("ko", qapp, persist=False)
        qtbot.waitUntil(lambda: main_window._buttons["Overview"].text().startswith("전체"), timeout=5000)
    finally:
        i18n.set_language("en", qapp, persist=False)
    qtbot.wait(200)
    for _ in range(3):  # an exception in a slot fails the test (pytest-qt captures it)
        main_window.session.sig_user_changed.emit(None)
    qapp.processEvents()


def test_a_value_read_before_the_window_opened_and_never_again_is_on_screen(qtbot, runtime):
    """The probe (demo screenshot): the X-ray cabinet's state, subscribed over OPC UA, arrives once and never
    changes again; it came before the window opened, and its lamp stood "---" for good."""
    import time

    from hmi.equipment.model import Quality, Sample
    from hmi.ui.main_window import MainWindow

    runtime.push([Sample("xray_cab1.state", time.time(), 1, Quality.GOOD)])  # before any page exists
    win = MainWindow(runtime)
    qtbot.addWidget(win)
    lamp = win.overview.panels["xray_cab1"].lamp
    qtbot.waitUntil(lambda: lamp.state == "running", timeout=3000)
