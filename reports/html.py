"""The static HTML report: one self-contained file (inline CSS, no script, no network assets).

This module turns the results document into a view (per site: a matrix of rules x operations, the failures,
the skip reasons, the observations); `templates/report.html.j2` lays it out. Output depends on the document
only (no clock, no environment), so the file can be pinned by a snapshot test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reports.document import BROKEN, HELD, OBSERVED, SKIPPED, VERDICTS, WAIVED, Results, RuleEntry, SiteEntry
from reports.junit import ILLEGAL_XML
from reports.redact import redact

TEMPLATES = Path(__file__).parent / "templates"
# Colour is never the only signal: every cell also carries a symbol and a word.
SYMBOLS = {HELD: "✓", BROKEN: "✗", SKIPPED: "–", OBSERVED: "•", WAIVED: "≈"}


@dataclass(frozen=True)
class Cell:
    verdict: str
    rule: str
    anchor: str  # the failure's id, for a broken cell

    @property
    def tooltip(self) -> str:
        return f"{self.rule}: {self.verdict}"


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell | None, ...]  # one per column; None where the operation has no such rule


@dataclass(frozen=True)
class FailureView:
    anchor: str
    operation: str
    entry: RuleEntry


@dataclass(frozen=True)
class SiteView:
    site: SiteEntry
    anchor: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    failures: tuple[FailureView, ...]
    skipped: tuple[tuple[str, tuple[str, ...]], ...]  # reason, rule ids
    observed: tuple[tuple[str, RuleEntry], ...]  # operation, entry


def row_label(operation: str, rule: str) -> str:
    """`v2.charge.description.max_length` in column v2.charge is row `description.max_length`, shared with the
    same rule of the other operations; a rule outside its operation's namespace keeps its full id."""
    prefix = f"{operation}."
    return rule[len(prefix):] if rule.startswith(prefix) else rule


def site_view(site: SiteEntry, anchors: Anchors) -> SiteView:
    columns = tuple(op["id"] for op in site["operations"])
    grid: dict[str, dict[str, Cell]] = {}
    failures: list[FailureView] = []
    skipped: dict[str, list[str]] = {}
    observed: list[tuple[str, RuleEntry]] = []
    for op in site["operations"]:
        for entry in op["rules"]:
            anchor = ""
            if entry["verdict"] == BROKEN:
                anchor = anchors.new(f"{site['name']}-{entry['rule']}")
                failures.append(FailureView(anchor, op["id"], entry))
            elif entry["verdict"] == SKIPPED:
                skipped.setdefault(entry["reason"] or "no reason given", []).append(entry["rule"])
            elif entry["verdict"] == OBSERVED:
                observed.append((op["id"], entry))
            grid.setdefault(row_label(op["id"], entry["rule"]), {})[op["id"]] = Cell(entry["verdict"],
                                                                                    entry["rule"], anchor)
    rows = tuple(Row(label, tuple(cells.get(column) for column in columns)) for label, cells in grid.items())
    return SiteView(site, anchors.new(f"site-{site['name']}"), columns, rows, tuple(failures),
                    tuple((reason, tuple(rules)) for reason, rules in skipped.items()), tuple(observed))


class Anchors:
    """Readable, unique element ids (a rule id holds brackets; two may slug alike)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self, text: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"
        anchor, number = base, 2
        while anchor in self.used:
            anchor, number = f"{base}-{number}", number + 1
        self.used.add(anchor)
        return anchor


def _finalize(value: object) -> object:
    """Every value the template prints passes here: masked, and rid of characters HTML cannot show."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return ILLEGAL_XML.sub("\ufffd", redact(value))
    return value


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       finalize=_finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_html(doc: Results) -> str:
    anchors = Anchors()
    sites = [site_view(site, anchors) for site in doc["sites"]]
    template = _environment().get_template("report.html.j2")
    return template.render(doc=doc, run=doc["run"], summary=doc["summary"], sites=sites, verdicts=VERDICTS,
                           symbols=SYMBOLS)


def write_html(doc: Results, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(doc), encoding="utf-8")
    return path
