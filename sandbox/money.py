"""Money: minor units per currency, decimal amounts, pricing models and one-time coupon discounts.

All amounts are integers in the currency's minor units ("in cents"; zero-decimal currencies such as JPY in
major units, docs/decisions.md F12). `*_in_decimal` values are strings in major units (multi-decimal pricing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from chargebee_conformance.sandbox.catalog import Coupon, Tier
from chargebee_conformance.spec.currency import minor_units
from chargebee_conformance.spec.model import ParamType
from chargebee_conformance.spec.operations import OPERATIONS

DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")  # major units, no sign, no exponent (the SDKs send str(Decimal))
MAX_DECIMAL_PLACES = 9  # more fractional digits than any currency or multi-decimal setting uses
# Longer than any decimal parameter of the model: only reachable where its max-length rule does not apply.
MAX_DECIMAL_CHARS = max(p.max_length or 0 for op in OPERATIONS for p in op.params if p.type is ParamType.DECIMAL)


exponent = minor_units  # the model's currency facts (spec/currency.py)


def parse_decimal(text: str) -> Decimal | None:
    """A non-negative decimal in major units, or None when the text is not one (or too long to be money)."""
    if len(text) > MAX_DECIMAL_CHARS or not DECIMAL.fullmatch(text):
        return None
    if len(text.partition(".")[2]) > MAX_DECIMAL_PLACES:
        return None
    return Decimal(text)


def to_minor(value: Decimal, currency_code: str) -> int:
    """Major units -> minor units, half up (1.005 USD -> 101)."""
    return int((value.scaleb(exponent(currency_code))).to_integral_value(ROUND_HALF_UP))


def minor_to_decimal(amount: int, currency_code: str) -> str:
    """Minor units -> the major-unit string `*_in_decimal` attributes carry (153 USD -> "1.53")."""
    places = exponent(currency_code)
    return str(Decimal(amount).scaleb(-places).quantize(Decimal(1).scaleb(-places)))


def times(unit: Decimal, quantity: Decimal) -> int:
    return int((unit * quantity).to_integral_value(ROUND_HALF_UP))


def priced(
    model: str, quantity: int, unit_price: int, *, package_size: int = 1, tiers: Sequence[Tier] = ()
) -> int:
    """The amount of `quantity` units under a pricing model (unit_price is ignored by tiered models)."""
    if model == "flat_fee":
        return unit_price
    if model == "per_unit":
        return unit_price * quantity
    if model == "package":
        return -(-quantity // max(package_size, 1)) * unit_price  # whole packages, rounded up
    if model == "tiered":
        return sum(_tier_amount(tier, _units_in(tier, quantity)) for tier in tiers)
    tier = _tier_of(tiers, quantity)
    if tier is None:
        return 0
    if model == "volume":
        return tier.price * quantity  # every unit at the price of the tier the quantity falls in
    if model == "stairstep":
        return tier.price  # the tier's price is the total for any quantity within it
    raise ValueError(f"unknown pricing model {model!r}")


def _units_in(tier: Tier, quantity: int) -> int:
    top = quantity if tier.ending_unit is None else min(quantity, tier.ending_unit)
    return max(0, top - tier.starting_unit + 1)


def _tier_amount(tier: Tier, units: int) -> int:
    if units == 0:
        return 0
    if tier.pricing_type == "flat_fee":
        return tier.price
    if tier.pricing_type == "package":
        return -(-units // max(tier.package_size, 1)) * tier.price
    return tier.price * units


def _tier_of(tiers: Sequence[Tier], quantity: int) -> Tier | None:
    for tier in tiers:
        if tier.starting_unit <= quantity and (tier.ending_unit is None or quantity <= tier.ending_unit):
            return tier
    return None


def discounts(amounts: Sequence[int], coupon: Coupon) -> list[int]:
    """Per-line discounts of one document-level coupon. A fixed amount is spread over the lines in order and
    never exceeds what they total; a percentage is taken from each line (half up)."""
    if coupon.discount_type == "percentage":
        rate = coupon.discount_percentage / 100
        return [min(a, int((Decimal(a) * rate).to_integral_value(ROUND_HALF_UP))) for a in amounts]
    left, result = coupon.discount_amount, []
    for amount in amounts:
        taken = max(0, min(left, amount))
        result.append(taken)
        left -= taken
    return result
