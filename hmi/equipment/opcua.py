"""OPC UA client driver (asyncua) and the station's certificate store. Qt-free.

* **Endpoints** with security policy None or Basic256Sha256 (Sign, SignAndEncrypt), anonymous or user/password
  log-in (``password_env`` keeps the password out of the plant file).
* **The station's own certificate** is created on first use (RSA 2048, one year, in
  ``<data dir>/pki/own``); a server that insists its clients be trusted (an injection press) is given
  ``pki/own/cert.der`` to trust.
* **Server certificates** are trusted from ``pki/trusted``; an unknown one is refused, saved to ``pki/rejected``
  and named by its SHA-1 thumbprint, and ``lineside opcua trust`` moves it to the trusted list
  (:class:`Pki`).
* **Tags** name a node by id (``ns=2;s=Cabinet.State``, ``i=2258``) or browse path
  (``Objects/2:Cabinet/2:State``, resolved at each connect).  ``mode = "subscribe"`` (the default) makes a
  monitored item sampled at the tag's scan-class period, with the tag's deadband as the server's absolute
  deadband; ``mode = "poll"`` reads the scan class's nodes in one Read request every period.
* **StatusCode to quality:** Good is GOOD; Uncertain is STALE (the value shown, flagged); the Bad codes of a
  lost connection (BadCommunicationError, BadNotConnected, BadNoCommunication, BadServerNotConnected,
  BadDeviceFailure) are COMM_FAIL; every other Bad is BAD with the code's name.
* **Reconnect supervisor** (:class:`~hmi.equipment.driver.SessionDriver`): a keep-alive read of the server's
  state every :data:`KEEPALIVE_S` (or asyncua's own loss callback) detects a lost server; every value turns
  COMM_FAIL, the session is dropped, and a fresh client connects with backoff (0.2 s doubling to 1 s),
  resolves the nodes again and recreates the subscriptions.  asyncua's own auto-reconnect (1 s doubling to
  30 s) is not used.
* **Writes** use the node's DataType (read at connect) and are read back.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import os
import shutil
import socket
import time
from pathlib import Path
from typing import Any, Sequence

from hmi.config import EquipmentConfig, OpcUa, TagConfig
from hmi.equipment.driver import (BrowseItem, DeviceLost, DriverHost, SessionDevice, SessionDriver, TagGroup,
                                  WriteError, WriteResult, next_tick, until_first_failure, values_equal)
from hmi.equipment.model import Quality
from hmi.equipment.quality import DecodeFailed

__all__ = ["OpcUaDriver", "Pki", "KEEPALIVE_S", "status_quality"]

log = logging.getLogger(__name__)
# asyncua logs a lost server's every failed publish with a traceback, and a few benign races as warnings; the
# supervisor reports a lost server itself (one line per transition)
if logging.getLogger("asyncua").level == logging.NOTSET:
    logging.getLogger("asyncua").setLevel(logging.ERROR)
    logging.getLogger("asyncua.client.ua_session").setLevel(logging.CRITICAL)

#: how often the server is asked for its state while nothing else shows it alive (wall seconds)
KEEPALIVE_S = 0.5
#: the Bad status codes that say the value's source cannot be reached (COMM_FAIL rather than BAD)
COMM_CODES = frozenset({"BadCommunicationError", "BadNotConnected", "BadNoCommunication", "BadServerNotConnected",
                        "BadDeviceFailure", "BadConnectionClosed", "BadServerHalted", "BadShutdown"})
APPLICATION_URI = "urn:lineside:station"

_INT_TYPES = {"int16": (-(1 << 15), (1 << 15) - 1), "uint16": (0, (1 << 16) - 1),
              "int32": (-(1 << 31), (1 << 31) - 1), "uint32": (0, (1 << 32) - 1)}


# ------------------------------------------------------------------------------------- certificates
class Pki:
    """The station's certificate store: ``own/cert.der`` + ``own/key.pem``, ``trusted/*.der``, ``rejected/*.der``.

    A server certificate is trusted when its DER bytes are in ``trusted``.  Nothing here talks to a server."""

    def __init__(self, root: str | Path | None = None):
        if root is None:
            from hmi.paths import data_dir

            root = data_dir() / "pki"
        self.root = Path(root)
        self.own_cert = self.root / "own" / "cert.der"
        self.own_key = self.root / "own" / "key.pem"
        self.trusted_dir = self.root / "trusted"
        self.rejected_dir = self.root / "rejected"

    @staticmethod
    def thumbprint(der: bytes) -> str:
        """The SHA-1 thumbprint OPC UA tools show, as 40 hex digits."""
        return hashlib.sha1(der).hexdigest()  # noqa: S324 - the thumbprint's definition, not a security hash

    async def ensure_own(self, client) -> tuple[Path, Path]:
        """The station's certificate and key, created on first use (valid for a year, renewed when expired)."""
        from asyncua.crypto.cert_gen import setup_self_signed_certificate
        from cryptography.x509.oid import ExtendedKeyUsageOID

        self.own_cert.parent.mkdir(parents=True, exist_ok=True)
        await setup_self_signed_certificate(self.own_key, self.own_cert, client.application_uri,
                                            socket.gethostname(), [ExtendedKeyUsageOID.CLIENT_AUTH],
                                            {"organizationName": "Lineside"})
        try:
            os.chmod(self.own_key, 0o600)
        except OSError:
            pass
        return self.own_cert, self.own_key

    def is_trusted(self, der: bytes) -> bool:
        if not self.trusted_dir.is_dir():
            return False
        return any(p.read_bytes() == der for p in self.trusted_dir.glob("*.der"))

    def reject(self, der: bytes) -> Path:
        """Keep an untrusted server certificate for review (``lineside opcua trust THUMBPRINT``)."""
        self.rejected_dir.mkdir(parents=True, exist_ok=True)
        path = self.rejected_dir / f"{self.thumbprint(der)}.der"
        if not path.exists():
            path.write_bytes(der)
        return path

    def trust(self, what: str) -> Path:
        """Trust a rejected certificate by (the start of) its thumbprint, or a certificate file (DER or PEM)."""
        self.trusted_dir.mkdir(parents=True, exist_ok=True)
        src = Path(what)
        if src.is_file():
            der = _der_of(src.read_bytes())
        else:
            matches = sorted(self.rejected_dir.glob(f"{what.lower()}*.der")) if self.rejected_dir.is_dir() else []
            if len(matches) != 1:
                raise ValueError(f"{what!r}: {'no' if not matches else 'more than one'} rejected certificate "
                                 f"matches (see `lineside opcua certs`)")
            der = matches[0].read_bytes()
        path = self.trusted_dir / f"{self.thumbprint(der)}.der"
        path.write_bytes(der)
        gone = self.rejected_dir / path.name
        if gone.exists():
            gone.unlink()
        return path

    def untrust(self, thumbprint: str) -> Path:
        matches = sorted(self.trusted_dir.glob(f"{thumbprint.lower()}*.der")) if self.trusted_dir.is_dir() else []
        if len(matches) != 1:
            raise ValueError(f"{thumbprint!r}: {'no' if not matches else 'more than one'} trusted certificate matches")
        self.rejected_dir.mkdir(parents=True, exist_ok=True)
        shutil.move(str(matches[0]), self.rejected_dir / matches[0].name)
        return matches[0]

    def listing(self) -> list[dict[str, str]]:
        """Every certificate of the store: which list, thumbprint, subject, valid until."""
        from cryptography import x509

        out = []
        for kind, folder in (("own", self.own_cert.parent), ("trusted", self.trusted_dir),
                             ("rejected", self.rejected_dir)):
            if not folder.is_dir():
                continue
            for p in sorted(folder.glob("*.der")):
                der = p.read_bytes()
                try:
                    cert = x509.load_der_x509_certificate(der)
                    subject, until = cert.subject.rfc4514_string(), cert.not_valid_after_utc.strftime("%Y-%m-%d")
                except ValueError as exc:
                    subject, until = f"unreadable: {exc}", ""
                out.append({"list": kind, "thumbprint": self.thumbprint(der), "subject": subject,
                            "valid_until": until, "file": str(p)})
        return out


