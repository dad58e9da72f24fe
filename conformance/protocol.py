"""Cross-cutting properties: authentication, idempotency, documented headers, unknown ids, content type."""

from __future__ import annotations

import base64

from hypothesis import strategies as st

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Operation, Rule
from chargebee_conformance.spec.operations import BY_ID
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.spec.promises import PROTOCOL_RULES
from chargebee_conformance.spec.world import MISSING_PREFIX
from chargebee_conformance.strategies import Unsupported, valid_cases
from chargebee_conformance.strategies.support import not_offered, site_refusal
from chargebee_conformance.suite.checks import broken, check_error_outcome, check_json_response, invoice_of
from chargebee_conformance.suite.harness import Harness
from chargebee_conformance.suite.properties import Prepared, prepare

PROTOCOL = {rule.id: rule for rule in PROTOCOL_RULES}
REPLAYED = "chargebee-idempotency-replayed"


def protocol_rule(rule_id: str) -> Rule:
    return PROTOCOL[rule_id]


def first_offered(harness: Harness, candidates: tuple[str, ...]) -> Operation:
    """The first candidate the site offers and accepts valid requests for (v1 is refused on multicurrency)."""
    for op_id in candidates:
        op = BY_ID[op_id]
        if not_offered(op, harness.profile) is None and site_refusal(op, harness.profile) is None:
            return op
    harness.skip_test(f"{harness.profile.name} offers none of {', '.join(candidates)}")


def one_valid_case(harness: Harness, op: Operation, prepared: Prepared, name: str) -> Case | None:
    """A valid case drawn once (record/live) or None in replay, where the corpus supplies it."""
    if harness.mode.value == "replay":
        return None
    try:
        strategy = valid_cases(op, prepared.world)
    except Unsupported as reason:
        harness.skip_test(str(reason))
    return _draw(strategy, harness.corpus.seed)


def _draw(strategy: st.SearchStrategy[Case], seed: int) -> Case:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fix_seed

    drawn: list[Case] = []

    @settings(max_examples=1, database=None, phases=(Phase.generate,), deadline=None,
              suppress_health_check=list(HealthCheck))
    @fix_seed(seed)
    @given(strategy)
    def take(case: Case) -> None:
        if not drawn:
            drawn.append(case)

    take()
    return drawn[0]


# -- authentication -----------------------------------------------------------------------------------------
def unauthenticated_requests_are_refused(harness: Harness) -> None:
    """No key, a wrong key, or the key sent as the password: 401 with a JSON error body (docs/decisions.md A15)."""
    harness.operation = "auth"
    version = max(harness.profile.api_versions)
    # A read of something that exists (List invoices), so that only the credentials can explain a refusal.
    path = f"/api/v{version}/invoices"
    key = harness.client.api_key
    attempts: list[tuple[str, tuple[str, str] | None]] = [
        ("auth.missing_key", None), ("auth.wrong_key", ("test_wrong_" + "0" * 24, "")),
        ("auth.key_as_password", ("", key)),
    ]
    failures = []
    for rule_id, credentials in attempts:
        rule = protocol_rule(rule_id)

        def check(case: Case, rule: Rule = rule, credentials: tuple[str, str] | None = credentials) -> None:
            exchange = harness.client.send(case, auth=credentials, label="auth")
            check_error_outcome(rule.id, rule.outcome, rule.binding, exchange, rule.id.split(".")[1].replace("_", " "))

        probe = Case("auth", "GET", path, (("limit", "1"),), note=rule_id)
        failure = harness.check_property(rule_id, st.just(probe), check, [rule], examples=1)
        if failure is not None:
            failures.append(failure)
    if failures:
        raise AssertionError("\n\n".join(str(f) for f in failures))


