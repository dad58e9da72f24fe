"""The report commands: exit codes 0 / 1 (regressions) / 2 (unusable file, one line, no traceback)."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from chargebee_conformance.reports.cli import build_all, main, main_coverage, main_diff, main_report
from chargebee_conformance.reports.document import Results, iter_rules
from chargebee_conformance.reports.results import load_results, write_results
from tests.reports.support import (
    CATALOG,
    META,
    PLANTED_KEY,
    RAW,
    REPO_ROOT,
    V1_RESULTS,
    evolved,
    with_failure_steps,
)


@pytest.fixture
def runs(doc: Results, tmp_path: Path) -> tuple[Path, Path]:
    return write_results(doc, tmp_path / "old.json"), write_results(evolved(doc), tmp_path / "new.json")


def test_diff_exits_1_on_regressions_and_writes_markdown(runs: tuple[Path, Path], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    old, new = runs
    markdown = tmp_path / "comment" / "diff.md"
    assert main_diff(old, new, markdown) == 1
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert ["broke", "sandbox-pc1-metered", "v2.charge", "v2.charge.amount.minimum", "held", "broken"] in [
        row[:6] for row in rows]
    assert markdown.read_text(encoding="utf-8").startswith("## Chargebee conformance: changes")


def test_diff_exits_0_without_regressions(runs: tuple[Path, Path],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _, new = runs
    assert main_diff(new, new) == 0
    assert "no changes" in capsys.readouterr().out


def test_diff_exits_0_when_a_rule_is_only_no_longer_exercised(doc: Results, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    new = copy.deepcopy(doc)
    for _, _, entry in iter_rules(new):
        if entry["verdict"] == "held":
            entry["verdict"], entry["exercised"] = "not exercised", 0
    old_path, new_path = write_results(doc, tmp_path / "old.json"), write_results(new, tmp_path / "new.json")
    assert main_diff(old_path, new_path, tmp_path / "diff.md") == 0
    assert capsys.readouterr().out.splitlines()[2] == "6 no longer exercised"
    assert "### No longer exercised (6)" in (tmp_path / "diff.md").read_text(encoding="utf-8")


def test_diff_reads_a_v1_baseline_and_lists_only_the_rules_the_model_gained(doc: Results, tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main_diff(V1_RESULTS, write_results(doc, tmp_path / "new.json")) == 0
    rows = [line.split()[:4] for line in capsys.readouterr().out.splitlines()[5:]]
    # The v1 document was written before the fixture gained these two rules; nothing else differs.
    assert rows == [["added", "sandbox-pc1-metered", "v2.charge", "v2.charge.coupon_ids.applied"],
                    ["added", "sandbox-pc1-metered", "v2.charge", "v2.charge.date_from.before_date_to"],
                    ["added", "sandbox-pc2-metered", "v2.charge", "v2.charge.coupon_ids.applied"],
                    ["added", "sandbox-pc2-metered", "v2.charge", "v2.charge.date_from.before_date_to"]]


@pytest.mark.parametrize("content", [None, "{ not json", '{"schema": "someone-else/v9"}'])
def test_an_unusable_file_exits_2_with_one_line(runs: tuple[Path, Path], tmp_path: Path, content: str | None,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    assert main_diff(runs[0], bad) == 2
    assert main_report(bad, tmp_path / "out") == 2
    err = capsys.readouterr().err.splitlines()
    prefix = f"python -m chargebee_conformance.reports: results file {bad}: "
    assert len(err) == 2 and all(line.startswith(prefix) for line in err)


def test_report_renders_next_to_the_results_by_default(runs: tuple[Path, Path]) -> None:
    old, _ = runs
    assert main_report(old) == 0
    assert (old.parent / "junit.xml").is_file() and (old.parent / "report.html").is_file()


def test_build_all_writes_the_three_reports_and_the_reproducers(tmp_path: Path) -> None:
    paths = build_all(RAW, tmp_path / "out", META)
    assert {name: path.name for name, path in paths.items()} == {
        "results": "results.json", "junit": "junit.xml", "html": "report.html", "reproducers": "reproducers"}
    assert load_results(paths["results"])["summary"]["total"] >= len(CATALOG.rules)
    scripts = sorted(paths["reproducers"].iterdir())
    assert [p.name for p in scripts] == ["sandbox-pc1-metered--v2.charge.date_from.before_date_to.sh",
                                         "sandbox-pc1-metered--v2.charge.description.max_length.sh",
                                         "sandbox-pc2-metered--protocol.content_type.sh"]
    assert all(p.stat().st_mode & 0o111 and p.read_text(encoding="utf-8").startswith("#!/bin/sh\n") for p in scripts)
    assert PLANTED_KEY not in "".join(p.read_text(encoding="utf-8") for p in scripts)


def test_a_re_render_keeps_only_the_reproducers_of_rules_that_still_fail(doc: Results, tmp_path: Path) -> None:
    stepped = with_failure_steps(doc)
    assert main_report(write_results(stepped, tmp_path / "results.json")) == 0
    assert len(list((tmp_path / "reproducers").glob("*.sh"))) == 3  # the cascade has no request of its own
    fixed = copy.deepcopy(stepped)
    for _, _, entry in iter_rules(fixed):
        if entry["verdict"] in ("broken", "questionable", "waived"):
            entry["verdict"], entry["failure"] = "held", None
    assert main_report(write_results(fixed, tmp_path / "results.json")) == 0
    assert list((tmp_path / "reproducers").glob("*.sh")) == []


def test_main_dispatches_render_with_an_output_directory(runs: tuple[Path, Path], tmp_path: Path) -> None:
    assert main(["render", str(runs[0]), "--output", str(tmp_path / "html")]) == 0
    assert (tmp_path / "html" / "report.html").is_file()


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chargebee_conformance.reports", *args], cwd=REPO_ROOT,
                          capture_output=True,
                          text=True, timeout=60, check=False)


def test_python_m_reports_diff_and_render(runs: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = runs
    diff = run_module("diff", str(old), str(new), "--markdown", str(tmp_path / "diff.md"))
    assert (diff.returncode, diff.stderr) == (1, "")
    assert (tmp_path / "diff.md").is_file()
    render = run_module("render", str(new), "--output", str(tmp_path / "r"))
    assert render.returncode == 0, render.stderr
    assert (tmp_path / "r" / "junit.xml").is_file()


def test_python_m_reports_on_a_missing_file_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    result = run_module("diff", str(tmp_path / "nope.json"), str(tmp_path / "nope.json"))
    assert result.returncode == 2
    prog = "python -m chargebee_conformance.reports"
    assert result.stderr == f"{prog}: results file {tmp_path / 'nope.json'}: not found\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_an_unwritable_output_exits_2_with_one_line(runs: tuple[Path, Path], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert main_diff(*runs, blocker / "diff.md", prog="chargebee-conformance") == 2
    err = capsys.readouterr().err
    assert err.startswith("chargebee-conformance: cannot write ") and err.count("\n") == 1


def test_coverage_prints_the_model_with_the_runs_verdicts_and_writes_markdown(
        doc: Results, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = write_results(doc, tmp_path / "results.json")
    markdown = tmp_path / "out" / "coverage.md"
    assert main_coverage(results, markdown, ["v2.charge"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Documentation coverage of the model (spec/), with the verdicts of {results}\n")
    assert "v2.charge: Create invoice for a one-time charge (v2)" in out and "v1.charge:" not in out
    assert markdown.read_text(encoding="utf-8").startswith("## Documentation coverage")


@pytest.mark.parametrize(("given", "operations", "message"), [
    ("nope.json", [], "nope.json: not found"),
    ("corrupt", [], "not valid JSON"),
    (None, ["v3.charge"], "unknown operation(s) v3.charge; known: v1.charge"),
])
def test_coverage_with_a_bad_input_is_one_line_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str | None, operations: list[str],
        message: str) -> None:
    path: Path | None = None
    if given == "corrupt":
        path = tmp_path / "results.json"
        path.write_text("{not json", encoding="utf-8")
    elif given is not None:
        path = tmp_path / given
    assert main_coverage(path, None, operations, prog="chargebee-conformance") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chargebee-conformance: ") and message in lines[0]
