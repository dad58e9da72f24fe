"""-n 4 against one server keeps one rate limit and one budget for the whole run, not one per worker."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conformance.suite_runner import ROOT, run_suite

pytestmark = pytest.mark.suite_run

PROFILE = ROOT / "profiles" / "sandbox-pc1-metered.toml"
PER_MINUTE = 30  # the sandbox answers 429 beyond this; the suite is told the same limit
BUDGET = 45


@pytest.fixture
def sandbox_with_a_rate_limit() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "chargebee_conformance.sandbox", "--port", "0", "--db", ":memory:", "--profile",
         str(PROFILE), "--rate-limit", str(PER_MINUTE)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        seen = []
        for _ in range(20):  # the line naming the URL (a warning may come first on a busy machine)
            seen.append(process.stderr.readline())
            found = re.search(r"http://127\.0\.0\.1:\d+", seen[-1])
            if found or not seen[-1]:
                break
        assert found, f"the sandbox did not say where it listens: {seen}"
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(timeout=15)
        process.stderr.close()


def test_four_workers_keep_the_servers_rate_limit_and_one_budget(sandbox_with_a_rate_limit: str,
                                                                 tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    started = time.perf_counter()
    run = run_suite("--cbc-mode", "live", "--cbc-profile", str(PROFILE), "-n", "4", "--cbc-rate-limit", str(PER_MINUTE),
                    "--cbc-budget", str(BUDGET), "-k", "test_v1_charge", results_dir=raw,
                    env={"CHARGEBEE_BASE_URL": sandbox_with_a_rate_limit, "CHARGEBEE_API_KEY": "test_cbc_sandbox_key"})
    elapsed = time.perf_counter() - started
    state = json.loads((raw / "pacing.json").read_text(encoding="utf-8"))
    assert sum(state["spent"].values()) <= BUDGET, state["spent"]
    assert state["throttled"] == 0, "the server answered 429: the workers together exceeded its limit"
    assert elapsed >= 55, f"{sum(state['spent'].values())} requests in {elapsed:.0f} s at {PER_MINUTE}/min"
    assert "budget" in run.output, run.output[-2000:]
