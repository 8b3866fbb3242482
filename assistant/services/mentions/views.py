"""The inbox as the team sees it: mentions with their SLA countdown, one page at a time, and one mention in context."""

from __future__ import annotations

import heapq
import itertools
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.roles import Action
from assistant.domain.states import OPEN_MENTION_STATES, MentionState
from assistant.errors import InvalidInput
from assistant.i18n import _
from assistant.response_times import DEFAULT_POLICY, BusinessHours
from assistant.response_times.business_table import EPOCH, BusinessTable, epoch_us
from assistant.response_times.sla import SlaClass, SlaStatus, sla_status
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.response_times.report import business_hours_of
from assistant.services.workspace.members import member_names
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention

OPEN_STATES = OPEN_MENTION_STATES
# At equal urgency these classes come before the rest (a reporter or an investor before a congratulation).
PRIORITY_CLASSES = ("press", "investor", "vip")
SORTS = ("urgency", "newest")


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
    timezone: str = "UTC"  # the executive's: times are shown in it


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
    executive_hours = (hours or {}).get(m.executive_id)
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
        executive_hours.timezone if executive_hours else "UTC",
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


_LOOKBACK = timedelta(days=400)  # open time counted back from now: beyond it, every target is long past


def _cuts(sla_class: SlaClass, now: datetime, hours: BusinessHours | None) -> tuple[datetime, datetime]:
    """(breached_before, at_risk_through): an open mention of this class is breached when posted before
    the first, at risk when posted at or before the second, exactly as `sla_status` decides at `now`.

    On the business clock the wait of a mention posted at p is open(now) - open(p), where open() is the
    cumulative open time of the executive's windows (`BusinessTable`, DST-correct, holidays closed), so
    each cut-off is the inverse of open() at one value, in whole microseconds: no search, no rounding,
    and a mention that waited through a closed night stays on the right side of the threshold."""
    target, risk = sla_class.target_minutes, sla_class.at_risk_fraction * sla_class.target_minutes
    if sla_class.clock == "calendar":
        return now - timedelta(minutes=target), now - timedelta(minutes=risk)
    table = BusinessTable.build(hours, now - _LOOKBACK, now)
    open_now = table.open_us_until(epoch_us(now))
    # Breached: waited > target <=> open(p) < open_now - target: p before the first moment open() reaches it.
    reach = open_now - round(target * 60_000_000)
    i = bisect_left(table.before, reach) - 1
    breached_before = EPOCH if i < 0 else EPOCH + timedelta(microseconds=table.opens[i] + reach - table.before[i])
    # At risk: waited >= threshold <=> open(p) <= open_now - threshold: p up to the last moment open() is there.
    within = open_now - round(risk * 60_000_000)
    j = bisect_right(table.before, within) - 1
    at_risk_through = (
        EPOCH - timedelta(days=1)
        if j < 0
        else EPOCH + timedelta(microseconds=table.opens[j] + within - table.before[j])
    )
    return breached_before, at_risk_through


def urgency_rank(session: Session, workspace_id: int, now: datetime) -> ColumnElement[int]:
    """0 breached, 1 at risk, 2 on track, 3 answered or dismissed: one SQL CASE, so the database sorts and
    pages (100k+ rows). The SLA state depends only on the posting time within one executive's class, so each
    (executive, class) pair becomes two posting-time cutoffs, computed here on the class's clock."""
    hours = _hours(session, workspace_id)
    known = [c.name for c in DEFAULT_POLICY.classes]
    breached: list[ColumnElement[bool]] = []
    at_risk: list[ColumnElement[bool]] = []
    for executive_id, executive_hours in hours.items():
        for sla_class in DEFAULT_POLICY.classes:
            in_class = Mention.sla_class == sla_class.name
            if sla_class.name == "default":  # an unknown class counts as default, as in `_sla`
                in_class = or_(in_class, Mention.sla_class.not_in(known))
            group = and_(Mention.executive_id == executive_id, in_class)
            breach_cut, risk_cut = _cuts(sla_class, now, executive_hours)
            breached.append(and_(group, Mention.posted_at < breach_cut))
            at_risk.append(and_(group, Mention.posted_at <= risk_cut))
    return case(
        (Mention.state.not_in(OPEN_STATES), 3),
        (or_(false(), *breached), 0),
        (or_(false(), *at_risk), 1),
        else_=2,
    )


