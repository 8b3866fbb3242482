"""Response-time reports for an executive, on the calendar or the business clock."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from assistant.domain.roles import Action
from assistant.response_times.business_hours import BusinessHours, parse_days, parse_hours
from assistant.response_times.report import MentionTiming, build_report
from assistant.services.context import Actor, requires
from assistant.services.workspace import executive_in_workspace
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention


def business_hours_of(executive: Executive) -> BusinessHours:
    start, end = parse_hours(executive.business_hours)
    return BusinessHours(timezone=executive.timezone, days=parse_days(executive.business_days), start=start,
                         end=end, holidays=frozenset(date.fromisoformat(d) for d in executive.holidays or ()))


def load_timings(db: Database, executive_id: int, since: datetime | None = None,
                 until: datetime | None = None) -> list[MentionTiming]:
    with db.reading() as session:
        query = select(Mention.id, Mention.posted_at, Mention.responded_at, Mention.responder_kind,
                       Mention.sla_class).where(Mention.executive_id == executive_id)
        if since is not None:
            query = query.where(Mention.posted_at >= since)
        if until is not None:
            query = query.where(Mention.posted_at < until)
        return [MentionTiming(str(i), posted, responded, responder, sla)
                for i, posted, responded, responder, sla in session.execute(query)]


@requires(Action.VIEW_REPORTS)
def response_time_report(db: Database, actor: Actor, executive_id: int, *, business: bool = False,
                         since: datetime | None = None, until: datetime | None = None) -> dict[str, Any]:
    with db.reading() as session:
        executive = executive_in_workspace(session, actor, executive_id)
        hours = business_hours_of(executive) if business else None
    return build_report(load_timings(db, executive_id, since, until), hours)
