"""API v1 `POST /invoices`: a one-off invoice of non-recurring addons and ad-hoc charges (seed 001)."""

from __future__ import annotations

from chargebee_conformance.spec.countries import ISO_3166_ALPHA_2
from chargebee_conformance.spec.model import Kind, Resource
from chargebee_conformance.spec.operations.common import (
    PRICING_UNRULED,
    catalog_kind,
    customer_or_subscription,
    multicurrency_refusal,
    request_headers,
)
from chargebee_conformance.spec.outcomes import Binding, invalid_request
from chargebee_conformance.spec.params import OperationBuilder

op = OperationBuilder(
    "v1.create", 1, "POST", "/invoices", "Create an invoice (v1)", "001_44716622897df730.txt",

)
customer_or_subscription(op)
op.string("po_number", "Purchase Order Number for this invoice.", max_length=100)
op.string("coupon", "The 'One Time' coupon to be applied.", max_length=100, refers_to=Resource.COUPON)
op.boolean(
    "replace_primary_payment_source", "Indicates whether the primary payment source should be replaced with "
    "this payment source. Default value: false",
)
ADDRESS_LIMITS = {  # v1 spec maxLength per shipping_address field
    "first_name": 150, "last_name": 150, "email": 70, "company": 250, "phone": 50, "line1": 150, "line2": 150,
    "line3": 150, "city": 50, "state_code": 50, "state": 50, "zip": 20, "country": 50,
}
for field, limit in ADDRESS_LIMITS.items():
    if field == "country":
        op.enum("shipping_address[country]", ISO_3166_ALPHA_2, "shipping_address.country: Must be one of ISO 3166 "
                "alpha-2 country code. Note : If you enter an invalid country code, the system will return an "
                "error.", max_length=limit)
        continue
    op.string(f"shipping_address[{field}]", f"shipping_address.{field}: part of the shipping address "
              "attached to the generated invoice.", max_length=limit)
INTENT_LIMITS = {"id": 150, "gateway_account_id": 50, "gw_token": 65000, "reference_id": 65000}
for field, limit in INTENT_LIMITS.items():
    op.string(f"payment_intent[{field}]", f"payment_intent.{field}: for the 3DS verification flow.",
              max_length=limit)
op.integer("charges[amount]", "charges.amount[]: The amount to be charged. The unit depends on the type of "
           "currency.", minimum=1, array=True)
op.string("charges[description]", "charges.description[]: Description for this charge", max_length=250,
          array=True)
op.string("addons[id]", "addons.id[]: Identifier of the addon. Multiple addons can be passed.",
          max_length=100, array=True, refers_to=Resource.ADDON)
op.integer("addons[quantity]", "addons.quantity[]: Quantity of the addon. Applicable for addons with "
           "pricing_model other than flat_fee.", minimum=1, array=True)
PAIRED = "Lists are sent column by column with the index last (charges[amount][0], charges[description][0]); "
op.rule("charges[amount]", "paired", Kind.PARALLEL_ARRAY, ("charges[amount]", "charges[description]"),
        PAIRED + "a charge's amount needs its description at the same index.",
        invalid_request("charges[amount]", "charges[description]", param_required=False),
        binding=Binding.CONVENTION,
        note="charges.description[] is not marked required on the page; a charge without one is refused by any "
        "careful API (A1 convention).")
op.rule("charges[description]", "paired", Kind.PARALLEL_ARRAY, ("charges[description]", "charges[amount]"),
        PAIRED + "a description with no amount at its index.",
        invalid_request("charges[amount]", "charges[description]", param_required=False), binding=Binding.SILENT,
        note="The amount of a one-time charge is optional on the charge operation's own page, so a description "
        "without an amount is not documented as wrong: recorded, never failed.")
op.rule("addons[quantity]", "paired", Kind.PARALLEL_ARRAY, ("addons[quantity]", "addons[id]"),
        "addons.quantity[] is the quantity of the addon named by addons.id[] at the same index.",
        invalid_request("addons[quantity]", "addons[id]", param_required=False))
catalog_kind(op, "coupon", ("one_time",), "coupon: \"The 'One Time' coupon to be applied.\" A coupon whose "
             "duration_type is forever or limited_period is not one.", "one_time")
catalog_kind(op, "addons[id]", ("non_recurring",), "\"Creates a one-off invoice for multiple 'Non "
             "Recurring' addon & ad-hoc charges\". A recurring addon is not one.", "non_recurring")
multicurrency_refusal(op)

# What the page says about the shipping address and the payment intent that no rule states.
op.without_rule("shipping_address[state_code]", "Currently supported for USA, Canada and India.",
                "The page does not say what a state_code of another country, or an unknown one, gets. Valid cases "
                "send a matching country, state_code and zip (strategies/usage.py LOCALES); only the length is "
                "judged.")
op.without_rule("shipping_address[state]", "Is set by Chargebee automatically for US, Canada and India If "
                "state_code is provided.", "A response promise no rule states: response.shipping_address compares "
                "the fields sent, and which state name Chargebee fills in is not documented.")
op.without_rule("shipping_address[zip]", "The number of characters is validated according to the rules specified "
                "here.", "The rules are on another page (postal-code rules per country), not in the documentation "
                "snapshot. Valid cases send well-formed codes; no invalid zip is sent.")
op.without_rule("shipping_address[email]", "Returned when the value does not meet the required specification for "
                "the parameter. For example, wrong email format.", "The v1 spec gives shipping_address.email "
                "`format: email` and this 400 code, but no grammar: which strings count as malformed is not "
                "documented, so only the length is judged.", source="v1 OpenAPI spec (400 param_wrong_value)")
op.without_rule("shipping_address[country]", "If you have enabled EU VAT in 2021 or later, or have manually enable "
                "the Brexit configuration, then XI (the code for United Kingdom -- Northern Ireland) is available "
                "as an option.", "A site setting no profile describes: the enum lists XI (and XK) as valid "
                "(spec/countries.py), so neither is ever sent as an invalid code.")
PAYMENT_INTENT_UNRULED = ("3DS payment intents need a payment gateway the suite's sites lack: no case sends a real "
                          "one (strategies/usage.py), so only the lengths are judged.")
for field, quote in (
    ("id", "Applicable only when you are using Chargebee.js for completing the 3DS flow. The PaymentIntent should "
     "be in 'authorized' state while passing it here."),
    ("gw_token", "Can be passed only after successfully completing the 3DS flow."),
    ("reference_id", "Applicable when you are using Braintree APIs for completing the 3DS flow."),
):
    op.without_rule(f"payment_intent[{field}]", quote, PAYMENT_INTENT_UNRULED)
op.without_rule("addons[quantity]", "Applicable for addons with pricing_model other than flat_fee.",
                PRICING_UNRULED)
request_headers(op, idempotency=False, business_entity=False)
OPERATION = op.build()
