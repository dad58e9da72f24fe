"""Every value rule of the model (max length, minimum, integer, boolean, enum), on every operation the shipped
profiles offer, is enforced by the sandbox at its boundary: the limit itself passes, one beyond is refused with a
400 naming the parameter as sent. Limits are read from spec/, never restated."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from chargebee_conformance.spec.model import Kind, Location, Operation, Param, ParamType, Rule
from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.spec.profile import load_profile
from chargebee_conformance.spec.validate import applicable_rules
from tests.sandbox.support import PC1, PC2, Site, error

VALUE_KINDS = (Kind.MAX_LENGTH, Kind.MINIMUM, Kind.INTEGER, Kind.BOOLEAN, Kind.ENUM)
# Parameters whose valid values are a short list (a site's currencies), so no string of the maximum length is one.
BOUND_VALUES = frozenset({"currency_code"})
# v2 add_charge on PC2: whether a v2 PC1 site offers it is not documented (reference §5).
SITE_OF = {"v1.charge": PC1, "v1.create": PC1, "v1.add_charge": PC1, "v2.charge": PC1, "v2.add_charge": PC2,
           "v2.add_charge_item": PC2}


def cases() -> Iterator[tuple[Path, Operation, Rule]]:
    for op in OPERATIONS:
        profile = SITE_OF[op.id]
        for rule in applicable_rules(op, load_profile(profile)):
            if rule.kind in VALUE_KINDS and rule.binding is not Binding.SILENT:
                yield profile, op, rule


CASES = list(cases())


@pytest.fixture
def site(request: pytest.FixtureRequest) -> Site:
    profile = request.node.callspec.params["profile"]
    return request.getfixturevalue("pc1" if profile == PC1 else "pc2")  # type: ignore[no-any-return]


def valid_request(site: Site, op: Operation) -> tuple[str, dict[str, str]]:
    """(path, form) of a request of the operation that the sandbox accepts."""
    profile = site.profile
    if op.needs_pending_invoice:
        _, invoice_id = site.pending_invoice()
        charge_item = {"item_price[item_price_id]": str(profile.catalog_id("charge_item_price"))}
        form = charge_item if op.id == "v2.add_charge_item" else {"amount": "100", "description": "d"}
        return op.url_path(invoice_id=invoice_id), form
    form = {"customer_id": site.customer()}
    if op.id == "v1.create":
        form |= {"charges[amount][0]": "100", "charges[description][0]": "d",
                 "addons[id][0]": str(profile.catalog_id("non_recurring_addon")), "addons[quantity][0]": "1"}
    else:
        form |= {"amount": "100", "description": "d"}
    return op.url_path(), form


def send(site: Site, op: Operation, rule: Rule, value: str) -> tuple[httpx.Response, str]:
    path, form = valid_request(site, op)
    param = op.param(rule.subject)
    key = f"{param.name}[0]" if param.array else param.name
    headers = {}
    if param.location is Location.HEADER:
        headers[key] = value
    else:
        form[key] = value
    return site.client.post(path, data=form, headers=headers), key


def at_limit(rule: Rule, param: Param) -> tuple[str, str]:
    """(a value at the boundary, a value one beyond it)."""
    if rule.kind is Kind.MAX_LENGTH:
        assert rule.limit is not None
        # docs/decisions.md A10: characters are counted, so multi-byte characters of the BMP sit at the boundary (in the
        # body; header values are ASCII on the wire).
        if param.location is Location.HEADER:  # unique: an idempotency key is site-wide
            return (rule.id * rule.limit)[:rule.limit], "k" * (rule.limit + 1)
        char = "1" if param.type is ParamType.DECIMAL else "é"
        return char * rule.limit, char * (rule.limit + 1)
    if rule.kind is Kind.MINIMUM:
        assert rule.limit is not None
        return str(rule.limit), str(rule.limit - 1)
    if rule.kind is Kind.INTEGER:
        valid = str(int(time.time())) if param.type is ParamType.TIMESTAMP else "12"
        return valid, valid + "abc"
    if rule.kind is Kind.BOOLEAN:
        return "true", "maybe"
    return rule.values[0], "not-a-member"


@pytest.mark.parametrize(("profile", "op", "rule"), CASES, ids=[rule.id for _, _, rule in CASES])
def test_value_rule_refuses_one_beyond_its_limit(site: Site, profile: Path, op: Operation, rule: Rule) -> None:
    param = op.param(rule.subject)
    _, beyond = at_limit(rule, param)
    response, key = send(site, op, rule, beyond)
    status, code, named = error(response)
    assert (status, named) == (400, key), response.text
    assert code == "param_wrong_value"


@pytest.mark.parametrize(("profile", "op", "rule"), CASES, ids=[rule.id for _, _, rule in CASES])
def test_value_rule_accepts_its_limit(site: Site, profile: Path, op: Operation, rule: Rule) -> None:
    param = op.param(rule.subject)
    if param.refers_to is not None or param.name in BOUND_VALUES or param.enum:
        pytest.skip("only existing ids / the site's currencies / the listed members are valid values here")
    at, _ = at_limit(rule, param)
    response, _ = send(site, op, rule, at)
    assert response.status_code == 200, response.text
