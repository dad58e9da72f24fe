"""Rejections: the first violated non-silent rule of the model answers, with the outcome its kind earns, the
parameter named as sent, and nothing created."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chargebee_conformance.spec.operations import operation
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.spec.validate import Context, Request, violations
from tests.sandbox.support import Site, error


def test_error_body_has_current_and_legacy_fields(pc1: Site) -> None:
    response = pc1.charge(pc1.customer(), description="")
    assert response.headers["content-type"] == "application/json;charset=utf-8"
    assert response.json() == {
        "message": "description : cannot be blank", "type": "invalid_request", "api_error_code": "invalid_request",
        "param": "description", "error_param": "description", "error_code": "param_required",
        "error_msg": "description : cannot be blank", "http_status_code": 400,
    }


@pytest.mark.parametrize("form", [
    {"amount": "0", "description": ""},
    {"description": "x" * 300, "po_number": "p" * 101},
    {"date_from": "20", "date_to": "10", "payment_initiator": "robot"},
    {"amount": "abc", "invoice_date": "1", "chargebee-event-email": "x"},
])
def test_the_first_violated_rule_in_model_order_answers(pc1: Site, form: dict[str, str]) -> None:
    op = operation("v2.charge")
    customer_id = pc1.customer()
    form = {"customer_id": customer_id, **form}
    context = Context(pc1.profile, datetime.now(UTC))
    first = next(r for r in violations(op, Request(form), context) if r.binding is not Binding.SILENT)
    assert error(pc1.post("/invoices/charge", form))[2] == first.subject
    assert pc1.invoices_of(customer_id) == []


def test_neither_id_is_an_invalid_request(pc1: Site) -> None:
    assert error(pc1.post("/invoices/charge", {"amount": "1", "description": "d"}))[:2] == (400, "invalid_request")


def test_coupon_without_customer_is_refused_on_v1_charge(pc1: Site) -> None:
    subscription_id, _ = pc1.subscription(pc1.customer())
    form = {"subscription_id": subscription_id, "amount": "1", "description": "d",
            "coupon": pc1.profile.catalog_id("one_time_coupon")}
    assert error(pc1.post("/invoices/charge", form, version=1)) == (400, "invalid_request", "coupon")


def test_service_period_ending_before_it_starts_is_refused(pc1: Site) -> None:
    response = pc1.charge(pc1.customer(), date_from="1700000100", date_to="1700000000")
    assert error(response) == (400, "invalid_request", "date_from")


def test_amount_in_decimal_needs_multi_decimal_pricing(pc1: Site) -> None:
    response = pc1.charge(pc1.customer(), amount_in_decimal="1.50")
    assert error(response) == (400, "configuration_incompatible", "amount_in_decimal")


def test_currency_code_is_required_with_multicurrency(multi: Site) -> None:
    assert error(multi.charge(multi.customer())) == (400, "configuration_incompatible", "currency_code")


def test_a_silent_rule_is_not_enforced(pc2: Site) -> None:
    """A tier price with no tier at its index: the page names no mandatory tier fields (silent)."""
    assert operation("v2.add_charge_item").rule("v2.add_charge_item.item_tiers.paired").binding is Binding.SILENT
    _, invoice_id = pc2.pending_invoice()
    form = {"item_price[item_price_id]": pc2.profile.catalog_id("tiered_item_price"), "item_price[quantity]": "3",
            "item_tiers[starting_unit][0]": "1", "item_tiers[price][0]": "10", "item_tiers[price][3]": "5"}
    assert pc2.post(f"/invoices/{invoice_id}/add_charge_item", form).status_code == 200


def test_currency_code_with_only_a_subscription_is_refused(pc1: Site) -> None:
    """currency_code: "Applicable only while creating an invoice for a customer" binds like "can be provided
    only when" (A5): loose."""
    subscription_id, _ = pc1.subscription(pc1.customer())
    form = {"subscription_id": subscription_id, "currency_code": "USD", "amount": "1", "description": "d"}
    assert error(pc1.post("/invoices/charge", form)) == (400, "invalid_request", "currency_code")


def test_misaligned_charges_name_the_missing_partner(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "charges[amount][0]": "1", "charges[description][0]": "a",
            "charges[amount][1]": "2"}
    assert error(pc1.post("/invoices", form, version=1)) == (400, "invalid_request", "charges[description][1]")


def test_an_unknown_coupon_in_a_list_is_named_with_its_index(pc1: Site) -> None:
    form = {"coupon_ids[0]": pc1.profile.catalog_id("one_time_coupon"), "coupon_ids[1]": "cbc-missing-coupon"}
    assert error(pc1.charge(pc1.customer(), **form)) == (404, "resource_not_found", "coupon_ids[1]")


@pytest.mark.parametrize("amount", ["9223372036854775808", "1" * 5000, "١٢٣", "-" + "9" * 4400])
def test_integers_beyond_int64_or_not_ascii_are_refused(pc1: Site, amount: str) -> None:
    assert error(pc1.charge(pc1.customer(), amount=amount))[:3:2] == (400, "amount")


def test_an_absurd_list_index_is_refused(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "charges[amount][" + "9" * 5000 + "]": "1"}
    assert error(pc1.post("/invoices", form, version=1))[:2] == (400, "invalid_request")


def test_operation_needing_another_catalog_is_refused(pc2: Site) -> None:
    response = pc2.charge(pc2.customer())
    assert error(response)[:2] == (400, "configuration_incompatible")


def test_api_version_the_site_lacks_is_refused(pc2: Site) -> None:
    assert error(pc2.post("/invoices/charge", {}, version=1))[:2] == (400, "configuration_incompatible")


@pytest.mark.parametrize("path", ["/customers/{customer}/subscriptions", "/invoices"])
def test_an_absurd_list_index_is_refused_on_setup_operations_too(pc1: Site, path: str) -> None:
    form = {"plan_id": pc1.profile.catalog_id("plan"), "addons[id][" + "9" * 5000 + "]": "x",
            "customer_id": pc1.customer()}
    response = pc1.post(path.format(customer=form["customer_id"]), form, version=1)
    assert error(response)[:2] == (400, "invalid_request")
