"""AI inspection on the line: image files from the X-ray machine or camera -> verdict -> the PLC. Qt-free.

    line = LineInspection(cfg, station, write=runtime.write, latest=runtime.latest, alarms=runtime.alarms)
    line.start() ... line.stop()

``cfg`` is one ``[[inspection]]`` station of the plant file (:class:`hmi.config.InspectionStationConfig`);
``station`` an :class:`~hmi.inspection.station.XrayStation` (it runs the model in its child process and records
each inspection for the inspectors' review).  The station's own thread:

1. watches ``cfg.folder`` for new image files (written by the machine, or with ``camera`` by
   :class:`hmi.inspection.camera.CameraSource`, one frame per trigger) (:class:`FolderWatcher`): a file counts once it has kept its size
   and time stamp for ``settle_s`` (the X-ray machine has finished writing it), a whole PNG or JPEG at once.  The folder is the queue: a file
   waits there, on disk, until its turn, and nothing is dropped;
2. takes the part's serial: from the file name (``serial_pattern``), from a PLC tag (``serial_tag``, latched
   when ``trigger_tag`` changes: each image takes the oldest latched serial; without a trigger, the value when
   the file appeared) or from the DataMatrix mark in the image.  With a trigger, every part is accounted for: a
   trigger that gets no image within ``verdict_within_s`` is recorded as a part not inspected (and alarmed);
3. moves the file into ``archive/YYYYMMDD/`` and inspects it there;
4. writes the verdict to the PLC: ``verdict_tag`` = :data:`VERDICT_CODES` (1 ok, 2 warn, 3 ng, 4 not inspected:
   an unreadable, blank, flat or tiny image, or no model; the part goes to review, never "ok"), then
   ``sequence_tag`` + 1 (mod 65536), so that the gate sees a new verdict even when the code repeats.  Both
   writes are read back by the poller;
5. a verdict that could not be given within ``verdict_within_s`` of the file's arrival is **not** written: the
   part has left the gate and the verdict would land on the next one.  The part is recorded, counted as late and
   the station's alarm ``<id>.undelivered`` is raised (also when a write fails); the PLC's own timeout rejects
   a part that got no verdict.  The alarm clears with the next verdict delivered.

At start the newest archive folders are checked for files that were moved but never recorded (a crash between
the two): they are inspected and recorded, their verdicts not written (late).  Archived files older than
``archive_days`` are deleted once an hour.
"""
from __future__ import annotations

import fnmatch
import json
import logging
import os
import re
import shutil
import threading
import time
from collections import deque
from pathlib import Path
from typing import Callable

from hmi.equipment.model import Quality, Sample
from hmi.messages import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

__all__ = ["LineInspection", "FolderWatcher", "looks_complete", "VERDICT_CODES", "NOT_INSPECTED", "UNDELIVERED_SUFFIX",
           "serial_from_name"]

#: the verdict as the PLC receives it in ``verdict_tag``
VERDICT_CODES = {"ok": 1, "warn": 2, "ng": 3}
#: no verdict could be given (unreadable, blank, flat or too small image; no model; inference failed): review
NOT_INSPECTED = 4
#: virtual tag of a station's alarm "a part got no verdict in time": ``"<station id>.undelivered"``
UNDELIVERED_SUFFIX = "undelivered"
UNDELIVERED_MESSAGE = QT_TRANSLATE_NOOP("Inspection", "Inspection station {0}: a part got no verdict for the gate")
UNDELIVERED_CAUSE = QT_TRANSLATE_NOOP("Inspection", "The inspection fell behind the line or the verdict could not be "
                                                    "written to the PLC")
UNDELIVERED_ACTION = QT_TRANSLATE_NOOP("Inspection", "Check the parts the gate let through without a verdict; check the "
                                                     "station's PLC connection and load")
_ARCHIVE_SWEEP_S = 3600.0


