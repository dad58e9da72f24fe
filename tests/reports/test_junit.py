"""JUnit XML: one testcase per site x operation x rule; failures, skips and observations where CI looks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reports.document import Results, iter_rules
from reports.junit import render_junit


def cases(doc: Results) -> dict[tuple[str, str], ET.Element]:
    root = ET.fromstring(render_junit(doc))
    found = {(case.get("classname", ""), case.get("name", "")): case for case in root.iter("testcase")}
    assert len(found) == len(list(root.iter("testcase"))), "a testcase appears twice"
    return found


def test_there_is_one_testcase_per_site_operation_and_rule(doc: Results) -> None:
    expected = {(f"{site['name']}.{op['id']}", e["rule"]) for site, op, e in iter_rules(doc)}
    assert set(cases(doc)) == expected


def test_totals_match_the_summary(doc: Results) -> None:
    root = ET.fromstring(render_junit(doc))
    assert root.tag == "testsuites"
    totals = (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors"))
    assert totals == ("19", "2", "10", "0")
    suites = [suite.get("name") for suite in root.iter("testsuite")]
    assert suites == ["sandbox-pc1-metered", "sandbox-pc2-metered"]


def test_a_broken_rule_is_a_failure_with_title_evidence_and_curl(doc: Results) -> None:
    case = cases(doc)[("sandbox-pc1-metered.v2.charge", "v2.charge.description.max_length")]
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "expected 400 (any 400 api_error_code) naming description, got HTTP 200"
    text = failure.text or ""
    assert text.startswith("description: max chars=250.")
    assert "response: 200 application/json" in text
    assert '"notes": "<script>alert(1)</script>"' in text  # escaped on the way out, intact on the way in
    assert "\n\nreproduce: curl -X POST" in text


def test_a_skipped_rule_carries_its_reason(doc: Results) -> None:
    skipped = cases(doc)[("sandbox-pc2-metered.v1.charge", "v1.charge.customer_id.exists")].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "sandbox-pc2-metered does not serve API v1"


def test_held_and_observed_rules_pass_and_an_observation_is_noted(doc: Results) -> None:
    found = cases(doc)
    held = found[("sandbox-pc1-metered.v2.charge", "v2.charge.amount.minimum")]
    observed = found[("sandbox-pc1-metered.v2.charge", "v2.charge.description.whitespace")]
    for case in (held, observed):
        assert case.find("failure") is None and case.find("skipped") is None
    out = observed.find("system-out")
    assert out is not None and "HTTP 200 (accepted)" in (out.text or "")
    properties = {p.get("name"): p.get("value") for p in observed.iter("property")}
    assert properties["verdict"] == "observed" and properties["binding"] == "silent"


def test_control_characters_in_a_response_keep_the_xml_well_formed(doc: Results) -> None:
    _, _, entry = next((s, o, e) for s, o, e in iter_rules(doc) if e["failure"])
    assert entry["failure"] is not None
    entry["failure"]["detail"] += "\x00\x1b[31m\ufffe"
    text = render_junit(doc)
    ET.fromstring(text)
    assert "\\u0000\\u001b[31m\\ufffe" in text