def search_condition(search: str) -> ColumnElement[bool] | None:
    """Author handle or name, or the text, containing the words typed (any case; % and _ are literal)."""
    needle = " ".join(search.split())
    if not needle:
        return None
    handle = needle.lstrip("@") or needle
    return or_(
        Mention.author_handle.icontains(handle, autoescape=True),
        Mention.author_name.icontains(needle, autoescape=True),
        Mention.text.icontains(needle, autoescape=True),
    )


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
    search: str = "",
    sort: str = "urgency",
    now: datetime | None = None,
) -> MentionPage:
    """One page of mentions, most urgent first: breached, then at risk, then on track; press, investor and
    VIP before the rest at equal urgency; then the least time left (the latest first), on each class's
    clock; then the answered and dismissed, newest first. `sort="newest"` lists newest first. `at_risk_only` keeps open
    mentions at risk or past their SLA. `search` matches the author's handle or name or the text.
    Filtering and counting happen in the database; the urgency order reads only what the page needs."""
    now = now or utcnow()
    if sort not in SORTS:
        raise InvalidInput(_("unknown sort '{sort}'; use one of {sorts}", sort=sort, sorts=", ".join(SORTS)))
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
        if (matching := search_condition(search)) is not None:
            where.append(matching)
        names, hours = member_names(session, actor.workspace_id), _hours(session, actor.workspace_id)
        if at_risk_only:
            where += [Mention.state.in_(OPEN_STATES), urgency_rank(session, actor.workspace_id, now) <= 1]
        total = session.scalar(select(func.count()).select_from(Mention).where(*where)) or 0
        start = (page - 1) * page_size
        if sort == "newest":
            rows = session.scalars(
                select(Mention)
                .where(*where)
                .order_by(Mention.posted_at.desc(), Mention.id.desc())
                .offset(start)
                .limit(page_size)
            )
            return MentionPage([_view(m, names, now, hours) for m in rows], total, page, page_size)
        items = _most_urgent(session, where, names, hours, now, start, page_size)
        return MentionPage(items, total, page, page_size)


def _urgency_key(v: MentionView) -> tuple:
    rank = {"breached": 0, "at_risk": 1}.get(v.sla_state, 2)
    tier = 0 if v.sla_class in PRIORITY_CLASSES else 1
    remaining = v.sla_remaining_minutes if v.sla_remaining_minutes is not None else float("inf")
    return (rank, tier, remaining, v.posted_at, v.id)


def _most_urgent(
    session: Session,
    where: list,
    names: dict[int, str],
    hours: dict[int, BusinessHours],
    now: datetime,
    start: int,
    size: int,
) -> list[MentionView]:
    """Open mentions by (urgency, priority class, time left on the class's clock), then the answered and
    dismissed, newest first. Within one executive's class that key only grows with the posting time, so
    each (executive, class) is read in posting order from the database, `start + size` rows at most,
    and the streams are merged: the cost follows the page asked for, not the size of the table."""
    known = [c.name for c in DEFAULT_POLICY.classes]
    need = start + size
    streams = []
    for executive_id in hours:
        for name in known:
            in_class = Mention.sla_class == name
            if name == "default":  # an unknown class counts as default, as in `_sla`
                in_class = or_(in_class, Mention.sla_class.not_in(known))
            rows = session.scalars(
                select(Mention)
                .where(*where, Mention.state.in_(OPEN_STATES), Mention.executive_id == executive_id, in_class)
                .order_by(Mention.posted_at, Mention.id)
                .limit(need)
            )
            streams.append([_view(m, names, now, hours) for m in rows])
    urgent = list(itertools.islice(heapq.merge(*streams, key=_urgency_key), need))
    items = urgent[start:need]
    if len(urgent) < need:  # past the open mentions: the answered and dismissed
        skip = max(0, start - len(urgent))
        closed = session.scalars(
            select(Mention)
            .where(*where, Mention.state.not_in(OPEN_STATES))
            .order_by(Mention.posted_at.desc(), Mention.id.desc())
            .offset(skip)
            .limit(size - len(items))
        )
        items += [_view(m, names, now, hours) for m in closed]
    return items


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
