"""Working the inbox: claims (one at a time, shared by every process), triage, SLA class, fetching now.

The SLA class is what the delegation policy reads, so a delegate only proposes one; a reviewer, the executive
or an admin applies it (or a proposal). An escalated mention is the executive's: a delegate neither dismisses
it nor takes it back into the open (claiming, assigning to oneself, releasing) to dismiss it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action, Role, allowed
from assistant.domain.states import MENTION_TRANSITIONS, MentionState, check_mention_transition, state_word
from assistant.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from assistant.i18n import _
from assistant.ports import Platform
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.mentions.sync import Progress, SyncOutcome, sync_executive
from assistant.services.mentions.views import OPEN_STATES, MentionView, _view
from assistant.services.workspace.members import member_names
from assistant.storage.db import Database
from assistant.storage.models import Executive, Member, MemberRole, Mention, Reply

CLAIM_TTL = timedelta(minutes=30)
REPLY_IN_FLIGHT = ("pending_approval", "approved", "sending")
BULK_LIMIT = 500  # one page of the inbox at most


def _roles(member: Member) -> frozenset[Role]:
    return frozenset(Role(r.role) for r in member.role_rows)


def _decides(session: Session, actor: Actor) -> bool:
    """A reviewer, the executive or an admin: who applies a class and decides what happens to an escalated mention.
    The roles as stored now (as `requires` reads them), not as the actor was signed in with."""
    roles = session.scalars(select(MemberRole.role).where(MemberRole.member_id == actor.member_id))
    return allowed(frozenset(Role(r) for r in roles), Action.SET_SLA_CLASS)


def _escalated(m: Mention) -> bool:
    return m.state == MentionState.ESCALATED.value or m.escalated_at is not None


def released_state(m: Mention) -> str:
    """Where a mention goes when its claim is dropped: back among the escalated if it ever was escalated."""
    return MentionState.ESCALATED.value if m.escalated_at is not None else MentionState.NEW.value


def _not_for_delegates(ids: list[int]) -> PermissionDenied:
    return PermissionDenied(
        _(
            "mention(s) {ids} are escalated to the executive; only the executive dismisses them or hands them on",
            ids=", ".join(map(str, ids)),
        )
    )


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
        decides = _decides(session, actor)
        if mention.state == MentionState.ESCALATED and not decides:
            raise _not_for_delegates([mention_id])
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
        # the states it may be taken from, decided in the statement itself: an escalation a moment ago counts
        states = OPEN_STATES if decides else tuple(s for s in OPEN_STATES if s != MentionState.ESCALATED)
        result = session.execute(
            update(Mention)
            .where(
                Mention.id == mention_id,
                Mention.state.in_(states),
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
        mention.state = released_state(mention)
        record_action(
            session,
            actor,
            action=AuditAction.MENTION_RELEASED,
            entity_type="mention",
            entity_id=mention_id,
            before={"state": "claimed"},
            after={"state": mention.state},
        )


def _move(session: Session, actor: Actor, mention: Mention, target: MentionState, reason: str, **extra) -> None:
    """Escalate or dismiss one mention: the transition checked, the claim dropped, the act recorded."""
    current = MentionState(mention.state)
    check_mention_transition(current, target)
    if target == MentionState.DISMISSED and _escalated(mention) and not _decides(session, actor):
        raise _not_for_delegates([mention.id])
    mention.state, mention.claimed_by_id, mention.claim_expires_at = target.value, None, None
    if target == MentionState.ESCALATED:
        mention.escalated_at = utcnow()
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


def _change_class(
    session: Session, actor: Actor, mention: Mention, sla_class: str, *, bulk: bool, accepted: bool = False
) -> None:
    """Apply a class by hand (a reviewer, the executive or an admin): the policy reads it from now on, the
    class it arrived with is kept, imports and syncs keep the choice (sla_override), a pending proposal ends."""
    before = mention.sla_class
    after: dict = {"sla_class": sla_class}
    if mention.proposed_sla_class is not None:
        after |= {"proposed": mention.proposed_sla_class, "proposed_by": mention.proposed_by_id, "accepted": accepted}
    mention.arrival_sla_class = mention.arrival_sla_class or before
    mention.sla_class, mention.sla_override, mention.sla_class_set_by_id = sla_class, True, actor.member_id
    mention.proposed_sla_class = mention.proposed_by_id = mention.proposed_at = None
    record_action(
        session,
        actor,
        action=AuditAction.MENTION_SLA_CLASS_CHANGED,
        entity_type="mention",
        entity_id=mention.id,
        before={"sla_class": before},
        after=after | ({"bulk": True} if bulk else {}),
    )


@requires(Action.SET_SLA_CLASS)
def set_sla_class(db: Database, actor: Actor, mention_id: int, sla_class: str) -> None:
    """Correct a mention's SLA class by hand (reviewer, executive, admin); the delegation policy reads it."""
    sla_class = _known_class(sla_class)
    with db.writing() as session:
        mention = in_workspace(session, actor, Mention, mention_id, lock=True)
        _change_class(session, actor, mention, sla_class, bulk=False)


