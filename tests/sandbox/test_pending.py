"""Behaviour on pending invoices: add_charge (v1, v2), add_charge_item (v2), and closing them."""

from __future__ import annotations

from tests.sandbox.support import Site, error, line_sum


def test_v1_add_charge_appends_an_adhoc_line_and_recomputes(pc1: Site) -> None:
    _, invoice_id = pc1.pending_invoice()
    before = pc1.invoice(invoice_id, version=1)
    after = pc1.ok(pc1.post(f"/invoices/{invoice_id}/add_charge", {"amount": "250", "description": "usage"},
                            version=1))["invoice"]
    added = after["line_items"][-1]
    assert (added["entity_type"], added["amount"], added["description"]) == ("adhoc", 250, "usage")
    assert after["sub_total"] == before["sub_total"] + 250 == line_sum(after)
    assert after["status"] == "pending"


def test_v2_add_charge_keeps_the_invoice_pending_and_stored(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    response = pc2.ok(pc2.post(f"/invoices/{invoice_id}/add_charge", {"amount": "99", "description": "x"}))
    assert response["invoice"] == pc2.invoice(invoice_id)
    assert response["invoice"]["status"] == "pending"
    assert response["invoice"]["amount_due"] == response["invoice"]["total"] == line_sum(response["invoice"])


def test_v2_add_charge_carries_the_service_period(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    form = {"amount": "1", "description": "x", "line_item[date_from]": "1700000000",
            "line_item[date_to]": "1700086400"}
    line = pc2.ok(pc2.post(f"/invoices/{invoice_id}/add_charge", form))["invoice"]["line_items"][-1]
    assert (line["date_from"], line["date_to"]) == (1700000000, 1700086400)


def test_v2_add_charge_on_a_closed_invoice_is_a_state_conflict(pc2: Site) -> None:
    invoice_id = pc2.closed_invoice()
    before = pc2.invoice(invoice_id)
    response = pc2.post(f"/invoices/{invoice_id}/add_charge", {"amount": "1", "description": "x"})
    assert error(response) == (409, "invalid_state_for_request", None)
    assert pc2.invoice(invoice_id) == before


def test_add_charge_on_an_unknown_invoice_is_404_before_any_other_error(pc2: Site) -> None:
    response = pc2.post("/invoices/cbc-missing-7/add_charge", {"amount": "0"})
    assert error(response)[:2] == (404, "resource_not_found")


def test_add_charge_item_prices_a_per_unit_charge(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    price = pc2.profile.catalog_id("charge_item_price")
    form = {"item_price[item_price_id]": price, "item_price[quantity]": "3"}
    invoice = pc2.ok(pc2.post(f"/invoices/{invoice_id}/add_charge_item", form))["invoice"]
    line = invoice["line_items"][-1]
    assert (line["entity_type"], line["entity_id"], line["quantity"], line["unit_amount"], line["amount"]) == (
        "charge_item_price", price, 3, 1500, 4500)
    assert invoice["sub_total"] == line_sum(invoice) and invoice["status"] == "pending"


def test_add_charge_item_takes_a_unit_price_override(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    form = {"item_price[item_price_id]": pc2.profile.catalog_id("charge_item_price"), "item_price[quantity]": "2",
            "item_price[unit_price]": "700"}
    line = pc2.ok(pc2.post(f"/invoices/{invoice_id}/add_charge_item", form))["invoice"]["line_items"][-1]
    assert (line["unit_amount"], line["amount"]) == (700, 1400)


def test_add_charge_item_prices_packages_whole(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    form = {"item_price[item_price_id]": "cbc-courier-USD", "item_price[quantity]": "25"}
    line = pc2.ok(pc2.post(f"/invoices/{invoice_id}/add_charge_item", form))["invoice"]["line_items"][-1]
    assert line["amount"] == 3 * 200 and line["metered"] is False  # 25 units = 3 packages of 10


def test_add_charge_item_prices_tiers_from_the_catalog(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    form = {"item_price[item_price_id]": pc2.profile.catalog_id("tiered_item_price"), "item_price[quantity]": "15"}
    line = pc2.ok(pc2.post(f"/invoices/{invoice_id}/add_charge_item", form))["invoice"]["line_items"][-1]
    assert line["amount"] == 10 * 100 + 5 * 50


def test_add_charge_item_prices_tiers_sent_with_the_request(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    form = {"item_price[item_price_id]": pc2.profile.catalog_id("tiered_item_price"), "item_price[quantity]": "5",
            "item_tiers[starting_unit][0]": "1", "item_tiers[ending_unit][0]": "2", "item_tiers[price][0]": "10",
            "item_tiers[starting_unit][1]": "3", "item_tiers[price][1]": "7"}
    line = pc2.ok(pc2.post(f"/invoices/{invoice_id}/add_charge_item", form))["invoice"]["line_items"][-1]
    assert line["amount"] == 2 * 10 + 3 * 7


def test_add_charge_item_refuses_a_plan_item_price(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    form = {"item_price[item_price_id]": pc2.profile.catalog_id("plan_item_price")}
    assert error(pc2.post(f"/invoices/{invoice_id}/add_charge_item", form)) == (
        400, "invalid_request", "item_price[item_price_id]")


def test_add_charge_item_for_an_unknown_item_price_is_404(pc2: Site) -> None:
    _, invoice_id = pc2.pending_invoice()
    form = {"item_price[item_price_id]": "cbc-missing-price"}
    assert error(pc2.post(f"/invoices/{invoice_id}/add_charge_item", form)) == (
        404, "resource_not_found", "item_price[item_price_id]")


def test_close_settles_by_auto_collection_and_payment_method(pc2: Site) -> None:
    _, off = pc2.pending_invoice("off")
    _, on_without_method = pc2.pending_invoice("on")
    _, paying = pc2.subscription("cbc-paying-customer")
    assert pc2.close_invoice(off)["status"] == "payment_due"
    assert pc2.close_invoice(on_without_method)["status"] == "payment_due"
    closed = pc2.close_invoice(paying)
    assert (closed["status"], closed["amount_due"], closed["amount_paid"]) == ("paid", 0, closed["total"])


def test_v1_collect_closes_a_pending_invoice(pc1: Site) -> None:
    _, invoice_id = pc1.pending_invoice("off")
    invoice = pc1.ok(pc1.post(f"/invoices/{invoice_id}/collect", version=1))["invoice"]
    assert invoice["status"] == "payment_due" and invoice["id"] == invoice_id


def test_closing_a_closed_invoice_is_a_state_conflict(pc1: Site) -> None:
    invoice_id = pc1.closed_invoice()
    assert error(pc1.post(f"/invoices/{invoice_id}/close"))[:2] == (409, "invalid_state_for_request")
