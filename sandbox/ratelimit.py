"""An optional requests-per-minute limit: "Requests per minute - Number of requests in the past 60 seconds";
on breach HTTP 429 operation_failed / api_request_limit_exceeded, "Chargebee may also send a Retry-After
header"."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from chargebee_conformance.sandbox.errors import ApiError

WINDOW_SECONDS = 60.0


class RateLimiter:
    """A sliding 60-second window over served requests. Measured on a monotonic clock, never the sandbox's
    (possibly pinned) `now`, so a frozen test clock cannot freeze the window."""

    def __init__(self, per_minute: int | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._served: deque[float] = deque()
        self._lock = threading.Lock()

    def remaining(self) -> int | None:
        """Requests left in the current window (None: unlimited); read by the rate_limit_headers quirk."""
        if self.per_minute is None:
            return None
        with self._lock:
            now = self._clock()
            return max(0, self.per_minute - sum(1 for served in self._served if served > now - WINDOW_SECONDS))

    def admit(self) -> float | None:
        """Count one request; None when admitted, else the seconds until a slot frees up."""
        if self.per_minute is None:
            return None
        with self._lock:
            now = self._clock()
            while self._served and self._served[0] <= now - WINDOW_SECONDS:
                self._served.popleft()
            if len(self._served) >= self.per_minute:
                return self._served[0] + WINDOW_SECONDS - now
            self._served.append(now)
            return None


def limited(wait: float, *, retry_after: bool = True) -> ApiError:
    headers = {"Retry-After": str(max(1, math.ceil(wait)))} if retry_after else {}
    return ApiError(429, "api_request_limit_exceeded", "Sorry, access has been blocked temporarily due to "
                    "request count exceeding acceptable limits. Please try after some time.",
                    type="operation_failed", headers=headers)
