"""`chargebee-conformance`: run the suite, validate profiles, start the sandbox.

Exit codes of `run` (docs/decisions.md D26): 0 every judged rule held (or was waived, or is only questionable),
1 broken rules (or a request missing from a cassette), 2 usage or configuration error (a corrupt recording
included), 3 target unreachable, 4 nothing was judged (every rule skipped or not exercised).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chargebee_conformance import __version__
from chargebee_conformance.reports.document import ReportError
from chargebee_conformance.reports.results import site_meta
from chargebee_conformance.spec import DOCS_SNAPSHOT, MODEL_VERSION
from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.suite.config import (
    DEFAULT_OUTPUT,
    SUITE_DIR,
    TargetKind,
    environment,
    load_profiles,
    profile_paths,
    resolve_target,
)
from chargebee_conformance.suite.errors import UNREACHABLE_EXIT, ConfigError

SUITE = SUITE_DIR
PROG = "chargebee-conformance"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chargebee-conformance", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the conformance suite (default: offline replay of the cassettes)")
    run.add_argument("--mode", choices=["replay", "record", "live"], default="replay")
    run.add_argument("--profile", action="append", default=[], metavar="FILE", help="site profile, repeatable")
    run.add_argument("--operation", action="append", default=[], metavar="ID",
                     help="only these operations (e.g. v2.charge), repeatable")
    run.add_argument("--budget", type=int, help="cap on requests for the whole run")
    run.add_argument("--examples", type=int, default=2, help="examples per property (record/live)")
    run.add_argument("--seed", type=int)
    run.add_argument("--rate-limit", type=int, help="requests per minute (default 150 against a real site)")
    run.add_argument("--timeout", type=float, help="seconds per request before it fails (default 30)")
    run.add_argument("--allow-production", action="store_true")
    run.add_argument("--output", default=str(DEFAULT_OUTPUT), help="where reports are written (default: "
                     f"{DEFAULT_OUTPUT} under the working directory)")
    run.add_argument("-n", "--workers", default="0", help="parallel workers (pytest-xdist), e.g. auto")
    run.add_argument("--sandbox-fault", action="append", default=[], metavar="NAME",
                     help="switch on a fault of the bundled sandbox (a broken promise), repeatable")
    run.add_argument("--sandbox-quirk", action="append", default=[], metavar="NAME",
                     help="switch on a quirk of the bundled sandbox (another choice where the docs are silent), "
                     "repeatable")
    run.add_argument("--waivers", metavar="FILE", help="baseline of known deviations: listed broken rules are "
                     "reported as waived and do not fail the run")
    run.add_argument("--strict", action="store_true", help="fail the run on broken `convention` rules too "
                     "(requests no sentence of the docs calls wrong; by default reported as questionable)")
    run.add_argument("--summary", metavar="FILE", help="append a Markdown summary to FILE (e.g. "
                     "$GITHUB_STEP_SUMMARY)")
    run.add_argument("pytest_args", nargs="*", metavar="-- PYTEST_ARGS",
                     help="arguments after -- go to pytest as they are (e.g. -- -k v2_charge)")

    init = commands.add_parser("init", help="write a starter profile, a waivers file and a CI workflow here")
    init.add_argument("--force", action="store_true", help="overwrite files that exist")

    profiles = commands.add_parser("profiles", help="validate site profiles and print what would run")
    profiles.add_argument("files", nargs="*", metavar="FILE")

    cleanup = commands.add_parser("cleanup", help="delete the customers live runs created on the target "
                                  "(and with them their subscriptions and invoices)")
    cleanup.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    cleanup.add_argument("--allow-production", action="store_true")
    cleanup.add_argument("--api-version", type=int, choices=[1, 2], default=2)

    report = commands.add_parser("report", help="re-render junit.xml and report.html from a results.json")
    report.add_argument("results", metavar="RESULTS.json")
    report.add_argument("--output", help="folder for the reports (default: next to RESULTS.json)")

    diff = commands.add_parser("diff", help="what changed between two runs; exit 1 when a rule broke")
    diff.add_argument("old", metavar="OLD.json")
    diff.add_argument("new", metavar="NEW.json")
    diff.add_argument("--markdown", metavar="FILE", help="also write the diff as Markdown (a PR comment)")

    trend = commands.add_parser("trend", help="trend.html: broken, held and not exercised rules per run, from a "
                                "folder of results.json files (e.g. the weekly live job's)")
    trend.add_argument("folder", metavar="DIR", help="searched recursively for results.json")
    trend.add_argument("--output", metavar="FILE", help="where to write (default: DIR/trend.html)")

    coverage = commands.add_parser("coverage", help="documentation coverage: documented parameters -> rules -> "
                                   "verdicts (with RESULTS.json); what the model leaves out, and why")
    coverage.add_argument("results", nargs="?", metavar="RESULTS.json", help="a run's results.json: adds the "
                          "verdicts and exercised examples per site (no default: without it, the model alone)")
    coverage.add_argument("--markdown", metavar="FILE", help="also write the coverage as Markdown")
    coverage.add_argument("--operation", action="append", default=[], metavar="ID",
                          help="only this operation (e.g. v2.charge), repeatable")

    compare = commands.add_parser(
        "compare", help="the same cases against two targets; exit 1 where their answers differ",
        description="Targets: sandbox, sandbox:fault=NAME,quirk=NAME, cassettes[:DIR], site:NAME[,key-env=VAR], "
        "url:BASE[,key-env=VAR], live (from the environment), run:DIR (a finished run's --output folder).")
    compare.add_argument("a", metavar="TARGET_A")
    compare.add_argument("b", metavar="TARGET_B")
    compare.add_argument("--profile", action="append", default=[], metavar="FILE", help="site profile, repeatable")
    compare.add_argument("--operation", action="append", default=[], metavar="ID")
    compare.add_argument("--examples", type=int, help="examples per property (both sides)")
    compare.add_argument("--seed", type=int, help="one seed for both sides (default: derived per test, the same)")
    compare.add_argument("--budget", type=int, help="cap on requests per side")
    compare.add_argument("--rate-limit", type=int, help="requests per minute per side")
    compare.add_argument("--allow-production", action="store_true")
    compare.add_argument("-n", "--workers", help="parallel workers per side (pytest-xdist)")
    compare.add_argument("--output", default=str(Path("reports") / "compare"),
                         help="folder for a/, b/ (each side's run) and compare.{json,md,html}, compare-junit.xml")
    compare.add_argument("--waivers", metavar="FILE", help="known divergences: a waiver's rule is the divergent rule")
    compare.add_argument("--summary", metavar="FILE", help="append the Markdown comparison to FILE")

    sandbox = commands.add_parser("sandbox", help="start the reference sandbox (same options as python -m "
                                  "chargebee_conformance.sandbox)")
    sandbox.add_argument("rest", nargs=argparse.REMAINDER)

    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["sandbox"]:  # everything after it is the sandbox's own (argparse would claim its options)
        return _sandbox(given[1:])
    args = parser.parse_args(given)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "profiles":
            return _profiles(args.files)
        if args.command == "init":
            return _init(args.force)
        if args.command == "cleanup":
            return _cleanup(args)
        if args.command == "report":
            from chargebee_conformance.reports.cli import main_report

            return main_report(args.results, args.output, prog=PROG)
        if args.command == "diff":
            from chargebee_conformance.reports.cli import main_diff

            return main_diff(args.old, args.new, args.markdown, prog=PROG)
        if args.command == "trend":
            from chargebee_conformance.reports.cli import main_trend

            return main_trend(args.folder, args.output, prog=PROG)
        if args.command == "coverage":
            from chargebee_conformance.reports.cli import main_coverage

            return main_coverage(args.results, args.markdown, args.operation, prog=PROG)
        if args.command == "compare":
            return _compare(args)
        return _sandbox(args.rest)
    except ConfigError as error:
        print(f"chargebee-conformance: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    import pytest

    target = resolve_target(environment(), allow_production=args.allow_production)  # fail fast, one line
    profiles = load_profiles(profile_paths(args.profile, environment(), target))
    if args.waivers:
        _check_waivers(args.waivers)
    unknown = set(args.operation) - {op.id for op in OPERATIONS}
    if unknown:
        raise ConfigError(f"unknown operation(s) {', '.join(sorted(unknown))}; known: "
                          f"{', '.join(op.id for op in OPERATIONS)}")
    output = Path(args.output)
    suite = [str(SUITE / f"test_{op.replace('.', '_')}.py") for op in args.operation] or [str(SUITE)]
    verbosity = "-q" if args.mode == "replay" else "-v"  # live runs are slow: show each test as it ends
    # The plugin's pytest options are namespaced (--cbc-...): other plugins own --timeout and the like.
    pytest_args = [*suite, "-p", "no:cacheprovider", verbosity, "--cbc-mode", args.mode, "--cbc-examples",
                   str(args.examples), "--cbc-results-dir", str(output / "raw"),
                   "--junitxml", str(output / "pytest-junit.xml")]
    for profile in profiles:
        pytest_args += ["--cbc-profile", profile.path]
    for fault in args.sandbox_fault:
        pytest_args += ["--cbc-sandbox-fault", fault]
    for quirk in args.sandbox_quirk:
        pytest_args += ["--cbc-sandbox-quirk", quirk]
    for flag, value in (("--cbc-budget", args.budget), ("--cbc-seed", args.seed),
                        ("--cbc-rate-limit", args.rate_limit), ("--cbc-timeout", args.timeout)):
        if value is not None:
            pytest_args += [flag, str(value)]
    if args.allow_production:
        pytest_args.append("--cbc-allow-production")
    if args.strict:
        pytest_args.append("--cbc-strict-conventions")
    if args.workers not in ("0", ""):
        pytest_args += ["-n", args.workers, "--dist", "worksteal"]  # tests take 0.1-30 s: keep every worker busy
    pytest_args += ["--tb=short", *args.pytest_args]  # short tracebacks: frames' locals never reach the output
    os.environ.setdefault("PYTHONHASHSEED", "0")
    started, clock = datetime.now(UTC), time.perf_counter()
    code = int(pytest.main(pytest_args))
    (output / "raw").mkdir(parents=True, exist_ok=True)  # a run that judged nothing still gets its reports
    # A replay answers from recordings, whoever made them: say so rather than naming a target it never reached.
    label = f"recordings of {', '.join(p.name for p in profiles)}" if args.mode == "replay" else target.label
    if args.mode != "replay" and target.kind is TargetKind.SANDBOX:
        label += sandbox_switches(args.sandbox_fault, args.sandbox_quirk)
    meta = {
        "target": label, "mode": args.mode, "seed": args.seed, "started_at": started,
        "duration_seconds": round(time.perf_counter() - clock, 3), "docs_snapshot": DOCS_SNAPSHOT,
        "model_version": MODEL_VERSION, "sites": [site_meta(p, label) for p in profiles],
        "strict": bool(args.strict),
    }
    from chargebee_conformance.reports.cli import build_all

    try:
        paths = build_all(output / "raw", output, meta, args.waivers)
    except ReportError as error:
        print(f"{PROG}: reports not written: {error}", file=sys.stderr)
        return 2
    print("reports: " + ", ".join(str(p) for p in paths.values()))
    doc = json.loads(paths["results"].read_text(encoding="utf-8"))
    if args.summary:
        from chargebee_conformance.reports.summary import render_summary

        with open(args.summary, "a", encoding="utf-8") as out:  # GITHUB_STEP_SUMMARY is appended to
            out.write(render_summary(doc))
    return exit_code(code, doc)


def sandbox_switches(faults: Sequence[str], quirks: Sequence[str]) -> str:
    """What the target line adds for a bundled sandbox with faults or quirks on: a report must never present a
    deliberately broken sandbox as the clean one."""
    parts = [f"{what}: {', '.join(sorted(names))}" for what, names in (("faults", faults), ("quirks", quirks)) if names]
    return f" ({'; '.join(parts)})" if parts else ""


# Exit codes of `run` (README, "Running it"): they cannot say "held" for a run that judged nothing.
HELD_EXIT, BROKEN_EXIT, USAGE_EXIT, UNREACHABLE_RUN_EXIT, NOTHING_JUDGED_EXIT = 0, 1, 2, 3, 4


def exit_code(pytest_code: int, doc: dict[str, Any]) -> int:
    """The run's exit code from pytest's and the results document; one line on stderr when it is not 0 or 1."""
    errors = doc.get("errors") or []
    config = [e for e in errors if e.get("kind") == "config"]
    if pytest_code == UNREACHABLE_EXIT:
        return UNREACHABLE_RUN_EXIT
    if config or pytest_code in (3, 4):
        if config:
            more = f" (and {len(config) - 1} more)" if len(config) > 1 else ""
            print(f"{PROG}: {config[0]['message']}{more}", file=sys.stderr)
        return USAGE_EXIT
    summary = doc["summary"]
    judged = sum(summary.get(v, 0) for v in ("held", "observed", "broken", "waived", "questionable"))
    if not judged and not errors:
        print(f"{PROG}: judged nothing: {summary.get('skipped', 0)} rule(s) skipped, "
              f"{summary.get('not exercised', 0)} not exercised (reports/out/report.html says why)", file=sys.stderr)
        return NOTHING_JUDGED_EXIT
    if summary.get("broken", 0) or errors:  # a cassette miss fails the gate too
        return BROKEN_EXIT
    return HELD_EXIT


def _compare(args: argparse.Namespace) -> int:
    from chargebee_conformance.suite.compare import compare_command

    common: list[str] = []
    for path in args.profile:
        common += ["--profile", path]
    for operation in args.operation:
        common += ["--operation", operation]
    for flag, value in (("--examples", args.examples), ("--seed", args.seed), ("--budget", args.budget),
                        ("--rate-limit", args.rate_limit), ("-n", args.workers)):
        if value is not None:
            common += [flag, str(value)]
    if args.allow_production:
        common.append("--allow-production")
    if args.waivers:
        _check_waivers(args.waivers)
    return compare_command(args.a, args.b, output=Path(args.output), common=common, waivers=args.waivers,
                           summary=args.summary)


def _check_waivers(path: str) -> None:
    from chargebee_conformance.reports.waivers import load_waivers

    try:
        load_waivers(path)
    except ReportError as error:
        raise ConfigError(str(error)) from None


def _init(force: bool) -> int:
    from chargebee_conformance.suite.init import write_starters

    try:
        written = write_starters(Path.cwd(), force=force)
    except FileExistsError as existing:
        print(f"{PROG}: not overwritten (use --force): {existing}", file=sys.stderr)
        return USAGE_EXIT
    for path in written:
        print(f"wrote {path.relative_to(Path.cwd())}")
    print("next: name your test site's ids in chargebee-conformance/profile.toml, check it with "
          "`chargebee-conformance profiles chargebee-conformance/profile.toml`, record with "
          "`CHARGEBEE_SITE=... CHARGEBEE_API_KEY=... chargebee-conformance run --mode record --profile "
          "chargebee-conformance/profile.toml`, and commit cassettes/targets/")
    return HELD_EXIT


def _sandbox(rest: list[str]) -> int:
    try:
        from chargebee_conformance.sandbox.__main__ import main as sandbox_main
    except ImportError as missing:
        print(f"{PROG}: the sandbox needs the [sandbox] extra ({missing.name} is not installed): pip install "
              "'chargebee-conformance[sandbox]'", file=sys.stderr)
        return 2
    return int(sandbox_main(rest) or 0)


def _cleanup(args: argparse.Namespace) -> int:
    from chargebee_conformance.suite.client import ApiClient
    from chargebee_conformance.suite.ledger import created_on, delete_customers, forget
    from chargebee_conformance.suite.pacing import TEST_SITE_REQUESTS_PER_MINUTE, RateLimiter

    target = resolve_target(environment(), allow_production=args.allow_production)
    if not target.base_url:
        raise ConfigError("cleanup needs a target (CHARGEBEE_SITE or CHARGEBEE_BASE_URL): the bundled sandbox "
                          "keeps nothing between runs")
    ids = created_on(target.base_url)
    print(f"{len(ids)} customer(s) created by earlier runs on {target.base_url}")
    if args.dry_run or not ids:
        print("\n".join(ids))
        return 0
    with ApiClient(target.base_url, target.api_key,
                   rate_limiter=RateLimiter(TEST_SITE_REQUESTS_PER_MINUTE)) as client:
        done, failed = delete_customers(client, ids, args.api_version)
    forget(target.base_url, done)
    print(f"deleted {len(done)}" + (f"; could not delete {len(failed)}: {', '.join(failed[:10])}" if failed else ""))
    return 1 if failed else 0


def _profiles(files: Sequence[str]) -> int:
    for profile in load_profiles(files):
        print(f"{profile.name} ({profile.path}): API v{', v'.join(map(str, sorted(profile.api_versions)))}, "
              f"product catalog {profile.product_catalog.value}, settings: "
              f"{', '.join(sorted(s.value for s in profile.settings)) or 'none'}")
        for op in OPERATIONS:
            if op.api_version not in profile.api_versions:
                print(f"  skip {op.id}: API v{op.api_version} not served")
            elif not profile.offers(op.requires):
                print(f"  skip {op.id}: needs {op.requires.describe()}")
            else:
                rules = [r for r in op.rules if profile.offers(r.requires)]
                print(f"  run  {op.id}: {len(rules)} rules")
    return 0



if __name__ == "__main__":
    raise SystemExit(main())
