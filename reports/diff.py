"""What changed between two results documents: rules that broke, became questionable, were fixed, lost or
gained an exercising example, answer differently, appeared or disappeared. Rendered as a plain table for a
terminal and as Markdown for a pull-request comment.

Rules are matched by site x operation x rule. Because every rule of the model is listed (unjudged ones as
skipped), a rule added to or removed from `spec/` shows up here as added or removed. Only a rule that broke (or
arrived broken) is a regression; losing coverage is listed for a reviewer to see, and never fails the gate.
"""

from __future__ import annotations

from dataclasses import dataclass

from chargebee_conformance.reports.document import (
    BROKEN,
    HELD,
    NOT_EXERCISED,
    OBSERVED,
    QUESTIONABLE,
    SKIPPED,
    Results,
    RuleEntry,
    iter_rules,
)

BROKE, QUESTIONED, FIXED, VERDICT, OBSERVATION = "broke", "questioned", "fixed", "verdict", "observed"
UNEXERCISED, EXERCISED = "unexercised", "exercised"
ADDED, REMOVED = "added", "removed"
KINDS = (BROKE, QUESTIONED, FIXED, UNEXERCISED, EXERCISED, VERDICT, OBSERVATION, ADDED, REMOVED)
HEADINGS = {
    BROKE: "Broke", QUESTIONED: "Now questionable", FIXED: "Fixed", UNEXERCISED: "No longer exercised",
    EXERCISED: "Now exercised", VERDICT: "Other verdict changes", OBSERVATION: "Answers changed",
    ADDED: "Added", REMOVED: "Removed",
}
SHORT = {
    BROKE: "broke", QUESTIONED: "now questionable", FIXED: "fixed", UNEXERCISED: "no longer exercised",
    EXERCISED: "now exercised", VERDICT: "verdict changed", OBSERVATION: "answer changed", ADDED: "added",
    REMOVED: "removed",
}
# A rule that failed a check (broken, or questionable: a convention rule outside a strict run), and the verdicts
# that say a check passed or recorded an answer: going from the first to the second is a fix.
FAILED = (BROKEN, QUESTIONABLE)
PASSED = (HELD, OBSERVED)
# Verdicts of a rule nothing exercised: going there from a judged verdict loses coverage.
UNCOVERED = (NOT_EXERCISED, SKIPPED)
ABSENT = "-"

Key = tuple[str, str, str]


@dataclass(frozen=True)
class Change:
    kind: str
    site: str
    operation: str
    rule: str
    old_verdict: str
    new_verdict: str
    old_observed: str
    new_observed: str
    note: str  # a failure title for a rule that broke

    @property
    def is_regression(self) -> bool:
        # A rule that is new to the run and already broken is a regression too: it would fail the gate.
        return self.kind == BROKE or (self.kind == ADDED and self.new_verdict == BROKEN)


@dataclass(frozen=True)
class Diff:
    changes: tuple[Change, ...]
    old_label: str
    new_label: str
    errors: tuple[str, ...] = ()  # run-level errors of the new run: its verdicts cannot be trusted

    def of_kind(self, kind: str) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.kind == kind)

    def counts(self) -> dict[str, int]:
        return {kind: len(self.of_kind(kind)) for kind in KINDS}


def _index(doc: Results) -> dict[Key, RuleEntry]:
    return {(site["name"], op["id"], entry["rule"]): entry for site, op, entry in iter_rules(doc)}


def _label(doc: Results) -> str:
    run = doc["run"]
    return " ".join(part for part in (run["started_at"], run["mode"], run["target"]) if part) or "results"


def diff_results(old: Results, new: Results) -> Diff:
    before, after = _index(old), _index(new)
    changes = []
    for key in sorted(before.keys() | after.keys()):
        change = _change(key, before.get(key), after.get(key))
        if change is not None:
            changes.append(change)
    changes.sort(key=lambda c: (KINDS.index(c.kind), c.site, c.operation, c.rule))
    errors = tuple(f"{e['kind']}: {e['message']}" for e in new.get("errors", []))
    return Diff(tuple(changes), _label(old), _label(new), errors)


