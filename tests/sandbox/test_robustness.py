"""Whatever arrives, the sandbox answers well-formed JSON, never a 5xx, never hangs, and leaves the resources
that existed before as they were (docs/decisions.md B23: a random body that happens to be valid may create
something)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chargebee_conformance.sandbox.app import ENDPOINTS, MAX_BODY
from chargebee_conformance.spec.operations import OPERATIONS
from tests.sandbox.support import Site

SETTINGS = settings(max_examples=120, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CONTENT_TYPES = [None, "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1",
                 "application/json", "text/plain", "multipart/form-data; boundary=xyz", "\x01garbage"]
WIRE_NAMES = sorted({p.name for op in OPERATIONS for p in op.body_params} | {"id", "plan_id", "limit"})


@dataclass(frozen=True)
class Witness:
    """Resources that must read back unchanged, and a pending invoice of another customer to aim at."""

    customer_id: str
    invoice_id: str
    target_invoice_id: str
    snapshot: tuple[Any, ...]


def snapshot(site: Site, customer_id: str, invoice_id: str) -> tuple[Any, ...]:
    return site.get(f"/customers/{customer_id}").json(), site.get(f"/invoices/{invoice_id}").json()


@pytest.fixture(scope="module")
def witness(pc1: Site) -> Iterator[Witness]:
    customer_id, invoice_id = pc1.pending_invoice()
    _, target = pc1.pending_invoice()
    before = snapshot(pc1, customer_id, invoice_id)
    yield Witness(customer_id, invoice_id, target, before)
    assert snapshot(pc1, customer_id, invoice_id) == before


def paths(target_invoice: str) -> list[tuple[str, str]]:
    """(method, path) of every endpoint, path parameters filled with an id that is not the witness's."""
    filled = []
    for endpoint in ENDPOINTS:
        url = endpoint.url.format(invoice_id=target_invoice, customer_id="cbc-missing-c",
                                  subscription_id="cbc-missing-s", item_price_id="cbc-missing-ip",
                                  addon_id="cbc-missing-a", plan_id="cbc-missing-p", coupon_id="cbc-missing-k")
        filled.append((endpoint.method, url))
    return filled


