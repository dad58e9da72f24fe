"""Which part of the suite, on which shipped site, should catch each sandbox fault."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chargebee_conformance.spec.operations import BY_ID
from chargebee_conformance.spec.profile import load_profile
from chargebee_conformance.suite.config import SHIPPED_PROFILES

CROSS_CUTTING = "test_cross_cutting"


@dataclass(frozen=True)
class Plan:
    fault: str
    rule: str
    module: str  # conformance test module (stem) to run
    profile: Path


def operation_of(rule_id: str) -> str | None:
    parts = rule_id.split(".")
    candidate = ".".join(parts[:2])
    return candidate if candidate in BY_ID else None


def plan_for(fault: str, rule_id: str) -> Plan:
    op_id = operation_of(rule_id)
    profiles = [load_profile(p) for p in SHIPPED_PROFILES]
    if op_id is None:
        default = next(p.path for p in profiles if p.name.endswith("pc1-metered"))
        return Plan(fault, rule_id, CROSS_CUTTING, Path(default))
    op = BY_ID[op_id]
    rule = op.rule(rule_id)
    for profile in profiles:
        if op.api_version in profile.api_versions and profile.offers(op.requires) and profile.offers(rule.requires):
            return Plan(fault, rule_id, "test_" + op_id.replace(".", "_"), Path(profile.path))
    raise LookupError(f"no shipped profile exercises {rule_id}")
