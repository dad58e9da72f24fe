"""The suite does not fail a server that keeps every documented promise but makes other choices where the docs are
silent: live runs against the sandbox with its quirks (sandbox/quirks.py) must pass, and faults must still be
caught when quirks are on.

A failure here is a false alarm of the suite (or a quirk that breaks a promise). Quirks whose runs fail today
were reported as false alarms; they are listed in KNOWN_FALSE_ALARMS and expected to fail until the suite is
fixed (xfail, not strict: the fix turns them green without touching this file).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chargebee_conformance.sandbox.quirks import ALL, COMBINABLE, QUIRKS
from tests.conformance.fault_plan import Plan, plan_for
from tests.conformance.suite_runner import ROOT, SuiteRun, run_suite

pytestmark = pytest.mark.suite_run

PROFILES = sorted((ROOT / "profiles").glob("sandbox-*.toml"))
PC2 = ROOT / "profiles" / "sandbox-pc2-metered.toml"

# quirk -> why the suite fails against it although the docs leave the point open. Empty: the false alarms the
# quirks found (padded integers, no pending first invoice on PC1, v2 add_charge on PC1, an orphaned charge
# description) are fixed in the suite and the model; add an entry only with a reported reason.
KNOWN_FALSE_ALARMS: dict[str, str] = {}
TOLERATED = sorted(COMBINABLE - set(KNOWN_FALSE_ALARMS))
# Faults caught under every quirk at once: (fault, profile to run it on; None: the fault plan's own).
# add_charge faults run on PC2: with pc1_first_invoice_closed a PC1 site has no pending invoice to add to.
FAULTS_UNDER_QUIRKS = {
    "po_number_dropped": None, "backdating_unchecked": None, "wrong_error_param": None,
    "unknown_customer_400": None, "idempotency_ignored": None, "replay_header_missing": None,
    "sub_total_not_sum": PC2, "add_charge_to_closed_invoice": PC2,
}


def _quirk_args(names: list[str]) -> list[str]:
    return [arg for name in names for arg in ("--cbc-sandbox-quirk", name)]


def _passes(run: SuiteRun) -> None:
    """Exit 0 and nothing broken; a `convention` rule a quirk does not keep is questionable, not broken (A1)."""
    assert run.code == 0, run.output[-4000:]
    broken = {r["rule"] for r in run.results if r["verdict"] == "broken" and r.get("binding") != "convention"}
    assert run.verdicts("held") and not broken, sorted(broken)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_the_suite_passes_with_every_tolerated_quirk_at_once(profile: Path, tmp_path: Path) -> None:
    _passes(run_suite("--cbc-mode", "live", *_quirk_args(TOLERATED), "--cbc-profile", str(profile),
                      results_dir=tmp_path / "raw"))


@pytest.mark.xfail(bool(KNOWN_FALSE_ALARMS), strict=False,
                   reason="false alarms reported for: " + ", ".join(sorted(KNOWN_FALSE_ALARMS)))
@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_the_suite_passes_with_all_quirks(profile: Path, tmp_path: Path) -> None:
    _passes(run_suite("--cbc-mode", "live", "--cbc-sandbox-quirk", ALL, "--cbc-profile", str(profile),
                      results_dir=tmp_path / "raw"))


def _quirk_param(name: str) -> object:
    reason = KNOWN_FALSE_ALARMS.get(name)
    marks = [pytest.mark.xfail(strict=False, reason=f"false alarm reported: {reason}")] if reason else []
    return pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("quirk", [_quirk_param(q.name) for q in QUIRKS])
def test_the_suite_passes_with_each_quirk_alone(quirk: str, tmp_path: Path) -> None:
    """Every shipped profile in one run (the suite's default), so a failure names the quirk to look at."""
    _passes(run_suite("--cbc-mode", "live", "--cbc-sandbox-quirk", quirk, results_dir=tmp_path / "raw"))


@pytest.mark.parametrize("fault", sorted(FAULTS_UNDER_QUIRKS))
def test_faults_are_still_caught_with_all_quirks(fault: str, tmp_path: Path) -> None:
    from chargebee_conformance.sandbox.faults import BY_NAME

    plan: Plan = plan_for(fault, BY_NAME[fault].rule)
    profile = FAULTS_UNDER_QUIRKS[fault] or plan.profile
    run = run_suite("--cbc-mode", "live", "--cbc-sandbox-fault", fault, "--cbc-sandbox-quirk", ALL,
                    "--cbc-profile", str(profile), "-k", plan.module, results_dir=tmp_path / "raw")
    assert run.code == 1, f"the suite did not fail with fault {fault} under all quirks:\n{run.output[-2000:]}"
    assert plan.rule in run.verdicts("broken"), (
        f"fault {fault} under all quirks: {plan.rule} not broken; broken={sorted(run.verdicts('broken'))}")
