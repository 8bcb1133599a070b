"""Reason codes an inspector gives when the final verdict differs from the AI verdict. Qt-free.

The codes are short stable strings (stored in ``reviews.reason_code`` and in the audit trail);
the first word says which way the AI was wrong, so the statistics can group them.  Each code is a
:class:`~hmi.messages.Message` (its ``str`` is the stored English code); the UI shows it in its language
(``tr_message(reason_message(code))``) and stores the code itself.
"""
from __future__ import annotations

from hmi.messages import QT_TRANSLATE_NOOP, Message

#: Reason codes, in the order an inspector sees them.
REASON_CODES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("ReasonCode", "false call - surface artefact"),
    QT_TRANSLATE_NOOP("ReasonCode", "false call - geometry edge"),
    QT_TRANSLATE_NOOP("ReasonCode", "false call - image noise"),
    QT_TRANSLATE_NOOP("ReasonCode", "missed defect - porosity"),
    QT_TRANSLATE_NOOP("ReasonCode", "missed defect - shrinkage"),
    QT_TRANSLATE_NOOP("ReasonCode", "missed defect - crack"),
    QT_TRANSLATE_NOOP("ReasonCode", "missed defect - inclusion"),
    QT_TRANSLATE_NOOP("ReasonCode", "borderline - within spec"),
    QT_TRANSLATE_NOOP("ReasonCode", "borderline - out of spec"),
    QT_TRANSLATE_NOOP("ReasonCode", "image unusable - re-shot"),
    QT_TRANSLATE_NOOP("ReasonCode", "other - see comment"),
)

_BY_CODE: dict[str, Message] = {str(c): c for c in REASON_CODES}


def reason_message(code: str | None) -> Message | str | None:
    """The translatable message of a stored reason ``code`` (codes not in :data:`REASON_CODES` as they are)."""
    return _BY_CODE.get(code, code) if code is not None else None


#: Codes whose comment is mandatory.
COMMENT_REQUIRED: frozenset[str] = frozenset({"other - see comment"})


def reason_codes_for(ai_verdict: str | None, final_verdict: str) -> list[str]:
    """The codes that make sense for changing ``ai_verdict`` to ``final_verdict`` (most likely first);
    every code stays allowed, this only orders the list."""
    if final_verdict == "ok":
        first = [c for c in REASON_CODES if c.startswith(("false call", "borderline - within"))]
    else:
        first = [c for c in REASON_CODES if c.startswith(("missed defect", "borderline - out"))]
    return first + [c for c in REASON_CODES if c not in first]
