"""Error bodies as the active quirks shape them: status, api_error_code, type, param, message and the legacy fields
where the docs leave them open (docs/decisions.md A1, A2, A11).

Without quirks the body is `ApiError.body()` unchanged. Every change keeps the documented outcome: a 400 stays a
400 with a code and type of the spec's 400 enums, `param` is dropped only where the rule's outcome does not
require it, and only the 409 of a not-pending invoice becomes a 400 (A11 allows either).
"""

from __future__ import annotations

from typing import Any

from chargebee_conformance.sandbox.errors import ApiError
from chargebee_conformance.sandbox.quirks import QuirkSet
from chargebee_conformance.spec.wire import base_name

# messages_reworded: another server's wording, by status (a few words, none of ours).
WORDING = {
    400: "Bad request: {what} was not accepted.",
    401: "Not authenticated: supply a valid API key.",
    404: "Not found: {what} does not exist.",
    405: "This HTTP method is not allowed here.",
    409: "Conflict: the invoice cannot be changed in its current state.",
    422: "Unprocessable: the idempotency key belongs to another request.",
    429: "Slow down: too many requests.",
    500: "Internal error.",
}


def shaped(error: ApiError, quirks: QuirkSet) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body) of an error under the quirks."""
    if not quirks:
        return error.status, error.body()
    if error.status == 401 and quirks.on("legacy_only_401"):  # the SDKs' fixture: legacy fields only
        message = WORDING[401] if quirks.on("messages_reworded") else error.message
        return 401, {"error_code": "api_authentication_invalid_key", "error_msg": message, "http_status_code": 401}
    status, code, kind, param = error.status, error.api_error_code, error.type, error.param
    if status == 409 and quirks.on("not_pending_400"):
        status, code, kind = 400, "invalid_request", "invalid_request"
    if status == 400 and quirks.on("codes_invalid_request"):
        code = "invalid_request"
    elif status == 400 and quirks.on("codes_param_wrong_value"):
        code = "param_wrong_value"
    if status in (400, 404) and quirks.on("errors_untyped"):
        kind = "untyped"
    if param is not None and quirks.on("param_base_name"):
        param = base_name(param)[0]
    optional = error.rule is not None and not error.rule.outcome.param_required
    if status == 400 and optional and quirks.on("param_omitted_when_optional"):
        param = None
    if param is None and error.path_param is not None and quirks.on("param_on_path_404"):
        param = error.path_param
    elif status == 404 and param is not None and error.entity and quirks.on("not_found_param_entity"):
        param = f"{error.entity}_id"  # the vendor's sample: an unknown plan_id answered with param item_id
    message = error.message
    if quirks.on("messages_reworded"):
        message = WORDING.get(status, "Error.").format(what=param or "the request")
    body: dict[str, Any] = {"message": message, "type": kind, "api_error_code": code}
    if quirks.on("errors_without_type"):
        del body["type"]
    if param is not None:
        body["param"] = param
    if not quirks.on("no_legacy_error_fields"):
        body |= {"error_code": error.legacy_code, "error_msg": message, "http_status_code": status}
        if param is not None:
            body["error_param"] = param
    return status, body
