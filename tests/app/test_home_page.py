"""What waits for me, per role, on the seeded demo workspace: the queues come from the services."""

from __future__ import annotations

from assistant.domain.roles import Role
from assistant.services import posts, waiting, workspace
from tests.app.conftest import signed_in_app

MAYA, SAM, RILEY, ADMIN = (f"{n}@lumengrid.example" for n in ("maya", "sam", "riley", "admin"))


def _home(db, email: str):
    at = signed_in_app(db, email).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "What waits for me"
    return at


def _subheaders(at) -> list[str]:
    return [s.value for s in at.subheader]


def test_the_reviewer_sees_pending_reviews_soonest_first_with_a_link_to_review(demo_db):
    ceo = workspace.actor_for_email(demo_db, MAYA)
    reviewer = workspace.actor_for_email(demo_db, RILEY)
    executive_id = workspace.list_executives(demo_db, ceo)[0].id
    post = posts.create_draft(demo_db, ceo, executive_id, "x", "Visiting the Dayton plant tomorrow. Questions?")
    posts.submit_for_review(demo_db, ceo, post.id)
    at = _home(demo_db, RILEY)
    queue = posts.review_queue(demo_db, reviewer)
    assert f"Posts waiting for your review ({len(queue)})" in _subheaders(at)
    # one card per post, in the service's order (soonest scheduled, then oldest), each opening that post
    links = [el for el in at.get("page_link") if el.proto.label.startswith("Open post ")]
    assert [el.proto.query_string for el in links][: len(queue)] == [f"open={i}" for i in queue]
    assert all(el.proto.page.endswith("review") for el in links[: len(queue)])
    assert "Visiting the Dayton plant" in " ".join(t.value for t in at.text)
    assert "Changes requested on your posts" not in " ".join(_subheaders(at))  # not a reviewer's queue


def test_the_executive_sees_changes_requested_with_the_reviewers_comment(demo_db):
    ceo = workspace.actor_for_email(demo_db, MAYA)
    reviewer = workspace.actor_for_email(demo_db, RILEY)
    executive_id = workspace.list_executives(demo_db, ceo)[0].id
    post = posts.create_draft(demo_db, ceo, executive_id, "x", "Our storage line doubled output this quarter.")
    posts.submit_for_review(demo_db, ceo, post.id)
    posts.review_post(demo_db, reviewer, post.id, "request_changes", "Wait for the results release.")
    at = _home(demo_db, MAYA)
    heads = _subheaders(at)
    queues = {q.key: q for q in waiting.what_waits_for(demo_db, ceo)}
    assert f"Changes requested on your posts ({len(queues['changes'].items)})" in heads
    assert any(h.startswith("Posts needing your attention") for h in heads)
    shown = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Wait for the results release." in shown
    opens = [el.proto.query_string for el in at.get("page_link") if el.proto.page.endswith("compose")]
    assert f"post={post.id}" in opens  # the card opens that post in Compose, to edit and resubmit
    assert "Posts waiting for your review" not in " ".join(heads)


def test_replies_awaiting_approval_come_from_the_replies_service_or_are_not_shown(demo_db):
    ceo = workspace.actor_for_email(demo_db, MAYA)
    heads = " ".join(_subheaders(_home(demo_db, MAYA)))
    queues = {q.key: q for q in waiting.what_waits_for(demo_db, ceo)}
    try:
        from assistant.services.replies import approval_queue
    except ImportError:
        assert "replies" not in queues and "Replies awaiting" not in heads  # never a made-up number
        return
    expected = len(approval_queue(demo_db, ceo)[: waiting.LIMIT])
    assert f"Replies awaiting your approval ({expected})" in heads


def test_the_delegate_sees_held_mentions_and_drafts_sent_back(demo_db):
    sam = workspace.actor_for_email(demo_db, SAM)
    at = _home(demo_db, SAM)
    heads = _subheaders(at)
    queues = {q.key: q for q in waiting.what_waits_for(demo_db, sam)}
    assert set(queues) == {"changes", "mentions"}
    assert f"Mentions you hold ({len(queues['mentions'].items)})" in heads
    assert f"Drafts sent back to you ({len(queues['changes'].items)})" in heads
    assert all(i.kind == "mention" for i in queues["mentions"].items)


def test_the_admin_has_no_queue_and_is_told_so(demo_db):
    admin = workspace.actor_for_email(demo_db, ADMIN)
    assert Role.ADMIN in admin.roles and waiting.what_waits_for(demo_db, admin) == []
    at = _home(demo_db, ADMIN)
    assert any("No queue belongs to your roles" in c.value for c in at.caption)


def test_the_executive_sees_escalated_mentions_with_their_sla_state_and_a_link(demo_db):
    from datetime import timedelta

    from assistant.clock import utcnow
    from assistant.services import mentions
    from assistant.storage.models import Mention

    sam = workspace.actor_for_email(demo_db, SAM)
    with demo_db.writing() as session:
        m = session.query(Mention).filter(Mention.state == "new").order_by(Mention.id).first()
        m.sla_class, m.posted_at, m.text = "press", utcnow() - timedelta(hours=3), "@mayaokafor a comment, please?"
        mention_id = m.id
    mentions.escalate_mention(demo_db, sam, mention_id, "for Maya")
    at = _home(demo_db, MAYA)
    heads = _subheaders(at)
    escalated = next(h for h in heads if h.startswith("Mentions escalated to you"))
    assert escalated != "Mentions escalated to you (0)"
    shown = " ".join(md.value for md in at.markdown)
    assert "**late by 2 h" in shown  # 3 h after posting on the press class's 60-minute calendar clock
    links = [el for el in at.get("page_link") if f"Open mention {mention_id} in Inbox" in el.proto.label]
    assert len(links) == 1 and links[0].proto.page.endswith("inbox")
    assert f"mention={mention_id}" in links[0].proto.query_string
