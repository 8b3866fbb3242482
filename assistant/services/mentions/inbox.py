"""Working the inbox: claims (one at a time, shared by every process), triage, SLA class, fetching now."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action, Role, allowed
from assistant.domain.states import MENTION_TRANSITIONS, MentionState, check_mention_transition, state_word
from assistant.errors import Conflict, InvalidInput, InvalidTransition
from assistant.i18n import _
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
BULK_LIMIT = 500  # one page of the inbox at most


def _roles(member: Member) -> frozenset[Role]:
    return frozenset(Role(r.role) for r in member.role_rows)


@requires(Action.CLAIM_MENTION)
def claim_mention(db: Database, actor: Actor, mention_id: int, *, now: datetime | None = None) -> MentionView:
    """Take a mention so nobody else answers it. One conditional UPDATE decides races on any database."""
    now = now or utcnow()
    with db.writing() as session:
        mention = in_workspace(session, actor, Mention, mention_id)
        before = mention.state
        if mention.state not in OPEN_STATES:
            raise Conflict(
                _(
                    "mention {id} is already {state}; nothing left to claim",
                    id=mention_id,
                    state=state_word(mention.state, spaced=False),
                )
            )
        waiting = session.scalar(
            select(Reply.state).where(Reply.mention_id == mention_id, Reply.state.in_(REPLY_IN_FLIGHT)).limit(1)
        )
        if waiting:
            raise Conflict(
                _(
                    "a reply to mention {id} is already {state}; see it under the mention instead of answering again",
                    id=mention_id,
                    state=state_word(waiting),
                )
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
                _(
                    "{who} is already answering mention {id} (claim until {until} UTC)",
                    who=holder.display_name if holder else _("someone"),
                    id=mention_id,
                    until=f"{mention.claim_expires_at:%H:%M}",
                )
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
            raise Conflict(_("you do not hold mention {id}", id=mention_id))
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


def _move(session: Session, actor: Actor, mention: Mention, target: MentionState, reason: str, **extra) -> None:
    """Escalate or dismiss one mention: the transition checked, the claim dropped, the act recorded."""
    current = MentionState(mention.state)
    check_mention_transition(current, target)
    mention.state, mention.claimed_by_id, mention.claim_expires_at = target.value, None, None
    record_action(
        session,
        actor,
        action=AuditAction(f"mention.{target.value}"),
        entity_type="mention",
        entity_id=mention.id,
        before={"state": current.value},
        after={"state": target.value, "reason": reason, **extra},
    )


def _triage(db: Database, actor: Actor, mention_id: int, target: MentionState, reason: str) -> None:
    with db.writing() as session:
        _move(session, actor, in_workspace(session, actor, Mention, mention_id), target, reason)


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


def _known_class(sla_class: str) -> str:
    from assistant.response_times.sla import DEFAULT_POLICY

    return DEFAULT_POLICY.get(sla_class).name  # an unknown class names the known ones


def _change_class(session: Session, actor: Actor, mention: Mention, sla_class: str, *, bulk: bool) -> None:
    """Correct a mention's SLA class by hand; imports and syncs keep the choice (sla_override)."""
    before = mention.sla_class
    mention.sla_class, mention.sla_override = sla_class, True
    record_action(
        session,
        actor,
        action=AuditAction.MENTION_SLA_CLASS_CHANGED,
        entity_type="mention",
        entity_id=mention.id,
        before={"sla_class": before},
        after={"sla_class": sla_class} | ({"bulk": True} if bulk else {}),
    )


@requires(Action.CLAIM_MENTION)
def set_sla_class(db: Database, actor: Actor, mention_id: int, sla_class: str) -> None:
    """Correct a mention's SLA class by hand; imports and syncs keep the choice (sla_override)."""
    sla_class = _known_class(sla_class)
    with db.writing() as session:
        _change_class(session, actor, in_workspace(session, actor, Mention, mention_id), sla_class, bulk=False)


@requires(Action.CLAIM_MENTION)
def assignable_members(db: Database, actor: Actor) -> dict[int, str]:
    """Active members who answer mentions (id -> name): whom the inbox can assign mentions to."""
    with db.reading() as session:
        rows = session.scalars(
            select(Member).where(Member.workspace_id == actor.workspace_id, Member.active.is_(True)).order_by(Member.id)
        )
        return {m.id: m.display_name for m in rows if allowed(_roles(m), Action.CLAIM_MENTION)}


