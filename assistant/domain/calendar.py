"""The content calendar's arithmetic: which days a week or month view spans, and on which day a post
falls. A post's day is its date in ITS executive's time zone (a 23:30 post in New York is on that
day, even when it is already tomorrow in UTC), with the zone's own DST rules, never a fixed offset.

Pure (stdlib only): the calendar service reads the rows, this decides where they go.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class View(StrEnum):
    WEEK = "week"
    MONTH = "month"


class Kind(StrEnum):
    """What the calendar says about a post at a moment."""

    PLANNED = "planned"  # has a time, still in review (or a draft)
    READY = "ready"  # approved with a time, not yet scheduled
    SCHEDULED = "scheduled"  # approved and waiting for its time
    DUE = "due"  # its time has come and it is not out yet
    PUBLISHED = "published"
    FAILED = "failed"


KIND_WORDS = {
    Kind.PLANNED: "planned, in review",
    Kind.READY: "approved",
    Kind.SCHEDULED: "scheduled",
    Kind.DUE: "due now",
    Kind.PUBLISHED: "published",
    Kind.FAILED: "failed",
}

_WAITING = {"draft", "in_review", "changes_requested"}


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def days_of(view: View | str, anchor: date) -> list[date]:
    """The days a view shows around `anchor`: Monday to Sunday, or the month's weeks (whole weeks,
    so the grid starts on a Monday and may show days of the months around it)."""
    if View(view) == View.WEEK:
        start = week_start(anchor)
        return [start + timedelta(days=n) for n in range(7)]
    weeks = _stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(anchor.year, anchor.month)
    return [d for week in weeks for d in week]


def shift(view: View | str, anchor: date, steps: int) -> date:
    """The anchor of the previous (-1) or next (+1) week or month."""
    if View(view) == View.WEEK:
        return anchor + timedelta(weeks=steps)
    months = anchor.year * 12 + (anchor.month - 1) + steps
    return date(months // 12, months % 12 + 1, 1)


def utc_window(days: list[date]) -> tuple[datetime, datetime]:
    """A UTC window wide enough for every zone (UTC-12 to UTC+14) over these local days, to query by."""
    start = datetime.combine(days[0], datetime.min.time(), UTC) - timedelta(hours=14)
    end = datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=12)
    return start, end


def local_day(moment: datetime, tz: str) -> date:
    """The date of `moment` in `tz` (a naive moment is UTC, as SQLite hands it back)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(tz)).date()


def kind_of(state: str, scheduled_at: datetime | None, now: datetime) -> Kind | None:
    """A post's place on the calendar, or None when it has none (no time, rejected, expired)."""
    if state == "published":
        return Kind.PUBLISHED
    if state == "failed":
        return Kind.FAILED
    if scheduled_at is None:
        return None
    if scheduled_at.tzinfo is None:
        scheduled_at = scheduled_at.replace(tzinfo=UTC)
    if state == "scheduled":
        return Kind.DUE if scheduled_at <= now else Kind.SCHEDULED
    if state == "approved":
        return Kind.DUE if scheduled_at <= now else Kind.READY
    if state in _WAITING:
        return Kind.PLANNED
    return None


@dataclass(frozen=True)
class Placed:
    """Anything with a moment (UTC) and the time zone of its executive."""

    key: object
    moment: datetime
    tz: str


def group_by_day(items: Iterable[Placed], days: list[date]) -> dict[date, list[Placed]]:
    """Each item on its local day (in its own zone), for every day shown; earliest first in a day."""
    shown: dict[date, list[Placed]] = {d: [] for d in days}
    for item in items:
        day = local_day(item.moment, item.tz)
        if day in shown:
            shown[day].append(item)
    for entries in shown.values():
        entries.sort(key=lambda p: (p.moment if p.moment.tzinfo else p.moment.replace(tzinfo=UTC), str(p.key)))
    return shown
