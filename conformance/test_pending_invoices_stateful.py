"""Pending invoices under any order of adds (valid and invalid), keyed retries and closing: the server's
invoice always matches a model of its lines and sub_total, and a closed invoice refuses further adds."""

from __future__ import annotations

from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.suite import stateful
from chargebee_conformance.suite.errors import RuleBroken
from chargebee_conformance.suite.harness import Harness
from chargebee_conformance.suite.site import NotOffered, SetupFailed

ADD_OPERATIONS = ("v2.add_charge", "v2.add_charge_item", "v1.add_charge")


def test_pending_invoice_totals_follow_every_add_retry_and_close(harness: Harness) -> None:
    profile = harness.profile
    offered = [op for op in OPERATIONS if op.id in ADD_OPERATIONS and op.api_version in profile.api_versions
               and profile.offers(op.requires)]
    version = max((op.api_version for op in offered), default=0)
    ops = tuple(op for op in offered if op.api_version == version)
    if not ops:
        harness.skip_test(f"{profile.name} offers no operation that adds to a pending invoice")
    harness.operation = "stateful"
    try:
        customer = harness.site.create_customer(version=version)
    except NotOffered as reason:
        harness.skip_test(str(reason))
    steps = stateful.PendingInvoiceSteps(harness, ops, version, customer)
    rules = [r for op in ops for r in op.rules if r.id.endswith((".line_added", ".sub_total", ".pending"))]
    try:
        steps.check_offered()
        if harness.mode.value == "replay":
            stateful.replay(steps)
        else:
            stateful.run_machine(steps, examples=5, step_count=8)
    except (NotOffered, SetupFailed) as reason:
        harness.skip_test(str(reason), rules)
    except RuleBroken as failure:
        for rule in rules:
            if rule.id == failure.rule:
                harness.record(rule, "broken", failure=failure)
        raise
    for rule in rules:
        harness.record(rule, "held", examples=len(harness.corpus.properties.get(stateful.PROPERTY, [])))
