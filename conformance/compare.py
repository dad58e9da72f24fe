"""`chargebee-conformance compare A B`: the same cases against two targets, judged against each other.

A target is one of:
    sandbox                               the bundled sandbox
    sandbox:fault=NAME,quirk=NAME         ... with faults (broken promises) or quirks (other silent choices) on
    cassettes[:DIR]                       the recordings (shipped, or DIR as --cbc-cassette-dir) replayed
    site:NAME[,key-env=VAR]               a Chargebee test site (key from $CHARGEBEE_API_KEY or $VAR)
    url:BASE[,key-env=VAR]                any Chargebee-compatible base URL
    live                                  the target the environment names (CHARGEBEE_SITE / CHARGEBEE_BASE_URL)
    run:DIR                               a finished run's output folder (nothing is sent)

Both sides run `chargebee-conformance run` with the same profiles and seed, so they draw the same cases (a replay
sends its recorded ones); fixtures are made on each side and their ids mapped to placeholders
(conformance/traffic.py). Then reports/compare.py lines the requests up and lists where the answers differ.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from chargebee_conformance.suite.errors import ConfigError

KINDS = ("sandbox", "cassettes", "site", "url", "live", "run")
EXIT_SAME, EXIT_DIVERGES, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_NOTHING = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class TargetSpec:
    text: str
    kind: str
    where: str = ""  # DIR, site name or base URL
    faults: tuple[str, ...] = ()
    quirks: tuple[str, ...] = ()
    key_env: str = "CHARGEBEE_API_KEY"

    @property
    def mode(self) -> str:
        return "replay" if self.kind == "cassettes" else "live"


def parse_target(text: str) -> TargetSpec:
    """One side of a comparison, e.g. `sandbox:fault=amount_zero_accepted`; a one-line ConfigError otherwise."""
    kind, _, rest = text.partition(":")
    if kind not in KINDS:
        raise ConfigError(f"compare target {text!r}: unknown kind {kind!r}; one of {', '.join(KINDS)} "
                          "(e.g. sandbox, sandbox:quirk=keys_shuffled, cassettes, site:acme-test, run:reports/out)")
    # A URL holds ':' itself, so options always follow the first ','.
    where, _, pairs = ("", "", rest) if kind in ("sandbox", "live") else rest.partition(",")
    faults: list[str] = []
    quirks: list[str] = []
    key_env = "CHARGEBEE_API_KEY"
    for pair in filter(None, pairs.split(",")):
        name, sep, value = pair.partition("=")
        if not sep or not value:
            raise ConfigError(f"compare target {text!r}: {pair!r} is not NAME=VALUE")
        if name == "fault" and kind == "sandbox":
            faults.append(value)
        elif name == "quirk" and kind == "sandbox":
            quirks.append(value)
        elif name == "key-env" and kind in ("site", "url"):
            key_env = value
        else:
            raise ConfigError(f"compare target {text!r}: {name!r} does not apply to {kind} (sandbox takes fault= and "
                              "quirk=, site and url take key-env=)")
    if kind in ("site", "url", "run") and not where:
        raise ConfigError(f"compare target {text!r}: {kind} needs a value, e.g. {kind}:"
                          + {"site": "acme-test", "url": "https://billing.example.com", "run": "reports/out"}[kind])
    return TargetSpec(text, kind, where, tuple(faults), tuple(quirks), key_env)


def run_arguments(spec: TargetSpec, output: Path, common: Sequence[str]) -> list[str]:
    """The `run` command line of one side."""
    args = ["run", "--mode", spec.mode, "--output", str(output), *common]
    for fault in spec.faults:
        args += ["--sandbox-fault", fault]
    for quirk in spec.quirks:
        args += ["--sandbox-quirk", quirk]
    if spec.kind == "cassettes" and spec.where:
        args += ["--", "--cbc-cassette-dir", spec.where]
    return args


def run_environment(spec: TargetSpec, base: Mapping[str, str]) -> dict[str, str]:
    """The side's environment: only its own target (the other side's variables removed)."""
    env = {k: v for k, v in base.items() if k not in ("CHARGEBEE_SITE", "CHARGEBEE_BASE_URL")}
    if spec.kind == "live":
        env.update({k: base[k] for k in ("CHARGEBEE_SITE", "CHARGEBEE_BASE_URL") if base.get(k)})
        if not (base.get("CHARGEBEE_SITE") or base.get("CHARGEBEE_BASE_URL")):
            raise ConfigError(f"compare target {spec.text!r}: set CHARGEBEE_SITE or CHARGEBEE_BASE_URL")
    elif spec.kind in ("site", "url"):
        env["CHARGEBEE_SITE" if spec.kind == "site" else "CHARGEBEE_BASE_URL"] = spec.where
        key = base.get(spec.key_env, "")
        if not key:
            raise ConfigError(f"compare target {spec.text!r}: ${spec.key_env} is not set (the API key)")
        env["CHARGEBEE_API_KEY"] = key
    return env


def run_side(spec: TargetSpec, output: Path, common: Sequence[str], env: Mapping[str, str]) -> int:
    """Run one side in a subprocess (its own pytest session, sandbox and pacing); its output goes to run.log."""
    output.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "chargebee_conformance", *run_arguments(spec, output, common)]
    with (output / "run.log").open("w", encoding="utf-8") as log:
        return subprocess.run(command, env=dict(env), stdout=log, stderr=subprocess.STDOUT, check=False).returncode


def last_line(output: Path) -> str:
    lines = [line for line in (output / "run.log").read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def compare_command(first: str, second: str, *, output: Path, common: Sequence[str], waivers: str | None,
                    summary: str | None, env: Mapping[str, str] | None = None) -> int:
    from chargebee_conformance.reports.compare import compare, side_from_run, unwaived
    from chargebee_conformance.reports.compare_views import render_markdown, render_text, write_all
    from chargebee_conformance.reports.document import ReportError

    specs = [parse_target(first), parse_target(second)]
    env = dict(os.environ if env is None else env)
    envs = [run_environment(spec, env) for spec in specs]  # both checked before either runs
    folders = [Path(s.where) if s.kind == "run" else output / side for s, side in zip(specs, "ab", strict=True)]
    codes = [0, 0]

    def go(index: int) -> None:
        codes[index] = run_side(specs[index], folders[index], common, envs[index])

    runs = [threading.Thread(target=go, args=(i,)) for i, spec in enumerate(specs) if spec.kind != "run"]
    logs = [str(folder / "run.log") for spec, folder in zip(specs, folders, strict=True) if spec.kind != "run"]
    if runs:
        print(f"running {' and '.join(s.text for s in specs if s.kind != 'run')} (logs: {', '.join(logs)})",
              flush=True)
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    for spec, folder, code in zip(specs, folders, codes, strict=True):
        if code in (EXIT_USAGE, EXIT_UNREACHABLE):
            print(f"chargebee-conformance compare: side {spec.text} could not run (exit {code}): {last_line(folder)}",
                  file=sys.stderr)
            return code
    try:
        from chargebee_conformance.reports.waivers import load_waivers

        doc = compare(side_from_run(specs[0].text, folders[0]), side_from_run(specs[1].text, folders[1]),
                      load_waivers(waivers) if waivers else ())
    except ReportError as error:
        print(f"chargebee-conformance compare: {error}", file=sys.stderr)
        return EXIT_USAGE
    written = write_all(doc, output)
    print(render_text(doc), end="")
    print("reports: " + ", ".join(str(p) for p in written.values()))
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(render_markdown(doc))
    if not doc["summary"]["matched"]:
        print("chargebee-conformance compare: no request of one run matched the other's (different profiles, "
              "seeds or operations?)", file=sys.stderr)
        return EXIT_NOTHING
    return EXIT_DIVERGES if unwaived(doc) else EXIT_SAME
