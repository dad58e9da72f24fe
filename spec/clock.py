"""The one-calendar-month backdating limit (v2 charge `invoice_date`).

"The date should not be more than one calendar month into the past. For example, if today is 13th January,
then you cannot pass a value that is earlier than 13th December."

The sentence leaves open whether the limit is an instant or a calendar day, and in which time zone. DECISIONS A4
settles it: a value at or after the same instant one calendar month ago must be accepted; a value before 00:00
(site time zone) of that calendar day must be rejected; between the two the docs bind nothing. One month before a
day that the previous month lacks clamps to that month's last day (31 March -> 28 or 29 February).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo


# Live targets run on their own clock and the request takes time to arrive: valid boundary values stay this many
# seconds inside the accepted side, invalid ones this far past the rejected side.
CLOCK_ALLOWANCE_SECONDS = 300


def one_month_back(moment: datetime) -> datetime:
    """The same wall-clock time one calendar month earlier, clamped to the end of a shorter month."""
    year, month = (moment.year - 1, 12) if moment.month == 1 else (moment.year, moment.month - 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class BackdatingLimit:
    accepted_from: int  # UTC seconds: every value >= this must be accepted
    rejected_before: int  # UTC seconds: every value < this must be rejected

    def verdict(self, value: int) -> str:
        if value >= self.accepted_from:
            return "accepted"
        return "rejected" if value < self.rejected_before else "either"


def backdating_limit(now: datetime, time_zone: str = "UTC") -> BackdatingLimit:
    """Limits for `invoice_date` at `now` on a site in `time_zone` (both bounds as UTC seconds)."""
    if now.tzinfo is None:
        raise ValueError(f"now must be time-zone aware, got {now!r}")
    local = now.astimezone(ZoneInfo(time_zone))
    back = one_month_back(local)
    day_start = datetime.combine(back.date(), time.min, tzinfo=local.tzinfo)
    return BackdatingLimit(int(back.timestamp()) + (1 if back.microsecond else 0), int(day_start.timestamp()))


def utc_seconds(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp())
