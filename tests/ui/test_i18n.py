"""Languages: the Korean catalogue covers every UI string, the language switches at run time, and
numbers and dates follow the UI locale."""
import importlib.util
import re
import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QLabel

from hmi.ui import i18n
from widgets.locale_format import format_date, format_datetime, format_number, format_time

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"


def _update_module():
    spec = importlib.util.spec_from_file_location("update_translations", I18N / "update_translations.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    """The language choice goes to a temporary ini file, not to the user's settings."""
    path = tmp_path / "lineside.ini"
    monkeypatch.setattr(i18n, "_settings", lambda: QSettings(str(path), QSettings.IniFormat))
    return path


@pytest.fixture
def english(qapp):
    """Every test starts and ends in English (translators are app-wide)."""
    i18n.set_language("en", qapp, persist=False)
    yield
    i18n.set_language("en", qapp, persist=False)


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="pyside6-lupdate is not installed")
def test_korean_catalogue_covers_every_ui_string():
    """Fails for a string added to hmi/ui or widgets without a Korean translation in lineside_ko.ts."""
    mod = _update_module()
    missing = mod.untranslated(I18N / "lineside_ko.ts")
    listing = "\n".join(f"  [{ctx}] {src!r}" for ctx, src in missing)
    assert not missing, (f"{len(missing)} UI string(s) have no Korean translation; run "
                         f"`python resources/i18n/update_translations.py`, translate them in "
                         f"resources/i18n/lineside_ko.ts and run it again:\n{listing}")


def test_compiled_catalogue_matches_the_ts(qapp):
    """lineside_ko.qm is compiled from the checked-in lineside_ko.ts (same translations)."""
    mod = _update_module()
    entries = {k: v for k, v in mod.messages(I18N / "lineside_ko.ts").items() if v}
    assert len(entries) > 400
    tr = QTranslator()
    assert tr.load(str(I18N / "lineside_ko.qm"))
    stale = [(c, s) for (c, s), v in entries.items() if tr.translate(c, s) != v]
    assert not stale, f"lineside_ko.qm is older than lineside_ko.ts; run update_translations.py: {stale[:10]}"


def test_every_translation_keeps_the_placeholders():
    mod = _update_module()
    bad = []
    for (ctx, src), tr in mod.messages(I18N / "lineside_ko.ts").items():
        if tr and sorted(re.findall(r"\{\d\}", src)) != sorted(re.findall(r"\{\d\}", tr)):
            bad.append((ctx, src, tr))
    assert not bad


def test_switching_language_retranslates_the_main_window_without_restart(qtbot, runtime, english, qapp):
    from hmi.ui.app import build_window

    win = build_window(runtime)
    qtbot.addWidget(win)
    win.show()
    user = type("U", (), {"name": "kim", "role": "operator"})()
    win.session.set_user(user)
    overview_before = win.overview
    nav = win._buttons["Overview"]
    assert nav.text().startswith("Overview")
    assert win.banner.text() == "No active alarms"

    i18n.set_language("ko", qapp, persist=False)
    qtbot.waitUntil(lambda: nav.text().startswith("전체 현황"), timeout=5000)
    assert win._buttons["Alarms"].text().startswith("알람")
    assert win.banner.text() == "활성 알람 없음"
    assert "온라인" in win.comm_label.text() or "대기" in win.comm_label.text()
    assert win.session.user is user  # the session survives the switch
    assert win.user_indicator.label.text() == "사용자 DB 없음"  # (this stand-in runtime has no user database)
    assert win.overview is overview_before  # retranslated in place, not rebuilt
    assert "Alarms" not in win.built_pages()  # a page never shown is built later, in the language of then
    win.show_page("Alarms")
    assert win.alarms_page is win.page("Alarms")
    assert win.alarms_page.ack_button.text() == "확인"
    assert win.language_combo.currentData() == "ko"

    i18n.set_language("en", qapp, persist=False)
    qtbot.waitUntil(lambda: nav.text().startswith("Overview"), timeout=5000)
    assert win.banner.text() == "No active alarms"
    assert win.alarms_page.ack_button.text() == "Acknowledge"
    win.close()


def test_a_language_switch_keeps_what_the_user_was_doing(qtbot, runtime, english, qapp):
    """Typed text, filters, trend pens and their data, the page itself: all stay; only the words change."""
    from hmi.ui.app import build_window

    win = build_window(runtime)
    qtbot.addWidget(win)
    win.show()
    win.show_page("Alarms")
    alarms = win.alarms_page
    alarms.comment.setText("checked on site")
    alarms.prio_filter.setCurrentIndex(2)
    win.show_page("Trends")
    trends = win.trends
    key = trends.selected_tags()[0]
    now = time.time()
    trends.plot.append(key, [now - 2.0, now - 1.0], [41.0, 42.0])
    pens_before = trends.selected_tags()
    data_before = trends.plot.buffer(key)[1].copy()

    i18n.set_language("ko", qapp, persist=False)
    qtbot.waitUntil(lambda: win._buttons["Overview"].text().startswith("전체 현황"), timeout=5000)
    assert win.alarms_page is alarms and win.trends is trends
    assert alarms.comment.text() == "checked on site" and alarms.prio_filter.currentIndex() == 2
    assert alarms.eq_filter.itemText(0) == "전체 설비" and alarms.prio_filter.itemText(0) != "All priorities"
    assert trends.selected_tags() == pens_before
    assert list(trends.plot.buffer(key)[1]) == list(data_before)  # no history lost
    assert trends.plot.btn_pause.text() != "❚❚ Pause"
    win.close()


