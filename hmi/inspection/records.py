"""Inspection records and the inspector review loop. Qt-free.

    store = InspectionStore(engine)
    iid = store.record_inspection(station="xray1", serial="C1-000123", image_path=..., score=0.83,
                                  ai_verdict="ng", model_version="v20260201-1", heatmap_path=...)
    store.queue("pending", verdict="ng")                     # newest first, with their review state
    store.review(iid, user, "ok", reason_code="false call - surface artefact", access=runtime.access)
    store.stats()                                            # agreement %, overrides per day, counts
    store.export_reviewed("retrain/")                        # retrain/ok, retrain/defect by final verdict

Review rules
------------
* Final verdicts are ``ok`` or ``ng`` (``warn`` means "inspector decides" and is never final).
* Accepting the AI verdict (final == AI verdict) needs the ``inspection.override`` permission
  (inspector, engineer, admin) and is audited as ``inspection.accept``.
* Any other final verdict (an override; also the decision on a ``warn`` or on an image the AI could
  not inspect) needs a reason code from :data:`hmi.inspection.REASON_CODES`: without one it is
  REFUSED with :class:`ReviewRefused`.  With ``access`` it goes through
  :meth:`hmi.security.access.Access.override_inspection` (permission checked, audited as
  ``inspection.override``) before it is stored.
* An inspection may be reviewed again; its newest review is the one that counts.

Statistics count each inspection's newest review.  *Agreement* compares final and AI verdict where
the AI gave ``ok`` or ``ng``; *overrides* are those reviews where the inspector disagreed;
decisions on ``warn`` parts are counted apart (``warn_resolved``).

Timestamps: ms since the epoch (UTC) in the database, float seconds in this API.
"""
from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

import sqlalchemy as sa

from hmi.inspection.reasons import COMMENT_REQUIRED, REASON_CODES, reason_message
from hmi.messages import QT_TRANSLATE_NOOP
from hmi.messages import QT_TRANSLATE_NOOP
from hmi.store.schema import AI_VERDICTS, FINAL_VERDICTS, from_ms, inspections, reviews, to_ms

# Review refusals (shown on the Inspection page in the UI language; see hmi.messages).
_CHANGING = QT_TRANSLATE_NOOP("Review", "changing AI verdict '{0}' to '{1}'")
_DECIDING = QT_TRANSLATE_NOOP("Review", "deciding '{0}' on a '{1}' part")
_PART = QT_TRANSLATE_NOOP("Review", ", part {0}")
_NEEDS_CODE = QT_TRANSLATE_NOOP("Review", "Refused: {0} needs a reason code (inspection #{1}{2})")
_UNKNOWN_CODE = QT_TRANSLATE_NOOP("Review", "Refused: unknown reason code {0}")
_NEEDS_COMMENT = QT_TRANSLATE_NOOP("Review", "Refused: reason '{0}' needs a comment")

__all__ = ["InspectionStore", "Inspection", "InspectionError", "ReviewRefused", "AI_VERDICTS", "FINAL_VERDICTS",
           "QUEUE_FILTERS"]

QUEUE_FILTERS = ("pending", "all", "reviewed")


class InspectionError(ValueError):
    """A request the records cannot satisfy (unknown inspection, bad verdict)."""


class ReviewRefused(InspectionError):
    """A review refused by the rules (override without a reason code, comment missing)."""


def _user_name(user) -> str:
    if user is None:
        raise ReviewRefused("log in to review inspections")
    return getattr(user, "name", None) or str(user)


#: a final verdict inside a sentence ("overridden to ok by park"), translatable (context "Verdict")
VERDICT_MESSAGES = {"ok": QT_TRANSLATE_NOOP("Verdict", "ok"), "ng": QT_TRANSLATE_NOOP("Verdict", "ng"),
                    "warn": QT_TRANSLATE_NOOP("Verdict", "warn")}


