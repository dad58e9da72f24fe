"""Pieces several operation pages share: request headers, the customer-or-subscription pair, service periods."""

from __future__ import annotations

from chargebee_conformance.spec.model import Kind, Resource
from chargebee_conformance.spec.outcomes import Binding, invalid_request, invalid_state, not_found
from chargebee_conformance.spec.params import OperationBuilder
from chargebee_conformance.spec.settings import Setting, needs

CUSTOMER_ID_SOURCE = (
    "Identifier of the customer for which this invoice needs to be created. "
    "Should be specified if 'subscription_id' is not specified."
)
SUBSCRIPTION_ID_SOURCE = (
    "Identifier of the subscription for which this invoice needs to be created. "
    "Should be specified if 'customer_id' is not specified.(not applicable for consolidated invoice)."
)
EVENT_HEADERS = {
    "chargebee-event-webhook": "skip only webhooks. Possible values: all-disabled",
    "chargebee-event-actions": "skip all actions to be done on the events. Possible values: all-disabled",
    "chargebee-event-email": "skip only emails. Possible values: all-disabled",
}
ORIGIN_HEADERS = {
    "chargebee-request-origin-device": "The device from which the customer has made the request",
    "chargebee-request-origin-user": "The email address of your customer/user. Use this when the email address "
    "has only ASCII characters.",
    "chargebee-request-origin-ip": "The IP address of the customer where the request originated",
    "chargebee-request-origin-user-encoded": "The Base64-encoded email address of your customer/user. Use this if "
    "the email address has UTF-8 characters.",
}
IDEMPOTENCY_KEY_SOURCE = (
    "chargebee-idempotency-key: keys \"can be upto 100 characters\" (idempotency page; the operation page carries "
    "\"Idempotency Supported\")."
)
BUSINESS_ENTITY_SOURCE = (
    "If the site has multiple business entities, you can use this custom HTTP header to specify the business "
    "entity for which Chargebee should perform the operation. (max 50 in the v2 spec)"
)


def request_headers(op: OperationBuilder, *, idempotency: bool, business_entity: bool) -> None:
    """Header values outside their listed values or limits are `convention` (A8): the pages list values, they
    do not say a request with another value fails."""
    for name, source in ORIGIN_HEADERS.items():
        op.header(name, source)
    for name, source in EVENT_HEADERS.items():
        op.header(name, source, enum=("all-disabled",))
    if idempotency:
        op.header("chargebee-idempotency-key", IDEMPOTENCY_KEY_SOURCE, max_length=100)
    if business_entity:
        op.header("chargebee-business-entity-id", BUSINESS_ENTITY_SOURCE, max_length=50,
                  applies=needs(Setting.BUSINESS_ENTITIES))
    unknown_params(op)


def unknown_params(op: OperationBuilder) -> None:
    """A parameter the operation does not document (or documents only in the other API version)."""
    op.rule(
        "request", "unknown_param", Kind.UNKNOWN_PARAM, (),
        "Only the documented parameters are taken; the real API answers an undocumented one with HTTP 400 "
        "\"This param should not be sent\" naming it (docs/decisions.md A1).",
        invalid_request(param_required=False), binding=Binding.CONVENTION,
    )


def customer_or_subscription(op: OperationBuilder) -> None:
    """customer_id / subscription_id, each required when the other is absent (docs/decisions.md A3)."""
    op.string("customer_id", CUSTOMER_ID_SOURCE, max_length=50, refers_to=Resource.CUSTOMER)
    op.string("subscription_id", SUBSCRIPTION_ID_SOURCE, max_length=50, refers_to=Resource.SUBSCRIPTION)
    op.rule(
        "customer_id", "one_of_required", Kind.ONE_OF_REQUIRED, ("customer_id", "subscription_id"),
        "customer_id: \"Should be specified if 'subscription_id' is not specified.\" and the converse.",
        invalid_request("customer_id", "subscription_id", param_required=False),
        note="Neither id: rejected. Both ids: undocumented; see the response rule consistent_ids.",
    )


def service_period(op: OperationBuilder, date_from: str, date_to: str, what: str) -> None:
    op.timestamp(date_from, f"The time when the service period for the {what} starts.")
    op.timestamp(date_to, f"The time when the service period for the {what} ends.")
    op.rule(
        date_from, "date_order", Kind.DATE_ORDER, (date_from, date_to),
        f"{date_from} starts and {date_to} ends the service period; a period cannot end before it starts "
        "(docs/decisions.md A6).",
        invalid_request(date_from, date_to, param_required=False), binding=Binding.CONVENTION,
    )


def pending_invoice_path(op: OperationBuilder) -> None:
    """The {invoice_id} path parameter: must exist (404) and be pending (409 or 400)."""
    op.rule(
        "invoice_id", "exists", Kind.EXISTS, ("invoice_id",),
        "An unknown invoice id gives 404 resource_not_found (error model); `param` for a path id is not "
        "asserted (docs/decisions.md A2).",
        not_found(), binding=Binding.EXACT,
    )
    op.rule(
        "invoice_id", "pending", Kind.PENDING_STATE, ("invoice_id",),
        "Adds a one-time charge / a charge-item price to a pending invoice. Other states: 409 "
        "invalid_state_for_request or a 400 error (docs/decisions.md A11).",
        invalid_state(),
    )


def multicurrency_refusal(op: OperationBuilder) -> None:
    op.rule(
        "site", "multicurrency_refused", Kind.SITE_REFUSES, (),
        "Once Multicurrency support is enabled, the API methods listed below will throw an error as "
        "currency_code is required for these methods to work and the same is not supported in the V1 version "
        "(v1 currencies page; lists Create an invoice and Create invoice for charge).",
        invalid_request(param_required=False), requires=needs(Setting.MULTICURRENCY),
    )



def catalog_kind(op: OperationBuilder, param: str, kinds: tuple[str, ...], source: str, name: str) -> None:
    """The id must name a catalog entry of one kind: a one-time coupon, a non-recurring addon, a charge item
    price. An entry of another kind exists, so this is not a 404 but a wrong value (loose)."""
    op.rule(param, name, Kind.CATALOG_KIND, (param,), source, invalid_request(param, param_required=False),
            values=kinds)
