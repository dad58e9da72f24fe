"""Each named quirk changes the choice it names: a targeted request tells the quirky sandbox from a plain one. Under
every quirk at once, a set of documented outcomes stays as it was (quirks change silent points only)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from chargebee_conformance.sandbox.quirks import ALL, COMBINABLE, QUIRKS, QuirkError, QuirkSet
from chargebee_conformance.spec.clock import backdating_limit
from chargebee_conformance.spec.profile import SiteProfile, load_profile
from chargebee_conformance.spec.settings import Setting
from tests.sandbox.conftest import StartSandbox
from tests.sandbox.support import MULTI, PC1, PC2, Site, new_id

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
LIMIT = backdating_limit(NOW)
PINNED = {"now": lambda: NOW}
NO_BACKDATING = dataclasses.replace(load_profile(PC1), settings=load_profile(PC1).settings - {Setting.BACKDATING})
KEY_HEADER = "chargebee-idempotency-key"
REPLAYED = "chargebee-idempotency-replayed"


@dataclass(frozen=True)
class Probe:
    observe: Callable[[Site], Any]
    plain: Any  # what the sandbox shows without the quirk
    quirky: Any  # what it shows with it
    profile: Path | SiteProfile = PC1
    options: dict[str, Any] = field(default_factory=dict)


def error_field(name: str, send: Callable[[Site], httpx.Response]) -> Callable[[Site], Any]:
    return lambda site: send(site).json().get(name)


def invoice_of(send: Callable[[Site], httpx.Response]) -> Callable[[Site], dict[str, Any]]:
    return lambda site: site.ok(send(site))["invoice"]


def charge(**form: str) -> Callable[[Site], httpx.Response]:
    return lambda site: site.charge(site.customer(), **form)


def status_of(send: Callable[[Site], httpx.Response]) -> Callable[[Site], int]:
    return lambda site: send(site).status_code


TOO_LONG = charge(description="é" * 251)
PLAIN_CHARGE = charge()


def _second_charge_minimum(site: Site) -> httpx.Response:
    form = {"customer_id": site.customer(), "charges[amount][0]": "5", "charges[description][0]": "a",
            "charges[amount][1]": "0", "charges[description][1]": "b"}
    return site.post("/invoices", form, version=1)


def _unknown_invoice(site: Site) -> httpx.Response:
    return site.get("/invoices/cbc-missing-invoice")


def _first_key(site: Site) -> str:
    return str(next(iter(site.ok(site.charge(site.customer()))["invoice"])))


def _keys_in_hash_order(site: Site) -> bool:
    keys = list(site.ok(site.charge(site.customer()))["invoice"])
    return keys == sorted(keys, key=lambda key: hashlib.sha256(key.encode()).digest())


def _two_charges(site: Site) -> list[str]:
    form = {"customer_id": site.customer(), "charges[amount][0]": "5", "charges[description][0]": "a",
            "charges[amount][1]": "6", "charges[description][1]": "b"}
    return [line["description"] for line in site.ok(site.post("/invoices", form, version=1))["invoice"]["line_items"]]


def _indented(site: Site) -> bool:
    return site.charge(site.customer(), description="é").content.startswith(b"{\n")


def _header(name: str, send: Callable[[Site], httpx.Response] = PLAIN_CHARGE) -> Callable[[Site], str | None]:
    return lambda site: send(site).headers.get(name)


def _first_replayed_header(site: Site) -> str | None:
    form = {"customer_id": site.customer(), "amount": "5", "description": "d"}
    replayed: str | None = site.post("/invoices/charge", form, headers={KEY_HEADER: new_id("key")}).headers.get(
        REPLAYED)
    return replayed


def _error_replayed(site: Site) -> str | None:
    customer_id, key = site.customer(), {KEY_HEADER: new_id("key")}
    form = {"customer_id": customer_id, "amount": "0", "description": "d"}
    site.post("/invoices/charge", form, headers=key)
    replayed: str | None = site.post("/invoices/charge", form, headers=key).headers.get(REPLAYED)
    return replayed


def _v1_invoices_after_keyed_retry(site: Site) -> int:
    customer_id, key = site.customer(), {KEY_HEADER: new_id("key")}
    for _ in range(2):
        site.post("/invoices/charge", {"customer_id": customer_id, "amount": "5", "description": "d"}, version=1,
                  headers=key)
    return len(site.invoices_of(customer_id))


def _add_charge_to_closed(site: Site) -> int:
    form = {"amount": "1", "description": "d"}
    return site.post(f"/invoices/{site.closed_invoice()}/add_charge", form, version=1).status_code


def _both_ids(site: Site) -> int:
    customer_id = site.customer()
    subscription_id, _ = site.subscription(customer_id)
    return site.charge(customer_id, subscription_id=subscription_id).status_code


def _neither_amount(site: Site) -> int:
    return site.post("/invoices/charge", {"customer_id": site.customer(), "description": "d"}).status_code


def _decimal_and_amount(site: Site) -> int:
    invoice = site.ok(site.charge(site.customer(), currency_code="USD", amount="100", amount_in_decimal="2.5"))
    return int(invoice["invoice"]["line_items"][0]["amount"])


def _orphaned_tier(site: Site) -> int:
    _, invoice_id = site.pending_invoice()
    form = {"item_price[item_price_id]": site.profile.catalog_id("tiered_item_price"), "item_price[quantity]": "3",
            "item_tiers[starting_unit][0]": "1", "item_tiers[price][0]": "10", "item_tiers[price][3]": "5"}
    return site.post(f"/invoices/{invoice_id}/add_charge_item", form).status_code


def _v1_create(rows: dict[str, str]) -> Callable[[Site], int]:
    """Status of a v1 create for a new customer with these list entries."""
    return lambda site: site.post("/invoices", {"customer_id": site.customer(), **rows}, version=1).status_code


A_CHARGE = {"charges[amount][0]": "5", "charges[description][0]": "a"}


def _pending_invoice_id(site: Site) -> str:
    return site.pending_invoice()[1]


def _line_id(site: Site) -> str:
    return str(site.ok(site.charge(site.customer()))["invoice"]["line_items"][0]["id"])


def _first_invoice_status(site: Site) -> str:
    body = site.ok(site.post(f"/customers/{site.customer()}/subscriptions", {"plan_id": "cbc-basic-monthly"},
                             version=1))
    return str(body["invoice"]["status"])


def _two_invoices(site: Site) -> tuple[str, list[str]]:
    customer_id = site.customer()
    for _ in range(2):
        site.ok(site.charge(customer_id))
    return customer_id, [invoice["id"] for invoice in site.invoices_of(customer_id)]


def _oldest_listed_first(site: Site) -> bool:
    _, ids = _two_invoices(site)
    return ids == sorted(ids, key=lambda i: int(i.removeprefix("inv_")))


def _paged(site: Site) -> tuple[bool, int]:
    """(next_offset looks like a JSON array, invoices reached by following it)."""
    customer_id, ids = _two_invoices(site)
    first = site.ok(site.get("/invoices", {"customer_id[is]": customer_id, "limit": "1"}))
    offset = first["next_offset"]
    second = site.ok(site.get("/invoices", {"customer_id[is]": customer_id, "limit": "1", "offset": offset}))
    seen = {entry["invoice"]["id"] for entry in first["list"] + second["list"]}
    return offset.startswith("["), len(seen & set(ids))


def _coupon_view(site: Site) -> tuple[int, int, bool]:
    invoice = site.ok(site.charge(site.customer(), amount="1000", **{"coupon_ids[0]": "cbc-once-off-5"}))["invoice"]
    return invoice["sub_total"], invoice["total"], "line_item_discounts" in invoice


def _period_days(site: Site) -> int:
    line = site.ok(site.charge(site.customer()))["invoice"]["line_items"][0]
    return (int(line["date_to"]) - int(line["date_from"])) // 86_400


def _unauthorized_keys(site: Site) -> list[str]:
    return sorted(httpx.get(site.url + "/api/v2/invoices", auth=("wrong", "")).json())


def _unknown_coupon_param(site: Site) -> str | None:
    param: str | None = site.charge(site.customer(), **{"coupon_ids[0]": "cbc-missing-coupon"}).json().get("param")
    return param


def _tiers_for_per_unit(site: Site) -> int:
    _, invoice_id = site.pending_invoice()
    form = {"item_price[item_price_id]": "cbc-onboarding-USD", "item_tiers[starting_unit][0]": "1",
            "item_tiers[price][0]": "10"}
    return site.post(f"/invoices/{invoice_id}/add_charge_item", form).status_code


def _with_header(name: str, value: str) -> Callable[[Site], int]:
    return lambda site: site.post("/invoices/charge", {"customer_id": site.customer(), "amount": "5",
                                                       "description": "d"}, headers={name: value}).status_code


def _wrong_key_code(site: Site) -> str:
    return str(httpx.get(site.url + "/api/v2/invoices", auth=("wrong", "")).json()["api_error_code"])


PROBES: dict[str, Probe] = {
    "codes_invalid_request": Probe(error_field("api_error_code", TOO_LONG), "param_wrong_value", "invalid_request"),
    "codes_param_wrong_value": Probe(error_field("api_error_code", charge(description="")), "invalid_request",
                                     "param_wrong_value"),
    "errors_without_type": Probe(lambda site: "type" in TOO_LONG(site).json(), True, False),
    "not_found_param_entity": Probe(_unknown_coupon_param, "coupon_ids[0]", "coupon_id"),
    "new_enum_value": Probe(lambda site: invoice_of(charge())(site)["price_type"], "tax_exclusive", "tax_exempt"),
    "unknown_params_accepted": Probe(status_of(charge(discount_percent="10")), 400, 200),
    "header_values_ignored": Probe(_with_header("chargebee-event-email", "all-enabled"), 400, 200),
    "reversed_period_accepted": Probe(status_of(charge(date_from="200", date_to="100")), 400, 200),
    "tiers_refused_on_per_unit": Probe(_tiers_for_per_unit, 200, 400, profile=PC2),
    "document_level_coupon": Probe(_coupon_view, (500, 500, True), (1000, 500, True)),
    "legacy_only_401": Probe(_unauthorized_keys, ["api_error_code", "error_code", "error_msg", "http_status_code",
                                                 "message", "type"], ["error_code", "error_msg", "http_status_code"]),
    "errors_untyped": Probe(error_field("type", TOO_LONG), "invalid_request", "untyped"),
    "param_base_name": Probe(error_field("param", _second_charge_minimum), "charges[amount][1]", "charges[amount]"),
    "param_omitted_when_optional": Probe(error_field("param", charge(date_from="200", date_to="100")), "date_from",
                                         None),
    "param_on_path_404": Probe(error_field("param", _unknown_invoice), None, "invoice_id"),
    "messages_reworded": Probe(error_field("message", TOO_LONG), "description : cannot be more than 250 characters",
                               "Bad request: description was not accepted."),
    "no_legacy_error_fields": Probe(lambda site: "error_code" in TOO_LONG(site).json(), True, False),
    "keys_reversed": Probe(_first_key, "id", "object"),
    "keys_shuffled": Probe(_keys_in_hash_order, False, True),
    "extra_attributes": Probe(lambda site: "channel" in invoice_of(charge())(site), False, True),
    "nulls_for_absent": Probe(lambda site: invoice_of(charge())(site).get("po_number", "absent"), "absent", None),
    "empty_lists_omitted": Probe(lambda site: "taxes" in invoice_of(charge())(site), True, False),
    "lines_reversed": Probe(_two_charges, ["a", "b"], ["b", "a"]),
    "json_formatting": Probe(_indented, False, True),
    "text_trimmed": Probe(lambda site: invoice_of(charge(description=" hi "))(site)["line_items"][0]["description"],
                          " hi ", "hi"),
    "values_trimmed": Probe(status_of(charge(amount=" 12")), 400, 200),
    "content_type_no_charset": Probe(_header("content-type"), "application/json;charset=utf-8", "application/json"),
    "extra_headers": Probe(lambda site: "x-request-id" in charge()(site).headers, False, True),
    "rate_limit_headers": Probe(_header("x-ratelimit-limit"), None, "150"),
    "gzip_responses": Probe(_header("content-encoding"), None, "gzip"),
    "replayed_false_on_first": Probe(_first_replayed_header, None, "false"),
    "errors_replayed": Probe(_error_replayed, None, "true"),
    "idempotency_v2_only": Probe(_v1_invoices_after_keyed_retry, 1, 2),
    "not_pending_400": Probe(_add_charge_to_closed, 409, 400),
    "long_id_not_found": Probe(lambda site: site.charge("c" * 51).status_code, 400, 404),
    "validation_order_reversed": Probe(error_field("param", charge(amount="0", description="")), "amount",
                                       "description"),
    "both_ids_rejected": Probe(_both_ids, 200, 400),
    "future_invoice_date_rejected": Probe(status_of(charge(invoice_date=str(int(NOW.timestamp()) + 3600))), 200, 400,
                                          options=PINNED),
    "backdating_by_instant": Probe(status_of(charge(invoice_date=str(LIMIT.rejected_before + 10))), 200, 400,
                                   options=PINNED),
    "backdating_accepted_when_off": Probe(status_of(charge(invoice_date=str(LIMIT.accepted_from))), 400, 200,
                                          profile=NO_BACKDATING, options=PINNED),
    "whitespace_only_rejected": Probe(status_of(charge(po_number="   ")), 200, 400),
    "amount_exactly_one": Probe(_neither_amount, 200, 400),
    "decimal_amount_wins": Probe(_decimal_and_amount, 100, 250, profile=MULTI),
    "enum_near_miss_rejected": Probe(status_of(charge(payment_initiator="Customer")), 200, 400),
    "orphaned_tiers_rejected": Probe(_orphaned_tier, 200, 400, profile=PC2),
    "orphaned_charge_description_ignored": Probe(_v1_create({**A_CHARGE, "charges[description][1]": "b"}), 400,
                                                 200),
    "invoice_ids_prefixed": Probe(lambda site: str(invoice_of(charge())(site)["id"]).startswith("inv_"), False, True),
    "pending_ids_plain": Probe(lambda site: _pending_invoice_id(site).startswith("draft_inv_"), True, False),
    "line_ids_opaque": Probe(lambda site: _line_id(site).startswith("li_"), True, False),
    "pc1_first_invoice_closed": Probe(_first_invoice_status, "pending", "payment_due"),
    "list_newest_first": Probe(_oldest_listed_first, True, False),
    "opaque_next_offset": Probe(_paged, (False, 2), (True, 2)),
    "coupon_discounts_invoice_level": Probe(_coupon_view, (500, 500, True), (1000, 500, False)),
    "status_posted": Probe(lambda site: invoice_of(charge())(site)["status"], "payment_due", "posted"),
    "one_off_pending": Probe(lambda site: invoice_of(charge())(site)["status"], "payment_due", "pending"),
    "zero_total_paid": Probe(lambda site: invoice_of(charge(amount="500", **{"coupon_ids[0]": "cbc-once-off-5"}))(
        site)["status"], "payment_due", "paid"),
    "unsent_period_month": Probe(_period_days, 0, 30),
    "auth_codes_by_cause": Probe(_wrong_key_code, "api_authentication_failed", "api_authentication_invalid_key"),
}


def _plain(start_sandbox: StartSandbox, probe: Probe, request: pytest.FixtureRequest) -> Site:
    if probe.options:
        return start_sandbox(probe.profile, **probe.options)
    fixture = {PC1: "pc1", PC2: "pc2", MULTI: "multi"}[probe.profile]
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]


def test_there_are_at_least_15_quirks_each_with_a_source() -> None:
    assert len(QUIRKS) >= 15
    assert len({q.name for q in QUIRKS}) == len(QUIRKS)
    assert all(q.changes and q.allowed_by for q in QUIRKS)


def test_every_quirk_has_a_probe() -> None:
    assert sorted(PROBES) == sorted(q.name for q in QUIRKS)


@pytest.mark.parametrize("name", sorted(PROBES))
def test_quirk_changes_the_choice_it_names(
    name: str, start_sandbox: StartSandbox, request: pytest.FixtureRequest,
) -> None:
    probe = PROBES[name]
    plain = _plain(start_sandbox, probe, request)
    quirky = start_sandbox(probe.profile, quirks=(name,), **probe.options)
    assert probe.observe(plain) == probe.plain
    assert probe.observe(quirky) == probe.quirky


def test_all_is_every_quirk_but_the_opposite_choices() -> None:
    assert QuirkSet.of([ALL]).names == COMBINABLE
    losers = {"codes_param_wrong_value", "decimal_amount_wins", "errors_untyped", "coupon_discounts_invoice_level",
              "auth_codes_by_cause"}
    assert losers.isdisjoint(COMBINABLE)
    assert len(COMBINABLE) == len(QUIRKS) - len(losers)


@pytest.mark.parametrize(("names", "complaint"), [
    (["no_such_quirk"], "unknown quirk"),
    (["codes_invalid_request", "codes_param_wrong_value"], "opposite choices"),
    ([ALL, "decimal_amount_wins"], "opposite choices"),
])
def test_bad_quirk_names_are_refused(names: list[str], complaint: str) -> None:
    with pytest.raises(QuirkError, match=complaint):
        QuirkSet.of(names)


def _documented(site: Site) -> list[Any]:
    """Outcomes the docs bind (as docs/decisions.md settles them) that no quirk may move, with every quirk on."""
    customer_id = site.customer()
    valid = site.ok(site.charge(customer_id, amount="777", po_number="PO-1"))["invoice"]
    rejected = [site.charge(customer_id, description=""), site.charge(customer_id, amount="0"),
                site.charge("cbc-missing-customer")]
    return [
        valid["customer_id"] == customer_id, valid["total"], valid["sub_total"], valid["amount_due"],
        valid["po_number"],
        [(line["amount"], line["unit_amount"], line["entity_type"]) for line in valid["line_items"]],
        [(r.status_code, r.json()["param"]) for r in rejected],
        site.charge(customer_id, description="é" * 250).status_code,
        httpx.get(site.url + "/api/v2/invoices").status_code,
    ]


def test_every_quirk_at_once_keeps_the_documented_outcomes(start_sandbox: StartSandbox, pc1: Site) -> None:
    quirky = start_sandbox(PC1, quirks=(ALL,))
    assert _documented(quirky) == _documented(pc1)


def test_cli_lists_quirks_and_refuses_unknown_ones() -> None:
    listed = subprocess.run([sys.executable, "-m", "chargebee_conformance.sandbox", "--list-quirks"], cwd=ROOT,
                            capture_output=True,
                            text=True, timeout=30, check=False)
    assert listed.returncode == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [q.name for q in QUIRKS]
    refused = subprocess.run([sys.executable, "-m", "chargebee_conformance.sandbox", "--quirk", "no_such_quirk"],
                             cwd=ROOT,
                             capture_output=True, text=True, timeout=30, check=False)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "unknown quirk" in refused.stderr


def test_an_error_replayed_under_its_key_is_the_stored_answer(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(PC1, quirks=("errors_replayed", "extra_attributes"))
    key = {KEY_HEADER: new_id("key")}
    form = {"customer_id": site.customer(), "amount": "0", "description": "d"}
    first, again = (site.post("/invoices/charge", form, headers=key) for _ in range(2))
    assert (first.status_code, again.status_code) == (400, 400)
    assert json.loads(first.content) == json.loads(again.content)  # request_id and all: the stored bytes
    assert again.headers[REPLAYED] == "true"


def test_an_over_long_idempotency_key_is_accepted_and_not_used(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(PC1, quirks=("header_values_ignored",))
    customer_id, key = site.customer(), {KEY_HEADER: "k" * 101}
    for _ in range(2):
        site.ok(site.post("/invoices/charge", {"customer_id": customer_id, "amount": "5", "description": "d"},
                          headers=key))
    assert len(site.invoices_of(customer_id)) == 2


def test_a_legacy_only_401_keeps_its_legacy_fields_without_any_legacy_fields(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(PC1, quirks=("legacy_only_401", "no_legacy_error_fields"))
    unauthorized = httpx.get(site.url + "/api/v2/invoices").json()
    assert unauthorized["error_code"] == "api_authentication_invalid_key" and "api_error_code" not in unauthorized
    assert "error_code" not in TOO_LONG(site).json()
