"""Builds an operation from parameter declarations: each declared limit becomes its rule, with its source.

A parameter's own constraints (required, max chars, minimum, type, enum, an id that must exist) are stated
once, on the parameter; `OperationBuilder.build()` derives one rule per constraint with a stable id
`<api>.<operation>.<parameter>.<constraint>` (docs/decisions.md B17).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from chargebee_conformance.spec.model import (
    Kind,
    LeftOut,
    Location,
    Operation,
    Param,
    ParamType,
    Resource,
    Rule,
    SentenceWithoutRule,
)
from chargebee_conformance.spec.outcomes import Binding, Outcome, invalid_request, not_found
from chargebee_conformance.spec.settings import ANY_SITE, Requires, Setting

BLANK_IS_MISSING = "The empty string for a required field counts as missing (docs/decisions.md A9)."
# Ids that refer to resources the suite can create or take from the profile; others are never sent valid.
CHECKED_REFERENCES = frozenset({
    Resource.CUSTOMER, Resource.SUBSCRIPTION, Resource.COUPON, Resource.ADDON, Resource.ITEM_PRICE,
})
NOT_FOUND_SOURCE = (
    "resource_not_found: \"any of resource(s) referred in the request is not found\" (v1 spec 404; "
    "error-handling page sample: an unknown id gives 404 with param)."
)


@dataclass
class OperationBuilder:
    id: str
    api_version: int
    method: str
    path: str
    title: str
    seed: str
    idempotent: bool = False
    requires: Requires = ANY_SITE
    needs_pending_invoice: bool = False
    params: list[Param] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    sentences_without_rule: list[SentenceWithoutRule] = field(default_factory=list)

    def add(self, param: Param) -> Param:
        self.params.append(param)
        return param

    def string(self, name: str, source: str, **options: object) -> Param:
        return self.add(Param(name, ParamType.STRING, source, **options))  # type: ignore[arg-type]

    def integer(self, name: str, source: str, **options: object) -> Param:
        return self.add(Param(name, ParamType.INTEGER, source, **options))  # type: ignore[arg-type]

    def timestamp(self, name: str, source: str, **options: object) -> Param:
        return self.add(Param(name, ParamType.TIMESTAMP, source, **options))  # type: ignore[arg-type]

    def decimal(self, name: str, source: str, **options: object) -> Param:
        return self.add(Param(name, ParamType.DECIMAL, source, **options))  # type: ignore[arg-type]

    def boolean(self, name: str, source: str, **options: object) -> Param:
        return self.add(Param(name, ParamType.BOOLEAN, source, **options))  # type: ignore[arg-type]

    def enum(self, name: str, values: tuple[str, ...], source: str, **options: object) -> Param:
        return self.add(Param(name, ParamType.ENUM, source, enum=values, **options))  # type: ignore[arg-type]

    def header(self, name: str, source: str, **options: object) -> Param:
        kind = ParamType.ENUM if options.get("enum") else ParamType.STRING
        return self.add(Param(name, kind, source, location=Location.HEADER, **options))  # type: ignore[arg-type]

    def rule(
        self, subject: str, name: str, kind: Kind, params: tuple[str, ...], source: str, outcome: Outcome,
        *, binding: Binding = Binding.LOOSE, **options: object,
    ) -> Rule:
        rule = Rule(f"{self.id}.{subject}.{name}", kind, params, binding, source, outcome, **options)  # type: ignore[arg-type]
        self.rules.append(rule)
        return rule

    def leave_out(self, name: str, location: Location, quote: str, reason: str, *, source: str = "") -> None:
        """A documented parameter the model does not declare; `source` defaults to the operation's page."""
        self.left_out.append(LeftOut(name, location, quote, source or self.seed, reason))

    def without_rule(self, params: str | tuple[str, ...], quote: str, reason: str, *, source: str = "") -> None:
        """A constraint sentence of the docs that no rule states; `source` defaults to the operation's page."""
        names = (params,) if isinstance(params, str) else params
        self.sentences_without_rule.append(SentenceWithoutRule(names, quote, source or self.seed, reason))

    def build(self) -> Operation:
        derived = [rule for param in self.params for rule in param_rules(self.id, param)]
        return Operation(
            id=self.id, api_version=self.api_version, method=self.method, path=self.path, title=self.title,
            seed=self.seed, params=tuple(self.params), rules=tuple(derived + self.rules),
            idempotent=self.idempotent, requires=self.requires,
            needs_pending_invoice=self.needs_pending_invoice, left_out=tuple(self.left_out),
            sentences_without_rule=tuple(self.sentences_without_rule),
        )


def param_rules(op_id: str, param: Param) -> list[Rule]:
    """The rules a parameter's own declaration implies, in the order a server would check them."""
    in_body = param.location is Location.BODY
    fault = invalid_request(param.name, param_required=in_body)
    # Header values: the pages list values and limits but never say a request fails (A8).
    default_binding = Binding.LOOSE if in_body else Binding.CONVENTION
    rules: list[Rule] = []

    def add(name: str, kind: Kind, source: str, outcome: Outcome = fault, **options: object) -> None:
        rules.append(Rule(
            f"{op_id}.{param.name}.{name}", kind, (param.name,), options.pop("binding", default_binding),  # type: ignore[arg-type]
            source, outcome, requires=param.applies, **options,  # type: ignore[arg-type]
        ))

    if param.required:
        add("required", Kind.REQUIRED, f"{param.name}: required. {param.source} {BLANK_IS_MISSING}")
    if param.type in (ParamType.INTEGER, ParamType.TIMESTAMP):
        add("integer", Kind.INTEGER, f"{param.name}: {param.type.value} ({param.source})")
    if param.type is ParamType.BOOLEAN:
        add("boolean", Kind.BOOLEAN, f"{param.name}: boolean, sent as true/false. {param.source}")
    if param.max_length is not None:
        # An over-long id names no resource either: which check a server runs first is its own choice, so a
        # 404 resource_not_found is as good an answer as the 400 (docs give no order).
        length_fault = replace(fault, alternatives=(not_found(param.name),)) if param.refers_to else fault
        add("max_length", Kind.MAX_LENGTH, f"{param.name}: max chars={param.max_length}. {param.source}",
            length_fault, limit=param.max_length)
    if param.minimum is not None:
        add("minimum", Kind.MINIMUM, f"{param.name}: min={param.minimum}. {param.source}",
            limit=param.minimum)
    if param.enum:
        members = ", ".join(param.enum) if len(param.enum) <= 12 else f"{len(param.enum)} listed values"
        add("enum", Kind.ENUM, f"{param.name}: one of {members}. {param.source}", values=param.enum)
    if param.refers_to in CHECKED_REFERENCES and in_body:
        add("exists", Kind.EXISTS,
            f"{param.name} must name an existing {param.refers_to}. {NOT_FOUND_SOURCE}",
            not_found(param.name), binding=Binding.EXACT)
    return rules


def only_with_setting(builder: OperationBuilder, param: str, setting: Setting, source: str) -> Rule:
    return builder.rule(param, "needs_" + setting.value, Kind.ONLY_WITH_SETTING, (param,), source,
                        invalid_request(param), setting=setting)
