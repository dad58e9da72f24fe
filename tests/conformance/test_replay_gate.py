"""The README's main command: the offline gate replays the shipped cassettes and every judged rule holds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conformance.suite_runner import ROOT


def test_the_shipped_cassettes_replay_offline_and_every_rule_holds(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "conformance.cli", "run", "--output", str(tmp_path), "-n", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["summary"]["broken"] == 0
    assert results["summary"]["held"] > 100
    for name in ("junit.xml", "report.html"):
        assert (tmp_path / name).stat().st_size > 0
