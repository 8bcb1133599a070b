"""File-based model registry: a folder of model files plus ``index.json``.

    root/
      index.json            {"format": 1, "active": "v...", "models": {version: {...}}, "history": [...]}
      models/<version>.pt

* ``add(model_file)`` copies a trained model in (version = its meta ``model_version``; a clash
  gets a ``-2``, ``-3`` suffix) and records its metrics, thresholds and data fingerprint, so
  ``list()`` needs no torch.
* ``activate(version, by=user)``: the caller checks the role (engineer) before calling; every
  activation is appended to ``history``. ``active_path()`` is what the station loads.
* ``compare(candidate, data_dir or paths, active=None)``: candidate vs active on the same images,
  image by image (scores, verdicts, changed flag) plus a summary (and metrics when labelled).
* index.json is written atomically (temp file + rename).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from hmi.messages import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)


class RegistryError(Exception):
    """Unknown version, missing file, or a refused operation."""


#: Progress texts (translatable, see hmi.messages).
_SCORING_WITH = QT_TRANSLATE_NOOP("Training", "scoring {0} images with {1}")
_DONE = QT_TRANSLATE_NOOP("Training", "done")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ModelRegistry:
    def __init__(self, root):
        self.root = Path(root)
        self.index_path = self.root / "index.json"

    # ------------------------------------------------------------------------ index
    def _load(self) -> dict:
        if not self.index_path.exists():
            return {"format": 1, "active": None, "models": {}, "history": []}
        try:
            return json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RegistryError(f"{self.index_path}: unreadable registry index ({exc})") from None

    def _save(self, idx: dict) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.index_path.with_name(f"index.json.tmp{os.getpid()}")
        tmp.write_text(json.dumps(idx, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.index_path)

    # -------------------------------------------------------------------------- API
    def add(self, model_file, note: str = "", by: str | None = None) -> str:
        """Copy ``model_file`` into the registry with its ONNX export; returns its version string.  A model whose
        current export lies beside it (the shipped one) is added without torch: the meta comes from the export's
        sidecar, and the export is copied with it."""
        from .infer import onnx_files, onnx_ready

        src = Path(model_file)
        exported = onnx_ready(src)
        if exported is not None:
            meta = json.loads(onnx_files(src)[1].read_text(encoding="utf-8"))
        else:
            from .model import read_meta

            meta = read_meta(src)                   # validates the file
        idx = self._load()
        base = str(meta.get("model_version") or src.stem)
        version, n = base, 1
        while version in idx["models"]:
            n += 1
            version = f"{base}-{n}"
        dst = self.root / "models" / f"{version}.pt"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        if exported is not None:  # same bytes, same export (its sidecar names the .pt by content)
            for a, b in zip(onnx_files(src), onnx_files(dst)):
                shutil.copy2(a, b)
        else:
            try:  # the stations run the ONNX export with ONNX Runtime (no torch there); without it, torch runs it
                from .model import export_onnx

                export_onnx(dst)
            except Exception as exc:  # noqa: BLE001 - e.g. the onnx package missing: the model still works
                log.warning("model %s: no ONNX export (%s); stations run it with torch", version, exc)
        idx["models"][version] = {
            "file": str(dst.relative_to(self.root).as_posix()), "added": _now(), "added_by": by,
            "created": meta.get("created"), "metrics": meta.get("metrics", {}),
            "thresholds": {k: meta.get("thresholds", {}).get(k) for k in ("warn", "ng")},
            # the miss rate the model's own thresholds were calibrated for: offered beside the standard ones
            "calibration_miss_rate": (meta.get("thresholds") or {}).get("target_miss_rate"),
            "data_fingerprint": meta.get("data_fingerprint"), "arch": meta.get("arch"), "note": note,
            "calibration_scores": meta.get("calibration_scores"),
        }
        self._save(idx)
        return version

    def list(self) -> list[dict]:
        """Versions (oldest first) with metrics and an ``active`` flag."""
        idx = self._load()
        out = []
        for v, rec in sorted(idx["models"].items(), key=lambda kv: kv[1].get("added") or ""):
            out.append(dict(rec, version=v, active=(v == idx.get("active"))))
        return out

    def get(self, version: str) -> dict:
        idx = self._load()
        if version not in idx["models"]:
            raise RegistryError(f"no model version {version!r} in {self.root}")
        return dict(idx["models"][version], version=version, active=(version == idx.get("active")))

    def path(self, version: str) -> Path:
        p = self.root / self.get(version)["file"]
        if not p.is_file():
            raise RegistryError(f"model file of {version} is missing: {p}")
        return p

    @property
    def active(self) -> str | None:
        return self._load().get("active")

    def active_path(self) -> Path | None:
        v = self.active
        return self.path(v) if v else None

    def activate(self, version: str, by: str | None = None, reason: str = "") -> None:
        """Make ``version`` the active model (the caller has checked the engineer role)."""
        self.path(version)                          # exists and file present
        idx = self._load()
        prev = idx.get("active")
        idx["active"] = version
        idx.setdefault("history", []).append({"at": _now(), "by": by, "from": prev, "to": version,
                                              "reason": reason})
        self._save(idx)

    def set_operating_point(self, version: str, warn: float, ng: float, by: str | None = None,
                            reason: str = "") -> dict:
        """Set the warn/ng thresholds the stations use with ``version`` (the caller has checked the engineer role
        and audits it); returns the thresholds it replaced.  0 <= warn <= ng <= 1."""
        warn, ng = float(warn), float(ng)
        if not (0.0 <= warn <= ng <= 1.0):
            raise RegistryError(f"thresholds warn {warn:g}, ng {ng:g}: need 0 <= warn <= ng <= 1")
        idx = self._load()
        rec = idx["models"].get(version)
        if rec is None:
            raise RegistryError(f"no model version {version!r} in {self.root}")
        before = dict(rec.get("thresholds") or {})
        rec["thresholds"] = {"warn": warn, "ng": ng}
        idx.setdefault("operating_history", []).append({"at": _now(), "by": by, "version": version,
                                                        "from": before, "to": rec["thresholds"], "reason": reason})
        self._save(idx)
        return before

    def thresholds(self, version: str) -> dict | None:
        """The warn/ng thresholds the stations use with ``version`` (its own, or the operating point set)."""
        thr = self.get(version).get("thresholds") or {}
        return {"warn": float(thr["warn"]), "ng": float(thr["ng"])} \
            if thr.get("warn") is not None and thr.get("ng") is not None else None

    def history(self) -> list[dict]:
        return list(self._load().get("history", []))

    def remove(self, version: str) -> None:
        idx = self._load()
        if version == idx.get("active"):
            raise RegistryError(f"{version} is the active model: activate another one first")
        rec = idx["models"].pop(version, None)
        if rec is None:
            raise RegistryError(f"no model version {version!r}")
        try:
            (self.root / rec["file"]).unlink()
        except FileNotFoundError:
            pass
        self._save(idx)

    def compare(self, candidate: str, data, active: str | None = None, device: str = "auto",
                progress=None) -> dict:
        """Score the same images with the candidate and the active (or given) model.

        ``data``: a data folder (ok/ + defect/, labelled) or a list of image paths (unlabelled).
        Returns ``{"candidate", "active", "images": [{image, label, active_score, candidate_score,
        active_verdict, candidate_verdict, changed}], "summary": {...}}``.
        """
        from .evaluate import metrics_from_scores
        from .infer import InferenceEngine
        from .progress import update
        from .io import collect_samples

        base = active or self.active
        if base is None:
            raise RegistryError("no active model to compare with: activate one first or pass active=")
        if isinstance(data, (str, os.PathLike)) and Path(data).is_dir():
            samples = collect_samples(data)
            paths = [str(p) for p, _, _ in samples]
            labels = [lab for _, lab, _ in samples]
        else:
            paths = [str(p) for p in data]
            labels = [None] * len(paths)
        update(progress, 0.0, _SCORING_WITH.format(len(paths), base))
        ra = InferenceEngine(self.path(base), device=device, heatmaps=False).infer_paths(paths)
        update(progress, 0.5, _SCORING_WITH.format(len(paths), candidate))
        rc = InferenceEngine(self.path(candidate), device=device, heatmaps=False).infer_paths(paths)
        rows = []
        for p, lab, a, c in zip(paths, labels, ra, rc):
            rows.append({"image": p, "label": lab, "active_score": a["score"], "candidate_score": c["score"],
                         "active_verdict": a["verdict"], "candidate_verdict": c["verdict"],
                         "changed": a["verdict"] != c["verdict"], "error": a["error"] or c["error"]})
        ok_rows = [r for r in rows if r["error"] is None]
        summary = {"n": len(rows), "errors": len(rows) - len(ok_rows),
                   "changed": sum(r["changed"] for r in ok_rows),
                   "transitions": {}}
        for r in ok_rows:
            if r["changed"]:
                k = f"{r['active_verdict']}->{r['candidate_verdict']}"
                summary["transitions"][k] = summary["transitions"].get(k, 0) + 1
        lab_rows = [r for r in ok_rows if r["label"] is not None]
        if lab_rows and len({r["label"] for r in lab_rows}) == 2:
            y = [r["label"] for r in lab_rows]
            summary["active_metrics"] = metrics_from_scores(
                [r["active_score"] for r in lab_rows], y, self.get(base)["thresholds"]["warn"])
            summary["candidate_metrics"] = metrics_from_scores(
                [r["candidate_score"] for r in lab_rows], y, self.get(candidate)["thresholds"]["warn"])
            # safety view: defects the candidate would pass as ok that the active model flagged
            summary["new_misses"] = sum(1 for r in lab_rows if r["label"] == 1 and r["candidate_verdict"] == "ok"
                                        and r["active_verdict"] != "ok")
            summary["new_catches"] = sum(1 for r in lab_rows if r["label"] == 1 and r["active_verdict"] == "ok"
                                         and r["candidate_verdict"] != "ok")
        update(progress, 1.0, _DONE)
        return {"candidate": candidate, "active": base, "images": rows, "summary": summary}
