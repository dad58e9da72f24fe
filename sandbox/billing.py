"""Invoices as money moves through them: lines, coupon discounts, totals, status.

sub_total = sum of line amounts - line-item discounts (the one-time coupons); tax is not modelled (0); total =
sub_total + tax; amount_due = total - amount_paid. Status (docs/decisions.md A13): auto collection on and a payment
method -> paid (the payment method always works); otherwise payment_due (auto collection on without a payment
method has nothing to collect with: the invoice waits, as with auto collection off); pending invoices stay
pending until closed.
"""

from __future__ import annotations

from collections.abc import Sequence

from chargebee_conformance.sandbox import money
from chargebee_conformance.sandbox.catalog import Coupon, Price
from chargebee_conformance.sandbox.records import Customer, Invoice, LineDiscount, LineItem
from chargebee_conformance.sandbox.storage import Storage

UNIT_PRICED = ("flat_fee", "per_unit", "package")  # models whose unit_amount is the catalog price


def new_invoice(
    storage: Storage, customer_id: str, currency_code: str, date: int, now: int, *, pending: bool = False,
    subscription_id: str | None = None, recurring: bool = False, first: bool = False,
) -> Invoice:
    seq = storage.next_number("invoice")
    invoice_id = storage.style.invoice_id(seq, pending=pending)
    return Invoice(
        id=invoice_id, seq=seq, customer_id=customer_id, currency_code=currency_code,
        status="pending" if pending else "payment_due", date=date, created_at=now, updated_at=now,
        subscription_id=subscription_id, recurring=recurring, first_invoice=first,
    )


def new_line(
    storage: Storage, invoice: Invoice, *, amount: int, description: str, entity_type: str = "adhoc",
    unit_amount: int | None = None, quantity: int = 1, date_from: int | None = None,
    date_to: int | None = None, entity_id: str | None = None, pricing_model: str | None = None,
    metered: bool = False,
) -> LineItem:
    """A line of the invoice. An unsent service period defaults to the invoice date (or as the house style says)
    and never ends before it starts."""
    date_from, date_to = storage.style.period(invoice.date, date_from, date_to)
    return LineItem(
        id=storage.style.line_id(storage.next_number("line_item")), date_from=date_from, date_to=date_to,
        unit_amount=amount if unit_amount is None else unit_amount, quantity=quantity, amount=amount,
        description=description, entity_type=entity_type, customer_id=invoice.customer_id,
        entity_id=entity_id, subscription_id=invoice.subscription_id, pricing_model=pricing_model,
        metered=metered,
    )


def price_line(storage: Storage, invoice: Invoice, price: Price, quantity: int, entity_type: str) -> LineItem:
    """The line for `quantity` of a catalog price. A flat fee is one unit whatever the quantity ("quantity:
    Applicable for addons with pricing_model other than flat_fee")."""
    quantity = 1 if price.pricing_model == "flat_fee" else quantity
    amount = money.priced(price.pricing_model, quantity, price.price, package_size=price.package_size,
                          tiers=price.tiers)
    unit = price.price if price.pricing_model in UNIT_PRICED else amount // max(quantity, 1)
    return new_line(storage, invoice, amount=amount, description=price.id, entity_type=entity_type,
                    entity_id=price.id, unit_amount=unit, quantity=quantity, pricing_model=price.pricing_model,
                    metered=price.metered)


def apply_coupons(invoice: Invoice, coupons: Sequence[Coupon]) -> None:
    """Each coupon discounts what the earlier ones left of every line. An invoice with invoice-level discounts
    (the coupon_discounts_invoice_level quirk) keeps the split for its `discounts[]` but not on the lines."""
    left = [line.amount for line in invoice.line_items]
    for coupon in coupons:
        for index, taken in enumerate(money.discounts(left, coupon)):
            if taken:
                line = invoice.line_items[index]
                invoice.line_discounts.append(LineDiscount(line.id, coupon.id, taken))
                if not invoice.invoice_level_discounts:
                    line.discount_amount += taken
                left[index] -= taken


def recompute(invoice: Invoice) -> None:
    discounts = sum(d.discount_amount for d in invoice.line_discounts)
    gross = sum(line.amount for line in invoice.line_items)
    invoice.tax = 0
    # Invoice-level discounts, or document-level ones read as a real captured invoice shows them
    # (docs/decisions.md A16): sub_total is the line sum, total is net.
    if invoice.invoice_level_discounts or invoice.gross_sub_total:
        invoice.sub_total = gross
        invoice.total = gross - discounts + invoice.tax
    else:
        invoice.sub_total = gross - discounts
        invoice.total = invoice.sub_total + invoice.tax
    if invoice.status == "paid":
        invoice.amount_paid = invoice.total
    invoice.amount_due = invoice.total - invoice.amount_paid


def settle(invoice: Invoice, customer: Customer | None, now: int, *, force_paid: bool = False,
           zero_paid: bool = False) -> None:
    """Close the invoice as the customer's auto collection decides. `force_paid` is the
    paid_without_auto_collection fault; `zero_paid` the zero_total_paid quirk ("the amount due is zero or
    negative, the invoice is immediately marked as paid")."""
    recompute(invoice)
    if zero_paid and invoice.total <= 0:
        invoice.status, invoice.amount_paid, invoice.paid_at = "paid", 0, now
    elif force_paid or (customer is not None and customer.pays_automatically):
        invoice.status, invoice.amount_paid, invoice.paid_at = "paid", invoice.total, now
    else:
        invoice.status, invoice.amount_paid = "payment_due", 0
    invoice.amount_due = invoice.total - invoice.amount_paid
    invoice.updated_at = now
