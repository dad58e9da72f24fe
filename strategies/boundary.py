"""Valid cases that sit exactly on the accepted side of one limit: a text of exactly max chars (with
multi-byte characters), an integer at its minimum, invoice_date at the backdating limit.

A server that refuses such a case is too strict about that one rule, so the suite can blame the rule by name
instead of reporting only that "a valid request was refused".
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Kind, Location, Operation, Rule
from chargebee_conformance.spec.world import World
from chargebee_conformance.strategies import values
from chargebee_conformance.strategies.boundaries import invoice_date_window
from chargebee_conformance.strategies.build import build
from chargebee_conformance.strategies.draft import Overrides
from chargebee_conformance.strategies.lists import companions
from chargebee_conformance.strategies.plan import Plan, make_plan
from chargebee_conformance.strategies.support import Unsupported, require_valid_possible

BOUNDED = (Kind.MAX_LENGTH, Kind.MINIMUM, Kind.BACKDATING)


def boundary_rules(op: Operation, world: World) -> tuple[Rule, ...]:
    """The rules with a valid-side boundary that a valid case of this world can sit on, in rule order."""
    try:
        require_valid_possible(op, world)
    except Unsupported:
        return ()
    plan = make_plan(op, world)
    return tuple(rule for rule in plan.rules if _boundary_values(plan, rule) is not None)


def boundary_cases(op: Operation, world: World, rule: Rule) -> SearchStrategy[Case]:
    """Valid requests with `rule`'s parameter exactly at its accepted limit; the rest as `valid_cases` draws it.
    Shrinks towards the smallest such request."""
    require_valid_possible(op, world)
    plan = make_plan(op, world)
    boundary = _boundary_values(plan, rule)
    if boundary is None:
        raise Unsupported(f"{rule.id}: no valid case of {op.id} can sit on its limit on {world.profile.name}")

    @st.composite
    def cases(draw: st.DrawFn) -> Case:
        value = draw(boundary)
        extra = companions(plan, rule.subject) or {}
        draft = build(draw, plan, Overrides(values={**extra, rule.subject: value}))
        return draft.to_case(op, None, f"{rule.subject} at its accepted limit ({_shown(value)})")

    return cases()


def _boundary_values(plan: Plan, rule: Rule) -> SearchStrategy[str] | None:
    if rule.kind not in BOUNDED or not rule.params:
        return None
    slot = plan.slot(rule.subject)
    if slot is None or slot.param.location is not Location.BODY or slot.param.refers_to is not None:
        return None  # ids must exist, so their length is the fixtures' business (they use the full 50)
    if companions(plan, rule.subject) is None:
        return None  # no entity priced so that the parameter applies (A17)
    if plan.op.param(rule.subject).name in _IDENTITY_LIKE:
        return None
    if rule.kind is Kind.MAX_LENGTH and rule.limit is not None and slot.param.type.value == "string" \
            and "email" not in rule.subject:
        return values.texts_of_length(rule.limit)
    if rule.kind is Kind.MINIMUM and rule.limit is not None:
        return st.just(str(rule.limit))
    if rule.kind is Kind.BACKDATING:
        window = invoice_date_window(plan.world.now, plan.world.profile.time_zone)
        return st.just(str(window.valid_from))
    return None


# Values a site checks against its own data (country codes, zip formats, state codes): their length limit
# cannot be reached with arbitrary text, so they have no boundary case.
_IDENTITY_LIKE = frozenset({
    "shipping_address[country]", "shipping_address[state_code]", "shipping_address[zip]",
    "shipping_address[phone]", "shipping_address[state]", "currency_code",
})


def _shown(value: str) -> str:
    return f"{len(value)} chars" if len(value) > 12 else value
