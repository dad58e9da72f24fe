"""Start a sandbox for tests and for the suite: uvicorn in a background thread on a free loopback port.

    with running_sandbox("profiles/sandbox-pc2-metered.toml", faults=["po_number_dropped"]) as base_url:
        httpx.post(base_url + "/api/v2/invoices/charge", auth=(key, ""), data={...})
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import uvicorn

from chargebee_conformance.sandbox.app import create_app
from chargebee_conformance.sandbox.config import SandboxConfig
from chargebee_conformance.sandbox.service import Sandbox
from chargebee_conformance.sandbox.wire_errors import JsonErrorsH11Protocol
from chargebee_conformance.spec.profile import SiteProfile

Server = uvicorn.Server  # the class testing and the CLI both serve with
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 10.0


def server(config: SandboxConfig, kind: type[Server] = Server) -> tuple[Server, Sandbox]:
    """A uvicorn server for the sandbox (not started) and the sandbox it serves."""
    app = create_app(config)
    settings = uvicorn.Config(
        app, log_config=None, log_level="warning", access_log=False, lifespan="off", http=JsonErrorsH11Protocol,
        ws="none",
        loop="asyncio", timeout_graceful_shutdown=2,
        server_header=not config.quirks.on("extra_headers"),  # the quirk sends its own `server`, once
    )
    sandbox: Sandbox = app.state.sandbox
    return kind(settings), sandbox


def bind(port: int = 0) -> socket.socket:
    """A listening socket on loopback (port 0: a free one)."""
    # IPPROTO_TCP explicitly: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose proto says TCP, and
    # with Nagle on every response waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


@contextmanager
def running_sandbox(
    profile: str | Path | SiteProfile, faults: Iterable[str] = (), *, db: str = ":memory:",
    api_keys: Iterable[str] | None = None, rate_limit: int | None = None,
    now: Callable[[], datetime] | None = None, quirks: Iterable[str] = (),
) -> Iterator[str]:
    """Serve a sandbox until the block ends; yields the root URL ("http://127.0.0.1:54321", no /api/vN).

    `api_keys` defaults to the profile's [sandbox] api_keys; `now` (time-zone aware) pins the sandbox's clock;
    `quirks` names sandbox.quirks (or "all") to switch on.
    """
    with SandboxPool() as pool:
        yield pool.start(profile, faults, db=db, api_keys=api_keys, rate_limit=rate_limit, now=now, quirks=quirks)


@dataclass
class _Running:
    server: Server
    sandbox: Sandbox
    sock: socket.socket
    thread: threading.Thread


class SandboxPool:
    """Sandboxes started on demand (`start` takes running_sandbox's arguments) and stopped together when the block
    ends: stopping waits out uvicorn's 0.1 s main-loop tick, so a run's sandboxes pay it once, not once each."""

    def __init__(self) -> None:
        self._running: list[_Running] = []

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, profile: str | Path | SiteProfile, faults: Iterable[str] = (), *, db: str = ":memory:",
              api_keys: Iterable[str] | None = None, rate_limit: int | None = None,
              now: Callable[[], datetime] | None = None, quirks: Iterable[str] = ()) -> str:
        config = SandboxConfig.build(profile, faults, db=db, api_keys=api_keys, rate_limit=rate_limit, now=now,
                                     quirks=quirks)
        uvicorn_server, sandbox = server(config)
        sock = bind()
        thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]}, name="sandbox",
                                  daemon=True)
        running = _Running(uvicorn_server, sandbox, sock, thread)
        self._running.append(running)
        thread.start()
        _wait_started(uvicorn_server, thread)
        return f"http://{HOST}:{sock.getsockname()[1]}"

    def stop(self) -> None:
        running, self._running = self._running, []
        # Nothing waits for an answer any more: idle keep-alive connections are not waited for either.
        for each in running:
            each.server.should_exit = each.server.force_exit = True
        for each in running:
            each.thread.join(timeout=10)
            each.sock.close()
            each.sandbox.close()


def _wait_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the sandbox server stopped during startup; see the log")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the sandbox server did not start within {STARTUP_TIMEOUT} s")
        time.sleep(0.005)