def _der_of(data: bytes) -> bytes:
    if data.lstrip().startswith(b"-----BEGIN"):
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding

        return x509.load_pem_x509_certificate(data).public_bytes(Encoding.DER)
    return data


class UntrustedServer(Exception):
    """The server's certificate is not in the trust list."""


# ------------------------------------------------------------------------------------- values
def status_quality(code) -> tuple[Quality, str | None]:
    """Lineside's quality for an OPC UA StatusCode (see the module text) and the code's name when not Good."""
    if code is None or code.is_good():
        return Quality.GOOD, None
    name = code.name
    if code.is_uncertain():
        return Quality.STALE, name
    return (Quality.COMM_FAIL if name in COMM_CODES else Quality.BAD), name


def coerce(tag: TagConfig, v: Any):
    """The server's value as the tag's type (a value that does not fit is a :class:`DecodeFailed`)."""
    t = tag.type
    try:
        if v is None:
            return DecodeFailed("no value (null)")
        if t == "bool":
            if isinstance(v, (bool, int)):
                return bool(v)
            return DecodeFailed(f"expected a boolean, got {type(v).__name__}")
        if t == "string":
            if isinstance(v, bytes):
                return v.decode("utf-8", errors="replace")
            return str(getattr(v, "Text", v))
        if isinstance(v, (list, tuple, dict, bytes, str)):
            return DecodeFailed(f"expected a number, got {type(v).__name__}")
        if t in _INT_TYPES:
            if isinstance(v, float) and not v.is_integer():
                return DecodeFailed(f"expected an integer, got {v!r}")
            iv = int(v)
            lo, hi = _INT_TYPES[t]
            if not lo <= iv <= hi:
                return DecodeFailed(f"{iv} does not fit {t}")
            if tag.scale == 1 and tag.offset == 0:
                return iv
            return iv * tag.scale + tag.offset
        fv = float(v)
        return fv * tag.scale + tag.offset if (tag.scale != 1 or tag.offset != 0) else fv
    except (TypeError, ValueError, OverflowError) as exc:
        return DecodeFailed(f"decode error: {exc}")


