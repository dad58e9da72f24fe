"""Pieces several operation pages share: request headers, the customer-or-subscription pair, service periods."""

from __future__ import annotations

from chargebee_conformance.spec.model import Kind, Location, Resource
from chargebee_conformance.spec.outcomes import Binding, invalid_request, invalid_state, not_found
from chargebee_conformance.spec.params import OperationBuilder, only_with_setting
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
BUSINESS_ENTITY_QUOTE = (
    "If the site has multiple business entities, you can use this custom HTTP header to specify the business "
    "entity for which Chargebee should perform the operation."
)
BUSINESS_ENTITY_SOURCE = BUSINESS_ENTITY_QUOTE + " (max 50 in the v2 spec)"

# Where the pages' header sentences stand (the v2 charge page lists no headers; v1 add_charge has no page).
HEADER_PAGES = "the request headers of seeds 000, 001, 003, 004 and of the v1 OpenAPI spec"
CONTENT_TYPE_QUOTE = 'The media type of the request body. Default value: "application/x-www-form-urlencoded"'
CONTENT_TYPE_LEFT_OUT = (
    "Every request is form-encoded, the documented default (docs/decisions.md F12): the header says how the body "
    "is encoded rather than carrying a value to vary, and no page says what another media type gets. The client "
    "always sends the default; nothing is judged about it."
)
HEADER_VALUE_UNRULED = (
    "The pages describe the value but no page says what a request with another value gets (docs/decisions.md "
    "A8, F8): the suite sends well-formed values (protocol.documented_headers) and judges no other."
)
ORIGIN_IGNORED_UNRULED = (
    "No response shows which origin a server recorded (the Invoice carries none), so 'ignored' cannot be observed."
)
BUSINESS_ENTITY_UNRULED = (
    "The value must name one of the site's business entities, but no shipped site has business entities and no "
    "profile role names one: only the length is judged (a convention, A8). What a single-entity site or an "
    "unknown entity id gets is not documented."
)
# "Applicable only if you use ..." on parameters declared with `applies`.
APPLIES_ONLY_UNRULED = (
    "\"Applicable for\" (unlike \"applicable only\", docs/decisions.md A5) does not say that a request outside the "
    "setting is wrong, so the parameter is only never sent to a site without it (`applies`), and nothing is judged "
    "there."
)
CONSOLIDATED_UNRULED = (
    "'Not applicable' does not say whether a site with consolidated invoicing refuses the id or ignores it, and "
    "no shipped sandbox site has consolidated invoicing: neither reading is judged."
)
DECIMAL_UNRULED = (
    "No rule judges a value that is not a decimal number: the model's type rules cover integers, timestamps and "
    "booleans, and the page gives the form, not the failure. The length limit is judged."
)
AVALARA_CODES_UNRULED = "The Avalara code lists are not in the documentation snapshot: only integer-ness is judged."
PRICING_UNRULED = (
    "docs/decisions.md A17: every case, valid or invalid, keeps this parameter to the pricing models it applies "
    "to, so that no case breaks two rules at once; whether a site refuses or ignores it elsewhere is not judged."
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
        op.without_rule("chargebee-business-entity-id", BUSINESS_ENTITY_QUOTE, BUSINESS_ENTITY_UNRULED,
                        source=HEADER_PAGES)
    op.leave_out("Content-Type", Location.HEADER, CONTENT_TYPE_QUOTE, CONTENT_TYPE_LEFT_OUT, source=HEADER_PAGES)
    header_values_without_rule(op)
    unknown_params(op)


def header_values_without_rule(op: OperationBuilder) -> None:
    """What the pages say about the origin headers' values, which no rule states."""
    user, encoded, ip = (f"chargebee-request-origin-{name}" for name in ("user", "user-encoded", "ip"))
    op.without_rule(user, "Use this when the email address has only ASCII characters.", HEADER_VALUE_UNRULED,
                    source=HEADER_PAGES)
    op.without_rule(encoded, "The Base64-encoded email address of your customer/user.", HEADER_VALUE_UNRULED,
                    source=HEADER_PAGES)
    op.without_rule((encoded, user), "When this header is provided, the header chargebee-request-origin-user is "
                    "ignored.", ORIGIN_IGNORED_UNRULED, source=HEADER_PAGES)
    op.without_rule(ip, ORIGIN_HEADERS[ip], HEADER_VALUE_UNRULED,
                    source=HEADER_PAGES + " (the spec adds a pattern for IPv4 addresses, host names and IPv6)")


AVATAX_COMMS_SOURCE = "This is applicable only if you use Chargebee's AvaTax for Communications integration."


def avatax_communications_rules(op: OperationBuilder) -> None:
    """The three AvaTax for Communications parameters of v2 charge and v2 add_charge: sent to a site without that
    integration they are refused (docs/decisions.md A5: "applicable only ..." binds as loose everywhere)."""
    names = ("avalara_sale_type", "avalara_transaction_type", "avalara_service_type")
    for name in names:
        only_with_setting(op, name, Setting.AVATAX_COMMUNICATIONS, f"{name}: {AVATAX_COMMS_SOURCE}")
    op.without_rule(names[1:], "Values for this field can be taken from Avalara.", AVALARA_CODES_UNRULED)


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
    op.without_rule("subscription_id", "(not applicable for consolidated invoice)", CONSOLIDATED_UNRULED)


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
