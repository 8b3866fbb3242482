"""Compose's daily loop in headless Chromium against a real `streamlit run` (issue 12, points 5-9):
the checklist follows typing without a click away, the editor is empty in the browser after Save,
a post sent back for changes opens from its deep link with the reviewer's comment and findings,
is edited and resubmitted (a new version of the same post), survives a refresh; a double click
makes one post; a blocked post asks first; the LinkedIn preview shows the fold; a phone-sized run.

This module starts its own server so the test can act as the reviewer through the service layer
and count posts in the database the app writes to."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assistant.services import posts
from assistant.services.workspace import actor_for_email
from assistant.storage.db import Database
from assistant.storage.models import Post, PostVersion
from tests.conftest import fresh_database_url
from tests.e2e.conftest import screenshot, seeded_demo, served_app, sign_in, wait_idle

pytestmark = pytest.mark.e2e

MAYA = ("maya@lumengrid.example", "executive-demo-1")


@pytest.fixture(scope="module")
def compose_app(tmp_path_factory) -> Iterator[tuple[str, Database]]:
    """(app url, the database it uses)."""
    for db_url in fresh_database_url(tmp_path_factory.mktemp("compose-e2e")):
        db = seeded_demo(db_url)
        try:
            with served_app(db_url) as url:
                yield url, db
        finally:
            db.engine.dispose()


def _open_compose(page, url: str) -> None:
    sign_in(page, url, *MAYA)
    nav = page.locator('[data-testid="stSidebarNav"]')
    if not nav.is_visible():  # a phone: the sidebar starts closed
        page.locator('[data-testid="stExpandSidebarButton"]').first.click()
    nav.get_by_role("link", name="Compose").click()
    page.get_by_role("heading", name="Compose").first.wait_for()
    wait_idle(page)


def _post_box(page):
    return page.get_by_role("textbox", name="Post", exact=True)


def _focused_label(page) -> str | None:
    return page.evaluate(
        """() => { let el = document.activeElement;
                   while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
                   return el ? el.getAttribute('aria-label') : null; }"""
    )


def _count(db: Database, text: str) -> list[tuple[int, str]]:
    with db.reading() as session:
        rows = session.execute(
            select(Post.id, Post.state)
            .join(PostVersion, PostVersion.post_id == Post.id)
            .where(PostVersion.text == text, PostVersion.number == 1)
        )
        return [tuple(r) for r in rows]


def test_write_check_while_typing_save_reopen_edit_resubmit(page, compose_app):
    url, db = compose_app
    page.set_viewport_size({"width": 1440, "height": 900})
    _open_compose(page, url)
    draft_button = page.get_by_role("button", name="Save draft")
    expect(draft_button).to_be_disabled()
    three = page.get_by_role("button", name="Draft three versions")
    expect(three).to_be_disabled()
    idea = page.get_by_role("textbox", name="Idea, notes or a link")
    idea.click()
    idea.press_sequentially("Crews finished the Dayton line", delay=15)
    expect(three).to_be_enabled(timeout=10_000)  # while the cursor is still in the idea box
    assert _focused_label(page) == "Idea, notes or a link"

    box = _post_box(page)
    box.click()
    box.press_sequentially("We guarantee the best grid in Ohio. Revenue grew 40% this quarter.", delay=15)
    # No Tab, no click away: the checklist appears after the pause, and the cursor is still in the box.
    page.get_by_text("Blocked", exact=True).wait_for(timeout=10_000)
    assert _focused_label(page) == "Post"
    expect(draft_button).to_be_enabled()
    page.get_by_role("tab", name="Preview on X").wait_for()
    screenshot(page, "compose-typing-live-checklist")

    draft_button.click()
    saved = page.get_by_text(re.compile(r"Draft \d+ saved \(version 1\)\."))
    saved.wait_for()
    post_id = int(re.search(r"Draft (\d+)", saved.inner_text()).group(1))
    expect(_post_box(page)).to_have_value("")  # the browser's text area, not only the server's value
    expect(page.get_by_role("button", name="Save draft")).to_be_disabled()

    # Sent to review from the list, then back with a comment from Riley (the reviewer, via the service layer).
    maya = actor_for_email(db, MAYA[0])
    riley = actor_for_email(db, "riley@lumengrid.example")
    posts.submit_for_review(db, maya, post_id)
    posts.review_post(db, riley, post_id, "request_changes", "Drop the revenue figure; it is not filed yet.")

    page.goto(f"{url}/compose?post={post_id}")
    if page.get_by_role("textbox", name="Password").is_visible(timeout=5_000):  # no surviving session
        sign_in(page, url, *MAYA)
        page.goto(f"{url}/compose?post={post_id}")
    page.get_by_text(f"Editing post {post_id}").wait_for()
    page.get_by_text("Drop the revenue figure; it is not filed yet.", exact=True).wait_for()
    expect(_post_box(page)).to_have_value(re.compile("Revenue grew 40%"))
    screenshot(page, "compose-reopened-with-comment")

    page.reload()  # a refresh mid-journey keeps the member signed in and the post open
    page.get_by_text(f"Editing post {post_id}").wait_for()
    box = _post_box(page)
    expect(box).to_have_value(re.compile("Revenue grew 40%"))
    box.fill("Our crews connected the new substation in Dayton this week. Proud of them.")
    page.keyboard.press("Tab")
    wait_idle(page)
    page.get_by_role("button", name="Resubmit for review").click()
    page.get_by_text(f"Post {post_id} (version 2) is waiting for review.").wait_for()
    expect(_post_box(page)).to_have_value("")
    after = posts.get_post(db, maya, post_id)
    assert after.state == "in_review" and [v.number for v in after.versions] == [1, 2]
    assert after.text.startswith("Our crews connected")


def test_a_double_click_on_submit_makes_one_post(page, compose_app):
    url, db = compose_app
    _open_compose(page, url)
    text = "Thank you to the Dayton crews for a safe week on the new line."
    box = _post_box(page)
    box.fill(text)
    page.keyboard.press("Tab")
    wait_idle(page)
    page.get_by_role("button", name="Submit for review").dblclick()
    page.get_by_text("is waiting for review.").wait_for()
    wait_idle(page)
    made = _count(db, text)
    assert len(made) == 1 and made[0][1] == "in_review", made


def test_a_blocked_post_asks_for_confirmation_first(page, compose_app):
    url, db = compose_app
    _open_compose(page, url)
    text = "Revenue grew 40% this quarter, ahead of the filing."
    _post_box(page).fill(text)
    page.keyboard.press("Tab")
    wait_idle(page)
    page.get_by_role("button", name="Submit for review").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("The reviewer will see").wait_for()
    expect(dialog.get_by_text("disclosure")).to_be_visible()
    expect(dialog.get_by_text("reason for overriding", exact=False)).to_be_visible()
    assert _count(db, text) == []  # nothing sent while it asks
    screenshot(page, "compose-blocked-confirmation")
    dialog.get_by_role("button", name="Submit anyway").click()
    page.get_by_text("is waiting for review.").wait_for()
    made = _count(db, text)
    assert len(made) == 1 and made[0][1] == "in_review"


def test_the_linkedin_preview_shows_the_fold_on_a_phone(browser, compose_app):
    url, _ = compose_app
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        _open_compose(page, url)
        screenshot(page, "compose-phone-editor")
        page.get_by_text("LinkedIn", exact=True).click()
        wait_idle(page)
        text = " ".join(f"Sentence {i} on what our apprentices learned this year." for i in range(8))
        box = _post_box(page)
        box.click()
        box.press_sequentially(text, delay=2)
        page.get_by_role("tab", name="Preview on LinkedIn").wait_for(timeout=15_000)
        page.get_by_role("tab", name="Preview on LinkedIn").click()
        page.get_by_text("see more", exact=True).wait_for()
        page.get_by_text(re.compile(r"readers see about the first 210")).wait_for()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
        screenshot(page, "compose-phone-linkedin-preview")
    finally:
        context.close()
