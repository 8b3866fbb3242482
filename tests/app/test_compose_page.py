"""Compose in AppTest: idea -> three drafts -> pick -> live checklist -> submit for review."""

from __future__ import annotations

from assistant.services import posts
from assistant.services.workspace import actor_for_email
from tests.app.conftest import signed_in_app


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_idea_to_submitted_post_with_live_findings(demo_db):
    at = signed_in_app(demo_db, "maya@lumengrid.example").run()
    at.switch_page("pages/compose.py").run()
    assert "Offline drafter" in at.caption[0].value and "offline" in at.caption[0].value
    at.text_area(key="compose_idea").input("Our apprentices finished their first substation. Revenue grew 40%.").run()
    _button(at, "Draft three versions").click().run()
    assert not at.exception
    used = [b for b in at.button if b.label == "Use this draft"]
    assert len(used) == 3
    used[1].click().run()
    text = at.text_area(key="compose_text").value
    assert "apprentices" in text
    panel = " ".join(m.value for m in at.markdown)
    assert "Blocked" in panel and ":red-background[Revenue]" in panel and "disclosure" in panel
    _button(at, "Submit for review").click().run()
    assert [s.value for s in at.success][0].endswith("is waiting for review.")
    maya = actor_for_email(demo_db, "maya@lumengrid.example")
    waiting = posts.list_posts(demo_db, maya, states=("in_review",))
    submitted = next(p for p in waiting if p.text == text)
    assert submitted.versions[-1].authorship == "ai_assisted" and submitted.versions[-1].ai_model == "offline-v1"


def test_markdown_in_a_post_is_shown_as_text(demo_db):
    at = signed_in_app(demo_db, "sam@lumengrid.example").run()
    at.switch_page("pages/compose.py").run()
    at.text_area(key="compose_text").input("<script>alert(1)</script> **bold** guaranteed to cure cancer").run()
    assert not at.exception
    rendered = [m.value for m in at.markdown if "script" in m.value]
    assert rendered and all("\\<script\\>" in r and "\\*\\*bold\\*\\*" in r for r in rendered)


def test_a_long_x_post_can_be_sent_for_review_as_a_thread(demo_db):
    at = signed_in_app(demo_db, "maya@lumengrid.example").run()
    at.switch_page("pages/compose.py").run()
    long_text = " ".join(f"Sentence {i} about what our field crews taught me this year." for i in range(9))
    at.text_area(key="compose_text").input(long_text).run()
    at.checkbox(key="compose_thread").check().run()
    _button(at, "Submit for review").click().run()
    assert [s.value for s in at.success][0].endswith("is waiting for review.")
    maya = actor_for_email(demo_db, "maya@lumengrid.example")
    submitted = next(p for p in posts.list_posts(demo_db, maya, states=("in_review",)) if p.text == long_text)
    preview = posts.thread_preview(demo_db, maya, submitted.id)
    assert preview.as_thread and len(preview.parts) >= 2
