"""In a real browser: each demo member signs in and visits every page they may see, without errors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assistant import ui
from assistant.demo import DEMO_USERS
from tests.e2e.conftest import screenshot, sign_in, wait_idle

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("user", DEMO_USERS, ids=lambda u: u.email.split("@")[0])
def test_every_page_renders_for_each_demo_member(page, app_url, user):
    sign_in(page, app_url, user.email, user.password)
    visible = ui.pages_for(user.roles)
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav.locator("a")).to_have_count(len(visible))
    labels = [text.split("\n")[-1] for text in nav.locator("a").all_inner_texts()]  # icon name, then title
    assert sorted(labels) == sorted(p.title for p in visible)
    for spec in visible:
        nav.get_by_role("link", name=spec.title).click()
        page.get_by_role("heading", name=spec.title).first.wait_for()
        wait_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        screenshot(page, f"{user.email.split('@')[0]}-{spec.path.removeprefix('pages/').removesuffix('.py')}")


def test_wrong_password_shows_an_error_and_no_pages(page, app_url):
    page.goto(app_url)
    page.get_by_role("textbox", name="E-mail").fill("sam@lumengrid.example")
    page.get_by_role("textbox", name="Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("wrong e-mail or password").wait_for()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0


def test_a_reviewer_approves_the_waiting_post_in_the_browser(page, app_url):
    sign_in(page, app_url, "riley@lumengrid.example", "reviewer-demo-1")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Review").click()
    waiting = page.get_by_text(re.compile(r"^\d+ post\(s\) waiting"))
    before = int(waiting.inner_text().split()[0])
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("approve recorded").first.wait_for()  # also in a toast
    expect(page.get_by_text(re.compile(r"^\d+ post\(s\) waiting"))).to_have_text(
        re.compile(rf"^{before - 1} post\(s\) waiting")
    )
