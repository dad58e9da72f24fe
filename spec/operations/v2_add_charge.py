"""API v2 `POST /invoices/{invoice-id}/add_charge` (seed 004_7e2fd293f4cef69d; limits from the v2 spec)."""

from __future__ import annotations

from chargebee_conformance.spec.model import Resource
from chargebee_conformance.spec.operations.common import (
    APPLIES_ONLY_UNRULED,
    avatax_communications_rules,
    pending_invoice_path,
    request_headers,
    service_period,
)
from chargebee_conformance.spec.params import OperationBuilder, only_with_setting
from chargebee_conformance.spec.settings import Setting, needs

AVATAX_COMMS = needs(Setting.AVATAX_COMMUNICATIONS)
SALE_TYPES = ("consumed", "retail", "vendor_use", "wholesale")
HSN_SOURCE = (
    "hsn_code: Applicable when both the conditions are true: India has been enabled as a Tax Region. (An error "
    "is returned when this condition is not true.) The AvaTax for Sales integration has been enabled in Chargebee."
)

op = OperationBuilder(
    "v2.add_charge", 2, "POST", "/invoices/{invoice_id}/add_charge", "Add one-time charge to a pending invoice",
    "004_7e2fd293f4cef69d.txt", idempotent=True,
    # The vendor's CLI, generated from its specs, lists it for both product catalogs (docs/decisions.md A18); it
    # needs a pending invoice, hence metered billing.
    requires=needs(Setting.METERED_BILLING),
    needs_pending_invoice=True,
)
op.string("description", "Detailed description about this lineitem.", required=True, max_length=250)
op.integer("amount", "The amount to be charged. The unit depends on the type of currency. (v2 spec: min 1)",
           required=True, minimum=1)
op.string("comment", "An internal comment to be added for this operation, to the invoice. (v2 spec: max 300)",
          max_length=300)
op.string("avalara_tax_code", "Applicable only if you use Chargebee's AvaTax for Sales integration. (max 50)",
          max_length=50, applies=needs(Setting.AVATAX_SALES))
op.string("taxjar_product_code", "Applicable only if you use Chargebee's TaxJar integration. (max 50)",
          max_length=50, applies=needs(Setting.TAXJAR))
op.enum("avalara_sale_type", SALE_TYPES, "Indicates the type of sale carried out. This is applicable only if you "
        "use Chargebee's AvaTax for Communications integration.", applies=AVATAX_COMMS)
op.string("hsn_code", HSN_SOURCE + " (max 50)", max_length=50,
          applies=needs(Setting.INDIA_TAX_REGION, Setting.AVATAX_SALES))
op.integer("avalara_service_type", "Applicable only if you use Chargebee's AvaTax for Communications "
           "integration.", applies=AVATAX_COMMS)
op.integer("avalara_transaction_type", "Applicable only if you use Chargebee's AvaTax for Communications "
           "integration.", applies=AVATAX_COMMS)
service_period(op, "line_item[date_from]", "line_item[date_to]", "charge")
op.string("subscription_id", "Identifier of the subscription for which this charge needs to be created. "
          "Applicable for consolidated invoice. (max 50)", max_length=50, refers_to=Resource.SUBSCRIPTION,
          applies=needs(Setting.CONSOLIDATED_INVOICING))
only_with_setting(op, "hsn_code", Setting.INDIA_TAX_REGION, HSN_SOURCE)
pending_invoice_path(op)

# docs/decisions.md A5: "applicable only ..." binds as loose everywhere: sent to a site without it, refused.
only_with_setting(op, "avalara_tax_code", Setting.AVATAX_SALES,
                  "avalara_tax_code: Applicable only if you use Chargebee's AvaTax for Sales integration.")
only_with_setting(op, "taxjar_product_code", Setting.TAXJAR,
                  "taxjar_product_code: Applicable only if you use Chargebee's TaxJar integration.")
avatax_communications_rules(op)
op.without_rule("hsn_code", "The AvaTax for Sales integration has been enabled in Chargebee.", "Only the India "
                "half (\"An error is returned when this condition is not true\") is a rule, needs_india_tax_region; "
                "for the AvaTax half the page states no failure. Valid cases send hsn_code only with both "
                "(strategies/usage.py).")
op.without_rule("subscription_id", "Applicable for consolidated invoice.", APPLIES_ONLY_UNRULED + " No shipped "
                "sandbox site has consolidated invoicing either.")
request_headers(op, idempotency=True, business_entity=True)
OPERATION = op.build()
