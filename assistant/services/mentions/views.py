"""The inbox as the team sees it: mentions with their SLA countdown, one page at a time, and one mention in context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.roles import Action
from assistant.domain.states import OPEN_MENTION_STATES, MentionState
from assistant.errors import InvalidInput
from assistant.response_times import DEFAULT_POLICY, BusinessHours
from assistant.response_times.sla import SlaStatus, sla_status
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.response_times.report import business_hours_of
from assistant.services.workspace.members import member_names
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention

OPEN_STATES = OPEN_MENTION_STATES


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
    author_verified: bool = False
    sla_state: str = ""  # on_track | at_risk | breached | met
    sla_remaining_minutes: float | None = None  # countdown on the class's clock; negative once breached
    sla_target_minutes: float | None = None
    claimed_by_id: int | None = None


@dataclass(frozen=True)
class MentionDetail:
    """One mention with what a delegate needs before answering: the author and the thread."""

    mention: MentionView
    conversation_id: str | None
    earlier: list[MentionView]  # this author's earlier mentions of the executive, newest first
    earlier_count: int
    thread: list[MentionView]  # the other posts we hold of the same conversation, oldest first


@dataclass(frozen=True)
class MentionPage:
    items: list[MentionView]
    total: int
    page: int
    page_size: int


def _view(m: Mention, names: dict[int, str], now: datetime, hours: dict | None = None) -> MentionView:
    claim_live = m.claimed_by_id is not None and m.claim_expires_at is not None and m.claim_expires_at > now
    sla = _sla(m, now, (hours or {}).get(m.executive_id))
    return MentionView(
        m.id,
        m.executive_id,
        m.x_post_id,
        m.author_handle,
        m.author_name,
        m.author_followers,
        m.text,
        m.posted_at,
        m.state,
        m.sla_class,
        names.get(m.claimed_by_id) if claim_live else None,
        m.claim_expires_at if claim_live else None,
        m.responded_at,
        m.responder_kind,
        bool(m.author_verified),
        sla.state if sla else "",
        sla.remaining_minutes if sla else None,
        sla.target_minutes if sla else None,
        m.claimed_by_id if claim_live else None,
    )


def _sla(m: Mention, now: datetime, hours: BusinessHours | None) -> SlaStatus | None:
    if m.state == MentionState.DISMISSED:
        return None
    try:
        sla_class = DEFAULT_POLICY.get(m.sla_class)
    except InvalidInput:
        sla_class = DEFAULT_POLICY.get("default")
    if sla_class.clock == "business" and hours is None:
        return None
    return sla_status(sla_class, m.posted_at, m.responded_at, now, hours)


def _hours(session: Session, workspace_id: int) -> dict[int, BusinessHours]:
    """Each executive's business hours: the business-clock countdowns run on them."""
    return {
        e.id: business_hours_of(e)
        for e in session.scalars(select(Executive).where(Executive.workspace_id == workspace_id))
    }


@requires(Action.VIEW_MENTIONS)
def list_mentions(
    db: Database,
    actor: Actor,
    *,
    states: tuple[str, ...] = (),
    sla_classes: tuple[str, ...] = (),
    at_risk_only: bool = False,
    assigned_to_me: bool = False,
    page: int = 1,
    page_size: int = 50,
    now: datetime | None = None,
) -> MentionPage:
    """Newest first, one page at a time (the inbox stays fast with a million rows). `at_risk_only`
    keeps open mentions at risk or past their SLA, most urgent first."""
    now = now or utcnow()
    page = max(1, page)
    page_size = min(max(1, page_size), 500)
    with db.reading() as session:
        where = [Mention.workspace_id == actor.workspace_id]
        if states:
            where.append(Mention.state.in_(states))
        if sla_classes:
            where.append(Mention.sla_class.in_(sla_classes))
        if assigned_to_me:
            where += [Mention.claimed_by_id == actor.member_id, Mention.claim_expires_at > now]
        names, hours = member_names(session, actor.workspace_id), _hours(session, actor.workspace_id)
        if at_risk_only:  # the SLA clock runs in Python (business hours), over open mentions only
            where.append(Mention.state.in_(OPEN_STATES))
            views = [_view(m, names, now, hours) for m in session.scalars(select(Mention).where(*where))]
            urgent = sorted(
                (v for v in views if v.sla_state in ("at_risk", "breached")), key=lambda v: v.sla_remaining_minutes
            )
            start = (page - 1) * page_size
            return MentionPage(urgent[start : start + page_size], len(urgent), page, page_size)
        total = session.scalar(select(func.count()).select_from(Mention).where(*where)) or 0
        rows = session.scalars(
            select(Mention)
            .where(*where)
            .order_by(Mention.posted_at.desc(), Mention.id.desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
        return MentionPage([_view(m, names, now, hours) for m in rows], total, page, page_size)


@requires(Action.VIEW_MENTIONS)
def mention_detail(db: Database, actor: Actor, mention_id: int, *, now: datetime | None = None) -> MentionDetail:
    """The author's context (earlier conversations with the executive) and the thread."""
    now = now or utcnow()
    with db.reading() as session:
        m = in_workspace(session, actor, Mention, mention_id)
        names, hours = member_names(session, actor.workspace_id), _hours(session, actor.workspace_id)
        by_author = [
            Mention.executive_id == m.executive_id,
            Mention.author_id == m.author_id,
            Mention.id != m.id,
            Mention.posted_at <= m.posted_at,
        ]
        count = session.scalar(select(func.count()).select_from(Mention).where(*by_author)) or 0
        earlier = session.scalars(select(Mention).where(*by_author).order_by(Mention.posted_at.desc()).limit(5))
        thread = []
        if m.conversation_id:
            thread = session.scalars(
                select(Mention)
                .where(
                    Mention.executive_id == m.executive_id,
                    Mention.conversation_id == m.conversation_id,
                    Mention.id != m.id,
                )
                .order_by(Mention.posted_at)
                .limit(20)
            )
        return MentionDetail(
            _view(m, names, now, hours),
            m.conversation_id,
            [_view(e, names, now, hours) for e in earlier],
            count,
            [_view(t, names, now, hours) for t in thread],
        )


@requires(Action.VIEW_MENTIONS)
def count_mentions_by_state(db: Database, actor: Actor) -> dict[str, int]:
    with db.reading() as session:
        rows = session.execute(
            select(Mention.state, func.count())
            .where(Mention.workspace_id == actor.workspace_id)
            .group_by(Mention.state)
        )
        return {state: n for state, n in rows}


def sla_class_names() -> list[str]:
    from assistant.response_times.sla import DEFAULT_POLICY

    return [c.name for c in DEFAULT_POLICY.classes]
