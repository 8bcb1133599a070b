"""Image viewer: 16-bit window/level (sliders, auto, right-drag), heatmap overlay + opacity,
defect outlines from the thresholded heatmap, zoom and fit."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF

from widgets.image_viewer import ImageViewer, contours, demo_images


@pytest.fixture
def viewer(qtbot):
    v = ImageViewer()
    qtbot.addWidget(v)
    v.resize(700, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


def test_16bit_window_level(viewer):
    img = np.linspace(1000, 60000, 128 * 128).reshape(128, 128).astype(np.uint16)
    viewer.set_image(img)
    w, l = viewer.window_level()
    assert 1000 <= l - w / 2 and l + w / 2 <= 60000 and w > 20000   # auto: inside the data
    lo, hi = viewer.img_item.getLevels()
    assert hi - lo == pytest.approx(w) and (hi + lo) / 2 == pytest.approx(l)
    viewer.window_slider.setValue(100)                        # 10 % of the 16-bit range
    assert viewer.window_level()[0] == pytest.approx(6553.5)
    assert viewer.img_item.getLevels()[1] - viewer.img_item.getLevels()[0] == pytest.approx(6553.5)
    viewer.set_window_level(2000, 40000)
    assert viewer.window_level() == (2000, 40000) and "W 2000  L 40000" in viewer.wl_label.text()
    viewer._on_wl_drag(100, -50, True)                        # right-drag: wider window, higher level
    w2, l2 = viewer.window_level()
    assert w2 > 2000 and l2 > 40000
    viewer.auto_button.click()
    assert viewer.window_level() == (w, l)


def test_auto_window_ignores_the_open_beam_background(viewer):
    img = np.full((100, 100), 62000, np.uint16)               # open beam
    img[20:80, 20:80] = np.linspace(10000, 30000, 60 * 60).reshape(60, 60).astype(np.uint16)  # the part
    viewer.set_image(img)
    w, l = viewer.window_level()
    lo, hi = l - w / 2, l + w / 2
    assert 9000 < lo < 11000 and 29000 < hi < 31000


def test_heatmap_overlay_opacity_and_outlines(viewer):
    img, heat = demo_images(size=192)
    viewer.set_image(img)
    viewer.set_heatmap(heat, threshold=0.5)
    assert viewer.heat_item.isVisible() and viewer.outline_item.isVisible()
    regions = viewer.regions()
    assert len(regions) >= 1
    ys, xs = np.nonzero(heat >= 0.5)
    pts = np.concatenate(regions)
    assert xs.min() - 1 <= pts[:, 0].min() and pts[:, 0].max() <= xs.max() + 2
    viewer.set_opacity(0.8)
    assert viewer.heat_item.opacity() == pytest.approx(0.8)
    viewer.heat_check.setChecked(False)
    assert not viewer.heat_item.isVisible()
    viewer.outline_check.setChecked(False)
    assert not viewer.outline_item.isVisible()
    viewer.set_heatmap(None)
    assert viewer.regions() == []


def test_coarse_heatmap_contours_scale_to_the_image():
    heat = np.zeros((8, 8), np.float32)
    heat[2:4, 4:6] = 0.9
    (c,) = contours(heat, 0.5, shape=(64, 64))
    assert c[:, 0].min() >= 32 and c[:, 0].max() <= 48 and c[:, 1].min() >= 16 and c[:, 1].max() <= 32
    assert contours(heat, 0.95) == []


def test_zoom_and_fit(viewer):
    img, _ = demo_images(size=128)
    viewer.set_image(img)
    full = viewer.view_rect()
    assert full.width() >= 128 * 0.99
    viewer.zoom(4.0, QPointF(64, 64))
    assert viewer.view_rect().width() < full.width() / 3
    viewer.fit()
    assert viewer.view_rect().width() == pytest.approx(full.width(), rel=0.05)


def test_clear_shows_a_message(viewer):
    viewer.clear("image unreadable: bad.png")
    assert viewer.image is None and viewer.message.isVisible()
    assert "unreadable" in viewer.message.textItem.toPlainText()
