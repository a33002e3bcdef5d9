"""``python -m mocksites --port 8443 [--scenario NAME ...] [--smtp HOST:PORT] [--maildir DIR]``

Runs the mock standalone (for a person with a browser, or a suite on another machine) until
SIGTERM/SIGINT, and prints where it listens and how to point Chromium at it.
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from types import FrameType

from mocksites.mail import CHARSETS, ENCODINGS, parse_target
from mocksites.scenarios import registry
from mocksites.server import MockServer
from mocksites.serving import HEAD_TIMEOUT, WORKERS


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m mocksites", description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=8443, help="port to listen on (0: any free port)")
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on")
    p.add_argument("--scenario", action="append", default=[], metavar="NAME",
                   help="start with this scenario on (repeatable; faults as slow:MS@HOST)")
    p.add_argument("--smtp", metavar="HOST:PORT",
                   help="send mail there (lmtp://HOST:PORT for LMTP) instead of the built-in Maildir sink")
    p.add_argument("--maildir", metavar="DIR", help="the sink's Maildir (default: a temporary folder)")
    p.add_argument("--charset", choices=CHARSETS, default="utf-8", help="charset of the code mail")
    p.add_argument("--encoding", choices=ENCODINGS, default="base64", help="transfer encoding of the code mail")
    p.add_argument("--workers", type=int, default=WORKERS, help="connections served at once (default: %(default)s)")
    p.add_argument("--head-timeout", type=float, default=HEAD_TIMEOUT, metavar="S",
                   help="TLS handshake and each request's headers must arrive within this (default: %(default)s)")
    p.add_argument("--list-scenarios", action="store_true", help="print the scenarios and exit")
    p.add_argument("-v", "--verbose", action="store_true", help="log every request")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list_scenarios:
        for s in registry().values():
            print(f"{s.name:32} {s.kind:6} {s.description}\n{'':40}expect: {s.expect}")
        return 0
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(name)s: %(message)s")
    logging.getLogger("mail.log").setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    try:
        smtp = parse_target(args.smtp) if args.smtp else None
        server = MockServer(port=args.port, bind=args.bind, scenarios=args.scenario, smtp=smtp,
                            maildir=args.maildir, workers=args.workers, head_timeout=args.head_timeout)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    server.world.mail_charset, server.world.mail_encoding = args.charset, args.encoding
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        server.start()
    except OSError as exc:
        print(f"error: cannot listen on {args.bind}:{args.port}: {exc}", file=sys.stderr)
        server.stop()
        return 1
    print(f"mocksites listening on https://{args.bind}:{server.port}/ (index: https://localhost:{server.port}/)")
    print(f"  chromium --host-resolver-rules=\"{server.resolver_rules}\" --ignore-certificate-errors")
    print(f"  CA certificate: {server.ca_pem}")
    print(f"  mail: {server.world.mail_target} -> Maildir {server.maildir}" if server.sink
          else f"  mail: {server.world.mail_target}")
    print(f"  scenarios: {', '.join(server.world.active_names()) or 'none'}", flush=True)
    while not stop.wait(0.5):
        pass
    print("mocksites: shutting down", flush=True)
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
