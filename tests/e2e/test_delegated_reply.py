"""In a real browser: delegate claims a press mention, drafts, submits; the executive approves; sent (dry run)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_idle
from tests.e2e.test_inbox_daily import click_row, open_panel, rows_when, search

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
    # A press question with no escalation topic in it (the policy holds press replies for approval at any hour).
    search(page, "reporter here")
    rows_when(page, lambda rows: rows and all("reporter here" in " ".join(r) for r in rows))
    click_row(page, 0)
    panel = open_panel(page)
    held = panel.get_by_role("button", name=re.compile(r"^(Claim|Release)$"))
    expect(held).to_be_visible()  # the actions are drawn: now it is known whether Sam already holds it
    claim = panel.get_by_role("button", name="Claim", exact=True)
    if claim.count():  # the demo may already have Sam holding it
        claim.click()
        page.get_by_text(re.compile(r"You hold mention \d+")).wait_for()
    page.get_by_role("button", name="Draft three replies").click()
    wait_idle(page)
    use = page.get_by_role("button", name="Use this draft")
    expect(use).to_have_count(3, timeout=30_000)
    use.first.click()
    wait_idle(page)
    reply = page.get_by_role("textbox", name="Reply", exact=True)
    expect(reply).not_to_have_value(re.compile(r"\^SP"))  # the draft as the delegate edits it: unsigned
    expect(page.get_by_text(re.compile(r"^[^\n]+ \^SP$"))).to_be_visible()  # what goes out: signed once
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
    page.locator("[role=gridcell]", has_text="The team").first.wait_for(state="attached")  # delegates
    screenshot(page, "delegated-reply-response-times")
