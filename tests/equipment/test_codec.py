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


def ptag(name, table, address, typ=None, **kw) -> TagConfig:
    typ = typ or ("bool" if table in ("coil", "discrete_input") else "uint16")
    return TagConfig(name=name, equipment_id="d", table=table, address=address, type=typ, **kw)


# ------------------------------------------------------------------ whole-block decoding (hot path)
@pytest.mark.parametrize("byte_order", ["big", "little"])
def test_block_decoder_matches_per_tag_decoders(byte_order):
    import random

    from hmi.equipment.codec import make_decoder
    from hmi.equipment.planner import plan_blocks

    rng = random.Random(7)
    tags, addr = [], 0
    kinds = [("float32", {}), ("float32", {"word_order": "little"}), ("int16", {}), ("uint16", {}),
             ("int32", {"word_order": "little"}), ("uint32", {}), ("float64", {}),
             ("int16", {"scale": 0.1, "offset": -5.0}), ("float32", {"scale": 2.0}),
             ("uint32", {"scale": 1.0, "offset": 1.0})]
    for i in range(80):
        typ, kw = kinds[i % len(kinds)]
        t = ptag(f"t{i}", "holding_register", addr, typ, byte_order=byte_order, **kw)
        tags.append(t)
        addr += t.register_count + rng.choice([0, 0, 1, 3])  # bridged gaps
    blocks = plan_blocks(tags)
    assert len(blocks) > 1
    for b in blocks:
        unpack = _block_decoder(b)
        assert unpack is not None
        for _ in range(50):
            regs = [rng.randrange(0x10000) for _ in range(b.count)]
            got = list(unpack(regs))
            want = [make_decoder(t)(regs, off) for t, off in b.tags]
            assert len(got) == len(want)
            for g, w in zip(got, want):
                assert type(g) is type(w)
                assert (math.isnan(g) and math.isnan(w)) or g == w


def test_block_decoder_declines_bits_strings_overlaps_mixed_orders():
    from hmi.equipment.planner import Block

    f = ptag("f", "holding_register", 0, "float32")
    assert _block_decoder(Block("coil", 0, 1, [(ptag("c", "coil", 0), 0)])) is None
    s = ptag("s", "holding_register", 2, "string", length=2)
    assert _block_decoder(Block("holding_register", 0, 4, [(f, 0), (s, 2)])) is None
    lo = ptag("lo", "holding_register", 1, "uint16")
    assert _block_decoder(Block("holding_register", 0, 2, [(f, 0), (lo, 1)])) is None  # overlap
    bs = ptag("bs", "holding_register", 2, "float32", byte_order="little")
    assert _block_decoder(Block("holding_register", 0, 4, [(f, 0), (bs, 2)])) is None
    assert _block_decoder(Block("holding_register", 0, 2, [(f, 0)])) is not None


def _block_decoder(block):
    from hmi.equipment.codec import make_block_decoder

    return None if block.is_bits else make_block_decoder(block.tags, block.count)


# ------------------------------------------------------------------ the simulated device's encoder
@pytest.mark.parametrize("typ,value,want", [
    ("int16", 40000, [0x7FFF]), ("int16", -40000, [0x8000]), ("uint16", -1, [0]), ("uint32", 2**40, [0xFFFF, 0xFFFF]),
    ("int32", float("nan"), [0, 0]), ("float32", 1e39, [0x7F7F, 0xFFFF]),
])
def test_saturating_encoder_never_raises_where_a_write_is_refused(typ, value, want):
    from hmi.equipment.codec import make_encoder

    t = tag(typ)
    assert make_encoder(t, saturate=True)(value) == want
    with pytest.raises(CodecError):
        encode(t, value)


def test_saturating_encoder_passes_nan_for_a_failed_sensor_and_truncates_strings():
    from hmi.equipment.codec import make_encoder

    regs = make_encoder(tag("float32"), saturate=True)(float("nan"))
    assert math.isnan(decode(tag("float32"), regs))
    assert decode(tag("string", length=2), make_encoder(tag("string", length=2), saturate=True)("ABCDEF")) == "ABCD"
    with pytest.raises(CodecError, match="longer than 4 bytes"):
        encode(tag("string", length=2), "ABCDEF")


@pytest.mark.parametrize("typ", ["int16", "uint16", "int32", "uint32", "float32", "float64"])
@pytest.mark.parametrize("word,byte", [("big", "big"), ("little", "big"), ("big", "little"), ("little", "little")])
def test_strict_and_saturating_encoders_agree_inside_the_range(typ, word, byte):
    from hmi.equipment.codec import make_encoder

    t = tag(typ, word=word, byte=byte)
    for v in (0, 1, 7, 100, 32767 if typ != "uint16" else 65535):
        assert make_encoder(t, saturate=True)(v) == encode(t, v) and decode(t, encode(t, v)) == v
