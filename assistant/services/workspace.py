"""Workspaces and executive profiles."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain.roles import Action
from assistant.errors import InvalidInput, NotFound
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import Executive


@dataclass(frozen=True)
class ExecutiveView:
    id: int
    name: str
    x_handle: str | None
    x_user_id: str | None
    timezone: str
    business_days: str
    business_hours: str
    holidays: tuple[str, ...]
    voice_profile: dict = field(default_factory=dict)


def _view(e: Executive) -> ExecutiveView:
    return ExecutiveView(
        e.id,
        e.name,
        e.x_handle,
        e.x_user_id,
        e.timezone,
        e.business_days,
        e.business_hours,
        tuple(e.holidays or ()),
        dict(e.voice_profile or {}),
    )


def executive_in_workspace(session: Session, actor: Actor, executive_id: int) -> Executive:
    executive = session.get(Executive, executive_id)
    if executive is None or executive.workspace_id != actor.workspace_id:
        raise NotFound(f"no executive {executive_id} in this workspace")
    return executive


@requires(Action.VIEW_POSTS)
def list_executives(db: Database, actor: Actor) -> list[ExecutiveView]:
    with db.reading() as session:
        rows = session.scalars(
            select(Executive).where(Executive.workspace_id == actor.workspace_id).order_by(Executive.name)
        )
        return [_view(e) for e in rows]


PROFILE_FIELDS = ("name", "x_handle", "x_user_id", "timezone", "business_days", "business_hours", "holidays")


@requires(Action.MANAGE_POLICIES)
def update_executive_profile(db: Database, actor: Actor, executive_id: int, **changes: object) -> ExecutiveView:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown profile field(s): {', '.join(sorted(unknown))}")
    _check_profile(changes)
    with db.writing() as session:
        executive = executive_in_workspace(session, actor, executive_id)
        before = {k: getattr(executive, k) for k in changes}
        for key, value in changes.items():
            setattr(executive, key, value)
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="executive.profile_changed",
            entity_type="executive",
            entity_id=executive.id,
            before=before,
            after=dict(changes),
        )
        return _view(executive)


def _check_profile(changes: dict) -> None:
    """Refuse what would break the response-time clock, naming the field and the expected form."""
    from datetime import date

    from assistant.response_times.business_hours import parse_days, parse_hours

    if "timezone" in changes:
        _check_timezone(str(changes["timezone"]))
    if "business_hours" in changes:
        parse_hours(str(changes["business_hours"]))
    if "business_days" in changes:
        parse_days(str(changes["business_days"]))
    for day in changes.get("holidays") or ():
        try:
            date.fromisoformat(str(day))
        except ValueError:
            raise InvalidInput(f"holiday {day!r} is not a date; use YYYY-MM-DD") from None


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {name!r}; use an IANA name such as Europe/Paris") from None
