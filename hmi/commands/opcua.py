"""`lineside opcua`: the station's OPC UA certificates and trust list, and a look at a server. Qt-free.

    lineside opcua certs                       the station's own certificate, trusted and rejected server certificates
    lineside opcua trust 3f9a1c2b7e            trust a rejected server certificate (by the start of its thumbprint)
    lineside opcua trust server.der            ... or a certificate file the machine builder handed over (DER or PEM)
    lineside opcua untrust 3f9a1c2b7e          move a trusted certificate back to the rejected list
    lineside opcua own-cert --out station.der  the station's certificate (made now if missing), for the server to trust
    lineside opcua browse --config plant.toml --equipment xray [NODE]
                                               the children of a node of a configured server (default: Objects)

``--pki DIR`` works on another certificate store than this station's (``<data dir>/pki``).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from hmi.commands.common import EXIT_OK, emit, fail

__all__ = ["add_parser"]


def _pki(args):
    from hmi.equipment.opcua import Pki

    return Pki(args.pki) if args.pki else Pki()


def cmd_certs(args) -> int:
    rows = _pki(args).listing()
    if args.json:
        emit(args, rows, "")
        return EXIT_OK
    if not rows:
        print("no certificates yet: the station makes its own at its first secured connection "
              "(or now: lineside opcua own-cert)")
    for r in rows:
        print(f"{r['list']:<9} {r['thumbprint']}  until {r['valid_until'] or '?':<10}  {r['subject']}")
    return EXIT_OK


def _change_trust(what: str, change) -> None:
    try:
        path = change(what)
    except (ValueError, OSError) as exc:
        fail(str(exc))
    return path


def cmd_trust(args) -> int:
    path = _change_trust(args.what, _pki(args).trust)
    print(f"trusted: {path.stem} ({path})")
    return EXIT_OK


def cmd_untrust(args) -> int:
    path = _change_trust(args.thumbprint, _pki(args).untrust)
    print(f"no longer trusted: {path.stem}")
    return EXIT_OK


def cmd_own_cert(args) -> int:
    import asyncio

    from asyncua import Client

    from hmi.equipment.opcua import APPLICATION_URI

    pki = _pki(args)

    async def make():
        import socket

        client = Client("opc.tcp://localhost:4840")
        client.application_uri = f"{APPLICATION_URI}:{socket.gethostname()}"
        return await pki.ensure_own(client)

    cert, _key = asyncio.run(make())
    if args.out:
        Path(args.out).write_bytes(cert.read_bytes())
        print(f"the station's certificate: {args.out} (thumbprint {pki.thumbprint(cert.read_bytes())})")
    else:
        print(f"{cert} (thumbprint {pki.thumbprint(cert.read_bytes())})")
    return EXIT_OK


def cmd_browse(args) -> int:
    from hmi.config import ConfigError, load_config
    from hmi.equipment.poller import Poller

    try:
        plant = load_config(args.config)
    except (ConfigError, OSError) as exc:
        fail(str(exc))
    eq = [e for e in plant.equipment if e.id == args.equipment]
    if not eq:
        fail(f"{args.equipment}: no such equipment in {args.config} "
             f"(OPC UA ones: {', '.join(e.id for e in plant.equipment if e.connection.protocol == 'opcua') or 'none'})")
    import time
    from dataclasses import replace

    only = replace(plant, lines=tuple(replace(line, equipment=tuple(e for e in line.equipment if e.id == args.equipment))
                                      for line in plant.lines))
    poller = Poller(only)
    poller.start()
    try:
        end = time.monotonic() + args.timeout
        while not poller.device_status()[args.equipment].connected and time.monotonic() < end:
            time.sleep(0.05)
        st = poller.device_status()[args.equipment]
        if not st.connected:
            fail(f"{args.equipment}: {st.last_error or 'no answer'}")
        try:
            items = poller.browse(args.equipment, args.node).result(args.timeout)
        except Exception as exc:  # noqa: BLE001 - one line for the user
            fail(f"{args.equipment}: browse failed: {exc}")
    finally:
        poller.stop()
    if args.json:
        from dataclasses import asdict

        emit(args, [{k: (v if isinstance(v, (int, float, str, bool, type(None))) else str(v))
                     for k, v in asdict(it).items()} for it in items], "")
        return EXIT_OK
    for it in items:
        more = "/" if it.has_children else " "
        value = "" if it.value is None else f" = {it.value!r}"
        print(f"{it.kind:<9}{more} {it.address:<40} {it.name:<24} {it.type:<8}{' writable' if it.writable else ''}"
              f"{value}")
    return EXIT_OK


def add_parser(sub) -> argparse.ArgumentParser:
    o = sub.add_parser("opcua", help="OPC UA certificates, trust list and browsing")
    osub = o.add_subparsers(dest="what", metavar="<what>")

    def common(p):
        p.add_argument("--pki", metavar="DIR", help="certificate store (default: this station's)")
        return p

    c = common(osub.add_parser("certs", help="the station's own, trusted and rejected certificates"))
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_certs)
    t = common(osub.add_parser("trust", help="trust a server certificate (thumbprint start or file)"))
    t.add_argument("what", metavar="THUMBPRINT|FILE")
    t.set_defaults(func=cmd_trust)
    u = common(osub.add_parser("untrust", help="stop trusting a server certificate"))
    u.add_argument("thumbprint", metavar="THUMBPRINT")
    u.set_defaults(func=cmd_untrust)
    w = common(osub.add_parser("own-cert", help="the station's certificate (made if missing), for servers to trust"))
    w.add_argument("--out", metavar="FILE.der")
    w.set_defaults(func=cmd_own_cert)
    b = osub.add_parser("browse", help="the children of a node of a configured OPC UA server")
    b.add_argument("--config", required=True, metavar="FILE")
    b.add_argument("--equipment", required=True, metavar="EQ")
    b.add_argument("node", nargs="?", metavar="NODE", help="node id or browse path (default: Objects)")
    b.add_argument("--timeout", type=float, default=10.0, metavar="S")
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=cmd_browse)

    def needs(_args):
        fail("say what: `lineside opcua certs|trust|untrust|own-cert|browse` (see --help)")

    o.set_defaults(func=needs)
    return o

