"""A baseline file turns the broken rules it lists into "waived" until it expires, and nothing else."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from chargebee_conformance.reports.document import ReportError
from chargebee_conformance.reports.results import build_results
from chargebee_conformance.reports.waivers import Waiver, apply_waivers, load_waivers
from tests.reports.support import CATALOG, META, RAW


def broken_rules(doc: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(s["name"], e["rule"]) for s in doc["sites"] for op in s["operations"] for e in op["rules"]
            if e["verdict"] == "broken"}


def test_a_listed_rule_is_waived_until_it_expires() -> None:
    doc = build_results(RAW, META)
    site, rule = sorted(broken_rules(doc))[0]  # type: ignore[arg-type]
    waiver = Waiver(rule, "vendor ticket 42", site, date(2027, 1, 31))
    waived = apply_waivers(doc, [waiver], date(2027, 1, 31))  # type: ignore[arg-type]
    assert (site, rule) not in broken_rules(waived)  # type: ignore[arg-type]
    assert waived["summary"]["waived"] >= 1
    assert waived["summary"]["broken"] == doc["summary"]["broken"] - waived["summary"]["waived"]
    expired = apply_waivers(doc, [waiver], date(2027, 2, 1))  # type: ignore[arg-type]
    assert (site, rule) in broken_rules(expired)  # type: ignore[arg-type]


def test_a_waiver_for_another_site_changes_nothing() -> None:
    doc = build_results(RAW, META)
    _site, rule = sorted(broken_rules(doc))[0]  # type: ignore[arg-type]
    waived = apply_waivers(doc, [Waiver(rule, "elsewhere", "another-site")], date(2027, 1, 1))  # type: ignore[arg-type]
    assert broken_rules(waived) == broken_rules(doc)  # type: ignore[arg-type]


def test_the_file_format_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text('[[waiver]]\nrule = "v2.charge.amount.minimum"\nreason = "known"\nexpires = 2027-01-31\n',
                    encoding="utf-8")
    assert load_waivers(path) == (Waiver("v2.charge.amount.minimum", "known", None, date(2027, 1, 31)),)
    path.write_text('[[waiver]]\nrule = "x"\n', encoding="utf-8")
    with pytest.raises(ReportError, match="needs a rule id and a reason"):
        load_waivers(path)
    path.write_text('[[waiver]]\nrule = "x"\nreason = "y"\nexpires = "soon"\n', encoding="utf-8")
    with pytest.raises(ReportError, match="expires must be a date"):
        load_waivers(path)


def test_a_waiver_never_touches_a_questionable_rule() -> None:
    doc = build_results(RAW, META, catalog=CATALOG)
    rule = "v2.charge.date_from.before_date_to"
    waived = apply_waivers(doc, [Waiver(rule, "convention, not a bug")], date(2027, 1, 1))
    verdicts = [e["verdict"] for s in waived["sites"] for op in s["operations"] for e in op["rules"]
                if s["name"] == "sandbox-pc1-metered" and e["rule"] == rule]
    assert verdicts == ["questionable"]
    assert (waived["summary"]["questionable"], waived["summary"]["waived"]) == (1, 0)
