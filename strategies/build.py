"""Draws one request following a `Plan`, bending it only where `Overrides` say.

Steps run in dependency order: the identity first (it decides which customer-only parameters may follow),
then scalars, the exclusive alternatives (which read the currency), service periods, lists, the address,
headers and the path. Each optional part is behind a drawn boolean, so examples shrink towards the smallest
valid request: one identity and the required parameters.
"""

from __future__ import annotations

from hypothesis import strategies as st

from chargebee_conformance.spec.currency import minor_units
from chargebee_conformance.spec.model import Location, ParamType
from chargebee_conformance.strategies import lists, values
from chargebee_conformance.strategies.boundaries import service_periods
from chargebee_conformance.strategies.draft import Draft, Overrides
from chargebee_conformance.strategies.plan import Plan, Slot


def build(draw: st.DrawFn, plan: Plan, overrides: Overrides) -> Draft:
    draft = Draft()
    _identity(draw, plan, overrides, draft)
    _scalars(draw, plan, overrides, draft)
    _alternatives(draw, plan, overrides, draft)
    _periods(draw, plan, overrides, draft)
    lists.draw_lists(draw, plan, overrides, draft)
    lists.draw_address(draw, plan, overrides, draft)
    _headers(draw, plan, overrides, draft)
    _forced_rest(plan, overrides, draft)
    if plan.op.needs_pending_invoice:
        draft.invoice_id = overrides.invoice_id or plan.world.fixtures.pending_invoice_id
    return draft


def _identity(draw: st.DrawFn, plan: Plan, overrides: Overrides, draft: Draft) -> None:
    """Exactly one of customer_id / subscription_id, unless the overrides force one or omit both."""
    forced = [p.name for p in plan.identities if p.name in overrides.values]
    if forced:
        draft.form[forced[0]] = overrides.values[forced[0]]
        return
    usable = [s for s in plan.identity_slots if s.name not in overrides.omit]
    if not usable:
        return
    wanted = {plan.partners.get(name) for name in overrides.values}
    preferred = [s for s in usable if s.name in wanted]
    slot = preferred[0] if preferred else draw(st.sampled_from(usable))
    draft.form[slot.name] = draw(slot.values)


def _scalars(draw: st.DrawFn, plan: Plan, overrides: Overrides, draft: Draft) -> None:
    for slot in plan.scalars:
        name = slot.name
        if name in overrides.omit:
            continue
        if name in overrides.values:
            draft.form[name] = overrides.values[name]
            continue
        partner = plan.partners.get(name)
        if partner is not None and not draft.given(partner):
            continue
        condition = plan.required_with.get(name)
        needed = slot.required or (condition is not None and draft.given(condition))
        if not lists.fits(plan, name, draft):
            continue
        if needed or draw(st.booleans()):
            draft.form[name] = draw(slot.values)


def _alternatives(draw: st.DrawFn, plan: Plan, overrides: Overrides, draft: Draft) -> None:
    """amount or amount_in_decimal: exactly one (amount first, so examples shrink towards it)."""
    for group in plan.alternatives:
        forced = [p.name for p in group if p.name in overrides.values]
        for name in forced:
            draft.form[name] = overrides.values[name]
        choices = [s for p in group if p.name not in overrides.omit and (s := plan.slot(p.name)) is not None]
        if forced or not choices:
            continue
        slot = draw(st.sampled_from(choices))
        draft.form[slot.name] = draw(_values_for(plan, slot, draft))


def _values_for(plan: Plan, slot: Slot, draft: Draft) -> st.SearchStrategy[str]:
    if slot.param.type is ParamType.DECIMAL:  # major units: as many decimals as the invoice currency has
        currency = draft.form.get("currency_code") or plan.world.profile.base_currency
        return values.decimals(minor_units(currency))
    return slot.values


def _periods(draw: st.DrawFn, plan: Plan, overrides: Overrides, draft: Draft) -> None:
    """Service periods: both ends with date_from <= date_to, or neither (one end alone lets a server fill the
    other and reverse the period: docs/decisions.md A6)."""
    for pair in plan.periods:
        touched = [n for n in pair if n in overrides.values or n in overrides.omit]
        if touched:
            for name in pair:  # the other end stays out: drawn freely it could reverse the period
                if name in overrides.values:
                    draft.form[name] = overrides.values[name]
            continue
        if draw(st.booleans()):
            start, end = draw(service_periods(plan.world.now))
            draft.form[pair[0]], draft.form[pair[1]] = str(start), str(end)


def _headers(draw: st.DrawFn, plan: Plan, overrides: Overrides, draft: Draft) -> None:
    """A subset of the documented origin and event headers (events only as all-disabled)."""
    for param in plan.headers:
        name = param.name
        if name in overrides.values:
            draft.headers[name] = overrides.values[name]
            continue
        slot = plan.slot(name)
        if slot is not None and name not in overrides.omit and draw(st.booleans()):
            draft.headers[name] = draw(slot.values)


def _forced_rest(plan: Plan, overrides: Overrides, draft: Draft) -> None:
    """Forced values no step placed (parameters a valid case never sends): appended as they are."""
    for name, value in overrides.values.items():
        param = next((p for p in plan.op.params if p.name == name), None)
        if param is None or param.array or name in draft.form or name in draft.headers:
            continue
        if param.location is Location.HEADER:
            draft.headers[name] = value
        else:
            draft.form[name] = value
