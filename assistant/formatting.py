"""Figures as people read them: times in a named zone, durations in words, rates as percentages.

Pure (stdlib only) so that pages, the CLI and notifications say the same thing the same way.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60


def zone_name(tz: str) -> str:
    """'Europe/Paris' → 'Paris time'; 'UTC' stays 'UTC'."""
    if tz in ("UTC", "Etc/UTC", "GMT"):
        return "UTC"
    return tz.rsplit("/", 1)[-1].replace("_", " ") + " time"


def zone_label(tz: str, at: datetime | None = None) -> str:
    """The zone as a heading says it: 'New York time (EST)', or 'UTC'."""
    name = zone_name(tz)
    if name == "UTC":
        return name
    abbreviation = (at or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(tz)).tzname() or ""
    # zones without a letter abbreviation give '+04': the city says more than that
    return f"{name} ({abbreviation})" if abbreviation.isalpha() else name


def when(value: datetime | None, tz: str = "UTC", *, with_year: bool = False) -> str:
    """A moment in the given zone, the zone named: 'Tue 24 Nov 14:05 EST'."""
    if value is None:
        return ""
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    local = value.astimezone(ZoneInfo(tz))
    abbreviation = local.tzname() or ""
    if not abbreviation.isalpha():
        abbreviation = zone_name(tz)
    return local.strftime("%a %d %b %Y %H:%M" if with_year else "%a %d %b %H:%M") + f" {abbreviation}"


def duration(minutes: float | None) -> str:
    """A span as people say it: '45 s', '12 min', '8 h 13 min', '3 days 4 h', '19 days'."""
    if minutes is None:
        return ""
    minutes = abs(minutes)
    if minutes < 1:
        return f"{round(minutes * 60)} s"
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    if whole < MINUTES_PER_DAY:
        hours, rest = divmod(whole, 60)
        return f"{hours} h" + (f" {rest} min" if rest else "")
    days, rest = divmod(whole, MINUTES_PER_DAY)
    hours = rest // 60
    unit = "day" if days == 1 else "days"
    # beyond a week the hours are noise
    return f"{days} {unit}" + (f" {hours} h" if hours and days < 7 else "")


def countdown(remaining_minutes: float | None) -> str:
    """Time left on a target: 'due in 2 h 10 min', 'late by 19 days'."""
    if remaining_minutes is None:
        return ""
    if remaining_minutes < 0:
        return f"late by {duration(remaining_minutes)}"
    return f"due in {duration(remaining_minutes)}"


def percent(fraction: float | None, digits: int = 0) -> str:
    """0.873 → '87%'; None → '–' (no data is not zero)."""
    if fraction is None:
        return "–"
    return f"{fraction * 100:.{digits}f}%"
