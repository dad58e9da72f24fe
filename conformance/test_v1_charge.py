"""v1.charge: valid charges create invoices that keep the documented promises; every documented constraint is
enforced and a rejection leaves nothing behind; two ids of different customers are never mixed."""

from __future__ import annotations

from chargebee_conformance.spec.operations import operation
from chargebee_conformance.suite import properties
from chargebee_conformance.suite.harness import Harness

OP = operation("v1.charge")


def test_valid_requests_create_an_invoice_that_keeps_the_documented_promises(harness: Harness) -> None:
    properties.valid_cases_succeed(harness, OP)


def test_each_documented_constraint_is_enforced_and_leaves_nothing_behind(harness: Harness) -> None:
    properties.invalid_cases_rejected(harness, OP)


def test_ids_of_different_customers_are_never_mixed_in_one_invoice(harness: Harness) -> None:
    properties.both_ids_stay_consistent(harness, OP)


def test_values_exactly_at_a_documented_limit_are_accepted(harness: Harness) -> None:
    properties.limits_are_inclusive(harness, OP)


def test_auto_collection_on_collects_the_payment_at_once(harness: Harness) -> None:
    properties.auto_collection_collects_payment(harness, OP)
