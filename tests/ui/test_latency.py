"""The GUI-thread latency probe: a blocked GUI thread is measured and reported."""
import time

from hmi.ui.latency import LatencyProbe


def test_a_blocked_gui_thread_is_a_stall(qtbot):
    probe = LatencyProbe(period_ms=20, stall_ms=100)
    stalls = []
    probe.sig_stall.connect(stalls.append)
    qtbot.wait(200)
    assert probe.stats()["ticks"] >= 3 and probe.stats()["stalls"] == 0
    time.sleep(0.3)  # the GUI thread is busy for 300 ms
    qtbot.wait(100)
    st = probe.stats()
    assert st["stalls"] == 1 and st["max_ms"] >= 250 and stalls and stalls[0] >= 250
    probe.reset()
    assert probe.stats()["ticks"] == 0 and probe.stats()["max_ms"] == 0
    probe.stop()


def test_the_main_window_shows_the_probe(qtbot, main_window):
    qtbot.waitUntil(lambda: main_window.latency_probe.stats()["ticks"] > 0, timeout=3000)
    main_window._tick_clock()
    assert main_window.latency_label.text().startswith("screen: p99")
