"""Entry points for the console script and `python -m chargebee_conformance.reports`: build, render, diff and trend.

    python -m chargebee_conformance.reports render RESULTS.json [--output DIR]
    python -m chargebee_conformance.reports diff OLD.json NEW.json [--markdown FILE]
    python -m chargebee_conformance.reports trend DIR [--output FILE]

`main_coverage` serves `chargebee-conformance coverage`. Exit codes: 0 done (diff: no regressions), 1 (diff)
something broke, 2 a missing or unusable file (coverage: or an unknown operation), reported in one line on stderr
without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from chargebee_conformance.reports.cards import write_reproducers
from chargebee_conformance.reports.coverage import build_coverage
from chargebee_conformance.reports.coverage_render import CoverageSection
from chargebee_conformance.reports.coverage_render import render_markdown as coverage_markdown
from chargebee_conformance.reports.coverage_render import render_terminal as coverage_terminal
from chargebee_conformance.reports.diff import diff_results, has_regressions, render_markdown, render_terminal
from chargebee_conformance.reports.document import ReportError, Results
from chargebee_conformance.reports.html import write_html
from chargebee_conformance.reports.junit import write_junit
from chargebee_conformance.reports.results import build_results, load_results, write_results
from chargebee_conformance.reports.trend import write_trend
from chargebee_conformance.reports.waivers import apply_waivers, load_waivers
from chargebee_conformance.spec.operations import BY_ID, OPERATIONS

RESULTS, JUNIT, HTML = "results.json", "junit.xml", "report.html"
REPRODUCERS = "reproducers"  # one shell script per failure card, next to report.html
PROG = "python -m chargebee_conformance.reports"


def render_all(doc: Results, out_dir: Path | str) -> dict[str, Path]:
    """junit.xml, report.html (with its documentation-coverage section) and the reproducers (when a rule broke)
    from a results document, into `out_dir`."""
    out = Path(out_dir)
    coverage = CoverageSection(build_coverage(doc, results="this run"))
    paths = {"junit": write_junit(doc, out / JUNIT), "html": write_html(doc, out / HTML, coverage)}
    if write_reproducers(doc, out / REPRODUCERS):
        paths["reproducers"] = out / REPRODUCERS
    return paths


def build_all(raw_dir: Path | str, out_dir: Path | str, meta: Mapping[str, Any],
              waivers: Path | str | None = None) -> dict[str, Path]:
    """After a run: merge the raw results and write results.json, junit.xml and report.html into `out_dir`.

    `meta` is that of `build_results` (e.g. `"strict": True` for `run --strict`: convention rules found broken
    are reported broken, not questionable). Returns their paths under the keys "results", "junit" and "html".
    Raises ReportError (one-line message) when the raw results cannot be read. When a rule broke, the key
    "reproducers" names the folder of their scripts."""
    doc = build_results(raw_dir, meta)
    if waivers is not None:
        doc = apply_waivers(doc, load_waivers(waivers), date.today())
    paths = {"results": write_results(doc, Path(out_dir) / RESULTS)}
    paths.update(render_all(doc, out_dir))
    return paths


def main_report(results_json: Path | str, out_dir: Path | str | None = None, *, prog: str = PROG) -> int:
    """Re-render junit.xml and report.html from a results.json (default: next to it). Exit code 0, or 2 with
    one line on stderr for a missing or unusable file."""
    try:
        doc = load_results(results_json)
        paths = render_all(doc, Path(results_json).parent if out_dir is None else out_dir)
    except (ReportError, OSError) as error:
        return _fail(error, prog)
    for path in paths.values():
        print(path)
    return 0


def main_diff(old: Path | str, new: Path | str, markdown_path: Path | str | None = None, *,
              prog: str = PROG) -> int:
    """Print what changed from `old` to `new` (and write it as Markdown if asked). Exit code 1 when a rule
    broke, 0 otherwise, 2 with one line on stderr for a missing or unusable file."""
    try:
        diff = diff_results(load_results(old), load_results(new))
        if markdown_path is not None:
            _write(markdown_path, render_markdown(diff))
    except (ReportError, OSError) as error:
        return _fail(error, prog)
    sys.stdout.write(render_terminal(diff))
    return 1 if has_regressions(diff) else 0


def main_trend(folder: Path | str, output: Path | str | None = None, *, prog: str = PROG) -> int:
    """trend.html from every results.json under `folder` (default: into it). Exit code 0 (a skipped file is a
    warning line on stderr, and listed on the page), or 2 with one line on stderr when no file is usable."""
    try:
        path, warnings = write_trend(folder, output)
    except (ReportError, OSError) as error:
        return _fail(error, prog)
    for warning in warnings:
        print(f"{prog}: warning: {warning}", file=sys.stderr)
    print(path)
    return 0


def main_coverage(results_json: Path | str | None = None, markdown_path: Path | str | None = None,
                  operations: Sequence[str] = (), *, prog: str = PROG) -> int:
    """Print the documentation coverage of the model (with a results.json: its verdicts and exercised examples
    too), for every operation or the ones named; write it as Markdown if asked. Exit code 0, or 2 with one line on
    stderr for a missing or unusable file or an unknown operation.

    There is no default results file: a stale reports/out/results.json would pass off another run's verdicts as
    this model's, so verdicts come only from a file named on the command line."""
    unknown = [op_id for op_id in operations if op_id not in BY_ID]
    if unknown:
        return _fail(ReportError(f"unknown operation(s) {', '.join(unknown)}; known: {', '.join(BY_ID)}"), prog)
    chosen = [op for op in OPERATIONS if op.id in operations] if operations else list(OPERATIONS)
    try:
        doc = load_results(results_json) if results_json is not None else None
        coverage = build_coverage(doc, operations=chosen, results=str(results_json or ""))
        if markdown_path is not None:
            _write(markdown_path, coverage_markdown(coverage))
    except (ReportError, OSError) as error:
        return _fail(error, prog)
    sys.stdout.write(coverage_terminal(coverage))
    return 0


def _write(path: Path | str, text: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")


def _fail(error: ReportError | OSError, prog: str) -> int:
    if isinstance(error, ReportError):
        message = str(error)
    else:  # an output that cannot be written (read-only directory, disk full)
        message = f"cannot write {error.filename or 'the output'}: {error.strerror or error}"
    print(f"{prog}: " + " ".join(message.split()), file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="Render and compare conformance results.")
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="junit.xml and report.html from a results.json")
    render.add_argument("results", metavar="RESULTS.json")
    render.add_argument("--output", metavar="DIR", help="where to write (default: next to RESULTS.json)")
    diff = commands.add_parser("diff", help="changes between two results.json files (exit 1 on regressions)")
    diff.add_argument("old", metavar="OLD.json")
    diff.add_argument("new", metavar="NEW.json")
    diff.add_argument("--markdown", metavar="FILE", help="also write the changes as Markdown (PR comment)")
    trend = commands.add_parser("trend", help="trend.html: broken, held and not exercised per run, from a folder "
                                "of results.json files")
    trend.add_argument("folder", metavar="DIR")
    trend.add_argument("--output", metavar="FILE", help="where to write (default: DIR/trend.html)")
    args = parser.parse_args(argv)
    if args.command == "render":
        return main_report(args.results, args.output)
    if args.command == "trend":
        return main_trend(args.folder, args.output)
    return main_diff(args.old, args.new, args.markdown)
