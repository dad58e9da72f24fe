"""The backdating limit of v2 charge `invoice_date` (seed 002; docs/decisions.md A4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chargebee_conformance.spec.clock import backdating_limit, one_month_back, utc_seconds
from chargebee_conformance.spec.profile import SiteProfile

DAY = 24 * 60 * 60
FIXED_ZONES = ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Kiritimati", "Etc/GMT+12"]
# Zones with daylight saving, one with a half-hour shift and one whose clocks skip midnight (Santiago).
DST_ZONES = [
    "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham",
]
NOWS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, tz: str = "UTC") -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(tz))


def test_the_docs_example_13_january_gives_13_december() -> None:
    """"if today is 13th January, then you cannot pass a value that is earlier than 13th December"."""
    limit = backdating_limit(at(2026, 1, 13, 12))
    assert limit.accepted_from == utc_seconds(at(2025, 12, 13, 12))
    assert limit.rejected_before == utc_seconds(at(2025, 12, 13))
    assert limit.verdict(utc_seconds(at(2025, 12, 13)) - 1) == "rejected"
    assert limit.verdict(utc_seconds(at(2025, 12, 13))) == "either"
    assert limit.verdict(utc_seconds(at(2025, 12, 13, 12))) == "accepted"
    assert limit.verdict(utc_seconds(at(2026, 1, 13, 12))) == "accepted"


@pytest.mark.parametrize(("today", "month_ago"), [
    (date(2025, 3, 31), date(2025, 2, 28)),
    (date(2024, 3, 31), date(2024, 2, 29)),
    (date(2024, 3, 29), date(2024, 2, 29)),
    (date(2025, 3, 29), date(2025, 2, 28)),
    (date(2025, 5, 31), date(2025, 4, 30)),
    (date(2025, 12, 31), date(2025, 11, 30)),
    (date(2026, 1, 1), date(2025, 12, 1)),
    (date(2026, 1, 31), date(2025, 12, 31)),
])
def test_one_month_back_clamps_to_the_end_of_a_shorter_month(today: date, month_ago: date) -> None:
    moment = datetime.combine(today, time(9, 15), tzinfo=UTC)
    assert one_month_back(moment) == datetime.combine(month_ago, time(9, 15), tzinfo=UTC)


def test_31_march_never_yields_a_day_of_march() -> None:
    limit = backdating_limit(at(2025, 3, 31, 8))
    assert limit.rejected_before == utc_seconds(at(2025, 2, 28))
    assert limit.accepted_from == utc_seconds(at(2025, 2, 28, 8))


def test_the_day_starts_at_midnight_in_the_site_time_zone(profiles: dict[str, SiteProfile]) -> None:
    profile = profiles["sandbox-pc1-multi"]
    assert profile.time_zone == "Asia/Kolkata"
    now = at(2026, 1, 12, 20)  # 01:30 on 13 January in Kolkata, still the 12th in UTC
    limit = backdating_limit(now, profile.time_zone)
    assert limit.rejected_before == utc_seconds(at(2025, 12, 13, tz="Asia/Kolkata"))
    assert limit.rejected_before == utc_seconds(at(2025, 12, 12, 18, 30))
    assert limit.accepted_from == utc_seconds(at(2025, 12, 12, 20))


def test_the_same_instant_gives_different_days_in_utc_and_kolkata() -> None:
    now = at(2026, 1, 12, 20)
    assert backdating_limit(now, "UTC").rejected_before == utc_seconds(at(2025, 12, 12))
    assert backdating_limit(now, "Asia/Kolkata").rejected_before == utc_seconds(at(2025, 12, 12, 18, 30))


def test_a_partial_second_is_accepted_from_the_next_whole_second() -> None:
    limit = backdating_limit(datetime(2026, 1, 13, 12, 0, 0, 1, tzinfo=UTC))
    assert limit.accepted_from == utc_seconds(at(2025, 12, 13, 12)) + 1


def test_just_before_midnight_the_bounds_are_a_whole_day_apart() -> None:
    limit = backdating_limit(datetime(2026, 1, 13, 23, 59, 59, 500000, tzinfo=UTC))
    assert (limit.rejected_before, limit.accepted_from) == (utc_seconds(at(2025, 12, 13)),
                                                             utc_seconds(at(2025, 12, 14)))


@given(NOWS, st.sampled_from(FIXED_ZONES))
def test_accepted_from_is_within_a_day_after_rejected_before(now: datetime, zone: str) -> None:
    """Less than a day apart; a fraction of a second, rounded up to a whole one, can make it exactly a day."""
    limit = backdating_limit(now, zone)
    assert limit.accepted_from > limit.rejected_before - 1
    assert limit.accepted_from - limit.rejected_before < DAY + (now.microsecond > 0)


@given(NOWS, st.sampled_from(DST_ZONES))
def test_with_daylight_saving_the_gap_stays_within_that_local_day(now: datetime, zone: str) -> None:
    """A day with a clock change lasts 23 or 25 hours: the gap is bounded by that day's length, not 24 h."""
    limit = backdating_limit(now, zone)
    tz = ZoneInfo(zone)
    first_day = datetime.fromtimestamp(limit.rejected_before, tz).date()
    next_day = datetime.combine(first_day + timedelta(days=1), time.min, tzinfo=tz)
    assert limit.accepted_from > limit.rejected_before - 1
    day_length = utc_seconds(next_day) - limit.rejected_before
    assert limit.accepted_from - limit.rejected_before < day_length + (now.microsecond > 0)


@given(NOWS, st.sampled_from(FIXED_ZONES + DST_ZONES))
def test_verdicts_at_the_bounds(now: datetime, zone: str) -> None:
    limit = backdating_limit(now, zone)
    assert limit.verdict(limit.accepted_from) == "accepted"
    assert limit.verdict(limit.rejected_before - 1) == "rejected"
    assert limit.verdict(utc_seconds(now)) == "accepted"


@pytest.mark.parametrize("call", [
    lambda naive: backdating_limit(naive),
    lambda naive: backdating_limit(naive, "Asia/Kolkata"),
    utc_seconds,
])
def test_naive_datetimes_are_refused(call: object) -> None:
    with pytest.raises(ValueError, match="time-zone aware"):
        call(datetime(2026, 1, 13, 12))  # type: ignore[operator]


def test_aware_datetimes_in_any_offset_give_the_same_seconds() -> None:
    kolkata = datetime(2026, 1, 13, 17, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert utc_seconds(kolkata) == utc_seconds(at(2026, 1, 13, 12))
