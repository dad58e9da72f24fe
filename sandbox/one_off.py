"""The operations that create a one-off invoice: v1 charge, v1 create, v2 charge.

Each validates through the model first (sandbox.validation), then resolves what the ids name, prices the lines
and closes the invoice by the customer's auto collection. One-off invoices are never created pending, even on
a metered-billing site (docs/decisions.md A13 accepts either; the sandbox's choice; the one_off_pending quirk makes the
other).
"""

from __future__ import annotations

from typing import Any

from chargebee_conformance.sandbox import billing, money, render
from chargebee_conformance.sandbox.call import Call
from chargebee_conformance.sandbox.catalog import Coupon
from chargebee_conformance.sandbox.errors import ApiError
from chargebee_conformance.sandbox.records import Customer, Invoice, Subscription
from chargebee_conformance.sandbox.service import Sandbox
from chargebee_conformance.spec.invoice import ADDRESS_FIELDS
from chargebee_conformance.spec.settings import Setting


def v1_charge(sb: Sandbox, call: Call) -> dict[str, Any]:
    sb.validators["v1.charge"].check(call.form, call.headers, call.path, call.now)
    customer, subscription = _pair(sb, call, "v1.charge")
    currency = sb.profile.base_currency  # API v1 has no currency_code
    invoice = _new_invoice(sb, call, customer, subscription, currency, call.timestamp)
    invoice.line_items.append(billing.new_line(sb.storage, invoice, amount=call.integer("amount") or 0,
                                               description=call.form.get("description", "")))
    _finish(sb, call, invoice, customer, _coupon(sb, call, currency), po_number=call.text("po_number"))
    return {"invoice": render.invoice(invoice, 1)}


def v1_create(sb: Sandbox, call: Call) -> dict[str, Any]:
    sb.validators["v1.create"].check(call.form, call.headers, call.path, call.now)
    customer, subscription = _pair(sb, call, "v1.create")
    currency = sb.profile.base_currency
    invoice = _new_invoice(sb, call, customer, subscription, currency, call.timestamp)
    rows = call.indices("addons[id]")
    # addon_quantities_shifted: each row takes the quantity sent for the row before it.
    sources = [None, *rows][:len(rows)] if sb.config.faults.on("addon_quantities_shifted") else rows
    for row, source in zip(rows, sources, strict=True):
        _add_addon(sb, call, invoice, row, source)
    lenient = sb.config.quirks.on("orphaned_charge_description_ignored")
    for index in sorted(set(call.indices("charges[amount]")) | set(call.indices("charges[description]"))):
        amount = call.integer(f"charges[amount][{index}]")
        if amount is None and lenient:
            continue
        if amount is None:
            raise ApiError(400, "invalid_request", f"charges[amount][{index}] : a charge needs an amount",
                           param=f"charges[amount][{index}]")
        description = call.form.get(f"charges[description][{index}]", "")
        invoice.line_items.append(billing.new_line(sb.storage, invoice, amount=amount, description=description))
    address = {f: v for f in ADDRESS_FIELDS if (v := call.form.get(f"shipping_address[{f}]", ""))}
    if address and not sb.config.faults.on("shipping_address_dropped"):
        invoice.shipping_address = address
    _finish(sb, call, invoice, customer, _coupon(sb, call, currency), po_number=call.text("po_number"))
    return {"invoice": render.invoice(invoice, 1)}


def v2_charge(sb: Sandbox, call: Call) -> dict[str, Any]:
    try:
        return _v2_charge(sb, call)
    except ApiError as error:
        if sb.config.faults.on("rejection_creates_invoice") and 400 <= error.status < 500:
            _leak_invoice(sb, call)
            error.keep_changes = True
        raise


def _v2_charge(sb: Sandbox, call: Call) -> dict[str, Any]:
    sb.validators["v2.charge"].check(call.form, call.headers, call.path, call.now)
    faults = sb.config.faults
    customer, subscription = _pair(sb, call, "v2.charge")
    currency = _currency(sb, call, customer, subscription)
    date = call.integer("invoice_date")
    invoice = _new_invoice(sb, call, customer, subscription, currency, call.timestamp if date is None else date)
    sent, decimal = call.integer("amount"), call.decimal("amount_in_decimal")
    # amount wins when both are sent (decimal_amount_wins: the other way); neither sent gives a zero charge
    # (both cases silent, docs/decisions.md A5).
    if decimal is not None and sb.config.quirks.on("decimal_amount_wins"):
        sent = None
    amount = sent if sent is not None else 0 if decimal is None else money.to_minor(decimal, currency)
    line = billing.new_line(sb.storage, invoice, amount=amount, description=call.form.get("description", ""),
                            date_from=call.integer("date_from"), date_to=call.integer("date_to"))
    if sb.profile.has(Setting.MULTI_DECIMAL):
        exact = str(decimal) if sent is None and decimal is not None else None
        line.amount_in_decimal = line.unit_amount_in_decimal = exact or money.minor_to_decimal(amount, currency)
    if faults.on("line_amount_off_by_one"):
        line.unit_amount += 1
    invoice.line_items.append(line)
    coupons: dict[str, Coupon] = {}
    for index in call.indices("coupon_ids"):
        if coupon_id := call.form[f"coupon_ids[{index}]"]:
            coupons.setdefault(coupon_id, sb.coupon(coupon_id, f"coupon_ids[{index}]", currency))
    po_number = None if faults.on("po_number_dropped") else call.text("po_number")
    applied = [] if faults.on("coupon_not_applied") else list(coupons.values())
    _finish(sb, call, invoice, customer, applied, po_number=po_number,
            force_paid=faults.on("paid_without_auto_collection"))
    if faults.on("amount_due_ignores_payment") and invoice.status == "paid":
        invoice.amount_due = invoice.total
        sb.storage.save_invoice(invoice)
    return {"invoice": render.invoice(invoice, 2)}


