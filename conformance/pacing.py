"""Live-run discipline: a client-side rate limit, a request budget, and the 429 back-off delay."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from chargebee_conformance.suite.errors import BudgetExhausted

# "For test sites, it is 150 API calls per minute." (Chargebee KB, API limits)
TEST_SITE_REQUESTS_PER_MINUTE = 150
MAX_RETRY_AFTER_SECONDS = 120.0


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
                while self._sent and now - self._sent[0] >= 60.0:
                    self._sent.popleft()
                if len(self._sent) < self.per_minute:
                    self._sent.append(now)
                    return waited
                delay = 60.0 - (now - self._sent[0])
                self._sleep(delay)
                waited += delay


class Budget:
    """A cap on requests for one run (None: unlimited)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.spent = 0
        self._lock = threading.Lock()

    def take(self) -> None:
        with self._lock:
            if self.limit is not None and self.spent >= self.limit:
                raise BudgetExhausted(f"request budget of {self.limit} spent")
            self.spent += 1


def retry_after_seconds(header: str | None, attempt: int) -> float:
    """Seconds to wait after a 429: the server's Retry-After (integer seconds) or exponential back-off."""
    if header is not None and header.strip().isdigit():
        return min(float(header.strip()), MAX_RETRY_AFTER_SECONDS)
    return min(2.0 ** attempt, MAX_RETRY_AFTER_SECONDS)
