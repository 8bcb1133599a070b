"""OPC UA peers for the tests: asyncua's own server in a thread (or in a process of its own,
:class:`AsyncuaPeerProcess`), and a node-opcua server (Node.js) in a process.

Both serve the same nodes (namespace ``urn:lineside:test``, object ``Cabinet``): one variable per Lineside type
with a known value (:data:`VALUES`), writable, plus ``Counter`` (UInt32, rising every 50 ms) and ``Bad``
(a value whose status is BadSensorFailure).  Node ids are strings: ``ns=2;s=Cabinet.<Name>``.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

PEERS_DIR = Path(__file__).parent / "peers"
#: name -> (Lineside type, OPC UA type name, value served)
VALUES = {
    "Flag": ("bool", "Boolean", True),
    "Int16": ("int16", "Int16", -12345),
    "UInt16": ("uint16", "UInt16", 54321),
    "Int32": ("int32", "Int32", -2_000_000_123),
    "UInt32": ("uint32", "UInt32", 4_000_000_123),
    "Float": ("float32", "Float", 3.25),
    "Double": ("float64", "Double", -1234.5678901234),
    "Text": ("string", "String", "WHEEL-0042 ok"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 15.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class AsyncuaPeer:
    """asyncua's server on ``port`` in a thread of its own; ``stop()`` / ``start()`` restart it on the same port.

    ``secure``: offer Basic256Sha256 (Sign, SignAndEncrypt) only, with a certificate made in ``pki_dir`` and
    user ``operator`` / ``secret`` required."""

    def __init__(self, port: int | None = None, *, secure: bool = False, pki_dir: Path | None = None):
        self.port = port or free_port()
        self.secure = secure
        self.pki_dir = pki_dir
        self.endpoint = f"opc.tcp://127.0.0.1:{self.port}/lineside/"
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread: threading.Thread | None = None
        self.server = None
        self.nodes: dict[str, object] = {}
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self.cert_der: bytes = b""

    def start(self) -> "AsyncuaPeer":
        self._ready.clear()
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"opcua-peer-{self.port}")
        self.thread.start()
        if not self._ready.wait(20.0):
            raise RuntimeError("asyncua server did not start")
        return self

    def stop(self) -> None:
        if self.loop is not None and self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        if self.thread is not None:
            self.thread.join(10.0)
        self.thread = None

    def set(self, name: str, value) -> None:
        """Set a served value (from the test's thread)."""
        fut = asyncio.run_coroutine_threadsafe(self.nodes[name].write_value(value), self.loop)
        fut.result(5.0)

    def get(self, name: str):
        return asyncio.run_coroutine_threadsafe(self.nodes[name].read_value(), self.loop).result(5.0)

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._main())
        finally:
            self.loop.close()

    async def _main(self) -> None:
        from asyncua import Server, ua

        self._stop = asyncio.Event()
        users = None
        if self.secure:
            from asyncua.crypto.permission_rules import User, UserRole
            from asyncua.server.user_managers import UserManager

            class Users(UserManager):
                def get_user(self, iserver, username=None, password=None, certificate=None):
                    if username == "operator" and password == "secret":
                        return User(role=UserRole.User)
                    return None

            users = Users()
        server = Server(user_manager=users)
        await server.init()
        server.set_endpoint(self.endpoint)
        server.set_server_name("Lineside test peer")
        if self.secure:
            from asyncua.crypto.cert_gen import setup_self_signed_certificate
            from asyncua.crypto.permission_rules import SimpleRoleRuleset
            from cryptography.x509.oid import ExtendedKeyUsageOID

            key, cert = self.pki_dir / "server_key.pem", self.pki_dir / "server_cert.der"
            await setup_self_signed_certificate(key, cert, "urn:lineside:test:server", "localhost",
                                                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH],
                                                {"commonName": "Lineside test server"})
            self.cert_der = cert.read_bytes()
            server.set_security_policy([ua.SecurityPolicyType.Basic256Sha256_Sign,
                                        ua.SecurityPolicyType.Basic256Sha256_SignAndEncrypt],
                                       permission_ruleset=SimpleRoleRuleset())
            await server.load_certificate(str(cert))
            await server.load_private_key(str(key))
            await server.set_application_uri("urn:lineside:test:server")
            server.set_security_IDs(["Username"])
        else:
            server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        ns = await server.register_namespace("urn:lineside:test")
        obj = await server.nodes.objects.add_object(ua.NodeId("Cabinet", ns), ua.QualifiedName("Cabinet", ns))
        self.nodes = {}
        for name, (_t, vt, value) in VALUES.items():
            var = await obj.add_variable(ua.NodeId(f"Cabinet.{name}", ns), ua.QualifiedName(name, ns),
                                         ua.Variant(value, getattr(ua.VariantType, vt)))
            await var.set_writable()
            self.nodes[name] = var
        counter = await obj.add_variable(ua.NodeId("Cabinet.Counter", ns), ua.QualifiedName("Counter", ns),
                                         ua.Variant(0, ua.VariantType.UInt32))
        self.nodes["Counter"] = counter
        bad = await obj.add_variable(ua.NodeId("Cabinet.Bad", ns), ua.QualifiedName("Bad", ns),
                                     ua.Variant(0.0, ua.VariantType.Double))
        self.nodes["Bad"] = bad
        await server.start()
        await bad.write_value(ua.DataValue(ua.Variant(0.0, ua.VariantType.Double),
                                           StatusCode=ua.StatusCode(ua.StatusCodes.BadSensorFailure)))
        self.server = server
        self._ready.set()
        n = 0
        try:
            while not self._stop.is_set():
                try:
                    await asyncio.wait_for(self._stop.wait(), 0.05)
                except asyncio.TimeoutError:
                    n += 1
                    await counter.write_value(ua.Variant(n, ua.VariantType.UInt32))
        finally:
            # close the listening socket first: a client reconnecting while the server stops would otherwise keep
            # Python 3.11's Server.wait_closed() waiting for its connection
            bs = server.bserver
            if bs is not None and getattr(bs, "_server", None) is not None:
                bs._server.close()
            try:
                await asyncio.wait_for(server.stop(), 5.0)
            except asyncio.TimeoutError:
                for transport in list(server.iserver.asyncio_transports):
                    transport.abort()
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in pending:
                t.cancel()
            await asyncio.gather(*pending, return_exceptions=True)


