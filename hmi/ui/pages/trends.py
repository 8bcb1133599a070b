"""Trends page: tag picker, TrendPlot, Live/Pause/span, history from the historian, CSV export.

Historian calls (10-500 ms) run on a one-thread executor; results come back to the GUI thread
through a queued signal and are dropped when a newer request was made meanwhile.

The status line: an export's "exporting…" / "exported …" outranks the routine history messages.
A history load the view asked for before an export finished (a scroll during the export, or one
still in the debounce or the worker queue) leaves the status line alone, also when its request or
result comes after the export's result (which would otherwise be overwritten by a stale message);
one asked for after the export finished reports as usual.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from collections.abc import Callable

from hmi.config import PlantConfig, TagConfig
from hmi.equipment.model import Quality
from hmi.ui.bridge import group_for_plot
from hmi.ui.i18n import plant_text, tag_label
from widgets.retranslate import retext
from widgets import theme
from widgets.trend_plot import TrendPlot
from hmi.services import Connector, HistorianReader, connect

log = logging.getLogger(__name__)

DEFAULT_PENS = ("press1.bushing_temp", "press1.vibration_rms", "press1.tonnage",
                "caster1.melt_temp", "caster1.die_temp", "caster1.pressure")
MAX_DEFAULT_PENS = 6
HISTORY_DEBOUNCE_MS = 150
KEY_ROLE = Qt.UserRole + 1
#: forecast horizons offered (s) and how often a shown forecast is computed again (wall-clock ms)
FORECAST_HORIZONS_S = (600.0, 1800.0, 3600.0)
FORECAST_REFRESH_MS = 10_000
FORECAST_REFRESH_MIN_MS = 1_000
#: history a forecast is fitted on: this many horizons back, at least two hours
FORECAST_HISTORY_HORIZONS = 6
FORECAST_MIN_HISTORY_S = 7200.0
FORECAST_MIN_POINTS = 30


def trendable(tag: TagConfig) -> bool:
    return tag.type != "string"


def default_pens(plant: PlantConfig) -> list[str]:
    keys = {t.key for t in plant.tags}
    chosen = [k for k in DEFAULT_PENS if k in keys]
    if not chosen:
        chosen = [t.key for t in plant.tags if t.normal_range is not None][:MAX_DEFAULT_PENS]
    return chosen[:MAX_DEFAULT_PENS]


class _Results(QObject):
    """Lives on the GUI thread; emitted from worker threads, so delivery is queued."""

    sig_history = Signal(int, object)          # request id, dict[str, Series] | Exception
    sig_exported = Signal(str, object)         # path, rows written (int) | Exception
    sig_forecast = Signal(int, str, object)    # request id, tag, (Forecast, TagCrossing | None) | Exception


class TrendsPage(QWidget):
    """Signals
    -------
    sig_history_loaded(int)
        history for a request arrived and was handed to the plot; payload: number of tags.
    sig_forecast_ready(str)
        the chosen tag's forecast was computed and drawn (or could not be: the advice line says why); payload:
        the tag.
    sig_export_done(str, int)
        a CSV export finished; payload: path, rows written (-1 on failure).
    """

    sig_history_loaded = Signal(int)
    sig_export_done = Signal(str, int)
    sig_forecast_ready = Signal(str)

    CONNECTORS = (Connector("plant", PlantConfig), Connector("historian", HistorianReader, optional=True),
                  Connector("clock", Callable, optional=True), Connector("time_scale", float, optional=True))

    def __init__(self, runtime, bridge, parent=None):
        super().__init__(parent)
        self.runtime = runtime = connect(self, runtime)
        self.bridge = bridge
        self.plant: PlantConfig = runtime.plant
        self._tags = {t.key: t for t in self.plant.tags if trendable(t)}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trends-historian")
        self._results = _Results(self)
        self._results.sig_history.connect(self._on_history)
        self._results.sig_exported.connect(self._on_exported)
        self._results.sig_forecast.connect(self._on_forecast)
        self._forecast_rid = 0
        self._forecast_busy = False
        self._request_id = 0
        self._exporting = False
        #: exports finished so far; a history load writes the status line only when no export
        #: finished since the view asked for it (its message would be stale and hide the export's result)
        self._exports_finished = 0
        self._request_exports_finished = 0
        self._closed = False
        #: (t0, t1, width_px, exports finished when the view asked) of the next history query
        self._pending: tuple[float, float, int, int] | None = None
        self._debounce = QTimer(self, singleShot=True, interval=HISTORY_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._load_history)

        # ---------------------------------------------------------------- tag picker
        self.tree = QTreeWidget(self)
        retext(self, lambda: self.tree.setHeaderLabels([self.tr("Tag"), self.tr("Unit")]))
        self.tree.setMinimumWidth(300)
        self._items: dict[str, QTreeWidgetItem] = {}
        for line in self.plant.lines:
            li = QTreeWidgetItem(self.tree)
            retext(self, lambda li=li, line=line: li.setText(0, plant_text(line.name)))
            li.setFlags(li.flags() & ~Qt.ItemIsSelectable)
            for eq in line.equipment:
                ei = QTreeWidgetItem(li)
                retext(self, lambda ei=ei, eq=eq: ei.setText(0, plant_text(eq.name)))
                ei.setFlags(ei.flags() & ~Qt.ItemIsSelectable)
                for t in eq.tags:
                    if not trendable(t):
                        continue
                    ti = QTreeWidgetItem(ei)
                    retext(self, lambda ti=ti, t=t: (ti.setText(0, tag_label(t.name)), ti.setText(1, plant_text(t.unit))))
                    ti.setData(0, KEY_ROLE, t.key)
                    ti.setToolTip(0, f"{t.key}\n{t.description}".strip())
                    ti.setFlags(ti.flags() | Qt.ItemIsUserCheckable)
                    ti.setCheckState(0, Qt.Unchecked)
                    self._items[t.key] = ti
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)

        # ---------------------------------------------------------------- plot + export
        self.plot = TrendPlot(self, clock=runtime.clock or time.time)  # the plant's time (simulated in the demo)
        self.btn_export = QPushButton(self)
        retext(self, lambda: self.btn_export.setText(self.tr("Export visible range to CSV…")))
        self.btn_export.clicked.connect(self.export_dialog)
        self.status = QLabel("", self)
        self.status.setProperty("role", "dim")
        if runtime.historian is None:
            self.btn_export.setEnabled(False)
            retext(self, lambda: self.btn_export.setToolTip(self.tr("no historian configured (live data only)")))
        self.plot.toolbar.addWidget(self.btn_export)
        # forecast: one tag at a time, its expected course and 90 % band drawn ahead of now, and in words
        self.fc_label = QLabel(self)
        retext(self, lambda: self.fc_label.setText(self.tr("Forecast:")))
        self.fc_tag = QComboBox(self)
        self.fc_tag.setMinimumWidth(180)
        self.fc_horizon = QComboBox(self)
        for h in FORECAST_HORIZONS_S:
            self.fc_horizon.addItem("", h)
        self.fc_horizon.setCurrentIndex(1)
        retext(self, self._forecast_texts)
        self.plot.toolbar.addWidget(self.fc_label)
        self.plot.toolbar.addWidget(self.fc_tag)
        self.plot.toolbar.addWidget(self.fc_horizon)
        if runtime.historian is None:
            for w in (self.fc_tag, self.fc_horizon):
                w.setEnabled(False)
            retext(self, lambda: self.fc_tag.setToolTip(self.tr("no historian configured: nothing to forecast from")))
        self.fc_tag.currentIndexChanged.connect(self._forecast_choice_changed)
        self.fc_horizon.currentIndexChanged.connect(self._forecast_choice_changed)
        self.advice = QLabel("", self)
        self.advice.setWordWrap(True)
        self.advice.setVisible(False)
        self._fc_timer = QTimer(self)                 # its interval: forecast_refresh_ms()
        self._fc_timer.timeout.connect(self.request_forecast)

        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.plot, 1)
        rl.addWidget(self.advice)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        rl.addLayout(bottom)
        split = QSplitter(Qt.Horizontal, self)
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 1200])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(split)

        for key in default_pens(self.plant):
            self.add_tag(key)
        # the default pens mix units (°C, mm/s, t, bar): start normalised to their normal ranges
        units = {self._tags[k].unit for k in self.plot.pens()}
        self.plot.set_normalised(len(units) > 1)
        self.tree.itemChanged.connect(self._on_item_changed)
        self.plot.sig_history_needed.connect(self._on_history_needed)
        bridge.sig_samples.connect(self.on_samples)

    # ================================================================== pens
    def selected_tags(self) -> list[str]:
        return self.plot.pens()

    def add_tag(self, key: str) -> None:
        """Add a pen for ``key`` (checks it in the picker)."""
        t = self._tags.get(key)
        if t is None or self.plot.has_pen(key):
            return
        self.plot.add_pen(key, self._pen_label(t), plant_text(t.unit), normal_range=t.normal_range,
                          description=t.description)
        self._seed_latest(key)
        item = self._items.get(key)
        if item is not None:
            self.tree.blockSignals(True)
            item.setCheckState(0, Qt.Checked)
            item.setForeground(0, self._brush(self.plot.pen_colour(key)))
            self.tree.blockSignals(False)
        self._refill_forecast_tags()

    def remove_tag(self, key: str) -> None:
        self.plot.remove_pen(key)
        item = self._items.get(key)
        if item is not None:
            self.tree.blockSignals(True)
            item.setCheckState(0, Qt.Unchecked)
            item.setForeground(0, self._brush(theme.TEXT))
            self.tree.blockSignals(False)
        self._refill_forecast_tags()

    def show_tag(self, key: str) -> None:
        """Open ``key`` on this page (from an overview tile): add its pen and go Live."""
        self.add_tag(key)
        self.plot.set_live(True)

    @staticmethod
    def _pen_label(t: TagConfig) -> str:
        return f"{t.equipment_id} {tag_label(t.name)}"

    def retranslate_ui(self) -> None:
        """Pen names and units in the new language (the plot keeps its data, span and pens)."""
        for key in self.plot.pens():
            t = self._tags[key]
            self.plot.set_pen_label(key, self._pen_label(t), plant_text(t.unit))

    @staticmethod
    def _brush(colour: str):
        from PySide6.QtGui import QBrush, QColor

        return QBrush(QColor(colour))

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        key = item.data(0, KEY_ROLE)
        if not key or column != 0:
            return
        if item.checkState(0) == Qt.Checked:
            self.add_tag(key)
        else:
            self.remove_tag(key)

    def _seed_latest(self, key: str) -> None:
        s = self.bridge.latest.get(key)
        if s is not None:
            self.on_samples([s])

    # ================================================================== live data
    def on_alarms(self, snapshot) -> None:
        """An alarm snapshot: each pen's legend shows the most severe active alarm of its tag."""
        worst = snapshot.worst_by_tag if snapshot is not None else {}
        for key in self.plot.pens():
            v = worst.get(key)
            self.plot.set_pen_alarm(key, v.kind if v else None, v.priority if v else None)

    def on_samples(self, samples: list) -> None:
        """Group a batch per selected tag and append it to the plot (bad quality → NaN gap)."""
        for tag, (ts, vs) in group_for_plot(samples, set(self.plot.pens())).items():
            self.plot.append(tag, ts, vs)

    # ================================================================== history
    def _on_history_needed(self, t0: float, t1: float, width_px: int) -> None:
        if self.runtime.historian is None or self._closed:
            return
        self._pending = (t0, t1, width_px, self._exports_finished)
        self._debounce.start()  # restarts: one query ~150 ms after the user stops scrolling

    def _load_history(self) -> None:
        historian = self.runtime.historian
        if historian is None or self._pending is None or self._closed:
            return
        t0, t1, width, exports_finished = self._pending
        self._pending = None
        tags = self.plot.pens()
        if not tags:
            return
        self._request_id += 1
        rid = self._request_id
        self._request_exports_finished = exports_finished
        if self._history_may_set_status():
            self.status.setText(self.tr("loading history…"))
        emit = self._results.sig_history.emit

        def work():
            try:
                result = historian.query(tags, t0, t1, max_points=max(int(width), 100))
            except Exception as exc:  # noqa: BLE001 - reported on the page
                log.exception("historian query failed")
                result = exc
            try:
                emit(rid, result)
            except RuntimeError:  # the page was closed meanwhile
                pass

        self._executor.submit(work)

    def _history_may_set_status(self) -> bool:
        """Whether the current history request's result may write the status line (see module doc)."""
        return not self._exporting and self._request_exports_finished == self._exports_finished

    def _on_history(self, rid: int, result) -> None:
        if rid != self._request_id:
            return  # a newer request is on its way
        if isinstance(result, Exception):
            if self._history_may_set_status():
                self.status.setText(self.tr("history not available: {0}").format(result))
            return
        n = 0
        for tag, series in result.items():
            if not self.plot.has_pen(tag):
                continue
            ts = np.asarray(series.ts, dtype=float)
            quality = np.asarray(series.quality) if series.quality is not None else None
            value = np.asarray(series.value, dtype=float)
            vmin = np.asarray(series.vmin, dtype=float)
            vmax = np.asarray(series.vmax, dtype=float)
            if quality is not None and quality.shape == ts.shape:
                bad = quality != int(Quality.GOOD)
                if bad.any():
                    value, vmin, vmax = value.copy(), vmin.copy(), vmax.copy()
                    value[bad] = vmin[bad] = vmax[bad] = np.nan
            if getattr(series, "source", "") == "raw":
                self.plot.set_history(tag, ts, value)
            else:
                self.plot.set_history(tag, ts, vmin, vmax, value=value)
            n += 1
        sources = sorted({getattr(s, "source", "?") for s in result.values()})
        if self._history_may_set_status():
            self.status.setText(self.tr("history: {0} tags ({1})").format(n, ", ".join(sources)))
        self.sig_history_loaded.emit(n)

    # ================================================================== export
    def export_dialog(self) -> None:
        if self.runtime.historian is None:
            return
        t0, t1 = self.plot.visible_range()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(t0))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export visible range to CSV"), f"trend-{stamp}.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_csv(path)

    def export_csv(self, path: str) -> None:
        """Export the visible range of the selected tags on the worker; reports via
        :attr:`sig_export_done` and the status line."""
        historian = self.runtime.historian
        if historian is None or self._closed:
            self.sig_export_done.emit(path, -1)
            return
        tags = self.plot.pens()
        t0, t1 = self.plot.visible_range()
        self.btn_export.setEnabled(False)
        self._exporting = True
        self.status.setText(self.tr("exporting {0} tags to {1}…").format(len(tags), path))
        emit = self._results.sig_exported.emit

        def work():
            try:
                rows = historian.export_csv(path, tags, t0, t1)
            except Exception as exc:  # noqa: BLE001
                log.exception("CSV export failed")
                rows = exc
            try:
                emit(path, rows)
            except RuntimeError:
                pass

        self._executor.submit(work)

    def _on_exported(self, path: str, rows) -> None:
        self._exporting = False
        self._exports_finished += 1
        self.btn_export.setEnabled(self.runtime.historian is not None)
        if isinstance(rows, Exception):
            self.status.setText(self.tr("export failed: {0}").format(rows))
            self.sig_export_done.emit(path, -1)
        else:
            self.status.setText(self.tr("exported {0} rows to {1}").format(rows, path))
            self.sig_export_done.emit(path, int(rows))

    # ================================================================== forecast
    def _forecast_texts(self) -> None:
        for i, h in enumerate(FORECAST_HORIZONS_S):
            self.fc_horizon.setItemText(i, self.tr("next {0} min").format(int(h // 60)))
        self.fc_horizon.setToolTip(self.tr("how far ahead the forecast reaches"))
        self._refill_forecast_tags()

    def _refill_forecast_tags(self) -> None:
        keep = self.forecast_tag()
        self.fc_tag.blockSignals(True)
        self.fc_tag.clear()
        self.fc_tag.addItem(self.tr("none"), None)
        for key in self.plot.pens():
            self.fc_tag.addItem(self._pen_label(self._tags[key]), key)
        i = self.fc_tag.findData(keep) if keep else 0
        self.fc_tag.setCurrentIndex(max(i, 0))
        self.fc_tag.blockSignals(False)
        if keep and i < 0:                        # its pen was removed
            self._forecast_choice_changed()

    def forecast_tag(self) -> str | None:
        return self.fc_tag.currentData()

    def forecast_horizon_s(self) -> float:
        return float(self.fc_horizon.currentData())

    def set_forecast(self, tag: str | None, horizon_s: float | None = None) -> None:
        """Choose the forecast tag (a pen; None: no forecast) and horizon, as the toolbar does."""
        if horizon_s is not None:
            i = self.fc_horizon.findData(float(horizon_s))
            if i >= 0:
                self.fc_horizon.setCurrentIndex(i)
        i = self.fc_tag.findData(tag) if tag else 0
        self.fc_tag.setCurrentIndex(max(i, 0))
        self._forecast_choice_changed()

    def _forecast_choice_changed(self, *_):
        self._forecast_rid += 1                   # a result for the previous choice is dropped
        if self.forecast_tag() is None or self.runtime.historian is None:
            self._fc_timer.stop()
            self.plot.clear_forecast()
            self.advice.setVisible(False)
            return
        self.advice.setText(self.tr("forecasting {0}…").format(self.fc_tag.currentText()))
        self.advice.setStyleSheet("")
        self.advice.setVisible(True)
        self._fc_timer.start(self.forecast_refresh_ms())
        self.request_forecast()

    def forecast_refresh_ms(self) -> int:
        """How often the forecast is fitted again (wall-clock ms): every twentieth of its horizon in plant time,
        between 1 and 10 s; a demo plant running 600 times faster than real time gets a fresh forecast every
        second, not every 100 plant minutes."""
        scale = float(self.runtime.time_scale or 1.0)
        ms = self.forecast_horizon_s() / 20.0 / max(scale, 1e-9) * 1000.0
        return int(min(max(ms, FORECAST_REFRESH_MIN_MS), FORECAST_REFRESH_MS))

    def request_forecast(self) -> None:
        """Fit the chosen tag's forecast on its recent history, on the page's worker; the result is drawn and said
        in words (:attr:`sig_forecast_ready`)."""
        tag, historian = self.forecast_tag(), self.runtime.historian
        if tag is None or historian is None or self._closed or self._forecast_busy:
            return
        from hmi.maintenance.forecast import holt_forecast, tag_limit_crossing

        horizon = self.forecast_horizon_s()
        now = (self.runtime.clock or time.time)()
        back = max(FORECAST_MIN_HISTORY_S, FORECAST_HISTORY_HORIZONS * horizon)
        alarms = self._tags[tag].alarms
        # the newest values the historian may not have written yet: the pen's live buffer (at most 2,000 values,
        # copied here: the worker must not read a buffer the GUI thread appends to)
        if self.plot.has_pen(tag):
            lts, lv = self.plot.buffer(tag)
            live_ts, live_v = lts[-2000:].copy(), lv[-2000:].copy()
        else:
            live_ts = live_v = np.zeros(0)
        rid = self._forecast_rid
        emit = self._results.sig_forecast.emit
        self._forecast_busy = True

        def work():
            try:
                series = historian.query([tag], now - back, now, max_points=2000)[tag]
                ts = np.asarray(series.ts, dtype=float)
                v = np.asarray(series.value, dtype=float)
                if series.quality is not None and np.asarray(series.quality).shape == ts.shape:
                    good = np.asarray(series.quality) == int(Quality.GOOD)
                    ts, v = ts[good], v[good]
                newer = live_ts > (ts[-1] if ts.size else now - back)
                ts, v = np.r_[ts, live_ts[newer]], np.r_[v, live_v[newer]]
                ok = np.isfinite(v)
                ts, v = ts[ok], v[ok]
                if ts.size < FORECAST_MIN_POINTS:
                    raise ValueError(f"{ts.size} good values in the last {back / 3600:.1f} h")
                fc = holt_forecast(ts, v, horizon_s=horizon)
                result = (fc, tag_limit_crossing(fc, alarms))
            except Exception as exc:  # noqa: BLE001 - said on the page
                result = exc
            try:
                emit(rid, tag, result)
            except RuntimeError:      # the page was closed meanwhile
                pass

        self._executor.submit(work)

    def _on_forecast(self, rid: int, tag: str, result) -> None:
        self._forecast_busy = False
        if rid != self._forecast_rid or tag != self.forecast_tag():
            self.request_forecast()               # the choice changed meanwhile: forecast the new one now
            return
        t = self._tags[tag]
        name = self._pen_label(t)
        if isinstance(result, Exception):
            self.plot.clear_forecast()
            self.advice.setText(self.tr("No forecast for {0}: not enough history ({1})").format(name, result))
            self.advice.setStyleSheet("")
            self.sig_forecast_ready.emit(tag)
            return
        fc, cross = result
        self.plot.set_forecast(tag, fc.t, fc.mean, fc.lo, fc.hi)
        self.advice.setText(self.forecast_text(t, fc, cross))
        self.advice.setStyleSheet(f"color: {theme.ABNORMAL};" if cross is not None and cross.crossing.likely
                                  else "")
        self.sig_forecast_ready.emit(tag)

    def forecast_text(self, t: TagConfig, fc, cross) -> str:
        """The forecast in the operator's words."""
        name, unit = self._pen_label(t), plant_text(t.unit)
        horizon = fc.t[-1] - fc.last_t if fc.t.size else 0.0

        def num(v: float) -> str:
            return f"{v:.4g}"

        def dur(s: float) -> str:
            if s < 90:                                      # a machine's cycle
                return self.tr("{0} s").format(max(1, int(round(s))))
            return self.tr("{0} min").format(max(1, int(round(s / 60)))) if s < 5400 else \
                self.tr("{0} h").format(f"{s / 3600:.1f}")

        def ahead(c) -> str:
            limit = f"{num(float(c.alarm.limit))} {unit}".strip()
            if c.crossing.likely:
                text = (self.tr("{0} forecast to exceed {1} in {2}") if c.direction == "above"
                        else self.tr("{0} forecast to fall below {1} in {2}"))
            else:
                text = (self.tr("{0} may exceed {1} within {2} (90 % band)") if c.direction == "above"
                        else self.tr("{0} may fall below {1} within {2} (90 % band)"))
            return text.format(name, limit, dur(c.crossing.in_s))

        if cross is not None:
            a, cr = cross.alarm, cross.crossing
            if cr.in_s <= 0:
                text = self.tr("{0} is at or beyond its {1} limit {2}").format(
                    name, a.kind, f"{num(float(a.limit))} {unit}".strip())
                if cross.then is not None:            # and a more severe limit ahead: its action is the one to take
                    text += "; " + ahead(cross.then)
                    a = cross.then.alarm
            else:
                text = ahead(cross)
            action = plant_text(a.action) if getattr(a, "action", "") else ""
            return f"{text}: {action}" if action else text
        end = f"{num(float(fc.mean[-1]))} {unit}".strip() if fc.mean.size else "?"
        band = f"{num(float(fc.lo[-1]))} … {num(float(fc.hi[-1]))} {unit}".strip() if fc.lo.size else "?"
        text = self.tr("{0} in {1}: {2} expected (90 % band {3}); no alarm limit reached").format(
            name, dur(horizon), end, band)
        if fc.model == "cycle":
            text += " " + self.tr("(repeats this tag's cycle of {0}: the same point of its last cycles forecast "
                                  "best on its history)").format(dur(fc.period_s))
        elif fc.model == "median":
            text += " " + self.tr("(steady: on this tag's history the median of its last {0} forecast best)").format(
                dur(fc.lookback * fc.step_s))
        elif fc.alpha >= 1.0 and fc.beta == 0.0:
            text += " " + self.tr("(no trend: on this tag's history the last value forecast best)")
        return text

    def shutdown(self) -> None:
        """Stop timers and the worker (the main window calls this on close)."""
        self._closed = True
        self._fc_timer.stop()
        self._debounce.stop()
        self.plot.stop()
        self._executor.shutdown(wait=False, cancel_futures=True)
