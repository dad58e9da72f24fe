"""Live-run discipline: the sliding-window rate limit, the budget and the 429 back-off."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from chargebee_conformance.suite.errors import BudgetExhausted
from chargebee_conformance.suite.pacing import (
    WINDOW_SECONDS,
    Budget,
    RateLimiter,
    SharedPacing,
    retry_after_seconds,
)


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
    # the window is a minute plus a second of slack (WINDOW_SECONDS)
    assert limiter.wait() == pytest.approx(WINDOW_SECONDS - 10.0)
    assert clock.slept == [pytest.approx(WINDOW_SECONDS - 10.0)]


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


def _send_times(path: str, out: str, per_window: int, count: int) -> None:
    import time as clock
    from pathlib import Path as P

    pacing = SharedPacing(P(path), per_window, None, window=1.0)
    stamps = []
    for _ in range(count):
        pacing.wait()
        stamps.append(clock.time())
    P(out).write_text("\n".join(map(str, stamps)), encoding="utf-8")


def _take_all(path: str, out: str, tries: int) -> None:
    from pathlib import Path as P

    pacing = SharedPacing(P(path), None, 15)
    taken = 0
    for _ in range(tries):
        try:
            pacing.take("x")
            taken += 1
        except BudgetExhausted:
            break
    P(out).write_text(str(taken), encoding="utf-8")


def _in_processes(target: object, args: list[tuple[object, ...]]) -> None:
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=target, args=a) for a in args]  # type: ignore[attr-defined]
    for process in processes:
        process.start()
    for process in processes:
        process.join(30)
        assert process.exitcode == 0


def test_four_processes_share_one_rate_limit(tmp_path: Path) -> None:
    state = tmp_path / "pacing.json"
    outs = [tmp_path / f"sent-{i}" for i in range(4)]
    _in_processes(_send_times, [(str(state), str(out), 5, 4) for out in outs])
    stamps = sorted(float(t) for out in outs for t in out.read_text(encoding="utf-8").split())
    assert len(stamps) == 16
    # 16 requests at 5 per second-long window: no window holds more than 5, so the last is >= 3 windows late.
    # (The stamps are taken just after the lock is released: 50 ms of slack for that skew.)
    busiest = max(sum(1 for t in stamps if start <= t < start + 0.95) for start in stamps)
    assert busiest <= 5 and stamps[-1] - stamps[0] >= 2.9


def test_four_processes_share_one_budget(tmp_path: Path) -> None:
    state = tmp_path / "pacing.json"
    outs = [tmp_path / f"taken-{i}" for i in range(4)]
    _in_processes(_take_all, [(str(state), str(out), 10) for out in outs])
    assert sum(int(out.read_text(encoding="utf-8")) for out in outs) == 15
    assert SharedPacing(state, None, 15).snapshot()["spent"] == {"x": 15}
