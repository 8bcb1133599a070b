"""Synthetic X-ray radiographs of aluminium castings with simulated defects (numpy + OpenCV).

Physics (simplified, but in the right direction):
    thickness map t(x, y) [mm] of the part (wheel: rim, spokes, hub, bolt holes; knuckle: body,
    arms, bores)  ->  defects edit the material path: voids (gas porosity, shrinkage, cracks) remove
    aluminium, inclusions replace it with a denser (iron-rich, brighter-absorbing) or lighter
    (oxide/sand) material  ->  Beer-Lambert transmission I = I0 * exp(-mu_Al * t_Al - mu_inc * t_inc)
    ->  scatter (a wide blur of the primary beam added back)  ->  Poisson photon noise + Gaussian
    read-out noise  ->  detector blur  ->  16-bit detector counts.

Convention: the output is transmitted intensity (air is bright, thick metal is dark), so voids are
brighter than their surroundings and dense inclusions darker.

    make_part(kind, size, seed, defects=[...]) -> (image uint16, mask uint8 {0,1}, info)
    make_dataset(dir, n_ok, n_defect, size, seed)  -> DIR/ok/*.png, DIR/defect/*.png, DIR/masks/*.png
    make_patches(n_ok, n_defect, patch=32, seed)   -> (float32 patches, labels) for augmentation
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

KINDS = ("wheel", "knuckle")
DEFECTS = ("porosity", "shrinkage", "crack", "inclusion")

MU_AL = 0.055      # 1/mm, aluminium at a typical casting-inspection spectrum (effective)
MU_DENSE = 0.35    # 1/mm, iron-rich inclusion
MU_LIGHT = 0.03    # 1/mm, oxide/sand inclusion (lighter than Al)


def _cv2():
    import cv2

    return cv2


def _blur(a: np.ndarray, sigma: float) -> np.ndarray:
    if sigma <= 0:
        return a
    cv2 = _cv2()
    return cv2.GaussianBlur(a.astype(np.float32), (0, 0), float(sigma), borderType=cv2.BORDER_REFLECT)


# ------------------------------------------------------------------------------------------ parts
def _wheel(size: int, rng: np.random.Generator) -> np.ndarray:
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    c = size / 2 + rng.uniform(-0.03, 0.03, 2) * size
    r = np.hypot(yy - c[0], xx - c[1]) / size
    th = np.arctan2(yy - c[0], xx - c[1])
    r_out = rng.uniform(0.44, 0.48)
    rim_w = rng.uniform(0.04, 0.06)
    t = np.zeros((size, size), np.float32)
    rim = (r < r_out) & (r > r_out - rim_w)
    t[rim] = rng.uniform(10, 16)
    t[r < r_out - rim_w] = rng.uniform(3, 6)          # the thin disc/web between spokes
    n_spokes = int(rng.integers(5, 8))
    phase = rng.uniform(0, 2 * math.pi)
    spoke_w = rng.uniform(0.05, 0.09)
    ang = np.angle(np.exp(1j * (th - phase) * n_spokes)) / n_spokes     # angle to the nearest spoke
    spoke = (np.abs(ang) * r < spoke_w / 2) & (r < r_out - rim_w / 2)
    t[spoke] = rng.uniform(18, 26) * (1 - 0.3 * r[spoke] / r_out)
    # windows between spokes (the disc is open there in many designs)
    window = (~spoke) & (r > 0.2) & (r < r_out - rim_w - 0.02) & (np.abs(ang) * r > spoke_w / 2 + 0.02)
    if rng.random() < 0.7:
        t[window] = 0.0
    r_hub = rng.uniform(0.1, 0.14)
    t[r < r_hub] = rng.uniform(28, 38)
    t[r < 0.035] = 0.0                                # centre bore
    n_bolts = int(rng.integers(4, 6))
    for k in range(n_bolts):
        a = phase + 2 * math.pi * k / n_bolts + math.pi / n_bolts
        by, bx = c[0] + 0.075 * size * math.sin(a), c[1] + 0.075 * size * math.cos(a)
        t[np.hypot(yy - by, xx - bx) < 0.018 * size] = 0.0
    return _blur(t, size / 300)


def _knuckle(size: int, rng: np.random.Generator) -> np.ndarray:
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    t = np.zeros((size, size), np.float32)
    cy, cx = rng.uniform(0.42, 0.58, 2)
    body = ((yy - cy) / rng.uniform(0.16, 0.22)) ** 2 + ((xx - cx) / rng.uniform(0.14, 0.2)) ** 2 < 1
    t[body] = rng.uniform(22, 32)
    for _ in range(int(rng.integers(3, 5))):          # arms to the mounting eyes
        a = rng.uniform(0, 2 * math.pi)
        length = rng.uniform(0.25, 0.4)
        ey, ex = cy + length * math.sin(a), cx + length * math.cos(a)
        wdt = rng.uniform(0.035, 0.06)
        # distance to the segment body centre -> eye
        py, px = yy - cy, xx - cx
        dy, dx = ey - cy, ex - cx
        s = np.clip((py * dy + px * dx) / (dy * dy + dx * dx), 0, 1)
        d = np.hypot(py - s * dy, px - s * dx)
        arm = d < wdt
        t[arm] = np.maximum(t[arm], rng.uniform(12, 20) * (1 - 0.3 * s[arm]))
        eye_r = rng.uniform(0.05, 0.07)
        de = np.hypot(yy - ey, xx - ex)
        t[de < eye_r] = np.maximum(t[de < eye_r], rng.uniform(14, 22))
        t[de < eye_r * 0.5] = 0.0                     # bolt eye bore
    t[np.hypot(yy - cy, xx - cx) < rng.uniform(0.06, 0.09)] = rng.uniform(4, 8)   # bearing bore (thin)
    return _blur(t, size / 250)


# ---------------------------------------------------------------------------------------- defects
def _pick_site(t: np.ndarray, rng: np.random.Generator, min_t: float = 6.0, margin: int = 8) -> tuple[int, int]:
    h, w = t.shape
    ys, xs = np.nonzero(t[margin:h - margin, margin:w - margin] > min_t)
    if len(ys) == 0:
        return h // 2, w // 2
    i = rng.integers(len(ys))
    return int(ys[i]) + margin, int(xs[i]) + margin


def _sphere_voids(shape, centres, radii) -> np.ndarray:
    """Chord length [px] through spherical voids."""
    h, w = shape
    out = np.zeros(shape, np.float32)
    for (cy, cx), r in zip(centres, radii):
        y0, y1 = max(0, int(cy - r - 1)), min(h, int(cy + r + 2))
        x0, x1 = max(0, int(cx - r - 1)), min(w, int(cx + r + 2))
        if y1 <= y0 or x1 <= x0:
            continue                                  # entirely outside the image
        yy, xx = np.mgrid[y0:y1, x0:x1]
        d2 = (yy - cy) ** 2 + (xx - cx) ** 2
        chord = 2 * np.sqrt(np.clip(r * r - d2, 0, None))
        out[y0:y1, x0:x1] = np.maximum(out[y0:y1, x0:x1], chord)
    return out


def _porosity(t, rng, scale):
    cy, cx = _pick_site(t, rng)
    n = int(rng.integers(3, 12))
    spread = rng.uniform(3, 9) * scale
    centres = [(cy + rng.normal(0, spread), cx + rng.normal(0, spread)) for _ in range(n)]
    radii = rng.uniform(1.5, 3.5, n) * scale
    return _sphere_voids(t.shape, centres, radii) * rng.uniform(0.8, 1.0), None


def _shrinkage(t, rng, scale):
    cy, cx = _pick_site(t, rng, min_t=10)
    centres, radii = [], []
    tips = [(float(cy), float(cx), rng.uniform(0, 2 * math.pi))]
    for _ in range(int(rng.integers(40, 90))):       # branching random walk = dendritic network
        i = int(rng.integers(len(tips)))
        y, x, a = tips[i]
        a += rng.normal(0, 0.6)
        step = rng.uniform(0.7, 1.6) * scale
        y, x = y + step * math.sin(a), x + step * math.cos(a)
        tips[i] = (y, x, a)
        if rng.random() < 0.12:
            tips.append((y, x, a + rng.choice([-1, 1]) * rng.uniform(0.6, 1.4)))
        centres.append((y, x))
        radii.append(rng.uniform(0.8, 1.8) * scale)
    return _sphere_voids(t.shape, centres, radii) * rng.uniform(1.0, 1.5), None


def _crack(t, rng, scale):
    cv2 = _cv2()
    cy, cx = _pick_site(t, rng, min_t=8)
    n = int(rng.integers(10, 25))
    a = rng.uniform(0, 2 * math.pi)
    pts = [(cx, cy)]
    for _ in range(n):
        a += rng.normal(0, 0.25)
        step = rng.uniform(1.5, 3.0) * scale
        x, y = pts[-1]
        pts.append((x + step * math.cos(a), y + step * math.sin(a)))
    depth = np.zeros(t.shape, np.float32)
    pts_i = np.round(np.array(pts) * 16).astype(np.int32)       # sub-pixel (shift=4)
    cv2.polylines(depth, [pts_i], False, 1.0, thickness=max(1, int(round(scale))),
                  lineType=cv2.LINE_AA, shift=4)
    return _blur(depth, 0.4) * rng.uniform(4, 9) * scale, None


def _inclusion(t, rng, scale):
    cy, cx = _pick_site(t, rng)
    r = rng.uniform(1.5, 4.0) * scale
    yy, xx = np.mgrid[0:t.shape[0], 0:t.shape[1]]
    ang = np.arctan2(yy - cy, xx - cx)
    rr = r * (1 + 0.25 * np.sin(3 * ang + rng.uniform(0, 6)))  # irregular outline
    d = np.hypot(yy - cy, xx - cx)
    chord = (2 * np.sqrt(np.clip(rr ** 2 - d ** 2, 0, None))).astype(np.float32)
    dense = rng.random() < 0.7
    return chord, ("dense" if dense else "light")


_GEN = {"porosity": _porosity, "shrinkage": _shrinkage, "crack": _crack, "inclusion": _inclusion}


# ------------------------------------------------------------------------------------------ API
def make_part(kind: str = "wheel", size: int = 256, seed: int = 0, defects: list[str] | tuple = ()
              ) -> tuple[np.ndarray, np.ndarray, dict]:
    """One radiograph of a ``kind`` part (``wheel`` | ``knuckle``), ``size`` x ``size`` pixels.

    ``defects``: names from :data:`DEFECTS` (repeats allowed). Returns ``(image uint16, mask uint8
    with 1 on defect pixels, info)``; ``info`` lists each defect with its type, centre and bbox.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown part kind {kind!r}: use one of {KINDS}")
    for d in defects:
        if d not in _GEN:
            raise ValueError(f"unknown defect {d!r}: use one of {DEFECTS}")
    rng = np.random.default_rng(seed)
    size = int(size)
    t = _wheel(size, rng) if kind == "wheel" else _knuckle(size, rng)
    t *= rng.uniform(0.85, 1.15)
    # slow thickness variation (draft angles, machining) so ok parts are not all identical
    t *= 1 + 0.08 * _blur(rng.normal(0, 1, t.shape).astype(np.float32), size / 12) * (size / 12) ** 0.5
    scale = max(size / 256.0, 0.5)
    mask = np.zeros(t.shape, np.uint8)
    t_void = np.zeros(t.shape, np.float32)
    t_dense = np.zeros(t.shape, np.float32)
    t_light = np.zeros(t.shape, np.float32)
    px_mm = 0.25 * 256.0 / size                       # 0.25 mm/px at 256 px
    info_defects = []
    for d in defects:
        chord_px, sub = _GEN[d](t, rng, scale)
        chord = chord_px * px_mm * (6.0 if d == "inclusion" else 10.0)   # 3D extent along the beam, mm
        chord = np.minimum(chord, t * 0.9)            # cannot remove more metal than there is
        region = chord > 0.5                          # >= ~3 % intensity change
        if not region.any():
            continue
        if d == "inclusion":
            (t_dense if sub == "dense" else t_light)[...] += chord
        else:
            t_void += chord
        mask |= region.astype(np.uint8)
        ys, xs = np.nonzero(region)
        info_defects.append({"type": d if sub is None else f"{d}:{sub}",
                             "centre": [int(ys.mean()), int(xs.mean())],
                             "bbox": [int(ys.min()), int(xs.min()), int(ys.max()) + 1, int(xs.max()) + 1]})
    t_al = np.clip(t - t_void - t_dense - t_light, 0, None)
    mu_al = MU_AL * rng.uniform(0.9, 1.1)
    i0 = rng.uniform(20000, 50000)                    # photons per pixel, unattenuated (frame-integrated)
    primary = i0 * np.exp(-(mu_al * t_al + MU_DENSE * t_dense + MU_LIGHT * t_light))
    scatter = rng.uniform(0.05, 0.15) * _blur(primary, size / 16)
    expected = primary + scatter
    counts = rng.poisson(expected).astype(np.float32) + rng.normal(0, rng.uniform(2, 6), t.shape)
    counts = _blur(counts, rng.uniform(0.5, 0.9) * scale)          # detector unsharpness
    # heel effect / flat-field residual: gentle gradient
    g = np.linspace(1 - 0.05, 1 + 0.05, size, dtype=np.float32)
    counts *= g[None, :] if rng.random() < 0.5 else g[:, None]
    img = np.clip(counts / (i0 * 1.2) * 65535.0, 0, 65535).astype(np.uint16)
    info = {"kind": kind, "size": size, "seed": int(seed), "defects": info_defects,
            "i0": float(i0), "mm_per_px": px_mm}
    return img, mask, info


