"""Alarm banner widget, keypad widget, alarm bridge (thread marshalling) and the horn."""
import threading
import time
import wave

import pytest
from PySide6.QtCore import Qt

from hmi.alarms.engine import AlarmEngine
from hmi.equipment.model import Quality, Sample
from widgets import theme
from widgets.alarm_banner import AlarmBanner
from widgets.keypad import BACKSPACE, CLEAR, ENTER, POINT, SIGN, Keypad


def hot(engine, tag="press1.bushing_temp", value=99.0, t0=None, hold_s=6.0):
    """Feed samples so that the tag's alarms pass their on-delays (sample-time based)."""
    t0 = time.time() - hold_s if t0 is None else t0
    engine.process([Sample(tag, t0, value, Quality.GOOD)])
    engine.process([Sample(tag, t0 + hold_s, value, Quality.GOOD)])


def test_banner_quiet_then_urgent_unacked_blinks(qtbot):
    b = AlarmBanner()
    qtbot.addWidget(b)
    assert b.priority is None and not b.blinking()
    assert "NO ALARMS" in b.badge.text() and not b.silence_button.isEnabled()
    b.set_alarm("Press: Bushing temperature very high", 1, True, "UNACK ACTIVE")
    b.set_counts({1: 1, 2: 2}, {1: 1})
    assert b.blinking() and "1 URGENT" in b.badge.text() and "\u25a0" in b.badge.text()
    assert b.text() == "Press: Bushing temperature very high"
    assert b.chips[1].text().endswith("1 (1)") and b.chips[2].text().endswith("2")
    assert theme.priority_colour(1) in b.chips[1].styleSheet()
    assert theme.priority_colour(3) not in b.chips[3].styleSheet()  # nothing annunciated: grey
    b.set_alarm("acked", 2, False, "ACK ACTIVE")
    assert not b.blinking() and "2 HIGH" in b.badge.text()


def test_banner_signals_and_touch_size(qtbot):
    b = AlarmBanner()
    qtbot.addWidget(b)
    b.resize(1200, 60)
    b.show()
    b.set_horn(True)
    assert b.silence_button.isEnabled() and b.silence_button.minimumHeight() >= 44
    with qtbot.waitSignal(b.sig_silence, timeout=1000):
        qtbot.mouseClick(b.silence_button, Qt.LeftButton)
    with qtbot.waitSignal(b.sig_clicked, timeout=1000):
        qtbot.mouseClick(b.text_label, Qt.LeftButton)


def test_priority_colours_have_shape_and_word():
    assert set(theme.PRIORITY) == {1, 2, 3, 4}
    labels = {theme.priority_label(p) for p in (1, 2, 3, 4)}
    assert len({lab.split()[0] for lab in labels}) == 4  # four different shapes
    assert theme.priority_label(1) == "\u25a0 1 URGENT" and theme.priority_label(4, short=True) == "\u25cf P4"


def test_keypad_types_into_target(qtbot):
    from PySide6.QtWidgets import QLineEdit

    field = QLineEdit()
    pad = Keypad(decimal=True, sign=True)
    qtbot.addWidget(field)
    qtbot.addWidget(pad)
    pad.set_target(field)
    for k in ("1", "2", POINT, "5", POINT, SIGN):
        pad.press(k)
    assert field.text() == "-12.5"
    pad.press(BACKSPACE)
    assert field.text() == "-12."
    with qtbot.waitSignal(pad.sig_enter, timeout=1000):
        qtbot.mouseClick(pad.buttons[ENTER], Qt.LeftButton)
    pad.press(CLEAR)
    assert field.text() == ""
    assert all(b.minimumWidth() >= 44 and b.minimumHeight() >= 44 for b in pad.buttons.values())
    pin = Keypad()
    qtbot.addWidget(pin)
    assert POINT not in pin.buttons and SIGN not in pin.buttons


def test_alarm_bridge_marshals_engine_events_from_another_thread(qtbot, runtime):
    from hmi.ui.alarm_bridge import AlarmBridge

    engine = AlarmEngine(runtime.plant)
    bridge = AlarmBridge(engine).start()
    threads_seen, events, snaps = set(), [], []
    bridge.sig_event.connect(lambda ev: (events.append(ev), threads_seen.add(threading.current_thread().name)))
    bridge.sig_alarms_changed.connect(snaps.append)
    t = threading.Thread(target=hot, args=(engine,), name="acquisition")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: any(e.alarm_id == "press1.bushing_temp.hihi" for e in events), timeout=3000)
    assert threads_seen == {threading.main_thread().name}
    qtbot.waitUntil(lambda: snaps and snaps[-1].top is not None, timeout=3000)
    snap = snaps[-1]
    assert snap.top.alarm_id == "press1.bushing_temp.hihi" and snap.counts[1] == 1 and snap.unacked[2] >= 1
    bridge.stop()


