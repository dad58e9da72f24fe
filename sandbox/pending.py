"""Pending invoices: add a one-time charge (v1, v2), add a charge-item price (v2), close (v1 collect, v2 close).

"Adds a one-time charge to a pending invoice ... It appears in the invoice as a line_item of entity_type
adhoc"; the invoice "stays pending until it is closed", and closing settles it by the customer's auto
collection.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chargebee_conformance.sandbox import billing, money, render
from chargebee_conformance.sandbox.call import Call
from chargebee_conformance.sandbox.catalog import TIER_PRICING_TYPES, TIERED_MODELS, Price, Tier
from chargebee_conformance.sandbox.errors import ApiError, invalid_state
from chargebee_conformance.sandbox.records import Invoice, LineItem
from chargebee_conformance.sandbox.service import Sandbox
from chargebee_conformance.spec.settings import Setting

TIER_FIELDS = ("starting_unit", "ending_unit", "price", "pricing_type", "package_size")


def v1_add_charge(sb: Sandbox, call: Call) -> dict[str, Any]:
    sb.validators["v1.add_charge"].check(call.form, call.headers, call.path, call.now)
    invoice = sb.invoice(call.path["invoice_id"])
    line = billing.new_line(sb.storage, invoice, amount=call.integer("amount") or 0,
                            description=call.form.get("description", ""))
    _append(invoice, line, call)
    if not sb.config.faults.on("add_charge_line_not_saved"):
        sb.storage.save_invoice(invoice)
    return {"invoice": render.invoice(invoice, 1)}


def v2_add_charge(sb: Sandbox, call: Call) -> dict[str, Any]:
    sb.validators["v2.add_charge"].check(call.form, call.headers, call.path, call.now)
    invoice = sb.invoice(call.path["invoice_id"])
    line = billing.new_line(sb.storage, invoice, amount=call.integer("amount") or 0,
                            description=call.form.get("description", ""),
                            date_from=call.integer("line_item[date_from]"),
                            date_to=call.integer("line_item[date_to]"))
    _append(invoice, line, call)
    if sb.config.faults.on("sub_total_not_sum"):
        invoice.sub_total += 1
        invoice.total = invoice.sub_total + invoice.tax
        invoice.amount_due = invoice.total - invoice.amount_paid
    sb.storage.save_invoice(invoice)
    return {"invoice": render.invoice(invoice, 2)}


def v2_add_charge_item(sb: Sandbox, call: Call) -> dict[str, Any]:
    sb.validators["v2.add_charge_item"].check(call.form, call.headers, call.path, call.now)
    invoice = sb.invoice(call.path["invoice_id"])
    param = "item_price[item_price_id]"
    price = sb.price("item_price", call.form[param], param)  # a charge item price: the model's catalog-kind rule
    if sb.config.quirks.on("tiers_refused_on_per_unit") and price.pricing_model not in TIERED_MODELS:
        _refuse_tiers(call, price)
    if price.currency_code != invoice.currency_code:
        raise ApiError(400, "invalid_request", f"{param} : {price.id!r} is priced in {price.currency_code}, "
                       f"the invoice in {invoice.currency_code}", param=param)
    line = _charge_item_line(sb, call, invoice, price)
    if sb.config.faults.on("charge_item_wrong_entity_type"):
        line.entity_type, line.entity_id = "adhoc", None
    _append(invoice, line, call)
    sb.storage.save_invoice(invoice)
    return {"invoice": render.invoice(invoice, 2)}


def close(sb: Sandbox, call: Call) -> dict[str, Any]:
    """v1 `POST /invoices/{id}/collect`, v2 `POST /invoices/{id}/close`: pending -> paid / payment_due. The
    optional v2 parameters (comment, invoice_note, invoice_date, ...) are accepted and not modelled."""
    invoice = sb.invoice(call.path["invoice_id"])
    if invoice.status != "pending":
        raise invalid_state(f"invoice {invoice.id!r} is {invoice.status}, not pending")
    if not invoice.line_items:
        # "Only invoices with at least one line item can be closed" (v1 spec).
        raise ApiError(400, "invalid_request", f"invoice {invoice.id!r} has no line items to close")
    billing.settle(invoice, sb.storage.customer(invoice.customer_id), call.timestamp,
                   zero_paid=sb.config.quirks.on("zero_total_paid"))
    invoice.closed_at = call.timestamp
    sb.storage.save_invoice(invoice)
    return {"invoice": render.invoice(invoice, call.api_version)}


def _append(invoice: Invoice, line: LineItem, call: Call) -> None:
    invoice.line_items.append(line)
    if comment := call.text("comment"):
        invoice.comments.append(comment)
    billing.recompute(invoice)
    invoice.updated_at = call.timestamp


def _charge_item_line(sb: Sandbox, call: Call, invoice: Invoice, price: Price) -> LineItem:
    multi_decimal = sb.profile.has(Setting.MULTI_DECIMAL)
    quantity = 1 if price.pricing_model == "flat_fee" else call.integer("item_price[quantity]") or 1
    exact_quantity = call.decimal("item_price[quantity_in_decimal]") if multi_decimal else None
    faults = sb.config.faults
    unit = _unit_price(call, price, invoice.currency_code, multi_decimal,
                       overridable=not faults.on("unit_price_ignored"))
    if faults.on("line_amount_ignores_quantity") and price.pricing_model == "per_unit":
        amount = money.times(unit, Decimal(1))
    elif exact_quantity is not None and price.pricing_model == "per_unit":
        amount = money.times(unit, exact_quantity)
    elif price.pricing_model in TIERED_MODELS:
        amount = money.priced(price.pricing_model, quantity, 0, tiers=_tiers(call) or price.tiers)
    else:
        amount = money.priced(price.pricing_model, quantity, money.times(unit, Decimal(1)),
                              package_size=price.package_size)
    tiered = price.pricing_model in TIERED_MODELS
    line = billing.new_line(
        sb.storage, invoice, amount=amount, description=price.id, entity_type="charge_item_price",
        entity_id=price.id, quantity=quantity, pricing_model=price.pricing_model, metered=price.metered,
        unit_amount=amount // quantity if tiered else money.times(unit, Decimal(1)),
        date_from=call.integer("item_price[date_from]"), date_to=call.integer("item_price[date_to]"),
    )
    if multi_decimal:
        line.amount_in_decimal = money.minor_to_decimal(amount, invoice.currency_code)
        line.quantity_in_decimal = None if exact_quantity is None else str(exact_quantity)
    return line


def _unit_price(call: Call, price: Price, currency: str, multi_decimal: bool, *, overridable: bool = True,
                ) -> Decimal:
    """The catalog price, or the request's override: "unit_price ... only applicable when the pricing_model of
    the item_price is flat_fee or per_unit" (ignored for other models; always with unit_price_ignored)."""
    if price.pricing_model not in ("flat_fee", "per_unit") or not overridable:
        return Decimal(price.price)
    exact = call.decimal("item_price[unit_price_in_decimal]") if multi_decimal else None
    if exact is not None:
        return exact.scaleb(money.exponent(currency))
    override = call.integer("item_price[unit_price]")
    return Decimal(price.price if override is None else override)


