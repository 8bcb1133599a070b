from PySide6.QtCore import Qt

from hmi.equipment.model import Quality
from widgets.value_tile import ValueTile, format_value


def make(qtbot, **kw):
    args = dict(key="press1.bushing_temp", label="Bushing temp", unit="°C", normal_range=(20.0, 75.0))
    args.update(kw)
    tile = ValueTile(**args)
    qtbot.addWidget(tile)
    tile.show()
    return tile


def test_no_data_until_first_value(qtbot):
    tile = make(qtbot)
    assert tile.state == "no_data" and tile.value_text() == "---" and tile.badge_text() == ""


def test_normal(qtbot):
    tile = make(qtbot)
    tile.set_value(62.34, Quality.GOOD)
    assert tile.state == "normal"
    assert tile.value_text() == "62.34" and tile.badge_text() == ""
    assert "border: 3px" not in tile.styleSheet()  # no abnormal frame while normal


def test_out_of_range_high_and_low(qtbot):
    tile = make(qtbot)
    tile.set_value(80.0)
    assert tile.state == "out_of_range" and "HI" in tile.badge_text()
    assert "border: 3px" in tile.styleSheet()  # amber frame plus the text cue
    tile.set_value(10.0)
    assert tile.state == "out_of_range" and "LO" in tile.badge_text()
    tile.set_value(20.0)  # the limit itself is normal
    assert tile.state == "normal"


def test_bad_quality_comm_fail_and_stale(qtbot):
    tile = make(qtbot)
    tile.set_value(None, Quality.BAD, "exception 2: illegal data address")
    assert tile.state == "bad" and "BAD" in tile.badge_text() and tile.value_text() == "---"
    tile.set_value(50.0, Quality.COMM_FAIL, "connection refused")
    assert tile.state == "comm_fail" and "COMM" in tile.badge_text()
    tile.set_value(50.0, "STALE")
    assert tile.state == "stale" and "STALE" in tile.badge_text()
    tile.set_value(50.0, 0)
    assert tile.state == "normal" and tile.badge_text() == ""


def test_counter_without_range(qtbot):
    tile = make(qtbot, key="press1.stroke_count", label="Stroke count", unit="strokes", normal_range=None,
                decimals=0)
    tile.set_value(1234567)
    from PySide6.QtCore import QLocale

    # grouped the way the UI locale groups digits ("1,234,567" in English and Korean)
    assert tile.state == "normal" and tile.value_text() == QLocale().toString(1234567)
    assert not tile._bar.isVisible()


def test_click_emits_key(qtbot):
    tile = make(qtbot)
    with qtbot.waitSignal(tile.sig_clicked, timeout=1000) as blocker:
        qtbot.mouseClick(tile, Qt.LeftButton)
    assert blocker.args == ["press1.bushing_temp"]


def test_format_value():
    assert format_value(None) == "---"
    assert format_value(float("nan")) == "---"
    assert format_value(True) == "ON"
    assert format_value(712.345) == "712.3"
    from PySide6.QtCore import QLocale

    assert format_value(1234.4) == QLocale().toString(1234.0, "f", 0)  # no decimals from 1000 up, locale grouping
    assert format_value(0.123) == "0.12"


def test_an_active_alarm_outranks_the_normal_range_badge(qtbot):
    """133.8 °C with the HIHI (P1) active: the tile says HIHI in the P1 colour and shape, not "▲ HI"."""
    from widgets import theme

    t = ValueTile("press1.bushing_temp", "Bushing temp", "°C", normal_range=(20.0, 75.0))
    qtbot.addWidget(t)
    GOOD, BAD = Quality.GOOD, Quality.BAD
    t.set_value(133.8, GOOD)
    assert t.badge_text() == "▲ HI" and t.state == "out_of_range"
    t.set_alarm("HIHI", 1)
    assert t.badge_text() == "\u25a0 HIHI" and theme.priority_colour(1) in t.styleSheet()
    t.set_value(134.0, GOOD)  # the alarm stays through new values
    assert t.badge_text() == "\u25a0 HIHI"
    t.set_value(None, BAD, "exception 4")  # no trustworthy value: quality first
    assert t.badge_text() == "✖ BAD"
    t.set_value(60.0, GOOD)
    t.set_alarm(None)  # cleared
    assert t.badge_text() == "" and t.state == "normal"


def test_style_sheets_are_set_only_when_they_change(qtbot, monkeypatch):
    """A tile updated 10 times a second with a normal value must not re-polish itself each time."""
    t = ValueTile("press1.bushing_temp", "Bushing temp", "°C", normal_range=(20.0, 75.0))
    qtbot.addWidget(t)
    t.set_value(50.0, Quality.GOOD)
    calls = []
    for w in (t, t._badge, t._value):
        real = w.setStyleSheet
        monkeypatch.setattr(w, "setStyleSheet", lambda css, real=real: (calls.append(css), real(css)))
    for v in (50.1, 50.2, 50.3):
        t.set_value(v, Quality.GOOD)
    assert calls == []
    t.set_value(90.0, Quality.GOOD)  # out of range: the look changes once
    assert len(calls) >= 1
