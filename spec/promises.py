"""Promises about responses and the protocol, as rules with ids and sources (docs/decisions.md B17).

Request constraints have invalid-case generators; these are checked by the suite's properties.
"""

from __future__ import annotations

from collections.abc import Iterable

from chargebee_conformance.spec.model import Kind, Operation, Precondition, Rule
from chargebee_conformance.spec.outcomes import (
    IDEMPOTENCY_CONFLICT,
    NO_OUTCOME,
    RATE_LIMITED,
    UNAUTHORIZED,
    Binding,
    Outcome,
    not_found,
)
from chargebee_conformance.spec.settings import ANY_SITE, Requires, Setting
from chargebee_conformance.spec.settings import needs as needs_setting
from chargebee_conformance.spec.wire import base_name

RETURNS_INVOICE = "Returns: invoice, the Invoice object (200, body {\"invoice\": {...}})."
SUB_TOTAL = "sub_total: Amount subtotal (sum of line item amounts less line item discounts)."
AMOUNT_DUE = ("amount_due = total - amount_paid - applied credits - adjustment credit notes - taxes withheld "
              "(Invoice object).")
LINE_AMOUNT = "line_items[].amount: Typically equals to unit amount x quantity (ad-hoc lines; docs/decisions.md A7)."
ADHOC = ("A one-time charge ... appears in the invoice as a line_item of entity_type adhoc; for adhoc lines "
         "entity_id is null.")
STATUS = ("If the 'auto collection' has been turned 'on' for that customer then payment will be immediately "
          "collected ... if 'off', no collection attempt will be made and the invoice generated would have a "
          "\"Payment Due\" status (docs/decisions.md A13).")


def _promise(op: Operation, subject: str, name: str, source: str, binding: Binding = Binding.EXACT,
             needs: Precondition | None = None, requires: Requires = ANY_SITE) -> Rule:
    return Rule(f"{op.id}.{subject}.{name}", Kind.RESPONSE, (), binding, source, NO_OUTCOME, requires=requires,
                precondition=needs)


def _has(op: Operation, name: str) -> bool:
    return any(p.name == name for p in op.params)


def _line_amount_needs(op: Operation) -> Precondition:
    """Where the suite can send a quantity, "unit amount x quantity" is exercised only by a quantity above one."""
    for quantity in ("addons[quantity]", "item_price[quantity]"):
        if _has(op, quantity):
            return Precondition(f"a line the suite added with {quantity} above 1", quantity_above_one=quantity)
    return Precondition("an ad-hoc line")


def response_rules(op: Operation) -> tuple[Rule, ...]:
    """What a successful response of this operation promises."""
    rules = [
        _promise(op, "response", "invoice", RETURNS_INVOICE),
        _promise(op, "response", "schema", "The Invoice object's attributes with their documented types and "
                 "required attributes (v1 spec Invoice schema; v2 Invoice object)."),
        _promise(op, "response", "sub_total", SUB_TOTAL),
        _promise(op, "response", "amount_due", AMOUNT_DUE),
        _promise(op, "response", "line_amount", LINE_AMOUNT, needs=_line_amount_needs(op)),
        _promise(op, "rejection", "nothing_created", "A rejected request creates nothing: no invoice, no "
                 "line item (docs/decisions.md A1, B19).", Binding.LOOSE),
    ]
    if op.needs_pending_invoice:
        rules += [
            _promise(op, "response", "line_added", ADHOC if "add_charge" in op.id and "item" not in op.id else
                     "Adds a charge-item price to a pending invoice: a line of entity_type charge_item_price "
                     "whose entity_id is the item price."),
            _promise(op, "response", "still_pending", "The invoice stays pending until it is closed ('To "
                     "collect the accumulated charges by closing the invoice, call Close a pending "
                     "invoice')."),
        ]
    else:
        rules += [
            _promise(op, "response", "ids", "The invoice is created for the customer_id or subscription_id "
                     "given (Identifier of the customer/subscription for which this invoice needs to be "
                     "created)."),
            _promise(op, "response", "consistent_ids", "With both ids sent (undocumented) an invoice, if "
                     "created, belongs to a consistent pair: the subscription is the given customer's "
                     "(docs/decisions.md A3).",
                     Binding.LOOSE),
            _promise(op, "response", "po_number", "po_number: Purchase Order Number for this invoice.",
                     needs=Precondition("po_number was sent", sent=("po_number",))),
            _promise(op, "response", "line_items", ADHOC + " One line per charge with its description and "
                     "amount; addons as lines of entity_type addon."),
            _promise(op, "response", "status", STATUS),
        ]
    if any(p.name in ("coupon", "coupon_ids") for p in op.params):
        rules.append(_promise(op, "response", "coupon", "coupon: \"The 'One Time' coupon to be applied.\" (v2: "
                              "coupon_ids, \"List of Coupons to be added.\"): the invoice carries a discount.",
                              needs=Precondition("a coupon was sent", sent=("coupon", "coupon_ids"))))
    if op.id == "v2.charge":
        rules += [
            _promise(op, "response", "invoice_date", "invoice_date: The document date displayed on the "
                     "invoice (Invoice.date).", needs=Precondition("invoice_date was sent", sent=("invoice_date",)),
                     requires=needs_setting(Setting.BACKDATING)),
            _promise(op, "response", "service_period", "date_from / date_to: the service period of the "
                     "charge (line_items[].date_from / date_to as sent; docs/decisions.md A6).",
                     needs=Precondition("a service period was sent", both=("date_from", "date_to"))),
            _promise(op, "response", "currency_code", "currency_code: The currency code (ISO 4217 format) of "
                     "the invoice amount.", needs=Precondition("currency_code was sent", sent=("currency_code",)),
                     requires=needs_setting(Setting.MULTICURRENCY)),
        ]
    if op.id == "v2.add_charge":
        rules.append(_promise(op, "response", "service_period", "line_item[date_from] / line_item[date_to]: "
                              "the service period of the charge, carried by its line item (docs/decisions.md A6).",
                              needs=Precondition("a service period was sent",
                                                 both=("line_item[date_from]", "line_item[date_to]"))))
    if op.id == "v2.add_charge_item":
        rules.append(_promise(op, "response", "unit_price", "item_price.unit_price: The price or per-unit-price of "
                              "the item price: the new line's unit_amount is the unit_price sent.",
                              needs=Precondition("item_price[unit_price] was sent", sent=("item_price[unit_price]",))))
    if op.id == "v1.create":
        rules.append(_promise(op, "response", "shipping_address", "The Shipping Address can be passed, which "
                              "will then be attached to the generated invoice.",
                              needs=Precondition("a shipping address was sent", sent=("shipping_address",))))
        rules.append(_promise(op, "response", "addon_lines", "addons.id[] / addons.quantity[]: each addon sent "
                              "is a line of entity_type addon carrying the quantity sent at its index.",
                              needs=Precondition("two addon rows, one with a quantity above 1",
                                                 quantity_above_one="addons[quantity]", rows=("addons", 2))))
    return tuple(rules)


