"""Diffs between two runs: what broke, became questionable, was fixed, lost or gained an exercising example,
answers differently, came and went; only a rule that broke fails the gate."""

from __future__ import annotations

import copy

import pytest

from chargebee_conformance.reports.diff import (
    ADDED,
    BROKE,
    EXERCISED,
    FIXED,
    OBSERVATION,
    QUESTIONED,
    REMOVED,
    UNEXERCISED,
    VERDICT,
    diff_results,
    has_regressions,
    render_markdown,
    render_terminal,
)
from chargebee_conformance.reports.document import Results, iter_rules
from chargebee_conformance.reports.results import build_results
from tests.reports.support import CATALOG, META, RAW, assert_matches_snapshot, evolved


def kinds(old: Results, new: Results) -> dict[str, list[str]]:
    diff = diff_results(old, new)
    return {kind: [c.rule for c in diff.of_kind(kind)] for kind in diff.counts() if diff.of_kind(kind)}


def test_every_kind_of_change_is_listed(doc: Results) -> None:
    assert kinds(doc, evolved(doc)) == {
        BROKE: ["v2.charge.amount.minimum"],
        FIXED: ["v2.charge.description.max_length"],
        UNEXERCISED: ["v2.idempotency.replay"],
        EXERCISED: ["v2.charge.coupon_ids.applied"],
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
    assert len(rows) == 8
    column = header.index("rule")
    assert all(row[column - 2:column] == "  " and row[column] != " " for row in rows)


def test_the_terminal_table_matches_its_snapshot(doc: Results) -> None:
    assert_matches_snapshot("diff.txt", render_terminal(diff_results(doc, evolved(doc))))


def test_the_markdown_matches_its_snapshot(doc: Results) -> None:
    markdown = render_markdown(diff_results(doc, evolved(doc)))
    assert "param=customer_id \\| legacy" in markdown  # a pipe would split the table cell
    assert_matches_snapshot("diff.md", markdown)


def with_verdict(doc: Results, verdict: str, rule: str = "v2.charge.amount.minimum") -> Results:
    """A copy of `doc` where `rule` on the first site has `verdict` (nothing else changes)."""
    changed = copy.deepcopy(doc)
    for site, _, entry in iter_rules(changed):
        if site["name"] == "sandbox-pc1-metered" and entry["rule"] == rule:
            entry["verdict"] = verdict
    return changed


@pytest.mark.parametrize(("old", "new", "kind", "regression"), [
    ("held", "not exercised", UNEXERCISED, False),
    ("broken", "not exercised", UNEXERCISED, False),
    ("not exercised", "held", EXERCISED, False),
    ("not exercised", "observed", EXERCISED, False),
    ("not exercised", "broken", BROKE, True),
    ("broken", "questionable", QUESTIONED, False),
    ("held", "questionable", QUESTIONED, False),
    ("questionable", "broken", BROKE, True),
    ("questionable", "held", FIXED, False),
    ("skipped", "not exercised", VERDICT, False),
    ("not exercised", "skipped", VERDICT, False),
])
def test_each_verdict_change_has_its_kind_and_only_breaking_is_a_regression(doc: Results, old: str, new: str,
                                                                           kind: str, regression: bool) -> None:
    diff = diff_results(with_verdict(doc, old), with_verdict(doc, new))
    assert [(c.kind, c.rule, c.old_verdict, c.new_verdict) for c in diff.changes] == [
        (kind, "v2.charge.amount.minimum", old, new)]
    assert has_regressions(diff) is regression


def test_a_rule_no_longer_exercised_is_its_own_line_in_text_and_markdown(doc: Results) -> None:
    new = with_verdict(doc, "not exercised")
    diff = diff_results(doc, new)
    assert not has_regressions(diff)
    text = render_terminal(diff).splitlines()
    assert text[2] == "1 no longer exercised"
    assert text[-1].split() == ["no", "longer", "exercised", "sandbox-pc1-metered", "v2.charge",
                                "v2.charge.amount.minimum", "held", "not", "exercised",
                                "HTTP", "400", "param_wrong_value", "param=amount"]
    markdown = render_markdown(diff)
    assert "**:white_check_mark: no regressions**: 1 no longer exercised." in markdown
    assert "### No longer exercised (1)" in markdown
    assert "| sandbox-pc1-metered | v2.charge | `v2.charge.amount.minimum` | held | not exercised |" in markdown


def test_a_rule_not_exercised_shows_why(doc: Results) -> None:
    (change,) = diff_results(doc, evolved(doc)).of_kind(UNEXERCISED)
    assert change.note == "no example was sent twice with one idempotency key"


def test_a_strict_baseline_against_a_lenient_run_lists_the_convention_rule_as_now_questionable(
        doc: Results) -> None:
    strict = build_results(RAW, META | {"strict": True}, catalog=CATALOG)
    diff = diff_results(strict, doc)
    assert [(c.kind, c.rule, c.old_verdict, c.new_verdict, c.note) for c in diff.changes] == [
        (QUESTIONED, "v2.charge.date_from.before_date_to", "broken", "questionable",
         "expected 400 (any 400 api_error_code) naming date_from, got HTTP 200")]
    assert not has_regressions(diff)
    back = diff_results(doc, strict)
    assert [(c.kind, c.old_verdict, c.new_verdict) for c in back.changes] == [(BROKE, "questionable", "broken")]
    assert has_regressions(back)
