"""One-violation cases: one generator per rule kind, each driven by the rule's own data.

A generator draws what to force (`Overrides`), lets the builder fill in an otherwise valid request around it,
and labels the case with the rule, its binding and the outcome the docs promise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Kind, Operation, Rule
from chargebee_conformance.spec.wire import base_name
from chargebee_conformance.spec.world import World
from chargebee_conformance.strategies import fields, usage, values
from chargebee_conformance.strategies.boundaries import invoice_date_window, rejected_invoice_dates, reversed_periods
from chargebee_conformance.strategies.build import build
from chargebee_conformance.strategies.draft import NO_OVERRIDES, Draft, Overrides
from chargebee_conformance.strategies.feasibility import why_not
from chargebee_conformance.strategies.lists import companions
from chargebee_conformance.strategies.notes import length_note
from chargebee_conformance.strategies.plan import Plan, make_plan
from chargebee_conformance.strategies.support import Unsupported, require_offered

Mutation = Callable[[st.DrawFn], tuple[Overrides, str]]
Finish = Callable[[st.DrawFn, Draft], str]
Generator = Callable[[Plan, Rule], SearchStrategy[Case]]


def cases_from(
    plan: Plan, rule: Rule, mutate: Mutation, finish: Finish | None = None,
) -> SearchStrategy[Case]:
    extra = companions(plan, rule.subject) or {}

    @st.composite
    def cases(draw: st.DrawFn) -> Case:
        overrides, note = mutate(draw)
        if extra:
            overrides = replace(overrides, values={**extra, **overrides.values})
        draft = build(draw, plan, overrides)
        if finish is not None:
            note = finish(draw, draft)
        return draft.to_case(plan.op, rule, note)

    return cases()


def plausible(plan: Plan, name: str) -> SearchStrategy[str] | None:
    """Valid values for a parameter, whether or not a valid case on this world would send it."""
    slot = plan.slot(name)
    return slot.values if slot is not None else fields.plausible_values(plan.op.param(name), plan.world)


def forced(name: str, strategy: SearchStrategy[str], describe: Callable[[str], str]) -> Mutation:
    def mutate(draw: st.DrawFn) -> tuple[Overrides, str]:
        value = draw(strategy)
        return Overrides(values={name: value}), describe(value)

    return mutate


def _required(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    """Omitted, or sent as the empty string (docs/decisions.md A9); shrinks towards omitted."""
    name = rule.subject

    def mutate(draw: st.DrawFn) -> tuple[Overrides, str]:
        if draw(st.booleans()):
            return Overrides(values={name: ""}), f"{name} sent empty"
        return Overrides(omit=frozenset({name})), f"{name} omitted"

    return cases_from(plan, rule, mutate)


def _max_length(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    assert rule.limit is not None
    limit, param = rule.limit, plan.op.param(rule.subject)
    bad = fields.too_long_values(param, limit)
    return cases_from(plan, rule, forced(param.name, bad, lambda v: length_note(param.name, v, limit)))


def _minimum(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    assert rule.limit is not None
    name, limit = rule.subject, rule.limit
    bad = values.integers_below(limit)
    return cases_from(plan, rule, forced(name, bad, lambda v: f"{name}={v} (minimum {limit})"))


def _integer(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    name = rule.subject
    bad = values.non_integers()
    return cases_from(plan, rule, forced(name, bad, lambda v: f"{name}={v!r}, not an integer"))


def _boolean(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    name = rule.subject
    bad = values.non_booleans()
    return cases_from(plan, rule, forced(name, bad, lambda v: f"{name}={v!r}, not a boolean"))


def _enum(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    name, members = rule.subject, rule.values
    bad = values.clearly_outside(members)
    listed = ", ".join(members)
    return cases_from(plan, rule, forced(name, bad, lambda v: f"{name}={v!r}, not one of {listed}"))


def _exists(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    name = rule.subject
    if name == "invoice_id":
        def mutate(draw: st.DrawFn) -> tuple[Overrides, str]:
            missing = draw(values.missing_ids(None))
            return Overrides(invoice_id=missing), f"invoice {missing} does not exist"

        return cases_from(plan, rule, mutate)
    limit = plan.op.param(name).max_length
    bad = values.missing_ids(limit)
    return cases_from(plan, rule, forced(name, bad, lambda v: f"{name}={v} does not exist"))


def _one_of_required(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    """Neither id; parameters tied to the dropped ids (coupon, currency_code) go with them."""
    note = "neither " + " nor ".join(rule.params)
    return cases_from(plan, rule, lambda draw: (Overrides(omit=frozenset(rule.params)), note))


def _requires_param(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    """The subject with a valid value, its partner left out (the other identity takes its place)."""
    subject, partner = rule.params
    good = plausible(plan, subject)
    assert good is not None

    def mutate(draw: st.DrawFn) -> tuple[Overrides, str]:
        overrides = Overrides(values={subject: draw(good)}, omit=frozenset({partner}))
        return overrides, f"{subject} without {partner}"

    return cases_from(plan, rule, mutate)


def _required_with_setting(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    """The condition present (customer_id), the subject (currency_code) omitted or empty."""
    subject, condition = rule.params
    good = plausible(plan, condition)
    assert good is not None

    def mutate(draw: st.DrawFn) -> tuple[Overrides, str]:
        present = {condition: draw(good)}
        if draw(st.booleans()):
            return Overrides(values={**present, subject: ""}), f"{subject} empty with {condition}"
        return Overrides(values=present, omit=frozenset({subject})), f"{subject} omitted with {condition}"

    return cases_from(plan, rule, mutate)


def _only_with_setting(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    """A value that would be right on a site with the setting, on this site without it."""
    name, setting = rule.subject, rule.setting
    assert setting is not None
    good = plausible(plan, name)
    assert good is not None
    return cases_from(plan, rule, forced(name, good, lambda v: f"{name}={v} on a site without {setting}"))


def _date_order(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    start, end = rule.params

    def mutate(draw: st.DrawFn) -> tuple[Overrides, str]:
        later, earlier = draw(reversed_periods(plan.world.now))
        note = f"{start} {later - earlier}s after {end}"
        return Overrides(values={start: str(later), end: str(earlier)}), note

    return cases_from(plan, rule, mutate)


def _backdating(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    name = rule.subject
    window = invoice_date_window(plan.world.now, plan.world.profile.time_zone)
    bad = rejected_invoice_dates(window).map(str)
    edge = window.rejected_to
    def describe(value: str) -> str:
        return f"{name} {edge - int(value)}s before the rejection edge (limit day 00:00 - allowance)"

    return cases_from(plan, rule, forced(name, bad, describe))


def _parallel_array(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    """An orphaned value of the dependent column at an index no row uses; sometimes the rows are first spread
    apart (indices 0, 2, 4) so the orphan sits between them, misaligned."""
    dependent = rule.subject
    good = plausible(plan, dependent)
    assert good is not None

    def finish(draw: st.DrawFn, draft: Draft) -> str:
        group = usage.group_of(dependent)
        if draw(st.booleans()):
            spread_rows(draft, group, draw(st.integers(2, 3)))
        keys = (base_name(key) for key in draft.form if usage.group_of(key) == group)
        used = {index for _, index in keys if index is not None}
        index = draw(st.sampled_from([i for i in range(max(used, default=-1) + 3) if i not in used]))
        draft.form[f"{dependent}[{index}]"] = draw(good)
        return f"{dependent}[{index}] orphaned (rows at {sorted(used) or 'none'})"

    return cases_from(plan, rule, lambda draw: (NO_OVERRIDES, ""), finish)


def spread_rows(draft: Draft, group: str, factor: int) -> None:
    """Renumber a list's rows k -> k * factor, keeping each row's columns together."""
    renamed = {}
    for key, value in draft.form.items():
        name, index = base_name(key)
        renamed[key if index is None or usage.group_of(key) != group else f"{name}[{index * factor}]"] = value
    draft.form = renamed


def _pending_state(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    closed = plan.world.fixtures.closed_invoice_id
    assert closed is not None
    note = f"invoice {closed} is not pending"
    return cases_from(plan, rule, lambda draw: (Overrides(invoice_id=closed), note))


def _site_refuses(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    note = f"an otherwise valid request on a {rule.requires.describe()} site"
    return cases_from(plan, rule, lambda draw: (NO_OVERRIDES, note))


def _catalog_kind(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    """An id of an existing catalog entry of another kind: a recurring addon, a forever coupon, a plan price."""
    name = rule.subject
    wrong = wrong_kind_ids(plan, rule)
    assert wrong
    return cases_from(plan, rule, forced(name, st.sampled_from(wrong),
                                         lambda v: f"{name}={v}, not of kind {' or '.join(rule.values)}"))


def wrong_kind_ids(plan: Plan, rule: Rule) -> tuple[str, ...]:
    """Catalog ids of the parameter's resource whose known kind the rule does not accept."""
    resource = plan.op.param(rule.subject).refers_to
    assert resource is not None
    catalog = plan.world.profile.site_catalog
    return tuple(i for i in catalog.ids(resource)
                 if (kind := catalog.kind_of(resource, i)) is not None and kind not in rule.values)