@dataclass(frozen=True)
class Inspection:
    id: int
    station: str
    captured_ts: float
    serial: str | None = None
    image_path: str | None = None
    model_version: str | None = None
    score: float | None = None
    ai_verdict: str | None = None
    heatmap_path: str | None = None
    error: str | None = None
    detail: dict = field(default_factory=dict)
    # newest review (None: pending)
    final_verdict: str | None = None
    reviewer: str | None = None
    reviewed_ts: float | None = None
    reason_code: str | None = None
    comment: str | None = None

    @property
    def reviewed(self) -> bool:
        return self.final_verdict is not None

    @property
    def overridden(self) -> bool:
        return self.reviewed and self.final_verdict != self.ai_verdict

    @property
    def ai_text(self) -> str:
        """"ng", "warn", "ok" or "error" (no AI verdict)."""
        return self.ai_verdict or "error"

    @property
    def review_state(self) -> str:
        """"pending", "accepted (ng) by park", "overridden to ok by park" (a translatable message; the
        verdict in it is one too, context "Verdict")."""
        if not self.reviewed:
            return QT_TRANSLATE_NOOP("Inspection", "pending")
        verdict = VERDICT_MESSAGES.get(self.final_verdict) or str(self.final_verdict)
        if self.final_verdict == self.ai_verdict:
            return QT_TRANSLATE_NOOP("Inspection", "accepted ({0}) by {1}").format(verdict, self.reviewer)
        if self.ai_verdict == "warn" or self.ai_verdict is None:
            return QT_TRANSLATE_NOOP("Inspection", "decided {0} by {1}").format(verdict, self.reviewer)
        return QT_TRANSLATE_NOOP("Inspection", "overridden to {0} by {1}").format(verdict, self.reviewer)


