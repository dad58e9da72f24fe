"""Lining up two runs' requests and naming where the answers differ (reports/compare.py, compare_views.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from chargebee_conformance.reports.compare import Side, compare, differences, load_exchanges, subject
from chargebee_conformance.reports.compare_views import render_html, render_junit, render_markdown, render_text
from chargebee_conformance.reports.document import ReportError
from chargebee_conformance.reports.waivers import Waiver

INVOICE_SHAPE = {"invoice.total": "int", "invoice.line_items": "list", "invoice.line_items[].amount": "int"}


def summary(rule: str = "v2.charge.amount.minimum", *, status: int = 400, code: str | None = "param_wrong_value",
            param: str | None = "amount", form: tuple[tuple[str, str], ...] = (("amount", "0"),),
            shape: dict[str, str] | None = None, figures: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"site": "s1", "test": "conformance/test_v2_charge.py::t[s1]", "property": f"invalid:{rule}",
            "operation": "v2.charge", "rule": rule, "status": status, "json": True, "api_error_code": code,
            "param": param, "shape": shape, "arithmetic": figures,
            "request": {"method": "POST", "path": "/api/v2/invoices/charge", "form": [list(p) for p in form],
                        "headers": []}}


def accepted(**figures: Any) -> dict[str, Any]:
    return summary(status=200, code=None, param=None, shape=dict(INVOICE_SHAPE),
                   figures={"total": 0, "lines": 1, "line_amounts": [0], **figures})


def side(*exchanges: dict[str, Any], verdicts: dict[tuple[str, str], str] | None = None) -> Side:
    return Side("x", "target", exchanges, verdicts or {})


def test_identical_answers_do_not_diverge() -> None:
    doc = compare(side(summary(), accepted()), side(summary(), accepted()))
    assert doc["summary"]["matched"] == 2 and doc["divergences"] == [] and doc["summary"]["unwaived"] == 0


def test_an_accepted_invalid_request_diverges_in_status_code_param_and_shape() -> None:
    aspects = [d["aspect"] for d in differences(summary(), accepted())]
    assert aspects == ["status", "api_error_code", "param", "shape"]


def test_another_error_code_for_the_same_request_is_named_with_both_values() -> None:
    (found,) = differences(summary(), summary(code="invalid_request"))
    assert found == {"aspect": "api_error_code", "a": "param_wrong_value", "b": "invalid_request"}


def test_param_presence_counts() -> None:
    assert [d["aspect"] for d in differences(summary(), summary(param=None))] == ["param"]


def test_an_extra_or_retyped_attribute_is_a_shape_divergence() -> None:
    other = accepted()
    other["shape"] = {**INVOICE_SHAPE, "invoice.total": "string", "invoice.extra": "bool"}
    (found,) = differences(accepted(), other)
    assert found["aspect"] == "shape"
    assert found["b"] == ["invoice.extra", "invoice.total: string"] and found["a"] == ["invoice.total: int"]


def test_other_figures_are_an_arithmetic_divergence_and_line_order_is_not() -> None:
    (found,) = differences(accepted(total=100), accepted(total=90))
    assert found == {"aspect": "arithmetic", "a": {"total": 100}, "b": {"total": 90}}
    assert differences(accepted(line_amounts=[1, 2]), accepted(line_amounts=[1, 2])) == []


def test_the_nth_identical_request_matches_the_nth() -> None:
    doc = compare(side(summary(), summary()), side(summary(), summary(code="invalid_request")))
    (entry,) = doc["divergences"]
    assert (entry["matched"], entry["divergent"], entry["aspects"]) == (2, 1, ["api_error_code"])


def test_requests_of_one_side_only_are_counted_not_compared() -> None:
    doc = compare(side(summary(form=(("amount", "0"),))), side(summary(form=(("amount", "-1"),))))
    assert (doc["summary"]["matched"], doc["summary"]["only_a"], doc["summary"]["only_b"]) == (0, 1, 1)


def test_a_waiver_for_the_rule_waives_its_divergence() -> None:
    waiver = Waiver("v2.charge.amount.minimum", "vendor accepts 0 in test mode")
    doc = compare(side(summary()), side(accepted()), [waiver], today=date(2026, 1, 1))
    assert doc["divergences"][0]["waived"] == "vendor accepts 0 in test mode" and doc["summary"]["unwaived"] == 0


def test_a_rule_broken_on_one_side_only_fails_and_coverage_changes_do_not() -> None:
    a = {("s1", "r.broken"): "held", ("s1", "r.coverage"): "held"}
    b = {("s1", "r.broken"): "broken", ("s1", "r.coverage"): "not exercised"}
    doc = compare(side(verdicts=a), side(verdicts=b))
    assert [(c["rule"], c["fails"]) for c in doc["verdicts"]] == [("r.broken", True), ("r.coverage", False)]
    assert doc["summary"]["unwaived"] == 1


def test_subjects_name_the_rule_or_the_property() -> None:
    assert subject(summary()) == "v2.charge.amount.minimum"
    valid = summary() | {"rule": "", "property": "valid"}
    assert subject(valid) == "v2.charge (valid)"
    assert subject(valid | {"property": "boundary:v2.charge.po_number.max_length"}) == "v2.charge.po_number.max_length"


def test_every_format_shows_both_answers() -> None:
    doc = compare(Side("sandbox", "bundled sandbox", [summary()], {}),
                  Side("sandbox:fault=x", "bundled sandbox (faults: x)", [accepted()], {}))
    text = render_text(doc)
    assert "DIVERGES s1 v2.charge.amount.minimum: 1 of 1" in text and "status: a 400 | b 200" in text
    assert "| s1 | `v2.charge.amount.minimum` | 1 of 1 |" in render_markdown(doc)
    html = render_html(doc)
    assert "<th scope=\"row\">api_error_code</th><td><pre>param_wrong_value</pre></td><td><pre>-</pre></td>" in html
    junit = ET.fromstring(render_junit(doc))
    assert junit.get("failures") == "1" and junit.find("testcase/failure") is not None


def test_a_corrupt_exchange_log_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "exchanges-main.jsonl").write_text(json.dumps(summary()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"exchanges-main.jsonl:2: not JSON"):
        load_exchanges(tmp_path)


def test_a_run_without_exchange_logs_says_so(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="no exchanges"):
        load_exchanges(tmp_path)
