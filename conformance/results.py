"""Per-rule results as JSON lines, one file per pytest worker; `reports/` merges and renders them.

A record is one rule judged by one test on one site: verdict (held, broken, skipped, observed), examples tried,
requests sent, and for a broken rule the minimal failing case (request with secrets masked, response) with the
doc sentence and a curl line.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HELD, BROKEN, SKIPPED, OBSERVED = "held", "broken", "skipped", "observed"
NOT_EXERCISED = "not exercised"  # the test ran, but no example met the rule's precondition


@dataclass
class RuleResult:
    rule: str
    operation: str
    site: str
    test: str
    verdict: str
    binding: str = ""
    source: str = ""
    expected: str = ""
    examples: int = 0
    exercised: int = 0  # examples that met the rule's precondition (a coupon sent, an invalid case for it)
    requests: int = 0
    reason: str = ""  # skipped: why; broken: the failure title
    observed: str = ""  # what the target answered last, e.g. "HTTP 400 param_wrong_value param=amount"
    failure: dict[str, Any] = field(default_factory=dict)  # request, response, curl


class ResultsWriter:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._lock = threading.Lock()

    def write(self, result: RuleResult) -> None:
        self._append("results", asdict(result))

    def exchange(self, summary: dict[str, Any]) -> None:
        """A request to an operation as `compare` lines it up with another run's (conformance/traffic.py)."""
        self._append("exchanges", summary)

    def error(self, kind: str, test: str, message: str) -> None:
        """A run-level error: a corrupt recording (`config`) or a request missing from a cassette (`miss`)."""
        self._append("errors", {"kind": kind, "test": test, "message": message})

    def _append(self, stem: str, record: dict[str, Any]) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        line = json.dumps(record, ensure_ascii=False, sort_keys=True)
        with self._lock, (self.directory / f"{stem}-{worker}.jsonl").open("a", encoding="utf-8") as out:
            out.write(line + "\n")
