"""Members and their roles: added or invited by an admin, roles changed, deactivated; a member's own language."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action, Role
from assistant.errors import Conflict, InvalidInput, PermissionDenied
from assistant.i18n import LANGUAGES, _
from assistant.passwords import hash_password
from assistant.services.audit.log import record_action, record_event
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.workspace.sessions import revoke_member_sessions
from assistant.storage.db import Database
from assistant.storage.models import Member, MemberRole


@dataclass(frozen=True)
class MemberView:
    id: int
    email: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    has_password: bool


def member_names(session: Session, workspace_id: int) -> dict[int, str]:
    """Member id -> display name for one workspace (for lists that show who did what)."""
    return dict(
        session.execute(select(Member.id, Member.display_name).where(Member.workspace_id == workspace_id)).all()
    )


def _view(m: Member) -> MemberView:
    return MemberView(
        m.id, m.email, m.display_name, tuple(sorted(r.role for r in m.role_rows)), m.active, m.password_hash is not None
    )


def _actor(m: Member) -> Actor:
    return Actor(
        m.id, m.workspace_id, m.email, m.display_name, frozenset(Role(r.role) for r in m.role_rows), language=m.language
    )


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or email.startswith("@") or email.endswith("@") or len(email) > 320:
        raise InvalidInput(f"{email!r} is not an e-mail address; use the form name@example.com")
    return email


def create_member(
    session: Session,
    *,
    workspace_id: int,
    email: str,
    display_name: str,
    roles: frozenset[Role],
    password: str | None,
    by: str,
    by_id: int | None = None,
) -> Member:
    """Insert a member inside the caller's transaction (used by admins, the CLI and the demo seed)."""
    email = normalise_email(email)
    if not roles:
        raise InvalidInput("a member needs at least one role: executive, delegate, reviewer or admin")
    if session.scalar(select(Member.id).where(Member.email == email)) is not None:
        raise Conflict(f"a member with e-mail {email} already exists")
    member = Member(
        workspace_id=workspace_id,
        email=email,
        display_name=display_name.strip() or email,
        password_hash=hash_password(password) if password else None,
        active=True,
        created_at=utcnow(),
        role_rows=[MemberRole(role=r.value) for r in sorted(roles)],
    )
    session.add(member)
    session.flush()
    record_event(
        session,
        actor_id=by_id,
        actor_label=by,
        workspace_id=workspace_id,
        action=AuditAction.MEMBER_ADDED,
        entity_type="member",
        entity_id=member.id,
        after={"email": email, "display_name": member.display_name, "roles": sorted(roles)},
    )
    return member


@requires(Action.VIEW_MEMBERS)
def list_members(db: Database, actor: Actor) -> list[MemberView]:
    with db.reading() as session:
        rows = session.scalars(
            select(Member).where(Member.workspace_id == actor.workspace_id).order_by(Member.display_name)
        )
        return [_view(m) for m in rows]


@requires(Action.MANAGE_MEMBERS)
def add_member(
    db: Database, actor: Actor, email: str, display_name: str, roles: frozenset[Role], password: str | None = None
) -> MemberView:
    with db.writing() as session:
        member = create_member(
            session,
            workspace_id=actor.workspace_id,
            email=email,
            display_name=display_name,
            roles=roles,
            password=password,
            by=actor.label,
            by_id=actor.member_id,
        )
        return _view(member)


def _admins_left(session: Session, workspace_id: int, excluding: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Member)
            .join(MemberRole)
            .where(
                Member.workspace_id == workspace_id,
                Member.active,
                MemberRole.role == Role.ADMIN.value,
                Member.id != excluding,
            )
        )
        or 0
    )


@requires(Action.MANAGE_MEMBERS)
def set_roles(db: Database, actor: Actor, member_id: int, roles: frozenset[Role]) -> MemberView:
    if not roles:
        raise InvalidInput("a member needs at least one role; deactivate the member instead")
    with db.writing() as session:
        member = in_workspace(session, actor, Member, member_id)
        before = sorted(r.role for r in member.role_rows)
        if (
            Role.ADMIN.value in before
            and Role.ADMIN not in roles
            and not _admins_left(session, actor.workspace_id, member.id)
        ):
            raise PermissionDenied("this is the last admin: make someone else admin first")
        member.role_rows = [MemberRole(role=r.value) for r in sorted(roles)]
        record_action(
            session,
            actor,
            action=AuditAction.MEMBER_ROLES_CHANGED,
            entity_type="member",
            entity_id=member.id,
            before={"roles": before},
            after={"roles": sorted(roles)},
        )
        session.flush()
        return _view(member)


@requires(Action.MANAGE_MEMBERS)
def deactivate_member(db: Database, actor: Actor, member_id: int) -> MemberView:
    with db.writing() as session:
        member = in_workspace(session, actor, Member, member_id)
        if member.id == actor.member_id:  # nobody locks themselves out by a slip of the mouse
            raise PermissionDenied("you cannot deactivate yourself; ask another admin to do it")
        if not member.active:
            raise InvalidInput(f"{member.display_name} is already deactivated")
        if any(r.role == Role.ADMIN.value for r in member.role_rows) and not _admins_left(
            session, actor.workspace_id, member.id
        ):
            raise PermissionDenied("this is the last admin: make someone else admin first")
        member.active = False
        revoke_member_sessions(session, member.id)  # signed out everywhere at once
        record_action(
            session,
            actor,
            action=AuditAction.MEMBER_DEACTIVATED,
            entity_type="member",
            entity_id=member.id,
            before={"active": True},
            after={"active": False},
        )
        return _view(member)


INVITATION_TTL = timedelta(days=7)


@requires(Action.MANAGE_MEMBERS)
def invite_member(
    db: Database, actor: Actor, email: str, display_name: str, roles: frozenset[Role], *, now: datetime | None = None
) -> tuple[MemberView, str]:
    """A member who sets their own password with a one-time code; the code is shown once, stored hashed."""
    now = now or utcnow()
    code = secrets.token_urlsafe(12)
    with db.writing() as session:
        member = create_member(
            session,
            workspace_id=actor.workspace_id,
            email=email,
            display_name=display_name,
            roles=roles,
            password=None,
            by=actor.label,
            by_id=actor.member_id,
        )
        member.invite_hash = hash_password(code)
        member.invite_expires_at = now + INVITATION_TTL
        record_action(
            session,
            actor,
            action=AuditAction.MEMBER_INVITED,
            entity_type="member",
            entity_id=member.id,
            after={"expires_at": member.invite_expires_at},
        )
        return _view(member), code


def set_my_language(db: Database, actor: Actor, language: str | None) -> bool:
    """The member's own interface language ('en', 'fr'), or None to follow the browser's.

    Like a password change, anyone may set it for themselves and for nobody else: it acts on the actor's own
    row, so it needs no entry in the permission registry. Not audited: a display preference, no one's data."""
    if language is not None and language not in LANGUAGES:
        raise InvalidInput(
            _(
                "unknown language {code}; choose one of {languages}, or none to follow the browser",
                code=language,
                languages=", ".join(LANGUAGES),
            )
        )
    with db.writing() as session:
        member = session.get(Member, actor.member_id)
        if member is None or member.workspace_id != actor.workspace_id or not member.active:
            raise PermissionDenied(_("this account is no longer active; sign in again"))
        member.language = language
    return True
