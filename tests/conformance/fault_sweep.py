"""The full fault sweep: the whole suite, live, on every shipped site, once per sandbox fault.

    python -m tests.conformance.fault_sweep [--markdown FILE] [--workers N]

Prints, per fault, the rule it breaks, whether the suite failed, whether that rule was reported broken, the
other rules reported broken, and the requests spent. `tox -e faults` runs it; the README's fault table comes
from `--markdown`. (CI runs the reduced sweep in tests/conformance/test_fault_detection.py.)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from chargebee_conformance.sandbox.faults import FAULTS, Fault
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.suite.harness import RULES
from tests.conformance.suite_runner import run_suite

NOT_A_PROMISE = {"rate_limit_without_retry_after": "Retry-After is a \"may\" in the docs: reported, never failed"}


@dataclass
class Row:
    fault: Fault
    failed: bool
    named: bool
    others: list[str]
    requests: int
    seconds: float


def sweep_one(fault: Fault) -> Row:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        run = run_suite("--cbc-mode", "live", "--cbc-sandbox-fault", fault.name, results_dir=Path(tmp) / "raw")
        broken = run.verdicts("broken")
        return Row(fault, run.code == 1, fault.rule in broken, sorted(broken - {fault.rule}),
                   sum(r["requests"] for r in run.results), time.perf_counter() - started)


def markdown(rows: Sequence[Row]) -> str:
    lines = ["| fault | rule it breaks | suite fails | rule reported broken | also reported |",
             "| --- | --- | --- | --- | --- |"]
    for row in rows:
        note = NOT_A_PROMISE.get(row.fault.name)
        also = ", ".join(f"`{r}`" for r in row.others[:3]) + (" …" if len(row.others) > 3 else "")
        convention = RULES[row.fault.rule].binding is Binding.CONVENTION
        fails = "yes" if row.failed else ("questionable (fails with --strict)" if convention and row.named else "no")
        lines.append(f"| `{row.fault.name}` | `{row.fault.rule}` | {fails} | "
                     f"{'yes' if row.named else ('no: ' + note if note else 'no')} | {also} |")
    judged = [r for r in rows if r.fault.name not in NOT_A_PROMISE]
    lines.append(f"\n{sum(r.named for r in judged)} of {len(judged)} faults reported on the rule they break; "
                 f"{_break_no_promise(len(rows) - len(judged))}.")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.conformance.fault_sweep")
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with ThreadPoolExecutor(args.workers) as pool:
        rows = list(pool.map(sweep_one, FAULTS))
    for row in rows:
        print(f"{row.fault.name:<42} {'FAILS' if row.failed else 'passes':<7} "
              f"{'named' if row.named else 'NOT NAMED':<10} {row.requests:>5} req {row.seconds:5.1f}s "
              f"{row.fault.rule}")
    if args.markdown:
        args.markdown.write_text(markdown(rows), encoding="utf-8")
    judged = [r for r in rows if r.fault.name not in NOT_A_PROMISE]
    missed = [r.fault.name for r in judged if not r.named]
    print(f"{len(judged) - len(missed)} of {len(judged)} faults caught on their rule "
          f"({_break_no_promise(len(rows) - len(judged))})"
          + (f"; missed: {', '.join(missed)}" if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())


def _break_no_promise(count: int) -> str:
    return f"{count} {'breaks' if count == 1 else 'break'} no documented promise"
