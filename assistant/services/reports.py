"""Response-time reports for an executive, on the calendar or the business clock.

The calendar report is aggregated close to the data: the database computes each
mention's response time in exact microseconds and groups the mentions by UTC day,
responder and SLA class, listing each group's response times in one string; numpy parses
and sorts them, so Python never handles a row per mention. The figures are the
same as the pure engine's `build_report` to the last bit (a test checks it). The business
clock needs each time-stamp in the executive's zone, so it goes through the pure engine.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import func, literal_column, select

from assistant.domain.roles import Action
from assistant.response_times import BusinessHours, MentionTiming, build_report, percentile_of_sorted
from assistant.response_times.business_hours import parse_days, parse_hours
from assistant.response_times.report import RESPONDERS
from assistant.services.accounts import executive_for_account
from assistant.services.context import Actor, requires
from assistant.services.workspace import executive_in_workspace
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention

SUMMARY_KEYS = ("mentions", "answered", "unanswered", "response_rate", "median_minutes", "p90_minutes", "clock")


def business_hours_of(executive: Executive, *, timezone: str | None = None, hours: str | None = None,
                      days: str | None = None) -> BusinessHours:
    """The executive's business hours, each part overridable (the CLI's --timezone/--hours/--days)."""
    start, end = parse_hours(hours or executive.business_hours)
    return BusinessHours(timezone=timezone or executive.timezone, days=parse_days(days or executive.business_days),
                         start=start, end=end,
                         holidays=frozenset(date.fromisoformat(d) for d in executive.holidays or ()))


def _period(query: Any, since: datetime | None, until: datetime | None) -> Any:
    if since is not None:
        query = query.where(Mention.posted_at >= since)
    if until is not None:
        query = query.where(Mention.posted_at < until)
    return query


def load_timings(db: Database, executive_id: int, since: datetime | None = None,
                 until: datetime | None = None) -> list[MentionTiming]:
    with db.reading() as session:
        query = select(Mention.id, Mention.posted_at, Mention.responded_at, Mention.responder_kind,
                       Mention.sla_class).where(Mention.executive_id == executive_id)
        return [MentionTiming(str(i), posted, responded, responder, sla)
                for i, posted, responded, responder, sla in session.execute(_period(query, since, until))]


def _micros_sql(dialect: str) -> str:
    """The response time in whole microseconds (NULL when unanswered), exact on both databases."""
    if dialect == "sqlite":
        # SQLAlchemy stores 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC): seconds by strftime, micros by substr.
        return ("(CAST(strftime('%s', responded_at) AS INTEGER) - CAST(strftime('%s', posted_at) AS INTEGER))"
                " * 1000000 + CAST(substr(responded_at, 21, 6) AS INTEGER) - CAST(substr(posted_at, 21, 6) AS INTEGER)")
    return "CAST(EXTRACT(EPOCH FROM responded_at - posted_at) * 1000000 AS BIGINT)"


def _grouped_rows(db: Database, executive_id: int, since: datetime | None,
                  until: datetime | None) -> list[tuple[str, str, str, int, str | None]]:
    """(UTC day, responder, class, mentions, 'micros,micros,...') per group: a few thousand rows for a
    million mentions, so the database does the scanning and Python never touches a row per mention."""
    with db.reading() as session:
        dialect = session.get_bind().dialect.name
        day = ("substr(posted_at, 1, 10)" if dialect == "sqlite"
               else "to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')")
        concat = "group_concat(micros)" if dialect == "sqlite" else "string_agg(CAST(micros AS TEXT), ',')"
        inner = select(literal_column(day).label("day"),
                       func.coalesce(Mention.responder_kind, "outside").label("responder"),
                       Mention.sla_class.label("sla_class"), literal_column(_micros_sql(dialect)).label("micros")
                       ).where(Mention.executive_id == executive_id)
        sub = _period(inner, since, until).subquery()
        query = select(sub.c.day, sub.c.responder, sub.c.sla_class, func.count(), literal_column(concat)
                       ).select_from(sub).group_by(sub.c.day, sub.c.responder, sub.c.sla_class)
        return [tuple(row) for row in session.connection().execute(query)]


def calendar_report(db: Database, executive_id: int, since: datetime | None = None,
                    until: datetime | None = None) -> dict[str, Any]:
    """`build_report(timings)` on the calendar clock, from per-group response times the database lists."""
    groups = _grouped_rows(db, executive_id, since, until)
    # Per mention: group index (answered ones carry their micros); unanswered only count.
    values, owners = [], []
    for index, (_, _, _, _, listed) in enumerate(groups):
        if listed:
            micros = np.fromstring(listed, dtype=np.int64, sep=",")
            values.append(micros)
            owners.append(np.full(len(micros), index, dtype=np.int64))
    # Exactly timedelta.total_seconds() / 60, clamped at 0 like the engine.
    minutes = np.maximum(np.concatenate(values) / 1e6 / 60, 0.0) if values else np.zeros(0)
    owner = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64)
    report = _figures(sum(g[3] for g in groups), np.sort(minutes))
    report["clock"] = "calendar"

    by_responder = _grouped([g[1] for g in groups], owner, minutes, [0] * len(groups))
    total_answered = report["answered"]
    report["by_responder"] = {
        name: {k: by_responder[name][k] for k in ("answered", "median_minutes", "p90_minutes")}
        | {"share": _fraction(by_responder[name]["answered"], total_answered)}
        for name in RESPONDERS if by_responder.get(name, {}).get("answered")}
    counts = [g[3] for g in groups]
    report["by_sla_class"] = _grouped([g[2] for g in groups], owner, minutes, counts)
    report["by_week"] = _grouped([_iso_week(g[0]) for g in groups], owner, minutes, counts)
    return report


def _iso_week(day: str) -> str:
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def _grouped(group_keys: list[str], owner: np.ndarray, minutes: np.ndarray, counts: list[int]) -> dict[str, Any]:
    """Figures per key (sorted): each database group maps to a key; one numpy sort for all keys."""
    names = sorted(set(group_keys))
    if not names:
        return {}
    code_of = {name: i for i, name in enumerate(names)}
    group_code = np.array([code_of[k] for k in group_keys], dtype=np.int64)
    mentions = np.bincount(group_code, weights=counts, minlength=len(names)).astype(np.int64)
    codes = group_code[owner] if len(owner) else owner
    order = np.lexsort((minutes, codes))
    sorted_codes, sorted_values = codes[order], minutes[order]
    bounds = np.searchsorted(sorted_codes, np.arange(len(names) + 1))
    figures = {}
    for i, name in enumerate(names):
        answered = sorted_values[bounds[i]:bounds[i + 1]]
        figures[name] = _figures(max(int(mentions[i]), len(answered)), answered)
    return figures


def _fraction(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _figures(count: int, ordered: np.ndarray) -> dict[str, Any]:
    # The engine's rounding: minutes to 2 decimals, fractions to 4, None when empty.
    answered = len(ordered)
    return {"mentions": count, "answered": answered, "unanswered": count - answered,
            "response_rate": _fraction(answered, count),
            "median_minutes": _rounded(percentile_of_sorted(ordered, 50)),
            "p90_minutes": _rounded(percentile_of_sorted(ordered, 90))}


def report_for_executive(db: Database, executive_id: int, hours: BusinessHours | None = None,
                         since: datetime | None = None, until: datetime | None = None) -> dict[str, Any]:
    """The full report (summary, by responder, SLA class, week) on the clock `hours` implies."""
    if hours is None:
        return calendar_report(db, executive_id, since, until)
    return build_report(load_timings(db, executive_id, since, until), hours)


@requires(Action.VIEW_REPORTS)
def response_time_report(db: Database, actor: Actor, executive_id: int, *, business: bool = False,
                         since: datetime | None = None, until: datetime | None = None) -> dict[str, Any]:
    with db.reading() as session:
        executive = executive_in_workspace(session, actor, executive_id)
        hours = business_hours_of(executive) if business else None
    return report_for_executive(db, executive_id, hours, since, until)


def account_report(db: Database, account: str, *, business: bool = False, timezone: str | None = None,
                   hours: str | None = None, days: str | None = None) -> tuple[int, dict[str, Any]]:
    """(executive id, report) for the command line, which runs as the system on the whole history."""
    with db.reading() as session:
        executive, _ = executive_for_account(session, account)
        clock = business_hours_of(executive, timezone=timezone, hours=hours, days=days) if business else None
        executive_id = executive.id
    return executive_id, report_for_executive(db, executive_id, clock)
