"""Idempotency keys: "If there is a record, Chargebee returns the response for that record with a response
header chargebee-idempotency-replayed set to true ... instead of processing the request again"; "an
idempotency window of 30 minutes"; reuse with "a different request payload" -> 422
unable_to_process_request (docs/decisions.md F9).

The record is looked up and written inside the request's transaction (sandbox.storage), so concurrent requests
with one key run one after the other: the first executes, the rest replay it. Only successful responses are
recorded (whether errors are replayed is undocumented, docs/decisions.md A2): a rejected request may be retried. The
errors_replayed quirk makes the other choice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from chargebee_conformance.sandbox.errors import ApiError
from chargebee_conformance.sandbox.faults import FaultSet
from chargebee_conformance.sandbox.storage import Storage, StoredResponse

HEADER = "chargebee-idempotency-key"
REPLAYED = "chargebee-idempotency-replayed"
WINDOW_SECONDS = 30 * 60
# Keys "can be upto 100 characters"; longer ones are left to the operation's own validation (a header rule).
MAX_KEY = 100


def fingerprint(method: str, path: str, pairs: Iterable[tuple[str, str]]) -> str:
    """Method, path and the form with its pairs sorted: the same parameters in another order are the same
    call."""
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    for name, value in sorted(pairs):
        digest.update(f"{len(name)}:{name}={len(value)}:{value}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Replay:
    status: int
    body: bytes


class Idempotency:
    def __init__(self, storage: Storage, faults: FaultSet) -> None:
        self.storage = storage
        self.faults = faults

    def usable(self, key: str | None) -> bool:
        return bool(key) and len(key or "") <= MAX_KEY and not self.faults.on("idempotency_ignored")

    def replay(self, key: str, fingerprint: str, now: float) -> Replay | None:
        """The stored answer to this call, None to execute it, or 422 for a key reused with other parameters.
        """
        stored = self.storage.stored_response(key)
        if stored is None:
            return None
        if now - stored.created_at >= WINDOW_SECONDS:
            self.storage.forget_response(key)
            return None
        if stored.fingerprint == fingerprint:
            return Replay(stored.status, stored.body)
        if self.faults.on("idempotency_conflict_ignored"):
            return None
        raise ApiError(422, "unable_to_process_request", "The idempotency key was already used with a "
                       "different request payload", param=HEADER)

    def remember(self, key: str, fingerprint: str, now: float, status: int, body: bytes, *,
                 errors_too: bool = False) -> None:
        """Store an answer for replays: successes, and errors too with the errors_replayed quirk."""
        if (errors_too or 200 <= status < 300) and self.storage.stored_response(key) is None:
            self.storage.store_response(key, StoredResponse(fingerprint, now, status, body))
