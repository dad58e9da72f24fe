"""The oracle: small functions that judge an exchange against what the docs promise.

Each check raises `RuleBroken` (an AssertionError) naming the rule id and how strictly the docs bind it. Checks
are exactly as strict as the docs (DECISIONS A): message wording, key order, extra attributes, nulls for absent
optional attributes and the legacy error fields are never judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from conformance.evidence import describe
from spec.case import Exchange
from spec.invoice import ENTITY_TYPES, INVOICE, LINE_ITEM, PRICE_TYPES, STATUSES, Attribute
from spec.model import Rule
from spec.outcomes import Binding, Outcome
from spec.wire import base_name

JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "boolean": (bool,), "number": (int, float), "array": (list,),
    "object": (dict,),
}


def broken(rule: str, binding: Binding, title: str, exchange: Exchange | None, why: str = "") -> NoReturn:
    from conformance.errors import RuleBroken

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


def _error_mismatch(outcome: Outcome, body: Mapping[str, Any]) -> str:
    """Why an error body does not fit an outcome ("" when it fits)."""
    error_type, code, param = body.get("type"), body.get("api_error_code"), body.get("param")
    if not isinstance(body.get("message"), str):
        return "the error has no message (the error schema requires message, type and api_error_code)"
    if outcome.types and error_type not in outcome.types:
        return f"type {error_type!r} is not one of {sorted(outcome.types)}"
    if outcome.codes and code not in outcome.codes:
        return f"api_error_code {code!r} is not one of {sorted(outcome.codes)}"
    if outcome.params:
        if param in (None, ""):
            return "param is missing, it should name the parameter at fault" if outcome.param_required else ""
        if not names_param(str(param), outcome.params):
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
    problems = _attribute_problems(INVOICE[api_version], invoice, "invoice")
    status = invoice.get("status")
    if isinstance(status, str) and status not in STATUSES[api_version]:
        problems.append(f"invoice.status {status!r} is not one of {', '.join(STATUSES[api_version])}")
    if isinstance(invoice.get("price_type"), str) and invoice["price_type"] not in PRICE_TYPES:
        problems.append(f"invoice.price_type {invoice['price_type']!r} is not one of {', '.join(PRICE_TYPES)}")
    for index, line in enumerate(invoice.get("line_items") or []):
        if not isinstance(line, dict):
            problems.append(f"line_items[{index}] is not an object")
            continue
        problems += _attribute_problems(LINE_ITEM[api_version], line, f"line_items[{index}]")
        entity_type = line.get("entity_type")
        if isinstance(entity_type, str) and entity_type not in ENTITY_TYPES[api_version]:
            problems.append(f"line_items[{index}].entity_type {entity_type!r} is not documented")
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
            continue  # absent optional attributes, or null for them, are fine (DECISIONS A2)
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
    """sub_total: the sum of line amounts less line-item discounts."""
    lines = line_items(invoice)
    if not lines or not isinstance(invoice.get("sub_total"), int):
        return
    gross = sum(_int(line.get("amount")) for line in lines)
    line_discounts = sum(_int(d.get("discount_amount")) for d in invoice.get("line_item_discounts") or []
                         if isinstance(d, dict))
    discounts = sum(_int(d.get("amount")) for d in invoice.get("discounts") or [] if isinstance(d, dict))
    # The docs do not say whether invoice-level discounts reduce sub_total or only total: accept either.
    on_lines = sum(_int(line.get("discount_amount")) for line in lines)
    # Line-item discounts, when listed, must come off; whether invoice-level discounts (v1 has only those) come
    # off sub_total or only total the docs do not say.
    allowed = {gross - line_discounts} if line_discounts else {gross, gross - discounts, gross - on_lines}
    if invoice["sub_total"] not in allowed:
        broken(f"{rule_prefix}.response.sub_total", Binding.EXACT,
               f"sub_total {invoice['sub_total']} is not the sum of line amounts ({gross}) less discounts",
               exchange)


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


def check_line_amounts(rule_prefix: str, invoice: Mapping[str, Any], exchange: Exchange) -> None:
    """Ad-hoc lines: amount = unit_amount x quantity (DECISIONS A7 limits this to adhoc/flat/per-unit)."""
    for index, line in enumerate(line_items(invoice)):
        if line.get("entity_type") != "adhoc" and line.get("pricing_model") not in ("flat_fee", "per_unit"):
            continue
        unit, amount = line.get("unit_amount"), line.get("amount")
        quantity = line.get("quantity", 1)
        if quantity is None:
            quantity = 1
        if isinstance(unit, int) and isinstance(amount, int) and isinstance(quantity, int) \
                and amount != unit * quantity:
            broken(f"{rule_prefix}.response.line_amount", Binding.EXACT,
                   f"line_items[{index}].amount {amount} != unit_amount {unit} x quantity {quantity}", exchange)


def check_invoice_invariants(rule_prefix: str, api_version: int, invoice: Mapping[str, Any],
                             exchange: Exchange) -> None:
    check_invoice_schema(rule_prefix, api_version, invoice, exchange)
    check_line_amounts(rule_prefix, invoice, exchange)
    check_sub_total(rule_prefix, invoice, exchange)
    check_amount_due(rule_prefix, api_version, invoice, exchange)


def same_text(sent: str, got: Any) -> bool:
    """Text echoed back: servers may trim surrounding whitespace (the SDK trims values itself)."""
    return isinstance(got, str) and got.strip() == sent.strip()
