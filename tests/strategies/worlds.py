"""The worlds the self-tests generate in: the three shipped sandbox profiles, fixed fixture ids and clocks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, settings

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Operation, Rule
from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.spec.profile import SiteProfile, load_profile
from chargebee_conformance.spec.validate import violations
from chargebee_conformance.spec.world import Fixtures, World
from chargebee_conformance.strategies import generatable_rules
from chargebee_conformance.strategies.draft import request_of
from chargebee_conformance.strategies.support import refusal
from tests.catalogs import discovered

PROFILE_DIR = Path(__file__).resolve().parents[2] / "profiles"
PROFILES: tuple[SiteProfile, ...] = tuple(
    discovered(load_profile(p)) for p in sorted(PROFILE_DIR.glob("sandbox-*.toml")))
# A month end: one calendar month back clamps to 28 February, so the clamp is exercised by every run.
NOW = datetime(2025, 3, 31, 10, 0, tzinfo=UTC)
ID_MAX = 50  # customer_id / subscription_id max chars in every operation: fixtures sit exactly at it


def padded(stem: str) -> str:
    """A fixture id of exactly ID_MAX characters, so valid cases exercise the id length boundary."""
    return (stem + "-").ljust(ID_MAX, "0")


FULL = Fixtures(
    customer_id=padded("cbc-fixture-customer"), subscription_id=padded("cbc-fixture-subscription"),
    pending_invoice_id="cbc-fixture-pending", closed_invoice_id="cbc-fixture-closed",
    other_customer_id=padded("cbc-fixture-other"),
)
BARE = Fixtures(customer_id=padded("cbc-fixture-customer"))  # no subscription, no invoices


def world(profile: SiteProfile, now: datetime = NOW, fixtures: Fixtures = FULL) -> World:
    return World(profile, fixtures, now)


def offered(op: Operation, profile: SiteProfile) -> bool:
    return op.api_version in profile.api_versions and profile.offers(op.requires)


def label(op: Operation, profile: SiteProfile) -> str:
    return f"{op.id}@{profile.name.removeprefix('sandbox-')}"


OFFERED = [(op, p) for p in PROFILES for op in OPERATIONS if offered(op, p)]
VALID = [(op, p) for op, p in OFFERED if refusal(op, world(p)) is None]
REFUSED = [(op, p) for op, p in OFFERED if refusal(op, world(p)) is not None]
NOT_OFFERED = [(op, p) for p in PROFILES for op in OPERATIONS if not offered(op, p)]
RULES = [(op, p, rule) for op, p in OFFERED for rule in generatable_rules(op, world(p))]

# Deterministic and small: the whole self-test stays well under a minute on two cores.
SETTINGS = settings(max_examples=60, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
PER_RULE = settings(SETTINGS, max_examples=25)


def broken(op: Operation, w: World, case: Case) -> list[str]:
    """Ids of the rules the model's validator says the case breaks."""
    return [rule.id for rule in violations(op, request_of(op, case), w.context())]


def rule_label(item: tuple[Operation, SiteProfile, Rule]) -> str:
    _, profile, rule = item
    return f"{profile.name.removeprefix('sandbox-')}:{rule.id}"

