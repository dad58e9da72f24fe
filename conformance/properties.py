"""The per-operation properties every operation module runs: valid cases succeed and keep the response
promises; each documented constraint is enforced; rejections leave nothing behind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from chargebee_conformance.spec.case import Case, Exchange
from chargebee_conformance.spec.model import Kind, Operation, Rule
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.settings import Catalog, Setting
from chargebee_conformance.spec.validate import applicable_rules
from chargebee_conformance.spec.world import Fixtures, World
from chargebee_conformance.strategies import (
    Unsupported,
    boundary_cases,
    boundary_rules,
    covering_cases,
    generatable_rules,
    invalid_cases,
    valid_cases,
    why_not_generatable,
)
from chargebee_conformance.strategies.support import not_offered, site_refusal
from chargebee_conformance.suite.checks import broken, check_json_response, check_rejection, invoice_of
from chargebee_conformance.suite.config import Mode
from chargebee_conformance.suite.errors import RuleBroken
from chargebee_conformance.suite.exercise import exercised
from chargebee_conformance.suite.expectations import check_added, check_consistent_pair, check_created
from chargebee_conformance.suite.harness import Harness
from chargebee_conformance.suite.results import NOT_EXERCISED, SKIPPED
from chargebee_conformance.suite.site import NotOffered, SetupFailed, Site


@dataclass
class Prepared:
    world: World
    version: int


def offered_or_skip(harness: Harness, op: Operation) -> None:
    """Operations a target does not offer are skipped with the reason, never failed."""
    reason = not_offered(op, harness.profile)
    if reason is not None:
        harness.skip_test(reason, op.rules)


def prepare(harness: Harness, op: Operation, *, closed_invoice: bool = False, base_currency: bool = False) -> Prepared:
    """Fixtures for one test: a customer, its subscription where the catalog allows, pending invoices. On a
    multicurrency site the customer's currency is spread over the site's currencies by test, or is the base
    currency (`base_currency`: the catalog's coupons and prices are priced in it)."""
    harness.operation = op.id
    offered_or_skip(harness, op)
    site, version = harness.site, op.api_version
    currency = site.currency_for(harness.test_id)
    if base_currency and currency is not None:
        currency = harness.profile.base_currency
    try:
        customer = site.create_customer(version=version, currency_code=currency)
        subscription = pending = closed = None
        if op.needs_pending_invoice:
            pending = site.create_pending_invoice(customer, version=version)
            if closed_invoice:
                closed = _closed_invoice(site, customer, version)
        elif _has_plan(harness):
            subscription, _ = site.create_subscription(customer, version=version)
    except (NotOffered, SetupFailed) as reason:
        # Setup operations are not what the suite judges: a target (or profile) that cannot create the fixtures
        # gets the test skipped with the reason, and its rules reported as skipped.
        harness.skip_test(str(reason), op.rules)
    fixtures = Fixtures(customer, subscription, pending, closed, currency_code=currency)
    return Prepared(site.world(fixtures), version)


def _closed_invoice(site: Site, customer: str, version: int) -> str | None:
    """A closed invoice the suite made itself: a pending invoice it created, then closed. A profile-named pending
    invoice is never closed; where the site cannot give the suite one of its own, the rules needing a closed
    invoice are not exercised."""
    try:
        invoice = site.create_pending_invoice(customer, version=version, own=True)
    except NotOffered:
        return None
    site.close_invoice(invoice, version=version)
    return invoice


def _has_plan(harness: Harness) -> bool:
    catalog = harness.profile.catalog
    return bool(catalog.get("plan") or catalog.get("plan_item_price"))


def _response_rules(op: Operation, *names: str, profile: SiteProfile | None = None) -> list[Rule]:
    """The named promises of `op` (those the profile's site offers, when a profile is given)."""
    return [r for r in op.rules if r.kind is Kind.RESPONSE and r.id.rsplit(".", 1)[1] in names
            and (profile is None or profile.offers(r.requires))]


# -- valid cases ----------------------------------------------------------------------------------------------
def valid_cases_succeed(harness: Harness, op: Operation) -> None:
    """The covering plan first (one case meeting every promise's precondition it can), then Hypothesis explores
    with the examples left."""
    prepared = prepare(harness, op, base_currency=True)
    world = prepared.world
    rules = _response_rules(op, *_VALID_RULES, profile=harness.profile)
    replay = harness.mode is Mode.REPLAY
    try:
        cover = covering_cases(op, world)
        cases = None if replay else valid_cases(op, world)
    except Unsupported as reason:
        harness.skip_test(str(reason), rules)

    def check(case: Case) -> None:
        expect_success(harness, op, world, case)

    failure = harness.check_property("cover", None if replay else cover.cases, check, rules, examples=1)
    left = len(harness.corpus.cases("valid")) if replay else harness.shared.config.examples - 1
    if failure is None and left > 0:
        failure = harness.check_property("valid", cases, check, rules, examples=left)
    for rule_id, why in cover.unreachable.items():
        if op.rule(rule_id) in rules:
            harness.record(op.rule(rule_id), NOT_EXERCISED, reason=why)
    if op.needs_pending_invoice and failure is None:
        _pending_invoice_kept_lines(harness, op, prepared)
    _raise(failure)


def expect_success(harness: Harness, op: Operation, world: World, case: Case, blame: Rule | None = None) -> None:
    """A valid case must be answered 200 with an invoice that keeps the response promises. A refusal of a case
    that sits on a limit is blamed on that limit's rule."""
    exchange = harness.site.client.send(case)
    judge_success(harness, op, world, exchange, blame)


def judge_success(harness: Harness, op: Operation, world: World, exchange: Exchange, blame: Rule | None = None) -> None:
    """The answer to a valid case: 200 with an invoice that keeps the response promises."""
    site, case = harness.site, exchange.case
    check_json_response(exchange)
    if exchange.status != 200 and blame is not None:
        broken(blame.id, blame.binding, f"a value exactly at the accepted limit was refused with HTTP "
               f"{exchange.status} ({blame.subject})", exchange)
    invoice = invoice_of(op.id, exchange)
    if op.needs_pending_invoice:
        item_price = dict(case.form).get("item_price[item_price_id]") if "item" in op.id else None
        check_added(op, case, exchange, invoice, world.fixtures.pending_invoice_id or "", item_price, harness.profile)
    else:
        check_created(op, case, exchange, invoice, harness.profile, site.subscription_customer,
                      world.fixtures.paying)


def limits_are_inclusive(harness: Harness, op: Operation) -> None:
    """A value exactly at a documented limit (max chars, a minimum, the backdating limit) is accepted."""
    prepared = prepare(harness, op)
    world = prepared.world
    rules = boundary_rules(op, world)
    if not rules and harness.mode.value != "replay":
        harness.skip_test(f"no valid case of {op.id} can sit on a limit on {harness.profile.name}")
    failures = []
    recorded = {r for r in rules} if harness.mode.value != "replay" else {
        op.rule(name.split(":", 1)[1]) for name in harness.corpus.properties if name.startswith("boundary:")}
    for rule in sorted(recorded, key=op.rules.index):
        cases = None if harness.mode.value == "replay" else boundary_cases(op, world, rule)

        def check(case: Case, rule: Rule = rule) -> None:
            expect_success(harness, op, world, case, rule)

        failure = harness.check_property(f"boundary:{rule.id}", cases, check, [rule], examples=1)
        if failure is not None:
            failures.append(failure)
    if failures:
        raise AssertionError("\n\n".join(str(f) for f in failures))


_VALID_RULES = ("invoice", "schema", "sub_total", "amount_due", "line_amount", "line_added", "still_pending", "ids",
                "po_number", "line_items", "status", "invoice_date", "service_period", "currency_code",
                "shipping_address", "coupon", "addon_lines", "unit_price")


def _pending_invoice_kept_lines(harness: Harness, op: Operation, prepared: Prepared) -> None:
    """The lines a response showed are really on the invoice: retrieve it once more."""
    invoice_id = prepared.world.fixtures.pending_invoice_id or ""
    exchange = harness.client.get(f"/api/v{prepared.version}/invoices/{invoice_id}")
    rule = _response_rules(op, "line_added")[0]

    def check(case: Case) -> None:
        invoice = invoice_of(op.id, exchange)
        added = len(harness.corpus.properties.get("valid", []))
        kind = "charge_item_price" if "item" in op.id else "adhoc"
        adhoc_or_items = [line for line in invoice.get("line_items") or []
                          if isinstance(line, dict) and line.get("entity_type") == kind]
        # Ad-hoc charges are a line each; repeated charge-item prices may share a line.
        if len(adhoc_or_items) < (added if kind == "adhoc" else min(added, 1)):
            broken(rule.id, Binding.EXACT, f"{added} charge(s) were added but the retrieved invoice carries only "
                   f"{len(adhoc_or_items)}", exchange)

    try:
        check(exchange.case)
    except RuleBroken as failure:
        harness.record(rule, "broken", examples=1, requests=1, failure=failure)
        raise


# -- invalid cases --------------------------------------------------------------------------------------------
def invalid_cases_rejected(harness: Harness, op: Operation) -> None:
    prepared = prepare(harness, op, closed_invoice=op.needs_pending_invoice)
    world = prepared.world
    before = _footprint(harness, op, prepared)
    rules = generatable_rules(op, world)
    # Convention and silent rules last: no sentence says such requests fail, so they may create something, which
    # must not count against the nothing-left-behind check of the rules that do promise a rejection (A1).
    judged = [r for r in rules if r.binding.fails_run]
    silent = [r for r in rules if not r.binding.fails_run]
    failures: list[RuleBroken] = []
    for rule in judged:
        failure = _judge_rule(harness, op, world, rule)
        if failure is not None:
            failures.append(failure)
    explored = _explore(harness, op, world, judged)
    if explored is not None:
        failures.append(explored)
    left_behind = _nothing_left_behind(harness, op, prepared, before, causes=tuple(f.rule for f in failures))
    if left_behind is not None:
        failures.append(left_behind)
    for rule in silent:
        failure = _judge_rule(harness, op, world, rule)  # a convention rule fails only a strict run
        if failure is not None:
            failures.append(failure)
    _unreachable_rules(harness, op, world, {r.id for r in rules})
    if failures:
        raise AssertionError("\n\n".join(str(f) for f in failures))


def _unreachable_rules(harness: Harness, op: Operation, world: World, generated: set[str]) -> None:
    """Rules the site offers that no case could break alone here are not exercised, with the reason (a role the
    profile does not name, a fixture the site cannot give); "only with setting X" on a site that has X is not
    offered at all (skipped)."""
    for rule in applicable_rules(op, harness.profile):
        if rule.id in generated:
            continue
        reason = why_not_generatable(op, world, rule) or "no invalid case can be generated for it"
        offered = not (rule.kind is Kind.ONLY_WITH_SETTING and rule.setting and harness.profile.has(rule.setting)) \
            and site_refusal(op, harness.profile) is None  # an operation the site refuses outright offers no rule
        harness.record(rule, NOT_EXERCISED if offered else SKIPPED, reason=f"{harness.profile.name}: {reason}")


def _judge_rule(harness: Harness, op: Operation, world: World, rule: Rule) -> RuleBroken | None:
    """The covering plan's case for one rule: it must get the outcome the rule promises (silent rules: only
    observed)."""
    cases = None if harness.mode is Mode.REPLAY else invalid_cases(op, world, rule)
    return harness.check_property(f"invalid:{rule.id}", cases, lambda case: _judge_rejection(harness, rule, case),
                                  [rule], examples=1)


def _explore(harness: Harness, op: Operation, world: World, rules: list[Rule]) -> RuleBroken | None:
    """After one case per rule, Hypothesis explores the rules the docs say are refused with the examples left."""
    replay = harness.mode is Mode.REPLAY
    left = len(harness.corpus.cases(EXPLORE)) if replay else harness.shared.config.examples - 1
    if left <= 0 or not rules:
        return None
    by_id = {rule.id: rule for rule in rules}

    def check(case: Case) -> None:
        rule = by_id[case.rule or ""]
        exercised(rule.id)
        _judge_rejection(harness, rule, case)

    cases = None if replay else st.one_of([invalid_cases(op, world, rule) for rule in rules])
    return harness.check_property(EXPLORE, cases, check, rules, examples=left, by_marks=True)


EXPLORE = "invalid:explore"


def _judge_rejection(harness: Harness, rule: Rule, case: Case) -> None:
    exchange = harness.client.send(case)
    body: Any = exchange.body
    code = body.get("api_error_code") if isinstance(body, dict) else None
    param = body.get("param") if isinstance(body, dict) else None
    harness.observed[rule.id] = f"HTTP {exchange.status} {code or ''} {f'param={param}' if param else ''}".strip()
    check_json_response(exchange)
    check_rejection(rule, exchange)


def _footprint(harness: Harness, op: Operation, prepared: Prepared) -> Any:
    """What a rejected request must not change: the customer's invoices, or the pending invoice's lines."""
    fixtures = prepared.world.fixtures
    if op.needs_pending_invoice:
        invoice = harness.site.retrieve_invoice(fixtures.pending_invoice_id or "", version=prepared.version)
        return (len(invoice.get("line_items") or []), invoice.get("sub_total"))
    return harness.site.invoice_ids(fixtures.customer_id)


def _nothing_left_behind(harness: Harness, op: Operation, prepared: Prepared, before: Any,
                         causes: tuple[str, ...] = ()) -> RuleBroken | None:
    """`causes`: the rules found broken before the check (an invalid request accepted is what leaves something
    behind), so the report links this failure to them."""
    rule = _rule(op, "nothing_created")
    if before is None:
        harness.skip([rule], "the target does not answer List invoices (GET /api/v2/invoices)")
        return None
    spent = sum(harness.client.counts.values())
    after = _footprint(harness, op, prepared)
    requests = sum(harness.client.counts.values()) - spent
    if after != before:
        what = (f"the pending invoice changed from (lines, sub_total) {before} to {after}" if op.needs_pending_invoice
                else f"new invoices appeared for the customer: {sorted(set(after) - set(before))[:5]}")
        failure = RuleBroken(rule.id, rule.binding, f"rejected requests left something behind: {what}", "",
                             caused_by=causes)
        harness.record(rule, "broken", examples=1, requests=requests, failure=failure)
        return failure
    harness.record(rule, "held", examples=1, requests=requests)
    return None


def _rule(op: Operation, name: str) -> Rule:
    return next(r for r in op.rules if r.id.endswith(f".{name}"))


# -- auto collection on ---------------------------------------------------------------------------------------
def auto_collection_collects_payment(harness: Harness, op: Operation) -> None:
    """The profile's paying customer (auto collection on, a payment method): "payment will be immediately collected
    using the payment method associated with the customer" -> the invoice is paid, nothing is due, amount_paid is
    the total (docs/decisions.md A13). The suite's own customers cannot pay, so this needs [catalog] paying_customer."""
    rules = _response_rules(op, "status", "amount_due")
    paying = harness.profile.paying_customer
    if not paying:
        harness.skip_test(f"{harness.profile.name}: the profile names no [catalog] paying_customer (an existing "
                          "customer with a payment method), so auto collection on cannot be judged", rules)
    harness.operation = op.id
    offered_or_skip(harness, op)
    site = harness.site
    currency = harness.profile.base_currency if harness.profile.has(Setting.MULTICURRENCY) else None
    world = site.world(Fixtures(paying, currency_code=currency, paying=True))
    try:
        cases = None if harness.mode is Mode.REPLAY else valid_cases(op, world)
    except Unsupported as reason:
        harness.skip_test(str(reason), rules)
    pending_allowed = harness.profile.has(Setting.METERED_BILLING) and harness.profile.product_catalog is Catalog.PC1

    def check(case: Case) -> None:
        exchange = site.client.send(case)
        check_json_response(exchange)
        invoice = invoice_of(op.id, exchange)
        status, due, paid = invoice.get("status"), invoice.get("amount_due"), invoice.get("amount_paid")
        if status == "pending" and pending_allowed:
            return  # one-off invoices on a PC1 metered site may wait for closing (docs/decisions.md A13)
        judge_success(harness, op, world, exchange)
        total = invoice.get("total" if op.api_version == 2 else "amount")
        if status != "paid" or (isinstance(due, int) and due != 0) or (
                isinstance(paid, int) and isinstance(total, int) and paid != total):
            broken(f"{op.id}.response.status", Binding.EXACT, f"auto collection on with a payment method, yet "
                   f"status {status!r}, amount_due {due!r}, amount_paid {paid!r} of total {total!r}", exchange)

    _raise(harness.check_property("auto_collection", cases, check, rules, examples=1))


# -- both ids -------------------------------------------------------------------------------------------------
def both_ids_stay_consistent(harness: Harness, op: Operation) -> None:
    """customer_id of one customer with subscription_id of another: refused, or an invoice that does not mix
    them (docs/decisions.md A3)."""
    prepared = prepare(harness, op)
    site, fixtures = harness.site, prepared.world.fixtures
    if fixtures.subscription_id is None:
        reason = f"{harness.profile.name} names no plan to create a subscription"
        harness.skip_test(reason, [_rule(op, "consistent_ids")])
    other = site.create_customer(version=prepared.version)
    description = "conformance: both ids"
    charge = ((("charges[amount][0]", "100"), ("charges[description][0]", description)) if op.id == "v1.create"
              else (("description", description), ("amount", "100")))
    case = Case(op.id, op.method, op.url_path(),
                (("customer_id", other), ("subscription_id", fixtures.subscription_id), *charge),
                note="both ids, of different customers")

    def check(case: Case) -> None:
        exchange = site.client.send(case)
        harness.observed[_rule(op, "consistent_ids").id] = f"HTTP {exchange.status}"
        exercised(_rule(op, "consistent_ids").id)  # a refusal is an accepted answer too (A3)
        if exchange.status == 200:
            check_consistent_pair(op, exchange, invoice_of(op.id, exchange), site.subscription_customer)

    harness.run_once("both_ids", None if harness.mode.value == "replay" else case, check,
                     [_rule(op, "consistent_ids")])


def _raise(failure: RuleBroken | None) -> None:
    if failure is not None:
        raise failure
