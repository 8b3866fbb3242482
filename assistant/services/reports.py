"""Response-time reports for an executive, on the calendar or the business clock.

The calendar report is aggregated close to the data: the database computes each
mention's response time in exact microseconds and the UTC day, and only those four
small columns travel to Python, where numpy groups and sorts them. The figures are the
same as the pure engine's `build_report` to the last bit (a test checks it). The business
clock needs each time-stamp in the executive's zone, so it goes through the pure engine.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, literal_column, select

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


def _sql_columns(dialect: str) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """(UTC day 'YYYY-MM-DD', response time in whole microseconds or NULL) for this database."""
    if dialect == "sqlite":
        # SQLAlchemy stores 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC): seconds by strftime, micros by substr.
        micros = ("(CAST(strftime('%s', responded_at) AS INTEGER) - CAST(strftime('%s', posted_at) AS INTEGER))"
                  " * 1000000 + CAST(substr(responded_at, 21, 6) AS INTEGER)"
                  " - CAST(substr(posted_at, 21, 6) AS INTEGER)")
        return literal_column("substr(posted_at, 1, 10)"), literal_column(micros)
    day = "to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    return literal_column(day), literal_column("CAST(EXTRACT(EPOCH FROM responded_at - posted_at) * 1000000 AS BIGINT)")


def calendar_report(db: Database, executive_id: int, since: datetime | None = None,
                    until: datetime | None = None) -> dict[str, Any]:
    """`build_report(timings)` on the calendar clock, computed from four columns per mention."""
    with db.reading() as session:
        day, micros = _sql_columns(session.get_bind().dialect.name)
        query = select(day, Mention.responder_kind, Mention.sla_class, micros).where(
            Mention.executive_id == executive_id)
        rows = session.execute(_period(query, since, until)).all()
    if not rows:
        days_col: tuple = ()
        responders: tuple = ()
        classes: tuple = ()
        raw: tuple = ()
    else:
        days_col, responders, classes, raw = zip(*rows, strict=True)
    # Exactly timedelta.total_seconds() / 60, then clamped at 0 like the engine.
    minutes = np.array(raw, dtype=np.float64) / 1e6 / 60 if raw else np.zeros(0)
    answered = ~np.isnan(minutes)
    minutes[answered] = np.maximum(minutes[answered], 0.0)
    report = _figures(len(minutes), np.sort(minutes[answered]))
    report["clock"] = "calendar"

    responder_names = [r or "outside" for r in responders]
    by_responder = _grouped(responder_names, minutes, answered, answered_only=True)
    total_answered = report["answered"]
    report["by_responder"] = {
        name: {k: by_responder[name][k] for k in ("answered", "median_minutes", "p90_minutes")}
        | {"share": _fraction(by_responder[name]["answered"], total_answered)}
        for name in RESPONDERS if name in by_responder}
    report["by_sla_class"] = _grouped(classes, minutes, answered)
    weeks = {d: _iso_week(d) for d in set(days_col)}
    report["by_week"] = _grouped([weeks[d] for d in days_col], minutes, answered)
    return report


def _iso_week(day: str) -> str:
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def _grouped(keys: Any, minutes: np.ndarray, answered: np.ndarray, answered_only: bool = False) -> dict[str, Any]:
    """Figures per key, keys sorted; one numpy sort for all groups."""
    names = sorted(set(keys[i] for i in np.flatnonzero(answered)) if answered_only else set(keys))
    if not names:
        return {}
    code_of = {name: i for i, name in enumerate(names)}
    codes = np.fromiter((code_of.get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
    counts = np.bincount(codes[codes >= 0], minlength=len(names))
    answered_codes = codes[answered]
    values = minutes[answered]
    order = np.lexsort((values, answered_codes))
    sorted_codes, sorted_values = answered_codes[order], values[order]
    bounds = np.searchsorted(sorted_codes, np.arange(len(names) + 1))
    return {name: _figures(int(counts[i]), sorted_values[bounds[i]:bounds[i + 1]]) for i, name in enumerate(names)}


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
