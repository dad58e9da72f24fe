"""What a valid request of one operation may carry on one world, worked out once from the model and world.

A `Plan` sorts the operation's parameters into the roles the builder draws them in (the customer-or-
subscription identity, exclusive alternatives, service periods, lists, the shipping address, headers, plain
scalars) and holds a ready value strategy for each parameter a valid case may send.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hypothesis.strategies import SearchStrategy

from chargebee_conformance.spec.model import Kind, Location, Operation, Param, Rule
from chargebee_conformance.spec.validate import applicable_rules
from chargebee_conformance.spec.world import World
from chargebee_conformance.strategies import fields, usage
from chargebee_conformance.strategies.boundaries import invoice_date_window, valid_invoice_dates


@dataclass(frozen=True)
class Slot:
    """A parameter a valid case may send, with the values it takes."""

    param: Param
    values: SearchStrategy[str]
    required: bool = False

    @property
    def name(self) -> str:
        return self.param.name


@dataclass(frozen=True)
class Plan:
    op: Operation
    world: World
    rules: tuple[Rule, ...]  # the applicable request rules
    identities: tuple[Param, ...]  # customer_id / subscription_id: exactly one is sent
    identity_slots: tuple[Slot, ...]  # those the world has ids for
    alternatives: tuple[tuple[Param, ...], ...]  # exactly one of each group is sent
    periods: tuple[tuple[str, str], ...]  # (date_from, date_to) pairs of DATE_ORDER rules
    scalars: tuple[Slot, ...]
    lists: Mapping[str, tuple[Param, ...]]  # list name -> its columns, in op order
    address: tuple[Param, ...]
    headers: tuple[Param, ...]
    slots: Mapping[str, Slot]  # every parameter a valid case may send
    partners: Mapping[str, str]  # parameter -> the parameter it is only sent with
    required_with: Mapping[str, str]  # parameter -> the parameter whose presence makes it required
    paired: frozenset[str]  # list columns a PARALLEL_ARRAY rule needs beside another column

    def slot(self, name: str) -> Slot | None:
        return self.slots.get(name)

    def rules_of(self, kind: Kind) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind is kind)


_PLANS: dict[tuple[str, int], tuple[World, Plan]] = {}
_PLAN_CACHE_SIZE = 64


def make_plan(op: Operation, world: World) -> Plan:
    """The plan of `op` on `world`, worked out once per world (each invalid rule's strategy asks for it)."""
    key = (op.id, id(world))
    cached = _PLANS.get(key)
    if cached is not None and cached[0] is world:
        return cached[1]
    plan = _make_plan(op, world)
    if len(_PLANS) >= _PLAN_CACHE_SIZE:
        _PLANS.clear()
    _PLANS[key] = (world, plan)
    return plan


def _make_plan(op: Operation, world: World) -> Plan:
    rules = applicable_rules(op, world.profile)
    slots = {p.name: slot for p in op.params if (slot := _slot(op, p, world, rules)) is not None}
    identities = _identities(op, rules)
    alternatives = tuple(tuple(op.param(n) for n in pair if _has(op, n)) for pair in usage.ALTERNATIVES
                         if _has(op, pair[0]))
    periods = tuple((r.params[0], r.params[1]) for r in rules if r.kind is Kind.DATE_ORDER)
    special = {p.name for p in identities} | {p.name for g in alternatives for p in g}
    special |= {n for pair in periods for n in pair}
    body = [p for p in op.body_params if p.name not in special]
    return Plan(
        op=op, world=world, rules=rules, identities=identities,
        identity_slots=tuple(slots[p.name] for p in identities if p.name in slots),
        alternatives=alternatives, periods=periods,
        scalars=tuple(slots[p.name] for p in body if not p.array and not _is_address(p) and p.name in slots),
        lists=_lists(body), address=tuple(p for p in body if _is_address(p)), headers=op.header_params,
        slots=slots, partners=_partners(op, rules), required_with=_required_with(rules),
        paired=frozenset(n for r in op.request_rules if r.kind is Kind.PARALLEL_ARRAY for n in r.params[1:]),
    )


def _has(op: Operation, name: str) -> bool:
    return any(p.name == name for p in op.params)


def _is_address(param: Param) -> bool:
    return param.name.startswith(usage.ADDRESS_PREFIX)


def _slot(op: Operation, param: Param, world: World, rules: tuple[Rule, ...]) -> Slot | None:
    """The parameter's valid values, or None when a valid case must not send it on this world."""
    profile = world.profile
    if usage.never_valid(param.name) or not profile.offers(param.applies):
        return None
    gate = usage.SEND_ONLY_WITH.get(param.name)
    if gate is not None and not profile.offers(gate):
        return None
    if param.name in usage.PAYMENT_ONLY and not world.fixtures.paying:
        return None
    backdated = any(r.kind is Kind.BACKDATING and r.subject == param.name for r in rules)
    if not backdated and any(r.kind is Kind.BACKDATING and r.subject == param.name for r in op.request_rules):
        return None  # the site does not allow backdating: a past date is not valid, and "now" is already past
    values = (valid_invoice_dates(invoice_date_window(world.now, profile.time_zone)).map(str) if backdated
              else fields.plausible_values(param, world))
    if values is None:
        return None
    return Slot(param, values, required=param.required or param.name in usage.ALWAYS_SENT)


def _identities(op: Operation, rules: tuple[Rule, ...]) -> tuple[Param, ...]:
    for rule in rules:
        if rule.kind is Kind.ONE_OF_REQUIRED:
            return tuple(op.param(name) for name in rule.params)
    return ()


def _lists(body: list[Param]) -> dict[str, tuple[Param, ...]]:
    lists: dict[str, list[Param]] = {}
    for param in body:
        if param.array:
            lists.setdefault(usage.group_of(param.name), []).append(param)
    return {name: tuple(columns) for name, columns in lists.items()}


def _partners(op: Operation, rules: tuple[Rule, ...]) -> dict[str, str]:
    """REQUIRES_PARAM rules, and the parameters the docs tie to a customer (usage.CUSTOMER_ONLY)."""
    customer = "customer_id"
    tied = sorted(name for name in usage.CUSTOMER_ONLY if _has(op, name) and _has(op, customer))
    partners = dict.fromkeys(tied, customer)
    for rule in op.request_rules:
        if rule.kind is Kind.REQUIRES_PARAM:
            partners[rule.params[0]] = rule.params[1]
    return partners


def _required_with(rules: tuple[Rule, ...]) -> dict[str, str]:
    return {r.params[0]: r.params[1] for r in rules if r.kind is Kind.REQUIRED_WITH_SETTING}


def is_header(op: Operation, name: str) -> bool:
    return any(p.name == name and p.location is Location.HEADER for p in op.params)
