"""One test's run against one site: cassette, case corpus, frozen clock, ids, client, and per-rule results.

`Harness.check_property` is the single place where generation meets the mode: record and live draw cases with
Hypothesis and log each executed case to the corpus; replay executes the logged cases in the same order.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest
import time_machine
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Flaky

from chargebee_conformance.spec.case import Case, Exchange
from chargebee_conformance.spec.model import Kind, Rule
from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.promises import PROTOCOL_RULES
from chargebee_conformance.suite.client import ApiClient
from chargebee_conformance.suite.config import Mode, RunConfig, TargetKind
from chargebee_conformance.suite.discovery import discover
from chargebee_conformance.suite.errors import RuleBroken
from chargebee_conformance.suite.exercise import tally
from chargebee_conformance.suite.ledger import remember
from chargebee_conformance.suite.pacing import Budget, RateLimiter
from chargebee_conformance.suite.recording import Corpus, cassette, new_corpus
from chargebee_conformance.suite.results import (
    BROKEN,
    HELD,
    NOT_EXERCISED,
    OBSERVED,
    SKIPPED,
    ResultsWriter,
    RuleResult,
)
from chargebee_conformance.suite.site import IdMaker, Site
from chargebee_conformance.suite.traffic import INSPECT, NOT_COMPARED, SETUP, IdMap, comparable, needed_steps, step_of

RULES = {rule.id: rule for rule in (*(r for op in OPERATIONS for r in op.rules), *PROTOCOL_RULES)}


@dataclass
class Shared:
    """Session-wide pieces every harness uses."""

    config: RunConfig
    base_urls: Callable[[SiteProfile], str]  # starts the sandbox on first use in record/live
    api_key: Callable[[SiteProfile], str]
    results: ResultsWriter
    budget: Budget
    rate_limiter: RateLimiter | None
    requests: Counter[str] = field(default_factory=Counter)  # per operation label, for the run summary
    learned: Mapping[str, SiteProfile] = field(default_factory=dict)  # profile name -> with its catalog learned

    def learn(self, profile: SiteProfile) -> SiteProfile:
        """The profile with what the site said about its catalog ids (discovered once per run, before the tests:
        conformance.plugin); a profile the run did not discover is used as its roles describe it."""
        return self.learned.get(profile.name, profile)


def discover_catalog(profile: SiteProfile, config: RunConfig, base_url: Callable[[], str], key: str,
                     rate_limiter: RateLimiter | None = None, requests: Counter[str] | None = None) -> SiteProfile:
    """Ask the site what each catalog id is, recording into (or replaying from) the site's catalog cassette."""
    mode = config.mode
    folder = config.cassette_root(profile)
    corpus_path = folder / "catalog.cases.json"
    with ExitStack() as stack:
        corpus = Corpus.load(corpus_path) if mode is Mode.REPLAY else new_corpus("catalog", base_url(), 0)
        client = stack.enter_context(ApiClient(
            corpus.base_url, key, timeout=config.timeout, rate_limiter=None if mode is Mode.REPLAY else rate_limiter,
            sleep=(lambda seconds: None) if mode is Mode.REPLAY else _sleep))
        stack.enter_context(cassette(folder / "catalog.yaml", mode, key))
        learned = discover(profile, client)
        if requests is not None:
            requests.update(client.counts)
    if mode is Mode.RECORD:
        corpus.save(corpus_path)
    return learned


