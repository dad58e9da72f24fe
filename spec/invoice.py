"""The Invoice resource as the oracle checks it: attributes, JSON types, enums and which must be present, per
API version (docs/decisions.md A12: v1 has `amount`, `start_date`, `end_date` and line items with `type`; v2 has
`total` and `date`). Written from the v1 spec's Invoice schema and the v2 SDK typings (docs/decisions.md F6);
`tests/spec/test_vendor_openapi.py` compares the v1 half with the vendor's schema where that file is present.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = {
    1: ("paid", "payment_due", "not_paid", "voided", "pending"),
    2: ("paid", "posted", "payment_due", "not_paid", "voided", "pending"),
}
PRICE_TYPES = ("tax_exclusive", "tax_inclusive")
ENTITY_TYPES = {
    1: ("plan", "addon", "adhoc"),
    2: ("adhoc", "plan_item_price", "addon_item_price", "charge_item_price", "plan_setup", "plan", "addon"),
}
LINE_TYPES_V1 = ("charge", "prorated_charge", "setup_charge")
DUNNING_STATUSES_V1 = ("in_progress", "exhausted", "stopped", "success")  # v1 spec Invoice.dunning_status


@dataclass(frozen=True)
class Attribute:
    name: str
    json_type: str  # string | integer | boolean | number | array | object
    required: bool = False
    enum: tuple[str, ...] = ()


def _attrs(
    required: str, optional: str, types: dict[str, str], enums: dict[str, tuple[str, ...]],
) -> tuple[Attribute, ...]:
    names = [(n, True) for n in required.split()] + [(n, False) for n in optional.split()]
    return tuple(Attribute(n, types.get(n, "integer"), req, enums.get(n, ())) for n, req in names)


def _named(kind: str, names: str) -> dict[str, str]:
    return dict.fromkeys(names.split(), kind)


_STRINGS = _named(
    "string",
    "id customer_id subscription_id status po_number vat_number price_type currency_code dunning_status "
    "description entity_type entity_id type pricing_model reference_line_item_id business_entity_id "
    "amount_in_decimal unit_amount_in_decimal quantity_in_decimal tax_exempt_reason entity_description",
)
_BOOLEANS = _named(
    "boolean",
    "recurring first_invoice is_taxed term_finalized is_gifted deleted has_advance_charges metered",
)
_ARRAYS = _named(
    "array",
    "line_items discounts taxes linked_transactions linked_payments linked_orders notes line_item_discounts "
    "line_item_taxes applied_credits adjustment_credit_notes issued_credit_notes",
)
_OBJECTS = _ARRAYS | {"shipping_address": "object", "billing_address": "object", "tax_rate": "number",
                      "exchange_rate": "number"}
TYPES = _STRINGS | _BOOLEANS | _OBJECTS

INVOICE = {
    1: _attrs(
        "currency_code customer_id id price_type recurring start_date status sub_total tax",
        "subscription_id end_date po_number vat_number amount amount_due amount_adjusted amount_paid "
        "paid_on credits_applied dunning_status next_retry first_invoice line_items discounts taxes "
        "linked_transactions linked_orders notes shipping_address billing_address",
        TYPES,
        {"status": STATUSES[1], "price_type": PRICE_TYPES, "dunning_status": DUNNING_STATUSES_V1},
    ),
    # v2: the attributes both the v1 schema and the SDK mark non-optional, plus the v2 amounts as optional.
    2: _attrs(
        "id customer_id recurring status price_type currency_code tax sub_total",
        "subscription_id date due_date net_term_days po_number vat_number exchange_rate total amount_paid "
        "amount_adjusted write_off_amount credits_applied amount_due paid_at generated_at updated_at "
        "resource_version first_invoice has_advance_charges term_finalized is_gifted deleted "
        "business_entity_id round_off_amount line_items line_item_discounts line_item_taxes discounts taxes "
        "linked_payments applied_credits adjustment_credit_notes issued_credit_notes notes shipping_address "
        "billing_address",
        TYPES,
        {"status": STATUSES[2], "price_type": PRICE_TYPES},
    ),
}
LINE_ITEM = {
    # The v1 spec's line item has no `id`. Its `subscription_id` is not in the line item schema either, but
    # the spec's Invoice.subscription_id tells consolidated-invoicing users to read the line items'
    # subscription_id, so that attribute stays, optional (allow-listed in tests/spec/test_vendor_openapi.py).
    1: _attrs(
        "date_from date_to description entity_type is_taxed type unit_amount",
        "subscription_id quantity amount tax tax_rate reference_line_item_id entity_id",
        TYPES,
        {"type": LINE_TYPES_V1, "entity_type": ENTITY_TYPES[1]},
    ),
    2: _attrs(
        "date_from date_to unit_amount is_taxed description entity_type",
        "id subscription_id quantity amount pricing_model tax_amount tax_rate unit_amount_in_decimal "
        "quantity_in_decimal amount_in_decimal discount_amount item_level_discount_amount metered "
        "entity_description entity_id tax_exempt_reason",
        TYPES | {"tax_amount": "integer", "discount_amount": "integer"},
        {"entity_type": ENTITY_TYPES[2]},
    ),
}
ADDRESS_FIELDS = ("first_name", "last_name", "email", "company", "phone", "line1", "line2", "line3", "city",
                  "state_code", "state", "country", "zip")
