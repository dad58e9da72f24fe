"""Request validation through the model's own validator (`spec.validate`): no limit is restated here.

The sandbox answers with the first violated rule whose binding is not silent, after the 404 for an unknown
invoice in the path. Validation faults are applied by handing the validator a bent copy of the operation (a
rule dropped, a limit moved by one) or a clock a day late; error-outcome faults bend the answer. Quirks may
refuse a silent rule, reverse the order, answer an over-long id 404, and refuse more (sandbox.quirk_checks).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from chargebee_conformance.sandbox import quirk_checks, site_checks
from chargebee_conformance.sandbox.errors import ApiError, not_found, rule_error
from chargebee_conformance.sandbox.faults import Effect, FaultSet
from chargebee_conformance.sandbox.quirks import QuirkSet
from chargebee_conformance.spec.model import Kind, Location, Operation, ParamType, Resource, Rule
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.validate import INTEGER, Context, Request, breaks, unknown_params, violations
from chargebee_conformance.spec.wire import base_name

KindOf = Callable[[Resource, str], str | None]

# Python refuses int() of more than 4300 digits, and spec.validate calls int() on every integer-looking value:
# longer values are clamped (sign and "beyond int64" kept) before they reach the validator.
CLAMP_DIGITS = 20
CLAMPED = "9" * CLAMP_DIGITS
INT64 = range(-(2**63), 2**63)


def bend(op: Operation, faults: FaultSet) -> Operation:
    """The operation as a faulty sandbox validates it: ignored rules dropped, moved limits moved."""
    if not faults:
        return op
    rules: list[Rule] = []
    for rule in op.rules:
        effect = faults.effect(rule.id, Effect.IGNORE, Effect.LIMIT_PLUS_ONE, Effect.LIMIT_MINUS_ONE)
        if effect is Effect.IGNORE:
            continue
        if effect is not None and rule.limit is not None:
            rule = replace(rule, limit=rule.limit + (1 if effect is Effect.LIMIT_PLUS_ONE else -1))
        rules.append(rule)
    return replace(op, rules=tuple(rules))


class Validator:
    def __init__(
        self, op: Operation, profile: SiteProfile, faults: FaultSet,
        exists: Callable[[Resource, str], bool], invoice_status: Callable[[str], str | None],
        quirks: QuirkSet | None = None, kind_of: KindOf | None = None,
    ) -> None:
        self.op = op
        self.quirks = quirks or QuirkSet()
        self.bent = bend(op, faults)
        self.profile = profile
        self.faults = faults
        self.exists = exists
        self.invoice_status = invoice_status
        self.kind_of: KindOf = kind_of or (lambda resource, value: None)
        self._integer_params = frozenset(
            p.name for p in op.params if p.type in (ParamType.INTEGER, ParamType.TIMESTAMP))
        late = any(faults.effect(r.id, Effect.CLOCK_PLUS_DAY) for r in op.rules)
        self._clock_shift = timedelta(days=1) if late else timedelta(0)

    def check(self, form: Mapping[str, str], headers: Mapping[str, str], path: Mapping[str, str],
              now: datetime) -> None:
        """Raise the ApiError the request earns, or return when it breaks no (non-silent) rule."""
        missing = "invoice_id" in path and self.invoice_status(path["invoice_id"]) is None
        path_last = self.quirks.on("validation_order_reversed")  # the path's 404 after the body's rules
        if missing and not path_last:
            raise not_found("invoice", path["invoice_id"], path_param="invoice_id")
        request = Request(self._clamped(form), headers, path)
        # Only the backdating check reads `now`: a late clock bends that rule alone (backdating_too_strict).
        context = self._context(now + self._clock_shift)
        answered = [rule for rule in violations(self.bent, request, context) if self._answers(rule)]
        if path_last:
            answered.reverse()
        if answered:
            raise self._error(answered[0], request, context)
        if missing:
            raise not_found("invoice", path["invoice_id"], path_param="invoice_id")
        site_checks.refuse(self.op, request, self._context(now), self.quirks)
        quirk_checks.refuse(self.op, request, context, self.quirks)

    def _context(self, now: datetime) -> Context:
        return Context(self.profile, now, self.exists, self.invoice_status, self.kind_of)

    def _answers(self, rule: Rule) -> bool:
        """Whether a violated rule is refused: not silent (unless a quirk refuses it), not relaxed by a quirk,
        and not the path's invoice_id (answered before or after the rules, above)."""
        if (rule.kind is Kind.EXISTS and rule.subject == "invoice_id") or self.quirks.relaxed(rule.id):
            return False
        return rule.binding is not Binding.SILENT or self.quirks.enforced(rule.id)

    def _clamped(self, form: Mapping[str, str]) -> dict[str, str]:
        clamped = dict(form)
        for key, value in form.items():
            if len(value) > CLAMP_DIGITS and INTEGER.fullmatch(value) and self._is_integer_param(key):
                clamped[key] = ("-" if value.startswith("-") else "") + CLAMPED
        return clamped

    def _is_integer_param(self, key: str) -> bool:
        return key in self._integer_params or base_name(key)[0] in self._integer_params

    def _error(self, rule: Rule, request: Request, context: Context) -> ApiError:
        param, value = culprit(self.bent, rule, request, context)
        effect = self.faults.effect(rule.id, Effect.STATUS_500, Effect.STATUS_200, Effect.STATUS_400,
                                    Effect.WRONG_PARAM, Effect.PARAM_OMITTED)
        if effect is Effect.WRONG_PARAM:
            param = next(p.name for p in self.op.body_params if p.name != rule.subject)
        elif effect is Effect.PARAM_OMITTED:
            param = None
        error = rule_error(rule, param, value)
        if rule.kind is Kind.EXISTS:
            refers_to = self.op.param(rule.subject).refers_to
            error.entity = refers_to.value if refers_to else None
        resource = self.op.param(rule.subject).refers_to if rule.kind is Kind.MAX_LENGTH else None
        if resource is not None and param is not None and self.quirks.on("long_id_not_found"):
            error = not_found(resource.value.replace("_", " "), value or "", param)  # existence before length
        if effect is Effect.STATUS_500:
            error = ApiError(500, "internal_error", error.message, param=param, type="operation_failed")
        elif effect is Effect.STATUS_200:
            error.status = 200
        elif effect is Effect.STATUS_400:
            error = ApiError(400, "invalid_request", error.message, param=param)
        return error


