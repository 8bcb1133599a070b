"""Image input/output: 8- and 16-bit PNG/TIFF/JPEG and DICOM (pydicom) -> float32 in [0, 1] plus metadata.

``read_image`` never crashes on a bad file: a missing, unreadable or corrupt file raises
:class:`ImageError` with a one-line reason. Non-ASCII (e.g. Windows) paths work because the bytes
are read with ``np.fromfile`` and decoded with ``cv2.imdecode``.

Bounded: the pixel count is read from the file's header before anything is decoded, and an image of more
than :func:`max_image_pixels` (64 megapixels; ``LINESIDE_MAX_IMAGE_PIXELS`` sets another) is refused (a
390 KB PNG can claim 20,000 x 20,000 pixels: 12 GB decoded).  :func:`image_problem` says why an image that
did decode holds nothing to inspect (tiny, or flat: blank, white, one grey), so that it goes to review and
is never judged "ok".
"""
from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

IMAGE_EXTENSIONS = (".png", ".tif", ".tiff", ".jpg", ".jpeg", ".bmp", ".pgm", ".dcm")
#: default largest image, in pixels (a 4096 x 4096 detector panel is 16.8 M)
MAX_IMAGE_PIXELS = 64_000_000
MAX_PIXELS_ENV = "LINESIDE_MAX_IMAGE_PIXELS"
#: an image smaller than this on a side holds no part to inspect
MIN_SIDE_PX = 32
#: an image whose values span less than this fraction of full scale (1st to 99th percentile) is flat
MIN_CONTRAST = 0.004


class ImageError(Exception):
    """An image file that cannot be used (missing, unreadable, corrupt, unsupported)."""


def max_image_pixels() -> int:
    """The largest image accepted, in pixels: ``LINESIDE_MAX_IMAGE_PIXELS`` or :data:`MAX_IMAGE_PIXELS`."""
    raw = os.environ.get(MAX_PIXELS_ENV, "")
    try:
        value = int(float(raw)) if raw else MAX_IMAGE_PIXELS
    except ValueError:
        value = MAX_IMAGE_PIXELS
    return value if value > 0 else MAX_IMAGE_PIXELS


def _cv2():
    # OpenCV's own ceiling as a second line, for formats whose header is not read below
    os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(max_image_pixels()))
    import cv2

    return cv2


_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the header of a PNG, JPEG, TIFF, BMP or PGM/PPM file, without decoding its pixels;
    None when the format is another or the header is damaged (OpenCV then decides, with its own ceiling).
    Plain byte parsing: the station bundle carries no imaging library besides OpenCV."""
    try:
        if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
            w, h = struct.unpack(">II", data[16:24])
            return int(w), int(h)
        if data[:4] in (b"II*\x00", b"MM\x00*"):
            return _tiff_size(data, "<" if data[:2] == b"II" else ">")
        if data[:2] == b"\xff\xd8":
            return _jpeg_size(data)
        if data[:2] == b"BM" and len(data) >= 26:
            if struct.unpack("<I", data[14:18])[0] == 12:  # OS/2 header: 16-bit sizes
                w, h = struct.unpack("<HH", data[18:22])
            else:
                w, h = struct.unpack("<ii", data[18:26])
            return abs(int(w)), abs(int(h))
        if data[:1] == b"P" and data[1:2] in (b"1", b"2", b"3", b"4", b"5", b"6"):
            tokens = []
            for line in data[2:4096].split(b"\n"):
                tokens += line.split(b"#", 1)[0].split()
                if len(tokens) >= 2:
                    return int(tokens[0]), int(tokens[1])
    except (struct.error, ValueError, IndexError):
        return None
    return None


def is_dicom(data: bytes) -> bool:
    """A DICOM Part 10 file: 128-byte preamble, then ``DICM``."""
    return len(data) >= 132 and data[128:132] == b"DICM"


def _pydicom(path: Path):
    try:
        import pydicom
    except ImportError:
        raise ImageError(f"{path}: a DICOM file, and pydicom is not installed (pip install pydicom)") from None
    return pydicom


def _dicom_size(path: Path, data: bytes) -> tuple[int, int] | None:
    """(width, height) x frames of a DICOM image from its header (the pixel data is not read)."""
    import io

    pydicom = _pydicom(path)
    try:
        ds = pydicom.dcmread(io.BytesIO(data), stop_before_pixels=True)
        frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
        return int(ds.Columns), int(ds.Rows) * max(1, frames)
    except Exception as exc:  # noqa: BLE001 - a damaged header: refused, never guessed
        raise ImageError(f"{path}: not a readable DICOM header ({type(exc).__name__}: {exc})") from None


def _dicom_pixels(path: Path, data: bytes) -> np.ndarray:
    """The first frame of a DICOM image as unsigned integers of its stored bit depth (MONOCHROME1, where white is
    low, inverted to the usual convention).  Compressed transfer syntaxes need pydicom's optional decoders."""
    import io

    pydicom = _pydicom(path)
    try:
        ds = pydicom.dcmread(io.BytesIO(data))
        arr = np.asarray(ds.pixel_array)
    except Exception as exc:  # noqa: BLE001
        syntax = getattr(getattr(getattr(locals().get("ds"), "file_meta", None), "TransferSyntaxUID", None),
                         "name", "?")
        raise ImageError(f"{path}: DICOM pixel data not decoded (transfer syntax {syntax}: {exc})") from None
    if arr.ndim == 3 and int(getattr(ds, "SamplesPerPixel", 1) or 1) == 1:
        arr = arr[0]  # several frames: the first
    if arr.ndim != 2:
        raise ImageError(f"{path}: DICOM image of shape {arr.shape}: one monochrome frame expected")
    bits = int(getattr(ds, "BitsStored", 16) or 16)
    full = (1 << bits) - 1
    a = arr.astype(np.int64)
    if int(getattr(ds, "PixelRepresentation", 0) or 0) == 1:  # signed
        a = a + (1 << (bits - 1))
    a = np.clip(a, 0, full)
    if str(getattr(ds, "PhotometricInterpretation", "MONOCHROME2")).upper() == "MONOCHROME1":
        a = full - a
    return (a * (65535.0 / full)).round().astype(np.uint16) if bits > 8 else a.astype(np.uint8)


