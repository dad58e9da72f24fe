"""Setup and inspection operations (reference/chargebee-setup-operations.md; its paths and parameters only):
customers, PC1 subscriptions, PC2 subscription_for_items, retrieving subscriptions and invoices, listing
invoices.

The docs publish few limits for these; the sandbox checks what keeps its state sound (ids the invoice
operations can refer to, enums, integers) and ignores parameters it does not model.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from chargebee_conformance.sandbox import billing, money, render
from chargebee_conformance.sandbox.call import Call
from chargebee_conformance.sandbox.catalog import Price
from chargebee_conformance.sandbox.errors import ApiError
from chargebee_conformance.sandbox.records import Customer, Invoice, Subscription, SubscriptionItem
from chargebee_conformance.sandbox.service import Sandbox
from chargebee_conformance.sandbox.storage import InvoiceQuery
from chargebee_conformance.spec.invoice import STATUSES
from chargebee_conformance.spec.operations import BY_ID
from chargebee_conformance.spec.settings import Setting

# Ids must fit where the invoice operations refer to them (customer_id / subscription_id: max 50).
MAX_CUSTOMER_ID = BY_ID["v2.charge"].param("customer_id").max_length or 50
MAX_SUBSCRIPTION_ID = BY_ID["v2.charge"].param("subscription_id").max_length or 50
LIST_LIMITS = range(1, 101)  # "ranges from 1 to 100, inclusive; and defaults to 10" (list-ops page)
ENTITY_TYPES = {"plan": "plan_item_price", "addon": "addon_item_price", "charge": "charge_item_price"}


def create_customer(sb: Sandbox, call: Call) -> dict[str, Any]:
    customer_id = call.text("id") or f"cust_{sb.storage.next_number('customer')}"
    # A deleted customer's id stays taken: its deleted invoices still name it.
    _check_new_id(customer_id, MAX_CUSTOMER_ID, sb.storage.customer(customer_id, include_deleted=True))
    currency = call.text("preferred_currency_code") if call.api_version == 2 else None
    if currency is not None and currency not in sb.profile.currencies:
        raise ApiError(400, "param_wrong_value", f"preferred_currency_code : {currency!r} is not a currency of "
                       f"this site ({', '.join(sb.profile.currencies)})", param="preferred_currency_code")
    customer = Customer(
        id=customer_id, created_at=call.timestamp, first_name=call.text("first_name"),
        auto_collection=call.choice("auto_collection", ("on", "off"), "on"), last_name=call.text("last_name"),
        email=call.text("email"), phone=call.text("phone"), company=call.text("company"),
        preferred_currency_code=currency,
        net_term_days=(_at_least(call, "net_term_days", 0) if call.api_version == 2 else None) or 0,
        allow_direct_debit=bool(call.boolean("allow_direct_debit")),
        taxability=call.choice("taxability", ("taxable", "exempt"), "taxable"),
    )
    sb.storage.save_customer(customer)
    return {"customer": render.customer(customer, call.api_version)}


def retrieve_customer(sb: Sandbox, call: Call) -> dict[str, Any]:
    return {"customer": render.customer(sb.customer(call.path["customer_id"]), call.api_version)}


def delete_customer(sb: Sandbox, call: Call) -> dict[str, Any]:
    """The customer, its subscriptions and its invoices are deleted at once (the vendor schedules it "in a few
    minutes"); deleted invoices show only in List invoices with include_deleted=true."""
    customer = sb.customer(call.path["customer_id"])
    call.boolean("delete_payment_method")  # validated; there are no payment methods to keep
    customer.deleted = True
    sb.storage.save_customer(customer)
    for subscription in sb.storage.subscriptions_of(customer.id):
        subscription.deleted = True
        sb.storage.save_subscription(subscription)
    for invoice in sb.storage.invoices_of(customer.id):
        invoice.deleted, invoice.updated_at = True, call.timestamp
        sb.storage.save_invoice(invoice)
    return {"customer": render.customer(customer, call.api_version)}


def create_subscription(sb: Sandbox, call: Call) -> dict[str, Any]:
    """PC1 `POST /customers/{id}/subscriptions`. On a metered-billing site the first invoice is created
    pending (the sandbox's reading of "All invoices are generated with this status when Metered Billing is
    enabled")."""
    _needs_catalog(sb, pc1=True, what="subscriptions for a customer")
    customer = sb.customer(call.path["customer_id"])
    plan_id = call.text("plan_id")
    if plan_id is None:
        raise ApiError(400, "invalid_request", "plan_id : cannot be blank", param="plan_id",
                       legacy_code="param_required")
    plan = sb.price("plan", plan_id, "plan_id")
    quantity = _at_least(call, "plan_quantity", 1) or 1
    addons = [(sb.price("addon", call.form[f"addons[id][{i}]"], f"addons[id][{i}]"),
               _at_least(call, f"addons[quantity][{i}]", 1) or 1) for i in call.indices("addons[id]")]
    subscription = _new_subscription(sb, call, customer, plan.currency_code)
    subscription.plan_id, subscription.plan_quantity, subscription.plan_unit_price = plan.id, quantity, plan.price
    subscription.addons = [{"id": a.id, "quantity": q, "unit_price": a.price, "amount": _amount(a, q)}
                           for a, q in addons]
    closed_first = sb.config.quirks.on("pc1_first_invoice_closed")  # the support article's reading
    invoice = _first_invoice(sb, call, subscription, pending=sb.profile.has(Setting.METERED_BILLING)
                             and not closed_first)
    invoice.line_items.append(billing.price_line(sb.storage, invoice, plan, quantity, "plan"))
    for addon, addon_quantity in addons:
        invoice.line_items.append(billing.price_line(sb.storage, invoice, addon, addon_quantity, "addon"))
    return _subscribed(sb, call, customer, subscription, invoice)


def subscription_for_items(sb: Sandbox, call: Call) -> dict[str, Any]:
    """PC2 `POST /customers/{id}/subscription_for_items`; the first invoice is pending with
    create_pending_invoices=true and first_invoice_pending=true, otherwise closed at once."""
    _needs_catalog(sb, pc1=False, what="subscription_for_items")
    customer = sb.customer(call.path["customer_id"])
    items = [(sb.price("item_price", call.form[f"subscription_items[item_price_id][{i}]"],
                       f"subscription_items[item_price_id][{i}]"),
              _at_least(call, f"subscription_items[quantity][{i}]", 1) or 1)
             for i in call.indices("subscription_items[item_price_id]")]
    if sum(price.kind == "plan" for price, _ in items) != 1:
        raise ApiError(400, "invalid_request", "subscription_items : exactly one plan item price is needed",
                       param="subscription_items[item_price_id]")
    currencies = {price.currency_code for price, _ in items}
    if len(currencies) > 1:
        raise ApiError(400, "invalid_request", "subscription_items : item prices of one currency only, got "
                       f"{', '.join(sorted(currencies))}", param="subscription_items[item_price_id]")
    create_pending, first_pending = _pending_flags(sb, call, metered=any(p.metered for p, _ in items))
    subscription = _new_subscription(sb, call, customer, currencies.pop())
    subscription.create_pending_invoices = create_pending
    subscription.items = [SubscriptionItem(p.id, p.kind, q, p.price, _amount(p, q)) for p, q in items]
    invoice = _first_invoice(sb, call, subscription, pending=first_pending)
    for price, quantity in items:
        if not price.metered:  # metered items are billed on usage, not upfront
            invoice.line_items.append(billing.price_line(sb.storage, invoice, price, quantity,
                                                         ENTITY_TYPES[price.kind]))
    return _subscribed(sb, call, customer, subscription, invoice)


def retrieve_subscription(sb: Sandbox, call: Call) -> dict[str, Any]:
    subscription = sb.subscription(call.path["subscription_id"])
    customer = sb.customer(subscription.customer_id)
    return {"subscription": render.subscription(subscription, call.api_version),
            "customer": render.customer(customer, call.api_version)}


def retrieve_invoice(sb: Sandbox, call: Call) -> dict[str, Any]:
    return {"invoice": render.invoice(sb.invoice(call.path["invoice_id"]), call.api_version)}


def list_invoices(sb: Sandbox, call: Call) -> dict[str, Any]:
    """v2 filters customer_id[is], subscription_id[is], status[is] and include_deleted; v1 takes none. Oldest
    first ("sorted in ascending order by the created_at attribute", list-ops page)."""
    limit = call.integer("limit")
    if limit is not None and limit not in LIST_LIMITS:
        raise ApiError(400, "param_wrong_value", "limit : must lie between 1 and 100", param="limit")
    offset = _offset(call.form.get("offset", "") or "0")
    query = InvoiceQuery(limit=limit or 10, offset=offset, newest_first=sb.config.quirks.on("list_newest_first"))
    if call.api_version == 2:
        status = call.text("status[is]")
        if status is not None and status not in STATUSES[2]:
            raise ApiError(400, "param_wrong_value", f"status[is] : must be one of {', '.join(STATUSES[2])}",
                           param="status[is]")
        query = InvoiceQuery(call.text("customer_id[is]"), call.text("subscription_id[is]"), status,
                             bool(call.boolean("include_deleted")), query.limit, query.offset, query.newest_first)
    page, more = sb.storage.invoices(query)
    body: dict[str, Any] = {"list": [{"invoice": render.invoice(i, call.api_version)} for i in page]}
    if more:
        following = query.offset + query.limit
        # opaque_next_offset: a token shaped like a real site's (a JSON array of strings), not a plain number.
        opaque = sb.config.quirks.on("opaque_next_offset")
        body["next_offset"] = json.dumps([str(following), "0"]) if opaque else str(following)
    return body


def _offset(text: str) -> int:
    """A previous page's next_offset: a number, or the opaque form (a JSON array whose first item is it)."""
    with contextlib.suppress(ValueError, TypeError, IndexError):
        text = str(json.loads(text)[0]) if text.startswith("[") else text
    if not (text.isascii() and text.isdigit() and len(text) <= 12):
        raise ApiError(400, "param_wrong_value", "offset : pass a previous page's next_offset", param="offset")
    return int(text)


def _check_new_id(new_id: str, limit: int, taken: object) -> None:
    if len(new_id) > limit:
        raise ApiError(400, "param_wrong_value", f"id : cannot be more than {limit} characters", param="id")
    if taken is not None:
        raise ApiError(400, "duplicate_entry", f"id : {new_id!r} is already present", param="id")


def _at_least(call: Call, name: str, minimum: int) -> int | None:
    value = call.integer(name)
    if value is not None and value < minimum:
        raise ApiError(400, "param_wrong_value", f"{name} : must be at least {minimum}", param=name)
    return value


def _needs_catalog(sb: Sandbox, *, pc1: bool, what: str) -> None:
    if sb.pc1 != pc1:
        raise ApiError(400, "configuration_incompatible", f"{what} is not available on a product catalog "
                       f"{sb.profile.product_catalog.value} site")


def _pending_flags(sb: Sandbox, call: Call, *, metered: bool) -> tuple[bool, bool]:
    """create_pending_invoices "Applicable only when Metered Billing is enabled", and set automatically with
    metered item prices; first_invoice_pending "can be passed only when the create_pending_invoices is
    true"."""
    create_pending = call.boolean("create_pending_invoices")
    first_pending = call.boolean("first_invoice_pending")
    metered_billing = sb.profile.has(Setting.METERED_BILLING)
    if create_pending and not metered_billing:
        raise ApiError(400, "configuration_incompatible", "create_pending_invoices : needs metered billing",
                       param="create_pending_invoices")
    if first_pending and not create_pending:
        raise ApiError(400, "invalid_request", "first_invoice_pending : can be passed only when "
                       "create_pending_invoices is true", param="first_invoice_pending")
    return bool(create_pending) or (metered and metered_billing), bool(first_pending)


def _new_subscription(sb: Sandbox, call: Call, customer: Customer, currency: str) -> Subscription:
    subscription_id = call.text("id") or f"sub_{sb.storage.next_number('subscription')}"
    taken = sb.storage.subscription(subscription_id, include_deleted=True)
    _check_new_id(subscription_id, MAX_SUBSCRIPTION_ID, taken)
    return Subscription(id=subscription_id, customer_id=customer.id, currency_code=currency,
                        created_at=call.timestamp)


def _first_invoice(sb: Sandbox, call: Call, subscription: Subscription, *, pending: bool) -> Invoice:
    return billing.new_invoice(sb.storage, subscription.customer_id, subscription.currency_code,
                               call.timestamp, call.timestamp, pending=pending, subscription_id=subscription.id,
                               recurring=True, first=True)


def _amount(price: Price, quantity: int) -> int:
    return money.priced(price.pricing_model, quantity, price.price, package_size=price.package_size,
                        tiers=price.tiers)


def _subscribed(sb: Sandbox, call: Call, customer: Customer, subscription: Subscription,
                invoice: Invoice) -> dict[str, Any]:
    if invoice.status == "pending":
        billing.recompute(invoice)
    else:
        billing.settle(invoice, customer, call.timestamp, zero_paid=sb.config.quirks.on("zero_total_paid"))
    sb.storage.save_subscription(subscription)
    sb.storage.save_invoice(invoice)
    return {"customer": render.customer(customer, call.api_version),
            "subscription": render.subscription(subscription, call.api_version),
            "invoice": render.invoice(invoice, call.api_version)}
