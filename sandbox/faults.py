"""Named faults: each breaks exactly one documented behaviour, so the suite can be shown to notice it.

Faults are data. Most request-validation faults are applied generically by `Effect` to the rule they name (see
`sandbox.validation`); the rest are small `FaultSet.on(name)` hooks at the one code path they bend. Every
fault names the rule id (from `spec/`) whose promise it breaks, and only that rule is targeted: the max-length
off-by-one faults, for example, bend `v2.charge.description.max_length` and no other limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Effect(StrEnum):
    """How a validation fault bends the rule it names; hooks in the code handle faults without an effect."""

    IGNORE = "ignore"  # the rule is never reported: violating requests are processed
    LIMIT_PLUS_ONE = "limit_plus_one"  # the limit is enforced one too high (max+1 accepted)
    LIMIT_MINUS_ONE = "limit_minus_one"  # the limit is enforced one too low (exactly max rejected)
    CLOCK_PLUS_DAY = "clock_plus_day"  # the backdating limit is computed a day late: valid backdates refused
    STATUS_500 = "status_500"  # the error is answered with HTTP 500
    STATUS_200 = "status_200"  # the error body is sent with HTTP 200
    STATUS_400 = "status_400"  # a 404 resource_not_found is answered as a 400 invalid_request
    WRONG_PARAM = "wrong_param"  # `param` names another parameter of the operation
    PARAM_OMITTED = "param_omitted"  # the error carries no `param`


@dataclass(frozen=True)
class Fault:
    name: str
    rule: str  # the rule id (spec/) whose documented behaviour this fault breaks
    description: str
    effect: Effect | None = None


FAULTS: tuple[Fault, ...] = (
    # Request constraints, bent through the validator.
    Fault("max_length_accepts_one_more", "v2.charge.description.max_length",
          "v2 charge accepts a 251-character description (max 250 enforced as 251).", Effect.LIMIT_PLUS_ONE),
    Fault("max_length_rejects_max", "v2.charge.description.max_length",
          "v2 charge rejects a description of exactly 250 characters (max 250 enforced as 249).",
          Effect.LIMIT_MINUS_ONE),
    Fault("amount_zero_accepted", "v2.charge.amount.minimum",
          "v2 charge accepts amount 0 and below (minimum 1 not enforced).", Effect.IGNORE),
    Fault("neither_id_accepted", "v2.charge.customer_id.one_of_required",
          "v2 charge without customer_id and subscription_id creates an invoice with an empty customer_id.",
          Effect.IGNORE),
    Fault("backdating_unchecked", "v2.charge.invoice_date.backdating",
          "v2 charge accepts an invoice_date more than one calendar month in the past.", Effect.IGNORE),
    Fault("backdating_too_strict", "v2.charge.invoice_date.backdating",
          "v2 charge refuses invoice_date values between one month ago and one month minus one day ago, "
          "which the docs allow.", Effect.CLOCK_PLUS_DAY),
    Fault("add_charge_to_closed_invoice", "v2.add_charge.invoice_id.pending",
          "v2 add_charge adds the charge to an invoice that is not pending.", Effect.IGNORE),
    Fault("parallel_arrays_unchecked", "v1.create.charges[amount].paired",
          "v1 create accepts charges[amount][i] without charges[description][i] (blank description).",
          Effect.IGNORE),
    Fault("description_not_required", "v2.charge.description.required",
          "v2 charge accepts a request without description.", Effect.IGNORE),
    Fault("enum_unchecked", "v2.charge.payment_initiator.enum",
          "v2 charge accepts any payment_initiator value.", Effect.IGNORE),
    Fault("date_order_unchecked", "v2.charge.date_from.date_order",
          "v2 charge accepts date_from later than date_to.", Effect.IGNORE),
    Fault("amount_in_decimal_without_multi_decimal", "v2.charge.amount_in_decimal.needs_multi_decimal",
          "v2 charge accepts amount_in_decimal on a site without multi-decimal pricing.", Effect.IGNORE),
    Fault("avatax_code_without_avatax", "v2.add_charge.avalara_tax_code.needs_avatax_sales",
          "v2 add_charge accepts avalara_tax_code on a site without the AvaTax for Sales integration.", Effect.IGNORE),
    Fault("v1_charge_on_multicurrency", "v1.charge.site.multicurrency_refused",
          "v1 charge works on a multicurrency site (the docs say it throws an error).", Effect.IGNORE),
    # Error outcomes of one rule each.
    Fault("validation_error_500", "v1.charge.description.max_length",
          "v1 charge answers a too-long description with HTTP 500 (operation_failed/internal_error).",
          Effect.STATUS_500),
    Fault("validation_error_200", "v2.add_charge.amount.minimum",
          "v2 add_charge answers amount below 1 with an error body but HTTP 200.", Effect.STATUS_200),
    Fault("wrong_error_param", "v2.charge.po_number.max_length",
          "v2 charge's error for a too-long po_number names another parameter.", Effect.WRONG_PARAM),
    Fault("unknown_customer_400", "v2.charge.customer_id.exists",
          "v2 charge answers an unknown customer_id with 400 invalid_request, not 404 resource_not_found.",
          Effect.STATUS_400),
    Fault("not_found_without_param", "v2.charge.customer_id.exists",
          "v2 charge answers an unknown customer_id with 404 resource_not_found but no param.",
          Effect.PARAM_OMITTED),
    # Catalog kinds: an id of the wrong kind of entry is taken.
    Fault("charge_item_takes_plan_price", "v2.add_charge_item.item_price[item_price_id].charge_item",
          "v2 add_charge_item adds a plan or addon item price as if it were a charge.", Effect.IGNORE),
    Fault("recurring_addon_accepted", "v1.create.addons[id].non_recurring",
          "v1 create bills a recurring addon on the one-off invoice.", Effect.IGNORE),
    Fault("forever_coupon_accepted", "v1.charge.coupon.one_time",
          "v1 charge applies a coupon whose duration_type is forever.", Effect.IGNORE),
    Fault("quantity_in_decimal_accepted", "v2.add_charge_item.item_price[quantity_in_decimal].needs_multi_decimal",
          "v2 add_charge_item takes item_price[quantity_in_decimal] on a site without multi-decimal pricing.",
          Effect.IGNORE),
    Fault("currency_without_customer_accepted", "v2.charge.currency_code.needs_customer_id",
          "v2 charge takes currency_code for an invoice created for a subscription_id only.", Effect.IGNORE),
    # Responses, state and protocol: hooks in the code paths.
    Fault("mixed_customer_subscription", "v2.charge.response.consistent_ids",
          "v2 charge with a subscription_id of ANOTHER customer than customer_id mixes both in one invoice."),
    Fault("line_amount_off_by_one", "v2.charge.response.line_amount",
          "v2 charge's ad-hoc line has unit_amount = amount + 1 (amount != unit_amount x quantity)."),
    Fault("sub_total_not_sum", "v2.add_charge.response.sub_total",
          "v2 add_charge stores a sub_total one more than the sum of line amounts less discounts."),
    Fault("po_number_dropped", "v2.charge.response.po_number",
          "v2 charge does not echo po_number on the invoice."),
    Fault("paid_without_auto_collection", "v2.charge.response.status",
          "v2 charge marks the invoice paid although the customer's auto collection is off."),
    Fault("charge_item_wrong_entity_type", "v2.add_charge_item.response.line_added",
          "v2 add_charge_item adds the line with entity_type adhoc instead of charge_item_price."),
    Fault("coupon_not_applied", "v2.charge.response.coupon",
          "v2 charge takes coupon_ids but discounts nothing: no line item discount, no discounts entry, full total."),
    Fault("amount_due_ignores_payment", "v2.charge.response.amount_due",
          "v2 charge leaves amount_due at the total when auto collection has paid the invoice."),
    Fault("line_amount_ignores_quantity", "v2.add_charge_item.response.line_amount",
          "v2 add_charge_item gives a per_unit line the amount of one unit, whatever the quantity."),
    Fault("unit_price_ignored", "v2.add_charge_item.response.unit_price",
          "v2 add_charge_item ignores item_price[unit_price] and prices the line at the catalog price."),
    Fault("addon_quantities_shifted", "v1.create.response.addon_lines",
          "v1 create applies addons[quantity][i] to the addon of row i+1 (the first addon gets quantity 1)."),
    Fault("shipping_address_dropped", "v1.create.response.shipping_address",
          "v1 create does not attach the shipping address to the invoice."),
    Fault("rejection_creates_invoice", "v2.charge.rejection.nothing_created",
          "a rejected v2 charge still creates an (empty) invoice for the customer it names."),
    Fault("add_charge_line_not_saved", "v1.add_charge.response.line_added",
          "v1 add_charge answers with the new line but does not store it: a later GET lacks it."),
    Fault("idempotency_ignored", "v2.idempotency.replay",
          "a reused chargebee-idempotency-key is ignored: the request runs again (a second invoice)."),
    Fault("replay_header_missing", "v2.idempotency.replay",
          "a replayed response lacks the chargebee-idempotency-replayed: true header."),
    Fault("idempotency_conflict_ignored", "v2.idempotency.conflict",
          "a key reused with other parameters is processed instead of answered with 422."),
    Fault("auth_not_enforced", "auth.missing_key",
          "a request without an Authorization header is served (a wrong key is still refused)."),
    Fault("rate_limit_without_retry_after", "protocol.rate_limit",
          "the 429 answer to a rate-limit breach carries no Retry-After header."),
    Fault("html_content_type", "protocol.content_type",
          "successful responses are labelled text/html (the body stays JSON)."),
)
BY_NAME: Mapping[str, Fault] = {fault.name: fault for fault in FAULTS}


class UnknownFault(ValueError):
    """A fault name that is not in FAULTS; the message lists the known ones."""


@dataclass(frozen=True)
class FaultSet:
    """The faults switched on for one sandbox."""

    names: frozenset[str] = frozenset()

    @classmethod
    def of(cls, names: Iterable[str]) -> FaultSet:
        names = frozenset(names)
        unknown = sorted(names - set(BY_NAME))
        if unknown:
            raise UnknownFault(f"unknown fault(s) {', '.join(unknown)}; see --list-faults "
                               f"(known: {', '.join(sorted(BY_NAME))})")
        return cls(names)

    def on(self, name: str) -> bool:
        assert name in BY_NAME, name  # a typo in a hook would silently disable the fault
        return name in self.names

    def effect(self, rule_id: str, *effects: Effect) -> Effect | None:
        """The effect an active fault has on this rule, if it is one of `effects`."""
        for name in self.names:
            fault = BY_NAME[name]
            if fault.rule == rule_id and fault.effect in effects:
                return fault.effect
        return None

    def __bool__(self) -> bool:
        return bool(self.names)


def listing() -> str:
    """One line per fault: name, the rule id it breaks, what it does (for --list-faults)."""
    width = max(len(f.name) for f in FAULTS)
    rule_width = max(len(f.rule) for f in FAULTS)
    return "\n".join(f"{f.name:<{width}}  {f.rule:<{rule_width}}  {f.description}" for f in FAULTS)
