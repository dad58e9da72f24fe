"""Diffs between two runs: what broke, what was fixed, what answers differently, what came and went."""

from __future__ import annotations

from reports.diff import (
    ADDED,
    BROKE,
    FIXED,
    OBSERVATION,
    REMOVED,
    VERDICT,
    diff_results,
    has_regressions,
    render_markdown,
    render_terminal,
)
from reports.document import Results
from tests.reports.support import assert_matches_snapshot, evolved


def kinds(old: Results, new: Results) -> dict[str, list[str]]:
    diff = diff_results(old, new)
    return {kind: [c.rule for c in diff.of_kind(kind)] for kind in diff.counts() if diff.of_kind(kind)}


def test_every_kind_of_change_is_listed(doc: Results) -> None:
    assert kinds(doc, evolved(doc)) == {
        BROKE: ["v2.charge.amount.minimum"],
        FIXED: ["v2.charge.description.max_length"],
        VERDICT: ["v2.charge.response.sub_total"],
        OBSERVATION: ["v1.charge.customer_id.exists"],
        ADDED: ["v2.charge.new.rule"],
        REMOVED: ["v2.charge.legacy.removed_rule"],
    }


def test_a_rule_that_broke_is_a_regression(doc: Results) -> None:
    diff = diff_results(doc, evolved(doc))
    assert has_regressions(diff)
    (broke,) = diff.of_kind(BROKE)
    assert (broke.site, broke.old_verdict, broke.new_verdict) == ("sandbox-pc1-metered", "held", "broken")
    assert broke.note == "expected 400 naming amount, got HTTP 200"


def test_the_reverse_direction_swaps_broke_and_fixed_and_added_and_removed(doc: Results) -> None:
    changes = kinds(evolved(doc), doc)
    assert changes[FIXED] == ["v2.charge.amount.minimum"]
    assert changes[BROKE] == ["v2.charge.description.max_length"]
    assert (changes[ADDED], changes[REMOVED]) == (["v2.charge.legacy.removed_rule"], ["v2.charge.new.rule"])


def test_only_fixes_are_no_regression(doc: Results) -> None:
    new = evolved(doc)
    for entry in new["sites"][0]["operations"][1]["rules"]:
        if entry["rule"] == "v2.charge.amount.minimum":
            entry["verdict"], entry["failure"] = "held", None
    diff = diff_results(doc, new)
    assert diff.of_kind(FIXED) and not has_regressions(diff)


def test_identical_runs_have_no_changes(doc: Results) -> None:
    diff = diff_results(doc, doc)
    assert diff.changes == () and not has_regressions(diff)
    assert "no changes" in render_terminal(diff)


def test_a_rule_that_arrives_broken_is_a_regression(doc: Results) -> None:
    new = evolved(doc)
    new["sites"][1]["operations"][1]["rules"][-1]["verdict"] = "broken"
    diff = diff_results(doc, new)
    assert [c.rule for c in diff.of_kind(ADDED)] == ["v2.charge.new.rule"]
    assert has_regressions(diff)


def test_the_terminal_table_is_aligned(doc: Results) -> None:
    lines = render_terminal(diff_results(doc, evolved(doc))).splitlines()
    header = next(line for line in lines if line.startswith("change"))
    rows = lines[lines.index(header) + 1:]
    assert len(rows) == 6
    column = header.index("rule")
    assert all(row[column - 2:column] == "  " and row[column] != " " for row in rows)


def test_the_terminal_table_matches_its_snapshot(doc: Results) -> None:
    assert_matches_snapshot("diff.txt", render_terminal(diff_results(doc, evolved(doc))))


def test_the_markdown_matches_its_snapshot(doc: Results) -> None:
    markdown = render_markdown(diff_results(doc, evolved(doc)))
    assert "param=customer_id \\| legacy" in markdown  # a pipe would split the table cell
    assert_matches_snapshot("diff.md", markdown)