def _pair(sb: Sandbox, call: Call, op_id: str) -> tuple[Customer | None, Subscription | None]:
    """The customer and subscription the invoice is for. Both sent (undocumented, docs/decisions.md A3): the
    subscription must be that customer's; otherwise 400 invalid_request naming subscription_id."""
    customer_id, subscription_id = call.text("customer_id"), call.text("subscription_id")
    subscription = sb.subscription(subscription_id, "subscription_id") if subscription_id else None
    if customer_id:
        customer: Customer | None = sb.customer(customer_id, "customer_id")
    else:
        customer = sb.storage.customer(subscription.customer_id) if subscription else None
    mixing = op_id == "v2.charge" and sb.config.faults.on("mixed_customer_subscription")
    if customer and subscription and subscription.customer_id != customer.id and not mixing:
        raise ApiError(400, "invalid_request", f"subscription {subscription.id!r} does not belong to customer "
                       f"{customer.id!r}", param="subscription_id")
    return customer, subscription


def _currency(sb: Sandbox, call: Call, customer: Customer | None, subscription: Subscription | None) -> str:
    """currency_code "Applicable only while creating an invoice for a customer": a subscription's invoice is
    in the subscription's currency; otherwise the code sent, the customer's preferred one, or the site's
    base currency."""
    code = call.text("currency_code")
    if subscription is not None and call.text("customer_id") is None:
        return subscription.currency_code
    if code is not None:
        if code not in sb.profile.currencies:
            raise ApiError(400, "param_wrong_value", f"currency_code : {code!r} is not a currency of this site "
                           f"({', '.join(sb.profile.currencies)})", param="currency_code")
        return code
    if customer is not None and customer.preferred_currency_code:
        return customer.preferred_currency_code
    return sb.profile.base_currency


def _new_invoice(sb: Sandbox, call: Call, customer: Customer | None, subscription: Subscription | None,
                 currency: str, date: int) -> Invoice:
    quirks = sb.config.quirks
    # one_off_pending: "All invoices are generated with this status when Metered Billing is enabled" (PC1).
    pending = quirks.on("one_off_pending") and sb.pc1 and sb.profile.has(Setting.METERED_BILLING)
    invoice = billing.new_invoice(sb.storage, customer.id if customer else "", currency, date, call.timestamp,
                                  subscription_id=subscription.id if subscription else None, pending=pending)
    invoice.invoice_level_discounts = quirks.on("coupon_discounts_invoice_level")
    invoice.gross_sub_total = quirks.on("document_level_coupon")
    return invoice


def _add_addon(sb: Sandbox, call: Call, invoice: Invoice, index: int, quantity_index: int | None) -> None:
    param = f"addons[id][{index}]"
    addon = sb.price("addon", call.form[param], param)  # non-recurring: the model's catalog-kind rule
    sent = None if quantity_index is None else call.integer(f"addons[quantity][{quantity_index}]")
    quantity = 1 if addon.pricing_model == "flat_fee" else sent or 1  # a flat fee has no quantity
    invoice.line_items.append(billing.price_line(sb.storage, invoice, addon, quantity, "addon"))


def _coupon(sb: Sandbox, call: Call, currency: str) -> list[Coupon]:
    coupon_id = call.text("coupon")
    return [sb.coupon(coupon_id, "coupon", currency)] if coupon_id else []


def _finish(sb: Sandbox, call: Call, invoice: Invoice, customer: Customer | None, coupons: list[Coupon],
            *, po_number: str | None, force_paid: bool = False) -> None:
    invoice.po_number = po_number
    billing.apply_coupons(invoice, coupons)
    if invoice.status == "pending":  # one_off_pending: open until closed, like a subscription's
        billing.recompute(invoice)
    else:
        billing.settle(invoice, customer, call.timestamp, force_paid=force_paid,
                       zero_paid=sb.config.quirks.on("zero_total_paid"))
    sb.storage.save_invoice(invoice)


def _leak_invoice(sb: Sandbox, call: Call) -> None:
    """rejection_creates_invoice: an empty invoice for whichever customer the rejected request names."""
    customer = sb.storage.customer(call.form.get("customer_id", ""))
    subscription = sb.storage.subscription(call.form.get("subscription_id", ""))
    if customer is None and subscription is not None:
        customer = sb.storage.customer(subscription.customer_id)
    if customer is not None:
        invoice = billing.new_invoice(sb.storage, customer.id, sb.profile.base_currency, call.timestamp,
                                      call.timestamp)
        billing.settle(invoice, customer, call.timestamp)
        sb.storage.save_invoice(invoice)
