"""Documentation coverage: per operation, documented parameters -> their rules -> verdicts per site.

A pure function of the model (`spec/`, through `spec/documented.py`) and, optionally, a results document. Per
operation: every documented parameter with the rules about it; the parameters the model leaves out, and why; the
modelled parameters no constraint rule names; the constraint sentences of the docs no rule states; the rules about
the operation as a whole. With a results document, every rule also carries its verdict and exercised examples on
each site, and the rules no site exercised are listed with the reasons the run gave. Coverage is not stored in
results.json: it is computed against the installed model, so a results document of another model version shows
the rules it lacks as "not in the results". Renderers: `coverage_text.py` (terminal, Markdown) and
`templates/coverage.html.j2` (a section of report.html).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chargebee_conformance.reports.document import (
    BROKEN,
    HELD,
    OBSERVED,
    QUESTIONABLE,
    RANK,
    WAIVED,
    Results,
    RuleEntry,
    SiteEntry,
)
from chargebee_conformance.spec.documented import (
    PROTOCOL_PARAMS,
    Counts,
    counts,
    documented_params,
    operation_wide_rules,
    rules_of_param,
)
from chargebee_conformance.spec.model import REQUEST_KINDS, Kind, LeftOut, Operation, Rule, SentenceWithoutRule
from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.spec.promises import PROTOCOL_RULES
from chargebee_conformance.spec.settings import ANY_SITE

# A rule of the model the results document does not list (it was written by another model version).
NOT_IN_RESULTS = "not in the results"
# Verdicts that mean an example reached the rule: it was judged, or (silent rules) observed.
EXERCISED_VERDICTS = frozenset({BROKEN, QUESTIONABLE, WAIVED, HELD, OBSERVED})
CONSTRAINT, PROMISE, PROTOCOL = "constraint", "promise", "protocol"
MODEL_OPERATIONS = frozenset(op.id for op in OPERATIONS)


@dataclass(frozen=True)
class SiteVerdict:
    site: str
    verdict: str
    exercised: int  # examples that exercised the rule on this site
    reason: str  # why it was skipped or not exercised (the run's words)
    judged_under: str = ""  # the operation(s) it was judged under, when not this one (a protocol rule)


@dataclass(frozen=True)
class RuleCoverage:
    id: str
    label: str  # the id without its operation's prefix
    family: str  # constraint (a request rule), promise (about the response) or protocol
    binding: str
    verdicts: tuple[SiteVerdict, ...]  # one per site of the results; none without results
    requires: str = ""  # the site settings the rule needs ("" for any site), which explain many skips

    @property
    def exercised(self) -> int:
        return sum(v.exercised for v in self.verdicts)

    @property
    def exercised_on_run(self) -> bool:
        return any(v.verdict in EXERCISED_VERDICTS for v in self.verdicts)


@dataclass(frozen=True)
class ParamCoverage:
    name: str
    location: str
    rules: tuple[RuleCoverage, ...]

    @property
    def has_constraint_rule(self) -> bool:
        return any(rule.family == CONSTRAINT for rule in self.rules)


@dataclass(frozen=True)
class OperationCoverage:
    id: str
    title: str
    request: str  # "POST /api/v2/invoices/{invoice_id}/add_charge"
    source: str  # the page the operation was modelled from
    params: tuple[ParamCoverage, ...]  # the modelled ones: path, then declared
    left_out: tuple[LeftOut, ...]
    sentences: tuple[SentenceWithoutRule, ...]  # constraint sentences no rule states
    whole: tuple[RuleCoverage, ...]  # rules about no single parameter
    counts: Counts
    rules: tuple[RuleCoverage, ...]  # all of the operation's own rules, in the model's order

    @property
    def has_results(self) -> bool:
        return any(rule.verdicts for rule in self.rules)

    @property
    def without_rule(self) -> tuple[ParamCoverage, ...]:
        return tuple(p for p in self.params if not p.has_constraint_rule)

    @property
    def exercised(self) -> int:
        """Rules of the operation some site exercised on this run."""
        return sum(1 for rule in self.rules if rule.exercised_on_run)

    @property
    def not_exercised(self) -> tuple[RuleCoverage, ...]:
        """With results: the operation's rules no site exercised (each verdict carries the run's reason)."""
        return tuple(rule for rule in self.rules if rule.verdicts and not rule.exercised_on_run)


@dataclass(frozen=True)
class Coverage:
    sites: tuple[str, ...]  # the results' sites, in their order; () without results
    results: str  # what the verdicts come from ("" without results)
    operations: tuple[OperationCoverage, ...]
    protocol: tuple[RuleCoverage, ...]  # protocol rules (shown when every operation is)

    @property
    def total(self) -> Counts:
        total = Counts(0, 0, 0, 0, 0)
        for op in self.operations:
            total += op.counts
        return total

    @property
    def has_results(self) -> bool:
        return bool(self.sites)

    @property
    def rule_count(self) -> int:
        return sum(len(op.rules) for op in self.operations)

    @property
    def exercised(self) -> int:
        return sum(op.exercised for op in self.operations)


def build_coverage(doc: Results | None = None, *, operations: Sequence[Operation] = OPERATIONS,
                   protocol_rules: Sequence[Rule] = PROTOCOL_RULES, results: str = "") -> Coverage:
    """Coverage of `operations` (default: all six, then the protocol rules); with `doc`, its verdicts.

    `results` names where `doc` comes from, for the heading (a path)."""
    index = _Index(doc)
    every_operation = [op.id for op in operations] == [op.id for op in OPERATIONS]
    return Coverage(
        sites=index.sites, results=results if doc is not None else "",
        operations=tuple(_operation(op, protocol_rules, index) for op in operations),
        protocol=tuple(index.rule(rule, "") for rule in protocol_rules) if every_operation else (),
    )


def _operation(op: Operation, protocol_rules: Sequence[Rule], index: _Index) -> OperationCoverage:
    def coverage(rules: Iterable[Rule]) -> tuple[RuleCoverage, ...]:
        return tuple(index.rule(rule, op.id) for rule in rules)

    linked = [rule for rule in protocol_rules if rule.id in PROTOCOL_PARAMS]
    params = tuple(ParamCoverage(p.name, p.location.value, coverage(rules_of_param(op, p.name, linked)))
                   for p in documented_params(op) if p.modelled)
    return OperationCoverage(
        id=op.id, title=op.title, request=f"{op.method} {op.url_path(invoice_id='{invoice_id}')}", source=op.seed,
        params=params, left_out=op.left_out, sentences=op.sentences_without_rule,
        whole=coverage(operation_wide_rules(op)), counts=counts(op), rules=coverage(op.rules),
    )


def family(rule: Rule) -> str:
    if rule.kind in REQUEST_KINDS:
        return CONSTRAINT
    return PROMISE if rule.kind is Kind.RESPONSE else PROTOCOL


class _Index:
    """The results' entries by site and rule id, each with the operation entry it was found under."""

    def __init__(self, doc: Results | None) -> None:
        site_list = doc["sites"] if doc is not None else []
        self.sites = tuple(site["name"] for site in site_list)
        self.entries = [_by_rule(site) for site in site_list]

    def rule(self, rule: Rule, op_id: str) -> RuleCoverage:
        label = rule.id.removeprefix(f"{op_id}.") if op_id else rule.id
        verdicts = tuple(_verdict(name, found.get(rule.id, []), op_id)
                         for name, found in zip(self.sites, self.entries, strict=True))
        requires = "" if rule.requires == ANY_SITE else rule.requires.describe()
        return RuleCoverage(rule.id, label, family(rule), rule.binding.value, verdicts, requires)