def culprit(op: Operation, rule: Rule, request: Request, context: Context) -> tuple[str | None, str | None]:
    """The parameter to name in `param` (the form name as sent, index included) and its value."""
    if rule.kind in (Kind.SITE_REFUSES, Kind.PENDING_STATE):
        return None, None
    if rule.kind is Kind.UNKNOWN_PARAM:
        key = next(iter(unknown_params(op, request.form)), None)
        return key, None if key is None else request.form[key]
    if rule.kind is Kind.PARALLEL_ARRAY:
        dependent, *partners = rule.params
        for index in sorted(request.indices(dependent)):
            for partner in partners:
                if index not in request.indices(partner):
                    return f"{partner}[{index}]", None
    if rule.kind in (Kind.MAX_LENGTH, Kind.MINIMUM, Kind.INTEGER, Kind.BOOLEAN, Kind.ENUM, Kind.EXISTS,
                     Kind.CATALOG_KIND):
        param = op.param(rule.subject)
        for key, value in _sent(param.name, param.location, param.array, request):
            in_header = param.location is Location.HEADER
            single = Request({key: value}, {key: value} if in_header else {}, request.path)
            if breaks(op, rule, single, context):
                return key, value
    return (rule.subject or None), None


def _sent(name: str, location: Location, array: bool, request: Request) -> list[tuple[str, str]]:
    if location is Location.HEADER:
        value = request.headers.get(name)
        return [] if value is None else [(name, value)]
    if array:
        return [(k, v) for k, v in request.form.items() if (base := base_name(k))[1] is not None and base[0] == name]
    return [(name, request.form[name])] if name in request.form else []


def integer(form: Mapping[str, str], name: str) -> int | None:
    """An integer the validator has let through, or None when absent or blank. The validator's INTEGER pattern
    admits any Unicode digits and any size; Chargebee's integers are ASCII int64 (int32 for some), so the rest
    is refused here."""
    value = form.get(name, "")
    if value == "":
        return None
    valid = value.isascii() and INTEGER.fullmatch(value) and len(value) <= CLAMP_DIGITS and int(value) in INT64
    if not valid:
        raise ApiError(400, "param_wrong_value", f"{name} : The value {value[:40]!r} is not a 64-bit integer",
                       param=name, legacy_code="param_invalid_value")
    return int(value)
