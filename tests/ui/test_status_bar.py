"""The main window's status bar: historian counters and the plant database's store-and-forward state."""
from PySide6.QtCore import QLocale

from widgets import theme


def _grouped(n: int) -> str:
    return QLocale().toString(float(n), "f", 0)  # "1,240" in en_US: the UI locale's grouping


def _show(main_window, runtime, **stats) -> None:
    runtime.stats = {"rows_written": 5000, "rows_dropped": 0, "buffered": 12, "state": "connected",
                     "spooled": 0, "journal_state": "connected", "journal_spooled": 0, **stats}
    main_window.bridge.poll_status()


def test_connected_database_shows_no_state(main_window, runtime):
    _show(main_window, runtime)
    assert not main_window.db_state_label.isVisibleTo(main_window)
    assert main_window.db_state_label.styleSheet() == ""
    assert "rows written" in main_window.stats_label.text()


def test_unreachable_database_says_it_is_buffering_locally(main_window, runtime):
    _show(main_window, runtime, state="buffering", spooled=1234, buffered=1240)
    label = main_window.db_state_label
    assert label.isVisibleTo(main_window)
    assert label.text() == f"plant database unreachable: buffering {_grouped(1240)} rows locally"
    assert label.property("db_state") == "buffering"
    assert theme.COMM_FAIL in label.styleSheet()  # colour only for the abnormal state, with the text
    assert f"{_grouped(1240)} buffered" in main_window.stats_label.text()  # the counters stay


def test_back_filling_and_journal_state_then_recovery(main_window, runtime):
    _show(main_window, runtime, state="backfilling", spooled=1234, buffered=1300)
    label = main_window.db_state_label
    assert label.text() == f"plant database: back-filling {_grouped(1234)} rows"
    assert label.property("db_state") == "backfilling" and theme.ABNORMAL_BG in label.styleSheet()

    _show(main_window, runtime, state="backfilling", spooled=1234, journal_state="buffering", journal_spooled=5)
    assert label.text() == (f"plant database: back-filling {_grouped(1234)} rows  ·  "
                            "alarm journal unreachable: buffering 5 events locally")
    assert label.property("db_state") == "buffering" and theme.COMM_FAIL in label.styleSheet()

    _show(main_window, runtime, journal_state="backfilling", journal_spooled=3)
    assert label.text() == "alarm journal: back-filling 3 events"

    _show(main_window, runtime)  # back to normal: nothing shown, no colour
    assert not label.isVisibleTo(main_window) and label.styleSheet() == ""


def test_database_state_follows_the_language(qtbot, main_window, runtime, qapp):
    from hmi.ui import i18n

    _show(main_window, runtime, state="buffering", buffered=1240)
    try:
        i18n.set_language("ko", qapp, persist=False)
        qtbot.waitUntil(lambda: "공장 DB 연결 끊김" in main_window.db_state_label.text(), timeout=5000)
        assert _grouped(1240) in main_window.db_state_label.text()  # the Korean locale groups it too
    finally:
        i18n.set_language("en", qapp, persist=False)
    qtbot.waitUntil(lambda: "plant database unreachable" in main_window.db_state_label.text(), timeout=5000)