def random_defects(rng: np.random.Generator, max_n: int = 2) -> list[str]:
    return [str(rng.choice(DEFECTS)) for _ in range(int(rng.integers(1, max_n + 1)))]


def make_dataset(out_dir, n_ok: int, n_defect: int, size: int = 256, seed: int = 0,
                 kinds=KINDS, prefix: str = "") -> dict:
    """Write ``DIR/ok/<prefix>ok_NNNN.png``, ``DIR/defect/defect_NNNN.png`` (16-bit) and
    ``DIR/masks/defect_NNNN.png`` (8-bit, 255 on defect pixels). Returns a summary dict."""
    from .io import write_png8, write_png16

    out = Path(out_dir)
    rng = np.random.default_rng(seed)
    for sub in ("ok", "defect", "masks"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    counts = {d: 0 for d in DEFECTS}
    for i in range(n_ok):
        img, _, _ = make_part(str(rng.choice(kinds)), size, int(rng.integers(2 ** 31)))
        write_png16(out / "ok" / f"{prefix}ok_{i:04d}.png", img)
    for i in range(n_defect):
        defs = random_defects(rng)
        img, mask, info = make_part(str(rng.choice(kinds)), size, int(rng.integers(2 ** 31)), defs)
        for d in info["defects"]:
            counts[d["type"].split(":")[0]] += 1
        write_png16(out / "defect" / f"{prefix}defect_{i:04d}.png", img)
        write_png8(out / "masks" / f"{prefix}defect_{i:04d}.png", mask * 255)
    return {"dir": str(out), "n_ok": n_ok, "n_defect": n_defect, "size": size, "seed": seed,
            "defect_counts": counts}


def make_patches(n_ok: int, n_defect: int, patch: int = 32, seed: int = 0, size: int = 192,
                 kinds=KINDS, per_part: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic ``patch`` x ``patch`` training patches, float32 [0, 1], label 1 = defect.

    Defect patches contain defect-mask pixels near their centre; ok patches come from defect-free
    parts, on material. Useful to augment a plant's few real defect images.
    """
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    half = patch // 2

    def crop(img, cy, cx):
        cy = int(np.clip(cy, half, img.shape[0] - half))
        cx = int(np.clip(cx, half, img.shape[1] - half))
        return img[cy - half:cy - half + patch, cx - half:cx - half + patch]

    n_pos = n_neg = 0
    while n_pos < n_defect or n_neg < n_ok:
        want_def = n_pos < n_defect
        img, mask, _ = make_part(str(rng.choice(kinds)), size, int(rng.integers(2 ** 31)),
                                 random_defects(rng) if want_def else [])
        f = img.astype(np.float32) / 65535.0
        if want_def:
            yy, xx = np.nonzero(mask)
            if len(yy) == 0:
                continue
            for _ in range(min(per_part, n_defect - n_pos)):
                i = rng.integers(len(yy))
                xs.append(crop(f, yy[i] + rng.integers(-patch // 4, patch // 4 + 1),
                               xx[i] + rng.integers(-patch // 4, patch // 4 + 1)))
                ys.append(1)
                n_pos += 1
        else:
            cv2 = _cv2()
            material = cv2.erode((f < 0.7).astype(np.uint8), np.ones((5, 5), np.uint8))
            yy, xx = np.nonzero(material)
            if len(yy) == 0:
                yy, xx = np.nonzero(np.ones_like(material))
            for _ in range(min(per_part, n_ok - n_neg)):
                i = rng.integers(len(yy))
                xs.append(crop(f, yy[i], xx[i]))
                ys.append(0)
                n_neg += 1
    order = rng.permutation(len(xs))
    return np.stack(xs)[order].astype(np.float32), np.array(ys, np.int64)[order]
