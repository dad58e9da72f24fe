"""What the sandbox refuses by default beyond the documented rules: the model's `convention` rules (an undocumented
parameter, a header value outside its list, a reversed period) and, where the site's backdating setting is off, a
past invoice_date (docs/decisions.md A1, A4, A8). Also the settings-bound rules the model gained."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from chargebee_conformance.spec.clock import CLOCK_ALLOWANCE_SECONDS, backdating_limit, utc_seconds
from chargebee_conformance.spec.profile import load_profile
from chargebee_conformance.spec.settings import Setting
from tests.sandbox.conftest import StartSandbox
from tests.sandbox.support import PC1, PC2, Site, error

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
PINNED = {"now": lambda: NOW}
NOT_SENT = "This param should not be sent"
NO_BACKDATING = dataclasses.replace(load_profile(PC1), settings=load_profile(PC1).settings - {Setting.BACKDATING})


def test_an_undocumented_parameter_is_refused_and_named(pc1: Site) -> None:
    customer_id = pc1.customer()
    response = pc1.charge(customer_id, discount_percent="10")
    assert error(response) == (400, "param_wrong_value", "discount_percent")
    assert response.json()["message"] == NOT_SENT
    assert pc1.invoices_of(customer_id) == []


def test_a_parameter_of_the_other_api_version_is_refused(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "amount": "100", "description": "d", "currency_code": "USD"}
    assert error(pc1.post("/invoices/charge", form, version=1)) == (400, "param_wrong_value", "currency_code")


def test_an_index_on_a_plain_parameter_is_undocumented(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    response = pc2.post(f"/invoices/{invoice_id}/add_charge", {"amount": "1", "description": "d", "line_item[x]": "1"})
    assert error(response) == (400, "param_wrong_value", "line_item[x]")


def test_documented_list_parameters_with_indices_are_not_unknown(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "charges[amount][0]": "100", "charges[description][0]": "a",
            "addons[id][0]": "cbc-install-hours", "addons[quantity][0]": "2"}
    assert pc1.ok(pc1.post("/invoices", form, version=1))["invoice"]["amount"] == 8100


@pytest.mark.parametrize(("header", "value"), [
    ("chargebee-event-email", "all-enabled"),
    ("chargebee-event-webhook", "nope"),
    ("chargebee-idempotency-key", "k" * 101),
])
def test_a_header_value_outside_its_list_or_limit_is_refused(pc1: Site, header: str, value: str) -> None:
    form = {"customer_id": pc1.customer(), "amount": "100", "description": "d"}
    response = pc1.post("/invoices/charge", form, headers={header: value})
    assert error(response) == (400, "param_wrong_value", header)


def test_a_listed_header_value_is_taken(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "amount": "100", "description": "d"}
    assert pc1.post("/invoices/charge", form, headers={"chargebee-event-email": "all-disabled"}).status_code == 200


def test_without_backdating_a_past_invoice_date_is_refused(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(NO_BACKDATING, **PINNED)
    day_back = utc_seconds(NOW - timedelta(days=1))
    assert error(site.charge(site.customer(), invoice_date=str(day_back))) == (400, "invalid_request",
                                                                              "invoice_date")


def test_without_backdating_now_within_the_clock_allowance_is_taken(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(NO_BACKDATING, **PINNED)
    recent = utc_seconds(NOW) - CLOCK_ALLOWANCE_SECONDS
    assert site.ok(site.charge(site.customer(), invoice_date=str(recent)))["invoice"]["date"] == recent


def test_with_backdating_the_documented_month_is_taken(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(PC1, **PINNED)
    limit = backdating_limit(NOW)
    assert site.charge(site.customer(), invoice_date=str(limit.accepted_from)).status_code == 200
    assert error(site.charge(site.customer(), invoice_date=str(limit.rejected_before - 1)))[0] == 400


def test_quantity_in_decimal_needs_multi_decimal_pricing(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    form = {"item_price[item_price_id]": "cbc-onboarding-USD", "item_price[quantity_in_decimal]": "1.5"}
    assert error(pc2.post(f"/invoices/{invoice_id}/add_charge_item", form)) == (
        400, "configuration_incompatible", "item_price[quantity_in_decimal]")


def test_v2_add_charge_is_served_on_a_pc1_site_with_metered_billing(pc1: Site) -> None:
    _, invoice_id = pc1.pending_invoice()
    invoice = pc1.ok(pc1.post(f"/invoices/{invoice_id}/add_charge", {"amount": "75", "description": "usage"}))
    line = invoice["invoice"]["line_items"][-1]
    assert (line["entity_type"], line["amount"], invoice["invoice"]["status"]) == ("adhoc", 75, "pending")


def test_v2_add_charge_is_refused_on_a_site_without_metered_billing(start_sandbox: StartSandbox) -> None:
    profile = dataclasses.replace(load_profile(PC2), settings=frozenset())
    site = start_sandbox(profile)
    response = site.post("/invoices/draft_inv_1/add_charge", {"amount": "1", "description": "d"})
    assert error(response)[:2] == (400, "configuration_incompatible")
