"""Signing in: local passwords with a lockout, OIDC e-mails, invitations, password changes.

The lockout (issue 14, points 2 and 8) counts failures per e-mail address in `sign_in_failures`, whether or not a
member has that address, so an unknown address answers, costs and locks exactly like a known one. An attempt takes
its slot *before* its password is checked, with one conditional UPDATE (`failures < MAX_FAILED_LOGINS`): on
PostgreSQL the row lock makes parallel attempts queue on it and re-read the count, on SQLite writes are serialised
anyway. So however many guesses arrive at once, at most MAX_FAILED_LOGINS passwords are checked per window, and
the argon2 check itself runs outside any transaction (it no longer holds SQLite's write lock for half a second).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.errors import AssistantError, InvalidInput, PermissionDenied
from assistant.i18n import _, n_
from assistant.passwords import hash_password, needs_rehash, verify_password
from assistant.services.audit.log import record_action, record_event
from assistant.services.context import Actor
from assistant.services.workspace.members import _actor, normalise_email
from assistant.services.workspace.sessions import revoke_member_sessions
from assistant.storage.db import Database
from assistant.storage.models import Member, SignInFailure
from assistant.storage.types import UTCDateTime

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)  # both how long a lock lasts and the window in which failures add up
SYSTEM_LABEL = "system"


def _digest(email: str) -> str:
    return hashlib.sha256(email.encode("utf-8")).hexdigest()


def _locked_message(locked_until: datetime, now: datetime) -> PermissionDenied:
    minutes = max(1, int((locked_until - now).total_seconds() // 60))
    return PermissionDenied(
        n_(
            "too many failed sign-ins: try again in {count} minute or ask an admin",
            "too many failed sign-ins: try again in {count} minutes or ask an admin",
            minutes,
        )
    )


def _take_attempt(session: Session, digest: str, now: datetime) -> int | None:
    """Count one more attempt for this address, if it may have one: the number it got (1..MAX), or None when the
    address is locked or its MAX attempts of this window are taken (possibly still being checked elsewhere)."""
    row = {"email_digest": digest, "failures": 0, "window_started_at": now, "locked_until": None}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(SignInFailure).values(**row).on_conflict_do_nothing(index_elements=["email_digest"]))
    t = SignInFailure
    moment = literal(now, UTCDateTime())
    # An expired lock, or a window with no lock that is over: the count starts again.
    stale = or_(
        and_(t.locked_until.is_not(None), t.locked_until <= moment),
        and_(t.locked_until.is_(None), t.window_started_at <= literal(now - LOCKOUT, UTCDateTime())),
    )
    # The attempt that takes the last slot locks the address at once, so a crash between taking a slot and
    # checking the password cannot leave it counted and never locked; if that attempt is right, it unlocks.
    taken = session.execute(
        update(t)
        .where(t.email_digest == digest, or_(stale, and_(t.locked_until.is_(None), t.failures < MAX_FAILED_LOGINS)))
        .values(
            failures=case((stale, 1), else_=t.failures + 1),
            window_started_at=case((stale, moment), else_=t.window_started_at),
            locked_until=case(
                (and_(~stale, t.failures + 1 >= MAX_FAILED_LOGINS), literal(now + LOCKOUT, UTCDateTime())),
                else_=None,
            ),
        )
        .returning(t.failures)
    ).first()
    return None if taken is None else taken.failures


def _forget_old_failures(db: Database, now: datetime) -> None:
    """Housekeeping after a failure: rows whose window and lock are over mean nothing any more (and an attacker
    trying many addresses must not grow the table for ever). Best effort: a busy database skips it."""
    try:
        with db.writing() as session:
            session.execute(
                delete(SignInFailure).where(
                    SignInFailure.window_started_at < now - LOCKOUT - timedelta(days=1),
                    or_(SignInFailure.locked_until.is_(None), SignInFailure.locked_until < now),
                )
            )
    except (AssistantError, DBAPIError):
        pass


def sign_in(db: Database, email: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check a local password; MAX_FAILED_LOGINS failures within LOCKOUT lock the address for LOCKOUT.

    Known, unknown, deactivated and not-yet-invited addresses get the same answers in the same order, and each
    checked attempt runs one argon2 verify (against a stand-in hash when there is no member's)."""
    now = now or utcnow()
    failure = PermissionDenied(_("wrong e-mail or password"))
    try:
        email = normalise_email(email)
    except InvalidInput:
        verify_password(None, password)  # the same cost as any other refusal
        raise failure from None
    digest = _digest(email)
    with db.writing() as session:
        attempt = _take_attempt(session, digest, now)
        if attempt is None:
            found = session.execute(
                select(SignInFailure.locked_until).where(SignInFailure.email_digest == digest)
            ).first()
            if found is None:  # the row went (a sign-in, the housekeeping) between our two statements: once more
                attempt = _take_attempt(session, digest, now)
            if attempt is None:
                # Locked (the attempt taking the last slot locks at once, so a lock time is there).
                raise _locked_message((found and found.locked_until) or now + LOCKOUT, now)
        member = session.scalars(select(Member).where(Member.email == email, Member.active)).first()
        member_id, stored_hash = (member.id, member.password_hash) if member else (None, None)
    if not verify_password(stored_hash, password) or member_id is None:
        if attempt >= MAX_FAILED_LOGINS and member_id is not None:
            with db.writing() as session:
                member = session.get(Member, member_id)
                record_event(
                    session,
                    actor_id=None,
                    actor_label=SYSTEM_LABEL,
                    workspace_id=member.workspace_id,
                    action=AuditAction.MEMBER_LOCKED_OUT,
                    entity_type="member",
                    entity_id=member_id,
                )
        if attempt == 1:
            _forget_old_failures(db, now)
        raise failure
    with db.writing() as session:
        session.execute(delete(SignInFailure).where(SignInFailure.email_digest == digest))
        member = session.get(Member, member_id)
        if member is None or not member.active:  # deactivated while the password was being checked
            raise failure
        if needs_rehash(member.password_hash or ""):
            member.password_hash = hash_password(password)
        return _actor(member)


def actor_for_email(db: Database, email: str) -> Actor | None:
    """The active member with this e-mail, or None. A lookup for tests and tools: OIDC sign-ins go through
    `actor_for_oidc`, which also insists on a verified address."""
    try:
        email = normalise_email(email)
    except InvalidInput:
        return None
    with db.reading() as session:
        member = session.scalars(select(Member).where(Member.email == email, Member.active)).first()
        return _actor(member) if member else None


def _says_verified(value: object) -> bool:
    """`email_verified` is a JSON boolean by the OIDC spec; a few providers (AWS Cognito) send the string "true"."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def actor_for_oidc(db: Database, claims: Mapping[str, object]) -> Actor:
    """The member an OIDC sign-in maps to, from the ID token's claims (Streamlit's `st.user`).

    Only an address the provider says it verified counts (`email_verified` true; missing is a refusal): otherwise
    anyone who can create an account at the provider with a member's address, unproven, would sign in as them."""
    email = str(claims.get("email") or "").strip()
    if not email:
        raise PermissionDenied(_("This account is not a member of any workspace; ask an admin."))
    if not _says_verified(claims.get("email_verified")):
        raise PermissionDenied(
            _(
                "Your company account does not confirm that {email} is verified, so it cannot open a workspace; "
                "ask your IT team to verify the address.",
                email=email,
            )
        )
    actor = actor_for_email(db, email)
    if actor is None:
        raise PermissionDenied(_("{email} is not a member of any workspace; ask an admin.", email=email))
    return actor


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
