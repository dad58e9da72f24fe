"""Setup and inspection operations: customers, subscriptions, retrieving and listing invoices."""

from __future__ import annotations

from pathlib import Path

from tests.sandbox.conftest import StartSandbox
from tests.sandbox.support import PC2, Site, error, new_id


def test_customer_reads_back_as_created(pc1: Site) -> None:
    customer_id = new_id("cust")
    form = {"id": customer_id, "first_name": "Ada", "email": "ada@example.com", "auto_collection": "off"}
    created = pc1.ok(pc1.post("/customers", form))["customer"]
    assert pc1.ok(pc1.get(f"/customers/{customer_id}"))["customer"] == created
    assert (created["first_name"], created["auto_collection"]) == ("Ada", "off")


def test_customer_auto_collection_defaults_to_on(pc1: Site) -> None:
    customer = pc1.ok(pc1.post("/customers", {"id": new_id("cust")}, version=1))["customer"]
    assert customer["auto_collection"] == "on"


def test_customer_id_is_generated_when_absent(pc1: Site) -> None:
    customer = pc1.ok(pc1.post("/customers", {"first_name": "Anon"}))["customer"]
    assert customer["id"]


def test_customer_id_cannot_be_reused(pc1: Site) -> None:
    customer_id = pc1.customer()
    assert error(pc1.post("/customers", {"id": customer_id})) == (400, "duplicate_entry", "id")


def test_customer_auto_collection_is_on_or_off(pc1: Site) -> None:
    response = pc1.post("/customers", {"id": new_id("cust"), "auto_collection": "sometimes"})
    assert error(response) == (400, "param_wrong_value", "auto_collection")


def test_deleted_customer_is_gone_with_its_invoices(pc1: Site) -> None:
    customer_id = pc1.customer()
    invoice_id = pc1.ok(pc1.charge(customer_id))["invoice"]["id"]
    assert pc1.ok(pc1.post(f"/customers/{customer_id}/delete"))["customer"]["deleted"] is True
    assert pc1.get(f"/customers/{customer_id}").status_code == 404
    assert pc1.get(f"/invoices/{invoice_id}").status_code == 404
    assert pc1.invoices_of(customer_id) == []
    assert [i["deleted"] for i in pc1.invoices_of(customer_id, include_deleted=True)] == [True]


def test_pc1_subscription_on_a_metered_site_starts_with_a_pending_draft(pc1: Site) -> None:
    customer_id = pc1.customer()
    form = {"plan_id": pc1.profile.catalog_id("plan"), "addons[id][0]": pc1.profile.catalog_id("recurring_addon"),
            "addons[quantity][0]": "2"}
    body = pc1.ok(pc1.post(f"/customers/{customer_id}/subscriptions", form, version=1))
    invoice = body["invoice"]
    assert invoice["status"] == "pending" and invoice["id"].startswith("draft_inv_")
    assert [line["entity_type"] for line in invoice["line_items"]] == ["plan", "addon"]
    assert invoice["amount"] == 1000 + 2 * 300
    assert body["subscription"]["customer_id"] == customer_id


def test_pc1_subscription_needs_a_plan(pc1: Site) -> None:
    response = pc1.post(f"/customers/{pc1.customer()}/subscriptions", {}, version=1)
    assert error(response) == (400, "invalid_request", "plan_id")


def test_pc1_subscription_for_an_unknown_plan_is_404(pc1: Site) -> None:
    response = pc1.post(f"/customers/{pc1.customer()}/subscriptions", {"plan_id": "cbc-missing"}, version=1)
    assert error(response) == (404, "resource_not_found", "plan_id")


def test_subscriptions_are_pc1_only(pc2: Site) -> None:
    response = pc2.post(f"/customers/{pc2.customer()}/subscriptions", {"plan_id": "x"})
    assert error(response)[:2] == (400, "configuration_incompatible")


def test_subscription_for_items_is_pc2_only(pc1: Site) -> None:
    response = pc1.post(f"/customers/{pc1.customer()}/subscription_for_items",
                        {"subscription_items[item_price_id][0]": "x"})
    assert error(response)[:2] == (400, "configuration_incompatible")


def test_subscription_for_items_first_invoice_pending_needs_create_pending_invoices(pc2: Site) -> None:
    form = {"subscription_items[item_price_id][0]": pc2.profile.catalog_id("plan_item_price"),
            "first_invoice_pending": "true"}
    response = pc2.post(f"/customers/{pc2.customer()}/subscription_for_items", form)
    assert error(response) == (400, "invalid_request", "first_invoice_pending")


def test_subscription_for_items_without_pending_flags_closes_its_first_invoice(pc2: Site) -> None:
    subscription_id, invoice_id = pc2.subscription(str(pc2.profile.paying_customer), pending=False)
    invoice = pc2.invoice(invoice_id)
    assert (invoice["status"], invoice["subscription_id"]) == ("paid", subscription_id)
    assert invoice["line_items"][0]["entity_type"] == "plan_item_price"


def test_create_pending_invoices_needs_metered_billing(start_sandbox: StartSandbox, tmp_path: Path) -> None:
    profile = tmp_path / "no-metering.toml"
    profile.write_text(PC2.read_text().replace("metered_billing = true", "metered_billing = false"))
    site = start_sandbox(profile)
    form = {"subscription_items[item_price_id][0]": site.profile.catalog_id("plan_item_price"),
            "create_pending_invoices": "true"}
    response = site.post(f"/customers/{site.customer()}/subscription_for_items", form)
    assert error(response) == (400, "configuration_incompatible", "create_pending_invoices")


def test_subscription_reads_back_with_its_customer(pc2: Site) -> None:
    customer_id = pc2.customer()
    subscription_id, _ = pc2.subscription(customer_id)
    body = pc2.ok(pc2.get(f"/subscriptions/{subscription_id}"))
    assert (body["subscription"]["id"], body["customer"]["id"]) == (subscription_id, customer_id)


def test_list_invoices_filters_by_customer_and_pages(pc1: Site) -> None:
    customer_id = pc1.customer()
    ids = [pc1.ok(pc1.charge(customer_id))["invoice"]["id"] for _ in range(3)]
    first = pc1.ok(pc1.get("/invoices", {"customer_id[is]": customer_id, "limit": "2"}))
    second = pc1.ok(pc1.get("/invoices", {"customer_id[is]": customer_id, "limit": "2",
                                          "offset": first["next_offset"]}))
    assert [e["invoice"]["id"] for e in first["list"] + second["list"]] == ids
    assert "next_offset" not in second


def test_list_invoices_filters_by_status_and_subscription(pc1: Site) -> None:
    customer_id = pc1.customer()
    subscription_id, pending_id = pc1.subscription(customer_id)
    pc1.ok(pc1.charge(customer_id))
    pending = pc1.ok(pc1.get("/invoices", {"customer_id[is]": customer_id, "status[is]": "pending"}))["list"]
    by_subscription = pc1.ok(pc1.get("/invoices", {"subscription_id[is]": subscription_id}))["list"]
    assert [e["invoice"]["id"] for e in pending] == [e["invoice"]["id"] for e in by_subscription] == [pending_id]


def test_list_invoices_limit_lies_between_1_and_100(pc1: Site) -> None:
    assert error(pc1.get("/invoices", {"limit": "101"})) == (400, "param_wrong_value", "limit")


def test_v1_retrieve_invoice_has_the_v1_shape(pc1: Site) -> None:
    invoice_id = pc1.ok(pc1.charge(pc1.customer()))["invoice"]["id"]
    invoice = pc1.invoice(invoice_id, version=1)
    assert "amount" in invoice and "total" not in invoice
