"""Typed values <-> Modbus registers. Qt-free.

Conventions (the same as most PLCs and the Modbus "big-endian" default):

* ``byte_order="big"``: within each 16-bit register the high byte comes first (standard Modbus).
  ``"little"`` swaps the two bytes of every register.
* ``word_order="big"``: for 32/64-bit values the most significant register comes first
  (at the lowest address). ``"little"`` reverses the registers ("word swap", e.g. Schneider, Siemens
  DB floats behind some gateways).
* Strings: two characters per register in address order, ``byte_order`` applies within each
  register; trailing NULs and spaces are stripped on decode, padding with NUL on encode. ASCII/UTF-8.
* Engineering value = raw * scale + offset.  Integers with scale 1 and offset 0 stay ``int``.

The one codec of the project: the poller reads with it, the simulated devices and setpoint writes
encode with it.

* ``make_decoder(tag)``: ``fn(registers, index) -> value`` reads the tag from a block of registers
  starting at ``index`` (the poller builds one per tag once).
* ``make_block_decoder(tags, count)``: every numeric tag of a register block with one ``struct`` call.
* ``make_encoder(tag, saturate=...)`` / ``encode(tag, value)``: the registers that make the tag read a value.
"""
from __future__ import annotations

import math
import struct
from operator import itemgetter
from typing import Callable, Sequence

from hmi.config import TagConfig

_FMT = {"int16": "h", "uint16": "H", "int32": "i", "uint32": "I", "float32": "f", "float64": "d"}
_WORDS = {"int16": 1, "uint16": 1, "int32": 2, "uint32": 2, "float32": 2, "float64": 4}


class CodecError(ValueError):
    """A value that cannot be encoded for (or decoded from) its tag."""


def _swap_bytes(words: Sequence[int]) -> list[int]:
    return [((w & 0xFF) << 8) | (w >> 8) for w in words]


def _string_decoder(n: int, byte_order: str) -> Callable[[Sequence[int], int], str]:
    word = struct.Struct("<H" if byte_order == "little" else ">H").pack

    def dec(block, i):
        data = b"".join(word(w) for w in block[i:i + n])
        return data.split(b"\x00", 1)[0].decode("utf-8", errors="replace").rstrip()

    return dec


def decode(tag: TagConfig, words: Sequence[int]):
    """Engineering value of ``tag`` from exactly its registers (or a one-element bit list)."""
    return make_decoder(tag)(words, 0)


def encode(tag: TagConfig, value) -> list[int]:
    """Registers (or ``[0|1]`` for a bit) that make ``tag`` read ``value`` (engineering units); raises
    :class:`CodecError` for a value the tag cannot hold."""
    return make_encoder(tag)(value)


_INT_RANGE = {"int16": (-(1 << 15), (1 << 15) - 1), "uint16": (0, (1 << 16) - 1),
              "int32": (-(1 << 31), (1 << 31) - 1), "uint32": (0, (1 << 32) - 1)}
_F32_MAX = 3.4028234663852886e38


def make_encoder(tag: TagConfig, *, saturate: bool = False) -> Callable[[object], list[int]]:
    """``fn(value) -> registers`` for ``tag`` (the inverse of :func:`make_decoder`).

    ``saturate=False`` (a setpoint write): a value the tag cannot hold raises :class:`CodecError`.
    ``saturate=True`` (the simulated device): never raises; integers saturate, NaN/inf pass for floats
    (a failed sensor reads NaN), strings are truncated to fit."""
    if tag.type == "bool":
        def enc_bool(v) -> list[int]:
            if isinstance(v, str) and not saturate:
                raise CodecError(f"{tag.key}: expected true/false, got {v!r}")
            return [1 if v else 0]

        return enc_bool
    if tag.type == "string":
        n, little = tag.length, tag.byte_order == "little"

        def enc_str(v) -> list[int]:
            data = str(v).encode("utf-8")
            if len(data) > 2 * n:
                if not saturate:
                    raise CodecError(f"{v!r} is longer than {2 * n} bytes ({n} registers)")
                data = data[:2 * n]
            words = list(struct.unpack(f">{n}H", data.ljust(2 * n, b"\x00")))
            return _swap_bytes(words) if little else words

        return enc_str
    n = _WORDS[tag.type]
    pack = struct.Struct(">" + _FMT[tag.type]).pack
    unpack = struct.Struct(f">{n}H").unpack
    scale, offset = tag.scale, tag.offset
    swap_bytes, swap_words = tag.byte_order == "little", tag.word_order == "little"
    lo, hi = _INT_RANGE.get(tag.type, (None, None))
    is_f32 = tag.type == "float32"

    def enc(v) -> list[int]:
        try:
            x = float(v)
        except (TypeError, ValueError):
            if saturate:
                x = math.nan
            else:
                raise CodecError(f"{tag.key}: {v!r} is not a number") from None
        if not math.isfinite(x) and not saturate:
            raise CodecError(f"{tag.key}: {v!r} is not a finite number")
        raw = (x - offset) / scale if math.isfinite(x) else x
        if lo is not None:
            raw = int(round(raw)) if math.isfinite(raw) else 0
            if saturate:
                raw = lo if raw < lo else hi if raw > hi else raw
            elif not lo <= raw <= hi:
                raise CodecError(f"{raw!r} does not fit {tag.type}")
        elif is_f32 and math.isfinite(raw) and abs(raw) > _F32_MAX:
            if not saturate:
                raise CodecError(f"{raw!r} does not fit {tag.type}")
            raw = math.copysign(_F32_MAX, raw)
        words = list(unpack(pack(raw)))
        if swap_words:
            words.reverse()
        return _swap_bytes(words) if swap_bytes else words

    return enc


