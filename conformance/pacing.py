"""Live-run discipline: a client-side rate limit, a request budget, and the 429 back-off delay.

Under pytest-xdist every worker is a process of its own, so the limit and the budget of a run live in one small
state file that each process locks (`SharedPacing`): -n 4 never sends more than --rate-limit a minute or more
than --budget requests in all. The same file tells the controller what to show as progress.
"""

from __future__ import annotations

import fcntl
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from chargebee_conformance.suite.errors import BudgetExhausted

# "For test sites, it is 150 API calls per minute." (Chargebee KB, API limits)
TEST_SITE_REQUESTS_PER_MINUTE = 150
MAX_RETRY_AFTER_SECONDS = 120.0
# A minute, plus a second of slack: the server counts arrivals, and a request sent a minute after another may
# arrive sooner after it than it was sent (the first one waited longer for its connection).
WINDOW_SECONDS = 61.0


class RateLimiter:
    """At most `per_minute` requests in any sliding 60-second window."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if per_minute < 1:
            raise ValueError(f"rate limit must be at least 1 request per minute, got {per_minute}")
        self.per_minute = per_minute
        self._sent: deque[float] = deque()
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Block until one more request fits; returns the seconds waited."""
        waited = 0.0
        with self._lock:
            while True:
                now = self._clock()
                while self._sent and now - self._sent[0] >= WINDOW_SECONDS:
                    self._sent.popleft()
                if len(self._sent) < self.per_minute:
                    self._sent.append(now)
                    return waited
                delay = WINDOW_SECONDS - (now - self._sent[0])
                self._sleep(delay)
                waited += delay


class Budget:
    """A cap on requests for one run (None: unlimited)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.spent = 0
        self._lock = threading.Lock()

    def note_throttled(self) -> None:
        """A 429 was answered (shared pacing counts them for the run)."""

    def take(self, label: str = "") -> None:
        with self._lock:
            if self.limit is not None and self.spent >= self.limit:
                raise BudgetExhausted(f"request budget of {self.limit} spent")
            self.spent += 1


def retry_after_seconds(header: str | None, attempt: int) -> float:
    """Seconds to wait after a 429: the server's Retry-After (integer seconds) or exponential back-off."""
    if header is not None and header.strip().isdigit():
        return min(float(header.strip()), MAX_RETRY_AFTER_SECONDS)
    return min(2.0 ** attempt, MAX_RETRY_AFTER_SECONDS)


class SharedPacing:
    """The rate limit and the budget of one run, shared by every process through a locked JSON file.

    The file holds the send times of the last window, the requests spent (per label) and the seconds waited;
    `limiter()` and `budget()` give the two objects the client already takes."""

    def __init__(self, path: Path, per_minute: int | None, limit: int | None, *, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep) -> None:
        if per_minute is not None and per_minute < 1:
            raise ValueError(f"rate limit must be at least 1 request per minute, got {per_minute}")
        self.path, self.per_minute, self.limit, self.window = path, per_minute, limit, window
        self._clock, self._sleep = clock, sleep
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)

    @contextmanager
    def _state(self) -> Iterator[dict[str, Any]]:
        with self.path.open("r+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            text = handle.read()
            state: dict[str, Any] = json.loads(text) if text.strip() else {}
            state.setdefault("sent", [])
            state.setdefault("spent", {})
            state.setdefault("waited", 0.0)
            state.setdefault("throttled", 0)
            yield state
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(state))
            handle.flush()  # visible to the next process that takes the lock (no fsync: nothing to survive)

    def take(self, label: str = "") -> None:
        """Count one request against the budget (BudgetExhausted once it is spent)."""
        with self._state() as state:
            spent = sum(state["spent"].values())
            if self.limit is not None and spent >= self.limit:
                raise BudgetExhausted(f"request budget of {self.limit} spent (all workers together)")
            state["spent"][label] = state["spent"].get(label, 0) + 1

    def wait(self) -> float:
        """Block until one more request fits the shared window; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._state() as state:
                now = self._clock()
                sent = [t for t in state["sent"] if now - t < self.window]
                if self.per_minute is None or len(sent) < self.per_minute:
                    state["sent"] = [*sent, now]
                    state["waited"] += waited
                    return waited
                state["sent"] = sent
                delay = self.window - (now - sent[0])
            self._sleep(delay)
            waited += delay

    def note_throttled(self) -> None:
        with self._state() as state:
            state["throttled"] += 1

    def snapshot(self) -> dict[str, Any]:
        """What the run has spent so far (for progress lines)."""
        with self._state() as state:
            return {"spent": dict(state["spent"]), "waited": state["waited"], "throttled": state["throttled"]}

    def limiter(self) -> RateLimiter | None:
        return _SharedLimiter(self) if self.per_minute is not None else None

    def budget(self) -> Budget:
        return _SharedBudget(self)


class _SharedLimiter(RateLimiter):
    def __init__(self, pacing: SharedPacing) -> None:
        super().__init__(pacing.per_minute or 1)
        self.pacing = pacing

    def wait(self) -> float:
        return self.pacing.wait()


class _SharedBudget(Budget):
    def __init__(self, pacing: SharedPacing) -> None:
        super().__init__(pacing.limit)
        self.pacing = pacing

    def take(self, label: str = "") -> None:
        self.pacing.take(label)

    def note_throttled(self) -> None:
        self.pacing.note_throttled()
