"""The review page as the demo reviewer: queue, diff, sign-off (one by one or all at once), decisions that
keep the reviewer where they were, the comment box that belongs to one post, and a schedule shown as set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from assistant.services import posts, publishing, workspace
from tests.app.conftest import signed_in_app

REVIEWER = "riley@lumengrid.example"
TEXT = "Met the Dayton apprentices today. Twelve new electricians, and every one of them asked sharp questions."
READY = "Approved, scheduled and failed"


def _submitted(db, text: str = TEXT) -> int:
    ceo = workspace.actor_for_email(db, "maya@lumengrid.example")
    executive_id = workspace.list_executives(db, ceo)[0].id
    post = posts.create_draft(db, ceo, executive_id, "x", text)
    posts.submit_for_review(db, ceo, post.id)
    return post.id


def _open(db):
    at = signed_in_app(db, REVIEWER)
    at.run()
    at.switch_page("pages/review.py").run()
    assert not at.exception, at.exception
    return at


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_the_reviewer_signs_an_item_approves_schedules_and_publishes_in_dry_run(demo_db):
    post_id = _submitted(demo_db)
    at = _open(demo_db)
    assert at.title[0].value == "Review"
    assert any("Dry-run mode" in i.value for i in at.info)
    at.selectbox(key="post").select(post_id).run()
    assert TEXT.split()[0] in "".join(m.value for m in at.markdown)
    sign = next(b for b in at.button if b.key and b.key.startswith("sign_") and not b.key.startswith("sign_all"))
    sign.click().run()
    assert not at.exception and any("Signed" in s.value for s in at.success)
    assert at.selectbox(key="post").value == post_id  # the page stayed on this post
    _button(at, "Approve").click().run()
    assert not at.exception
    assert any(f"Post {post_id}: approve recorded" in s.value for s in at.success)
    reviewer = workspace.actor_for_email(demo_db, REVIEWER)
    assert posts.get_post(demo_db, reviewer, post_id).state == "approved"
    assert at.segmented_control(key="section").value == "Waiting for review"  # still where the reviewer was
    at.segmented_control(key="section").set_value(READY).run()
    at.button(key=f"schedule_{post_id}").click().run()
    assert not at.exception
    assert posts.get_post(demo_db, reviewer, post_id).state == "scheduled"
    assert at.segmented_control(key="section").value == READY
    assert any(f"Post {post_id} scheduled for" in s.value for s in at.success)


def test_request_changes_needs_a_comment_and_is_shown_as_an_error(demo_db):
    post_id = _submitted(demo_db)
    at = _open(demo_db)
    at.selectbox(key="post").select(post_id).run()
    _button(at, "Request changes").click().run()
    assert any("comment" in e.value for e in at.error)
    at.text_input(key=f"comment_{post_id}_v1").input("Name the apprentices' trade school too.")
    _button(at, "Request changes").click().run()
    reviewer = workspace.actor_for_email(demo_db, REVIEWER)
    assert posts.get_post(demo_db, reviewer, post_id).state == "changes_requested"


def test_the_comment_box_belongs_to_the_post(demo_db):
    first, second = _submitted(demo_db), _submitted(demo_db, TEXT.replace("Dayton", "Toledo"))
    at = _open(demo_db)
    at.selectbox(key="post").select(first).run()
    at.text_input(key=f"comment_{first}_v1").input("Only for the Dayton post.").run()
    at.selectbox(key="post").select(second).run()
    box = next(t for t in at.text_input if t.label == "Comment for the author")
    assert box.key == f"comment_{second}_v1" and box.value == ""
    _button(at, "Request changes").click().run()  # nothing carried over: the empty comment is refused
    assert any("comment" in e.value for e in at.error)
    reviewer = workspace.actor_for_email(demo_db, REVIEWER)
    assert posts.get_post(demo_db, reviewer, second).state == "in_review"


def test_sign_all_items_in_one_action(demo_db):
    post_id = _submitted(demo_db)
    at = _open(demo_db)
    at.selectbox(key="post").select(post_id).run()
    reviewer = workspace.actor_for_email(demo_db, REVIEWER)
    items = posts.attested_items(demo_db, reviewer)
    assert len(items) == 7  # four readers, facts, links, tags
    listed = " ".join(m.value for m in at.markdown)
    assert all(i.label in listed.replace("\\", "") for i in items)  # the list is shown beside the action
    at.button(key=f"sign_all_{post_id}_v1").click().run()
    assert not at.exception
    assert set(posts.review_detail(demo_db, reviewer, post_id).signed) == {i.key for i in items}
    assert any(s.value.startswith(f"Signed {len(items)} items") for s in at.success)
    assert at.selectbox(key="post").value == post_id
    assert not [b for b in at.button if b.key and b.key.startswith("sign_")]  # nothing left to sign


def test_the_diff_has_no_literal_tildes_and_findings_are_highlighted(demo_db):
    text = "Thanks to the Dayton crew. The night shift was great. We guarantee the best results, 100% of the time."
    post_id = _submitted(demo_db, text)
    reviewer = workspace.actor_for_email(demo_db, REVIEWER)
    posts.edit_post(demo_db, reviewer, post_id, text.replace("The night shift was great. ", ""))
    at = _open(demo_db)
    at.selectbox(key="post").select(post_id).run()
    diff = next(m.value for m in at.markdown if ":red-background[" in m.value)
    # the deleted stretch is one block, the markers touching the words (so Markdown strikes it through)
    assert ":red-background[~~The night shift was great.~~]" in diff
    assert "~~ " not in diff and " ~~" not in diff
    # the finding (a guarantee: legal, warn) is highlighted in the reviewed text
    assert any(":orange-background[" in m.value and "guarantee" in m.value for m in at.markdown)


def test_a_scheduled_posts_fields_show_its_schedule_in_the_executives_zone(demo_db):
    reviewer = workspace.actor_for_email(demo_db, REVIEWER)
    post_id = _submitted(demo_db)
    posts.sign_all_items(demo_db, reviewer, post_id)
    posts.review_post(demo_db, reviewer, post_id, "approve")
    zone = ZoneInfo("America/New_York")  # the demo executive's zone
    wanted = (datetime.now(zone) + timedelta(days=3)).replace(hour=16, minute=45, second=0, microsecond=0)
    publishing.schedule_post(demo_db, reviewer, post_id, wanted.replace(tzinfo=None))
    at = _open(demo_db)
    at.segmented_control(key="section").set_value(READY).run()
    stamp = int(wanted.astimezone(UTC).timestamp())
    assert at.date_input(key=f"day_{post_id}_{stamp}").value == wanted.date()
    assert at.time_input(key=f"time_{post_id}_{stamp}").value == wanted.time()


def test_a_reviewer_edit_becomes_a_new_version(demo_db):
    post_id = _submitted(demo_db)
    at = _open(demo_db)
    at.selectbox(key="post").select(post_id).run()
    at.text_area(key=f"edit_{post_id}").input(TEXT.replace("sharp", "good")).run()
    _button(at, "Save my edit").click().run()
    assert not at.exception
    reviewer = workspace.actor_for_email(demo_db, REVIEWER)
    view = posts.get_post(demo_db, reviewer, post_id)
    assert [v.authorship for v in view.versions] == ["executive", "reviewer"] and view.state == "in_review"


def test_a_link_from_the_calendar_opens_that_post(demo_db):
    first, second = _submitted(demo_db), _submitted(demo_db, TEXT.replace("Dayton", "Akron"))
    at = signed_in_app(demo_db, REVIEWER)
    at.run()
    at.query_params["open"] = str(second)
    at.switch_page("pages/review.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="post").value == second != first
    assert "open" not in at.query_params  # used once: the reviewer's next choice is not overridden
    assert not at.warning, [w.value for w in at.warning]


def test_a_link_to_a_post_past_review_opens_the_approved_scheduled_and_failed_section(demo_db):
    """Notifications of a failed publish link to /review?open=<id>: the post's card is in the other section."""
    riley = workspace.actor_for_email(demo_db, REVIEWER)
    approved = next(p.id for p in posts.list_posts(demo_db, riley, states=("approved", "scheduled", "failed")))
    at = signed_in_app(demo_db, REVIEWER)
    at.run()
    at.query_params["open"] = str(approved)
    at.switch_page("pages/review.py").run()
    assert not at.exception, at.exception
    assert at.session_state["section"] == READY
    assert "open" not in at.query_params
