"""The oracle is exactly as strict as the docs: it fails on what they promise and on nothing else."""

from __future__ import annotations

import json
import re

import pytest

from chargebee_conformance.spec.case import Case, Exchange
from chargebee_conformance.spec.operations import operation
from chargebee_conformance.suite.checks import (
    check_amount_due,
    check_json_response,
    check_line_amounts,
    check_rejection,
    check_sub_total,
    names_param,
)
from chargebee_conformance.suite.errors import RuleBroken

CHARGE = operation("v2.charge")
MAX_LENGTH = CHARGE.rule("v2.charge.description.max_length")
EXISTS = CHARGE.rule("v2.charge.customer_id.exists")
PENDING = operation("v2.add_charge").rule("v2.add_charge.invoice_id.pending")
JSON = (("content-type", "application/json;charset=utf-8"),)


def exchange(status: int, body: object, headers: tuple[tuple[str, str], ...] = JSON) -> Exchange:
    raw = json.dumps(body) if not isinstance(body, str) else body
    return Exchange(Case("v2.charge", "POST", "/api/v2/invoices/charge", (("description", "x"),)), status, headers,
                    body, raw)


def error(status: int, code: str, param: str | None = None, kind: str = "invalid_request") -> Exchange:
    body = {"message": "anything at all", "type": kind, "api_error_code": code}
    if param is not None:
        body["param"] = param
    return exchange(status, body)


def test_a_loose_rule_accepts_any_documented_400_code_naming_the_parameter() -> None:
    check_rejection(MAX_LENGTH, error(400, "param_wrong_value", "description"))
    check_rejection(MAX_LENGTH, error(400, "invalid_request", "description"))


def test_a_loose_rule_fails_when_the_request_was_accepted() -> None:
    with pytest.raises(RuleBroken, match="got HTTP 200"):
        check_rejection(MAX_LENGTH, exchange(200, {"invoice": {}}))


def test_a_loose_rule_fails_on_a_5xx() -> None:
    with pytest.raises(RuleBroken, match="HTTP 500"):
        check_rejection(MAX_LENGTH, error(500, "internal_error", kind="operation_failed"))


def test_param_must_name_the_parameter_at_fault() -> None:
    with pytest.raises(RuleBroken, match="does not name description"):
        check_rejection(MAX_LENGTH, error(400, "param_wrong_value", "po_number"))


def test_param_is_required_when_one_parameter_is_at_fault() -> None:
    with pytest.raises(RuleBroken, match="param is missing"):
        check_rejection(MAX_LENGTH, error(400, "param_wrong_value"))


def test_an_undocumented_error_code_is_refused() -> None:
    with pytest.raises(RuleBroken, match="api_error_code"):
        check_rejection(MAX_LENGTH, error(400, "totally_made_up"))


def test_an_indexed_param_names_its_base_parameter() -> None:
    assert names_param("charges[description][1]", frozenset({"charges[description]"}))
    assert not names_param("charges[amount][1]", frozenset({"charges[description]"}))


def test_an_unknown_id_must_be_404_resource_not_found() -> None:
    check_rejection(EXISTS, error(404, "resource_not_found", "customer_id"))
    with pytest.raises(RuleBroken, match="404"):
        check_rejection(EXISTS, error(400, "param_wrong_value", "customer_id"))


def test_a_state_rule_accepts_409_or_400_but_not_422() -> None:
    check_rejection(PENDING, error(409, "invalid_state_for_request"))
    check_rejection(PENDING, error(400, "invalid_request"))
    with pytest.raises(RuleBroken):
        check_rejection(PENDING, error(422, "unable_to_process_request"))


def test_extra_fields_wording_and_legacy_fields_are_never_judged() -> None:
    body = {"message": "Ünïcode wording", "type": "invalid_request", "api_error_code": "param_wrong_value",
            "param": "description", "error_code": "x", "extra": [1, 2], "http_status_code": 400}
    check_rejection(MAX_LENGTH, exchange(400, body))


def test_responses_must_be_json() -> None:
    check_json_response(exchange(200, {"invoice": {}}))
    with pytest.raises(RuleBroken, match=re.escape("protocol.content_type")):
        check_json_response(exchange(200, "<html></html>", (("content-type", "text/html"),)))


def test_sub_total_is_the_sum_of_line_amounts() -> None:
    invoice = {"sub_total": 300, "line_items": [{"amount": 100}, {"amount": 200}]}
    check_sub_total("v2.charge", invoice, exchange(200, {}))
    with pytest.raises(RuleBroken, match=re.escape("v2.charge.response.sub_total")):
        check_sub_total("v2.charge", {**invoice, "sub_total": 301}, exchange(200, {}))


def test_amount_due_is_total_less_payments_and_credits() -> None:
    invoice = {"total": 500, "amount_paid": 200, "amount_due": 300}
    check_amount_due("v2.charge", 2, invoice, exchange(200, {}))
    with pytest.raises(RuleBroken, match="amount_due"):
        check_amount_due("v2.charge", 2, {**invoice, "amount_due": 500}, exchange(200, {}))


def test_adhoc_line_amount_is_unit_amount_times_quantity() -> None:
    line = {"entity_type": "adhoc", "unit_amount": 250, "quantity": 2, "amount": 500}
    check_line_amounts("v2.charge", {"line_items": [line]}, exchange(200, {}))
    with pytest.raises(RuleBroken, match="line_amount"):
        check_line_amounts("v2.charge", {"line_items": [{**line, "amount": 501}]}, exchange(200, {}))
