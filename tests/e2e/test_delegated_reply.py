"""In a real browser: delegate claims a press mention, drafts, submits; the executive approves; sent (dry run)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_idle

pytestmark = pytest.mark.e2e


def open_inbox(page) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Inbox").click()
    page.get_by_role("heading", name="Inbox").first.wait_for()
    wait_idle(page)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()


def test_delegate_claims_drafts_and_the_executive_approves(page, app_url):
    sign_in(page, app_url, "sam@lumengrid.example", "delegate-demo-1")
    open_inbox(page)
    page.get_by_text("Dry run", exact=True).first.wait_for()
    # Only press mentions: the policy holds those for approval whatever the hour.
    page.locator('[data-testid="stMultiSelect"]').filter(has_text="Class").locator("input").click()
    page.get_by_role("option", name="press", exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)
    # A press question with no escalation topic in it (the demo also has one about layoffs).
    wait_idle(page)
    page.get_by_role("combobox", name="Mention").last.click()  # .last: a rerun may leave the old one briefly
    page.keyboard.type("reporter here")
    page.get_by_role("option").first.click()
    wait_idle(page)
    claim = page.get_by_role("button", name="Claim", exact=True)
    if claim.count():  # the demo may already have Sam holding it
        claim.click()
        page.get_by_text(re.compile(r"You hold mention \d+")).wait_for()
    page.get_by_role("button", name="Draft three replies").click()
    use = page.get_by_role("button", name="Use this draft")
    expect(use).to_have_count(3)
    use.first.click()
    wait_idle(page)
    reply = page.get_by_role("textbox", name="Reply").last
    expect(reply).to_have_value(re.compile(r"\^SP$"))
    screenshot(page, "delegated-reply-draft")
    wait_idle(page)
    page.get_by_role("button", name="Send or submit reply").click()
    page.get_by_text(re.compile(r"waits for approval: press mentions need approval")).wait_for()
    sign_out(page)

    sign_in(page, app_url, "maya@lumengrid.example", "executive-demo-1")
    open_inbox(page)
    page.get_by_role("tab", name="Waiting for your approval").click()
    page.get_by_text("press mentions need approval").first.wait_for()
    screenshot(page, "delegated-reply-approval")
    page.get_by_role("button", name="Approve and send").first.click()
    page.get_by_text(re.compile(r"Reply \d+ is sent \(dry run\)")).wait_for()
    page.get_by_role("tab", name="Said on your behalf").click()
    page.get_by_text(re.compile(r"repl(y|ies) sent in your name")).wait_for()
    sign_out(page)

    # The response-time page attributes the answer to a delegate.
    sign_in(page, app_url, "riley@lumengrid.example", "reviewer-demo-1")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Response times").click()
    # The grid draws on a canvas; its DOM cells exist for accessibility but are hidden.
    page.locator("[role=gridcell]", has_text="delegate").first.wait_for(state="attached")
    screenshot(page, "delegated-reply-response-times")