def _protocol(
    rule_id: str, source: str, outcome: Outcome = NO_OUTCOME, binding: Binding = Binding.EXACT,
) -> Rule:
    return Rule(rule_id, Kind.PROTOCOL, (), binding, source, outcome)


AUTH = (
    "Chargebee uses HTTP Basic authentication for API calls. The username is your API key while the password "
    "is empty. (401: api_authentication_failed / basic_authentication_failed)"
)
PROTOCOL_RULES: tuple[Rule, ...] = (
    _protocol("auth.missing_key", AUTH, UNAUTHORIZED),
    _protocol("auth.wrong_key", AUTH, UNAUTHORIZED),
    _protocol("auth.key_as_password", AUTH + " A key sent as the password leaves the user name wrong.",
              UNAUTHORIZED, Binding.LOOSE),
    _protocol("v2.idempotency.replay", "If there is a record, Chargebee returns the response for that record "
              "with a response header chargebee-idempotency-replayed set to true ... instead of processing "
              "the request again."),
    _protocol("v2.idempotency.conflict", "422 unable_to_process_request: returned when a client attempts to "
              "reuse an idempotency key with a different request payload.", IDEMPOTENCY_CONFLICT),
    _protocol("protocol.content_type", "All responses are of type application/json (spec: every response "
              "declares application/json)."),
    _protocol("protocol.unknown_invoice", "resource_not_found: any of resource(s) referred in the request is "
              "not found (404).", not_found()),
    _protocol("protocol.documented_headers", "The request headers each operation page lists "
              "(chargebee-request-origin-*, chargebee-event-* with all-disabled) are accepted."),
    _protocol("protocol.rate_limit", "On breach an HTTP 429 error response is returned (type "
              "operation_failed, api_request_limit_exceeded); Chargebee may also send a Retry-After header.",
              RATE_LIMITED),
)


def precondition_met(rule: Rule, form: Iterable[tuple[str, str]]) -> bool:
    """Whether a request carries what `rule`'s precondition asks for (no precondition: always)."""
    needs = rule.precondition
    if needs is None:
        return True
    sent: dict[str, list[tuple[int | None, str]]] = {}
    for key, value in form:
        if value != "":
            name, index = base_name(key)
            for group in {name, name.split("[", 1)[0]}:
                sent.setdefault(group, []).append((index, value))
    if needs.sent and not any(name in sent for name in needs.sent):
        return False
    if needs.both and not all(name in sent for name in needs.both):
        return False
    group, rows = needs.rows
    if rows and len({index for index, _ in sent.get(group, [])}) < rows:
        return False
    if needs.quantity_above_one:
        return any(value.isdigit() and int(value) > 1 for _, value in sent.get(needs.quantity_above_one, []))
    return True
