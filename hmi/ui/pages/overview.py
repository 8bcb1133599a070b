"""Overview page: per line, per machine a panel with state lamp, key values and comm health."""
from __future__ import annotations

import time

import math

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy,
                               QVBoxLayout, QWidget)

from collections.abc import Callable

from hmi.config import EquipmentConfig, TagConfig
from hmi.equipment.model import Quality
from widgets import theme
from hmi.ui.bridge import group_for_plot
from hmi.ui.i18n import plant_text, tag_label, tr_message
from widgets.retranslate import retext
from widgets.status_lamp import StatusLamp
from widgets.trend_plot import TrendPlot
from widgets.locale_format import format_time
from widgets.value_tile import ValueTile, format_value, quality_word
from hmi.config import PlantConfig
from hmi.services import Connector, MaintenanceSource, connect

MACHINE_STATES = {0: "idle", 1: "running", 2: "fault"}
TILE_COLUMNS = 3
STRIP_PENS = 4
STRIP_SPAN_S = 300.0


def tile_tags(eq: EquipmentConfig) -> list[TagConfig]:
    """Tags shown as tiles: numeric tags with a normal range, then measured values with a unit but no normal
    range (an X-ray tube's voltage: 0 while off), then counters (``*_count``)."""
    numeric = [t for t in eq.tags if t.type not in ("string", "bool") and t.name != "state"]
    ranged = [t for t in numeric if t.normal_range is not None]
    counters = [t for t in numeric if t.normal_range is None and t.name.endswith("_count")]
    measured = [t for t in numeric if t.normal_range is None and t.unit and not t.writable and t not in counters]
    return ranged + measured + counters


def strip_tags(eq: EquipmentConfig) -> list[TagConfig]:
    """The process values drawn in a machine's live strip: the first analogue tags with a normal range."""
    return [t for t in tile_tags(eq) if t.normal_range is not None and t.type.startswith("float")][:STRIP_PENS]


def setpoint_tags(eq: EquipmentConfig) -> list[TagConfig]:
    """Writable tags an operator may set from the overview (numbers and switches, not strings)."""
    return [t for t in eq.tags if t.writable and t.operator_setpoint and t.type != "string"]


class SetpointRow(QFrame):
    """One writable tag under a machine's tiles: name, current value, and a "Set…" button.

    Signals
    -------
    sig_set_requested(str)
        the Set… button was pressed; payload: tag key.
    """

    sig_set_requested = Signal(str)

    def __init__(self, tag: TagConfig, parent=None):
        super().__init__(parent)
        self.key = tag.key
        self.unit = tag.unit
        self.setObjectName("SetpointRow")
        self.setStyleSheet("QFrame#SetpointRow { background: transparent; }")
        self.tag = tag
        self._last: tuple | None = None
        self._why_not = ""
        name = QLabel(self)
        name.setProperty("role", "dim")
        name.setToolTip(f"{tag.key}\n{tag.description}".strip())
        self.value = QLabel("---", self)
        self.value.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        self.value.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.button = QPushButton(self)
        self.button.setObjectName(f"set_{tag.key}")
        self.button.setMinimumSize(72, 44)
        retext(self, lambda: name.setText(tag_label(tag.name)))
        retext(self, lambda: self.button.setText(self.tr("Set\u2026")))
        retext(self, lambda: self.button.setToolTip(self._why_not or self.tr(
            "Change {0} (needs the permission to write setpoints)").format(tag_label(tag.name))))
        self.button.clicked.connect(lambda: self.sig_set_requested.emit(self.key))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(name, 1)
        lay.addWidget(self.value)
        lay.addWidget(self.button)

    def set_allowed(self, allowed: bool, why_not: str = "") -> None:
        """May the user logged in write this setpoint?  When not, the button is disabled and says why."""
        self.button.setEnabled(allowed)
        self._why_not = why_not if not allowed else ""
        if not allowed and why_not:
            self.button.setToolTip(why_not)

    def retranslate_ui(self) -> None:
        if self._last is not None:
            self.set_value(*self._last)

    def set_value(self, value, quality) -> None:
        self._last = (value, quality)
        text = format_value(value, 0 if isinstance(value, int) else None)
        unit = plant_text(self.unit)
        unit = f" {unit}" if unit and not isinstance(value, bool) else ""
        self.value.setText(text + unit if quality == Quality.GOOD else f"{text}{unit} ({quality_word(quality)})")
        self.value.setStyleSheet("" if quality == Quality.GOOD else f"color: {theme.TEXT_DISABLED};")


