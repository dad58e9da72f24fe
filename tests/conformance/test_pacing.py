"""Live-run discipline: the sliding-window rate limit, the budget and the 429 back-off."""

from __future__ import annotations

import pytest

from chargebee_conformance.suite.errors import BudgetExhausted
from chargebee_conformance.suite.pacing import Budget, RateLimiter, retry_after_seconds


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_limiter_waits_once_the_window_is_full() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        assert limiter.wait() == 0.0
    clock.now = 10.0
    assert limiter.wait() == pytest.approx(50.0)
    assert clock.slept == [pytest.approx(50.0)]


def test_the_budget_stops_the_run() -> None:
    budget = Budget(2)
    budget.take()
    budget.take()
    with pytest.raises(BudgetExhausted, match="budget of 2"):
        budget.take()


def test_retry_after_is_honoured_and_capped() -> None:
    assert retry_after_seconds("7", 1) == 7.0
    assert retry_after_seconds("100000", 1) == 120.0
    assert retry_after_seconds(None, 3) == 8.0
    assert retry_after_seconds("soon", 1) == 2.0
