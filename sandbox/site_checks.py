"""Refusals the sandbox makes by default where the model binds nothing, because real sites are known to make them.

Backdating (docs/decisions.md A4): a site setting, off by default on real sites. Where the profile leaves it off the
model judges no backdated `invoice_date` (silent), and the sandbox refuses, as real sites do, any value more than
a few minutes in the past (the model's clock allowance, so a value the client took as "now" still passes).
The backdating_accepted_when_off quirk makes the other choice: the documented one-month limit applies anyway.
"""

from __future__ import annotations

from chargebee_conformance.sandbox.errors import ApiError
from chargebee_conformance.sandbox.quirks import QuirkSet
from chargebee_conformance.spec.clock import CLOCK_ALLOWANCE_SECONDS, backdating_limit, utc_seconds
from chargebee_conformance.spec.model import Kind, Operation
from chargebee_conformance.spec.settings import Setting
from chargebee_conformance.spec.validate import INTEGER, Context, Request


def refuse(op: Operation, request: Request, context: Context, quirks: QuirkSet) -> None:
    if not context.profile.has(Setting.BACKDATING):
        _backdated(op, request, context, quirks)


def _backdated(op: Operation, request: Request, context: Context, quirks: QuirkSet) -> None:
    limit = backdating_limit(context.now, context.profile.time_zone)
    earliest = utc_seconds(context.now) - CLOCK_ALLOWANCE_SECONDS
    for rule in op.rules:
        value = request.form.get(rule.subject, "") if rule.kind is Kind.BACKDATING else ""
        if not INTEGER.fullmatch(value):
            continue
        if quirks.on("backdating_accepted_when_off"):
            refused = limit.verdict(int(value)) == "rejected"
        else:
            refused = int(value) < earliest
        if refused:
            raise ApiError(400, "invalid_request", f"{rule.subject} : cannot be in the past, backdating is not "
                           "enabled for this site", param=rule.subject)
