"""What a successful response must show for the case that was sent, per operation family."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from chargebee_conformance.spec.case import Case, Exchange
from chargebee_conformance.spec.currency import minor_units
from chargebee_conformance.spec.model import Kind, Operation, Resource, Rule
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.promises import precondition_met
from chargebee_conformance.spec.settings import Catalog, Setting
from chargebee_conformance.spec.wire import base_name, decode
from chargebee_conformance.suite.checks import (
    broken,
    check_invoice_invariants,
    check_line_amounts,
    line_items,
    same_text,
)
from chargebee_conformance.suite.exercise import exercised


def expected_statuses(profile: SiteProfile, invoice: Mapping[str, Any], api_version: int,
                      paying: bool = False) -> set[str]:
    """docs/decisions.md A13: auto collection off -> payment_due, on (the profile's paying customer) -> paid;
    pending for one-off invoices on a PC1 metered site; a zero amount due is paid at once ("the invoice is
    immediately marked as paid"). The suite's own customers have no payment method: with auto collection on,
    nothing is promised."""
    if not paying and profile.auto_collection:
        return {"paid", "payment_due", "posted", "not_paid", "pending"}
    allowed = {"paid"} if paying else {"payment_due"}
    if not paying and api_version == 2:
        allowed.add("posted")  # v2 "posted": not yet collected, within the due period
    if profile.has(Setting.METERED_BILLING) and profile.product_catalog is Catalog.PC1:
        allowed.add("pending")
    # Nothing to collect (credits or discounts cover it) is paid at once; with auto collection off nothing may
    # have been collected, so an invoice with a payment on it is not "nothing to collect".
    if invoice.get("amount_due") == 0 and not invoice.get("amount_paid"):
        allowed.add("paid")
    return allowed


def mark_exercised(op: Operation, case: Case, judged_lines: list[dict[str, Any]], *names: str) -> None:
    """Every promise among `names` whose precondition the case met was judged by this example. line_amount also
    needs a judged line (with a quantity above one where the operation can send one)."""
    for rule in op.rules:
        name = rule.id.rsplit(".", 1)[1]
        if rule.kind is not Kind.RESPONSE or name not in names or not precondition_met(rule, case.form):
            continue
        if name == "line_amount" and not _line_amount_exercised(rule, judged_lines):
            continue
        exercised(rule.id)


def _line_amount_exercised(rule: Rule, lines: list[dict[str, Any]]) -> bool:
    needs_quantity = rule.precondition is not None and bool(rule.precondition.quantity_above_one)
    return any(not needs_quantity or (isinstance(q := line.get("quantity"), int) and q > 1) for line in lines)


CREATED_PROMISES = ("invoice", "schema", "sub_total", "amount_due", "line_amount", "ids", "po_number",
                    "line_items", "status", "coupon", "invoice_date", "service_period", "currency_code",
                    "shipping_address", "addon_lines")
ADDED_PROMISES = ("invoice", "schema", "sub_total", "amount_due", "line_amount", "line_added", "still_pending",
                  "service_period", "unit_price")


def check_created(op: Operation, case: Case, exchange: Exchange, invoice: Mapping[str, Any],
                  profile: SiteProfile, subscription_customer: Mapping[str, str], paying: bool = False) -> None:
    """v1 charge, v1 create, v2 charge: ids, po_number, lines, status and the v2 charge extras."""
    check_invoice_invariants(op.id, op.api_version, invoice, exchange)
    form = dict(case.form)
    judged = check_line_amounts(op.id, invoice, exchange, _added_lines(case, profile, "addons[id]", Resource.ADDON))
    _check_ids(op, form, invoice, exchange, subscription_customer, profile)
    if form.get("po_number") and not same_text(form["po_number"], invoice.get("po_number")):
        broken(f"{op.id}.response.po_number", Binding.EXACT,
               f"po_number {invoice.get('po_number')!r} is not the {form['po_number']!r} sent", exchange)
    _check_charge_lines(op, case, invoice, exchange)
    status, allowed = invoice.get("status"), expected_statuses(profile, invoice, op.api_version, paying)
    if status not in allowed:
        broken(f"{op.id}.response.status", Binding.EXACT,
               f"status {status!r}, expected {' or '.join(sorted(allowed))} for auto collection "
               f"{'on (a customer with a payment method)' if paying else 'off'}", exchange)
    if form.get("coupon") or any(name.startswith("coupon_ids[") and value for name, value in case.form):
        _check_coupon_applied(op, invoice, exchange)
    if op.id == "v2.charge":
        _check_v2_charge_extras(op, form, invoice, exchange, profile.time_zone)
    if op.id == "v1.create":
        _check_shipping_address(op, case, invoice, exchange)
        _check_addon_quantities(op, case, invoice, exchange, profile)
    mark_exercised(op, case, judged, *CREATED_PROMISES)


def _added_lines(case: Case, profile: SiteProfile, id_column: str,
                 resource: Resource) -> Callable[[Mapping[str, Any]], bool]:
    """Lines whose amount the suite can judge (A7): ad-hoc lines, and lines of an entity the case itself sent whose
    pricing the site describes as flat_fee or per_unit."""
    sent = {value for key, value in case.form if base_name(key)[0] == id_column}
    catalog = profile.site_catalog

    def judged(line: Mapping[str, Any]) -> bool:
        if line.get("entity_type") == "adhoc":
            return True
        entity = str(line.get("entity_id") or "")
        return entity in sent and catalog.pricing_model(resource, entity) in ("flat_fee", "per_unit")

    return judged


def _check_addon_quantities(op: Operation, case: Case, invoice: Mapping[str, Any], exchange: Exchange,
                            profile: SiteProfile) -> None:
    """Each addon sent is a line carrying the quantity sent at its index (addons priced by quantity)."""
    rows = [row for row in decode(case.form).get("addons", []) if isinstance(row, dict) and row.get("id")]
    for row in rows:
        lines = [line for line in line_items(invoice)
                 if line.get("entity_type") == "addon" and line.get("entity_id") == row["id"]]
        if not lines:
            broken(f"{op.id}.response.addon_lines", Binding.EXACT, f"no addon line for addon {row['id']!r}", exchange)
        quantity = row.get("quantity")
        if quantity and len(rows) == len({r["id"] for r in rows}) \
                and all(str(line.get("quantity")) != quantity for line in lines):
            broken(f"{op.id}.response.addon_lines", Binding.EXACT,
                   f"the line of addon {row['id']!r} has quantity {lines[0].get('quantity')!r}, "
                   f"sent {quantity}", exchange)


def _check_coupon_applied(op: Operation, invoice: Mapping[str, Any], exchange: Exchange) -> None:
    """A coupon sent is applied: some discount shows, as an invoice discount, a line-item discount or a line's
    discount amount (the docs do not say which)."""
    discounted = any(invoice.get(name) for name in ("discounts", "line_item_discounts")) or any(
        isinstance(line.get("discount_amount"), int) and line["discount_amount"] > 0 for line in line_items(invoice))
    if not discounted:
        broken(f"{op.id}.response.coupon", Binding.EXACT, "a coupon was sent but the invoice shows no discount",
               exchange)


def _check_ids(op: Operation, form: Mapping[str, str], invoice: Mapping[str, Any], exchange: Exchange,
               subscription_customer: Mapping[str, str], profile: SiteProfile) -> None:
    rule = f"{op.id}.response.ids"
    customer, subscription = form.get("customer_id"), form.get("subscription_id")
    if customer and invoice.get("customer_id") != customer:
        broken(rule, Binding.EXACT, f"invoice customer_id {invoice.get('customer_id')!r}, sent {customer!r}", exchange)
    consolidated = profile.has(Setting.CONSOLIDATED_INVOICING)
    if subscription and not customer:
        if not consolidated and invoice.get("subscription_id") != subscription:
            broken(rule, Binding.EXACT,
                   f"invoice subscription_id {invoice.get('subscription_id')!r}, sent {subscription!r}", exchange)
        owner = subscription_customer.get(subscription)
        if owner and invoice.get("customer_id") != owner:
            broken(rule, Binding.EXACT, f"invoice customer_id {invoice.get('customer_id')!r} is not the "
                   f"subscription's customer {owner!r}", exchange)


def check_consistent_pair(op: Operation, exchange: Exchange, invoice: Mapping[str, Any],
                          subscription_customer: Mapping[str, str]) -> None:
    """Both ids sent: an invoice, if created, pairs a subscription with its own customer (docs/decisions.md A3)."""
    subscription = invoice.get("subscription_id")
    owner = subscription_customer.get(str(subscription)) if subscription else None
    if owner is not None and invoice.get("customer_id") != owner:
        broken(f"{op.id}.response.consistent_ids", Binding.LOOSE,
               f"the invoice mixes customer {invoice.get('customer_id')!r} with subscription {subscription!r} "
               f"of customer {owner!r}", exchange)


def _charges(op: Operation, case: Case) -> list[dict[str, str]]:
    values = decode(case.form)
    if op.id == "v1.create":
        return [c for c in values.get("charges", []) if isinstance(c, dict)]
    return [{k: v for k, v in values.items() if k in ("amount", "description", "amount_in_decimal")}]


def _check_charge_lines(op: Operation, case: Case, invoice: Mapping[str, Any], exchange: Exchange) -> None:
    rule = f"{op.id}.response.line_items"
    adhoc = [line for line in line_items(invoice) if line.get("entity_type") == "adhoc"]
    charges = _charges(op, case)
    if len(adhoc) != len(charges):
        broken(rule, Binding.EXACT, f"{len(charges)} charge(s) sent, {len(adhoc)} adhoc line(s) returned", exchange)
    unmatched = list(adhoc)
    currency = str(invoice.get("currency_code") or "USD")
    for charge in charges:
        match = next((line for line in unmatched if _line_matches(charge, line, currency)), None)
        if match is None:
            broken(rule, Binding.EXACT, f"no adhoc line with description {charge.get('description')!r} and "
                   f"amount {charge.get('amount', charge.get('amount_in_decimal'))!r}", exchange)
        unmatched.remove(match)


def _line_matches(charge: Mapping[str, str], line: Mapping[str, Any], currency: str = "USD") -> bool:
    if not same_text(charge.get("description", ""), line.get("description")):
        return False
    amount, decimal = charge.get("amount"), charge.get("amount_in_decimal")
    if amount:
        return str(line.get("amount")) == amount
    if decimal:
        return decimal_matches(decimal, line, currency)
    return True


def decimal_matches(sent: str, line: Mapping[str, Any], currency: str) -> bool:
    """amount_in_decimal is "in major units of the currency": the line shows it as a decimal, or as the same
    amount in minor units (only judged when the minor units can hold it exactly)."""
    try:
        value = Decimal(sent)
    except InvalidOperation:
        return True
    shown = line.get("amount_in_decimal")
    if isinstance(shown, str):
        with contextlib.suppress(InvalidOperation):
            return Decimal(shown) == value
    minor = value.scaleb(minor_units(currency))
    if minor != minor.to_integral_value():
        return True  # more decimals than the currency's minor unit: the docs say nothing of rounding
    return line.get("amount") == int(minor)


def same_day(sent: str, got: Any, time_zone: str) -> bool:
    """The invoice date shows the day sent: "the document date displayed on the invoice PDF" is a date, so a server
    may keep the instant or only its day (site time zone)."""
    if not isinstance(got, int) or isinstance(got, bool) or not sent.lstrip("-").isdigit():
        return False
    zone = ZoneInfo(time_zone)
    return datetime.fromtimestamp(int(sent), zone).date() == datetime.fromtimestamp(got, zone).date()


def _check_v2_charge_extras(op: Operation, form: Mapping[str, str], invoice: Mapping[str, Any],
                            exchange: Exchange, time_zone: str) -> None:
    if form.get("invoice_date") and not same_day(form["invoice_date"], invoice.get("date"), time_zone):
        broken(f"{op.id}.response.invoice_date", Binding.EXACT,
               f"invoice date {invoice.get('date')!r} is not the day of the invoice_date {form['invoice_date']} sent",
               exchange)
    if form.get("currency_code") and invoice.get("currency_code") != form["currency_code"]:
        broken(f"{op.id}.response.currency_code", Binding.EXACT,
               f"currency_code {invoice.get('currency_code')!r}, sent {form['currency_code']!r}", exchange)
    adhoc = [line for line in line_items(invoice) if line.get("entity_type") == "adhoc"]
    for name in ("date_from", "date_to"):
        if form.get(name) and adhoc and all(str(line.get(name)) != form[name] for line in adhoc):
            broken(f"{op.id}.response.service_period", Binding.EXACT,
                   f"no adhoc line carries {name} {form[name]}", exchange)


def _check_shipping_address(op: Operation, case: Case, invoice: Mapping[str, Any], exchange: Exchange) -> None:
    sent = decode(case.form).get("shipping_address")
    if not isinstance(sent, dict) or not any(sent.values()):
        return
    got = invoice.get("shipping_address")
    rule = f"{op.id}.response.shipping_address"
    if not isinstance(got, dict):
        broken(rule, Binding.EXACT, "shipping_address sent but the invoice has none", exchange)
    for field_name, value in sent.items():
        # Chargebee fills `state` from state_code for US, Canada and India: judge the fields sent as such.
        if value and field_name != "state" and not same_text(value, got.get(field_name)):
            broken(rule, Binding.EXACT, f"shipping_address.{field_name} {got.get(field_name)!r}, sent {value!r}",
                   exchange)


def check_added(op: Operation, case: Case, exchange: Exchange, invoice: Mapping[str, Any], invoice_id: str,
                item_price_id: str | None = None, profile: SiteProfile | None = None) -> None:
    """add_charge / add_charge_item: the same invoice, still pending, carrying the new line."""
    check_invoice_invariants(op.id, op.api_version, invoice, exchange)
    if invoice.get("id") != invoice_id:
        broken(f"{op.id}.response.line_added", Binding.EXACT,
               f"returned invoice {invoice.get('id')!r}, not the invoice {invoice_id!r} in the path", exchange)
    if invoice.get("status") != "pending":
        broken(f"{op.id}.response.still_pending", Binding.EXACT,
               f"status {invoice.get('status')!r} after adding to a pending invoice", exchange)
    form = dict(case.form)
    lines = line_items(invoice)
    if item_price_id is None:
        wanted = {"description": form.get("description", ""), "amount": form.get("amount", "")}
        found = [line for line in lines if line.get("entity_type") == "adhoc" and _line_matches(wanted, line)]
        what = f"adhoc line {wanted['description']!r} of amount {wanted['amount']}"
    else:
        found = [line for line in lines
                 if line.get("entity_type") == "charge_item_price" and line.get("entity_id") == item_price_id]
        what = f"charge_item_price line for {item_price_id!r}"
    if not found:
        broken(f"{op.id}.response.line_added", Binding.EXACT, f"no {what} in the invoice", exchange)
    # Only a line that is plainly this add's (its quantity is the one sent): a server may merge repeated adds of
    # one item price into one line.
    own = [line for line in found if item_price_id is None
           or str(line.get("quantity")) == form.get("item_price[quantity]", "1")]
    judged = check_line_amounts(op.id, {"line_items": own}, exchange, _priced_line(item_price_id, profile))
    unit_price = form.get("item_price[unit_price]")
    if item_price_id is not None and unit_price and len(own) == 1 and str(own[0].get("unit_amount")) != unit_price:
        broken(f"{op.id}.response.unit_price", Binding.EXACT,
               f"the new line's unit_amount {own[0].get('unit_amount')} is not the item_price[unit_price] "
               f"{unit_price} sent", exchange)
    for name in ("date_from", "date_to"):
        sent = form.get(f"line_item[{name}]") or form.get(f"item_price[{name}]")
        if sent and all(str(line.get(name)) != sent for line in found):
            broken(f"{op.id}.response.service_period" if op.id == "v2.add_charge" else
                   f"{op.id}.response.line_added", Binding.EXACT, f"the new line does not carry {name} {sent}",
                   exchange)
    # unit_price is judged only where the new line could be told apart.
    judged_names = [n for n in ADDED_PROMISES if n != "unit_price" or (unit_price and len(own) == 1)]
    mark_exercised(op, case, judged, *judged_names)


def _priced_line(item_price_id: str | None, profile: SiteProfile | None) -> Callable[[Mapping[str, Any]], bool]:
    """The added line's amount is judged for ad-hoc lines and for item prices priced flat_fee or per_unit."""
    model = (profile.site_catalog.pricing_model(Resource.ITEM_PRICE, item_price_id)
             if profile is not None and item_price_id else None)
    return lambda line: item_price_id is None or model in ("flat_fee", "per_unit")
