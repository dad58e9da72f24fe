"""Both sides of each boundary are generated: exactly max length (multi-byte included) and max + 1, the
minimum amount, and invoice_date at the backdating limit."""

from __future__ import annotations

import pytest
from hypothesis import find, given, settings

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Operation, Rule
from chargebee_conformance.spec.operations import operation
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.strategies import boundary_cases, boundary_rules, invalid_cases, valid_cases
from chargebee_conformance.strategies.boundaries import invoice_date_window
from tests.strategies.test_valid_cases import _pricing_problems
from tests.strategies.worlds import PROFILES, SETTINGS, VALID, broken, label, world

SEARCH = settings(max_examples=2000, derandomize=True, database=None, deadline=None)
PC1 = next(p for p in PROFILES if p.name == "sandbox-pc1-metered")


def _find(op_id: str, condition: object) -> Case:
    op = operation(op_id)
    return find(valid_cases(op, world(PC1)), condition, settings=SEARCH)  # type: ignore[arg-type]


def test_valid_description_reaches_exactly_max_length_with_multi_byte_characters() -> None:
    limit = operation("v2.charge").param("description").max_length
    case = _find("v2.charge", lambda c: len(d := dict(c.form)["description"]) == limit and not d.isascii())
    assert len(dict(case.form)["description"]) == limit


def test_valid_amount_reaches_exactly_the_minimum() -> None:
    minimum = operation("v1.add_charge").param("amount").minimum
    case = _find("v1.add_charge", lambda c: dict(c.form)["amount"] == str(minimum))
    assert dict(case.form)["amount"] == str(minimum)


def test_valid_invoice_date_reaches_the_backdating_limit() -> None:
    w = world(PC1)
    edge = invoice_date_window(w.now, PC1.time_zone).valid_from
    case = _find("v2.charge", lambda c: dict(c.form).get("invoice_date") == str(edge))
    assert "backdating limit" in case.note


def test_too_long_description_starts_at_max_plus_one_with_multi_byte_characters() -> None:
    op = operation("v2.charge")
    rule = op.rule("v2.charge.description.max_length")
    limit = rule.limit or 0
    def wanted(case: Case) -> bool:
        text = dict(case.form)["description"]
        return len(text) == limit + 1 and not text.isascii()

    case = find(invalid_cases(op, world(PC1), rule), wanted, settings=SEARCH)
    assert "max+1" in case.note and "multi-byte" in case.note


BOUNDARY = [(op, p, rule) for op, p in VALID for rule in boundary_rules(op, world(p))]


@pytest.mark.parametrize(("op", "profile", "rule"), BOUNDARY,
                         ids=[f"{label(op, p)}:{r.id.split('.', 2)[2]}" for op, p, r in BOUNDARY])
def test_boundary_cases_obey_the_pricing_model_rules(op: Operation, profile: SiteProfile, rule: Rule) -> None:
    """A17: a case on a limit must not also send tiers, a unit_price or a quantity its item price or addon does
    not take, or a site refusing it would be blamed on the limit (two such false alarms were seen)."""
    w = world(profile)

    @SETTINGS
    @given(boundary_cases(op, w, rule))
    def check(case: Case) -> None:
        form = dict(case.form)
        assert _pricing_problems(w, form) == [], case.as_curl()
        assert broken(op, w, case) == [], case.as_curl()

    check()
