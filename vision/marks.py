"""Part-mark reading: DataMatrix ECC200 (square and rectangular) and QR codes, serial OCR. Qt-free.

    results = decode_image("part.png")          # path, or a numpy image / camera frame (BGR or gray)
    results[0].text, results[0].format, results[0].method   # "C12511230004", "DataMatrix", "plain"

Decoding order (:func:`decode_image`):

1. **plain**: zxing-cpp on the image as it is (exactly :func:`decode_plain`, the baseline), so a
   sample that plain zxing-cpp reads is never lost by Lineside's path;
2. only when that finds nothing, **direct-part-mark preprocessing** (laser-etched and dot-peened
   metal): at several scales, CLAHE contrast stretch, smoothing that merges peened dots, grey
   morphological close/open (fills the gaps between dots or etched cells, for dark-on-light and
   light-on-dark marks), adaptive and Otsu thresholds, and inversion; the first variant that
   decodes wins (``method`` names it, e.g. ``"dpm:x1.5/adaptive"``);
3. only when ``ocr=True`` and still nothing: the engraved alphanumeric serial is read with the
   tesseract CLI (:func:`ocr_serial`); without tesseract installed this step is skipped and
   :func:`ocr_status` says so.

Mark images for the demo and the tests: :func:`render_mark` writes a clean DataMatrix PNG;
:func:`synth_mark` draws a laser-etched or dot-peened mark on a brushed-metal texture (jitter,
blur, low contrast, noise).  Camera frames come from :class:`CameraReader` (OpenCV capture).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

__all__ = ["MarkResult", "MarkError", "decode_image", "decode_plain", "decode_file", "load_gray",
           "dpm_variants", "ocr_serial", "ocr_status", "tesseract_path", "render_mark", "mark_matrix",
           "synth_mark", "CameraReader", "DEFAULT_FORMATS", "MARK_EXTENSIONS"]

#: symbologies a part mark may use
DEFAULT_FORMATS = ("DataMatrix", "QRCode")
MARK_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pgm")


class MarkError(Exception):
    """An image that cannot be read (missing, unreadable, corrupt); one-line message."""


@dataclass(frozen=True)
class MarkResult:
    """One decoded mark.  ``text`` is the content in zxing-cpp's plain text mode (GS1 / ISO 15434
    separators kept as control characters); ``format`` the symbology (``DataMatrix``, ``QRCode``,
    ``OCR``); ``method`` how it was read (``plain``, ``dpm:<scale>/<filter>``, ``ocr``);
    ``corners`` the four corner points (x, y) in the input image, when known."""

    text: str
    format: str
    method: str
    corners: tuple[tuple[float, float], ...] = field(default=())

    def to_dict(self) -> dict:
        d = asdict(self)
        d["corners"] = [list(p) for p in self.corners]
        return d


def _cv2():
    import cv2

    return cv2


def _zx():
    import zxingcpp

    return zxingcpp


def _formats(formats: Sequence[str]) -> tuple:
    zx = _zx()
    out = []
    for name in formats:
        f = getattr(zx.BarcodeFormat, name, None)
        if f is None:
            raise ValueError(f"unknown barcode format {name!r}")
        out.append(f)
    return tuple(out)


# ----------------------------------------------------------------------------------------- input
def load_gray(image_or_path) -> np.ndarray:
    """A path (any OpenCV-readable file incl. WebP, non-ASCII paths) or an array -> 8-bit grayscale.

    Colour frames are taken as BGR (OpenCV); 16-bit and float images are scaled to 8 bits.
    Raises :class:`MarkError` with a one-line reason."""
    cv2 = _cv2()
    if isinstance(image_or_path, (str, os.PathLike)):
        from vision.io import ImageError, read_image

        try:  # the one image reader (8/16-bit, WebP, non-ASCII paths, one-line errors)
            image_or_path, _meta = read_image(image_or_path, gray=True)
        except ImageError as exc:
            raise MarkError(str(exc)) from None
    img = np.asarray(image_or_path)
    if img.size == 0 or img.ndim not in (2, 3):
        raise MarkError(f"not an image: array of shape {img.shape}")
    if img.ndim == 3:
        if img.shape[2] == 4:
            img = img[:, :, :3]
        img = cv2.cvtColor(np.ascontiguousarray(img), cv2.COLOR_BGR2GRAY) if img.shape[2] == 3 else img[:, :, 0]
    if img.dtype == np.uint8:
        return np.ascontiguousarray(img)
    if img.dtype == np.uint16:
        return (img >> 8).astype(np.uint8)
    f = img.astype(np.float64)
    if f.max() <= 1.0 + 1e-9:
        f = f * 255.0
    return np.clip(np.rint(f), 0, 255).astype(np.uint8)


# ---------------------------------------------------------------------------------------- decode
def _read(gray: np.ndarray, fmts, **kw) -> list:
    zx = _zx()
    return zx.read_barcodes(gray, formats=fmts, text_mode=zx.TextMode.Plain, **kw)


def _results(found, method: str, scale: float = 1.0) -> list[MarkResult]:
    out: list[MarkResult] = []
    seen: set[tuple[str, str]] = set()
    for b in found:
        fmt = getattr(b.format, "name", None) or str(b.format).replace(" ", "")
        if (b.text, fmt) in seen:
            continue
        seen.add((b.text, fmt))
        pos = b.position
        corners = tuple((p.x / scale, p.y / scale) for p in (pos.top_left, pos.top_right, pos.bottom_right,
                                                              pos.bottom_left))
        out.append(MarkResult(text=b.text, format=fmt, method=method, corners=corners))
    return out


def decode_plain(image_or_path, formats: Sequence[str] = DEFAULT_FORMATS) -> list[MarkResult]:
    """The baseline: zxing-cpp on the image as it is (default options), nothing else."""
    gray = load_gray(image_or_path)
    return _results(_read(gray, _formats(formats)), "plain")


def _scales(gray: np.ndarray) -> tuple[float, ...]:
    """Scales to retry at: small images are enlarged (thin etched cells), large ones reduced."""
    side = max(gray.shape[:2])
    if side < 400:
        return (1.0, 1.5, 2.0, 3.0)
    if side > 1600:
        return (0.5, 1.0, 0.25)
    return (1.0, 1.5, 0.5, 2.0)


def dpm_variants(gray: np.ndarray) -> Iterator[tuple[str, float, np.ndarray]]:
    """Preprocessed versions of a direct-part-mark image, cheapest and most likely first:
    ``(name, scale, image)``.  Filters: CLAHE, Gaussian and median smoothing (merge peened dots),
    grey close and open (fill gaps between dots/cells for dark-on-light and light-on-dark marks),
    adaptive (mean) threshold, Otsu threshold, inversion."""
    cv2 = _cv2()
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
    for scale in _scales(gray):
        if scale == 1.0:
            g = gray
        else:
            interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
            g = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interp)
        tag = f"x{scale:g}"
        if scale != 1.0:
            yield f"{tag}/resize", scale, g
        eq = clahe.apply(g)
        yield f"{tag}/clahe", scale, eq
        for sigma in (1.0, 2.5, 3.5):  # fine etched cells, then coarse peened dots
            k = 3 if sigma < 2 else 7
            se = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
            f = f"{tag}/s{sigma:g}"
            blur = cv2.GaussianBlur(eq, (0, 0), sigma)
            yield f"{f}/blur", scale, blur
            yield f"{f}/close", scale, cv2.morphologyEx(blur, cv2.MORPH_CLOSE, se)
            yield f"{f}/open", scale, cv2.morphologyEx(blur, cv2.MORPH_OPEN, se)
            block = max(15, (int(min(g.shape) / 6) | 1))
            adaptive = cv2.adaptiveThreshold(blur, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 2)
            yield f"{f}/adaptive", scale, adaptive
            yield f"{f}/adaptive-close", scale, cv2.morphologyEx(adaptive, cv2.MORPH_CLOSE, se)
            yield f"{f}/adaptive-open", scale, cv2.morphologyEx(adaptive, cv2.MORPH_OPEN, se)
            _, otsu = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
            yield f"{f}/otsu", scale, otsu
        yield f"{tag}/invert", scale, 255 - eq


def decode_image(image_or_path, formats: Sequence[str] = DEFAULT_FORMATS, *, preprocess: bool = True,
                 ocr: bool = False, serial_pattern: str | None = None,
                 time_budget_s: float = 3.0) -> list[MarkResult]:
    """Read the marks in a file or a camera frame -> list of :class:`MarkResult` (empty: none found).

    Plain zxing-cpp first; the direct-part-mark retries (:func:`dpm_variants`) run only when it
    finds nothing, and stop at the first variant that decodes or after ``time_budget_s``.  With
    ``ocr`` and nothing decoded, the engraved serial is read by OCR (tesseract, when installed),
    keeping only text that matches ``serial_pattern`` when one is given.
    Raises :class:`MarkError` when the image cannot be read."""
    gray = load_gray(image_or_path)
    fmts = _formats(formats)
    found = _results(_read(gray, fmts), "plain")
    if found or not preprocess:
        return found if found or not ocr else _ocr_results(gray, serial_pattern)
    deadline = time.perf_counter() + time_budget_s
    zx = _zx()
    for name, scale, img in dpm_variants(gray):
        for binarizer in (zx.Binarizer.LocalAverage, zx.Binarizer.GlobalHistogram):
            hits = _read(img, fmts, binarizer=binarizer)
            if hits:
                return _results(hits, f"dpm:{name}", scale)
        if time.perf_counter() > deadline:
            break
    return _ocr_results(gray, serial_pattern) if ocr else []


def decode_file(path, **kw) -> dict:
    """One line of ``lineside trace decode``: ``{"image", "text", "format", "method", "ms", "error"}``
    (text/format/method None when nothing was read; ``results`` lists every mark found)."""
    t0 = time.perf_counter()
    row: dict = {"image": str(path), "text": None, "format": None, "method": None, "ms": None, "error": None}
    try:
        res = decode_image(path, **kw)
    except MarkError as exc:
        row["error"] = str(exc)
        res = []
    row["ms"] = round((time.perf_counter() - t0) * 1000.0, 2)
    if res:
        row.update(text=res[0].text, format=res[0].format, method=res[0].method)
        if len(res) > 1:
            row["results"] = [r.to_dict() for r in res]
    elif row["error"] is None:
        row["error"] = "no mark found"
    return row


# ------------------------------------------------------------------------------------------- OCR
def tesseract_path() -> str | None:
    """The tesseract executable (``LINESIDE_TESSERACT`` or on PATH), None when not installed."""
    env = os.environ.get("LINESIDE_TESSERACT")
    if env:
        return env if Path(env).is_file() else None
    return shutil.which("tesseract")


def ocr_status() -> str:
    """One line for users: which OCR engine serial fallback uses, or that none is installed."""
    exe = tesseract_path()
    if exe is None:
        return ("no OCR engine installed: engraved serials cannot be read as text "
                "(install tesseract-ocr, e.g. `apt-get install tesseract-ocr`)")
    return f"OCR by tesseract ({exe})"


def _ocr_results(gray: np.ndarray, serial_pattern: str | None) -> list[MarkResult]:
    try:
        texts = ocr_serial(gray, serial_pattern)
    except MarkError:
        return []
    return [MarkResult(text=t, format="OCR", method="ocr") for t in texts]


def ocr_serial(image_or_path, serial_pattern: str | None = None, *, timeout_s: float = 10.0) -> list[str]:
    """Engraved alphanumeric serials read by the tesseract CLI (single text line, A-Z 0-9 - only).

    Tokens of 4+ characters are returned, those matching ``serial_pattern`` (regex, full match)
    only when a pattern is given.  Raises :class:`MarkError` when no OCR engine is installed
    (see :func:`ocr_status`) or tesseract fails."""
    exe = tesseract_path()
    if exe is None:
        raise MarkError(ocr_status())
    cv2 = _cv2()
    gray = load_gray(image_or_path)
    if max(gray.shape) < 600:
        gray = cv2.resize(gray, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
    _, bw = cv2.threshold(cv2.GaussianBlur(gray, (3, 3), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if np.mean(bw) < 128:  # text must be dark on light for tesseract
        bw = 255 - bw
    with tempfile.TemporaryDirectory(prefix="lineside-ocr-") as tmp:
        src = Path(tmp) / "serial.png"
        cv2.imwrite(str(src), bw)
        texts: list[str] = []
        for psm in ("7", "6", "11"):
            try:
                proc = subprocess.run(
                    [exe, str(src), "stdout", "--psm", psm, "-c",
                     "tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"],
                    capture_output=True, text=True, timeout=timeout_s)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise MarkError(f"tesseract failed: {exc}") from None
            if proc.returncode != 0:
                raise MarkError(f"tesseract failed: {(proc.stderr or '').strip().splitlines()[-1:] or proc.returncode}")
            for tok in re.findall(r"[A-Z0-9-]{4,}", proc.stdout.upper()):
                if serial_pattern is None or re.fullmatch(serial_pattern, tok):
                    if tok not in texts:
                        texts.append(tok)
            if texts:
                break
    return texts


# --------------------------------------------------------------------------------------- camera
class CameraReader:
    """Frames from a camera (OpenCV ``VideoCapture``: device index or stream URL) decoded as marks.

        with CameraReader(0) as cam:
            results = cam.read_marks()        # [] when the frame holds no mark
    """

    def __init__(self, source: int | str = 0):
        self.source = source
        self._cap = None

    def open(self) -> "CameraReader":
        cv2 = _cv2()
        cap = cv2.VideoCapture(self.source)
        if not cap.isOpened():
            cap.release()
            raise MarkError(f"camera {self.source!r} cannot be opened")
        self._cap = cap
        return self

    def frame(self) -> np.ndarray:
        if self._cap is None:
            self.open()
        ok, frame = self._cap.read()
        if not ok or frame is None:
            raise MarkError(f"camera {self.source!r} gave no frame")
        return frame

    def read_marks(self, **kw) -> list[MarkResult]:
        return decode_image(self.frame(), **kw)

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def __enter__(self) -> "CameraReader":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()


# ------------------------------------------------------------------------------- mark rendering
def mark_matrix(text: str, fmt: str = "DataMatrix") -> np.ndarray:
    """The module matrix of ``text`` (bool, True = dark module), without quiet zone."""
    zx = _zx()
    bc = zx.create_barcode(text, getattr(zx.BarcodeFormat, fmt))
    img = np.asarray(bc.to_image(scale=1, add_quiet_zones=False))
    return img < 128


def render_mark(text: str, path: str | os.PathLike | None = None, *, module_px: int = 8,
                fmt: str = "DataMatrix") -> np.ndarray:
    """A clean mark image (8-bit, dark modules on white, 2-module quiet zone); written as PNG to
    ``path`` when given (folders created)."""
    cv2 = _cv2()
    m = mark_matrix(text, fmt)
    img = np.where(m, 0, 255).astype(np.uint8)
    img = np.kron(img, np.ones((module_px, module_px), np.uint8))
    img = np.pad(img, 2 * module_px, constant_values=255)
    if path is not None:
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        ok, buf = cv2.imencode(".png", img)
        if not ok:
            raise MarkError(f"{p}: cannot encode PNG")
        buf.tofile(str(p))
    return img


def _metal(shape: tuple[int, int], rng: np.random.Generator, base: float) -> np.ndarray:
    """Brushed-metal texture: base grey + horizontal streaks + grain + a lighting gradient."""
    cv2 = _cv2()
    h, w = shape
    streaks = cv2.GaussianBlur(rng.normal(0, 1, (h, w)), (0, 0), sigmaX=12.0, sigmaY=0.6)
    streaks /= max(1e-6, streaks.std())
    yy, xx = np.mgrid[0:h, 0:w]
    ang = rng.uniform(0, 2 * np.pi)
    grad = (np.cos(ang) * (xx / w - 0.5) + np.sin(ang) * (yy / h - 0.5))
    return base + 6.0 * streaks + 3.0 * rng.normal(0, 1, (h, w)) + 30.0 * grad


def synth_mark(text: str, style: str = "laser", *, seed: int | None = None, module_px: float | None = None,
               contrast: float | None = None, blur: float | None = None, jitter: float | None = None,
               rotate_deg: float | None = None) -> np.ndarray:
    """A direct part mark of ``text`` on a metal-like texture (8-bit grey).

    ``style``: ``laser`` (etched cells, slightly rounded, darker than the metal) or ``dotpeen``
    (one round dot per dark module with a dark centre and a light rim, positions jittered).
    Unset parameters are drawn at random (seeded): module 6-10 px, contrast 35-70 grey levels,
    blur sigma 0.5-1.6 px, dot position jitter 0-10 % of a module (sigma), rotation +-20 degrees."""
    if style not in ("laser", "dotpeen"):
        raise ValueError(f"style {style!r}: laser or dotpeen")
    cv2 = _cv2()
    rng = np.random.default_rng(seed)
    m = mark_matrix(text)
    mp = float(module_px if module_px is not None else rng.uniform(6.0, 10.0))
    c = float(contrast if contrast is not None else rng.uniform(35.0, 70.0))
    sig = float(blur if blur is not None else rng.uniform(0.5, 1.6))
    jit = float(jitter if jitter is not None else rng.uniform(0.0, 0.10))
    rot = float(rotate_deg if rotate_deg is not None else rng.uniform(-20, 20))
    rows, cols = m.shape
    quiet = 4
    h = int(round((rows + 2 * quiet) * mp))
    w = int(round((cols + 2 * quiet) * mp))
    base = rng.uniform(120.0, 170.0)
    img = _metal((h, w), rng, base)
    mark = np.zeros((h, w), np.float64)
    for r, cidx in zip(*np.nonzero(m)):
        y0 = (r + quiet) * mp
        x0 = (cidx + quiet) * mp
        if style == "laser":
            pad = mp * 0.06
            cv2.rectangle(mark, (int(round(x0 + pad)), int(round(y0 + pad))),
                          (int(round(x0 + mp - pad)) - 1, int(round(y0 + mp - pad)) - 1), 1.0, -1)
        else:
            cx = x0 + mp / 2 + rng.normal(0, jit * mp)
            cy = y0 + mp / 2 + rng.normal(0, jit * mp)
            rad = mp * rng.uniform(0.36, 0.46)
            cv2.circle(mark, (int(round(cx * 4)), int(round(cy * 4))), int(round(rad * 4)), 1.0, -1,
                       lineType=cv2.LINE_AA, shift=2)
            # light rim on the lit side of the crater
            cv2.circle(mark, (int(round((cx - rad * 0.35) * 4)), int(round((cy - rad * 0.35) * 4))),
                       int(round(rad * 0.35 * 4)), 0.45, -1, lineType=cv2.LINE_AA, shift=2)
    if style == "laser":
        mark = cv2.GaussianBlur(mark, (0, 0), max(0.3, mp * 0.08))
        mark *= rng.uniform(0.85, 1.0, mark.shape) if rng.random() < 0.5 else 1.0
    img = img - c * mark
    if sig > 0:
        img = cv2.GaussianBlur(img, (0, 0), sig)
    img += rng.normal(0, 3.0, img.shape)
    if rot:
        M = cv2.getRotationMatrix2D((w / 2, h / 2), rot, 1.0)
        img = cv2.warpAffine(img, M, (w, h), borderMode=cv2.BORDER_REFLECT)
    return np.clip(img, 0, 255).astype(np.uint8)
