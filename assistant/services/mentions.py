"""The mention inbox: listing, claims (one at a time, shared by every process), triage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.roles import Action
from assistant.domain.states import MentionState, check_mention_transition
from assistant.errors import Conflict, NotFound
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import Member, Mention

CLAIM_TTL = timedelta(minutes=30)
OPEN_STATES = (MentionState.NEW.value, MentionState.CLAIMED.value, MentionState.ESCALATED.value)


@dataclass(frozen=True)
class MentionView:
    id: int
    executive_id: int
    x_post_id: str
    author_handle: str
    author_name: str
    author_followers: int | None
    text: str
    posted_at: datetime
    state: str
    sla_class: str
    claimed_by: str | None
    claim_expires_at: datetime | None
    responded_at: datetime | None
    responder_kind: str | None


@dataclass(frozen=True)
class MentionPage:
    items: list[MentionView]
    total: int
    page: int
    page_size: int


def _view(m: Mention, names: dict[int, str], now: datetime) -> MentionView:
    claim_live = m.claimed_by_id is not None and m.claim_expires_at is not None and m.claim_expires_at > now
    return MentionView(m.id, m.executive_id, m.x_post_id, m.author_handle, m.author_name, m.author_followers,
                       m.text, m.posted_at, m.state, m.sla_class,
                       names.get(m.claimed_by_id) if claim_live else None, m.claim_expires_at if claim_live else None,
                       m.responded_at, m.responder_kind)


def _names(session: Session, workspace_id: int) -> dict[int, str]:
    return dict(session.execute(select(Member.id, Member.display_name)
                                .where(Member.workspace_id == workspace_id)).all())


@requires(Action.VIEW_MENTIONS)
def list_mentions(db: Database, actor: Actor, *, states: tuple[str, ...] = (), page: int = 1,
                  page_size: int = 50, now: datetime | None = None) -> MentionPage:
    """Newest first, one page at a time (the inbox stays fast with a million rows)."""
    now = now or utcnow()
    page = max(1, page)
    page_size = min(max(1, page_size), 500)
    with db.reading() as session:
        where = [Mention.workspace_id == actor.workspace_id]
        if states:
            where.append(Mention.state.in_(states))
        total = session.scalar(select(func.count()).select_from(Mention).where(*where)) or 0
        rows = session.scalars(select(Mention).where(*where).order_by(Mention.posted_at.desc(), Mention.id.desc())
                               .offset((page - 1) * page_size).limit(page_size))
        names = _names(session, actor.workspace_id)
        return MentionPage([_view(m, names, now) for m in rows], total, page, page_size)


@requires(Action.VIEW_MENTIONS)
def count_mentions_by_state(db: Database, actor: Actor) -> dict[str, int]:
    with db.reading() as session:
        rows = session.execute(select(Mention.state, func.count())
                               .where(Mention.workspace_id == actor.workspace_id).group_by(Mention.state))
        return {state: n for state, n in rows}


def _mention(session: Session, actor: Actor, mention_id: int) -> Mention:
    mention = session.get(Mention, mention_id)
    if mention is None or mention.workspace_id != actor.workspace_id:
        raise NotFound(f"no mention {mention_id} in this workspace")
    return mention


@requires(Action.CLAIM_MENTION)
def claim_mention(db: Database, actor: Actor, mention_id: int, *, now: datetime | None = None) -> MentionView:
    """Take a mention so nobody else answers it. One conditional UPDATE decides races on any database."""
    now = now or utcnow()
    with db.writing() as session:
        mention = _mention(session, actor, mention_id)
        before = mention.state
        if mention.state not in OPEN_STATES:
            raise Conflict(f"mention {mention_id} is already {mention.state}; nothing left to claim")
        result = session.execute(
            update(Mention)
            .where(Mention.id == mention_id, Mention.state.in_(OPEN_STATES),
                   or_(Mention.claimed_by_id.is_(None), Mention.claimed_by_id == actor.member_id,
                       and_(Mention.claim_expires_at.is_not(None), Mention.claim_expires_at <= now)))
            .values(claimed_by_id=actor.member_id, claim_expires_at=now + CLAIM_TTL,
                    state=MentionState.CLAIMED.value)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            session.refresh(mention)
            holder = session.get(Member, mention.claimed_by_id) if mention.claimed_by_id else None
            raise Conflict(f"{holder.display_name if holder else 'someone'} is already answering mention "
                           f"{mention_id} (claim until {mention.claim_expires_at:%H:%M} UTC)")
        record_event(session, actor_id=actor.member_id, actor_label=actor.label, workspace_id=actor.workspace_id,
                     action="mention.claimed", entity_type="mention", entity_id=mention_id,
                     before={"state": before}, after={"state": "claimed", "claimed_by": actor.member_id})
        session.refresh(mention)
        return _view(mention, _names(session, actor.workspace_id), now)


@requires(Action.CLAIM_MENTION)
def release_claim(db: Database, actor: Actor, mention_id: int) -> None:
    with db.writing() as session:
        mention = _mention(session, actor, mention_id)
        if mention.claimed_by_id != actor.member_id:
            raise Conflict(f"you do not hold mention {mention_id}")
        mention.claimed_by_id = None
        mention.claim_expires_at = None
        mention.state = MentionState.NEW.value
        record_event(session, actor_id=actor.member_id, actor_label=actor.label, workspace_id=actor.workspace_id,
                     action="mention.released", entity_type="mention", entity_id=mention_id,
                     before={"state": "claimed"}, after={"state": "new"})


def _triage(db: Database, actor: Actor, mention_id: int, target: MentionState, reason: str) -> None:
    with db.writing() as session:
        mention = _mention(session, actor, mention_id)
        current = MentionState(mention.state)
        check_mention_transition(current, target)
        mention.state = target.value
        mention.claimed_by_id = None
        mention.claim_expires_at = None
        record_event(session, actor_id=actor.member_id, actor_label=actor.label, workspace_id=actor.workspace_id,
                     action=f"mention.{target.value}", entity_type="mention", entity_id=mention_id,
                     before={"state": current.value}, after={"state": target.value, "reason": reason})


@requires(Action.ESCALATE_MENTION)
def escalate_mention(db: Database, actor: Actor, mention_id: int, reason: str = "") -> None:
    _triage(db, actor, mention_id, MentionState.ESCALATED, reason)


@requires(Action.DISMISS_MENTION)
def dismiss_mention(db: Database, actor: Actor, mention_id: int, reason: str = "") -> None:
    _triage(db, actor, mention_id, MentionState.DISMISSED, reason)
