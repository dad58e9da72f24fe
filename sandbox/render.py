"""Records as Chargebee JSON, per API version (docs/decisions.md A12): v1 invoices carry `amount`, `start_date`,
`end_date` and line items with `type`; v2 invoices carry `total`, `date` and the v2-only attributes. Optional
attributes without a value are omitted, as the vendor does."""

from __future__ import annotations

from typing import Any

from chargebee_conformance.sandbox.records import Customer, Invoice, LineItem, Subscription

DOCUMENT_LEVEL_COUPON = "document_level_coupon"
EMPTY_V2_LISTS = ("line_item_taxes", "linked_payments", "applied_credits", "adjustment_credit_notes",
                  "issued_credit_notes")


def invoice(record: Invoice, version: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": record.id, "customer_id": record.customer_id, "subscription_id": record.subscription_id,
        "recurring": record.recurring, "status": record.status, "price_type": "tax_exclusive",
        "currency_code": record.currency_code, "first_invoice": record.first_invoice,
        "po_number": record.po_number, "sub_total": record.sub_total, "tax": record.tax,
        "amount_paid": record.amount_paid, "amount_adjusted": 0, "credits_applied": 0,
        "amount_due": record.amount_due,
    }
    if version == 1:
        body |= {"start_date": record.date, "end_date": record.closed_at or record.date,
                 "amount": record.total, "paid_on": record.paid_at}
    else:
        body |= {
            "date": record.date, "due_date": record.date if record.status == "payment_due" else None,
            "net_term_days": 0, "exchange_rate": 1.0, "total": record.total, "write_off_amount": 0,
            "paid_at": record.paid_at, "generated_at": record.closed_at or record.created_at,
            "updated_at": record.updated_at, "resource_version": record.updated_at * 1000,
            "deleted": record.deleted, "has_advance_charges": False, "term_finalized": True,
            "is_gifted": False, **{name: [] for name in EMPTY_V2_LISTS},
        }
    body["line_items"] = [line_item(line, version) for line in record.line_items]
    if record.invoice_level_discounts:  # the coupons discount the invoice, not a line: no per-line figure
        for line in body["line_items"]:
            line.pop("discount_amount", None)
    # v1's schema has no line_item_discounts; they are sent anyway (an extra attribute), so that sub_total is
    # "the sum of all the line item amounts minus the sum of all line item discounts" in both versions.
    if not record.invoice_level_discounts:
        body["line_item_discounts"] = [_line_discount(d.line_item_id, d.coupon_id, d.discount_amount)
                                       for d in record.line_discounts]
    body["discounts"] = _discounts(record, version)
    body["taxes"] = []
    if record.shipping_address is not None:
        body["shipping_address"] = record.shipping_address | {"object": "shipping_address"}
    body["object"] = "invoice"
    return _compact(body)


def line_item(line: LineItem, version: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": line.id, "date_from": line.date_from, "date_to": line.date_to, "unit_amount": line.unit_amount,
        "quantity": line.quantity, "amount": line.amount, "is_taxed": False, "description": line.description,
        "entity_type": line.entity_type, "entity_id": line.entity_id, "subscription_id": line.subscription_id,
    }
    if version == 1:
        body |= {"type": line.line_type, "tax": 0}
    else:
        body |= {
            "pricing_model": line.pricing_model, "tax_amount": 0, "discount_amount": line.discount_amount,
            "item_level_discount_amount": 0, "customer_id": line.customer_id, "metered": line.metered,
            "amount_in_decimal": line.amount_in_decimal, "quantity_in_decimal": line.quantity_in_decimal,
            "unit_amount_in_decimal": line.unit_amount_in_decimal,
        }
    body["object"] = "line_item"
    return _compact(body)


def _line_discount(line_item_id: str, coupon_id: str, amount: int) -> dict[str, Any]:
    return {"line_item_id": line_item_id, "discount_type": DOCUMENT_LEVEL_COUPON, "coupon_id": coupon_id,
            "entity_id": coupon_id, "discount_amount": amount, "object": "line_item_discount"}


def _discounts(record: Invoice, version: int) -> list[dict[str, Any]]:
    """Invoice-level view of the coupon discounts, one entry per coupon (v1 names the kind `type`: coupon;
    v2 `entity_type`: document_level_coupon)."""
    totals: dict[str, int] = {}
    for discount in record.line_discounts:
        totals[discount.coupon_id] = totals.get(discount.coupon_id, 0) + discount.discount_amount
    kind = {"type": "coupon"} if version == 1 else {"entity_type": DOCUMENT_LEVEL_COUPON}
    return [{"amount": amount, "description": coupon_id, **kind, "entity_id": coupon_id, "object": "discount"}
            for coupon_id, amount in totals.items()]


def customer(record: Customer, version: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": record.id, "first_name": record.first_name, "last_name": record.last_name,
        "email": record.email, "phone": record.phone, "company": record.company,
        "auto_collection": record.auto_collection, "net_term_days": record.net_term_days,
        "allow_direct_debit": record.allow_direct_debit, "created_at": record.created_at,
        "taxability": record.taxability, "card_status": "valid" if record.payment_method == "card" else "no_card",
        "excess_payments": 0, "unbilled_charges": 0, "promotional_credits": 0, "refundable_credits": 0,
    }
    if record.payment_method is not None:
        body["payment_method"] = {"type": record.payment_method, "reference_id": f"pm_{record.id}",
                                  "gateway": "chargebee", "status": "valid", "object": "payment_method"}
    if version == 2:
        body |= {"preferred_currency_code": record.preferred_currency_code, "deleted": record.deleted,
                 "updated_at": record.created_at, "resource_version": record.created_at * 1000}
        if record.payment_method is not None:
            body["primary_payment_source_id"] = f"pm_{record.id}"
    body["object"] = "customer"
    return _compact(body)


def subscription(record: Subscription, version: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": record.id, "customer_id": record.customer_id, "status": record.status,
        "currency_code": record.currency_code, "created_at": record.created_at,
        "started_at": record.created_at, "activated_at": record.created_at,
        "current_term_start": record.created_at, "billing_period": 1, "billing_period_unit": "month",
        "due_invoices_count": 0,
    }
    if record.plan_id is not None:
        body |= {"plan_id": record.plan_id, "plan_quantity": record.plan_quantity,
                 "plan_unit_price": record.plan_unit_price,
                 "plan_amount": record.plan_unit_price * record.plan_quantity}
        if record.addons:
            body["addons"] = [addon | {"object": "addon"} for addon in record.addons]
    if record.items:
        body["subscription_items"] = [
            {"item_price_id": item.item_price_id, "item_type": item.item_type, "quantity": item.quantity,
             "unit_price": item.unit_price, "amount": item.amount, "object": "subscription_item"}
            for item in record.items
        ]
    if version == 2:
        body |= {"deleted": record.deleted, "create_pending_invoices": record.create_pending_invoices,
                 "updated_at": record.created_at, "resource_version": record.created_at * 1000}
    body["object"] = "subscription"
    return _compact(body)


def _compact(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if value is not None}
