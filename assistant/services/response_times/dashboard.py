"""Everything the Response-times page shows, from one guarded call.

A chosen period against the one before it, SLA attainment, a distribution histogram,
the weekly trend, a weekday x hour heatmap (executive's time zone), the at-risk list with
countdowns, the CSV export and the suggested profile note. Summary figures come from
`reports.report_for_executive`, the very function the CLI uses, so both show the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import select

from assistant.clock import utcnow
from assistant.domain.roles import Action
from assistant.domain.states import OPEN_MENTION_STATES
from assistant.response_times import (
    DEFAULT_POLICY,
    BusinessHours,
    SlaPolicy,
    mention_status,
    response_minutes,
    suggest_profile_note,
)
from assistant.response_times.business_table import epoch_us
from assistant.response_times.stats import median
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.response_times.at_risk import (
    AT_RISK,
    BREACHED,
    MET,
    ON_TRACK,
    STATES,
    _at_risk_rows,
    _csv,
    _risky,
)
from assistant.services.response_times.period import BusinessWindows, PeriodRows, local_cells, period_rows, timing_at
from assistant.services.response_times.queries import calendar_sla_counts
from assistant.services.response_times.report import business_hours_of, report_for_executive
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention

# Histogram buckets in minutes: quick answers are told apart, slow ones lumped.
BUCKETS = (
    (5, "≤5 min"),
    (15, "5–15 min"),
    (30, "15–30 min"),
    (60, "30–60 min"),
    (120, "1–2 h"),
    (240, "2–4 h"),
    (480, "4–8 h"),
    (1440, "8–24 h"),
    (float("inf"), "> 1 day"),
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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
    _export: Callable[[], str]

    def csv(self) -> str:
        """One line per mention of the period, for spreadsheets: built on demand, not with the page."""
        return self._export()


def attainment_overall(sla: dict[str, dict[str, Any]]) -> float | None:
    """Met / (met + breached) over every class."""
    met = sum(c["met"] for c in sla.values())
    decided = met + sum(c["breached"] for c in sla.values())
    return None if decided == 0 else round(met / decided, 4)


def _histogram(values: np.ndarray) -> list[dict[str, Any]]:
    # The first bucket whose top is >= the value (bisect_left).
    found = np.searchsorted(np.array([top for top, _ in BUCKETS]), values, side="left")
    counts = np.bincount(found, minlength=len(BUCKETS)).tolist()
    return [{"bucket": label, "order": i, "mentions": counts[i]} for i, (_, label) in enumerate(BUCKETS)]


def _attainment(
    policy: SlaPolicy, rows: PeriodRows, states: np.ndarray, counted: dict[str, dict[str, int]] | None = None
) -> dict[str, dict[str, Any]]:
    """`sla_attainment` from state codes already computed (plus classes the database counted)."""
    tally = {c.name: {"met": 0, "breached": 0, "at_risk": 0, "on_track": 0} for c in policy.classes}
    tally.update(counted or {})
    for name, mask in rows.class_masks():
        counts = np.bincount(states[mask], minlength=len(STATES)).tolist()
        for code, state in enumerate(STATES):
            tally[name][state] += counts[code]  # _statuses checked the class exists
    return {
        c.name: {
            "target_minutes": c.target_minutes,
            "clock": c.clock,
            **tally[c.name],
            "attainment": _fraction(tally[c.name]["met"], tally[c.name]["met"] + tally[c.name]["breached"]),
        }
        for c in policy.classes
    }


def _fraction(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def _period_attainment(
    db: Database, executive_id: int, policy: SlaPolicy, since: datetime, until: datetime, hours: BusinessHours
) -> dict[str, dict[str, Any]]:
    """SLA attainment of a past period (its end is 'now'): calendar-clock classes counted by the database,
    the others (business clock, or unknown classes) from the mentions' arrays."""
    counted = {}
    for sla_class in policy.classes:
        counts = calendar_sla_counts(db, executive_id, sla_class, since, until, until)
        if counts is not None:
            counted[sla_class.name] = counts
    rest = period_rows(db, executive_id, since, until, exclude_classes=tuple(counted))
    return _attainment(policy, rest, _statuses(rest, policy, until, hours)[0], counted)


def _statuses(
    rows: PeriodRows, policy: SlaPolicy, now: datetime, hours: BusinessHours
) -> tuple[np.ndarray, np.ndarray]:
    """(state code, remaining minutes) of each mention, as `mention_status` gives them.

    Calendar classes use the engine's very float operations (equal to the bit). Business classes
    read a table of open windows (exact microseconds); where that lands within a millisecond of
    a threshold, the engine decides, so a float difference can never flip a state.
    """
    states, remaining = np.zeros(len(rows.ids), np.int64), np.zeros(len(rows.ids))
    if not len(rows.ids):
        return states, remaining
    end_us = np.where(rows.answered, rows.responded_us, epoch_us(now))
    table = None
    for name, mask in rows.class_masks():
        sla_class = policy.get(name)
        if sla_class.clock == "calendar":
            elapsed = np.maximum((end_us[mask] - rows.posted_us[mask]) / 1e6 / 60, 0.0)
        else:
            if table is None:
                table = BusinessWindows(hours, int(rows.posted_us.min()), int(end_us.max()))
            elapsed = np.maximum(table.until(end_us[mask]) - table.until(rows.posted_us[mask]), 0) / 60_000_000
        target, threshold = sla_class.target_minutes, sla_class.at_risk_fraction * sla_class.target_minutes
        answered = rows.answered[mask]
        code = np.where(
            answered,
            np.where(elapsed <= target, MET, BREACHED),
            np.where(elapsed > target, BREACHED, np.where(elapsed >= threshold, AT_RISK, ON_TRACK)),
        )
        left = target - elapsed
        if sla_class.clock != "calendar":
            near = (np.abs(elapsed - target) < 1e-3) | (np.abs(elapsed - threshold) < 1e-3)
            if table.whole_minutes:  # there the engine's sum is exact too: equal to ours, nothing to decide
                near &= ~(table.aligned(rows.posted_us[mask]) & table.aligned(end_us[mask]))
            where = np.flatnonzero(mask)
            for i in np.flatnonzero(near).tolist():
                status = _engine_status(rows, int(where[i]), policy, now, hours)
                code[i], left[i] = STATES.index(status.state), status.remaining_minutes
        states[mask], remaining[mask] = code, left
    return states, remaining


