"""Sandboxes for the sandbox's own tests: one clean sandbox per shipped profile for the session (each test makes
its own customers), and `start_sandbox` for a sandbox of a test's own (faults, pinned clock, rate limit)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from chargebee_conformance.sandbox.testing import running_sandbox
from tests.sandbox.support import MULTI, PC1, PC2, Site

StartSandbox = Callable[..., Site]


def _serve(profile: Path) -> Iterator[Site]:
    with running_sandbox(profile) as url:
        site = Site(url, profile)
        try:
            yield site
        finally:
            site.close()


@pytest.fixture(scope="session")
def pc1() -> Iterator[Site]:
    """Product catalog 1.0 with metered billing (v1 and v2)."""
    yield from _serve(PC1)


@pytest.fixture(scope="session")
def pc2() -> Iterator[Site]:
    """Product catalog 2.0 with metered billing (v2 only)."""
    yield from _serve(PC2)


@pytest.fixture(scope="session")
def multi() -> Iterator[Site]:
    """Product catalog 1.0 with multicurrency, multi-decimal, India tax region and metered billing."""
    yield from _serve(MULTI)


@pytest.fixture
def start_sandbox() -> Iterator[StartSandbox]:
    """start_sandbox(profile=PC1, faults=(), **running_sandbox options) -> Site, stopped after the test."""
    with ExitStack() as stack:

        def start(profile: Path = PC1, faults: tuple[str, ...] = (), **options: Any) -> Site:
            url = stack.enter_context(running_sandbox(profile, faults, **options))
            site = Site(url, profile)
            stack.callback(site.close)
            return site

        yield start
