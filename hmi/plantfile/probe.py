""""Test connection" for a device of any protocol: does it answer, how fast, and what does it say it is. Qt-free.

:func:`test_connection` opens its own connection (the station's acquisition is not disturbed), asks the device
for its identity where the protocol has one, times a plain request, and closes.  It blocks for at most about
twice the connection's timeout: call it from a worker, never from the GUI thread.

* Modbus: Read Device Identification (function 43/14: vendor, product code, revision) when the device offers
  it (many do not: the identity is then empty, which is no failure); the latency is that of a read of the
  device's first tag (or of holding register 0).
* OPC UA: the server's BuildInfo (product, manufacturer, software version and build) and application URI; the
  latency is that of a read of the server's state.
* Siemens S7: the CPU's identification (module type, serial number, name); the latency is that of a read of the
  CPU state.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from hmi.config import BIT_TABLES, EquipmentConfig, ModbusRtu, ModbusTcp, OpcUa, S7

__all__ = ["ProbeResult", "test_connection"]


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """``ok``: the device answered; ``latency_ms`` of one plain request; ``identity``: what the device says it
    is (empty where the protocol or the device has none); ``error``: why not, when not ``ok``."""

    equipment_id: str
    protocol: str
    ok: bool
    latency_ms: float | None = None
    identity: dict[str, str] = field(default_factory=dict)
    error: str = ""

    def text(self) -> str:
        if not self.ok:
            return f"{self.equipment_id}: no answer: {self.error}"
        ident = ", ".join(f"{k} {v}" for k, v in self.identity.items() if v)
        return (f"{self.equipment_id}: answers in {self.latency_ms:.1f} ms ({self.protocol})"
                + (f"; {ident}" if ident else "; no identity offered"))


def test_connection(eq: EquipmentConfig, timeout: float | None = None) -> ProbeResult:
    """Probe ``eq`` (see the module text).  Never raises for a device that does not answer: ``ok`` is False."""
    conn = eq.connection
    limit = (timeout if timeout is not None else conn.timeout_s) * 2 + 1.0
    try:
        return asyncio.run(asyncio.wait_for(_probe(eq), limit))
    except asyncio.TimeoutError:
        return ProbeResult(eq.id, conn.protocol, False, error=f"timeout: no answer within {limit:g} s")
    except Exception as exc:  # noqa: BLE001 - refused, unreachable, refused log-in ... : said, not raised
        return ProbeResult(eq.id, conn.protocol, False, error=str(exc) or type(exc).__name__)


async def _probe(eq: EquipmentConfig) -> ProbeResult:
    conn = eq.connection
    if isinstance(conn, (ModbusTcp, ModbusRtu)):
        return await _modbus(eq)
    if isinstance(conn, OpcUa):
        return await _opcua(eq)
    if isinstance(conn, S7):
        return await _s7(eq)
    raise ValueError(f"{conn.protocol}: no probe")


async def _modbus(eq: EquipmentConfig) -> ProbeResult:
    from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient

    c = eq.connection
    if isinstance(c, ModbusTcp):
        client = AsyncModbusTcpClient(c.host, port=c.port, timeout=c.timeout_s, retries=0, reconnect_delay=0)
    else:
        client = AsyncModbusSerialClient(c.serial_port, baudrate=c.baudrate, parity=c.parity, stopbits=c.stopbits,
                                         bytesize=c.bytesize, timeout=c.timeout_s, retries=0, reconnect_delay=0)
    try:
        if not await client.connect():
            raise ConnectionError(f"cannot connect to {getattr(c, 'host', '') or c.serial_port}"
                                  f"{':' + str(c.port) if isinstance(c, ModbusTcp) else ''}")
        tag = eq.tags[0] if eq.tags else None
        t0 = time.perf_counter()
        if tag is None or tag.table == "holding_register":
            rr = await client.read_holding_registers(tag.address if tag else 0, count=1, device_id=c.unit_id)
        elif tag.table == "input_register":
            rr = await client.read_input_registers(tag.address, count=1, device_id=c.unit_id)
        elif tag.table in BIT_TABLES:
            read = client.read_coils if tag.table == "coil" else client.read_discrete_inputs
            rr = await read(tag.address, count=1, device_id=c.unit_id)
        latency = (time.perf_counter() - t0) * 1000.0
        if rr.isError() and getattr(rr, "exception_code", 0) in (10, 11):
            raise ConnectionError(f"the gateway answered, unit {c.unit_id} did not (exception "
                                  f"{rr.exception_code})")
        identity: dict[str, str] = {}
        try:
            info = await client.read_device_information(read_code=1, object_id=0, device_id=c.unit_id)
            if not info.isError():
                names = {0: "vendor", 1: "product_code", 2: "revision"}
                for k, v in (getattr(info, "information", {}) or {}).items():
                    text = v.decode("latin-1", errors="replace") if isinstance(v, (bytes, bytearray)) else str(v)
                    identity[names.get(k, f"object_{k}")] = text
        except Exception:  # noqa: BLE001 - function 43 not offered: no identity, not a failure
            identity = {}
        return ProbeResult(eq.id, c.protocol, True, latency, identity)
    finally:
        client.close()


async def _opcua(eq: EquipmentConfig) -> ProbeResult:
    from asyncua import Client

    from hmi.equipment.opcua import APPLICATION_URI, Pki

    c: OpcUa = eq.connection
    client = Client(c.endpoint, timeout=c.timeout_s)
    import socket

    client.application_uri = f"{APPLICATION_URI}:{socket.gethostname()}"
    if c.username:
        client.set_user(c.username)
        client.set_password(c.resolved_password())
    if c.secured:
        from asyncua import ua
        from asyncua.crypto import security_policies

        from hmi.equipment.opcua import OpcUaDriver

        pki = Pki()
        cert, key = await pki.ensure_own(client)
        der = await OpcUaDriver._server_certificate(client, c)
        if not pki.is_trusted(der):
            pki.reject(der)
            raise PermissionError(f"server certificate {pki.thumbprint(der)} is not trusted "
                                  f"(lineside opcua trust {pki.thumbprint(der)[:12]})")
        await client.set_security(security_policies.SecurityPolicyBasic256Sha256, str(cert), str(key),
                                  server_certificate=der, mode=getattr(ua.MessageSecurityMode, c.security_mode))
    await client.connect()
    try:
        t0 = time.perf_counter()
        await client.nodes.server_state.read_value()
        latency = (time.perf_counter() - t0) * 1000.0
        identity: dict[str, str] = {}
        build = client.nodes.server.get_child(["0:ServerStatus", "0:BuildInfo"])
        try:
            bi = await (await build).read_value()
            identity = {"product": bi.ProductName or "", "manufacturer": bi.ManufacturerName or "",
                        "version": bi.SoftwareVersion or "", "build": bi.BuildNumber or "",
                        "application_uri": bi.ProductUri or ""}
        except Exception:  # noqa: BLE001 - a server without BuildInfo still answers
            identity = {}
        return ProbeResult(eq.id, c.protocol, True, latency, {k: str(v) for k, v in identity.items() if v})
    finally:
        try:
            await asyncio.wait_for(client.disconnect(), 2.0)
        except Exception:  # noqa: BLE001
            pass


async def _s7(eq: EquipmentConfig) -> ProbeResult:
    from snap7 import AsyncClient

    c: S7 = eq.connection
    client = AsyncClient()
    await client.connect(c.host, c.rack, c.slot, c.port)
    try:
        t0 = time.perf_counter()
        state = await client.get_cpu_state()
        latency = (time.perf_counter() - t0) * 1000.0
        identity: dict[str, Any] = {"cpu_state": str(state)}
        try:
            info = await client.get_cpu_info()
            for k, name in (("ModuleTypeName", "module"), ("SerialNumber", "serial"), ("ASName", "name")):
                v = getattr(info, k, b"")
                v = v.decode("latin-1", errors="replace") if isinstance(v, (bytes, bytearray)) else str(v)
                if v.strip("\x00 "):
                    identity[name] = v.strip("\x00 ")
        except Exception:  # noqa: BLE001 - a CPU that keeps its identity to itself still answers
            pass
        return ProbeResult(eq.id, c.protocol, True, latency, identity)
    finally:
        await client.disconnect()
