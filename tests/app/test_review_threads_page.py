"""The review page for a long X post: the split preview, and the thread choice saved through the service."""

from __future__ import annotations

from assistant.checklist.threads import split_thread
from assistant.services import posts, workspace
from tests.app.conftest import signed_in_app

LONG = " ".join(
    [
        "Ten years ago we started Lumengrid in a garage with two used inverters and some stubbornness.",
        "Today we ship home storage to forty states, and I want to say thank you properly.",
        "To our Dayton night shift: you cut cell rework by a third, and nobody asked you to.",
        "To our installers: you kept going through the worst permitting year we have had.",
        "Thank you for a decade.",
    ]
)


def test_the_reviewer_sees_the_split_and_turns_the_thread_on(demo_db):
    ceo = workspace.actor_for_email(demo_db, "maya@lumengrid.example")
    reviewer = workspace.actor_for_email(demo_db, "riley@lumengrid.example")
    post = posts.create_draft(demo_db, ceo, workspace.list_executives(demo_db, ceo)[0].id, "x", LONG)
    posts.submit_for_review(demo_db, ceo, post.id)
    at = signed_in_app(demo_db, "riley@lumengrid.example").run()
    at.switch_page("pages/review.py").run()
    at.selectbox[0].select(post.id).run()
    assert not at.exception, at.exception
    parts = split_thread(LONG)
    markdown = " ".join(m.value for m in at.markdown)
    assert "Too long for one X post" in markdown
    captions = [c.value for c in at.caption]
    assert any(f"Split preview: {len(parts)} parts" in c for c in captions)
    assert any(c.startswith(f"Part {len(parts)} · ") for c in captions)
    toggle = at.toggle(key=f"thread_{post.id}")
    assert toggle.value is False
    toggle.set_value(True).run()
    assert not at.exception and any("as a thread" in s.value for s in at.success)
    assert posts.thread_preview(demo_db, reviewer, post.id).as_thread
