"""Mark images of the simulated line's parts, so that a demo user can decode one from a file. Qt-free.

    printer = start_demo_marks(runtime.trace_recorder, data_dir)   # <data dir>/marks/YYYYMMDD/<serial>.png

Every part the station recorder records gets the image of its laser-etched DataMatrix mark on a
metal-like surface (:func:`vision.marks.synth_mark`, seeded by the serial), as the caster's marking
laser would have made it.  ``lineside trace decode <data dir>/marks/*/*.png --json`` reads them back.
"""
from __future__ import annotations

import logging
import time
import zlib
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["MarkPrinter", "start_demo_marks"]


class MarkPrinter:
    """Writes ``out_dir/YYYYMMDD/<serial>.png`` for every recorded part (on the recorder's thread)."""

    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        self.written = 0
        self.last_path: Path | None = None

    def __call__(self, part, _step_id: int) -> None:
        from vision.marks import synth_mark

        import cv2

        day = time.strftime("%Y%m%d", time.gmtime(part.end_ts))
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in part.serial)
        path = self.out_dir / day / f"{safe}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        img = synth_mark(part.serial, "laser", seed=zlib.crc32(part.serial.encode()), contrast=60.0, blur=0.6,
                         rotate_deg=0.0)
        ok, buf = cv2.imencode(".png", img)
        if ok:
            buf.tofile(str(path))
            self.written += 1
            self.last_path = path

    def stop(self) -> None:  # a service of `lineside demo`: nothing to release
        return None


def start_demo_marks(recorder, data_dir: str | Path) -> MarkPrinter | None:
    """Attach a :class:`MarkPrinter` writing to ``<data_dir>/marks`` to the station ``recorder``
    (:class:`~hmi.trace.recorder.StationRecorder`; None: nothing to attach to)."""
    if recorder is None:
        log.warning("mark images not written: no trace recorder (no database or no trace stations)")
        return None
    printer = MarkPrinter(Path(data_dir) / "marks")
    recorder.on_recorded(printer)
    log.info("part mark images go to %s", printer.out_dir)
    return printer