@dataclass
class Harness:
    shared: Shared
    profile: SiteProfile
    test_id: str  # pytest node id
    operation: str = ""
    site: Site = field(init=False)
    corpus: Corpus = field(init=False)
    _stack: ExitStack = field(default_factory=ExitStack)
    observed: dict[str, str] = field(default_factory=dict)  # rule id -> what the target answered
    # The traffic kept besides verdicts (conformance/traffic.py): fixture requests, the current example's requests,
    # the ids met so far, and the property being run.
    _fixtures: list[dict[str, Any]] = field(default_factory=list)
    _example: list[dict[str, Any]] = field(default_factory=list)
    _ids: IdMap = field(default_factory=IdMap)
    _property: str = ""

    @property
    def mode(self) -> Mode:
        return self.shared.config.mode

    @property
    def cassette_path(self) -> Path:
        module, _, name = self.test_id.partition("::")
        name, _, params = name.partition("[")
        params = "-".join(p for p in params.rstrip("]").split("-") if p) if params else ""
        params = params.replace(self.profile.name, "").strip("-")  # the site is already a folder of its own
        name = f"{name}[{params}]" if params else name
        stem = Path(module).stem
        safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)
        return self.shared.config.cassette_root(self.profile) / stem / f"{safe}.yaml"

    @property
    def corpus_path(self) -> Path:
        return self.cassette_path.with_suffix(".cases.json")

    def __enter__(self) -> Harness:
        self.profile = self.shared.learn(self.profile)
        key = self.shared.api_key(self.profile)
        if self.mode is Mode.REPLAY:
            self.corpus = Corpus.load(self.corpus_path)
            self._stack.enter_context(time_machine.travel(self.corpus.now, tick=False))
        else:
            base_url = self.shared.base_urls(self.profile)
            given_seed = self.shared.config.seed
            seed_value = given_seed if given_seed is not None else zlib.crc32(self.test_id.encode())
            self.corpus = new_corpus(_run_id(self.test_id), base_url, seed_value)
        replaying = self.mode is Mode.REPLAY
        client = ApiClient(
            self.corpus.base_url, key, timeout=self.shared.config.timeout,
            rate_limiter=None if replaying else self.shared.rate_limiter, budget=self.shared.budget,
            sleep=(lambda seconds: None) if replaying else _sleep,
        )
        client.on_exchange = self._saw
        self._stack.callback(client.close)
        if self.mode is Mode.REPLAY and self.corpus.skipped:
            # The recording skipped this test: replay skips it the same way, with the same reason and rules.
            self._stack.close()
            self.skip_test(self.corpus.skipped, [RULES[r] for r in self.corpus.skipped_rules if r in RULES])
        self._stack.enter_context(cassette(self.cassette_path, self.mode, key))
        self.site = Site(self.profile, client, IdMaker(self.corpus.run_id), self.corpus.now)
        if self.mode is not Mode.REPLAY and self.shared.config.target.kind is not TargetKind.SANDBOX:
            target = self.shared.config.target.base_url
            self.site.on_created = lambda customer_id: remember(target, customer_id)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        if hasattr(self, "site"):
            self.shared.requests.update(self.client.counts)
        try:
            self._stack.close()
        finally:
            if self.mode is Mode.RECORD:
                self.corpus.save(self.corpus_path)

    @property
    def client(self) -> ApiClient:
        return self.site.client

    def _saw(self, exchange: Exchange) -> None:
        label = str(exchange.extras.get("label", ""))
        step = step_of(exchange, label)
        (self._fixtures if label == SETUP else self._example).append(step)
        if label not in NOT_COMPARED:
            self.shared.results.exchange(comparable(exchange, self._ids, self.corpus.now, site=self.profile.name,
                                                    test=self.test_id, prop=self._property))
        if label in (SETUP, INSPECT):  # fixtures only: an answer a faulty target should not have given must not
            self._ids.learn(exchange.body)  # shift the placeholders of the ids that follow

    def _stepped(self, check: Callable[[Case], None]) -> Callable[[Case], None]:
        """`check` with a failure given the example's requests and the fixtures they need (a reproducer)."""

        def run(case: Case) -> None:
            self._example = []
            try:
                check(case)
            except RuleBroken as failure:
                failure.steps = failure.steps or needed_steps(self._fixtures, self._example)
                failure.case_rule = failure.case_rule or case.rule or ""
                raise

        return run

    # -- properties -------------------------------------------------------------------------------------
    def check_property(self, name: str, cases: st.SearchStrategy[Case] | None, check: Callable[[Case], None],
                       rules: Iterable[Rule], examples: int | None = None, *, by_marks: bool = False,
                       ) -> RuleBroken | None:
        """Run `check` over generated (record/live) or recorded (replay) cases; record a result per rule.

        A request or protocol rule is exercised by every example; a response promise only by the examples in
        which the oracle judged it (`conformance.exercise`). With `by_marks` (cases of many rules), every rule
        counts only by marks, and a rule no example reached is not recorded at all. Returns the minimal failure
        that fails the run (None when every rule held, or when only a `convention` rule broke and the run is
        not strict)."""
        rules = tuple(rules)
        spent_before = sum(self.client.counts.values())
        marks: Counter[str] = Counter()
        self._property = name
        tried, failure = self._execute(name, cases, self._stepped(_tallied(check, marks)),
                                       examples or self.shared.config.examples)
        requests = sum(self.client.counts.values()) - spent_before
        for rule in rules:
            broke = failure is not None and failure.rule == rule.id
            count = marks[rule.id] if rule.kind is Kind.RESPONSE or by_marks else tried
            if by_marks and not count and not broke:
                continue
            verdict = BROKEN if broke else HELD if count else NOT_EXERCISED
            self.record(rule, verdict, examples=tried, exercised=count + int(broke and not count),
                        requests=requests, failure=failure if broke else None,
                        reason="" if count or broke else _unexercised(rule, tried))
        if failure is not None and failure.rule not in {r.id for r in rules}:
            self.record_unlisted(failure, tried, requests)
        return failure if failure is None or self.fails_run(failure) else None

    def fails_run(self, failure: RuleBroken) -> bool:
        """Convention rules are questionable, not broken, unless the run is strict (docs/decisions.md A1)."""
        return failure.binding.fails_run or (self.shared.config.strict and failure.binding is Binding.CONVENTION)

    def _execute(self, name: str, cases: st.SearchStrategy[Case] | None, check: Callable[[Case], None],
                 examples: int) -> tuple[int, RuleBroken | None]:
        if self.mode is Mode.REPLAY:
            failure = None
            recorded = self.corpus.cases(name)
            for case in recorded:
                try:
                    check(case)
                except RuleBroken as error:
                    failure = error  # Hypothesis re-ran the minimal example last: keep the last failure
            return len(recorded), failure
        assert cases is not None
        if examples <= 0:
            return 0, None
        tried = 0

        @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                  phases=(Phase.explicit, Phase.generate, Phase.shrink), report_multiple_bugs=False,
                  suppress_health_check=list(HealthCheck), print_blob=False)
        @seed(self.corpus.seed)
        @given(cases)
        def prop(case: Case) -> None:
            nonlocal tried
            tried += 1
            self.corpus.add(name, case)
            check(case)

        try:
            prop()
        except RuleBroken as error:
            return tried, error
        except Flaky as flaky:
            # A stateful target may answer a re-run of the failing example differently (a repeated add merges
            # into the first line): the first failure seen is still a failure.
            first = _first_broken(flaky)
            if first is None:
                raise
            return tried, first
        return tried, None

    def run_once(self, name: str, case: Case | None, check: Callable[[Case], None], rules: Iterable[Rule]) -> None:
        """One fixed case (None in replay: the corpus has it), with a property's bookkeeping; raises its failure."""
        failure = self.check_property(name, None if case is None else st.just(case), check, rules, examples=1)
        if failure is not None:
            raise failure

    # -- results ------------------------------------------------------------------------------------------
    def record(self, rule: Rule, verdict: str, *, examples: int = 0, requests: int = 0, reason: str = "",
               failure: RuleBroken | None = None, exercised: int | None = None) -> None:
        if verdict == HELD and rule.binding is Binding.SILENT:
            verdict = OBSERVED
        if exercised is None:
            exercised = examples if verdict in (HELD, BROKEN, OBSERVED) else 0
        self.shared.results.write(RuleResult(
            rule=rule.id, operation=self.operation or rule.id.rsplit(".", 2)[0], site=self.profile.name,
            test=self.test_id, verdict=verdict, binding=rule.binding.value, source=rule.source,
            expected=rule.outcome.describe() if rule.outcome.statuses else "", examples=examples,
            exercised=exercised, requests=requests, reason=failure.title if failure else reason,
            failure=_failure_json(failure) if failure else {}, observed=self.observed.get(rule.id, ""),
        ))

    def record_unlisted(self, failure: RuleBroken, examples: int, requests: int) -> None:
        """A property found a rule broken that it was not primarily about (e.g. content type on a rejection)."""
        self.shared.results.write(RuleResult(
            rule=failure.rule, operation=self.operation, site=self.profile.name, test=self.test_id,
            verdict=BROKEN, binding=failure.binding.value, examples=examples, exercised=max(examples, 1),
            requests=requests, reason=failure.title, failure=_failure_json(failure),
        ))

    def skip_test(self, reason: str, rules: Iterable[Rule] = ()) -> NoReturn:
        """Skip the test (rules reported as skipped); a recording remembers it so replay skips the same way."""
        rules = tuple(rules)
        self.skip(rules, reason)
        self.corpus.skipped, self.corpus.skipped_rules = reason, [r.id for r in rules]
        pytest.skip(reason)

    def skip(self, rules: Iterable[Rule], reason: str) -> None:
        for rule in rules:
            self.record(rule, SKIPPED, reason=reason)


