"""In a real browser: a member chooses what they are e-mailed about, and the choice survives a refresh."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_idle

pytestmark = pytest.mark.e2e


def _open_account(page) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="My account").click()
    page.get_by_role("heading", name="E-mail notifications").wait_for()
    wait_idle(page)


def _box(page, label: str):
    return page.locator('[data-testid="stCheckbox"]').filter(has_text=label).locator("input")


def _set(page, label: str, on: bool) -> None:
    """Click the checkbox's label, as a person does, and wait until the browser shows the new state."""
    if _box(page, label).is_checked() != on:
        page.locator('[data-testid="stCheckbox"]').filter(has_text=label).locator("label").first.click()
    if on:
        expect(_box(page, label)).to_be_checked()
    else:
        expect(_box(page, label)).not_to_be_checked()


def test_a_delegate_turns_a_kind_off_and_sets_quiet_hours(page, app_url):
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, app_url, "sam@lumengrid.example", "delegate-demo-1")
    _open_account(page)
    expect(page.get_by_text("no SMTP_URL")).to_be_visible()  # said plainly when e-mail is not set up
    expect(_box(page, "Escalation")).to_be_checked()  # by default every kind is on
    _set(page, "Escalation", False)
    _set(page, "Quiet hours", True)
    page.get_by_role("button", name="Save notification preferences").click()
    page.get_by_text("Notification preferences saved.").wait_for()
    wait_idle(page)
    screenshot(page, "notifications-account-1440")
    assert page.locator('[data-testid="stException"]').count() == 0

    page.reload()  # the choice is stored, not held by the page
    page.get_by_role("heading", name="E-mail notifications").wait_for()
    wait_idle(page)
    expect(_box(page, "Escalation")).not_to_be_checked()
    expect(_box(page, "Quiet hours")).to_be_checked()
    expect(_box(page, "Review requested")).to_be_checked()

    page.set_viewport_size({"width": 390, "height": 844})  # on a phone the form stays usable
    page.get_by_role("button", name="Save notification preferences").scroll_into_view_if_needed()
    expect(page.get_by_role("button", name="Save notification preferences")).to_be_visible()
    screenshot(page, "notifications-account-390")
    # put the demo member back as they were
    _set(page, "Escalation", True)
    _set(page, "Quiet hours", False)
    page.get_by_role("button", name="Save notification preferences").click()
    page.get_by_text("Notification preferences saved.").wait_for()


def test_an_admin_adds_the_workspace_webhook_in_settings(page, app_url):
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, app_url, "admin@lumengrid.example", "admin-demo-12")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Settings").click()
    page.get_by_role("heading", name="Settings").first.wait_for()
    wait_idle(page)
    page.get_by_text("Notifications", exact=True).click()  # the expander
    expect(page.get_by_text("Webhook: none.")).to_be_visible()
    address = page.get_by_role("textbox", name="Incoming webhook address")
    address.fill("https://hooks.slack.com/services/T01/B02/e2e-secret-token")
    page.get_by_role("button", name="Save webhook").click()
    page.get_by_text("Webhook saved.").wait_for()
    wait_idle(page)
    if not page.get_by_text("Webhook: posting to hooks.slack.com.").is_visible():
        page.get_by_text("Notifications", exact=True).click()
    expect(page.get_by_text("Webhook: posting to hooks.slack.com.")).to_be_visible()
    expect(page.get_by_text("e2e-secret-token")).to_have_count(0)  # never shown back
    assert page.get_by_role("textbox", name="Incoming webhook address").input_value() == ""
    page.get_by_role("button", name="Remove webhook").scroll_into_view_if_needed()
    screenshot(page, "notifications-settings-webhook-1440")
    page.get_by_role("button", name="Remove webhook").click()
    page.get_by_text("Webhook removed.").wait_for()