def _raw(tag: TagConfig, value):
    """Engineering value -> what the node holds (the inverse of the scale and offset)."""
    if tag.type in ("bool", "string") or (tag.scale == 1 and tag.offset == 0):
        return value
    raw = (float(value) - tag.offset) / tag.scale
    return round(raw) if tag.type in _INT_TYPES else raw


_VARIANT_OF_TYPE = {"bool": "Boolean", "int16": "Int16", "uint16": "UInt16", "int32": "Int32", "uint32": "UInt32",
                    "float32": "Float", "float64": "Double", "string": "String"}
_TYPE_OF_VARIANT = {"Boolean": "bool", "SByte": "int16", "Byte": "uint16", "Int16": "int16", "UInt16": "uint16",
                    "Int32": "int32", "UInt32": "uint32", "Int64": "float64", "UInt64": "float64",
                    "Float": "float32", "Double": "float64", "String": "string", "LocalizedText": "string",
                    "DateTime": "string", "ByteString": "string"}


class _Handler:
    """Subscription callbacks (on the acquisition loop): data changes to samples, status changes to a lost
    device."""

    def __init__(self, driver: "OpcUaDriver", dev: SessionDevice, group: TagGroup):
        self.driver, self.dev, self.group = driver, dev, group
        self.by_node: dict[Any, int] = {}

    def datachange_notification(self, node, val, data) -> None:
        i = self.by_node.get(node.nodeid)
        if i is None:
            return
        self.driver._deliver(self.dev, self.group, [(i, data.monitored_item.Value)])

    def status_change_notification(self, status) -> None:
        code = getattr(status, "Status", None)
        if code is not None and not code.is_good():
            lost = self.dev.extra.get("lost")
            if lost is not None:
                self.dev.extra["lost_reason"] = f"subscription {code.name}"
                lost.set()

    def event_notification(self, event) -> None:  # pragma: no cover - no event subscriptions
        pass


