"""JUnit XML: one testcase per site x operation x rule, so a CI dashboard counts rules, not pytest functions.

broken -> <failure> (message: the title; text: the evidence and a curl line); skipped -> <skipped> (message:
the reason); not exercised -> <skipped> (message: "not exercised: " and the reason); waived -> <skipped>;
held -> passed; observed (a silent rule: recorded, never judged) -> passed, noted in system-out; questionable
(a convention rule found broken, not a strict run) -> passed, with its title and evidence in system-out, because
it must never fail a CI job.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from chargebee_conformance.reports.document import (
    BROKEN,
    CONVENTION,
    NOT_EXERCISED,
    OBSERVED,
    QUESTIONABLE,
    SKIPPED,
    WAIVED,
    Results,
    RuleEntry,
    RunError,
    SiteEntry,
)
from chargebee_conformance.reports.redact import redact

# Characters XML 1.0 cannot carry even escaped (most C0 controls, lone surrogates, U+FFFE/U+FFFF). A response
# body may contain them; they are written as \uXXXX so the file stays well-formed and the evidence readable.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What CI counts as skipped: not run, run without meeting any precondition, or broken but accepted.
SKIPPED_LIKE = (SKIPPED, NOT_EXERCISED, WAIVED)


def xml_text(text: str) -> str:
    return ILLEGAL_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", redact(text))


def build_junit(doc: Results) -> ET.Element:
    """The JUnit document: one test case per site x operation x rule, plus the run's errors."""
    summary = doc["summary"]
    errors = doc.get("errors", [])
    root = ET.Element("testsuites", {
        "name": "chargebee-conformance", "tests": str(summary["total"] + len(errors)),
        "failures": str(summary[BROKEN]), "errors": str(len(errors)), "skipped": _skipped(summary),
        "time": _seconds(doc["run"]["duration_seconds"]),
    })
    if errors:
        root.append(_run_errors(errors))
    for site in doc["sites"]:
        root.append(_suite(doc, site))
    return root


def _run_errors(errors: list[RunError]) -> ET.Element:
    """Run-level errors (a corrupt recording, a request missing from a cassette) as errored test cases: a CI
    test view must not go green while the run failed."""
    suite = ET.Element("testsuite", {"name": "run errors", "tests": str(len(errors)), "failures": "0",
                                     "errors": str(len(errors)), "skipped": "0", "time": "0"})
    for error in errors:
        case = ET.SubElement(suite, "testcase", {"classname": "run", "name": xml_text(error["test"] or "run")})
        ET.SubElement(case, "error", {"type": xml_text(error["kind"]), "message": xml_text(error["message"])})
    return suite


def _suite(doc: Results, site: SiteEntry) -> ET.Element:
    counts = site["summary"]
    suite = ET.Element("testsuite", {
        "name": xml_text(site["name"]), "tests": str(counts["total"]), "failures": str(counts[BROKEN]),
        "errors": "0", "skipped": _skipped(counts), "time": "0",
    })
    if doc["run"]["started_at"]:
        suite.set("timestamp", xml_text(doc["run"]["started_at"]))
    properties = ET.SubElement(suite, "properties")
    for name, value in (("target", site["target"]), ("mode", doc["run"]["mode"]),
                        ("product_catalog", site["product_catalog"]),
                        ("api_versions", ",".join(str(v) for v in site["api_versions"])),
                        ("profile", site["profile"]), ("tool_version", doc["run"]["tool_version"]),
                        ("strict", str(doc["run"]["strict"]).lower())):
        ET.SubElement(properties, "property", name=name, value=xml_text(value))
    for operation in site["operations"]:
        for entry in operation["rules"]:
            suite.append(_case(f"{site['name']}.{operation['id']}", entry))
    return suite


def _case(classname: str, entry: RuleEntry) -> ET.Element:
    case = ET.Element("testcase", classname=xml_text(classname), name=xml_text(entry["rule"]), time="0")
    properties = ET.SubElement(case, "properties")
    for name, value in (("verdict", entry["verdict"]), ("binding", entry["binding"]),
                        ("examples", str(entry["examples"])), ("exercised", str(entry["exercised"])),
                        ("requests", str(entry["requests"])),
                        ("source", entry["source"]), ("expected", entry["expected"]),
                        ("observed", entry["observed"])):
        if value:
            ET.SubElement(properties, "property", name=name, value=xml_text(value))
    verdict = entry["verdict"]
    if verdict == BROKEN:
        element = ET.SubElement(case, "failure", message=xml_text(_title(entry)),
                                type=xml_text(entry["binding"] or BROKEN))
        element.text = xml_text(_evidence(entry))
    elif verdict == SKIPPED:
        ET.SubElement(case, "skipped", message=xml_text(entry["reason"]))
    elif verdict == NOT_EXERCISED:
        message = f"{NOT_EXERCISED}: {entry['reason']}" if entry["reason"] else NOT_EXERCISED
        ET.SubElement(case, "skipped", message=xml_text(message))
    elif verdict == WAIVED:
        ET.SubElement(case, "skipped", message=xml_text(f"waived: {entry['reason']}"))
    elif verdict == QUESTIONABLE:
        line = f"{QUESTIONABLE} ({entry['binding'] or CONVENTION}): {_title(entry)}"
        ET.SubElement(case, "system-out").text = xml_text(f"{line}\n\n{_evidence(entry)}".rstrip())
    elif verdict == OBSERVED:
        note = "observed only: the docs say nothing here, so this rule is recorded and never failed"
        out = ET.SubElement(case, "system-out")
        out.text = xml_text(f"{note}\n{entry['observed']}".rstrip())
    return case


def _title(entry: RuleEntry) -> str:
    return entry["failure"]["title"] if entry["failure"] else entry["reason"]


def _evidence(entry: RuleEntry) -> str:
    """The sentence of the docs, the failing exchange and a curl line that reproduces it."""
    failure = entry["failure"]
    body = failure["detail"] if failure else ""
    if failure and failure["curl"]:
        body += f"\n\nreproduce: {failure['curl']}"
    return f"{entry['source']}\n\n{body}".strip()


def _skipped(counts: dict[str, int]) -> str:
    return str(sum(counts.get(verdict, 0) for verdict in SKIPPED_LIKE))


def _seconds(value: float | None) -> str:
    return f"{value:.3f}" if value is not None else "0"


def render_junit(doc: Results) -> str:
    root = build_junit(doc)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(doc: Results, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_junit(doc), encoding="utf-8")
    return path
