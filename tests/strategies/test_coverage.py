"""Every request rule of the model has an invalid-case generator on some shipped profile."""

from __future__ import annotations

from chargebee_conformance.spec.model import REQUEST_KINDS, Kind
from chargebee_conformance.spec.operations import OPERATIONS, operation
from chargebee_conformance.strategies import Unsupported, generatable_rules
from chargebee_conformance.strategies.invalid import GENERATORS
from tests.strategies.worlds import BARE, OFFERED, PROFILES, REFUSED, world


def test_every_request_kind_has_a_generator() -> None:
    missing = sorted(k.value for k in REQUEST_KINDS - set(GENERATORS))
    assert missing == [], f"request kinds without an invalid-case generator: {', '.join(missing)}"


def test_every_request_rule_has_an_invalid_case_generator() -> None:
    """Rules that apply on some shipped profile offering their operation (issue #2's coverage test)."""
    expected = {r.id for op, p in OFFERED for r in op.request_rules if p.offers(r.requires)}
    covered = {r.id for op, p in OFFERED for r in generatable_rules(op, world(p))}
    missing = sorted(expected - covered)
    assert missing == [], f"request rules without an invalid-case generator: {', '.join(missing)}"


def test_generatable_rules_keep_the_operation_order() -> None:
    for op, profile in OFFERED:
        rules = generatable_rules(op, world(profile))
        order = [r.id for r in op.rules]
        assert [r.id for r in rules] == sorted((r.id for r in rules), key=order.index)


def test_a_refusing_site_generates_only_the_refusal() -> None:
    for op, profile in REFUSED:
        assert [r.kind for r in generatable_rules(op, world(profile))] == [Kind.SITE_REFUSES]


def test_a_bare_world_leaves_out_the_rules_its_fixtures_cannot_carry() -> None:
    profile = next(p for p in PROFILES if p.name == "sandbox-pc2-metered")
    w = world(profile, fixtures=BARE)
    bare = {r.id for op in OPERATIONS if (op, profile) in OFFERED for r in generatable_rules(op, w)}
    assert "v2.add_charge.description.required" not in bare  # no pending invoice to carry it
    assert "v2.add_charge.invoice_id.exists" in bare  # a missing invoice needs none
    assert "v2.add_charge.invoice_id.pending" not in bare  # no closed invoice
    pc1 = next(p for p in PROFILES if p.name == "sandbox-pc1-metered")
    w1 = world(pc1, fixtures=BARE)
    bare1 = {r.id for op in OPERATIONS if (op, pc1) in OFFERED for r in generatable_rules(op, w1)}
    assert "v2.charge.currency_code.needs_customer_id" not in bare1  # needs a subscription to name instead
    assert "v1.charge.coupon.needs_customer_id" not in bare1


def test_operations_a_site_does_not_offer_are_unsupported() -> None:
    pc2 = next(p for p in PROFILES if p.name == "sandbox-pc2-metered")
    try:
        generatable_rules(operation("v1.charge"), world(pc2))
    except Unsupported as error:
        assert "API v1" in str(error)
    else:
        raise AssertionError("v1.charge on a v2-only site must be Unsupported")
