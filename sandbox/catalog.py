"""The site's product catalog and API keys, read from a profile's `[sandbox]` section.

```toml
[sandbox]
api_keys = ["test_..."]
[[sandbox.plans]]        # PC1: id, price, currency_code, optional pricing_model (default flat_fee)
[[sandbox.addons]]       # PC1: id, type (recurring | non_recurring), pricing_model, price, currency_code
[[sandbox.item_prices]]  # PC2: id, item_type (plan | addon | charge), pricing_model, price, currency_code,
                         #      optional package_size, tiers = [{starting_unit, ending_unit?, price}], metered
[[sandbox.coupons]]      # id, duration_type (one_time | forever | limited_period), discount_type (fixed_amount |
                         #      percentage), discount_amount or discount_percentage, optional currency_code
[[sandbox.customers]]    # customers that exist before any request: id, auto_collection (on | off), optional
                         #      payment_method (card | direct_debit | ...), first_name, last_name, email, company,
                         #      preferred_currency_code
```

Every plan, addon, item price and coupon also takes an optional `status` (default active), which the retrieve
operations report (setup reference §10: only active entries are usable).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from chargebee_conformance.spec.profile import ProfileError, SiteProfile

PRICING_MODELS = ("flat_fee", "per_unit", "package", "tiered", "volume", "stairstep")
DURATION_TYPES = ("one_time", "forever", "limited_period")
STATUSES = ("active", "archived", "deleted")
CUSTOMER_TEXT = ("first_name", "last_name", "email", "company", "preferred_currency_code")
TIERED_MODELS = frozenset({"tiered", "volume", "stairstep"})
TIER_PRICING_TYPES = ("per_unit", "flat_fee", "package")


@dataclass(frozen=True)
class Tier:
    starting_unit: int
    ending_unit: int | None  # None: no upper end (the highest tier)
    price: int  # minor units: per unit (tiered/volume), the tier's total (stairstep), or per package
    pricing_type: str = "per_unit"  # how a tier of an add_charge_item request prices its units
    package_size: int = 1


@dataclass(frozen=True)
class Price:
    """A plan, an addon (PC1) or an item price (PC2)."""

    id: str
    kind: str  # plan | addon | charge
    pricing_model: str
    price: int  # minor units
    currency_code: str
    recurring: bool = True
    package_size: int = 1
    tiers: tuple[Tier, ...] = ()
    metered: bool = False
    status: str = "active"

    @property
    def charge_type(self) -> str:
        """An addon's kind as the retrieve operation names it."""
        return "recurring" if self.recurring else "non_recurring"


@dataclass(frozen=True)
class Coupon:
    id: str
    discount_type: str  # fixed_amount | percentage
    duration_type: str = "one_time"
    discount_amount: int = 0  # minor units, fixed_amount
    discount_percentage: Decimal = Decimal(0)
    currency_code: str | None = None  # a fixed-amount coupon of one currency only
    status: str = "active"


@dataclass(frozen=True)
class CustomerSeed:
    """A customer that exists before any request (`[[sandbox.customers]]`): the only kind that can have a
    payment method, since the API calls the sandbox serves cannot add one (docs/decisions.md A13)."""

    id: str
    auto_collection: str = "off"
    payment_method: str | None = None  # its type (card, direct_debit, ...); None: no payment method
    details: Mapping[str, str] = field(default_factory=dict)  # CUSTOMER_TEXT attributes


@dataclass(frozen=True)
class Catalog:
    plans: Mapping[str, Price] = field(default_factory=dict)
    addons: Mapping[str, Price] = field(default_factory=dict)
    item_prices: Mapping[str, Price] = field(default_factory=dict)
    coupons: Mapping[str, Coupon] = field(default_factory=dict)
    customers: Mapping[str, CustomerSeed] = field(default_factory=dict)
    api_keys: tuple[str, ...] = ()


def load_catalog(profile: SiteProfile) -> Catalog:
    """The `[sandbox]` section as a Catalog; ProfileError names the entry at fault."""
    raw = profile.sandbox
    known = {"api_keys", "plans", "addons", "item_prices", "coupons", "customers"}
    unknown = set(raw) - known
    if unknown:
        raise ProfileError(f"[sandbox] unknown key(s) {', '.join(sorted(unknown))}; "
                           f"known: {', '.join(sorted(known))}")
    keys = raw.get("api_keys", [])
    if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
        raise ProfileError("[sandbox] api_keys must be a list of non-empty strings")
    base = profile.base_currency
    return Catalog(
        plans=_index(raw, "plans", lambda e: _price(e, "plan", base, recurring=True)),
        addons=_index(raw, "addons", lambda e: _price(e, "addon", base, recurring=_addon_recurring(e))),
        item_prices=_index(raw, "item_prices",
                           lambda e: _price(e, _item_type(e), base, recurring=_item_type(e) != "charge")),
        coupons=_index(raw, "coupons", _coupon),
        customers=_index(raw, "customers", _customer),
        api_keys=tuple(keys),
    )


