"""The cleanup ledger keeps what live runs created per target, and never offers an id the suite did not make."""

from __future__ import annotations

from pathlib import Path

import httpx

from chargebee_conformance.suite.client import ApiClient
from chargebee_conformance.suite.ledger import created_on, delete_customers, forget, remember


def test_ids_are_kept_per_target_and_forgotten_once_deleted(tmp_path: Path) -> None:
    ledger = tmp_path / "created.jsonl"
    remember("https://a-test.chargebee.com", "cbc-1-cus1", ledger)
    remember("https://b-test.chargebee.com", "cbc-2-cus1", ledger)
    remember("https://a-test.chargebee.com", "someone-elses", ledger)
    with ledger.open("a", encoding="utf-8") as out:
        out.write('{"target": "https://a-test.chargebee.com", "custo')  # an interrupted write
    assert created_on("https://a-test.chargebee.com", ledger) == ["cbc-1-cus1"]
    forget("https://a-test.chargebee.com", ["cbc-1-cus1"], ledger)
    assert created_on("https://a-test.chargebee.com", ledger) == []
    assert created_on("https://b-test.chargebee.com", ledger) == ["cbc-2-cus1"]


def test_only_suite_ids_are_deleted_and_404_counts_as_gone() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        return httpx.Response(404 if "cus2" in request.url.path else 200, json={})

    with ApiClient("http://t.test", "k", transport=httpx.MockTransport(handler)) as client:
        done, failed = delete_customers(client, ["cbc-x-cus1", "cbc-x-cus2", "not-ours"])
    assert (done, failed) == (["cbc-x-cus1", "cbc-x-cus2"], ["not-ours"])
    assert paths == ["/api/v2/customers/cbc-x-cus1/delete", "/api/v2/customers/cbc-x-cus2/delete"]