def _tiff_size(data: bytes, e: str) -> tuple[int, int] | None:
    """ImageWidth (256) and ImageLength (257) of a TIFF's first image directory."""
    off = struct.unpack(e + "I", data[4:8])[0]
    n = struct.unpack(e + "H", data[off:off + 2])[0]
    found: dict[int, int] = {}
    for i in range(n):
        entry = data[off + 2 + 12 * i:off + 14 + 12 * i]
        tag, typ = struct.unpack(e + "HH", entry[:4])
        if tag in (256, 257):
            found[tag] = struct.unpack(e + "H", entry[8:10])[0] if typ == 3 else struct.unpack(e + "I", entry[8:12])[0]
    return (int(found[256]), int(found[257])) if 256 in found and 257 in found else None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The size in a JPEG's start-of-frame segment (walking the segments before it)."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # no length
            i += 2
            continue
        if marker in _JPEG_SOF:
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return int(w), int(h)
        i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0]
    return None


def image_problem(img: np.ndarray) -> str | None:
    """Why a decoded image (float, [0, 1]) holds nothing to inspect, or None: too small, or flat (blank,
    white, one grey level: the 1st-99th percentile span below :data:`MIN_CONTRAST` of full scale)."""
    h, w = img.shape[:2]
    if min(h, w) < MIN_SIDE_PX:
        return f"image of {w} x {h} pixels is too small to inspect (at least {MIN_SIDE_PX} a side)"
    step = max(1, int(np.sqrt(h * w / 250_000)))  # a quarter-megapixel sample is plenty for percentiles
    lo, hi = np.percentile(img[::step, ::step], (1, 99))
    if not np.isfinite(lo) or not np.isfinite(hi) or hi - lo < MIN_CONTRAST:
        return f"image is flat (values {lo:.3f} to {hi:.3f}): blank, white or one grey level, nothing to inspect"
    return None


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
    head = buf[:1 << 20].tobytes()
    dicom = is_dicom(head)
    size = _dicom_size(p, buf.tobytes()) if dicom else header_size(head)
    limit = max_image_pixels()
    if size is not None and size[0] * size[1] > limit:
        raise ImageError(f"{p}: {size[0]} x {size[1]} = {size[0] * size[1]:,} pixels, more than the limit of "
                         f"{limit:,} ({MAX_PIXELS_ENV}); not decoded")
    if dicom:
        img = _dicom_pixels(p, buf.tobytes())
    else:
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
