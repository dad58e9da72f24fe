"""The oracle: small functions that judge an exchange against what the docs promise.

Each check raises `RuleBroken` (an AssertionError) naming the rule id and how strictly the docs bind it. Checks
are exactly as strict as the docs (docs/decisions.md A1, A2): message wording, key order, extra attributes,
nulls for absent optional attributes and the legacy error fields are never judged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from chargebee_conformance.spec.case import Exchange
from chargebee_conformance.spec.invoice import INVOICE, LINE_ITEM, Attribute
from chargebee_conformance.spec.model import Rule
from chargebee_conformance.spec.outcomes import Binding, Outcome
from chargebee_conformance.spec.wire import base_name
from chargebee_conformance.suite.evidence import describe

JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "boolean": (bool,), "number": (int, float), "array": (list,),
    "object": (dict,),
}


def broken(rule: str, binding: Binding, title: str, exchange: Exchange | None, why: str = "") -> NoReturn:
    from chargebee_conformance.suite.errors import RuleBroken

    detail = (why + "\n" if why else "") + (describe(exchange) if exchange else "")
    curl = exchange.case.as_curl(exchange.extras.get("base_url") or "https://{site}.chargebee.com") if exchange else ""
    raise RuleBroken(rule, binding, title, detail.rstrip(), curl)


# -- rejections ---------------------------------------------------------------------------------------------
def check_rejection(rule: Rule, exchange: Exchange) -> None:
    """An invalid case must be refused with the outcome its rule promises (silent rules are never judged)."""
    if rule.binding is Binding.SILENT:
        return
    outcome = rule.outcome
    expected = outcome.describe()
    if exchange.status not in outcome.all_statuses():
        broken(rule.id, rule.binding, f"expected {expected}, got HTTP {exchange.status}", exchange)
    body = exchange.body
    if not isinstance(body, dict):
        broken(rule.id, rule.binding, f"expected a JSON error body ({expected})", exchange)
    candidates = [o for o in (outcome, *outcome.alternatives) if exchange.status in o.statuses]
    problems = [_error_mismatch(o, body) for o in candidates]
    if all(problems):
        broken(rule.id, rule.binding, f"expected {expected}: {problems[0]}", exchange)


LEGACY_FIELDS = ("error_code", "error_msg", "http_status_code")
# The legacy code of a wrong key: the SDKs' own 401 fixture, and what a real test site answers (A15).
LEGACY_401_CODE = "api_authentication_invalid_key"


def legacy_only(body: Mapping[str, Any]) -> bool:
    """An error body with only the legacy fields (A2: still a JSON error, judged by its status)."""
    return "api_error_code" not in body and "message" not in body and any(f in body for f in LEGACY_FIELDS)


def _error_mismatch(outcome: Outcome, body: Mapping[str, Any]) -> str:
    """Why an error body does not fit an outcome ("" when it fits)."""
    if legacy_only(body):
        if 401 in outcome.statuses and body.get("error_code") != LEGACY_401_CODE:
            return f"a legacy-only 401 body with error_code {body.get('error_code')!r}, not {LEGACY_401_CODE}"
        return ""
    error_type, code, param = body.get("type"), body.get("api_error_code"), body.get("param")
    if not isinstance(body.get("message"), str):
        return "the error has no message (the error schema requires message and api_error_code)"
    # `type` is "an optional attribute" (A1): judged only when present.
    if outcome.types and error_type is not None and error_type not in outcome.types:
        return f"type {error_type!r} is not one of {sorted(outcome.types)}"
    if outcome.codes and code not in outcome.codes:
        return f"api_error_code {code!r} is not one of {sorted(outcome.codes)}"
    if outcome.params:
        if param in (None, ""):
            return "param is missing, it should name the parameter at fault" if outcome.param_required else ""
        if not outcome.param_value_observed and not names_param(str(param), outcome.params):
            return f"param {param!r} does not name {' or '.join(sorted(outcome.params))}"
    return ""


def names_param(param: str, names: frozenset[str]) -> bool:
    """`param` as sent (`charges[description][1]`) or its base name (`charges[description]`)."""
    return param in names or base_name(param)[0] in names


# -- protocol -----------------------------------------------------------------------------------------------
def check_json_response(exchange: Exchange) -> None:
    """Responses are application/json with a JSON body (protocol.content_type)."""
    content_type = (exchange.header("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        broken("protocol.content_type", Binding.EXACT, f"Content-Type is {content_type or 'missing'!r}, "
               "not application/json", exchange)
    if not exchange.is_json:
        broken("protocol.content_type", Binding.EXACT, "the body is not JSON", exchange)


def check_error_outcome(rule_id: str, outcome: Outcome, binding: Binding, exchange: Exchange, what: str) -> None:
    """A protocol rule with a documented error outcome (401, 404, 422, 429)."""
    if exchange.status not in outcome.statuses:
        broken(rule_id, binding, f"{what}: expected {outcome.describe()}, got HTTP {exchange.status}", exchange)
    if not isinstance(exchange.body, dict):
        broken(rule_id, binding, f"{what}: expected a JSON error body", exchange)
    problem = _error_mismatch(outcome, exchange.body)
    if problem:
        broken(rule_id, binding, f"{what}: {problem}", exchange)


# -- the Invoice resource -----------------------------------------------------------------------------------
def invoice_of(rule_prefix: str, exchange: Exchange) -> dict[str, Any]:
    """A success must be 200 with a JSON object carrying `invoice` (rule `<op>.response.invoice`)."""
    rule = f"{rule_prefix}.response.invoice"
    if exchange.status != 200:
        broken(rule, Binding.EXACT, f"a valid request was refused with HTTP {exchange.status}", exchange)
    body = exchange.body
    if not isinstance(body, dict) or not isinstance(body.get("invoice"), dict):
        broken(rule, Binding.EXACT, "the 200 body has no `invoice` object", exchange)
    invoice: dict[str, Any] = body["invoice"]
    return invoice


def check_invoice_schema(rule_prefix: str, api_version: int, invoice: Mapping[str, Any], exchange: Exchange) -> None:
    rule = f"{rule_prefix}.response.schema"
    # Response enums (status, price_type, entity_type, pricing_model) are open: a value the docs do not list is
    # observed, never broken (A8); their types are still judged.
    problems = _attribute_problems(INVOICE[api_version], invoice, "invoice")
    for index, line in enumerate(invoice.get("line_items") or []):
        if not isinstance(line, dict):
            problems.append(f"line_items[{index}] is not an object")
            continue
        problems += _attribute_problems(LINE_ITEM[api_version], line, f"line_items[{index}]")
    if problems:
        broken(rule, Binding.EXACT, "the invoice does not match the documented Invoice object",
               exchange, "; ".join(problems[:8]))


def _attribute_problems(attributes: tuple[Attribute, ...], obj: Mapping[str, Any], where: str) -> list[str]:
    problems = []
    for attribute in attributes:
        value = obj.get(attribute.name)
        if value is None:
            if attribute.required:
                problems.append(f"{where}.{attribute.name} is missing")
            continue  # absent optional attributes, or null for them, are fine (docs/decisions.md A2)
        expected = JSON_TYPES[attribute.json_type]
        if not isinstance(value, expected) or (attribute.json_type == "integer" and isinstance(value, bool)):
            problems.append(f"{where}.{attribute.name} is {type(value).__name__} {value!r:.40}, "
                            f"expected {attribute.json_type}")
    return problems


def line_items(invoice: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [line for line in invoice.get("line_items") or [] if isinstance(line, dict)]


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def check_sub_total(rule_prefix: str, invoice: Mapping[str, Any], exchange: Exchange) -> None:
    """sub_total: the sum of line amounts less line-item discounts.

    Line-item discounts of a `document_level_*` type are allocations of an invoice-level discount: a real
    invoice lists them and keeps sub_total at the plain sum of its lines (A16). Either reading is accepted for
    them, and total is checked against sub_total - discounts + tax instead."""
    lines = line_items(invoice)
    if not lines or not isinstance(invoice.get("sub_total"), int):
        return
    gross = sum(_int(line.get("amount")) for line in lines)
    item_level, document_level = _line_item_discounts(invoice)
    discounts = sum(_int(d.get("amount")) for d in invoice.get("discounts") or [] if isinstance(d, dict))
    on_lines = sum(_int(line.get("discount_amount")) for line in lines)
    if document_level:
        allowed = {gross - item_level, gross - item_level - document_level}
    elif item_level:
        allowed = {gross - item_level}  # item-level discounts must come off
    else:
        # v1 has only invoice-level discounts; whether they come off sub_total or only total the docs do not say.
        allowed = {gross, gross - discounts, gross - on_lines}
    sub_total = invoice["sub_total"]
    if sub_total not in allowed:
        broken(f"{rule_prefix}.response.sub_total", Binding.EXACT,
               f"sub_total {sub_total} is not the sum of line amounts ({gross}) less line-item discounts", exchange)
    if document_level:
        _check_total(rule_prefix, invoice, exchange, discounts or document_level)


def _line_item_discounts(invoice: Mapping[str, Any]) -> tuple[int, int]:
    """(item-level, document-level) sums of `line_item_discounts`."""
    item_level = document_level = 0
    for discount in invoice.get("line_item_discounts") or []:
        if not isinstance(discount, dict):
            continue
        amount = _int(discount.get("discount_amount"))
        if str(discount.get("discount_type") or "").startswith("document_level"):
            document_level += amount
        else:
            item_level += amount
    return item_level, document_level


def _check_total(rule_prefix: str, invoice: Mapping[str, Any], exchange: Exchange, discount: int) -> None:
    """total = sub_total - invoice-level discounts + tax (either reading of sub_total; round-off allowed)."""
    total, sub_total = invoice.get("total", invoice.get("amount")), invoice["sub_total"]
    if not isinstance(total, int):
        return
    tax, round_off = _int(invoice.get("tax")), _int(invoice.get("round_off_amount"))
    expected = {sub_total - discount + tax, sub_total + tax}
    if not any(abs(total - value) <= abs(round_off) for value in expected):
        broken(f"{rule_prefix}.response.sub_total", Binding.EXACT,
               f"total {total} is not sub_total {sub_total} - discounts {discount} + tax {tax}", exchange)


def check_amount_due(rule_prefix: str, api_version: int, invoice: Mapping[str, Any], exchange: Exchange) -> None:
    """amount_due = total - amount_paid - applied credits - adjustment credit notes - taxes withheld."""
    total = invoice.get("total" if api_version == 2 else "amount")
    due = invoice.get("amount_due")
    if not isinstance(total, int) or not isinstance(due, int):
        return
    credits = sum(_int(c.get("applied_amount")) for c in invoice.get("applied_credits") or [] if isinstance(c, dict))
    adjusted = sum(_int(c.get("cn_total")) for c in invoice.get("adjustment_credit_notes") or []
                   if isinstance(c, dict))
    withheld = sum(_int(t.get("amount")) for t in invoice.get("linked_taxes_withheld") or [] if isinstance(t, dict))
    credits = credits or _int(invoice.get("credits_applied"))
    adjusted = adjusted or _int(invoice.get("amount_adjusted"))
    expected = total - _int(invoice.get("amount_paid")) - credits - adjusted - withheld
    if due != expected:
        broken(f"{rule_prefix}.response.amount_due", Binding.EXACT,
               f"amount_due {due} != total {total} - amount_paid - credits - adjustments - withheld = {expected}",
               exchange)


def check_line_amounts(rule_prefix: str, invoice: Mapping[str, Any], exchange: Exchange,
                       judged: Callable[[Mapping[str, Any]], bool] = lambda line: line.get("entity_type") == "adhoc",
                       ) -> list[dict[str, Any]]:
    """amount = unit_amount x quantity ("Typically equals ..."), only for the lines `judged` selects: ad-hoc lines
    and lines the suite itself added with an integer quantity (A7); plan lines and proration are silent.
    Returns the lines judged."""
    checked = []
    for index, line in enumerate(line_items(invoice)):
        if not judged(line):
            continue
        unit, amount = line.get("unit_amount"), line.get("amount")
        quantity = line.get("quantity", 1)
        if quantity is None:
            quantity = 1
        if isinstance(unit, int) and isinstance(amount, int) and isinstance(quantity, int):
            checked.append(line)
            if amount != unit * quantity:
                broken(f"{rule_prefix}.response.line_amount", Binding.EXACT,
                       f"line_items[{index}].amount {amount} != unit_amount {unit} x quantity {quantity}", exchange)
    return checked


def check_invoice_invariants(rule_prefix: str, api_version: int, invoice: Mapping[str, Any],
                             exchange: Exchange) -> None:
    """Schema, sub_total and amount_due (line amounts are judged by the caller, which knows which lines it added)."""
    check_invoice_schema(rule_prefix, api_version, invoice, exchange)
    check_sub_total(rule_prefix, invoice, exchange)
    check_amount_due(rule_prefix, api_version, invoice, exchange)


def same_text(sent: str, got: Any) -> bool:
    """Text echoed back: servers may trim surrounding whitespace (the SDK trims values itself)."""
    return isinstance(got, str) and got.strip() == sent.strip()
