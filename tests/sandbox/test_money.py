"""Money: minor units per currency, pricing models and coupon discounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chargebee_conformance.sandbox import money
from chargebee_conformance.sandbox.catalog import Coupon, Tier

TIERS = (Tier(1, 10, 100), Tier(11, 20, 80), Tier(21, None, 50))


@pytest.mark.parametrize(("code", "places"), [("USD", 2), ("JPY", 0), ("BHD", 3), ("inr", 2), ("XXX", 2)])
def test_exponent_follows_iso_4217(code: str, places: int) -> None:
    assert money.exponent(code) == places


@pytest.mark.parametrize(("text", "code", "minor"), [("1.53", "USD", 153), ("1500", "JPY", 1500),
                                                     ("1.005", "USD", 101), ("0.0005", "BHD", 1)])
def test_decimal_major_units_become_minor_units_half_up(text: str, code: str, minor: int) -> None:
    value = money.parse_decimal(text)
    assert value is not None and money.to_minor(value, code) == minor


@pytest.mark.parametrize("text", ["", "-1", "1e5", "NaN", "1.", ".5", "1,5", "١٢", "1." + "0" * 10])
def test_malformed_decimals_are_not_numbers(text: str) -> None:
    assert money.parse_decimal(text) is None


def test_minor_units_print_in_major_units() -> None:
    assert (money.minor_to_decimal(153, "USD"), money.minor_to_decimal(7, "JPY")) == ("1.53", "7")


@pytest.mark.parametrize(("model", "quantity", "amount"), [
    ("flat_fee", 7, 300), ("per_unit", 7, 2100), ("package", 7, 3 * 300), ("package", 6, 2 * 300),
    ("tiered", 25, 10 * 100 + 10 * 80 + 5 * 50), ("volume", 15, 15 * 80), ("stairstep", 15, 80),
    ("volume", 0, 0),
])
def test_pricing_models(model: str, quantity: int, amount: int) -> None:
    assert money.priced(model, quantity, 300, package_size=3, tiers=TIERS) == amount


def test_request_tiers_price_by_their_own_type() -> None:
    tiers = (Tier(1, 5, 1000, "flat_fee"), Tier(6, None, 30, "package", 10))
    assert money.priced("tiered", 26, 0, tiers=tiers) == 1000 + 3 * 30  # 21 units: 3 packages of 10


def test_a_fixed_coupon_spreads_over_lines_and_never_exceeds_them() -> None:
    coupon = Coupon("c", "fixed_amount", discount_amount=500)
    assert money.discounts([300, 400], coupon) == [300, 200]
    assert money.discounts([100], coupon) == [100]


def test_a_percentage_coupon_takes_from_each_line() -> None:
    coupon = Coupon("c", "percentage", discount_percentage=Decimal("12.5"))
    assert money.discounts([1000, 5], coupon) == [125, 1]
