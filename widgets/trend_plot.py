"""Live/historical trend plot for a station terminal (pyqtgraph).

* pens are added and removed by tag key (label, unit, colour, normal range);
* each pen keeps its newest samples in a preallocated numpy ring buffer fed by
  :meth:`TrendPlot.append`; nothing is drawn per sample: a 25 Hz timer redraws when dirty;
* **Live** follows the last N minutes (1 min / 10 min / 1 h / 8 h); **Pause** freezes the view;
  mouse wheel zooms and drag scrolls the time axis (and pauses); double click goes back to Live;
* when the visible range reaches before what the ring buffers hold, :attr:`sig_history_needed`
  asks for history, which comes back through :meth:`set_history` and is drawn as a min/max band
  (decimated data) or a line (raw data);
* bad-quality points are NaN and drawn as gaps;
* "Normalise" draws every pen as 0-100 % of its normal range so different units share one axis;
* a legend shows the live value of each pen (amber + HI/LO out of range, BAD for bad quality).

Performance rules (measured): width-1 cosmetic pens, clip to view, auto peak downsampling,
``skipFiniteCheck`` when a slice has no NaN, redraw on a timer only.

Run alone: ``python -m widgets.trend_plot`` (live preview with generated data).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLineF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import (QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from widgets import theme
from widgets.locale_format import format_datetime, format_time

SPANS: tuple[tuple[str, float], ...] = ((QT_TRANSLATE_NOOP("TrendPlot", "1 min"), 60.0),
                                        (QT_TRANSLATE_NOOP("TrendPlot", "10 min"), 600.0),
                                        (QT_TRANSLATE_NOOP("TrendPlot", "1 h"), 3600.0),
                                        (QT_TRANSLATE_NOOP("TrendPlot", "8 h"), 28800.0))
DEFAULT_CAPACITY = 100_000
REDRAW_HZ = 25
COLUMN_FACTOR = 0.5  # min/max buckets per pixel column: 0.5 = one (max, min) pair per 2 px, ~1 vertex per px


class RingBuffer:
    """The newest ``capacity`` (ts, value) points, always contiguous and in time order.

    Backed by arrays of twice the capacity: appends go to the end, and when the end is reached the
    newest ``capacity`` points are copied to the front (amortised O(1), views without copies).
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY):
        self.capacity = int(capacity)
        self._ts = np.empty(2 * self.capacity, dtype=np.float64)
        self._val = np.empty(2 * self.capacity, dtype=np.float64)
        self._start = 0
        self._end = 0

    def __len__(self) -> int:
        return self._end - self._start

    def clear(self) -> None:
        self._start = self._end = 0

    @property
    def ts(self) -> np.ndarray:
        return self._ts[self._start:self._end]

    @property
    def values(self) -> np.ndarray:
        return self._val[self._start:self._end]

    def first_ts(self) -> float:
        return float(self._ts[self._start]) if self._end > self._start else math.inf

    def last(self) -> tuple[float, float] | None:
        if self._end == self._start:
            return None
        return float(self._ts[self._end - 1]), float(self._val[self._end - 1])

    def append(self, ts: np.ndarray, values: np.ndarray) -> None:
        ts = np.asarray(ts, dtype=np.float64).ravel()
        values = np.asarray(values, dtype=np.float64).ravel()
        if ts.shape != values.shape:
            raise ValueError(f"ts and values differ in length: {ts.shape} vs {values.shape}")
        if ts.size == 0:
            return
        if ts.size > 1 and np.any(ts[1:] < ts[:-1]):
            order = np.argsort(ts, kind="stable")
            ts, values = ts[order], values[order]
        if self._end > self._start and ts[0] < self._ts[self._end - 1]:
            keep = ts >= self._ts[self._end - 1]  # late points would break the time order: drop
            ts, values = ts[keep], values[keep]
            if ts.size == 0:
                return
        n = ts.size
        cap = self.capacity
        if n >= cap:
            ts, values, n = ts[-cap:], values[-cap:], cap
            self._start = self._end = 0
        if self._end + n > 2 * cap:
            keep = min(self._end - self._start, cap - n)
            src = self._end - keep
            self._ts[:keep] = self._ts[src:self._end]
            self._val[:keep] = self._val[src:self._end]
            self._start, self._end = 0, keep
        self._ts[self._end:self._end + n] = ts
        self._val[self._end:self._end + n] = values
        self._end += n
        if self._end - self._start > cap:
            self._start = self._end - cap


