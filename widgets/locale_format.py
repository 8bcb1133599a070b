"""Numbers, dates and times for the screen in the current UI language (``QLocale()``, the default
locale set by the language switch), so a Korean station shows ``2026. 11. 23.`` and an English one
``2026-11-23`` without any page knowing the language.

One format per language, everywhere: the date is :data:`DATE_FORMATS` of the language (year first: a
plant's records never read as 11/12 or 12/11), the time 24 h ``HH:mm:ss`` (no AM/PM on the shop floor).
``format_number(1234.5, 1)`` -> "1,234.5" (grouping and decimal mark of the locale);
``format_datetime(ts)`` -> date + time; ``format_time(ts)`` -> "HH:mm:ss"; ``format_date(ts)`` -> date;
``date_edit_format()`` / ``datetime_edit_format()`` for QDateEdit / QDateTimeEdit.
``ts`` is epoch seconds (float).
"""
from __future__ import annotations

import math

from PySide6.QtCore import QDateTime, QLocale

TIME_FORMAT = "HH:mm:ss"   # 24 h everywhere on the shop floor
#: QLocale language -> date format; any other language: ISO 8601
DATE_FORMATS = {QLocale.Korean: "yyyy. MM. dd.", QLocale.English: "yyyy-MM-dd"}
ISO_DATE = "yyyy-MM-dd"


def date_format() -> str:
    """The date format of the UI language."""
    return DATE_FORMATS.get(QLocale().language(), ISO_DATE)


def date_edit_format() -> str:
    return date_format()


def datetime_edit_format() -> str:
    return f"{date_format()} HH:mm"


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
    return QLocale().toString(_dt(ts).date(), date_format())


def format_time(ts: float, seconds: bool = True) -> str:
    return QLocale().toString(_dt(ts).time(), TIME_FORMAT if seconds else "HH:mm")


def format_datetime(ts: float, seconds: bool = True) -> str:
    return f"{format_date(ts)} {format_time(ts, seconds)}"
