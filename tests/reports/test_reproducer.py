"""Reproducer scripts: every recorded value reaches curl exactly as recorded and runs nothing, suite-made ids get a
fresh run id, server-assigned ids are read from the answer that returned them, the key never lands in the file,
and a failure recorded without steps still gets a script (its recorded request alone).

Most tests run the script with a fake `curl` on PATH that logs its arguments and plays back answers; the
sandbox tests run it with the real curl against the bundled sandbox."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from chargebee_conformance.reports.document import Results, RuleEntry
from chargebee_conformance.reports.reproducer import Subject, reproducer, script_name
from tests.reports.support import CUSTOMER, PLANTED_KEY

FAKE_CURL = f"""#!{sys.executable}
import json, os, sys
args = sys.argv[1:]
config = sys.stdin.read() if "-K" in args and args[args.index("-K") + 1] == "-" else ""  # options on stdin
with open(os.environ["CURL_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(args + ["<stdin>", config]) + "\\n")
with open(os.environ["CURL_LOG"], encoding="utf-8") as log:
    calls = sum(1 for _ in log)
answers = json.loads(os.environ.get("CURL_ANSWERS", "[]"))
status, body = answers[calls - 1] if calls <= len(answers) else (200, {{}})
with open(args[args.index("-o") + 1], "w", encoding="utf-8") as out:
    out.write(json.dumps(body))
sys.stdout.write(str(status))
"""
HOSTILE = "it's $(touch pwned) `touch pwned2` \"; rm -rf ~ & \\ %41 é\nsecond line"
RUN_ID = re.compile(r"cbc-([0-9a-f]{8})-")


def step(label: str, path: str, form: list[list[str]], returned: dict[str, str] | None = None,
         method: str = "POST", headers: list[list[str]] | None = None, status: int = 200) -> dict[str, Any]:
    return {"label": label, "method": method, "path": path, "form": form, "headers": headers or [],
            "status": status, "returned": returned or {}}


def create_customer(customer: str = CUSTOMER) -> dict[str, Any]:
    return step("setup", "/api/v2/customers", [["id", customer], ["email", f"{customer[:40]}@example.com"],
                                                ["auto_collection", "off"]],
                {"customer.id": customer}, headers=[["chargebee-event-email", "all-disabled"]])


def subject(steps: list[dict[str, Any]] | None, *, curl: str = "", rule: str = "v2.charge.amount.minimum",
            operation: str = "v2.charge") -> Subject:
    entry: RuleEntry = {
        "rule": rule, "verdict": "broken", "binding": "loose", "examples": 1, "exercised": 1, "requests": 2,
        "source": "amount: min=1. The amount to be charged.", "expected": "400 (any 400 api_error_code) naming amount",
        "observed": "HTTP 200", "reason": "", "tests": [],
        "failure": {"title": "expected 400 naming amount, got HTTP 200", "explanation": "", "request": "",
                    "response": "", "detail": "", "curl": curl, "steps": steps or [], "case_rule": rule,
                    "caused_by": []},
    }
    return Subject("sandbox-pc1-metered", operation, entry, "0.1.0")


def run(script: str, tmp_path: Path, answers: Sequence[Any] = (), env: dict[str, str] | None = None,
        shell: str = "bash") -> tuple[subprocess.CompletedProcess[str], list[list[str]]]:
    """The script run by `shell` with the fake curl; returns the process and curl's argument lists."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "curl").write_text(FAKE_CURL, encoding="utf-8")
    (bin_dir / "curl").chmod(0o755)
    log = tmp_path / "curl.log"
    log.unlink(missing_ok=True)
    path = tmp_path / "repro.sh"
    path.write_text(script, encoding="utf-8")
    done = subprocess.run([shell, str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
                          env={"PATH": f"{bin_dir}:{os.environ['PATH']}", "CURL_LOG": str(log),
                               "CURL_ANSWERS": json.dumps(list(answers)), "CHARGEBEE_API_KEY": "k",
                               "CHARGEBEE_BASE_URL": "http://127.0.0.1:9/", **(env or {})})
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return done, calls


def sent_form(call: list[str]) -> list[str]:
    return [call[i + 1] for i, arg in enumerate(call) if arg == "--data-urlencode"]


def url(call: list[str]) -> str:
    return next(arg for arg in call if arg.startswith("http"))


@pytest.mark.parametrize("shell", ["bash", "dash"])
def test_hostile_values_reach_curl_exactly_as_recorded_and_run_nothing(tmp_path: Path, shell: str) -> None:
    if not shutil.which(shell):
        pytest.skip(f"{shell} is not installed")
    charge = step("v2.charge", "/api/v2/invoices/charge", [["customer_id", CUSTOMER], ["description", HOSTILE],
                                                           ["amount", "0"], ["", "$HOME"]],
                  headers=[["x-note", HOSTILE.replace("\n", " ")], ["x-empty", ""]])
    done, calls = run(reproducer(subject([create_customer(), charge])), tmp_path, shell=shell)
    assert done.returncode == 0, done.stderr
    form = sent_form(calls[1])
    assert form[1] == f"description={HOSTILE}" and form[2] == "amount=0" and form[3] == "=$HOME"
    assert f"x-note: {HOSTILE.replace(chr(10), ' ')}" in calls[1]
    assert "x-empty;" in calls[1]  # curl sends "name;" as an empty header ("name:" would drop it)
    assert not list(tmp_path.glob("pwned*"))
    assert "v2.charge: POST /api/v2/invoices/charge -> HTTP 200" in done.stdout


def test_suite_made_ids_get_a_fresh_run_id_on_every_run_and_catalog_ids_stay(tmp_path: Path) -> None:
    subscription = step("setup", f"/api/v2/customers/{CUSTOMER}/subscription_for_items",
                        [["id", "cbc-1a2b3c4d-sub2-xxxx"], ["subscription_items[item_price_id][0]", "plan-basic"]],
                        {"subscription.id": "cbc-1a2b3c4d-sub2-xxxx", "customer.id": CUSTOMER})
    charge = step("v2.charge", "/api/v2/invoices/charge", [["customer_id", CUSTOMER], ["amount", "0"]],
                  headers=[["chargebee-idempotency-key", "cbc-1a2b3c4d-idem-v2.charge"]])
    script = reproducer(subject([create_customer(), subscription, charge]))
    first = run(script, tmp_path)[1]
    second = run(script, tmp_path)[1]
    ids = [set(RUN_ID.findall(json.dumps(calls))) for calls in (first, second)]
    assert all(len(found) == 1 for found in ids), ids
    assert ids[0] != ids[1] and "1a2b3c4d" not in ids[0] | ids[1]
    new = ids[0].pop()
    assert url(first[1]).endswith(f"/api/v2/customers/cbc-{new}-cus1-{'x' * 32}/subscription_for_items")
    assert sent_form(first[0])[1] == f"email=cbc-{new}-cus1-{'x' * 22}@example.com"
    assert sent_form(first[1])[1] == "subscription_items[item_price_id][0]=plan-basic"
    assert f"chargebee-idempotency-key: cbc-{new}-idem-v2.charge" in first[2]


def test_a_server_assigned_id_is_read_from_the_answer_that_returned_it(tmp_path: Path) -> None:
    subscription = step("setup", f"/api/v2/customers/{CUSTOMER}/subscription_for_items",
                        [["id", "cbc-1a2b3c4d-sub2-xxxx"]], {"subscription.id": "cbc-1a2b3c4d-sub2-xxxx",
                                                              "invoice.id": "53"})
    add = step("v2.add_charge", "/api/v2/invoices/53/add_charge", [["amount", "53"], ["invoice_id", "53"]],
               {"invoice.id": "53"})
    inspect = step("inspect", "/api/v2/invoices/53", [], {"invoice.id": "53"}, method="GET")
    script = reproducer(subject([create_customer(), subscription, add, inspect], operation="v2.add_charge"))
    answers = [(200, {}), (200, {"subscription": {"id": "s"}, "invoice": {"id": "4711"}}), (200, {}), (200, {})]
    done, calls = run(script, tmp_path, answers)
    assert done.returncode == 0, done.stderr
    assert url(calls[2]) == "http://127.0.0.1:9/api/v2/invoices/4711/add_charge"
    assert sent_form(calls[2]) == ["amount=53", "invoice_id=4711"]  # an amount is never taken for an id
    assert url(calls[3]) == "http://127.0.0.1:9/api/v2/invoices/4711" and "-G" in calls[3]
    assert "python3" in script.split("set -eu")[0], "the header says python3 is needed"


def test_a_missing_id_in_an_answer_stops_with_one_line(tmp_path: Path) -> None:
    subscription = step("setup", "/api/v2/customers/c/subscription_for_items", [], {"invoice.id": "53"})
    add = step("v2.add_charge", "/api/v2/invoices/53/add_charge", [["amount", "1"]])
    done, calls = run(reproducer(subject([subscription, add])), tmp_path, [(200, {"subscription": {}})])
    assert done.returncode == 1 and len(calls) == 1
    assert done.stderr.strip() == "the answer has no invoice.id: cannot go on"


def test_the_script_never_holds_the_key(tmp_path: Path) -> None:
    charge = step("v2.charge", "/api/v2/invoices/charge", [["description", PLANTED_KEY]],
                  headers=[["authorization", f"Basic {PLANTED_KEY}"]])
    script = reproducer(subject([charge], curl=f"curl -u {PLANTED_KEY}: https://x/api"))
    assert PLANTED_KEY not in script
    _, calls = run(script, tmp_path, env={"CHARGEBEE_API_KEY": "test_FromTheEnvironment1"})
    arguments, config = calls[0][:calls[0].index("<stdin>")], calls[0][-1]
    assert config == 'user = "test_FromTheEnvironment1:"\n'  # on stdin: `ps` never shows the key
    assert not any("test_FromTheEnvironment1" in a for a in arguments) and "-u" not in arguments
    assert "test_FromTheEnvironment1" not in script


@pytest.mark.parametrize(("env", "message"), [
    ({"CHARGEBEE_API_KEY": ""}, "set CHARGEBEE_API_KEY"),
    ({"CHARGEBEE_BASE_URL": ""}, "set CHARGEBEE_SITE (e.g. acme-test) or CHARGEBEE_BASE_URL"),
])
def test_without_a_target_or_a_key_it_exits_2_with_one_line(tmp_path: Path, env: dict[str, str],
                                                           message: str) -> None:
    done, calls = run(reproducer(subject([create_customer(), step("v2.charge", "/api/v2/invoices/charge", [])])),
                      tmp_path, env=env)
    assert (done.returncode, calls) == (2, [])
    assert done.stderr.count("\n") == 1 and message in done.stderr


def test_chargebee_site_names_the_base_url(tmp_path: Path) -> None:
    _, calls = run(reproducer(subject([step("v2.charge", "/api/v2/invoices/charge", [])])), tmp_path,
                   env={"CHARGEBEE_BASE_URL": "", "CHARGEBEE_SITE": "acme-test"})
    assert url(calls[0]) == "https://acme-test.chargebee.com/api/v2/invoices/charge"


def test_a_failed_setup_stops_before_the_request_under_test(tmp_path: Path) -> None:
    script = reproducer(subject([create_customer(), step("v2.charge", "/api/v2/invoices/charge", [])]))
    done, calls = run(script, tmp_path, [(400, {"api_error_code": "duplicate_entry"})])
    assert done.returncode == 1 and len(calls) == 1
    assert "duplicate_entry" in done.stdout and "a setup request failed" in done.stderr


def test_only_the_oracle_s_look_ups_follow_the_request_under_test(tmp_path: Path) -> None:
    steps = [step("v2.charge", "/api/v2/invoices/charge", [["amount", "1"]]),
             step("v2.charge", "/api/v2/invoices/charge", [["amount", "0"]]),
             step("setup", "/api/v2/customers", [["id", "later"]]),
             step("inspect", "/api/v2/invoices", [["customer_id[is]", "c"]], method="GET")]
    _, calls = run(reproducer(subject(steps)), tmp_path)
    assert [sent_form(call) for call in calls] == [["amount=1"], ["amount=0"], ["customer_id[is]=c"]]


def test_a_failure_without_steps_sends_its_recorded_request_alone(doc: Results, tmp_path: Path) -> None:
    questionable = next(e for s in doc["sites"] for op in s["operations"] for e in op["rules"]
                        if e["verdict"] == "questionable")
    script = reproducer(Subject("sandbox-pc1-metered", "v2.charge", questionable, "0.1.0"))
    assert "The fixtures this request needs were not recorded" in script
    done, calls = run(script, tmp_path)
    assert done.returncode == 0, done.stderr
    assert url(calls[0]) == "http://127.0.0.1:9/api/v2/invoices/charge"
    assert calls[0][calls[0].index("-X") + 1] == "POST" and "-d" in calls[0]
    assert "date_from=1767312000" in calls[0] and "<REDACTED>:" not in calls[0]


def test_a_curl_line_that_cannot_be_read_is_shown_not_run(tmp_path: Path) -> None:
    done, calls = run(reproducer(subject(None, curl="curl -X POST 'unterminated")), tmp_path)
    assert (done.returncode, calls) == (1, [])
    assert "could not be read" in done.stderr


def test_a_failure_with_no_request_of_its_own_has_no_script() -> None:
    assert reproducer(subject(None)) == ""
    malformed = subject([{"label": "v2.charge", "method": "POST", "path": "no-slash", "form": [], "headers": []}])
    assert reproducer(malformed) == ""


def test_script_names_are_plain_file_names() -> None:
    assert script_name("acme-test", "v2.add_charge_item.line_items[amount].max") == \
        "acme-test--v2.add_charge_item.line_items-amount-.max.sh"


def test_the_header_states_rule_site_sentence_expectation_and_tool() -> None:
    header = reproducer(subject([step("v2.charge", "/api/v2/invoices/charge", [])])).split("set -eu")[0]
    for line in ("# Rule:         v2.charge.amount.minimum",
                 "# Site:         sandbox-pc1-metered (operation v2.charge)",
                 "# Binding:      loose: the docs say the request is wrong but not how it fails",
                 "# The docs say: amount: min=1. The amount to be charged.",
                 "# Expected:     400 (any 400 api_error_code) naming amount", "# Observed:     HTTP 200",
                 "chargebee-conformance 0.1.0", "Needs curl."):
        assert line in header
    assert "python3" not in header  # nothing to read from an answer


# -- against the bundled sandbox -----------------------------------------------------------------------------------
def sandbox_run(script: str, url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    from chargebee_conformance.spec.profile import load_profile
    from tests.sandbox.support import PC1, api_key

    path = tmp_path / "repro.sh"
    path.write_text(script, encoding="utf-8")
    return subprocess.run(["bash", str(path)], capture_output=True, text=True, timeout=60, check=False,
                          env={"PATH": os.environ["PATH"], "CHARGEBEE_BASE_URL": url,
                               "CHARGEBEE_API_KEY": api_key(load_profile(PC1))})


def zero_charge() -> list[dict[str, Any]]:
    """A customer, then a v2 charge of amount 0 (the docs: min=1), as the suite records them."""
    return [create_customer(), step("v2.charge", "/api/v2/invoices/charge",
                                    [["customer_id", CUSTOMER], ["amount", "0"], ["description", "it's $(x)"]],
                                    {"invoice.id": "1"}, headers=[["chargebee-event-email", "all-disabled"]])]


@pytest.mark.sandbox
@pytest.mark.parametrize(("faults", "status"), [(["amount_zero_accepted"], 200), ([], 400)])
def test_a_reproducer_shows_the_sandbox_fault_and_only_the_fault(tmp_path: Path, faults: list[str],
                                                                 status: int) -> None:
    from chargebee_conformance.sandbox.testing import running_sandbox
    from tests.sandbox.support import PC1

    script = reproducer(subject(zero_charge()))
    with running_sandbox(PC1, faults=faults) as url:
        first, again = sandbox_run(script, url, tmp_path), sandbox_run(script, url, tmp_path)
    for done in (first, again):  # twice: fresh ids, no duplicate customer
        assert done.returncode == 0, done.stdout + done.stderr
        assert "setup 1/1: POST /api/v2/customers -> HTTP 200" in done.stdout
        assert f"v2.charge: POST /api/v2/invoices/charge -> HTTP {status}" in done.stdout
    answer = first.stdout.replace(" ", "")
    assert ('"description":"it\'s$(x)"' in answer) if status == 200 else ('"param":"amount"' in answer)


@pytest.mark.sandbox
def test_a_reproducer_adds_to_the_pending_invoice_the_sandbox_assigned(tmp_path: Path) -> None:
    from chargebee_conformance.sandbox.testing import running_sandbox
    from chargebee_conformance.spec.profile import load_profile
    from tests.sandbox.support import PC1

    plan = load_profile(PC1).catalog_id("plan")
    subscription = step("setup", f"/api/v1/customers/{CUSTOMER}/subscriptions",
                        [["id", "cbc-1a2b3c4d-sub2-xxxx"], ["plan_id", plan]],
                        {"subscription.id": "cbc-1a2b3c4d-sub2-xxxx", "customer.id": CUSTOMER, "invoice.id": "999"})
    add = step("v2.add_charge", "/api/v2/invoices/999/add_charge", [["amount", "150"], ["description", "more"]])
    script = reproducer(subject([create_customer(), subscription, add], operation="v2.add_charge"))
    with running_sandbox(PC1) as url:
        done = sandbox_run(script, url, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"v2.add_charge: POST /api/v2/invoices/(?!999/)\w+/add_charge -> HTTP 200", done.stdout), \
        done.stdout
    assert '"description":"more"' in done.stdout.replace(" ", "")


@pytest.mark.sandbox
def test_a_failure_of_a_real_suite_run_reproduces_on_a_fresh_sandbox(tmp_path: Path) -> None:
    """One test of the suite against a sandbox accepting amount 0; its report's script, run against another such
    sandbox, shows the same answer."""
    from chargebee_conformance.sandbox.testing import running_sandbox
    from chargebee_conformance.spec.profile import load_profile
    from tests.reports.support import REPO_ROOT
    from tests.sandbox.support import PC1

    out = tmp_path / "out"
    suite = subprocess.run(
        [sys.executable, "-m", "chargebee_conformance", "run", "--mode", "live", "--sandbox-fault",
         "amount_zero_accepted", "--operation", "v2.charge", "--profile", str(PC1), "--output", str(out), "--",
         "-k", "constraint_is_enforced"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={"PATH": os.environ["PATH"], "PYTHONHASHSEED": "0"})
    assert suite.returncode == 1, suite.stdout[-2000:] + suite.stderr
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    rules = {e["rule"]: e for s in doc["sites"] for op in s["operations"] for e in op["rules"]}
    assert rules["v2.charge.rejection.nothing_created"]["failure"]["caused_by"] == ["v2.charge.amount.minimum"]
    scripts = sorted(p.name for p in (out / "reproducers").iterdir())
    assert scripts == ["sandbox-pc1-metered--v2.charge.amount.minimum.sh"]  # the cascade has no request of its own
    script = (out / "reproducers" / scripts[0]).read_text(encoding="utf-8")
    assert load_profile(PC1).sandbox["api_keys"][0] not in script
    with running_sandbox(PC1, faults=["amount_zero_accepted"]) as url:
        done = sandbox_run(script, url, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "v2.charge: POST /api/v2/invoices/charge -> HTTP 200" in done.stdout
    assert '"amount":0' in done.stdout.replace(" ", "")


def test_reproducers_of_one_document_have_distinct_names(doc: Results) -> None:
    from chargebee_conformance.reports.cards import failing_rules

    twice = copy.deepcopy(doc)
    site = twice["sites"][0]
    charge = next(op for op in site["operations"] if op["id"] == "v2.charge")
    broken = next(e for e in charge["rules"] if e["verdict"] == "broken")
    site["operations"].append({"id": "v2.add_charge", "rules": [copy.deepcopy(broken)]})
    names = [f.script_name for f in failing_rules(twice)]
    assert len(names) == len(set(names)) == 4
    assert "sandbox-pc1-metered--v2.charge.description.max_length--v2.add_charge.sh" in names
