"""Fixtures come only from documented setup operations, with ids the suite recognises, and tolerate what the
docs leave open (a subscription response without its invoice)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from chargebee_conformance.spec.profile import load_profile
from chargebee_conformance.suite.client import ApiClient
from chargebee_conformance.suite.site import ID_MAX, IdMaker, NotOffered, Site
from tests.conformance.suite_runner import ROOT

PC2 = load_profile(ROOT / "profiles" / "sandbox-pc2-metered.toml")


def site_with(handler: object) -> Site:
    client = ApiClient("http://t.test", "k", transport=httpx.MockTransport(handler))  # type: ignore[arg-type]
    return Site(PC2, client, IdMaker("run1"), datetime(2026, 1, 13, tzinfo=UTC))


def test_ids_are_prefixed_and_use_the_documented_maximum_length() -> None:
    ids = IdMaker("abc123")
    first, second = ids.make("cus"), ids.make("cus")
    assert first.startswith("cbc-abc123-cus1-") and len(first) == ID_MAX and first != second


def test_a_pending_invoice_missing_from_the_response_is_found_by_listing() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}?{request.url.query.decode()}")
        if request.url.path.endswith("/subscription_for_items"):
            form = dict(httpx.QueryParams(request.content.decode()))
            assert form["create_pending_invoices"] == "true" and form["first_invoice_pending"] == "true"
            return httpx.Response(200, json={"subscription": {"id": form["id"]}, "customer": {}})
        invoice = {"id": "draft_inv_9", "status": "pending", "customer_id": "cbc-c"}
        return httpx.Response(200, content=json.dumps({"list": [{"invoice": invoice}]}))

    assert site_with(handler).create_pending_invoice("cbc-c", version=2) == "draft_inv_9"
    assert "status%5Bis%5D=pending" in seen[-1]


def test_no_pending_invoice_at_all_is_not_offered_rather_than_failed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/subscription_for_items"):
            return httpx.Response(200, json={"subscription": {}, "invoice": {"id": "1", "status": "paid"}})
        return httpx.Response(200, json={"list": []})

    with pytest.raises(NotOffered, match="did not create a pending invoice"):
        site_with(handler).create_pending_invoice("cbc-c", version=2)
