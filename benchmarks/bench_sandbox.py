"""Throughput and latency of the reference sandbox answering v2 charge requests over loopback.

    python -m benchmarks.bench_sandbox [--requests N] [--clients C] [--db file|memory]

The sandbox runs as `python -m chargebee_conformance.sandbox` in a subprocess (its own interpreter, as a user
would run it, with the
WAL database file it uses by default); C client threads, each with one keep-alive `httpx.Client`, send N charge
requests in total. Latency is measured per request with `time.perf_counter`, throughput as requests over the
wall time of the whole run. Target: >= 1000 requests/s with p99 < 25 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "profiles" / "sandbox-pc1-metered.toml"
KEY = ("test_cbc_sandbox_key", "")
TARGET_RATE = 1000.0
TARGET_P99_MS = 25.0


@dataclass(frozen=True)
class Result:
    requests: int
    clients: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def report(self) -> str:
        met = self.rate >= TARGET_RATE and self.percentile(0.99) < TARGET_P99_MS and not self.errors
        return (
            f"requests {self.requests} over {self.clients} client(s) in {self.seconds:.2f} s: "
            f"{self.rate:.0f} requests/s\n"
            f"latency ms: p50 {self.percentile(0.50):.2f}  p90 {self.percentile(0.90):.2f}  "
            f"p99 {self.percentile(0.99):.2f}  max {max(self.latencies_ms):.2f}  "
            f"mean {statistics.fmean(self.latencies_ms):.2f}\n"
            f"errors {self.errors}; target >= {TARGET_RATE:.0f}/s with p99 < {TARGET_P99_MS:.0f} ms: "
            f"{'met' if met else 'NOT met'}"
        )


@contextmanager
def sandbox(db: str) -> Iterator[str]:
    """`python -m chargebee_conformance.sandbox` on a free port; yields its root URL and stops it with SIGTERM."""
    command = [sys.executable, "-m", "chargebee_conformance.sandbox", "--port", "0", "--profile", str(PROFILE),
               "--db", db]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        line = process.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        if match is None:
            raise RuntimeError(f"the sandbox did not start: {line.strip()}")
        yield match.group(0)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
        process.stderr.close()


def run(url: str, requests: int, clients: int, warmup: int) -> Result:
    with httpx.Client(base_url=url, auth=KEY) as client:
        customer = client.post("/api/v2/customers", data={"auto_collection": "off"}).json()["customer"]["id"]
        form = {"customer_id": customer, "amount": "1500", "description": "benchmark charge"}
        for _ in range(warmup):  # untimed: imports, caches and the database file settle first
            client.post("/api/v2/invoices/charge", data=form)

    def worker(count: int) -> tuple[list[float], int]:
        latencies, errors = [], 0
        with httpx.Client(base_url=url, auth=KEY, timeout=30) as client:
            for _ in range(count):
                start = time.perf_counter()
                response = client.post("/api/v2/invoices/charge", data=form)
                latencies.append((time.perf_counter() - start) * 1000)
                errors += response.status_code != 200
        return latencies, errors

    shares = [requests // clients + (i < requests % clients) for i in range(clients)]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(worker, shares))
    seconds = time.perf_counter() - start
    return Result(requests, clients, seconds, [ms for lat, _ in results for ms in lat], sum(e for _, e in results))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_sandbox", description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=5000, help="charge requests to time (default 5000)")
    parser.add_argument("--clients", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed requests first (default 200)")
    parser.add_argument("--db", choices=("file", "memory"), default="file",
                        help="a WAL database file (default, as the sandbox command runs) or :memory:")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = os.path.join(scratch, "bench.sqlite3") if args.db == "file" else ":memory:"
        with sandbox(db) as url:
            result = run(url, args.requests, args.clients, args.warmup)
    print(f"sandbox v2 charge benchmark ({os.cpu_count()} CPUs, db {args.db})")
    print(result.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
