"""The results document (`SCHEMA.md`): its version string, verdicts, typed shape, and one error type.

Every renderer (JUnit, HTML, diff) reads this shape and nothing else, so a results.json written by an older
run renders and diffs without the raw files it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypedDict

SCHEMA = "chargebee-conformance/results/v2"
# Older documents `load_results` still reads, upgraded on the way in (reports/upgrade.py).
SCHEMA_V1 = "chargebee-conformance/results/v1"

HELD, BROKEN, SKIPPED, OBSERVED, WAIVED = "held", "broken", "skipped", "observed", "waived"
# A convention rule found broken outside a strict run (SCHEMA.md); never fails a run, never waived.
QUESTIONABLE = "questionable"
# Tests ran for the rule, but no example met its precondition (no coupon sent, no quantity above 1...).
NOT_EXERCISED = "not exercised"
# Display order: what needs attention first. "waived" is a broken rule a baseline file accepts (docs/decisions.md D26).
VERDICTS = (BROKEN, QUESTIONABLE, WAIVED, HELD, OBSERVED, NOT_EXERCISED, SKIPPED)
# Merging judgements of one rule: the strongest evidence wins (a single broken example outweighs any number of
# held ones; a held judgement outweighs an observation, which outweighs tests that met no precondition, which
# outweigh not running at all).
RANK = {SKIPPED: 0, NOT_EXERCISED: 1, OBSERVED: 2, HELD: 3, QUESTIONABLE: 4, WAIVED: 5, BROKEN: 6}

# How strictly the docs bind a rule (spec/outcomes.py `Binding`, docs/decisions.md A1); the meanings are in SCHEMA.md.
EXACT, LOOSE, CONVENTION, SILENT = "exact", "loose", "convention", "silent"
BINDINGS = (EXACT, LOOSE, CONVENTION, SILENT)
# What each binding asserts, in the words the HTML legend, the failure cards and the reproducers use.
BINDING_MEANINGS = {
    EXACT: "the docs name the outcome; that exact outcome is required",
    LOOSE: "the docs say the request is wrong but not how it fails: any HTTP 400 or 409 with a JSON error, "
           "naming the parameter when the rule is tied to one",
    CONVENTION: "no sentence says it is wrong, but the real API refuses it or any careful API would: "
                "reported questionable, failing only with --strict",
    SILENT: "the docs say nothing: observed, never judged",
}

# The reason of a rule of the model that no test judged on a site (listed as skipped so that a rule added to or
# removed from `spec/` shows up in a diff). v1 said "not exercised", which now names a verdict of its own.
UNJUDGED = "no test judged it on this site"


class ReportError(Exception):
    """A results file or raw-results directory that cannot be used; the message is one line naming it."""


class Failure(TypedDict):
    title: str
    explanation: str  # the check's words before the evidence ("" when it gave none)
    request: str
    response: str
    detail: str  # the whole evidence as the suite wrote it (explanation, request and response)
    curl: str
    steps: list[dict[str, Any]]  # the example's requests with the fixtures they need (SCHEMA.md); [] when unknown
    case_rule: str  # the rule the failing case was made to break ("" for a valid case)
    caused_by: list[str]  # rules whose failures in the same test caused this one


class RuleEntry(TypedDict):
    rule: str
    verdict: str
    binding: str
    examples: int
    exercised: int  # examples that met the rule's precondition (v1 documents: equal to examples)
    requests: int
    source: str
    expected: str
    observed: str
    reason: str
    tests: list[str]
    failure: Failure | None


class OperationEntry(TypedDict):
    id: str
    rules: list[RuleEntry]


class SiteEntry(TypedDict):
    name: str
    profile: str
    target: str
    api_versions: list[int]
    product_catalog: str
    summary: dict[str, int]
    operations: list[OperationEntry]


class RunInfo(TypedDict):
    target: str
    mode: str
    seed: int | None
    started_at: str
    duration_seconds: float | None
    tool_version: str
    hypothesis_version: str
    docs_snapshot: str
    model_version: str
    strict: bool  # convention rules found broken are reported broken, not questionable


class RunError(TypedDict):
    kind: str  # "config" (a corrupt or missing recording: exit 2) or "miss" (a request not in its cassette)
    test: str
    message: str


class Results(TypedDict):
    schema: str
    run: RunInfo
    summary: dict[str, int]
    sites: list[SiteEntry]
    warnings: list[str]
    errors: list[RunError]  # run-level: a corrupt recording, a request missing from a cassette


def iter_rules(doc: Results) -> Iterator[tuple[SiteEntry, OperationEntry, RuleEntry]]:
    for site in doc["sites"]:
        for operation in site["operations"]:
            for entry in operation["rules"]:
                yield site, operation, entry


def count_verdicts(entries: Iterator[RuleEntry] | list[RuleEntry]) -> dict[str, int]:
    counts = dict.fromkeys(VERDICTS, 0)
    for entry in entries:
        counts[entry["verdict"]] = counts.get(entry["verdict"], 0) + 1
    counts["total"] = sum(counts.values())
    return counts
