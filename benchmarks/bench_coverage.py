"""What a default live run costs and covers, per shipped site: rules offered, exercised and not exercised (with
the reasons), requests sent (catalog discovery included), and the minutes they take at a real test site's
150 requests a minute.

    python -m benchmarks.bench_coverage [--examples N]

Runs the suite live against the bundled sandbox, one site at a time, without xdist (so the request summary is
the whole run's).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST_SITE_RATE = 150  # requests a minute on a Chargebee test site
TOTAL = re.compile(r"(\d+) requests sent or replayed")


def measure(profile: Path, examples: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        done = subprocess.run(
            [sys.executable, "-m", "chargebee_conformance", "run", "--mode", "live", "--profile", str(profile),
             "--examples", str(examples), "--output", str(out)],
            cwd=ROOT, capture_output=True, text=True, check=False)
        results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    site = results["sites"][0]
    rules = [rule for op in site["operations"] for rule in op["rules"]]
    verdicts = Counter(rule["verdict"] for rule in rules)
    offered = len(rules) - verdicts["skipped"]
    reasons = Counter(rule["reason"] for rule in rules if rule["verdict"] == "not exercised")
    found = TOTAL.search(done.stdout)
    requests = int(found.group(1)) if found else 0
    return {"site": site["name"], "exit": done.returncode, "offered": offered,
            "exercised": offered - verdicts["not exercised"], "not_exercised": dict(reasons),
            "requests": requests, "minutes_at_150": round(requests / TEST_SITE_RATE, 1)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_coverage")
    parser.add_argument("--examples", type=int, default=2)
    args = parser.parse_args(argv)
    for profile in sorted((ROOT / "profiles").glob("sandbox-*.toml")):
        row = measure(profile, args.examples)
        print(f"{row['site']}: exit {row['exit']}, {row['exercised']} of {row['offered']} offered rules exercised, "
              f"{row['requests']} requests ({row['minutes_at_150']} min at {TEST_SITE_RATE}/min)")
        for reason, count in sorted(row["not_exercised"].items()):  # type: ignore[attr-defined]
            print(f"    not exercised ({count}): {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
