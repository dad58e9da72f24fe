"""invoice_date boundaries against explicit clocks: month ends clamp (31 March -> 28/29 February),
13 January -> 13 December, and the site's time zone decides the calendar day (docs/decisions.md A4)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given

from chargebee_conformance.spec.case import Case
from chargebee_conformance.spec.clock import CLOCK_ALLOWANCE_SECONDS, backdating_limit
from chargebee_conformance.spec.operations import operation
from chargebee_conformance.strategies import invalid_cases, valid_cases
from chargebee_conformance.strategies.boundaries import invoice_date_window, month_ends_between, rejected_anchors
from tests.strategies.worlds import PROFILES, SETTINGS, broken, world

A = CLOCK_ALLOWANCE_SECONDS
PC1 = next(p for p in PROFILES if p.name == "sandbox-pc1-metered")  # UTC
MULTI = next(p for p in PROFILES if p.name == "sandbox-pc1-multi")  # Asia/Kolkata
CHARGE = operation("v2.charge")
BACKDATING = CHARGE.rule("v2.charge.invoice_date.backdating")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> int:
    return int(datetime(year, month, day, hour, minute, second, tzinfo=UTC).timestamp())


CLOCKS = [  # (now, UTC time zone: first valid value, last rejected value)
    (datetime(2025, 3, 31, 10, 0, tzinfo=UTC), utc(2025, 2, 28, 10, 0) + A, utc(2025, 2, 28) - A),
    (datetime(2024, 3, 31, 10, 0, tzinfo=UTC), utc(2024, 2, 29, 10, 0) + A, utc(2024, 2, 29) - A),
    (datetime(2025, 1, 13, 10, 0, tzinfo=UTC), utc(2024, 12, 13, 10, 0) + A, utc(2024, 12, 13) - A),
]


@pytest.mark.parametrize(("now", "valid_from", "rejected_to"), CLOCKS, ids=["31mar", "31mar-leap", "13jan"])
def test_window_clamps_month_ends_and_keeps_the_allowance(
    now: datetime, valid_from: int, rejected_to: int,
) -> None:
    window = invoice_date_window(now, "UTC")
    assert (window.valid_from, window.rejected_to) == (valid_from, rejected_to)
    assert window.valid_to == int(now.timestamp()) - A


def test_the_site_time_zone_decides_the_calendar_day() -> None:
    now = datetime(2025, 3, 31, 20, 0, tzinfo=UTC)  # 1 April 01:30 in Kolkata: one month back is 1 March
    window = invoice_date_window(now, "Asia/Kolkata")
    assert window.rejected_to == utc(2025, 2, 28, 18, 30) - A  # 1 March 00:00 IST


@pytest.mark.parametrize(("now", "valid_from", "rejected_to"), CLOCKS, ids=["31mar", "31mar-leap", "13jan"])
def test_valid_invoice_dates_stay_inside_the_window(now: datetime, valid_from: int, rejected_to: int) -> None:
    w = world(PC1, now=now)
    limit = backdating_limit(now, PC1.time_zone)

    @SETTINGS
    @given(valid_cases(CHARGE, w))
    def check(case: Case) -> None:
        value = dict(case.form).get("invoice_date")
        if value is not None:
            assert valid_from <= int(value) <= int(now.timestamp()) - A
            assert limit.verdict(int(value)) == "accepted"
        assert broken(CHARGE, w, case) == []

    check()


@pytest.mark.parametrize(("now", "valid_from", "rejected_to"), CLOCKS, ids=["31mar", "31mar-leap", "13jan"])
def test_rejected_invoice_dates_start_at_the_edge_and_go_back(now: datetime, valid_from: int,
                                                              rejected_to: int) -> None:
    w = world(PC1, now=now)
    values: list[int] = []

    @SETTINGS
    @given(invalid_cases(CHARGE, w, BACKDATING))
    def check(case: Case) -> None:
        value = int(dict(case.form)["invoice_date"])
        assert value <= rejected_to and broken(CHARGE, w, case) == [BACKDATING.id]
        values.append(value)

    check()
    assert rejected_to in values  # the boundary itself is an explicit example


def test_rejected_anchors_are_the_month_ends_before_the_limit_day() -> None:
    window = invoice_date_window(datetime(2025, 3, 31, 10, 0, tzinfo=UTC), "UTC")
    assert rejected_anchors(window) == (utc(2025, 1, 31, 23, 59, 59), utc(2024, 12, 31, 23, 59, 59))


def test_a_month_end_inside_the_window_is_a_valid_example() -> None:
    window = invoice_date_window(datetime(2025, 3, 31, 10, 0, tzinfo=UTC), "UTC")
    assert month_ends_between(window.valid_from, window.valid_to, "UTC") == (utc(2025, 2, 28, 23, 59, 59),)


def test_multicurrency_site_in_kolkata_rejects_before_its_own_midnight() -> None:
    now = datetime(2025, 3, 31, 20, 0, tzinfo=UTC)
    w = world(MULTI, now=now)

    @SETTINGS
    @given(invalid_cases(CHARGE, w, BACKDATING))
    def check(case: Case) -> None:
        assert int(dict(case.form)["invoice_date"]) <= utc(2025, 2, 28, 18, 30) - A

    check()
