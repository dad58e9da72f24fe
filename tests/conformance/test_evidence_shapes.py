"""Shapes the vendor's own published evidence shows a correct site answering with: fed through the oracle, none
may break a rule (docs/decisions.md A1, A2, A7, A8, A15, A16). Each test also shows the check can still fail."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chargebee_conformance.spec.case import Case, Exchange
from chargebee_conformance.spec.operations import operation
from chargebee_conformance.spec.outcomes import UNAUTHORIZED, Binding
from chargebee_conformance.spec.profile import parse_profile
from chargebee_conformance.suite.checks import (
    check_error_outcome,
    check_invoice_schema,
    check_line_amounts,
    check_rejection,
    check_sub_total,
)
from chargebee_conformance.suite.errors import RuleBroken
from chargebee_conformance.suite.expectations import check_created

CHARGE = operation("v2.charge")
JSON = (("content-type", "application/json;charset=utf-8"),)


def exchange(status: int, body: Any, form: tuple[tuple[str, str], ...] = (("description", "x"),)) -> Exchange:
    return Exchange(Case("v2.charge", "POST", "/api/v2/invoices/charge", form), status, JSON, body, json.dumps(body))


# A captured real invoice with a document-level coupon (A16): the coupon appears as line_item_discounts of type
# document_level_coupon, sub_total stays the plain sum of the lines, total = sub_total - discount + tax.
DOCUMENT_LEVEL = {
    "id": "42", "customer_id": "cbc-c1", "recurring": False, "status": "payment_due", "currency_code": "USD",
    "price_type": "tax_exclusive",
    "sub_total": 2000, "total": 1500, "tax": 0, "amount_paid": 0, "amount_due": 1500, "date": 1764000000,
    "discounts": [{"amount": 500, "entity_type": "document_level_coupon", "entity_id": "once-off-5"}],
    "line_item_discounts": [{"line_item_id": "li_1", "discount_type": "document_level_coupon",
                             "coupon_id": "once-off-5", "discount_amount": 500}],
    "line_items": [{"id": "li_1", "entity_type": "adhoc", "description": "Setup", "amount": 2000,
                    "unit_amount": 2000, "quantity": 1, "date_from": 1764000000, "date_to": 1764000000,
                    "is_taxed": False, "tax_amount": 0, "discount_amount": 500, "item_level_discount_amount": 0,
                    "pricing_model": "flat_fee"}],
}


def test_a_document_level_coupon_keeps_sub_total_at_the_plain_sum_of_the_lines() -> None:
    check_sub_total("v2.charge", DOCUMENT_LEVEL, exchange(200, {}))


def test_with_a_document_level_coupon_total_must_still_add_up() -> None:
    with pytest.raises(RuleBroken, match="total 1900 is not sub_total"):
        check_sub_total("v2.charge", {**DOCUMENT_LEVEL, "total": 1900}, exchange(200, {}))


def test_an_item_level_discount_must_come_off_sub_total() -> None:
    item_level = {**DOCUMENT_LEVEL, "line_item_discounts": [
        {"line_item_id": "li_1", "discount_type": "item_level_coupon", "discount_amount": 500}]}
    with pytest.raises(RuleBroken, match="sub_total 2000"):
        check_sub_total("v2.charge", item_level, exchange(200, {}))


def test_a_v2_charge_with_a_coupon_on_a_real_invoice_keeps_every_promise() -> None:
    profile = parse_profile({"site": {"name": "real-test"}, "catalog": {"one_time_coupon": "once-off-5"}})
    form = (("customer_id", "cbc-c1"), ("description", "Setup"), ("amount", "2000"), ("coupon_ids[0]", "once-off-5"))
    check_created(CHARGE, exchange(200, {}, form).case, exchange(200, {"invoice": DOCUMENT_LEVEL}, form),
                  DOCUMENT_LEVEL, profile, {})


def test_a_legacy_only_401_body_is_a_correct_401() -> None:
    """The SDKs' own fixture: error_code api_authentication_invalid_key with error_msg and http_status_code."""
    body = {"error_code": "api_authentication_invalid_key", "error_msg": "Sorry, authentication failed. Invalid "
            "api key", "http_status_code": 401}
    check_error_outcome("auth.wrong_key", UNAUTHORIZED, Binding.EXACT, exchange(401, body), "wrong key")
    with pytest.raises(RuleBroken, match="legacy-only 401"):
        check_error_outcome("auth.wrong_key", UNAUTHORIZED, Binding.EXACT,
                            exchange(401, {**body, "error_code": "something_else"}), "wrong key")


def test_an_error_without_type_is_fine_but_a_wrong_type_is_not() -> None:
    rule = CHARGE.rule("v2.charge.description.max_length")
    body = {"message": "too long", "api_error_code": "param_wrong_value", "param": "description"}
    check_rejection(rule, exchange(400, body))
    with pytest.raises(RuleBroken, match="type 'payment_gateway'"):
        check_rejection(rule, exchange(400, {**body, "type": "payment_gateway"}))


def test_a_404_for_a_body_id_must_carry_param_but_may_name_the_entity_attribute() -> None:
    """The vendor's error-handling sample answers an unknown plan_id with "param": "item_id"."""
    rule = CHARGE.rule("v2.charge.customer_id.exists")
    body = {"message": "not found", "type": "invalid_request", "api_error_code": "resource_not_found"}
    check_rejection(rule, exchange(404, {**body, "param": "id"}))
    with pytest.raises(RuleBroken, match="param is missing"):
        check_rejection(rule, exchange(404, body))


def test_plan_lines_with_proration_are_not_judged_by_unit_amount_times_quantity() -> None:
    prorated = {"entity_type": "plan", "pricing_model": "per_unit", "unit_amount": 1000, "quantity": 1,
                "amount": 333}
    adhoc = {"entity_type": "adhoc", "unit_amount": 100, "quantity": 1, "amount": 100}
    judged = check_line_amounts("v2.charge", {"line_items": [prorated, adhoc]}, exchange(200, {}))
    assert judged == [adhoc]
    with pytest.raises(RuleBroken, match="line_amount"):
        check_line_amounts("v2.charge", {"line_items": [{**adhoc, "amount": 99}]}, exchange(200, {}))


@pytest.mark.parametrize(("where", "field", "value"), [
    ("invoice", "status", "voided_pending"), ("invoice", "price_type", "tax_included_experimental"),
    ("line", "entity_type", "usage_bundle"), ("line", "pricing_model", "graduated"),
])
def test_an_undocumented_response_enum_value_is_observed_not_broken(where: str, field: str, value: str) -> None:
    invoice = json.loads(json.dumps(DOCUMENT_LEVEL))
    target = invoice if where == "invoice" else invoice["line_items"][0]
    target[field] = value
    check_invoice_schema("v2.charge", 2, invoice, exchange(200, {}))
    target[field] = 7  # the type is still judged
    with pytest.raises(RuleBroken, match="schema"):
        check_invoice_schema("v2.charge", 2, invoice, exchange(200, {}))
