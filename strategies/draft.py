"""A request being assembled inside one draw, what an invalid case forces on it, and the `Case` it becomes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Location, Operation, Rule
from chargebee_conformance.spec.validate import Request
from chargebee_conformance.spec.wire import base_name


@dataclass(frozen=True)
class Overrides:
    """What an invalid case forces on an otherwise valid request.

    `values` maps parameter names to wire values (a list parameter's value goes into one row); `omit` names
    parameters never to send; `invoice_id` replaces the pending invoice in the path.
    """

    values: Mapping[str, str] = field(default_factory=dict)
    omit: frozenset[str] = frozenset()
    invoice_id: str | None = None


NO_OVERRIDES = Overrides()


@dataclass
class Draft:
    """Mutable while one example is drawn; turned into a frozen `Case` at the end."""

    form: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    invoice_id: str | None = None

    def given(self, name: str) -> bool:
        """Sent with a non-blank value, as the validator reads it."""
        return self.form.get(name, "") != ""

    def indices(self, name: str) -> list[int]:
        """Indices sent for a list parameter, ascending."""
        keys = (base_name(key) for key in self.form)
        return sorted(index for base, index in keys if index is not None and base == name)

    def drop(self, name: str) -> None:
        for key in [k for k in self.form if k == name or base_name(k)[0] == name]:
            del self.form[key]

    def path(self, op: Operation) -> str:
        if not op.needs_pending_invoice:
            return op.url_path()
        assert self.invoice_id is not None
        return op.url_path(invoice_id=self.invoice_id)

    def to_case(self, op: Operation, rule: Rule | None, note: str) -> Case:
        return Case(
            operation=op.id, method=op.method, path=self.path(op), form=tuple(self.form.items()),
            headers=tuple(self.headers.items()), rule=rule.id if rule else None,
            binding=rule.binding if rule else None, expected=rule.outcome if rule else None, note=note,
        )


def request_of(op: Operation, case: Case) -> Request:
    """The validator's view of a case: form and headers as sent, the invoice id read back from the path."""
    path: dict[str, str] = {}
    if op.needs_pending_invoice:
        prefix, suffix = op.url_path(invoice_id="\0").split("\0")
        path["invoice_id"] = case.path.removeprefix(prefix).removesuffix(suffix)
    return Request(dict(case.form), dict(case.headers), path)


def location_of(op: Operation, name: str) -> Location:
    try:
        return op.param(name).location
    except KeyError:
        return Location.PATH