def _refuse_tiers(call: Call, price: Price) -> None:
    """tiers_refused_on_per_unit: tiers sent for an item price that has none (A17) are refused, not ignored."""
    sent = next((key for key in call.form if key.startswith("item_tiers[")), None)
    if sent is not None:
        raise ApiError(400, "invalid_request", f"{sent} : item_tiers cannot be given for the "
                       f"{price.pricing_model} item price {price.id!r}", param=sent)


def _tiers(call: Call) -> tuple[Tier, ...]:
    """The request's item_tiers[...][i], by index. Which tier fields are mandatory is undocumented: a missing
    starting unit follows the previous tier, a missing ending unit leaves the tier open, a missing price is 0
    (its documented default), an unknown pricing type (a near miss, docs/decisions.md A8) counts as per_unit."""
    indices = sorted({i for name in TIER_FIELDS for i in call.indices(f"item_tiers[{name}]")})
    tiers: list[Tier] = []
    for index in indices:
        start = call.integer(f"item_tiers[starting_unit][{index}]")
        previous_end = (tiers[-1].ending_unit or 0) if tiers else 0
        kind = call.form.get(f"item_tiers[pricing_type][{index}]", "").strip().lower()
        tiers.append(Tier(
            starting_unit=previous_end + 1 if start is None else start,
            ending_unit=call.integer(f"item_tiers[ending_unit][{index}]"),
            price=call.integer(f"item_tiers[price][{index}]") or 0,
            pricing_type=kind if kind in TIER_PRICING_TYPES else "per_unit",
            package_size=call.integer(f"item_tiers[package_size][{index}]") or 1,
        ))
    return tuple(tiers)
