"""A short Markdown summary of a results document, for CI step summaries (`run --summary FILE`).

What broke leads, then the counts per site; a reader who wants more opens report.html.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chargebee_conformance.reports.document import BROKEN, NOT_EXERCISED, QUESTIONABLE, VERDICTS

SHOWN = 20  # broken rules listed before "and N more"


def render_summary(doc: Mapping[str, Any]) -> str:
    summary = doc["summary"]
    broken = [(site["name"], rule) for site in doc["sites"] for op in site["operations"] for rule in op["rules"]
              if rule["verdict"] == BROKEN]
    errors = doc.get("errors") or []
    mark = ":x:" if broken or errors else ":white_check_mark:"
    run = doc["run"]
    lines = [f"## {mark} Chargebee conformance: {summary.get(BROKEN, 0)} broken, {summary.get('held', 0)} held, "
             f"{summary.get(NOT_EXERCISED, 0)} not exercised, {summary.get(QUESTIONABLE, 0)} questionable", "",
             f"{run['mode']} run against {run['target'] or 'the bundled sandbox'}, {run['started_at']}", ""]
    if errors:
        lines += ["**Run errors** (the verdicts cannot be trusted):", ""]
        lines += [f"- `{e['kind']}` {_cell(e['message'])}" for e in errors] + [""]
    if broken:
        lines += ["| site | rule | why |", "| --- | --- | --- |"]
        lines += [f"| {_cell(site)} | `{rule['rule']}` | {_cell(_why(rule))} |" for site, rule in broken[:SHOWN]]
        if len(broken) > SHOWN:
            lines.append(f"\nand {len(broken) - SHOWN} more in report.html")
        lines.append("")
    shown = [v for v in VERDICTS if any(site["summary"].get(v) for site in doc["sites"])]
    lines += ["| site | " + " | ".join(shown) + " |", "| --- |" + " --- |" * len(shown)]
    lines += [f"| {_cell(site['name'])} | " + " | ".join(str(site["summary"].get(v, 0)) for v in shown) + " |"
              for site in doc["sites"]]
    return "\n".join(lines) + "\n\n"


def _why(rule: Mapping[str, Any]) -> str:
    failure = rule.get("failure")
    return str(failure["title"]) if failure else str(rule.get("reason") or "")


def _cell(text: str) -> str:
    return " ".join(str(text).replace("|", "\\|").split())[:300]
