"""Generation is a function of the seed and the world: no wall clock, randomness, uuids or set order."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis.strategies import SearchStrategy

from chargebee_conformance.spec.case import Case
from chargebee_conformance.strategies import invalid_cases, valid_cases
from tests.strategies.worlds import OFFERED, SETTINGS, VALID, world

SOURCES = sorted((Path(__file__).resolve().parents[2] / "strategies").glob("*.py"))
FORBIDDEN = re.compile(r"datetime\.now|date\.today|time\.time\(|import random|from random|uuid|os\.environ")


def test_strategies_read_no_clock_randomness_or_environment() -> None:
    lines = [(path.name, n, line) for path in SOURCES
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    hits = [f"{name}:{n}: {line.strip()}" for name, n, line in lines if FORBIDDEN.search(line)]
    assert SOURCES and hits == []


def _collect(make: Callable[[], SearchStrategy[Case]]) -> list[Case]:
    seen: list[Case] = []

    @SETTINGS
    @given(make())
    def run(case: Case) -> None:
        seen.append(case)

    run()
    return seen


def test_the_same_seed_gives_the_same_valid_cases() -> None:
    op, profile = next((o, p) for o, p in VALID if o.id == "v2.charge")
    first = _collect(lambda: valid_cases(op, world(profile)))
    assert len(first) > 1 and first == _collect(lambda: valid_cases(op, world(profile)))


def test_the_same_seed_gives_the_same_invalid_cases() -> None:
    op, profile = next((o, p) for o, p in OFFERED if o.id == "v1.create")
    first = _collect(lambda: invalid_cases(op, world(profile)))
    assert len(first) > 1 and first == _collect(lambda: invalid_cases(op, world(profile)))
