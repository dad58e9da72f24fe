"""Runs the conformance suite in a subprocess, the way a user does, and reads back its per-rule results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class SuiteRun:
    code: int
    output: str
    results: list[dict[str, Any]]

    def verdicts(self, verdict: str) -> set[str]:
        return {r["rule"] for r in self.results if r["verdict"] == verdict}


def run_suite(*args: str, results_dir: Path, cassette_dir: Path | None = None, timeout: float = 600,
              env: dict[str, str] | None = None) -> SuiteRun:
    command = [sys.executable, "-m", "pytest", str(ROOT / "conformance"), "-q", "-p", "no:cacheprovider",
               "--cbc-results-dir", str(results_dir), *args]
    if cassette_dir is not None:
        command += ["--cbc-cassette-dir", str(cassette_dir)]
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("CHARGEBEE_", "PYTEST_XDIST"))}
    environ.update({"PYTHONHASHSEED": "0", **(env or {})})
    done = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=timeout, check=False)
    results = []
    for path in sorted(results_dir.glob("results-*.jsonl")):
        results += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return SuiteRun(done.returncode, done.stdout + done.stderr, results)
