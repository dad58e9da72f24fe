"""API v1 `POST /invoices/{invoice-id}/add_charge` (v1 OpenAPI spec: "adds a one-time charge to a pending
invoice"; not among the five seed pages, modelled because the v1 spec subset carries it)."""

from __future__ import annotations

from chargebee_conformance.spec.operations.common import pending_invoice_path, request_headers
from chargebee_conformance.spec.params import OperationBuilder
from chargebee_conformance.spec.settings import Setting, needs

op = OperationBuilder(
    "v1.add_charge", 1, "POST", "/invoices/{invoice_id}/add_charge", "Add charge to a pending invoice (v1)",
    "(v1 OpenAPI spec)", requires=needs(Setting.METERED_BILLING), needs_pending_invoice=True,
)
op.integer("amount", "The amount to be charged. The unit depends on the type of currency.", required=True,
           minimum=1)
op.string("description", "Detailed description about this lineitem.", required=True, max_length=250)
pending_invoice_path(op)
request_headers(op, idempotency=False, business_entity=False)
OPERATION = op.build()
