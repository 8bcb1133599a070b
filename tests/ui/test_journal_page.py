"""Journal page: search on a worker, filters, CSV export, alarm-system health."""
import csv
import threading
import time

import pytest

from hmi.alarms.journal import AlarmJournal
from hmi.alarms.model import AlarmEvent, AlarmState
from hmi.store.db import open_database, sqlite_url
from hmi.ui.alarm_bridge import wait_for_workers


@pytest.fixture
def journal_rt(runtime, tmp_path):
    eng = open_database(sqlite_url(tmp_path / "station.db"))
    runtime.journal = AlarmJournal(eng, flush_interval_s=0.05).start()
    yield runtime
    wait_for_workers()
    runtime.journal.stop()
    eng.dispose()


def ev(ts, alarm_id, event, prio=2, user=None, comment=None, msg=None):
    eq, tag, _ = alarm_id.split(".")
    state = {"raised": AlarmState.UNACK_ACTIVE, "cleared": AlarmState.UNACK_RTN, "acked": AlarmState.NORMAL}[event]
    return AlarmEvent(ts, alarm_id, f"{eq}.{tag}", alarm_id.rsplit(".", 1)[1].upper(), prio, event, state, 1.5, user,
                      comment, msg or f"{tag} alarm", eq)


@pytest.fixture
def page(qtbot, journal_rt):
    from hmi.ui.pages.journal import JournalPage

    p = JournalPage(journal_rt)
    qtbot.addWidget(p)
    p.resize(1400, 800)
    p.show()
    return p


def record(rt, events):
    for e in events:
        rt.journal.record(e)
    assert rt.journal.flush(5)


def test_search_shows_events_newest_first_and_filters(qtbot, page, journal_rt):
    now = time.time()
    record(journal_rt, [ev(now - 30, "press1.bushing_temp.hi", "raised"),
                        ev(now - 20, "press1.bushing_temp.hihi", "raised", prio=1),
                        ev(now - 10, "press1.bushing_temp.hihi", "acked", prio=1, user="kim", comment="pump"),
                        ev(now - 5, "caster1.melt_temp.lo", "raised", msg="Melt temperature low")])
    threads = set()
    orig = journal_rt.journal.query
    journal_rt.journal.query = lambda *a, **k: (threads.add(threading.current_thread().name), orig(*a, **k))[1]
    with qtbot.waitSignal(page.sig_loaded, timeout=5000) as sig:
        page.search()
    assert sig.args == [4] and threading.main_thread().name not in threads
    assert page.events() == [("caster1.melt_temp.lo", "raised"), ("press1.bushing_temp.hihi", "acked"),
                             ("press1.bushing_temp.hihi", "raised"), ("press1.bushing_temp.hi", "raised")]
    assert page.model.text(1, 4) == "acknowledged" and page.model.text(1, 7) == "kim"
    assert page.model.text(2, 1) == "\u25a0 1 URGENT"
    with qtbot.waitSignal(page.sig_loaded, timeout=5000) as sig:
        page.eq_combo.setCurrentIndex(page.eq_combo.findData("caster1"))  # a filter change searches again
    assert sig.args == [1]
    page.eq_combo.setCurrentIndex(0)
    wait_for_workers()
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    page.text_edit.setText("melt")
    with qtbot.waitSignal(page.sig_loaded, timeout=5000) as sig:
        page.search()
    assert page.events() == [("caster1.melt_temp.lo", "raised")]
    page.text_edit.clear()
    with qtbot.waitSignal(page.sig_loaded, timeout=5000):
        page.prio_combo.setCurrentIndex(page.prio_combo.findData(1))
    assert {e[0] for e in page.events()} == {"press1.bushing_temp.hihi"}
    # nothing older than the range
    page.prio_combo.blockSignals(True)
    page.prio_combo.setCurrentIndex(0)
    page.prio_combo.blockSignals(False)
    record(journal_rt, [ev(now - 3 * 86400, "press1.bushing_temp.hi", "raised")])
    with qtbot.waitSignal(page.sig_loaded, timeout=5000) as sig:
        page.search()  # last 24 h
    assert sig.args == [4]


def test_health_panel_flood_top10_chattering(qtbot, page, journal_rt):
    now = time.time()
    events = []
    for i in range(12):  # 12 raises within 4 minutes: flood (> 10 in 10 min)
        events.append(ev(now - 300 + i * 20, f"press1.tag{i % 3}.hi", "raised"))
    for i in range(4):  # chattering: 4 raise/clear cycles in 40 s
        events.append(ev(now - 100 + i * 10, "caster1.die_temp.hi", "raised", prio=3, msg="Die temperature high"))
        events.append(ev(now - 95 + i * 10, "caster1.die_temp.hi", "cleared", prio=3, msg="Die temperature high"))
    record(journal_rt, events)
    with qtbot.waitSignal(page.sig_loaded, timeout=5000):
        page.search()
    assert "ALARM FLOOD NOW" in page.flood_label.text() and "16 alarms" in page.flood_label.text()
    assert page.top_table.rowCount() == 4
    assert page.top_table.item(0, 0).text() == "Die temperature high" and page.top_table.item(0, 2).text() == "4"
    assert "Die temperature high: 4 cycles in 60 s" in page.chatter_label.text()
    # the average is over the whole searched range (24 h): 16 * 600 / 86400
    assert "<b>0.11</b> alarms per 10 min (acceptable; 16 raised" in page.rate_label.text()


def test_quiet_journal_health(qtbot, page, journal_rt):
    with qtbot.waitSignal(page.sig_loaded, timeout=5000) as sig:
        page.search()
    assert sig.args == [0] and "No alarm events" in page.status.text()
    assert "No flood" in page.flood_label.text() and "No chattering" in page.chatter_label.text()


def test_csv_export_runs_on_a_worker(qtbot, page, journal_rt, tmp_path):
    now = time.time()
    record(journal_rt, [ev(now - 30, "press1.bushing_temp.hi", "raised"),
                        ev(now - 10, "press1.bushing_temp.hi", "acked", user="kim")])
    out = tmp_path / "journal.csv"
    with qtbot.waitSignal(page.sig_exported, timeout=5000) as sig:
        page.export_csv(str(out))
    assert sig.args == [str(out), 2]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["event"] for r in rows] == ["raised", "acked"] and rows[1]["user"] == "kim"
    assert "Exported 2 events" in page.status.text()


def test_without_database_the_page_says_so(qtbot, runtime):
    from hmi.ui.pages.journal import JournalPage

    runtime.journal = None
    p = JournalPage(runtime)
    qtbot.addWidget(p)
    assert not p.search() and not p.search_button.isEnabled() and "no alarm journal" in p.status.text()
