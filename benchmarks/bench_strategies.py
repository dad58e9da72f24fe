"""Generation speed of strategies/: cases per second per operation, valid and invalid.

    python -m benchmarks.bench_strategies [--examples N] [--runs R]

Each measurement drives a strategy through a Hypothesis `@given` function for a fixed number of examples (the
way the suite consumes it, generation phase only) and divides the examples run by the elapsed
`time.perf_counter`; the table shows the median of several runs. Target: >= 500 cases/s per operation.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.strategies import SearchStrategy

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Operation
from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.spec.profile import SiteProfile, load_profile
from chargebee_conformance.spec.world import Fixtures, World
from chargebee_conformance.strategies import Unsupported, invalid_cases, valid_cases

PROFILE_DIR = Path(__file__).resolve().parents[1] / "profiles"
NOW = datetime(2025, 3, 31, 10, 0, tzinfo=UTC)
TARGET = 500.0


def world(profile: SiteProfile) -> World:
    fixtures = Fixtures(customer_id="cbc-bench-customer", subscription_id="cbc-bench-subscription",
                        pending_invoice_id="cbc-bench-pending", closed_invoice_id="cbc-bench-closed")
    return World(profile, fixtures, NOW)


def rate(strategy: SearchStrategy[Case], examples: int) -> float:
    """Cases per second drawing `examples` cases through @given (no shrinking, no database)."""
    count = 0

    @settings(max_examples=examples, phases=[Phase.generate], database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def consume(case: Case) -> None:
        nonlocal count
        count += 1

    start = time.perf_counter()
    consume()
    return count / (time.perf_counter() - start)


def median_rate(strategy: SearchStrategy[Case], examples: int, runs: int) -> float:
    return statistics.median(rate(strategy, examples) for _ in range(runs))


def site_for(op: Operation, profiles: list[SiteProfile]) -> SiteProfile | None:
    """The first profile where the operation has valid cases."""
    for profile in profiles:
        try:
            valid_cases(op, world(profile))
        except Unsupported:
            continue
        return profile
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500, help="examples per run (default 500)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is shown")
    args = parser.parse_args(argv)
    profiles = [load_profile(p) for p in sorted(PROFILE_DIR.glob("sandbox-*.toml"))]
    print(f"{'operation':<20} {'site':<22} {'valid/s':>9} {'invalid/s':>10}")
    slow = 0
    for op in OPERATIONS:
        profile = site_for(op, profiles)
        if profile is None:
            continue
        w = world(profile)
        valid = median_rate(valid_cases(op, w), args.examples, args.runs)
        invalid = median_rate(invalid_cases(op, w), args.examples, args.runs)
        slow += min(valid, invalid) < TARGET
        print(f"{op.id:<20} {profile.name:<22} {valid:>9.0f} {invalid:>10.0f}")
    print(f"median of {args.runs} runs x {args.examples} examples; target >= {TARGET:.0f} cases/s"
          + (f"; {slow} operation(s) below target" if slow else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
