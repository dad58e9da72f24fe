"""Documentation coverage of the model: every documented parameter of an operation, and the rules about it.

A documented parameter is modelled (a `Param`, or a path parameter of the operation's path) or left out with a
reason (`Operation.left_out`); tests hold both lists against the vendor's OpenAPI file and pages. A rule is about
a parameter when it names it (`Rule.params`), when its precondition asks for it to be sent (a response promise),
or when it is a protocol rule that sends and judges it (`PROTOCOL_PARAMS`). A modelled parameter that no request
constraint names is "without a constraint rule": the pages say nothing the suite can judge about its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chargebee_conformance.spec.model import REQUEST_KINDS, Location, Operation, Rule
from chargebee_conformance.spec.operations.common import EVENT_HEADERS, ORIGIN_HEADERS
from chargebee_conformance.spec.promises import PROTOCOL_RULES

# Protocol rules are about the request as a whole (no `params`); these are the parameters each one sends and judges.
PROTOCOL_PARAMS: Mapping[str, tuple[str, ...]] = {
    "protocol.documented_headers": (*ORIGIN_HEADERS, *EVENT_HEADERS),
    "v2.idempotency.replay": ("chargebee-idempotency-key",),
    "v2.idempotency.conflict": ("chargebee-idempotency-key",),
}


@dataclass(frozen=True)
class DocumentedParam:
    name: str
    location: Location
    modelled: bool  # False: listed in Operation.left_out


@dataclass(frozen=True)
class Counts:
    """Per operation (or summed): documented parameters, how many are modelled or left out, how many modelled
    ones no constraint rule names, and the constraint sentences of the docs no rule states."""

    documented: int
    modelled: int
    left_out: int
    without_rule: int
    sentences_without_rule: int

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.documented + other.documented, self.modelled + other.modelled,
                      self.left_out + other.left_out, self.without_rule + other.without_rule,
                      self.sentences_without_rule + other.sentences_without_rule)


def path_params(op: Operation) -> tuple[str, ...]:
    """`/invoices/{invoice_id}/add_charge` -> ("invoice_id",)."""
    return tuple(re.findall(r"{(\w+)}", op.path))


def documented_params(op: Operation) -> tuple[DocumentedParam, ...]:
    """Path parameters, then the declared parameters in their order, then the ones left out."""
    return (
        *(DocumentedParam(name, Location.PATH, True) for name in path_params(op)),
        *(DocumentedParam(p.name, p.location, True) for p in op.params),
        *(DocumentedParam(p.name, p.location, False) for p in op.left_out),
    )


def modelled_names(op: Operation) -> frozenset[str]:
    return frozenset((*path_params(op), *(p.name for p in op.params)))


def _asked_for(rule: Rule) -> frozenset[str]:
    """Parameters a response promise's precondition asks an example to send, as wire names or list groups."""
    needs = rule.precondition
    if needs is None:
        return frozenset()
    return frozenset((*needs.sent, *needs.both, needs.quantity_above_one, needs.rows[0])) - {""}


def is_about(rule: Rule, name: str) -> bool:
    """Whether `rule` (one of `rules_about`'s) concerns the parameter: by name, or by its list group
    (`shipping_address` for `shipping_address[city]`)."""
    return name in rule.params or name in _asked_for(rule) or name.split("[", 1)[0] in _asked_for(rule) \
        or name in PROTOCOL_PARAMS.get(rule.id, ())


def rules_of_param(op: Operation, name: str, protocol_rules: Iterable[Rule] = PROTOCOL_RULES) -> tuple[Rule, ...]:
    """Every rule about one documented parameter, including promises about its list group."""
    candidates = (*op.rules, *(r for r in protocol_rules if r.id in PROTOCOL_PARAMS))
    return tuple(rule for rule in candidates if is_about(rule, name))


def constraint_rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(rule for rule in rules if rule.kind in REQUEST_KINDS)


def without_constraint_rule(op: Operation) -> tuple[str, ...]:
    """Modelled parameters that no request constraint names: nothing about their value is judged."""
    return tuple(p.name for p in documented_params(op)
                 if p.modelled and not constraint_rules(rules_of_param(op, p.name)))


def operation_wide_rules(op: Operation) -> tuple[Rule, ...]:
    """The operation's rules about no single documented parameter (response schema, nothing created, ...)."""
    names = [p.name for p in documented_params(op)]
    return tuple(rule for rule in op.rules if not any(is_about(rule, name) for name in names))


def counts(op: Operation) -> Counts:
    documented = documented_params(op)
    modelled = sum(1 for p in documented if p.modelled)
    return Counts(len(documented), modelled, len(documented) - modelled, len(without_constraint_rule(op)),
                  len(op.sentences_without_rule))
