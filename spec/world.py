"""What a generator knows about a target: its profile, the fixtures that exist on it, and "now".

The suite creates fixtures (customers, subscriptions, pending invoices) through documented setup operations,
or takes them from the profile, and hands a `World` to the strategies. The same world answers the validator's
questions (does this id exist? is this invoice pending?), so self-tests need no server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from chargebee_conformance.spec.catalog import VALID_ROLES
from chargebee_conformance.spec.model import Resource
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.validate import Context

# Ids the suite invents to be missing carry this prefix: a report reader sees at once why they were refused.
MISSING_PREFIX = "cbc-missing-"


@dataclass(frozen=True)
class Fixtures:
    customer_id: str
    subscription_id: str | None = None  # a subscription of that customer
    pending_invoice_id: str | None = None  # pending, for add_charge / add_charge_item
    closed_invoice_id: str | None = None  # exists, not pending
    other_customer_id: str | None = None  # a second customer (both-ids consistency)
    currency_code: str | None = None  # the customer's currency on a multicurrency site (one per customer)
    paying: bool = False  # the customer is the profile's paying_customer (a payment method, auto collection on)


@dataclass(frozen=True)
class World:
    profile: SiteProfile
    fixtures: Fixtures
    now: datetime  # time-zone aware
    extra_ids: frozenset[tuple[Resource, str]] = field(default=frozenset())

    def known(self, resource: Resource) -> tuple[str, ...]:
        """Ids a valid case may send for a parameter referring to `resource`, in a stable order: the fixtures,
        and the catalog ids of the kind such a parameter takes (a non-recurring addon, a one-time coupon, a
        charge item price)."""
        f = self.fixtures
        by_kind: dict[Resource, tuple[str | None, ...]] = {
            Resource.CUSTOMER: (f.customer_id, f.other_customer_id),
            Resource.SUBSCRIPTION: (f.subscription_id,),
            Resource.INVOICE: (f.pending_invoice_id, f.closed_invoice_id),
        }
        ids = [i for i in by_kind.get(resource, ()) if i]
        if resource in VALID_ROLES:
            catalog = self.profile.site_catalog
            ids += [i for i in catalog.ids(resource, VALID_ROLES[resource]) if self.usable(resource, i)]
        ids += sorted(value for kind, value in self.extra_ids if kind is resource)
        return tuple(dict.fromkeys(ids))

    def usable(self, resource: Resource, entity_id: str) -> bool:
        """A catalog entry a valid case may name: of the kind its role promises, in a currency the invoice can
        take (an item price in another currency than the site's base one is left to the multicurrency tests)."""
        entry = self.profile.site_catalog.entry(resource, entity_id)
        if entry is None:
            return True
        currency = self.fixtures.currency_code or self.profile.base_currency
        return entry.currency_code in (None, currency)

    def exists(self, resource: Resource, value: str) -> bool:
        """Whether the id names something on the target, of whatever kind (a recurring addon exists too)."""
        return value in self.known(resource) or value in self.profile.site_catalog.ids(resource)

    def kind_of(self, resource: Resource, value: str) -> str | None:
        return self.profile.site_catalog.kind_of(resource, value)

    def invoice_status(self, invoice_id: str) -> str | None:
        if invoice_id and invoice_id == self.fixtures.pending_invoice_id:
            return "pending"
        if invoice_id and invoice_id == self.fixtures.closed_invoice_id:
            return "payment_due"
        return None

    def context(self) -> Context:
        return Context(self.profile, self.now, self.exists, self.invoice_status, self.kind_of)
