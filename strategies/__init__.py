"""Hypothesis strategies for valid and one-violation cases, read from spec/.

    valid_cases(op, world)               requests that break no rule and that a real site accepts
    invalid_cases(op, world, rule=None)  requests that break exactly one rule, labelled with it
    generatable_rules(op, world)         the rules invalid_cases can break on this world
    why_not_generatable(op, world, rule) why a rule cannot be broken alone on this world (None: it can)
    boundary_cases(op, world, rule)      valid requests exactly on a rule's accepted limit
    boundary_rules(op, world)            the rules boundary_cases can sit on in this world
    covering_cases(op, world)            one valid case meeting every response promise's precondition it can
    Unsupported                          raised eagerly, with a one-line reason, when a world cannot have them
"""

from __future__ import annotations

from chargebee_conformance.strategies.boundary import boundary_cases, boundary_rules
from chargebee_conformance.strategies.cover import Cover, covering_cases
from chargebee_conformance.strategies.invalid import generatable_rules, invalid_cases, why_not_generatable
from chargebee_conformance.strategies.support import Unsupported
from chargebee_conformance.strategies.valid import valid_cases

__all__ = ["Cover", "Unsupported", "boundary_cases", "boundary_rules", "covering_cases", "generatable_rules",
           "invalid_cases", "valid_cases", "why_not_generatable"]
