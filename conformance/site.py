"""Fixtures on a target, created only through documented setup operations (reference/chargebee-setup-
operations.md; docs/decisions.md B20): customers, subscriptions, pending invoices; plus the inspection calls the oracle
needs (retrieve an invoice, list a customer's invoices)."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chargebee_conformance.spec.case import Exchange
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.settings import Catalog, Setting
from chargebee_conformance.spec.world import Fixtures, World
from chargebee_conformance.suite.client import ApiClient

ID_MAX = 50  # customer and subscription ids: "max chars=50"; fixtures use the full length (a boundary case)


class SetupFailed(Exception):
    """A documented setup operation did not work on the target: the test cannot start."""


class NotOffered(Exception):
    """The target does not offer what a test needs (skipped with this reason, never failed)."""


@dataclass
class IdMaker:
    """Recognisable, deterministic ids: `cbc-<run id>-<kind><n>`, padded to the documented maximum."""

    run_id: str
    counter: int = 0

    def make(self, kind: str, length: int = ID_MAX) -> str:
        self.counter += 1
        stem = f"cbc-{self.run_id}-{kind}{self.counter}-"
        return (stem + "x" * length)[:length]


@dataclass
class Site:
    profile: SiteProfile
    client: ApiClient
    ids: IdMaker
    now: datetime
    subscription_customer: dict[str, str] = field(default_factory=dict)
    on_created: Callable[[str], None] = field(default=lambda customer_id: None)  # the cleanup ledger

    @property
    def version(self) -> int:
        return 2 if 2 in self.profile.api_versions else 1

    def _ok(self, exchange: Exchange, what: str) -> dict[str, Any]:
        if exchange.status != 200 or not isinstance(exchange.body, dict):
            raise SetupFailed(f"setup step '{what}' failed on {self.profile.name}: HTTP {exchange.status} "
                              f"{exchange.raw[:300]}")
        return exchange.body

    def create_customer(self, *, version: int | None = None, currency_code: str | None = None,
                        auto_collection: bool | None = None) -> str:
        customer_id = self.ids.make("cus")
        form = [("id", customer_id), ("first_name", "Conformance"), ("last_name", "Fixture"),
                ("email", f"{customer_id[:40]}@example.com"),
                ("auto_collection", "on" if (self.profile.auto_collection if auto_collection is None
                                              else auto_collection) else "off")]
        if currency_code and (version or self.version) == 2:
            form.append(("preferred_currency_code", currency_code))  # v2: "Applicable if Multicurrency is enabled"
        self._ok(self.client.post(f"/api/v{version or self.version}/customers", form), "create customer")
        self.on_created(customer_id)
        return customer_id

    def create_subscription(self, customer_id: str, *, pending: bool = False,
                            version: int | None = None) -> tuple[str, dict[str, Any] | None]:
        """A subscription for the customer; returns its id and the invoice the call created, if any."""
        subscription_id = self.ids.make("sub")
        if self.profile.product_catalog is Catalog.PC2:
            plan = self.profile.catalog_id("plan_item_price")
            if not plan:
                raise NotOffered(f"profile {self.profile.name} names no plan_item_price")
            form = [("id", subscription_id), ("subscription_items[item_price_id][0]", plan),
                    ("subscription_items[quantity][0]", "1")]
            if pending:
                form += [("create_pending_invoices", "true"), ("first_invoice_pending", "true")]
            path = f"/api/v2/customers/{customer_id}/subscription_for_items"
        else:
            plan = self.profile.catalog_id("plan")
            if not plan:
                raise NotOffered(f"profile {self.profile.name} names no plan")
            form = [("id", subscription_id), ("plan_id", plan)]
            path = f"/api/v{version or self.version}/customers/{customer_id}/subscriptions"
        body = self._ok(self.client.post(path, form), "create subscription")
        self.subscription_customer[subscription_id] = customer_id
        invoice = body.get("invoice")
        return subscription_id, invoice if isinstance(invoice, dict) else None

    def create_pending_invoice(self, customer_id: str, *, version: int, own: bool = False) -> str:
        """A pending invoice of the customer's new subscription (metered billing sites), or the profile's own
        pending invoice where it names one, unless the caller needs one of its own (`own`: it will close it)."""
        given = self.profile.catalog_id("pending_invoice")
        if given and not own:
            return given
        if not self.profile.has(Setting.METERED_BILLING):
            raise NotOffered(f"{self.profile.name} has no metered billing, so no pending invoices")
        _, invoice = self.create_subscription(customer_id, pending=True, version=version)
        if invoice is None:  # the response need not carry the invoice ("invoice?"): look for it
            invoice = self._pending_invoice_of(customer_id)
        if invoice is None or invoice.get("status") != "pending":
            raise NotOffered(f"{self.profile.name}: creating a subscription did not create a pending invoice "
                             "(name one in the profile's [catalog] pending_invoice)")
        return str(invoice["id"])

    def _pending_invoice_of(self, customer_id: str) -> dict[str, Any] | None:
        """The customer's pending invoice via v2 List invoices (status[is]=pending), when the site serves v2."""
        if 2 not in self.profile.api_versions:
            return None
        exchange = self.client.get("/api/v2/invoices", [("customer_id[is]", customer_id), ("status[is]", "pending"),
                                                        ("limit", "1")])
        entries = exchange.body.get("list") if exchange.status == 200 and isinstance(exchange.body, dict) else None
        first = entries[0] if isinstance(entries, list) and entries and isinstance(entries[0], dict) else {}
        invoice = first.get("invoice")
        return invoice if isinstance(invoice, dict) and invoice.get("customer_id") == customer_id else None

    def close_invoice(self, invoice_id: str, *, version: int) -> dict[str, Any]:
        if invoice_id in self.profile.catalog_ids("pending_invoice"):
            # Closing it would spoil every later add of this run and the next ones (issue found in review).
            raise NotOffered(f"the profile's pending_invoice {invoice_id} is never closed by the suite")
        # v1 closes a pending invoice with /collect, v2 with /close (docs/decisions.md B20).
        action = "collect" if version == 1 else "close"
        body = self._ok(self.client.post(f"/api/v{version}/invoices/{invoice_id}/{action}"), "close invoice")
        invoice = body.get("invoice")
        return invoice if isinstance(invoice, dict) else {}

    def retrieve_invoice(self, invoice_id: str, *, version: int) -> dict[str, Any]:
        body = self._ok(self.client.get(f"/api/v{version}/invoices/{invoice_id}"), "retrieve invoice")
        invoice = body.get("invoice")
        return invoice if isinstance(invoice, dict) else {}

    def invoice_ids(self, customer_id: str) -> set[str] | None:
        """The customer's invoices via v2 List invoices; None when the target does not offer it (B19)."""
        if 2 not in self.profile.api_versions:
            return None
        ids: set[str] = set()
        offset = ""
        for _ in range(20):
            query = [("customer_id[is]", customer_id), ("limit", "100")] + ([("offset", offset)] if offset else [])
            exchange = self.client.get("/api/v2/invoices", query)
            if exchange.status in (400, 404, 405):  # not offered, or not with this filter
                return None
            body = self._ok(exchange, "list invoices")
            for entry in body.get("list") or []:
                invoice = entry.get("invoice") if isinstance(entry, dict) else None
                # Judge only this customer's invoices even if a target ignores the filter (other tests run
                # concurrently and create invoices of their own).
                if isinstance(invoice, dict) and "id" in invoice and invoice.get("customer_id") == customer_id:
                    ids.add(str(invoice["id"]))
            offset = str(body.get("next_offset") or "")
            if not offset:
                break
        return ids

    def currency_for(self, test_id: str) -> str | None:
        """On a multicurrency site, one currency per test, spread over the site's currencies (deterministic)."""
        if not self.profile.has(Setting.MULTICURRENCY):
            return None
        currencies = self.profile.currencies
        return currencies[zlib.crc32(test_id.encode()) % len(currencies)]

    def world(self, fixtures: Fixtures) -> World:
        return World(self.profile, fixtures, self.now)
