"""Behaviour of the operations that create one-off invoices: v1 charge, v1 create, v2 charge."""

from __future__ import annotations

from datetime import UTC, datetime

from chargebee_conformance.spec.clock import one_month_back, utc_seconds
from tests.sandbox.conftest import StartSandbox
from tests.sandbox.support import MULTI, Site, error, line_sum

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)


def test_v2_charge_creates_one_adhoc_line_for_the_amount(pc1: Site) -> None:
    customer_id = pc1.customer()
    invoice = pc1.ok(pc1.charge(customer_id, amount="1234", description="Setup work"))["invoice"]
    [line] = invoice["line_items"]
    assert (line["entity_type"], line["amount"], line["unit_amount"], line["quantity"]) == ("adhoc", 1234, 1234, 1)
    assert line["description"] == "Setup work" and "entity_id" not in line
    assert (invoice["customer_id"], invoice["sub_total"], invoice["total"]) == (customer_id, 1234, 1234)


def test_v2_charge_is_payment_due_without_auto_collection(pc1: Site) -> None:
    invoice = pc1.ok(pc1.charge(pc1.customer("off")))["invoice"]
    assert (invoice["status"], invoice["amount_paid"], invoice["amount_due"]) == ("payment_due", 0, 1000)


def test_v2_charge_is_paid_with_auto_collection_and_a_payment_method(pc1: Site) -> None:
    invoice = pc1.ok(pc1.charge(str(pc1.profile.paying_customer)))["invoice"]
    assert (invoice["status"], invoice["amount_paid"], invoice["amount_due"]) == ("paid", 1000, 0)
    assert "paid_at" in invoice


def test_v2_charge_echoes_po_number_and_carries_v2_attributes(pc1: Site) -> None:
    invoice = pc1.ok(pc1.charge(pc1.customer(), po_number="PO-17"))["invoice"]
    assert invoice["po_number"] == "PO-17"
    assert {"total", "date"} <= invoice.keys() and not {"amount", "start_date"} & invoice.keys()


