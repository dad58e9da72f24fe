"""The sandbox's resources as stored: version-neutral records that `render` turns into v1 or v2 JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class Customer:
    id: str
    created_at: int
    auto_collection: str = "on"  # the docs' default
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    preferred_currency_code: str | None = None
    net_term_days: int = 0
    allow_direct_debit: bool = False
    taxability: str = "taxable"
    deleted: bool = False
    # Only customers of the profile's [[sandbox.customers]] have one: no operation the sandbox serves adds one.
    payment_method: str | None = None

    @property
    def pays_automatically(self) -> bool:
        """Auto collection on and something to collect with (docs/decisions.md A13)."""
        return self.auto_collection == "on" and self.payment_method is not None


@dataclass
class SubscriptionItem:
    item_price_id: str
    item_type: str
    quantity: int
    unit_price: int
    amount: int


@dataclass
class Subscription:
    id: str
    customer_id: str
    currency_code: str
    created_at: int
    plan_id: str | None = None  # PC1
    plan_quantity: int = 1
    plan_unit_price: int = 0
    addons: list[dict[str, Any]] = field(default_factory=list)  # PC1: id, quantity, unit_price, amount
    items: list[SubscriptionItem] = field(default_factory=list)  # PC2
    create_pending_invoices: bool = False
    status: str = "active"
    deleted: bool = False


@dataclass
class LineItem:
    id: str
    date_from: int
    date_to: int
    unit_amount: int
    quantity: int
    amount: int
    description: str
    entity_type: str  # adhoc | plan | addon | plan_item_price | addon_item_price | charge_item_price
    customer_id: str
    entity_id: str | None = None
    subscription_id: str | None = None
    pricing_model: str | None = None
    discount_amount: int = 0
    metered: bool = False
    line_type: str = "charge"  # v1 `type`
    amount_in_decimal: str | None = None
    unit_amount_in_decimal: str | None = None
    quantity_in_decimal: str | None = None


@dataclass
class LineDiscount:
    line_item_id: str
    coupon_id: str
    discount_amount: int


@dataclass
class Invoice:
    id: str
    seq: int
    customer_id: str
    currency_code: str
    status: str
    date: int
    created_at: int
    updated_at: int
    subscription_id: str | None = None
    recurring: bool = False
    first_invoice: bool = False
    po_number: str | None = None
    line_items: list[LineItem] = field(default_factory=list)
    line_discounts: list[LineDiscount] = field(default_factory=list)
    shipping_address: dict[str, str] | None = None
    sub_total: int = 0
    tax: int = 0
    total: int = 0
    amount_paid: int = 0
    amount_due: int = 0
    paid_at: int | None = None
    closed_at: int | None = None
    deleted: bool = False
    comments: list[str] = field(default_factory=list)
    invoice_level_discounts: bool = False  # coupon_discounts_invoice_level quirk: discounts[] only
    gross_sub_total: bool = False  # document_level_coupon quirk: sub_total before the line item discounts


def to_doc(record: Any) -> dict[str, Any]:
    return asdict(record)


def customer_from(doc: dict[str, Any]) -> Customer:
    return _build(Customer, doc)


def subscription_from(doc: dict[str, Any]) -> Subscription:
    items = [_build(SubscriptionItem, item) for item in doc.get("items", [])]
    return _build(Subscription, doc | {"items": items})


def invoice_from(doc: dict[str, Any]) -> Invoice:
    lines = [_build(LineItem, line) for line in doc.get("line_items", [])]
    discounts = [_build(LineDiscount, d) for d in doc.get("line_discounts", [])]
    return _build(Invoice, doc | {"line_items": lines, "line_discounts": discounts})


def _build(kind: type[T], doc: dict[str, Any]) -> T:
    # Attributes added in a later version of the sandbox fall back to their defaults for older database files.
    names = {f.name for f in fields(kind)}  # type: ignore[arg-type]
    return kind(**{k: v for k, v in doc.items() if k in names})
