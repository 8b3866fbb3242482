"""In a real browser: idea -> three drafts -> pick -> edit -> live checklist -> submit for review."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_idle

pytestmark = pytest.mark.e2e


def test_the_executive_drafts_edits_and_submits(page, app_url):
    sign_in(page, app_url, "maya@lumengrid.example", "executive-demo-1")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Compose").click()
    page.get_by_role("heading", name="Compose").first.wait_for()
    page.get_by_text("Offline drafter (no AI model)").wait_for()
    page.get_by_role("textbox", name="Idea, notes or a link").fill(
        "Our apprentices wired their first substation in Dayton this week"
    )
    page.keyboard.press("Tab")
    wait_idle(page)
    page.get_by_role("button", name="Draft three versions").click()
    use = page.get_by_role("button", name="Use this draft")
    expect(use).to_have_count(3)
    expect(page.get_by_text("Voice fidelity")).to_have_count(3)
    use.nth(2).click()
    wait_idle(page)  # the editor is rebuilt with the chosen draft (a new widget, so it resets cleanly later)
    # the editor is a new widget holding the chosen draft; the old one may linger, stale, until the rerun ends
    page.wait_for_function(
        """() => { const boxes = [...document.querySelectorAll('textarea[aria-label="Post"]')];
                   return boxes.length === 1 && boxes[0].value.includes("substation"); }""",
        timeout=30_000,
    )
    post = page.get_by_role("textbox", name="Post")
    expect(post).to_have_value(re.compile("substation"))
    post.fill(post.input_value() + " We guarantee the best results, 100% of the time.")
    page.keyboard.press("Tab")  # leaving the box applies it at once (typing applies it after a pause)
    page.get_by_text("Needs a careful look").or_(page.get_by_text("Blocked")).first.wait_for()
    assert page.get_by_text("legal").count() >= 1
    screenshot(page, "compose-live-checklist")
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("is waiting for review.").wait_for()
