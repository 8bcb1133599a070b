"""An X-ray / camera image viewer: zoom, pan, window/level, heatmap overlay, defect outlines.

* Zoom with the mouse wheel, pan by dragging with the left button, **Fit** shows the whole image.
* Window/level for 16-bit radiographs: the *Window* and *Level* sliders (in the image's own units,
  e.g. 0..65535 counts), **Auto** (percentiles of the part, i.e. without the open-beam background), or drag with the right button
  (left/right: window, up/down: level), as on medical/NDT viewers.
* Heatmap overlay (AI defect probability, 0..1) with an opacity slider; the regions where the
  heatmap is at or above :attr:`ImageViewer.threshold` are outlined (contours of the thresholded map).

The widget only displays arrays it is given: loading files and running models is the caller's
job, on a worker thread.  Colour is used for the overlay and the defect outlines only.

Run alone: ``python -m widgets.image_viewer`` (a synthetic X-ray of a wheel with defects).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import (QCheckBox, QGraphicsPathItem, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSlider,
                               QVBoxLayout, QWidget)

from widgets import theme
from widgets.retranslate import retext

__all__ = ["ImageViewer", "heat_lut", "contours"]

SLIDER_STEPS = 1000
OUTLINE = theme.ALARM


def heat_lut(n: int = 256) -> np.ndarray:
    """RGBA lookup table for the heatmap: transparent below ~0.1, then orange -> red -> deep red with
    rising alpha, so low-probability areas leave the radiograph readable and hot spots stand out on
    both the bright background and the dark metal."""
    x = np.linspace(0.0, 1.0, n)
    lut = np.zeros((n, 4), np.ubyte)
    lut[:, 0] = np.clip(255 - 60 * x, 0, 255)
    lut[:, 1] = np.clip(140 * (1.0 - x) ** 1.5, 0, 255)
    lut[:, 2] = np.clip(40 * x, 0, 255)
    lut[:, 3] = np.clip((x - 0.1) / 0.4, 0.0, 1.0) * 255
    return lut


def contours(heat: np.ndarray, threshold: float, shape: tuple[int, int] | None = None,
             min_area_px: float = 4.0) -> list[np.ndarray]:
    """Outlines of ``heat >= threshold`` as (N, 2) arrays of (x, y) in image pixels (``shape``: the
    image's (h, w) when the heatmap is coarser)."""
    import cv2

    h = np.asarray(heat, dtype=np.float32)
    if h.ndim != 2 or h.size == 0:
        return []
    m = (h >= float(threshold)).astype(np.uint8)
    if not m.any():
        return []
    sy = sx = 1.0
    if shape is not None and tuple(shape[:2]) != h.shape:
        sy, sx = shape[0] / h.shape[0], shape[1] / h.shape[1]
    found, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for c in found:
        pts = c.reshape(-1, 2).astype(np.float32)
        if len(pts) < 3 and sx * sy < min_area_px:      # a lone pixel of a fine map: noise
            continue
        # pixel centres -> pixel edges: outline around the marked pixels
        pts = (pts + 0.5) * np.array([sx, sy], np.float32)
        out.append(pts)
    return out


def _otsu(values: np.ndarray, lo: float, hi: float, bins: int = 256) -> float:
    """Otsu's threshold of ``values`` within ``[lo, hi]`` (between-class variance maximum)."""
    hist, edges = np.histogram(np.clip(values, lo, hi), bins=bins, range=(lo, hi))
    p = hist.astype(np.float64) / max(hist.sum(), 1)
    centres = (edges[:-1] + edges[1:]) / 2
    w0 = np.cumsum(p)
    m0 = np.cumsum(p * centres)
    mt = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 - m0) ** 2 / (w0 * (1.0 - w0))
    between[~np.isfinite(between)] = 0.0
    return float(edges[int(np.argmax(between)) + 1])


class _ViewBox(pg.ViewBox):
    """ViewBox where a right-button drag adjusts window/level instead of zooming."""

    sig_wl_drag = Signal(float, float, bool)  # dx, dy (screen px since last event), finished

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.wl_enabled = True

    def mouseDragEvent(self, ev, axis=None):  # noqa: N802
        if ev.button() == Qt.MouseButton.RightButton and self.wl_enabled:
            ev.accept()
            d = ev.screenPos() - ev.lastScreenPos()
            self.sig_wl_drag.emit(float(d.x()), float(d.y()), bool(ev.isFinish()))
            return
        super().mouseDragEvent(ev, axis)

    def raiseContextMenu(self, ev):  # noqa: N802 - the right button is window/level
        return


