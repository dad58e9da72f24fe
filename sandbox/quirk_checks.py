"""Refusals some quirks add where the docs bind nothing (docs/decisions.md A3, A4, A5, A8, A9).

They run after the model's rules, so a request breaking a documented rule is still answered for that rule;
only requests the docs leave open are refused here, each with a 400 of the spec's enums naming the parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from chargebee_conformance.sandbox.errors import ApiError
from chargebee_conformance.sandbox.quirks import QuirkSet
from chargebee_conformance.spec.clock import backdating_limit, utc_seconds
from chargebee_conformance.spec.model import Kind, Location, Operation, Param, ParamType
from chargebee_conformance.spec.validate import INTEGER, Context, Request
from chargebee_conformance.spec.wire import base_name

Check = Callable[[Operation, Request, Context], None]


def refuse(op: Operation, request: Request, context: Context, quirks: QuirkSet) -> None:
    """Raise the 400 the first active quirk check gives, or return."""
    for name, check in CHECKS.items():
        if quirks.on(name):
            check(op, request, context)


def _sent(op: Operation, request: Request, kinds: tuple[ParamType, ...]) -> Iterator[tuple[Param, str, str]]:
    """(parameter, form or header name as sent, value) for every value sent of a parameter of these types."""
    params = {p.name: p for p in op.params if p.type in kinds}
    for key, value in request.form.items():
        param = params.get(key) or params.get(base_name(key)[0])
        if param is not None and param.location is Location.BODY:
            yield param, key, value
    for param in params.values():
        if param.location is Location.HEADER and param.name in request.headers:
            yield param, param.name, request.headers[param.name]


def _whitespace_only(op: Operation, request: Request, context: Context) -> None:
    for _, key, value in _sent(op, request, (ParamType.STRING,)):
        if value and not value.strip():
            raise ApiError(400, "param_wrong_value", f"{key} : cannot be only whitespace", param=key)


def _enum_near_miss(op: Operation, request: Request, context: Context) -> None:
    # The model lets near misses through (A8); clearly outside values never get here.
    for param, key, value in _sent(op, request, (ParamType.ENUM,)):
        if value and value not in param.enum:
            raise ApiError(400, "param_wrong_value", f"{key} : {value!r} is not one of {', '.join(param.enum)} "
                           "(values are case sensitive)", param=key)


def _dates(op: Operation, request: Request) -> Iterator[tuple[str, int]]:
    """The backdated parameters (invoice_date) sent as integers."""
    for rule in op.rules:
        value = request.form.get(rule.subject, "") if rule.kind is Kind.BACKDATING else ""
        if INTEGER.fullmatch(value):
            yield rule.subject, int(value)


def _future_date(op: Operation, request: Request, context: Context) -> None:
    for name, value in _dates(op, request):
        if value > utc_seconds(context.now):
            raise ApiError(400, "invalid_request", f"{name} : cannot be in the future", param=name)


def _backdating_by_instant(op: Operation, request: Request, context: Context) -> None:
    limit = backdating_limit(context.now, context.profile.time_zone)
    for name, value in _dates(op, request):
        if limit.verdict(value) == "either":  # before the instant one month ago, on the limit day itself
            raise ApiError(400, "invalid_request", f"{name} : cannot be more than one month in the past",
                           param=name)


def _amount_exactly_one(op: Operation, request: Request, context: Context) -> None:
    if op.id != "v2.charge":
        return
    amount, decimal = request.given("amount"), request.given("amount_in_decimal")
    if amount and decimal:
        raise ApiError(400, "invalid_request", "amount_in_decimal : cannot be sent together with amount",
                       param="amount_in_decimal")
    if not (amount or decimal):
        raise ApiError(400, "invalid_request", "amount : amount or amount_in_decimal is required", param="amount")


def _both_ids(op: Operation, request: Request, context: Context) -> None:
    pair = next((r.params for r in op.rules if r.kind is Kind.ONE_OF_REQUIRED), ())
    if pair and all(request.given(name) for name in pair):
        raise ApiError(400, "invalid_request", f"{pair[1]} : cannot be sent together with {pair[0]}",
                       param=pair[1])


CHECKS: dict[str, Check] = {
    "whitespace_only_rejected": _whitespace_only,
    "enum_near_miss_rejected": _enum_near_miss,
    "future_invoice_date_rejected": _future_date,
    "backdating_by_instant": _backdating_by_instant,
    "amount_exactly_one": _amount_exactly_one,
    "both_ids_rejected": _both_ids,
}
