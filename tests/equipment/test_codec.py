"""Codec: every type and word/byte order against register values computed by hand."""
from __future__ import annotations

import math

import pytest

from hmi.config import TagConfig
from hmi.equipment.codec import CodecError, decode, encode, make_decoder


def tag(typ="uint16", table="holding_register", word="big", byte="big", length=0, scale=1.0, offset=0.0):
    return TagConfig(name="t", equipment_id="eq", table=table, address=0, type=typ, word_order=word,
                     byte_order=byte, length=length, scale=scale, offset=offset)


# (type, word order, byte order, registers on the wire, value) -- all worked out by hand:
#   float32 1.0   = 0x3F800000          float32 -2.5 = 0xC0200000 (sign 1, exp 128, mantissa .25)
#   int32 -2      = 0xFFFFFFFE          uint32 0x12345678
#   float64 1.0   = 0x3FF0000000000000  float64 -0.5 = 0xBFE0000000000000
#   float64 1.5   = 0x3FF8000000000000
HAND = [
    ("float32", "big", "big", [0x3F80, 0x0000], 1.0),
    ("float32", "little", "big", [0x0000, 0x3F80], 1.0),
    ("float32", "big", "little", [0x803F, 0x0000], 1.0),
    ("float32", "little", "little", [0x0000, 0x803F], 1.0),
    ("float32", "big", "big", [0xC020, 0x0000], -2.5),
    ("float32", "little", "big", [0x0000, 0xC020], -2.5),
    ("int32", "big", "big", [0xFFFF, 0xFFFE], -2),
    ("int32", "little", "big", [0xFFFE, 0xFFFF], -2),
    ("int32", "big", "little", [0xFFFF, 0xFEFF], -2),
    ("int32", "big", "big", [0x8000, 0x0000], -2147483648),
    ("int32", "big", "big", [0x0001, 0x0000], 65536),
    ("uint32", "big", "big", [0x1234, 0x5678], 0x12345678),
    ("uint32", "little", "big", [0x5678, 0x1234], 0x12345678),
    ("uint32", "big", "little", [0x3412, 0x7856], 0x12345678),
    ("uint32", "little", "little", [0x7856, 0x3412], 0x12345678),
    ("uint32", "big", "big", [0xFFFF, 0xFFFF], 4294967295),
    ("float64", "big", "big", [0x3FF0, 0x0000, 0x0000, 0x0000], 1.0),
    ("float64", "little", "big", [0x0000, 0x0000, 0x0000, 0x3FF0], 1.0),
    ("float64", "big", "little", [0xF03F, 0x0000, 0x0000, 0x0000], 1.0),
    ("float64", "big", "big", [0xBFE0, 0x0000, 0x0000, 0x0000], -0.5),
    ("float64", "little", "little", [0x0000, 0x0000, 0x0000, 0xF83F], 1.5),
    ("int16", "big", "big", [0xFFFF], -1),
    ("int16", "big", "big", [0x8000], -32768),
    ("int16", "big", "big", [0x7FFF], 32767),
    ("int16", "big", "big", [0xFED4], -300),
    ("int16", "big", "little", [0xD4FE], -300),
    ("uint16", "big", "big", [0xABCD], 0xABCD),
    ("uint16", "big", "little", [0xCDAB], 0xABCD),
    ("uint16", "little", "big", [0x0000], 0),
]


@pytest.mark.parametrize("typ,word,byte,regs,value", HAND)
def test_decode_hand_computed(typ, word, byte, regs, value):
    t = tag(typ, word=word, byte=byte)
    got = decode(t, regs)
    assert got == value
    assert type(got) is type(value)  # ints stay int without scale/offset


@pytest.mark.parametrize("typ,word,byte,regs,value", HAND)
def test_encode_hand_computed(typ, word, byte, regs, value):
    assert encode(tag(typ, word=word, byte=byte), value) == regs


@pytest.mark.parametrize("typ,word,byte,regs,value", HAND)
def test_decoder_reads_inside_a_block(typ, word, byte, regs, value):
    block = [0x1111, 0x2222, 0x3333] + regs + [0x4444]
    assert make_decoder(tag(typ, word=word, byte=byte))(block, 3) == value


