"""The coverage view (`coverage.py`) as plain text for a terminal, as Markdown (a PR comment, a wiki page), and
what the report's coverage section (`templates/coverage.html.j2`) reads.

Each leads with the counts per operation, then per operation: each modelled parameter and its rules (with the
verdict and exercised examples per site when there are results), the rules about the operation as a whole, what is
left out, the parameters without a constraint rule, the constraint sentences without a rule, and the rules no site
exercised, with the run's reasons.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from chargebee_conformance.reports.coverage import (
    NOT_IN_RESULTS,
    Coverage,
    OperationCoverage,
    ParamCoverage,
    RuleCoverage,
    SiteVerdict,
)
from chargebee_conformance.reports.document import SKIPPED, VERDICTS
from chargebee_conformance.reports.html import SYMBOLS
from chargebee_conformance.spec.documented import Counts

WIDTH = 110
SYMBOL = {**SYMBOLS, NOT_IN_RESULTS: "·"}
ELSEWHERE = "*"  # marks a verdict taken from another operation (a protocol rule judged once per site)
COLUMNS = ("documented", "modelled", "left out", "without rule", "sentences", "rules", "exercised")
COUNTS_KEY = (
    "documented: the parameters the pages and the v1 OpenAPI file give the operation (path, headers, body); "
    "modelled: declared in spec/, the rest are left out with a reason; without rule: modelled parameters no "
    "constraint rule names; sentences: constraint sentences of the docs no rule states"
)
EXERCISED_KEY = "; exercised: the operation's rules some site exercised on this run"


# -- shared ------------------------------------------------------------------------------------------------------
def heading(coverage: Coverage) -> str:
    if coverage.has_results:
        return f"Documentation coverage of the model (spec/), with the verdicts of {coverage.results}"
    return ("Documentation coverage of the model (spec/); pass a run's results.json (e.g. reports/out/results.json) "
            "for verdicts and exercised examples")


def columns(coverage: Coverage) -> tuple[str, ...]:
    """The count columns: "exercised" only with results."""
    return COLUMNS if coverage.has_results else COLUMNS[:-1]


def counts_key(coverage: Coverage) -> str:
    return COUNTS_KEY + (EXERCISED_KEY if coverage.has_results else "") + "."


def count_rows(coverage: Coverage) -> list[list[str]]:
    """One row per operation (and a total when there are several), in `columns` order."""
    def row(name: str, c: Counts, rules: int, exercised: int) -> list[str]:
        values = (c.documented, c.modelled, c.left_out, c.without_rule, c.sentences_without_rule, rules, exercised)
        return [name, *map(str, values[:len(columns(coverage))])]

    rows = [row(op.id, op.counts, len(op.rules), op.exercised) for op in coverage.operations]
    if len(coverage.operations) > 1:
        rows.append(row("all", coverage.total, coverage.rule_count, coverage.exercised))
    return rows


def summary_line(op: OperationCoverage) -> str:
    c = op.counts
    exercised = f", {op.exercised} exercised on this run" if op.has_results else ""
    return (f"{c.documented} documented parameters: {c.modelled} modelled, {c.left_out} left out, "
            f"{c.without_rule} without a constraint rule; {c.sentences_without_rule} constraint sentences without "
            f"a rule; {len(op.rules)} rules{exercised}")


def site_key(coverage: Coverage) -> str:
    return "sites: " + "  ".join(f"[{i}] {site}" for i, site in enumerate(coverage.sites, 1))


def cell_key() -> str:
    verdicts = ", ".join(f"{SYMBOL[v]} {v}" for v in (*VERDICTS, NOT_IN_RESULTS))
    return (f"each site: the verdict and the examples that exercised the rule ({verdicts}; {ELSEWHERE} judged under "
            "another operation)")


def site_columns(coverage: Coverage) -> list[str]:
    return [f"[{i}]" for i in range(1, len(coverage.sites) + 1)]


def cell(verdict: SiteVerdict) -> str:
    if verdict.verdict in (SKIPPED, NOT_IN_RESULTS):
        return SYMBOL[verdict.verdict]
    mark = ELSEWHERE if verdict.judged_under else ""
    return f"{SYMBOL.get(verdict.verdict, '?')} {verdict.exercised}{mark}"


def why_not(rule: RuleCoverage, *, by_name: bool = False) -> list[str]:
    """"[1] [3] skipped: reason" for a rule no site exercised, sites with the same answer together (`by_name`:
    "site-a, site-c: skipped: reason")."""
    grouped: dict[str, list[str]] = {}
    for number, verdict in enumerate(rule.verdicts, 1):
        said = f"{verdict.verdict}: {verdict.reason}" if verdict.reason else verdict.verdict
        grouped.setdefault(said, []).append(verdict.site if by_name else f"[{number}]")
    if by_name:
        return [f"{', '.join(sites)}: {said}" for said, sites in grouped.items()]
    return [f"{' '.join(sites)} {said}" for said, sites in grouped.items()]


def needing(rule: RuleCoverage) -> str:
    """`subscription_id.exists (needs consolidated_invoicing)`: a rule's label with the settings it needs."""
    return f"{rule.label} (needs {rule.requires})" if rule.requires else rule.label