def peak_decimate(x: np.ndarray, y: np.ndarray, t0: float, t1: float, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """Reduce (x, y) to at most one (max, min) pair per pixel column of [t0, t1].

    Like pyqtgraph's 'peak' downsampling: spikes survive, a NaN (bad quality) in a bucket makes
    the bucket a gap. Returns the input unchanged when it is already small enough.
    """
    n = x.size
    if n <= 2 * columns or n < 4:
        return x, y
    per_col = n * (t1 - t0) / max(float(x[-1] - x[0]), 1e-12) / columns  # points per pixel column
    ds = int(per_col)
    if ds < 2:
        return x, y
    m = n // ds
    yb = y[: m * ds].reshape(m, ds)
    out_y = np.empty((m, 2))
    out_y[:, 0] = yb.max(axis=1)
    out_y[:, 1] = yb.min(axis=1)
    out_x = np.repeat(x[: m * ds: ds], 2)
    out_y = out_y.ravel()
    if m * ds < n:  # keep the newest points exactly
        out_x = np.concatenate((out_x, x[m * ds:]))
        out_y = np.concatenate((out_y, y[m * ds:]))
    return out_x, out_y


@dataclass
class _History:
    ts: np.ndarray
    vmin: np.ndarray
    vmax: np.ndarray
    value: np.ndarray | None


@dataclass
class _Pen:
    key: str
    label: str
    unit: str
    colour: str
    normal_range: tuple[float, float] | None
    ring: RingBuffer
    curve: pg.PlotCurveItem
    hist_line: pg.PlotCurveItem
    hist_lo: pg.PlotCurveItem
    hist_hi: pg.PlotCurveItem
    hist_fill: pg.FillBetweenItem
    history: _History | None = None
    legend: "_LegendEntry | None" = None
    dirty: bool = True
    hist_dirty: bool = False
    extra: dict = field(default_factory=dict)


class _LegendEntry(QWidget):
    """Colour swatch, label and live value of one pen."""

    def __init__(self, label: str, unit: str, colour: str, tooltip: str, parent=None):
        super().__init__(parent)
        self.unit = unit
        sw = QLabel(self)
        sw.setFixedSize(22, 4)
        sw.setStyleSheet(f"background: {colour};")
        self._label = QLabel(label, self)
        self._value = QLabel("---", self)
        self._value.setFont(theme.font(theme.FONT_SIZE, bold=True))
        self._value.setMinimumWidth(110)
        self._value.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 1, 4, 1)
        lay.setSpacing(6)
        lay.addWidget(sw)
        lay.addWidget(self._label, 1)
        lay.addWidget(self._value)
        self.setToolTip(tooltip)
        self._shown: tuple | None = None
        self.alarm: tuple[str, int] | None = None  # (kind, priority) of the pen's most severe active alarm

    def value_text(self) -> str:
        return self._value.text()

    def show_value(self, value: float | None, normal_range) -> None:
        from widgets.value_tile import _ALARM_WORDS, format_value

        if value is None:
            state, text = "none", "---"
        elif math.isnan(value):
            state, text = "bad", self.tr("✖ BAD")
        else:
            text = f"{format_value(value)} {self.unit}".strip()
            state = "normal"
            if self.alarm is not None:  # an active alarm outranks the normal range: HIHI, not "▲"
                kind, prio = self.alarm
                glyph = theme.PRIORITY.get(prio, theme.PRIORITY_UNKNOWN)[3]
                state, text = f"alarm{prio}", f"{glyph} {_ALARM_WORDS.get(kind, kind)} {text}"
            elif normal_range is not None:
                if value > normal_range[1]:
                    state, text = "abnormal", f"▲ {text}"
                elif value < normal_range[0]:
                    state, text = "abnormal", f"▼ {text}"
        if self._shown == (state, text):
            return
        old_state = self._shown[0] if self._shown else None
        self._shown = (state, text)
        self._value.setText(text)
        if state == old_state:
            return
        style = {"bad": f"background: {theme.ALARM}; color: #ffffff; padding: 0 4px;",
                 "abnormal": f"background: {theme.ABNORMAL_BG}; color: {theme.TEXT}; padding: 0 4px;"}
        if state.startswith("alarm"):
            prio = int(state[5:])
            style[state] = (f"background: {theme.priority_colour(prio)}; color: {theme.priority_text_colour(prio)};"
                            f" padding: 0 4px;")
        self._value.setStyleSheet(style.get(state, "padding: 0 4px;"))


class _Curve(pg.PlotCurveItem):
    """A curve whose data bounds are handed in with the data (the redraw already knows them), so
    pyqtgraph does not scan the arrays again for every bounding-rect request."""

    _known_bounds = None

    def set_data_with_bounds(self, x, y, y_lo: float, y_hi: float, **kwargs) -> None:
        finite = x.size and math.isfinite(y_lo) and math.isfinite(y_hi)
        self._known_bounds = ((float(x[0]), float(x[-1])), (y_lo, y_hi)) if finite else None
        self.setData(x, y, **kwargs)

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N802 (pyqtgraph API)
        if self._known_bounds is not None and frac >= 1.0 and orthoRange is None:
            return self._known_bounds[ax]
        return super().dataBounds(ax, frac, orthoRange)