# -- idempotency ----------------------------------------------------------------------------------------------
def idempotent_retries_replay_the_first_response(harness: Harness, op: Operation) -> None:
    """Same key and parameters: the stored response with `chargebee-idempotency-replayed: true` and nothing new;
    same key with other parameters: 422 unable_to_process_request."""
    prepared = prepare(harness, op)
    case = one_valid_case(harness, op, prepared, "idempotency")
    key = f"cbc-{harness.corpus.run_id}-idem-{op.id}"
    replay_rule, conflict_rule = protocol_rule("v2.idempotency.replay"), protocol_rule("v2.idempotency.conflict")

    def keyed(case: Case) -> Case:
        headers = tuple(h for h in case.headers if h[0] != "chargebee-idempotency-key")
        return Case(case.operation, case.method, case.path, case.form, (*headers, ("chargebee-idempotency-key", key)))

    def check_replay(case: Case) -> None:
        original = harness.client.send(keyed(case))
        check_json_response(original)
        invoice = invoice_of(op.id, original)
        after_first = _footprint(harness, op, prepared)
        again = harness.client.send(keyed(case))
        if again.status != original.status or not isinstance(again.body, dict) \
                or not isinstance(again.body.get("invoice"), dict) \
                or again.body["invoice"].get("id") != invoice.get("id"):
            broken(replay_rule.id, Binding.EXACT, "a retry with the same key and parameters did not return the "
                   "stored response", again)
        if (again.header(REPLAYED) or "").lower() != "true":
            broken(replay_rule.id, Binding.EXACT, f"the replay lacks `{REPLAYED}: true`", again)
        after_retry = _footprint(harness, op, prepared)
        if after_retry != after_first:
            broken(replay_rule.id, Binding.EXACT, f"the retry changed state: {after_first} after the first "
                   f"request, {after_retry} after the retry", again)

    harness.run_once("idempotency_replay", case, check_replay, [replay_rule])

    def check_conflict(case: Case) -> None:
        other = Case(case.operation, case.method, case.path, changed_form(op, case.form), case.headers)
        exchange = harness.client.send(keyed(other))
        check_error_outcome(conflict_rule.id, conflict_rule.outcome, conflict_rule.binding, exchange,
                            "the same key with other parameters")

    harness.run_once("idempotency_conflict", case, check_conflict, [conflict_rule])


def changed_form(op: Operation, form: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The same request with one documented parameter changed to another valid value (so that only the reused
    key, not a new validation error, can explain a refusal)."""
    values = dict(form)
    for name, replacement in (("description", "conformance: changed for the key-reuse probe"),
                              ("comment", "conformance: changed for the key-reuse probe")):
        if name in values or any(p.name == name for p in op.params):
            if values.get(name) == replacement:
                replacement += "!"
            values[name] = replacement
            return tuple(values.items())
    raise ValueError(f"{op.id} has no parameter the key-reuse probe can change")


def _footprint(harness: Harness, op: Operation, prepared: Prepared) -> object:
    """What a replay must leave as the first request left it: the pending invoice's lines, or the customer's
    invoices."""
    fixtures = prepared.world.fixtures
    if op.needs_pending_invoice:
        invoice = harness.site.retrieve_invoice(fixtures.pending_invoice_id or "", version=prepared.version)
        return len(invoice.get("line_items") or [])
    return harness.site.invoice_ids(fixtures.customer_id)


# -- documented headers, unknown ids, content type ------------------------------------------------------------
def documented_headers_are_accepted(harness: Harness) -> None:
    op = first_offered(harness, ("v2.charge", "v1.charge", "v2.add_charge", "v1.add_charge"))
    prepared = prepare(harness, op)
    case = one_valid_case(harness, op, prepared, "headers")
    rule = protocol_rule("protocol.documented_headers")
    email = "conformance@example.com"
    headers = (
        ("chargebee-request-origin-device", "Android"), ("chargebee-request-origin-user", email),
        ("chargebee-request-origin-ip", "192.0.2.10"),
        ("chargebee-request-origin-user-encoded", base64.b64encode(email.encode()).decode()),
        ("chargebee-event-email", "all-disabled"), ("chargebee-event-webhook", "all-disabled"),
        ("chargebee-event-actions", "all-disabled"),
    )

    def with_headers(case: Case) -> Case:
        names = {h[0] for h in headers}
        return Case(case.operation, case.method, case.path, case.form,
                    (*(h for h in case.headers if h[0] not in names), *headers))

    def check(case: Case) -> None:
        exchange = harness.client.send(with_headers(case))
        check_json_response(exchange)
        if exchange.status != 200:
            broken(rule.id, rule.binding, f"a valid request with the documented headers got HTTP {exchange.status}",
                   exchange)

    harness.run_once("documented_headers", case, check, [rule])


def unknown_invoices_are_not_found_and_answers_are_json(harness: Harness) -> None:
    harness.operation = "protocol"
    version = max(harness.profile.api_versions)
    rule, content = protocol_rule("protocol.unknown_invoice"), protocol_rule("protocol.content_type")
    probe = Case("protocol", "GET", f"/api/v{version}/invoices/{MISSING_PREFIX}invoice")

    def check(case: Case) -> None:
        exchange = harness.client.send(case, label="protocol")
        check_json_response(exchange)
        check_error_outcome(rule.id, rule.outcome, rule.binding, exchange, "an unknown invoice id")

    harness.run_once("unknown_invoice", probe, check, [rule, content])