def _all_in_workspace(session: Session, actor: Actor, mention_ids: list[int] | tuple[int, ...]) -> list[Mention]:
    """Every listed mention of the actor's workspace (locked), or NotFound naming the first missing one."""
    ids = list(dict.fromkeys(mention_ids))
    if not ids:
        raise InvalidInput(_("select at least one mention first"))
    if len(ids) > BULK_LIMIT:
        raise InvalidInput(
            _("{count} mentions selected; act on at most {limit} at a time", count=len(ids), limit=BULK_LIMIT)
        )
    return [in_workspace(session, actor, Mention, i, lock=True) for i in ids]


@requires(Action.DISMISS_MENTION)
def dismiss_mentions(db: Database, actor: Actor, mention_ids: list[int], reason: str = "") -> list[int]:
    """Dismiss several mentions at once, all or nothing: one that cannot be dismissed stops the lot (named)."""
    with db.writing() as session:
        rows = _all_in_workspace(session, actor, mention_ids)
        refused = [m.id for m in rows if MentionState.DISMISSED not in MENTION_TRANSITIONS[MentionState(m.state)]]
        if refused:
            raise InvalidTransition(
                _(
                    "mention(s) {ids} cannot be dismissed (already answered or dismissed); "
                    "unselect them and try again — nothing was changed",
                    ids=", ".join(map(str, refused)),
                )
            )
        for m in rows:
            _move(session, actor, m, MentionState.DISMISSED, reason, bulk=True)
        return [m.id for m in rows]


@requires(Action.CLAIM_MENTION)
def assign_mentions(
    db: Database, actor: Actor, mention_ids: list[int], member_id: int, *, now: datetime | None = None
) -> list[int]:
    """Hand open mentions to a member who answers mentions: they hold them as if they had claimed them
    (for CLAIM_TTL). All or nothing: a closed mention or one with a reply under way stops the lot."""
    now = now or utcnow()
    with db.writing() as session:
        member = in_workspace(session, actor, Member, member_id)
        if not member.active or not allowed(_roles(member), Action.CLAIM_MENTION):
            raise InvalidInput(
                _("{name} does not answer mentions; assign to a delegate or the executive", name=member.display_name)
            )
        rows = _all_in_workspace(session, actor, mention_ids)
        closed = [m.id for m in rows if m.state not in OPEN_STATES]
        busy = session.scalars(
            select(Reply.mention_id).where(Reply.mention_id.in_([m.id for m in rows]), Reply.state.in_(REPLY_IN_FLIGHT))
        ).all()
        if closed or busy:
            parts = (
                _("mention(s) {ids} are answered or dismissed", ids=", ".join(map(str, closed))) if closed else "",
                _("mention(s) {ids} have a reply under way", ids=", ".join(map(str, sorted(set(busy)))))
                if busy
                else "",
            )
            raise Conflict(
                _(
                    "nothing was assigned: {reasons}; unselect them and try again",
                    reasons="; ".join(p for p in parts if p),
                )
            )
        for m in rows:
            before = {"state": m.state, "claimed_by": m.claimed_by_id}
            m.claimed_by_id, m.claim_expires_at, m.state = member.id, now + CLAIM_TTL, MentionState.CLAIMED.value
            record_action(
                session,
                actor,
                action=AuditAction.MENTION_ASSIGNED,
                entity_type="mention",
                entity_id=m.id,
                before=before,
                after={"state": "claimed", "claimed_by": member.id},
            )
        return [m.id for m in rows]


@requires(Action.CLAIM_MENTION)
def set_sla_classes(db: Database, actor: Actor, mention_ids: list[int], sla_class: str) -> list[int]:
    """`set_sla_class` for several mentions in one transaction (same permission, same audit per mention)."""
    sla_class = _known_class(sla_class)
    with db.writing() as session:
        rows = _all_in_workspace(session, actor, mention_ids)
        for m in rows:
            _change_class(session, actor, m, sla_class, bulk=True)
        return [m.id for m in rows]
