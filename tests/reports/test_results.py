"""The results document: its shape (SCHEMA.md), verdicts as reported (questionable, not exercised), the rules no
test judged, and reading it back, v1 documents included."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chargebee_conformance.reports.document import SCHEMA, SCHEMA_V1, ReportError, Results, RuleEntry, iter_rules
from chargebee_conformance.reports.results import (
    build_results,
    load_results,
    reported_verdict,
    site_meta,
    write_results,
)
from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.spec.profile import load_profile
from chargebee_conformance.spec.promises import PROTOCOL_RULES
from tests.reports.support import CATALOG, META, RAW, REPO_ROOT, V1_RESULTS


def entry(doc: Results, site: str, rule: str) -> tuple[str, RuleEntry]:
    found = [(op["id"], e) for s, op, e in iter_rules(doc) if s["name"] == site and e["rule"] == rule]
    assert len(found) == 1, found
    return found[0]


def test_the_document_names_its_schema_and_the_run(doc: Results) -> None:
    assert doc["schema"] == SCHEMA
    assert doc["run"] == {
        "target": "https://acme-test.chargebee.com/", "mode": "replay", "seed": 1234,
        "started_at": "2026-01-13T12:00:00+00:00", "duration_seconds": 12.346, "tool_version": "0.1.0",
        "hypothesis_version": "6.0.0-test", "docs_snapshot": "2026-01-10", "model_version": "2026.01.1",
        "strict": False,
    }


def test_each_site_carries_its_profile_catalog_versions_and_target(doc: Results) -> None:
    first, second = doc["sites"]
    assert (first["name"], first["profile"], first["api_versions"], first["product_catalog"]) == (
        "sandbox-pc1-metered", "sandbox-pc1-metered.toml", [1, 2], "1.0")
    assert first["target"] == doc["run"]["target"]  # none of its own: the run's
    assert second["target"] == "http://127.0.0.1:8080"


def test_a_broken_rule_carries_its_minimal_failing_case(doc: Results) -> None:
    operation, broken = entry(doc, "sandbox-pc1-metered", "v2.charge.description.max_length")
    assert (operation, broken["verdict"]) == ("v2.charge", "broken")
    assert (broken["examples"], broken["requests"]) == (8, 9)
    assert broken["source"] == "description: max chars=250. Description for this charge."
    assert broken["expected"] == "400 (any 400 api_error_code) naming description"
    failure = broken["failure"]
    assert failure is not None
    assert failure["title"] == "expected 400 (any 400 api_error_code) naming description, got HTTP 200"
    assert failure["explanation"] == "the description has 251 characters (max 250)"
    assert failure["request"].startswith("request:  POST /api/v2/invoices/charge\n")
    assert failure["response"].startswith("response: 200 application/json\n")
    assert failure["curl"].startswith("curl -X POST 'https://acme-test.chargebee.com/api/v2/invoices/charge'")


def test_a_failure_keeps_its_steps_case_rule_and_causes_when_the_suite_recorded_them(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    step = {"label": "v2.charge", "method": "POST", "path": "/api/v2/invoices/charge", "form": [["amount", "0"]],
            "headers": [], "status": 200, "returned": {"invoice.id": "7"}}
    failure = {"title": "t", "detail": "", "curl": "", "steps": [step], "case_rule": "v2.charge.amount.minimum",
               "caused_by": ["v2.charge.amount.minimum"]}
    line = {"rule": "v2.charge.po_number.max_length", "site": "s", "verdict": "broken", "binding": "loose",
            "examples": 1, "exercised": 1, "failure": failure}
    (raw / "results-gw0.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    _, rule = entry(build_results(raw, {}, catalog=CATALOG), "s", "v2.charge.po_number.max_length")
    assert rule["failure"] is not None
    assert rule["failure"].get("steps") == [step]
    assert rule["failure"].get("case_rule") == "v2.charge.amount.minimum"
    assert rule["failure"].get("caused_by") == ["v2.charge.amount.minimum"]


def test_a_failure_recorded_by_an_older_suite_has_empty_steps_and_causes(doc: Results) -> None:
    _, broken = entry(doc, "sandbox-pc1-metered", "v2.charge.description.max_length")
    assert broken["failure"] is not None
    assert (broken["failure"]["steps"], broken["failure"]["case_rule"], broken["failure"]["caused_by"]) == ([], "", [])


def test_rules_no_test_judged_are_skipped_saying_so(doc: Results) -> None:
    operation, unjudged = entry(doc, "sandbox-pc1-metered", "v2.charge.po_number.max_length")
    assert (operation, unjudged["verdict"], unjudged["reason"]) == (
        "v2.charge", "skipped", "no test judged it on this site")
    assert (unjudged["examples"], unjudged["exercised"]) == (0, 0)
    assert unjudged["source"] == "po_number: max chars=100."
    operation, protocol = entry(doc, "sandbox-pc2-metered", "v2.idempotency.replay")
    assert (operation, protocol["reason"]) == ("protocol", "no test judged it on this site")


def test_exercised_counts_are_summed_and_default_to_examples_for_old_lines(doc: Results) -> None:
    # Judged by one line without an exercised count (2 examples) and one with 3 of 5 exercised.
    _, amount = entry(doc, "sandbox-pc1-metered", "v2.charge.amount.minimum")
    assert (amount["verdict"], amount["examples"], amount["exercised"]) == ("held", 7, 5)


def test_a_rule_no_example_exercised_is_not_exercised_with_the_suite_s_reason(doc: Results) -> None:
    _, coupon = entry(doc, "sandbox-pc1-metered", "v2.charge.coupon_ids.applied")
    assert (coupon["verdict"], coupon["examples"], coupon["exercised"], coupon["reason"]) == (
        "not exercised", 6, 0, "no example sent a coupon")


def test_a_rule_judged_held_without_an_exercising_example_is_reported_not_exercised(doc: Results) -> None:
    # One "not exercised" line and one "held" line, both with exercised 0.
    _, coupon = entry(doc, "sandbox-pc2-metered", "v2.charge.coupon_ids.applied")
    assert (coupon["verdict"], coupon["examples"], coupon["exercised"], coupon["reason"]) == (
        "not exercised", 5, 0, "profile names no non_one_time_coupon")
    assert coupon["tests"] == [
        "conformance/test_pending_invoices_stateful.py::test_pending_invoices_stay_consistent[sandbox-pc2-metered]",
        "conformance/test_v2_charge.py::test_valid_cases_succeed[sandbox-pc2-metered]"]


def test_a_broken_convention_rule_is_questionable_and_keeps_its_evidence(doc: Results) -> None:
    _, rule = entry(doc, "sandbox-pc1-metered", "v2.charge.date_from.before_date_to")
    assert (rule["verdict"], rule["binding"]) == ("questionable", "convention")
    assert rule["reason"] == "expected 400 (any 400 api_error_code) naming date_from, got HTTP 200"
    assert rule["failure"] is not None
    assert rule["failure"]["explanation"] == "date_from is one day after date_to"
    _, kept = entry(doc, "sandbox-pc2-metered", "v2.charge.date_from.before_date_to")
    assert kept["verdict"] == "held"


def test_a_strict_run_reports_a_broken_convention_rule_broken() -> None:
    strict = build_results(RAW, META | {"strict": True}, catalog=CATALOG)
    assert strict["run"]["strict"] is True
    _, rule = entry(strict, "sandbox-pc1-metered", "v2.charge.date_from.before_date_to")
    assert rule["verdict"] == "broken"
    assert (strict["summary"]["broken"], strict["summary"]["questionable"]) == (3, 0)


@pytest.mark.parametrize(("verdict", "binding", "strict", "reported"), [
    ("broken", "convention", False, "questionable"),
    ("broken", "convention", True, "broken"),
    ("broken", "loose", False, "broken"),
    ("broken", "exact", False, "broken"),
    ("held", "convention", False, "held"),
    ("not exercised", "convention", False, "not exercised"),
])
def test_only_a_broken_convention_rule_outside_a_strict_run_is_questionable(verdict: str, binding: str,
                                                                           strict: bool, reported: str) -> None:
    assert reported_verdict(verdict, binding, strict=strict) == reported


def test_a_convention_rule_recorded_without_binding_takes_the_model_s(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    line = {"rule": "v2.charge.date_from.before_date_to", "site": "s", "verdict": "broken", "binding": "",
            "examples": 1, "exercised": 1, "failure": {"title": "t", "detail": "", "curl": ""}}
    (raw / "results-gw0.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    _, rule = entry(build_results(raw, {}, catalog=CATALOG), "s", "v2.charge.date_from.before_date_to")
    assert (rule["verdict"], rule["binding"]) == ("questionable", "convention")


@pytest.mark.parametrize("value", ["false", 1, None])
def test_a_strict_flag_that_is_not_a_bool_is_refused(value: object) -> None:
    with pytest.raises(ReportError, match=f"meta strict must be true or false, got {value!r}"):
        build_results(RAW, META | {"strict": value}, catalog=CATALOG)


def test_a_rule_judged_under_another_operation_is_not_listed_again(doc: Results) -> None:
    operation, found = entry(doc, "sandbox-pc2-metered", "protocol.content_type")
    assert (operation, found["verdict"]) == ("v2.charge", "broken")
    # The suite records a rule found broken in passing without its sentence: the model fills it in.
    assert found["source"].startswith("All responses are of type application/json")


def test_a_rule_the_model_no_longer_has_is_kept(doc: Results) -> None:
    _, legacy = entry(doc, "sandbox-pc2-metered", "v2.charge.legacy.removed_rule")
    assert legacy["verdict"] == "observed"


def test_operations_follow_the_model_order_and_rules_within_them_too(doc: Results) -> None:
    site = doc["sites"][0]
    assert [op["id"] for op in site["operations"]] == ["v1.charge", "v2.charge", "auth", "protocol"]
    assert [e["rule"] for e in site["operations"][1]["rules"]] == [
        "v2.charge.description.max_length", "v2.charge.amount.minimum", "v2.charge.po_number.max_length",
        "v2.charge.date_from.before_date_to", "v2.charge.coupon_ids.applied", "v2.charge.description.whitespace",
        "v2.charge.response.sub_total", "v2.idempotency.replay"]


def test_summaries_count_every_listed_rule(doc: Results) -> None:
    assert doc["summary"] == {"broken": 2, "questionable": 1, "waived": 0, "held": 6, "observed": 2,
                              "not exercised": 2, "skipped": 10, "total": 23}
    assert doc["sites"][0]["summary"] == {"broken": 1, "questionable": 1, "waived": 0, "held": 5, "observed": 1,
                                          "not exercised": 1, "skipped": 2, "total": 11}
    assert [s["summary"]["total"] for s in doc["sites"]] == [11, 12]


def test_the_default_catalog_lists_every_rule_of_the_model_per_site(tmp_path: Path) -> None:
    doc = build_results(RAW, {"sites": META["sites"]})
    listed = {e["rule"] for s, _, e in iter_rules(doc) if s["name"] == "sandbox-pc2-metered"}
    model = {r.id for op in OPERATIONS for r in op.rules} | {r.id for r in PROTOCOL_RULES}
    assert model <= listed


def test_site_meta_keeps_the_profile_file_name_only() -> None:
    profile = load_profile(REPO_ROOT / "profiles" / "sandbox-pc1-metered.toml")
    meta = site_meta(profile, "http://127.0.0.1:1234")
    assert meta == {"name": "sandbox-pc1-metered", "profile": "sandbox-pc1-metered.toml",
                    "target": "http://127.0.0.1:1234", "api_versions": [1, 2], "product_catalog": "1.0"}


def test_unknown_meta_keys_are_refused() -> None:
    with pytest.raises(ReportError, match="unknown meta key"):
        build_results(RAW, {"mdoe": "live"}, catalog=CATALOG)


@pytest.mark.parametrize(("damage", "message"), [
    (lambda d: d["sites"][0].pop("summary"), "site 'sandbox-pc1-metered': missing summary"),
    (lambda d: d["sites"][1]["operations"][0]["rules"][0].pop("failure"), "a rule: missing failure"),
    (lambda d: d["sites"][0]["operations"][0]["rules"][0].update(verdict="wavered"), "verdict 'wavered'"),
])
def test_a_damaged_document_is_refused_before_rendering(doc: Results, tmp_path: Path,
                                                        damage: Callable[[Any], object],
                                                        message: str) -> None:
    damage(doc)
    path = write_results(doc, tmp_path / "results.json")
    with pytest.raises(ReportError, match=message):
        load_results(path)


def test_written_results_read_back_equal(doc: Results, tmp_path: Path) -> None:
    path = write_results(doc, tmp_path / "out" / "results.json")
    assert load_results(path) == doc
    assert path.read_text(encoding="utf-8").endswith("}\n")


@pytest.mark.parametrize(("content", "message"), [
    (None, "not found"),
    ("{ broken", "not valid JSON (Expecting property name enclosed in double quotes at line 1 column 3)"),
    ("[]", "not a results document"),
    (json.dumps({"schema": "chargebee-conformance/results/v0"}), "schema 'chargebee-conformance/results/v0' is "
     "neither 'chargebee-conformance/results/v2' nor 'chargebee-conformance/results/v1'"),
    (json.dumps({"schema": SCHEMA, "run": {}, "summary": {}, "sites": {}}), "'sites' is missing or not"),
    (json.dumps({"schema": SCHEMA, "run": {"mode": "live"}, "summary": {}, "warnings": [], "sites": []}),
     "run: missing docs_snapshot, duration_seconds, hypothesis_version"),
    (json.dumps({"schema": SCHEMA_V1, "run": {"mode": "live"}, "summary": {}, "warnings": [], "sites": []}),
     "run: missing docs_snapshot, duration_seconds, hypothesis_version"),
    (json.dumps({"schema": SCHEMA_V1, "run": [], "summary": {}, "warnings": [], "sites": [7]}),
     "'run' is missing or not a JSON object"),
])
def test_an_unusable_results_file_is_a_one_line_error(tmp_path: Path, content: str | None,
                                                      message: str) -> None:
    path = tmp_path / "results.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError) as error:
        load_results(path)
    assert str(error.value).startswith(f"results file {path}: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


# -- schema v1 ------------------------------------------------------------------------------------------------
# V1_RESULTS was written by the v1 code (commit 6b43cc3) from the raw fixtures of that time.
def test_a_v1_document_is_read_as_v2() -> None:
    old = json.loads(V1_RESULTS.read_text(encoding="utf-8"))
    assert old["schema"] == SCHEMA_V1
    doc = load_results(V1_RESULTS)
    assert (doc["schema"], doc["run"]["strict"]) == (SCHEMA, False)
    assert doc["summary"] == {"broken": 2, "questionable": 0, "waived": 0, "held": 5, "observed": 2,
                              "not exercised": 0, "skipped": 10, "total": 19}
    assert doc["sites"][1]["summary"]["not exercised"] == 0


def test_a_v1_rule_counts_every_example_as_exercised() -> None:
    doc = load_results(V1_RESULTS)
    counts = [(e["examples"], e["exercised"]) for _, _, e in iter_rules(doc)]
    assert len(counts) == 19 and all(examples == exercised for examples, exercised in counts)
    _, amount = entry(doc, "sandbox-pc1-metered", "v2.charge.amount.minimum")
    assert amount["exercised"] == 7


def test_a_v1_unjudged_rule_gets_the_unambiguous_reason() -> None:
    _, unjudged = entry(load_results(V1_RESULTS), "sandbox-pc1-metered", "v2.charge.po_number.max_length")
    assert (unjudged["verdict"], unjudged["reason"]) == ("skipped", "no test judged it on this site")


def test_a_v1_document_read_back_is_a_valid_v2_document(tmp_path: Path) -> None:
    doc = load_results(V1_RESULTS)
    assert load_results(write_results(doc, tmp_path / "results.json")) == doc


def test_a_damaged_v1_document_is_refused_naming_the_damage(tmp_path: Path) -> None:
    old = json.loads(V1_RESULTS.read_text(encoding="utf-8"))
    del old["sites"][0]["operations"][0]["rules"][0]["verdict"]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    with pytest.raises(ReportError, match="site 'sandbox-pc1-metered', a rule: missing verdict"):
        load_results(path)
