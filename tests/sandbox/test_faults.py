"""Each named fault changes exactly the behaviour it names: a targeted request tells the faulty sandbox from a
clean one, and a set of control requests about other rules cannot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from chargebee_conformance.sandbox.faults import FAULTS
from chargebee_conformance.spec.clock import backdating_limit
from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.spec.promises import PROTOCOL_RULES
from tests.sandbox.conftest import StartSandbox
from tests.sandbox.support import MULTI, PC1, PC2, Site, line_sum, new_id

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
LIMIT = backdating_limit(NOW)
KEY_HEADER = "chargebee-idempotency-key"


@dataclass(frozen=True)
class Probe:
    observe: Callable[[Site], Any]
    clean: Any  # what a clean sandbox shows
    faulty: Any  # what the faulty one shows
    profile: Path = PC1
    options: dict[str, Any] = field(default_factory=dict)


def status(response: httpx.Response) -> int:
    return response.status_code


def charge_status(**form: str) -> Callable[[Site], int]:
    return lambda site: status(site.charge(site.customer(), **form))


def _neither_id(site: Site) -> int:
    return status(site.post("/invoices/charge", {"amount": "1", "description": "d"}))


def _add_charge_to_closed(site: Site) -> int:
    return status(site.post(f"/invoices/{site.closed_invoice()}/add_charge", {"amount": "1", "description": "d"}))


def _misaligned_charges(site: Site) -> int:
    form = {"customer_id": site.customer(), "charges[amount][0]": "1", "charges[description][0]": "a",
            "charges[amount][1]": "2"}
    return status(site.post("/invoices", form, version=1))


def _v1_charge(site: Site) -> int:
    form = {"customer_id": site.customer(), "amount": "5", "description": "d"}
    return status(site.post("/invoices/charge", form, version=1))


def _v1_description_too_long(site: Site) -> int:
    form = {"customer_id": site.customer(), "amount": "5", "description": "é" * 251}
    return status(site.post("/invoices/charge", form, version=1))


def _add_charge_amount_zero(site: Site) -> tuple[int, bool]:
    _, invoice_id = site.pending_invoice()
    response = site.post(f"/invoices/{invoice_id}/add_charge", {"amount": "0", "description": "d"})
    return status(response), "api_error_code" in response.json()


def _add_charge_avatax_code(site: Site) -> int:
    _, invoice_id = site.pending_invoice()
    form = {"amount": "5", "description": "d", "avalara_tax_code": "PC040100"}
    return status(site.post(f"/invoices/{invoice_id}/add_charge", form))


def _po_number_param(site: Site) -> str:
    return str(site.charge(site.customer(), po_number="p" * 101).json()["param"])


def _unknown_customer(site: Site) -> int:
    return status(site.charge("cbc-missing-customer"))


def _mixed_ids(site: Site) -> int:
    subscription_id, _ = site.subscription(site.customer())
    return status(site.charge(site.customer(), subscription_id=subscription_id))


def _line_amount_is_unit_times_quantity(site: Site) -> bool:
    [line] = site.ok(site.charge(site.customer()))["invoice"]["line_items"]
    return bool(line["amount"] == line["unit_amount"] * line["quantity"])


def _sub_total_is_line_sum(site: Site) -> bool:
    _, invoice_id = site.pending_invoice()
    invoice = site.ok(site.post(f"/invoices/{invoice_id}/add_charge", {"amount": "5", "description": "d"}))
    return bool(invoice["invoice"]["sub_total"] == line_sum(invoice["invoice"]))


def _po_number_echoed(site: Site) -> bool:
    return bool(site.ok(site.charge(site.customer(), po_number="PO-9"))["invoice"].get("po_number") == "PO-9")


def _status_without_auto_collection(site: Site) -> str:
    return str(site.ok(site.charge(site.customer("off")))["invoice"]["status"])


def _charge_item_entity_type(site: Site) -> str:
    _, invoice_id = site.pending_invoice()
    form = {"item_price[item_price_id]": site.profile.catalog_id("charge_item_price")}
    return str(site.ok(site.post(f"/invoices/{invoice_id}/add_charge_item", form))["invoice"]["line_items"][-1]
               ["entity_type"])


def _shipping_address_echoed(site: Site) -> bool:
    form = {"customer_id": site.customer(), "charges[amount][0]": "1", "charges[description][0]": "a",
            "shipping_address[city]": "Lyon"}
    return "shipping_address" in site.ok(site.post("/invoices", form, version=1))["invoice"]


def _invoices_after_rejection(site: Site) -> int:
    customer_id = site.customer()
    assert site.charge(customer_id, description="").status_code == 400
    return len(site.invoices_of(customer_id))


def _add_charge_line_stored(site: Site) -> bool:
    _, invoice_id = site.pending_invoice()
    answer = site.ok(site.post(f"/invoices/{invoice_id}/add_charge", {"amount": "5", "description": "d"},
                               version=1))["invoice"]
    return bool(answer["line_items"] == site.invoice(invoice_id, version=1)["line_items"])


def _invoices_after_replay(site: Site) -> int:
    customer_id, key = site.customer(), {KEY_HEADER: new_id("key")}
    for _ in range(2):
        site.post("/invoices/charge", {"customer_id": customer_id, "amount": "5", "description": "d"}, headers=key)
    return len(site.invoices_of(customer_id))


def _replay_header(site: Site) -> str | None:
    customer_id, key = site.customer(), {KEY_HEADER: new_id("key")}
    form = {"customer_id": customer_id, "amount": "5", "description": "d"}
    site.post("/invoices/charge", form, headers=key)
    replayed: str | None = site.post("/invoices/charge", form, headers=key).headers.get(
        "chargebee-idempotency-replayed")
    return replayed


def _key_reuse_status(site: Site) -> int:
    customer_id, key = site.customer(), {KEY_HEADER: new_id("key")}
    site.post("/invoices/charge", {"customer_id": customer_id, "amount": "5", "description": "d"}, headers=key)
    return status(site.post("/invoices/charge", {"customer_id": customer_id, "amount": "6", "description": "d"},
                            headers=key))


def _auth_statuses(site: Site) -> tuple[int, int]:
    missing = httpx.get(site.url + "/api/v2/invoices")
    wrong = httpx.get(site.url + "/api/v2/invoices", auth=("wrong", ""))
    return status(missing), status(wrong)


def _retry_after_sent(site: Site) -> bool:
    responses = [site.get("/invoices") for _ in range(2)]
    assert responses[-1].status_code == 429
    return "retry-after" in responses[-1].headers


def _content_type(site: Site) -> str:
    return str(site.charge(site.customer()).headers["content-type"])


def _coupon_total(site: Site) -> int:
    invoice = site.ok(site.charge(site.customer(), amount="1000", **{"coupon_ids[0]": "cbc-once-off-5"}))
    return int(invoice["invoice"]["total"])


def _paid_amount_due(site: Site) -> tuple[str, int]:
    invoice = site.ok(site.charge(str(site.profile.paying_customer), amount="1000"))["invoice"]
    return invoice["status"], invoice["amount_due"]


def _charge_item_amount(**form: str) -> Callable[[Site], int]:
    def observe(site: Site) -> int:
        _, invoice_id = site.pending_invoice()
        sent = {"item_price[item_price_id]": "cbc-onboarding-USD", **form}  # per_unit, 1500
        invoice = site.ok(site.post(f"/invoices/{invoice_id}/add_charge_item", sent))["invoice"]
        return int(invoice["line_items"][-1]["amount"])
    return observe


def _addon_quantities(site: Site) -> list[int]:
    form = {"customer_id": site.customer(), "addons[id][0]": "cbc-install-hours", "addons[quantity][0]": "2",
            "addons[id][1]": "cbc-training-days", "addons[quantity][1]": "5"}
    return [line["quantity"] for line in site.ok(site.post("/invoices", form, version=1))["invoice"]["line_items"]]


def _add_plan_price_status(site: Site) -> int:
    _, invoice_id = site.pending_invoice()
    form = {"item_price[item_price_id]": str(site.profile.catalog_id("plan_item_price"))}
    return status(site.post(f"/invoices/{invoice_id}/add_charge_item", form))


def _quantity_in_decimal_status(site: Site) -> int:
    _, invoice_id = site.pending_invoice()
    form = {"item_price[item_price_id]": str(site.profile.catalog_id("charge_item_price")),
            "item_price[quantity_in_decimal]": "2.5"}
    return status(site.post(f"/invoices/{invoice_id}/add_charge_item", form))


def _currency_without_customer_status(site: Site) -> int:
    subscription_id, _ = site.subscription(site.customer(), pending=False)
    form = {"subscription_id": subscription_id, "amount": "500", "description": "d", "currency_code": "USD"}
    return status(site.post("/invoices/charge", form))


def _recurring_addon_status(site: Site) -> int:
    form = {"customer_id": site.customer(), "addons[id][0]": str(site.profile.catalog_id("recurring_addon"))}
    return status(site.post("/invoices", form, version=1))


def _forever_coupon_status(site: Site) -> int:
    form = {"customer_id": site.customer(), "amount": "2000", "description": "d",
            "coupon": str(site.profile.catalog_id("non_one_time_coupon"))}
    return status(site.post("/invoices/charge", form, version=1))


def _not_found(site: Site) -> tuple[int, str | None]:
    response = site.charge("cbc-missing-customer")
    return status(response), response.json().get("param")


PINNED = {"now": lambda: NOW}
PROBES: dict[str, Probe] = {
    "max_length_accepts_one_more": Probe(charge_status(description="é" * 251), 400, 200),
    "max_length_rejects_max": Probe(charge_status(description="é" * 250), 200, 400),
    "amount_zero_accepted": Probe(charge_status(amount="0"), 400, 200),
    "neither_id_accepted": Probe(_neither_id, 400, 200),
    "backdating_unchecked": Probe(charge_status(invoice_date=str(LIMIT.rejected_before - 1)), 400, 200,
                                  options=PINNED),
    "backdating_too_strict": Probe(charge_status(invoice_date=str(LIMIT.accepted_from)), 200, 400, options=PINNED),
    "add_charge_to_closed_invoice": Probe(_add_charge_to_closed, 409, 200, profile=PC2),
    "parallel_arrays_unchecked": Probe(_misaligned_charges, 400, 200),
    "description_not_required": Probe(charge_status(description=""), 400, 200),
    "enum_unchecked": Probe(charge_status(payment_initiator="robot"), 400, 200),
    "date_order_unchecked": Probe(charge_status(date_from="200", date_to="100"), 400, 200),
    "amount_in_decimal_without_multi_decimal": Probe(charge_status(amount_in_decimal="1.25"), 400, 200),
    "avatax_code_without_avatax": Probe(_add_charge_avatax_code, 400, 200, profile=PC2),
    "v1_charge_on_multicurrency": Probe(_v1_charge, 400, 200, profile=MULTI),
    "validation_error_500": Probe(_v1_description_too_long, 400, 500),
    "validation_error_200": Probe(_add_charge_amount_zero, (400, True), (200, True), profile=PC2),
    "wrong_error_param": Probe(_po_number_param, "po_number", "customer_id"),
    "unknown_customer_400": Probe(_unknown_customer, 404, 400),
    "mixed_customer_subscription": Probe(_mixed_ids, 400, 200),
    "line_amount_off_by_one": Probe(_line_amount_is_unit_times_quantity, True, False),
    "sub_total_not_sum": Probe(_sub_total_is_line_sum, True, False, profile=PC2),
    "po_number_dropped": Probe(_po_number_echoed, True, False),
    "paid_without_auto_collection": Probe(_status_without_auto_collection, "payment_due", "paid"),
    "charge_item_wrong_entity_type": Probe(_charge_item_entity_type, "charge_item_price", "adhoc", profile=PC2),
    "shipping_address_dropped": Probe(_shipping_address_echoed, True, False),
    "rejection_creates_invoice": Probe(_invoices_after_rejection, 0, 1),
    "add_charge_line_not_saved": Probe(_add_charge_line_stored, True, False),
    "idempotency_ignored": Probe(_invoices_after_replay, 1, 2),
    "replay_header_missing": Probe(_replay_header, "true", None),
    "idempotency_conflict_ignored": Probe(_key_reuse_status, 422, 200),
    "auth_not_enforced": Probe(_auth_statuses, (401, 401), (200, 401)),
    "rate_limit_without_retry_after": Probe(_retry_after_sent, True, False, options={"rate_limit": 1}),
    "coupon_not_applied": Probe(_coupon_total, 500, 1000),
    "amount_due_ignores_payment": Probe(_paid_amount_due, ("paid", 0), ("paid", 1000)),
    "line_amount_ignores_quantity": Probe(_charge_item_amount(**{"item_price[quantity]": "3"}), 4500, 1500,
                                          profile=PC2),
    "unit_price_ignored": Probe(_charge_item_amount(**{"item_price[quantity]": "2", "item_price[unit_price]": "700"}),
                                1400, 3000, profile=PC2),
    "addon_quantities_shifted": Probe(_addon_quantities, [2, 5], [1, 2]),
    "charge_item_takes_plan_price": Probe(_add_plan_price_status, 400, 200, profile=PC2),
    "recurring_addon_accepted": Probe(_recurring_addon_status, 400, 200),
    "forever_coupon_accepted": Probe(_forever_coupon_status, 400, 200),
    "quantity_in_decimal_accepted": Probe(_quantity_in_decimal_status, 400, 200, profile=PC2),
    "currency_without_customer_accepted": Probe(_currency_without_customer_status, 400, 200),
    "not_found_without_param": Probe(_not_found, (404, "customer_id"), (404, None)),
    "html_content_type": Probe(_content_type, "application/json;charset=utf-8", "text/html; charset=utf-8"),
}


def controls(site: Site) -> list[Any]:
    """Answers about rules no fault targets: they must not move under any fault."""
    customer_id = site.customer()
    v1 = {"customer_id": customer_id, "amount": "5"}
    answers = [
        _outcome(site.post("/invoices/charge", v1, version=1)),
        _outcome(site.post("/invoices/charge", v1 | {"description": "d", "amount": "0"}, version=1)),
        _outcome(site.charge(customer_id, payment_source_id="p" * 41)),
        _outcome(site.charge(customer_id, description="é" * 300)),
    ]
    valid = site.charge(customer_id, amount="777").json()["invoice"]
    return [*answers, valid["total"], valid["sub_total"], valid["line_items"][0]["amount"]]


def _outcome(response: httpx.Response) -> tuple[int, str, str | None]:
    body = response.json()
    return response.status_code, body["api_error_code"], body.get("param")


def _clean(start_sandbox: StartSandbox, probe: Probe, request: pytest.FixtureRequest) -> Site:
    if probe.options:
        return start_sandbox(probe.profile, **probe.options)
    fixture = {PC1: "pc1", PC2: "pc2", MULTI: "multi"}[probe.profile]
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]


def test_there_are_at_least_25_faults_with_unique_names() -> None:
    assert len(FAULTS) >= 25
    assert len({f.name for f in FAULTS}) == len(FAULTS)


def test_every_fault_breaks_a_rule_of_the_model() -> None:
    rule_ids = {rule.id for op in OPERATIONS for rule in op.rules} | {rule.id for rule in PROTOCOL_RULES}
    assert [f.name for f in FAULTS if f.rule not in rule_ids] == []


def test_every_fault_has_a_probe() -> None:
    assert sorted(PROBES) == sorted(f.name for f in FAULTS)


@pytest.mark.parametrize("name", sorted(PROBES))
def test_fault_changes_exactly_the_behaviour_it_names(
    name: str, start_sandbox: StartSandbox, request: pytest.FixtureRequest,
) -> None:
    probe = PROBES[name]
    clean = _clean(start_sandbox, probe, request)
    faulty = start_sandbox(probe.profile, (name,), **probe.options)
    assert probe.observe(clean) == probe.clean
    assert probe.observe(faulty) == probe.faulty
    if probe.profile is PC1 and "rate_limit" not in probe.options:
        assert controls(faulty) == controls(clean)


def test_faults_combine(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(PC1, ("po_number_dropped", "amount_zero_accepted"))
    invoice = site.ok(site.charge(site.customer(), amount="0", po_number="PO"))["invoice"]
    assert "po_number" not in invoice and invoice["total"] == 0


def test_pinned_clock_moves_the_backdating_limit(start_sandbox: StartSandbox) -> None:
    later = NOW + timedelta(days=40)
    site = start_sandbox(now=lambda: later)
    assert site.charge(site.customer(), invoice_date=str(LIMIT.accepted_from)).status_code == 400
