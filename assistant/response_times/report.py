"""The response-times report, from pure timing records.

Rounding (the JSON contract of `report response-times --json`):
- minutes are floats rounded to 2 decimals (`round(x, 2)`), None when nothing was answered;
- `response_rate` and every other share or attainment is a fraction 0..1 rounded to 4
  decimals, None when its denominator is zero;
- percentiles are computed on unrounded minutes, then rounded once.
A response stamped before its mention (clock skew, bad data) counts as 0 minutes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timezone
from typing import Any, Literal
from zoneinfo import ZoneInfo

from assistant.errors import InvalidInput
from assistant.response_times.business_hours import BusinessHours, business_minutes
from assistant.response_times.sla import DEFAULT_CLASS, SlaPolicy, SlaStatus, sla_status
from assistant.response_times.stats import percentile_of_sorted

Responder = Literal["executive", "delegate", "outside"]
RESPONDERS: tuple[Responder, ...] = ("executive", "delegate", "outside")


@dataclass(frozen=True, slots=True)
class MentionTiming:
    """One mention as the engine sees it: when it came, when and by whom it was answered."""

    mention_id: str
    created_at: datetime
    responded_at: datetime | None = None
    responder: Responder | None = None
    sla_class: str = DEFAULT_CLASS


def response_minutes(timing: MentionTiming, hours: BusinessHours | None = None) -> float | None:
    """Minutes to the answer on the calendar clock, or the business clock when `hours` is given."""
    if timing.responded_at is None:
        return None
    if hours is not None:
        return business_minutes(timing.created_at, timing.responded_at, hours)
    seconds = (timing.responded_at - timing.created_at).total_seconds()
    return seconds / 60 if seconds > 0 else 0.0


def _round_minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _fraction(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def _figures(count: int, minutes: list[float]) -> dict[str, Any]:
    minutes.sort()
    return {
        "mentions": count,
        "answered": len(minutes),
        "unanswered": count - len(minutes),
        "response_rate": _fraction(len(minutes), count),
        "median_minutes": _round_minutes(percentile_of_sorted(minutes, 50)),
        "p90_minutes": _round_minutes(percentile_of_sorted(minutes, 90)),
    }


def summarize(timings: Iterable[MentionTiming], hours: BusinessHours | None = None) -> dict[str, Any]:
    """The DESIGN.md JSON: mentions, answered, unanswered, response_rate, median/p90 minutes, clock."""
    count = 0
    minutes: list[float] = []
    for timing in timings:
        count += 1
        value = response_minutes(timing, hours)
        if value is not None:
            minutes.append(value)
    return {**_figures(count, minutes), "clock": "business" if hours is not None else "calendar"}


def iso_week(moment: datetime, zone: ZoneInfo | timezone) -> str:
    """'2017-W44': the ISO week of a time-stamp in the executive's zone."""
    year, week, _ = moment.astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"


def build_report(
    timings: Sequence[MentionTiming],
    hours: BusinessHours | None = None,
    policy: SlaPolicy | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The summary plus breakdowns by responder, SLA class and ISO week, and SLA attainment.

    Response times use the business clock when `hours` is given, else the calendar clock.
    SLA figures (each class on its own clock) need `policy` and `now`.
    """
    zone: ZoneInfo | timezone = hours.zone if hours is not None else UTC
    values = [response_minutes(t, hours) for t in timings]
    report = summarize_values(values)
    report["clock"] = "business" if hours is not None else "calendar"

    by_responder: dict[str, list[float]] = defaultdict(list)
    class_counts: dict[str, int] = defaultdict(int)
    by_class: dict[str, list[float]] = defaultdict(list)
    week_counts: dict[str, int] = defaultdict(int)
    by_week: dict[str, list[float]] = defaultdict(list)
    for timing, value in zip(timings, values, strict=True):
        week = iso_week(timing.created_at, zone)
        class_counts[timing.sla_class] += 1
        week_counts[week] += 1
        if value is not None:
            by_responder[timing.responder or "outside"].append(value)
            by_class[timing.sla_class].append(value)
            by_week[week].append(value)

    answered = report["answered"]
    report["by_responder"] = {
        name: {
            **_responder_figures(by_responder[name]),
            "share": _fraction(len(by_responder[name]), answered),
        }
        for name in RESPONDERS
        if by_responder.get(name)
    }
    report["by_sla_class"] = {name: _figures(class_counts[name], by_class[name]) for name in sorted(class_counts)}
    report["by_week"] = {week: _figures(week_counts[week], by_week[week]) for week in sorted(week_counts)}
    if policy is not None:
        if now is None:
            raise InvalidInput("SLA attainment needs the moment it is measured at (now)")
        report["sla"] = sla_attainment(timings, policy, now, hours)
    return report


def summarize_values(values: Sequence[float | None]) -> dict[str, Any]:
    """Summary figures from precomputed response minutes (None = unanswered)."""
    return _figures(len(values), [v for v in values if v is not None])


def _responder_figures(minutes: list[float]) -> dict[str, Any]:
    figures = _figures(len(minutes), minutes)
    return {k: figures[k] for k in ("answered", "median_minutes", "p90_minutes")}


def sla_attainment(
    timings: Iterable[MentionTiming], policy: SlaPolicy, now: datetime, hours: BusinessHours | None = None
) -> dict[str, dict[str, Any]]:
    """Per class: met, breached (answered late or still open past target), at risk, attainment.

    Attainment = met / (met + breached): mentions still open and within target are not
    decided yet, so they count neither way.
    """
    tally: dict[str, dict[str, int]] = {
        c.name: {"met": 0, "breached": 0, "at_risk": 0, "on_track": 0} for c in policy.classes
    }
    for timing in timings:
        status = mention_status(timing, policy, now, hours)
        tally[policy.get(timing.sla_class).name][status.state] += 1
    result = {}
    for sla_class in policy.classes:
        counts = tally[sla_class.name]
        result[sla_class.name] = {
            "target_minutes": sla_class.target_minutes,
            "clock": sla_class.clock,
            **counts,
            "attainment": _fraction(counts["met"], counts["met"] + counts["breached"]),
        }
    return result


def mention_status(
    timing: MentionTiming, policy: SlaPolicy, now: datetime, hours: BusinessHours | None = None
) -> SlaStatus:
    return sla_status(policy.get(timing.sla_class), timing.created_at, timing.responded_at, now, hours)


def at_risk(
    timings: Iterable[MentionTiming], policy: SlaPolicy, now: datetime, hours: BusinessHours | None = None
) -> list[tuple[MentionTiming, SlaStatus]]:
    """Unanswered mentions that are at risk or already breached, most urgent first."""
    found = []
    for timing in timings:
        if timing.responded_at is not None:
            continue
        status = mention_status(timing, policy, now, hours)
        if status.state in ("at_risk", "breached"):
            found.append((timing, status))
    found.sort(key=lambda pair: pair[1].remaining_minutes)
    return found
