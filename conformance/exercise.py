"""Which rules an example actually exercised: a response promise counts only where its precondition held.

The oracle calls `exercised(rule_id)` at the point it really judged a promise (a coupon was sent and the invoice
was checked for its discount); the harness opens a `tally()` around each example and adds the counts up per rule.
A promise no example exercised is reported "not exercised" with the reason, never "held".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[Counter[str] | None] = ContextVar("exercised", default=None)


def exercised(*rule_ids: str) -> None:
    """Note that the example being checked exercised these rules (no-op outside a tally)."""
    counter = _current.get()
    if counter is not None:
        counter.update(set(rule_ids))


@contextmanager
def tally() -> Iterator[Counter[str]]:
    """Count the rules exercised inside the block (one example)."""
    counter: Counter[str] = Counter()
    token = _current.set(counter)
    try:
        yield counter
    finally:
        _current.reset(token)
