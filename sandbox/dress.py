"""Responses as the active quirks dress them: JSON bodies, media type and extra headers (docs/decisions.md A2).

Handlers build plain bodies; this is the one place a body becomes bytes, so a stored idempotent answer is the
dressed one and replays byte for byte. Without quirks nothing changes. Each quirk changes only what A2 says is
never asserted (key order, extra attributes, nulls for absent optional attributes, header extras) or what the
docs leave open (the order of line items, v2 `posted`, trimmed echoes), never a documented value.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from typing import Any

from chargebee_conformance.sandbox.error_style import shaped
from chargebee_conformance.sandbox.errors import JSON_TYPE, ApiError, json_bytes
from chargebee_conformance.sandbox.quirks import QuirkSet
from chargebee_conformance.sandbox.ratelimit import RateLimiter
from chargebee_conformance.spec.invoice import INVOICE, LINE_ITEM

PLAIN_JSON = "application/json"
NOMINAL_LIMIT = 150  # rate_limit_headers on an unlimited sandbox: a test site's documented limit
TRIMMED_TEXT = ("po_number",)
UNLISTED_PRICE_TYPE = "tax_exempt"  # new_enum_value: not in the docs' list; the sandbox's invoices have no tax


def success(data: dict[str, Any], version: int, quirks: QuirkSet) -> bytes:
    if quirks:
        for invoice in _invoices(data):
            _dress_invoice(invoice, version, quirks)
        if "list" in data and quirks.on("nulls_for_absent"):
            data.setdefault("next_offset", None)
        if quirks.on("extra_attributes"):
            _add_extras(data)
        data = _ordered(data, quirks)
    return _encoded(data, quirks)


def error(failure: ApiError, quirks: QuirkSet) -> tuple[int, bytes]:
    status, body = shaped(failure, quirks)
    if quirks.on("extra_attributes"):
        body |= {"request_id": _request_id(), "documentation_url": "https://apidocs.chargebee.com/docs/api"}
    return status, _encoded(_ordered(body, quirks), quirks)


def media_type(quirks: QuirkSet) -> str:
    return PLAIN_JSON if quirks.on("content_type_no_charset") else JSON_TYPE


def headers(quirks: QuirkSet, limiter: RateLimiter, status: int) -> dict[str, str]:
    """Headers the quirks add to every answer (the documented ones are set by the caller)."""
    extra: dict[str, str] = {}
    if quirks.on("extra_headers"):
        extra |= {"server": "ChargeBee", "x-request-id": _request_id(), "strict-transport-security":
                  "max-age=31536000", "cache-control": "no-store, no-cache, must-revalidate"}
    if quirks.on("rate_limit_headers"):
        limit = limiter.per_minute or NOMINAL_LIMIT
        remaining = limiter.remaining()
        extra |= {"x-ratelimit-limit": str(limit), "x-ratelimit-remaining": str(limit if remaining is None
                                                                                else remaining),
                  "x-ratelimit-reset": "60"}
        if status == 429:
            extra |= {"x-ratelimit-scope": "site", "x-ratelimit-policy": f"{limit};w=60"}
    return extra


def _invoices(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if isinstance(data.get("invoice"), dict):
        yield data["invoice"]
    for entry in data.get("list") or ():
        if isinstance(entry, dict) and isinstance(entry.get("invoice"), dict):
            yield entry["invoice"]


def _dress_invoice(invoice: dict[str, Any], version: int, quirks: QuirkSet) -> None:
    lines: list[dict[str, Any]] = invoice.get("line_items") or []
    if version == 2 and invoice.get("status") == "payment_due" and quirks.on("status_posted"):
        invoice["status"] = "posted"
    if quirks.on("new_enum_value"):
        invoice["price_type"] = UNLISTED_PRICE_TYPE
    if quirks.on("lines_reversed"):
        lines.reverse()
    if quirks.on("text_trimmed"):
        _trim(invoice, TRIMMED_TEXT)
        address = invoice.get("shipping_address")
        if isinstance(address, dict):
            _trim(address, tuple(address))
        for line in lines:
            _trim(line, ("description",))
    for obj, attributes in [(invoice, INVOICE[version]), *((line, LINE_ITEM[version]) for line in lines)]:
        if quirks.on("empty_lists_omitted"):
            for name in [k for k, v in obj.items() if v == []]:
                del obj[name]
        if quirks.on("nulls_for_absent"):
            for attribute in attributes:
                if not attribute.required:
                    obj.setdefault(attribute.name, None)


def _trim(obj: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if isinstance(obj.get(name), str):
            obj[name] = obj[name].strip()


def _add_extras(data: dict[str, Any]) -> None:
    """Attributes no Chargebee page documents, on every resource and on the response root."""
    data["request_id"] = _request_id()
    for invoice in _invoices(data):
        invoice |= {"channel": "api", "x_sandbox_quirk": True, "site_details_at_creation": {"timezone": "UTC"}}
        for line in invoice.get("line_items") or ():
            line |= {"usage_percentage": None, "x_line_source": "api"}
    for name in ("customer", "subscription"):
        if isinstance(data.get(name), dict):
            data[name] |= {"channel": "api", "x_sandbox_quirk": True}
    if "list" in data:
        data["total_count_estimate"] = len(data["list"])
        for entry in data["list"]:
            entry["meta"] = {"source": "sandbox"}


def _ordered(value: Any, quirks: QuirkSet) -> Any:
    """The value with every object's keys reordered as the key-order quirks choose."""
    shuffle, reverse = quirks.on("keys_shuffled"), quirks.on("keys_reversed")
    if not (shuffle or reverse):
        return value
    if isinstance(value, list):
        return [_ordered(item, quirks) for item in value]
    if not isinstance(value, dict):
        return value
    items = [(key, _ordered(item, quirks)) for key, item in value.items()]
    if shuffle:  # a fixed order that has nothing to do with the documented one: by a hash of the key
        items.sort(key=lambda pair: hashlib.sha256(pair[0].encode()).digest())
    if reverse:
        items.reverse()
    return dict(items)


def _encoded(data: Any, quirks: QuirkSet) -> bytes:
    if quirks.on("json_formatting"):
        return json.dumps(data, ensure_ascii=True, indent=2).encode("ascii") + b"\n"
    return json_bytes(data)


def _request_id() -> str:
    return f"req_{uuid.uuid4().hex[:20]}"
