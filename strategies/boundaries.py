"""Time boundaries read from `world.now`: the invoice_date backdating window and service-period dates.

Nothing here reads the wall clock: every instant derives from the `now` handed in, so a recorded run replays.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from chargebee_conformance.spec.clock import CLOCK_ALLOWANCE_SECONDS, backdating_limit, utc_seconds

DAY = 86_400
SERVICE_PERIOD_REACH = 28 * DAY  # service periods are drawn within four weeks either side of now
REJECTED_REACH = 400 * DAY  # how far past the backdating limit rejected values go


@dataclass(frozen=True)
class InvoiceDateWindow:
    """Where invoice_date values go, as UTC seconds (docs/decisions.md A4, with the clock allowance on both sides)."""

    valid_from: int  # accepted_from + allowance: the earliest value a valid case sends
    valid_to: int  # now - allowance: the latest (future dates are silent, so never sent)
    rejected_to: int  # rejected_before - allowance: the latest value an invalid case sends
    time_zone: str


def invoice_date_window(now: datetime, time_zone: str) -> InvoiceDateWindow:
    limit = backdating_limit(now, time_zone)
    return InvoiceDateWindow(
        valid_from=limit.accepted_from + CLOCK_ALLOWANCE_SECONDS,
        valid_to=utc_seconds(now) - CLOCK_ALLOWANCE_SECONDS,
        rejected_to=limit.rejected_before - CLOCK_ALLOWANCE_SECONDS,
        time_zone=time_zone,
    )


def month_end(year: int, month: int, zone: ZoneInfo) -> int:
    """The last second (site time) of a month, as UTC seconds."""
    last = calendar.monthrange(year, month)[1]
    return int(datetime.combine(date(year, month, last), time(23, 59, 59), tzinfo=zone).timestamp())


def month_ends_between(low: int, high: int, time_zone: str) -> tuple[int, ...]:
    """Last seconds of months (site time) that fall within [low, high]."""
    zone = ZoneInfo(time_zone)
    start = datetime.fromtimestamp(low, zone)
    year, month, ends = start.year, start.month, []
    for _ in range(15):
        end = month_end(year, month, zone)
        if end > high:
            break
        if end >= low:
            ends.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(ends)


def valid_invoice_dates(window: InvoiceDateWindow) -> SearchStrategy[int]:
    """invoice_date values that must be accepted: the backdating limit itself (the month-end clamp when now is
    at the end of a month), now, any month end in between, and the range. Shrinks towards the limit."""
    ends = month_ends_between(window.valid_from, window.valid_to, window.time_zone)
    anchors = [st.just(window.valid_from), st.just(window.valid_to)]
    anchors += [st.sampled_from(ends)] if ends else []
    return st.one_of(*anchors, st.integers(window.valid_from, window.valid_to))


def rejected_anchors(window: InvoiceDateWindow) -> tuple[int, ...]:
    """Month ends before the limit: the last seconds of the two months before the limit day's month."""
    zone = ZoneInfo(window.time_zone)
    day = datetime.fromtimestamp(window.rejected_to + CLOCK_ALLOWANCE_SECONDS, zone)
    first = day.replace(day=1)
    ends = []
    for _ in range(2):
        first = (first - timedelta(days=1)).replace(day=1)
        ends.append(min(month_end(first.year, first.month, zone), window.rejected_to))
    return tuple(dict.fromkeys(ends))


def rejected_invoice_dates(window: InvoiceDateWindow) -> SearchStrategy[int]:
    """invoice_date values that must be rejected: rejected_before - allowance and further back (up to 400
    days), plus month-end anchors. Shrinks towards the boundary."""
    edge = window.rejected_to
    further = st.integers(0, REJECTED_REACH).map(lambda k: edge - k)
    return st.one_of(st.just(edge), st.sampled_from(rejected_anchors(window)), further)


def service_dates(now: datetime) -> SearchStrategy[int]:
    """Instants within four weeks either side of now (UTC seconds); shrinks towards four weeks back."""
    centre = utc_seconds(now)
    return st.integers(centre - SERVICE_PERIOD_REACH, centre + SERVICE_PERIOD_REACH)


def service_periods(now: datetime) -> SearchStrategy[tuple[int, int]]:
    """(date_from, date_to) with date_from <= date_to, the one-instant period an explicit example."""
    gaps = st.one_of(st.just(0), st.integers(0, SERVICE_PERIOD_REACH))
    return st.tuples(service_dates(now), gaps).map(lambda p: (p[0], p[0] + p[1]))


def reversed_periods(now: datetime) -> SearchStrategy[tuple[int, int]]:
    """(date_from, date_to) with date_from = date_to + k, k >= 1; shrinks towards k = 1."""
    gaps = st.integers(1, SERVICE_PERIOD_REACH)
    return st.tuples(service_dates(now), gaps).map(lambda p: (p[0] + p[1], p[0]))
