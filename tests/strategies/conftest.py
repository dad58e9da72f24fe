"""Fixtures for the strategies self-tests: worlds over the three shipped sandbox profiles.

Worlds are built in `worlds.py` (importable at collection time, for parametrisation) and offered here as a
session-scoped factory, so Hypothesis tests take no function-scoped fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.world import Fixtures, World
from tests.strategies import worlds


@pytest.fixture(scope="session")
def make_world() -> Callable[..., World]:
    def make(profile: SiteProfile, now: datetime = worlds.NOW, fixtures: Fixtures = worlds.FULL) -> World:
        return worlds.world(profile, now, fixtures)

    return make


@pytest.fixture(scope="session")
def profiles() -> dict[str, SiteProfile]:
    return {p.name: p for p in worlds.PROFILES}
