"""What the harness keeps of each exchange besides the verdict: the steps of a failing example (the report turns
them into a reproducer that creates its own fixtures) and a comparable summary of every request to an operation
(`compare` lines up two runs by it).

A summary leaves out what always differs between two targets or two runs: ids (mapped to placeholders in the
order a test met them), timestamps (relative to the run's clock), key order and message text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chargebee_conformance.spec.case import Exchange

SETUP, INSPECT = "setup", "inspect"
NOT_COMPARED = frozenset({SETUP, INSPECT, "catalog", "cleanup"})  # fixtures and look-ups, not the promises
RESOURCES = ("invoice", "customer", "subscription", "credit_note")  # top-level answers whose ids a later step may use
RUN_ID = re.compile(r"cbc-[0-9a-f]{8}-")  # what the suite names (conformance.site.IdMaker, idempotency keys)
ARITHMETIC = ("sub_total", "total", "amount_due", "amount_paid", "credits_applied")
YEAR = 366 * 24 * 3600


def returned_ids(body: Any) -> dict[str, str]:
    """`{"invoice.id": "53"}`: the ids of the top-level resources in a JSON answer."""
    if not isinstance(body, dict):
        return {}
    found = {}
    for name in RESOURCES:
        value = body.get(name)
        if isinstance(value, dict) and isinstance(value.get("id"), str | int):
            found[f"{name}.id"] = str(value["id"])
    return found


def step_of(exchange: Exchange, label: str) -> dict[str, Any]:
    """One request of an example, as a reproducer replays it (results.json `failure.steps`, reports/SCHEMA.md)."""
    case = exchange.case
    return {
        "label": label, "method": case.method, "path": case.path, "form": [list(p) for p in case.form],
        "headers": [list(p) for p in exchange.extras.get("headers_sent", case.headers)],
        "status": exchange.status, "returned": returned_ids(exchange.body),
    }


def needed_steps(fixtures: list[dict[str, Any]], example: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The example's requests, preceded by the fixture requests they depend on (a customer its charge names, the
    subscription that made the pending invoice it adds to), in the order they were sent."""
    wanted = set().union(*(_values(step) for step in example)) if example else set()
    kept: list[dict[str, Any]] = []
    for step in reversed(fixtures):
        own = _values(step)  # a subscription's answer names its customer too, but did not make it
        made = (set(step["returned"].values()) - own) | {v for k, v in step["form"] if k == "id"}
        if made & wanted:
            kept.append(step)
            wanted |= _values(step)
    return [*reversed(kept), *example]


def _values(step: Mapping[str, Any]) -> set[str]:
    return {str(v) for _, v in step["form"]} | set(step["path"].split("/"))


@dataclass
class IdMap:
    """Placeholders for the ids one test met, in order: the same fixtures made in the same order get the same
    placeholders on any target, so two runs' requests line up."""

    seen: dict[str, str] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)

    def learn(self, body: Any) -> None:
        for key, value in returned_ids(body).items():
            if value not in self.seen:
                kind = key.split(".")[0]
                self.counts[kind] += 1
                self.seen[value] = f"{{{kind}#{self.counts[kind]}}}"

    def text(self, value: str) -> str:
        value = RUN_ID.sub("cbc-{run}-", value)
        return self.seen.get(value, value)

    def path(self, path: str) -> str:
        return "/".join(self.text(part) for part in path.split("/"))


def comparable(exchange: Exchange, ids: IdMap, now: datetime, *, site: str, test: str, prop: str) -> dict[str, Any]:
    """The summary of one request to an operation that `compare` matches and diffs (raw `exchanges-*.jsonl`)."""
    case = exchange.case
    form = [[ids.text(k), _relative(k, ids.text(v), now)] for k, v in case.form]
    headers = sorted([k.lower(), ids.text(v)] for k, v in case.headers)
    body = exchange.body if isinstance(exchange.body, dict) else {}
    invoice = body.get("invoice") if isinstance(body.get("invoice"), dict) else None
    return {
        "site": site, "test": test, "property": prop, "operation": case.operation, "rule": case.rule or "",
        "request": {"method": case.method, "path": ids.path(case.path), "form": form, "headers": headers},
        "status": exchange.status, "json": exchange.is_json,
        "api_error_code": body.get("api_error_code"), "param": body.get("param"),
        "shape": shape(invoice) if invoice is not None else None,
        "arithmetic": arithmetic(invoice) if invoice is not None else None,
    }


def _relative(name: str, value: str, now: datetime) -> str:
    """A timestamp as an offset from the run's clock: two runs draw dates relative to their own `now`."""
    if "date" in name and value.isdigit() and abs(int(value) - now.timestamp()) < 5 * YEAR:
        return f"now{int(value) - int(now.timestamp()):+d}"
    return value


def shape(value: Any, prefix: str = "invoice") -> dict[str, str]:
    """`{"invoice.line_items[].amount": "int", ...}`: every attribute's path and JSON type, values left out."""
    found: dict[str, str] = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            found[f"{prefix}.{key}"] = _type(inner)
            found.update(shape(inner, f"{prefix}.{key}"))
    elif isinstance(value, list):
        for item in value:
            found.update(shape(item, f"{prefix}[]"))
    return found


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    return {int: "int", float: "number", str: "string", list: "list", dict: "object"}.get(type(value), "other")


def arithmetic(invoice: Mapping[str, Any]) -> dict[str, Any]:
    """The figures two correct targets must agree on for the same request (line order left out)."""
    lines = [line for line in invoice.get("line_items") or [] if isinstance(line, dict)]
    figures: dict[str, Any] = {name: invoice.get(name) for name in ARITHMETIC if name in invoice}
    figures["lines"] = len(lines)
    amounts = [line.get("amount") for line in lines]
    figures["line_amounts"] = sorted(amounts, key=lambda a: (not isinstance(a, int | float), str(a)))
    return figures
