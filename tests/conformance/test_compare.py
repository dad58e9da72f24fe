"""`chargebee-conformance compare` end to end against the bundled sandbox: silent between two clean runs, and
exactly the divergences a fault or a quirk causes (issue 12)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chargebee_conformance.suite.compare import parse_target, run_environment
from chargebee_conformance.suite.errors import ConfigError
from tests.conformance.suite_runner import ROOT

PROFILE = str(ROOT / "profiles" / "sandbox-pc1-metered.toml")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, "-m", "chargebee_conformance", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def test_targets_parse_with_their_options() -> None:
    spec = parse_target("sandbox:fault=amount_zero_accepted,quirk=keys_shuffled")
    assert (spec.kind, spec.faults, spec.quirks, spec.mode) == ("sandbox", ("amount_zero_accepted",),
                                                                ("keys_shuffled",), "live")
    assert parse_target("cassettes:my/cassettes").mode == "replay"
    assert parse_target("url:https://billing.example.com:8443,key-env=OTHER_KEY").where == \
        "https://billing.example.com:8443"


@pytest.mark.parametrize(("text", "says"), [
    ("mock", "unknown kind 'mock'"), ("sandbox:fault", "is not NAME=VALUE"),
    ("site:", "site needs a value"), ("cassettes:d,fault=x", "does not apply to cassettes"),
])
def test_a_bad_target_is_one_line_naming_it(text: str, says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        parse_target(text)


def test_a_live_side_without_its_key_is_refused_before_anything_runs() -> None:
    with pytest.raises(ConfigError, match=r"\$MY_KEY is not set"):
        run_environment(parse_target("site:acme-test,key-env=MY_KEY"), {})


def test_the_cli_refuses_a_bad_target_with_exit_2(tmp_path: Path) -> None:
    done = cli("compare", "sandbox", "mock", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "unknown kind 'mock'" in done.stderr


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Four runs of one site: two clean, one with a fault, one with a quirk (run once, compared in pairs)."""
    root = tmp_path_factory.mktemp("compare")
    sides = {"clean": [], "clean2": [], "fault": ["--sandbox-fault", "amount_zero_accepted"],
             "quirk": ["--sandbox-quirk", "codes_invalid_request"]}
    for name, extra in sides.items():
        cli("run", "--mode", "live", "--profile", PROFILE, "--output", str(root / name), *extra, cwd=root)
    return {name: root / name for name in sides}


def compared(runs: dict[str, Path], a: str, b: str, out: Path) -> tuple[int, dict[str, Any]]:
    done = cli("compare", f"run:{runs[a]}", f"run:{runs[b]}", "--output", str(out), cwd=out.parent)
    return done.returncode, json.loads((out / "compare.json").read_text(encoding="utf-8"))


@pytest.mark.suite_run
def test_two_runs_of_the_same_sandbox_do_not_diverge(runs: dict[str, Path], tmp_path: Path) -> None:
    code, doc = compared(runs, "clean", "clean2", tmp_path / "out")
    assert code == 0 and doc["summary"]["matched"] > 100
    assert doc["divergences"] == [] and doc["verdicts"] == [] and doc["summary"]["only_a"] == 0


@pytest.mark.suite_run
def test_a_fault_shows_as_exactly_its_divergences(runs: dict[str, Path], tmp_path: Path) -> None:
    """amount_zero_accepted: only the request with amount 0 diverges (accepted instead of refused), and the verdicts
    of its rule and of the nothing-left-behind check that it cascades to."""
    code, doc = compared(runs, "clean", "fault", tmp_path / "out")
    assert code == 1
    assert [(d["subject"], d["aspects"]) for d in doc["divergences"]] == [
        ("v2.charge.amount.minimum", ["status", "api_error_code", "param", "shape"])]
    example = doc["divergences"][0]["examples"][0]
    assert ["amount", "0"] in example["request"]["form"] and (example["a"]["status"], example["b"]["status"]) == (
        400, 200)
    assert {(c["rule"], c["a"], c["b"]) for c in doc["verdicts"]} == {
        ("v2.charge.amount.minimum", "held", "broken"), ("v2.charge.rejection.nothing_created", "held", "broken")}


@pytest.mark.suite_run
def test_a_quirk_shows_as_exactly_its_divergences(runs: dict[str, Path], tmp_path: Path) -> None:
    """codes_invalid_request: every 400 keeps its status and param, only api_error_code becomes invalid_request; no
    verdict changes (a quirk keeps every promise)."""
    code, doc = compared(runs, "clean", "quirk", tmp_path / "out")
    assert code == 1 and doc["divergences"] and doc["verdicts"] == []
    for entry in doc["divergences"]:
        assert entry["aspects"] == ["api_error_code"], entry
        for example in entry["examples"]:
            assert example["b"]["api_error_code"] == "invalid_request" and example["a"]["status"] == 400
    assert (tmp_path / "out" / "compare.html").read_text(encoding="utf-8").count("<section") == len(
        doc["divergences"])
