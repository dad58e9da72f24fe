"""Rule metadata the reports need from `spec/`: each rule's id, home operation, binding, sentence, outcome.

Reports list the rules no test judged (as skipped, "no test judged it on this site") so that a rule added to or
removed from the model shows up in a diff; they also fill in the sentence of a rule the suite recorded without
one.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RuleInfo:
    rule: str
    operation: str  # where the rule is listed when no test judged it
    binding: str
    source: str
    expected: str = ""


@dataclass(frozen=True)
class Catalog:
    """The known rules, in the model's order (which is the order of the docs)."""

    rules: tuple[RuleInfo, ...]
    _by_id: dict[str, RuleInfo] = field(init=False, repr=False, compare=False)
    _order: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {info.rule: info for info in self.rules})
        object.__setattr__(self, "_order", {info.rule: index for index, info in enumerate(self.rules)})

    def info(self, rule_id: str) -> RuleInfo | None:
        return self._by_id.get(rule_id)

    def operation_of(self, rule_id: str) -> str:
        info = self._by_id.get(rule_id)
        return info.operation if info else protocol_home(rule_id)

    def operations(self) -> list[str]:
        return list(dict.fromkeys(info.operation for info in self.rules))

    def position(self, rule_id: str) -> int:
        """Sort key: known rules in model order, unknown ones after them."""
        return self._order.get(rule_id, len(self.rules))


def protocol_home(rule_id: str) -> str:
    """The column of a rule outside any one operation: `auth.*` under "auth" (as the suite records them), the
    rest (content type, idempotency, unknown ids, rate limit) under "protocol"."""
    return "auth" if rule_id.startswith("auth.") else "protocol"


def spec_catalog() -> Catalog:
    """The catalog of the model in this checkout."""
    from chargebee_conformance.spec.operations import OPERATIONS
    from chargebee_conformance.spec.promises import PROTOCOL_RULES

    placed = [(op.id, rule) for op in OPERATIONS for rule in op.rules]
    placed += [(protocol_home(rule.id), rule) for rule in PROTOCOL_RULES]
    return Catalog(tuple(
        # The same "expected" text the suite records: an outcome only where the rule promises a status.
        RuleInfo(rule.id, operation, rule.binding.value, rule.source,
                 rule.outcome.describe() if rule.outcome.statuses else "")
        for operation, rule in placed
    ))
