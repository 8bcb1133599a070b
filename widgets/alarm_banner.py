"""The alarm banner shown above every page: the most urgent alarm, counts per priority, Silence.

ISA-101 / ISA-18.2: grey and quiet while no alarm is annunciated.  An annunciated alarm shows its
priority as colour *and* shape, number and word (``\u25a0 1 URGENT``); an unacknowledged one blinks
(and its text is bold, with "UNACK"), an acknowledged one is steady.  The counts show
"annunciated (unacknowledged)" per priority; a priority with nothing annunciated stays grey.

The widget holds no business state: the page feeds it with :meth:`AlarmBanner.set_alarm`,
:meth:`AlarmBanner.set_counts` and :meth:`AlarmBanner.set_horn`.

Run alone: ``python -m widgets.alarm_banner``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from widgets import theme

TOUCH_PX = 44
BLINK_MS = 600


class _CountChip(QLabel):
    """``\u25a0 P1  2 (1)`` for one priority; grey when nothing is annunciated."""

    def __init__(self, priority: int, parent=None):
        super().__init__(parent)
        self.priority = priority
        self.count = 0
        self.unacked = 0
        self.setAlignment(Qt.AlignCenter)
        self.setMinimumHeight(TOUCH_PX)
        self.setMinimumWidth(96)
        self.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.set_counts(0, 0)

    def set_counts(self, count: int, unacked: int) -> None:
        self.count, self.unacked = count, unacked
        self.setText(f"{theme.priority_label(self.priority, short=True)}  {count}"
                     + (f" ({unacked})" if unacked else ""))
        word = theme.priority_word(self.priority).lower()
        self.setToolTip(self.tr("priority {0} ({1}): {2} annunciated, {3} unacknowledged").format(
            self.priority, word, count, unacked))
        if count:
            bg, fg = theme.priority_colour(self.priority), theme.priority_text_colour(self.priority)
            border = "#000000" if unacked else theme.BORDER
            self.setStyleSheet(f"background: {bg}; color: {fg}; border: 2px solid {border};"
                               " border-radius: 3px; padding: 0 8px;")
        else:
            self.setStyleSheet(f"background: {theme.BG_PANEL}; color: {theme.TEXT_DISABLED};"
                               f" border: 1px solid {theme.BORDER}; border-radius: 3px; padding: 0 8px;")


class AlarmBanner(QFrame):
    """One line across the window: most urgent alarm, counts per priority, horn Silence button.

    ``set_alarm(text, priority=None, unacked=False, state_text="")``
        the most urgent annunciated alarm (``priority`` None: no alarm; ``text`` is then shown dim).
    ``set_counts(counts, unacked)``
        ``{priority: annunciated}`` and ``{priority: unacknowledged}`` (missing priorities: 0).
    ``set_horn(sounding)``
        the horn sounds: the Silence button is enabled (and says so).

    Signals
    -------
    sig_clicked()
        the banner (alarm text or counts) was clicked: the window shows the alarm summary.
    sig_silence()
        the Silence button was pressed.
    """

    sig_clicked = Signal()
    sig_silence = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AlarmBanner")
        self.setCursor(Qt.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.priority: int | None = None
        self.unacked = False
        self._blink_on = True

        self.badge = QLabel("", self)
        self.badge.setObjectName("AlarmBannerBadge")
        self.badge.setAlignment(Qt.AlignCenter)
        self.badge.setMinimumHeight(TOUCH_PX)
        self.badge.setMinimumWidth(150)
        self.badge.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.text_label = QLabel("", self)
        self.text_label.setObjectName("AlarmBannerText")
        self.text_label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.text_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.state_label = QLabel("", self)
        self.state_label.setFont(theme.font(theme.FONT_SIZE, bold=True))
        self.chips = {p: _CountChip(p, self) for p in (1, 2, 3, 4)}
        # ISA-18.2: shelved alarms stay counted where everyone sees them
        self.shelved = 0
        self.shelved_label = QLabel("", self)
        self.shelved_label.setObjectName("AlarmBannerShelved")
        self.shelved_label.setFont(theme.font(theme.FONT_SIZE, bold=True))
        self.shelved_label.setMinimumHeight(TOUCH_PX)
        self.shelved_label.setStyleSheet(f"border: 1px solid {theme.BORDER}; padding: 0 8px;")
        self.shelved_label.setVisible(False)
        self.silence_button = QPushButton(self.tr("Silence"), self)
        self.silence_button.setObjectName("AlarmBannerSilence")
        self.silence_button.setMinimumSize(120, TOUCH_PX)
        self.silence_button.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.silence_button.setToolTip(self.tr("Silence the alarm horn until the next new alarm"))
        self.silence_button.setCursor(Qt.ArrowCursor)
        self.silence_button.clicked.connect(self.sig_silence)

        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 5, 8, 5)
        lay.setSpacing(8)
        lay.addWidget(self.badge)
        lay.addWidget(self.text_label, 1)
        lay.addWidget(self.state_label)
        for chip in self.chips.values():
            lay.addWidget(chip)
        lay.addWidget(self.shelved_label)
        lay.addWidget(self.silence_button)

        self._blink = QTimer(self, interval=BLINK_MS, timeout=self._toggle_blink)
        self.set_alarm(self.tr("No active alarms"))
        self.set_horn(False)

    # ------------------------------------------------------------------ API
    def set_alarm(self, text: str, priority: int | None = None, unacked: bool = False, state_text: str = "") -> None:
        self.priority, self.unacked = priority, bool(unacked and priority is not None)
        self.text_label.setText(text)
        self.text_label.setToolTip(text)
        self.state_label.setText(state_text)
        if self.unacked:
            if not self._blink.isActive():
                self._blink_on = True
                self._blink.start()
        else:
            self._blink.stop()
            self._blink_on = True
        self._restyle()

    def set_counts(self, counts: dict, unacked: dict | None = None, shelved: int = 0) -> None:
        """Annunciated and unacknowledged alarms per priority; ``shelved``: alarms shelved now (shown as
        "Shelved N" while there are any)."""
        unacked = unacked or {}
        for p, chip in self.chips.items():
            chip.set_counts(int(counts.get(p, 0)), int(unacked.get(p, 0)))
        self.shelved = int(shelved)
        self.shelved_label.setText(self.tr("Shelved {0}").format(self.shelved))
        self.shelved_label.setToolTip(self.tr("Alarms shelved by an engineer (see the Alarms page)"))
        self.shelved_label.setVisible(self.shelved > 0)

    def set_horn(self, sounding: bool) -> None:
        self.silence_button.setEnabled(bool(sounding))
        self.silence_button.setText(self.tr("\u266a Silence") if sounding else self.tr("Silenced"))

    def retranslate_ui(self) -> None:
        """Texts of the banner itself (the alarm text comes from the window) in the UI language."""
        self.silence_button.setToolTip(self.tr("Silence the alarm horn until the next new alarm"))
        self.set_horn(self.silence_button.isEnabled())
        for chip in self.chips.values():
            chip.set_counts(chip.count, chip.unacked)
        self.shelved_label.setText(self.tr("Shelved {0}").format(self.shelved))
        self.shelved_label.setToolTip(self.tr("Alarms shelved by an engineer (see the Alarms page)"))
        self._restyle()

    def blinking(self) -> bool:
        return self._blink.isActive()

    def text(self) -> str:
        return self.text_label.text()

    # ------------------------------------------------------------------ look
    def _toggle_blink(self) -> None:
        self._blink_on = not self._blink_on
        self._restyle()

    @staticmethod
    def _sheet(widget, sheet: str) -> None:
        """Set a style sheet only when it changes: a blink re-polishes the badge, not the whole banner."""
        if widget.property("_sheet") != sheet:
            widget.setProperty("_sheet", sheet)
            widget.setStyleSheet(sheet)

    def _restyle(self) -> None:
        p = self.priority
        if p is None:
            self.badge.setText(self.tr("\u2714 NO ALARMS"))  # check mark: a shape cue for "nothing to do"
            self._sheet(self.badge, f"background: {theme.BG_PANEL}; color: {theme.TEXT_DIM};"
                                     f" border: 1px solid {theme.BORDER}; border-radius: 3px; padding: 0 8px;")
            self._sheet(self.text_label, f"color: {theme.TEXT_DIM}; font-weight: normal;")
            self._sheet(self.state_label, "")
            self._sheet(self, f"QFrame#AlarmBanner {{ background: {theme.BG_PANEL_DARK};"
                               f" border-bottom: 1px solid {theme.BORDER}; }}")
            return
        fill, fg = theme.priority_colour(p), theme.priority_text_colour(p)
        self.badge.setText(theme.priority_label(p))
        if self._blink_on:
            self._sheet(self.badge, f"background: {fill}; color: {fg}; border: 2px solid #000000;"
                                     " border-radius: 3px; padding: 0 8px;")
        else:  # blink phase: hollow badge in the priority colour (shape and text stay)
            self._sheet(self.badge, f"background: {theme.BG_PANEL}; color: {theme.TEXT};"
                                     f" border: 2px solid {fill}; border-radius: 3px; padding: 0 8px;")
        weight = "bold" if self.unacked else "normal"
        self._sheet(self.text_label, f"color: {theme.TEXT}; font-weight: {weight};")
        self._sheet(self.state_label, f"color: {theme.TEXT}; font-weight: {weight};")
        self._sheet(self, f"QFrame#AlarmBanner {{ background: {theme.BG_PANEL};"
                           f" border-bottom: 3px solid {fill}; }}")

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802
        if ev.button() == Qt.LeftButton and self.rect().contains(ev.position().toPoint()):
            self.sig_clicked.emit()
        super().mouseReleaseEvent(ev)


def _preview() -> int:
    import itertools

    from PySide6.QtWidgets import QApplication, QVBoxLayout

    app = QApplication.instance() or QApplication([])
    theme.apply_theme(app)
    w = QWidget()
    w.setWindowTitle("AlarmBanner preview")
    w.resize(1300, 260)
    lay = QVBoxLayout(w)
    quiet, urgent, acked = AlarmBanner(), AlarmBanner(), AlarmBanner()
    urgent.set_alarm("Press P-01: Bushing temperature very high - seizure risk (101.6 °C >= 95)", 1, True,
                     "UNACK ACTIVE")
    urgent.set_counts({1: 1, 2: 2, 3: 1}, {1: 1, 2: 1})
    urgent.set_horn(True)
    acked.set_alarm("Press P-01: Lube pressure low (2.31 bar <= 2.5)", 2, False, "ACK ACTIVE")
    acked.set_counts({2: 1})
    cycling = AlarmBanner()
    steps = itertools.cycle([(p, u) for p in (1, 2, 3, 4) for u in (True, False)])

    def step() -> None:
        p, u = next(steps)
        cycling.set_alarm(f"Priority {p} example alarm", p, u, "UNACK ACTIVE" if u else "ACK ACTIVE")
        cycling.set_counts({p: 1}, {p: 1} if u else {})
        cycling.set_horn(u)

    step()
    for b in (quiet, urgent, acked, cycling):
        lay.addWidget(b)
        b.sig_clicked.connect(lambda: print("banner clicked"))
        b.sig_silence.connect(lambda: print("silence"))
    timer = QTimer(w, interval=2500, timeout=step)
    timer.start()
    w.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(_preview())
