"""In a real browser: the executive submits, the reviewer sees the findings, signs every item, approves,
makes it due now, publishes in dry-run mode; the post ends `published` and is labelled DRY RUN.

Other browser tests share the demo database, so this one works only with the post it creates.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_idle

pytestmark = pytest.mark.e2e
WAIT = 30_000


def _open(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).first.wait_for()
    wait_idle(page)


def submit_post(page, app_url: str, text: str) -> int:
    """As the executive, in Compose: type the post, let the live checklist run, submit it."""
    sign_in(page, app_url, "maya@lumengrid.example", "executive-demo-1")
    _open(page, "Compose")
    page.get_by_role("textbox", name="Post").fill(text)
    page.keyboard.press("Tab")  # Streamlit applies a text area's value when it loses focus
    page.get_by_text("Needs a careful look").or_(page.get_by_text("Blocked")).first.wait_for()
    page.get_by_role("button", name="Submit for review").click()
    flash = page.get_by_text(re.compile(r"Post \d+ (\(version \d+\) )?is waiting for review\."))
    flash.wait_for()
    return int(re.search(r"Post (\d+)", flash.inner_text()).group(1))


def open_in_review(page, app_url: str, post_id: int) -> None:
    """As the reviewer: the Review page with this post selected in the queue."""
    sign_in(page, app_url, "riley@lumengrid.example", "reviewer-demo-1")
    _open(page, "Review")
    page.get_by_text("Dry-run mode").wait_for()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Post").click()
    page.get_by_role("option", name=re.compile(rf"^#{post_id} · ")).click()
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Post")).to_have_value(re.compile(rf"^#{post_id} · "))


def sign_every_item(page) -> int:
    """Click each Sign button in turn (each click reruns the page); returns how many were signed."""
    signed = 0
    sign = page.get_by_role("button", name="Sign", exact=True)
    while sign.count():
        before = sign.count()
        sign.first.click()
        expect(sign).to_have_count(before - 1, timeout=WAIT)
        signed += 1
    return signed


def test_author_to_reviewer_to_due_to_published_in_dry_run(page, browser, app_url):
    tag = uuid.uuid4().hex[:6]
    text = (
        f"Our Dayton apprentices ({tag}) wired their first substation this week. "
        "We guarantee the best results, 100% of the time."
    )
    post_id = submit_post(page, app_url, text)

    reviewer = browser.new_context(viewport={"width": 1400, "height": 1200}).new_page()
    reviewer.set_default_timeout(WAIT)
    open_in_review(reviewer, app_url, post_id)
    # The reviewer sees the checklist's findings for this version (issue 3: findings in a real browser).
    reviewer.get_by_text(re.compile(r"Checklist findings · Needs a careful look")).wait_for()
    expect(reviewer.get_by_text(re.compile(r"^warn · legal · ")).first).to_be_visible()
    assert sign_every_item(reviewer) >= 4
    expect(reviewer.get_by_text(re.compile(r"signed by Riley")).first).to_be_visible()
    screenshot(reviewer, "review-signed-items")
    reviewer.get_by_role("button", name="Approve").click()
    reviewer.get_by_text(f"Post {post_id}: approve recorded.").first.wait_for()  # the message, and the same in a toast

    # The post moved to "Approved, scheduled and failed" (the page stayed on the queue): open that section,
    # make it due now, then run the publisher.
    reviewer.locator('[data-testid="stButtonGroup"]').get_by_text("Approved, scheduled and failed", exact=True).click()
    wait_idle(reviewer)
    due_now = reviewer.locator(f".st-key-due_now_{post_id}").get_by_role("button", name="Due now")
    expect(due_now).to_be_visible()
    due_now.click()
    reviewer.get_by_text(f"Post {post_id} is due now").first.wait_for()  # the message, and the same in a toast
    reviewer.get_by_role("button", name="Publish due posts now").click()
    reviewer.get_by_text(
        re.compile(r"Published [1-9]\d*, failed 0 \(dry run\)")
    ).first.wait_for()  # the message, and the same in a toast
    heading = reviewer.get_by_text(re.compile(rf"^#{post_id} · x · published"))
    expect(heading).to_be_visible()
    card = reviewer.locator('[data-testid="stVerticalBlock"]').filter(has=heading).last  # the innermost block
    expect(card).to_contain_text("DRY RUN: not sent to X")
    card.scroll_into_view_if_needed()
    screenshot(reviewer, "review-published-dry-run")
    reviewer.context.close()
