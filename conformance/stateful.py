"""Pending invoices as a state machine: open, add charges and charge items in any order (valid and invalid),
retry with idempotency keys, close, and then see adds refused; a model of the expected lines and sub_total is
compared with the server's invoice after every step.

Every step goes through `PendingInvoiceSteps.run(kind, case)`, and the corpus logs (kind, case) pairs, so replay
walks the recorded steps through the same code without Hypothesis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.model import Kind, Operation
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.spec.world import Fixtures, World
from chargebee_conformance.strategies import generatable_rules, invalid_cases, valid_cases
from chargebee_conformance.suite.checks import broken, check_rejection, check_sub_total, invoice_of, line_items
from chargebee_conformance.suite.errors import RuleBroken
from chargebee_conformance.suite.harness import Harness

PROPERTY = "stateful"


@dataclass
class Model:
    invoice_id: str = ""
    lines: int = 0
    gross: int = 0  # the sum of line amounts (order of lines is the server's own)
    closed: bool = False
    last_keyed: Case | None = None


@dataclass
class PendingInvoiceSteps:
    """The steps of the machine; each sends, checks, and moves the model."""

    harness: Harness
    ops: tuple[Operation, ...]
    version: int
    customer_id: str
    model: Model = field(default_factory=Model)
    counter: int = 0

    def world(self) -> World:
        fixtures = Fixtures(self.customer_id, pending_invoice_id=self.model.invoice_id or None)
        return self.harness.site.world(fixtures)

    def op(self, op_id: str) -> Operation:
        return next(op for op in self.ops if op.id == op_id)

    def check_offered(self) -> None:
        """Fail fast, before Hypothesis, when the site cannot give a pending invoice (NotOffered/SetupFailed): the
        test is then skipped with the reason instead of erroring inside the state machine."""
        self.harness.site.create_pending_invoice(self.customer_id, version=self.version, own=True)

    def run(self, kind: str, case: Case | None) -> None:
        self.harness.corpus.properties.setdefault(PROPERTY, []).append(
            {"kind": kind, "case": case.to_json() if case else None})
        getattr(self, f"_{kind}")(case)

    def _open(self, case: Case | None) -> None:
        site = self.harness.site
        # An invoice of its own: the machine closes it (a profile-named pending invoice is never closed).
        self.model = Model(invoice_id=site.create_pending_invoice(self.customer_id, version=self.version, own=True))
        invoice = site.retrieve_invoice(self.model.invoice_id, version=self.version)
        self.model.lines = len(line_items(invoice))
        self.model.gross = _gross(invoice)

    def _add(self, case: Case | None) -> None:
        assert case is not None
        exchange = self.harness.client.send(case)
        invoice = invoice_of(case.operation, exchange)
        lines = line_items(invoice)
        rule = f"{case.operation}.response.line_added"
        adhoc = "item_price[item_price_id]" not in dict(case.form)
        # An ad-hoc charge is a line of its own; a charge-item price added again may be merged into its line.
        if (adhoc and len(lines) != self.model.lines + 1) or len(lines) < self.model.lines:
            broken(rule, Binding.EXACT, f"{self.model.lines} line(s) before the add, {len(lines)} after", exchange)
        added = _gross(invoice) - self.model.gross
        sent = dict(case.form).get("amount")
        if added < 0 or (sent and added != int(sent)):
            broken(rule, Binding.EXACT, f"the line amounts grew by {added} after adding a charge of {sent}",
                   exchange)
        check_sub_total(case.operation, invoice, exchange)
        self.model.lines, self.model.gross = len(lines), _gross(invoice)
        if any(name == "chargebee-idempotency-key" for name, _ in case.headers):
            self.model.last_keyed = case

    def _retry(self, case: Case | None) -> None:
        assert case is not None
        exchange = self.harness.client.send(case)
        invoice = invoice_of(case.operation, exchange)
        if len(line_items(invoice)) > self.model.lines or (exchange.header("chargebee-idempotency-replayed") or ""
                                                            ).lower() != "true":
            broken("v2.idempotency.replay", Binding.EXACT, "a retry with the same key was processed again", exchange)

    def _reject(self, case: Case | None) -> None:
        assert case is not None and case.rule is not None
        self.harness.client.send(case)  # judged for its rule by the per-operation tests; here only state counts
        self._compare("after a rejected request", cause=case.rule)

    def _close(self, case: Case | None) -> None:
        self.harness.site.close_invoice(self.model.invoice_id, version=self.version)
        self.model.closed = True

    def _add_after_close(self, case: Case | None) -> None:
        assert case is not None
        op = self.op(case.operation)
        pending_rule = next(r for r in op.rules if r.kind is Kind.PENDING_STATE)
        check_rejection(pending_rule, self.harness.client.send(case))

    def _compare(self, when: str, cause: str = "") -> None:
        invoice = self.harness.site.retrieve_invoice(self.model.invoice_id, version=self.version)
        if len(line_items(invoice)) != self.model.lines or _gross(invoice) != self.model.gross:
            raise RuleBroken(f"{self.ops[0].id}.rejection.nothing_created", Binding.LOOSE,
                             f"{when}: the invoice has {len(line_items(invoice))} lines worth {_gross(invoice)}, "
                             f"the model {self.model.lines} worth {self.model.gross}", "",
                             caused_by=(cause,) if cause else ())

    def keyed(self, case: Case) -> Case:
        self.counter += 1
        key = f"cbc-{self.harness.corpus.run_id}-sm-{self.counter}"
        return Case(case.operation, case.method, case.path, case.form,
                    (*case.headers, ("chargebee-idempotency-key", key)), case.rule, note=case.note)


def _gross(invoice: dict[str, Any]) -> int:
    return sum(int(line.get("amount") or 0) for line in line_items(invoice))


def replay(steps: PendingInvoiceSteps) -> None:
    from chargebee_conformance.suite.recording import case_from_json

    for entry in steps.harness.corpus.properties.get(PROPERTY, []):
        data: Any = entry.get("case")
        kind = entry["kind"]
        getattr(steps, f"_{kind}")(case_from_json(data) if data else None)


def run_machine(steps: PendingInvoiceSteps, examples: int, step_count: int) -> None:
    """Hypothesis drives the steps in record/live mode."""

    class PendingInvoices(RuleBasedStateMachine):
        @initialize()
        def open_invoice(self) -> None:
            steps.run("open", None)

        @precondition(lambda self: not steps.model.closed)
        @rule(data=st.data(), op_id=st.sampled_from([op.id for op in steps.ops]), keyed=st.booleans())
        def add_valid(self, data: st.DataObject, op_id: str, keyed: bool) -> None:
            case = data.draw(valid_cases(steps.op(op_id), steps.world()))
            steps.run("add", steps.keyed(case) if keyed and steps.op(op_id).idempotent else case)

        @precondition(lambda self: not steps.model.closed)
        @rule(data=st.data(), op_id=st.sampled_from([op.id for op in steps.ops]))
        def add_invalid(self, data: st.DataObject, op_id: str) -> None:
            op, world = steps.op(op_id), steps.world()
            # Only rules the docs say are refused: a convention or silent case may be accepted (A1).
            choices = [r for r in generatable_rules(op, world) if r.kind is not Kind.PENDING_STATE
                       and r.binding.fails_run]
            if choices:
                chosen = data.draw(st.sampled_from(choices))
                steps.run("reject", data.draw(invalid_cases(op, world, chosen)))

        @precondition(lambda self: not steps.model.closed and steps.model.last_keyed is not None)
        @rule()
        def retry(self) -> None:
            steps.run("retry", steps.model.last_keyed)

        @precondition(lambda self: not steps.model.closed and steps.model.lines > 0)
        @rule()
        def close(self) -> None:
            steps.run("close", None)

        @precondition(lambda self: steps.model.closed)
        @rule(data=st.data(), op_id=st.sampled_from([op.id for op in steps.ops]))
        def add_after_close(self, data: st.DataObject, op_id: str) -> None:
            world = steps.world()
            case = data.draw(valid_cases(steps.op(op_id), world))
            steps.run("add_after_close", case)

        @invariant()
        def totals_match(self) -> None:
            pass  # each step compares the server's invoice with the model itself

    PendingInvoices.TestCase.settings = settings(
        max_examples=examples, stateful_step_count=step_count, deadline=None, database=None,
        phases=(Phase.generate, Phase.shrink), report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
    )
    # The seed goes on the machine class: run_state_machine_as_test reads it from there (on TestCase it is lost,
    # and two recordings with one seed would walk different steps).
    seed(steps.harness.corpus.seed)(PendingInvoices)
    PendingInvoices.TestCase().runTest()