class _Grid(pg.GraphicsObject):
    """Major-tick grid drawn in one ``drawLines`` call with an opaque cosmetic pen.

    (pyqtgraph's own axis grid costs ~15-20 ms per repaint here; this costs ~1 ms.)
    """

    def __init__(self, plot_item: pg.PlotItem, colour: str):
        super().__init__()
        self._pi = plot_item
        self._pen = QPen(QColor(colour))
        self._pen.setCosmetic(True)
        self._pen.setWidth(0)

    def boundingRect(self) -> QRectF:  # noqa: N802
        vb = self.getViewBox()
        return vb.viewRect() if vb is not None else QRectF()

    def paint(self, p, *_args) -> None:
        vb = self.getViewBox()
        if vb is None:
            return
        r = vb.viewRect()
        lines = []
        for name, horizontal in (("bottom", False), ("left", True)):
            ax = self._pi.getAxis(name)
            if isinstance(ax, pg.DateAxisItem) and not hasattr(ax, "fontMetrics"):
                continue  # DateAxisItem can compute ticks only after its first paint
            lo, hi = (r.top(), r.bottom()) if horizontal else (r.left(), r.right())
            size = vb.height() if horizontal else vb.width()
            try:
                levels = ax.tickValues(min(lo, hi), max(lo, hi), size)
            except Exception:  # noqa: BLE001 - a grid must never break painting
                continue
            for _spacing, values in levels[:1]:
                for v in values:
                    lines.append(QLineF(r.left(), v, r.right(), v) if horizontal else QLineF(v, r.top(), v, r.bottom()))
        p.setPen(self._pen)
        if lines:
            p.drawLines(lines)


