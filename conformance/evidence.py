"""How a failure shows what happened: the request (secrets masked), the response and a curl line."""

from __future__ import annotations

from chargebee_conformance.spec.case import Exchange

MAX_BODY = 1500
# Transport details that say nothing about conformance.
NOISE = frozenset({"content-type", "content-length", "date", "connection", "keep-alive", "transfer-encoding"})


def describe(exchange: Exchange) -> str:
    case = exchange.case
    form = "&".join(f"{k}={v}" for k, v in case.form)
    if len(form) > MAX_BODY:
        form = form[:MAX_BODY] + "…"
    headers = "".join(f"\n  {k}: {v}" for k, v in case.headers)
    body = exchange.raw if len(exchange.raw) <= MAX_BODY else exchange.raw[:MAX_BODY] + "…"
    answered = "".join(f"\n  {k}: {v}" for k, v in exchange.headers if k not in NOISE)
    return (f"request:  {case.method} {case.path}{headers}\n  {form}\n"
            f"response: {exchange.status} {exchange.header('content-type') or ''}{answered}\n  {body}")
