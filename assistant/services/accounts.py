"""Which executive an X account (handle or numeric id) belongs to; used by imports, sync and reports."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.errors import InvalidInput, NotFound
from assistant.storage.models import Executive, Workspace


def normalise_account(account: str) -> str:
    handle = account.strip().lstrip("@")
    if not handle:
        raise InvalidInput("the account is empty; pass a handle such as --account AcmeCEO or a numeric user id")
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
            f"no executive has the X account {account!r}; import mentions for it first "
            "or set x_handle / x_user_id in the executive's profile"
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