def serial_from_name(name: str, pattern: str | None) -> str | None:
    """The serial in a file name: ``pattern``'s group ``serial`` (else its first group, else the whole match),
    searched in the name without its extension; without a pattern the whole stem.  None when it does not match."""
    stem = Path(name).stem
    if not pattern:
        return stem or None
    m = re.search(pattern, stem)
    if m is None:
        return None
    if "serial" in m.re.groupindex:
        return m.group("serial") or None
    return (m.group(1) if m.re.groups else m.group(0)) or None


def cfg_needs_plc(cfg) -> bool:
    """The station writes verdicts or reads its serial from the PLC."""
    return cfg.verdict_tag is not None or cfg.serial == "tag"


def looks_complete(path: str | Path, size: int) -> bool:
    """True when the file is a PNG that ends with its IEND chunk or a JPEG that ends with its EOI marker: written
    whole (a machine that renames finished files into the folder never shows anything else).  Other formats,
    and files still being written, wait for the watcher's settle time."""
    if size < 12:
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            f.seek(-12, os.SEEK_END)
            tail = f.read(12)
    except OSError:
        return False
    if head == b"\x89PNG\r\n\x1a\n":
        return tail[4:8] == b"IEND"
    if head[:2] == b"\xff\xd8":
        return tail[-2:] == b"\xff\xd9"
    return False


class FolderWatcher:
    """The image files that arrived complete in ``folder``, each reported once, oldest first.

    A file is complete when its size and modification time have not changed for ``settle_s`` seconds (the
    writer has finished), or at once when it is a PNG or JPEG that ends as a whole one does
    (:func:`looks_complete`).  :meth:`scan` returns ``(path, arrived, note)`` for each such file (``arrived`` on
    ``clock``: when the file was last written, from its time stamp, at most an hour back); ``note`` is what
    ``on_seen(path)`` returned when the file was first seen (e.g. the serial tag's value at that moment)."""

    def __init__(self, folder: str | Path, patterns=("*.png",), settle_s: float = 0.3,
                 clock: Callable[[], float] = time.time, on_seen: Callable[[Path], object] | None = None):
        self.folder = Path(folder)
        self.patterns = tuple(p.lower() for p in patterns)
        self.settle_s = float(settle_s)
        self.clock = clock
        self.on_seen = on_seen
        self._seen: dict[str, list] = {}  # name -> [size, mtime_ns, since (stable), arrived, note]
        self.error: str | None = None

    def _matches(self, name: str) -> bool:
        low = name.lower()
        return any(fnmatch.fnmatchcase(low, p) for p in self.patterns)

    def scan(self) -> list[tuple[Path, float, object]]:
        now = self.clock()
        try:
            entries = [e for e in os.scandir(self.folder) if self._matches(e.name)]
            self.error = None
        except OSError as exc:
            msg = f"cannot read the watched folder {self.folder}: {exc.strerror or exc}"
            if msg != self.error:
                log.error("%s", msg)
            self.error = msg
            return []
        ready, present = [], set()
        for e in entries:
            try:
                st = e.stat()
                if not e.is_file():
                    continue
            except OSError:
                continue
            present.add(e.name)
            rec = self._seen.get(e.name)
            if rec is None:
                note = self.on_seen(Path(e.path)) if self.on_seen is not None else None
                # arrived when it was written, not when this scan saw it (a file that waited while the station
                # started or fell behind is that much older: its verdict may no longer be the gate's)
                arrived = now - min(3600.0, max(0.0, time.time() - st.st_mtime))
                self._seen[e.name] = [st.st_size, st.st_mtime_ns, now, arrived, note]
                rec = self._seen[e.name]
                if self.settle_s > 0 and not looks_complete(e.path, st.st_size):
                    continue
                rec[2] = now - self.settle_s  # a whole PNG or JPEG: no need to wait for it to settle
            elif (rec[0], rec[1]) != (st.st_size, st.st_mtime_ns):
                rec[0], rec[1], rec[2] = st.st_size, st.st_mtime_ns, now
                continue
            if st.st_size > 0 and now - rec[2] >= self.settle_s:
                ready.append((rec[1], e.name, Path(e.path), rec[3], rec[4]))
        for name in list(self._seen):
            if name not in present:
                del self._seen[name]
        ready.sort()
        return [(p, seen, note) for _m, _n, p, seen, note in ready]

    def forget(self, path: Path) -> None:
        self._seen.pop(path.name, None)

    def waiting(self) -> int:
        """Files in the folder (complete or still being written)."""
        return len(self._seen)