class ImageViewer(QWidget):
    """Image display with window/level, heatmap overlay and defect outlines (see module doc)."""

    sig_window_level_changed = Signal(float, float)  # window, level
    sig_pixel = Signal(str)                           # "x 120  y 88  value 23456  heat 0.81"

    def __init__(self, parent=None, *, controls: bool = True):
        super().__init__(parent)
        self.setObjectName("image_viewer")
        self.image: np.ndarray | None = None
        self.heatmap: np.ndarray | None = None
        self.threshold = 0.5
        self._range = (0.0, 1.0)  # value range of the image type (slider span)
        self._window, self._level = 1.0, 0.5
        self._contours: list[np.ndarray] = []

        self.gv = pg.GraphicsView(self)
        self.gv.setBackground(QColor("#101010"))
        self.view = _ViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.view.setMouseEnabled(True, True)
        self.gv.setCentralItem(self.view)
        self.img_item = pg.ImageItem(axisOrder="row-major")
        self.heat_item = pg.ImageItem(axisOrder="row-major")
        self.heat_item.setLookupTable(heat_lut())
        self.heat_item.setZValue(10)
        self.heat_item.setOpacity(0.6)
        self.view.addItem(self.img_item)
        self.view.addItem(self.heat_item)
        self.outline_item = QGraphicsPathItem()
        pen = QPen(QColor(OUTLINE))
        pen.setWidthF(2.0)
        pen.setCosmetic(True)
        self.outline_item.setPen(pen)
        self.outline_item.setZValue(20)
        self.view.addItem(self.outline_item)
        self.message = pg.TextItem("", color=(230, 230, 230), anchor=(0.5, 0.5))
        self.message.setZValue(30)
        self.view.addItem(self.message)
        self.view.sig_wl_drag.connect(self._on_wl_drag)
        self._proxy = pg.SignalProxy(self.gv.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.gv, 1)
        self.pixel_label = QLabel("", self)
        self.pixel_label.setObjectName("viewer_pixel")
        self.pixel_label.setStyleSheet(f"color: {theme.TEXT_DIM};")
        self.pixel_label.setMinimumWidth(220)
        self.controls = QWidget(self)
        c = QHBoxLayout()
        c.setContentsMargins(4, 0, 4, 0)
        c.setSpacing(6)
        self.window_slider = self._slider("viewer_window")
        self.level_slider = self._slider("viewer_level")
        self.auto_button = QPushButton(self)
        retext(self, lambda: self.auto_button.setText(self.tr("Auto")))
        retext(self, lambda: self.auto_button.setToolTip(self.tr("Window/level from the 1st..99th percentile")))
        self.auto_button.setObjectName("viewer_auto")
        self.fit_button = QPushButton(self)
        retext(self, lambda: self.fit_button.setText(self.tr("Fit")))
        self.fit_button.setObjectName("viewer_fit")
        self.heat_check = QCheckBox(self)
        retext(self, lambda: self.heat_check.setText(self.tr("Heatmap")))
        self.heat_check.setObjectName("viewer_heatmap")
        self.heat_check.setChecked(True)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity_slider.setObjectName("viewer_opacity")
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(60)
        self.opacity_slider.setMinimumWidth(80)
        self.opacity_slider.setMaximumWidth(140)
        self.outline_check = QCheckBox(self)
        retext(self, lambda: self.outline_check.setText(self.tr("Outline")))
        self.outline_check.setObjectName("viewer_outline")
        self.outline_check.setChecked(True)
        self.wl_label = QLabel("", self)
        self.wl_label.setObjectName("viewer_wl")
        self.wl_label.setMinimumWidth(130)
        for text, w in ((lambda: self.tr("Window"), self.window_slider), (lambda: self.tr("Level"), self.level_slider)):
            label = QLabel(self)
            retext(self, lambda label=label, text=text: label.setText(text()))
            c.addWidget(label)
            c.addWidget(w, 1)
        c.addWidget(self.wl_label)
        c.addWidget(self.auto_button)
        c2 = QHBoxLayout()  # second row: overlay and view (keeps the viewer narrow enough for side panels)
        c2.setContentsMargins(4, 0, 4, 0)
        c2.setSpacing(6)
        c2.addWidget(self.heat_check)
        opacity_label = QLabel(self)
        retext(self, lambda: opacity_label.setText(self.tr("Opacity")))
        c2.addWidget(opacity_label)
        c2.addWidget(self.opacity_slider, 1)
        c2.addWidget(self.outline_check)
        c2.addStretch(1)
        c2.addWidget(self.pixel_label)
        c2.addWidget(self.fit_button)
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(c)
        box.addLayout(c2)
        self.controls.setLayout(box)
        lay.addWidget(self.controls)
        self.controls.setVisible(controls)

        self.window_slider.valueChanged.connect(self._on_sliders)
        self.level_slider.valueChanged.connect(self._on_sliders)
        self.auto_button.clicked.connect(self.auto_window)
        self.fit_button.clicked.connect(self.fit)
        self.heat_check.toggled.connect(self._update_overlay_visibility)
        self.outline_check.toggled.connect(self._update_overlay_visibility)
        self.opacity_slider.valueChanged.connect(lambda v: self.heat_item.setOpacity(v / 100.0))
        self.clear(self.tr("no image"))

    def _slider(self, name: str) -> QSlider:
        s = QSlider(Qt.Orientation.Horizontal, self)
        s.setObjectName(name)
        s.setRange(1, SLIDER_STEPS)
        s.setMinimumWidth(70)
        s.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return s

    # ------------------------------------------------------------------ content
    def clear(self, message: str = "") -> None:
        """Remove image and overlay; show ``message`` (e.g. "image unreadable: ...") in the middle."""
        self.image = None
        self.heatmap = None
        self._contours = []
        self.img_item.clear()
        self.heat_item.clear()
        self.outline_item.setPath(QPainterPath())
        self.show_message(message)
        self.pixel_label.setText("")

    def show_message(self, text: str) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
        if text:
            r = self.view.viewRect()
            self.message.setPos(r.center() if self.image is None else QPointF(0, 0))
            if self.image is None:
                self.view.setRange(QRectF(0, 0, 100, 100), padding=0)
                self.message.setPos(50, 50)

    def set_image(self, img: np.ndarray, *, auto: bool = True, keep_view: bool = False) -> None:
        """Show ``img`` (2-D uint8/uint16/float; colour images are shown in grey).  ``auto``: window/level
        from its percentiles, else keep the current window/level."""
        a = np.asarray(img)
        if a.ndim == 3:
            a = a.mean(axis=2).astype(a.dtype) if a.shape[2] in (3, 4) else a[..., 0]
        if a.ndim != 2:
            raise ValueError(f"image must be 2-D, got shape {a.shape}")
        self.image = a
        if a.dtype == np.uint16:
            self._range = (0.0, 65535.0)
        elif a.dtype == np.uint8:
            self._range = (0.0, 255.0)
        else:
            lo, hi = float(np.nanmin(a)), float(np.nanmax(a))
            self._range = (min(0.0, lo), max(1.0, hi))
        self.img_item.setImage(a, autoLevels=False)
        self.img_item.setRect(QRectF(0, 0, a.shape[1], a.shape[0]))
        self.show_message("")
        if auto:
            self.auto_window()
        else:
            self.set_window_level(self._window, self._level)
        self.set_heatmap(None)
        if not keep_view:
            self.fit()

    def set_heatmap(self, heat: np.ndarray | None, threshold: float | None = None) -> None:
        """Overlay ``heat`` (float 0..1, image shape or coarser; stretched over the image) and outline
        the regions at or above ``threshold`` (default: the current :attr:`threshold`)."""
        if threshold is not None:
            self.threshold = float(threshold)
        if heat is None or self.image is None:
            self.heatmap = None
            self._contours = []
            self.heat_item.clear()
            self.outline_item.setPath(QPainterPath())
            return
        h = np.asarray(heat, dtype=np.float32)
        if h.ndim > 2:
            h = h.reshape(h.shape[-2:])
        self.heatmap = h
        self.heat_item.setImage(h, autoLevels=False, levels=(0.0, 1.0))
        self.heat_item.setRect(QRectF(0, 0, self.image.shape[1], self.image.shape[0]))
        self._contours = contours(h, self.threshold, self.image.shape)
        path = QPainterPath()
        for pts in self._contours:
            if len(pts) == 0:
                continue
            path.moveTo(QPointF(float(pts[0, 0]), float(pts[0, 1])))
            for x, y in pts[1:]:
                path.lineTo(QPointF(float(x), float(y)))
            path.closeSubpath()
        self.outline_item.setPath(path)
        self._update_overlay_visibility()

    def regions(self) -> list[np.ndarray]:
        """The outlined defect regions: (N, 2) arrays of (x, y) image pixels."""
        return list(self._contours)

    def _update_overlay_visibility(self) -> None:
        self.heat_item.setVisible(self.heat_check.isChecked() and self.heatmap is not None)
        self.outline_item.setVisible(self.outline_check.isChecked() and bool(self._contours))

    def set_opacity(self, opacity: float) -> None:
        self.opacity_slider.setValue(int(round(max(0.0, min(1.0, opacity)) * 100)))

    def opacity(self) -> float:
        return self.opacity_slider.value() / 100.0

    # ------------------------------------------------------------------ window / level
    def window_level(self) -> tuple[float, float]:
        return self._window, self._level

    def set_window_level(self, window: float, level: float) -> None:
        lo, hi = self._range
        span = max(hi - lo, 1e-12)
        self._window = float(min(max(window, span / SLIDER_STEPS), span))
        self._level = float(min(max(level, lo), hi))
        for s, v in ((self.window_slider, self._window / span), (self.level_slider, (self._level - lo) / span)):
            s.blockSignals(True)
            s.setValue(int(round(min(max(v, 0.0), 1.0) * SLIDER_STEPS)))
            s.blockSignals(False)
        if self.image is not None:
            self.img_item.setLevels((self._level - self._window / 2, self._level + self._window / 2))
        fmt = (lambda v: f"{v:.0f}") if span > 10 else (lambda v: f"{v:.3f}")
        self.wl_label.setText(f"W {fmt(self._window)}  L {fmt(self._level)}")
        self.sig_window_level_changed.emit(self._window, self._level)

    def auto_window(self) -> None:
        """Window/level over the 1st..99th percentile of the image, or of the part (pixels darker than
        the open beam) when the bright background would otherwise take most of the window."""
        if self.image is None:
            return
        sample = self.image[:: max(1, self.image.shape[0] // 512), :: max(1, self.image.shape[1] // 512)]
        sample = sample.astype(np.float32).ravel()
        p_lo, p_hi = np.percentile(sample, [1.0, 99.0])
        # radiographs: the open beam (bright background) would take most of the window; window on the
        # part (darker than the Otsu split between part and background) when it is a clear share
        if p_hi > p_lo:
            split = _otsu(sample, p_lo, p_hi)
            part = sample[sample < split]
            if 0.05 * sample.size < part.size < 0.95 * sample.size:
                p_lo, p_hi = np.percentile(part, [0.5, 99.5])
        span = self._range[1] - self._range[0]
        w = max(float(p_hi - p_lo), span / SLIDER_STEPS)
        self.set_window_level(w, float(p_hi + p_lo) / 2.0)

    def _on_sliders(self) -> None:
        lo, hi = self._range
        span = hi - lo
        self.set_window_level(self.window_slider.value() / SLIDER_STEPS * span,
                              lo + self.level_slider.value() / SLIDER_STEPS * span)

    def _on_wl_drag(self, dx: float, dy: float, _finished: bool) -> None:
        span = self._range[1] - self._range[0]
        # 1 screen pixel = 0.2 % of the range; window grows to the right, level rises upwards
        self.set_window_level(self._window * (1.0 + dx * 0.005), self._level - dy * span * 0.002)

    # ------------------------------------------------------------------ view
    def fit(self) -> None:
        """Show the whole image."""
        if self.image is not None:
            self.view.setRange(QRectF(0, 0, self.image.shape[1], self.image.shape[0]), padding=0.02)

    def zoom(self, factor: float, center: QPointF | None = None) -> None:
        """Zoom in (factor > 1) or out around ``center`` (image coordinates; default the view centre)."""
        s = 1.0 / float(factor)
        self.view.scaleBy((s, s), center=center)

    def view_rect(self) -> QRectF:
        return self.view.viewRect()

    def _on_mouse(self, args) -> None:
        if self.image is None:
            return
        p = self.view.mapSceneToView(args[0])
        x, y = int(np.floor(p.x())), int(np.floor(p.y()))
        h, w = self.image.shape
        if 0 <= x < w and 0 <= y < h:
            text = self.tr("x {0}  y {1}  value {2}").format(x, y, self.image[y, x])
            if self.heatmap is not None:
                hy = min(int(y * self.heatmap.shape[0] / h), self.heatmap.shape[0] - 1)
                hx = min(int(x * self.heatmap.shape[1] / w), self.heatmap.shape[1] - 1)
                text += "  " + self.tr("AI {0}").format(f"{self.heatmap[hy, hx]:.2f}")
        else:
            text = ""
        self.pixel_label.setText(text)
        self.sig_pixel.emit(text)


def demo_images(seed: int = 7, size: int = 384) -> tuple[np.ndarray, np.ndarray]:
    """A synthetic 16-bit wheel radiograph with defects and a heatmap made from its defect mask."""
    import cv2

    from vision.synth import make_part

    img, mask, _ = make_part("wheel", size, seed, ["porosity", "crack"])
    heat = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), size / 64)
    heat = np.clip(heat / max(float(heat.max()), 1e-6), 0, 1)
    return img, heat


def main() -> int:
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    theme.apply_theme(app)
    v = ImageViewer()
    img, heat = demo_images()
    v.set_image(img)
    v.set_heatmap(heat, threshold=0.5)
    v.resize(900, 800)
    v.setWindowTitle("Lineside image viewer - synthetic X-ray")
    v.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