def assert_well_formed(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/json;charset=utf-8"
    body = response.json()
    assert isinstance(body, dict)
    if response.status_code >= 400:
        assert {"message", "type", "api_error_code"} <= body.keys()


def unchanged(site: Site, witness: Witness) -> None:
    assert snapshot(site, witness.customer_id, witness.invoice_id) == witness.snapshot


@SETTINGS
@given(data=st.data(), body=st.binary(max_size=3000), content_type=st.sampled_from(CONTENT_TYPES))
def test_random_bytes_get_json_answers(pc1: Site, witness: Witness, data: st.DataObject, body: bytes,
                                       content_type: str | None) -> None:
    method, path = data.draw(st.sampled_from(paths(witness.target_invoice_id)))
    headers = {} if content_type is None else {"content-type": content_type}
    assert_well_formed(pc1.client.request(method, path, content=body, headers=headers))
    unchanged(pc1, witness)


def form_keys() -> st.SearchStrategy[str]:
    indexed = st.builds(lambda name, i: f"{name}[{i}]", st.sampled_from(WIRE_NAMES), st.integers(-2, 12))
    return st.one_of(st.sampled_from(WIRE_NAMES), indexed, st.text(max_size=30))


def form_values() -> st.SearchStrategy[str]:
    numbers = st.integers(-(2**70), 2**70).map(str)
    return st.one_of(numbers, st.text(max_size=300), st.sampled_from(["", "true", "false", "0", "-1", "1e9",
                                                                     "١٢", "NaN", "9" * 400, "é" * 251]))


@SETTINGS
@given(data=st.data(), form=st.dictionaries(form_keys(), form_values(), max_size=12))
def test_random_forms_get_json_answers(pc1: Site, witness: Witness, data: st.DataObject,
                                       form: dict[str, str]) -> None:
    method, path = data.draw(st.sampled_from([p for p in paths(witness.target_invoice_id) if p[0] == "POST"]))
    assert_well_formed(pc1.client.request(method, path, data=form))
    unchanged(pc1, witness)


@SETTINGS
@given(form=st.dictionaries(form_keys(), form_values(), max_size=8))
def test_random_forms_about_the_witness_customer_change_nothing_of_theirs(
    pc1: Site, witness: Witness, form: dict[str, str],
) -> None:
    """Random charges naming the witness are either refused or add an invoice; its pending invoice and its
    record never change."""
    form = {**form, "customer_id": witness.customer_id}
    response = pc1.post("/invoices/charge", form)
    assert_well_formed(response)
    unchanged(pc1, witness)


@SETTINGS
@given(authorization=st.text(st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"),
                             max_size=80))
def test_broken_authorization_headers_get_401(pc1: Site, authorization: str) -> None:
    value = authorization.strip().encode("latin-1")  # what HTTP carries: bytes, obs-text included
    response = httpx.get(pc1.url + "/api/v2/invoices", headers=[(b"authorization", value)])
    assert_well_formed(response)
    assert response.status_code == 401


@SETTINGS
@given(segments=st.lists(st.text(st.characters(codec="utf-8", exclude_characters="/?#"), min_size=1,
                                 max_size=12), max_size=5), method=st.sampled_from(["GET", "POST", "PUT", "PATCH"]))
def test_unknown_paths_get_json(pc1: Site, segments: list[str], method: str) -> None:
    path = "/api/v2/" + "/".join(quote(segment, safe="") for segment in segments)
    assert_well_formed(pc1.client.request(method, path))


def test_a_huge_description_is_refused(pc1: Site, witness: Witness) -> None:
    response = pc1.charge(witness.customer_id, description="漢" * 300_000)
    assert_well_formed(response)
    assert (response.status_code, response.json()["param"]) == (400, "description")
    unchanged(pc1, witness)


def test_a_body_over_the_limit_is_refused(pc1: Site, witness: Witness) -> None:
    response = pc1.client.post("/api/v2/invoices/charge", content=b"a=" + b"x" * MAX_BODY,
                               headers={"content-type": "application/x-www-form-urlencoded"})
    assert_well_formed(response)
    assert response.status_code == 400
    unchanged(pc1, witness)


def test_invalid_utf8_in_a_form_is_refused(pc1: Site) -> None:
    response = pc1.client.post("/api/v2/invoices/charge", content=b"description=%ff%fe",
                               headers={"content-type": "application/x-www-form-urlencoded"})
    assert_well_formed(response)
    assert response.status_code == 400


def test_huge_numbers_everywhere_are_refused_not_crashed(pc1: Site, witness: Witness) -> None:
    huge = "9" * 10_000
    for method, path in paths(witness.target_invoice_id):
        if method == "POST":
            form = {name: huge for name in WIRE_NAMES} | {f"{n}[0]": huge for n in WIRE_NAMES}
            assert_well_formed(pc1.client.post(path, data=form))
    unchanged(pc1, witness)


@pytest.mark.parametrize("raw", [
    b"GET /api/v2/invoices HTTP/1.1\r\nHost: x\r\nX-Bad: a\x00b\r\n\r\n",  # a NUL byte in a header value
    b"GET /api/v2/invoices HTTP/1.1\r\nHost: x\r\nBad Header: a\r\n\r\n",  # a space in a header name
    b"NOT-HTTP\r\n\r\n",
])
def test_a_request_the_http_parser_refuses_gets_a_json_error(pc1: Site, raw: bytes) -> None:
    host, port = httpx.URL(pc1.url).host, httpx.URL(pc1.url).port
    with socket.create_connection((host, port or 80), timeout=5) as sock:
        sock.sendall(raw)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") and b"application/json" in head.lower()
    assert json.loads(body)["api_error_code"] == "invalid_request"
