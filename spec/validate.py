"""The model's own validator: which of an operation's request rules a request breaks.

The sandbox answers with the first non-silent rule this returns; the self-tests check that every generated
valid case breaks none and every invalid case breaks exactly the rule it is labelled with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from chargebee_conformance.spec.clock import backdating_limit
from chargebee_conformance.spec.model import Kind, Location, Operation, Param, Resource, Rule
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.wire import base_name

INTEGER = re.compile(r"-?[0-9]+")  # ASCII digits only: "١٢" is not an integer on the wire


@dataclass(frozen=True)
class Context:
    """What the validator needs to know about the site beyond the request."""

    profile: SiteProfile
    now: datetime
    exists: Callable[[Resource, str], bool] = field(default=lambda resource, value: True)
    invoice_status: Callable[[str], str | None] = field(default=lambda invoice_id: "pending")
    # The kind of a catalog entry (item_type, charge_type, duration_type), None where unknown.
    kind_of: Callable[[Resource, str], str | None] = field(default=lambda resource, value: None)


@dataclass(frozen=True)
class Request:
    """A request as the wire carries it: form pairs (last value wins), headers and path parameters."""

    form: Mapping[str, str]
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    path: Mapping[str, str] = field(default_factory=dict)

    def values(self, param: Param) -> list[str]:
        """Every value sent for a parameter (all indices of a list parameter)."""
        if param.location is Location.HEADER:
            value = self.headers.get(param.name)
            return [] if value is None else [value]
        if param.location is Location.PATH:
            return [self.path[param.name]] if param.name in self.path else []
        if param.array:
            return [v for k, v in self.form.items() if base_name(k)[0] == param.name and base_name(k)[1] is not None]
        return [self.form[param.name]] if param.name in self.form else []

    def given(self, name: str) -> bool:
        """Sent with a non-blank value (docs/decisions.md A9: blank counts as missing)."""
        return self.form.get(name, "") != ""

    def indices(self, name: str) -> set[int]:
        return {index for key in self.form if (index := base_name(key)[1]) is not None and base_name(key)[0] == name}


def applicable_rules(op: Operation, profile: SiteProfile) -> tuple[Rule, ...]:
    return tuple(r for r in op.request_rules if profile.offers(r.requires))


def violations(op: Operation, request: Request, context: Context) -> list[Rule]:
    """The applicable request rules this request breaks, in the operation's rule order."""
    return [rule for rule in applicable_rules(op, context.profile) if breaks(op, rule, request, context)]


def breaks(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    check = _CHECKS[rule.kind]
    return check(op, rule, request, context)


def _param_values(op: Operation, rule: Rule, request: Request) -> list[str]:
    return request.values(op.param(rule.subject))


def _required(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    values = _param_values(op, rule, request)
    return not values or all(v == "" for v in values)


def _integer(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    return any(v != "" and not INTEGER.fullmatch(v) for v in _param_values(op, rule, request))


def _boolean(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    return any(v not in ("", "true", "false") for v in _param_values(op, rule, request))


def _max_length(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    assert rule.limit is not None
    return any(len(v) > rule.limit for v in _param_values(op, rule, request))


def _minimum(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    assert rule.limit is not None
    limit = rule.limit
    return any(INTEGER.fullmatch(v) and int(v) < limit for v in _param_values(op, rule, request))


def _enum(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    # Near misses (case, surrounding whitespace) are silent on acceptance (docs/decisions.md A8): not a violation.
    # An over-long value is the max-length rule's: it is not also judged as a member (as with EXISTS).
    limit = op.param(rule.subject).max_length
    members = {value.lower() for value in rule.values}
    return any(v != "" and (limit is None or len(v) <= limit) and v.strip().lower() not in members
               for v in _param_values(op, rule, request))


def _exists(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    if rule.subject == "invoice_id":
        invoice_id = request.path.get("invoice_id", "")
        return context.invoice_status(invoice_id) is None
    param = op.param(rule.subject)
    assert param.refers_to is not None
    limit = param.max_length
    return any(
        v != "" and (limit is None or len(v) <= limit) and not context.exists(param.refers_to, v)
        for v in request.values(param)
    )


def _one_of_required(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    return not any(request.given(name) for name in rule.params)


def _requires_param(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    subject, other = rule.params
    return request.given(subject) and not request.given(other)


def _required_with_setting(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    subject, condition = rule.params
    return request.given(condition) and not request.given(subject)


def _only_with_setting(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    assert rule.setting is not None
    return request.given(rule.subject) and not context.profile.has(rule.setting)


def _date_order(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    start, end = (request.form.get(name, "") for name in rule.params)
    return bool(INTEGER.fullmatch(start) and INTEGER.fullmatch(end)) and int(start) > int(end)


def _backdating(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    value = request.form.get(rule.subject, "")
    if not INTEGER.fullmatch(value):
        return False
    limit = backdating_limit(context.now, context.profile.time_zone)
    return limit.verdict(int(value)) == "rejected"


def _parallel_array(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    dependent, *partners = rule.params
    indices = request.indices(dependent)
    return any(not indices <= request.indices(partner) for partner in partners)


def _pending_state(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    status = context.invoice_status(request.path.get("invoice_id", ""))
    return status is not None and status != "pending"


def _catalog_kind(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    """An existing entry of another kind (an unknown kind is not judged: it may be right)."""
    param = op.param(rule.subject)
    assert param.refers_to is not None
    kinds = (context.kind_of(param.refers_to, v) for v in request.values(param) if v)
    return any(kind is not None and kind not in rule.values for kind in kinds)


def _unknown_param(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    return bool(unknown_params(op, request.form))


def unknown_params(op: Operation, form: Mapping[str, str]) -> list[str]:
    """Form names the operation does not document (a list index after a documented name is fine)."""
    documented = op.documented_body_names
    return [name for name in form if base_name(name)[0] not in documented and name not in documented]


def _site_refuses(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    return True  # the rule applies only on sites it names (rule.requires)


def _never(op: Operation, rule: Rule, request: Request, context: Context) -> bool:
    return False


_CHECKS: dict[Kind, Callable[[Operation, Rule, Request, Context], bool]] = {
    Kind.REQUIRED: _required,
    Kind.INTEGER: _integer,
    Kind.BOOLEAN: _boolean,
    Kind.MAX_LENGTH: _max_length,
    Kind.MINIMUM: _minimum,
    Kind.ENUM: _enum,
    Kind.EXISTS: _exists,
    Kind.ONE_OF_REQUIRED: _one_of_required,
    Kind.REQUIRES_PARAM: _requires_param,
    Kind.REQUIRED_WITH_SETTING: _required_with_setting,
    Kind.ONLY_WITH_SETTING: _only_with_setting,
    Kind.DATE_ORDER: _date_order,
    Kind.BACKDATING: _backdating,
    Kind.PARALLEL_ARRAY: _parallel_array,
    Kind.PENDING_STATE: _pending_state,
    Kind.SITE_REFUSES: _site_refuses,
    Kind.CATALOG_KIND: _catalog_kind,
    Kind.UNKNOWN_PARAM: _unknown_param,
    Kind.RESPONSE: _never,
    Kind.PROTOCOL: _never,
}
