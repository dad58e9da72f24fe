"""API v2 `POST /invoices/charge` (seed 002_9d3c896609366799; "Idempotency Supported")."""

from __future__ import annotations

from chargebee_conformance.spec.model import Kind, Resource
from chargebee_conformance.spec.operations.common import (
    DECIMAL_UNRULED,
    avatax_communications_rules,
    customer_or_subscription,
    request_headers,
    service_period,
)
from chargebee_conformance.spec.outcomes import invalid_request
from chargebee_conformance.spec.params import OperationBuilder, only_with_setting
from chargebee_conformance.spec.settings import Catalog, Setting, needs

AVATAX_COMMS = needs(Setting.AVATAX_COMMUNICATIONS)
SALE_TYPES = ("wholesale", "retail", "consumed", "vendor_use")
INVOICE_DATE_SOURCE = (
    "The date should not be more than one calendar month into the past. For example, if today is 13th January, "
    "then you cannot pass a value that is earlier than 13th December."
)

op = OperationBuilder(
    "v2.charge", 2, "POST", "/invoices/charge", "Create invoice for a one-time charge (v2)",
    "002_9d3c896609366799.txt", idempotent=True,
    # Documented only in the product catalog 1.0 tree (docs/decisions.md F3); a PC2 site may not offer it.
    requires=needs(catalog=Catalog.PC1),
)
customer_or_subscription(op)
op.string("currency_code", "The currency code (ISO 4217 format) of the invoice amount. Applicable only while "
          "creating an invoice for a customer (by specifying customer_id ).", max_length=3)
op.integer("amount", "amount: optional, in cents, min=1. The amount to be charged.", minimum=1)
op.decimal("amount_in_decimal", "The decimal representation of the amount for the one-time charge. Provide the "
           "value in major units of the currency. Can be provided only when multi-decimal pricing is enabled.",
           max_length=39, applies=needs(Setting.MULTI_DECIMAL))
op.string("description", "Description for this charge.", required=True, max_length=250)
service_period(op, "date_from", "date_to", "charge")
op.string("coupon_ids", "coupon_ids: optional, string. List of Coupons to be added.", array=True,
          refers_to=Resource.COUPON)
op.enum("avalara_sale_type", SALE_TYPES, "Indicates the type of sale carried out. This is applicable only if you "
        "use Chargebee's AvaTax for Communications integration.", applies=AVATAX_COMMS)
op.integer("avalara_transaction_type", "Indicates the type of product to be taxed. This is applicable only if you "
           "use Chargebee's AvaTax for Communications integration.", applies=AVATAX_COMMS)
op.integer("avalara_service_type", "Indicates the type of service for the product to be taxed. This is "
           "applicable only if you use Chargebee's AvaTax for Communications integration.", applies=AVATAX_COMMS)
op.string("po_number", "Purchase Order Number for this invoice.", max_length=100)
op.timestamp("invoice_date", "The document date displayed on the invoice PDF. " + INVOICE_DATE_SOURCE)
op.string("payment_source_id", "Payment source to be used for this payment.", max_length=40)
op.enum("payment_initiator", ("customer", "merchant"), "The type of initiator to be used for the payment request "
        "triggered by this operation.")
for field in ("provider_name", "field_id", "field_value"):
    op.string(f"tax_providers_fields[{field}]", "tax_providers_fields: Parameters for tax_providers_fields "
              "(no limits on the page).", array=True)

op.rule(
    "currency_code", "required_with_multicurrency", Kind.REQUIRED_WITH_SETTING, ("currency_code", "customer_id"),
    "currency_code: required if Multicurrency is enabled (for an invoice created for a customer_id).",
    invalid_request("currency_code"), requires=needs(Setting.MULTICURRENCY),
)
op.rule(
    "currency_code", "needs_customer_id", Kind.REQUIRES_PARAM, ("currency_code", "customer_id"),
    "currency_code: \"Applicable only while creating an invoice for a customer (by specifying customer_id ).\"",
    invalid_request("currency_code", param_required=False),
    note="\"Applicable only while ...\" binds like \"can be provided only when\": sent outside the condition it "
    "is refused (A5).",
)
only_with_setting(op, "amount_in_decimal", Setting.MULTI_DECIMAL,
                  "amount_in_decimal: \"Can be provided only when multi-decimal pricing is enabled.\"")
op.rule(
    "invoice_date", "backdating", Kind.BACKDATING, ("invoice_date",), INVOICE_DATE_SOURCE,
    invalid_request("invoice_date"), requires=needs(Setting.BACKDATING),
    note="Only where the site allows backdating (a setting, off by default: A4). Accepted: at or after the same "
    "instant one calendar month ago. Rejected: before 00:00 (site time "
    "zone) of that calendar day. Month ends clamp (31 March -> last day of February). Between: silent. "
    "Future dates: silent (docs/decisions.md A4).",
)

op.without_rule("currency_code", "The currency code (ISO 4217 format) of the invoice amount.", "Only the length "
                "(max chars=3) is a rule: the page does not say what a code outside ISO 4217, or one the site has "
                "not enabled, gets. Valid cases send the site's own currencies.")
op.without_rule("amount_in_decimal", "The decimal representation of the amount for the one-time charge. Provide the "
                "value in major units of the currency.", DECIMAL_UNRULED)
avatax_communications_rules(op)
op.without_rule("invoice_date", "By default, it is the date of creation of the invoice or, when Metered Billing is "
                "enabled, it can be the date of closing the invoice.", "The default date is no rule: with metered "
                "billing the page allows either date (\"it can be\"), and every shipped sandbox site has metered "
                "billing. response.invoice_date judges a date that was sent.")
op.without_rule("invoice_date", "taxes and line_item_taxes are computed based on the tax configuration as of this "
                "date.", "No shipped site has a tax configuration that changes over time, so which date a tax was "
                "computed for cannot be told.")
op.without_rule("payment_source_id", "Payment source to be used for this payment.", "The id must name one of the "
                "customer's payment sources, but the suite's customers have none (docs/decisions.md A13) and no "
                "profile role names one: it is never sent valid, and an unknown id is not judged. Only the length "
                "is.")
request_headers(op, idempotency=True, business_entity=False)
OPERATION = op.build()
