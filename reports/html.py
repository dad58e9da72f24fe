"""The static HTML report: one self-contained file (inline CSS, no script, no network assets).

This module turns the results document into a view (first the cards of what broke, reports/cards.py; then per
site: a matrix of rules x operations, the reasons for rules not exercised or skipped, the observations) and holds
the words of the legend; `templates/report.html.j2` lays it out. Output depends on the document
only (no clock, no environment), so the file can be pinned by a snapshot test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from chargebee_conformance.reports.cards import card_groups, failing_rules
from chargebee_conformance.reports.document import (
    BINDING_MEANINGS,
    BROKEN,
    HELD,
    NOT_EXERCISED,
    OBSERVED,
    QUESTIONABLE,
    SKIPPED,
    VERDICTS,
    WAIVED,
    Results,
    RuleEntry,
    SiteEntry,
)
from chargebee_conformance.reports.junit import ILLEGAL_XML
from chargebee_conformance.reports.redact import redact

if TYPE_CHECKING:  # coverage_render reads this module's symbols
    from chargebee_conformance.reports.coverage_render import CoverageSection

TEMPLATES = Path(__file__).parent / "templates"
# Colour is never the only signal: every cell also carries a symbol and a word.
SYMBOLS = {HELD: "✓", BROKEN: "✗", QUESTIONABLE: "?", SKIPPED: "–", NOT_EXERCISED: "○", OBSERVED: "•",
           WAIVED: "≈"}
# The legend, one line per verdict (in VERDICTS order); the bindings' lines are BINDING_MEANINGS.
VERDICT_MEANINGS = {
    BROKEN: "a promise of the docs was not kept (its card, with a reproducer, is under What broke)",
    QUESTIONABLE: "a convention rule was not kept: no sentence of the docs demands it, so it fails a run only "
                  "with --strict (card under What broke)",
    WAIVED: "broken, but accepted by the baseline file (card under What broke)",
    HELD: "kept, by examples that met the rule's precondition",
    OBSERVED: "the docs say nothing: what the target did is recorded, never failed",
    NOT_EXERCISED: "tests ran, but no example met the rule's precondition (reason below)",
    SKIPPED: "not run on this site (reason below)",
}
# Verdicts listed by their reason (broken, questionable and waived rules have cards: reports/cards.py).
BY_REASON = (NOT_EXERCISED, SKIPPED)


def css_class(verdict: str) -> str:
    """`v-held`, `v-not-exercised`: a verdict with a space would otherwise be two classes."""
    return "v-" + verdict.replace(" ", "-")


@dataclass(frozen=True)
class Cell:
    verdict: str
    rule: str
    anchor: str  # the card's id, for a broken, questionable or waived cell

    @property
    def tooltip(self) -> str:
        return f"{self.rule}: {self.verdict}"


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell | None, ...]  # one per column; None where the operation has no such rule


Reasons = tuple[tuple[str, tuple[str, ...]], ...]  # reason, rule ids
CardKey = tuple[str, str, str]  # site, operation, rule


@dataclass(frozen=True)
class SiteView:
    site: SiteEntry
    anchor: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    cards: tuple[Cell, ...]  # this site's broken, questionable and waived rules, linking to their cards above
    not_exercised: Reasons
    skipped: Reasons
    observed: tuple[tuple[str, RuleEntry], ...]  # operation, entry


def row_label(operation: str, rule: str) -> str:
    """`v2.charge.description.max_length` in column v2.charge is row `description.max_length`, shared with the
    same rule of the other operations; a rule outside its operation's namespace keeps its full id."""
    prefix = f"{operation}."
    return rule[len(prefix):] if rule.startswith(prefix) else rule


def site_view(site: SiteEntry, anchor: str, card_anchors: dict[CardKey, str]) -> SiteView:
    columns = tuple(op["id"] for op in site["operations"])
    grid: dict[str, dict[str, Cell]] = {}
    cards: list[Cell] = []
    reasons: dict[str, dict[str, list[str]]] = {verdict: {} for verdict in BY_REASON}
    observed: list[tuple[str, RuleEntry]] = []
    for op in site["operations"]:
        for entry in op["rules"]:
            verdict = entry["verdict"]
            cell = Cell(verdict, entry["rule"], card_anchors.get((site["name"], op["id"], entry["rule"]), ""))
            if cell.anchor:
                cards.append(cell)
            elif verdict in reasons:
                reasons[verdict].setdefault(entry["reason"] or "no reason given", []).append(entry["rule"])
            elif verdict == OBSERVED:
                observed.append((op["id"], entry))
            grid.setdefault(row_label(op["id"], entry["rule"]), {})[op["id"]] = cell
    rows = tuple(Row(label, tuple(cells.get(column) for column in columns)) for label, cells in grid.items())
    return SiteView(site, anchor, columns, rows, tuple(cards), _grouped(reasons[NOT_EXERCISED]),
                    _grouped(reasons[SKIPPED]), tuple(observed))


def _grouped(by_reason: dict[str, list[str]]) -> Reasons:
    return tuple((reason, tuple(rules)) for reason, rules in by_reason.items())


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


def jinja_environment() -> Environment:
    """The templates folder, autoescaped, every printed value through `_finalize` (masked)."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                              finalize=_finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters["css"] = css_class
    return environment


def render_html(doc: Results, coverage: CoverageSection | None = None) -> str:
    """The report; with `coverage`, its documentation-coverage section at the end (templates/coverage.html.j2)."""
    anchors = Anchors()
    site_anchors = {site["name"]: anchors.new(f"site-{site['name']}") for site in doc["sites"]}
    failing = failing_rules(doc)
    card_anchors = {(f.site, f.operation, f.entry["rule"]): anchors.new(f"{f.site}-{f.entry['rule']}")
                    for f in failing}
    groups = card_groups(failing, card_anchors, site_anchors)
    sites = [site_view(site, site_anchors[site["name"]], card_anchors) for site in doc["sites"]]
    template = jinja_environment().get_template("report.html.j2")
    return template.render(doc=doc, run=doc["run"], summary=doc["summary"], sites=sites, groups=groups,
                           verdicts=VERDICTS, symbols=SYMBOLS, verdict_meanings=VERDICT_MEANINGS,
                           binding_meanings=BINDING_MEANINGS, coverage=coverage)


def write_html(doc: Results, path: Path | str, coverage: CoverageSection | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(doc, coverage), encoding="utf-8")
    return path
