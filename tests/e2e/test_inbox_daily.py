"""In a real browser, the delegate's and the executive's daily inbox (issue 12, points 2-4 and 14-18):
most urgent first, search, click a row to open it, the policy outcome before drafting, a saved reply,
the signature once, the page staying on the mention after each action, a refresh, escalations on the
executive's home page opening the mention in the Inbox, and the same at 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_idle

pytestmark = pytest.mark.e2e

SAM = ("sam@lumengrid.example", "delegate-demo-1")
MAYA = ("maya@lumengrid.example", "executive-demo-1")
ROW = 35  # the data grid's row height in pixels (header row the same)


def nav(page, name: str) -> None:
    if not page.locator('[data-testid="stSidebarNav"]').is_visible():  # a phone: the sidebar starts closed
        page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name).click()
    page.get_by_role("heading", name=name).first.wait_for()
    wait_idle(page)


def grid_rows(page) -> list[list[str]]:
    """The mention table's cells, row by row (the grid draws on a canvas; its accessible table holds the text)."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.locator("[role=gridcell]").first.wait_for(state="attached")
    return grid.evaluate(
        """g => [...g.querySelectorAll('[role=row]')].slice(1).map(
            r => [...r.querySelectorAll('[role=gridcell]')].map(c => c.textContent.trim()))"""
    )


def rows_when(page, check, timeout_s: float = 20) -> list[list[str]]:
    """The table's rows once `check(rows)` holds (a rerun redraws the grid a moment after the input)."""
    for _ in range(int(timeout_s * 4)):
        rows = grid_rows(page)
        if check(rows):
            return rows
        page.wait_for_timeout(250)
    raise AssertionError(f"the table never matched: {rows[:3]}")


