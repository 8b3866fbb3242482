"""Everything the Response-times page shows, from one guarded call.

A chosen period against the one before it, SLA attainment, a distribution histogram,
the weekly trend, a weekday x hour heatmap (executive's time zone), the at-risk list with
countdowns, the CSV export and the suggested profile note. Summary figures come from
`reports.report_for_executive`, the very function the CLI uses, so both show the same numbers.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from assistant.clock import utcnow
from assistant.domain.roles import Action
from assistant.response_times import (
    DEFAULT_POLICY,
    BusinessHours,
    MentionTiming,
    SlaPolicy,
    mention_status,
    response_minutes,
    suggest_profile_note,
)
from assistant.response_times.stats import median
from assistant.services.context import Actor, requires
from assistant.services.report_sql import calendar_sla_counts
from assistant.services.reports import business_hours_of, load_timings, report_for_executive
from assistant.services.workspace import executive_in_workspace
from assistant.storage.db import Database
from assistant.storage.models import Mention

# Histogram buckets in minutes: quick answers are told apart, slow ones lumped.
BUCKETS = ((5, "≤5 min"), (15, "5–15 min"), (30, "15–30 min"), (60, "30–60 min"), (120, "1–2 h"), (240, "2–4 h"),
           (480, "4–8 h"), (1440, "8–24 h"), (float("inf"), "> 1 day"))
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
AT_RISK_SHOWN = 50


@dataclass
class Dashboard:
    executive_id: int
    clock: str
    since: datetime | None
    until: datetime
    current: dict[str, Any]
    previous: dict[str, Any] | None
    sla: dict[str, dict[str, Any]]
    previous_sla: dict[str, dict[str, Any]] | None
    histogram: list[dict[str, Any]]
    weekly: list[dict[str, Any]]
    heatmap: list[dict[str, Any]]
    at_risk: list[dict[str, Any]]
    profile_note: str
    timezone: str
    _rows: list[dict[str, Any]]

    def csv(self) -> str:
        """One line per mention of the period, for spreadsheets."""
        out = io.StringIO()
        fields = ["mention_id", "posted_at", "responded_at", "responder", "sla_class", "response_minutes",
                  "sla_state"]
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self._rows)
        return out.getvalue()


def attainment_overall(sla: dict[str, dict[str, Any]]) -> float | None:
    """Met / (met + breached) over every class."""
    met = sum(c["met"] for c in sla.values())
    decided = met + sum(c["breached"] for c in sla.values())
    return None if decided == 0 else round(met / decided, 4)


def _histogram(values: list[float]) -> list[dict[str, Any]]:
    counts = [0] * len(BUCKETS)
    tops = [top for top, _ in BUCKETS]
    for value in values:
        counts[bisect_left(tops, value)] += 1  # the first bucket whose top is >= the value
    return [{"bucket": label, "order": i, "mentions": counts[i]} for i, (_, label) in enumerate(BUCKETS)]


def _attainment(policy: SlaPolicy, timings: list[MentionTiming], statuses: list[Any],
                counted: dict[str, dict[str, int]] | None = None) -> dict[str, dict[str, Any]]:
    """`sla_attainment` from statuses already computed (plus classes the database counted)."""
    tally = {c.name: {"met": 0, "breached": 0, "at_risk": 0, "on_track": 0} for c in policy.classes}
    tally.update(counted or {})
    for timing, status in zip(timings, statuses, strict=True):
        tally[timing.sla_class][status.state] += 1  # mention_status checked the class exists
    return {c.name: {"target_minutes": c.target_minutes, "clock": c.clock, **tally[c.name],
                     "attainment": _fraction(tally[c.name]["met"], tally[c.name]["met"] + tally[c.name]["breached"])}
            for c in policy.classes}


def _fraction(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def _period_attainment(db: Database, executive_id: int, policy: SlaPolicy, since: datetime, until: datetime,
                       hours: BusinessHours) -> dict[str, dict[str, Any]]:
    """SLA attainment of a past period (its end is 'now'): calendar-clock classes counted by the database,
    the others (business clock, or unknown classes) mention by mention."""
    counted = {}
    for sla_class in policy.classes:
        counts = calendar_sla_counts(db, executive_id, sla_class, since, until, until)
        if counts is not None:
            counted[sla_class.name] = counts
    rest = [t for t in load_timings(db, executive_id, since, until, exclude_classes=tuple(counted))]
    return _attainment(policy, rest, [mention_status(t, policy, until, hours) for t in rest], counted)


def _heatmap(timings: list[MentionTiming], values: list[float | None], hours: BusinessHours) -> list[dict[str, Any]]:
    cells: dict[tuple[int, int], list[float]] = defaultdict(list)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for timing, value in zip(timings, values, strict=True):
        local = timing.created_at.astimezone(hours.zone)
        key = (local.weekday(), local.hour)
        counts[key] += 1
        if value is not None:
            cells[key].append(value)
    return [{"weekday": WEEKDAYS[d], "day": d, "hour": h, "mentions": n,
             "median_minutes": None if not cells[(d, h)] else round(median(cells[(d, h)]) or 0.0, 2)}
            for (d, h), n in sorted(counts.items())]


def _countdown(minutes: float) -> str:
    sign, minutes = ("overdue by " if minutes < 0 else ""), abs(minutes)
    hours, rest = divmod(int(round(minutes)), 60)
    text = f"{hours} h {rest:02d} min" if hours else f"{rest} min"
    return sign + text if sign else text + " left"


@requires(Action.VIEW_REPORTS)
def response_times_dashboard(db: Database, actor: Actor, executive_id: int, *, days: int | None = 30,
                             business: bool = False, policy: SlaPolicy = DEFAULT_POLICY,
                             now: datetime | None = None) -> Dashboard:
    """The period is the last `days` days up to `now` (None: the whole history, nothing to compare)."""
    now = now or utcnow()
    with db.reading() as session:
        executive = executive_in_workspace(session, actor, executive_id)
        hours = business_hours_of(executive)
    clock = hours if business else None
    since = now - timedelta(days=days) if days else None
    until = now if days else None
    current = report_for_executive(db, executive_id, clock, since, until)
    timings = load_timings(db, executive_id, since, until)
    # Each mention's SLA status once: the attainment, the at-risk list and the CSV all read it.
    statuses = [mention_status(t, policy, now, hours) for t in timings]
    sla = _attainment(policy, timings, statuses)
    previous = previous_sla = None
    if since is not None and days:
        before = since - timedelta(days=days)
        previous = report_for_executive(db, executive_id, clock, before, since)
        previous_sla = _period_attainment(db, executive_id, policy, before, since, hours)
    values = [response_minutes(t, clock) for t in timings]
    weekly = [{"week": week, **figures} for week, figures in current["by_week"].items()]
    # As `at_risk`: open mentions at risk or breached, most urgent first (a stable sort, same order).
    risky = sorted(((t, st) for t, st in zip(timings, statuses, strict=True)
                    if t.responded_at is None and st.state in ("at_risk", "breached")),
                   key=lambda pair: pair[1].remaining_minutes)[:AT_RISK_SHOWN]
    rows = [{"mention_id": timing.mention_id, "posted_at": timing.created_at.isoformat(),
             "responded_at": timing.responded_at.isoformat() if timing.responded_at else "",
             "responder": timing.responder or "", "sla_class": timing.sla_class,
             "response_minutes": "" if value is None else round(value, 2), "sla_state": status.state}
            for timing, value, status in zip(timings, values, statuses, strict=True)]
    return Dashboard(
        executive_id=executive_id, clock=current["clock"], since=since, until=until or now, current=current,
        previous=previous, sla=sla, previous_sla=previous_sla,
        histogram=_histogram([v for v in values if v is not None]), weekly=weekly,
        heatmap=_heatmap(timings, values, hours), at_risk=_at_risk_rows(db, risky), profile_note=suggest_profile_note(
            current, minutes_per_business_day=hours.minutes_per_day),
        timezone=hours.timezone, _rows=rows)


def _at_risk_rows(db: Database, risky: list[tuple[MentionTiming, Any]]) -> list[dict[str, Any]]:
    if not risky:
        return []
    ids = [int(t.mention_id) for t, _ in risky]
    with db.reading() as session:
        found = {m.id: m for m in session.scalars(select(Mention).where(Mention.id.in_(ids)))}
    out = []
    for timing, status in risky:
        mention = found.get(int(timing.mention_id))
        out.append({"mention_id": int(timing.mention_id), "author": f"@{mention.author_handle}" if mention else "",
                    "text": (mention.text[:120] if mention else ""), "sla_class": timing.sla_class,
                    "state": status.state, "remaining_minutes": round(status.remaining_minutes, 1),
                    "countdown": _countdown(status.remaining_minutes)})
    return out