def test_main_window_banner_follows_alarms_and_horn(qtbot, runtime):
    from hmi.ui.main_window import MainWindow

    played = []
    runtime.alarms = AlarmEngine(runtime.plant)
    win = MainWindow(runtime, player=lambda path, prio: played.append((path, prio)))
    qtbot.addWidget(win)
    win.show()
    assert "NO ALARMS" in win.banner.badge.text()
    hot(runtime.alarms)
    qtbot.waitUntil(lambda: win.banner.priority == 1, timeout=3000)
    assert "Bushing temperature very high" in win.banner.text() and win.banner.blinking()
    assert win.banner.chips[1].count == 1
    qtbot.waitUntil(lambda: bool(played), timeout=3000)  # events come with the next drain
    assert played[-1][1] == 1 and played[-1][0].endswith("alarm_p1.wav")
    assert win.annunciator.sounding and win.banner.silence_button.isEnabled()
    qtbot.mouseClick(win.banner.silence_button, Qt.LeftButton)
    assert not win.annunciator.sounding and not win.banner.silence_button.isEnabled()
    # the banner goes to the Alarms page when there is one
    from PySide6.QtWidgets import QLabel

    win.add_page("Alarms", QLabel("alarms"))
    qtbot.mouseClick(win.banner.text_label, Qt.LeftButton)
    assert win.current_page() == "Alarms"
    runtime.alarms.acknowledge_all(None, "kim")
    qtbot.waitUntil(lambda: not win.banner.blinking(), timeout=3000)
    win.close()


def test_horn_repeats_until_silenced_and_restarts_on_new_alarm(qtbot, tmp_path):
    from hmi.alarms.model import AlarmEvent, AlarmState
    from hmi.ui.alarm_bridge import AlarmSnapshot
    from hmi.ui.annunciator import Annunciator

    played = []
    horn = Annunciator(player=lambda path, prio: played.append(prio), repeat_s=0.1, cache_dir=tmp_path)
    ev = AlarmEvent(time.time(), "a.b.hi", "a.b", "HI", 2, "raised", AlarmState.UNACK_ACTIVE, 1.0, None, None, "m")
    horn.on_event(ev)
    horn.on_alarms_changed(AlarmSnapshot(unacked={1: 0, 2: 1, 3: 0, 4: 0}))
    qtbot.waitUntil(lambda: len(played) >= 3, timeout=3000)
    assert set(played) == {2}
    horn.silence()
    n = len(played)
    qtbot.wait(350)
    assert len(played) == n and not horn.sounding
    horn.on_event(ev._replace(priority=1, alarm_id="a.b.hihi"))
    horn.on_alarms_changed(AlarmSnapshot(unacked={1: 1, 2: 1, 3: 0, 4: 0}))
    qtbot.waitUntil(lambda: len(played) >= n + 2, timeout=3000)
    assert played[-1] == 1
    horn.on_alarms_changed(AlarmSnapshot())  # everything acknowledged
    assert not horn.sounding
    with wave.open(str(tmp_path / "alarm_p1.wav")) as w:
        assert w.getframerate() == 16000 and w.getnframes() > 1000


@pytest.mark.parametrize("prio", [1, 2, 3, 4])
def test_tone_files_differ_per_priority(tmp_path, prio):
    from hmi.ui.annunciator import tone_path

    p = tone_path(prio, tmp_path)
    assert p.exists() and p.stat().st_size > 2000


def test_banner_counts_shelved_alarms(qtbot, main_window):
    """ISA-18.2: a shelved alarm is out of the annunciation but stays counted where everyone sees it."""
    from types import SimpleNamespace as V

    from hmi.alarms.model import AlarmState
    from hmi.ui.alarm_bridge import AlarmSnapshot

    banner = main_window.banner
    assert not banner.shelved_label.isVisible()
    views = (V(state=AlarmState.SHELVED, tag="press1.bushing_temp", priority=2, kind="HI"),
             V(state=AlarmState.SHELVED, tag="caster1.melt_temp", priority=2, kind="LO"),
             V(state=AlarmState.NORMAL, tag="press1.vibration", priority=3, kind="HI"))
    main_window._on_alarms(AlarmSnapshot(views=views))
    assert banner.shelved == 2 and banner.shelved_label.text() == "Shelved 2"
    assert banner.shelved_label.isVisibleTo(main_window)
    main_window._on_alarms(AlarmSnapshot())
    assert banner.shelved == 0 and not banner.shelved_label.isVisibleTo(main_window)
