"""Chargebee's form encoding (docs/decisions.md F12): round trip, the vendor's conventions, blanks, malformed keys."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chargebee_conformance.spec.wire import base_name, decode, encode, from_body, scalar, split_key, to_body

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)  # digit-only names would read as indices
ZONES = st.sampled_from([UTC, ZoneInfo("Asia/Kolkata"), ZoneInfo("America/New_York"), timezone(timedelta(0))])
SCALARS = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.datetimes(timezones=ZONES),
)
OBJECTS = st.dictionaries(NAMES, SCALARS, min_size=1, max_size=4)  # the wire cannot carry an empty object
VALUES = st.one_of(
    SCALARS, OBJECTS, st.lists(SCALARS, min_size=1, max_size=4), st.lists(OBJECTS, min_size=1, max_size=4),
)
PARAMS = st.dictionaries(NAMES, VALUES, max_size=6)


def as_strings(value: Any) -> Any:
    """What the wire keeps of a value: its shape, with every leaf as the text `scalar` writes."""
    if isinstance(value, Mapping):
        return {key: as_strings(inner) for key, inner in value.items()}
    if isinstance(value, list | tuple):
        return [as_strings(item) for item in value]
    return scalar(value)


@given(PARAMS)
def test_nested_values_survive_encode_body_and_decode_as_strings(params: dict[str, Any]) -> None:
    assert decode(from_body(to_body(encode(params)))) == as_strings(params)


@given(st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8)), max_size=6))
def test_any_pairs_survive_the_body_in_order_blanks_included(pairs: list[tuple[str, str]]) -> None:
    assert from_body(to_body(pairs)) == pairs


def test_lists_of_objects_are_sent_column_by_column_with_the_index_last() -> None:
    charges = [{"amount": 100, "description": "Setup"}, {"amount": 250, "description": "Training"}]
    assert encode({"charges": charges}) == [
        ("charges[amount][0]", "100"), ("charges[amount][1]", "250"),
        ("charges[description][0]", "Setup"), ("charges[description][1]", "Training"),
    ]


def test_a_wire_name_with_a_list_gets_the_index_appended() -> None:
    assert encode({"charges[amount]": [5, 6]}) == [("charges[amount][0]", "5"), ("charges[amount][1]", "6")]


def test_lists_of_scalars_are_indexed_like_coupon_ids() -> None:
    assert encode({"coupon_ids": ["once", "twice"]}) == [
        ("coupon_ids[0]", "once"), ("coupon_ids[1]", "twice"),
    ]


def test_nested_objects_use_brackets() -> None:
    assert encode({"shipping_address": {"city": "Chennai"}}) == [("shipping_address[city]", "Chennai")]


def test_booleans_are_true_and_false() -> None:
    assert encode({"replace_primary_payment_source": True, "x": False}) == [
        ("replace_primary_payment_source", "true"), ("x", "false"),
    ]


def test_timestamps_are_utc_seconds_whatever_the_zone() -> None:
    in_utc = datetime(2026, 1, 13, 0, 0, tzinfo=UTC)
    in_kolkata = datetime(2026, 1, 13, 5, 30, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert scalar(in_utc) == scalar(in_kolkata) == "1768262400"


def test_fractions_of_a_second_round_down() -> None:
    assert scalar(datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC)) == "-1"
    assert scalar(datetime(1970, 1, 1, 0, 0, 0, 999999, tzinfo=UTC)) == "0"


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="time-zone aware"):
        scalar(datetime(2026, 1, 13))


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("1.53"), "1.53"), (Decimal("1E+2"), "100"), (Decimal("1E-7"), "0.0000001"),
    (Decimal("-0.50"), "-0.50"),
])
def test_decimals_are_plain_strings_never_exponents(value: Decimal, text: str) -> None:
    assert scalar(value) == text


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
def test_non_finite_decimals_are_refused(value: Decimal) -> None:
    with pytest.raises(ValueError, match="non-finite"):
        scalar(value)


@pytest.mark.parametrize("value", [1.5, None, b"bytes"])
def test_values_without_a_wire_form_are_refused(value: object) -> None:
    with pytest.raises(TypeError, match="cannot encode"):
        scalar(value)


def test_a_blank_value_survives_the_body() -> None:
    body = to_body(encode({"description": "", "amount": 100}))
    assert body == "description=&amount=100"
    assert from_body(body) == [("description", ""), ("amount", "100")]
    assert decode(from_body(body)) == {"description": "", "amount": "100"}


def test_a_body_with_raw_brackets_and_utf8_bytes_is_read() -> None:
    assert from_body(b"charges[amount][0]=5&charges%5Bdescription%5D%5B0%5D=caf%C3%A9+au+lait") == [
        ("charges[amount][0]", "5"), ("charges[description][0]", "café au lait"),
    ]


def test_a_list_index_orders_items_and_closes_gaps() -> None:
    assert decode([("coupon_ids[2]", "b"), ("coupon_ids[0]", "a")]) == {"coupon_ids": ["a", "b"]}


def test_the_last_of_repeated_keys_wins() -> None:
    assert decode([("amount", "1"), ("amount", "2")]) == {"amount": "2"}


@pytest.mark.parametrize("key", ["", "[0]", "a[", "a]", "a[b", "a[b]c", "a[]", "a[][0]", "a[b]]"])
def test_malformed_keys_raise_naming_the_key(key: str) -> None:
    with pytest.raises(ValueError, match="malformed form key") as raised:
        decode([(key, "x")])
    assert repr(key) in str(raised.value)


@pytest.mark.parametrize("key", ["a[b][c]", "a[0][1]", "a[b][c][0]", "a[²]x"])
def test_unsupported_or_malformed_nesting_raises_naming_the_key(key: str) -> None:
    with pytest.raises(ValueError) as raised:
        decode([(key, "x")])
    assert repr(key) in str(raised.value)


@pytest.mark.parametrize("pairs", [
    [("a", "1"), ("a[b]", "2")],
    [("a[b]", "1"), ("a", "2")],
    [("a[0]", "1"), ("a[b]", "2")],
    [("a[0]", "1"), ("a[b][0]", "2")],
    [("a[b][0]", "1"), ("a[0]", "2")],
])
def test_a_name_used_in_two_shapes_raises_naming_the_key(pairs: list[tuple[str, str]]) -> None:
    with pytest.raises(ValueError, match="uses 'a' as a") as raised:
        decode(pairs)
    assert repr(pairs[1][0]) in str(raised.value)


def test_only_ascii_digits_are_list_indices() -> None:
    assert decode([("a[١]", "x")]) == {"a": {"١": "x"}}  # an Arabic-Indic digit is a field name, not index 1


def test_split_key_and_base_name() -> None:
    assert split_key("charges[amount][0]") == ("charges", ["amount", "0"])
    assert base_name("charges[amount][3]") == ("charges[amount]", 3)
    assert base_name("shipping_address[city]") == ("shipping_address[city]", None)
    assert base_name("amount") == ("amount", None)
