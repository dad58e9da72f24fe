"""Catalog discovery asks the site what each profile id is, and stops the run on an id of the wrong kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from chargebee_conformance.spec.model import Resource
from chargebee_conformance.spec.profile import parse_profile
from chargebee_conformance.suite.client import ApiClient
from chargebee_conformance.suite.discovery import CatalogMismatch, discover
from chargebee_conformance.suite.site import IdMaker, NotOffered, Site

SITE: Mapping[str, Any] = {"name": "acme-test", "api_versions": [2], "product_catalog": "2.0"}
ANSWERS: Mapping[str, Any] = {
    "/api/v2/item_prices/onboarding": {"item_price": {"id": "onboarding", "item_type": "charge",
                                                      "pricing_model": "per_unit", "currency_code": "USD",
                                                      "status": "active"}},
    "/api/v2/item_prices/storage": {"item_price": {"id": "storage", "item_type": "charge", "pricing_model": "volume",
                                                   "status": "active", "tiers": [
                                                       {"starting_unit": 1, "ending_unit": 10, "price": 100},
                                                       {"starting_unit": 11, "price": 50}]}},
    "/api/v2/item_prices/pro-monthly": {"item_price": {"id": "pro-monthly", "item_type": "plan",
                                                       "pricing_model": "flat_fee", "status": "active"}},
    "/api/v2/coupons/forever-10": {"coupon": {"id": "forever-10", "duration_type": "forever", "status": "active"}},
}


def client(answers: Mapping[str, Any] = ANSWERS) -> ApiClient:
    def handler(request: httpx.Request) -> httpx.Response:
        body = answers.get(request.url.path)
        if body is None:
            return httpx.Response(404, json={"message": "not found", "api_error_code": "resource_not_found"})
        return httpx.Response(200, json=body)

    return ApiClient("http://site.test", "k", transport=httpx.MockTransport(handler))


def profile(**catalog: Any) -> Any:
    return parse_profile({"site": SITE, "catalog": catalog})


def test_discovery_learns_pricing_models_kinds_and_tiers() -> None:
    learned = discover(profile(charge_item_price="onboarding", tiered_item_price="storage"), client())
    catalog = learned.site_catalog
    assert catalog.pricing_model(Resource.ITEM_PRICE, "onboarding") == "per_unit"
    assert catalog.kind_of(Resource.ITEM_PRICE, "storage") == "charge"
    assert [t.ending_unit for t in catalog.entry(Resource.ITEM_PRICE, "storage").tiers] == [10, None]  # type: ignore[union-attr]


def test_an_id_of_the_wrong_kind_stops_the_run_naming_role_id_and_what_the_site_says() -> None:
    with pytest.raises(CatalogMismatch) as raised:
        discover(profile(charge_item_price=["onboarding", "pro-monthly"]), client())
    message = str(raised.value)
    assert "[catalog] charge_item_price = 'pro-monthly'" in message
    assert "item_type 'plan'" in message and "\n" not in message


def test_an_id_the_site_does_not_have_stops_the_run() -> None:
    with pytest.raises(CatalogMismatch, match=r"one_time_coupon = 'gone'.*HTTP 404"):
        discover(profile(one_time_coupon="gone"), client())


def test_a_coupon_of_another_duration_is_refused_for_its_role() -> None:
    discover(profile(non_one_time_coupon="forever-10"), client())
    with pytest.raises(CatalogMismatch, match="duration_type 'forever'"):
        discover(profile(one_time_coupon="forever-10"), client())


def test_a_role_of_the_other_product_catalog_is_refused() -> None:
    with pytest.raises(CatalogMismatch, match=r"product catalog 1\.0"):
        discover(profile(plan="basic"), client())


def test_a_profile_named_pending_invoice_is_never_closed() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return httpx.Response(200, json={"invoice": {"id": "inv_1", "status": "paid"}})

    named = replace(profile(pending_invoice="inv_7"), settings=frozenset())
    site = Site(named, ApiClient("http://site.test", "k", transport=httpx.MockTransport(handler)), IdMaker("r"),
                datetime(2026, 1, 13, tzinfo=UTC))
    assert site.create_pending_invoice("cus", version=2) == "inv_7"
    with pytest.raises(NotOffered, match="never closed"):
        site.close_invoice("inv_7", version=2)
    assert sent == []
