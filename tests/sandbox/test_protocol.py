"""Protocol promises: basic auth, JSON everywhere, unknown paths, rate limiting and idempotency keys."""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from chargebee_conformance.sandbox.idempotency import WINDOW_SECONDS
from tests.sandbox.conftest import StartSandbox
from tests.sandbox.support import Site, error, new_id

KEY_HEADER = "chargebee-idempotency-key"


def basic(user: str, password: str = "") -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize("authorization", [
    None, basic("wrong-key"), basic("", "test_cbc_sandbox_key"), basic("test_cbc_sandbox_key", "pw"),
    "Bearer test_cbc_sandbox_key", "Basic !!!not-base64", "Basic", "basic " + base64.b64encode(b"\xff\xfe").decode(),
])
def test_requests_without_a_valid_key_get_401_json(pc1: Site, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = httpx.get(pc1.url + "/api/v2/invoices", headers=headers)
    assert error(response)[:2] == (401, "api_authentication_failed")
    assert response.json()["type"] == "untyped"


def test_the_key_works_as_user_name_with_an_empty_password(pc1: Site) -> None:
    response = httpx.get(pc1.url + "/api/v2/invoices", headers={"Authorization": basic(pc1.key)})
    assert response.status_code == 200


def test_an_extra_api_key_is_accepted(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(api_keys=["another_key"])
    response = httpx.get(site.url + "/api/v2/invoices", auth=("another_key", ""))
    assert response.status_code == 200


def test_success_is_json_with_charset(pc1: Site) -> None:
    response = pc1.charge(pc1.customer())
    assert response.headers["content-type"] == "application/json;charset=utf-8"


@pytest.mark.parametrize("path", ["/api/v2/nowhere", "/api/v3/invoices", "/", "/api/v2/invoices/charge/",
                                  "/api/v2/invoices/a%2Fb/add_charge"])
def test_unknown_paths_get_404_json(pc1: Site, path: str) -> None:
    response = pc1.client.post(path)
    assert error(response)[:2] == (404, "resource_not_found")


def test_a_method_the_path_lacks_gets_405_json(pc1: Site) -> None:
    assert error(pc1.client.delete("/api/v2/invoices/charge"))[:2] == (405, "http_method_not_supported")


def test_a_body_that_is_not_a_form_is_refused(pc1: Site) -> None:
    response = pc1.client.post("/api/v2/invoices/charge", json={"customer_id": "x"})
    assert error(response)[:2] == (400, "invalid_request")


def test_rate_limit_answers_429_with_retry_after(start_sandbox: StartSandbox) -> None:
    site = start_sandbox(rate_limit=3)
    statuses = [site.get("/invoices").status_code for _ in range(4)]
    limited = site.get("/invoices")
    assert statuses == [200, 200, 200, 429]
    assert error(limited)[:2] == (429, "api_request_limit_exceeded")
    assert limited.json()["type"] == "operation_failed"
    assert 1 <= int(limited.headers["retry-after"]) <= 60


def test_a_replay_returns_the_stored_response_without_a_second_invoice(pc1: Site) -> None:
    customer_id = pc1.customer()
    key = {KEY_HEADER: new_id("key")}
    first = pc1.post("/invoices/charge", {"customer_id": customer_id, "amount": "10", "description": "d"},
                     headers=key)
    again = pc1.post("/invoices/charge", {"description": "d", "amount": "10", "customer_id": customer_id},
                     headers=key)
    assert again.status_code == 200 and again.headers["chargebee-idempotency-replayed"] == "true"
    assert again.json() == first.json()
    assert len(pc1.invoices_of(customer_id)) == 1


def test_a_key_reused_with_other_parameters_gets_422(pc1: Site) -> None:
    customer_id = pc1.customer()
    key = {KEY_HEADER: new_id("key")}
    pc1.ok(pc1.post("/invoices/charge", {"customer_id": customer_id, "amount": "10", "description": "d"},
                    headers=key))
    response = pc1.post("/invoices/charge", {"customer_id": customer_id, "amount": "11", "description": "d"},
                        headers=key)
    assert error(response)[:2] == (422, "unable_to_process_request")
    assert len(pc1.invoices_of(customer_id)) == 1


def test_a_rejected_request_is_not_replayed(pc1: Site) -> None:
    customer_id = pc1.customer()
    key = {KEY_HEADER: new_id("key")}
    form = {"customer_id": customer_id, "amount": "10", "description": ""}
    assert pc1.post("/invoices/charge", form, headers=key).status_code == 400
    form["description"] = "d"
    assert pc1.post("/invoices/charge", form, headers=key).status_code == 200


def test_a_key_expires_after_the_window(start_sandbox: StartSandbox) -> None:
    clock = [datetime(2026, 5, 1, tzinfo=UTC)]
    site = start_sandbox(now=lambda: clock[0])
    customer_id = site.customer()
    key = {KEY_HEADER: "k-1"}
    form = {"customer_id": customer_id, "amount": "10", "description": "d"}
    site.ok(site.post("/invoices/charge", form, headers=key))
    clock[0] += timedelta(seconds=WINDOW_SECONDS - 1)
    assert site.post("/invoices/charge", form, headers=key).headers.get("chargebee-idempotency-replayed") == "true"
    clock[0] += timedelta(seconds=1)
    assert "chargebee-idempotency-replayed" not in site.post("/invoices/charge", form, headers=key).headers
    assert len(site.invoices_of(customer_id)) == 2


def test_concurrent_requests_with_one_key_create_exactly_one_invoice(pc1: Site) -> None:
    customer_id = pc1.customer()
    key = {KEY_HEADER: new_id("key")}
    form = {"customer_id": customer_id, "amount": "10", "description": "d"}

    def send(_: int) -> httpx.Response:
        with httpx.Client(base_url=pc1.url, auth=(pc1.key, "")) as client:
            return client.post("/api/v2/invoices/charge", data=form, headers=key)

    with ThreadPoolExecutor(max_workers=16) as pool:
        responses = list(pool.map(send, range(32)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["invoice"]["id"] for r in responses}) == 1
    assert len(pc1.invoices_of(customer_id)) == 1


def test_a_key_reused_on_another_invoice_is_not_a_replay(pc2: Site) -> None:
    key = {KEY_HEADER: new_id("key")}
    form = {"amount": "10", "description": "d"}
    (_, first), (_, second) = pc2.pending_invoice(), pc2.pending_invoice()
    pc2.ok(pc2.post(f"/invoices/{first}/add_charge", form, headers=key))
    assert error(pc2.post(f"/invoices/{second}/add_charge", form, headers=key))[0] == 422


def test_add_charge_replays_instead_of_adding_twice(pc2: Site) -> None:
    key = {KEY_HEADER: new_id("key")}
    _, invoice_id = pc2.pending_invoice()
    for _ in range(2):
        pc2.ok(pc2.post(f"/invoices/{invoice_id}/add_charge", {"amount": "10", "description": "d"}, headers=key))
    assert len(pc2.invoice(invoice_id)["line_items"]) == 2  # the plan line and one charge
