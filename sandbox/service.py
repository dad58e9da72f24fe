"""The sandbox's state and collaborators, shared by every request handler."""

from __future__ import annotations

from chargebee_conformance.sandbox.catalog import Coupon, Price
from chargebee_conformance.sandbox.config import SandboxConfig
from chargebee_conformance.sandbox.errors import ApiError, not_found
from chargebee_conformance.sandbox.ratelimit import RateLimiter
from chargebee_conformance.sandbox.records import Customer, Invoice, Subscription
from chargebee_conformance.sandbox.storage import Storage
from chargebee_conformance.sandbox.style import HouseStyle
from chargebee_conformance.sandbox.validation import Validator
from chargebee_conformance.spec.clock import utc_seconds
from chargebee_conformance.spec.model import Resource
from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.settings import Catalog


class Sandbox:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.storage = Storage(config.db, config.profile.name, HouseStyle.of(config.quirks))
        self.limiter = RateLimiter(config.rate_limit)
        self._seed_customers()
        self.validators = {
            op.id: Validator(op, config.profile, config.faults, self.exists, self.storage.invoice_status,
                             config.quirks, self.kind_of)
            for op in OPERATIONS
        }

    @property
    def profile(self) -> SiteProfile:
        return self.config.profile

    @property
    def pc1(self) -> bool:
        return self.profile.product_catalog is Catalog.PC1

    def close(self) -> None:
        self.storage.close()

    def _seed_customers(self) -> None:
        """The profile's existing customers, created once (a file database keeps them, and what became of
        them, across restarts)."""
        for seed in self.config.catalog.customers.values():
            if self.storage.customer(seed.id, include_deleted=True) is None:
                details = dict(seed.details)
                self.storage.save_customer(Customer(
                    id=seed.id, created_at=utc_seconds(self.config.now()), auto_collection=seed.auto_collection,
                    payment_method=seed.payment_method, first_name=details.get("first_name"),
                    last_name=details.get("last_name"), email=details.get("email"),
                    company=details.get("company"), preferred_currency_code=details.get("preferred_currency_code"),
                ))

    def exists(self, resource: Resource, value: str) -> bool:
        """The validator's question: does an id sent in the body name something on this site?"""
        catalog = self.config.catalog
        if resource is Resource.CUSTOMER:
            return self.storage.customer(value) is not None
        if resource is Resource.SUBSCRIPTION:
            return self.storage.subscription(value) is not None
        if resource is Resource.COUPON:
            return value in catalog.coupons
        if resource is Resource.ADDON:
            return self.pc1 and value in catalog.addons
        if resource is Resource.ITEM_PRICE:
            return not self.pc1 and value in catalog.item_prices
        return True

    def kind_of(self, resource: Resource, value: str) -> str | None:
        """The validator's other question: what kind of catalog entry an id names, as its retrieve operation
        says (item_type of an item price, charge_type of an addon, duration_type of a coupon); None when the id
        names none (its existence rule answers) or the resource has no kinds."""
        catalog = self.config.catalog
        if resource is Resource.COUPON and value in catalog.coupons:
            return catalog.coupons[value].duration_type
        if resource is Resource.ADDON and self.pc1 and value in catalog.addons:
            return catalog.addons[value].charge_type
        if resource is Resource.ITEM_PRICE and not self.pc1 and value in catalog.item_prices:
            return catalog.item_prices[value].kind
        return None

    # Lookups that answer 404 with the parameter that named the missing resource.

    def customer(self, customer_id: str, param: str | None = None) -> Customer:
        found = self.storage.customer(customer_id)
        if found is None:
            raise not_found("customer", customer_id, param)
        return found

    def subscription(self, subscription_id: str, param: str | None = None) -> Subscription:
        found = self.storage.subscription(subscription_id)
        if found is None:
            raise not_found("subscription", subscription_id, param)
        return found

    def invoice(self, invoice_id: str) -> Invoice:
        found = self.storage.invoice(invoice_id)
        if found is None:
            raise not_found("invoice", invoice_id, path_param="invoice_id")
        return found

    def coupon(self, coupon_id: str, param: str, currency_code: str) -> Coupon:
        coupon = self.config.catalog.coupons.get(coupon_id)
        if coupon is None:
            raise not_found("coupon", coupon_id, param)
        if coupon.currency_code not in (None, currency_code):
            raise ApiError(400, "invalid_request", f"coupon {coupon_id!r} is for {coupon.currency_code} only",
                           param=param, legacy_code="coupon_not_applicable")
        return coupon

    def price(self, kind: str, price_id: str, param: str) -> Price:
        """A plan or addon (PC1) or an item price (PC2) by id."""
        catalog = self.config.catalog
        table = {"plan": catalog.plans, "addon": catalog.addons, "item_price": catalog.item_prices}[kind]
        found = table.get(price_id)
        if found is None:
            raise not_found(kind.replace("_", " "), price_id, param)
        return found
