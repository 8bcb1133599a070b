"""What changed between two plant configurations, by meaning rather than by text. Qt-free.

Compared: the plant's name and scan classes, the historian settings, lines, each device (name, kind, line,
connection) and each tag (every field, alarms included), keyed by ids and tag keys, so a reordered file is no
change and a renamed tag is one removal and one addition.  :func:`devices_changed` says which devices'
acquisition must restart for the new configuration (the others keep running).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from hmi.config import EquipmentConfig, PlantConfig, TagConfig

__all__ = ["Change", "diff_plants", "devices_changed"]


@dataclass(frozen=True, slots=True)
class Change:
    """``kind``: added, removed or changed; ``what``: the thing ("tag press1.bushing_temp", "device press1");
    ``field``: for a change, which field; ``before`` / ``after``: the values (None for added / removed)."""

    kind: str
    what: str
    field: str = ""
    before: Any = None
    after: Any = None

    def __str__(self) -> str:
        if self.kind == "changed":
            return f"changed {self.what}: {self.field} {_show(self.before)} -> {_show(self.after)}"
        return f"{self.kind} {self.what}"


def _show(v) -> str:
    if isinstance(v, (list, tuple)) and len(str(v)) > 80:
        return f"[{len(v)} items]"
    return repr(v)


def _plain(v):
    if hasattr(v, "__dataclass_fields__"):
        return {k: _plain(x) for k, x in asdict(v).items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def _alarm_text(a: dict | None) -> str | None:
    if a is None:
        return None
    what = f"limit {a['limit']:g}" if a.get("limit") is not None else \
        f"{a['rate_per_min']:g}/min" if a.get("rate_per_min") is not None else f"state {a.get('state')!r}"
    return f"{a['kind']} {what}, priority {a['priority']}"


def _alarm_fields(a, b) -> list[tuple[str, Any, Any]]:
    """A tag's alarms compared one by one (keyed by kind and name): ``alarms.HI.limit 80.0 -> 81.0``, or the
    whole alarm where one was added (before None) or removed (after None)."""
    def keyed(alarms):
        return {f"{x.kind}{'.' + x.name if x.name else ''}": _plain(x) for x in alarms}

    ka, kb = keyed(a), keyed(b)
    out = []
    for k in sorted(set(ka) | set(kb)):
        va, vb = ka.get(k), kb.get(k)
        if va is None or vb is None:
            out.append((f"alarms.{k}", _alarm_text(va), _alarm_text(vb)))
            continue
        out += [(f"alarms.{k}.{f}", va[f], vb.get(f)) for f in va if va[f] != vb.get(f)]
    return out


def _tag_fields(a: TagConfig, b: TagConfig) -> list[tuple[str, Any, Any]]:
    out = []
    for f in fields(TagConfig):
        if f.name == "alarms":
            out += _alarm_fields(a.alarms, b.alarms)
            continue
        va, vb = _plain(getattr(a, f.name)), _plain(getattr(b, f.name))
        if va != vb:
            out.append((f.name, va, vb))
    return out


def diff_plants(a: PlantConfig, b: PlantConfig) -> list[Change]:
    """Every difference from ``a`` to ``b``."""
    out: list[Change] = []
    if a.name != b.name:
        out.append(Change("changed", "plant", "name", a.name, b.name))
    for k in sorted(set(a.scan_classes) | set(b.scan_classes)):
        va, vb = a.scan_classes.get(k), b.scan_classes.get(k)
        if va != vb:
            kind = "added" if va is None else "removed" if vb is None else "changed"
            out.append(Change(kind, f"scan class {k}", "period_s" if kind == "changed" else "", va, vb))
    ha, hb = _plain(a.historian), _plain(b.historian)
    for k in ha:
        if ha[k] != hb.get(k):
            out.append(Change("changed", "historian", k, ha[k], hb.get(k)))
    la, lb = {ln.id: ln for ln in a.lines}, {ln.id: ln for ln in b.lines}
    for lid in sorted(set(la) | set(lb)):
        if lid not in lb:
            out.append(Change("removed", f"line {lid}"))
        elif lid not in la:
            out.append(Change("added", f"line {lid}"))
        else:
            if la[lid].name != lb[lid].name:
                out.append(Change("changed", f"line {lid}", "name", la[lid].name, lb[lid].name))
            if _plain(la[lid].kpi) != _plain(lb[lid].kpi):
                out.append(Change("changed", f"line {lid}", "kpi", "...", "..."))
    ea, eb = {e.id: e for e in a.equipment}, {e.id: e for e in b.equipment}
    for eid in [*ea, *[e for e in eb if e not in ea]]:
        if eid not in eb:
            out.append(Change("removed", f"device {eid}"))
            continue
        if eid not in ea:
            out.append(Change("added", f"device {eid}", "", None, eb[eid].connection.protocol))
            for t in eb[eid].tags:
                out.append(Change("added", f"tag {t.key}"))
            continue
        x, y = ea[eid], eb[eid]
        for f in ("name", "kind", "line_id", "description"):
            if getattr(x, f) != getattr(y, f):
                out.append(Change("changed", f"device {eid}", f, getattr(x, f), getattr(y, f)))
        if _plain(x.connection) != _plain(y.connection) or type(x.connection) is not type(y.connection):
            ca, cb = _plain(x.connection), _plain(y.connection)
            for k in sorted(set(ca) | set(cb)):
                if ca.get(k) != cb.get(k):
                    hidden = k == "password"
                    out.append(Change("changed", f"device {eid}", f"connection.{k}",
                                      "***" if hidden else ca.get(k), "***" if hidden else cb.get(k)))
        if _plain(x.comm_alarm) != _plain(y.comm_alarm):
            out.append(Change("changed", f"device {eid}", "comm_alarm", _plain(x.comm_alarm), _plain(y.comm_alarm)))
        ta, tb = {t.name: t for t in x.tags}, {t.name: t for t in y.tags}
        for name in [*ta, *[n for n in tb if n not in ta]]:
            key = f"{eid}.{name}"
            if name not in tb:
                out.append(Change("removed", f"tag {key}"))
            elif name not in ta:
                out.append(Change("added", f"tag {key}"))
            else:
                for f, va, vb in _tag_fields(ta[name], tb[name]):
                    out.append(Change("changed", f"tag {key}", f, va, vb))
    for section in ("trace", "inspection", "security", "translations"):
        if _plain(getattr(a, section)) != _plain(getattr(b, section)):
            out.append(Change("changed", section, "", "...", "..."))
    return out


def devices_changed(a: PlantConfig, b: PlantConfig) -> set[str]:
    """Devices whose acquisition must restart to take ``b``: added, removed, or with a changed connection or
    changed tags.  A device whose connection and tags are the same keeps being acquired (its history has no
    gap)."""
    ea: dict[str, EquipmentConfig] = {e.id: e for e in a.equipment}
    eb: dict[str, EquipmentConfig] = {e.id: e for e in b.equipment}
    out = set(ea) ^ set(eb)
    for eid in set(ea) & set(eb):
        x, y = ea[eid], eb[eid]
        if _plain(x.connection) != _plain(y.connection) or _plain(x.tags) != _plain(y.tags):
            out.add(eid)
    if a.scan_classes != b.scan_classes:
        used = {t.scan_class for e in eb.values() for t in e.tags}
        for eid, e in eb.items():
            if any(a.scan_classes.get(sc) != b.scan_classes.get(sc) for sc in {t.scan_class for t in e.tags} & used):
                out.add(eid)
    return out
