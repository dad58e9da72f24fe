"""Valid cases: requests that break no applicable rule and that a real site would accept."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Operation
from chargebee_conformance.spec.world import World
from chargebee_conformance.strategies.build import build
from chargebee_conformance.strategies.draft import NO_OVERRIDES
from chargebee_conformance.strategies.notes import describe_valid
from chargebee_conformance.strategies.plan import make_plan
from chargebee_conformance.strategies.support import require_valid_possible


def valid_cases(op: Operation, world: World) -> SearchStrategy[Case]:
    """Requests of `op` that satisfy every applicable rule on `world` and name only ids that exist there.

    Exactly one of customer_id / subscription_id; the amount (or, with multi-decimal pricing,
    amount_in_decimal); optional parameters each behind a drawn boolean; boundary values on the valid side as
    explicit examples (texts at their maximum length with multi-byte characters, amounts at their minimum,
    invoice_date at the backdating limit and at month ends). Shrinks towards the smallest request: the first
    identity and the required parameters at their boundary values. Raises Unsupported (eagerly) when the site
    does not offer `op`, refuses it (v1 on a multicurrency site), or the world lacks the pending invoice.
    """
    require_valid_possible(op, world)
    plan = make_plan(op, world)

    @st.composite
    def cases(draw: st.DrawFn) -> Case:
        draft = build(draw, plan, NO_OVERRIDES)
        return draft.to_case(op, None, describe_valid(plan, draft))

    return cases()
