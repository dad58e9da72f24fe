"""What a generator knows about a target: its profile, the fixtures that exist on it, and "now".

The suite creates fixtures (customers, subscriptions, pending invoices) through documented setup operations,
or takes them from the profile, and hands a `World` to the strategies. The same world answers the validator's
questions (does this id exist? is this invoice pending?), so self-tests need no server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from spec.model import Resource
from spec.profile import SiteProfile
from spec.validate import Context

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


@dataclass(frozen=True)
class World:
    profile: SiteProfile
    fixtures: Fixtures
    now: datetime  # time-zone aware
    extra_ids: frozenset[tuple[Resource, str]] = field(default=frozenset())

    def known(self, resource: Resource) -> tuple[str, ...]:
        """Ids of a resource kind that exist on the target, in a stable order."""
        f, catalog = self.fixtures, self.profile.catalog
        by_kind: dict[Resource, tuple[str | None, ...]] = {
            Resource.CUSTOMER: (f.customer_id, f.other_customer_id),
            Resource.SUBSCRIPTION: (f.subscription_id,),
            Resource.INVOICE: (f.pending_invoice_id, f.closed_invoice_id),
            Resource.COUPON: (catalog.get("one_time_coupon"),),
            Resource.ADDON: (catalog.get("non_recurring_addon"),),
            Resource.ITEM_PRICE: (catalog.get("charge_item_price"), catalog.get("metered_item_price"),
                                  catalog.get("tiered_item_price")),
        }
        ids = [i for i in by_kind.get(resource, ()) if i]
        ids += sorted(value for kind, value in self.extra_ids if kind is resource)
        return tuple(dict.fromkeys(ids))

    def exists(self, resource: Resource, value: str) -> bool:
        return value in self.known(resource)

    def invoice_status(self, invoice_id: str) -> str | None:
        if invoice_id and invoice_id == self.fixtures.pending_invoice_id:
            return "pending"
        if invoice_id and invoice_id == self.fixtures.closed_invoice_id:
            return "payment_due"
        return None

    def context(self) -> Context:
        return Context(self.profile, self.now, self.exists, self.invoice_status)
