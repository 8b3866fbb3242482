"""Workflow states and the transitions allowed between them (DESIGN.md, Workflows)."""

from __future__ import annotations

from enum import StrEnum

from assistant.errors import InvalidTransition


class PostState(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    EXPIRED = "expired"


class ReplyState(StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    REJECTED = "rejected"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class MentionState(StrEnum):
    NEW = "new"
    CLAIMED = "claimed"
    REPLIED = "replied"
    ESCALATED = "escalated"
    DISMISSED = "dismissed"


# A mention still waiting for an answer (or a decision): the inbox works these, imports and syncs may answer them.
OPEN_MENTION_STATES = (MentionState.NEW.value, MentionState.CLAIMED.value, MentionState.ESCALATED.value)

P = PostState
POST_TRANSITIONS: dict[PostState, frozenset[PostState]] = {
    # A post given a publish time expires when that time passes before it is approved.
    P.DRAFT: frozenset({P.IN_REVIEW, P.EXPIRED}),
    P.IN_REVIEW: frozenset({P.APPROVED, P.CHANGES_REQUESTED, P.REJECTED, P.DRAFT, P.EXPIRED}),
    P.CHANGES_REQUESTED: frozenset({P.IN_REVIEW, P.DRAFT, P.EXPIRED}),
    # Editing an approved text voids the approval: back to draft.
    P.APPROVED: frozenset({P.SCHEDULED, P.PUBLISHING, P.DRAFT}),
    P.REJECTED: frozenset(),
    P.SCHEDULED: frozenset({P.PUBLISHING, P.EXPIRED, P.DRAFT}),
    P.PUBLISHING: frozenset({P.PUBLISHED, P.FAILED}),
    P.PUBLISHED: frozenset(),
    P.FAILED: frozenset({P.PUBLISHING, P.DRAFT}),
    P.EXPIRED: frozenset({P.DRAFT}),
}

R = ReplyState
REPLY_TRANSITIONS: dict[ReplyState, frozenset[ReplyState]] = {
    R.DRAFT: frozenset({R.PENDING_APPROVAL, R.SENDING}),
    R.PENDING_APPROVAL: frozenset({R.APPROVED, R.REJECTED, R.DRAFT}),
    R.APPROVED: frozenset({R.SENDING, R.DRAFT}),
    R.REJECTED: frozenset(),
    R.SENDING: frozenset({R.SENT, R.FAILED}),
    R.SENT: frozenset(),
    R.FAILED: frozenset({R.SENDING, R.DRAFT}),
}

M = MentionState
MENTION_TRANSITIONS: dict[MentionState, frozenset[MentionState]] = {
    M.NEW: frozenset({M.CLAIMED, M.REPLIED, M.ESCALATED, M.DISMISSED}),
    M.CLAIMED: frozenset({M.NEW, M.REPLIED, M.ESCALATED, M.DISMISSED}),
    M.ESCALATED: frozenset({M.CLAIMED, M.REPLIED, M.DISMISSED}),
    M.REPLIED: frozenset(),
    M.DISMISSED: frozenset({M.NEW}),
}


def check_post_transition(current: PostState, target: PostState) -> None:
    if target not in POST_TRANSITIONS[current]:
        raise InvalidTransition(
            f"a post that is {current.value} cannot become {target.value}; "
            f"from {current.value} it can become: {_names(POST_TRANSITIONS[current])}"
        )


def check_reply_transition(current: ReplyState, target: ReplyState) -> None:
    if target not in REPLY_TRANSITIONS[current]:
        raise InvalidTransition(
            f"a reply that is {current.value} cannot become {target.value}; "
            f"from {current.value} it can become: {_names(REPLY_TRANSITIONS[current])}"
        )


def check_mention_transition(current: MentionState, target: MentionState) -> None:
    if target not in MENTION_TRANSITIONS[current]:
        raise InvalidTransition(
            f"a mention that is {current.value} cannot become {target.value}; "
            f"from {current.value} it can become: {_names(MENTION_TRANSITIONS[current])}"
        )


def _names(states: frozenset) -> str:
    return ", ".join(sorted(s.value for s in states)) or "nothing (final state)"