def _index(raw: Mapping[str, Any], name: str, parse: Any) -> dict[str, Any]:
    entries = raw.get(name, [])
    if not isinstance(entries, list):
        raise ProfileError(f"[sandbox] {name} must be an array of tables ([[sandbox.{name}]])")
    result: dict[str, Any] = {}
    for position, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str) or not entry["id"]:
            raise ProfileError(f"[[sandbox.{name}]] entry {position + 1} needs a string id")
        try:
            result[entry["id"]] = parse(entry)
        except ProfileError as error:
            raise ProfileError(f"[[sandbox.{name}]] {entry['id']}: {error}") from None
    return result


def _addon_recurring(entry: Mapping[str, Any]) -> bool:
    kind = entry.get("type", "non_recurring")
    if kind not in ("recurring", "non_recurring"):
        raise ProfileError(f"type must be recurring or non_recurring, got {kind!r}")
    return bool(kind == "recurring")


def _item_type(entry: Mapping[str, Any]) -> str:
    kind = entry.get("item_type", "charge")
    if kind not in ("plan", "addon", "charge"):
        raise ProfileError(f"item_type must be plan, addon or charge, got {kind!r}")
    return str(kind)


def _price(entry: Mapping[str, Any], kind: str, base_currency: str, *, recurring: bool) -> Price:
    model = entry.get("pricing_model", "flat_fee")
    if model not in PRICING_MODELS:
        raise ProfileError(f"pricing_model must be one of {', '.join(PRICING_MODELS)}, got {model!r}")
    tiers = _tiers(entry.get("tiers", []))
    if model in TIERED_MODELS and not tiers:
        raise ProfileError(f"a {model} price needs tiers")
    return Price(
        id=entry["id"], kind=kind, pricing_model=model, price=_int(entry, "price", 0, minimum=0),
        currency_code=str(entry.get("currency_code", base_currency)), recurring=recurring,
        package_size=_int(entry, "package_size", 1, minimum=1), tiers=tiers,
        metered=bool(entry.get("metered")), status=_choice(entry, "status", STATUSES, "active"),
    )


def _tiers(raw: Any) -> tuple[Tier, ...]:
    if not isinstance(raw, Sequence) or not all(isinstance(t, Mapping) for t in raw):
        raise ProfileError("tiers must be an array of inline tables")
    tiers = []
    for tier in raw:
        ending = tier.get("ending_unit")
        if ending is not None and not isinstance(ending, int):
            raise ProfileError(f"ending_unit must be an integer, got {ending!r}")
        start, price = _int(tier, "starting_unit", 1, minimum=1), _int(tier, "price", 0, minimum=0)
        tiers.append(Tier(start, ending, price))
    return tuple(tiers)


def _coupon(entry: Mapping[str, Any]) -> Coupon:
    kind = entry.get("discount_type", "fixed_amount")
    if kind not in ("fixed_amount", "percentage"):
        raise ProfileError(f"discount_type must be fixed_amount or percentage, got {kind!r}")
    try:
        percentage = Decimal(str(entry.get("discount_percentage", 0)))
    except InvalidOperation:
        wrong = entry["discount_percentage"]
        raise ProfileError(f"discount_percentage must be a number, got {wrong!r}") from None
    if not 0 <= percentage <= 100:
        raise ProfileError(f"discount_percentage must lie between 0 and 100, got {percentage}")
    currency = entry.get("currency_code")
    return Coupon(
        id=entry["id"], discount_type=str(kind), duration_type=_choice(entry, "duration_type", DURATION_TYPES,
                                                                       "one_time"),
        discount_amount=_int(entry, "discount_amount", 0, minimum=0), discount_percentage=percentage,
        currency_code=str(currency) if currency else None, status=_choice(entry, "status", STATUSES, "active"),
    )


def _customer(entry: Mapping[str, Any]) -> CustomerSeed:
    method = entry.get("payment_method")
    if method is not None and (not isinstance(method, str) or not method):
        raise ProfileError(f"payment_method must be a payment method type such as \"card\", got {method!r}")
    unknown = set(entry) - {"id", "auto_collection", "payment_method", *CUSTOMER_TEXT}
    if unknown:
        raise ProfileError(f"unknown key(s) {', '.join(sorted(unknown))}; known: id, auto_collection, "
                           f"payment_method, {', '.join(CUSTOMER_TEXT)}")
    details = {key: str(entry[key]) for key in CUSTOMER_TEXT if entry.get(key)}
    return CustomerSeed(entry["id"], _choice(entry, "auto_collection", ("on", "off"), "off"), method, details)


def _choice(entry: Mapping[str, Any], key: str, values: tuple[str, ...], default: str) -> str:
    value = entry.get(key, default)
    if value not in values:
        raise ProfileError(f"{key} must be one of {', '.join(values)}, got {value!r}")
    return str(value)


def _int(entry: Mapping[str, Any], key: str, default: int, *, minimum: int) -> int:
    value = entry.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ProfileError(f"{key} must be an integer >= {minimum}, got {value!r}")
    return value
