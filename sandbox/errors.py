"""Chargebee-shaped errors and the JSON encoding of every body (responses are built by sandbox.app and dress).

An error body has the current fields (`message`, `type`, `api_error_code`, `param`) and the legacy ones a real
test site still sends next to them (`error_code`, `error_msg`, `error_param`, `http_status_code`;
docs/decisions.md F11).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from chargebee_conformance.spec.model import Kind, Rule

JSON_TYPE = "application/json;charset=utf-8"  # as a real site labels it (docs/decisions.md F13)

# The api_error_code a rule kind is answered with: the v1 spec's 400 codes, "param_wrong_value" for a value
# that does not meet the spec, "invalid_request" for values that do not fit together,
# "configuration_incompatible" for what the site's settings forbid.
CODE_BY_KIND: Mapping[Kind, str] = {
    Kind.MAX_LENGTH: "param_wrong_value",
    Kind.MINIMUM: "param_wrong_value",
    Kind.INTEGER: "param_wrong_value",
    Kind.BOOLEAN: "param_wrong_value",
    Kind.ENUM: "param_wrong_value",
    Kind.REQUIRED: "invalid_request",
    Kind.ONE_OF_REQUIRED: "invalid_request",
    Kind.REQUIRES_PARAM: "invalid_request",
    Kind.DATE_ORDER: "invalid_request",
    Kind.PARALLEL_ARRAY: "invalid_request",
    Kind.BACKDATING: "invalid_request",
    Kind.ONLY_WITH_SETTING: "configuration_incompatible",
    Kind.SITE_REFUSES: "configuration_incompatible",
    Kind.REQUIRED_WITH_SETTING: "configuration_incompatible",
    Kind.EXISTS: "resource_not_found",
    Kind.PENDING_STATE: "invalid_state_for_request",
    Kind.CATALOG_KIND: "invalid_request",
    Kind.UNKNOWN_PARAM: "param_wrong_value",
}
# Legacy error_code values (chargebee-python's fixtures use param_required); never asserted (docs/decisions.md A2).
LEGACY_CODE_BY_KIND: Mapping[Kind, str] = {
    Kind.REQUIRED: "param_required",
    Kind.MAX_LENGTH: "param_invalid_value",
    Kind.MINIMUM: "param_invalid_value",
    Kind.INTEGER: "param_invalid_value",
    Kind.BOOLEAN: "param_invalid_value",
    Kind.ENUM: "param_invalid_value",
    Kind.EXISTS: "referenced_resource_not_found",
}


class ApiError(Exception):
    """An answer other than success. Raising it inside a request rolls back what the request changed, unless
    `keep_changes` (only the nothing_created fault sets it)."""

    def __init__(
        self, status: int, api_error_code: str, message: str, *, param: str | None = None,
        type: str = "invalid_request", legacy_code: str | None = None,
        headers: Mapping[str, str] | None = None, keep_changes: bool = False, rule: Rule | None = None,
        path_param: str | None = None, entity: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.api_error_code = api_error_code
        self.message = message
        self.param = param
        self.type = type
        self.legacy_code = legacy_code or api_error_code
        self.headers = dict(headers or {})
        self.keep_changes = keep_changes
        self.rule = rule  # the model's rule the error answers, if any (quirks read its outcome)
        self.path_param = path_param  # the URL path parameter a 404 is about (never named in `param`)
        self.entity = entity  # the kind of resource a 404 did not find (customer, coupon, item_price, ...)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "type": self.type,
                                "api_error_code": self.api_error_code}
        if self.param is not None:
            body["param"] = self.param
            body["error_param"] = self.param
        body |= {"error_code": self.legacy_code, "error_msg": self.message, "http_status_code": self.status}
        return body


def not_found(what: str, value: str, param: str | None = None, *, path_param: str | None = None) -> ApiError:
    return ApiError(404, "resource_not_found", f"{what} {value!r} not found", param=param, path_param=path_param,
                    entity=what.replace(" ", "_"))


def invalid_state(message: str) -> ApiError:
    return ApiError(409, "invalid_state_for_request", message)


def rule_error(rule: Rule, param: str | None, value: str | None = None) -> ApiError:
    """The error a violated request rule is answered with (first status of its outcome; 409 for state)."""
    code = CODE_BY_KIND.get(rule.kind, "invalid_request")
    status = 409 if rule.kind is Kind.PENDING_STATE else min(rule.outcome.statuses, default=400)
    return ApiError(status, code, _message(rule, param, value), param=param,
                    legacy_code=LEGACY_CODE_BY_KIND.get(rule.kind, code), rule=rule)


def _message(rule: Rule, param: str | None, value: str | None) -> str:
    name = param or rule.subject or "request"
    first, last = (rule.params[0], rule.params[-1]) if rule.params else (name, name)
    kind = rule.kind
    if kind is Kind.MAX_LENGTH:
        return f"{name} : cannot be more than {rule.limit} characters"
    if kind is Kind.MINIMUM:
        return f"{name} : The value {value!r} is invalid, it must be at least {rule.limit}"
    if kind in (Kind.INTEGER, Kind.BOOLEAN, Kind.ENUM):
        expected = {Kind.INTEGER: "an integer", Kind.BOOLEAN: "true or false"}.get(kind, ", ".join(rule.values))
        return f"{name} : The value {value!r} is invalid, expected {expected}"
    texts = {
        Kind.REQUIRED: f"{name} : cannot be blank",
        Kind.EXISTS: f"{name} : {value!r} not found",
        Kind.ONE_OF_REQUIRED: f"one of {', '.join(rule.params)} must be given",
        Kind.REQUIRES_PARAM: f"{first} can be given only with {last}",
        Kind.REQUIRED_WITH_SETTING: f"{name} : is required on this site",
        Kind.ONLY_WITH_SETTING: f"{name} : cannot be given unless {rule.setting} is enabled for the site",
        Kind.DATE_ORDER: f"{first} cannot be later than {last}",
        Kind.BACKDATING: f"{name} : cannot be more than one calendar month in the past",
        Kind.PARALLEL_ARRAY: f"{name} : is required for every index of {first}",
        Kind.PENDING_STATE: "The invoice is not in pending state",
        Kind.SITE_REFUSES: "This operation is not supported by API v1 when multicurrency is enabled",
        Kind.CATALOG_KIND: f"{name} : {value!r} is not of the kind this parameter takes ({', '.join(rule.values)})",
        # The real API's own answer to an undocumented parameter (docs/decisions.md A1).
        Kind.UNKNOWN_PARAM: "This param should not be sent",
    }
    return texts.get(kind, f"{rule.id} violated")


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
