"""Serial format validation per plant: a regular expression and an optional check digit. Qt-free.

    fmt = SerialFormat.from_config(plant.trace)      # or SerialFormat(r"C[0-9]{12}", "luhn")
    fmt.problem("C125112300042")   # None when valid, else a one-line reason for the user
    fmt.is_valid(text); fmt.normalise(" c1251123 00042\\r\\n") -> "C125112300042"

Check digits (the serial's last character):

* ``luhn``: Luhn mod 10 over the digits (non-digit characters are not allowed);
* ``iso7064-mod37-36``: ISO/IEC 7064 MOD 37,36 hybrid system over 0-9 A-Z (alphanumeric serials).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SerialFormat", "luhn_check_char", "mod37_36_check_char", "CHECK_DIGITS"]

from hmi.config import CHECK_DIGITS
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def luhn_check_char(body: str) -> str:
    """The Luhn check digit that completes the digit string ``body``."""
    if not body.isdigit():
        raise ValueError("Luhn needs digits only")
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # every second digit from the right, starting with the rightmost of the body
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def mod37_36_check_char(body: str) -> str:
    """ISO/IEC 7064 MOD 37,36 check character for ``body`` (0-9, A-Z)."""
    m = 36
    p = m
    for ch in body.upper():
        v = _ALNUM.find(ch)
        if v < 0:
            raise ValueError(f"{ch!r} is not 0-9 or A-Z")
        s = (p + v) % m or m
        p = (2 * s) % (m + 1)
    return _ALNUM[(m + 1 - p) % m]


@dataclass(frozen=True)
class SerialFormat:
    """A plant's serial rule: ``pattern`` (full match, None = anything non-empty) and ``check_digit``."""

    pattern: str | None = None
    check_digit: str = "none"

    def __post_init__(self):
        if self.check_digit not in CHECK_DIGITS:
            raise ValueError(f"check digit {self.check_digit!r} is not one of {', '.join(CHECK_DIGITS)}")

    @classmethod
    def from_config(cls, trace_config) -> "SerialFormat":
        return cls(trace_config.serial_pattern, trace_config.check_digit)

    @staticmethod
    def normalise(text: str) -> str:
        """What a scanner or an operator typed -> the serial: control characters (Enter, Tab, the
        AIM prefix of some scanners is not stripped), surrounding and inner spaces removed, upper case."""
        return re.sub(r"[\s\x00-\x1f\x7f]+", "", text or "").upper()

    def problem(self, serial: str) -> str | None:
        """None when ``serial`` is valid, else why not (one line)."""
        if not serial:
            return "empty serial"
        if self.pattern is not None and not re.fullmatch(self.pattern, serial):
            return f"{serial!r} does not match the plant's serial format {self.pattern}"
        if self.check_digit == "none":
            return None
        body, given = serial[:-1], serial[-1:]
        try:
            want = luhn_check_char(body) if self.check_digit == "luhn" else mod37_36_check_char(body)
        except ValueError as exc:
            return f"{serial!r}: {exc}"
        if want != given.upper():
            return f"{serial!r}: check digit {given!r} is wrong ({self.check_digit})"
        return None

    def is_valid(self, serial: str) -> bool:
        return self.problem(serial) is None
