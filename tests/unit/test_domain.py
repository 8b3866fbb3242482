"""Roles, permissions and workflow states (pure)."""

import pytest

from assistant.domain.audit_chain import GENESIS, event_hash, verify_chain
from assistant.domain.roles import PERMISSIONS, Action, Role, allowed, parse_roles
from assistant.domain.states import (
    POST_TRANSITIONS,
    MentionState,
    PostState,
    check_mention_transition,
    check_post_transition,
)
from assistant.errors import InvalidTransition


def test_every_action_has_at_least_one_role_and_admins_cannot_publish_alone():
    assert set(PERMISSIONS) == set(Action)
    assert all(PERMISSIONS[a] for a in Action)
    assert not allowed({Role.ADMIN}, Action.REVIEW_POST)
    assert not allowed({Role.DELEGATE}, Action.REVIEW_POST)


def test_a_person_with_several_roles_may_do_the_union():
    assert allowed({Role.DELEGATE, Role.REVIEWER}, Action.REVIEW_POST)
    assert allowed({Role.DELEGATE, Role.REVIEWER}, Action.CLAIM_MENTION)


def test_parse_roles_names_the_unknown_one():
    assert parse_roles("executive, Reviewer") == {Role.EXECUTIVE, Role.REVIEWER}
    with pytest.raises(ValueError, match="ceo"):
        parse_roles("admin,ceo")


def test_published_and_rejected_posts_are_final():
    assert POST_TRANSITIONS[PostState.PUBLISHED] == frozenset()
    assert POST_TRANSITIONS[PostState.REJECTED] == frozenset()
    with pytest.raises(InvalidTransition, match="published cannot become publishing"):
        check_post_transition(PostState.PUBLISHED, PostState.PUBLISHING)


def test_a_draft_cannot_skip_review():
    for target in (PostState.APPROVED, PostState.SCHEDULED, PostState.PUBLISHING, PostState.PUBLISHED):
        with pytest.raises(InvalidTransition):
            check_post_transition(PostState.DRAFT, target)


def test_a_replied_mention_cannot_be_claimed_again():
    with pytest.raises(InvalidTransition, match="replied"):
        check_mention_transition(MentionState.REPLIED, MentionState.CLAIMED)


def _chain(n):
    events, prev = [], GENESIS
    for i in range(1, n + 1):
        payload = {"id": i, "action": "post.drafted", "after": {"state": "draft"}}
        h = event_hash(prev, payload)
        events.append((i, prev, h, payload))
        prev = h
    return events


def test_an_intact_chain_verifies():
    assert verify_chain(_chain(5)) is None


def test_an_edited_event_is_named():
    events = _chain(5)
    i, prev, h, payload = events[2]
    events[2] = (i, prev, h, {**payload, "after": {"state": "approved"}})
    broken = verify_chain(events)
    assert broken is not None and broken.event_id == 3 and "edited" in broken.reason


def test_a_deleted_event_is_caught_at_the_next_one():
    events = _chain(5)
    del events[1]
    broken = verify_chain(events)
    assert broken is not None and broken.event_id == 3
