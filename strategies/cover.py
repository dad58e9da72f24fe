"""The covering plan: valid cases chosen so that every response promise's precondition occurs at least once.

Random valid cases leave it to chance whether a coupon is sent or a quantity rises above one; a promise that no
case met would be reported "not exercised" (or worse, "held" without a test). The plan reads each promise's
`Precondition` in `spec/` and forces what it needs into one case (one request covers them all), before Hypothesis
explores with the examples left. A precondition the world cannot meet is returned with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Kind, Operation, ParamType, Precondition, Resource, Rule
from chargebee_conformance.spec.world import World
from chargebee_conformance.strategies import pricing, usage, values
from chargebee_conformance.strategies.boundaries import service_periods
from chargebee_conformance.strategies.build import build
from chargebee_conformance.strategies.draft import Draft, Overrides
from chargebee_conformance.strategies.plan import Plan, make_plan
from chargebee_conformance.strategies.support import require_valid_possible

Feature = SearchStrategy[dict[str, str]]  # forced values


@dataclass(frozen=True)
class Cover:
    """One valid case meeting every feasible precondition, and the promises it cannot reach, with why."""

    cases: SearchStrategy[Case]
    covered: tuple[Rule, ...]
    unreachable: Mapping[str, str]  # rule id -> reason


def covering_cases(op: Operation, world: World) -> Cover:
    """The plan for `op` on `world` (raises Unsupported like `valid_cases` when no valid case exists)."""
    require_valid_possible(op, world)
    plan = make_plan(op, world)
    features: dict[str, Feature] = {}
    covered: list[Rule] = []
    unreachable: dict[str, str] = {}
    for rule in op.rules:
        if rule.kind is not Kind.RESPONSE or rule.precondition is None:
            continue
        feature, reason = _feature(plan, rule.precondition)
        if feature is None:
            unreachable[rule.id] = reason
            continue
        covered.append(rule)
        features[rule.precondition.what] = feature
    rows = _addon_rows(plan) if any(r.precondition and r.precondition.rows[1] for r in covered) else None

    @st.composite
    def cases(draw: st.DrawFn) -> Case:
        forced: dict[str, str] = {}
        for feature in features.values():
            forced.update(draw(feature))
        draft = build(draw, plan, Overrides(values=forced))
        if rows is not None:
            _place_rows(draft, draw(rows))
        return draft.to_case(op, None, "valid (covering plan): " + "; ".join(features))

    return Cover(cases(), tuple(covered), unreachable)


def _feature(plan: Plan, needs: Precondition) -> tuple[Feature | None, str]:
    world = plan.world
    if not (needs.sent or needs.both or needs.rows[1] or needs.quantity_above_one):
        return st.just({}), ""  # every valid case meets it (an ad-hoc line)
    if needs.rows[1]:
        if _addon_rows(plan) is None:
            return None, (f"{needs.what} needs two non-recurring addons, one priced by quantity, in the profile's "
                          "catalog")
        return st.just({}), ""
    if needs.quantity_above_one:
        return _quantity(plan, needs.quantity_above_one)
    if needs.both:
        return _period(plan, needs.both)
    for name in needs.sent:
        feature = _sent(plan, name)
        if feature is not None:
            return feature, ""
    sent = " or ".join(needs.sent)
    return None, f"no valid case can send {sent} on {world.profile.name}{_why(plan, needs.sent)}"


def _why(plan: Plan, names: tuple[str, ...]) -> str:
    profile = plan.world.profile
    if any("coupon" in n for n in names):
        return " (the profile names no one_time_coupon)" if not profile.catalog_ids("one_time_coupon") else ""
    if "invoice_date" in names:
        return " (backdating is off: [settings] backdating)"
    if "currency_code" in names:
        return " (only on multicurrency sites)"
    return ""


def _sent(plan: Plan, name: str) -> Feature | None:
    """A valid value for `name` (for an address: one free-text field of it)."""
    if name == "shipping_address":
        fields = [p.name for p in plan.address if p.name in plan.slots and usage.family(p) is usage.Family.TEXT]
        return _sent(plan, fields[0]) if fields else None
    slot = plan.slot(name)
    if slot is None:
        return None
    if slot.param.refers_to is Resource.COUPON and not _base_currency(plan):
        return None  # a fixed-amount coupon is priced in the base currency
    extra = pricing.companions(plan.world, name)
    if extra is None:
        return None
    # A zero price would hide what the promise is about (a line priced at the unit_price sent): the boundary
    # cases cover zero.
    useful = slot.values.filter(lambda value: value.strip("0") != "") if slot.param.type is ParamType.INTEGER \
        else slot.values
    return useful.map(lambda value: {**extra, name: value})


def _quantity(plan: Plan, name: str) -> tuple[Feature | None, str]:
    if plan.slot(name) is None and not any(p.name == name for p in plan.op.params):
        return None, f"{plan.op.id} sends no {name}"
    extra = pricing.companions(plan.world, name)
    if extra is None:
        return None, pricing.missing_reason(plan.world, name) or ""
    if name == "addons[quantity]":
        return st.just({}), ""  # the two addon rows carry it
    return values.integers_from(2, 20).map(lambda q: {**extra, name: q}), ""


def _period(plan: Plan, both: tuple[str, ...]) -> tuple[Feature | None, str]:
    if tuple(both) not in plan.periods:
        return None, f"{' and '.join(both)} are not sent on {plan.world.profile.name}"
    start, end = both
    return service_periods(plan.world.now).map(lambda p: {start: str(p[0]), end: str(p[1])}), ""


def _base_currency(plan: Plan) -> bool:
    own = plan.world.fixtures.currency_code
    return own in (None, plan.world.profile.base_currency)


def _addon_rows(plan: Plan) -> SearchStrategy[tuple[tuple[str, str | None], ...]] | None:
    """Two addon rows: one priced by quantity with a quantity above one, and another addon."""
    if plan.slot("addons[id]") is None:
        return None
    addons = plan.world.known(Resource.ADDON)
    by_quantity = pricing.fitting_ids(plan.world, "addons[quantity]")
    others = [a for a in addons if a not in by_quantity[:1]]
    if not by_quantity or not others:
        return None
    first, second = by_quantity[0], others[0]
    second_takes_quantity = second in by_quantity

    @st.composite
    def rows(draw: st.DrawFn) -> tuple[tuple[str, str | None], ...]:
        quantity = draw(st.integers(2, 9))
        other = str(quantity + draw(st.integers(1, 9))) if second_takes_quantity else None  # distinct
        return ((first, str(quantity)), (second, other))

    return rows()


def _place_rows(draft: Draft, rows: tuple[tuple[str, str | None], ...]) -> None:
    """Replace the addon rows with `rows`, in order."""
    draft.drop("addons[id]")
    draft.drop("addons[quantity]")
    for index, (addon, quantity) in enumerate(rows):
        draft.form[f"addons[id][{index}]"] = addon
        if quantity is not None:
            draft.form[f"addons[quantity][{index}]"] = quantity
