"""Read planning: coalesce tags into the fewest Modbus reads. Qt-free, pure.

A Modbus request reads one contiguous range of one table of one device, at most 125 registers
(function codes 3/4) or 2000 bits (function codes 1/2).  Reading a few unused registers between
two tags is much cheaper than a second round trip, so :func:`plan_blocks` bridges small gaps.

Rules:

* tags are grouped by ``(equipment_id, scan_class, table)``: a block never mixes devices, scan
  classes or tables;
* inside a group tags are sorted by address and packed greedily left to right: a tag joins the
  current block when the hole before it is at most ``max_gap`` registers (``max_bit_gap`` bits for
  coils / discrete inputs) and the block stays within ``max_registers`` (``max_bits``);
* a tag is never split across blocks (a tag wider than the limit, impossible with a valid
  configuration, gets a block of its own: the device will then refuse the read);
* overlapping tags (two views of the same registers) share a block.

Greedy packing of address-sorted tags yields the minimum number of blocks for these rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from hmi.config import BIT_TABLES, TABLES, TagConfig

__all__ = ["Block", "plan_blocks"]


@dataclass(slots=True)
class Block:
    """One read request: ``count`` registers (or bits) of ``table`` from ``start``.

    ``tags`` lists ``(tag, offset)`` with ``offset`` = ``tag.address - start`` (its index in the
    returned register / bit list), in address order.
    """

    table: str
    start: int
    count: int
    tags: list[tuple[TagConfig, int]] = field(default_factory=list)
    equipment_id: str = ""
    scan_class: str = ""

    @property
    def is_bits(self) -> bool:
        return self.table in BIT_TABLES

    @property
    def end(self) -> int:
        """One past the last register (bit) read."""
        return self.start + self.count


def plan_blocks(
    tags: Iterable[TagConfig],
    max_registers: int = 125,
    max_bits: int = 2000,
    max_gap: int = 8,
    max_bit_gap: int = 32,
) -> list[Block]:
    """Coalesce ``tags`` into the fewest reads.

    :param tags: tags of one or more devices (any order).
    :param max_registers: most registers per read (Modbus limit: 125).
    :param max_bits: most bits per read (Modbus limit: 2000).
    :param max_gap: widest hole, in registers, bridged inside one register block.
    :param max_bit_gap: widest hole, in bits, bridged inside one coil / discrete-input block.
    :returns: blocks ordered by device (first appearance), scan class (first appearance),
        table (coil, discrete_input, input_register, holding_register) and start address.
    """
    if max_registers < 1 or max_bits < 1:
        raise ValueError("max_registers and max_bits must be at least 1")
    if max_gap < 0 or max_bit_gap < 0:
        raise ValueError("gaps must not be negative")
    groups: dict[tuple[str, str, str], list[TagConfig]] = {}
    eq_order: dict[str, int] = {}
    sc_order: dict[str, int] = {}
    for t in tags:
        eq_order.setdefault(t.equipment_id, len(eq_order))
        sc_order.setdefault(t.scan_class, len(sc_order))
        groups.setdefault((t.equipment_id, t.scan_class, t.table), []).append(t)

    table_rank = {name: i for i, name in enumerate(TABLES)}
    blocks: list[Block] = []
    for key in sorted(groups, key=lambda k: (eq_order[k[0]], sc_order[k[1]], table_rank.get(k[2], 99))):
        equipment_id, scan_class, table = key
        bits = table in BIT_TABLES
        limit = max_bits if bits else max_registers
        gap = max_bit_gap if bits else max_gap
        members = sorted(groups[key], key=lambda t: (t.address, -t.register_count))
        cur: Block | None = None
        cur_end = 0
        for t in members:
            size = max(1, t.register_count)
            t_end = t.address + size
            if cur is not None and t.address - cur_end <= gap and max(cur_end, t_end) - cur.start <= limit:
                cur.tags.append((t, t.address - cur.start))
                if t_end > cur_end:
                    cur_end = t_end
                    cur.count = cur_end - cur.start
                continue
            cur = Block(table=table, start=t.address, count=size, tags=[(t, 0)],
                        equipment_id=equipment_id, scan_class=scan_class)
            cur_end = t_end
            blocks.append(cur)
    return blocks