def test_plant_file_names_follow_the_language(qtbot, runtime, english, qapp):
    """The plant file's [translations.ko] table: machine and tag names on the overview, back in English."""
    from hmi.ui.main_window import MainWindow

    eq = runtime.plant.equipment[0]
    tag = eq.tags[0]
    win = MainWindow(runtime)  # takes the plant file's own table; this test puts its own in its place
    qtbot.addWidget(win)
    i18n.set_plant_texts({"ko": {eq.name: "시험 설비", i18n.humanise(tag.name): "시험 태그"}})
    try:
        panel = win.overview.panels[eq.id]
        titles = lambda: [w.text() for w in panel.findChildren(QLabel)]  # noqa: E731
        assert eq.name in titles()
        i18n.set_language("ko", qapp, persist=False)
        qtbot.waitUntil(lambda: "시험 설비" in titles(), timeout=5000)
        tile = panel.tiles.get(tag.key)
        if tile is not None:
            assert tile._name.text() == "시험 태그"
        i18n.set_language("en", qapp, persist=False)
        qtbot.waitUntil(lambda: eq.name in titles(), timeout=5000)
        win.close()
    finally:
        i18n.set_plant_texts({})


def test_language_combo_switches_and_saves_the_choice(qtbot, runtime, english, settings_file, qapp):
    from hmi.ui.main_window import MainWindow

    win = MainWindow(runtime)
    qtbot.addWidget(win)
    index = win.language_combo.findData("ko")
    assert index >= 0 and win.language_combo.itemText(index) == "한국어"
    win.language_combo.setCurrentIndex(index)
    win.language_combo.activated.emit(index)
    qtbot.waitUntil(lambda: win._buttons["Trends"].text().startswith("트렌드"), timeout=5000)
    assert i18n.saved_language() == "ko"
    assert i18n.startup_language(None) == "ko" and i18n.startup_language("en") == "en"
    win.close()


def test_numbers_and_dates_follow_the_ui_locale(english, qapp):
    ts = time.mktime((2026, 11, 23, 14, 5, 9, 0, 0, -1))
    assert format_number(12345.678, 1) == "12,345.7"
    assert format_date(ts) == "2026-11-23"  # year first: never read as 11/12 or 12/11
    assert format_datetime(ts) == "2026-11-23 14:05:09"
    i18n.set_language("ko", qapp, persist=False)
    assert QLocale().language() == QLocale.Korean
    assert format_date(ts) == "2026. 11. 23."
    assert format_time(ts) == "14:05:09" and format_datetime(ts).endswith("14:05:09")
    assert format_number(12345.678, 1) == "12,345.7"
    assert format_number(None) == "---" and format_number(float("nan")) == "---"


def test_unknown_language_is_refused(qapp):
    with pytest.raises(ValueError, match="unknown language 'de'"):
        i18n.set_language("de", qapp, persist=False)


def test_hangul_font_is_bundled_and_registered(qapp):
    from PySide6.QtGui import QFontDatabase

    from widgets import theme

    assert (ROOT / "resources" / "fonts" / "OFL.txt").is_file()
    families = theme.register_fonts()
    assert theme.FALLBACK_FAMILY in families
    assert QFontDatabase.Korean in QFontDatabase.writingSystems(theme.FALLBACK_FAMILY)
    assert theme.FALLBACK_FAMILY in theme.font().families()


def test_cli_takes_language_and_kiosk_flags():
    from hmi.cli import build_parser

    args = build_parser().parse_args(["demo", "--lang", "ko", "--kiosk"])
    assert args.lang == "ko" and args.kiosk is True
    args = build_parser().parse_args(["run", "--config", "plant.toml", "--lang", "en"])
    assert args.lang == "en" and args.kiosk is False
    args = build_parser().parse_args(["--lang", "ko", "--kiosk"])
    assert args.top_lang == "ko" and args.top_kiosk is True
    with pytest.raises(SystemExit):
        build_parser().parse_args(["demo", "--lang", "fr"])


def test_priority_words_and_roles_are_translated(english, qapp):
    from hmi.ui.login import role_text
    from widgets import theme

    assert theme.priority_label(1) == "\u25a0 1 URGENT" and role_text("engineer") == "engineer"
    i18n.set_language("ko", qapp, persist=False)
    assert theme.priority_label(1) == "\u25a0 1 긴급"
    assert role_text("engineer") == "엔지니어" and role_text("guest") == "guest"
    assert QCoreApplication.translate("Page", "Inspection") == "검사"