class TrendPlot(QWidget):
    """Trend of several tags over time.

    Signals
    -------
    sig_history_needed(float t0, float t1, int width_px)
        the visible range reaches before what the ring buffers hold; the owner should query
        history for the selected tags over [t0, t1] with about ``width_px`` points and hand it to
        :meth:`set_history`. Emitted again only when the range leaves what was last asked for
        (or the pens change); the owner should debounce.
    sig_live_changed(bool live)
        Live (True) or Pause (False) was entered, by a button, a call, or by scrolling/zooming.
    sig_span_changed(float seconds)
        the Live time span was changed.
    """

    sig_history_needed = Signal(float, float, int)
    sig_live_changed = Signal(bool)
    sig_span_changed = Signal(float)

    def __init__(self, parent=None, *, capacity: int = DEFAULT_CAPACITY, span_s: float = 600.0,
                 toolbar: bool = True, clock: Callable[[], float] = time.time, redraw_hz: float = REDRAW_HZ,
                 legend_columns: int | None = None):
        super().__init__(parent)
        self._legend_columns = legend_columns
        theme.configure_pyqtgraph()
        self._capacity = capacity
        self._clock = clock
        self._pens: dict[str, _Pen] = {}
        self._live = True
        self._span = float(span_s)
        self._normalise = False
        self._dirty = True
        self._last_draw = 0.0
        self._last_legend = 0.0
        self._last_request: tuple[float, float, frozenset] | None = None
        self._driving_range = False
        self._colour_index = 0
        self.frames_drawn = 0
        #: the forecast drawn ahead of the last value: (tag, t, mean, lo, hi) or None; in Live the view's right
        #: edge moves that far ahead of now so the forecast can be seen
        self._forecast: tuple | None = None
        self._forecast_items: list = []

        # ---------------------------------------------------------------- plot
        self._axis = pg.DateAxisItem(orientation="bottom")
        self._plot_widget = pg.PlotWidget(axisItems={"bottom": self._axis}, background=theme.BG_PLOT)
        self._plot_widget.setMinimumHeight(200)
        self.plot_item: pg.PlotItem = self._plot_widget.getPlotItem()
        self.plot_item.hideButtons()
        self.plot_item.setMenuEnabled(False)
        self._grid = _Grid(self.plot_item, theme.GRID)
        self._grid.setZValue(-200)
        self.plot_item.addItem(self._grid, ignoreBounds=True)
        self.view_box: pg.ViewBox = self.plot_item.getViewBox()
        self.view_box.setMouseEnabled(x=True, y=False)
        # the y range is computed in _redraw from the slices it already has (pyqtgraph's auto range
        # would re-scan every curve and cost a second repaint per frame)
        self.view_box.disableAutoRange()
        tick_font = theme.font(theme.FONT_SIZE_SMALL + 1)
        for name in ("bottom", "left"):
            ax = self.plot_item.getAxis(name)
            ax.setStyle(tickFont=tick_font)
            ax.setTextPen(pg.mkPen(theme.TEXT_DIM))
            ax.setPen(pg.mkPen(theme.BORDER))
        self.plot_item.getAxis("left").setWidth(64)
        self._normal_band = pg.LinearRegionItem((0, 100), orientation="horizontal", movable=False,
                                                brush=pg.mkBrush(255, 255, 255, 70), pen=pg.mkPen(theme.BORDER))
        self._normal_band.setZValue(-100)
        self._normal_band.setVisible(False)
        self.plot_item.addItem(self._normal_band, ignoreBounds=True)
        self.view_box.sigRangeChangedManually.connect(self._on_manual_range)
        self.view_box.sigXRangeChanged.connect(self._on_x_range)
        self._plot_widget.scene().sigMouseClicked.connect(self._on_scene_click)
        now = self._clock()
        self.view_box.setXRange(now - self._span, now, padding=0)

        # ---------------------------------------------------------------- toolbar + legend
        self.toolbar = QHBoxLayout()
        self.toolbar.setSpacing(6)
        self.btn_live = QPushButton(checkable=True, checked=True)
        self.btn_pause = QPushButton(checkable=True)
        mode = QButtonGroup(self)
        mode.setExclusive(True)
        mode.addButton(self.btn_live)
        mode.addButton(self.btn_pause)
        self.btn_live.clicked.connect(lambda: self.set_live(True))
        self.btn_pause.clicked.connect(lambda: self.set_live(False))
        self.toolbar.addWidget(self.btn_live)
        self.toolbar.addWidget(self.btn_pause)
        self.toolbar.addSpacing(16)
        self.span_buttons: dict[float, QPushButton] = {}
        spans = QButtonGroup(self)
        spans.setExclusive(True)
        for text, seconds in SPANS:
            b = QPushButton(checkable=True, checked=(seconds == self._span))
            b.clicked.connect(lambda _=False, s=seconds: self.set_span(s))
            spans.addButton(b)
            self.span_buttons[seconds] = b
            self.toolbar.addWidget(b)
        self.toolbar.addSpacing(16)
        self.btn_normalise = QPushButton(checkable=True)
        self.btn_normalise.toggled.connect(self.set_normalised)
        self.toolbar.addWidget(self.btn_normalise)
        self.toolbar.addStretch(1)
        self._range_label = QLabel("", self)
        self._range_label.setProperty("role", "dim")
        self.toolbar.addWidget(self._range_label)

        self._legend = QWidget(self)
        self._legend_grid = QGridLayout(self._legend)
        self._legend_grid.setContentsMargins(0, 0, 0, 0)
        self._legend_grid.setHorizontalSpacing(18)
        self._legend_grid.setVerticalSpacing(0)
        self._legend.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        if toolbar:
            lay.addLayout(self.toolbar)
        else:
            for i in range(self.toolbar.count()):
                w = self.toolbar.itemAt(i).widget()
                if w is not None:
                    w.hide()
        lay.addWidget(self._plot_widget, 1)
        lay.addWidget(self._legend)
        self._set_texts()

        self._last_draw_plant = float("-inf")  # plant time of the last Live redraw
        self._timer = QTimer(self)
        self._timer.setInterval(int(1000 / redraw_hz))
        self._timer.timeout.connect(self.tick)
        # the redraw timer runs only while the plot is on screen: a hidden page costs nothing but appending
        # samples to the rings (started by showEvent, stopped by hideEvent)

    def showEvent(self, ev):  # noqa: N802
        super().showEvent(ev)
        self._dirty = True
        self._timer.start()

    def hideEvent(self, ev):  # noqa: N802
        self._timer.stop()
        super().hideEvent(ev)

    # ================================================================== pens
    def add_pen(self, key: str, label: str | None = None, unit: str = "", colour: str | None = None,
                normal_range: tuple[float, float] | None = None, description: str = "") -> None:
        """Add a pen for ``key`` (no-op if present)."""
        if key in self._pens:
            return
        if colour is None:
            used = {p.colour for p in self._pens.values()}
            free = [c for c in theme.PEN_COLOURS if c not in used]
            colour = free[0] if free else theme.pen_colour(self._colour_index)
            self._colour_index += 1
        pen = pg.mkPen(colour, width=1)  # width-1 cosmetic: thick pens are ~10x slower
        # PlotCurveItems fed with data already clipped to the view and peak-decimated to one min/max
        # pair per pixel column (see _redraw): the same result as PlotDataItem's setClipToView +
        # setDownsampling(auto, 'peak'), computed once per frame instead of once per range change
        # and once per setData.
        curve = _Curve(pen=pen, name=key)
        hist_line = pg.PlotCurveItem(pen=pg.mkPen(colour, width=1, style=Qt.DashLine))
        c = QColor(colour)
        edge = pg.mkPen(QColor(c.red(), c.green(), c.blue(), 140), width=1)
        hist_lo = pg.PlotCurveItem(pen=edge)
        hist_hi = pg.PlotCurveItem(pen=edge)
        hist_fill = pg.FillBetweenItem(hist_lo, hist_hi, brush=pg.mkBrush(c.red(), c.green(), c.blue(), 60))
        for item, z in ((hist_fill, -20), (hist_lo, -10), (hist_hi, -10), (hist_line, -5), (curve, 0)):
            item.setZValue(z)
            self.plot_item.addItem(item)
            if item is not curve:
                item.setVisible(False)  # hidden items cost nothing per repaint
        p = _Pen(key=key, label=label or key, unit=unit, colour=colour, normal_range=normal_range,
                 ring=RingBuffer(self._capacity), curve=curve, hist_line=hist_line, hist_lo=hist_lo,
                 hist_hi=hist_hi, hist_fill=hist_fill)
        tip = f"{key}: {description}" if description else key
        if normal_range:
            tip += f"\nnormal range {normal_range[0]:g} .. {normal_range[1]:g} {unit}"
        p.legend = _LegendEntry(label or key, unit, colour, tip, self._legend)
        self._pens[key] = p
        self._relayout_legend()
        self._update_y_label()
        self._last_request = None
        self._dirty = True

    def remove_pen(self, key: str) -> None:
        p = self._pens.pop(key, None)
        if p is None:
            return
        for item in (p.curve, p.hist_line, p.hist_fill, p.hist_lo, p.hist_hi):
            self.plot_item.removeItem(item)
        if self.forecast_shown() == key:
            self.clear_forecast()
        if p.legend is not None:
            self._legend_grid.removeWidget(p.legend)
            p.legend.deleteLater()
        self._relayout_legend()
        self._update_y_label()
        self._dirty = True

    def clear_pens(self) -> None:
        for key in list(self._pens):
            self.remove_pen(key)

    def pens(self) -> list[str]:
        return list(self._pens)

    def set_pen_alarm(self, key: str, kind: str | None, priority: int | None = None) -> None:
        """The most severe active alarm of pen ``key`` (or None): its legend shows the alarm, in the
        priority's colour and shape, instead of the normal-range arrow."""
        p = self._pens.get(key)
        if p is None:
            return
        alarm = (kind, int(priority or 0)) if kind else None
        if alarm != p.legend.alarm:
            p.legend.alarm = alarm
            last = p.ring.last()
            p.legend.show_value(None if last is None else last[1], p.normal_range)

    def has_pen(self, key: str) -> bool:
        return key in self._pens

    def pen_colour(self, key: str) -> str:
        return self._pens[key].colour

    def curve(self, key: str) -> pg.PlotCurveItem:
        """The live curve item of a pen (tests, screenshots); holds the clipped, peak-decimated
        points of the visible range (``curve.getData()``)."""
        return self._pens[key].curve

    def buffer(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """Views (ts, values) of what a pen's ring buffer holds."""
        r = self._pens[key].ring
        return r.ts, r.values

    def history_items(self, key: str) -> tuple[pg.PlotCurveItem, pg.PlotCurveItem, pg.FillBetweenItem, pg.PlotCurveItem]:
        """(band low edge, band high edge, band fill, history line) of a pen."""
        p = self._pens[key]
        return p.hist_lo, p.hist_hi, p.hist_fill, p.hist_line

    def legend_text(self, key: str) -> str:
        return self._pens[key].legend.value_text()

    def _relayout_legend(self) -> None:
        entries = [p.legend for p in self._pens.values()]
        for e in entries:
            self._legend_grid.removeWidget(e)
        cols = 3 if len(entries) > 4 else max(1, len(entries))
        cols = 4 if len(entries) > 9 else cols
        if self._legend_columns:
            cols = self._legend_columns
        for i, e in enumerate(entries):
            self._legend_grid.addWidget(e, i // cols, i % cols)
            e.show()

    # ================================================================== data
    def append(self, tag: str, ts, values) -> None:
        """Append points to a pen's ring buffer (ignored for unknown tags). NaN values are gaps."""
        p = self._pens.get(tag)
        if p is None:
            return
        p.ring.append(ts, values)
        p.dirty = True
        self._dirty = True

    def set_history(self, tag: str, ts, vmin, vmax=None, value=None) -> None:
        """Show history for ``tag``: a min/max band when ``vmax`` differs from ``vmin``
        (decimated data), else a line (raw data; ``value`` defaults to ``vmin``). NaN = gap.
        History is drawn only before the first point of the live buffer."""
        p = self._pens.get(tag)
        if p is None:
            return
        ts = np.asarray(ts, dtype=np.float64)
        vmin = np.asarray(vmin, dtype=np.float64)
        vmax = vmin if vmax is None else np.asarray(vmax, dtype=np.float64)
        val = None if value is None else np.asarray(value, dtype=np.float64)
        p.history = _History(ts, vmin, vmax, val)
        p.hist_dirty = True
        self._dirty = True

    def clear_history(self) -> None:
        for p in self._pens.values():
            p.history = None
            p.hist_dirty = True
        self._last_request = None
        self._dirty = True

    # ================================================================== view
    def is_live(self) -> bool:
        return self._live

    def span(self) -> float:
        return self._span

    def is_normalised(self) -> bool:
        return self._normalise

    def visible_range(self) -> tuple[float, float]:
        (t0, t1), _ = self.view_box.viewRange()
        return float(t0), float(t1)

    def set_live(self, live: bool) -> None:
        live = bool(live)
        self.btn_live.setChecked(live)
        self.btn_pause.setChecked(not live)
        if live == self._live:
            return
        self._live = live
        self._dirty = True
        if live:
            self._follow()
        self.sig_live_changed.emit(live)

    def set_span(self, seconds: float) -> None:
        """Time span of the view; in Live it follows the last ``seconds``, paused it keeps the right edge."""
        self._span = float(seconds)
        for s, b in self.span_buttons.items():
            b.setChecked(s == self._span)
        if self._live:
            self._follow()
        else:
            _, t1 = self.visible_range()
            self._set_x_range(t1 - self._span, t1)
        self._dirty = True
        self.sig_span_changed.emit(self._span)

    def set_visible_range(self, t0: float, t1: float) -> None:
        """Show [t0, t1] and pause (like a user scroll)."""
        self.set_live(False)
        self._set_x_range(t0, t1)
        self._dirty = True

    def set_normalised(self, on: bool) -> None:
        on = bool(on)
        if self.btn_normalise.isChecked() != on:
            self.btn_normalise.setChecked(on)
        if on == self._normalise:
            return
        self._normalise = on
        self._normal_band.setVisible(on)
        for p in self._pens.values():
            p.dirty = p.hist_dirty = True
        self._dirty = True
        self._update_y_label()

    def _set_texts(self) -> None:
        self.btn_live.setText(self.tr("▶ Live"))
        self.btn_pause.setText(self.tr("❚❚ Pause"))
        for text, seconds in SPANS:
            self.span_buttons[seconds].setText(QCoreApplication.translate("TrendPlot", text))
        self.btn_normalise.setText(self.tr("Normalise 0-100 %"))
        self.btn_normalise.setToolTip(
            self.tr("Draw every pen as % of its normal range (0 % = low limit, 100 % = high limit)"))

    def retranslate_ui(self) -> None:
        """After a language switch: toolbar, axis label, legend values; the data and the view stay."""
        self._set_texts()
        self._update_y_label()
        for p in self._pens.values():
            p.legend._shown = None  # re-render its value text (BAD etc.)
        self._update_legend()

    def set_pen_label(self, key: str, label: str, unit: str | None = None) -> None:
        """A pen's legend name (and unit) as the current language shows them."""
        p = self._pens[key]
        p.label = label
        p.legend._label.setText(label)
        if unit is not None:
            p.unit = p.legend.unit = unit
            p.legend._shown = None
        self._update_legend()
        self._update_y_label()

    def _update_y_label(self) -> None:
        if self._normalise:
            self.plot_item.setLabel("left", self.tr("% of normal range"))
        else:
            units = {p.unit for p in self._pens.values()}
            self.plot_item.setLabel("left", units.pop() if len(units) == 1 else "")

    def _set_x_range(self, t0: float, t1: float) -> None:
        self._driving_range = True
        try:
            self.view_box.setXRange(t0, t1, padding=0)
        finally:
            self._driving_range = False

    def _follow(self) -> None:
        now = self._clock()
        lead = self.forecast_lead_s()
        self._set_x_range(now - self._span + lead, now + lead)

    # ================================================================== forecast
    def forecast_lead_s(self) -> float:
        """How far the view reaches past now in Live: the shown forecast's horizon, at most half the span."""
        if self._forecast is None:
            return 0.0
        t = self._forecast[1]
        return float(min(max(t[-1] - self._clock(), 0.0), self._span / 2)) if t.size else 0.0

    def set_forecast(self, tag: str, t, mean, lo, hi) -> None:
        """Draw ``tag``'s forecast: the expected values (dotted) and the prediction band (shaded), in the pen's
        colour; replaces any forecast shown.  In Live the view reaches past now by the horizon (at most half the
        span)."""
        p = self._pens.get(tag)
        if p is None:
            return
        arrays = tuple(np.asarray(a, dtype=np.float64) for a in (t, mean, lo, hi))
        if not self._forecast_items:                  # made once; coloured for the pen each time
            line = pg.PlotCurveItem()
            lo_i, hi_i = pg.PlotCurveItem(pen=pg.mkPen(None)), pg.PlotCurveItem(pen=pg.mkPen(None))
            fill = pg.FillBetweenItem(lo_i, hi_i)
            for item, z in ((fill, -15), (lo_i, -14), (hi_i, -14), (line, -4)):
                item.setZValue(z)
                self.plot_item.addItem(item)
            self._forecast_items = [line, lo_i, hi_i, fill]
        c = QColor(p.colour)
        self._forecast_items[0].setPen(pg.mkPen(c, width=1, style=Qt.DotLine))
        self._forecast_items[3].setBrush(pg.mkBrush(c.red(), c.green(), c.blue(), 45))
        self._forecast = (tag, *arrays)
        self._dirty = True
        if self._live:
            self._follow()

    def clear_forecast(self) -> None:
        if self._forecast is None:
            return
        self._forecast = None
        for item in self._forecast_items:
            item.setVisible(False)
        self._dirty = True
        if self._live:
            self._follow()

    def forecast_shown(self) -> str | None:
        """The tag whose forecast is drawn, or None."""
        return self._forecast[0] if self._forecast is not None else None

    def _draw_forecast(self) -> tuple[float, float] | None:
        if self._forecast is None:
            return None
        tag, t, mean, lo, hi = self._forecast
        p = self._pens.get(tag)
        if p is None or t.size == 0:
            for item in self._forecast_items:
                item.setVisible(False)
            return None
        line, lo_i, hi_i, fill = self._forecast_items
        m, a, b = self._transform(p, mean), self._transform(p, lo), self._transform(p, hi)
        line.setData(t, m)
        lo_i.setData(t, a)
        hi_i.setData(t, b)
        for item in self._forecast_items:
            item.setVisible(True)
        return float(np.nanmin(a)), float(np.nanmax(b))

    def _on_manual_range(self, *_):
        if self._live:
            self.set_live(False)
        self._dirty = True

    def _on_x_range(self, *_):
        if not self._driving_range:
            self._dirty = True

    def _on_scene_click(self, ev) -> None:
        if ev.double():
            self.set_live(True)

    # ================================================================== drawing
    def stop(self) -> None:
        """Stop the redraw timer (owner shutting down); :meth:`start` resumes."""
        self._timer.stop()

    def start(self) -> None:
        self._timer.start()

    def tick(self) -> None:
        """Timer slot (25 Hz): follow the clock in Live, redraw if dirty."""
        now_wall = time.monotonic()
        if self._live:
            if not self._dirty and now_wall - self._last_draw < 1.0:
                return
            # in Live the picture moves one pixel per (span / width) of plant time: redrawing sooner changes
            # nothing a user can see (a 10-minute span on 1000 px: every 0.6 s at normal speed; at x600 every
            # tick).  Half a second at most, so a new value still shows promptly.
            px_s = self._span / max(1, self._plot_widget.width())
            plant_now = self._clock()
            if plant_now - self._last_draw_plant < px_s and now_wall - self._last_draw < 0.5:
                return
            self._last_draw_plant = plant_now
            self._follow()
        elif not self._dirty:
            return
        self._redraw()
        self._last_draw = now_wall
        if now_wall - self._last_legend >= 0.25:
            self._update_legend()
            self._last_legend = now_wall

    def redraw_now(self) -> None:
        """Follow (in Live) and redraw immediately, legend included (tests, bench)."""
        if self._live:
            self._follow()
        self._redraw()
        self._update_legend()

    def _transform(self, p: _Pen, y: np.ndarray) -> np.ndarray:
        if not self._normalise:
            return y
        lo, hi = p.normal_range if p.normal_range else self._data_range(p)
        return (y - lo) * (100.0 / (hi - lo))

    @staticmethod
    def _data_range(p: _Pen) -> tuple[float, float]:
        v = p.ring.values
        if v.size and np.isfinite(v).any():
            lo, hi = float(np.nanmin(v)), float(np.nanmax(v))
        else:
            lo, hi = 0.0, 1.0
        return (lo, hi) if hi > lo else (lo - 0.5, lo + 0.5)

    def _redraw(self) -> None:
        self._dirty = False
        t0, t1 = self.visible_range()
        margin = (t1 - t0) * 0.02
        y_lo, y_hi = math.inf, -math.inf
        columns = max(int(self.view_box.width() * COLUMN_FACTOR), 50)
        for p in self._pens.values():
            ts, val = p.ring.ts, p.ring.values
            i0 = max(int(np.searchsorted(ts, t0 - margin)) - 1, 0)
            i1 = min(int(np.searchsorted(ts, t1 + margin)) + 1, ts.size)
            x, y = peak_decimate(ts[i0:i1], val[i0:i1], t0, t1, columns)
            y = self._transform(p, y)
            if x.size == 0:
                p.curve._known_bounds = None
                p.curve.setData([], [])
            else:
                lo, hi = float(np.min(y)), float(np.max(y))  # NaN if the slice holds a gap
                has_nan = math.isnan(lo) or math.isnan(hi)
                if has_nan:
                    lo, hi = (float(np.nanmin(y)), float(np.nanmax(y))) if np.isfinite(y).any() else (lo, hi)
                if not math.isnan(lo):
                    y_lo, y_hi = min(y_lo, lo), max(y_hi, hi)
                p.curve.set_data_with_bounds(x, y, lo, hi, connect="finite" if has_nan else "all",
                                             skipFiniteCheck=not has_nan)
            # history only changes with set_history, or when the live buffer's start moves over it
            first = p.ring.first_ts() if len(p.ring) else None
            if p.hist_dirty or (p.history is not None and p.extra.get("hist_cut_at") != first):
                p.extra["hist_cut_at"] = first
                self._draw_history(p)
            p.dirty = False
            hb = self._history_bounds(p, t0, t1)
            if hb is not None:
                y_lo, y_hi = min(y_lo, hb[0]), max(y_hi, hb[1])
        fb = self._draw_forecast()
        if fb is not None and all(map(math.isfinite, fb)):
            y_lo, y_hi = min(y_lo, fb[0]), max(y_hi, fb[1])
        self._set_y_range(y_lo, y_hi)
        self._check_history(t0, t1)
        self._range_label.setText(self._describe_range(t0, t1))
        self.frames_drawn += 1

    def _set_y_range(self, lo: float, hi: float) -> None:
        if self._normalise:
            lo, hi = min(lo, 0.0), max(hi, 100.0)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return
        if hi - lo < 1e-9:
            lo, hi = lo - 0.5, hi + 0.5
        pad = (hi - lo) * 0.05
        (cur_lo, cur_hi) = self.view_box.viewRange()[1]
        lo, hi = lo - pad, hi + pad
        tol = (hi - lo) * 0.002
        if abs(cur_lo - lo) > tol or abs(cur_hi - hi) > tol:
            self.view_box.setYRange(lo, hi, padding=0)

    def _history_bounds(self, p: _Pen, t0: float, t1: float) -> tuple[float, float] | None:
        lo_arr, hi_arr = p.extra.get("hist_y", (None, None))
        hts = p.extra.get("hist_ts")
        if hts is None or hts.size == 0:
            return None
        i0, i1 = np.searchsorted(hts, t0), np.searchsorted(hts, t1)
        if i1 <= i0:
            return None
        lo_s, hi_s = lo_arr[i0:i1], hi_arr[i0:i1]
        if not np.isfinite(lo_s).any():
            return None
        return float(np.nanmin(lo_s)), float(np.nanmax(hi_s))

    def _draw_history(self, p: _Pen) -> None:
        p.hist_dirty = False
        h = p.history
        p.extra.pop("hist_ts", None)
        if h is None or h.ts.size == 0:
            for item in (p.hist_lo, p.hist_hi, p.hist_line):
                item.setData([], [])
            for item in (p.hist_lo, p.hist_hi, p.hist_fill, p.hist_line):
                item.setVisible(False)
            return
        cut = int(np.searchsorted(h.ts, p.ring.first_ts())) if len(p.ring) else h.ts.size
        ts = h.ts[:cut]
        lo, hi = self._transform(p, h.vmin[:cut]), self._transform(p, h.vmax[:cut])
        p.extra["hist_ts"], p.extra["hist_y"] = ts, (lo, hi)
        band = bool(np.any(np.abs(hi - lo) > 0)) if ts.size else False
        if band:
            p.hist_lo.setData(ts, lo, connect="finite")
            p.hist_hi.setData(ts, hi, connect="finite")
            if h.value is not None:
                p.hist_line.setData(ts, self._transform(p, h.value[:cut]), connect="finite")
            else:
                p.hist_line.setData([], [])
        else:
            p.hist_lo.setData([], [])
            p.hist_hi.setData([], [])
            line = lo if h.value is None else self._transform(p, h.value[:cut])
            p.hist_line.setData(ts, line, connect="finite")
        p.hist_lo.setVisible(band)
        p.hist_hi.setVisible(band)
        p.hist_fill.setVisible(band)
        p.hist_line.setVisible(bool(ts.size) and (not band or h.value is not None))

    def _check_history(self, t0: float, t1: float) -> None:
        if not self._pens:
            return
        held_from = max(p.ring.first_ts() for p in self._pens.values())  # inf when a pen holds nothing
        span = t1 - t0
        tol = span * 0.01
        if t0 >= held_from - tol:
            return
        keys = frozenset(self._pens)
        req = self._last_request
        if req is not None and req[2] == keys:
            covered_to = min(t1, held_from)
            if req[0] <= t0 + tol and req[1] >= covered_to - tol and (req[1] - req[0]) <= span * 4:
                return
        self._last_request = (t0, t1, keys)
        width = max(int(self.view_box.width()), 100)
        self.sig_history_needed.emit(t0, t1, width)

    @staticmethod
    def _describe_range(t0: float, t1: float) -> str:
        try:
            return f"{format_datetime(t0)}  →  {format_time(t1)}"
        except (OverflowError, ValueError, OSError):
            return ""

    def _update_legend(self) -> None:
        for p in self._pens.values():
            last = p.ring.last()
            p.legend.show_value(None if last is None else last[1], p.normal_range)


# ====================================================================== preview
def _preview() -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    theme.apply_theme(app)
    w = TrendPlot(span_s=60.0)
    w.setWindowTitle("TrendPlot preview (generated data)")
    w.resize(1200, 700)
    pens = [("press1.bushing_temp", "Bushing temp", "°C", (20, 75), 60, 8),
            ("press1.vibration_rms", "Vibration RMS", "mm/s", (0, 4.5), 3, 1.5),
            ("caster1.melt_temp", "Melt temp", "°C", (690, 730), 710, 15),
            ("caster1.pressure", "Furnace pressure", "bar", (0, 1.2), 0.6, 0.5)]
    for key, label, unit, nr, _, _ in pens:
        w.add_pen(key, label, unit, normal_range=nr)
    rng = np.random.default_rng(1)
    state = {"t": time.time() - 50.0}

    def feed():
        now = time.time()
        ts = np.arange(state["t"], now, 0.1)
        state["t"] = ts[-1] + 0.1 if ts.size else state["t"]
        for key, _, _, _, mid, amp in pens:
            v = mid + amp * np.sin(ts / 20.0 + hash(key) % 7) + rng.normal(0, amp * 0.05, ts.size)
            v[rng.random(ts.size) < 0.003] = np.nan  # an occasional bad-quality point
            w.append(key, ts, v)

    def fake_history(t0, t1, width):
        ts = np.linspace(t0, t1, width)
        for key, _, _, _, mid, amp in pens:
            base = mid + amp * np.sin(ts / 20.0 + hash(key) % 7)
            w.set_history(key, ts, base - amp * 0.1, base + amp * 0.1)

    w.sig_history_needed.connect(lambda t0, t1, width: QTimer.singleShot(150, lambda: fake_history(t0, t1, width)))
    timer = QTimer(w, interval=100, timeout=feed)
    timer.start()
    feed()
    w.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(_preview())
