"""Primitive value strategies: exact lengths, wrong types that are clearly wrong, near misses left alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Kind
from chargebee_conformance.spec.operations import operation
from chargebee_conformance.spec.validate import INTEGER
from chargebee_conformance.spec.world import MISSING_PREFIX
from chargebee_conformance.strategies import valid_cases, values
from tests.strategies.worlds import PROFILES, SETTINGS, broken, world

PC1 = next(p for p in PROFILES if p.name == "sandbox-pc1-metered")


@SETTINGS
@given(st.integers(1, 400).flatmap(lambda n: st.tuples(st.just(n), values.texts_of_length(n))))
def test_texts_have_exactly_the_length_asked_and_no_outer_space(pair: tuple[int, str]) -> None:
    length, text = pair
    assert len(text) == length and text == text.strip()


@SETTINGS
@given(values.too_long_texts(250))
def test_too_long_texts_are_longer_than_the_limit(text: str) -> None:
    assert len(text) > 250


@SETTINGS
@given(values.non_integers())
def test_non_integers_are_never_blank_nor_integers(text: str) -> None:
    assert text != "" and not INTEGER.fullmatch(text)


@SETTINGS
@given(values.non_booleans())
def test_non_booleans_are_clearly_not_booleans(text: str) -> None:
    assert text.strip().lower() not in values.BOOLEAN_LIKE


@SETTINGS
@given(values.missing_ids(50))
def test_missing_ids_fit_the_limit_and_carry_the_prefix(text: str) -> None:
    assert text.startswith(MISSING_PREFIX) and len(text) <= 50


@SETTINGS
@given(values.clearly_outside(("all-disabled",)))
def test_clearly_outside_values_are_no_variant_of_a_member(text: str) -> None:
    assert "alldisabled" not in text.lower().replace("-", "").replace("_", "")


@SETTINGS
@given(values.near_misses(("customer", "merchant")))
def test_near_misses_are_never_members(text: str) -> None:
    assert text not in ("customer", "merchant") and text.strip().lower() in ("customer", "merchant")


def test_near_miss_enum_values_are_not_labelled_invalid() -> None:
    """docs/decisions.md A8: case and whitespace variants are silent, so a valid case carrying one breaks no rule."""
    op = operation("v2.charge")
    rule = next(r for r in op.request_rules if r.kind is Kind.ENUM and r.subject == "payment_initiator")
    w = world(PC1)

    @SETTINGS
    @given(valid_cases(op, w), values.near_misses(rule.values))
    def check(case: Case, near: str) -> None:
        bent = Case(case.operation, case.method, case.path, (*case.form, (rule.subject, near)), case.headers)
        assert broken(op, w, bent) == []

    check()
