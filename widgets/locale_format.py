"""Numbers, dates and times for the screen in the current UI language (``QLocale()``, the default
locale set by the language switch), so a Korean station shows ``2026. 11. 23.`` and an English one
``11/23/26`` without any page knowing the language.

``format_number(1234.5, 1)`` -> "1,234.5" (grouping and decimal mark of the locale);
``format_datetime(ts)`` -> short date of the locale + "HH:mm:ss"; ``format_time(ts)`` -> "HH:mm:ss";
``format_date(ts)`` -> short date.  ``ts`` is epoch seconds (float).
"""
from __future__ import annotations

import math

from PySide6.QtCore import QDateTime, QLocale

TIME_FORMAT = "HH:mm:ss"   # 24 h everywhere on the shop floor


def _dt(ts: float) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(int(round(float(ts) * 1000.0))).toLocalTime()


def format_number(value, decimals: int = 0) -> str:
    """``value`` with the grouping and decimal mark of the locale; "---" for None/NaN."""
    if value is None:
        return "---"
    v = float(value)
    if math.isnan(v):
        return "---"
    return QLocale().toString(v, "f", int(decimals))


def format_date(ts: float) -> str:
    loc = QLocale()
    return loc.toString(_dt(ts).date(), loc.dateFormat(QLocale.ShortFormat))


def format_time(ts: float, seconds: bool = True) -> str:
    return QLocale().toString(_dt(ts).time(), TIME_FORMAT if seconds else "HH:mm")


def format_datetime(ts: float, seconds: bool = True) -> str:
    return f"{format_date(ts)} {format_time(ts, seconds)}"
