"""API v1 `POST /invoices/charge` (seed 000_7fca73ab9e4b1585; limits from the v1 OpenAPI spec)."""

from __future__ import annotations

from chargebee_conformance.spec.model import Kind, Resource
from chargebee_conformance.spec.operations.common import (
    catalog_kind,
    customer_or_subscription,
    multicurrency_refusal,
    request_headers,
)
from chargebee_conformance.spec.outcomes import invalid_request
from chargebee_conformance.spec.params import OperationBuilder

op = OperationBuilder(
    "v1.charge", 1, "POST", "/invoices/charge", "Create invoice for a one-time charge (v1)",
    "000_7fca73ab9e4b1585.txt",
)
customer_or_subscription(op)
op.string("description", "Description for this charge.", required=True, max_length=250)
op.string("po_number", "Purchase Order Number for this invoice.", max_length=100)
op.integer("amount", "The amount to be charged. The unit depends on the type of currency.", minimum=1)
op.string(
    "coupon", "The 'One Time' coupon to be applied. Supported only if this one-off invoice is associated "
    "with a Customer(i.e customer_id is specified).", max_length=100, refers_to=Resource.COUPON,
)
op.rule(
    "coupon", "needs_customer_id", Kind.REQUIRES_PARAM, ("coupon", "customer_id"),
    "coupon: \"Supported only if this one-off invoice is associated with a Customer(i.e customer_id is "
    "specified).\"",
    invalid_request("coupon", "customer_id", param_required=False),
    note="A real site answers coupon_not_applicable with param null, so `param` is optional here.",
)
catalog_kind(op, "coupon", ("one_time",), "coupon: \"The 'One Time' coupon to be applied.\" A coupon whose "
             "duration_type is forever or limited_period is not one.", "one_time")
multicurrency_refusal(op)
request_headers(op, idempotency=False, business_entity=False)
OPERATION = op.build()
