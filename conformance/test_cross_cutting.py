"""Authentication, idempotency, documented request headers, unknown ids and the response content type."""

from __future__ import annotations

import pytest

from chargebee_conformance.spec.operations import operation
from chargebee_conformance.suite import protocol
from chargebee_conformance.suite.harness import Harness

IDEMPOTENT = ("v2.charge", "v2.add_charge", "v2.add_charge_item")


def test_requests_without_a_valid_key_are_refused_with_401(harness: Harness) -> None:
    protocol.unauthenticated_requests_are_refused(harness)


@pytest.mark.parametrize("op_id", IDEMPOTENT)
def test_a_retry_with_the_same_idempotency_key_replays_and_a_changed_one_is_refused(
    harness: Harness, op_id: str,
) -> None:
    protocol.idempotent_retries_replay_the_first_response(harness, operation(op_id))


def test_the_documented_request_headers_are_accepted(harness: Harness) -> None:
    protocol.documented_headers_are_accepted(harness)


def test_an_unknown_invoice_is_404_and_every_answer_is_json(harness: Harness) -> None:
    protocol.unknown_invoices_are_not_found_and_answers_are_json(harness)