def node_opcua_dir() -> Path | None:
    """Where node-opcua-server is installed (``LINESIDE_NODE_OPCUA`` or ``tests/equipment/peers``), or None."""
    for base in (os.environ.get("LINESIDE_NODE_OPCUA"), PEERS_DIR):
        if base and (Path(base) / "node_modules" / "node-opcua-server").is_dir():
            return Path(base)
    return None


def node_opcua_missing() -> str | None:
    """Why the node-opcua peer cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if node_opcua_dir() is None:
        return ("node-opcua-server is not installed (npm install --prefix tests/equipment/peers "
                "node-opcua-server, or set LINESIDE_NODE_OPCUA)")
    return None


class NodeOpcuaPeer:
    """A node-opcua server (a non-Python OPC UA stack) in a Node.js process, serving the same nodes."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.endpoint = f"opc.tcp://127.0.0.1:{self.port}/lineside"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "NodeOpcuaPeer":
        env = dict(os.environ, NODE_PATH=str(node_opcua_dir() / "node_modules"))
        self.proc = subprocess.Popen(["node", str(PEERS_DIR / "opcua_server.js"), str(self.port)], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        end = time.monotonic() + 60
        while time.monotonic() < end:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("node-opcua server exited before it was ready")
            if line.startswith("READY"):
                threading.Thread(target=self._drain, daemon=True).start()
                return self
        raise RuntimeError("node-opcua server did not get ready in 60 s")

    def _drain(self) -> None:
        proc = self.proc
        if proc is not None and proc.stdout is not None:
            for _ in proc.stdout:
                pass

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(10)
            self.proc = None


class AsyncuaPeerProcess:
    """:class:`AsyncuaPeer` (plain, no security) in a Python process of its own, restarted on the same port: a
    server that starts and stops as a separate machine would, without taking the test process's interpreter lock
    while it loads its address space (up to half a second in one stretch, which a peer in a thread steals from
    the acquisition thread under test)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.endpoint = f"opc.tcp://127.0.0.1:{self.port}/lineside/"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "AsyncuaPeerProcess":
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve", str(self.port)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            self.stop()
            raise RuntimeError(f"asyncua server process did not start: {line!r}")
        return self

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            proc.stdin.write("stop\n")
            proc.stdin.flush()
            proc.wait(10.0)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait(5.0)


if __name__ == "__main__" and sys.argv[1:2] == ["--serve"]:
    # AsyncuaPeerProcess's child: serve until a line arrives on stdin (or stdin closes)
    _peer = AsyncuaPeer(int(sys.argv[2])).start()
    print("ready", flush=True)
    sys.stdin.readline()
    _peer.stop()
