"""Results documents of schema v1, read by `load_results` and upgraded to the current shape on the way in, so
the renderers and the diff know one shape only (SCHEMA.md, "Reading v1").

v1 had no questionable or not-exercised verdicts, no exercised counts and no strict runs: every example counted
as exercised, and a convention rule did not exist, so nothing there was strict-dependent.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from chargebee_conformance.reports.document import NOT_EXERCISED, QUESTIONABLE, SCHEMA, SCHEMA_V1, SKIPPED, UNJUDGED

V1_UNJUDGED = "not exercised"  # v1's reason for a rule no test judged


def upgraded(data: object) -> object:
    """`data` itself unless it is a v1 document; then a copy in the current shape. Tolerates a damaged
    document (the shape check that follows names what is wrong)."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_V1:
        return data
    doc = copy.deepcopy(data)
    doc["schema"] = SCHEMA
    if isinstance(doc.get("run"), dict):
        doc["run"].setdefault("strict", False)
    for summary in _summaries(doc):
        for verdict in (QUESTIONABLE, NOT_EXERCISED):
            summary.setdefault(verdict, 0)
    for entry in _entries(doc):
        entry.setdefault("exercised", entry.get("examples", 0))
        if entry.get("verdict") == SKIPPED and entry.get("reason") == V1_UNJUDGED:
            entry["reason"] = UNJUDGED
    return doc


def _sites(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    sites = doc.get("sites")
    yield from (site for site in sites if isinstance(site, dict)) if isinstance(sites, list) else ()


def _summaries(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for holder in (doc, *_sites(doc)):
        if isinstance(holder.get("summary"), dict):
            yield holder["summary"]


def _entries(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for site in _sites(doc):
        operations = site.get("operations")
        for operation in operations if isinstance(operations, list) else ():
            rules = operation.get("rules") if isinstance(operation, dict) else None
            yield from (entry for entry in rules if isinstance(entry, dict)) if isinstance(rules, list) else ()
