"""Business minutes by table look-up: the open windows of a span of days, with prefix sums.

Pure (stdlib only). `business_minutes` walks the two partial days of every call (~10 µs);
a page that needs the business clock for tens of thousands of mentions builds this table
once for the period instead. Each open day's window is taken from `BusinessHours.window`
(the same DST-correct UTC interval the engine uses) in whole microseconds since the epoch, so
open time up to an instant is one bisection and a subtraction, exact in integers.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from assistant.response_times.business_hours import BusinessHours

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)


def epoch_us(moment: datetime) -> int:
    """Whole microseconds since 1970-01-01 UTC (exact: integer timedelta division)."""
    return (moment - EPOCH) // _US


@dataclass(frozen=True)
class BusinessTable:
    """Open windows [opens[i], closes[i]) in epoch µs, sorted; `before[i]` = open µs of windows < i."""

    opens: tuple[int, ...]
    closes: tuple[int, ...]
    before: tuple[int, ...]

    @classmethod
    def build(cls, hours: BusinessHours, start: datetime, end: datetime) -> BusinessTable:
        """Windows of every local day from the day before `start` to the day after `end`."""
        zone = hours.zone
        day: date = start.astimezone(zone).date() - timedelta(days=1)
        last = end.astimezone(zone).date() + timedelta(days=1)
        opens, closes, before, total = [], [], [], 0
        while day <= last:
            if hours.is_open_day(day):
                lo, hi = (epoch_us(m) for m in hours.window(day))
                if hi > lo:
                    opens.append(lo)
                    closes.append(hi)
                    before.append(total)
                    total += hi - lo
            day += timedelta(days=1)
        return cls(tuple(opens), tuple(closes), tuple(before))

    def open_us_until(self, moment_us: int) -> int:
        """Open microseconds of the table's windows before `moment_us`."""
        i = bisect_right(self.opens, moment_us) - 1
        if i < 0:
            return 0
        return self.before[i] + min(moment_us, self.closes[i]) - self.opens[i]

    def business_us(self, start_us: int, end_us: int) -> int:
        """Open microseconds of [start, end); both ends must lie in the span the table was built for."""
        if end_us <= start_us:
            return 0
        return self.open_us_until(end_us) - self.open_us_until(start_us)
