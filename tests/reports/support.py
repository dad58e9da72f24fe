"""Shared data of the reports' tests: a small fixed raw-results directory, its run metadata, a small rule
catalog standing in for `spec/` (so snapshots stay put when the model gains a rule), and snapshots."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from chargebee_conformance.reports.catalog import Catalog, RuleInfo
from chargebee_conformance.reports.document import Results

HERE = Path(__file__).parent
RAW = HERE / "fixtures" / "raw"
# A results document written by the v1 code (commit 6b43cc3) from the raw fixtures of that time.
V1_RESULTS = HERE / "fixtures" / "results-v1.json"
SNAPSHOTS = HERE / "snapshots"
REPO_ROOT = HERE.parent.parent
# The key planted in the fixture's failure detail and curl line; it must never reach a report.
PLANTED_KEY = "test_AbCdEfGh1234567890XyZ"
PLANTED_BASIC = "dGVzdF9BYkNkRWZHaDEyMzQ1Njc4OTBYeVo6"

CATALOG = Catalog((
    RuleInfo("v1.charge.customer_id.exists", "v1.charge", "exact",
             "customer_id must name an existing customer.", "404 resource_not_found naming customer_id"),
    RuleInfo("v2.charge.description.max_length", "v2.charge", "loose",
             "description: max chars=250. Description for this charge.",
             "400 (any 400 api_error_code) naming description"),
    RuleInfo("v2.charge.amount.minimum", "v2.charge", "loose", "amount: min=1. The amount to be charged.",
             "400 (any 400 api_error_code) naming amount"),
    RuleInfo("v2.charge.po_number.max_length", "v2.charge", "loose", "po_number: max chars=100.",
             "400 (any 400 api_error_code) naming po_number"),
    RuleInfo("v2.charge.date_from.before_date_to", "v2.charge", "convention",
             "date_from, date_to: no sentence orders them; the real API refuses date_from after date_to.",
             "400 (any 400 api_error_code) naming date_from"),
    RuleInfo("v2.charge.coupon_ids.applied", "v2.charge", "exact",
             "coupon_ids[]: List of coupons to be applied to this invoice."),
    RuleInfo("v2.charge.description.whitespace", "v2.charge", "silent",
             "Whitespace-only strings: the docs say nothing (docs/decisions.md A9)."),
    RuleInfo("v2.charge.response.sub_total", "v2.charge", "exact",
             "sub_total: Amount subtotal (sum of line item amounts less line item discounts)."),
    RuleInfo("auth.missing_key", "auth", "exact", "Chargebee uses HTTP Basic authentication for API calls.",
             "401 api_authentication_failed"),
    RuleInfo("v2.idempotency.replay", "protocol", "exact",
             "If there is a record, Chargebee returns the response for that record."),
    RuleInfo("protocol.content_type", "protocol", "exact",
             "All responses are of type application/json (spec: every response declares application/json)."),
))

META: dict[str, Any] = {
    "target": "https://user:secret@acme-test.chargebee.com/?api_key=test_SECRETSECRET123#frag",
    "mode": "replay", "seed": 1234, "started_at": "2026-01-13T12:00:00+00:00", "duration_seconds": 12.34567,
    "docs_snapshot": "2026-01-10", "model_version": "2026.01.1", "tool_version": "0.1.0",
    "hypothesis_version": "6.0.0-test",
    "sites": [
        {"name": "sandbox-pc1-metered", "profile": "sandbox-pc1-metered.toml", "api_versions": [1, 2],
         "product_catalog": "1.0"},
        {"name": "sandbox-pc2-metered", "profile": "sandbox-pc2-metered.toml", "api_versions": [2],
         "product_catalog": "2.0", "target": "http://127.0.0.1:8080"},
    ],
}


def update_snapshots() -> bool:
    """`UPDATE_SNAPSHOTS=1 pytest tests/reports` rewrites the stored snapshots instead of comparing."""
    return os.environ.get("UPDATE_SNAPSHOTS") == "1"


def assert_matches_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if update_snapshots():
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"no snapshot {path}; create it with UPDATE_SNAPSHOTS=1 pytest tests/reports"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{name} differs from its snapshot; review, then UPDATE_SNAPSHOTS=1 to accept"


def evolved(doc: Results) -> Results:
    """A later run of the same target: one rule broke, one was fixed, one is no longer exercised and one now is,
    one was skipped, one answers with another code, one rule left the model and one joined it."""
    new = copy.deepcopy(doc)
    site, other = new["sites"]
    charge = next(op for op in site["operations"] if op["id"] == "v2.charge")
    request = "request:  POST /api/v2/invoices/charge"
    for entry in charge["rules"]:
        if entry["rule"] == "v2.charge.amount.minimum":
            entry["verdict"], entry["reason"] = "broken", "got HTTP 200"
            entry["observed"] = "HTTP 200 (accepted)"
            entry["failure"] = {"title": "expected 400 naming amount, got HTTP 200", "explanation": "",
                                "request": request, "response": "response: 200",
                                "detail": f"{request}\nresponse: 200", "curl": ""}
        elif entry["rule"] == "v2.charge.description.max_length":
            entry["verdict"], entry["failure"] = "held", None
            entry["observed"] = "HTTP 400 param_wrong_value param=description"
        elif entry["rule"] == "v2.charge.response.sub_total":
            entry["verdict"], entry["reason"] = "skipped", "budget exhausted"
        elif entry["rule"] == "v2.idempotency.replay":
            entry["verdict"], entry["exercised"] = "not exercised", 0
            entry["reason"] = "no example was sent twice with one idempotency key"
        elif entry["rule"] == "v2.charge.coupon_ids.applied":
            entry["verdict"], entry["exercised"], entry["reason"] = "held", 2, ""
    v1 = next(op for op in site["operations"] if op["id"] == "v1.charge")
    v1["rules"][0]["observed"] = "HTTP 400 param_wrong_value param=customer_id | legacy"
    other_charge = next(op for op in other["operations"] if op["id"] == "v2.charge")
    other_charge["rules"] = [e for e in other_charge["rules"] if e["rule"] != "v2.charge.legacy.removed_rule"]
    added = copy.deepcopy(other_charge["rules"][0])
    added["rule"], added["verdict"], added["reason"] = "v2.charge.new.rule", "held", ""
    other_charge["rules"].append(added)
    new["run"]["started_at"] = "2026-01-14T12:00:00+00:00"
    return new


# A suite-made customer id of the failing example (conformance/site.py IdMaker: padded to 50 characters).
CUSTOMER = ("cbc-1a2b3c4d-cus1-" + "x" * 50)[:50]
CASCADE_RULE = "v2.charge.rejection.nothing_created"


def with_failure_steps(doc: Results) -> Results:
    """The fixture as a newer suite writes it: the broken description rule carries the steps of its failing
    example (a customer, then the charge), a rejection rule broke because of it (no request of its own), the
    questionable rule has no steps (an older file: its reproducer falls back to the curl line), and the
    content-type failure of the other site is waived."""
    from datetime import date

    from chargebee_conformance.reports.waivers import Waiver, apply_waivers

    new = copy.deepcopy(doc)
    charge = next(op for op in new["sites"][0]["operations"] if op["id"] == "v2.charge")
    broken = next(entry for entry in charge["rules"] if entry["rule"] == "v2.charge.description.max_length")
    assert broken["failure"] is not None
    broken["failure"].update(steps=[
        {"label": "setup", "method": "POST", "path": "/api/v2/customers",
         "form": [["id", CUSTOMER], ["first_name", "Conformance"], ["email", f"{CUSTOMER[:40]}@example.com"],
                  ["auto_collection", "off"]],
         "headers": [["chargebee-event-email", "all-disabled"]], "status": 200, "returned": {"customer.id": CUSTOMER}},
        {"label": "v2.charge", "method": "POST", "path": "/api/v2/invoices/charge",
         "form": [["customer_id", CUSTOMER], ["amount", "100"], ["description", "é" * 251]],
         "headers": [["chargebee-event-email", "all-disabled"]], "status": 200, "returned": {"invoice.id": "7"}},
    ], case_rule=broken["rule"], caused_by=[])
    cascade = copy.deepcopy(broken)
    cascade.update(rule=CASCADE_RULE, source="A rejected request creates nothing: no invoice, no line item.",
                   expected="", observed="", examples=1, exercised=1, requests=2, reason="left something behind")
    cascade["failure"] = {"title": "rejected requests left something behind: new invoices appeared for the customer: "
                          "['7']", "explanation": "", "request": "", "response": "", "detail": "", "curl": "",
                          "steps": [], "case_rule": broken["rule"], "caused_by": [broken["rule"]]}
    charge["rules"].append(cascade)
    waiver = Waiver("protocol.content_type", "vendor ticket 1234", site="sandbox-pc2-metered")
    return apply_waivers(new, [waiver], date(2026, 1, 13))