def make_decoder(tag: TagConfig) -> Callable[[Sequence[int], int], object]:
    """A fast decoder for ``tag``: ``fn(block, index)`` reads it from ``block[index:]``."""
    if tag.type == "bool":
        return lambda block, i: bool(block[i])
    if tag.type == "string":
        return _string_decoder(tag.length, tag.byte_order)
    n = _WORDS[tag.type]
    fmt_in = f">{n}H"
    st = struct.Struct(">" + _FMT[tag.type])
    pack_in = struct.Struct(fmt_in).pack
    unpack = st.unpack
    scale, offset = tag.scale, tag.offset
    is_int = tag.type.startswith(("int", "uint"))
    keep_int = is_int and scale == 1.0 and offset == 0.0
    swap_bytes = tag.byte_order == "little"
    swap_words = tag.word_order == "little"

    if n == 1 and not swap_bytes:
        signed = tag.type == "int16"

        def dec16(block, i):
            w = block[i]
            if signed and w >= 0x8000:
                w -= 0x10000
            return w if keep_int else w * scale + offset

        return dec16

    def dec(block, i):
        words = block[i:i + n]
        if swap_bytes:
            words = [((w & 0xFF) << 8) | (w >> 8) for w in words]
        if swap_words:
            words = words[::-1]
        raw = unpack(pack_in(*words))[0]
        if keep_int:
            return raw
        return raw * scale + offset

    return dec


def make_block_decoder(tags: Sequence[tuple[TagConfig, int]], count: int) -> Callable | None:
    """``fn(registers) -> values`` decoding every tag of a register block (``(tag, offset)`` pairs over
    ``count`` registers) with one struct call, values in ``tags`` order and scaled exactly like
    :func:`make_decoder`; None when the block needs per-tag decoders (bits, strings, overlapping tags,
    mixed byte orders)."""
    if not tags or any(t.type not in _FMT for t, _ in tags):
        return None
    orders = {t.byte_order for t, _ in tags}
    if len(orders) != 1:
        return None
    fmt, pos, perm, scaled = [">"], 0, list(range(count)), []
    for j, (t, off) in enumerate(tags):
        n = _WORDS[t.type]
        if off < pos or off + n > count:
            return None  # overlapping views of the same registers
        fmt.append("x" * (2 * (off - pos)) + _FMT[t.type])
        pos = off + n
        if t.word_order == "little" and n > 1:
            perm[off:off + n] = perm[off:off + n][::-1]
        if not (t.scale == 1.0 and t.offset == 0.0):
            scaled.append((j, t.scale, t.offset))
    pack = struct.Struct(("<" if orders == {"little"} else ">") + f"{count}H").pack
    unpack = struct.Struct("".join(fmt)).unpack_from
    reorder = itemgetter(*perm) if perm != sorted(perm) else None

    if scaled:
        def decode_block(regs):
            values = list(unpack(pack(*(reorder(regs) if reorder is not None else regs))))
            for j, scale, offset in scaled:
                values[j] = values[j] * scale + offset
            return values
    elif reorder is not None:
        def decode_block(regs):
            return unpack(pack(*reorder(regs)))
    else:
        def decode_block(regs):
            return unpack(pack(*regs))
    return decode_block
