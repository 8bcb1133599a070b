"""Block planning: fewest reads, gaps bridged, limits kept, tags never split."""
from __future__ import annotations

import pytest

from hmi.config import TagConfig, load_config, demo_config_path
from hmi.equipment.planner import Block, plan_blocks


def t(name, address, typ="uint16", table="holding_register", scan="normal", eq="eq", length=0):
    if table in ("coil", "discrete_input"):
        typ = "bool"
    return TagConfig(name=name, equipment_id=eq, table=table, address=address, type=typ, scan_class=scan,
                     length=length)


def check_invariants(tags, blocks, max_registers=125, max_bits=2000):
    seen = []
    for b in blocks:
        limit = max_bits if b.table in ("coil", "discrete_input") else max_registers
        assert 1 <= b.count <= limit
        for tag, off in b.tags:
            assert tag.table == b.table and tag.scan_class == b.scan_class and tag.equipment_id == b.equipment_id
            assert off == tag.address - b.start
            assert b.start <= tag.address and tag.address + tag.register_count <= b.end  # not split
            seen.append(tag)
    assert sorted(seen, key=id) == sorted(tags, key=id)  # every tag exactly once


def test_empty():
    assert plan_blocks([]) == []


def test_adjacent_tags_make_one_block():
    tags = [t("a", 0, "float32"), t("b", 2, "int32"), t("c", 4), t("d", 5, "float64")]
    blocks = plan_blocks(tags)
    assert len(blocks) == 1
    b = blocks[0]
    assert (b.table, b.start, b.count) == ("holding_register", 0, 9)
    assert [(x.name, off) for x, off in b.tags] == [("a", 0), ("b", 2), ("c", 4), ("d", 5)]


def test_gap_bridging_up_to_max_gap():
    # hole of exactly 8 registers (1..8) is bridged, 9 (1..9) is not
    assert len(plan_blocks([t("a", 0), t("b", 9)])) == 1
    assert plan_blocks([t("a", 0), t("b", 9)])[0].count == 10
    assert len(plan_blocks([t("a", 0), t("b", 10)])) == 2
    assert len(plan_blocks([t("a", 0), t("b", 10)], max_gap=9)) == 1
    assert len(plan_blocks([t("a", 0), t("b", 2)], max_gap=0)) == 2
    assert len(plan_blocks([t("a", 0), t("b", 1)], max_gap=0)) == 1  # adjacent needs no gap


def test_unsorted_input_and_offsets():
    tags = [t("c", 20, "float32"), t("a", 14), t("b", 16, "uint32")]
    [b] = plan_blocks(tags)
    assert (b.start, b.count) == (14, 8)
    assert {x.name: off for x, off in b.tags} == {"a": 0, "b": 2, "c": 6}


def test_register_limit_125_and_tag_not_split():
    tags = [t(f"f{i}", 2 * i, "float32") for i in range(70)]  # registers 0..139
    blocks = plan_blocks(tags)
    check_invariants(tags, blocks)
    assert len(blocks) == 2
    # 124 registers, because the float at 124..125 would cross the 125 limit
    assert (blocks[0].start, blocks[0].count) == (0, 124)
    assert (blocks[1].start, blocks[1].count) == (124, 16)


def test_exactly_125_registers_is_one_read():
    tags = [t(f"r{i}", i) for i in range(125)]
    [b] = plan_blocks(tags)
    assert b.count == 125
    tags.append(t("r125", 125))
    assert [x.count for x in plan_blocks(tags)] == [125, 1]


def test_custom_register_limit():
    tags = [t(f"r{i}", i) for i in range(10)]
    blocks = plan_blocks(tags, max_registers=4)
    assert [(b.start, b.count) for b in blocks] == [(0, 4), (4, 4), (8, 2)]