def _engine_status(rows: PeriodRows, i: int, policy: SlaPolicy, now: datetime, hours: BusinessHours) -> Any:
    return mention_status(timing_at(rows, i), policy, now, hours)


def _values(rows: PeriodRows, clock: BusinessHours | None) -> np.ndarray:
    """`response_minutes` of each mention on the page's clock; NaN while unanswered."""
    if clock is None:
        seconds = (rows.responded_us - rows.posted_us) / 1e6  # exactly timedelta.total_seconds()
        return np.where(rows.answered, np.where(seconds > 0, seconds / 60, 0.0), np.nan)
    return np.array(
        [response_minutes(timing_at(rows, i), clock) if rows.answered[i] else np.nan for i in range(len(rows.ids))],
        dtype=float,
    )


def _heatmap(rows: PeriodRows, values: np.ndarray, hours: BusinessHours) -> list[dict[str, Any]]:
    cells = local_cells(rows.posted_us, hours)
    counts = np.bincount(cells, minlength=7 * 24).tolist()
    order = np.argsort(cells, kind="stable")
    bounds = np.searchsorted(cells[order], np.arange(7 * 24 + 1)).tolist()
    out = []
    for cell in (c for c in range(7 * 24) if counts[c]):
        mine = values[order[bounds[cell] : bounds[cell + 1]]]
        mine = mine[~np.isnan(mine)].tolist()
        day, hour = divmod(cell, 24)
        out.append(
            {
                "weekday": WEEKDAYS[day],
                "day": day,
                "hour": hour,
                "mentions": counts[cell],
                "median_minutes": None if not mine else round(median(mine) or 0.0, 2),
            }
        )
    return out


def _still_open(db: Database, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The at-risk list is work to do: a mention dismissed from the inbox is not listed, though it
    still counts as unanswered in the figures."""
    if not rows:
        return rows
    with db.reading() as session:
        open_ids = set(
            session.scalars(
                select(Mention.id).where(
                    Mention.id.in_([r["mention_id"] for r in rows]),
                    Mention.state.in_(OPEN_MENTION_STATES),
                )
            )
        )
    return [r for r in rows if r["mention_id"] in open_ids]


def week_label(iso_week: str) -> str:
    """'2026-W45' → 'week of 2 Nov' (the Monday), as a chart axis says it."""
    try:
        year, week = iso_week.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return iso_week
    return f"week of {monday.day} {monday:%b}"


@requires(Action.VIEW_REPORTS)
def response_times_dashboard(
    db: Database,
    actor: Actor,
    executive_id: int,
    *,
    days: int | None = 30,
    business: bool = False,
    policy: SlaPolicy = DEFAULT_POLICY,
    now: datetime | None = None,
) -> Dashboard:
    """The period is the last `days` days up to `now` (None: the whole history, nothing to compare)."""
    now = now or utcnow()
    with db.reading() as session:
        executive = in_workspace(session, actor, Executive, executive_id)
        hours = business_hours_of(executive)
    clock = hours if business else None
    since = now - timedelta(days=days) if days else None
    until = now if days else None
    current = report_for_executive(db, executive_id, clock, since, until)
    rows = period_rows(db, executive_id, since, until)
    # Each mention's SLA status once: the attainment and the at-risk list read it.
    states, remaining = _statuses(rows, policy, now, hours)
    sla = _attainment(policy, rows, states)
    previous = previous_sla = None
    if since is not None and days:
        before = since - timedelta(days=days)
        previous = report_for_executive(db, executive_id, clock, before, since)
        previous_sla = _period_attainment(db, executive_id, policy, before, since, hours)
    values = _values(rows, clock)
    weekly = [{"week": week, "label": week_label(week), **figures} for week, figures in current["by_week"].items()]
    return Dashboard(
        executive_id=executive_id,
        clock=current["clock"],
        since=since,
        until=until or now,
        current=current,
        previous=previous,
        sla=sla,
        previous_sla=previous_sla,
        histogram=_histogram(values[rows.answered]),
        weekly=weekly,
        heatmap=_heatmap(rows, values, hours),
        at_risk=_still_open(db, _at_risk_rows(db, _risky(rows, states, remaining, policy, now, hours))),
        profile_note=suggest_profile_note(current, minutes_per_business_day=hours.minutes_per_day),
        timezone=hours.timezone,
        _export=lambda: _csv(db, executive_id, since, until, policy, now, hours, clock),
    )
