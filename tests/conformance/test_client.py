"""The client sends Chargebee's wire format, retries only what is safe, and never leaks the key."""

from __future__ import annotations

import base64

import httpx
import pytest

from chargebee_conformance.spec.case import Case
from chargebee_conformance.suite.client import ApiClient

CASE = Case("v2.charge", "POST", "/api/v2/invoices/charge", (("description", "a b"), ("amount", "1")))


def client_with(handler: object, **options: object) -> ApiClient:
    return ApiClient("http://sandbox.test", "test_key", transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
                     sleep=lambda s: None, **options)  # type: ignore[arg-type]


def test_basic_auth_uses_the_key_as_user_name_and_the_body_is_form_encoded() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"invoice": {}})

    with client_with(handler) as client:
        client.send(CASE)
    request = seen[0]
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"test_key:").decode()
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.content == b"description=a+b&amount=1"
    assert request.headers["chargebee-event-email"] == "all-disabled"


def test_a_429_is_retried_after_the_servers_delay() -> None:
    answers = iter([httpx.Response(429, headers={"retry-after": "3"}, json={}), httpx.Response(200, json={})])
    waits: list[float] = []
    client = ApiClient("http://sandbox.test", "k", transport=httpx.MockTransport(lambda r: next(answers)),
                       sleep=waits.append)
    with client:
        assert client.send(CASE).status == 200
    assert waits == [3.0]


def test_a_5xx_is_retried_only_with_an_idempotency_key() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503, json={})

    with client_with(handler) as client:
        assert client.send(CASE).status == 503
        assert len(calls) == 1
        keyed = Case(CASE.operation, CASE.method, CASE.path, CASE.form, (("chargebee-idempotency-key", "k1"),))
        client.send(keyed)
    assert len(calls) == 1 + 3


def test_a_request_without_credentials_sends_no_authorization_header() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(401, json={})

    with client_with(handler) as client:
        client.send(CASE, auth=None)
    assert "authorization" not in seen[0].headers


def _proxied(client: ApiClient, url: str) -> bool:
    transport = client._http._transport_for_url(httpx.URL(url))
    return "Proxy" in type(getattr(transport, "_pool", transport)).__name__


def test_proxies_come_from_the_environment_honour_no_proxy_and_never_apply_to_loopback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "HTTP_PROXY"):
        monkeypatch.setenv(name, "http://proxy.test:3128")
    monkeypatch.setenv("NO_PROXY", "internal.test")
    assert _proxied(ApiClient("https://acme-test.chargebee.com", "k"), "https://acme-test.chargebee.com/api/v2/x")
    assert not _proxied(ApiClient("https://billing.internal.test", "k"), "https://billing.internal.test/api/v2/x")
    assert not _proxied(ApiClient("http://127.0.0.1:8765", "k"), "http://127.0.0.1:8765/api/v2/x")