def _visible_texts(root) -> list[str]:
    """Every text a user can read on ``root``: labels, buttons, group and tab titles, combo items, headers."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLineEdit, QTableWidget, QTabWidget

    texts = []
    for w in [root, *root.findChildren(QLabel), *root.findChildren(QAbstractButton)]:
        if hasattr(w, "text"):
            texts.append(w.text())
    texts += [g.title() for g in root.findChildren(QGroupBox)]
    texts += [e.placeholderText() for e in root.findChildren(QLineEdit)]
    for t in root.findChildren(QTabWidget):
        texts += [t.tabText(i) for i in range(t.count())]
    for c in root.findChildren(QComboBox):
        texts += [c.itemText(i) for i in range(c.count())]
    for t in root.findChildren(QTableWidget):
        texts += [t.horizontalHeaderItem(i).text() for i in range(t.columnCount()) if t.horizontalHeaderItem(i)]
    return [x for x in texts if isinstance(x, str) and x.strip()]


def test_every_page_switches_both_ways_with_nothing_left_behind(qtbot, runtime, english, qapp):
    """Built in English, every page switched to Korean shows no English UI string that has a Korean translation,
    and switched back shows no Hangul: nothing is left in the language of before."""
    from hmi.ui.app import build_window

    mod = _update_module()
    translated = {src for (_c, src), tr in mod.messages(I18N / "lineside_ko.ts").items()
                  if tr and tr != src and re.search(r"[A-Za-z]{3}", src) and "{" not in src}
    win = build_window(runtime)
    qtbot.addWidget(win)
    win.show()
    for name in win.pages():
        win.show_page(name)
    win.show_page("Overview")
    i18n.set_language("ko", qapp, persist=False)
    qtbot.waitUntil(lambda: win._buttons["Overview"].text().startswith("전체 현황"), timeout=5000)
    left = {(name, t) for name in win.pages() for t in _visible_texts(win.page(name)) if t in translated}
    assert not left, f"English left on Korean pages: {sorted(left)[:20]}"
    i18n.set_language("en", qapp, persist=False)
    qtbot.waitUntil(lambda: win._buttons["Overview"].text().startswith("Overview"), timeout=5000)
    hangul = {(name, t) for name in win.pages() for t in _visible_texts(win.page(name))
              if re.search("[\uac00-\ud7a3]", t)}
    assert not hangul, f"Korean left on English pages: {sorted(hangul)[:20]}"
    win.close()


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_texts_the_core_makes_follow_the_language(english, qapp):
    """The anomaly and communication alarms' texts, the Pareto's classes of unbooked stops and an inspection's
    review state are made in the Qt-free core: in Korean they read Korean, the machine's name from the plant
    file's table, and in English they are what the journal and the CLI store and print."""
    from hmi.alarms.engine import AlarmEngine
    from hmi.config import demo_config_path, load_config
    from hmi.inspection.records import Inspection
    from hmi.kpi.accounting import UNBOOKED_LABELS
    from hmi.maintenance.scorer import MaintenanceScorer
    from hmi.ui.alarm_bridge import alarm_line

    plant = load_config(demo_config_path())
    i18n.set_plant_texts(plant.translations)
    try:
        engine = AlarmEngine(plant)
        MaintenanceScorer(plant).attach_alarms(engine)
        views = {v.alarm_id: v for v in engine.views()}
        press = plant.equipment[0]
        anomaly, comm = views[f"{press.id}.anomaly.digital"], views[f"{press.id}.comm"]
        english_texts = [alarm_line(anomaly, press.name), i18n.tr_message(comm.message),
                         i18n.tr_message(anomaly.cause), i18n.tr_message(UNBOOKED_LABELS[0])]
        assert english_texts[0].startswith(f"Anomaly on {press.name}")      # the machine named once
        assert english_texts[0].count(press.name) == 1
        assert english_texts[1] == f"Communication failure: {press.name}" == comm.message

        insp = Inspection(id=1, station="xray1", serial="C1", captured_ts=0.0, image_path="x.png", score=0.9,
                          ai_verdict="ng", model_version="v1", final_verdict="ok", reviewer="park",
                          reviewed_ts=1.0, reason_code="x")
        assert insp.review_state == "overridden to ok by park"

        i18n.set_language("ko", qapp, persist=False)
        korean = [alarm_line(anomaly, press.name), i18n.tr_message(comm.message), i18n.tr_message(anomaly.cause),
                  i18n.tr_message(UNBOOKED_LABELS[0]), i18n.tr_message(insp.review_state),
                  i18n.tr_message(Inspection(id=2, station="xray1", serial="C2", captured_ts=0.0, image_path="y",
                                             score=0.1, ai_verdict="ok", model_version="v1").review_state)]
        for text in korean:
            assert HANGUL.search(text) and not re.search(r"\b(Anomaly|Communication|pending|overridden|idle)\b",
                                                         text), text
        ko_press = plant.translations["ko"][press.name]
        assert ko_press in korean[0] and ko_press in korean[1] and korean[0].count(ko_press) == 1
        assert "양품" in korean[4]  # the verdict inside the review state is translated too
    finally:
        i18n.set_plant_texts({})
