"""The typed, frozen vocabulary of the model: parameters, rules and operations.

Operation modules (`spec/operations/`) declare parameters once; `params.py` derives the per-parameter
rules (required, max length, minimum, type, enum, existence) from those declarations, so a limit lives in
exactly one place, next to the sentence of the docs it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chargebee_conformance.spec.outcomes import Binding, Outcome
from chargebee_conformance.spec.settings import ANY_SITE, Requires, Setting


class ParamType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    TIMESTAMP = "timestamp"  # UTC seconds
    DECIMAL = "decimal"  # a decimal number written as a string, major units
    ENUM = "enum"


class Location(StrEnum):
    BODY = "body"
    HEADER = "header"
    PATH = "path"


class Resource(StrEnum):
    """Kinds of resource a parameter can refer to by id."""

    CUSTOMER = "customer"
    SUBSCRIPTION = "subscription"
    INVOICE = "invoice"
    COUPON = "coupon"
    ADDON = "addon"
    ITEM_PRICE = "item_price"
    CURRENCY = "currency"
    PLAN = "plan"
    BUSINESS_ENTITY = "business_entity"


class Kind(StrEnum):
    """What a rule constrains. Validator, strategies and sandbox each implement every kind once."""

    REQUIRED = "required"
    MAX_LENGTH = "max_length"
    MINIMUM = "minimum"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    ENUM = "enum"
    EXISTS = "exists"
    ONE_OF_REQUIRED = "one_of_required"
    REQUIRES_PARAM = "requires_param"
    REQUIRED_WITH_SETTING = "required_with_setting"
    ONLY_WITH_SETTING = "only_with_setting"
    DATE_ORDER = "date_order"
    BACKDATING = "backdating"
    PARALLEL_ARRAY = "parallel_array"
    PENDING_STATE = "pending_state"
    SITE_REFUSES = "site_refuses"
    CATALOG_KIND = "catalog_kind"  # an id of the wrong kind of catalog entry (a recurring addon, a plan price)
    UNKNOWN_PARAM = "unknown_param"  # a parameter the operation does not document
    # Promises about responses and the protocol: checked by properties, not by invalid cases.
    RESPONSE = "response"
    PROTOCOL = "protocol"


REQUEST_KINDS = frozenset(Kind) - {Kind.RESPONSE, Kind.PROTOCOL}


@dataclass(frozen=True)
class Param:
    """One documented parameter. `name` is the wire name; list parameters take `[i]` after it."""

    name: str
    type: ParamType
    source: str
    location: Location = Location.BODY
    required: bool = False
    max_length: int | None = None
    minimum: int | None = None
    enum: tuple[str, ...] = ()
    array: bool = False
    refers_to: Resource | None = None
    applies: Requires = ANY_SITE  # outside these settings the parameter has no effect (silent)

    def wire_name(self, index: int | None = None) -> str:
        return self.name if index is None else f"{self.name}[{index}]"


@dataclass(frozen=True)
class Precondition:
    """What an example must carry for a response promise to be exercised at all (a coupon sent, a quantity above
    one). A promise no example met is reported "not exercised", never "held"."""

    what: str  # "a coupon was sent": the reason reads "no example where a coupon was sent"
    sent: tuple[str, ...] = ()  # base names a valid case must send (any one of them)
    quantity_above_one: str = ""  # the quantity parameter that must exceed 1
    rows: tuple[str, int] = ("", 0)  # a list and the rows it needs
    both: tuple[str, ...] = ()  # parameters that must all be sent (both ends of a period)


@dataclass(frozen=True)
class Rule:
    """A documented constraint or promise, with the sentence it comes from and how strictly it binds."""

    id: str
    kind: Kind
    params: tuple[str, ...]  # wire names involved; the first is the one at fault
    binding: Binding
    source: str
    outcome: Outcome
    limit: int | None = None  # MAX_LENGTH / MINIMUM
    values: tuple[str, ...] = ()  # ENUM members
    requires: Requires = ANY_SITE  # the rule applies only on such sites
    setting: Setting | None = None  # ONLY_WITH_SETTING: the setting whose absence makes the parameter wrong
    note: str = ""  # our reading where the docs leave a choice (docs/decisions.md)
    precondition: Precondition | None = None  # response promises: what an exercising example carries

    @property
    def subject(self) -> str:
        return self.params[0] if self.params else ""


@dataclass(frozen=True)
class LeftOut:
    """A documented parameter the model deliberately does not declare: nothing generates or judges it, and it is
    not an unknown parameter either. The docs' own words about it and the reason stay next to each other."""

    name: str  # the wire name, as a Param's would be
    location: Location
    quote: str  # the docs' words about it, verbatim (tests find them in the vendor material)
    source: str  # where the quote stands: a seed page's file name, "v1 OpenAPI spec", ...
    reason: str


@dataclass(frozen=True)
class SentenceWithoutRule:
    """A constraint the docs state (a format, an "applicable only if", a default) that no rule of the model
    states, and why: listed so that the gap is visible in the coverage report, not hidden."""

    params: tuple[str, ...]  # the documented parameters it is about (wire names)
    quote: str  # verbatim, as for LeftOut
    source: str
    reason: str


@dataclass(frozen=True)
class Operation:
    id: str  # "v2.charge"
    api_version: int
    method: str
    path: str  # relative to /api/v{N}; path parameters as {invoice_id}
    title: str
    seed: str  # the vendor page it comes from (its file name in the documentation snapshot)
    params: tuple[Param, ...]
    rules: tuple[Rule, ...]
    idempotent: bool = False  # the page carries "Idempotency Supported"
    requires: Requires = ANY_SITE  # sites without it do not offer the operation (skipped, never failed)
    needs_pending_invoice: bool = False
    left_out: tuple[LeftOut, ...] = ()  # documented parameters not declared, each with its reason
    sentences_without_rule: tuple[SentenceWithoutRule, ...] = ()

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(f"{self.id} has no parameter {name!r}")

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"{self.id} has no rule {rule_id!r}")

    @property
    def body_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location is Location.BODY)

    @property
    def header_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location is Location.HEADER)

    @property
    def documented_body_names(self) -> frozenset[str]:
        """Body names the docs give this operation: its body parameters and the ones the model leaves out (a
        left-out parameter is documented, so it is never an unknown one)."""
        left_out = (p.name for p in self.left_out if p.location is Location.BODY)
        return frozenset((*(p.name for p in self.body_params), *left_out))

    @property
    def request_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind in REQUEST_KINDS)

    def url_path(self, **path_params: str) -> str:
        return f"/api/v{self.api_version}" + self.path.format(**path_params)
