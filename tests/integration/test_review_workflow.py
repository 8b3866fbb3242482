"""Review as comms leads work it: reviewer edits, diffs, sign-off, second approvers, overrides, expiry."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.errors import InvalidInput, InvalidTransition, PermissionDenied
from assistant.services import posts, publishing, workspace
from assistant.services.publishing import local_to_utc
from assistant.storage.models import AuditEvent, Review
from tests.publishing_helpers import PLAIN, approved_post

RESULTS = "Q3 revenue was up 40% and we expect guidance to rise."


def _events(db, post_id):
    with db.reading() as session:
        return session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity_type == "post", AuditEvent.entity_id == str(post_id))
            .order_by(AuditEvent.id)
        ).all()


def test_a_reviewer_edit_is_a_new_version_shown_to_the_author_as_a_diff(db, team):
    ceo, lead = team.actor(Role.EXECUTIVE), team.actor(Role.REVIEWER)
    post = posts.create_draft(db, ceo, team.executive_id, "x", "We shipped the new line today, a huge milestone.")
    posts.submit_for_review(db, ceo, post.id)
    edited = posts.edit_post(db, lead, post.id, "We shipped the new line today.")
    assert edited.state == "in_review"
    assert [(v.number, v.authorship) for v in edited.versions] == [(1, "executive"), (2, "reviewer")]
    detail = posts.review_detail(db, ceo, post.id)  # the author sees what the reviewer changed
    assert detail.diff_base == 1 and detail.version == 2
    assert ("delete", " a huge milestone.") in detail.diff or any(op == "delete" for op, _ in detail.diff)
    assert "".join(t for op, t in detail.diff if op != "delete") == "We shipped the new line today."
    # The reviewer who edited may not approve; another reviewer may.
    with pytest.raises(PermissionDenied, match="someone else"):
        posts.review_post(db, lead, post.id, "approve")
    assert posts.review_post(db, team.actor(Role.REVIEWER), post.id, "approve").state == "approved"


def test_the_diff_is_against_the_last_reviewed_version(db, team):
    ceo, lead = team.actor(Role.EXECUTIVE), team.actor(Role.REVIEWER)
    post = posts.create_draft(db, ceo, team.executive_id, "x", "First try at the words.")
    posts.submit_for_review(db, ceo, post.id)
    posts.review_post(db, lead, post.id, "request_changes", "warmer please")
    posts.edit_post(db, ceo, post.id, "Second try at the words.")
    posts.edit_post(db, ceo, post.id, "Third, warmer try at the words.")
    posts.submit_for_review(db, ceo, post.id)
    detail = posts.review_detail(db, lead, post.id)
    assert (detail.diff_base, detail.version) == (1, 3)
    assert [(e.decision, e.comment, e.version) for e in detail.history] == [("request_changes", "warmer please", 1)]
    assert posts.review_queue(db, lead) == [post.id]


def test_disclosure_findings_need_a_second_approver_and_a_block_needs_a_written_override(db, team):
    ceo = team.actor(Role.EXECUTIVE)
    first, second = team.actor(Role.REVIEWER), team.actor(Role.REVIEWER)
    post = posts.create_draft(db, ceo, team.executive_id, "x", RESULTS)
    assert post.versions[-1].verdict == "block"
    posts.submit_for_review(db, ceo, post.id)
    with pytest.raises(InvalidInput, match="override reason"):
        posts.review_post(db, first, post.id, "approve")
    after_first = posts.review_post(db, first, post.id, "approve", override_reason="Figures published in the 8-K")
    assert after_first.state == "in_review"  # one of two approvals
    with pytest.raises(InvalidInput, match="already approved"):
        posts.review_post(db, first, post.id, "approve", override_reason="again")
    done = posts.review_post(db, second, post.id, "approve", override_reason="Checked with legal")
    assert done.state == "approved"
    assert _events(db, post.id)[-2:] == ["post.approval_recorded", "post.approve"]
    with db.reading() as session:
        decisions = session.scalars(select(Review.decision).where(Review.post_id == post.id)).all()
    assert decisions.count("override_block") == 2


def test_policy_is_configurable_and_can_require_signed_items(db, team):
    admin, ceo, lead = team.actor(Role.ADMIN), team.actor(Role.EXECUTIVE), team.actor(Role.REVIEWER)
    policy = workspace.set_review_policy(db, admin, require_attestations=True, second_approver_categories=[])
    assert policy.require_attestations and workspace.get_review_policy(db, lead) == policy
    post = posts.create_draft(db, ceo, team.executive_id, "x", PLAIN)
    posts.submit_for_review(db, ceo, post.id)
    with pytest.raises(InvalidInput, match="sign the checklist first"):
        posts.review_post(db, lead, post.id, "approve")
    items = posts.attested_items(db, lead)
    assert {"reader_best_customer", "reader_family", "facts_checked"} <= {i.key for i in items}
    for item in items:
        posts.sign_item(db, ceo if item.key.startswith("reader") else lead, post.id, item.key)
    assert posts.review_post(db, lead, post.id, "approve").state == "approved"
    detail = posts.review_detail(db, lead, post.id)
    assert set(detail.signed) == {i.key for i in items}
    with pytest.raises(InvalidInput, match="unknown review policy"):
        workspace.set_review_policy(db, admin, approvers=3)


def test_signatures_belong_to_one_version(db, team):
    ceo, lead = team.actor(Role.EXECUTIVE), team.actor(Role.REVIEWER)
    post = posts.create_draft(db, ceo, team.executive_id, "x", PLAIN)
    assert posts.sign_item(db, lead, post.id, "links_opened") == ("links_opened",)
    assert posts.sign_item(db, lead, post.id, "links_opened") == ("links_opened",)  # idempotent
    posts.edit_post(db, ceo, post.id, PLAIN + " Proud of them.")
    assert posts.review_detail(db, lead, post.id).signed == {}
    with pytest.raises(InvalidInput, match="unknown checklist item"):
        posts.sign_item(db, lead, post.id, "vibes")


def test_editing_a_scheduled_post_voids_the_approval_but_keeps_the_wanted_time(db, team):
    ceo, lead = team.actor(Role.EXECUTIVE), team.actor(Role.REVIEWER)
    post_id = approved_post(db, team, author=ceo)
    when = publishing.schedule_post(db, lead, post_id, utcnow() + timedelta(hours=2)).scheduled_at
    edited = posts.edit_post(db, ceo, post_id, PLAIN + " Edited.")
    assert edited.state == "draft" and edited.scheduled_at == when
    posts.submit_for_review(db, ceo, post_id)
    assert posts.review_post(db, lead, post_id, "approve").state == "scheduled"  # approved again: back on time


def test_scheduling_uses_the_executive_time_zone_and_refuses_skipped_times(db, team):
    lead = team.actor(Role.REVIEWER)
    post_id = approved_post(db, team, reviewer=team.actor(Role.REVIEWER))
    year = utcnow().year + 1
    view = publishing.schedule_post(db, lead, post_id, datetime(year, 7, 1, 9, 0))  # Paris summer: UTC+2
    assert view.state == "scheduled" and (view.scheduled_at.hour, view.scheduled_at.minute) == (7, 0)
    with pytest.raises(InvalidInput, match="does not exist"):
        local_to_utc(datetime(2026, 3, 29, 2, 30), "Europe/Paris")
    assert local_to_utc(datetime(2026, 10, 25, 2, 30), "Europe/Paris").hour == 0  # first of the two 02:30
    with pytest.raises(InvalidInput, match="in the past"):
        publishing.schedule_post(db, lead, post_id, utcnow() - timedelta(hours=1))


def test_a_post_not_approved_by_its_time_expires_and_is_never_published(db, team):
    ceo, lead = team.actor(Role.EXECUTIVE), team.actor(Role.REVIEWER)
    post = posts.create_draft(db, ceo, team.executive_id, "x", PLAIN)
    posts.submit_for_review(db, ceo, post.id)
    when = utcnow() + timedelta(minutes=5)
    assert publishing.schedule_post(db, lead, post.id, when).state == "in_review"
    assert publishing.expire_overdue(db, now=when - timedelta(seconds=1)) == []
    assert publishing.expire_overdue(db, now=when + timedelta(seconds=1)) == [post.id]
    view = posts.get_post(db, ceo, post.id)
    assert view.state == "expired" and "not approved" in view.last_error
    with pytest.raises(InvalidTransition):
        posts.review_post(db, lead, post.id, "approve")
    assert posts.edit_post(db, ceo, post.id, PLAIN + " Again.").state == "draft"  # back to work, no time
    assert _events(db, post.id)[-2:] == ["post.expired", "post.edited"]
