"""Working the inbox: claims (one at a time, shared by every process), triage, SLA class, fetching now."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.domain.states import MentionState, check_mention_transition
from assistant.errors import Conflict
from assistant.ports import Platform
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.mentions.sync import Progress, SyncOutcome, sync_executive
from assistant.services.mentions.views import OPEN_STATES, MentionView, _view
from assistant.services.workspace.members import member_names
from assistant.storage.db import Database
from assistant.storage.models import Executive, Member, Mention, Reply

CLAIM_TTL = timedelta(minutes=30)
REPLY_IN_FLIGHT = ("pending_approval", "approved", "sending")


@requires(Action.CLAIM_MENTION)
def claim_mention(db: Database, actor: Actor, mention_id: int, *, now: datetime | None = None) -> MentionView:
    """Take a mention so nobody else answers it. One conditional UPDATE decides races on any database."""
    now = now or utcnow()
    with db.writing() as session:
        mention = in_workspace(session, actor, Mention, mention_id)
        before = mention.state
        if mention.state not in OPEN_STATES:
            raise Conflict(f"mention {mention_id} is already {mention.state}; nothing left to claim")
        waiting = session.scalar(
            select(Reply.state).where(Reply.mention_id == mention_id, Reply.state.in_(REPLY_IN_FLIGHT)).limit(1)
        )
        if waiting:
            raise Conflict(
                f"a reply to mention {mention_id} is already {waiting.replace('_', ' ')}; "
                "see it under the mention instead of answering again"
            )
        result = session.execute(
            update(Mention)
            .where(
                Mention.id == mention_id,
                Mention.state.in_(OPEN_STATES),
                or_(
                    Mention.claimed_by_id.is_(None),
                    Mention.claimed_by_id == actor.member_id,
                    and_(Mention.claim_expires_at.is_not(None), Mention.claim_expires_at <= now),
                ),
            )
            .values(claimed_by_id=actor.member_id, claim_expires_at=now + CLAIM_TTL, state=MentionState.CLAIMED.value)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            session.refresh(mention)
            holder = session.get(Member, mention.claimed_by_id) if mention.claimed_by_id else None
            raise Conflict(
                f"{holder.display_name if holder else 'someone'} is already answering mention "
                f"{mention_id} (claim until {mention.claim_expires_at:%H:%M} UTC)"
            )
        record_action(
            session,
            actor,
            action=AuditAction.MENTION_CLAIMED,
            entity_type="mention",
            entity_id=mention_id,
            before={"state": before},
            after={"state": "claimed", "claimed_by": actor.member_id},
        )
        session.refresh(mention)
        return _view(mention, member_names(session, actor.workspace_id), now)


@requires(Action.CLAIM_MENTION)
def release_claim(db: Database, actor: Actor, mention_id: int) -> None:
    with db.writing() as session:
        mention = in_workspace(session, actor, Mention, mention_id)
        if mention.claimed_by_id != actor.member_id:
            raise Conflict(f"you do not hold mention {mention_id}")
        mention.claimed_by_id = None
        mention.claim_expires_at = None
        mention.state = MentionState.NEW.value
        record_action(
            session,
            actor,
            action=AuditAction.MENTION_RELEASED,
            entity_type="mention",
            entity_id=mention_id,
            before={"state": "claimed"},
            after={"state": "new"},
        )


def _triage(db: Database, actor: Actor, mention_id: int, target: MentionState, reason: str) -> None:
    with db.writing() as session:
        mention = in_workspace(session, actor, Mention, mention_id)
        current = MentionState(mention.state)
        check_mention_transition(current, target)
        mention.state = target.value
        mention.claimed_by_id = None
        mention.claim_expires_at = None
        record_action(
            session,
            actor,
            action=AuditAction(f"mention.{target.value}"),
            entity_type="mention",
            entity_id=mention_id,
            before={"state": current.value},
            after={"state": target.value, "reason": reason},
        )


@requires(Action.ESCALATE_MENTION)
def escalate_mention(db: Database, actor: Actor, mention_id: int, reason: str = "") -> None:
    _triage(db, actor, mention_id, MentionState.ESCALATED, reason)


@requires(Action.DISMISS_MENTION)
def dismiss_mention(db: Database, actor: Actor, mention_id: int, reason: str = "") -> None:
    _triage(db, actor, mention_id, MentionState.DISMISSED, reason)


@requires(Action.VIEW_MENTIONS)
def sync_from_x(
    db: Database, actor: Actor, x: Platform, executive_id: int, progress: Progress | None = None
) -> SyncOutcome:
    """Fetch new mentions and replies made outside the app now, page by page (the worker does it too)."""

    with db.reading() as session:
        in_workspace(session, actor, Executive, executive_id)
    return sync_executive(db, x, executive_id, progress=progress)


@requires(Action.CLAIM_MENTION)
def set_sla_class(db: Database, actor: Actor, mention_id: int, sla_class: str) -> None:
    """Correct a mention's SLA class by hand; imports and syncs keep the choice (sla_override)."""
    from assistant.response_times.sla import DEFAULT_POLICY

    sla_class = DEFAULT_POLICY.get(sla_class).name  # an unknown class names the known ones
    with db.writing() as session:
        mention = in_workspace(session, actor, Mention, mention_id)
        before = mention.sla_class
        mention.sla_class, mention.sla_override = sla_class, True
        record_action(
            session,
            actor,
            action=AuditAction.MENTION_SLA_CLASS_CHANGED,
            entity_type="mention",
            entity_id=mention_id,
            before={"sla_class": before},
            after={"sla_class": sla_class},
        )
