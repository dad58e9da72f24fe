"""`python -m chargebee_conformance.sandbox`: serve the reference sandbox on loopback until Ctrl-C or SIGTERM.

Bad arguments (unknown fault or quirk, missing or broken profile, unusable database, busy port) give one line
on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import signal
import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

import uvicorn

from chargebee_conformance.sandbox import faults, quirks
from chargebee_conformance.sandbox.config import DEFAULT_PROFILE, SandboxConfig, default_db
from chargebee_conformance.sandbox.faults import UnknownFault
from chargebee_conformance.sandbox.quirks import QuirkError
from chargebee_conformance.sandbox.service import Sandbox
from chargebee_conformance.sandbox.storage import StorageError
from chargebee_conformance.sandbox.testing import HOST, bind, server
from chargebee_conformance.spec.profile import ProfileError, load_profile

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        self.exit(USAGE_ERROR, f"sandbox: error: {message} (see --help)\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m chargebee_conformance.sandbox",
                description=f"Serve the Chargebee-compatible sandbox on {HOST}.")
    p.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765; 0: a free one)")
    p.add_argument("--profile", default=str(DEFAULT_PROFILE), help="site profile TOML (default %(default)s)")
    p.add_argument("--fault", action="append", default=[], metavar="NAME",
                   help="switch a named fault on (repeatable; see --list-faults)")
    p.add_argument("--quirk", action="append", default=[], metavar="NAME",
                   help="make a different choice where the docs are silent (repeatable; 'all': every quirk "
                   "that combines; see --list-quirks)")
    p.add_argument("--db", help="SQLite file (default .sandbox/<site name>.sqlite3; ':memory:' keeps nothing)")
    p.add_argument("--api-key", action="append", default=[], metavar="KEY",
                   help="accept this API key too (repeatable; the profile's [sandbox] api_keys always work)")
    p.add_argument("--rate-limit", type=int, metavar="N", help="answer 429 beyond N requests per minute")
    p.add_argument("--list-faults", action="store_true", help="print each fault and the rule id it breaks")
    p.add_argument("--list-quirks", action="store_true",
                   help="print each quirk, the silent point it changes and what allows it")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.list_faults:
        print(faults.listing())
        return 0
    if args.list_quirks:
        print(quirks.listing())
        return 0
    try:
        profile = load_profile(args.profile)
        config = SandboxConfig.build(profile, args.fault, db=args.db or default_db(profile),
                                     extra_api_keys=args.api_key, rate_limit=args.rate_limit, quirks=args.quirk)
        if not 0 <= args.port <= 65535:
            raise ValueError(f"--port must lie between 0 and 65535, got {args.port}")
        sock = bind(args.port)
    except (ProfileError, UnknownFault, QuirkError, ValueError) as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot listen on {HOST}:{args.port} ({error.strerror or error})")
    try:
        uvicorn_server, sandbox = server(config, _QuietServer)
    except StorageError as error:
        sock.close()
        return _fail(str(error))
    _serve(uvicorn_server, sandbox, sock)
    return 0


def _serve(uvicorn_server: uvicorn.Server, sandbox: Sandbox, sock: socket.socket) -> None:
    # Handlers go in before the "serving" line, so a client that reacts to the line can already stop us.
    previous = {sig: signal.signal(sig, uvicorn_server.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
    config = sandbox.config
    active = ", ".join(sorted(config.faults.names)) or "none"
    quirky = ", ".join(sorted(config.quirks.names)) or "none"
    print(f"sandbox: site {config.profile.name} on http://{HOST}:{sock.getsockname()[1]} (db {config.db}; "
          f"faults: {active}; quirks: {quirky}); Ctrl-C stops it", file=sys.stderr, flush=True)
    try:
        uvicorn_server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
        sandbox.close()


class _QuietServer(uvicorn.Server):
    """Leaves signals to `_serve`: uvicorn's own handling raises the signal again after its graceful shutdown,
    which ends the process by that signal (or a KeyboardInterrupt traceback) instead of with status 0."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _fail(message: str) -> int:
    print(f"sandbox: error: {message}", file=sys.stderr)
    return USAGE_ERROR
