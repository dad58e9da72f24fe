"""The one-calendar-month backdating limit (v2 charge `invoice_date`).

"The date should not be more than one calendar month into the past. For example, if today is 13th January,
then you cannot pass a value that is earlier than 13th December."

The sentence leaves open whether the limit is an instant or a calendar day, and in which time zone.
docs/decisions.md A4 settles it: a value at or after the same instant one calendar month ago must be accepted; a
value before 00:00 (site time zone) of that calendar day must be rejected; between the two the docs bind
nothing. One month before a day that the previous month lacks clamps to that month's last day (31 March ->
28 or 29 February).
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

# Live targets run on their own clock and the request takes time to arrive: valid boundary values stay this
# many seconds inside the accepted side, invalid ones this far past the rejected side.
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
        """"accepted", "rejected", or "either" (between the bounds the docs bind nothing)."""
        if value >= self.accepted_from:
            return "accepted"
        return "rejected" if value < self.rejected_before else "either"


def backdating_limit(now: datetime, time_zone: str = "UTC") -> BackdatingLimit:
    """Limits for `invoice_date` at `now` on a site in `time_zone` (both bounds as UTC seconds)."""
    _require_aware(now, "now")
    local = now.astimezone(ZoneInfo(time_zone))
    back = one_month_back(local)
    day_start = datetime.combine(back.date(), time.min, tzinfo=local.tzinfo)
    # ceil: values are whole seconds; the first whole second at or after the instant is the first accepted.
    return BackdatingLimit(math.ceil(back.timestamp()), math.floor(day_start.timestamp()))


def utc_seconds(moment: datetime) -> int:
    """UTC seconds of an aware moment (a naive one would silently take the machine's time zone)."""
    _require_aware(moment, "moment")
    return math.floor(moment.astimezone(UTC).timestamp())


def _require_aware(moment: datetime, what: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be time-zone aware, got {moment!r}")