def touched_by(param: ParamCoverage) -> str:
    """What judges a parameter that no constraint rule names."""
    return "only " + ", ".join(rule.label for rule in param.rules) if param.rules else "no rule at all"


def rule_groups(op: OperationCoverage) -> list[tuple[str, tuple[RuleCoverage, ...]]]:
    return [*((f"{p.name} ({p.location})", p.rules) for p in op.params), ("the operation as a whole", op.whole)]


# -- terminal ----------------------------------------------------------------------------------------------------
def render_terminal(coverage: Coverage) -> str:
    lines = [heading(coverage), "", *_table([["operation", *columns(coverage)], *count_rows(coverage)], numeric=True),
             "", *_wrapped(counts_key(coverage), "")]
    if coverage.has_results:
        lines += ["", *_wrapped(site_key(coverage), ""), *_wrapped(cell_key(), "")]
    for op in coverage.operations:
        lines += ["", *_operation_text(op, coverage)]
    if coverage.protocol:
        lines += ["", "protocol rules (about every operation; each judged once per site)", "",
                  *_rule_table([("", coverage.protocol)], coverage)]
        if coverage.has_results:
            lines += _not_exercised_text(tuple(r for r in coverage.protocol if not r.exercised_on_run))
    return "\n".join(lines) + "\n"


def _operation_text(op: OperationCoverage, coverage: Coverage) -> list[str]:
    lines = [f"{op.id}: {op.title}", f"{op.request}, from {op.source}", *_wrapped(summary_line(op), ""), ""]
    lines += _rule_table(rule_groups(op), coverage)
    lines += _section(f"left out ({len(op.left_out)})", [
        (f"{p.name} ({p.location.value}): {p.reason}", f"the docs: “{p.quote}” ({p.source})") for p in op.left_out])
    lines += _section(f"without a constraint rule ({len(op.without_rule)})", [
        (f"{p.name} ({p.location}): {touched_by(p)}", "") for p in op.without_rule])
    lines += _section(f"constraint sentences without a rule ({len(op.sentences)})", [
        (f"{', '.join(s.params)}: “{s.quote}” ({s.source})", f"why: {s.reason}") for s in op.sentences])
    if op.has_results:
        lines += _not_exercised_text(op.not_exercised)
    return lines


def _rule_table(groups: Iterable[tuple[str, tuple[RuleCoverage, ...]]], coverage: Coverage) -> list[str]:
    rows = [["  rule" if not any(title for title, _ in groups) else "  parameter and its rules", "binding",
             *site_columns(coverage)]]
    for title, rules in groups:
        indent = "    " if title else "  "
        if title:
            rows.append([f"  {title}"])
        rows += [[indent + rule.label, rule.binding, *(cell(v) for v in rule.verdicts)] for rule in rules]
        if not rules:
            rows.append([f"{indent}(no rule)"])
    return _table(rows)


def _not_exercised_text(rules: tuple[RuleCoverage, ...]) -> list[str]:
    return _section(f"not exercised on this run ({len(rules)})",
                    [(needing(rule), "\n".join(why_not(rule))) for rule in rules])


def _section(title: str, items: list[tuple[str, str]]) -> list[str]:
    if not items:
        return []
    lines = ["", f"  {title}"]
    for first, second in items:
        lines += _wrapped(first, "    ")
        for part in second.splitlines():
            lines += _wrapped(part, "      ")
    return lines


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ",
                         break_on_hyphens=False, break_long_words=False) or [indent]


