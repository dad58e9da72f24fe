"""The documented retrieve operations for catalog entries (setup reference §10): item prices (product catalog
2.0), addons and plans (1.0), coupons (both). The suite reads them to learn item types, charge types, pricing
models and coupon durations instead of guessing (docs/decisions.md A17).

An unknown id is 404 resource_not_found (no `param`: the id is in the URL path). Asking a site of the other
product catalog is 400 configuration_incompatible, as for the catalog's subscription operations.
"""

from __future__ import annotations

from typing import Any

from chargebee_conformance.sandbox.call import Call
from chargebee_conformance.sandbox.catalog import TIERED_MODELS, Coupon, Price
from chargebee_conformance.sandbox.errors import ApiError, not_found
from chargebee_conformance.sandbox.service import Sandbox


def retrieve_item_price(sb: Sandbox, call: Call) -> dict[str, Any]:
    _needs_catalog(sb, pc1=False, what="item prices")
    return {"item_price": item_price(_entry(sb, "item_price", call.path["item_price_id"]))}


def retrieve_addon(sb: Sandbox, call: Call) -> dict[str, Any]:
    _needs_catalog(sb, pc1=True, what="addons")
    return {"addon": addon(_entry(sb, "addon", call.path["addon_id"]))}


def retrieve_plan(sb: Sandbox, call: Call) -> dict[str, Any]:
    _needs_catalog(sb, pc1=True, what="plans")
    return {"plan": plan(_entry(sb, "plan", call.path["plan_id"]))}


def retrieve_coupon(sb: Sandbox, call: Call) -> dict[str, Any]:
    found = sb.config.catalog.coupons.get(call.path["coupon_id"])
    if found is None:
        raise not_found("coupon", call.path["coupon_id"], path_param="coupon_id")
    return {"coupon": coupon(found)}


def item_price(price: Price) -> dict[str, Any]:
    body = {"id": price.id, "name": price.id, "item_id": price.id, "item_type": price.kind} | _priced(price)
    if price.metered:
        body["metered"] = True
    body["object"] = "item_price"
    return body


def addon(price: Price) -> dict[str, Any]:
    body = {"id": price.id, "name": price.id, "charge_type": price.charge_type} | _priced(price)
    if price.recurring:
        body |= {"period": 1, "period_unit": "month"}
    body["object"] = "addon"
    return body


def plan(price: Price) -> dict[str, Any]:
    return {"id": price.id, "name": price.id, "period": 1, "period_unit": "month"} | _priced(price) | {
        "object": "plan"}


def coupon(entry: Coupon) -> dict[str, Any]:
    body: dict[str, Any] = {"id": entry.id, "name": entry.id, "discount_type": entry.discount_type,
                            "duration_type": entry.duration_type, "status": entry.status,
                            "apply_on": "invoice_amount"}
    if entry.discount_type == "percentage":
        body["discount_percentage"] = float(entry.discount_percentage)
    else:
        body["discount_amount"] = entry.discount_amount
    if entry.currency_code is not None:
        body["currency_code"] = entry.currency_code
    body["object"] = "coupon"
    return body


def _priced(price: Price) -> dict[str, Any]:
    """Pricing attributes: a price for flat_fee / per_unit / package (and package_size), tiers otherwise."""
    body: dict[str, Any] = {"pricing_model": price.pricing_model, "currency_code": price.currency_code,
                            "status": price.status}
    if price.pricing_model in TIERED_MODELS:
        body["tiers"] = [{"starting_unit": tier.starting_unit, "price": tier.price}
                         | ({} if tier.ending_unit is None else {"ending_unit": tier.ending_unit})
                         for tier in price.tiers]
    else:
        body["price"] = price.price
    if price.pricing_model == "package":
        body["package_size"] = price.package_size
    return body


def _entry(sb: Sandbox, kind: str, entry_id: str) -> Price:
    catalog = sb.config.catalog
    table = {"plan": catalog.plans, "addon": catalog.addons, "item_price": catalog.item_prices}[kind]
    found = table.get(entry_id)
    if found is None:
        raise not_found(kind.replace("_", " "), entry_id, path_param=f"{kind}_id")
    return found


def _needs_catalog(sb: Sandbox, *, pc1: bool, what: str) -> None:
    if sb.pc1 != pc1:
        raise ApiError(400, "configuration_incompatible", f"{what} are not available on a product catalog "
                       f"{sb.profile.product_catalog.value} site")
