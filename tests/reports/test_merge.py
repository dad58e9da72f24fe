"""Merging raw per-rule results: one judgement per site x operation x rule, the strongest evidence winning,
and never "held" without an example that exercised the rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chargebee_conformance.reports.catalog import protocol_home
from chargebee_conformance.reports.document import ReportError
from chargebee_conformance.reports.merge import Judgement, held_unexercised, merge, read_raw


def line(verdict: str, **fields: Any) -> dict[str, Any]:
    base = {"rule": "v2.charge.amount.minimum", "operation": "v2.charge", "site": "s", "test": "t::a",
            "verdict": verdict, "binding": "loose", "source": "", "expected": "", "examples": 1,
            "requests": 1, "reason": "", "observed": "", "failure": {}}
    return base | fields


def merged_one(*lines: dict[str, Any]) -> Judgement:
    result = merge(lines, protocol_home)
    assert len(result) == 1
    return next(iter(result.values()))


@pytest.mark.parametrize(("verdicts", "winner"), [
    (("held", "broken", "held"), "broken"),
    (("observed", "held"), "held"),
    (("skipped", "observed"), "observed"),
    (("skipped", "skipped"), "skipped"),
    (("skipped", "not exercised", "skipped"), "not exercised"),
    (("not exercised", "observed"), "observed"),
    (("not exercised", "held"), "held"),
    (("broken", "not exercised"), "broken"),
])
def test_the_strongest_verdict_wins(verdicts: tuple[str, ...], winner: str) -> None:
    assert merged_one(*(line(v) for v in verdicts)).verdict == winner


def test_examples_and_requests_add_up_over_every_judgement() -> None:
    judgement = merged_one(line("held", examples=3, requests=4), line("broken", examples=2, requests=5))
    assert (judgement.examples, judgement.requests) == (5, 9)


def test_exercised_examples_add_up_over_every_judgement() -> None:
    judgement = merged_one(line("held", examples=3, exercised=2), line("held", examples=4, exercised=1),
                           line("not exercised", examples=5, exercised=0))
    assert (judgement.examples, judgement.exercised) == (12, 3)


@pytest.mark.parametrize("missing", [{}, {"exercised": None}])
def test_a_line_without_an_exercised_count_counts_all_its_examples(missing: dict[str, Any]) -> None:
    old = line("held", examples=3) | missing  # written before the suite counted exercised examples
    assert "exercised" not in line("held")
    assert merged_one(old, line("held", examples=4, exercised=1)).exercised == 4


def test_a_not_exercised_line_without_a_count_exercised_nothing() -> None:
    judgement = merged_one(line("not exercised", examples=4), line("held", examples=2, exercised=0))
    assert (judgement.verdict, judgement.exercised) == ("not exercised", 0)


def test_a_held_rule_that_no_example_exercised_is_not_exercised() -> None:
    judgement = merged_one(line("held", examples=3, exercised=0), line("held", examples=2, exercised=0))
    assert (judgement.verdict, judgement.examples, judgement.exercised) == ("not exercised", 5, 0)
    assert judgement.reasons == [held_unexercised(5)]
    assert judgement.reasons == ["judged held, but none of its 5 example(s) met its precondition"]


def test_a_held_rule_set_aside_keeps_the_reasons_of_its_not_exercised_judgements() -> None:
    judgement = merged_one(line("not exercised", exercised=0, reason="no example sent a coupon"),
                           line("held", exercised=0), line("skipped", examples=0, reason="v1 not served"))
    assert (judgement.verdict, judgement.reasons) == ("not exercised", ["no example sent a coupon"])


def test_one_exercising_example_is_enough_for_held() -> None:
    judgement = merged_one(line("not exercised", exercised=0, reason="no example sent a coupon"),
                           line("held", examples=4, exercised=1))
    assert (judgement.verdict, judgement.reasons) == ("held", [])


def test_a_broken_rule_keeps_the_failure_written_last() -> None:
    first = line("broken", failure={"title": "first", "detail": "", "curl": ""})
    last = line("broken", failure={"title": "last", "detail": "", "curl": ""})
    assert merged_one(first, line("held"), last).failure == {"title": "last", "detail": "", "curl": ""}


def test_reasons_come_only_from_judgements_with_the_winning_verdict() -> None:
    judgement = merged_one(line("skipped", reason="v1 not served"), line("held"))
    assert judgement.reasons == []
    judgement = merged_one(*(line("skipped", reason=reason) for reason in ("a", "b", "a")))
    assert judgement.reasons == ["a", "b"]


def test_the_observation_comes_from_a_judgement_with_the_winning_verdict() -> None:
    judgement = merged_one(line("held", observed="HTTP 400 x"), line("broken", observed="HTTP 200"),
                           line("held", observed="HTTP 400 y"))
    assert judgement.observation == "HTTP 200"


def test_sites_and_operations_are_kept_apart() -> None:
    result = merge([line("held"), line("broken", site="other"), line("held", operation="v2.add_charge")],
                   protocol_home)
    assert set(result) == {("s", "v2.charge", "v2.charge.amount.minimum"),
                           ("other", "v2.charge", "v2.charge.amount.minimum"),
                           ("s", "v2.add_charge", "v2.charge.amount.minimum")}


def test_a_line_without_operation_goes_to_the_rule_s_home() -> None:
    result = merge([line("held", rule="auth.wrong_key", operation="")], protocol_home)
    assert list(result) == [("s", "auth", "auth.wrong_key")]


def write_lines(directory: Path, name: str, rows: list[str], newline_at_end: bool = True) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text("\n".join(rows) + ("\n" if newline_at_end else ""), encoding="utf-8")


def test_read_raw_reads_every_worker_file_in_name_order(tmp_path: Path) -> None:
    write_lines(tmp_path, "results-gw1.jsonl", [json.dumps(line("held", test="b"))])
    write_lines(tmp_path, "results-gw0.jsonl", [json.dumps(line("held", test="a"))])
    write_lines(tmp_path, "other.txt", ["not results"])
    lines, warnings = read_raw(tmp_path)
    assert [row["test"] for row in lines] == ["a", "b"]
    assert warnings == []


def test_a_truncated_last_line_is_dropped_with_a_warning(tmp_path: Path) -> None:
    rows = [json.dumps(line("held")), '{"rule": "v2.ch']
    write_lines(tmp_path, "results-gw0.jsonl", rows, newline_at_end=False)
    lines, warnings = read_raw(tmp_path)
    assert len(lines) == 1
    assert warnings == ["results-gw0.jsonl: ignored a truncated last line"]


@pytest.mark.parametrize(("row", "message"), [
    ("{not json", "line 1: Expecting property name"),
    ('["a list"]', "line 1: not a JSON object"),
    (json.dumps(line("held", rule="")), "line 1: missing rule"),
    (json.dumps(line("waived")), "line 1: unknown verdict 'waived'"),
    # Questionable is decided from the binding when the document is built, never written by the suite.
    (json.dumps(line("questionable")), "line 1: unknown verdict 'questionable'"),
])
def test_a_corrupt_line_is_a_one_line_error_naming_file_and_line(tmp_path: Path, row: str,
                                                                  message: str) -> None:
    write_lines(tmp_path, "results-gw0.jsonl", [row, json.dumps(line("held"))])
    with pytest.raises(ReportError, match=message) as error:
        read_raw(tmp_path)
    assert "results-gw0.jsonl" in str(error.value)
    assert "\n" not in str(error.value)


def test_read_raw_accepts_not_exercised_lines(tmp_path: Path) -> None:
    write_lines(tmp_path, "results-gw0.jsonl", [json.dumps(line("not exercised", exercised=0, reason="r"))])
    lines, _ = read_raw(tmp_path)
    assert [(row["verdict"], row["exercised"]) for row in lines] == [("not exercised", 0)]


def test_a_missing_raw_directory_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="does not exist"):
        read_raw(tmp_path / "raw")
