"""What waits for whom, derived from the state the product already stores.

Why state and not the audit trail: a notification is about what *still* waits. Reading the
current state (posts in review, replies held, escalated mentions, open mentions near their
target, failed publishes) needs no cursor over the audit log, covers rows that arrived without
an audit event of their own (imports, the demo, X sync) and the one kind no event marks at all
(a mention drifting into "at risk" as time passes), and forgets what was settled before the
pass. Each event has a key naming its occurrence (a post's version, a review, a publish
attempt), so a post sent back twice is two events, and finding the same event again, in any
number of passes or workers, is one row (`Notification`'s unique recipient + key).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.domain.audit_actions import AuditAction
from assistant.domain.notifications import excerpt
from assistant.domain.roles import Role
from assistant.domain.states import MentionState, PostState, ReplyState
from assistant.formatting import countdown, number, when
from assistant.i18n import _, n_
from assistant.response_times import DEFAULT_POLICY, MentionTiming, at_risk
from assistant.services.response_times.report import business_hours_of
from assistant.services.workspace.policies import delegation_policy_of
from assistant.storage.models import AuditEvent, Executive, Member, MemberRole, Mention, Post, Reply, Review

PLATFORM_NAMES = {"x": "X", "linkedin": "LinkedIn"}


@dataclass(frozen=True)
class Event:
    kind: str
    key: str  # names this occurrence: a second occurrence of the same kind on the same row has another key
    summary: str  # one line: what it is, a short excerpt, never a whole text
    link: str  # a path in the app
    occurred_at: datetime
    member_ids: frozenset[int]  # who is told by e-mail (the webhook hears every event)


@dataclass
class _Team:
    roles: dict[int, set[str]]  # active members only
    names: dict[int, str]
    executives: dict[int, Executive]

    def having(self, role: Role) -> set[int]:
        return {m for m, roles in self.roles.items() if role.value in roles}

    def executive_member(self, executive_id: int) -> set[int]:
        executive = self.executives.get(executive_id)
        member = executive.member_id if executive else None
        return {member} if member in self.roles else set()


def _team(session: Session, workspace_id: int) -> _Team:
    roles: dict[int, set[str]] = {}
    names: dict[int, str] = {}
    rows = session.execute(
        select(Member.id, Member.display_name, MemberRole.role)
        .join(MemberRole, MemberRole.member_id == Member.id, isouter=True)
        .where(Member.workspace_id == workspace_id, Member.active.is_(True))
    )
    for member_id, name, role in rows:
        roles.setdefault(member_id, set())
        names[member_id] = name
        if role:
            roles[member_id].add(role)
    executives = {e.id: e for e in session.scalars(select(Executive).where(Executive.workspace_id == workspace_id))}
    return _Team(roles, names, executives)


def _post_line(post: Post, team: _Team) -> str:
    text = post.versions[-1].text if post.versions else post.title
    executive = team.executives.get(post.executive_id)
    platform = PLATFORM_NAMES.get(post.platform, post.platform)
    return _(
        "Post #{id} for {executive} on {platform}: “{excerpt}”",
        id=post.id,
        executive=executive.name if executive else _("the executive"),
        platform=platform,
        excerpt=excerpt(text),
    )


def _posts(session: Session, workspace_id: int, state: PostState) -> list[Post]:
    query = select(Post).where(Post.workspace_id == workspace_id, Post.state == state.value).order_by(Post.id)
    return list(session.scalars(query))


def _review_requested(session: Session, workspace_id: int, team: _Team) -> Iterable[Event]:
    for post in _posts(session, workspace_id, PostState.IN_REVIEW):
        latest = post.versions[-1] if post.versions else None
        authors = {post.created_by_id, latest.author_id if latest else None}  # nobody reviews their own text
        tz = _zone(team, post.executive_id)
        due = " · " + _("to publish {when}", when=when(post.scheduled_at, tz)) if post.scheduled_at else ""
        yield Event(
            "review_requested",
            f"review_requested:post:{post.id}:v{latest.number if latest else 0}",
            _post_line(post, team) + due,
            f"/review?open={post.id}",
            post.updated_at,
            frozenset(team.having(Role.REVIEWER) - authors),
        )


def _changes_requested(session: Session, workspace_id: int, team: _Team) -> Iterable[Event]:
    for post in _posts(session, workspace_id, PostState.CHANGES_REQUESTED):
        review = session.scalar(
            select(Review)
            .where(Review.post_id == post.id, Review.decision == "request_changes")
            .order_by(Review.id.desc())
            .limit(1)
        )
        who = team.names.get(review.reviewer_id, _("A reviewer")) if review else _("A reviewer")
        comment = f" — “{excerpt(review.comment)}”" if review and review.comment else ""
        recipients = ({post.created_by_id} & set(team.roles)) | team.executive_member(post.executive_id)
        yield Event(
            "changes_requested",
            f"changes_requested:post:{post.id}:review:{review.id if review else 0}",
            _("{who} asked for changes.", who=who) + f" {_post_line(post, team)}{comment}",
            f"/compose?post={post.id}",
            review.created_at if review else post.updated_at,
            frozenset(recipients),
        )


def _reply_approval(session: Session, workspace_id: int, team: _Team) -> Iterable[Event]:
    approver = delegation_policy_of(session, workspace_id).approver
    rows = session.execute(
        select(Reply, Mention.author_handle)
        .join(Mention, Mention.id == Reply.mention_id)
        .where(Mention.workspace_id == workspace_id, Reply.state == ReplyState.PENDING_APPROVAL.value)
        .order_by(Reply.id)
    )
    for reply, handle in rows:
        executive = team.executive_member(reply.executive_id) if approver in ("executive", "either") else set()
        reviewers = team.having(Role.REVIEWER) if approver in ("reviewer", "either") else set()
        writer = team.names.get(reply.written_by_id, _("a delegate"))
        yield Event(
            "reply_approval",
            f"reply_approval:reply:{reply.id}",
            _("Reply to @{handle} by {writer}: “{excerpt}”", handle=handle, writer=writer, excerpt=excerpt(reply.text)),
            f"/inbox?mention={reply.mention_id}",
            reply.updated_at,
            frozenset((executive | reviewers) - {reply.written_by_id}),
        )


def _mention_line(mention: Mention) -> str:
    followers = (
        " "
        + n_(
            "({followers} follower)",
            "({followers} followers)",
            mention.author_followers,
            followers=number(mention.author_followers),
        )
        if mention.author_followers
        else ""
    )
    return f"@{mention.author_handle}{followers}: “{excerpt(mention.text)}”"


def _escalations(session: Session, workspace_id: int, team: _Team) -> Iterable[Event]:
    mentions = list(
        session.scalars(
            select(Mention)
            .where(Mention.workspace_id == workspace_id, Mention.state == MentionState.ESCALATED.value)
            .order_by(Mention.id)
        )
    )
    # The escalation's own audit event tells one escalation from the next of the same mention.
    latest = (
        dict(
            session.execute(
                select(AuditEvent.entity_id, func.max(AuditEvent.id))
                .where(
                    AuditEvent.workspace_id == workspace_id,
                    AuditEvent.action == AuditAction.MENTION_ESCALATED.value,
                    AuditEvent.entity_type == "mention",
                    AuditEvent.entity_id.in_([str(m.id) for m in mentions]),
                )
                .group_by(AuditEvent.entity_id)
            ).all()
        )
        if mentions
        else {}
    )
    for mention in mentions:
        recipients = team.executive_member(mention.executive_id) or team.having(Role.REVIEWER)
        yield Event(
            "escalation",
            f"escalation:mention:{mention.id}:{latest.get(str(mention.id), 0)}",
            _mention_line(mention),
            f"/inbox?mention={mention.id}",
            mention.posted_at,
            frozenset(recipients),
        )


def _sla_at_risk(session: Session, workspace_id: int, team: _Team, now: datetime) -> Iterable[Event]:
    open_states = (MentionState.NEW.value, MentionState.CLAIMED.value, MentionState.ESCALATED.value)
    for executive in team.executives.values():
        mentions = {
            m.id: m
            for m in session.scalars(
                select(Mention).where(Mention.executive_id == executive.id, Mention.state.in_(open_states))
            )
        }
        timings = [MentionTiming(str(m.id), m.posted_at, None, None, m.sla_class) for m in mentions.values()]
        # The response-time engine's own at-risk rule, the one the Response times page lists.
        for timing, status in at_risk(timings, DEFAULT_POLICY, now, business_hours_of(executive)):
            mention = mentions[int(timing.mention_id)]
            if mention.state == MentionState.ESCALATED.value:
                recipients = team.executive_member(executive.id)
            elif mention.state == MentionState.CLAIMED.value and mention.claimed_by_id in team.roles:
                recipients = {mention.claimed_by_id}
            else:
                recipients = team.having(Role.DELEGATE)
            yield Event(
                "sla_at_risk",
                f"sla_at_risk:mention:{mention.id}",
                f"{_mention_line(mention)} · {mention.sla_class} · {countdown(status.remaining_minutes)}",
                f"/inbox?mention={mention.id}",
                mention.posted_at,
                frozenset(recipients),
            )


def _publish_failed(session: Session, workspace_id: int, team: _Team) -> Iterable[Event]:
    for post in _posts(session, workspace_id, PostState.FAILED):
        recipients = team.having(Role.REVIEWER) | ({post.created_by_id} & set(team.roles))
        yield Event(
            "publish_failed",
            f"publish_failed:post:{post.id}:attempt:{post.publish_attempts}",
            _post_line(post, team) + " · " + _("could not be published; the reason and a retry are on the Review page"),
            f"/review?open={post.id}",
            post.updated_at,
            frozenset(recipients | team.executive_member(post.executive_id)),
        )


def _zone(team: _Team, executive_id: int) -> str:
    executive = team.executives.get(executive_id)
    return executive.timezone if executive else "UTC"


def waiting_events(session: Session, workspace_id: int, now: datetime) -> list[Event]:
    """Every event of the workspace that still waits now."""
    team = _team(session, workspace_id)
    return [
        *_review_requested(session, workspace_id, team),
        *_changes_requested(session, workspace_id, team),
        *_reply_approval(session, workspace_id, team),
        *_escalations(session, workspace_id, team),
        *_sla_at_risk(session, workspace_id, team, now),
        *_publish_failed(session, workspace_id, team),
    ]
