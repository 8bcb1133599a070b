"""Audible alarm annunciation (the "horn").

A new alarm (a ``raised`` event) sounds the tone of the most urgent unacknowledged priority; the
tone repeats every ``repeat_s`` seconds while unacknowledged alarms exist and the horn is not
silenced.  :meth:`Annunciator.silence` stops it until the next new alarm; acknowledging every alarm
stops it too.

Tones are short WAV files written once per priority with the stdlib :mod:`wave` module into a cache
folder (P1: fast high triple beep ... P4: one low beep).  They are played without blocking the GUI:
``winsound.PlaySound(path, SND_FILENAME | SND_ASYNC)`` on Windows, else ``aplay`` / ``paplay`` /
``afplay`` started with :class:`subprocess.Popen` (not waited for), else ``QApplication.beep()``.
On the ``offscreen`` / ``minimal`` Qt platforms (tests, headless) nothing is played.  Tests inject
``player(path, priority)``.
"""
from __future__ import annotations

import logging
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

__all__ = ["Annunciator", "tone_path", "write_tone", "default_player", "TONES"]

RATE = 16000
#: priority -> (frequency Hz, beeps, beep ms, gap ms)
TONES = {1: (1400.0, 3, 120, 70), 2: (1100.0, 2, 160, 90), 3: (880.0, 2, 200, 150), 4: (660.0, 1, 250, 0)}
Player = Callable[[str | None, int], None]


def write_tone(path: str | Path, priority: int) -> Path:
    """Write the tone of ``priority`` as a 16-bit mono WAV file; returns the path."""
    freq, beeps, beep_ms, gap_ms = TONES.get(priority, TONES[4])
    frames = bytearray()
    n_beep, n_gap = int(RATE * beep_ms / 1000), int(RATE * gap_ms / 1000)
    ramp = int(RATE * 0.005)  # 5 ms fade in/out: no clicks
    for b in range(beeps):
        for i in range(n_beep):
            env = min(1.0, i / ramp, (n_beep - 1 - i) / ramp)
            frames += struct.pack("<h", int(12000 * env * math.sin(2 * math.pi * freq * i / RATE)))
        if b < beeps - 1:
            frames += b"\x00\x00" * n_gap
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))
    os.replace(tmp, path)
    return path


def tone_path(priority: int, cache_dir: str | Path | None = None) -> Path:
    """The cached WAV file of ``priority`` (written at first use)."""
    folder = Path(cache_dir) if cache_dir else Path(tempfile.gettempdir()) / "lineside-tones"
    p = folder / f"alarm_p{priority}.wav"
    if not p.exists():
        write_tone(p, priority)
    return p


def _silent(_path, _priority) -> None:
    return None


def default_player() -> Player:
    """The best way to play a WAV file without blocking on this machine."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None and app.platformName() in ("offscreen", "minimal"):
        return _silent
    if sys.platform == "win32":
        try:
            import winsound

            def play_win(path, _priority):
                if path:
                    winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT)
                else:
                    winsound.MessageBeep()
            return play_win
        except ImportError:
            pass
    for exe in ("paplay", "aplay", "afplay"):
        found = shutil.which(exe)
        if found:
            args = [found, "-q"] if exe == "aplay" else [found]

            def play_cmd(path, _priority, _args=args):
                if not path:
                    QApplication.beep()
                    return
                try:
                    subprocess.Popen([*_args, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, close_fds=True)
                except OSError as exc:
                    log.warning("alarm tone: %s failed (%s); beeping", _args[0], exc)
                    QApplication.beep()
            return play_cmd

    def play_beep(_path, _priority):
        QApplication.beep()
    return play_beep


class Annunciator(QObject):
    """The horn: sounds on new alarms, repeats while unacknowledged ones exist, until silenced.

    ``Annunciator(parent=None, player=None, repeat_s=4.0, cache_dir=None)``; ``player(path, priority)``
    plays one tone (default: :func:`default_player`).  Feed it with :meth:`on_event` (every
    :class:`~hmi.alarms.model.AlarmEvent`) and :meth:`on_alarms_changed` (every snapshot).

    Signals
    -------
    sig_sounding(bool)
        the horn started (True) or stopped: silenced or nothing left unacknowledged (False).
    """

    sig_sounding = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, player: Player | None = None, repeat_s: float = 4.0,
                 cache_dir: str | Path | None = None):
        super().__init__(parent)
        self._player = player
        self.cache_dir = cache_dir
        self.silenced = False
        self.sounding = False
        self._unacked: dict[int, int] = {}
        self._timer = QTimer(self, interval=max(100, int(repeat_s * 1000)), timeout=self._repeat)

    @property
    def player(self) -> Player:
        if self._player is None:
            self._player = default_player()
        return self._player

    def top_priority(self) -> int | None:
        return min((p for p, n in self._unacked.items() if n > 0), default=None)

    # ------------------------------------------------------------------ inputs
    def on_event(self, ev) -> None:
        if ev.event == "raised":
            self._unacked[ev.priority] = max(1, self._unacked.get(ev.priority, 0))
            self.silenced = False
            self._set_sounding(True)
            self._play()

    def on_alarms_changed(self, snapshot) -> None:
        self._unacked = {p: n for p, n in snapshot.unacked.items() if n}
        if not self._unacked and self.sounding:
            self._set_sounding(False)

    def silence(self) -> None:
        """Stop the horn until the next new alarm."""
        self.silenced = True
        self._set_sounding(False)

    # ------------------------------------------------------------------ sound
    def _set_sounding(self, on: bool) -> None:
        if on:
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
        if on != self.sounding:
            self.sounding = on
            self.sig_sounding.emit(on)

    def _repeat(self) -> None:
        if self.silenced or not self._unacked:
            self._set_sounding(False)
            return
        self._play()

    def _play(self) -> None:
        p = self.top_priority() or 4
        try:
            path = str(tone_path(p, self.cache_dir))
        except OSError as exc:
            log.warning("alarm tone file: %s", exc)
            path = None
        try:
            self.player(path, p)
        except Exception:  # noqa: BLE001 - the horn must never break the screen
            log.exception("alarm tone player failed")
