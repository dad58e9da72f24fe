"""A client for one running sandbox, with the setup steps the tests share (customers, pending invoices)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from chargebee_conformance.spec.profile import SiteProfile, load_profile

PROFILES = Path(__file__).resolve().parents[2] / "profiles"
PC1 = PROFILES / "sandbox-pc1-metered.toml"
PC2 = PROFILES / "sandbox-pc2-metered.toml"
MULTI = PROFILES / "sandbox-pc1-multi.toml"
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"t-{prefix}-{next(_ids)}"


def api_key(profile: SiteProfile) -> str:
    return str(profile.sandbox["api_keys"][0])


class Site:
    """A running sandbox seen over HTTP. `post`/`get` take paths relative to /api/v{version}."""

    def __init__(self, url: str, profile: str | Path | SiteProfile) -> None:
        self.url = url
        self.profile = profile if isinstance(profile, SiteProfile) else load_profile(profile)
        self.key = api_key(self.profile)
        self.client = httpx.Client(base_url=url, auth=(self.key, ""), timeout=30)

    def close(self) -> None:
        self.client.close()

    @property
    def pc1(self) -> bool:
        return self.profile.product_catalog.value == "1.0"

    def post(self, path: str, data: Mapping[str, str] | None = None, *, version: int = 2,
             headers: Mapping[str, str] | None = None) -> httpx.Response:
        return self.client.post(f"/api/v{version}{path}", data=dict(data or {}), headers=dict(headers or {}))

    def get(self, path: str, params: Mapping[str, str] | None = None, *, version: int = 2) -> httpx.Response:
        return self.client.get(f"/api/v{version}{path}", params=dict(params or {}))

    def ok(self, response: httpx.Response) -> dict[str, Any]:
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def customer(self, auto_collection: str = "off", **fields: str) -> str:
        customer_id = new_id("cust")
        version = 2 if 2 in self.profile.api_versions else 1
        self.ok(self.post("/customers", {"id": customer_id, "auto_collection": auto_collection, **fields},
                          version=version))
        return customer_id

    def subscription(self, customer_id: str, *, pending: bool = True) -> tuple[str, str]:
        """A subscription of the customer and its first invoice (pending where the site makes it so)."""
        if self.pc1:
            body = self.ok(self.post(f"/customers/{customer_id}/subscriptions",
                                     {"plan_id": self.profile.catalog_id("plan")}, version=1))
        else:
            form = {"subscription_items[item_price_id][0]": self.profile.catalog_id("plan_item_price")}
            if pending:
                form |= {"create_pending_invoices": "true", "first_invoice_pending": "true"}
            body = self.ok(self.post(f"/customers/{customer_id}/subscription_for_items", form))
        return body["subscription"]["id"], body["invoice"]["id"]

    def pending_invoice(self, auto_collection: str = "off") -> tuple[str, str]:
        """(customer id, id of a pending invoice of theirs)."""
        customer_id = self.customer(auto_collection)
        return customer_id, self.subscription(customer_id)[1]

    def closed_invoice(self) -> str:
        _, invoice_id = self.pending_invoice()
        self.close_invoice(invoice_id)
        return invoice_id

    def close_invoice(self, invoice_id: str) -> dict[str, Any]:
        if 2 in self.profile.api_versions:
            return self.ok(self.post(f"/invoices/{invoice_id}/close"))["invoice"]  # type: ignore[no-any-return]
        return self.ok(self.post(f"/invoices/{invoice_id}/collect", version=1))["invoice"]  # type: ignore[no-any-return]

    def invoice(self, invoice_id: str, version: int = 2) -> dict[str, Any]:
        return self.ok(self.get(f"/invoices/{invoice_id}", version=version))["invoice"]  # type: ignore[no-any-return]

    def invoices_of(self, customer_id: str, *, include_deleted: bool = False) -> list[dict[str, Any]]:
        params = {"customer_id[is]": customer_id, "limit": "100"}
        if include_deleted:
            params["include_deleted"] = "true"
        return [entry["invoice"] for entry in self.ok(self.get("/invoices", params))["list"]]

    def charge(self, customer_id: str, **form: str) -> httpx.Response:
        """A v2 charge for the customer (amount 1000, description "charge" unless given)."""
        return self.post("/invoices/charge", {"customer_id": customer_id, "amount": "1000",
                                              "description": "charge", **form})


def error(response: httpx.Response) -> tuple[int, str, str | None]:
    """(status, api_error_code, param) of an error answer."""
    body = response.json()
    return response.status_code, body["api_error_code"], body.get("param")


def line_sum(invoice: Mapping[str, Any]) -> int:
    amounts = sum(int(line["amount"]) for line in invoice["line_items"])
    return amounts - sum(int(d["discount_amount"]) for d in invoice.get("line_item_discounts", []))
