"""The business clock: minutes that fall inside the executive's business hours.

Pure (stdlib only). Whole days between the two ends are counted arithmetically, so the
cost of one call does not grow with the length of the interval; only the two partial
days and the daylight-saving transition days in between are looked at individually.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.errors import InvalidInput

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_INDEX = {name: i for i, name in enumerate(DAY_NAMES)}
_DAY_INDEX.update(
    {full: i for i, full in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
)


@dataclass(frozen=True)
class BusinessHours:
    """When the executive's team counts as "at work".

    `days` are weekday numbers (0 = Monday); `start` < `end` are wall-clock times in
    `timezone` (an IANA name); `holidays` are local dates that count as closed.
    """

    timezone: str
    days: frozenset[int] = frozenset(range(5))
    start: time = time(9, 0)
    end: time = time(17, 0)
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise InvalidInput(
                f"unknown time zone {self.timezone!r}: use an IANA name such as 'America/New_York'"
            ) from exc
        if not self.days or not all(isinstance(d, int) and 0 <= d <= 6 for d in self.days):
            raise InvalidInput("business days must be a non-empty set of weekdays 0 (Mon) .. 6 (Sun)")
        if not self.start < self.end:
            raise InvalidInput(
                f"business hours must start before they end (got {self.start:%H:%M}-{self.end:%H:%M}); "
                "overnight shifts are not supported"
            )

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def minutes_per_day(self) -> float:
        """Nominal (wall-clock) business minutes of one open day."""
        start = self.start.hour * 60 + self.start.minute + self.start.second / 60
        end = self.end.hour * 60 + self.end.minute + self.end.second / 60
        return end - start

    def is_open_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    def window(self, day: date) -> tuple[datetime, datetime]:
        """The open interval of a local `day`, as aware UTC datetimes (DST-correct)."""
        cached = self._windows.get(day)
        if cached is None:
            zone = self.zone
            opens = datetime.combine(day, self.start, zone).astimezone(UTC)
            closes = datetime.combine(day, self.end, zone).astimezone(UTC)
            cached = self._windows[day] = (opens, closes)
        return cached

    @cached_property
    def _windows(self) -> dict[date, tuple[datetime, datetime]]:
        # Mentions cluster on a few hundred days; memoising the zone arithmetic per day
        # makes a million-mention report several times faster.
        return {}

    def open_days_between(self, first: date, last: date) -> int:
        """Number of open days in [first, last], counted without walking every day."""
        if last < first:
            return 0
        total = (last - first).days + 1
        weeks, rest = divmod(total, 7)
        count = weeks * len(self.days)
        weekday = first.weekday()
        for offset in range(rest):
            if (weekday + offset) % 7 in self.days:
                count += 1
        for holiday in self._closed_holidays:
            if first <= holiday <= last:
                count -= 1
        return count

    @cached_property
    def _closed_holidays(self) -> tuple[date, ...]:
        # Holidays on days that are closed anyway must not be subtracted twice.
        return tuple(sorted(h for h in self.holidays if h.weekday() in self.days))


def calendar_minutes(start: datetime, end: datetime) -> float:
    """Elapsed minutes between two aware datetimes (negative if `end` is earlier)."""
    _require_aware(start, end)
    return (end - start).total_seconds() / 60


def business_minutes(start: datetime, end: datetime, hours: BusinessHours) -> float:
    """Minutes of [start, end) that fall inside `hours`; 0.0 when `end` <= `start`.

    DST-correct: an open day's real length is measured from its UTC window, so a day on
    which the clocks change during business hours counts the time that really elapsed.
    """
    _require_aware(start, end)
    if end <= start:
        return 0.0
    zone = hours.zone
    first = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    if first == last:
        return _overlap(hours, first, start, end)
    total = _overlap(hours, first, start, end) + _overlap(hours, last, start, end)
    inner_first, inner_last = first + timedelta(days=1), last - timedelta(days=1)
    if inner_first <= inner_last:
        total += hours.open_days_between(inner_first, inner_last) * hours.minutes_per_day
        for day in _transition_days(hours.timezone, inner_first, inner_last):
            if hours.is_open_day(day):
                opens, closes = hours.window(day)
                total += (closes - opens).total_seconds() / 60 - hours.minutes_per_day
    return total


def _overlap(hours: BusinessHours, day: date, start: datetime, end: datetime) -> float:
    if not hours.is_open_day(day):
        return 0.0
    opens, closes = hours.window(day)
    lo = max(opens, start)
    hi = min(closes, end)
    return (hi - lo).total_seconds() / 60 if hi > lo else 0.0


def _transition_days(tz_name: str, first: date, last: date) -> list[date]:
    days: list[date] = []
    for year in range(first.year, last.year + 1):
        days.extend(d for d in _transitions_in_year(tz_name, year) if first <= d <= last)
    return days


@lru_cache(maxsize=512)
def _transitions_in_year(tz_name: str, year: int) -> tuple[date, ...]:
    """Local dates on which the UTC offset changes (once per zone and year, then cached)."""
    zone = ZoneInfo(tz_name)
    found = []
    day = date(year, 1, 1)
    offset = datetime.combine(day, time(0), zone).utcoffset()
    while day.year == year:
        following = day + timedelta(days=1)
        next_offset = datetime.combine(following, time(0), zone).utcoffset()
        if next_offset != offset:
            found.append(day)
        day, offset = following, next_offset
    return tuple(found)


def _require_aware(*moments: datetime) -> None:
    for moment in moments:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidInput(f"time-stamp {moment.isoformat()} has no time zone: store aware UTC datetimes")


def parse_hours(text: str) -> tuple[time, time]:
    """Parse `--hours HH:MM-HH:MM` (e.g. '09:00-17:30') into (start, end)."""
    parts = text.strip().split("-")
    if len(parts) != 2:
        raise InvalidInput(f"--hours {text!r} is not HH:MM-HH:MM, e.g. 09:00-17:30")
    start, end = (_parse_clock(p, text) for p in parts)
    if not start < end:
        raise InvalidInput(f"--hours {text!r} must start before it ends, e.g. 09:00-17:30")
    return start, end


def _parse_clock(part: str, whole: str) -> time:
    pieces = part.strip().split(":")
    if len(pieces) != 2 or not all(p.isdigit() for p in pieces):
        raise InvalidInput(f"--hours {whole!r}: {part.strip()!r} is not HH:MM, e.g. 09:00-17:30")
    hour, minute = int(pieces[0]), int(pieces[1])
    if hour > 23 or minute > 59:
        raise InvalidInput(f"--hours {whole!r}: {part.strip()!r} is not a time of day (00:00 .. 23:59)")
    return time(hour, minute)


def parse_days(text: str) -> frozenset[int]:
    """Parse `--days mon-fri`, `mon,wed,fri` or a mix (`mon-wed,fri`) into weekday numbers."""
    days: set[int] = set()
    for item in text.lower().replace(" ", "").split(","):
        if not item:
            raise InvalidInput(f"--days {text!r} has an empty item; use e.g. mon-fri or mon,wed,fri")
        if "-" in item:
            first, _, last = item.partition("-")
            lo, hi = _day(first, text), _day(last, text)
            # A range may wrap over the week end, e.g. fri-mon.
            span = (hi - lo) % 7
            days.update((lo + i) % 7 for i in range(span + 1))
        else:
            days.add(_day(item, text))
    return frozenset(days)


def _day(name: str, whole: str) -> int:
    try:
        return _DAY_INDEX[name]
    except KeyError:
        raise InvalidInput(f"--days {whole!r}: {name!r} is not a weekday; use mon tue wed thu fri sat sun") from None
