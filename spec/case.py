"""The two nouns the traffic is made of: a generated `Case` and the `Exchange` it produced.

A case knows why it exists: the rule it breaks (or None for a valid case) and the outcome the docs promise.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from typing import Any

from chargebee_conformance.spec.outcomes import Binding, Outcome
from chargebee_conformance.spec.wire import to_body


@dataclass(frozen=True)
class Case:
    operation: str  # operation id, "v2.charge"
    method: str
    path: str  # full path from the site root, "/api/v2/invoices/charge"
    form: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    rule: str | None = None  # the rule this case breaks; None: a valid case
    binding: Binding | None = None
    expected: Outcome | None = None
    note: str = ""  # what the case exercises, for humans ("description at max+1 with multi-byte characters")

    @property
    def valid(self) -> bool:
        return self.rule is None

    def body(self) -> str:
        return to_body(self.form)

    def as_curl(self, base_url: str = "https://{site}.chargebee.com") -> str:
        """A shell line that replays the request; the key is left as a variable, never written out."""
        parts = ["curl", "-sS", "-X", self.method, base_url.rstrip("/") + self.path]
        for name, value in self.headers:
            parts += ["-H", f"{name}: {value}"]
        for name, value in self.form:
            parts += ["--data-urlencode", f"{name}={value}"]
        # Only the key is left for the shell to expand; every generated word is quoted, even one starting "$".
        quoted = [shlex.quote(p) for p in parts]
        return " ".join([*quoted[:5], "-u", '"$CHARGEBEE_API_KEY:"', *quoted[5:]])

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation, "method": self.method, "path": self.path,
            "form": [list(p) for p in self.form], "headers": [list(p) for p in self.headers],
            "rule": self.rule, "note": self.note,
        }


@dataclass(frozen=True)
class Exchange:
    """A case as sent and what came back. Bodies are decoded JSON where the response was JSON."""

    case: Case
    status: int
    headers: tuple[tuple[str, str], ...]  # lower-case names
    body: Any  # parsed JSON, or the raw text when it was not JSON
    raw: str = ""
    elapsed: float = 0.0
    extras: dict[str, Any] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    @property
    def is_json(self) -> bool:
        return not isinstance(self.body, str)

    def describe(self) -> str:
        text = self.raw if len(self.raw) < 600 else self.raw[:600] + "…"
        return f"{self.case.method} {self.case.path} -> {self.status} {text}"

    def body_json(self) -> str:
        return json.dumps(self.body, ensure_ascii=False, sort_keys=True)