def _table(rows: list[list[str]], *, numeric: bool = False) -> list[str]:
    """Columns padded to their widest cell (numbers right-aligned); a row of one cell (a title) spans them."""
    cells = [row for row in rows if len(row) > 1]
    widths = [max(len(row[i]) for row in cells if i < len(row)) for i in range(max(len(row) for row in cells))]
    return [row[0] if len(row) == 1 else "  ".join(
        value.rjust(widths[i]) if numeric and i else value.ljust(widths[i]) for i, value in enumerate(row)).rstrip()
        for row in rows]


# -- Markdown ----------------------------------------------------------------------------------------------------
def render_markdown(coverage: Coverage) -> str:
    lines = ["## Documentation coverage", "", heading(coverage) + ".", "",
             _md_row(["operation", *columns(coverage)]), "| --- |" + " ---: |" * len(columns(coverage)),
             *(_md_row([f"`{row[0]}`" if row[0] != "all" else "**all**", *row[1:]]) for row in count_rows(coverage)),
             "", counts_key(coverage)]
    if coverage.has_results:
        lines += ["", site_key(coverage).capitalize() + ".", "", cell_key().capitalize() + "."]
    for op in coverage.operations:
        lines += ["", *_operation_markdown(op, coverage)]
    if coverage.protocol:
        lines += ["", "### Protocol rules", "", *_md_rules([("every operation", coverage.protocol)], coverage)]
        if coverage.has_results:
            lines += _md_not_exercised(tuple(r for r in coverage.protocol if not r.exercised_on_run))
    return "\n".join(lines) + "\n"


def _operation_markdown(op: OperationCoverage, coverage: Coverage) -> list[str]:
    lines = [f"### {op.id}: {op.title}", "", f"`{op.request}`, from `{op.source}`. {summary_line(op)}.", ""]
    lines += _md_rules(rule_groups(op), coverage)
    lines += _md_list(f"Left out ({len(op.left_out)})", [
        f"`{p.name}` ({p.location.value}): {p.reason} The docs: “{p.quote}” ({p.source})" for p in op.left_out])
    lines += _md_list(f"Without a constraint rule ({len(op.without_rule)})", [
        f"`{p.name}` ({p.location}): {touched_by(p)}" for p in op.without_rule])
    lines += _md_list(f"Constraint sentences without a rule ({len(op.sentences)})", [
        f"{', '.join(f'`{n}`' for n in s.params)}: “{s.quote}” ({s.source}). Why: {s.reason}"
        for s in op.sentences])
    if op.has_results:
        lines += _md_not_exercised(op.not_exercised)
    return lines


def _md_not_exercised(rules: tuple[RuleCoverage, ...]) -> list[str]:
    return _md_list(f"Not exercised on this run ({len(rules)})", [
        f"`{rule.label}`{needing(rule).removeprefix(rule.label)}: " + "; ".join(why_not(rule)) for rule in rules])


def _md_rules(groups: Iterable[tuple[str, tuple[RuleCoverage, ...]]], coverage: Coverage) -> list[str]:
    header = ["parameter", "rule", "binding", *site_columns(coverage)]
    rows = [_md_row(header), "|" + " --- |" * len(header)]
    for title, rules in groups:
        shown = f"`{title.split(' (')[0]}` ({title.split(' (')[1]}" if " (" in title else title
        for number, rule in enumerate(rules):
            rows.append(_md_row([shown if number == 0 else "", f"`{rule.label}`", rule.binding,
                                 *(cell(v) for v in rule.verdicts)]))
        if not rules:
            rows.append(_md_row([shown, "(no rule)", "", *("" for _ in coverage.sites)]))
    return rows


def _md_list(title: str, items: list[str]) -> list[str]:
    return ["", f"**{title}**", "", *(f"- {_md_text(item)}" for item in items)] if items else []


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(_md_text(c) for c in cells) + " |"


def _md_text(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


# -- the report's section ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CoverageSection:
    """What `templates/coverage.html.j2` shows: the coverage, in the words and cells of the text renderers."""

    coverage: Coverage

    @property
    def heading(self) -> str:
        return heading(self.coverage)

    @property
    def columns(self) -> tuple[str, ...]:
        return columns(self.coverage)

    @property
    def count_rows(self) -> list[list[str]]:
        return count_rows(self.coverage)

    @property
    def counts_key(self) -> str:
        return counts_key(self.coverage)

    # Per operation, parameter and rule, the template calls the text renderers' own helpers.
    summary = staticmethod(summary_line)
    groups = staticmethod(rule_groups)
    cell = staticmethod(cell)
    why_not = staticmethod(why_not)
    needing = staticmethod(needing)
    touched_by = staticmethod(touched_by)
