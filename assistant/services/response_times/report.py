"""Response-time reports for an executive, on the calendar or the business clock.

The calendar report is aggregated in the database from the stored response times
(`report_sql.calendar_report`); the figures are the same as the pure engine's
`build_report` to the last bit (a test checks it). The business-clock report is vectorised
(`business.business_report`: a cumulative index of open time, two look-ups per mention);
its figures are the engine's (tests/integration/test_business_report.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from assistant.domain.roles import Action
from assistant.response_times import BusinessHours, MentionTiming
from assistant.response_times.business_hours import parse_days, parse_hours
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.response_times.business import business_report
from assistant.services.response_times.queries import calendar_report, in_period
from assistant.services.workspace.executives import executive_for_account
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention

SUMMARY_KEYS = ("mentions", "answered", "unanswered", "response_rate", "median_minutes", "p90_minutes", "clock")


def business_hours_of(
    executive: Executive, *, timezone: str | None = None, hours: str | None = None, days: str | None = None
) -> BusinessHours:
    """The executive's business hours, each part overridable (the CLI's --timezone/--hours/--days)."""
    start, end = parse_hours(hours or executive.business_hours)
    return BusinessHours(
        timezone=timezone or executive.timezone,
        days=parse_days(days or executive.business_days),
        start=start,
        end=end,
        holidays=frozenset(date.fromisoformat(d) for d in executive.holidays or ()),
    )


def load_timings(
    db: Database,
    executive_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    exclude_classes: tuple[str, ...] = (),
) -> list[MentionTiming]:
    with db.reading() as session:
        query = select(
            Mention.id, Mention.posted_at, Mention.responded_at, Mention.responder_kind, Mention.sla_class
        ).where(Mention.executive_id == executive_id)
        if exclude_classes:
            query = query.where(Mention.sla_class.not_in(exclude_classes))
        # Core, not ORM rows: a month of mentions is tens of thousands of rows.
        rows = session.connection().execute(in_period(query, since, until))
        return [
            MentionTiming(str(i), posted, responded, responder, sla) for i, posted, responded, responder, sla in rows
        ]


def report_for_executive(
    db: Database,
    executive_id: int,
    hours: BusinessHours | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, Any]:
    """The full report (summary, by responder, SLA class, week) on the clock `hours` implies."""
    if hours is None:
        return calendar_report(db, executive_id, since, until)
    return business_report(db, executive_id, hours, since, until)


@requires(Action.VIEW_REPORTS)
def response_time_report(
    db: Database,
    actor: Actor,
    executive_id: int,
    *,
    business: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, Any]:
    with db.reading() as session:
        executive = in_workspace(session, actor, Executive, executive_id)
        hours = business_hours_of(executive) if business else None
    return report_for_executive(db, executive_id, hours, since, until)


def account_report(
    db: Database,
    account: str,
    *,
    business: bool = False,
    timezone: str | None = None,
    hours: str | None = None,
    days: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """(executive id, report) for the command line, which runs as the system on the whole history."""
    with db.reading() as session:
        executive, _ = executive_for_account(session, account)
        clock = business_hours_of(executive, timezone=timezone, hours=hours, days=days) if business else None
        executive_id = executive.id
    return executive_id, report_for_executive(db, executive_id, clock)
