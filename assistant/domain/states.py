"""Workflow states and the transitions allowed between them (DESIGN.md, Workflows)."""

from __future__ import annotations

from enum import StrEnum

from assistant.errors import InvalidTransition
from assistant.i18n import N_, SOURCE_LANGUAGE, _, current_language


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
            _(
                "a post that is {current} cannot become {target}; from {current} it can become: {allowed}",
                current=state_word(current.value, spaced=False),
                target=state_word(target.value, spaced=False),
                allowed=_names(POST_TRANSITIONS[current]),
            )
        )


def check_reply_transition(current: ReplyState, target: ReplyState) -> None:
    if target not in REPLY_TRANSITIONS[current]:
        raise InvalidTransition(
            _(
                "a reply that is {current} cannot become {target}; from {current} it can become: {allowed}",
                current=state_word(current.value, spaced=False),
                target=state_word(target.value, spaced=False),
                allowed=_names(REPLY_TRANSITIONS[current]),
            )
        )


def check_mention_transition(current: MentionState, target: MentionState) -> None:
    if target not in MENTION_TRANSITIONS[current]:
        raise InvalidTransition(
            _(
                "a mention that is {current} cannot become {target}; from {current} it can become: {allowed}",
                current=state_word(current.value, spaced=False),
                target=state_word(target.value, spaced=False),
                allowed=_names(MENTION_TRANSITIONS[current]),
            )
        )


def _names(states: frozenset) -> str:
    words = sorted(state_word(s.value, spaced=False) for s in states)
    return ", ".join(words) or _("nothing (final state)")


# A state in words, for messages people read. English messages keep the stored value (some with
# spaces for underscores, as they always did); other languages get the word ('en relecture').
STATE_WORDS: dict[str, str] = {
    "draft": N_("draft"),
    "in_review": N_("in review"),
    "changes_requested": N_("changes requested"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
    "scheduled": N_("scheduled"),
    "publishing": N_("publishing"),
    "published": N_("published"),
    "failed": N_("failed"),
    "expired": N_("expired"),
    "pending_approval": N_("pending approval"),
    "sending": N_("sending"),
    "sent": N_("sent"),
    "new": N_("new"),
    "claimed": N_("claimed"),
    "replied": N_("replied"),
    "escalated": N_("escalated"),
    "dismissed": N_("dismissed"),
}


def state_word(value: str, *, spaced: bool = True) -> str:
    """'in_review' → 'in review' ('in_review' when not `spaced`) in English, 'en relecture' in French."""
    value = str(getattr(value, "value", value))
    if current_language() == SOURCE_LANGUAGE:
        return value.replace("_", " ") if spaced else value
    return _(STATE_WORDS[value]) if value in STATE_WORDS else value.replace("_", " ")
