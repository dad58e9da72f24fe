"""Named quirks: each makes a DIFFERENT choice where the docs (as docs/decisions.md settles them) are silent.

Faults break a promise so the suite can be shown to notice; quirks keep every promise and change only what the
docs leave open, so the suite can be shown NOT to notice (a failure against a quirk is a false alarm). An
independent Chargebee-compatible server makes its own choices at these points; the quirks are ours.

Quirks are data, like faults. Each names the silent point it changes and what allows the change (a docs/decisions.md
item or a silence of the docs). The hooks that read them live where the choice is made (`sandbox.dress` and
`sandbox.error_style` for responses, `sandbox.quirk_checks` for stricter requests, `sandbox.style` for new
records, plus a few `QuirkSet.on(name)` checks in the code paths). `all` switches on every quirk that can be
combined: when two quirks make opposite choices at one point, the first listed wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Quirk:
    name: str
    changes: str  # the silent point and the choice made there
    allowed_by: str  # the docs/decisions.md item or doc silence that leaves the point open
    enforces: tuple[str, ...] = ()  # suffixes of silent rule ids the quirk refuses (`.currency_code.needs_...`)
    relaxes: tuple[str, ...] = ()  # suffixes of rule ids the quirk does not refuse (the docs do not bind them)
    conflicts: tuple[str, ...] = ()  # quirks making the opposite choice at the same point


QUIRKS: tuple[Quirk, ...] = (
    # Error bodies.
    Quirk("codes_invalid_request", "every 400 error carries api_error_code invalid_request",
          "A1 loose: any api_error_code of the spec's 400 enum", conflicts=("codes_param_wrong_value",)),
    Quirk("codes_param_wrong_value", "every 400 error carries api_error_code param_wrong_value (also required "
          "and cross-field rules)", "A1 loose: any api_error_code of the spec's 400 enum"),
    Quirk("errors_without_type", "error bodies carry no type", "the error-handling page calls type \"an optional "
          "attribute\" (docs/decisions.md A1: absent is fine)", conflicts=("errors_untyped",)),
    Quirk("errors_untyped", "400 and 404 errors carry type untyped",
          "A1: untyped is a 400 type; the v1 spec's 404 types are invalid_request and untyped"),
    Quirk("param_base_name", "param names the base parameter (charges[amount], coupon_ids), not the indexed form",
          "A1: param is the form name as sent or its base name"),
    Quirk("param_omitted_when_optional", "400 errors of rules whose outcome does not require a param (one of, "
          "requires, date order, parallel arrays) carry no param", "A1 / spec.outcomes: param_required False"),
    Quirk("param_on_path_404", "a 404 for an unknown invoice in the URL path names param invoice_id",
          "A2: param on a 404 for an id in the URL path is never asserted"),
    Quirk("not_found_param_entity", "a 404 for an unknown id in the body names the entity's id attribute in param "
          "(coupon_id, addon_id, item_price_id), not the form name", "the vendor's error-handling sample answers an "
          "unknown plan_id with param item_id (docs/decisions.md A1)"),
    Quirk("messages_reworded", "error messages use other wording", "A2: message wording is never asserted"),
    Quirk("no_legacy_error_fields", "error bodies omit error_code, error_msg, error_param, http_status_code "
          "(except a legacy-only 401)", "A2: the legacy error fields being present or not is never asserted"),
    # Response bodies.
    Quirk("new_enum_value", "invoices carry price_type tax_exempt, a value the docs do not list (the sandbox's "
          "invoices have no tax, so no figure changes)", "A8: response enums are open, an unknown value is observed"),
    Quirk("keys_reversed", "every JSON object lists its keys in reverse order", "A2: JSON key order"),
    Quirk("keys_shuffled", "every JSON object lists its keys in a fixed pseudo-random order",
          "A2: JSON key order"),
    Quirk("extra_attributes", "invoices, line items, customers, subscriptions, errors, list entries and "
          "response roots carry undocumented attributes", "A2: extra, undocumented attributes"),
    Quirk("nulls_for_absent", "absent optional invoice and line item attributes are sent as null; lists carry "
          "next_offset null", "A2: absent optional attributes given as null"),
    Quirk("empty_lists_omitted", "empty arrays (discounts, taxes, line_item_taxes, ...) are left out",
          "A2 / schema: the arrays are optional attributes"),
    Quirk("lines_reversed", "line items are listed newest first", "docs give no order of line_items"),
    Quirk("json_formatting", "JSON is indented and escapes every non-ASCII character (\\u00e9)",
          "RFC 8259: both are the same JSON text; the docs fix no formatting"),
    Quirk("text_trimmed", "descriptions, po_number and shipping address fields are echoed trimmed",
          "checks.same_text: the SDK trims values itself; the docs say nothing of surrounding whitespace"),
    # Headers.
    Quirk("content_type_no_charset", "Content-Type is application/json without a charset parameter",
          "protocol.content_type: only the media type application/json is documented"),
    Quirk("extra_headers", "every response carries server, x-request-id, cache-control and "
          "strict-transport-security headers", "docs list no response headers besides the idempotency one"),
    Quirk("rate_limit_headers", "X-RateLimit-Limit/-Remaining/-Reset on every response, and more on a 429",
          "reference §10: no X-RateLimit-* headers are documented, none are forbidden"),
    Quirk("gzip_responses", "bodies are gzip-compressed whenever the client accepts it (Content-Encoding: gzip)",
          "HTTP content coding is the client's offer (Accept-Encoding); the docs say nothing of compression"),
    # Idempotency.
    Quirk("replayed_false_on_first", "a first execution with an idempotency key answers "
          "chargebee-idempotency-replayed: false", "A2: the header false on a first execution is never asserted"),
    Quirk("errors_replayed", "error answers are stored under an idempotency key and replayed like successes",
          "A2: whether error responses are replayed is never asserted"),
    Quirk("idempotency_v2_only", "API v1 ignores chargebee-idempotency-key (the request runs again)",
          "A14: idempotency on v1 is silent"),
    # State and validation order.
    Quirk("not_pending_400", "add_charge / add_charge_item / close on a non-pending invoice: 400 "
          "invalid_request instead of 409", "A11: 409 invalid_state_for_request or a 400 error"),
    Quirk("long_id_not_found", "an over-long id in the body is answered 404 resource_not_found (existence is "
          "checked before length)", "spec.params: an over-long id's max_length rule accepts a 404"),
    Quirk("validation_order_reversed", "of several violated rules the last is reported; an unknown invoice "
          "in the path is reported after the body's rules", "docs give no order of checks"),
    # Outcomes of silent rules, flipped.
    Quirk("unknown_params_accepted", "an undocumented parameter is ignored instead of refused",
          "A1: the unknown_param rule is a convention; accepting is allowed", relaxes=(".request.unknown_param",)),
    Quirk("header_values_ignored", "chargebee-event-* values outside all-disabled, an idempotency key over 100 "
          "characters (then not used) and an over-long business entity id are accepted",
          "A8: header values outside their listed values are a convention, the pages list values not failures",
          relaxes=(".chargebee-event-webhook.enum", ".chargebee-event-actions.enum", ".chargebee-event-email.enum",
                   ".chargebee-idempotency-key.max_length", ".chargebee-business-entity-id.max_length")),
    Quirk("reversed_period_accepted", "a service period whose date_from lies after its date_to is accepted as sent",
          "A6: a reversed period is a convention; no page says it fails", relaxes=(".date_order",)),
    Quirk("both_ids_rejected", "customer_id and subscription_id together are refused, also of one customer",
          "A3: both ids, undocumented: a rejection or a consistent invoice"),
    Quirk("future_invoice_date_rejected", "an invoice_date after now is refused", "A4: future dates silent"),
    Quirk("backdating_by_instant", "invoice_date before the exact instant one calendar month ago is refused "
          "(the grey zone from 00:00 site time of that day too)", "A4: between the two bounds nothing"),
    Quirk("backdating_accepted_when_off", "on a site whose backdating setting is off, invoice_date is judged by "
          "the documented one-calendar-month limit instead of refused when in the past",
          "A4: with backdating off a backdated invoice_date is silent (the sandbox's default refuses it, as real "
          "sites do)"),
    Quirk("whitespace_only_rejected", "a text parameter of only whitespace is refused",
          "A9: whitespace-only strings silent"),
    Quirk("amount_exactly_one", "v2 charge with both amount and amount_in_decimal, or neither, is refused",
          "A5: both or neither on v2 charge silent", conflicts=("decimal_amount_wins",)),
    Quirk("decimal_amount_wins", "v2 charge with both amount and amount_in_decimal charges amount_in_decimal",
          "A5: both on v2 charge silent"),
    Quirk("enum_near_miss_rejected", "enum values differing from a member by case or surrounding whitespace are "
          "refused", "A8: near misses silent on acceptance"),
    Quirk("tiers_refused_on_per_unit", "add_charge_item with item_tiers for a per_unit, flat_fee or package item "
          "price is refused (400 naming the first tier parameter)", "A17: item_tiers only with a tiered, volume or "
          "stairstep item price; the suite never sends them otherwise"),
    Quirk("orphaned_tiers_rejected", "add_charge_item with a tier price but no tier at its index is refused",
          "v2.add_charge_item.item_tiers.paired is silent (the page names no mandatory tier fields)",
          enforces=(".item_tiers.paired",)),
    Quirk("values_trimmed", "surrounding whitespace of every form value is dropped before it is read (\" 12\" is "
          "the integer 12)", "reference §12: the SDK trims values itself, the server's handling is UNKNOWN; A9"),
    # v1 create's lists. A charge amount without its description, or an addon quantity without its addon, stays
    # a rule the suite holds (issue #2's parallel arrays; the issue's fault list calls accepting them a fault), so
    # there is no quirk accepting them. Only a description without an amount is silent (an amount is optional on
    # the charge page itself).
    Quirk("orphaned_charge_description_ignored", "v1 create: charges[description][i] without charges[amount][i] "
          "is ignored", "seed 001 / v1 spec: charges.amount[] is not required",
          relaxes=("v1.create.charges[description].paired",)),
    # Ids.
    Quirk("invoice_ids_prefixed", "closed invoices get ids inv_<n>", "docs give no id format"),
    Quirk("pending_ids_plain", "pending invoices are numbered like closed ones (no draft_inv_ prefix)",
          "the draft_inv_ format comes from a support article about PC1, not the API reference"),
    Quirk("line_ids_opaque", "line item ids are opaque hex strings, not li_<n>", "docs give no id format"),
    # Setup and listing.
    Quirk("pc1_first_invoice_closed", "a PC1 subscription's first invoice is closed at once, also on a metered "
          "site (no pending invoice to add charges to)", "reference setup §5: a support article says the first "
          "invoice does not become pending; no PC1 parameter forces it"),
    Quirk("list_newest_first", "List invoices returns the newest invoice first",
          "reference setup §8: the invoice list's default order is UNKNOWN"),
    Quirk("opaque_next_offset", "List invoices pages with an opaque next_offset (a JSON array in a string)",
          "next_offset is a string to pass back as offset; its form is not documented"),
    # Money, status and periods.
    Quirk("document_level_coupon", "coupons stay line_item_discounts of discount_type document_level_coupon but "
          "sub_total is the plain sum of line amounts; total = sub_total - discounts + tax",
          "a captured real invoice lists document_level_coupon line_item_discounts with a gross sub_total "
          "(docs/decisions.md A16)", conflicts=("coupon_discounts_invoice_level",)),
    Quirk("coupon_discounts_invoice_level", "one-time coupons appear only in discounts[] (no "
          "line_item_discounts, no line discount_amount); sub_total is the line sum, total = sub_total - "
          "discounts", "sub_total = lines - line_item_discounts (none here); the total's formula is not given"),
    Quirk("status_posted", "v2 invoices without auto collection are posted instead of payment_due",
          "v2 status posted: not yet collected, within the due period; checks.expected_statuses accepts it"),
    Quirk("one_off_pending", "one-off invoices (charges, v1 create) on a PC1 metered site stay pending",
          "A13: the docs conflict for one-off invoices on PC1 with metered billing; either is accepted"),
    Quirk("zero_total_paid", "an invoice closing with nothing to pay is paid at once, also without auto "
          "collection", "\"the amount due is zero or negative, the invoice is immediately marked as paid\""),
    Quirk("unsent_period_month", "a line sent without a service period covers 30 days from its start",
          "A6: service period not sent: silent (reference §6: UNKNOWN)"),
    # Authentication.
    Quirk("legacy_only_401", "a 401 body has only error_code api_authentication_invalid_key, error_msg and "
          "http_status_code", "the chargebee SDKs' own test fixture for a wrong key (docs/decisions.md A15)",
          conflicts=("auth_codes_by_cause",)),
    Quirk("auth_codes_by_cause", "401 code by cause: no header api_authentication_failed, malformed or with a "
          "password basic_authentication_failed, unknown key api_authentication_invalid_key",
          "A15: the 401 api_error_code is loose among the three"),
)
BY_NAME: Mapping[str, Quirk] = {quirk.name: quirk for quirk in QUIRKS}
ALL = "all"


def _combinable() -> frozenset[str]:
    """Every quirk, skipping any whose choice an earlier-listed quirk contradicts."""
    chosen: list[str] = []
    for quirk in QUIRKS:
        if not any(_clash(quirk.name, other) for other in chosen):
            chosen.append(quirk.name)
    return frozenset(chosen)


def _clash(a: str, b: str) -> bool:
    return b in BY_NAME[a].conflicts or a in BY_NAME[b].conflicts


class QuirkError(ValueError):
    """An unknown quirk name, or two quirks making opposite choices; the message is one line."""


@dataclass(frozen=True)
class QuirkSet:
    """The quirks switched on for one sandbox."""

    names: frozenset[str] = frozenset()

    @classmethod
    def of(cls, names: Iterable[str]) -> QuirkSet:
        names = frozenset(names)
        unknown = sorted(names - set(BY_NAME) - {ALL})
        if unknown:
            raise QuirkError(f"unknown quirk(s) {', '.join(unknown)}; see --list-quirks "
                             f"(known: {ALL}, {', '.join(sorted(BY_NAME))})")
        if ALL in names:
            names = (names - {ALL}) | _combinable()
        clashes = sorted({tuple(sorted((a, b))) for a in names for b in names if a < b and _clash(a, b)})
        if clashes:
            pairs = "; ".join(f"{a} and {b}" for a, b in clashes)
            raise QuirkError(f"quirks make opposite choices at one point, pick one: {pairs}")
        return cls(names)

    def on(self, name: str) -> bool:
        assert name in BY_NAME, name  # a typo in a hook would silently disable the quirk
        return name in self.names

    def enforced(self, rule_id: str) -> bool:
        """Whether an active quirk refuses requests breaking this (silent) rule."""
        return any(rule_id.endswith(suffix) for name in self.names for suffix in BY_NAME[name].enforces)

    def relaxed(self, rule_id: str) -> bool:
        """Whether an active quirk lets requests breaking this rule through."""
        return any(rule_id.endswith(suffix) for name in self.names for suffix in BY_NAME[name].relaxes)

    def __bool__(self) -> bool:
        return bool(self.names)


COMBINABLE: frozenset[str] = _combinable()


def listing() -> str:
    """One line per quirk: name, what it changes, what allows it (for --list-quirks)."""
    width = max(len(q.name) for q in QUIRKS)
    lines = []
    for quirk in QUIRKS:
        line = f"{quirk.name:<{width}}  {quirk.changes} [{quirk.allowed_by}]"
        if quirk.name not in COMBINABLE:
            rivals = ", ".join(other.name for other in QUIRKS if _clash(quirk.name, other.name))
            line += f" (not in '{ALL}': opposite of {rivals})"
        lines.append(line)
    return "\n".join(lines)
