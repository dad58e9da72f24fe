"""API v2 `POST /invoices/{invoice-id}/add_charge_item` (seed 003_ec38da23cb03cebb; product catalog 2.0 with
metered billing; limits from the v2 spec, docs/decisions.md F4)."""

from __future__ import annotations

from chargebee_conformance.spec.model import Kind, Resource
from chargebee_conformance.spec.operations.common import (
    APPLIES_ONLY_UNRULED,
    DECIMAL_UNRULED,
    PRICING_UNRULED,
    catalog_kind,
    pending_invoice_path,
    request_headers,
    service_period,
)
from chargebee_conformance.spec.outcomes import Binding, invalid_request
from chargebee_conformance.spec.params import OperationBuilder, only_with_setting
from chargebee_conformance.spec.settings import Catalog, Setting, needs

MULTI_DECIMAL = needs(Setting.MULTI_DECIMAL)
TIER = "item_tiers[<param name>][<idx:0..n>]: Multiple item_tiers can be passed by specifying unique indices. "

op = OperationBuilder(
    "v2.add_charge_item", 2, "POST", "/invoices/{invoice_id}/add_charge_item",
    "Add a charge-item to a pending invoice", "003_ec38da23cb03cebb.txt", idempotent=True,
    requires=needs(Setting.METERED_BILLING, catalog=Catalog.PC2), needs_pending_invoice=True,
)
op.string("item_price[item_price_id]", "item_price.item_price_id: Required. A unique ID for your system to "
          "identify the item price. (max 100)", required=True, max_length=100, refers_to=Resource.ITEM_PRICE)
op.integer("item_price[quantity]", "item_price.quantity: Item price quantity (v2 spec: min 1)", minimum=1)
op.decimal("item_price[quantity_in_decimal]", "The decimal representation of the quantity of the item purchased. "
           "Can be provided for quantity-based item prices and only when multi-decimal pricing is enabled. "
           "(max 33)", max_length=33, applies=MULTI_DECIMAL)
op.integer("item_price[unit_price]", "item_price.unit_price: The price or per-unit-price of the item price. "
           "(v2 spec: min 0)", minimum=0)
op.decimal("item_price[unit_price_in_decimal]", "The decimal representation of the price or per-unit price. "
           "The value is in major units of the currency. (max 39)", max_length=39, applies=MULTI_DECIMAL)
service_period(op, "item_price[date_from]", "item_price[date_to]", "item")
op.integer("item_tiers[starting_unit]", TIER + "The lowest value in the quantity tier. (min 1)", minimum=1,
           array=True)
op.integer("item_tiers[ending_unit]", TIER + "The highest value in the quantity tier.", array=True)
op.integer("item_tiers[price]", TIER + "The per-unit price for the tier. (min 0)", minimum=0, array=True)
op.decimal("item_tiers[starting_unit_in_decimal]", TIER + "(max 33)", max_length=33, array=True,
           applies=MULTI_DECIMAL)
op.decimal("item_tiers[ending_unit_in_decimal]", TIER + "(max 33)", max_length=33, array=True,
           applies=MULTI_DECIMAL)
op.decimal("item_tiers[price_in_decimal]", TIER + "(max 39)", max_length=39, array=True, applies=MULTI_DECIMAL)
op.enum("item_tiers[pricing_type]", ("per_unit", "flat_fee", "package"), TIER + "pricing type of the tier.",
        array=True)
op.integer("item_tiers[package_size]", TIER + "Package size for the tier when pricing type is package. (min 1)",
           minimum=1, array=True)
op.string("comment", "An internal comment to be added for this operation, to the invoice. (max 300)",
          max_length=300)
op.string("subscription_id", "Identifier of the subscription for which this addon needs to be created. "
          "Applicable for consolidated invoice. (max 50)", max_length=50, refers_to=Resource.SUBSCRIPTION,
          applies=needs(Setting.CONSOLIDATED_INVOICING))
op.rule(
    "item_tiers", "paired", Kind.PARALLEL_ARRAY, ("item_tiers[price]", "item_tiers[starting_unit]"),
    TIER + "A tier's fields share one index; a tier price with no tier at its index is orphaned.",
    invalid_request("item_tiers[price]", "item_tiers[starting_unit]", param_required=False),
    binding=Binding.SILENT,
    note="The page does not say which tier fields are mandatory: an orphaned tier is recorded, not failed.",
)
catalog_kind(op, "item_price[item_price_id]", ("charge",), "\"Adds a charge-item price to a pending invoice\": "
             "an item price whose item_type is plan or addon is not a charge-item price (A18).", "charge_item")
only_with_setting(op, "item_price[quantity_in_decimal]", Setting.MULTI_DECIMAL,
                  "item_price[quantity_in_decimal]: \"Can be provided for quantity-based item prices and only when "
                  "multi-decimal pricing is enabled.\"")
pending_invoice_path(op)

for name, quote in (
    ("item_price[quantity_in_decimal]", "The decimal representation of the quantity of the item purchased."),
    ("item_price[unit_price_in_decimal]", "The decimal representation of the price or per-unit price of the plan."),
    ("item_tiers[starting_unit_in_decimal]", "The decimal representation of the lowest value of quantity in this "
     "tier."),
    ("item_tiers[ending_unit_in_decimal]", "The decimal representation of the highest value of quantity in this "
     "tier."),
    ("item_tiers[price_in_decimal]", "The decimal representation of the per-unit price for the tier"),
):
    op.without_rule(name, quote, DECIMAL_UNRULED)
# The page's sentences are cut off in the seed; the reference dossier quotes them whole.
DOSSIER = "add_charge_item page as quoted in the reference dossier (chargebee-invoice-api.md, section 4)"
op.without_rule("item_price[quantity_in_decimal]", "Can be provided for quantity-based item prices",
                "The multi-decimal half is a rule (needs_multi_decimal); for the pricing-model half, " +
                PRICING_UNRULED)
op.without_rule("item_price[unit_price]", "only applicable when the pricing_model of the item_price is flat_fee or "
                "per_unit", PRICING_UNRULED, source=DOSSIER)
op.without_rule("item_tiers[package_size]", "Package size for the tier when pricing type is", PRICING_UNRULED)
op.without_rule(("item_tiers[ending_unit_in_decimal]", "item_tiers[starting_unit_in_decimal]"),
                "it must be equal to the starting_unit_in_decimal of the next higher tier",
                "Tier continuity is no rule: the decimal tier fields apply only with multi-decimal pricing, which "
                "no shipped product catalog 2.0 site has, and the integer tier fields state no continuity. Valid "
                "cases send contiguous tiers (strategies/lists.py); a gap is never sent.", source=DOSSIER)
op.without_rule("subscription_id", "Applicable for consolidated invoice.", APPLIES_ONLY_UNRULED + " No shipped "
                "sandbox site has consolidated invoicing either.")
request_headers(op, idempotency=True, business_entity=True)
OPERATION = op.build()
