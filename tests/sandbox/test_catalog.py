"""The documented retrieve operations for catalog entries (setup reference §10) and the profile's existing
customers: what the suite learns the catalog from, and the only customers that can pay (docs/decisions.md A13)."""

from __future__ import annotations

import pytest

from chargebee_conformance.spec.catalog import ROLES, entry_from_body, mismatch
from tests.sandbox.support import Site, error


def test_item_price_of_a_charge_tells_item_type_and_pricing(pc2: Site) -> None:
    price = pc2.ok(pc2.get("/item_prices/cbc-courier-USD"))["item_price"]
    assert price["object"] == "item_price"
    assert (price["id"], price["item_type"], price["pricing_model"], price["price"], price["package_size"],
            price["currency_code"], price["status"]) == (
        "cbc-courier-USD", "charge", "package", 200, 10, "USD", "active")


def test_item_price_of_a_tiered_charge_lists_its_tiers(pc2: Site) -> None:
    price = pc2.ok(pc2.get("/item_prices/cbc-storage-USD"))["item_price"]
    assert price["pricing_model"] == "tiered" and "price" not in price
    assert price["tiers"] == [{"starting_unit": 1, "ending_unit": 10, "price": 100},
                              {"starting_unit": 11, "price": 50}]


def test_the_metered_price_is_an_addon_item_price(pc2: Site) -> None:
    price = pc2.ok(pc2.get("/item_prices/cbc-api-calls-USD"))["item_price"]
    assert (price["item_type"], price["metered"]) == ("addon", True)


@pytest.mark.parametrize("version", [1, 2])
def test_addons_tell_their_charge_type(pc1: Site, version: int) -> None:
    recurring = pc1.ok(pc1.get("/addons/cbc-extra-seat", version=version))["addon"]
    once = pc1.ok(pc1.get("/addons/cbc-install-hours", version=version))["addon"]
    assert (recurring["charge_type"], recurring["pricing_model"], recurring["price"]) == ("recurring", "per_unit", 300)
    assert (once["charge_type"], once["pricing_model"], once["status"]) == ("non_recurring", "per_unit", "active")


@pytest.mark.parametrize("version", [1, 2])
def test_plans_are_retrieved_on_product_catalog_1(pc1: Site, version: int) -> None:
    plan = pc1.ok(pc1.get("/plans/cbc-basic-monthly", version=version))["plan"]
    assert (plan["id"], plan["price"], plan["pricing_model"], plan["currency_code"]) == (
        "cbc-basic-monthly", 1000, "flat_fee", "USD")


def test_coupons_tell_their_duration_and_discount(pc2: Site) -> None:
    forever = pc2.ok(pc2.get("/coupons/cbc-forever-10"))["coupon"]
    once = pc2.ok(pc2.get("/coupons/cbc-once-off-5"))["coupon"]
    assert (forever["duration_type"], forever["discount_type"], forever["discount_amount"]) == (
        "forever", "fixed_amount", 1000)
    assert (once["duration_type"], once["status"]) == ("one_time", "active")


@pytest.mark.parametrize("path", ["/item_prices/cbc-nope", "/coupons/cbc-nope"])
def test_an_unknown_catalog_id_is_404(pc2: Site, path: str) -> None:
    assert error(pc2.get(path)) == (404, "resource_not_found", None)


def test_an_unknown_addon_is_404_on_v1(pc1: Site) -> None:
    assert error(pc1.get("/addons/cbc-nope", version=1)) == (404, "resource_not_found", None)


def test_the_other_catalogs_entries_are_a_configuration_error(pc1: Site, pc2: Site) -> None:
    assert error(pc1.get("/item_prices/cbc-courier-USD"))[:2] == (400, "configuration_incompatible")
    assert error(pc2.get("/plans/cbc-basic-monthly"))[:2] == (400, "configuration_incompatible")


