"""The command line: one clear line for each mistake, documented exit codes, waivers that really waive."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conformance.suite_runner import ROOT

PROFILE = str(ROOT / "profiles" / "sandbox-pc1-metered.toml")


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "conformance.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0", **(env or {})})


@pytest.mark.parametrize(("args", "env", "message"), [
    (("run", "--profile", "nope.toml"), {}, "nope.toml: file not found"),
    (("run", "--operation", "v3.charge"), {}, "unknown operation(s) v3.charge"),
    (("run", "--waivers", "nope.toml"), {}, "waivers nope.toml: file not found"),
    (("run",), {"CHARGEBEE_SITE": "acme-test"}, "CHARGEBEE_API_KEY is not set"),
    (("run",), {"CHARGEBEE_SITE": "acme", "CHARGEBEE_API_KEY": "live_x"}, "does not end in -test"),
    (("cleanup",), {}, "cleanup needs a target"),
    (("run", "--mode", "live"), {"CHARGEBEE_BASE_URL": "http://127.0.0.1:9", "CHARGEBEE_API_KEY": "k"},
     "needs a site profile"),
    (("report", "nope.json"), {}, "nope.json"),
])
def test_a_mistake_is_one_line_and_exit_code_2(args: tuple[str, ...], env: dict[str, str], message: str) -> None:
    done = cli(*args, env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_profiles_lists_what_would_run_and_why_not() -> None:
    done = cli("profiles", str(ROOT / "profiles" / "sandbox-pc2-metered.toml"))
    assert done.returncode == 0
    assert "run  v2.add_charge_item" in done.stdout and "skip v1.charge: API v1 not served" in done.stdout


def test_broken_rules_fail_the_run_unless_the_baseline_waives_them(tmp_path: Path) -> None:
    faulty = ("run", "--mode", "live", "--profile", PROFILE, "--operation", "v2.charge",
              "--sandbox-fault", "po_number_dropped")
    assert cli(*faulty, "--output", str(tmp_path / "a")).returncode == 1
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('[[waiver]]\nrule = "v2.charge.response.po_number"\nreason = "ticket 7"\n', encoding="utf-8")
    done = cli(*faulty, "--output", str(tmp_path / "b"), "--waivers", str(waivers))
    assert done.returncode == 0, done.stdout[-2000:]
    assert '"waived": 1' in (tmp_path / "b" / "results.json").read_text(encoding="utf-8").replace("  ", " ")


def test_an_unreachable_target_stops_the_run_with_exit_code_3(tmp_path: Path) -> None:
    done = cli("run", "--mode", "live", "--profile", PROFILE, "--output", str(tmp_path),
               env={"CHARGEBEE_BASE_URL": "http://127.0.0.1:9", "CHARGEBEE_API_KEY": "k"})
    assert done.returncode == 3, done.stdout[-2000:] + done.stderr[-1000:]
    assert "target unreachable" in done.stdout + done.stderr
    assert (tmp_path / "results.json").exists()


@pytest.mark.parametrize("workers", ["0", "2"])
def test_a_catalog_id_of_the_wrong_kind_stops_the_run_with_exit_code_2_and_one_line(
        tmp_path: Path, workers: str) -> None:
    text = Path(PROFILE).read_text(encoding="utf-8")
    wrong = text.replace('non_recurring_addon = ["cbc-setup-fee", "cbc-install-hours", "cbc-training-days"]',
                         'non_recurring_addon = ["cbc-setup-fee", "cbc-extra-seat"]')
    assert wrong != text
    profile = tmp_path / "wrong.toml"
    profile.write_text(wrong, encoding="utf-8")
    done = cli("run", "--mode", "live", "--profile", str(profile), "--output", str(tmp_path / "out"), "-n", workers)
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-1000:]
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].endswith(
        "profile sandbox-pc1-metered: [catalog] non_recurring_addon = 'cbc-extra-seat': the site says it is "
        "charge_type 'recurring'; expected an addon of charge_type non_recurring"), done.stderr
