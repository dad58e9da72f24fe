"""What the docs promise a rejected request gets back: status, error type, api_error_code and param.

The enums are the vendor's own error schemas per status (the v1 OpenAPI components 400…503; docs/decisions.md
F11), written down here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Binding(StrEnum):
    """How strictly the documentation binds a rule (docs/decisions.md A1)."""

    EXACT = "exact"  # the docs name the outcome
    LOOSE = "loose"  # the docs say "wrong" but not how it fails
    # No sentence says "wrong", but the real API is known to refuse it (or any careful API would): reported as
    # questionable, failing a run only with --strict.
    CONVENTION = "convention"
    SILENT = "silent"  # the docs say nothing: observed and reported, never failed

    @property
    def fails_run(self) -> bool:
        """Whether a broken rule of this binding fails a run that is not strict."""
        return self in (Binding.EXACT, Binding.LOOSE)


TYPES_400 = frozenset({"invalid_request", "untyped", "payment"})
CODES_400 = frozenset({
    "param_wrong_value", "invalid_request", "duplicate_entry", "resource_limit_exhausted",
    "resource_limit_exceeded", "configuration_incompatible", "payment_processing_failed",
    "payment_method_verification_failed", "payment_method_not_present",
    "payment_gateway_currency_incompatible",
    "payment_intent_invalid", "payment_intent_invalid_amount",
})
TYPES_401 = frozenset({"untyped"})
# api_authentication_invalid_key is the legacy code a real test site still answers with (docs/decisions.md F7).
CODES_401 = frozenset({
    "api_authentication_failed", "basic_authentication_failed", "api_authentication_invalid_key",
})
TYPES_404 = frozenset({"invalid_request", "untyped"})
TYPES_409 = frozenset({"invalid_request"})
TYPES_422 = frozenset({"invalid_request"})
TYPES_429 = frozenset({"operation_failed"})
CODES_429 = frozenset({
    "api_request_limit_exceeded", "third_party_api_request_limit_exceeded", "lock_timeout",
})
ERROR_TYPES = frozenset({"payment", "invalid_request", "operation_failed", "untyped"})


@dataclass(frozen=True)
class Outcome:
    """An error the docs promise; empty sets mean "not constrained"."""

    statuses: frozenset[int]
    types: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()
    params: frozenset[str] = frozenset()  # acceptable `param` values (base names; an index suffix is allowed)
    param_required: bool = False  # the fault lies in one parameter, so `param` must be given
    # `param` must be present but its value is only observed: the vendor's own sample answers an unknown
    # plan_id with "param": "item_id" (docs/decisions.md A1).
    param_value_observed: bool = False
    alternatives: tuple[Outcome, ...] = field(default=())  # other acceptable outcomes (e.g. 409 or 400)

    def describe(self) -> str:
        text = "/".join(str(s) for s in sorted(self.statuses))
        if self.codes == CODES_400:
            text += " (any 400 api_error_code)"  # twelve codes would drown the one fact that matters: 400
        elif self.codes:
            text += " " + "|".join(sorted(self.codes))
        if self.params:
            text += " naming " + "|".join(sorted(self.params))
        for alt in self.alternatives:
            text += " or " + alt.describe()
        return text

    def all_statuses(self) -> frozenset[int]:
        statuses = set(self.statuses)
        for alt in self.alternatives:
            statuses |= alt.all_statuses()
        return frozenset(statuses)


def invalid_request(*params: str, param_required: bool = True) -> Outcome:
    """docs/decisions.md A1 `loose`: 400, a 400 type and code, and `param` naming the parameter at fault."""
    return Outcome(frozenset({400}), TYPES_400, CODES_400, frozenset(params), param_required and bool(params))


def not_found(*params: str) -> Outcome:
    """Unknown id: 404 resource_not_found ("any of resource(s) referred in the request is not found").

    For an id in the body, `param` is "provided if the error is due to a specific parameter": it must be there,
    but it may name the entity's id attribute instead of the form name (A1), so its value is only observed."""
    return Outcome(frozenset({404}), TYPES_404, frozenset({"resource_not_found"}), frozenset(params),
                   param_required=bool(params), param_value_observed=bool(params))


def invalid_state() -> Outcome:
    """docs/decisions.md A11: 409 invalid_state_for_request, or any 400 invalid-request error."""
    conflict = Outcome(frozenset({409}), TYPES_409, frozenset({"invalid_state_for_request"}))
    return Outcome(frozenset({400}), TYPES_400, CODES_400, alternatives=(conflict,))


UNAUTHORIZED = Outcome(frozenset({401}), TYPES_401, CODES_401)
IDEMPOTENCY_CONFLICT = Outcome(frozenset({422}), TYPES_422, frozenset({"unable_to_process_request"}))
RATE_LIMITED = Outcome(frozenset({429}), TYPES_429, frozenset({"api_request_limit_exceeded"}))
NO_OUTCOME = Outcome(frozenset())
