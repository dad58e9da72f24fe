"""Invalid cases break exactly the rule they are labelled with and no other (the model's validator judges)."""

from __future__ import annotations

import pytest
from hypothesis import given

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Kind, Location, Operation, Rule
from chargebee_conformance.spec.operations import operation
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.world import MISSING_PREFIX
from chargebee_conformance.strategies import Unsupported, generatable_rules, invalid_cases
from tests.strategies.worlds import (
    BARE,
    OFFERED,
    PER_RULE,
    PROFILES,
    RULES,
    SETTINGS,
    broken,
    label,
    rule_label,
    world,
)


@pytest.mark.parametrize(("op", "profile", "rule"), RULES, ids=[rule_label(item) for item in RULES])
def test_invalid_case_breaks_exactly_its_rule(op: Operation, profile: SiteProfile, rule: Rule) -> None:
    w = world(profile)

    @PER_RULE
    @given(invalid_cases(op, w, rule))
    def check(case: Case) -> None:
        assert broken(op, w, case) == [rule.id], case.as_curl()
        assert (case.rule, case.binding, case.expected) == (rule.id, rule.binding, rule.outcome)
        assert case.operation == op.id and case.method == op.method and case.note

    check()


@pytest.mark.parametrize(("op", "profile"), OFFERED, ids=[label(op, p) for op, p in OFFERED])
def test_invalid_cases_without_a_rule_sample_the_generatable_rules(
    op: Operation, profile: SiteProfile,
) -> None:
    w = world(profile)
    allowed = {r.id for r in generatable_rules(op, w)}
    seen: set[str] = set()

    @SETTINGS
    @given(invalid_cases(op, w))
    def check(case: Case) -> None:
        assert case.rule in allowed and broken(op, w, case) == [case.rule], case.as_curl()
        seen.add(case.rule)

    check()
    assert len(seen) > min(1, len(allowed) - 1)


def _in_header(op: Operation, rule: Rule) -> bool:
    return any(p.name == rule.subject and p.location is Location.HEADER for p in op.params)


# One header rule of each kind (enum of an event header, max length of the idempotency key).
HEADER_RULES = list({item[2].kind: item for item in RULES if _in_header(item[0], item[2])}.values())


@pytest.mark.parametrize(("op", "profile", "rule"), HEADER_RULES, ids=[rule_label(i) for i in HEADER_RULES])
def test_header_rules_put_the_bad_value_in_the_headers(
    op: Operation, profile: SiteProfile, rule: Rule,
) -> None:
    @PER_RULE
    @given(invalid_cases(op, world(profile), rule))
    def check(case: Case) -> None:
        assert rule.subject in dict(case.headers) and rule.subject not in dict(case.form)

    check()


def _rule_on(op_id: str, profile_name: str, kind: Kind, subject: str) -> tuple[Operation, SiteProfile, Rule]:
    op = operation(op_id)
    profile = next(p for p in PROFILES if p.name == profile_name)
    return op, profile, next(r for r in op.request_rules if r.kind is kind and r.subject == subject)


@pytest.mark.parametrize("subject", ["customer_id", "coupon"])
def test_too_long_ids_are_ascii(subject: str) -> None:
    op, profile, rule = _rule_on("v1.charge", "sandbox-pc1-metered", Kind.MAX_LENGTH, subject)

    @PER_RULE
    @given(invalid_cases(op, world(profile), rule))
    def check(case: Case) -> None:
        value = dict(case.form)[subject]
        assert value.isascii() and len(value) > (rule.limit or 0)

    check()


def test_missing_ids_carry_the_prefix_within_the_length_limit() -> None:
    op, profile, rule = _rule_on("v2.charge", "sandbox-pc1-metered", Kind.EXISTS, "customer_id")

    @PER_RULE
    @given(invalid_cases(op, world(profile), rule))
    def check(case: Case) -> None:
        value = dict(case.form)["customer_id"]
        assert value.startswith(MISSING_PREFIX) and len(value) <= (op.param("customer_id").max_length or 0)

    check()


def test_enum_cases_are_never_near_misses() -> None:
    op, profile, rule = _rule_on("v2.charge", "sandbox-pc1-metered", Kind.ENUM, "payment_initiator")

    @SETTINGS
    @given(invalid_cases(op, world(profile), rule))
    def check(case: Case) -> None:
        value = dict(case.form)["payment_initiator"]
        assert value.strip().lower() not in rule.values and value.strip("_-").lower() not in rule.values

    check()


def test_a_rule_of_another_operation_is_a_usage_error() -> None:
    _, profile, rule = _rule_on("v2.charge", "sandbox-pc1-metered", Kind.ENUM, "payment_initiator")
    with pytest.raises(ValueError, match=rule.id):
        invalid_cases(operation("v1.charge"), world(profile), rule)


def test_a_rule_the_world_cannot_break_alone_is_unsupported_with_its_reason() -> None:
    op, profile, rule = _rule_on("v2.add_charge", "sandbox-pc2-metered", Kind.PENDING_STATE, "invoice_id")
    with pytest.raises(Unsupported, match="closed"):
        invalid_cases(op, world(profile, fixtures=BARE), rule)
