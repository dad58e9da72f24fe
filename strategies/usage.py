"""How a real site expects parameters to be used, beyond the rules the model states.

The model says what is *wrong*; a valid case must also be *right* on a real Chargebee site: ids that exist,
codes that are codes, no payment plumbing the test site lacks. This module holds that knowledge as data, keyed
by wire name; limits stay in `spec/`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from chargebee_conformance.spec.model import Param, ParamType
from chargebee_conformance.spec.settings import Requires, Setting, needs


class Family(StrEnum):
    """The shape of a parameter's values, which decides both its valid and its too-long values."""

    TEXT = "text"  # free text: any printable BMP character, multi-byte included
    ID = "id"  # an identifier: ASCII
    EMAIL = "email"
    PHONE = "phone"
    CODE = "code"  # a code from a fixed vocabulary (ISO, tax, address codes): ASCII
    DECIMAL = "decimal"
    TOKEN = "token"  # an opaque ASCII key (idempotency)
    HEADER_TEXT = "header_text"  # free text in a header: ASCII only


FAMILIES: Mapping[str, Family] = {
    "shipping_address[email]": Family.EMAIL,
    "chargebee-request-origin-user": Family.EMAIL,
    "shipping_address[phone]": Family.PHONE,
    "currency_code": Family.CODE,
    "hsn_code": Family.CODE,
    "avalara_tax_code": Family.CODE,
    "taxjar_product_code": Family.CODE,
    "shipping_address[country]": Family.CODE,
    "shipping_address[state_code]": Family.CODE,
    "shipping_address[zip]": Family.CODE,
    "shipping_address[state]": Family.CODE,
    "payment_source_id": Family.ID,
    "payment_intent[id]": Family.ID,
    "payment_intent[gateway_account_id]": Family.ID,
    "payment_intent[gw_token]": Family.TOKEN,
    "payment_intent[reference_id]": Family.TOKEN,
    "chargebee-idempotency-key": Family.TOKEN,
    "chargebee-business-entity-id": Family.ID,
}

# Never sent by a valid case, and why.
NEVER_VALID: Mapping[str, str] = {
    "payment_source_id": "the test customers carry no payment source",
    "payment_intent": "3DS payment intents need a gateway the test site lacks",
    "tax_providers_fields": "tax-provider fields need a tax provider integration",
    "chargebee-idempotency-key": "the idempotency properties send their own keys; a key reused with another "
    "payload is a 422",
    "item_price[quantity_in_decimal]": "the integer quantity covers the valid side (both: undocumented)",
    "item_price[unit_price_in_decimal]": "the integer unit_price covers the valid side",
}
# Parameters sent only with customer_id (the docs tie them to a customer; see also REQUIRES_PARAM rules).
CUSTOMER_ONLY = frozenset({"coupon", "coupon_ids", "currency_code"})
# Exactly one of each pair is sent; the second only where the profile offers it (docs/decisions.md A5).
ALTERNATIVES: tuple[tuple[str, str], ...] = (("amount", "amount_in_decimal"),)
# Sent by every valid case that has them, although the docs mark them optional ("include amount").
ALWAYS_SENT = frozenset({"amount"})
# Booleans whose only valid value here is false (true would swap the customer's payment method).
FALSE_ONLY = frozenset({"replace_primary_payment_source"})
# Rows per list parameter in a valid case: (fewest, most).
ROWS: Mapping[str, tuple[int, int]] = {"charges": (1, 3), "addons": (0, 1), "coupon_ids": (0, 1)}
# A stricter condition than the parameter's `applies` for sending it in a valid case (hsn_code: "Applicable
# when both the conditions are true: India ... The AvaTax for Sales integration has been enabled").
SEND_ONLY_WITH: Mapping[str, Requires] = {
    "hsn_code": needs(Setting.INDIA_TAX_REGION, Setting.AVATAX_SALES),
    "currency_code": needs(Setting.MULTICURRENCY),  # "required if Multicurrency is enabled"
}
# Sent only when the profile's test customer has a payment method (they steer a payment the site can make).
PAYMENT_ONLY = frozenset({"payment_initiator"})
TAX_CODES: Mapping[str, tuple[str, ...]] = {
    "hsn_code": ("998314", "8471", "85176290"),
    "avalara_tax_code": ("P0000000", "SW054000", "PC040100"),
    "taxjar_product_code": ("31000", "20010", "81162000"),
}
# Consistent address codes (chromium-i18n postal rules): country, state_code, state, zip.
LOCALES: tuple[Mapping[str, str], ...] = tuple(
    {f"shipping_address[{field}]": value for field, value in locale.items()} for locale in (
        {"country": "US", "state_code": "CA", "zip": "94105"},
        {"country": "IN", "state_code": "TN", "zip": "600001"},
        {"country": "DE", "state": "Berlin", "zip": "10115"},
    )
)
ADDRESS_PREFIX = "shipping_address["
DEVICES = ("Android", "iPhone 15", "web", "desktop-macos")
# RFC 5737 documentation networks: well-formed public addresses that are never routed.
DOCUMENTATION_NETWORKS = ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")
ORIGIN_EMAIL_LOCALS = ("jane.doe", "josé.müller", "漢字.user")


def family(param: Param) -> Family | None:
    """The family of a string-like parameter (None for integers, timestamps, booleans and enums)."""
    if param.name in FAMILIES:
        return FAMILIES[param.name]
    if param.refers_to is not None:
        return Family.ID
    if param.type is ParamType.DECIMAL:
        return Family.DECIMAL
    if param.type is ParamType.STRING:
        return Family.HEADER_TEXT if param.location.value == "header" else Family.TEXT
    return None


def never_valid(name: str) -> str | None:
    """Why a valid case never sends this parameter, or None."""
    return NEVER_VALID.get(name) or NEVER_VALID.get(group_of(name))


def group_of(name: str) -> str:
    """The list a list parameter belongs to: `charges[amount]` -> `charges`, `coupon_ids` -> `coupon_ids`."""
    return name.split("[", 1)[0]