# ------------------------------------------------------------------------------------- the driver
class OpcUaDriver(SessionDriver):
    """Every OPC UA server of the plant (see the module text)."""

    protocol = "opcua"

    def __init__(self, host: DriverHost, equipment: Sequence[EquipmentConfig], scan_classes: dict[str, float], *,
                 pki: Pki | None = None):
        super().__init__(host, equipment)
        self.scan_classes = scan_classes
        self.pki = pki or Pki()

    def _groups(self, eq: EquipmentConfig) -> list[TagGroup]:
        by: dict[tuple[str, str], list[TagConfig]] = {}
        for t in eq.tags:
            by.setdefault((t.scan_class, t.mode or "subscribe"), []).append(t)
        return [TagGroup(tags, self.host.wall_period(self.scan_classes.get(sc, 1.0)), sc, polled=(mode == "poll"))
                for (sc, mode), tags in by.items()]

    def _where(self, dev: SessionDevice) -> str:
        return dev.eq.connection.endpoint

    # ------------------------------------------------------------------ connect
    async def _connect(self, dev: SessionDevice) -> None:
        from asyncua import Client, ua

        conn: OpcUa = dev.eq.connection
        client = Client(conn.endpoint, timeout=conn.timeout_s, watchdog_intervall=3600.0)
        client.application_uri = f"{APPLICATION_URI}:{socket.gethostname()}"
        client.name = client.description = "Lineside station"
        client.secure_channel_timeout = 600_000
        client.session_timeout = 60_000
        dev.client = client
        if conn.username:
            client.set_user(conn.username)
            client.set_password(conn.resolved_password())
        if conn.secured:
            from asyncua.crypto import security_policies

            cert, key = await self.pki.ensure_own(client)
            server_der = await self._server_certificate(client, conn)
            if not self.pki.is_trusted(server_der):
                path = self.pki.reject(server_der)
                raise UntrustedServer(f"server certificate {self.pki.thumbprint(server_der)} is not trusted "
                                      f"(saved to {path}; trust it with: lineside opcua trust "
                                      f"{self.pki.thumbprint(server_der)[:12]})")
            policy = {"Basic256Sha256": security_policies.SecurityPolicyBasic256Sha256}[conn.security_policy]
            mode = getattr(ua.MessageSecurityMode, conn.security_mode)
            await client.set_security(policy, str(cert), str(key), server_certificate=server_der, mode=mode)
        lost = asyncio.Event()
        dev.extra["lost"] = lost

        async def on_lost(exc: Exception) -> None:
            lost.set()

        client.connection_lost_callback = on_lost
        async with asyncio.timeout(conn.timeout_s * 2 + 1.0):  # no extra task: a cancelled connect leaves none behind
            await client.connect()
        # the nodes (browse paths are resolved again at every connect: a server may renumber its nodes)
        items = {}
        for g in dev.groups:
            g.items = []
            for t in g.tags:
                node = items.get(t.node)
                if node is None:
                    node = await self._resolve(client, t.node)
                    items[t.node] = node
                g.items.append(node)
        dev.extra["variant"] = {}
        for g in dev.groups:
            for t, node in zip(g.tags, g.items):
                if t.writable:
                    try:
                        dev.extra["variant"][t.key] = await node.read_data_type_as_variant_type()
                    except Exception as exc:  # noqa: BLE001 - the write will say so; reading goes on
                        log.warning("%s: data type of %s unknown: %s", dev.id, t.node, exc)
        # subscriptions, one per scan class
        dev.extra["subs"] = []
        for g in dev.groups:
            if g.polled:
                continue
            handler = _Handler(self, dev, g)
            period_ms = g.period * 1000.0
            sub = await client.create_subscription(
                ua.CreateSubscriptionParameters(RequestedPublishingInterval=period_ms, RequestedLifetimeCount=3000,
                                                RequestedMaxKeepAliveCount=max(3, int(2000 / max(period_ms, 1))),
                                                MaxNotificationsPerPublish=0, PublishingEnabled=True, Priority=0),
                handler)
            dev.extra["subs"].append(sub)
            requests = []
            for t, node in zip(g.tags, g.items):
                mfilter = None
                if t.deadband > 0 and t.type not in ("bool", "string"):
                    mfilter = ua.DataChangeFilter(Trigger=ua.DataChangeTrigger.StatusValue,
                                                  DeadbandType=int(ua.DeadbandType.Absolute),
                                                  DeadbandValue=t.deadband / abs(t.scale))
                requests.append(sub._make_monitored_item_request(node, ua.AttributeIds.Value, mfilter, 1,
                                                                 ua.MonitoringMode.Reporting, period_ms))
            # mapped before the items exist: the server sends each item's first value at once, and a value that
            # never changes is never sent again (the demo cabinet's state stood "unknown" when it came first)
            handler.by_node = {node.nodeid: i for i, node in enumerate(g.items)}
            results = await sub.create_monitored_items(requests)
            for i, (node, res) in enumerate(zip(g.items, results)):
                if isinstance(res, ua.StatusCode):
                    handler.by_node.pop(node.nodeid, None)
                    self._deliver(dev, g, [(i, ua.DataValue(StatusCode=res))])

    @staticmethod
    async def _server_certificate(client, conn: OpcUa) -> bytes:
        """The certificate the server's endpoint offers for the configured policy and mode."""
        from asyncua import ua
        from asyncua.crypto import security_policies

        uri = {"Basic256Sha256": security_policies.SecurityPolicyBasic256Sha256.URI}[conn.security_policy]
        mode = getattr(ua.MessageSecurityMode, conn.security_mode)
        async with asyncio.timeout(conn.timeout_s * 2 + 1.0):
            endpoints = await client.connect_and_get_server_endpoints()
        for ep in endpoints:
            if ep.SecurityPolicyUri == uri and ep.SecurityMode == mode:
                return _first_der(ep.ServerCertificate)
        offered = ", ".join(sorted({f"{ep.SecurityPolicyUri.rsplit('#', 1)[-1]}/{ep.SecurityMode.name}"
                                    for ep in endpoints}))
        raise ConnectionError(f"the server offers no {conn.security_policy}/{conn.security_mode} endpoint "
                              f"(it offers {offered})")

    @staticmethod
    async def _resolve(client, address: str):
        if "/" in address:
            parts = [p for p in address.split("/") if p]
            root = client.nodes.root
            if parts and parts[0].split(":")[-1] in ("Root", ""):
                parts = parts[1:]
            if parts and ":" not in parts[0]:
                parts[0] = f"0:{parts[0]}"
            return await root.get_child(parts)
        return client.get_node(address)

    # ------------------------------------------------------------------ serve
    async def _serve(self, dev: SessionDevice) -> None:
        loop = asyncio.get_running_loop()
        tasks = [loop.create_task(self._poll(dev, g), name=f"opcua poll {dev.id}/{g.scan_class}")
                 for g in dev.groups if g.polled]
        tasks.append(loop.create_task(self._keepalive(dev), name=f"opcua keepalive {dev.id}"))
        await until_first_failure(tasks)

    async def _keepalive(self, dev: SessionDevice) -> None:
        client = dev.client
        conn: OpcUa = dev.eq.connection
        lost: asyncio.Event = dev.extra["lost"]
        probe = client.nodes.server_state
        while not self.host.closing:
            try:
                await asyncio.wait_for(lost.wait(), KEEPALIVE_S)
                raise DeviceLost(dev.extra.pop("lost_reason", None) or "connection lost")
            except asyncio.TimeoutError:
                pass
            try:
                await asyncio.wait_for(probe.read_value(), conn.timeout_s)
            except asyncio.TimeoutError:
                raise DeviceLost(f"timeout: no answer within {conn.timeout_s:g} s") from None
            except (OSError, ConnectionError) as exc:
                raise DeviceLost(f"connection lost: {exc}") from None

    async def _poll(self, dev: SessionDevice, g: TagGroup) -> None:
        from asyncua import ua

        client = dev.client
        conn: OpcUa = dev.eq.connection
        loop = asyncio.get_running_loop()
        next_t = loop.time()
        nodeids = [n.nodeid for n in g.items]
        while not self.host.closing:
            t0 = time.perf_counter()
            try:
                dvs = await asyncio.wait_for(client.uaclient.read_attributes(nodeids, ua.AttributeIds.Value),
                                             conn.timeout_s)
            except asyncio.TimeoutError:
                raise DeviceLost(f"timeout: no answer within {conn.timeout_s:g} s") from None
            latency = (time.perf_counter() - t0) * 1000.0
            self._deliver(dev, g, list(enumerate(dvs)), latency, polled=True)
            next_t = await next_tick(next_t, g.period)

    def _deliver(self, dev: SessionDevice, g: TagGroup, items: list[tuple[int, Any]], latency: float = 0.0,
                 polled: bool = False) -> None:
        """DataValues of group ``g`` (``(index, DataValue)``) to samples."""
        ts = self.host.clock()
        n = len(items)
        if polled and n == len(g.tags) and all(dv.StatusCode is None or dv.StatusCode.is_good() for _, dv in items):
            values = [coerce(g.tags[i], dv.Value.Value if dv.Value is not None else None) for i, dv in items]
            self._emit_group(dev, g, values, ts, latency)
            return
        out, fresh = [], []
        for i, dv in items:
            q, err = status_quality(dv.StatusCode)
            value = coerce(g.tags[i], dv.Value.Value if dv.Value is not None else None) if q in (
                Quality.GOOD, Quality.STALE) else None
            if q is Quality.STALE and isinstance(value, DecodeFailed):
                q, err, value = Quality.BAD, value.error, None
            s_out, s_fresh = g.quality.one(i, value, ts, q, err)
            fresh.append(s_fresh)
            if s_out is not None:
                out.append(s_out)
        if polled:
            g.last_good_ts = asyncio.get_running_loop().time()
            self.host.publish(out, fresh, dev.status, ts, latency)
        else:
            with self.host.lock:
                dev.status.updates += n
                dev.status.last_ok_ts = ts
                dev.status.connected = True
            self.host.publish(out, fresh)

    async def _disconnect(self, dev: SessionDevice) -> None:
        client = dev.client
        if client is None:
            return
        try:
            await asyncio.wait_for(client.disconnect(), 1.0)
        except BaseException:  # noqa: BLE001 - a dead server cannot be told goodbye
            try:
                client.disconnect_socket()
            except Exception:  # noqa: BLE001
                pass

    # ------------------------------------------------------------------ writes
    def check_write(self, tag: TagConfig, value) -> Any:
        if tag.type == "bool":
            if not isinstance(value, (bool, int)) or isinstance(value, float):
                raise WriteError(f"{tag.key}: expected true/false, got {value!r}")
            return bool(value)
        if tag.type == "string":
            return str(value)
        try:
            fv = float(value)
        except (TypeError, ValueError):
            raise WriteError(f"{tag.key}: expected a number, got {value!r}") from None
        if not math.isfinite(fv):
            raise WriteError(f"{tag.key}: {value!r} is not a finite number")
        raw = _raw(tag, fv)
        if tag.type in _INT_TYPES:
            lo, hi = _INT_TYPES[tag.type]
            if not lo <= raw <= hi:
                raise WriteError(f"{tag.key}: {value!r} does not fit {tag.type}")
        return raw

    async def write(self, tag: TagConfig, value, prepared) -> WriteResult:
        from asyncua import ua

        dev = self.devices.get(tag.equipment_id)
        key = tag.key
        if dev is None or not dev.up or dev.client is None:
            return WriteResult(key, value, None, False, f"{tag.equipment_id} not connected")
        found = dev.group_of(key)
        if found is None:
            return WriteResult(key, value, None, False, f"{key}: no node")
        g, i = found
        node = g.items[i]
        timeout = dev.eq.connection.timeout_s
        vtype = dev.extra.get("variant", {}).get(key) or getattr(ua.VariantType, _VARIANT_OF_TYPE[tag.type])
        try:
            raw = prepared
            if vtype in (ua.VariantType.Float, ua.VariantType.Double):
                raw = float(raw)
            elif vtype not in (ua.VariantType.Boolean, ua.VariantType.String):
                raw = int(raw)
            await asyncio.wait_for(node.write_value(ua.DataValue(ua.Variant(raw, vtype))), timeout)
            dv = await asyncio.wait_for(node.read_data_value(), timeout)
        except asyncio.CancelledError:
            raise
        except asyncio.TimeoutError:
            return WriteResult(key, value, None, False, f"timeout: no answer within {timeout:g} s")
        except Exception as exc:  # noqa: BLE001 - BadUserAccessDenied, BadTypeMismatch, ...
            return WriteResult(key, value, None, False, f"write refused: {getattr(exc, 'code_as_name', lambda: '')() or exc}")
        q, err = status_quality(dv.StatusCode)
        read_back = coerce(tag, dv.Value.Value if dv.Value is not None else None)
        if q is not Quality.GOOD or isinstance(read_back, DecodeFailed):
            return WriteResult(key, value, None, False, f"read-back failed: {err or read_back.error}")
        if not values_equal(tag, read_back, value if tag.type in ("bool", "string") else coerce(tag, raw)):
            return WriteResult(key, value, read_back, False,
                               f"read-back {read_back!r} differs from the value written {value!r}")
        self._written(dev, tag, read_back)
        return WriteResult(key, value, read_back, True, None)

    # ------------------------------------------------------------------ browse
    async def browse(self, equipment_id: str, where: str | None = None) -> list[BrowseItem]:
        """The children of ``where`` (a node id or browse path; None: the Objects folder), with each variable's
        value and the Lineside type it reads as."""
        from asyncua import ua

        dev = self.devices.get(equipment_id)
        if dev is None or not dev.up or dev.client is None:
            raise WriteError(f"{equipment_id}: not connected")
        client = dev.client
        timeout = dev.eq.connection.timeout_s * 4
        parent = client.nodes.objects if not where else await self._resolve(client, where)
        refs = await asyncio.wait_for(parent.get_references(refs=ua.ObjectIds.HierarchicalReferences,
                                                            direction=ua.BrowseDirection.Forward), timeout)
        # batched: one Browse for every child's children, one Read per attribute for every variable (a folder
        # of a thousand variables costs four requests, not four thousand)
        uac = client.uaclient
        kids = await asyncio.wait_for(uac.browse(ua.BrowseParameters(NodesToBrowse=[ua.BrowseDescription(
            NodeId=r.NodeId, BrowseDirection=ua.BrowseDirection.Forward,
            ReferenceTypeId=ua.NodeId(ua.ObjectIds.HierarchicalReferences), IncludeSubtypes=True, NodeClassMask=0,
            ResultMask=ua.BrowseResultMask.BrowseName) for r in refs])), timeout) if refs else []
        variables = [r.NodeId for r in refs if r.NodeClass == ua.NodeClass.Variable]
        vtypes, values, levels = {}, {}, {}
        if variables:
            dts = await asyncio.wait_for(uac.read_attributes(variables, ua.AttributeIds.DataType), timeout)
            dvs = await asyncio.wait_for(uac.read_attributes(variables, ua.AttributeIds.Value), timeout)
            lvs = await asyncio.wait_for(uac.read_attributes(variables, ua.AttributeIds.UserAccessLevel), timeout)
            for nid, dt, dv, lv in zip(variables, dts, dvs, lvs):
                key = nid.to_string()
                dtid = dt.Value.Value if dt.Value is not None else None
                vtypes[key] = _TYPE_OF_VARIANT.get(ua.VariantType(dtid.Identifier).name, "") if (
                    dtid is not None and dtid.NamespaceIndex == 0 and isinstance(dtid.Identifier, int)
                    and dtid.Identifier in ua.VariantType._value2member_map_) else ""
                values[key] = dv.Value.Value if dv.Value is not None and dv.StatusCode.is_good() else None
                levels[key] = bool(lv.Value is not None and lv.Value.Value is not None
                                   and lv.Value.Value & ua.AccessLevel.CurrentWrite.mask)
        out = []
        for ref, kid in zip(refs, kids or [None] * len(refs)):
            key = ref.NodeId.to_string()
            out.append(BrowseItem(address=key, name=ref.BrowseName.to_string(), kind=ref.NodeClass.name.lower(),
                                  type=vtypes.get(key, ""), value=values.get(key), writable=levels.get(key, False),
                                  has_children=bool(kid is not None and kid.References),
                                  description=ref.DisplayName.Text or ""))
        return out

    def statistics(self) -> dict[str, dict]:
        return {d.id: {"groups": len(d.groups), "subscriptions": len(d.extra.get("subs", [])),
                       "polled": sum(len(g.tags) for g in d.groups if g.polled),
                       "subscribed": sum(len(g.tags) for g in d.groups if not g.polled)}
                for d in self.devices.values()}


def _first_der(chain: bytes) -> bytes:
    """The leaf certificate of a DER chain (servers may send the chain concatenated)."""
    if len(chain) > 4 and chain[0] == 0x30 and chain[1] == 0x82:
        n = int.from_bytes(chain[2:4], "big") + 4
        return chain[:n]
    return chain
