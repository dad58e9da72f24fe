"""The ASGI app: the route table and the pipeline every call goes through.

Order of checks: route (404/405) -> auth (401) -> rate limit (429) -> API version and operation offered by the
site (400 configuration_incompatible) -> body (400) -> idempotency (replay / 422) -> the operation (its own
404 for an unknown invoice in the path, the model's rules, then what the ids name) -> 200.
Everything after reading the body runs synchronously in one storage transaction, with no await inside. Every
answer leaves through `sandbox.dress`, where the active quirks shape bodies and headers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chargebee_conformance.sandbox import auth, catalog_api, dress, one_off, pending, setup
from chargebee_conformance.sandbox.call import Call
from chargebee_conformance.sandbox.config import SandboxConfig
from chargebee_conformance.sandbox.errors import ApiError
from chargebee_conformance.sandbox.idempotency import HEADER, REPLAYED, Idempotency, fingerprint
from chargebee_conformance.sandbox.ratelimit import limited
from chargebee_conformance.sandbox.service import Sandbox
from chargebee_conformance.spec.model import Operation
from chargebee_conformance.spec.operations import BY_ID

log = logging.getLogger("sandbox")

FORM = "application/x-www-form-urlencoded"
MAX_BODY = 4 * 1024 * 1024  # two 65,000-character payment_intent tokens, percent-encoded, fit comfortably
MAX_FIELDS = 5000
# spec.wire.base_name calls int() on a key's trailing index (Python refuses more than 4300 digits); Chargebee's
# lists are short, so keys with long indices are refused while the body is read.
LONG_INDEX = re.compile(r".*\[\d{10,}\]")
HTML_TYPE = "text/html; charset=utf-8"  # the html_content_type fault
Handler = Callable[[Sandbox, Call], dict[str, Any]]


@dataclass(frozen=True)
class Endpoint:
    method: str
    version: int
    path: str  # relative to /api/v{N}, Starlette path syntax
    handler: Handler
    op: Operation | None = None  # the modelled operation it serves

    @property
    def url(self) -> str:
        return f"/api/v{self.version}{self.path}"


def _both(method: str, path: str, handler: Handler) -> tuple[Endpoint, ...]:
    return Endpoint(method, 1, path, handler), Endpoint(method, 2, path, handler)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("POST", 1, "/invoices/charge", one_off.v1_charge, BY_ID["v1.charge"]),
    Endpoint("POST", 1, "/invoices", one_off.v1_create, BY_ID["v1.create"]),
    Endpoint("POST", 1, "/invoices/{invoice_id}/add_charge", pending.v1_add_charge, BY_ID["v1.add_charge"]),
    Endpoint("POST", 2, "/invoices/charge", one_off.v2_charge, BY_ID["v2.charge"]),
    Endpoint("POST", 2, "/invoices/{invoice_id}/add_charge_item", pending.v2_add_charge_item,
             BY_ID["v2.add_charge_item"]),
    Endpoint("POST", 2, "/invoices/{invoice_id}/add_charge", pending.v2_add_charge, BY_ID["v2.add_charge"]),
    Endpoint("POST", 1, "/invoices/{invoice_id}/collect", pending.close),
    Endpoint("POST", 2, "/invoices/{invoice_id}/close", pending.close),
    *_both("GET", "/invoices", setup.list_invoices),
    *_both("GET", "/invoices/{invoice_id}", setup.retrieve_invoice),
    *_both("POST", "/customers", setup.create_customer),
    *_both("GET", "/customers/{customer_id}", setup.retrieve_customer),
    *_both("POST", "/customers/{customer_id}/delete", setup.delete_customer),
    *_both("POST", "/customers/{customer_id}/subscriptions", setup.create_subscription),
    Endpoint("POST", 2, "/customers/{customer_id}/subscription_for_items", setup.subscription_for_items),
    *_both("GET", "/subscriptions/{subscription_id}", setup.retrieve_subscription),
    Endpoint("GET", 2, "/item_prices/{item_price_id}", catalog_api.retrieve_item_price),
    *_both("GET", "/addons/{addon_id}", catalog_api.retrieve_addon),
    *_both("GET", "/plans/{plan_id}", catalog_api.retrieve_plan),
    *_both("GET", "/coupons/{coupon_id}", catalog_api.retrieve_coupon),
)


def create_app(config: SandboxConfig) -> Starlette:
    sandbox = Sandbox(config)
    routes = [Route(e.url, _endpoint(sandbox, e), methods=[e.method]) for e in ENDPOINTS]

    async def route_error(request: Request, exc: Exception) -> Response:
        return _failure(sandbox, _route_error(request, exc))

    app = Starlette(routes=routes, exception_handlers={404: route_error, 405: route_error})
    app.router.redirect_slashes = False  # a redirect would answer without a JSON body
    if config.quirks.on("gzip_responses"):
        app.add_middleware(GZipMiddleware, minimum_size=0)
    app.state.sandbox = sandbox
    return app


def _endpoint(sandbox: Sandbox, endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
    async def serve(request: Request) -> Response:
        try:
            _admit(sandbox, endpoint, request)
            pairs = await _pairs(request, endpoint.method)
            return _execute(sandbox, endpoint, request, pairs)
        except ApiError as error:
            return _failure(sandbox, error)
        except Exception:  # never a bare 500: the answer stays JSON and the cause goes to the log
            log.exception("unexpected error serving %s %s", request.method, request.url.path)
            return _failure(sandbox, ApiError(500, "internal_error", "Sorry, something went wrong on our side",
                                              type="operation_failed"))

    return serve


def _admit(sandbox: Sandbox, endpoint: Endpoint, request: Request) -> None:
    faults, profile = sandbox.config.faults, sandbox.profile
    auth.check(request.headers.get("authorization"), sandbox.config.api_keys,
               allow_missing=faults.on("auth_not_enforced"),
               codes_by_cause=sandbox.config.quirks.on("auth_codes_by_cause"))
    wait = sandbox.limiter.admit()
    if wait is not None:
        raise limited(wait, retry_after=not faults.on("rate_limit_without_retry_after"))
    if endpoint.version not in profile.api_versions:
        raise ApiError(400, "configuration_incompatible", f"API v{endpoint.version} is off for this site")
    if endpoint.op is not None and not profile.offers(endpoint.op.requires):
        raise ApiError(400, "configuration_incompatible", f"{endpoint.op.title} needs "
                       f"{endpoint.op.requires.describe()}, which this site does not have")


async def _pairs(request: Request, method: str) -> list[tuple[str, str]]:
    pairs = await _read(request, method)
    for key, _ in pairs:
        if LONG_INDEX.fullmatch(key):
            raise ApiError(400, "invalid_request", f"{key[:60]} : the list index is too large", param=key)
    return pairs


async def _read(request: Request, method: str) -> list[tuple[str, str]]:
    if method == "GET":
        return parse_qsl(request.url.query, keep_blank_values=True)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise ApiError(400, "invalid_request", f"The request body exceeds {MAX_BODY} bytes")
    if not body:
        return []
    media_type = request.headers.get("content-type", FORM).partition(";")[0].strip().lower()
    if media_type != FORM:
        raise ApiError(400, "invalid_request", f"Content-Type {media_type!r} is not supported; send {FORM}")
    try:
        text = bytes(body).decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "invalid_request", "The request body is not UTF-8 form data") from None


def _execute(sandbox: Sandbox, endpoint: Endpoint, request: Request, pairs: list[tuple[str, str]]) -> Response:
    now = sandbox.config.now()
    headers = dict(request.headers.items())
    quirks = sandbox.config.quirks
    if quirks.on("values_trimmed"):  # as the SDK does before sending (reference §12)
        pairs = [(name, value.strip()) for name, value in pairs]
    call = Call(endpoint.version, dict(request.path_params), dict(pairs), headers, now)
    key = headers.get(HEADER) if endpoint.method == "POST" else None
    if endpoint.version == 1 and quirks.on("idempotency_v2_only"):
        key = None
    idempotency = Idempotency(sandbox.storage, sandbox.config.faults)
    if key is None or not idempotency.usable(key):
        with sandbox.storage.transaction():
            return _success(sandbox, dress.success(endpoint.handler(sandbox, call), endpoint.version, quirks))
    return _keyed(sandbox, endpoint, call, idempotency, key, fingerprint(endpoint.method, request.url.path, pairs))


def _keyed(sandbox: Sandbox, endpoint: Endpoint, call: Call, idempotency: Idempotency, key: str,
           call_print: str) -> Response:
    """A POST with a usable idempotency key: replay the stored answer, refuse another payload (422), or execute
    and store the answer."""
    now, quirks = call.now, sandbox.config.quirks
    first = {REPLAYED: "false"} if quirks.on("replayed_false_on_first") else {}
    refused: list[ApiError] = []  # the operation's own refusal, as opposed to the 422 of a reused key
    try:
        with sandbox.storage.transaction():
            replay = idempotency.replay(key, call_print, now.timestamp())
            if replay is not None:
                replayed = {} if sandbox.config.faults.on("replay_header_missing") else {REPLAYED: "true"}
                return _success(sandbox, replay.body, replay.status, replayed)
            try:
                body = dress.success(endpoint.handler(sandbox, call), endpoint.version, quirks)
            except ApiError as error:
                refused.append(error)
                raise
            idempotency.remember(key, call_print, now.timestamp(), 200, body)
            return _success(sandbox, body, headers=first)
    except ApiError as error:
        if not (refused and refused[0] is error and quirks.on("errors_replayed")):
            raise
        # errors_replayed: the refusal rolled back whatever it touched; its answer is stored on its own.
        status, body = dress.error(error, quirks)
        with sandbox.storage.transaction():
            idempotency.remember(key, call_print, now.timestamp(), status, body, errors_too=True)
        return _respond(sandbox, body, status, error.headers | first, dress.media_type(quirks))


def _success(sandbox: Sandbox, body: bytes, status: int = 200, headers: dict[str, str] | None = None,
             ) -> Response:
    faults, quirks = sandbox.config.faults, sandbox.config.quirks
    media_type = HTML_TYPE if faults.on("html_content_type") else dress.media_type(quirks)
    return _respond(sandbox, body, status, headers or {}, media_type)


def _failure(sandbox: Sandbox, error: ApiError) -> Response:
    quirks = sandbox.config.quirks
    status, body = dress.error(error, quirks)
    return _respond(sandbox, body, status, error.headers, dress.media_type(quirks))


def _respond(sandbox: Sandbox, body: bytes, status: int, headers: Mapping[str, str], media_type: str) -> Response:
    extra = dress.headers(sandbox.config.quirks, sandbox.limiter, status)
    return Response(body, status_code=status, headers={**extra, **headers}, media_type=media_type)


def _route_error(request: Request, exc: Exception) -> ApiError:
    if isinstance(exc, HTTPException) and exc.status_code == 405:
        return ApiError(405, "http_method_not_supported", f"{request.method} is not supported here")
    return ApiError(404, "resource_not_found", f"Sorry, there is no API resource at {request.url.path}")
