"""Valid cases break no rule of the model and would be accepted by a real site."""

from __future__ import annotations

import pytest
from hypothesis import given

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Kind, Location, Operation, Resource
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.settings import Setting
from chargebee_conformance.spec.wire import base_name
from chargebee_conformance.spec.world import World
from chargebee_conformance.strategies import Unsupported, usage, valid_cases
from tests.strategies.worlds import BARE, NOT_OFFERED, REFUSED, SETTINGS, VALID, broken, label, world

IDS = [label(op, p) for op, p in VALID]
CHARGE_OPS = ("v1.charge", "v2.charge", "v1.add_charge", "v2.add_charge")
CHARGING = [(op, p) for op, p in VALID if op.id in CHARGE_OPS]
CREATING = [(op, p) for op, p in VALID if op.id == "v1.create"]
EVENT_HEADERS = ("chargebee-event-webhook", "chargebee-event-actions", "chargebee-event-email")


def real_site_problems(op: Operation, w: World, case: Case) -> list[str]:
    """What would make a real site refuse a request the model calls valid (ids, payment plumbing, ...)."""
    form, problems = dict(case.form), []
    for key, value in form.items():
        name = base_name(key)[0]
        param = op.param(name)
        if param.refers_to is not None and not w.exists(param.refers_to, value):
            problems.append(f"{key}={value} names no existing {param.refers_to}")
        if usage.never_valid(name):
            problems.append(f"{key} is never sent by a valid case")
        if not w.profile.offers(param.applies):
            problems.append(f"{key} does not apply on {w.profile.name}")
    if form.get("replace_primary_payment_source") == "true":
        problems.append("replace_primary_payment_source=true")
    identities = [n for n in ("customer_id", "subscription_id") if n in form]
    if any(p.name == "customer_id" for p in op.params) and len(identities) != 1:
        problems.append(f"identity {identities}, not exactly one")
    if op.needs_pending_invoice and case.path.split("/")[-2] != w.fixtures.pending_invoice_id:
        problems.append(f"path {case.path} is not the pending invoice")
    return problems + _header_problems(op, case) + _pricing_problems(w, form) + _period_problems(op, w, form)


def _pricing_problems(w: World, form: dict[str, str]) -> list[str]:
    """A17, written out independently of strategies/pricing.py: tiers only with tiered/volume/stairstep prices,
    package_size only in a package tier, unit_price only with flat_fee/per_unit, no quantity with flat_fee."""
    catalog = w.profile.site_catalog
    price = form.get("item_price[item_price_id]", "")
    model = catalog.pricing_model(Resource.ITEM_PRICE, price)
    problems = []
    if "item_price[unit_price]" in form and model not in ("flat_fee", "per_unit"):
        problems.append(f"unit_price sent for {price} priced {model}")
    if "item_price[quantity]" in form and model in ("flat_fee", None):
        problems.append(f"quantity sent for {price} priced {model}")
    if any(k.startswith("item_tiers[") for k in form) and model not in ("tiered", "volume", "stairstep"):
        problems.append(f"item_tiers sent for {price} priced {model}")
    for key in form:
        name, index = base_name(key)
        if name == "item_tiers[package_size]" and form.get(f"item_tiers[pricing_type][{index}]") != "package":
            problems.append(f"{key} in a tier whose pricing_type is not package")
        if name == "addons[quantity]":
            addon = form.get(f"addons[id][{index}]", "")
            if catalog.pricing_model(Resource.ADDON, addon) in ("flat_fee", None):
                problems.append(f"quantity sent for the addon {addon} priced flat_fee or unknown")
    return problems


def _period_problems(op: Operation, w: World, form: dict[str, str]) -> list[str]:
    """A6: both ends of a service period or neither; no past invoice_date where backdating is off (A4)."""
    problems = []
    for rule in op.request_rules:
        if rule.kind is Kind.DATE_ORDER and sum(name in form for name in rule.params) == 1:
            problems.append(f"only one end of {rule.params} sent")
    if "invoice_date" in form and not w.profile.has(Setting.BACKDATING):
        problems.append("invoice_date sent on a site without backdating")
    return problems


def _header_problems(op: Operation, case: Case) -> list[str]:
    documented = {p.name for p in op.params if p.location is Location.HEADER}
    problems = [f"header {n} undocumented" for n, _ in case.headers if n not in documented]
    problems += [f"{n}: {v}" for n, v in case.headers if n in EVENT_HEADERS and v != "all-disabled"]
    return problems + [f"{n} sent" for n, _ in case.headers if n == "chargebee-idempotency-key"]


@pytest.mark.parametrize(("op", "profile"), VALID, ids=IDS)
def test_valid_cases_break_no_rule(op: Operation, profile: SiteProfile) -> None:
    w = world(profile)

    @SETTINGS
    @given(valid_cases(op, w))
    def check(case: Case) -> None:
        assert broken(op, w, case) == [], case.as_curl()
        assert case.rule is None and case.binding is None and case.expected is None
        assert case.operation == op.id and case.method == op.method and case.note.startswith("valid")

    check()


@pytest.mark.parametrize(("op", "profile"), VALID, ids=IDS)
def test_valid_cases_would_be_accepted_by_a_real_site(op: Operation, profile: SiteProfile) -> None:
    w = world(profile)

    @SETTINGS
    @given(valid_cases(op, w))
    def check(case: Case) -> None:
        assert real_site_problems(op, w, case) == [], case.as_curl()

    check()


@pytest.mark.parametrize(("op", "profile"), CHARGING, ids=[label(op, p) for op, p in CHARGING])
def test_charge_operations_always_send_an_amount(op: Operation, profile: SiteProfile) -> None:
    w = world(profile)

    @SETTINGS
    @given(valid_cases(op, w))
    def check(case: Case) -> None:
        sent = [n for n, _ in case.form if n in ("amount", "amount_in_decimal")]
        assert len(sent) == 1, case.form
        if profile.has(Setting.MULTICURRENCY) and "customer_id" in dict(case.form) and op.id == "v2.charge":
            assert dict(case.form)["currency_code"] in profile.currencies

    check()


@pytest.mark.parametrize(("op", "profile"), CREATING, ids=[label(op, p) for op, p in CREATING])
def test_v1_create_sends_at_least_one_charge(op: Operation, profile: SiteProfile) -> None:
    @SETTINGS
    @given(valid_cases(op, world(profile)))
    def check(case: Case) -> None:
        assert "charges[amount][0]" in dict(case.form) and "charges[description][0]" in dict(case.form)

    check()


@pytest.mark.parametrize(("op", "profile"), VALID, ids=IDS)
def test_valid_cases_send_setting_gated_params_only_where_the_profile_has_the_setting(
    op: Operation, profile: SiteProfile,
) -> None:
    gated = {"amount_in_decimal": Setting.MULTI_DECIMAL, "currency_code": Setting.MULTICURRENCY,
             "hsn_code": Setting.INDIA_TAX_REGION, "avalara_tax_code": Setting.AVATAX_SALES}

    @SETTINGS
    @given(valid_cases(op, world(profile)))
    def check(case: Case) -> None:
        for name, _ in case.form:
            assert name not in gated or profile.has(gated[name]), name

    check()


def test_unsupported_is_raised_eagerly_with_a_reason() -> None:
    for op, profile in NOT_OFFERED + REFUSED:
        with pytest.raises(Unsupported, match=op.id):
            valid_cases(op, world(profile))
    op, profile = next((o, p) for o, p in VALID if o.needs_pending_invoice)
    with pytest.raises(Unsupported, match="pending invoice"):
        valid_cases(op, world(profile, fixtures=BARE))
