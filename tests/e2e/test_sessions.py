"""In a real browser: a refresh, a deep link or a bookmark keeps the member signed in (issue 12 point 1),
and on a 390 px phone the sidebar closes after choosing a page (point 4)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assistant.services import workspace
from tests.e2e.conftest import screenshot, sign_in, wait_idle

pytestmark = pytest.mark.e2e

SAM = ("sam@lumengrid.example", "delegate-demo-1")
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _session_cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == workspace.COOKIE_NAME), None)


def _heading(page, name: str):
    return page.get_by_role("heading", name=name, exact=True).first


def _no_page_not_found(page) -> None:
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_a_refresh_and_a_typed_address_keep_the_member_signed_in(desktop, app_url):
    page = desktop
    sign_in(page, app_url, *SAM)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Inbox").click()
    _heading(page, "Inbox").wait_for()
    wait_idle(page)
    page.reload()
    _heading(page, "Inbox").wait_for()
    wait_idle(page)
    assert page.url == f"{app_url}/inbox"
    expect(page.get_by_role("heading", name="Sign in")).to_have_count(0)
    screenshot(page, "session-inbox-after-refresh")
    # A bookmark or a typed address in the same browser opens that page directly.
    page.goto(f"{app_url}/response_times")
    _heading(page, "Response times").wait_for()
    wait_idle(page)
    _no_page_not_found(page)
    expect(page.get_by_role("heading", name="Sign in")).to_have_count(0)


def test_the_session_cookie_is_httponly_and_lax(desktop, app_url):
    sign_in(desktop, app_url, *SAM)
    cookie = _session_cookie(desktop)
    assert cookie is not None
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert cookie["secure"] is False  # plain http on 127.0.0.1; Secure is set when served over https
    assert desktop.evaluate("document.cookie").find(workspace.COOKIE_NAME) == -1  # scripts cannot read it


def test_a_deep_link_without_a_session_asks_to_sign_in_then_opens_that_page(browser, app_url):
    context = browser.new_context(viewport=DESKTOP)  # a new browser profile: no cookie
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{app_url}/inbox")
        _heading(page, "Sign in").wait_for()
        wait_idle(page)
        _no_page_not_found(page)
        screenshot(page, "session-deep-link-sign-in")
        page.get_by_role("textbox", name="E-mail").fill(SAM[0])
        page.get_by_role("textbox", name="Password").fill(SAM[1])
        page.get_by_role("button", name="Sign in").click()
        _heading(page, "Inbox").wait_for()
        wait_idle(page)
        assert page.url == f"{app_url}/inbox"
        assert _session_cookie(page) is not None
    finally:
        context.close()


def test_a_page_of_another_role_says_so_instead_of_page_not_found(desktop, app_url):
    sign_in(desktop, app_url, *SAM)
    desktop.goto(f"{app_url}/review")
    desktop.get_by_text("This page is not available for your roles").wait_for()
    _no_page_not_found(desktop)
    expect(desktop.get_by_role("button", name="Approve")).to_have_count(0)


def test_sign_out_then_refresh_stays_signed_out_and_the_old_cookie_is_dead(desktop, app_url):
    page = desktop
    sign_in(page, app_url, *SAM)
    old = _session_cookie(page)
    assert old is not None
    page.get_by_role("button", name="Sign out").click()
    _heading(page, "Sign in").wait_for()
    assert _session_cookie(page) is None  # cleared by /session/end
    page.reload()
    _heading(page, "Sign in").wait_for()
    # Even a copy of the old cookie no longer signs in: the session was revoked on the server.
    page.context.add_cookies([{k: old[k] for k in ("name", "value", "domain", "path", "httpOnly", "sameSite")}])
    page.goto(f"{app_url}/inbox")
    _heading(page, "Sign in").wait_for()
    wait_idle(page)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    # Someone else signs in on the same browser: their own session, not the old one.
    sign_in(page, app_url, "riley@lumengrid.example", "reviewer-demo-1")
    expect(page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Review")).to_have_count(1)
    new = _session_cookie(page)
    assert new is not None and new["value"] != old["value"]


def test_on_a_phone_the_sidebar_closes_after_choosing_a_page(browser, app_url):
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        sign_in(page, app_url, *SAM)
        wait_idle(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_have_attribute("data-collapsed", "true")  # starts closed on a narrow screen
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        page.wait_for_timeout(500)  # let the slide-in finish for the screenshot
        screenshot(page, "phone-sidebar-open")
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Inbox").click()
        _heading(page, "Inbox").wait_for()
        wait_idle(page)
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        # What a thumb touches in the middle of the screen is the page, not the sidebar over it.
        covered = page.evaluate(
            "() => !!document.elementFromPoint(innerWidth / 2, innerHeight / 2).closest('[data-testid=stSidebar]')"
        )
        assert covered is False
        expect(page).to_have_url(re.compile(r"/inbox$"))
        screenshot(page, "phone-inbox-after-navigation")
    finally:
        context.close()


def test_a_link_to_one_item_keeps_its_item_through_the_sign_in(browser, app_url):
    """A notification's link (/review?open=<id>, /inbox?mention=<id>) opened signed out: after the sign-in
    form, that page opens with the same item asked for, not the bare page."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{app_url}/inbox?mention=3")
        _heading(page, "Sign in").wait_for()
        wait_idle(page)
        page.get_by_role("textbox", name="E-mail").fill(SAM[0])
        page.get_by_role("textbox", name="Password").fill(SAM[1])
        page.get_by_role("button", name="Sign in").click()
        _heading(page, "Inbox").wait_for()
        wait_idle(page)
        assert page.url == f"{app_url}/inbox?mention=3"
    finally:
        context.close()
