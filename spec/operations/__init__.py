"""The six operations, in the order of the docs: v1 charge, v1 create, v1 add_charge, v2 charge, v2
add_charge_item, v2 add_charge."""

from __future__ import annotations

from dataclasses import replace

from chargebee_conformance.spec.model import Operation
from chargebee_conformance.spec.operations import (
    v1_add_charge,
    v1_charge,
    v1_create,
    v2_add_charge,
    v2_add_charge_item,
    v2_charge,
)
from chargebee_conformance.spec.promises import response_rules

OPERATIONS: tuple[Operation, ...] = tuple(
    replace(module.OPERATION, rules=module.OPERATION.rules + response_rules(module.OPERATION))
    for module in (v1_charge, v1_create, v1_add_charge, v2_charge, v2_add_charge_item, v2_add_charge)
)
BY_ID: dict[str, Operation] = {op.id: op for op in OPERATIONS}


def operation(op_id: str) -> Operation:
    try:
        return BY_ID[op_id]
    except KeyError:
        raise KeyError(f"unknown operation {op_id!r}; known: {', '.join(BY_ID)}") from None
