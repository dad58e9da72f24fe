"""JUnit XML: one testcase per site x operation x rule; failures, skips, questionable rules and observations
where CI looks, and nothing but a broken rule counted as a failure."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from chargebee_conformance.reports.document import Results, iter_rules
from chargebee_conformance.reports.junit import render_junit
from chargebee_conformance.reports.results import build_results
from tests.reports.support import CATALOG, META, RAW


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
    # skipped: 10 skipped and 2 not exercised; the questionable rule passes.
    assert totals == ("23", "2", "12", "0")
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


def test_a_not_exercised_rule_is_skipped_saying_why(doc: Results) -> None:
    case = cases(doc)[("sandbox-pc1-metered.v2.charge", "v2.charge.coupon_ids.applied")]
    skipped = case.find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "not exercised: no example sent a coupon"
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert (properties["examples"], properties["exercised"]) == ("6", "0")


def test_a_questionable_rule_passes_with_its_title_in_system_out(doc: Results) -> None:
    case = cases(doc)[("sandbox-pc1-metered.v2.charge", "v2.charge.date_from.before_date_to")]
    assert [child.tag for child in case] == ["properties", "system-out"]
    out = case.find("system-out")
    assert out is not None
    lines = (out.text or "").splitlines()
    assert lines[0] == ("questionable (convention): expected 400 (any 400 api_error_code) naming date_from, "
                        "got HTTP 200")
    assert lines[-1] == ("reproduce: curl -X POST 'https://acme-test.chargebee.com/api/v2/invoices/charge' "
                         "-u '<REDACTED>:' -d 'date_from=1767312000' -d 'date_to=1767225600'")


def test_a_strict_run_makes_the_convention_rule_a_failure() -> None:
    strict = build_results(RAW, META | {"strict": True}, catalog=CATALOG)
    root = ET.fromstring(render_junit(strict))
    assert (root.get("failures"), root.get("skipped")) == ("3", "12")
    case = cases(strict)[("sandbox-pc1-metered.v2.charge", "v2.charge.date_from.before_date_to")]
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "convention"
    strictness = {p.get("name"): p.get("value") for p in root.iter("property") if p.get("name") == "strict"}
    assert strictness == {"strict": "true"}


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
