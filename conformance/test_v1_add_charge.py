"""v1.add_charge: charges added to a pending invoice appear on it and keep it pending; every documented constraint
is enforced, including the pending state, and a rejection leaves the invoice unchanged."""

from __future__ import annotations

from chargebee_conformance.spec.operations import operation
from chargebee_conformance.suite import properties
from chargebee_conformance.suite.harness import Harness

OP = operation("v1.add_charge")


def test_valid_requests_add_a_line_and_keep_the_invoice_pending(harness: Harness) -> None:
    properties.valid_cases_succeed(harness, OP)


def test_each_documented_constraint_is_enforced_and_leaves_the_invoice_unchanged(harness: Harness) -> None:
    properties.invalid_cases_rejected(harness, OP)


def test_values_exactly_at_a_documented_limit_are_accepted(harness: Harness) -> None:
    properties.limits_are_inclusive(harness, OP)
