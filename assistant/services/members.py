"""Members, roles and sign-in."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.roles import Action, Role
from assistant.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from assistant.passwords import hash_password, needs_rehash, verify_password
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import Member, MemberRole

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


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
    return Actor(m.id, m.workspace_id, m.email, m.display_name, frozenset(Role(r.role) for r in m.role_rows))


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
        failed_logins=0,
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
        action="member.added",
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


def _member_in_workspace(session: Session, actor: Actor, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.workspace_id != actor.workspace_id:
        raise NotFound(f"no member {member_id} in this workspace")
    return member


@requires(Action.MANAGE_MEMBERS)
def set_roles(db: Database, actor: Actor, member_id: int, roles: frozenset[Role]) -> MemberView:
    if not roles:
        raise InvalidInput("a member needs at least one role; deactivate the member instead")
    with db.writing() as session:
        member = _member_in_workspace(session, actor, member_id)
        before = sorted(r.role for r in member.role_rows)
        if (
            Role.ADMIN.value in before
            and Role.ADMIN not in roles
            and not _admins_left(session, actor.workspace_id, member.id)
        ):
            raise PermissionDenied("this is the last admin: make someone else admin first")
        member.role_rows = [MemberRole(role=r.value) for r in sorted(roles)]
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="member.roles_changed",
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
        member = _member_in_workspace(session, actor, member_id)
        if any(r.role == Role.ADMIN.value for r in member.role_rows) and not _admins_left(
            session, actor.workspace_id, member.id
        ):
            raise PermissionDenied("this is the last admin: make someone else admin first")
        member.active = False
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="member.deactivated",
            entity_type="member",
            entity_id=member.id,
            before={"active": True},
            after={"active": False},
        )
        return _view(member)


def sign_in(db: Database, email: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check a local password; repeated failures lock the account for a while."""
    now = now or utcnow()
    failure = PermissionDenied("wrong e-mail or password")
    try:
        email = normalise_email(email)
    except InvalidInput:
        raise failure from None
    with db.writing() as session:
        member = session.scalars(select(Member).where(Member.email == email)).first()
        if member is None or not member.active:
            verify_password(None, password)
            raise failure
        if member.locked_until and member.locked_until > now:
            minutes = max(1, int((member.locked_until - now).total_seconds() // 60))
            raise PermissionDenied(f"too many failed sign-ins: try again in {minutes} minute(s) or ask an admin")
        if not verify_password(member.password_hash, password):
            member.failed_logins += 1
            if member.failed_logins >= MAX_FAILED_LOGINS:
                member.locked_until = now + LOCKOUT
                member.failed_logins = 0
                record_event(
                    session,
                    actor_id=None,
                    actor_label=SYSTEM_LABEL,
                    workspace_id=member.workspace_id,
                    action="member.locked_out",
                    entity_type="member",
                    entity_id=member.id,
                )
            failed = failure
        else:
            failed = None
            member.failed_logins = 0
            member.locked_until = None
            if needs_rehash(member.password_hash or ""):
                member.password_hash = hash_password(password)
            actor = _actor(member)
    if failed is not None:
        raise failed
    return actor


SYSTEM_LABEL = "system"


def actor_for_email(db: Database, email: str) -> Actor | None:
    """The member an OIDC sign-in maps to, or None for an unknown or inactive e-mail."""
    try:
        email = normalise_email(email)
    except InvalidInput:
        return None
    with db.reading() as session:
        member = session.scalars(select(Member).where(Member.email == email, Member.active)).first()
        return _actor(member) if member else None


def actor_by_id(db: Database, member_id: int) -> Actor | None:
    with db.reading() as session:
        member = session.get(Member, member_id)
        return _actor(member) if member is not None and member.active else None


def change_password(db: Database, actor: Actor, current: str, new: str) -> bool:
    """Any member may change their own password, knowing the current one."""
    with db.writing() as session:
        member = session.get(Member, actor.member_id)
        if member is None or not verify_password(member.password_hash, current):
            raise PermissionDenied("the current password is wrong")
        member.password_hash = hash_password(new)
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="member.password_changed",
            entity_type="member",
            entity_id=member.id,
        )
    return True


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
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="member.invited",
            entity_type="member",
            entity_id=member.id,
            after={"expires_at": member.invite_expires_at},
        )
        return _view(member), code


def accept_invitation(db: Database, email: str, code: str, password: str, *, now: datetime | None = None) -> Actor:
    """The invited member chooses a password; the code works once and until it expires."""
    now = now or utcnow()
    refused = PermissionDenied("this invitation code is wrong or expired; ask an admin for a new one")
    try:
        email = normalise_email(email)
    except InvalidInput:
        raise refused from None
    with db.writing() as session:
        member = session.scalars(select(Member).where(Member.email == email, Member.active)).first()
        if member is None or not member.invite_hash or not verify_password(member.invite_hash, code.strip()):
            raise refused
        if member.invite_expires_at is None or member.invite_expires_at <= now:
            raise refused
        member.password_hash = hash_password(password)
        member.invite_hash, member.invite_expires_at = None, None
        record_event(
            session,
            actor_id=member.id,
            actor_label=f"{member.display_name} <{member.email}>",
            workspace_id=member.workspace_id,
            action="member.invitation_accepted",
            entity_type="member",
            entity_id=member.id,
        )
        return _actor(member)
