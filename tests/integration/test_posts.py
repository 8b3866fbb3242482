"""Drafting, review and versions as the people involved see them."""

import pytest
from sqlalchemy import select

from assistant.domain.roles import Role
from assistant.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from assistant.services import posts
from assistant.storage.models import AuditEvent


def test_a_draft_goes_to_review_and_is_approved_by_someone_else(db, team):
    ceo = team.actor(Role.EXECUTIVE)
    lead = team.actor(Role.REVIEWER)
    draft = posts.create_draft(db, ceo, team.executive_id, "x", "Visited our Lyon team today.")
    assert draft.state == "draft" and draft.versions[0].authorship == "executive"
    posts.submit_for_review(db, ceo, draft.id)
    approved = posts.review_post(db, lead, draft.id, "approve")
    assert approved.state == "approved"
    with db.reading() as session:
        actions = session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity_type == "post", AuditEvent.entity_id == str(draft.id))
            .order_by(AuditEvent.id)
        ).all()
    assert actions == ["post.drafted", "post.submitted", "post.approve"]


def test_nobody_approves_their_own_text(db, team):
    both = team.actor(Role.EXECUTIVE, Role.REVIEWER)
    draft = posts.create_draft(db, both, team.executive_id, "x", "My own words.")
    posts.submit_for_review(db, both, draft.id)
    with pytest.raises(PermissionDenied, match="someone else must approve"):
        posts.review_post(db, both, draft.id, "approve")


def test_editing_an_approved_text_voids_the_approval(db, team):
    ceo = team.actor(Role.EXECUTIVE)
    lead = team.actor(Role.REVIEWER)
    draft = posts.create_draft(db, ceo, team.executive_id, "linkedin", "First words.")
    posts.submit_for_review(db, ceo, draft.id)
    posts.review_post(db, lead, draft.id, "approve")
    edited = posts.edit_post(db, ceo, draft.id, "First words, better.")
    assert edited.state == "draft" and [v.number for v in edited.versions] == [1, 2]


def test_request_changes_needs_a_comment_and_rejected_is_final(db, team):
    ceo = team.actor(Role.EXECUTIVE)
    lead = team.actor(Role.REVIEWER)
    draft = posts.create_draft(db, ceo, team.executive_id, "x", "Guaranteed the best.")
    posts.submit_for_review(db, ceo, draft.id)
    with pytest.raises(InvalidInput, match="comment"):
        posts.review_post(db, lead, draft.id, "request_changes", "")
    posts.review_post(db, lead, draft.id, "reject", "absolute claim")
    with pytest.raises(InvalidTransition):
        posts.submit_for_review(db, ceo, draft.id)


def test_empty_or_unknown_platform_posts_are_refused_with_a_reason(db, team):
    ceo = team.actor(Role.EXECUTIVE)
    with pytest.raises(InvalidInput, match="empty"):
        posts.create_draft(db, ceo, team.executive_id, "x", "   ")
    with pytest.raises(InvalidInput, match="unknown platform"):
        posts.create_draft(db, ceo, team.executive_id, "myspace", "hi")
    assert posts.list_posts(db, ceo) == []


def test_another_workspace_cannot_see_the_post(db, team):
    from tests.conftest import Team

    ceo = team.actor(Role.EXECUTIVE)
    draft = posts.create_draft(db, ceo, team.executive_id, "x", "Internal.")
    outsider = Team(db).actor(Role.EXECUTIVE)
    with pytest.raises(NotFound):
        posts.get_post(db, outsider, draft.id)
    assert posts.list_posts(db, outsider) == []
