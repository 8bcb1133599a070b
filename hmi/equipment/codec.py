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

``make_decoder(tag)`` returns a function ``decode(registers, index) -> value`` that reads the tag
from a block of registers starting at ``index``: the poller builds one per tag once.
"""
from __future__ import annotations

import math
import struct
from typing import Callable, Sequence

from hmi.config import TagConfig

_FMT = {"int16": "h", "uint16": "H", "int32": "i", "uint32": "I", "float32": "f", "float64": "d"}
_WORDS = {"int16": 1, "uint16": 1, "int32": 2, "uint32": 2, "float32": 2, "float64": 4}


class CodecError(ValueError):
    """A value that cannot be encoded for (or decoded from) its tag."""


def _order_words(words: Sequence[int], word_order: str, byte_order: str) -> list[int]:
    """Registers as on the wire -> registers in big-endian word order with big-endian bytes."""
    out = list(words)
    if byte_order == "little":
        out = [((w & 0xFF) << 8) | (w >> 8) for w in out]
    if word_order == "little":
        out.reverse()
    return out


def registers_to_raw(typ: str, words: Sequence[int], word_order: str = "big", byte_order: str = "big"):
    """Decode the raw (unscaled) number held in ``words`` for a numeric type."""
    n = _WORDS[typ]
    if len(words) != n:
        raise CodecError(f"{typ} needs {n} registers, got {len(words)}")
    ordered = _order_words(words, word_order, byte_order)
    return struct.unpack(">" + _FMT[typ], struct.pack(f">{n}H", *ordered))[0]


def raw_to_registers(typ: str, raw, word_order: str = "big", byte_order: str = "big") -> list[int]:
    n = _WORDS[typ]
    try:
        packed = struct.pack(">" + _FMT[typ], raw)
    except struct.error as exc:
        raise CodecError(f"{raw!r} does not fit {typ}: {exc}") from None
    words = list(struct.unpack(f">{n}H", packed))
    # the inverse of _order_words: reverse first, then swap bytes
    if word_order == "little":
        words.reverse()
    if byte_order == "little":
        words = [((w & 0xFF) << 8) | (w >> 8) for w in words]
    return words


def string_from_registers(words: Sequence[int], byte_order: str = "big") -> str:
    if byte_order == "little":
        data = b"".join(struct.pack("<H", w) for w in words)
    else:
        data = b"".join(struct.pack(">H", w) for w in words)
    return data.split(b"\x00", 1)[0].decode("utf-8", errors="replace").rstrip()


def string_to_registers(text: str, length: int, byte_order: str = "big") -> list[int]:
    data = text.encode("utf-8")
    if len(data) > 2 * length:
        raise CodecError(f"{text!r} is longer than {2 * length} bytes ({length} registers)")
    data = data.ljust(2 * length, b"\x00")
    fmt = "<H" if byte_order == "little" else ">H"
    return [struct.unpack(fmt, data[i:i + 2])[0] for i in range(0, len(data), 2)]


def decode(tag: TagConfig, words: Sequence[int]):
    """Engineering value of ``tag`` from exactly its registers (or a one-element bit list)."""
    return make_decoder(tag)(words, 0)


def encode(tag: TagConfig, value) -> list[int]:
    """Registers (or ``[0|1]`` for a bit) that make ``tag`` read ``value`` (engineering units)."""
    if tag.type == "bool":
        if isinstance(value, str):
            raise CodecError(f"{tag.key}: expected true/false, got {value!r}")
        return [1 if value else 0]
    if tag.type == "string":
        return string_to_registers(str(value), tag.length, tag.byte_order)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CodecError(f"{tag.key}: {value!r} is not a number") from None
    if not math.isfinite(number):
        raise CodecError(f"{tag.key}: {value!r} is not a finite number")
    raw = (number - tag.offset) / tag.scale
    if tag.type.startswith(("int", "uint")):
        raw = int(round(raw))
    return raw_to_registers(tag.type, raw, tag.word_order, tag.byte_order)


def make_decoder(tag: TagConfig) -> Callable[[Sequence[int], int], object]:
    """A fast decoder for ``tag``: ``fn(block, index)`` reads it from ``block[index:]``."""
    if tag.type == "bool":
        return lambda block, i: bool(block[i])
    if tag.type == "string":
        n, bo = tag.length, tag.byte_order
        return lambda block, i: string_from_registers(block[i:i + n], bo)
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
