"""Image input/output: 8- and 16-bit PNG/TIFF/JPEG -> float32 in [0, 1] plus metadata.

``read_image`` never crashes on a bad file: a missing, unreadable or corrupt file raises
:class:`ImageError` with a one-line reason. Non-ASCII (e.g. Windows) paths work because the bytes
are read with ``np.fromfile`` and decoded with ``cv2.imdecode``.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

IMAGE_EXTENSIONS = (".png", ".tif", ".tiff", ".jpg", ".jpeg", ".bmp", ".pgm")


class ImageError(Exception):
    """An image file that cannot be used (missing, unreadable, corrupt, unsupported)."""


def _cv2():
    import cv2

    return cv2


def read_image(path: str | os.PathLike, *, gray: bool = True) -> tuple[np.ndarray, dict]:
    """Read ``path`` -> (float32 array in [0, 1], meta).

    meta: ``{"path", "bit_depth" (8|16|32), "shape" (h, w), "channels", "dtype"}``. Colour images
    are converted to grayscale when ``gray`` (X-ray and inspection cameras are monochrome).
    16-bit images are scaled by 1/65535, 8-bit by 1/255; float images are clipped to [0, 1].
    """
    cv2 = _cv2()
    p = Path(path)
    if not p.exists():
        raise ImageError(f"{p}: no such file")
    if p.is_dir():
        raise ImageError(f"{p}: is a folder, not an image")
    try:
        buf = np.fromfile(str(p), dtype=np.uint8)
    except OSError as exc:
        raise ImageError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if buf.size == 0:
        raise ImageError(f"{p}: empty file")
    try:
        img = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED | cv2.IMREAD_ANYDEPTH)
    except cv2.error:
        img = None
    if img is None or img.size == 0:
        raise ImageError(f"{p}: not a readable image (corrupt or unsupported format)")
    channels = 1 if img.ndim == 2 else img.shape[2]
    if img.ndim == 3:
        if channels == 4:
            img = img[:, :, :3]
            channels = 3
        if gray:
            img = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.shape[2] == 3 else img[:, :, 0]
    dtype = img.dtype
    if dtype == np.uint8:
        depth, out = 8, img.astype(np.float32) / 255.0
    elif dtype == np.uint16:
        depth, out = 16, img.astype(np.float32) / 65535.0
    elif dtype == np.int16:
        depth, out = 16, (img.astype(np.float32) + 32768.0) / 65535.0
    elif dtype in (np.float32, np.float64):
        depth, out = 32, np.clip(np.nan_to_num(img.astype(np.float32)), 0.0, 1.0)
    else:
        raise ImageError(f"{p}: unsupported pixel type {dtype}")
    meta = {"path": str(p), "bit_depth": depth, "shape": tuple(int(s) for s in out.shape[:2]),
            "channels": int(channels), "dtype": str(dtype)}
    return np.ascontiguousarray(out, dtype=np.float32), meta


def load(path: str | os.PathLike) -> np.ndarray:
    """Just the float32 [0, 1] grayscale array of :func:`read_image`."""
    return read_image(path)[0]


def _encode_write(path: Path, img: np.ndarray, ext: str) -> None:
    cv2 = _cv2()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok, enc = cv2.imencode(ext, img)
    if not ok:
        raise ImageError(f"{path}: cannot encode image")
    enc.tofile(str(path))  # works with non-ASCII paths, unlike cv2.imwrite on Windows


def to_uint16(img: np.ndarray) -> np.ndarray:
    a = np.asarray(img)
    if a.dtype == np.uint16:
        return a
    return np.round(np.clip(a.astype(np.float32), 0.0, 1.0) * 65535.0).astype(np.uint16)


def to_uint8(img: np.ndarray) -> np.ndarray:
    a = np.asarray(img)
    if a.dtype == np.uint8:
        return a
    if a.dtype == np.uint16:
        return (a >> 8).astype(np.uint8)
    return np.round(np.clip(a.astype(np.float32), 0.0, 1.0) * 255.0).astype(np.uint8)


def write_png16(path: str | os.PathLike, img: np.ndarray) -> Path:
    """Write a 16-bit PNG from uint16 or float [0, 1] data."""
    p = Path(path)
    _encode_write(p, to_uint16(img), ".png")
    return p


def write_png8(path: str | os.PathLike, img: np.ndarray) -> Path:
    """Write an 8-bit PNG from uint8, uint16 (top byte) or float [0, 1] data."""
    p = Path(path)
    _encode_write(p, to_uint8(img), ".png")
    return p


def write_image(path: str | os.PathLike, img: np.ndarray) -> Path:
    """Write with the format given by the suffix (PNG/TIFF keep 16 bits for uint16/float input)."""
    p = Path(path)
    ext = p.suffix.lower() or ".png"
    if ext in (".png", ".tif", ".tiff"):
        data = img if np.asarray(img).dtype == np.uint8 else to_uint16(img)
    else:
        data = to_uint8(img)
    _encode_write(p, data, ext)
    return p


def list_images(folder: str | os.PathLike) -> list[Path]:
    """Image files directly in ``folder`` (sorted by name); [] when the folder does not exist."""
    d = Path(folder)
    if not d.is_dir():
        return []
    return sorted(f for f in d.iterdir() if f.is_file() and f.suffix.lower() in IMAGE_EXTENSIONS)


OK_DIRS = ("ok", "class_0")          # class_0/class_1: the layout of public patch data sets
DEFECT_DIRS = ("defect", "class_1")


def collect_samples(data_dir) -> list[tuple[Path, int, Path | None]]:
    """[(image path, label, mask path or None)] from DIR/ok (or DIR/class_0) and DIR/defect
    (or DIR/class_1)."""
    d = Path(data_dir)
    out = []
    masks = {p.stem: p for p in list_images(d / "masks")}
    for names, label in ((OK_DIRS, 0), (DEFECT_DIRS, 1)):
        for sub in names:
            for p in list_images(d / sub):
                out.append((p, label, masks.get(p.stem) if label == 1 else None))
    return out
