"""The historian's compressed tier: one tag's samples over one time chunk packed into a block. Qt-free.

Raw samples (one row each, about 46 bytes on disk with the index) stay raw for the plant file's
``[historian] compress_after_days``; after that :class:`~hmi.store.rollup.Rollups` packs each tag's samples of
each hour into one row of ``sample_chunks`` (:func:`encode_chunk`), a few bytes per value, and every reader
(:class:`~hmi.store.historian.Historian` views, raw reads, CSV export, latest values, counts) reads the packed
tier and the raw rows as one (:func:`decode_chunk`).  Lossless: every timestamp, value, quality and error reads
back exactly as written.

Block layout (version 1), all little-endian, each part compressed with zlib (the standard library: no extra
dependency on a station; zstd measured no smaller on these streams):

* timestamps: ms since the epoch as deltas or deltas of deltas (whichever packs smaller: a steady scan is a run
  of zeros as the latter, a jittery one packs better as the former), int64 with the bytes transposed;
* values, in the narrowest exact form: ``scaled`` (every value is an integer after x 10^k for k <= 6, as a scaled
  register gives: deltas of those integers), else ``float32`` (every value is exactly a float32, as a float32
  register gives), else ``float64``; XOR with the previous value, bytes transposed;
* a presence mask (a value may be missing: COMM_FAIL carries none; a NaN stored as such is told apart) and the
  qualities, one byte each;
* the errors of non-GOOD samples and the values of string tags, each as JSON ``[[index, text], ...]``.
"""
from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass

import numpy as np

__all__ = ["Chunk", "encode_chunk", "encode_rows", "decode_chunk", "CHUNK_MS", "chunk_floor"]

#: one block per tag per hour
CHUNK_MS = 3_600_000
_VERSION = 1
_F64, _F32, _SCALED, _SCALED_MUL = 0, 1, 2, 3
_HEADER = struct.Struct("<BBBBI")  # version, value kind, decimals (scaled), timestamp order (1 or 2), count


def chunk_floor(ms_: int) -> int:
    return ms_ // CHUNK_MS * CHUNK_MS


@dataclass(frozen=True)
class Chunk:
    """Decoded samples of one block: ``ts`` int64 ms, ``value`` float64 (NaN where none), ``quality`` int8,
    ``errors`` {index: text}, ``texts`` {index: a string tag's value}."""

    ts: np.ndarray
    value: np.ndarray
    quality: np.ndarray
    errors: dict[int, str]
    texts: dict[int, str]
    #: samples that carried no value (None); a NaN that was stored as NaN (PostgreSQL keeps them) is not missing
    missing: np.ndarray | None = None

    def rows(self):
        """(ts ms, value or None, text or None, quality, error or None) per sample, as ``samples`` rows hold them."""
        missing = self.missing if self.missing is not None else np.isnan(self.value)
        for i, (t, v, q, m) in enumerate(zip(self.ts.tolist(), self.value.tolist(), self.quality.tolist(),
                                             missing.tolist())):
            yield t, (None if m else v), self.texts.get(i), q, self.errors.get(i)


def _transpose(a: np.ndarray) -> bytes:
    return np.ascontiguousarray(a.view(np.uint8).reshape(len(a), a.itemsize).T).tobytes()


def _untranspose(b: bytes, dtype, n: int) -> np.ndarray:
    width = np.dtype(dtype).itemsize
    return np.ascontiguousarray(np.frombuffer(b, np.uint8).reshape(width, n).T).view(dtype).reshape(n)


def _xor_prev(u: np.ndarray) -> np.ndarray:
    out = u.copy()
    out[1:] ^= u[:-1]
    return out


def _unxor(u: np.ndarray) -> np.ndarray:
    return np.bitwise_xor.accumulate(u)


def _scale_of(v: np.ndarray) -> tuple[int, int] | None:
    """(kind, k): the fewest decimals k (0..6) such that every value is an integer i with i / 10^k (kind
    _SCALED) or i * 10^-k (kind _SCALED_MUL, as a register times a scale of 0.1 gives) exactly; None: none."""
    if len(v) == 0:
        return _SCALED, 0
    for k in range(7):
        r = np.round(v * (10.0 ** k))
        if not np.all(np.abs(r) < 2 ** 52):
            return None
        if np.array_equal(r / (10.0 ** k), v):
            return _SCALED, k
        if k and np.array_equal(r * (10.0 ** -k), v):
            return _SCALED_MUL, k
    return None


