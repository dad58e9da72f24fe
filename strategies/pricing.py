"""Which parameters an addon's or item price's pricing model allows (docs/decisions.md A17).

`item_tiers` only with a tiered, volume or stairstep item price; `item_tiers[package_size]` only in a tier whose
`pricing_type` is package; `unit_price` only with flat_fee or per_unit; a quantity never with flat_fee. This
holds for valid, boundary and invalid cases alike: a case that breaks one rule must not also break these, or a
real site refusing it would be blamed on the wrong rule. Pricing models come from the site (catalog discovery);
an id whose model is unknown never carries a parameter that depends on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chargebee_conformance.spec.catalog import TIERED
from chargebee_conformance.spec.model import Resource
from chargebee_conformance.spec.world import World

# "Applicable for addons with pricing_model other than flat_fee"; item_price.quantity likewise.
QUANTITY_PRICING = frozenset({"per_unit", "tiered", "volume", "stairstep", "package"})
# item_price.unit_price: "only applicable when the pricing_model of the item_price is flat_fee or per_unit".
UNIT_PRICE_PRICING = frozenset({"flat_fee", "per_unit"})
TIERS = "item_tiers"


@dataclass(frozen=True)
class PricedBy:
    """A parameter that only applies to an entity priced one of `models`, named by `id_column` in its row."""

    resource: Resource
    id_column: str
    models: frozenset[str]
    same_row: Mapping[str, str] = field(default_factory=dict)  # values the row must also carry

    def describe(self) -> str:
        return f"{self.resource.value} priced {' / '.join(sorted(self.models))}"


ITEM_PRICE_ID = "item_price[item_price_id]"
PRICED: Mapping[str, PricedBy] = {
    "addons[quantity]": PricedBy(Resource.ADDON, "addons[id]", QUANTITY_PRICING),
    "item_price[quantity]": PricedBy(Resource.ITEM_PRICE, ITEM_PRICE_ID, QUANTITY_PRICING),
    "item_price[quantity_in_decimal]": PricedBy(Resource.ITEM_PRICE, ITEM_PRICE_ID, QUANTITY_PRICING),
    "item_price[unit_price]": PricedBy(Resource.ITEM_PRICE, ITEM_PRICE_ID, UNIT_PRICE_PRICING),
    "item_price[unit_price_in_decimal]": PricedBy(Resource.ITEM_PRICE, ITEM_PRICE_ID, UNIT_PRICE_PRICING),
    **{f"{TIERS}[{column}]": PricedBy(Resource.ITEM_PRICE, ITEM_PRICE_ID, TIERED) for column in (
        "starting_unit", "ending_unit", "price", "starting_unit_in_decimal", "ending_unit_in_decimal",
        "price_in_decimal", "pricing_type")},
    f"{TIERS}[package_size]": PricedBy(Resource.ITEM_PRICE, ITEM_PRICE_ID, TIERED,
                                       {f"{TIERS}[pricing_type]": "package"}),
}


def priced_by(name: str) -> PricedBy | None:
    return PRICED.get(name)


def allowed(world: World, name: str, entity_id: str) -> bool:
    """Whether `name` may be sent beside the entity `entity_id` (True for parameters no pricing model governs)."""
    rule = PRICED.get(name)
    if rule is None:
        return True
    return world.profile.site_catalog.pricing_model(rule.resource, entity_id) in rule.models


def fitting_ids(world: World, name: str) -> tuple[str, ...]:
    """The ids a valid case may name that allow `name`, in the world's order."""
    rule = PRICED.get(name)
    if rule is None:
        return ()
    return tuple(i for i in world.known(rule.resource) if allowed(world, name, i))


def companions(world: World, name: str) -> dict[str, str] | None:
    """Values that make sending `name` right: the id of an entity whose pricing allows it (and what its row must
    carry). {} when nothing governs `name`; None when the world names no such entity."""
    rule = PRICED.get(name)
    if rule is None:
        return {}
    ids = fitting_ids(world, name)
    if not ids:
        return None
    return {rule.id_column: ids[0], **rule.same_row}


def missing_reason(world: World, name: str) -> str | None:
    """Why `name` cannot be sent rightly on this world (None: it can)."""
    rule = PRICED.get(name)
    if rule is None or fitting_ids(world, name):
        return None
    return f"{name} needs an {rule.describe()}, and the profile's catalog (as the site describes it) has none"
