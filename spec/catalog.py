"""The site's catalog as the suite knows it: what each id the profile names *is* on the site.

A profile names ids by role (`non_recurring_addon = ["setup-fee", "extra-seat"]`); the documented retrieve
operations (`GET /item_prices/{id}`, `/addons/{id}`, `/plans/{id}`, `/coupons/{id}`; setup reference §10) say
what each one is: its item type or charge type, pricing model, coupon duration, currency, tiers. Valid cases use
only ids of the kind a parameter takes, with the parameters their pricing model allows (docs/decisions.md A17);
invalid cases take an id of the wrong kind. Nothing here guesses: before discovery an entry knows only the kind
its role promises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from chargebee_conformance.spec.model import Resource
from chargebee_conformance.spec.settings import Catalog


@dataclass(frozen=True)
class Role:
    """A catalog role of the profile: what kind of entry it must name, and how to retrieve one."""

    name: str
    resource: Resource
    kinds: frozenset[str]  # accepted values of `kind_attribute`; empty: any
    catalog: Catalog | None = None  # the product catalog the role belongs to (None: both)
    pricing_models: frozenset[str] = frozenset()  # accepted pricing models; empty: any
    what: str = ""  # how a report names the expected kind

    @property
    def retrievable(self) -> bool:
        return self.resource in RETRIEVE


@dataclass(frozen=True)
class Retrieve:
    """A documented retrieve operation: `GET /api/v{N}/<path>/{id}` answering `{"<key>": {...}}`."""

    path: str
    key: str
    kind_attribute: str | None  # the attribute that tells the entry's kind
    versions: tuple[int, ...] = (2, 1)  # preferred API version first


RETRIEVE: Mapping[Resource, Retrieve] = {
    Resource.ITEM_PRICE: Retrieve("item_prices", "item_price", "item_type", (2,)),
    Resource.ADDON: Retrieve("addons", "addon", "charge_type"),
    Resource.PLAN: Retrieve("plans", "plan", None),
    Resource.COUPON: Retrieve("coupons", "coupon", "duration_type"),
    Resource.INVOICE: Retrieve("invoices", "invoice", "status"),
    Resource.CUSTOMER: Retrieve("customers", "customer", None),
}

TIERED = frozenset({"tiered", "volume", "stairstep"})
ROLES: Mapping[str, Role] = {role.name: role for role in (
    Role("plan", Resource.PLAN, frozenset(), Catalog.PC1, what="a plan"),
    Role("non_recurring_addon", Resource.ADDON, frozenset({"non_recurring"}), Catalog.PC1,
         what="an addon of charge_type non_recurring"),
    Role("recurring_addon", Resource.ADDON, frozenset({"recurring"}), Catalog.PC1,
         what="an addon of charge_type recurring"),
    Role("plan_item_price", Resource.ITEM_PRICE, frozenset({"plan"}), Catalog.PC2,
         what="an item price of item_type plan"),
    Role("addon_item_price", Resource.ITEM_PRICE, frozenset({"addon"}), Catalog.PC2,
         what="an item price of item_type addon"),
    Role("charge_item_price", Resource.ITEM_PRICE, frozenset({"charge"}), Catalog.PC2,
         what="an item price of item_type charge"),
    Role("tiered_item_price", Resource.ITEM_PRICE, frozenset({"charge"}), Catalog.PC2, TIERED,
         what="a charge item price priced tiered, volume or stairstep"),
    Role("one_time_coupon", Resource.COUPON, frozenset({"one_time"}), what="a coupon of duration_type one_time"),
    Role("non_one_time_coupon", Resource.COUPON, frozenset({"forever", "limited_period"}),
         what="a coupon of duration_type forever or limited_period"),
    Role("paying_customer", Resource.CUSTOMER, frozenset(), what="an existing customer with a payment method"),
    Role("pending_invoice", Resource.INVOICE, frozenset({"pending"}), what="an invoice in status pending"),
    Role("business_entity", Resource.BUSINESS_ENTITY, frozenset(), what="a business entity id"),  # no retrieve
)}
# Roles whose ids a valid case may send for a parameter referring to the resource (the rest are invalid values or
# fixtures): v1 create takes non-recurring addons, the one-time coupon is "The 'One Time' coupon to be applied",
# add_charge_item takes charge item prices.
VALID_ROLES: Mapping[Resource, tuple[str, ...]] = {
    Resource.ADDON: ("non_recurring_addon",),
    Resource.COUPON: ("one_time_coupon",),
    Resource.ITEM_PRICE: ("charge_item_price", "tiered_item_price"),
}


@dataclass(frozen=True)
class Tier:
    starting_unit: int
    ending_unit: int | None
    price: int


@dataclass(frozen=True)
class Entry:
    """One catalog id and what the site says it is (None: not known)."""

    id: str
    resource: Resource
    kind: str | None = None
    pricing_model: str | None = None
    currency_code: str | None = None
    status: str | None = None
    tiers: tuple[Tier, ...] = ()
    roles: tuple[str, ...] = ()
    discovered: bool = False  # the site answered a retrieve for it

    def merged(self, other: Entry) -> Entry:
        return replace(self, roles=tuple(dict.fromkeys((*self.roles, *other.roles))))


@dataclass(frozen=True)
class SiteCatalog:
    """The catalog entries a profile names, with what is known about each."""

    entries: tuple[Entry, ...] = ()
    _index: Mapping[tuple[Resource, str], Entry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {(e.resource, e.id): e for e in self.entries})

    def entry(self, resource: Resource, entity_id: str) -> Entry | None:
        return self._index.get((resource, entity_id))

    def of_role(self, role: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if role in e.roles)

    def ids(self, resource: Resource, roles: Iterable[str] | None = None) -> tuple[str, ...]:
        wanted = None if roles is None else set(roles)
        return tuple(e.id for e in self.entries
                     if e.resource is resource and (wanted is None or wanted & set(e.roles)))

    def pricing_model(self, resource: Resource, entity_id: str) -> str | None:
        entry = self.entry(resource, entity_id)
        return entry.pricing_model if entry else None

    def kind_of(self, resource: Resource, entity_id: str) -> str | None:
        entry = self.entry(resource, entity_id)
        return entry.kind if entry else None

    def with_entries(self, entries: Iterable[Entry]) -> SiteCatalog:
        by_key = {(e.resource, e.id): e for e in self.entries}
        for entry in entries:
            key = (entry.resource, entry.id)
            by_key[key] = entry.merged(by_key[key]) if key in by_key else entry
        return SiteCatalog(tuple(by_key.values()))


def from_roles(roles: Mapping[str, tuple[str, ...]]) -> SiteCatalog:
    """What a profile's roles alone promise: each id is of its role's kind (a single accepted kind), nothing else
    known. Discovery replaces these entries with what the site says."""
    entries: dict[tuple[Resource, str], Entry] = {}
    for role_name, ids in roles.items():
        role = ROLES[role_name]
        kind = next(iter(role.kinds)) if len(role.kinds) == 1 else None
        for entity_id in ids:
            entry = Entry(entity_id, role.resource, kind, roles=(role_name,))
            key = (role.resource, entity_id)
            entries[key] = entries[key].merged(entry) if key in entries else entry
    return SiteCatalog(tuple(entries.values()))


def entry_from_body(role: Role, entity_id: str, body: Any) -> Entry | None:
    """The entry a retrieve answered (`{"item_price": {...}}`), or None when the body is not that resource."""
    retrieve = RETRIEVE[role.resource]
    obj = body.get(retrieve.key) if isinstance(body, dict) else None
    if not isinstance(obj, dict) or obj.get("id") != entity_id:
        return None
    kind = obj.get(retrieve.kind_attribute) if retrieve.kind_attribute else None
    return Entry(
        entity_id, role.resource, kind=str(kind) if kind is not None else None,
        pricing_model=_text(obj.get("pricing_model")), currency_code=_text(obj.get("currency_code")),
        status=_text(obj.get("status")), tiers=_tiers(obj.get("tiers")), roles=(role.name,), discovered=True,
    )


def mismatch(role: Role, entry: Entry) -> str | None:
    """Why a discovered entry cannot serve its role (None: it can)."""
    if role.resource is not Resource.INVOICE and entry.status not in (None, "active"):
        return f"its status is {entry.status!r}, not active"
    if role.kinds and entry.kind not in role.kinds:
        attribute = RETRIEVE[role.resource].kind_attribute
        return f"the site says it is {attribute} {entry.kind!r}"
    if role.pricing_models and entry.pricing_model not in role.pricing_models:
        return f"the site says its pricing_model is {entry.pricing_model!r}"
    return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _tiers(value: Any) -> tuple[Tier, ...]:
    tiers = []
    for tier in value if isinstance(value, list) else ():
        if isinstance(tier, dict) and isinstance(tier.get("starting_unit"), int):
            end = tier.get("ending_unit")
            price = tier.get("price")
            tiers.append(Tier(tier["starting_unit"], end if isinstance(end, int) else None,
                              price if isinstance(price, int) else 0))
    return tuple(tiers)


def catalog_to_json(catalog: SiteCatalog) -> list[dict[str, Any]]:
    """Plain data, to hand a discovered catalog to other processes (pytest-xdist workers)."""
    return [{"id": e.id, "resource": e.resource.value, "kind": e.kind, "pricing_model": e.pricing_model,
             "currency_code": e.currency_code, "status": e.status, "roles": list(e.roles),
             "discovered": e.discovered,
             "tiers": [[t.starting_unit, t.ending_unit, t.price] for t in e.tiers]} for e in catalog.entries]


def catalog_from_json(data: list[dict[str, Any]]) -> SiteCatalog:
    return SiteCatalog(tuple(
        Entry(d["id"], Resource(d["resource"]), d["kind"], d["pricing_model"], d["currency_code"], d["status"],
              tuple(Tier(*t) for t in d["tiers"]), tuple(d["roles"]), bool(d["discovered"]))
        for d in data))