def encode_chunk(ts_ms: np.ndarray, values: np.ndarray, quality: np.ndarray,
                 errors: dict[int, str] | None = None, texts: dict[int, str] | None = None, level: int = 6,
                 missing: np.ndarray | None = None) -> bytes:
    """One block of ``n`` samples in time order: ``ts_ms`` int64, ``values`` float64 (NaN: no number),
    ``quality`` small ints, ``errors`` {index: text} of the samples that carry one, ``texts`` {index: value} of a
    string tag's samples; ``missing``: the samples without a value (default: the NaNs; give it where a NaN was
    stored as a value)."""
    ts = np.asarray(ts_ms, dtype=np.int64)
    v = np.asarray(values, dtype=np.float64)
    q = np.asarray(quality, dtype=np.int8)
    n = len(ts)
    nan = np.isnan(v)
    lack = nan if missing is None else np.asarray(missing, dtype=bool)
    stored_nan = nan & ~lack  # kept as a flag: the numeric body holds finite values and infinities only
    present = ~nan
    vp = v[present]
    d1 = np.diff(ts, prepend=np.int64(0))
    # a steady scan packs best as delta-of-delta; jittery timestamps as plain deltas: the smaller is kept
    ts_parts = {order: zlib.compress(_transpose(d.astype("<i8")), level)
                for order, d in ((2, np.diff(d1, prepend=np.int64(0))), (1, d1))}
    ts_order = min(ts_parts, key=lambda o: len(ts_parts[o]))
    scaled = _scale_of(vp)
    if scaled is not None:
        kind, k = scaled
        ints = np.round(vp * (10.0 ** k)).astype(np.int64)
        body = _transpose(np.diff(ints, prepend=np.int64(0)).astype("<i8"))
    elif np.array_equal(vp.astype(np.float32).astype(np.float64), vp):
        body = _transpose(_xor_prev(vp.astype("<f4").view("<u4")))
        kind, k = _F32, 0
    else:
        body = _transpose(_xor_prev(vp.astype("<f8").view("<u8")))
        kind, k = _F64, 0
    flags = (present.astype(np.uint8) | ((q.astype(np.uint8) & 0x3F) << 1)
             | (stored_nan.astype(np.uint8) << 7)).tobytes()
    err, txt = (json.dumps(sorted((int(i), str(t)) for i, t in (d or {}).items()), ensure_ascii=False).encode()
                for d in (errors, texts))
    parts = [ts_parts[ts_order], *(zlib.compress(p, level) for p in (body, flags, err, txt))]
    head = _HEADER.pack(_VERSION, kind, k, ts_order, n) + struct.pack("<5I", *(len(p) for p in parts))
    return head + b"".join(parts)


def decode_chunk(blob: bytes) -> Chunk:
    version, kind, k, ts_order, n = _HEADER.unpack_from(blob, 0)
    if version != _VERSION:
        raise ValueError(f"historian block version {version}: this Lineside reads version {_VERSION}")
    sizes = struct.unpack_from("<5I", blob, _HEADER.size)
    pos = _HEADER.size + 20
    parts = []
    for size in sizes:
        parts.append(zlib.decompress(blob[pos:pos + size]))
        pos += size
    ts = _untranspose(parts[0], "<i8", n).astype(np.int64)
    for _ in range(ts_order):
        ts = np.cumsum(ts)
    flags = np.frombuffer(parts[2], np.uint8)
    present = (flags & 1).astype(bool)
    quality = ((flags >> 1) & 0x3F).astype(np.int8)
    stored_nan = (flags >> 7).astype(bool)
    m = int(present.sum())
    if kind == _SCALED:
        vp = np.cumsum(_untranspose(parts[1], "<i8", m)) / (10.0 ** k)
    elif kind == _SCALED_MUL:
        vp = np.cumsum(_untranspose(parts[1], "<i8", m)) * (10.0 ** -k)
    elif kind == _F32:
        vp = _unxor(_untranspose(parts[1], "<u4", m)).view("<f4").astype(np.float64)
    else:
        vp = _unxor(_untranspose(parts[1], "<u8", m)).view("<f8").astype(np.float64)
    value = np.full(n, np.nan)
    value[present] = vp
    errors = {int(i): t for i, t in json.loads(parts[3].decode())}
    texts = {int(i): t for i, t in json.loads(parts[4].decode())}
    return Chunk(ts, value, quality, errors, texts, ~present & ~stored_nan)


def encode_rows(rows) -> tuple[bytes, int, int, int, float | None, float | None]:
    """A block of ``samples`` rows ``(ts, value, value_text, quality, error)`` in time order:
    (blob, n, first ts, last ts, min value, max value)."""
    ts = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    values = np.array([np.nan if r[1] is None else r[1] for r in rows], dtype=np.float64)
    missing = np.fromiter((r[1] is None for r in rows), bool, len(rows))
    quality = np.fromiter((r[3] for r in rows), np.int8, len(rows))
    errors = {i: r[4] for i, r in enumerate(rows) if r[4] is not None}
    texts = {i: r[2] for i, r in enumerate(rows) if r[2] is not None}
    present = values[~np.isnan(values)]
    lo, hi = (float(present.min()), float(present.max())) if len(present) else (None, None)
    return (encode_chunk(ts, values, quality, errors, texts, missing=missing), len(rows), int(ts[0]), int(ts[-1]),
            lo, hi)
