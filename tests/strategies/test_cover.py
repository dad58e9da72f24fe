"""The covering plan reaches every rule a shipped profile offers: each request rule has a one-violation case,
and each response promise with a precondition is met by the plan's case (issue: "held" only when exercised)."""

from __future__ import annotations

import pytest
from hypothesis import given

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Kind, Operation
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.promises import precondition_met
from chargebee_conformance.spec.validate import applicable_rules
from chargebee_conformance.strategies import covering_cases, generatable_rules
from tests.strategies.worlds import SETTINGS, VALID, broken, label, world

IDS = [label(op, p) for op, p in VALID]


def offered_promises(op: Operation, profile: SiteProfile) -> list[str]:
    return [r.id for r in op.rules if r.kind is Kind.RESPONSE and r.precondition is not None
            and profile.offers(r.requires)]


@pytest.mark.parametrize(("op", "profile"), VALID, ids=IDS)
def test_every_offered_rule_of_a_shipped_profile_is_covered_by_the_plan(op: Operation, profile: SiteProfile) -> None:
    w = world(profile)
    cover = covering_cases(op, w)
    generated = {r.id for r in generatable_rules(op, w)}
    # "Only with setting X" cannot be broken on a site that has X: such a site does not offer the rule.
    offered = [r for r in applicable_rules(op, profile)
               if not (r.kind is Kind.ONLY_WITH_SETTING and r.setting is not None and profile.has(r.setting))]
    uncovered = [r.id for r in offered if r.id not in generated]
    uncovered += [rule_id for rule_id in offered_promises(op, profile)
                  if rule_id not in {r.id for r in cover.covered}]
    assert not uncovered, f"not covered on {profile.name}: {uncovered} ({dict(cover.unreachable)})"


@pytest.mark.parametrize(("op", "profile"), VALID, ids=IDS)
def test_the_plan_case_is_valid_and_meets_every_precondition_it_covers(op: Operation, profile: SiteProfile) -> None:
    w = world(profile)
    cover = covering_cases(op, w)

    @SETTINGS
    @given(cover.cases)
    def check(case: Case) -> None:
        assert broken(op, w, case) == [], case.as_curl()
        unmet = [r.id for r in cover.covered if not precondition_met(r, case.form)]
        assert not unmet, f"{unmet} not met by {case.form}"

    check()
