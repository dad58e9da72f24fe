"""What live runs created on a target, so `chargebee-conformance cleanup` can delete it afterwards.

Only customers are written down: deleting a customer deletes its subscriptions and invoices ("The customer's
subscriptions, invoices, transactions ... are deleted"), and no documented operation lists customers by prefix.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from pathlib import Path

from chargebee_conformance.suite.client import ApiClient

LEDGER = Path(".chargebee-conformance") / "created.jsonl"  # under the working directory (the user's repository)
PREFIX = "cbc-"
_lock = threading.Lock()


def remember(target: str, customer_id: str, ledger: Path = LEDGER) -> None:
    ledger.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"target": target, "customer_id": customer_id}) + "\n"
    with _lock, ledger.open("a", encoding="utf-8") as out:
        out.write(line)


def created_on(target: str, ledger: Path = LEDGER) -> list[str]:
    if not ledger.exists():
        return []
    ids = []
    for line in ledger.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut short by an interrupted run
        if entry.get("target") == target and str(entry.get("customer_id", "")).startswith(PREFIX):
            ids.append(str(entry["customer_id"]))
    return list(dict.fromkeys(ids))


def forget(target: str, customer_ids: Iterable[str], ledger: Path = LEDGER) -> None:
    gone = set(customer_ids)
    if not ledger.exists():
        return
    kept = [line for line in ledger.read_text(encoding="utf-8").splitlines()
            if not _matches(line, target, gone)]
    ledger.write_text("".join(line + "\n" for line in kept), encoding="utf-8")


def _matches(line: str, target: str, ids: set[str]) -> bool:
    try:
        entry = json.loads(line)
    except ValueError:
        return False
    return bool(entry.get("target") == target and entry.get("customer_id") in ids)


def delete_customers(
    client: ApiClient, customer_ids: Iterable[str], api_version: int = 2,
) -> tuple[list[str], list[str]]:
    """Delete each customer (documented: POST /customers/{id}/delete); returns (deleted or already gone, failed)."""
    done: list[str] = []
    failed: list[str] = []
    for customer_id in customer_ids:
        if not customer_id.startswith(PREFIX):
            failed.append(customer_id)  # never touch an id the suite did not make
            continue
        exchange = client.post(f"/api/v{api_version}/customers/{customer_id}/delete", label="cleanup")
        (done if exchange.status in (200, 404) else failed).append(customer_id)
    return done, failed
