"""The suite's HTTP client: basic auth with the key as user name, pacing, retries, and `Exchange` results.

Every request of the suite goes through `ApiClient.send`, so rate limiting, the budget, secrets handling and
request counting live in one place. Tests never touch `httpx.Response`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import ssl
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import certifi
import httpx

from chargebee_conformance.spec.case import Case, Exchange
from chargebee_conformance.spec.wire import to_body
from chargebee_conformance.suite.errors import CassetteMiss, TargetUnreachable
from chargebee_conformance.suite.pacing import Budget, RateLimiter, retry_after_seconds

FORM = "application/x-www-form-urlencoded"
# docs/decisions.md D25: runs skip emails, webhooks and event actions unless a test is about those headers.
QUIET_HEADERS = {
    "chargebee-event-email": "all-disabled",
    "chargebee-event-webhook": "all-disabled",
    "chargebee-event-actions": "all-disabled",
}
MAX_429_RETRIES = 5
MAX_5XX_RETRIES = 2


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every client of the process: loading the CA bundle takes ~25 ms, once per test."""
    return ssl.create_default_context(cafile=certifi.where())


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


class ApiClient:
    def __init__(
        self, base_url: str, api_key: str, *, timeout: float = 30.0, rate_limiter: RateLimiter | None = None,
        budget: Budget | None = None, sleep: Callable[[float], None] = time.sleep, quiet: bool = True,
        proxy: str | None = None, on_exchange: Callable[[Exchange], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.rate_limiter = rate_limiter
        self.budget = budget or Budget(None)
        self.sleep = sleep
        self.quiet = quiet
        self.counts: Counter[str] = Counter()
        self.on_exchange = on_exchange
        # Proxies come from the environment as httpx reads it (HTTPS_PROXY, NO_PROXY...); loopback never goes
        # through one: the bundled sandbox listens there.
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, proxy=proxy, follow_redirects=False,
                                  transport=transport, trust_env=not is_loopback(self.base_url),
                                  verify=tls_context())

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the one place requests are sent ------------------------------------------------------------------
    def send(self, case: Case, *, auth: tuple[str, str] | str | None = "default", label: str = "") -> Exchange:
        """Send a case. `auth="default"` uses the key as user name; None sends no credentials."""
        headers = dict(QUIET_HEADERS) if self.quiet else {}
        headers.update({"accept": "application/json"})
        headers.update(dict(case.headers))
        content: bytes | None = None
        if case.method != "GET":
            headers.setdefault("content-type", FORM)
            content = to_body(case.form).encode("utf-8")
        credentials = (self.api_key, "") if auth == "default" else auth
        url = case.path if case.method != "GET" or not case.form else case.path + "?" + to_body(case.form)
        idempotent = "chargebee-idempotency-key" in {k.lower() for k in headers}
        attempts_429 = attempts_5xx = 0
        while True:
            response, elapsed = self._once(case.method, url, headers, content, credentials, label or case.operation)
            self.counts[label or case.operation] += 1
            if response.status_code == 429:
                self.budget.note_throttled()
            if response.status_code == 429 and attempts_429 < MAX_429_RETRIES:
                attempts_429 += 1
                self.sleep(retry_after_seconds(response.headers.get("retry-after"), attempts_429))
                continue
            if response.status_code >= 500 and idempotent and attempts_5xx < MAX_5XX_RETRIES:
                attempts_5xx += 1  # only a request with an idempotency key is safe to send twice
                self.sleep(0.5 * attempts_5xx)
                continue
            break
        exchange = to_exchange(case, response, elapsed)
        exchange.extras.update(base_url=self.base_url, label=label or case.operation, headers_sent=[
            (k, v) for k, v in headers.items() if k.lower() not in ("accept", "content-type")])
        if self.on_exchange:
            self.on_exchange(exchange)
        return exchange

    def _once(self, method: str, url: str, headers: Mapping[str, str], content: bytes | None,
              credentials: tuple[str, str] | str | None, label: str = "") -> tuple[httpx.Response, float]:
        self.budget.take(label)
        if self.rate_limiter:
            self.rate_limiter.wait()
        started = time.perf_counter()  # time-machine freezes wall time only
        try:
            response = self._http.request(
                method, url, headers=dict(headers), content=content,
                auth=credentials if isinstance(credentials, tuple) else None,
            )
        except httpx.TimeoutException as error:
            raise TargetUnreachable(f"{method} {self.base_url}{url}: timed out ({error})") from None
        except httpx.TransportError as error:
            raise TargetUnreachable(f"{method} {self.base_url}{url}: {error}") from None
        except Exception as error:
            if type(error).__name__ == "CannotOverwriteExistingCassetteException":
                from chargebee_conformance.suite.recording import explain_miss

                cassette = getattr(getattr(error, "cassette", None), "_path", "?")
                raise CassetteMiss(explain_miss(error, cassette)) from None
            raise
        return response, time.perf_counter() - started

    # -- conveniences for setup and inspection ------------------------------------------------------------
    def post(self, path: str, form: Iterable[tuple[str, str]] = (), *, label: str = "setup",
             headers: Iterable[tuple[str, str]] = ()) -> Exchange:
        return self.send(Case(label, "POST", path, tuple(form), tuple(headers)), label=label)

    def get(self, path: str, query: Iterable[tuple[str, str]] = (), *, label: str = "inspect") -> Exchange:
        return self.send(Case(label, "GET", path, tuple(query)), label=label)


def to_exchange(case: Case, response: httpx.Response, elapsed: float) -> Exchange:
    raw = response.text
    body: Any = raw
    with contextlib.suppress(ValueError):
        body = json.loads(raw) if raw else raw
    headers = tuple((k.lower(), v) for k, v in response.headers.multi_items())
    return Exchange(case, response.status_code, headers, body, raw, elapsed)
