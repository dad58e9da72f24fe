"""The suite catches every fault of the sandbox, naming the broken rule, and passes against the clean sandbox.

Each fault gets a live run of the part of the suite about its rule, on a shipped site where the rule applies
(the reduced profile CI runs); the full sweep over every test is `tox -e faults`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chargebee_conformance.sandbox.faults import FAULTS
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.suite.harness import RULES
from tests.conformance.fault_plan import Plan, plan_for
from tests.conformance.suite_runner import ROOT, run_suite

pytestmark = pytest.mark.suite_run

# Faults whose behaviour the docs do not promise against: the suite reports them, it cannot fail on them.
NOT_A_PROMISE = {
    "rate_limit_without_retry_after": "Retry-After: \"Chargebee may also send a Retry-After header\" (a may)",
}
PLANS = [plan_for(f.name, f.rule) for f in FAULTS if f.name not in NOT_A_PROMISE]


@pytest.mark.parametrize("plan", PLANS, ids=[p.fault for p in PLANS])
def test_the_suite_fails_naming_the_rule_the_fault_breaks(plan: Plan, tmp_path: Path) -> None:
    """A fault on a `convention` rule fails only a strict run (--strict-conventions); see the test below."""
    strict = ["--cbc-strict-conventions"] if RULES[plan.rule].binding is Binding.CONVENTION else []
    run = run_suite("--cbc-mode", "live", "--cbc-sandbox-fault", plan.fault, "--cbc-profile", str(plan.profile),
                    "-k", plan.module, *strict, results_dir=tmp_path / "raw")
    assert run.code == 1, f"the suite did not fail with fault {plan.fault}:\n{run.output[-2000:]}"
    assert plan.rule in run.verdicts("broken"), (
        f"fault {plan.fault} made the suite fail, but not on {plan.rule}: broken={sorted(run.verdicts('broken'))}"
    )
    assert plan.rule in run.output


CONVENTION_PLANS = [p for p in PLANS if RULES[p.rule].binding is Binding.CONVENTION]


@pytest.mark.parametrize("plan", CONVENTION_PLANS, ids=[p.fault for p in CONVENTION_PLANS])
def test_a_broken_convention_rule_is_reported_but_does_not_fail_a_run_that_is_not_strict(
        plan: Plan, tmp_path: Path) -> None:
    run = run_suite("--cbc-mode", "live", "--cbc-sandbox-fault", plan.fault, "--cbc-profile", str(plan.profile),
                    "-k", plan.module, results_dir=tmp_path / "raw")
    assert run.code == 0, run.output[-2000:]
    assert plan.rule in run.verdicts("broken")  # the reports show it as questionable


@pytest.mark.parametrize("profile", sorted((ROOT / "profiles").glob("sandbox-*.toml")), ids=lambda p: p.stem)
def test_the_suite_passes_against_the_clean_sandbox(profile: Path, tmp_path: Path) -> None:
    run = run_suite("--cbc-mode", "live", "--cbc-profile", str(profile), results_dir=tmp_path / "raw")
    assert run.code == 0, run.output[-4000:]
    assert run.verdicts("held") and not run.verdicts("broken")
