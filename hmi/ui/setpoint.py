"""Setpoint dialog for a writable tag: keypad entry, current value, limits, confirm, guarded write.

The write goes through ``runtime.access.guarded_write`` (role check, audit, read-back) on a worker
thread; the dialog then shows the read-back value, the write failure, or the refusal message
(e.g. "operator 'kim' may not write setpoints (engineer and up)").  Nothing reaches the device
unless the logged-in user may write setpoints and confirmed the value.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from hmi.equipment.model import Quality
from hmi.security.access import PermissionDenied, WriteFailed
from hmi.ui.alarm_bridge import run_async
from hmi.ui.i18n import tr_message
from hmi.ui.login import error_style, ok_style, role_text
from widgets import theme
from widgets.keypad import Keypad
from widgets.value_tile import format_value
from hmi.config import PlantConfig
from hmi.services import AccessGate, Connector, LiveData, connect
from hmi.ui.layout import hbox

TOUCH_PX = 44
_RAW_RANGE = {"int16": (-(1 << 15), (1 << 15) - 1), "uint16": (0, (1 << 16) - 1),
              "int32": (-(1 << 31), (1 << 31) - 1), "uint32": (0, (1 << 32) - 1)}
_F32_MAX = 3.4028234663852886e38


def tag_limits(tag) -> tuple[float, float] | None:
    """What may be written: the tag's engineering write limits (the plant file's ``write_limits``), else what its
    register type can hold (None for bool / string / float64 without write limits)."""
    wl = getattr(tag, "write_limits", None)
    if wl is not None:
        return (wl.min, wl.max)
    if tag.type in _RAW_RANGE:
        lo, hi = _RAW_RANGE[tag.type]
        a, b = lo * tag.scale + tag.offset, hi * tag.scale + tag.offset
        return (min(a, b), max(a, b))
    if tag.type == "float32":
        return (-_F32_MAX * abs(tag.scale) + tag.offset, _F32_MAX * abs(tag.scale) + tag.offset)
    return None


def tag_decimals(tag) -> int | None:
    """Decimals an integer register can carry after scaling (scale 1: 0, scale 0.01: 2); None for floats."""
    if tag.type not in _RAW_RANGE:
        return None
    s = abs(tag.scale)
    if s >= 1 and float(s).is_integer():
        return 0
    return max(0, min(6, -int(math.floor(math.log10(s)))))


def format_limit(tag, v: float) -> str:
    """A limit with the decimals the tag can carry ("65 535", "327.67", "3.4e+38")."""
    dec = tag_decimals(tag)
    if dec == 0:
        return format_value(int(round(v)))
    if dec is not None:
        return format_value(v, dec)
    return f"{v:.3g}" if abs(v) >= 1e6 else format_value(v)



def parse_value(tag, text: str):
    """The value to write for ``text``; raises ValueError with a message for the operator."""
    text = (text or "").strip().replace(",", ".")
    if tag.type == "bool":
        if text.upper() in ("ON", "1", "TRUE"):
            return True
        if text.upper() in ("OFF", "0", "FALSE"):
            return False
        raise ValueError(QCoreApplication.translate("SetpointDialog", "choose ON or OFF"))
    if not text or text in ("-", "."):
        raise ValueError(QCoreApplication.translate("SetpointDialog", "type a value"))
    try:
        v = float(text)
    except ValueError:
        raise ValueError(QCoreApplication.translate("SetpointDialog", "{0} is not a number").format(repr(text))) from None
    if not math.isfinite(v):
        raise ValueError(QCoreApplication.translate("SetpointDialog", "type a finite number"))
    lim = tag_limits(tag)
    unit = f" {tag.unit}" if tag.unit else ""
    if lim is not None and not lim[0] <= v <= lim[1]:
        raise ValueError(QCoreApplication.translate("SetpointDialog", "{0} is outside the limits {1} \u2026 {2}").format(
            f"{format_value(v)}{unit}", format_limit(tag, lim[0]), f"{format_limit(tag, lim[1])}{unit}"))
    dec = tag_decimals(tag)
    if dec is not None:
        if round(v, dec) != v:
            raise ValueError((QCoreApplication.translate("SetpointDialog", "this tag takes 1 decimal at most") if dec == 1 else
                              QCoreApplication.translate("SetpointDialog", "this tag takes {0} decimals at most").format(dec)) if dec else
                             QCoreApplication.translate("SetpointDialog", "this tag takes whole numbers only"))
        if dec == 0 and tag.scale == 1 and tag.offset == 0:
            return int(v)
    return v


class SetpointDialog(QDialog):
    """Write one writable tag.

    ``SetpointDialog(runtime, session, tag_key, bridge=None, parent=None)``: ``session`` a
    :class:`~hmi.ui.login.SessionManager`; ``bridge`` a :class:`~hmi.ui.bridge.SampleBridge` (live
    current value; else ``runtime.latest()``).  For tests: ``value_edit`` / ``choose(True)``,
    :meth:`request_write`, :meth:`confirm`.

    Signals
    -------
    sig_written(str, object)
        the write succeeded; payload: tag key, read-back value.
    sig_refused(str)
        refused (permission) or failed (value, device); payload: the message shown.
    """

    sig_written = Signal(str, object)
    sig_refused = Signal(str)

    CONNECTORS = (Connector("plant", PlantConfig), Connector("live", LiveData),
                  Connector("access", AccessGate, optional=True))

    def __init__(self, runtime, session, tag_key: str, bridge=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.runtime = runtime = connect(self, runtime)
        self.session = session
        self.tag = runtime.plant.tag(tag_key)
        self.key = tag_key
        self.bridge = bridge
        self.busy = False
        self.pending_value = None
        self.current = None
        self.is_bool = self.tag.type == "bool"
        self.setWindowTitle(self.tr("Set {0}").format(self.tag.name.replace('_', ' ')))
        self.setModal(True)
        self.setMinimumWidth(440)
        unit = f" {self.tag.unit}" if self.tag.unit else ""
        self.unit = unit

        title = QLabel(self.tag.description or self.tag.name.replace("_", " ").capitalize(), self)
        title.setProperty("role", "title")
        title.setWordWrap(True)
        sub = QLabel(f"{tag_key}", self)
        sub.setProperty("role", "dim")
        self.current_label = QLabel("", self)
        self.current_label.setObjectName("setpoint_current")
        self.current_label.setStyleSheet(f"font-size: {theme.FONT_SIZE_LARGE}px; font-weight: bold;")
        lim = tag_limits(self.tag)
        parts = []
        wl = self.tag.write_limits
        if lim is not None and (self.tag.type != "float32" or wl is not None):
            parts.append(self.tr("limits {0} \u2026 {1}").format(format_limit(self.tag, lim[0]),
                                                                   f"{format_limit(self.tag, lim[1])}{unit}"))
        if wl is not None and wl.max_step is not None:
            parts.append(self.tr("at most \u00b1{0} per write").format(f"{format_limit(self.tag, wl.max_step)}{unit}"))
        if self.tag.normal_range:
            lo, hi = self.tag.normal_range
            parts.append(self.tr("normal range {0} \u2026 {1}").format(format_value(lo), f"{format_value(hi)}{unit}"))
        dec = tag_decimals(self.tag)
        if dec == 0:
            parts.append(self.tr("whole numbers"))
        elif dec:
            parts.append(self.tr("up to {0} decimals").format(dec))
        self.limits_label = QLabel(" \u00b7 ".join(parts) if parts else (self.tr("ON or OFF") if self.is_bool else ""),
                                   self)
        self.limits_label.setObjectName("setpoint_limits")
        self.limits_label.setProperty("role", "dim")
        self.limits_label.setWordWrap(True)

        # ---------------------------------------------------------------- entry page
        self.pages = QStackedWidget(self)
        entry = QWidget()
        el = QVBoxLayout(entry)
        el.setContentsMargins(0, 0, 0, 0)
        self.value_edit = QLineEdit(entry)
        self.value_edit.setObjectName("setpoint_value")
        self.value_edit.setMinimumHeight(56)
        self.value_edit.setAlignment(Qt.AlignRight)
        self.value_edit.setFont(theme.font(theme.FONT_SIZE_VALUE, bold=True))
        self.value_edit.setStyleSheet(f"font-size: {theme.FONT_SIZE_VALUE}px; font-weight: bold;")
        self.value_edit.setPlaceholderText(self.tr("new value"))
        self.value_edit.returnPressed.connect(self.request_write)
        self.keypad = None
        self.on_button = self.off_button = None
        if self.is_bool:
            row = QHBoxLayout()
            group = QButtonGroup(self)
            self.on_button = QPushButton(self.tr("ON"), entry)
            self.off_button = QPushButton(self.tr("OFF"), entry)
            for b in (self.on_button, self.off_button):
                b.setCheckable(True)
                b.setMinimumSize(120, 64)
                b.setFont(theme.font(theme.FONT_SIZE_VALUE, bold=True))
                group.addButton(b)
                row.addWidget(b)
            self.on_button.clicked.connect(lambda: self.choose(True))
            self.off_button.clicked.connect(lambda: self.choose(False))
            self.value_edit.hide()
            el.addLayout(row)
        else:
            decimal = dec is None or dec > 0
            sign = lim is None or lim[0] < 0
            self.keypad = Keypad(entry, decimal=decimal, sign=sign, enter_text=self.tr("Write\u2026"))
            self.keypad.set_target(self.value_edit)
            self.keypad.sig_enter.connect(self.request_write)
            el.addWidget(self.value_edit)
            el.addWidget(self.keypad)
        self.write_button = QPushButton(self.tr("Write\u2026"), entry)
        self.write_button.setObjectName("setpoint_write")
        self.write_button.setMinimumSize(130, TOUCH_PX)
        self.write_button.clicked.connect(self.request_write)
        if not self.is_bool:
            self.write_button.hide()  # the keypad's Enter key is the write button
        el.addWidget(self.write_button, 0, Qt.AlignRight)
        self.pages.addWidget(entry)

        # ---------------------------------------------------------------- confirm page
        confirm = QWidget()
        cl = QVBoxLayout(confirm)
        cl.setContentsMargins(0, 0, 0, 0)
        self.confirm_label = QLabel("", confirm)
        self.confirm_label.setObjectName("setpoint_confirm_text")
        self.confirm_label.setWordWrap(True)
        self.confirm_label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.confirm_label.setStyleSheet(f"border: 2px solid {theme.TEXT}; padding: 12px; border-radius: 3px;")
        back = QPushButton(self.tr("Back"), confirm)
        back.setObjectName("setpoint_back")
        self.confirm_button = QPushButton(self.tr("Confirm write"), confirm)
        self.confirm_button.setObjectName("setpoint_confirm")
        for b in (back, self.confirm_button):
            b.setMinimumSize(150, 56)
            b.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        back.clicked.connect(self.back)
        self.confirm_button.clicked.connect(self.confirm)
        cl.addWidget(self.confirm_label)
        cl.addStretch(1)
        cl.addLayout(hbox(back, None, self.confirm_button))
        self.pages.addWidget(confirm)

        self.message = QLabel("", self)
        self.message.setObjectName("setpoint_message")
        self.message.setWordWrap(True)
        self.message.hide()
        close = QPushButton(self.tr("Close"), self)
        close.setMinimumSize(110, TOUCH_PX)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        self.user_label = QLabel("", self)
        self.user_label.setProperty("role", "dim")
        bottom.addWidget(self.user_label, 1)
        bottom.addWidget(close)

        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(sub)
        lay.addWidget(self.current_label)
        lay.addWidget(self.limits_label)
        lay.addWidget(self.pages)
        lay.addWidget(self.message)
        lay.addLayout(bottom)

        self._update_user()
        if session is not None:
            session.sig_user_changed.connect(self._update_user)
        self._load_current()
        if bridge is not None:
            bridge.sig_samples.connect(self._on_samples)

    # ------------------------------------------------------------------ current value
    def _load_current(self) -> None:
        latest = self.bridge.latest if self.bridge is not None else None
        if latest is None:
            try:
                latest = self.runtime.live.latest()
            except Exception:  # noqa: BLE001
                latest = {}
        s = latest.get(self.key)
        self._show_current(s)

    def _on_samples(self, samples: list) -> None:
        for s in reversed(samples):
            if s.tag == self.key:
                self._show_current(s)
                break

    def _show_current(self, s) -> None:
        if s is None:
            self.current = None
            self.current_label.setText(self.tr("Current value: no data yet"))
            return
        if s.quality != Quality.GOOD:
            q = Quality(s.quality).name.replace("_", " ")
            self.current = None
            self.current_label.setText(self.tr("Current value: {0} (last {1})").format(
                q, f"{format_value(s.value)}{self.unit}"))
            return
        self.current = s.value
        self.current_label.setText(self.tr("Current value: {0}").format(f"{format_value(s.value)}{self.unit}"))

    def _update_user(self, *_):
        u = self.session.user if self.session is not None else None
        self.user_label.setText(self.tr("as {0} '{1}'").format(role_text(u.role), u.name) if u else
                                self.tr("not logged in"))

    # ------------------------------------------------------------------ flow
    def choose(self, on: bool) -> None:
        self.value_edit.setText("ON" if on else "OFF")
        if self.on_button is not None:
            (self.on_button if on else self.off_button).setChecked(True)

    def _show(self, text: str, error: bool) -> None:
        self.message.setText(("\u26d4 " if error else "\u2714 ") + text)
        self.message.setStyleSheet(error_style() if error else ok_style())
        self.message.show()

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def request_write(self) -> bool:
        """Check the typed value and ask for confirmation."""
        if self.busy:
            return False
        try:
            v = parse_value(self.tag, self.value_edit.text())
        except ValueError as exc:
            self._show(str(exc).capitalize(), error=True)
            return False
        wl = self.tag.write_limits
        if wl is not None and wl.max_step is not None and self.current is not None and not isinstance(v, bool) \
                and abs(float(v) - float(self.current)) > wl.max_step + 1e-9:
            self._show(self.tr("{0} is more than {1} away from the current {2}: change it in steps").format(
                f"{format_value(v)}{self.unit}", f"{format_limit(self.tag, wl.max_step)}{self.unit}",
                f"{format_value(self.current)}{self.unit}"), error=True)
            return False
        self.pending_value = v
        shown = format_value(v)
        target = self.tag.description or self.key
        if self.current is None:
            text = self.tr("Write {0} to \u201c{1}\u201d?").format(f"{shown}{self.unit}", target)
        else:
            text = self.tr("Write {0} to \u201c{1}\u201d (now {2})?").format(
                f"{shown}{self.unit}", target, f"{format_value(self.current)}{self.unit}")
        self.confirm_label.setText(text)
        self.message.hide()
        self.pages.setCurrentIndex(1)
        return True

    def back(self) -> None:
        self.pages.setCurrentIndex(0)

    def confirm(self) -> bool:
        """Send the confirmed value through ``access.guarded_write`` on a worker."""
        if self.busy or self.pending_value is None:
            return False
        access = self.runtime.access
        if access is None:
            self._show(self.tr("No user database on this station: writes are not possible."), error=True)
            return False
        user = self.session.user if self.session is not None else None
        value, before = self.pending_value, self.current
        self.busy = True
        self.confirm_button.setEnabled(False)
        self._show(self.tr("Writing\u2026 waiting for the read-back"), error=False)
        run_async(access.guarded_write, user, self.key, value, self.runtime.live.write, before=before,
                  on_done=self._written, on_error=self._failed)
        return True

    def _written(self, read_back) -> None:
        self.busy = False
        self.confirm_button.setEnabled(True)
        self.pages.setCurrentIndex(0)
        self.value_edit.clear()
        self._show(self.tr("Written: read back {0}").format(f"{format_value(read_back)}{self.unit}"), error=False)
        self.sig_written.emit(self.key, read_back)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.confirm_button.setEnabled(True)
        self.pages.setCurrentIndex(0)
        if isinstance(exc, PermissionDenied):
            text = self.tr("Refused: {0}").format(tr_message(exc))
        elif isinstance(exc, WriteFailed):
            text = str(exc)
        else:
            text = self.tr("Write failed: {0}").format(exc)
        self._show(text, error=True)
        self.sig_refused.emit(text)

    def done(self, r: int) -> None:  # noqa: D401 - QDialog.done
        if self.bridge is not None:
            try:
                self.bridge.sig_samples.disconnect(self._on_samples)
            except (RuntimeError, TypeError):
                pass
        super().done(r)
