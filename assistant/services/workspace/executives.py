"""Executive profiles, and which executive an X account (handle or numeric id) belongs to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.errors import InvalidInput, NotFound
from assistant.i18n import _
from assistant.response_times.business_hours import parse_days, parse_hours
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, in_workspace, requires
from assistant.storage.db import Database
from assistant.storage.models import Executive, Workspace


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
        raise InvalidInput(_("unknown profile field(s): {names}", names=", ".join(sorted(unknown))))
    _check_profile(changes)
    with db.writing() as session:
        executive = in_workspace(session, actor, Executive, executive_id)
        before = {k: getattr(executive, k) for k in changes}
        for key, value in changes.items():
            setattr(executive, key, value)
        record_action(
            session,
            actor,
            action=AuditAction.EXECUTIVE_PROFILE_CHANGED,
            entity_type="executive",
            entity_id=executive.id,
            before=before,
            after=dict(changes),
        )
        return _view(executive)


def _check_profile(changes: dict) -> None:
    """Refuse what would break the response-time clock, naming the field and the expected form."""

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
            raise InvalidInput(_("holiday '{day}' is not a date; use YYYY-MM-DD", day=day)) from None


def _check_timezone(name: str) -> None:

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(_("unknown time zone '{zone}'; use an IANA name such as Europe/Paris", zone=name)) from None


def normalise_account(account: str) -> str:
    handle = account.strip().lstrip("@")
    if not handle:
        raise InvalidInput(_("the account is empty; pass a handle such as --account AcmeCEO or a numeric user id"))
    return handle


def find_executive(session: Session, account: str) -> Executive | None:
    """The executive whose x_handle (any case) or x_user_id is `account`."""
    handle = normalise_account(account)
    condition = func.lower(Executive.x_handle) == handle.lower()
    if handle.isdigit():
        condition = or_(condition, Executive.x_user_id == handle)
    return session.scalars(select(Executive).where(condition).order_by(Executive.id).limit(1)).first()


def executive_for_account(session: Session, account: str, *, create: bool = False) -> tuple[Executive, bool]:
    """(executive, created). With `create`, an unknown account gets an executive in the first workspace
    (a new workspace on a blank database), so a fresh database can import and report at once."""
    found = find_executive(session, account)
    if found is not None:
        return found, False
    if not create:
        raise NotFound(
            _(
                "no executive has the X account '{account}'; import mentions for it first "
                "or set x_handle / x_user_id in the executive's profile",
                account=account,
            )
        )
    handle = normalise_account(account)
    workspace = session.scalars(select(Workspace).order_by(Workspace.id).limit(1)).first()
    if workspace is None:
        workspace = Workspace(name="Imported mentions", settings={}, created_at=utcnow())
        session.add(workspace)
        session.flush()
    executive = Executive(
        workspace_id=workspace.id,
        name=f"@{handle}" if not handle.isdigit() else handle,
        x_handle=None if handle.isdigit() else handle,
        x_user_id=handle if handle.isdigit() else None,
        timezone="UTC",
        business_days="mon-fri",
        business_hours="09:00-17:00",
        holidays=[],
        voice_profile={},
    )
    session.add(executive)
    session.flush()
    return executive, True
