"""The review page as the demo reviewer: queue, diff, sign-off, decisions, scheduling, dry-run publishing."""

from __future__ import annotations

from assistant.services import posts, workspace
from tests.app.conftest import signed_in_app

REVIEWER = "riley@lumengrid.example"
TEXT = "Met the Dayton apprentices today. Twelve new electricians, and every one of them asked sharp questions."


def _submitted(db) -> int:
    ceo = workspace.actor_for_email(db, "maya@lumengrid.example")
    executive_id = workspace.list_executives(db, ceo)[0].id
    post = posts.create_draft(db, ceo, executive_id, "x", TEXT)
    posts.submit_for_review(db, ceo, post.id)
    return post.id


def _open(db):
    at = signed_in_app(db, REVIEWER)
    at.run()
    at.switch_page("pages/review.py").run()
    assert not at.exception, at.exception
    return at


def test_the_reviewer_signs_an_item_approves_schedules_and_publishes_in_dry_run(demo_db):
    post_id = _submitted(demo_db)
    at = _open(demo_db)
    assert at.title[0].value == "Review"
    assert any("Dry-run mode" in i.value for i in at.info)
    at.selectbox[0].select(post_id).run()
    assert TEXT.split()[0] in "".join(m.value for m in at.markdown)
    sign = next(b for b in at.button if b.key and b.key.startswith("sign_"))
    sign.click().run()
    assert not at.exception and any("Signed" in s.value for s in at.success)
    at.selectbox[0].select(post_id).run()
    next(b for b in at.button if b.label == "Approve").click().run()
    assert not at.exception
    assert any(f"Post {post_id}: approve recorded" in s.value for s in at.success)
    reviewer = workspace.actor_for_email(demo_db, REVIEWER)
    assert posts.get_post(demo_db, reviewer, post_id).state == "approved"
    at.button(key=f"schedule_{post_id}").click().run()
    assert not at.exception
    assert posts.get_post(demo_db, reviewer, post_id).state == "scheduled"


def test_request_changes_needs_a_comment_and_is_shown_as_an_error(demo_db):
    post_id = _submitted(demo_db)
    at = _open(demo_db)
    at.selectbox[0].select(post_id).run()
    next(b for b in at.button if b.label == "Request changes").click().run()
    assert any("comment" in e.value for e in at.error)
    at.text_input[0].input("Name the apprentices' trade school too.")
    next(b for b in at.button if b.label == "Request changes").click().run()
    reviewer = workspace.actor_for_email(demo_db, REVIEWER)
    assert posts.get_post(demo_db, reviewer, post_id).state == "changes_requested"


def test_a_reviewer_edit_becomes_a_new_version(demo_db):
    post_id = _submitted(demo_db)
    at = _open(demo_db)
    at.selectbox[0].select(post_id).run()
    at.text_area(key=f"edit_{post_id}").input(TEXT.replace("sharp", "good")).run()
    next(b for b in at.button if b.label == "Save my edit").click().run()
    assert not at.exception
    reviewer = workspace.actor_for_email(demo_db, REVIEWER)
    view = posts.get_post(demo_db, reviewer, post_id)
    assert [v.authorship for v in view.versions] == ["executive", "reviewer"] and view.state == "in_review"
