"""A baseline of known deviations of a target (docs/decisions.md D26): broken rules it lists become "waived".

    [[waiver]]
    rule = "v2.charge.invoice_date.backdating"   # a rule id from spec/
    site = "acme-test"                             # optional: only on this site (profile name)
    reason = "vendor ticket 1234: fixed in the next release"
    expires = 2027-01-31                           # optional: after this day the rule counts as broken again

A waived rule keeps its failure evidence in the reports; it no longer makes `run` exit non-zero.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chargebee_conformance.reports.document import BROKEN, WAIVED, ReportError, Results, count_verdicts


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    site: str | None = None
    expires: date | None = None

    def covers(self, site: str, rule: str, today: date) -> bool:
        return (self.rule == rule and (self.site is None or self.site == site)
                and (self.expires is None or today <= self.expires))


def load_waivers(path: Path | str) -> tuple[Waiver, ...]:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"waivers {path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ReportError(f"waivers {path}: not valid TOML ({error})") from None
    entries = data.get("waiver", [])
    if set(data) - {"waiver"} or not isinstance(entries, list):
        raise ReportError(f"waivers {path}: expected only [[waiver]] tables")
    return tuple(_waiver(path, index, entry) for index, entry in enumerate(entries))


def _waiver(path: Path, index: int, entry: object) -> Waiver:
    where = f"waivers {path}: waiver {index + 1}"
    if not isinstance(entry, dict):
        raise ReportError(f"{where} is not a table")
    unknown = set(entry) - {"rule", "site", "reason", "expires"}
    if unknown:
        raise ReportError(f"{where} has unknown key(s) {', '.join(sorted(unknown))}")
    rule, reason = entry.get("rule"), entry.get("reason")
    if not isinstance(rule, str) or not rule or not isinstance(reason, str) or not reason:
        raise ReportError(f"{where} needs a rule id and a reason")
    expires = entry.get("expires")
    if expires is not None and not isinstance(expires, date):
        raise ReportError(f"{where}: expires must be a date such as 2027-01-31, got {expires!r}")
    site = entry.get("site")
    if site is not None and not isinstance(site, str):
        raise ReportError(f"{where}: site must be a profile name")
    return Waiver(rule, reason, site, expires)


def apply_waivers(doc: Results, waivers: Sequence[Waiver], today: date) -> Results:
    """A copy of the results with each broken rule a waiver covers marked waived (reason: the waiver's)."""
    if not waivers:
        return doc
    waived = deepcopy(doc)
    for site in waived["sites"]:
        for operation in site["operations"]:
            for entry in operation["rules"]:
                match = next((w for w in waivers if w.covers(site["name"], entry["rule"], today)), None)
                if entry["verdict"] == BROKEN and match is not None:
                    entry["verdict"], entry["reason"] = WAIVED, f"{match.reason} (was: {entry['reason']})"
        site["summary"] = count_verdicts([e for op in site["operations"] for e in op["rules"]])
    waived["summary"] = count_verdicts([e for s in waived["sites"] for op in s["operations"] for e in op["rules"]])
    return waived