def _change(key: Key, old: RuleEntry | None, new: RuleEntry | None) -> Change | None:
    site, operation, rule = key
    old_verdict, new_verdict = (old["verdict"] if old else ABSENT), (new["verdict"] if new else ABSENT)
    old_observed, new_observed = (old["observed"] if old else ""), (new["observed"] if new else "")
    kind: str | None
    if old is None:
        kind = ADDED
    elif new is None:
        kind = REMOVED
    elif old_observed != new_observed and (old_observed or new_observed):
        kind = _verdict_change(old_verdict, new_verdict) or OBSERVATION
    else:
        kind = _verdict_change(old_verdict, new_verdict)
    if kind is None:
        return None
    return Change(kind, site, operation, rule, old_verdict, new_verdict, old_observed, new_observed, _note(new))


def _verdict_change(old: str, new: str) -> str | None:
    """The kind of change between two verdicts of one rule, None when they are equal. Checked in this order:
    questionable -> broken is a rule that broke (a strict run, or a binding now exact); broken -> questionable
    is listed but fixes nothing."""
    if old == new:
        return None
    if new == BROKEN:
        return BROKE
    if new == QUESTIONABLE:
        return QUESTIONED
    if old in FAILED and new in PASSED:
        return FIXED
    if new == NOT_EXERCISED and old not in UNCOVERED:
        return UNEXERCISED  # e.g. held -> not exercised: the examples no longer meet the precondition
    if old == NOT_EXERCISED and new in PASSED:
        return EXERCISED
    return VERDICT  # e.g. held -> skipped: coverage lost, not a regression of the target


def _note(entry: RuleEntry | None) -> str:
    """Why the new verdict: a failure's title, the reason a rule was skipped or not exercised."""
    if entry is None or entry["verdict"] not in (BROKEN, QUESTIONABLE, NOT_EXERCISED, SKIPPED):
        return ""
    return entry["failure"]["title"] if entry["failure"] else entry["reason"]


def has_regressions(diff: Diff) -> bool:
    """A rule that broke, or a new run that did not finish cleanly (its run-level errors)."""
    return bool(diff.errors) or any(change.is_regression for change in diff.changes)


def _summary(diff: Diff) -> str:
    counts = diff.counts()
    parts = [f"{counts[kind]} {SHORT[kind]}" for kind in KINDS if counts[kind]]
    return ", ".join(parts) if parts else "no changes"


def _what(change: Change) -> str:
    """The evidence column: what the target answered before and after, and why a broken rule broke."""
    parts = []
    if change.kind in (ADDED, REMOVED):
        parts.append(change.new_observed or change.old_observed)
    elif change.old_observed != change.new_observed:
        parts.append(f"{change.old_observed or ABSENT} -> {change.new_observed or ABSENT}")
    elif change.new_observed:
        parts.append(change.new_observed)
    if change.note:
        parts.append(change.note)
    return "; ".join(part for part in parts if part)


def render_terminal(diff: Diff) -> str:
    header = ("change", "site", "operation", "rule", "was", "now", "observed / why")
    rows = [(SHORT[c.kind], c.site, c.operation, c.rule, c.old_verdict, c.new_verdict, _what(c))
            for c in diff.changes]
    lines = [f"old: {diff.old_label}", f"new: {diff.new_label}", f"{_summary(diff)}"]
    lines += [f"run error in the new run: {error}" for error in diff.errors]
    if rows:
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
        lines.append("")
        for row in [header, *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """A table cell: pipes escaped (they would split the cell), newlines flattened (they end the row)."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def render_markdown(diff: Diff) -> str:
    verdict = ":x: regressions" if has_regressions(diff) else ":white_check_mark: no regressions"
    lines = ["## Chargebee conformance: changes", "", f"**{verdict}**: {_summary(diff)}.", "",
             f"- old: {_md(diff.old_label)}", f"- new: {_md(diff.new_label)}"]
    if diff.errors:
        lines += ["", f"### Run errors in the new run ({len(diff.errors)})", ""]
        lines += [f"- {_md(error)}" for error in diff.errors]
    for kind in KINDS:
        changes = diff.of_kind(kind)
        if not changes:
            continue
        lines += ["", f"### {HEADINGS[kind]} ({len(changes)})", "",
                  "| site | operation | rule | was | now | observed / why |",
                  "| --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {_md(c.site)} | {_md(c.operation)} | `{c.rule.replace('`', '')}` | {c.old_verdict} | "
                  f"{c.new_verdict} | {_md(_what(c))} |" for c in changes]
    return "\n".join(lines) + "\n"
