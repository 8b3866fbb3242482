"""The content calendar: scheduled, due and published posts per day, in each executive's time zone.

Where a post falls is decided by the pure `assistant.domain.calendar`; this reads the rows for the
days shown. Rescheduling goes through `schedule.schedule_post` (the one place a time is set).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select

from assistant import formatting
from assistant.clock import utcnow
from assistant.domain.calendar import KIND_WORDS, Kind, Placed, View, days_of, group_by_day, kind_of, utc_window
from assistant.domain.roles import Action, allowed
from assistant.errors import InvalidInput
from assistant.i18n import _
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import Executive, Post


@dataclass(frozen=True)
class CalendarEntry:
    post_id: int
    executive_id: int
    executive: str
    platform: str
    state: str
    kind: Kind
    title: str
    moment: datetime  # UTC: published_at for published posts, else scheduled_at
    timezone: str  # the executive's
    when: str  # 'Tue 24 Nov 07:00 EST', in the executive's zone
    clock: str  # '07:00 EST'
    scheduled_at: datetime | None
    local_schedule: datetime | None  # the schedule as the executive's wall-clock time (naive), for the inputs

    @property
    def kind_words(self) -> str:
        return KIND_WORDS[self.kind]

    @property
    def reschedulable(self) -> bool:
        return self.state in ("approved", "scheduled", "draft", "in_review", "changes_requested")


@dataclass(frozen=True)
class CalendarView:
    view: View
    anchor: date
    days: list[date]
    by_day: dict[date, list[CalendarEntry]]
    executives: dict[int, str]  # id -> name, for the filter
    zones: dict[int, str]  # executive id -> time zone
    can_reschedule: bool

    @property
    def entries(self) -> list[CalendarEntry]:
        return [e for day in self.days for e in self.by_day[day]]


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # SQLite hands back naive UTC
    return value


@requires(Action.VIEW_POSTS)
def content_calendar(
    db: Database,
    actor: Actor,
    view: str = View.WEEK,
    anchor: date | None = None,
    *,
    executive_id: int | None = None,
    platform: str | None = None,
    now: datetime | None = None,
) -> CalendarView:
    """The week (Monday to Sunday) or month around `anchor`, optionally for one executive or platform."""
    try:
        view = View(view)
    except ValueError:
        raise InvalidInput(_("unknown calendar view '{view}'; use week or month", view=view)) from None
    now = now or utcnow()
    anchor = anchor or now.date()
    days = days_of(view, anchor)
    start, end = utc_window(days)
    with db.reading() as session:
        executives = session.scalars(select(Executive).where(Executive.workspace_id == actor.workspace_id)).all()
        names = {e.id: e.name for e in executives}
        zones = {e.id: e.timezone or "UTC" for e in executives}
        query = select(Post).where(
            Post.workspace_id == actor.workspace_id,
            or_(
                and_(Post.published_at.is_not(None), Post.published_at >= start, Post.published_at < end),
                and_(Post.scheduled_at.is_not(None), Post.scheduled_at >= start, Post.scheduled_at < end),
            ),
        )
        if executive_id is not None:
            query = query.where(Post.executive_id == executive_id)
        if platform:
            query = query.where(Post.platform == platform)
        placed = []
        for post in session.scalars(query.order_by(Post.id)):
            kind = kind_of(post.state, _aware(post.scheduled_at), now)
            moment = _aware(post.published_at if kind == Kind.PUBLISHED else post.scheduled_at)
            if kind is None or moment is None:
                continue
            tz = zones.get(post.executive_id, "UTC")
            scheduled = _aware(post.scheduled_at)
            entry = CalendarEntry(
                post.id,
                post.executive_id,
                names.get(post.executive_id, "?"),
                post.platform,
                post.state,
                kind,
                post.title,
                moment,
                tz,
                formatting.when(moment, tz),
                formatting.when(moment, tz).split(" ", 3)[-1],
                scheduled,
                scheduled.astimezone(ZoneInfo(tz)).replace(tzinfo=None) if scheduled else None,
            )
            placed.append(Placed(entry, moment, tz))
    grouped = group_by_day(placed, days)
    return CalendarView(
        view,
        anchor,
        days,
        {day: [p.key for p in items] for day, items in grouped.items()},
        names,
        zones,
        allowed(actor.roles, Action.SCHEDULE_POST),
    )
