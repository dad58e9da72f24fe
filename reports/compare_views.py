"""The comparison document (reports/compare.py) as text for the terminal, Markdown for a PR comment or step
summary, a self-contained HTML page with the two answers side by side, and JUnit (one case per divergent rule)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from chargebee_conformance.reports.redact import redact

TEMPLATES = Path(__file__).parent / "templates"
Doc = Mapping[str, Any]


def request_line(request: Mapping[str, Any], width: int = 200) -> str:
    """`POST /api/v2/invoices/charge amount=0&description=000…(250 chars)`: long values shortened."""
    form = "&".join(f"{k}={_short(str(v))}" for k, v in request["form"])
    line = f"{request['method']} {request['path']}" + (f" {form}" if form else "")
    return line if len(line) <= width else line[: width - 1] + "…"


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}…({len(text)} chars)"


def value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def headline(doc: Doc) -> str:
    s = doc["summary"]
    return (f"matched {s['matched']} requests ({s['only_a']} only in a, {s['only_b']} only in b) over "
            f"{s['subjects']} rules; {s['divergent_subjects']} rule(s) diverge in {s['divergent_requests']} "
            f"request(s); {s['verdict_changes']} verdict(s) differ")


def render_text(doc: Doc) -> str:
    lines = [f"compare: {doc['a']['label']}  vs  {doc['b']['label']}",
             f"  a: {doc['a']['target']} ({doc['a']['requests']} requests)",
             f"  b: {doc['b']['target']} ({doc['b']['requests']} requests)", headline(doc)]
    for entry in doc["divergences"]:
        state = f"waived ({entry['waived']})" if entry["waived"] else "DIVERGES"
        lines.append(f"{state} {entry['site']} {entry['subject']}: {entry['divergent']} of {entry['matched']} "
                     f"request(s) ({', '.join(entry['aspects'])})")
        for example in entry["examples"]:
            lines.append(f"    {request_line(example['request'])}")
            for item in example["differences"]:
                lines.append(f"      {item['aspect']}: a {value(item['a'])} | b {value(item['b'])}")
    for change in doc["verdicts"]:
        waived = f" (waived: {change['waived']})" if change["waived"] else ""
        lines.append(f"verdict {change['site']} {change['rule']}: a {change['a']} | b {change['b']}{waived}")
    unwaived = doc["summary"]["unwaived"]
    lines.append(f"result: {unwaived} unwaived divergence(s)" if unwaived else "result: no unwaived divergence")
    return redact("\n".join(lines)) + "\n"


def render_markdown(doc: Doc) -> str:
    out = [f"### chargebee-conformance compare: `{doc['a']['label']}` vs `{doc['b']['label']}`", "",
           f"a: {doc['a']['target']} · b: {doc['b']['target']}", "", headline(doc), ""]
    if doc["divergences"]:
        out += ["| site | rule | diverging | aspects | a | b |", "| --- | --- | --- | --- | --- | --- |"]
        for entry in doc["divergences"]:
            first = entry["examples"][0]["differences"][0] if entry["examples"] else {"a": "", "b": ""}
            waived = " (waived)" if entry["waived"] else ""
            out.append(f"| {entry['site']} | `{entry['subject']}`{waived} | {entry['divergent']} of "
                       f"{entry['matched']} | {', '.join(entry['aspects'])} | {_cell(first['a'])} | "
                       f"{_cell(first['b'])} |")
        out.append("")
    if doc["verdicts"]:
        out += ["| site | rule | verdict a | verdict b |", "| --- | --- | --- | --- |"]
        out += [f"| {c['site']} | `{c['rule']}` | {c['a']} | {c['b']} |" for c in doc["verdicts"]]
        out.append("")
    return redact("\n".join(out)) + "\n"


def _cell(item: Any) -> str:
    text = value(item).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 80 else text[:79] + "…"


def render_html(doc: Doc) -> str:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                              finalize=lambda v: redact(v) if isinstance(v, str) else ("" if v is None else v),
                              trim_blocks=True, lstrip_blocks=True)
    environment.filters["value"] = value
    environment.filters["request_line"] = request_line
    return environment.get_template("compare.html.j2").render(doc=doc, headline=headline(doc))


def render_junit(doc: Doc) -> str:
    """One test case per rule compared on a site: failed where the two targets answered differently."""
    suite = ET.Element("testsuite", name="chargebee-conformance compare",
                       tests=str(doc["summary"]["subjects"] + len(doc["verdicts"])))
    failures = 0
    for entry in doc["divergences"]:
        case = ET.SubElement(suite, "testcase", classname=entry["site"], name=entry["subject"])
        detail = "\n".join(f"{request_line(e['request'])}\n" + "\n".join(
            f"  {d['aspect']}: a {value(d['a'])} | b {value(d['b'])}" for d in e["differences"])
            for e in entry["examples"])
        if entry["waived"]:
            ET.SubElement(case, "skipped", message=f"waived: {entry['waived']}").text = redact(detail)
        else:
            failures += 1
            ET.SubElement(case, "failure", message=f"{entry['divergent']} of {entry['matched']} request(s) diverge: "
                          f"{', '.join(entry['aspects'])}").text = redact(detail)
    for change in doc["verdicts"]:
        case = ET.SubElement(suite, "testcase", classname=change["site"], name=f"verdict {change['rule']}")
        if change["fails"] and not change["waived"]:
            failures += 1
            ET.SubElement(case, "failure", message=f"a {change['a']} | b {change['b']}")
    suite.set("failures", str(failures))
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def write_all(doc: Doc, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, text in (("compare.json", json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"),
                       ("compare.md", render_markdown(doc)), ("compare.html", render_html(doc)),
                       ("compare-junit.xml", render_junit(doc))):
        path = folder / name
        path.write_text(redact(text) if name == "compare.json" else text, encoding="utf-8")
        written[name] = path
    return written
