"""What the harness keeps of each exchange: reproducer steps and comparable summaries (conformance/traffic.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chargebee_conformance.spec.case import Case, Exchange
from chargebee_conformance.suite.traffic import IdMap, comparable, needed_steps, returned_ids, shape

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
CUSTOMER = "cbc-1a2b3c4d-cus1-" + "x" * 32


def step(label: str, path: str, form: list[list[str]], returned: dict[str, str]) -> dict[str, Any]:
    return {"label": label, "method": "POST", "path": path, "form": form, "headers": [], "status": 200,
            "returned": returned}


def test_a_failing_example_keeps_only_the_fixtures_it_uses() -> None:
    customer = step("setup", "/api/v2/customers", [["id", CUSTOMER]], {"customer.id": CUSTOMER})
    other = step("setup", "/api/v2/customers", [["id", "cbc-1a2b3c4d-cus9-x"]], {"customer.id": "cbc-1a2b3c4d-cus9-x"})
    subscription = step("setup", f"/api/v2/customers/{CUSTOMER}/subscriptions", [["plan_id", "basic"]],
                        {"customer.id": CUSTOMER, "subscription.id": "sub1", "invoice.id": "draft_inv_7"})
    charge = step("v2.charge", "/api/v2/invoices/charge", [["customer_id", CUSTOMER], ["amount", "0"]], {})
    assert needed_steps([customer, other, subscription], [charge]) == [customer, charge]
    add = step("v2.add_charge", "/api/v2/invoices/draft_inv_7/add_charge", [["amount", "0"]], {})
    assert needed_steps([customer, other, subscription], [add]) == [customer, subscription, add]


def test_returned_ids_are_those_of_the_top_level_resources() -> None:
    body = {"invoice": {"id": 53, "customer_id": "c"}, "customer": {"id": "c"}, "list": [{"invoice": {"id": 9}}]}
    assert returned_ids(body) == {"invoice.id": "53", "customer.id": "c"}


def test_ids_become_placeholders_in_the_order_met_and_dates_become_offsets() -> None:
    ids = IdMap()
    ids.learn({"invoice": {"id": "draft_inv_52"}})
    case = Case("v2.add_charge", "POST", "/api/v2/invoices/draft_inv_52/add_charge",
                (("description", CUSTOMER), ("line_item[date_from]", str(int(NOW.timestamp()) - 86400))))
    summary = comparable(Exchange(case, 200, (), {}), ids, NOW, site="s", test="t", prop="valid")
    assert summary["request"]["path"] == "/api/v2/invoices/{invoice#1}/add_charge"
    assert summary["request"]["form"] == [["description", "cbc-{run}-cus1-" + "x" * 32],
                                          ["line_item[date_from]", "now-86400"]]


def test_shape_keeps_paths_and_types_not_values() -> None:
    invoice = {"total": 5, "line_items": [{"amount": 5, "description": "a"}, {"amount": 0, "tax": None}]}
    assert shape(invoice) == {"invoice.total": "int", "invoice.line_items": "list",
                              "invoice.line_items[].amount": "int", "invoice.line_items[].description": "string",
                              "invoice.line_items[].tax": "null"}
