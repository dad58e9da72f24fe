"""The requests of a failing example as the results document records them (`failure.steps`, SCHEMA.md), read
defensively: a document written by an older tool has none, and a foreign one may hold anything."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# Labels that are not an operation id: the fixtures' setup requests and the oracle's own look-ups (and, in
# case they ever reach a failure's steps, catalog discovery and cleanup; conformance/traffic.py).
SETUP, INSPECT = "setup", "inspect"
NOT_AN_OPERATION = frozenset({SETUP, INSPECT, "catalog", "cleanup"})
# An id the suite made itself: `cbc-<8 hex run id>-<kind><n>-xxx…` (conformance/site.py IdMaker). Every other id
# (catalog ids of the profile, coupons) exists on the user's site and is used as it is.
SUITE_ID = re.compile(r"cbc-([0-9a-f]{8})-")

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Step:
    label: str  # "setup", "inspect" or an operation id ("v2.charge")
    method: str
    path: str  # from the site root, no query string
    form: Pairs  # body pairs; for a GET, the query pairs
    headers: Pairs  # as sent, without authorization, accept and content-type
    status: int | None
    returned: Pairs  # ("invoice.id", "53"): string ids of the top-level resources in the answer

    @property
    def judged_kind(self) -> bool:
        """A request of an operation under test, not a fixture or a look-up."""
        return self.label not in NOT_AN_OPERATION

    def sends(self, value: str) -> bool:
        """The value went out with this request (so an answer echoing it did not assign it)."""
        return value in self.path.split("/") or any(value == sent for _, sent in self.form)


def parse_steps(raw: object) -> tuple[Step, ...]:
    """The steps of a failure, or () when there are none or any of them is malformed (the report then falls
    back to the recorded curl line rather than guess)."""
    if not isinstance(raw, list) or not raw:
        return ()
    steps = tuple(_step(item) for item in raw)
    if any(step is None for step in steps) or not any(step.judged_kind for step in steps if step):
        return ()
    return tuple(step for step in steps if step is not None)


def judged_index(steps: tuple[Step, ...]) -> int:
    """The request the verdict is about: the last one sent for an operation (not setup, not inspect)."""
    return max(index for index, step in enumerate(steps) if step.judged_kind)


def _step(item: object) -> Step | None:
    if not isinstance(item, Mapping):
        return None
    label, method, path = item.get("label"), item.get("method"), item.get("path")
    form, headers = _pairs(item.get("form", [])), _pairs(item.get("headers", []))
    status = item.get("status")
    if not (isinstance(label, str) and label and isinstance(method, str) and method.isalpha()
            and isinstance(path, str) and path.startswith("/") and form is not None and headers is not None):
        return None
    returned = item.get("returned") or {}
    return Step(label, method.upper(), path, form, headers, status if isinstance(status, int) else None,
                tuple((str(key), value) for key, value in returned.items() if isinstance(value, str))
                if isinstance(returned, Mapping) else ())


def _pairs(raw: Any) -> Pairs | None:
    if not isinstance(raw, list):
        return None
    pairs = tuple(_pair(item) for item in raw)
    return None if any(pair is None for pair in pairs) else tuple(pair for pair in pairs if pair is not None)


def _pair(item: object) -> tuple[str, str] | None:
    if isinstance(item, list | tuple) and len(item) == 2 and all(isinstance(part, str) for part in item):
        return str(item[0]), str(item[1])
    return None


def suite_run_ids(texts: Iterator[str]) -> list[str]:
    """The distinct run ids in suite-made ids, in the order met."""
    seen: dict[str, None] = {}
    for text in texts:
        for match in SUITE_ID.finditer(text):
            seen.setdefault(match.group(1))
    return list(seen)


def texts_of(steps: tuple[Step, ...]) -> Iterator[str]:
    """Every string a step sends (path, form and header names and values)."""
    for step in steps:
        yield step.path
        for name, value in (*step.form, *step.headers):
            yield name
            yield value
