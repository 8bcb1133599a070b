"""Reason codes an inspector gives when the final verdict differs from the AI verdict. Qt-free.

The codes are short stable strings (stored in ``reviews.reason_code`` and in the audit trail);
the first word says which way the AI was wrong, so the statistics can group them.
"""
from __future__ import annotations

#: Reason codes, in the order an inspector sees them.
REASON_CODES: tuple[str, ...] = (
    "false call - surface artefact",
    "false call - geometry edge",
    "false call - image noise",
    "missed defect - porosity",
    "missed defect - shrinkage",
    "missed defect - crack",
    "missed defect - inclusion",
    "borderline - within spec",
    "borderline - out of spec",
    "image unusable - re-shot",
    "other - see comment",
)

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