def _clock(ts: float | None) -> str:
    return format_time(ts) if ts else QCoreApplication.translate("MachinePanel", "never")


class MachinePanel(QFrame):
    """One machine: name, state lamp, value tiles, communication health.

    Signals
    -------
    sig_tag_activated(str)
        a tile of a read-only tag was clicked; payload: tag key.
    sig_setpoint_requested(str)
        a writable tag's "Set…" button (or its tile) was pressed; payload: tag key.
    """

    sig_tag_activated = Signal(str)
    sig_setpoint_requested = Signal(str)

    def __init__(self, eq: EquipmentConfig, parent=None, *, clock=time.time):
        super().__init__(parent)
        self.eq = eq
        self.setProperty("role", "panel")
        self.setObjectName(f"panel_{eq.id}")
        self.connected: bool | None = None
        self._state_value = None
        self._state_quality = None
        self._status = None

        title = QLabel(self)
        retext(self, lambda: title.setText(plant_text(eq.name)))
        title.setProperty("role", "title")
        title.setToolTip(f"{eq.id} ({eq.kind})\n{eq.description}".strip())
        self.lamp = StatusLamp(parent=self)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.lamp)

        self.tiles: dict[str, ValueTile] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, t in enumerate(tile_tags(eq)):
            decimals = 0 if t.name.endswith("_count") else None
            tile = ValueTile(t.key, "", "", t.normal_range, t.description, decimals, self)
            retext(self, lambda tile=tile, t=t: tile.set_label(tag_label(t.name), plant_text(t.unit),
                                                               plant_text(t.description)))
            tile.sig_clicked.connect(self.sig_setpoint_requested if t.writable and t.operator_setpoint
                                     else self.sig_tag_activated)
            self.tiles[t.key] = tile
            grid.addWidget(tile, i // TILE_COLUMNS, i % TILE_COLUMNS)

        self.setpoints: dict[str, SetpointRow] = {}
        sp_box = QVBoxLayout()
        sp_box.setSpacing(4)
        for t in setpoint_tags(eq):
            if t.key in self.tiles:
                continue
            row = SetpointRow(t, self)
            row.sig_set_requested.connect(self.sig_setpoint_requested)
            self.setpoints[t.key] = row
            sp_box.addWidget(row)

        # live strip: the last 10 minutes of the key process values, each against its normal range
        self.strip = TrendPlot(self, span_s=STRIP_SPAN_S, toolbar=False, capacity=20_000,
                               legend_columns=2, clock=clock)  # the plant's time (simulated in the demo)
        self.strip.setObjectName(f"strip_{eq.id}")
        self.strip.setMinimumHeight(230)
        self.strip.setMaximumHeight(260)
        for t in strip_tags(eq):
            self.strip.add_pen(t.key, "", "", normal_range=t.normal_range, description=t.description)
            retext(self, lambda t=t: self.strip.set_pen_label(t.key, tag_label(t.name), plant_text(t.unit)))
        self.strip.set_normalised(True)
        self.strip_keys = frozenset(self.strip.pens())

        # the forecast's advice for this machine's values (from the maintenance scorer), with the setpoint it names
        self.advice = QLabel(self)
        self.advice.setObjectName(f"advice_{eq.id}")
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet(f"background: {theme.ABNORMAL_BG}; padding: 4px 6px;")
        self.advice.hide()
        self.advice_btn = QPushButton(self)
        self.advice_btn.setObjectName(f"advice_set_{eq.id}")
        self.advice_btn.setMinimumHeight(44)
        self.advice_btn.hide()
        self.advice_btn.clicked.connect(lambda: self._advice_setpoint and self.sig_setpoint_requested.emit(
            self._advice_setpoint))
        self._advice: tuple = ()
        self._advice_setpoint: str | None = None
        self._advice_allowed: tuple[bool, str] = (True, "")

        self.comm = QLabel(self)
        self.comm.setProperty("role", "dim")
        self.comm.setWordWrap(True)
        self.comm.setTextInteractionFlags(Qt.TextSelectableByMouse)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(8)
        lay.addLayout(head)
        lay.addLayout(grid)
        lay.addLayout(sp_box)
        lay.addWidget(self.advice)
        lay.addWidget(self.advice_btn)
        lay.addWidget(self.strip)
        lay.addWidget(self.comm)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        self.retranslate_ui()

    def show_advice(self, advice: tuple) -> None:
        """The forecast advice of this machine's values (:class:`~hmi.maintenance.advice.ProcessAdvice`, soonest
        first): up to two lines, and a button that opens the setpoint the first one names."""
        self._advice = tuple(advice)
        self.advice.setText("\n".join(self.tr("Forecast: {0}").format(tr_message(a.text())) for a in self._advice[:2]))
        self.advice.setVisible(bool(self._advice))
        first = next((a for a in self._advice if a.setpoint and a.change), None)
        self._advice_setpoint = first.setpoint if first is not None else None
        if first is not None:
            sp = next((t for t in self.eq.tags if t.key == first.setpoint), None)
            label = tag_label(sp.name) if sp is not None else first.setpoint
            self.advice_btn.setText(self.tr("Set {0}…").format(label))
        self.advice_btn.setVisible(first is not None)
        self.set_advice_allowed(*self._advice_allowed)

    def set_advice_allowed(self, allowed: bool, why_not: str = "") -> None:
        self._advice_allowed = (allowed, why_not)
        self.advice_btn.setEnabled(allowed)
        self.advice_btn.setToolTip("" if allowed else why_not)

    def retranslate_ui(self) -> None:
        """Texts made from data, in the UI language: the communication line and the state lamp."""
        self.show_advice(self._advice)
        if self._status is None:
            self.comm.setText(self.tr("Communication: waiting for first status"))
        else:
            self.apply_status(self._status)
        self._update_lamp()

    # ------------------------------------------------------------------ updates
    def apply_sample(self, s) -> None:
        row = self.setpoints.get(s.tag)
        if row is not None:
            row.set_value(s.value, s.quality)
        tile = self.tiles.get(s.tag)
        if tile is not None:
            value = s.value
            if self.connected is False and s.quality == Quality.GOOD:
                return  # a stale GOOD sample must not hide the comm failure
            tile.set_value(value, int(s.quality), s.error)
        if s.tag == f"{self.eq.id}.state":
            self._state_value, self._state_quality = s.value, s.quality
            self._update_lamp()

    def apply_status(self, st) -> None:
        self._status = st
        was = self.connected
        self.connected = bool(st.connected)
        if not st.connected:
            since = _clock(st.last_ok_ts)
            err = f" - {st.last_error}" if st.last_error else ""
            self.comm.setText("? " + self.tr("NO CONNECTION since {0}{1}  (reconnects: {2})").format(
                since, err, st.reconnects))
            self.comm.setStyleSheet(f"color: {theme.COMM_FAIL}; font-weight: bold;")
            for tile in self.tiles.values():
                if tile.state != "comm_fail":
                    tile.set_value(tile.value, Quality.COMM_FAIL, st.last_error)
        else:
            latency = st.last_latency_ms
            lat = f"{latency:.0f} ms" if isinstance(latency, (int, float)) and not math.isnan(latency) else "-"
            err = "  ·  " + self.tr("last error: {0}").format(st.last_error) if st.last_error else ""
            self.comm.setText(self.tr("Connected  ·  latency {0}  ·  reconnects {1}  ·  reads ok {2} / failed {3}").format(
                lat, st.reconnects, st.reads_ok, st.reads_failed) + err)
            self.comm.setStyleSheet("")
        if was is not None and was != self.connected:
            self._update_lamp()
        elif was is None:
            self._update_lamp()

    def refresh_from(self, latest: dict) -> None:
        for key in list(self.tiles) + list(self.setpoints) + [f"{self.eq.id}.state"]:
            s = latest.get(key)
            if s is not None:
                self.apply_sample(s)

    def _update_lamp(self) -> None:
        if self.connected is False or self._state_quality == Quality.COMM_FAIL:
            self.lamp.set_state("comm_fail")
        elif self._state_quality == Quality.GOOD and self._state_value is not None:
            try:
                code = int(self._state_value)
            except (TypeError, ValueError):
                code = -1
            state = MACHINE_STATES.get(code)
            if state is None:
                self.lamp.set_state("fault", self.tr("STATE {0}?").format(code))
            else:
                self.lamp.set_state(state)
        elif self._state_quality is not None:
            self.lamp.set_state("unknown", self.tr("STATE BAD"))
        else:
            self.lamp.set_state("unknown")


class OverviewPage(QWidget):
    """All lines and machines at a glance.

    Signals
    -------
    sig_tag_activated(str)
        a value tile was clicked (the main window opens the tag on the Trends page); payload: tag key.
    sig_setpoint_requested(str)
        a writable tag's "Set…" button or tile was pressed (the main window opens the setpoint
        dialog); payload: tag key.
    """

    sig_tag_activated = Signal(str)
    sig_setpoint_requested = Signal(str)

    CONNECTORS = (Connector("plant", PlantConfig), Connector("clock", Callable, optional=True),
                  Connector("maintenance", MaintenanceSource, optional=True))

    def __init__(self, runtime, bridge, parent=None):
        super().__init__(parent)
        self.runtime = runtime = connect(self, runtime)
        self.bridge = bridge
        self.panels: dict[str, MachinePanel] = {}
        self._tag_panel: dict[str, MachinePanel] = {}
        self.kpi_strips: dict[str, object] = {}  # line id -> widgets.kpi_strip.KpiStrip (attach_kpis)
        self._line_boxes: dict[str, QVBoxLayout] = {}

        content = QWidget()
        outer = QVBoxLayout(content)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(12)
        for line in runtime.plant.lines:
            head = QLabel(content)
            retext(self, lambda head=head, line=line: head.setText(plant_text(line.name)))
            head.setProperty("role", "header")
            outer.addWidget(head)
            self._line_boxes[line.id] = QVBoxLayout()
            outer.addLayout(self._line_boxes[line.id])
            grid = QGridLayout()
            grid.setSpacing(12)
            for i, eq in enumerate(line.equipment):
                panel = MachinePanel(eq, content, clock=runtime.clock or time.time)
                panel.sig_tag_activated.connect(self.sig_tag_activated)
                panel.sig_setpoint_requested.connect(self.sig_setpoint_requested)
                self.panels[eq.id] = panel
                for t in eq.tags:
                    self._tag_panel[t.key] = panel
                grid.addWidget(panel, i // 2, i % 2, Qt.AlignTop)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            outer.addLayout(grid)
        outer.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)

        bridge.sig_samples.connect(self.on_samples)
        bridge.sig_status.connect(self.on_status)
        self._write_rights: tuple[bool, str] = (True, "")
        self.write_rights_source = None  # () -> (allowed, why_not), set by the main window
        for panel in self.panels.values():
            panel.refresh_from(bridge.latest)
        # the maintenance scorer's forecast advice, read from its snapshot (cheap) once a second
        self.scorer = runtime.maintenance
        self._advice_timer = QTimer(self)
        self._advice_timer.setInterval(1000)
        self._advice_timer.timeout.connect(self.refresh_advice)
        if self.scorer is not None:
            self._advice_timer.start()
            self.refresh_advice()

    def refresh_advice(self) -> None:
        """Every machine panel shows its values' forecast advice (or nothing)."""
        snap = self.scorer.snapshot() if self.scorer is not None else {}
        for eq_id, panel in self.panels.items():
            h = snap.get(eq_id)
            advice = h.advice if h is not None else ()
            if advice != panel._advice:
                panel.show_advice(advice)

    def attach_kpis(self, feed, on_click=None) -> None:
        """Show a compact KPI strip (current shift against target) under each line's header, fed by
        ``feed`` (:class:`hmi.ui.pages.kpi.KpiFeed`); ``on_click(kpi_name)`` when a cell is pressed."""
        from widgets.kpi_strip import KpiStrip

        for line_id in feed.lines:
            strip = KpiStrip(self)
            strip.set_message(self.tr("KPIs of the current shift: waiting for the first computation")
                              if feed.available else self.tr("KPIs need the plant database"))
            self._kpi_feed = feed
            if on_click is not None:
                strip.sig_clicked.connect(on_click)
            self._line_boxes[line_id].addWidget(strip)
            self.kpi_strips[line_id] = strip
        feed.sig_result.connect(self.on_kpi_result)  # a bound slot: disconnected when this page goes
        for line_id, result in getattr(feed, "latest", {}).items():  # a rebuilt page shows the last result
            self.on_kpi_result(line_id, result)

    def retranslate_ui(self) -> None:
        feed = getattr(self, "_kpi_feed", None)
        if feed is None:
            return
        for line_id, strip in self.kpi_strips.items():
            result = getattr(feed, "latest", {}).get(line_id)
            if result is not None:
                self.on_kpi_result(line_id, result)
            else:
                strip.set_message(self.tr("KPIs of the current shift: waiting for the first computation")
                                  if feed.available else self.tr("KPIs need the plant database"))

    def on_kpi_result(self, line_id: str, result) -> None:
        """A line's KPIs (:class:`hmi.kpi.service.LineKpis`) from the feed into its strip."""
        from hmi.ui.pages.kpi import strip_cells

        strip = self.kpi_strips.get(line_id)
        if strip is not None:
            strip.set_cells(strip_cells(result), (result.targets or {}).get("weighted_achievement"),
                            self.tr("current shift so far"))

    def on_alarms(self, snapshot) -> None:
        """An alarm snapshot (:class:`~hmi.ui.alarm_bridge.AlarmSnapshot`): every tile shows the most severe
        active alarm of its tag (HIHI beats HI)."""
        worst = snapshot.worst_by_tag if snapshot is not None else {}
        for panel in self.panels.values():
            for key, tile in panel.tiles.items():
                v = worst.get(key)
                tile.set_alarm(v.kind if v else None, v.priority if v else None)

    def sync_write_rights(self, *_user) -> None:
        """Ask ``write_rights_source() -> (allowed, why_not)`` (set by the main window) and apply it."""
        src = getattr(self, "write_rights_source", None)
        if src is not None:
            self.set_write_rights(*src())

    def set_write_rights(self, allowed: bool, why_not: str = "") -> None:
        """Whether the user logged in may write setpoints (the main window calls this on every log-in/out): the
        Set… buttons are disabled with the reason before anyone opens a dialog."""
        self._write_rights = (allowed, why_not)
        for panel in self.panels.values():
            for row in panel.setpoints.values():
                row.set_allowed(allowed, why_not)
            panel.set_advice_allowed(allowed, why_not)

    def on_samples(self, samples: list) -> None:
        last = {}
        for s in samples:  # only the newest sample per tag matters on this page
            last[s.tag] = s
        for tag, s in last.items():
            panel = self._tag_panel.get(tag)
            if panel is not None:
                panel.apply_sample(s)
        for panel in self.panels.values():
            for tag, (ts, vs) in group_for_plot(samples, panel.strip_keys).items():
                panel.strip.append(tag, ts, vs)

    def on_status(self, status: dict) -> None:
        for eq_id, st in status.items():
            panel = self.panels.get(eq_id)
            if panel is None:
                continue
            was = panel.connected
            panel.apply_status(st)
            if was is False and panel.connected:
                panel.refresh_from(self.bridge.latest)
