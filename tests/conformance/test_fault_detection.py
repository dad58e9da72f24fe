"""The suite catches every fault of the sandbox, naming the broken rule, and passes against the clean sandbox.

Each fault gets a live run of the part of the suite about its rule, on a shipped site where the rule applies
(the reduced profile CI runs); the full sweep over every test is `tox -e faults`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.faults import FAULTS
from tests.conformance.fault_plan import plan_for
from tests.conformance.suite_runner import ROOT, run_suite

# Faults whose behaviour the docs do not promise against: the suite reports them, it cannot fail on them.
NOT_A_PROMISE = {
    "rate_limit_without_retry_after": "Retry-After: \"Chargebee may also send a Retry-After header\" (a may)",
}
PLANS = [plan_for(f.name, f.rule) for f in FAULTS if f.name not in NOT_A_PROMISE]


@pytest.mark.parametrize("plan", PLANS, ids=[p.fault for p in PLANS])
def test_the_suite_fails_naming_the_rule_the_fault_breaks(plan: object, tmp_path: Path) -> None:
    assert hasattr(plan, "fault")
    run = run_suite("--mode", "live", "--sandbox-fault", plan.fault, "--profile", str(plan.profile),  # type: ignore[attr-defined]
                    "-k", plan.module, results_dir=tmp_path / "raw")  # type: ignore[attr-defined]
    assert run.code == 1, f"the suite did not fail with fault {plan.fault}:\n{run.output[-2000:]}"  # type: ignore[attr-defined]
    assert plan.rule in run.verdicts("broken"), (  # type: ignore[attr-defined]
        f"fault {plan.fault} made the suite fail, but not on {plan.rule}: broken={sorted(run.verdicts('broken'))}"  # type: ignore[attr-defined]
    )
    assert plan.rule in run.output  # type: ignore[attr-defined]


@pytest.mark.parametrize("profile", sorted((ROOT / "profiles").glob("sandbox-*.toml")), ids=lambda p: p.stem)
def test_the_suite_passes_against_the_clean_sandbox(profile: Path, tmp_path: Path) -> None:
    run = run_suite("--mode", "live", "--profile", str(profile), results_dir=tmp_path / "raw")
    assert run.code == 0, run.output[-4000:]
    assert run.verdicts("held") and not run.verdicts("broken")