def test_strings_hand_computed():
    # "LINESIDE": 'L'=0x4C 'I'=0x49 'N'=0x4E 'E'=0x45 'S'=0x53 'D'=0x44
    big = [0x4C49, 0x4E45, 0x5349, 0x4445]
    assert decode(tag("string", length=4), big) == "LINESIDE"
    assert decode(tag("string", length=4, byte="little"), [0x494C, 0x454E, 0x4953, 0x4544]) == "LINESIDE"
    # odd length, NUL padded; trailing NULs / spaces stripped
    assert encode(tag("string", length=3), "HELLO") == [0x4845, 0x4C4C, 0x4F00]
    assert decode(tag("string", length=3), [0x4845, 0x4C4C, 0x4F00]) == "HELLO"
    assert decode(tag("string", length=3), [0x4142, 0x2020, 0x0000]) == "AB"
    assert encode(tag("string", length=2, byte="little"), "AB") == [0x4241, 0x0000]
    assert decode(tag("string", length=2), [0x0000, 0x0000]) == ""
    with pytest.raises(CodecError):
        encode(tag("string", length=2), "12345")


def test_scale_and_offset():
    tonnage = tag("int16", scale=0.1)
    assert decode(tonnage, [0x0CCB]) == pytest.approx(327.5)  # raw 3275
    assert encode(tonnage, 327.5) == [0x0CCB]
    lube = tag("int16", scale=0.01, offset=5.0)
    assert decode(lube, [0xFF9C]) == pytest.approx(4.0)  # raw -100 -> -1.0 + 5
    assert encode(lube, 4.0) == [0xFF9C]
    temp = tag("uint16", offset=-40.0)
    assert decode(temp, [100]) == 60.0
    assert isinstance(decode(temp, [100]), float)
    f = tag("float32", scale=2.0, offset=1.0)
    assert decode(f, [0x3F80, 0x0000]) == 3.0
    assert encode(f, 3.0) == [0x3F80, 0x0000]
    swapped = tag("int32", word="little", byte="little", scale=0.5)
    assert decode(swapped, [0xFEFF, 0xFFFF]) == -1.0  # raw -2 * 0.5


def test_bool():
    b = tag("bool", table="coil")
    assert decode(b, [1]) is True
    assert decode(b, [0]) is False
    assert make_decoder(b)([False, True, False], 1) is True
    assert encode(b, True) == [1]
    assert encode(b, 0) == [0]
    with pytest.raises(CodecError):
        encode(b, "yes")


def test_nan_and_inf_decode_for_the_poller_to_flag():
    assert math.isnan(decode(tag("float32"), [0x7FC0, 0x0000]))
    assert decode(tag("float32"), [0x7F80, 0x0000]) == math.inf
    assert decode(tag("float32"), [0xFF80, 0x0000]) == -math.inf


@pytest.mark.parametrize("typ,value", [
    ("uint16", -1), ("uint16", 65536), ("int16", 40000), ("uint32", -5), ("int32", 2**31),
    ("float32", "abc"), ("float32", math.nan), ("float64", math.inf), ("uint16", None),
])
def test_encode_refuses_what_does_not_fit(typ, value):
    with pytest.raises(CodecError):
        encode(tag(typ), value)


@pytest.mark.parametrize("typ", ["int16", "uint16", "int32", "uint32", "float32", "float64"])
@pytest.mark.parametrize("word", ["big", "little"])
@pytest.mark.parametrize("byte", ["big", "little"])
def test_round_trips(typ, word, byte):
    t = tag(typ, word=word, byte=byte)
    values = {
        "int16": [-32768, -1, 0, 1, 12345, 32767],
        "uint16": [0, 1, 0x00FF, 0xFF00, 65535],
        "int32": [-2147483648, -65536, -1, 0, 65535, 2147483647],
        "uint32": [0, 1, 65535, 65536, 0xDEADBEEF, 4294967295],
        "float32": [0.0, 1.0, -2.5, 0.15625, 3.0e38, -1.0e-20],
        "float64": [0.0, -0.5, math.pi, 1.0e300, -2.2250738585072014e-308],
    }[typ]
    for v in values:
        regs = encode(t, v)
        assert all(0 <= r <= 0xFFFF for r in regs)
        got = decode(t, regs)
        if typ == "float32":
            assert got == pytest.approx(v, rel=1e-7)
        else:
            assert got == v


def test_round_trip_scaled_integer_with_rounding():
    t = tag("int32", scale=0.001, offset=-10.0)
    for v in (-10.0, 0.0, 12.345, -2000.001):
        assert decode(t, encode(t, v)) == pytest.approx(v, abs=1e-9)
