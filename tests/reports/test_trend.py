"""The trend page: one point per results.json (oldest first) for broken, held and not exercised rules, drawn as
inline SVG with the same numbers in a table; unusable files listed, never a traceback; no results at all is a
one-line error."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from chargebee_conformance.reports.cli import main
from chargebee_conformance.reports.document import ReportError, Results
from chargebee_conformance.reports.results import write_results
from chargebee_conformance.reports.trend import chart, collect, render_trend, write_trend
from tests.reports.support import REPO_ROOT

# started_at, broken, held, not exercised: written in another order than they ran.
RUNS = (("2026-01-20T05:23:00+00:00", 5, 3, 1), ("2026-01-13T05:23:00+00:00", 2, 6, 2),
        ("2026-01-27T05:23:00Z", 0, 9, 4))


def write_runs(doc: Results, folder: Path) -> Path:
    for number, (started, broken, held, unexercised) in enumerate(RUNS):
        run = copy.deepcopy(doc)
        run["run"]["started_at"] = started
        run["summary"].update({"broken": broken, "held": held, "not exercised": unexercised})
        write_results(run, folder / f"run-{number}" / "results.json")
    return folder


def test_runs_are_ordered_by_their_start_and_counted(doc: Results, tmp_path: Path) -> None:
    trend = collect(write_runs(doc, tmp_path))
    assert [run.path for run in trend.runs] == ["run-1/results.json", "run-0/results.json", "run-2/results.json"]
    assert [(r.counts["broken"], r.counts["held"], r.counts["not exercised"]) for r in trend.runs] == [
        (2, 6, 2), (5, 3, 1), (0, 9, 4)]
    assert trend.warnings == ()


def test_the_chart_has_a_point_per_run_and_series_placed_by_their_counts(doc: Results, tmp_path: Path) -> None:
    drawn = chart(collect(write_runs(doc, tmp_path)).runs)
    broken, held, unexercised = drawn.lines
    assert (broken.verdict, held.verdict, unexercised.verdict) == ("broken", "held", "not exercised")
    assert [len(line.points) for line in drawn.lines] == [3, 3, 3]
    assert [p.value for p in broken.points] == [2, 5, 0]
    assert [round(p.x) for p in broken.points] == [round(drawn.left), round((drawn.left + drawn.right) / 2),
                                                   round(drawn.right)]
    assert broken.points[2].y == drawn.bottom  # 0 sits on the axis
    assert held.points[2].y < held.points[0].y < held.points[1].y  # more rules, higher up
    assert [tick.label for tick in drawn.y_ticks] == ["0", "2", "4", "6", "8", "10"]
    assert [tick.label for tick in drawn.x_ticks] == ["2026-01-13", "2026-01-20", "2026-01-27"]


def test_the_page_draws_inline_svg_and_tables_the_same_numbers(doc: Results, tmp_path: Path) -> None:
    html = render_trend(collect(write_runs(doc, tmp_path)))
    assert "<script" not in html and "<svg" in html and 'role="img"' in html
    assert len(re.findall(r"<polyline ", html)) == 3
    assert "<title>2026-01-20T05:23:00+00:00: 5 broken</title>" in html
    rows = re.findall(r"<tr><td>(.*?)</td>.*?<td class=\"n\">(\d+)</td><td class=\"n\">(\d+)</td>"
                      r"<td class=\"n\">(\d+)</td>", html)
    assert rows == [("2026-01-13T05:23:00+00:00", "2", "6", "2"), ("2026-01-20T05:23:00+00:00", "5", "3", "1"),
                    ("2026-01-27T05:23:00Z", "0", "9", "4")]


def test_corrupt_and_foreign_files_are_skipped_and_listed(doc: Results, tmp_path: Path) -> None:
    folder = write_runs(doc, tmp_path)
    (folder / "broken").mkdir()
    (folder / "broken" / "results.json").write_text("{not json", encoding="utf-8")
    (folder / "other").mkdir()
    (folder / "other" / "results.json").write_text('{"schema": "someone-else/v9"}', encoding="utf-8")
    trend = collect(folder)
    assert len(trend.runs) == 3
    assert [w.split(":")[0] for w in trend.warnings] == ["skipped broken/results.json", "skipped other/results.json"]
    assert "not valid JSON" in trend.warnings[0] and "someone-else/v9" in trend.warnings[1]
    html = render_trend(trend)
    assert "<li>skipped broken/results.json: not valid JSON" in html


def test_a_run_kept_twice_counts_once(doc: Results, tmp_path: Path) -> None:
    folder = write_runs(doc, tmp_path)
    (folder / "latest").mkdir()
    (folder / "latest" / "results.json").write_bytes((folder / "run-2" / "results.json").read_bytes())
    trend = collect(folder)
    assert len(trend.runs) == 3
    assert trend.warnings == ("skipped run-2/results.json: the same run as latest/results.json",)


def test_one_run_is_drawn_in_the_middle(doc: Results, tmp_path: Path) -> None:
    write_results(doc, tmp_path / "results.json")
    drawn = chart(collect(tmp_path).runs)
    assert [round(line.points[0].x) for line in drawn.lines] == [round((drawn.left + drawn.right) / 2)] * 3


def test_no_usable_results_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"no usable results\.json"):
        collect(tmp_path)
    (tmp_path / "results.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ReportError, match=r"\(1 unusable\)"):
        collect(tmp_path)


def test_trend_writes_into_the_folder_by_default(doc: Results, tmp_path: Path) -> None:
    path, warnings = write_trend(write_runs(doc, tmp_path))
    assert path == tmp_path / "trend.html" and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert warnings == ()


def test_the_command_warns_on_stderr_and_exits_0(doc: Results, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_runs(doc, tmp_path / "runs")
    (folder / "bad").mkdir()
    (folder / "bad" / "results.json").write_text("{", encoding="utf-8")
    assert main(["trend", str(folder), "--output", str(tmp_path / "out" / "t.html")]) == 0
    out, err = capsys.readouterr()
    assert out == f"{tmp_path / 'out' / 't.html'}\n"
    assert err.startswith("python -m chargebee_conformance.reports: warning: skipped bad/results.json: not valid")
    assert err.count("\n") == 1


def test_the_installed_command_without_results_exits_2_with_one_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "chargebee_conformance", "trend", str(tmp_path)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr == f"chargebee-conformance: trend: no usable results.json under {tmp_path}\n"


def test_the_starter_workflow_keeps_a_year_of_live_runs_and_draws_their_trend(doc: Results, tmp_path: Path) -> None:
    """The live job's step, run as GitHub runs it (bash -e), over a cache holding 53 earlier runs."""
    workflow = yaml.safe_load((files("chargebee_conformance.suite") / "starter" / "workflow.yml").read_text("utf-8"))
    step = next(s for s in workflow["jobs"]["live"]["steps"] if "chargebee-conformance trend" in s.get("run", ""))
    history = tmp_path / "previous" / "history"
    for number in range(100, 153):
        run = copy.deepcopy(doc)
        run["run"]["started_at"] = f"2025-{1 + (number - 100) // 5:02d}-{1 + (number - 100) % 5 * 5:02d}T05:23:00Z"
        write_results(run, history / str(number) / "results.json")
    write_results(doc, tmp_path / "previous" / "results.json")  # the latest run, for the diff
    write_results(doc, tmp_path / "reports" / "out" / "results.json")
    shim = tmp_path / "bin" / "chargebee-conformance"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m chargebee_conformance "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False,
                          env={"PATH": f"{shim.parent}:/usr/bin:/bin", "GITHUB_RUN_ID": "200",
                               "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "PYTHONPATH": str(REPO_ROOT)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(int(p.name) for p in history.iterdir()) == [*range(102, 153), 200]
    assert (tmp_path / "previous" / "results.json").is_file()
    trend = (tmp_path / "reports" / "out" / "trend.html").read_text(encoding="utf-8")
    assert trend.count("<tr><td>") == 52 and "<svg" in trend
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").strip(), "the diff reached the step summary"
