"""Two runs judged against each other: the same requests lined up, and where the two targets answered differently.

Each run's raw folder holds `exchanges-<worker>.jsonl`, one summary per request to an operation
(conformance/traffic.py: ids as placeholders, dates relative to the run's clock, status, api_error_code, param, the
invoice's shape and figures). Requests are matched by site, test, property and the request itself (the n-th
identical request with the n-th); what is compared is what two correct targets agree on: status, whether the answer
is JSON, `api_error_code`, `param` (presence and value), the invoice's attributes and their types, and its
arithmetic (`sub_total`, `total`, `amount_due`, ..., line count and amounts). Ids, timestamps, key order and message
text always differ, so they are never compared.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from chargebee_conformance.reports.document import BROKEN, WAIVED, ReportError
from chargebee_conformance.reports.waivers import Waiver

SCHEMA = "chargebee-conformance/compare/v1"
ASPECTS = ("status", "json", "api_error_code", "param", "shape", "arithmetic")
DATE_OFFSET = re.compile(r"^now([+-]\d+)$")  # conformance/traffic.py writes dates as seconds from the run's clock
DAY = 86400
EXAMPLES_PER_SUBJECT = 3  # divergent requests shown per rule; the count says how many there were

Summary = Mapping[str, Any]


def load_exchanges(raw_dir: Path) -> list[Summary]:
    """Every request summary of a run, in the order each worker wrote them."""
    files = sorted(Path(raw_dir).glob("exchanges-*.jsonl"))
    if not files:
        raise ReportError(f"{raw_dir}: no exchanges-*.jsonl (a run writes them next to its raw results; one made "
                          "before compare existed has none: run it again)")
    found: list[Summary] = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                found.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ReportError(f"{path}:{number}: not JSON ({error.msg})") from None
    return found


def subject(summary: Summary) -> str:
    """What a request is about: the rule it was made to break, else the property that sent it."""
    if summary.get("rule"):
        return str(summary["rule"])
    prop = str(summary.get("property") or "")
    if prop.startswith("boundary:"):
        return prop.removeprefix("boundary:")
    if "." in prop:
        return prop
    return f"{summary['operation']} ({prop or 'state machine'})"


def _fingerprint(summary: Summary) -> str:
    """A date counts by whole days from its run's clock: a date anchored to a day (the start of the day one month
    ago) lies a few seconds further from a run that started a few seconds later."""
    request = summary["request"]
    form = [[name, DATE_OFFSET.sub(lambda m: f"now{int(m.group(1)) // DAY:+d}d", str(value))]
            for name, value in request["form"]]
    return json.dumps([summary["site"], summary["test"], summary.get("property", ""), request["method"],
                       request["path"], form, request["headers"]], ensure_ascii=False)


def _keyed(summaries: Iterable[Summary]) -> dict[tuple[str, int], Summary]:
    """By (request, occurrence): the n-th identical request of a test matches the n-th of the other run."""
    seen: dict[str, int] = {}
    out: dict[tuple[str, int], Summary] = {}
    for summary in summaries:
        key = _fingerprint(summary)
        seen[key] = seen.get(key, 0) + 1
        out[(key, seen[key])] = summary
    return out


def differences(a: Summary, b: Summary) -> list[dict[str, Any]]:
    """The aspects in which two answers to the same request differ, each with both sides' values."""
    found = []
    for aspect in ("status", "json", "api_error_code"):
        if a.get(aspect) != b.get(aspect):
            found.append({"aspect": aspect, "a": a.get(aspect), "b": b.get(aspect)})
    if a.get("param") != b.get("param"):
        found.append({"aspect": "param", "a": a.get("param"), "b": b.get("param")})
    shape = _shape_difference(a.get("shape"), b.get("shape"))
    if shape:
        found.append({"aspect": "shape", **shape})
    figures = _figure_difference(a.get("arithmetic"), b.get("arithmetic"))
    if figures:
        found.append({"aspect": "arithmetic", **figures})
    return found


def _shape_difference(a: Mapping[str, str] | None, b: Mapping[str, str] | None) -> dict[str, Any]:
    if a is None or b is None:
        return {} if a is b else {"a": "invoice" if a is not None else "no invoice",
                                   "b": "invoice" if b is not None else "no invoice"}
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    retyped = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    if not (only_a or only_b or retyped):
        return {}
    return {"a": [*only_a, *(f"{k}: {a[k]}" for k in retyped)], "b": [*only_b, *(f"{k}: {b[k]}" for k in retyped)]}


def _figure_difference(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> dict[str, Any]:
    if a is None or b is None:
        return {}  # no invoice on one side: the shape says so
    names = [n for n in dict.fromkeys([*a, *b]) if not _same(a.get(n), b.get(n))]
    return {"a": {n: a.get(n) for n in names}, "b": {n: b.get(n) for n in names}} if names else {}


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, int | float) and isinstance(y, int | float):
        return math.isclose(x, y)
    return bool(x == y)


