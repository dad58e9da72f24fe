"""Documentation coverage (issue #12): documented parameters -> rules -> verdicts, from the model and a results
document; its text, Markdown and HTML renderings."""

from __future__ import annotations

import copy
import re

import pytest

from chargebee_conformance.reports.coverage import (
    NOT_IN_RESULTS,
    Coverage,
    OperationCoverage,
    RuleCoverage,
    build_coverage,
)
from chargebee_conformance.reports.coverage_render import CoverageSection, render_markdown, render_terminal, why_not
from chargebee_conformance.reports.document import Results, RuleEntry
from chargebee_conformance.reports.html import render_html
from chargebee_conformance.spec.documented import counts
from chargebee_conformance.spec.operations import OPERATIONS, operation

PC1, PC2 = "sandbox-pc1-metered", "sandbox-pc2-metered"


def op_of(coverage: Coverage, op_id: str) -> OperationCoverage:
    return next(op for op in coverage.operations if op.id == op_id)


def rule_of(op: OperationCoverage, rule_id: str) -> RuleCoverage:
    return next(rule for rule in op.rules if rule.id == rule_id)


def param_rules(op: OperationCoverage, name: str) -> list[str]:
    return [rule.id for param in op.params if param.name == name for rule in param.rules]


# -- the model alone -------------------------------------------------------------------------------------------
def test_without_results_every_operation_has_the_models_counts_and_no_verdicts() -> None:
    coverage = build_coverage()
    assert [op.id for op in coverage.operations] == [op.id for op in OPERATIONS]
    assert [op.counts for op in coverage.operations] == [counts(op) for op in OPERATIONS]
    assert not coverage.has_results and coverage.sites == ()
    assert all(not rule.verdicts for op in coverage.operations for rule in op.rules)
    assert all(not op.not_exercised for op in coverage.operations)
    assert coverage.total.documented == sum(counts(op).documented for op in OPERATIONS)


def test_every_rule_of_an_operation_is_shown_under_a_parameter_or_the_operation_as_a_whole() -> None:
    for op in build_coverage().operations:
        shown = {rule.id for param in op.params for rule in param.rules} | {rule.id for rule in op.whole}
        assert {rule.id for rule in op.rules} <= shown, op.id


def test_a_parameter_lists_its_own_rules_the_promises_that_need_it_and_the_protocol_rules_that_send_it() -> None:
    charge = op_of(build_coverage(), "v2.charge")
    assert param_rules(charge, "po_number") == ["v2.charge.po_number.max_length", "v2.charge.response.po_number"]
    assert param_rules(charge, "chargebee-idempotency-key")[1:] == ["v2.idempotency.replay",
                                                                   "v2.idempotency.conflict"]
    assert [p.name for p in charge.without_rule][:3] == ["tax_providers_fields[provider_name]",
                                                         "tax_providers_fields[field_id]",
                                                         "tax_providers_fields[field_value]"]


def test_an_operation_filter_leaves_out_the_protocol_section() -> None:
    coverage = build_coverage(operations=[operation("v1.add_charge")])
    assert [op.id for op in coverage.operations] == ["v1.add_charge"] and coverage.protocol == ()
    assert build_coverage().protocol


# -- with a results document -------------------------------------------------------------------------------------
def test_each_rule_carries_its_verdict_and_exercised_examples_per_site(doc: Results) -> None:
    charge = op_of(build_coverage(doc), "v2.charge")
    verdicts = rule_of(charge, "v2.charge.description.max_length").verdicts
    assert [(v.site, v.verdict, v.exercised) for v in verdicts] == [(PC1, "broken", 8), (PC2, "skipped", 0)]
    assert verdicts[1].reason == "no test judged it on this site"


def test_a_model_rule_the_results_lack_is_not_in_the_results(doc: Results) -> None:
    charge = op_of(build_coverage(doc), "v2.charge")
    assert {v.verdict for v in rule_of(charge, "v2.charge.payment_initiator.enum").verdicts} == {NOT_IN_RESULTS}


def test_entries_of_one_rule_under_its_operation_and_a_group_merge_strongest_first(doc: Results) -> None:
    merged = copy.deepcopy(doc)
    entry: RuleEntry = copy.deepcopy(next(e for op in merged["sites"][0]["operations"] if op["id"] == "v2.charge"
                                          for e in op["rules"] if e["rule"] == "v2.charge.amount.minimum"))
    entry["verdict"], entry["exercised"], entry["reason"] = "broken", 3, "a stateful step broke it"
    merged["sites"][0]["operations"].append({"id": "stateful", "rules": [entry]})
    verdict = rule_of(op_of(build_coverage(merged), "v2.charge"), "v2.charge.amount.minimum").verdicts[0]
    assert (verdict.verdict, verdict.exercised, verdict.reason) == ("broken", 5 + 3, "a stateful step broke it")