def _unknown_param(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    """A parameter of the same operation in the other API version, or one no version documents."""
    names = undocumented_names(plan.op)

    def finish(draw: st.DrawFn, draft: Draft) -> str:
        name = draw(st.sampled_from(names))
        draft.form[name] = "cbc-undocumented"
        return f"{name} is not a parameter of {plan.op.id}"

    return cases_from(plan, rule, lambda draw: (NO_OVERRIDES, ""), finish)


def undocumented_names(op: Operation) -> tuple[str, ...]:
    from chargebee_conformance.spec.operations import OPERATIONS

    own = op.documented_body_names
    sibling = sorted({p.name for other in OPERATIONS if other.path == op.path and other.id != op.id
                      for p in other.body_params if not p.array and "[" not in p.name}
                     - own - STILL_TAKEN.get(op.id, frozenset()))
    return (*sibling[:3], "cbc_undocumented_param")


# Parameters of the other API version that the vendor's SDK still sends here (reference dossier: chargebee-node's
# v2 schema keeps `coupon` for invoice.charge, "legacy"): a real site may take them, so they are never sent as
# undocumented.
STILL_TAKEN: dict[str, frozenset[str]] = {"v2.charge": frozenset({"coupon"})}


GENERATORS: dict[Kind, Generator] = {
    Kind.REQUIRED: _required,
    Kind.MAX_LENGTH: _max_length,
    Kind.MINIMUM: _minimum,
    Kind.INTEGER: _integer,
    Kind.BOOLEAN: _boolean,
    Kind.ENUM: _enum,
    Kind.EXISTS: _exists,
    Kind.ONE_OF_REQUIRED: _one_of_required,
    Kind.REQUIRES_PARAM: _requires_param,
    Kind.REQUIRED_WITH_SETTING: _required_with_setting,
    Kind.ONLY_WITH_SETTING: _only_with_setting,
    Kind.DATE_ORDER: _date_order,
    Kind.BACKDATING: _backdating,
    Kind.PARALLEL_ARRAY: _parallel_array,
    Kind.PENDING_STATE: _pending_state,
    Kind.SITE_REFUSES: _site_refuses,
    Kind.CATALOG_KIND: _catalog_kind,
    Kind.UNKNOWN_PARAM: _unknown_param,
}


def one_violation(plan: Plan, rule: Rule) -> SearchStrategy[Case]:
    return GENERATORS[rule.kind](plan, rule)


def invalid_cases(op: Operation, world: World, rule: Rule | None = None) -> SearchStrategy[Case]:
    """Requests that break exactly one request rule of `op` on `world`, labelled with that rule.

    With `rule=None`, any rule of `generatable_rules(op, world)` (shrinking towards the first); with a rule,
    only cases breaking that rule. Each case is an otherwise valid request, so it shrinks towards the smallest
    valid request carrying the violation at its boundary (max + 1, minimum - 1, the backdating edge).
    Raises Unsupported (eagerly) when the operation is not offered or the rule cannot be broken alone here.
    """
    require_offered(op, world)
    plan = make_plan(op, world)
    if rule is None:
        rules = [r for r in plan.rules if r.kind in GENERATORS and why_not(plan, r) is None]
        if not rules:
            raise Unsupported(f"{op.id}: no request rule can be broken alone on site {world.profile.name}")
        return st.one_of([one_violation(plan, r) for r in rules])
    if rule not in op.request_rules:
        raise ValueError(f"{rule.id} is not a request rule of {op.id}")
    reason = why_not(plan, rule)
    if reason is not None:
        raise Unsupported(f"{rule.id}: {reason}")
    return one_violation(plan, rule)


def generatable_rules(op: Operation, world: World) -> tuple[Rule, ...]:
    """The request rules of `op` that apply on `world.profile` and that this world can break alone, in the
    operation's rule order. Raises Unsupported when the operation is not offered."""
    require_offered(op, world)
    plan = make_plan(op, world)
    return tuple(r for r in plan.rules if r.kind in GENERATORS and why_not(plan, r) is None)


def why_not_generatable(op: Operation, world: World, rule: Rule) -> str | None:
    """Why no case can break `rule` alone on `world` (None: one can)."""
    require_offered(op, world)
    return why_not(make_plan(op, world), rule)
