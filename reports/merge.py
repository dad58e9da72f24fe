"""Raw per-rule results (JSON lines, one file per pytest worker) merged into one judgement per
site x operation x rule.

One rule is judged by several tests and examples, one line each. Merging keeps the strongest evidence: broken
over held, held over observed, observed over not exercised, not exercised over skipped; examples, exercised
examples and requests add up; a broken rule keeps the failure written last (the files are read in name order,
so the pick is the same on every machine). A rule is never reported held unless some example exercised it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chargebee_conformance.reports.document import BROKEN, HELD, NOT_EXERCISED, OBSERVED, RANK, SKIPPED, ReportError

# What a run writes. "waived" only comes from a baseline file applied afterwards, "questionable" from the
# binding of a broken rule when the document is built (reports/results.py).
RAW_VERDICTS = (BROKEN, HELD, OBSERVED, NOT_EXERCISED, SKIPPED)

Key = tuple[str, str, str]  # site, operation, rule


@dataclass
class Judgement:
    site: str
    operation: str
    rule: str
    strongest: str = SKIPPED  # the highest-ranked raw verdict; `verdict` is what is reported
    binding: str = ""
    source: str = ""
    expected: str = ""
    examples: int = 0
    exercised: int = 0
    requests: int = 0
    reasons_by: dict[str, list[str]] = field(default_factory=dict)  # verdict -> distinct reasons, in order
    observed: dict[str, str] = field(default_factory=dict)  # verdict -> what the target answered last
    tests: set[str] = field(default_factory=set)
    failure: dict[str, Any] | None = None

    def add(self, line: Mapping[str, Any]) -> None:
        verdict = str(line["verdict"])
        if RANK[verdict] > RANK[self.strongest]:
            self.strongest = verdict
        reasons = self.reasons_by.setdefault(verdict, [])
        if line.get("reason") and line["reason"] not in reasons:
            reasons.append(str(line["reason"]))
        self.binding = self.binding or str(line.get("binding") or "")
        self.source = self.source or str(line.get("source") or "")
        self.expected = self.expected or str(line.get("expected") or "")
        self.examples += _count(line.get("examples"))
        self.exercised += exercised_count(line)
        self.requests += _count(line.get("requests"))
        if line.get("observed"):
            self.observed[verdict] = str(line["observed"])
        if line.get("test"):
            self.tests.add(str(line["test"]))
        if verdict == BROKEN and line.get("failure"):
            self.failure = dict(line["failure"])

    @property
    def verdict(self) -> str:
        # Defensive: a test that judged a rule held although none of its examples met the precondition proved
        # nothing, so such a rule is not reported held.
        return NOT_EXERCISED if self.strongest == HELD and self.exercised == 0 else self.strongest

    @property
    def reasons(self) -> list[str]:
        """The reasons of the lines carrying the reported verdict (or why a held rule was set aside)."""
        reasons = self.reasons_by.get(self.verdict, [])
        if self.verdict != self.strongest and not reasons:
            return [held_unexercised(self.examples)]
        return reasons

    @property
    def observation(self) -> str:
        """What the target answered: preferably in a judgement that carries the final verdict."""
        if self.verdict in self.observed:
            return self.observed[self.verdict]
        return next(reversed(self.observed.values()), "")


def held_unexercised(examples: int) -> str:
    return f"judged held, but none of its {examples} example(s) met its precondition"


def exercised_count(line: Mapping[str, Any]) -> int:
    """A line written before the suite counted exercised examples has no `exercised`: all its examples count
    (a "not exercised" line, which only newer versions write, says by its verdict that none did)."""
    value = line.get("exercised")
    if value is None:
        return 0 if line["verdict"] == NOT_EXERCISED else _count(line.get("examples"))
    return _count(value)


def read_raw(raw_dir: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Every line of every `results-*.jsonl` file, and warnings about lines that had to be dropped."""
    if not raw_dir.is_dir():
        raise ReportError(f"raw results directory {raw_dir} does not exist (did the run start?)")
    lines: list[dict[str, Any]] = []
    warnings: list[str] = []
    for path in sorted(raw_dir.glob("results-*.jsonl")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ReportError(f"raw results {path}: cannot be read ({error})") from None
        rows = text.split("\n")
        for number, row in enumerate(rows, start=1):
            if not row.strip():
                continue
            try:
                lines.append(_validated(json.loads(row)))
            except (json.JSONDecodeError, ValueError) as error:
                if number == len(rows):  # no newline after it: a worker died mid-write; keep the rest
                    warnings.append(f"{path.name}: ignored a truncated last line")
                    continue
                raise ReportError(f"raw results {path} line {number}: {error}") from None
    return lines, warnings


def _validated(line: object) -> dict[str, Any]:
    if not isinstance(line, dict):
        raise ValueError("not a JSON object")
    missing = [key for key in ("rule", "site", "verdict") if not line.get(key)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if line["verdict"] not in RAW_VERDICTS:
        raise ValueError(f"unknown verdict {line['verdict']!r}; known: {', '.join(RAW_VERDICTS)}")
    return line


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def merge(lines: Iterable[Mapping[str, Any]], home: Callable[[str], str]) -> dict[Key, Judgement]:
    """One judgement per (site, operation, rule); `home` names the operation of a line that gives none."""
    merged: dict[Key, Judgement] = {}
    for line in lines:
        rule, site = str(line["rule"]), str(line["site"])
        operation = str(line.get("operation") or "") or home(rule)
        key = (site, operation, rule)
        if key not in merged:
            merged[key] = Judgement(site, operation, rule)
        merged[key].add(line)
    return merged


def read_errors(raw_dir: Path) -> list[dict[str, str]]:
    """The run-level errors the suite wrote beside its raw results (`errors-*.jsonl`), in file order."""
    errors: list[dict[str, str]] = []
    for path in sorted(raw_dir.glob("errors-*.jsonl")) if raw_dir.is_dir() else ():
        for row in path.read_text(encoding="utf-8").splitlines():
            try:
                data = json.loads(row) if row.strip() else None
            except json.JSONDecodeError:
                continue  # a worker died mid-write: the rest still counts
            if isinstance(data, dict):
                errors.append({key: str(data.get(key, "")) for key in ("kind", "test", "message")})
    return errors
