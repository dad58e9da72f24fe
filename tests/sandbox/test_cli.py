"""`python -m chargebee_conformance.sandbox`: lists its faults, refuses bad arguments in one line with status 2,
serves until SIGTERM,
and keeps its state in a database file across restarts."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from chargebee_conformance.sandbox.faults import FAULTS
from tests.sandbox.support import PC1, PC2

ROOT = Path(__file__).resolve().parents[2]
KEY = ("test_cbc_sandbox_key", "")


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chargebee_conformance.sandbox", *args], cwd=ROOT,
                          capture_output=True, text=True,
                          timeout=timeout, check=False)


@contextmanager
def serving(*args: str) -> Iterator[str]:
    """The sandbox in a subprocess on a free port; yields its root URL, then stops it with SIGTERM."""
    process = subprocess.Popen([sys.executable, "-m", "chargebee_conformance.sandbox", "--port", "0", *args], cwd=ROOT,
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        line = process.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert match, line
        yield match.group(0)
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=15)
        rest = process.stderr.read()
        process.stderr.close()
    assert (returncode, rest) == (0, "")


def test_list_faults_names_each_fault_and_its_rule() -> None:
    result = run("--list-faults")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [[f.name, f.rule] for f in FAULTS]


@pytest.mark.parametrize(("args", "complaint"), [
    (["--fault", "no_such_fault"], "unknown fault"),
    (["--profile", "profiles/missing.toml"], "file not found"),
    (["--rate-limit", "0"], "rate limit"),
    (["--port", "70000"], "--port"),
    (["--frobnicate"], "unrecognized arguments"),
])
def test_bad_arguments_give_one_line_and_status_2(args: list[str], complaint: str) -> None:
    result = run(*args, "--db", ":memory:")
    assert result.returncode == 2
    assert complaint in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_broken_profile_gives_one_line_and_status_2(tmp_path: Path) -> None:
    profile = tmp_path / "broken.toml"
    profile.write_text(PC1.read_text() + "\n[[sandbox.coupons]]\nid = 'x'\ndiscount_type = 'gift'\n")
    result = run("--profile", str(profile), "--db", ":memory:")
    assert result.returncode == 2 and "discount_type" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_database_of_another_site_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "site.sqlite3"
    with serving("--db", str(db)):
        pass
    result = run("--profile", str(PC2), "--db", str(db))
    assert result.returncode == 2 and "holds site" in result.stderr


def test_state_survives_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "state.sqlite3")
    with serving("--db", db) as url:
        created = httpx.post(url + "/api/v2/customers", data={"id": "kept"}, auth=KEY)
        assert created.status_code == 200
    with serving("--db", db) as url:
        assert httpx.get(url + "/api/v2/customers/kept", auth=KEY).json() == created.json()


@pytest.mark.parametrize("profile", sorted((ROOT / "profiles").glob("sandbox-*.toml")), ids=lambda p: p.stem)
def test_each_shipped_profile_serves_its_catalog_and_paying_customer(profile: Path) -> None:
    with serving("--profile", str(profile), "--db", ":memory:") as url:
        customer = httpx.get(url + "/api/v2/customers/cbc-paying-customer", auth=KEY).json()["customer"]
        coupon = httpx.get(url + "/api/v2/coupons/cbc-once-off-5", auth=KEY).json()["coupon"]
    assert (customer["auto_collection"], coupon["duration_type"]) == ("on", "one_time")


def test_a_seeded_customer_is_not_seeded_again_after_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "state.sqlite3")
    with serving("--db", db) as url:
        deleted = httpx.post(url + "/api/v2/customers/cbc-paying-customer/delete", auth=KEY)
        assert deleted.status_code == 200
    with serving("--db", db) as url:
        assert httpx.get(url + "/api/v2/customers/cbc-paying-customer", auth=KEY).status_code == 404


def test_faults_and_extra_keys_apply(tmp_path: Path) -> None:
    with serving("--db", ":memory:", "--fault", "auth_not_enforced", "--api-key", "k2") as url:
        assert httpx.get(url + "/api/v2/invoices").status_code == 200
        assert httpx.get(url + "/api/v2/invoices", auth=("k2", "")).status_code == 200


@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="needs POSIX signals")
def test_ctrl_c_stops_it_cleanly() -> None:
    process = subprocess.Popen([sys.executable, "-m", "chargebee_conformance.sandbox", "--port", "0", "--db",
                                ":memory:"], cwd=ROOT,
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        process.stderr.readline()
        os.kill(process.pid, signal.SIGINT)
        returncode = process.wait(timeout=15)
        rest = process.stderr.read()
    finally:
        process.stderr.close()
    assert (returncode, rest) == (0, "")