def _by_rule(site: SiteEntry) -> dict[str, list[tuple[str, RuleEntry]]]:
    found: dict[str, list[tuple[str, RuleEntry]]] = {}
    for op in site["operations"]:
        for entry in op["rules"]:
            found.setdefault(entry["rule"], []).append((op["id"], entry))
    return found



def _verdict(site: str, found: list[tuple[str, RuleEntry]], op_id: str) -> SiteVerdict:
    """The rule's verdict on one site: merged over the entries under this operation and under groups that are no
    operation (stateful, auth, protocol); a rule judged only under other operations (a protocol rule judged once
    per site) takes theirs and says where."""
    own = [entry for where, entry in found if where == op_id or where not in MODEL_OPERATIONS]
    judged_under = ""
    if not own and found:
        own = [entry for _, entry in found]
        judged_under = ", ".join(dict.fromkeys(where for where, _ in found))
    if not own:
        return SiteVerdict(site, NOT_IN_RESULTS, 0, "")
    verdict = max((entry["verdict"] for entry in own), key=lambda v: RANK.get(v, -1))
    reasons = dict.fromkeys(entry["reason"] for entry in own if entry["verdict"] == verdict and entry["reason"])
    return SiteVerdict(site, verdict, sum(entry["exercised"] for entry in own), "; ".join(reasons), judged_under)