class LineInspection:
    """One inspection station on the line (see the module doc).

    ``write(tag_key, value) -> Future`` (the runtime's write with read-back); ``latest() -> {key: Sample}``;
    ``alarms``: an :class:`hmi.alarms.engine.AlarmEngine` (the ``<id>.undelivered`` alarm is added to it)."""

    def __init__(self, cfg, station, *, write: Callable | None = None, latest: Callable[[], dict] | None = None,
                 alarms=None, clock: Callable[[], float] = time.time, poll_s: float = 0.05,
                 plc_ready: Callable[[], bool] | None = None):
        self.cfg = cfg
        self.station = station
        self.write = write
        self.latest = latest
        #: () -> True once the PLC can be written (the runtime's acquisition runs): images wait in the folder till
        #: then, their age counting, so that a verdict is never lost to a station still starting
        self.plc_ready = plc_ready
        self.clock = clock
        self.poll_s = float(poll_s)
        self.folder = Path(cfg.folder)
        self.archive = Path(cfg.archive)
        # the watcher times files on the wall clock (settling, the gate's budget); records carry the plant's clock
        self.watcher = FolderWatcher(self.folder, cfg.patterns, cfg.settle_s, time.monotonic, on_seen=self._arrival)
        self._alarms = alarms
        self.alarm_tag = f"{cfg.id}.{UNDELIVERED_SUFFIX}"
        if alarms is not None:
            from hmi.config import AlarmConfig

            alarms.add_alarm(AlarmConfig(kind="DIGITAL", tag=self.alarm_tag, state=True, priority=2,
                                         message=UNDELIVERED_MESSAGE.format(cfg.name), cause=UNDELIVERED_CAUSE,
                                         action=UNDELIVERED_ACTION))
        self._lock = threading.Lock()
        self._triggers: deque[tuple[str | None, float, float]] = deque()  # (serial, plant ts, monotonic) latched
        self._last_trigger = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seq: int | None = None
        self._latency_ms: deque[float] = deque(maxlen=2000)
        self._next_sweep = 0.0
        self._undelivered_on = False
        self._backlogged = False
        self.warm = False  # the model was loaded (or failed to) ahead of the first part
        self.camera = None
        if cfg.camera:
            from hmi.inspection.camera import CameraSource

            self.camera = CameraSource(cfg.camera, self.folder, name=cfg.id)
        self.counts = {"seen": 0, "inspected": 0, "delivered": 0, "late": 0, "write_failed": 0,
                       "not_inspected": 0, "recovered": 0, "triggers": 0, "no_image": 0}
        self.last_error: str | None = None
        self._idle = threading.Event()

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "LineInspection":
        if self._thread is not None and self._thread.is_alive():
            return self
        self.folder.mkdir(parents=True, exist_ok=True)
        self.archive.mkdir(parents=True, exist_ok=True)
        self._stop.clear()
        if self.camera is not None:
            self.camera.start()
        self._thread = threading.Thread(target=self._run, name=f"inspection-{self.cfg.id}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self.camera is not None:
            self.camera.stop()
        t = self._thread
        if t is not None:
            t.join(timeout)

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until the folder is empty and every file is processed (tests, benches)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self._idle.clear()
            if self._idle.wait(max(0.0, end - time.monotonic())) and self.watcher.waiting() == 0:
                return True
        return False

    def stats(self) -> dict:
        with self._lock:
            lat = sorted(self._latency_ms)
        q = (lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))], 1)) if lat else (lambda p: None)
        cam_error = self.camera.last_error if self.camera is not None else None
        return dict(self.counts, warm=self.warm, waiting=self.watcher.waiting(), latency_ms_p50=q(0.5),
                    latency_ms_p99=q(0.99), last_error=self.last_error or self.watcher.error or cam_error,
                    sequence=self._seq)

    # ------------------------------------------------------------------ the thread
    def _run(self) -> None:
        try:
            err = self.station.warm_up(self.cfg.model)
            if err:
                self.last_error = err
                log.error("inspection %s: %s (images are recorded as not inspected until a model is there)",
                          self.cfg.id, err)
        except Exception as exc:  # noqa: BLE001 - the first part loads it again
            log.warning("inspection %s: model not loaded ahead of the first part: %s", self.cfg.id, exc)
        self.warm = True
        try:
            self._recover()
        except Exception:  # noqa: BLE001 - the station runs on
            log.exception("inspection %s: recovery of unrecorded archive files failed", self.cfg.id)
        while not self._stop.is_set():
            ready = []
            if cfg_needs_plc(self.cfg) and self.plc_ready is not None and not self.plc_ready():
                self._stop.wait(self.poll_s)
                continue
            try:
                ready = self.watcher.scan()
                waiting = self.watcher.waiting()
                if waiting > self.cfg.max_backlog and not self._backlogged:
                    self._undelivered(f"{waiting} images wait in {self.folder} (more than {self.cfg.max_backlog}): "
                                      f"the inspection is behind the line")
                self._backlogged = waiting > self.cfg.max_backlog
                for path, seen, note in ready:
                    if self._stop.is_set():
                        break
                    self._one(path, seen, note)
                self._expire_triggers()
                if self.clock() >= self._next_sweep:
                    self._next_sweep = self.clock() + _ARCHIVE_SWEEP_S
                    self._sweep_archive()
            except Exception as exc:  # noqa: BLE001 - the station runs on
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.exception("inspection %s failed", self.cfg.id)
            if not ready:
                self._idle.set()
            self._stop.wait(self.poll_s)

    def _arrival(self, _path: Path) -> dict:
        """What is noted when a file appears: the plant time and (``serial = "tag"`` without a trigger) the serial
        tag's value."""
        tag_now = self.cfg.serial == "tag" and self.cfg.trigger_tag is None
        return {"ts": self.clock(), "serial": self._serial_tag_value() if tag_now else None}

    def on_samples(self, batch) -> None:
        """Sample sink (acquisition thread; subscribe it to the runtime): a change of ``trigger_tag`` latches the
        part's serial (``serial_tag`` from the same read, else the latest value)."""
        trig = self.cfg.trigger_tag
        if trig is None:
            return
        for s in batch:
            if s.tag != trig or s.quality != Quality.GOOD:
                continue
            last, self._last_trigger = self._last_trigger, s.value
            if last is None or s.value == last:
                continue
            serial = next((x.value for x in batch if x.tag == self.cfg.serial_tag and x.quality == Quality.GOOD),
                          None)
            if serial is None:
                serial = self._serial_tag_value()
            serial = str(serial).strip() or None if serial is not None else None
            with self._lock:
                self._triggers.append((serial, s.ts, time.monotonic()))
                self.counts["triggers"] += 1
            if self.camera is not None:
                self.camera.trigger(serial)

    def _serial_tag_value(self) -> str | None:
        if self.latest is None or self.cfg.serial_tag is None:
            return None
        s = self.latest().get(self.cfg.serial_tag)
        if s is None or s.quality != Quality.GOOD or s.value in (None, ""):
            return None
        return str(s.value).strip() or None

    def _archive_path(self, name: str, ts: float) -> Path:
        day = self.archive / time.strftime("%Y%m%d", time.localtime(ts))
        day.mkdir(parents=True, exist_ok=True)
        dest = day / name
        k = 1
        while dest.exists():  # the same file name again (a re-shot part): keep both
            dest = day / f"{Path(name).stem}~{k}{Path(name).suffix}"
            k += 1
        return dest

    def _one(self, path: Path, seen: float, note: dict) -> None:
        cfg = self.cfg
        with self._lock:
            self.counts["seen"] += 1
        arrived = note["ts"]
        dest = self._archive_path(path.name, arrived)
        try:
            try:
                os.replace(path, dest)
            except OSError:
                shutil.move(str(path), str(dest))  # another drive
        except OSError as exc:  # still locked by the machine's writer, or gone: try again at the next scan
            self.last_error = f"cannot move {path.name} to the archive: {exc.strerror or exc}"
            log.warning("inspection %s: %s", cfg.id, self.last_error)
            with self._lock:
                self.counts["seen"] -= 1
            return
        self.watcher.forget(path)
        machine = self._sidecar(path, dest)
        tag_serial = note.get("serial")
        if self.cfg.serial == "tag" and self.cfg.trigger_tag is not None:
            self._expire_triggers(before=seen - cfg.verdict_within_s)  # parts shot long before this image
            with self._lock:
                trig = self._triggers.popleft() if self._triggers else None
            tag_serial = trig[0] if trig is not None else None
            if trig is None:
                log.warning("inspection %s: %s arrived without a part trigger: no serial", cfg.id, path.name)
        serial = self._serial(dest, tag_serial)
        self._inspect(dest, arrived, serial, original=path.name, seen=seen, machine=machine)

    def _sidecar(self, path: Path, dest: Path) -> dict | None:
        """The X-ray machine's metadata beside the image (``<name>.json``, an object), archived with it."""
        side = path.with_suffix(".json")
        if not side.is_file():
            return None
        data = self._read_sidecar(side)
        try:
            os.replace(side, dest.with_suffix(".json"))
        except OSError:
            pass
        return data

    def _read_sidecar(self, side: Path) -> dict | None:
        if not side.is_file():
            return None
        try:
            data = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("inspection %s: %s not read: %s", self.cfg.id, side.name, exc)
            return None
        return data if isinstance(data, dict) else None

    def _serial(self, path: Path, tag_serial: str | None) -> str | None:
        how = self.cfg.serial
        if how == "file":
            return serial_from_name(path.name.split("~")[0] + path.suffix, self.cfg.serial_pattern)
        if how == "tag":
            return tag_serial
        if how == "mark":
            try:
                row = self.station.decode_mark(path)
            except Exception as exc:  # noqa: BLE001
                log.warning("inspection %s: mark of %s not read: %s", self.cfg.id, path.name, exc)
                return None
            return row.get("text")
        return None

    def _inspect(self, path: Path, arrived: float, serial: str | None, *, original: str, seen: float | None,
                 machine: dict | None = None) -> None:
        """Inspect, record and (``seen``: the wall-clock arrival; None: recovered, too late) deliver the verdict."""
        cfg = self.cfg
        detail = {**(machine or {}), "source": "folder", "file": original, "line_station": cfg.id}
        if serial is None and cfg.serial != "none":
            detail["serial_error"] = {"file": "the file name does not hold a serial",
                                      "tag": "no serial on the PLC tag when the image arrived",
                                      "mark": "no mark read in the image"}[cfg.serial]
        iid, res = self.station.inspect_record(path, serial=serial, captured_ts=arrived, detail=detail,
                                               model_path=cfg.model)
        verdict = res.get("verdict")
        code = VERDICT_CODES.get(verdict, NOT_INSPECTED) if res.get("error") is None else NOT_INSPECTED
        with self._lock:
            self.counts["inspected"] += 1
            if code == NOT_INSPECTED:
                self.counts["not_inspected"] += 1
        if seen is None or cfg.verdict_tag is None or self.write is None:
            if seen is None:
                with self._lock:
                    self.counts["late"] += 1
            return
        age = time.monotonic() - seen
        if age > cfg.verdict_within_s:
            with self._lock:
                self.counts["late"] += 1
            self._undelivered(f"part {serial or original}: verdict after {age:.1f} s, over the gate's "
                              f"{cfg.verdict_within_s:g} s: not written (inspection {iid})")
            return
        budget = max(0.5, cfg.verdict_within_s - age)
        try:
            self.write(cfg.verdict_tag, code).result(timeout=budget)
            if cfg.sequence_tag is not None:
                seq = (self._current_seq() + 1) % 65536
                self.write(cfg.sequence_tag, seq).result(
                    timeout=max(0.5, cfg.verdict_within_s - (time.monotonic() - seen)))
                self._seq = seq
        except Exception as exc:  # noqa: BLE001 - refused, not read back, timed out: the part got no verdict
            with self._lock:
                self.counts["write_failed"] += 1
            self._undelivered(f"part {serial or original}: verdict not written to {cfg.verdict_tag}: "
                              f"{type(exc).__name__}: {exc}")
            return
        with self._lock:
            self.counts["delivered"] += 1
            self._latency_ms.append((time.monotonic() - seen) * 1000.0)
        if self._undelivered_on:
            self._set_alarm(False)

    def _expire_triggers(self, before: float | None = None) -> None:
        """Parts whose trigger got no image within the gate's budget: recorded as not inspected, alarmed.
        ``before``: expire the triggers latched before this (monotonic) time, the arrival of an image less the
        budget; default: now less the budget, unless images wait in the folder (one may be this part's)."""
        if before is None and self.watcher.waiting():
            return
        limit = time.monotonic() - self.cfg.verdict_within_s if before is None else before
        while True:
            with self._lock:
                if not self._triggers or self._triggers[0][2] > limit:
                    return
                serial, ts, _mono = self._triggers.popleft()
                self.counts["no_image"] += 1
            self.station.store.record_inspection(
                station=self.cfg.id, serial=serial, captured_ts=ts,
                error=f"no image from the inspection machine within {self.cfg.verdict_within_s:g} s of the part "
                      f"trigger", detail={"source": "trigger", "line_station": self.cfg.id})
            self._undelivered(f"part {serial or '?'}: no image within {self.cfg.verdict_within_s:g} s of its trigger")

    def _current_seq(self) -> int:
        if self._seq is None:
            s = (self.latest() if self.latest is not None else {}).get(self.cfg.sequence_tag)
            try:
                self._seq = int(s.value) if s is not None and s.quality == Quality.GOOD else 0
            except (TypeError, ValueError):
                self._seq = 0
        return self._seq

    def _undelivered(self, why: str) -> None:
        self.last_error = why
        log.error("inspection %s: %s", self.cfg.id, why)
        self._set_alarm(True)

    def _set_alarm(self, on: bool) -> None:
        self._undelivered_on = on
        if self._alarms is not None:
            try:
                self._alarms.process([Sample(self.alarm_tag, self.clock(), bool(on), Quality.GOOD)])
            except Exception:  # noqa: BLE001
                log.exception("inspection %s: alarm not raised", self.cfg.id)

    # ------------------------------------------------------------------ housekeeping
    def _recover(self) -> None:
        """Archive files of the last two days that were moved but never recorded: inspect and record them."""
        days = sorted((p for p in self.archive.glob("[0-9]" * 8) if p.is_dir()), reverse=True)[:2]
        files = [f for d in days for f in sorted(d.iterdir()) if f.is_file() and self.watcher._matches(f.name)
                 and not f.stem.endswith("_heat")]
        if not files:
            return
        known = self.station.store.known_images([str(f) for f in files])
        for f in files:
            if str(f) in known or self._stop.is_set():
                continue
            with self._lock:
                self.counts["recovered"] += 1
            log.warning("inspection %s: %s was archived but not recorded (a crash): inspected now, its verdict "
                        "not sent to the PLC", self.cfg.id, f.name)
            self._inspect(f, f.stat().st_mtime, self._serial(f, None), original=f.name, seen=None,
                          machine=self._read_sidecar(f.with_suffix(".json")))

    def _sweep_archive(self) -> None:
        cutoff = time.strftime("%Y%m%d", time.localtime(self.clock() - self.cfg.archive_days * 86400.0))
        for d in self.archive.glob("[0-9]" * 8):
            if d.is_dir() and d.name < cutoff:
                shutil.rmtree(d, ignore_errors=True)
                log.info("inspection %s: archive %s deleted (older than %g days)", self.cfg.id, d.name,
                         self.cfg.archive_days)
