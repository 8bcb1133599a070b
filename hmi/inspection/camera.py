"""A camera as the image source of an inspection station: one frame per part trigger, into the watched folder.
Qt-free.

    cam = CameraSource("0", folder)          # USB camera 0; or "rtsp://...", "http://...", a video file
    cam.start(); cam.trigger("C126120200042"); ...; cam.stop()

``[[inspection]] camera = "..."`` in the plant file: the station (:class:`hmi.inspection.line.LineInspection`)
calls :meth:`CameraSource.trigger` whenever its ``trigger_tag`` changes, with the serial it latched.  The camera's
own thread grabs a frame (OpenCV ``VideoCapture``), writes it as a PNG under a temporary name and renames it
into the station's folder, so a camera part takes exactly the path of an X-ray machine's file, and a trigger
whose frame could not be taken is accounted for like any part without an image (recorded, alarmed).

A live source (a device index or a stream URL) keeps a small buffer: before the frame of a trigger the camera
drops what is buffered (``flush_frames``), so the image shows the part now in front of it, not one from before.
A camera that cannot be opened or stops delivering is reopened with a growing delay (1 s .. 30 s).
"""
from __future__ import annotations

import logging
import os
import queue
import re
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["CameraSource", "CameraError"]


class CameraError(RuntimeError):
    """The camera could not be opened or gave no frame."""


def _source(spec: str):
    """``"0"`` -> device index 0; anything else (URL, file) as written."""
    s = str(spec).strip()
    return int(s) if re.fullmatch(r"\d+", s) else s


def _is_live(spec) -> bool:
    return isinstance(spec, int) or bool(re.match(r"^[a-z]+://", str(spec), re.I))


class CameraSource:
    """Takes one frame per :meth:`trigger` into ``folder`` (see the module doc)."""

    def __init__(self, spec: str, folder: str | Path, *, name: str = "camera", flush_frames: int = 2,
                 max_pending: int = 64):
        self.spec = _source(spec)
        self.folder = Path(folder)
        self.name = name
        self.flush_frames = max(0, int(flush_frames)) if _is_live(self.spec) else 0
        self._jobs: queue.Queue = queue.Queue(maxsize=max(1, int(max_pending)))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._cap = None
        self._backoff = 0.0
        self._retry_at = 0.0
        self.counts = {"triggers": 0, "frames": 0, "failed": 0}
        self._count_lock = threading.Lock()  # trigger() runs on the acquisition thread, frames on the camera's
        self.last_error: str | None = None
        self._seq = 0

    def start(self) -> "CameraSource":
        self.folder.mkdir(parents=True, exist_ok=True)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"camera-{self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        t = self._thread
        if t is not None:
            t.join(timeout)
        self._close()

    def trigger(self, serial: str | None = None) -> bool:
        """A part is in front of the camera: take its frame (on the camera's thread).  False when too many
        frames wait (the part goes without an image and is accounted for as such)."""
        self._count("triggers")
        try:
            self._jobs.put_nowait((serial, time.time()))
            return True
        except queue.Full:
            self._count("failed")
            self.last_error = "too many frames waiting: camera too slow for the line"
            log.error("camera %s: %s", self.name, self.last_error)
            return False

    def _count(self, key: str) -> None:
        with self._count_lock:
            self.counts[key] += 1

    # ------------------------------------------------------------------ the camera's thread
    def _open(self):
        import cv2

        if self._cap is not None:
            return self._cap
        now = time.monotonic()
        if now < self._retry_at:
            raise CameraError(self.last_error or "camera not open")
        cap = cv2.VideoCapture(self.spec)
        if not cap.isOpened():
            cap.release()
            self._backoff = min(30.0, max(1.0, self._backoff * 2))
            self._retry_at = now + self._backoff
            raise CameraError(f"camera {self.spec!r} cannot be opened (next try in {self._backoff:.0f} s)")
        try:
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        except Exception:  # noqa: BLE001 - not every backend has it
            pass
        self._cap, self._backoff = cap, 0.0
        log.info("camera %s: %r open", self.name, self.spec)
        return cap

    def _close(self) -> None:
        cap, self._cap = self._cap, None
        if cap is not None:
            cap.release()

    def _frame(self):
        cap = self._open()
        for _ in range(self.flush_frames):
            cap.grab()
        ok, frame = cap.read()
        if not ok or frame is None or frame.size == 0:
            self._close()
            self._backoff = min(30.0, max(1.0, self._backoff * 2))
            self._retry_at = time.monotonic() + self._backoff
            raise CameraError(f"camera {self.spec!r} gave no frame")
        return frame

    def _run(self) -> None:
        import cv2

        while not self._stop.is_set():
            try:
                serial, ts = self._jobs.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                frame = self._frame()
                self._seq += 1
                safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in (serial or ""))
                name = f"{safe or 'part'}_{time.strftime('%Y%m%d-%H%M%S', time.localtime(ts))}_{self._seq:05d}.png"
                tmp = self.folder / f".{name}.part"
                ok, enc = cv2.imencode(".png", frame)
                if not ok:
                    raise CameraError("frame not encodable as PNG")
                enc.tofile(str(tmp))
                os.replace(tmp, self.folder / name)
                self._count("frames")
                self.last_error = None
            except Exception as exc:  # noqa: BLE001 - the part goes without an image: accounted by the station
                self._count("failed")
                msg = str(exc)
                if msg != self.last_error:
                    log.error("camera %s: %s", self.name, msg)
                self.last_error = msg