def test_v2_charge_sets_invoice_date_and_service_period(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(now=lambda: NOW)
    backdated = utc_seconds(one_month_back(NOW))  # 28 Feb: month ends clamp (docs/decisions.md A4)
    start, end = utc_seconds(NOW) - 86400 * 10, utc_seconds(NOW) - 86400
    invoice = site.ok(site.charge(site.customer(), invoice_date=str(backdated), date_from=str(start),
                                  date_to=str(end)))["invoice"]
    assert invoice["date"] == backdated
    assert (invoice["line_items"][0]["date_from"], invoice["line_items"][0]["date_to"]) == (start, end)


def test_v2_charge_defaults_the_service_period_to_the_invoice_date(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(now=lambda: NOW)
    line = site.ok(site.charge(site.customer()))["invoice"]["line_items"][0]
    assert line["date_from"] == line["date_to"] == utc_seconds(NOW)


def test_v2_charge_refuses_a_backdate_before_the_calendar_day_a_month_ago(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(now=lambda: NOW)
    too_old = utc_seconds(datetime(2026, 2, 28, tzinfo=UTC)) - 1
    assert error(site.charge(site.customer(), invoice_date=str(too_old))) == (400, "invalid_request", "invoice_date")


def test_v2_charge_applies_a_one_time_coupon_as_a_line_discount(pc1: Site) -> None:
    coupon = pc1.profile.catalog_id("one_time_coupon")
    invoice = pc1.ok(pc1.charge(pc1.customer(), **{"coupon_ids[0]": coupon}))["invoice"]
    assert invoice["sub_total"] == line_sum(invoice) == 1000 - 500
    assert invoice["discounts"][0]["entity_id"] == coupon


def test_v2_charge_for_a_subscription_names_it(pc1: Site) -> None:
    customer_id = pc1.customer()
    subscription_id, _ = pc1.subscription(customer_id)
    invoice = pc1.ok(pc1.post("/invoices/charge", {"subscription_id": subscription_id, "amount": "5",
                                                   "description": "d"}))["invoice"]
    assert (invoice["customer_id"], invoice["subscription_id"]) == (customer_id, subscription_id)


def test_v2_charge_with_a_consistent_pair_of_ids_is_accepted(pc1: Site) -> None:
    customer_id = pc1.customer()
    subscription_id, _ = pc1.subscription(customer_id)
    invoice = pc1.ok(pc1.charge(customer_id, subscription_id=subscription_id))["invoice"]
    assert (invoice["customer_id"], invoice["subscription_id"]) == (customer_id, subscription_id)


def test_v2_charge_refuses_a_subscription_of_another_customer(pc1: Site) -> None:
    subscription_id, _ = pc1.subscription(pc1.customer())
    customer_id = pc1.customer()
    assert error(pc1.charge(customer_id, subscription_id=subscription_id)) == (400, "invalid_request",
                                                                                "subscription_id")
    assert pc1.invoices_of(customer_id) == []


def test_v2_charge_in_a_zero_decimal_currency_takes_major_units(multi: Site) -> None:
    invoice = multi.ok(multi.charge(multi.customer(), currency_code="JPY", amount="1500"))["invoice"]
    assert (invoice["currency_code"], invoice["total"]) == ("JPY", 1500)


def test_v2_charge_converts_amount_in_decimal_to_minor_units(multi: Site) -> None:
    customer_id = multi.customer()
    form = {"customer_id": customer_id, "currency_code": "EUR", "amount_in_decimal": "12.345",
            "description": "metered"}
    invoice = multi.ok(multi.post("/invoices/charge", form))["invoice"]
    assert invoice["total"] == 1235  # half up
    assert invoice["line_items"][0]["amount_in_decimal"] == "12.345"


def test_v2_charge_needs_currency_code_on_a_multicurrency_site(multi: Site) -> None:
    assert error(multi.charge(multi.customer()))[2] == "currency_code"


def test_v2_charge_refuses_a_currency_the_site_lacks(multi: Site) -> None:
    assert error(multi.charge(multi.customer(), currency_code="GBP")) == (400, "param_wrong_value", "currency_code")


def test_v1_charge_carries_v1_attributes(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "amount": "700", "description": "d"}
    invoice = pc1.ok(pc1.post("/invoices/charge", form, version=1))["invoice"]
    assert (invoice["amount"], invoice["sub_total"], invoice["line_items"][0]["type"]) == (700, 700, "charge")
    assert {"start_date", "end_date"} <= invoice.keys() and not {"total", "date"} & invoice.keys()


def test_v1_charge_is_refused_on_a_multicurrency_site(multi: Site) -> None:
    form = {"customer_id": multi.customer(), "amount": "700", "description": "d"}
    assert error(multi.post("/invoices/charge", form, version=1))[:2] == (400, "configuration_incompatible")


def test_v1_create_prices_addons_and_charges(pc1: Site) -> None:
    addon_id = str(pc1.profile.catalog_id("non_recurring_addon"))  # a flat fee
    form = {
        "customer_id": pc1.customer(), "addons[id][0]": addon_id, "addons[quantity][0]": "3",
        "charges[amount][0]": "100", "charges[description][0]": "a", "charges[amount][1]": "250",
        "charges[description][1]": "b", "po_number": "PO-1",
    }
    invoice = pc1.ok(pc1.post("/invoices", form, version=1))["invoice"]
    addon, first, second = invoice["line_items"]
    # A flat fee: the quantity is ignored.
    assert (addon["entity_type"], addon["entity_id"], addon["amount"]) == ("addon", addon_id, 2500)
    assert [(first["amount"], first["description"]), (second["amount"], second["description"])] == [
        (100, "a"), (250, "b")]
    assert (invoice["sub_total"], invoice["amount"], invoice["po_number"]) == (2850, 2850, "PO-1")


def test_v1_create_attaches_the_shipping_address(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "charges[amount][0]": "100", "charges[description][0]": "a",
            "shipping_address[first_name]": "Zoë", "shipping_address[city]": "Köln",
            "shipping_address[country]": "DE"}
    address = pc1.ok(pc1.post("/invoices", form, version=1))["invoice"]["shipping_address"]
    assert (address["first_name"], address["city"], address["country"]) == ("Zoë", "Köln", "DE")


def test_v1_create_refuses_a_recurring_addon(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "addons[id][0]": pc1.profile.catalog_id("recurring_addon")}
    assert error(pc1.post("/invoices", form, version=1)) == (400, "invalid_request", "addons[id][0]")


def test_v1_create_with_a_coupon_discounts_the_lines(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "charges[amount][0]": "300", "charges[description][0]": "a",
            "charges[amount][1]": "400", "charges[description][1]": "b",
            "coupon": pc1.profile.catalog_id("one_time_coupon")}
    invoice = pc1.ok(pc1.post("/invoices", form, version=1))["invoice"]
    assert [line_sum(invoice), invoice["sub_total"], invoice["amount_due"]] == [200, 200, 200]


def test_invoice_created_for_an_unknown_multi_site_customer_is_404(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(MULTI)
    assert error(site.charge("cbc-missing-1", currency_code="USD")) == (404, "resource_not_found", "customer_id")