def _first_broken(error: BaseException) -> RuleBroken | None:
    if isinstance(error, RuleBroken):
        return error
    for inner in getattr(error, "exceptions", ()):
        found = _first_broken(inner)
        if found is not None:
            return found
    return None


def _tallied(check: Callable[[Case], None], marks: Counter[str]) -> Callable[[Case], None]:
    """`check` with the rules each example exercised added to `marks`."""

    def run(case: Case) -> None:
        with tally() as counted:
            try:
                check(case)
            finally:
                marks.update(counted)

    return run


def _unexercised(rule: Rule, tried: int) -> str:
    if not tried:
        return "no example was run"
    if rule.precondition is not None:
        return f"no example where {rule.precondition.what} ({tried} tried)"
    return f"no example reached its check ({tried} tried)"


def _failure_json(failure: RuleBroken) -> dict[str, Any]:
    return {"title": failure.title, "detail": failure.detail, "curl": failure.curl, "steps": failure.steps,
            "case_rule": failure.case_rule, "caused_by": list(failure.caused_by)}


def _run_id(test_id: str) -> str:
    """Unique per recording (ids on a real site cannot be reused), stored in the corpus for replay."""
    import time

    digest = hashlib.sha1(f"{test_id}{time.time_ns()}".encode()).hexdigest()
    return digest[:8]


def _sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)
