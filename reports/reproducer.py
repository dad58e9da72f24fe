"""A shell script that reproduces one failure on its own: it creates the fixtures the failing example needs with
the documented setup operations, sends the request under test and prints the answer.

The script reads the target and the key from the environment (`CHARGEBEE_BASE_URL` or `CHARGEBEE_SITE`, and
`CHARGEBEE_API_KEY`) and never holds a key. Every recorded value passes through `shlex.quote`; the only text
the shell expands is the script's own variables: a fresh run id in place of the original run's (so suite-made
ids never collide with those the run left behind) and the ids the server assigned to earlier answers (an
invoice id used in a later path). A failure recorded before the suite kept its steps gets a script that sends
the recorded request alone and says that its fixtures were not recorded.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from chargebee_conformance.reports.document import BINDING_MEANINGS, RuleEntry
from chargebee_conformance.reports.redact import redact, redact_tree
from chargebee_conformance.reports.shell import Segment, Var, comment, variable_name, with_run_ids, word
from chargebee_conformance.reports.steps import (
    INSPECT,
    SETUP,
    SUITE_ID,
    Step,
    judged_index,
    parse_steps,
    suite_run_ids,
    texts_of,
)

# Names the script itself uses; an id captured from an answer never takes one of them.
RESERVED = {"BASE", "ANSWER", "CHARGEBEE_API_KEY", "CHARGEBEE_BASE_URL", "CHARGEBEE_SITE", "PATH", "HOME"}

PREAMBLE = r"""set -eu
if [ -z "${CHARGEBEE_API_KEY:-}" ]; then
  echo "set CHARGEBEE_API_KEY, and CHARGEBEE_SITE (e.g. acme-test) or CHARGEBEE_BASE_URL" >&2; exit 2
fi
if [ -z "${CHARGEBEE_BASE_URL:-}" ] && [ -z "${CHARGEBEE_SITE:-}" ]; then
  echo "set CHARGEBEE_SITE (e.g. acme-test) or CHARGEBEE_BASE_URL (e.g. http://127.0.0.1:8765)" >&2; exit 2
fi
BASE=${CHARGEBEE_BASE_URL:-https://$CHARGEBEE_SITE.chargebee.com}
BASE=${BASE%/}
ANSWER=$(mktemp)
trap 'rm -f "$ANSWER"' EXIT

# send WHAT CURL-ARGUMENTS...: one request; prints "WHAT -> HTTP status" and leaves the answer in $ANSWER.
send() {
  what=$1; shift
  # The key reaches curl on its standard input (printf is built in), never on a command line others can list.
  status=$(printf 'user = "%s:"\n' "$CHARGEBEE_API_KEY" \
    | curl -sS -K - -o "$ANSWER" -w '%{http_code}' -H 'accept: application/json' "$@") \
    || { printf '%s: no answer from %s\n' "$what" "$BASE" >&2; exit 3; }
  printf '%s -> HTTP %s\n' "$what" "$status"
}
# A fixture that cannot be created makes the rest meaningless: show why and stop.
setup_ok() {
  case $status in
    2??) ;;
    *) cat "$ANSWER"; echo; echo "a setup request failed: the fixtures could not be created" >&2; exit 1 ;;
  esac
}
show() { cat "$ANSWER"; echo; }
"""

# Reads one field of the last answer (`invoice.id`, `list.0.invoice.id`); one line, never a traceback.
JSON_FIELD = r"""# json_field PATH: a field of the last answer, e.g. invoice.id (python3 reads the JSON).
json_field() {
  python3 -c 'import json, re, sys
try:
    value = json.load(open(sys.argv[1], encoding="utf-8"))
    for part in re.findall(r"[^.\[\]]+", sys.argv[2]):
        value = value[int(part)] if isinstance(value, list) else value[part]
except (LookupError, TypeError, ValueError):
    sys.exit("the answer has no " + sys.argv[2] + ": cannot go on")
print(value)' "$ANSWER" "$1"
}
"""

NEW_RUN_ID = "$(od -An -N4 -tx1 /dev/urandom | tr -d ' \\n')"


@dataclass(frozen=True)
class Subject:
    """The failure a script reproduces and where it was found."""

    site: str
    operation: str
    entry: RuleEntry
    tool_version: str


def reproducer(subject: Subject) -> str:
    """The script for a failure: from its steps when recorded, else from its curl line; "" when it has
    neither (a cascaded failure with no request of its own)."""
    failure = subject.entry["failure"]
    if failure is None:
        return ""
    steps = parse_steps(redact_tree(failure.get("steps")))
    if steps:
        return _from_steps(subject, steps)
    curl = redact(failure["curl"])
    return _from_curl(subject, curl) if curl else ""


def script_name(site: str, rule: str) -> str:
    """`reproducers/<site>--<rule>.sh`, as a file name any system accepts."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{site}--{rule}").strip("-.") + ".sh"


