"""The riskiest design, proven end to end (docs/decisions.md C24): record one operation live against the sandbox,
replay it offline with the network blocked and the clock frozen, also under xdist, with the same verdicts; and
no cassette holds the key."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from tests.conformance.suite_runner import ROOT, run_suite

pytestmark = pytest.mark.suite_run

PROFILE = str(ROOT / "profiles" / "sandbox-pc1-metered.toml")
KEY = "test_cbc_sandbox_key"
SELECT = ["-k", "test_v2_charge", "--cbc-profile", PROFILE]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("e2e")
    run = run_suite("--cbc-mode", "record", *SELECT, results_dir=root / "raw-record", cassette_dir=root / "cassettes")
    assert run.code == 0, run.output
    verdicts = {r["rule"]: r["verdict"] for r in run.results}
    assert verdicts, "recording judged no rule"
    return root, verdicts


def test_replay_gives_the_recorded_verdicts_without_a_server(recorded: tuple[Path, dict[str, str]]) -> None:
    root, verdicts = recorded
    run = run_suite("--cbc-mode", "replay", *SELECT, results_dir=root / "raw-replay", cassette_dir=root / "cassettes")
    assert run.code == 0, run.output
    assert {r["rule"]: r["verdict"] for r in run.results} == verdicts


def test_replay_under_xdist_gives_the_same_verdicts(recorded: tuple[Path, dict[str, str]]) -> None:
    root, verdicts = recorded
    run = run_suite("--cbc-mode", "replay", "-n", "2", *SELECT, results_dir=root / "raw-xdist",
                    cassette_dir=root / "cassettes")
    assert run.code == 0, run.output
    assert {r["rule"]: r["verdict"] for r in run.results} == verdicts


def test_no_cassette_or_corpus_holds_the_key(recorded: tuple[Path, dict[str, str]]) -> None:
    root, _ = recorded
    files = list((root / "cassettes").rglob("*.*"))
    assert files
    basic = base64.b64encode(f"{KEY}:".encode()).decode()
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert KEY not in text and basic not in text, path


def test_a_request_missing_from_the_cassette_names_cassette_request_and_closest(
    recorded: tuple[Path, dict[str, str]],
) -> None:
    root, _ = recorded
    corpus = next((root / "cassettes").rglob("test_valid_requests*.cases.json"))
    text = corpus.read_text(encoding="utf-8")
    data = json.loads(text)
    first = data["properties"]["valid"][0]
    first["form"] = [[k, "edited " + v if k == "description" else v] for k, v in first["form"]]
    corpus.write_text(json.dumps(data), encoding="utf-8")
    try:
        run = run_suite("--cbc-mode", "replay", *SELECT, results_dir=root / "raw-miss", cassette_dir=root / "cassettes")
    finally:
        corpus.write_text(text, encoding="utf-8")
    assert run.code != 0
    assert "has no interaction for POST" in run.output and "closest recorded" in run.output, run.output[-3000:]


def test_replay_does_not_depend_on_generation(recorded: tuple[Path, dict[str, str]]) -> None:
    """Replay runs the recorded cases, not Hypothesis: another seed and more examples change nothing."""
    root, verdicts = recorded
    run = run_suite("--cbc-mode", "replay", "--cbc-seed", "987654", "--cbc-examples", "9", *SELECT,
                    results_dir=root / "raw-seed", cassette_dir=root / "cassettes")
    assert run.code == 0, run.output
    assert {r["rule"]: r["verdict"] for r in run.results} == verdicts


def _normalised_cases(folder: Path) -> dict[str, str]:
    """The recorded cases without what must differ between recordings: the run id, the ids the server gave,
    and timestamps (the recording clock)."""
    cases = {}
    for path in sorted(folder.rglob("*.cases.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = json.dumps(data["properties"]).replace(data["run_id"], "RUN")
        text = re.sub(r"draft_inv_\d+|inv_\d+", "INVOICE", text)
        cases[path.name] = re.sub(r'"1\d{9}"', '"TIME"', text)
    return cases


def test_two_recordings_with_one_seed_send_the_same_cases(tmp_path: Path) -> None:
    """Record mode is reproducible from the seed, the state machine included."""
    pc2 = str(ROOT / "profiles" / "sandbox-pc2-metered.toml")
    for name in ("first", "second"):
        run = run_suite("--cbc-mode", "record", "--cbc-seed", "7", "--cbc-profile", pc2, "-k",
                        "stateful or add_charge_item", results_dir=tmp_path / name / "raw",
                        cassette_dir=tmp_path / name / "cassettes")
        assert run.code == 0, run.output[-2000:]
    first, second = (_normalised_cases(tmp_path / n / "cassettes") for n in ("first", "second"))
    assert first and first == second