def test_long_string_fits_and_is_never_split():
    tags = [t("a", 0), t("s", 3, "string", length=123)]
    blocks = plan_blocks(tags)
    check_invariants(tags, blocks)
    assert [(b.start, b.count) for b in blocks] == [(0, 1), (3, 123)]


def test_bit_limit_2000():
    tags = [t(f"c{i}", i, table="coil") for i in range(2500)]
    blocks = plan_blocks(tags)
    check_invariants(tags, blocks)
    assert [(b.start, b.count) for b in blocks] == [(0, 2000), (2000, 500)]


def test_bit_gaps_bridged_up_to_32_bits():
    assert len(plan_blocks([t("a", 0, table="coil"), t("b", 33, table="coil")])) == 1
    assert len(plan_blocks([t("a", 0, table="coil"), t("b", 34, table="coil")])) == 2
    assert len(plan_blocks([t("a", 0, table="coil"), t("b", 34, table="coil")], max_bit_gap=40)) == 1
    # the register gap does not apply to bits
    assert len(plan_blocks([t("a", 0, table="discrete_input"), t("b", 20, table="discrete_input")], max_gap=0)) == 1


def test_tables_scan_classes_and_devices_are_separated():
    tags = [
        t("h0", 0), t("h1", 1, scan="fast"), t("i0", 0, table="input_register"), t("c0", 0, table="coil"),
        t("d0", 0, table="discrete_input"), t("x0", 0, eq="other"), t("h2", 2),
    ]
    blocks = plan_blocks(tags)
    check_invariants(tags, blocks)
    keys = [(b.equipment_id, b.scan_class, b.table, b.start, b.count) for b in blocks]
    assert keys == [
        ("eq", "normal", "coil", 0, 1),
        ("eq", "normal", "discrete_input", 0, 1),
        ("eq", "normal", "input_register", 0, 1),
        ("eq", "normal", "holding_register", 0, 3),  # h0 + h2 bridge the fast tag's register
        ("eq", "fast", "holding_register", 1, 1),
        ("other", "normal", "holding_register", 0, 1),
    ]


def test_overlapping_tags_share_a_block():
    tags = [t("whole", 0, "float64"), t("hi", 0, "float32"), t("lo", 2, "uint32"), t("w", 3)]
    [b] = plan_blocks(tags)
    assert (b.start, b.count) == (0, 4)
    check_invariants(tags, [b])


def test_greedy_is_minimal_on_a_dense_random_layout():
    import random

    rng = random.Random(7)
    tags, addr = [], 0
    for i in range(400):
        typ = rng.choice(["uint16", "float32", "float64", "int32"])
        tags.append(t(f"x{i}", addr, typ))
        addr += {"uint16": 1, "float32": 2, "float64": 4, "int32": 2}[typ] + rng.choice([0, 0, 0, 3, 9])
    blocks = plan_blocks(tags)
    check_invariants(tags, blocks)
    # lower bound: every hole wider than max_gap forces a new block, and so does every 125 registers
    for b1, b2 in zip(blocks, blocks[1:]):
        first_next = b2.tags[0][0]
        # a new block starts only when the next tag could not join the previous one
        assert first_next.address - b1.end > 8 or first_next.address + first_next.register_count - b1.start > 125


def test_demo_plant_needs_few_reads():
    plant = load_config(demo_config_path())
    blocks = plan_blocks(plant.tags)
    check_invariants(plant.tags, blocks)
    groups = {(x.equipment_id, x.scan_class, x.table) for x in plant.tags}
    # the demo map is dense: one read per (device, scan class, table)
    assert len(blocks) == len(groups)


def test_invalid_limits():
    with pytest.raises(ValueError):
        plan_blocks([t("a", 0)], max_registers=0)
    with pytest.raises(ValueError):
        plan_blocks([t("a", 0)], max_gap=-1)


def test_block_dataclass_fields():
    b = Block("coil", 5, 3)
    assert (b.table, b.start, b.count, b.tags, b.end, b.is_bits) == ("coil", 5, 3, [], 8, True)