def click_row(page, index: int) -> None:
    """Click the row's selection box (the grid's first column), as a user selects a row."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + ROW * (index + 1) + ROW / 2)
    wait_idle(page)


def search(page, words: str) -> None:
    box = page.get_by_role("textbox", name="Search mentions")
    box.fill(words)
    box.press("Enter")
    wait_idle(page)


def open_panel(page):
    panel = page.locator(".st-key-open_mention")
    panel.wait_for()
    return panel


def signed_out(page) -> bool:
    return page.get_by_role("heading", name="Sign in").count() > 0


def test_the_delegates_inbox_day_and_the_executives_escalations(page, app_url):
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, app_url, *SAM)
    nav(page, "Inbox")
    rows = grid_rows(page)
    expect(page.locator('[class*="st-key-mention_card_"]').first).to_be_hidden()  # cards are for phones
    # most urgent first: the late press / investor / VIP mentions lead, the on-track ones follow
    assert rows[0][0].startswith("late by"), rows[:3]
    leading = [r for r in rows if r[0].startswith("late by")]
    classes = [r[3] for r in leading]
    assert classes[: classes.count("press") + classes.count("investor") + classes.count("vip")] == [
        c for c in classes if c in ("press", "investor", "vip")
    ], classes
    assert classes[0] in ("press", "investor", "vip") and len(leading) < len(rows)
    assert any(r[0].startswith("due in") for r in rows)  # countdowns in words, never minutes as a number
    assert re.search(r"(EST|EDT)$", rows[0][4]), rows[0]  # the executive's zone, named
    screenshot(page, "inbox-urgent-first")

    # search by author, click the row: the mention opens with the policy outcome, before any drafting
    search(page, "fund_alpha")
    rows_when(page, lambda rows: rows and all("fund_alpha" in r[1] for r in rows))
    click_row(page, 0)
    panel = open_panel(page)
    expect(
        panel.get_by_text(re.compile(r"^This reply will need .*approval: investor mentions need approval"))
    ).to_be_visible()
    mention_id = int(re.search(r"Mention #(\d+)", panel.inner_text()).group(1))
    assert page.url.endswith(f"mention={mention_id}")
    panel.get_by_role("button", name="Claim").click()
    wait_idle(page)
    panel = open_panel(page)
    expect(panel.get_by_text(f"You hold mention {mention_id}")).to_be_visible()  # shown on the mention itself

    # a saved reply, inserted into the editor; written on with the signature typed in the middle
    panel.get_by_text("Manage saved replies").click()
    page.get_by_role("textbox", name="Title").fill("Call back")
    page.get_by_role("textbox", name="Text (without a signature: sending signs it)").fill(
        "Thanks for flagging, we're on it and will call you today."
    )
    wait_idle(page)
    page.get_by_role("button", name="Save this reply for later").click()
    wait_idle(page)
    panel = open_panel(page)
    expect(panel.get_by_text("Call back: Thanks for flagging").first).to_be_visible()
    panel.get_by_role("button", name="Insert", exact=True).click()
    wait_idle(page)
    reply = panel.get_by_role("textbox", name="Reply", exact=True)
    expect(reply).to_have_value("Thanks for flagging, we're on it and will call you today.")
    reply.fill(reply.input_value() + " ^SP We'll call you today.")
    reply.press("Control+Enter")
    wait_idle(page)
    outgoing = "Thanks for flagging, we're on it and will call you today. We'll call you today. ^SP"
    expect(panel.get_by_text("Goes out exactly as:", exact=False)).to_be_visible()
    expect(panel.get_by_text(outgoing, exact=True)).to_be_visible()
    screenshot(page, "inbox-reply-preview")

    # a refresh mid-journey keeps the member signed in and the mention open (cookie sessions)
    page.reload()
    page.wait_for_load_state()
    page.get_by_role("heading", name=re.compile("Inbox|Sign in")).first.wait_for()
    wait_idle(page)
    screenshot(page, "inbox-after-refresh")
    if signed_out(page):  # without cookie sessions (issue 12 point 1) a refresh signs out: sign in again
        sign_in(page, app_url, *SAM)
        nav(page, "Inbox")
        search(page, "fund_alpha")
        rows_when(page, lambda rows: rows and all("fund_alpha" in r[1] for r in rows))
        click_row(page, 0)
    panel = open_panel(page)
    assert f"Mention #{mention_id}" in panel.inner_text()
    reply = panel.get_by_role("textbox", name="Reply", exact=True)
    reply.fill("Thanks for flagging, we're on it and will call you today. ^SP We'll call you today.")
    reply.press("Control+Enter")
    wait_idle(page)
    panel.get_by_role("button", name="Send or submit reply").click()
    wait_idle(page)
    panel = open_panel(page)  # the same mention, the result shown on it
    assert f"Mention #{mention_id}" in panel.inner_text()
    expect(
        panel.get_by_text(re.compile(r"Reply \d+ waits for approval: investor mentions need approval"))
    ).to_be_visible()
    expect(panel.get_by_text(outgoing, exact=True)).to_be_visible()  # the stored reply: signed once
    for _ in range(20):  # retried: the panel may still be redrawing (seen on PostgreSQL under load)
        if panel.inner_text().count("^SP") == 1:
            break
        page.wait_for_timeout(500)
    assert panel.inner_text().count("^SP") == 1
    screenshot(page, "inbox-reply-submitted")

    # an investor's question the delegate hands to Maya (the policy said so before anything was written)
    search(page, "cleantechcap")
    rows_when(page, lambda rows: len(rows) == 1 and "cleantechcap" in " ".join(rows[0]))
    click_row(page, 0)
    panel = open_panel(page)
    expect(panel.get_by_text(re.compile(r"^This reply will need .*investor mentions need approval"))).to_be_visible()
    escalated_id = int(re.search(r"Mention #(\d+)", panel.inner_text()).group(1))
    panel.get_by_role("button", name="Escalate to the executive").click()
    wait_idle(page)
    expect(open_panel(page).get_by_text(f"Mention {escalated_id} is escalated to the executive.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()

    # Maya: the escalation is listed on her home page with its SLA state, and the link opens it
    sign_in(page, app_url, *MAYA)
    page.get_by_role("heading", name=re.compile(r"Mentions escalated to you \(\d+\)")).wait_for()
    link = page.get_by_role("link", name=f"Open mention {escalated_id} in Inbox")
    card = page.locator(f".st-key-escalated_{escalated_id}")
    expect(card).to_contain_text(re.compile(r"(late by|due in) \d+"))
    expect(card).to_contain_text("is the new Texas site still on track")
    screenshot(page, "home-escalated")
    link.click()
    page.get_by_role("heading", name="Inbox").first.wait_for()
    wait_idle(page)
    assert f"Mention #{escalated_id}" in open_panel(page).inner_text()
    screenshot(page, "inbox-opened-from-home")

    # approving a held reply keeps Maya on the approvals tab, with the result there
    page.get_by_role("tab", name="Waiting for your approval").click()
    wait_idle(page)
    page.get_by_role("button", name="Approve and send").first.click()
    wait_idle(page)
    expect(page.get_by_role("tab", name="Waiting for your approval")).to_have_attribute("aria-selected", "true")
    page.get_by_text(re.compile(r"Reply \d+ is sent \(dry run\)")).wait_for()
    page.get_by_role("tab", name="Said on your behalf").click()
    wait_idle(page)
    said = page.locator('[data-testid="stDataFrame"]').last
    said.locator("[role=gridcell]").first.wait_for(state="attached")
    expect(said).to_contain_text(outgoing)  # retried: the grid may still show its previous render


def test_the_inbox_on_a_phone(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        sign_in(page, app_url, *SAM)
        nav(page, "Inbox")
        # closed again after navigating (a script closes it once the page is drawn: retried under load)
        expect(page.locator('[data-testid="stSidebarNav"]')).to_be_hidden()
        # a phone gets cards, not the wide table; the most urgent first
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_hidden()
        first_card = page.locator('[class*="st-key-mention_card_"]').first
        expect(first_card).to_be_visible()
        assert first_card.inner_text().startswith("late by")
        screenshot(page, "phone-inbox")
        first_card.get_by_role("button", name=re.compile(r"^Open mention \d+$")).click()
        wait_idle(page)
        panel = open_panel(page)
        expect(panel.get_by_text(re.compile(r"^(This reply will need|Escalates to|Goes out directly)"))).to_be_visible()
        claim = panel.get_by_role("button", name="Claim")
        box = claim.bounding_box()
        assert box["width"] >= 300 and box["height"] >= 36  # a full-width button a thumb can hit
        panel.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot(page, "phone-inbox-mention")))  # the viewport, where the thumb is
    finally:
        context.close()


def test_the_home_page_on_a_phone_opens_each_waiting_item(browser, app_url):
    """390 px: the figures fold into one line so the queues come first, and each item's card opens that very
    item (a post sent back opens in Compose, ready to edit)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        sign_in(page, app_url, *MAYA)
        page.get_by_role("heading", name="What waits for me").first.wait_for()
        wait_idle(page)
        expect(page.locator('[data-testid="stMetric"]').first).to_be_hidden()
        expect(page.get_by_text(re.compile(r"\d+ waiting for review · \d+ changes requested"))).to_be_visible()
        link = page.get_by_role("link", name=re.compile(r"Open post \d+ in Compose")).first
        post_id = re.search(r"Open post (\d+)", link.inner_text()).group(1)
        screenshot(page, "phone-home")
        link.click()
        page.get_by_role("heading", name="Compose").first.wait_for()
        wait_idle(page)
        assert page.url.endswith(f"/compose?post={post_id}")
        expect(page.get_by_text(f"Editing post {post_id}")).to_be_visible()
    finally:
        context.close()
