"""The command line: one clear line for each mistake, documented exit codes, waivers that really waive."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conformance.suite_runner import ROOT

PROFILE = str(ROOT / "profiles" / "sandbox-pc1-metered.toml")


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chargebee_conformance", *args], cwd=ROOT, capture_output=True,
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
    (("coverage", "nope.json"), {}, "results file nope.json: not found"),
    (("coverage", "--operation", "v3.charge"), {}, "unknown operation(s) v3.charge"),
])
def test_a_mistake_is_one_line_and_exit_code_2(args: tuple[str, ...], env: dict[str, str], message: str) -> None:
    done = cli(*args, env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_coverage_shows_the_model_alone_without_a_results_file() -> None:
    done = cli("coverage", "--operation", "v1.charge")
    assert done.returncode == 0, done.stderr
    assert "v1.charge: Create invoice for a one-time charge (v1)" in done.stdout
    assert "Content-Type (header): Every request is form-encoded" in done.stdout
    assert "pass a run's results.json" in done.stdout


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


def _cassettes_copy(tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "cassettes"
    shutil.copytree(ROOT / "cassettes", copy)
    return copy


VALID_TEST = ("sandbox/sandbox-pc1-metered/test_v2_charge/"
              "test_valid_requests_create_an_invoice_that_keeps_the_documented_promises")


def test_a_corrupt_cassette_is_exit_2_with_one_line_naming_the_file_and_the_command(tmp_path: Path) -> None:
    cassettes = _cassettes_copy(tmp_path)
    (cassettes / f"{VALID_TEST}.yaml").write_text("interactions:\n- request: [unclosed\n", encoding="utf-8")
    done = cli("run", "--output", str(tmp_path / "out"), "--", "--cbc-cassette-dir", str(cassettes))
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"{VALID_TEST}.yaml" in lines[0]
    assert "chargebee-conformance run --mode record" in lines[0]
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert [e["kind"] for e in results["errors"]] == ["config"]
    assert 'errors="1"' in (tmp_path / "out" / "junit.xml").read_text(encoding="utf-8")


def test_a_cassette_miss_fails_the_run_as_an_error_in_every_report_and_never_shows_the_key(tmp_path: Path) -> None:
    cassettes = _cassettes_copy(tmp_path)
    corpus = cassettes / f"{VALID_TEST}.cases.json"
    data = json.loads(corpus.read_text(encoding="utf-8"))
    case = data["properties"]["cover"][0]
    case["form"] = [[k, "edited " + v if k == "description" else v] for k, v in case["form"]]
    corpus.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    done = cli("run", "--output", str(out), "--", "--cbc-cassette-dir", str(cassettes))
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [e["kind"] for e in results["errors"]] == ["miss"]
    assert 'errors="1"' in (out / "junit.xml").read_text(encoding="utf-8")
    key = "test_cbc_sandbox_key"  # the sandbox profile's key, planted in every request the run sent
    basic = base64.b64encode(f"{key}:".encode()).decode()
    texts = [done.stdout, done.stderr] + [p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()]
    assert not [t for t in texts if key in t or basic in t]


def test_a_run_that_judged_nothing_has_its_own_exit_code_and_says_why(tmp_path: Path) -> None:
    done = cli("run", "--output", str(tmp_path), "--", "-k", "no_such_test")
    assert done.returncode == 4, done.stdout[-2000:] + done.stderr
    assert "judged nothing" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_version_and_init(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "chargebee_conformance", "--version"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("chargebee-conformance ")
    made = subprocess.run([sys.executable, "-m", "chargebee_conformance", "init"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    for name in ("chargebee-conformance/profile.toml", "chargebee-conformance/waivers.toml",
                 ".github/workflows/chargebee-conformance.yml"):
        assert (tmp_path / name).stat().st_size > 0
    again = subprocess.run([sys.executable, "-m", "chargebee_conformance", "init"], cwd=tmp_path,
                           capture_output=True, text=True, check=False)
    assert again.returncode == 2 and "not overwritten" in again.stderr