@dataclass(frozen=True)
class Side:
    label: str  # how the user named it ("sandbox", "sandbox:fault=amount_zero_accepted", "cassettes")
    target: str  # the run's target line
    exchanges: Sequence[Summary]
    verdicts: Mapping[tuple[str, str], str]  # (site, rule) -> verdict of the run's results.json


def side_from_run(label: str, output: Path) -> Side:
    """A finished run's folder (`run --output DIR`): its exchanges and its verdicts."""
    from chargebee_conformance.reports.results import load_results

    exchanges = load_exchanges(output / "raw")
    results = output / "results.json"
    doc = load_results(results) if results.exists() else None
    sites = doc["sites"] if doc else []
    verdicts = {(site["name"], rule["rule"]): rule["verdict"] for site in sites
                for op in site["operations"] for rule in op["rules"]}
    return Side(label, str(doc["run"]["target"]) if doc else label, exchanges, verdicts)


def compare(a: Side, b: Side, waivers: Sequence[Waiver] = (), today: date | None = None) -> dict[str, Any]:
    """The comparison document (compare.json)."""
    today = today or date.today()
    left, right = _keyed(a.exchanges), _keyed(b.exchanges)
    matched = [key for key in left if key in right]
    subjects: dict[tuple[str, str], dict[str, Any]] = {}
    for key in matched:
        one, other = left[key], right[key]
        entry = subjects.setdefault((one["site"], subject(one)), _subject_entry(one))
        entry["matched"] += 1
        found = differences(one, other)
        if not found:
            continue
        entry["divergent"] += 1
        for item in found:
            if item["aspect"] not in entry["aspects"]:
                entry["aspects"].append(item["aspect"])
        if len(entry["examples"]) < EXAMPLES_PER_SUBJECT:
            entry["examples"].append({"test": one["test"], "request": one["request"], "differences": found,
                                      "a": _answer(one), "b": _answer(other)})
    for entry in subjects.values():
        entry["waived"] = _waived(waivers, entry["site"], entry["subject"], today) if entry["divergent"] else ""
    divergent = [e for e in subjects.values() if e["divergent"]]
    verdicts = _verdict_changes(a.verdicts, b.verdicts)
    for change in verdicts:
        change["waived"] = _waived(waivers, change["site"], change["rule"], today)
    return {
        "schema": SCHEMA,
        "a": {"label": a.label, "target": a.target, "requests": len(a.exchanges)},
        "b": {"label": b.label, "target": b.target, "requests": len(b.exchanges)},
        "summary": {
            "matched": len(matched), "only_a": len(left) - len(matched), "only_b": len(right) - len(matched),
            "subjects": len(subjects), "divergent_subjects": len(divergent),
            "divergent_requests": sum(e["divergent"] for e in divergent),
            "verdict_changes": len(verdicts),
            # What fails the comparison: a divergent answer, or a rule broken on one side only, not waived.
            "unwaived": sum(1 for e in divergent if not e["waived"])
            + sum(1 for c in verdicts if c["fails"] and not c["waived"]),
        },
        "divergences": sorted(divergent, key=lambda e: (e["site"], e["subject"])),
        "verdicts": verdicts,
    }


def _subject_entry(summary: Summary) -> dict[str, Any]:
    return {"site": summary["site"], "operation": summary["operation"], "subject": subject(summary),
            "matched": 0, "divergent": 0, "aspects": [], "examples": [], "waived": ""}


def _answer(summary: Summary) -> dict[str, Any]:
    return {"status": summary.get("status"), "api_error_code": summary.get("api_error_code"),
            "param": summary.get("param"), "arithmetic": summary.get("arithmetic")}


def _verdict_changes(a: Mapping[tuple[str, str], str], b: Mapping[tuple[str, str], str]) -> list[dict[str, Any]]:
    """Rules judged differently against the docs on the two sides (both runs judged them); a change that breaks a
    rule on one side only `fails` the comparison (held vs not exercised does not: that is coverage, not behaviour)."""
    changes = []
    for site, rule in sorted(set(a) & set(b)):
        one, other = a[(site, rule)], b[(site, rule)]
        if one != other:
            changes.append({"site": site, "rule": rule, "a": one, "b": other,
                            "fails": BROKEN in (one, other) and WAIVED not in (one, other), "waived": ""})
    return changes


def _waived(waivers: Sequence[Waiver], site: str, rule: str, today: date) -> str:
    waiver = next((w for w in waivers if w.covers(site, rule, today)), None)
    return waiver.reason if waiver else ""


def unwaived(doc: Mapping[str, Any]) -> int:
    return int(doc["summary"]["unwaived"])