def _propose(session: Session, actor: Actor, mention: Mention, sla_class: str, now: datetime, *, bulk: bool) -> bool:
    if mention.sla_class == sla_class:
        return False  # nothing to decide
    mention.proposed_sla_class, mention.proposed_by_id, mention.proposed_at = sla_class, actor.member_id, now
    record_action(
        session,
        actor,
        action=AuditAction.MENTION_SLA_CLASS_PROPOSED,
        entity_type="mention",
        entity_id=mention.id,
        before={"sla_class": mention.sla_class},
        after={"proposed": sla_class} | ({"bulk": True} if bulk else {}),
    )
    return True


@requires(Action.PROPOSE_SLA_CLASS)
def propose_sla_class(
    db: Database, actor: Actor, mention_id: int, sla_class: str, *, now: datetime | None = None
) -> None:
    """A delegate proposes another class; nothing changes until a reviewer, the executive or an admin accepts."""
    sla_class = _known_class(sla_class)
    with db.writing() as session:
        mention = in_workspace(session, actor, Mention, mention_id, lock=True)
        if not _propose(session, actor, mention, sla_class, now or utcnow(), bulk=False):
            raise InvalidInput(
                _("mention {id} is already in the {sla_class} class", id=mention_id, sla_class=sla_class)
            )


@requires(Action.PROPOSE_SLA_CLASS)
def propose_sla_classes(
    db: Database, actor: Actor, mention_ids: list[int], sla_class: str, *, now: datetime | None = None
) -> list[int]:
    """`propose_sla_class` for several mentions in one transaction; those already in the class are left out."""
    sla_class = _known_class(sla_class)
    with db.writing() as session:
        rows = _all_in_workspace(session, actor, mention_ids)
        return [m.id for m in rows if _propose(session, actor, m, sla_class, now or utcnow(), bulk=True)]


@requires(Action.SET_SLA_CLASS)
def decide_sla_class_proposal(db: Database, actor: Actor, mention_id: int, *, accept: bool) -> None:
    """Accept (the class applies, as if set by the decider) or decline a delegate's proposed class."""
    with db.writing() as session:
        mention = in_workspace(session, actor, Mention, mention_id, lock=True)
        proposed = mention.proposed_sla_class
        if proposed is None:
            raise Conflict(
                _("no class change proposed for mention {id} (someone may have decided it already)", id=mention_id)
            )
        if mention.proposed_by_id == actor.member_id:
            raise PermissionDenied(_("you proposed this class; someone else decides"))
        if accept:
            _change_class(session, actor, mention, _known_class(proposed), bulk=False, accepted=True)
            return
        record_action(
            session,
            actor,
            action=AuditAction.MENTION_SLA_CLASS_PROPOSAL_DECLINED,
            entity_type="mention",
            entity_id=mention.id,
            before={"sla_class": mention.sla_class},
            after={"proposed": proposed, "proposed_by": mention.proposed_by_id},
        )
        mention.proposed_sla_class = mention.proposed_by_id = mention.proposed_at = None


@dataclass(frozen=True)
class ClassProposal:
    mention_id: int
    author_handle: str
    text: str
    current: str
    proposed: str
    proposed_by: str
    proposed_at: datetime


@requires(Action.VIEW_MENTIONS)
def sla_class_proposals(db: Database, actor: Actor, *, mention_id: int | None = None) -> list[ClassProposal]:
    """Class changes delegates proposed and nobody decided yet, oldest first (one mention's with `mention_id`)."""
    with db.reading() as session:
        query = select(Mention).where(
            Mention.workspace_id == actor.workspace_id, Mention.proposed_sla_class.is_not(None)
        )
        if mention_id is not None:
            query = query.where(Mention.id == mention_id)
        rows = list(session.scalars(query.order_by(Mention.proposed_at, Mention.id).limit(BULK_LIMIT)))
        names = member_names(session, actor.workspace_id)
        return [
            ClassProposal(
                m.id,
                m.author_handle,
                m.text[:200],
                m.sla_class,
                m.proposed_sla_class,
                names.get(m.proposed_by_id, "?"),
                m.proposed_at,
            )
            for m in rows
        ]


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
        if not _decides(session, actor) and (escalated := [m.id for m in rows if _escalated(m)]):
            raise _not_for_delegates(escalated)
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
        if not _decides(session, actor) and (escalated := [m.id for m in rows if m.state == MentionState.ESCALATED]):
            raise _not_for_delegates(escalated)
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


@requires(Action.SET_SLA_CLASS)
def set_sla_classes(db: Database, actor: Actor, mention_ids: list[int], sla_class: str) -> list[int]:
    """`set_sla_class` for several mentions in one transaction (same permission, same audit per mention)."""
    sla_class = _known_class(sla_class)
    with db.writing() as session:
        rows = _all_in_workspace(session, actor, mention_ids)
        for m in rows:
            _change_class(session, actor, m, sla_class, bulk=True)
        return [m.id for m in rows]
