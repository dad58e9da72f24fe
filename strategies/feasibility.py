"""Whether a world can produce a case breaking one rule and nothing else, and if not, why."""

from __future__ import annotations

from chargebee_conformance.spec.model import Kind, Rule
from chargebee_conformance.strategies import fields, pricing, usage
from chargebee_conformance.strategies.lists import row_required
from chargebee_conformance.strategies.plan import Plan
from chargebee_conformance.strategies.support import refusal

PATH_KINDS = (Kind.EXISTS, Kind.PENDING_STATE)
# Kinds that send a *valid* value of a parameter (which the world must be able to give) to break the rule.
NEEDS_VALID_VALUE = {
    Kind.REQUIRES_PARAM: 0, Kind.ONLY_WITH_SETTING: 0, Kind.PARALLEL_ARRAY: 0, Kind.REQUIRED_WITH_SETTING: 1,
}


def why_not(plan: Plan, rule: Rule) -> str | None:
    """None when `rule` can be broken alone on the plan's world; else a one-line reason."""
    op, world = plan.op, plan.world
    if rule not in plan.rules:
        return f"does not apply on site {world.profile.name} (needs {rule.requires.describe()})"
    refused = refusal(op, world)
    if refused is not None and rule != refused:
        return f"every request is refused on site {world.profile.name} ({refused.id})"
    on_path = rule.subject == "invoice_id" and rule.kind in PATH_KINDS
    if op.needs_pending_invoice and world.fixtures.pending_invoice_id is None and not on_path:
        return "the world has no pending invoice to carry an otherwise valid request"
    if not plan.identity_slots and plan.identities and rule.kind is not Kind.ONE_OF_REQUIRED:
        return "the world has no customer or subscription to name"
    return _kind_reason(plan, rule)


def _kind_reason(plan: Plan, rule: Rule) -> str | None:
    world = plan.world
    if rule.kind is Kind.CATALOG_KIND:
        from chargebee_conformance.strategies.invalid import wrong_kind_ids

        if not wrong_kind_ids(plan, rule):
            return (f"the profile names no {rule.subject} entry of another kind than {' / '.join(rule.values)} "
                    "(a role such as recurring_addon, non_one_time_coupon, plan_item_price or addon_item_price)")
    if rule.subject and rule.kind not in (Kind.REQUIRED, Kind.ONE_OF_REQUIRED):
        priced = pricing.missing_reason(world, rule.subject)
        if priced is not None:
            return priced
    if rule.kind is Kind.PENDING_STATE and world.fixtures.closed_invoice_id is None:
        return "the world has no closed (non-pending) invoice"
    if rule.kind is Kind.ONLY_WITH_SETTING and rule.setting is not None and world.profile.has(rule.setting):
        return f"site {world.profile.name} has {rule.setting.value}"
    if rule.kind in NEEDS_VALID_VALUE:
        name = rule.params[NEEDS_VALID_VALUE[rule.kind]]
        if _valid_values(plan, name) is None:
            return f"the world has no valid value for {name}"
    if rule.kind is Kind.REQUIRES_PARAM:
        return _other_identity(plan, rule.params[1])
    return _row_partners(plan, rule.subject)


def _valid_values(plan: Plan, name: str) -> object | None:
    slot = plan.slot(name)
    return slot.values if slot is not None else fields.plausible_values(plan.op.param(name), plan.world)


def _other_identity(plan: Plan, partner: str) -> str | None:
    """Leaving out `partner` (customer_id) needs the other identity (a subscription) to name."""
    if partner not in {p.name for p in plan.identities}:
        return None
    if any(s.name != partner for s in plan.identity_slots):
        return None
    return f"leaving out {partner} needs another id the world lacks (no subscription fixture)"


def _row_partners(plan: Plan, subject: str) -> str | None:
    """A bad value in one column of a list needs valid values for the row's other required columns."""
    if not subject or subject == "invoice_id" or not plan.op.param(subject).array:
        return None
    group = usage.group_of(subject)
    columns = plan.lists.get(group, ())
    if group == "item_tiers":
        return None
    for column in columns:
        if column.name != subject and row_required(plan, column, columns) and plan.slot(column.name) is None:
            return f"a {group} row needs a valid {column.name}, which the world lacks"
    return None