class InspectionStore:
    """Inspections and reviews in the plant database (``engine``: SQLAlchemy, migrated to head).

    ``reason_codes``: the allowed override reason codes (default :data:`hmi.inspection.REASON_CODES`;
    ``None`` allows any non-empty code).  Methods block on the database: call them from workers.
    """

    def __init__(self, engine: sa.Engine, reason_codes: Iterable[str] | None | str = "default",
                 clock: Callable[[], float] = time.time):
        self.engine = engine
        if reason_codes == "default":

            reason_codes = REASON_CODES
        self.reason_codes = None if reason_codes is None else tuple(reason_codes)
        self.clock = clock

    # ------------------------------------------------------------------ record
    def record_inspection(self, *, station: str, captured_ts: float | None = None, serial: str | None = None,
                          image_path: str | Path | None = None, model_version: str | None = None,
                          score: float | None = None, ai_verdict: str | None = None,
                          heatmap_path: str | Path | None = None, error: str | None = None,
                          detail: dict | None = None) -> int:
        """Store one inspection; returns its id.  An image that could not be inspected is recorded with
        ``error`` (and no verdict)."""
        if ai_verdict is not None and ai_verdict not in AI_VERDICTS:
            raise InspectionError(f"unknown AI verdict {ai_verdict!r} (one of {', '.join(AI_VERDICTS)})")
        if ai_verdict is None and error is None:
            error = "no AI verdict"
        row = dict(station=str(station), captured_ts=to_ms(self.clock() if captured_ts is None else captured_ts),
                   serial=serial, image_path=None if image_path is None else str(image_path),
                   model_version=model_version, score=None if score is None else float(score),
                   ai_verdict=ai_verdict, heatmap_path=None if heatmap_path is None else str(heatmap_path),
                   error=error, detail=json.dumps(detail, sort_keys=True, default=str) if detail else None)
        with self.engine.begin() as c:
            return int(c.execute(sa.insert(inspections).values(**row)).inserted_primary_key[0])

    # ------------------------------------------------------------------ read
    def known_images(self, paths) -> set[str]:
        """Which of ``paths`` (image file paths as recorded) have an inspection."""
        paths = [str(p) for p in paths]
        out: set[str] = set()
        with self.engine.connect() as c:
            for i in range(0, len(paths), 500):
                out.update(r[0] for r in c.execute(sa.select(inspections.c.image_path)
                                                   .where(inspections.c.image_path.in_(paths[i:i + 500]))))
        return out

    def _latest_reviews(self):
        newest = (sa.select(sa.func.max(reviews.c.id).label("rid"))
                  .group_by(reviews.c.inspection_id).subquery())
        return sa.select(reviews).where(reviews.c.id.in_(sa.select(newest.c.rid))).subquery("r")

    def _select(self):
        r = self._latest_reviews()
        i = inspections
        q = sa.select(i, r.c.final_verdict, r.c.reviewer, r.c.ts.label("reviewed_ts"), r.c.reason_code,
                      r.c.comment).select_from(i.outerjoin(r, r.c.inspection_id == i.c.id))
        return q, r

    @staticmethod
    def _row(m) -> Inspection:
        try:
            detail = json.loads(m["detail"]) if m["detail"] else {}
        except ValueError:
            detail = {"raw": m["detail"]}
        return Inspection(id=m["id"], station=m["station"], captured_ts=from_ms(m["captured_ts"]), serial=m["serial"],
                          image_path=m["image_path"], model_version=m["model_version"], score=m["score"],
                          ai_verdict=m["ai_verdict"], heatmap_path=m["heatmap_path"], error=m["error"],
                          detail=detail, final_verdict=m["final_verdict"], reviewer=m["reviewer"],
                          reviewed_ts=from_ms(m["reviewed_ts"]), reason_code=m["reason_code"], comment=m["comment"])

    def get(self, inspection_id: int) -> Inspection:
        q, _ = self._select()
        with self.engine.connect() as c:
            m = c.execute(q.where(inspections.c.id == int(inspection_id))).mappings().first()
        if m is None:
            raise InspectionError(f"no inspection #{inspection_id}")
        return self._row(m)

    def queue(self, filter: str = "pending", verdict: str | None = None, station: str | None = None,
              since: float | None = None, limit: int = 500) -> list[Inspection]:
        """Inspections newest first.  ``filter``: ``pending`` (not reviewed), ``reviewed`` or ``all``;
        ``verdict``: AI verdict ``ok``/``warn``/``ng`` or ``error`` (no verdict); ``station``; ``since``
        (epoch seconds, captured at or after)."""
        if filter not in QUEUE_FILTERS:
            raise InspectionError(f"unknown queue filter {filter!r} (one of {', '.join(QUEUE_FILTERS)})")
        q, r = self._select()
        if filter == "pending":
            q = q.where(r.c.id.is_(None))
        elif filter == "reviewed":
            q = q.where(r.c.id.is_not(None))
        if verdict:
            if verdict == "error":
                q = q.where(inspections.c.ai_verdict.is_(None))
            elif verdict in AI_VERDICTS:
                q = q.where(inspections.c.ai_verdict == verdict)
            else:
                raise InspectionError(f"unknown verdict {verdict!r} (ok, warn, ng or error)")
        if station:
            q = q.where(inspections.c.station == station)
        if since is not None:
            q = q.where(inspections.c.captured_ts >= to_ms(since))
        q = q.order_by(inspections.c.captured_ts.desc(), inspections.c.id.desc()).limit(int(limit))
        with self.engine.connect() as c:
            return [self._row(m) for m in c.execute(q).mappings()]

    def stations(self) -> list[str]:
        with self.engine.connect() as c:
            return sorted(c.execute(sa.select(inspections.c.station).distinct()).scalars())

    def reviews_of(self, inspection_id: int) -> list[dict]:
        """Every review of an inspection, oldest first (the history behind :meth:`get`)."""
        with self.engine.connect() as c:
            rows = c.execute(sa.select(reviews).where(reviews.c.inspection_id == int(inspection_id))
                             .order_by(reviews.c.id)).mappings().all()
        return [dict(r, ts=from_ms(r["ts"])) for r in rows]

    # ------------------------------------------------------------------ review
    def check_review(self, insp: Inspection, final_verdict: str, reason_code: str | None,
                     comment: str | None = None) -> bool:
        """Raise :class:`ReviewRefused` when the review breaks a rule; returns True for an override."""
        if final_verdict not in FINAL_VERDICTS:
            raise ReviewRefused(f"final verdict must be ok or ng, not {final_verdict!r}")
        override = final_verdict != insp.ai_verdict
        code = (reason_code or "").strip()
        if override and not code:
            what = (_CHANGING.format(insp.ai_verdict, final_verdict) if insp.ai_verdict in ("ok", "ng")
                    else _DECIDING.format(final_verdict, insp.ai_text))
            raise ReviewRefused(_NEEDS_CODE.format(what, insp.id, _PART.format(insp.serial) if insp.serial else ""))
        if code and self.reason_codes is not None and code not in self.reason_codes:
            raise ReviewRefused(_UNKNOWN_CODE.format(repr(code)))

        if code in COMMENT_REQUIRED and not (comment or "").strip():
            raise ReviewRefused(_NEEDS_COMMENT.format(reason_message(code)))
        return override

    def review(self, inspection_id: int, user, final_verdict: str, reason_code: str | None = None,
               comment: str | None = None, *, access) -> Inspection:
        """Record the inspector's final verdict; returns the updated inspection.

        Refused (:class:`ReviewRefused`, nothing stored) when the verdict is not ok/ng or an override
        has no reason code.  ``access`` (:class:`~hmi.security.access.Access`, required: there is no
        unchecked path) checks the permission and audits the review first (``PermissionDenied`` refuses it,
        audited as ``access.denied``): an override as ``inspection.override``, an acceptance as
        ``inspection.accept``.
        """
        if access is None or not hasattr(access, "check"):
            raise TypeError("InspectionStore.review needs access=Access(...): every review is checked and audited")
        name = _user_name(user)
        insp = self.get(inspection_id)
        code = (reason_code or "").strip() or None
        note = (comment or "").strip() or None
        override = self.check_review(insp, final_verdict, code, note)
        target = f"inspection #{insp.id}" + (f" {insp.serial}" if insp.serial else "")
        if override:
            access.override_inspection(user, target, insp.ai_verdict, final_verdict,
                                       code + (f": {note}" if note else ""))
        else:
            access.check(user, "inspection.override", target)
            access.audit.append(user, "inspection.accept", target, before=insp.ai_verdict, after=final_verdict,
                                detail={"comment": note} if note else None)
        from hmi.store.db import durable_begin

        with durable_begin(self.engine) as c:
            c.execute(sa.insert(reviews).values(inspection_id=insp.id, reviewer=name, ts=to_ms(self.clock()),
                                                final_verdict=final_verdict, reason_code=code, comment=note))
        return self.get(insp.id)

    # ------------------------------------------------------------------ statistics
    def stats(self, since: float | None = None, days: int = 14) -> dict:
        """Counts and the AI-inspector agreement.

        ``since``: inspections captured at or after (epoch s; default all).  Returns::

            {"total", "pending", "reviewed", "errors",
             "counts": {"ok", "warn", "ng", "error"},          # AI verdicts
             "final_counts": {"ok", "ng"},                     # newest reviews
             "compared", "agreed", "agreement": 0..1 or None,  # AI ok/ng vs final
             "overrides", "warn_resolved",
             "overrides_per_day": [(YYYY-MM-DD, n), ...]       # last ``days`` days with reviews, UTC dates
             "reasons": {code: n}}
        """
        q, r = self._select()
        q = q.with_only_columns(inspections.c.ai_verdict, r.c.final_verdict, r.c.ts, r.c.reason_code)
        if since is not None:
            q = q.where(inspections.c.captured_ts >= to_ms(since))
        with self.engine.connect() as c:
            rows = c.execute(q).all()
        counts = {v: 0 for v in (*AI_VERDICTS, "error")}
        final_counts = {v: 0 for v in FINAL_VERDICTS}
        per_day: dict[str, int] = {}
        reasons: dict[str, int] = {}
        compared = agreed = warn_resolved = reviewed = 0
        for ai, final, ts, code in rows:
            counts[ai or "error"] = counts.get(ai or "error", 0) + 1
            if final is None:
                continue
            reviewed += 1
            final_counts[final] = final_counts.get(final, 0) + 1
            if code:
                reasons[code] = reasons.get(code, 0) + 1
            if ai in ("ok", "ng"):
                compared += 1
                if final == ai:
                    agreed += 1
                else:
                    day = datetime.fromtimestamp(from_ms(ts), timezone.utc).strftime("%Y-%m-%d")
                    per_day[day] = per_day.get(day, 0) + 1
            elif ai == "warn":
                warn_resolved += 1
        days_sorted = sorted(per_day.items())[-max(1, int(days)):]
        return {"total": len(rows), "reviewed": reviewed, "pending": len(rows) - reviewed, "errors": counts["error"],
                "counts": counts, "final_counts": final_counts, "compared": compared, "agreed": agreed,
                "agreement": (agreed / compared) if compared else None, "overrides": compared - agreed,
                "warn_resolved": warn_resolved, "overrides_per_day": days_sorted, "reasons": reasons}

    # ------------------------------------------------------------------ export
    def export_reviewed(self, out_dir: str | Path, since: float | None = None,
                        progress: Callable[[float, str], Any] | None = None) -> dict:
        """Copy every reviewed, readable image into ``out_dir/ok`` and ``out_dir/defect`` by its final
        verdict (the layout :func:`vision.train.train` reads).  Returns ``{"dir", "ok", "defect",
        "skipped": [reason, ...]}``.  File names: ``<id>_<serial>.<ext>`` (re-exporting overwrites)."""
        out = Path(out_dir)
        (out / "ok").mkdir(parents=True, exist_ok=True)
        (out / "defect").mkdir(parents=True, exist_ok=True)
        rows = self.queue("reviewed", since=since, limit=10 ** 9)
        done = {"ok": 0, "defect": 0}
        skipped: list[str] = []
        for k, insp in enumerate(rows):
            if progress is not None:
                progress(k / max(1, len(rows)), f"exporting {k + 1}/{len(rows)}")
            src = Path(insp.image_path) if insp.image_path else None
            if insp.error is not None or src is None or not src.is_file():
                skipped.append(f"#{insp.id}: {insp.error or 'image file missing'}")
                continue
            sub = "ok" if insp.final_verdict == "ok" else "defect"
            safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in (insp.serial or "part"))
            shutil.copyfile(src, out / sub / f"{insp.id:06d}_{safe}{src.suffix.lower()}")
            done[sub] += 1
        return {"dir": str(out), **done, "skipped": skipped}
