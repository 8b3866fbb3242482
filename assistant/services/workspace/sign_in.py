"""Signing in: local passwords with a lockout, OIDC e-mails, invitations, password changes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.errors import InvalidInput, PermissionDenied
from assistant.i18n import _, n_
from assistant.passwords import hash_password, needs_rehash, verify_password
from assistant.services.audit.log import record_action, record_event
from assistant.services.context import Actor
from assistant.services.workspace.members import _actor, normalise_email
from assistant.services.workspace.sessions import revoke_member_sessions
from assistant.storage.db import Database
from assistant.storage.models import Member

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SYSTEM_LABEL = "system"


def sign_in(db: Database, email: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check a local password; repeated failures lock the account for a while."""
    now = now or utcnow()
    failure = PermissionDenied(_("wrong e-mail or password"))
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
            raise PermissionDenied(
                n_(
                    "too many failed sign-ins: try again in {count} minute or ask an admin",
                    "too many failed sign-ins: try again in {count} minutes or ask an admin",
                    minutes,
                )
            )
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
                    action=AuditAction.MEMBER_LOCKED_OUT,
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
    """Any member may change their own password, knowing the current one.

    Their other sessions end (a stolen cookie stops working); the one they changed it from stays."""
    with db.writing() as session:
        member = session.get(Member, actor.member_id)
        if member is None or not verify_password(member.password_hash, current):
            raise PermissionDenied(_("the current password is wrong"))
        member.password_hash = hash_password(new)
        revoke_member_sessions(session, member.id, keep=actor.session_id)
        record_action(
            session,
            actor,
            action=AuditAction.MEMBER_PASSWORD_CHANGED,
            entity_type="member",
            entity_id=member.id,
        )
    return True


def accept_invitation(db: Database, email: str, code: str, password: str, *, now: datetime | None = None) -> Actor:
    """The invited member chooses a password; the code works once and until it expires."""
    now = now or utcnow()
    refused = PermissionDenied(_("this invitation code is wrong or expired; ask an admin for a new one"))
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
            action=AuditAction.MEMBER_INVITATION_ACCEPTED,
            entity_type="member",
            entity_id=member.id,
        )
        return _actor(member)