# -- from the recorded steps -------------------------------------------------------------------------------------
def _from_steps(subject: Subject, steps: tuple[Step, ...]) -> str:
    judged = judged_index(steps)
    # After the request under test, only the oracle's look-ups matter (what it found changed afterwards).
    sent = (*steps[:judged + 1], *(s for s in steps[judged + 1:] if s.label == INSPECT))
    taken = set(RESERVED)
    run_vars = {run_id: variable_name("RUN", taken) for run_id in suite_run_ids(texts_of(sent))}
    captures = _captures(sent, taken)
    setups = sum(1 for step in sent if step.label == SETUP)
    lines = [*_header(subject, _what_it_does(setups, bool(run_vars), bool(captures))), PREAMBLE]
    if captures:
        lines.append(JSON_FIELD)
    if run_vars:
        lines.append("# Fresh run ids: the suite-made ids (cbc-<run id>-...) are new on every run of this script.")
        lines += [f"{variable}={NEW_RUN_ID}" for variable in run_vars.values()]
    by_value = {capture.value: capture for capture in captures}
    setup_number = 0
    for index, step in enumerate(sent):
        title = step.label
        if step.label == SETUP:
            setup_number += 1
            title = f"setup {setup_number}/{setups}"
        elif index == judged:
            lines += ["", "printf '\\n%s\\n' " + shlex.quote(f"== the request under test ({step.label})")]
        lines += ["", *_send(step, title, run_vars, by_value)]
        if step.label != SETUP:
            lines.append("show")
        elif _succeeded(step):
            lines.append("setup_ok")
        lines += [f"{c.variable}=$(json_field {shlex.quote(c.key)})" for c in captures if c.step == index]
    lines += ["", *_closing(subject)]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Capture:
    """An id the server assigned in the answer to step `step`, at `key` ("invoice.id"), that a later request
    uses: the script reads it into `variable`."""

    variable: str
    step: int
    key: str
    value: str


def _captures(steps: tuple[Step, ...], taken: set[str]) -> list[Capture]:
    """A suite-made id is not one (it is rewritten), nor a value the request itself sent (an echo)."""
    produced: dict[str, tuple[int, str]] = {}
    captures: dict[str, Capture] = {}
    for index, step in enumerate(steps):
        for value in _ids_used(step):
            if value in produced and value not in captures:
                source, key = produced[value]
                captures[value] = Capture(variable_name(key, taken), source, key, value)
        for key, value in step.returned:
            if value and not SUITE_ID.match(value) and not step.sends(value):
                produced.setdefault(value, (index, key))
    return list(captures.values())


def _ids_used(step: Step) -> list[str]:
    """Where a server-assigned id can stand: a whole path segment, or the whole value of an id parameter (an
    `amount` that happens to equal an invoice number is left alone)."""
    return [*step.path.split("/"), *(value for name, value in step.form if _names_an_id(name))]


def _names_an_id(name: str) -> bool:
    return "id" in name.lower()


def _send(step: Step, title: str, run_vars: dict[str, str], by_value: dict[str, Capture]) -> list[str]:
    def rewritten(text: str, *, may_be_id: bool = False) -> list[Segment]:
        capture = by_value.get(text) if may_be_id else None
        return [Var(capture.variable)] if capture else with_run_ids(text, run_vars)

    path: list[Segment] = []
    for number, segment in enumerate(step.path.split("/")):
        path += ["/" if number else "", *rewritten(segment, may_be_id=True)]
    options: list[tuple[str, str]] = []
    for name, value in step.headers:
        # curl drops a header given as "name:"; "name;" sends it empty.
        options.append(("-H", word([*rewritten(name), *([": ", *rewritten(value)] if value else [";"])])))
    for name, value in step.form:
        # curl encodes only what follows "=": the name must go out encoded already (brackets kept readable).
        options.append(("--data-urlencode", word([quote(name, safe="[]"), "=",
                                                  *rewritten(value, may_be_id=_names_an_id(name))])))
    if step.method != "GET" and not step.form:
        options.append(("--data", "''"))  # the suite sends an empty form body, with its content type
    method = "-G" if step.method == "GET" else f"-X {shlex.quote(step.method)}"
    head = f"send {word([f'{title}: {step.method} ', *path])} {method} {word([Var('BASE'), *path])}"
    return _continued(head, options)


def _continued(head: str, options: list[tuple[str, str]]) -> list[str]:
    """A command over several lines, one option and its value a line."""
    lines = [head, *(f"  {option} {value}" for option, value in options)]
    return [line + " \\" for line in lines[:-1]] + lines[-1:]


def _succeeded(step: Step) -> bool:
    """A setup request the suite saw succeed must succeed again, or the script stops."""
    return step.status is None or 200 <= step.status < 300


def _what_it_does(setups: int, fresh_ids: bool, captures: bool) -> list[str]:
    lines = [f"It creates the fixtures the failing example needs with documented setup operations ({setups} "
             "request(s)), then sends the request under test and prints the status and the answer."
             if setups else "It sends the request under test (it needs no fixture) and prints the status and the "
             "answer."]
    if fresh_ids:
        lines.append("The ids the suite made (cbc-<run id>-...) get a fresh run id each time, so they never "
                     "collide with those of the original run.")
    lines.append("Needs curl" + (", and python3 to read the ids the server assigns from its JSON answers (python3 "
                                 "is there wherever the suite runs)." if captures else "."))
    return lines