@pytest.mark.parametrize(("site_name", "role"), [
    ("pc1", "non_recurring_addon"), ("pc1", "recurring_addon"), ("pc1", "one_time_coupon"),
    ("pc1", "non_one_time_coupon"), ("pc2", "plan_item_price"), ("pc2", "addon_item_price"),
    ("pc2", "charge_item_price"), ("pc2", "tiered_item_price"), ("pc2", "non_one_time_coupon"),
])
def test_every_role_of_the_shipped_profiles_is_discovered_as_its_kind(
    site_name: str, role: str, request: pytest.FixtureRequest,
) -> None:
    site: Site = request.getfixturevalue(site_name)
    retrieve = {"ITEM_PRICE": "item_prices", "ADDON": "addons", "COUPON": "coupons"}[ROLES[role].resource.name]
    for entity_id in site.profile.catalog_ids(role):
        entry = entry_from_body(ROLES[role], entity_id, site.ok(site.get(f"/{retrieve}/{entity_id}")))
        assert entry is not None and mismatch(ROLES[role], entry) is None, entity_id


def test_the_paying_customer_exists_with_a_payment_method(pc1: Site) -> None:
    customer = pc1.ok(pc1.get("/customers/cbc-paying-customer"))["customer"]
    assert (customer["auto_collection"], customer["payment_method"]["type"], customer["card_status"]) == (
        "on", "card", "valid")


def test_a_customer_created_through_the_api_has_no_payment_method(pc1: Site) -> None:
    customer = pc1.ok(pc1.get(f"/customers/{pc1.customer('on')}"))["customer"]
    assert "payment_method" not in customer and customer["card_status"] == "no_card"


def test_only_a_customer_with_a_payment_method_pays_automatically(pc1: Site) -> None:
    paying = pc1.ok(pc1.charge("cbc-paying-customer"))["invoice"]
    waiting = pc1.ok(pc1.charge(pc1.customer("on")))["invoice"]
    assert (paying["status"], paying["amount_paid"], paying["amount_due"]) == ("paid", 1000, 0)
    assert (waiting["status"], waiting["amount_paid"], waiting["amount_due"]) == ("payment_due", 0, 1000)


def test_closing_a_pending_invoice_of_the_paying_customer_collects_it(pc2: Site) -> None:
    _, invoice_id = pc2.subscription("cbc-paying-customer")
    pc2.ok(pc2.post(f"/invoices/{invoice_id}/add_charge", {"amount": "100", "description": "usage"}))
    assert pc2.close_invoice(invoice_id)["status"] == "paid"


# What the ids name (docs/decisions.md A17, A18): each parameter takes one kind of catalog entry; an entry of
# another kind exists, so it is a wrong value (400 naming the parameter), not a 404.

def test_add_charge_item_refuses_an_addon_item_price(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    form = {"item_price[item_price_id]": str(pc2.profile.catalog_id("addon_item_price"))}
    assert error(pc2.post(f"/invoices/{invoice_id}/add_charge_item", form)) == (
        400, "invalid_request", "item_price[item_price_id]")


def test_v1_create_refuses_a_recurring_addon_in_any_row(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "addons[id][0]": "cbc-setup-fee",
            "addons[id][1]": str(pc1.profile.catalog_id("recurring_addon"))}
    assert error(pc1.post("/invoices", form, version=1)) == (400, "invalid_request", "addons[id][1]")


@pytest.mark.parametrize("path", ["/invoices/charge", "/invoices"])
def test_v1_refuses_a_coupon_that_is_not_one_time(pc1: Site, path: str) -> None:
    customer_id = pc1.customer()
    form = {"customer_id": customer_id, "amount": "1000", "description": "d", "charges[amount][0]": "1000",
            "charges[description][0]": "d", "coupon": str(pc1.profile.catalog_id("non_one_time_coupon"))}
    if path == "/invoices":
        del form["amount"], form["description"]
    else:
        del form["charges[amount][0]"], form["charges[description][0]"]
    assert error(pc1.post(path, form, version=1)) == (400, "invalid_request", "coupon")
    assert pc1.invoices_of(customer_id) == []


def test_v1_charge_takes_the_one_time_coupon(pc1: Site) -> None:
    form = {"customer_id": pc1.customer(), "amount": "1000", "description": "d",
            "coupon": str(pc1.profile.catalog_id("one_time_coupon"))}
    assert pc1.ok(pc1.post("/invoices/charge", form, version=1))["invoice"]["amount_due"] == 500