def test_a_protocol_rule_judged_under_another_operation_says_where(doc: Results) -> None:
    coverage = build_coverage(doc)
    content_type = next(rule for rule in coverage.protocol if rule.id == "protocol.content_type")
    assert [(v.verdict, v.judged_under) for v in content_type.verdicts] == [("skipped", ""), ("broken", "v2.charge")]
    assert "✗ 2*" in render_terminal(coverage)


def test_rules_no_site_exercised_are_listed_with_each_sites_reason(doc: Results) -> None:
    charge = op_of(build_coverage(doc), "v2.charge")
    not_exercised = {rule.id: rule for rule in charge.not_exercised}
    assert "v2.charge.coupon_ids.exists" in not_exercised  # a model rule this small run never judged
    assert "v2.charge.description.max_length" not in not_exercised  # broken on one site: it was exercised
    po_number = not_exercised["v2.charge.po_number.max_length"]
    assert why_not(po_number) == ["[1] [2] skipped: no test judged it on this site"]
    assert charge.exercised == sum(1 for rule in charge.rules if rule.exercised_on_run)
    avalara = not_exercised["v2.charge.avalara_sale_type.enum"]
    assert avalara.requires == "avatax_communications"  # the model's condition, which explains the skips
    assert "    avalara_sale_type.enum (needs avatax_communications)\n" in render_terminal(build_coverage(doc))


# -- renderings ------------------------------------------------------------------------------------------------
def test_the_terminal_text_leads_with_the_counts_and_shows_every_section(doc: Results) -> None:
    text = render_terminal(build_coverage(doc, results="old/results.json"))
    assert text.startswith("Documentation coverage of the model (spec/), with the verdicts of old/results.json\n")
    c = counts(operation("v1.charge"))
    row = next(line.split() for line in text.splitlines() if line.startswith("v1.charge "))
    assert row[1:6] == [str(c.documented), str(c.modelled), str(c.left_out), str(c.without_rule),
                        str(c.sentences_without_rule)]
    for part in ("sites: [1] sandbox-pc1-metered  [2] sandbox-pc2-metered", "  left out (1)",
                 "Content-Type (header): Every request is form-encoded", "  without a constraint rule (",
                 "  constraint sentences without a rule (", "  not exercised on this run (",
                 "protocol rules (about every operation"):
        assert part in text, part


def test_the_model_alone_names_no_verdicts_and_says_how_to_get_them() -> None:
    text = render_terminal(build_coverage(operations=[operation("v2.charge")]))
    assert "pass a run's results.json" in text and "exercised" not in text.splitlines()[2]
    assert "not exercised on this run" not in text and "[1]" not in text


def test_the_markdown_has_a_counts_table_and_one_rule_table_per_operation(doc: Results) -> None:
    markdown = render_markdown(build_coverage(doc, results="run.json"))
    assert markdown.startswith("## Documentation coverage\n")
    assert "| operation | documented | modelled | left out | without rule | sentences | rules | exercised |" in markdown
    assert len(re.findall(r"^\| parameter \| rule \| binding \| \[1\] \| \[2\] \|$", markdown, flags=re.M)) == 7
    assert "| `description` (body) | `description.required` | loose | · | · |\n" \
           "|  | `description.max_length` | loose | ✗ 8 | – |" in markdown
    assert "**Left out (1)**" in markdown and "**Not exercised on this run (" in markdown


def test_the_html_section_comes_last_and_only_when_given(doc: Results) -> None:
    assert 'id="coverage"' not in render_html(doc)
    html = render_html(doc, CoverageSection(build_coverage(doc, results="this run")))
    assert html.index('id="coverage"') > html.rindex('<table class="matrix">')
    assert len(re.findall(r'<details class="coverage">', html)) == len(OPERATIONS) + 1
    assert '<td class="v-broken" title="sandbox-pc1-metered: broken: expected 400' in html
    assert "<q>The media type of the request body. Default value: &#34;application/x-www-form-urlencoded&#34;</q>" \
        in html


@pytest.mark.parametrize("op_id", [op.id for op in OPERATIONS])
def test_every_rendering_names_every_left_out_parameter_and_sentence(op_id: str) -> None:
    coverage = build_coverage(operations=[operation(op_id)])
    text, markdown = render_terminal(coverage), render_markdown(coverage)
    flat = " ".join(text.split())
    for entry in (*operation(op_id).left_out, *operation(op_id).sentences_without_rule):
        assert " ".join(entry.quote.split()) in flat and " ".join(entry.quote.split()) in markdown