# -- from the curl line alone ------------------------------------------------------------------------------------
# curl options whose value is the next word (of those `Case.as_curl` and older suites wrote).
TAKES_VALUE = {"-X", "--request", "-H", "--header", "-d", "--data", "--data-raw", "--data-binary",
               "--data-urlencode", "-u", "--user"}


def _from_curl(subject: Subject, curl: str) -> str:
    header = _header(subject, [
        "The fixtures this request needs were not recorded (the results were written before the suite kept the "
        "steps of a failing example): the ids in it (customer, subscription, invoice...) existed only during "
        "that run. Create such fixtures first and put their ids in place of these, or re-run the suite.",
        "Needs curl."])
    parsed = _curl_options(curl)
    if parsed is None:
        return "\n".join([*header, "# The recorded request:", *comment(curl, "#   "),
                           "echo 'the recorded request could not be read as a curl command' >&2", "exit 1", ""])
    method, path, options = parsed
    head = (f"send {shlex.quote(f'{subject.operation}: {method} {path}')} -X {shlex.quote(method)} "
            f"{word([Var('BASE'), path])}")
    lines = [*header, PREAMBLE, "printf '\\n%s\\n' " + shlex.quote("== the request under test, as recorded"),
             *_continued(head, options), "show", "", *_closing(subject)]
    return "\n".join(lines) + "\n"


def _curl_options(curl: str) -> tuple[str, str, list[tuple[str, str]]] | None:
    """Method, path (with its query) and the options of a recorded curl line, without its credentials; None
    when it is not a curl command."""
    try:
        tokens = shlex.split(curl)
    except ValueError:
        return None
    if not tokens or tokens[0] != "curl":
        return None
    method, path, options = "", "", []
    words = iter(tokens[1:])
    for token in words:
        value = next(words, "") if token in TAKES_VALUE else ""
        if token in ("-X", "--request"):
            method = value
        elif "://" in token and not path:
            parts = urlsplit(token)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
        elif token not in ("-u", "--user", "-s", "-S", "-sS"):  # the script sends its own key, from the environment
            options.append((shlex.quote(token), shlex.quote(value) if token in TAKES_VALUE else ""))
    if not path:
        return None
    return method or ("POST" if options else "GET"), path, options


# -- shared ------------------------------------------------------------------------------------------------------
def _header(subject: Subject, what_it_does: list[str]) -> list[str]:
    entry, failure = subject.entry, subject.entry["failure"]
    binding = entry["binding"] or "unknown"
    lines = ["#!/bin/sh", f"# Reproduces a {entry['verdict']} rule of Chargebee's invoice API, as found by "
             f"chargebee-conformance {subject.tool_version}.", "#"]
    facts = [("Rule", entry["rule"]), ("Site", f"{subject.site} (operation {subject.operation})"),
             ("Binding", f"{binding}: {BINDING_MEANINGS.get(binding, 'not recorded')}"),
             ("The docs say", entry["source"] or "no sentence recorded"),
             ("Expected", entry["expected"] or "see the sentence"),
             ("Observed", _observed(entry))]
    if failure and failure["title"] and entry["observed"] and failure["title"] != entry["observed"]:
        facts.append(("Why it broke", failure["title"]))
    for name, text in facts:
        lines += _fact(name, redact(text))
    lines.append("#")
    for paragraph in what_it_does:
        lines += comment(_wrapped(paragraph, 110))
    lines += ["#", "# Run it against a test site or any Chargebee-compatible base URL (it writes there):",
              "#   CHARGEBEE_SITE=acme-test CHARGEBEE_API_KEY=test_... sh THIS-FILE.sh",
              "#   CHARGEBEE_BASE_URL=http://127.0.0.1:8765 CHARGEBEE_API_KEY=... sh THIS-FILE.sh",
              "# The key is read from the environment; it is never written into this file.", ""]
    return lines


def _fact(name: str, text: str) -> list[str]:
    """`# Name:         text`, continued lines aligned under the text."""
    label = f"# {name + ':':<14}"
    first, *rest = comment(_wrapped(text, 100), "")
    return [(label + first).rstrip(), *(("#" + " " * (len(label) - 1) + line).rstrip() for line in rest)]


def _observed(entry: RuleEntry) -> str:
    return entry["observed"] or (entry["failure"]["title"] if entry["failure"] else "") or "not recorded"


def _closing(subject: Subject) -> list[str]:
    entry = subject.entry
    expected = entry["expected"] or entry["source"] or "see the sentence of the docs"
    observed = _observed(entry)
    return [f"printf '\\n%s\\n%s\\n' {shlex.quote(redact('expected: ' + expected))} "
            f"{shlex.quote(redact('observed when the suite ran: ' + observed))}"]


def _wrapped(text: str, width: int) -> str:
    """Each line of `text` over lines of at most `width` characters; a long word (a URL) is never cut."""
    return "\n".join(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) or line
                     for line in text.split("\n"))
