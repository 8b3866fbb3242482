"""In a real browser, as the reviewer (issue 12 points 2-4 and 10-13 for Review and the Calendar):
the comment box belongs to its post, every item signed in one action, a diff without literal tildes and
findings highlighted, a scheduled post's fields showing its schedule, a refresh mid-journey, the calendar's
week and month views with open-on-click and rescheduling, and the Review page on a 390 px phone.

This module runs its own `streamlit run` on its own demo database, so it knows exactly which posts exist
(the shared server's queue depends on which other browser tests ran first) and can check what was stored.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from assistant.services import posts, publishing, workspace
from tests.conftest import fresh_database_url
from tests.e2e.conftest import screenshot, seeded_demo, served_app, sign_in, wait_idle

pytestmark = pytest.mark.e2e
WAIT = 30_000
NEW_YORK = ZoneInfo("America/New_York")  # the demo executive's zone
SIGN_ALL = "I have read it as all four readers and checked facts, links, tags"
TEXT_A = "Post A: the Dayton apprentices wired their first substation this week. Proud of them."
TEXT_B = (
    "Post B: thanks to the Toledo crew. The night shift was great. We guarantee the best results, 100% of the time."
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The demo, plus two posts waiting for review (B edited by the delegate: a diff with a deletion) and
    one approved post scheduled for 16:45 New York time three days from now."""
    for db_url in fresh_database_url(tmp_path_factory.mktemp("e2e-review-calendar")):
        db = seeded_demo(db_url)
        maya = workspace.actor_for_email(db, "maya@lumengrid.example")
        sam = workspace.actor_for_email(db, "sam@lumengrid.example")
        riley = workspace.actor_for_email(db, "riley@lumengrid.example")
        executive_id = workspace.list_executives(db, maya)[0].id
        ids = {}
        for name, text in (("a", TEXT_A), ("b", TEXT_B)):
            ids[name] = posts.create_draft(db, maya, executive_id, "x", text).id
            posts.submit_for_review(db, maya, ids[name])
        posts.edit_post(db, sam, ids["b"], TEXT_B.replace("The night shift was great. ", ""))
        ids["c"] = posts.create_draft(db, maya, executive_id, "x", "Post C: a scheduled note about storage.").id
        posts.submit_for_review(db, maya, ids["c"])
        posts.sign_all_items(db, riley, ids["c"])
        posts.review_post(db, riley, ids["c"], "approve")
        at = (datetime.now(NEW_YORK) + timedelta(days=3)).replace(hour=16, minute=45, second=0, microsecond=0)
        publishing.schedule_post(db, riley, ids["c"], at.replace(tzinfo=None))
        ids["c_at"] = at
        ids["a_at"] = (at + timedelta(days=2)).replace(hour=9, minute=30)  # A, in review, has a wanted time
        publishing.schedule_post(db, riley, ids["a"], ids["a_at"].replace(tzinfo=None))
        published = posts.list_posts(db, riley, states=("published",))
        ids["published"] = published[0]
        yield db, db_url, ids
        db.engine.dispose()


@pytest.fixture(scope="module")
def url(seeded):
    _, db_url, _ = seeded
    with served_app(db_url) as address:
        yield address


def _open(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).first.wait_for()
    wait_idle(page)


def _select_post(page, post_id: int) -> None:
    option = page.get_by_role("option", name=re.compile(rf"^#{post_id} · "))
    for _ in range(3):  # a rerun still finishing can close the list as it opens: open it again
        page.get_by_role("combobox", name="Post").click()
        try:
            option.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_idle(page)
    option.click()
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Post")).to_have_value(re.compile(rf"^#{post_id} · "))


def _choose(page, option: str) -> None:
    """A segmented control's option (the review section, the calendar view)."""
    page.locator('[data-testid="stButtonGroup"]').get_by_text(option, exact=True).click()
    wait_idle(page)


def _comment(page):
    return page.get_by_role("textbox", name="Comment for the author")


def _segments(page, scope, label: str, **values: int) -> None:
    """Type into a date or time input's segments (Streamlit 1.67 draws them as spinbuttons), then leave it."""
    for name, value in values.items():
        segment = scope.get_by_role("spinbutton", name=f"{name}, {label}")
        segment.click()
        segment.type(f"{value:04d}" if name == "year" else f"{value:02d}")
    page.keyboard.press("Tab")


def _set_date(page, label: str, day: date) -> None:
    _segments(page, page, label, year=day.year, month=day.month, day=day.day)
    page.keyboard.press("Escape")  # the date picker's pop-up stays open otherwise
    wait_idle(page)


def _expect_segments(scope, label: str, **values: int) -> None:
    for name, value in values.items():
        expected = f"{value:04d}" if name == "year" else f"{value:02d}"
        expect(scope.get_by_role("spinbutton", name=f"{name}, {label}")).to_have_text(expected)


def test_reviewer_journey_comment_sign_all_diff_schedule_and_refresh(browser, url, seeded):
    db, _, ids = seeded
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    page.set_default_timeout(WAIT)
    sign_in(page, url, "riley@lumengrid.example", "reviewer-demo-1")
    _open(page, "Review")

    # 10: a comment written for A is not carried to B
    _select_post(page, ids["a"])
    _comment(page).fill("This remark is only for post A.")
    _comment(page).press("Tab")
    wait_idle(page)
    _select_post(page, ids["b"])
    expect(_comment(page)).to_have_value("")

    # 12: the diff is a diff (struck-through red deletion, no literal tildes); the finding is highlighted
    diff = page.locator(f".st-key-diff_{ids['b']}_v2")
    expect(diff).to_contain_text("The night shift was great.")
    assert "~~" not in diff.inner_text()
    expect(diff.locator("del")).to_have_text(re.compile(r"The night shift was great\."))
    highlighted = page.locator(f".st-key-highlighted_{ids['b']}_v2")
    expect(highlighted).to_contain_text("guarantee")
    assert "~~" not in page.locator('[data-testid="stMain"]').inner_text()
    screenshot(page, "review-diff-and-findings")

    # 11: every item in one action, the list shown beside it; stored per item on version 2
    expect(page.get_by_text("Read it as your angriest customer")).to_be_visible()
    page.get_by_role("button", name=SIGN_ALL).click()
    page.get_by_text(re.compile(r"^Signed 7 items")).first.wait_for()
    expect(page.get_by_role("button", name=SIGN_ALL)).to_have_count(0)
    expect(page.get_by_text(re.compile(r"signed by Riley"))).to_have_count(7)
    riley = workspace.actor_for_email(db, "riley@lumengrid.example")
    detail = posts.review_detail(db, riley, ids["b"])
    assert detail.version == 2 and set(detail.signed) == {i.key for i in posts.attested_items(db, riley)}
    expect(page.get_by_role("combobox", name="Post")).to_have_value(re.compile(rf"^#{ids['b']} · "))  # stayed
    # 2: the signatures' times are in the executive's zone, named
    expect(page.get_by_text(re.compile(r"signed by Riley.*\d\d:\d\d E[SD]T")).first).to_be_visible()
    screenshot(page, "review-signed-all")

    # a refresh mid-journey keeps the member signed in and on the same post (the URL holds ?post=)
    page.reload()
    page.get_by_role("heading", name="Review").first.wait_for()
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Post")).to_have_value(re.compile(rf"^#{ids['b']} · "))

    # 12: a scheduled post's fields show its own schedule, in New York time
    _choose(page, "Approved, scheduled and failed")
    wait_idle(page)
    card = page.locator(f".st-key-ready_card_{ids['c']}")
    at = ids["c_at"]
    expect(card).to_contain_text(at.strftime("%a %d %b %Y 16:45 E"))
    _expect_segments(card, "Day (New York time)", year=at.year, month=at.month, day=at.day)
    _expect_segments(card, "Time", hour=at.hour, minute=at.minute)
    card.scroll_into_view_if_needed()
    screenshot(page, "review-scheduled-fields")
    page.context.close()


def test_calendar_week_month_open_and_reschedule(browser, url, seeded):
    db, _, ids = seeded
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    page.set_default_timeout(WAIT)
    sign_in(page, url, "riley@lumengrid.example", "reviewer-demo-1")
    _open(page, "Calendar")
    expect(page.get_by_text(re.compile(r"New York time \(E[SD]T\)")).first).to_be_visible()

    published = ids["published"]
    published_day = published.published_at.astimezone(NEW_YORK).date()
    _set_date(page, "Week of", published_day)
    entry = page.locator(f".st-key-cal_entry_{published.id}")
    expect(entry).to_contain_text("published")
    screenshot(page, "calendar-week-published")

    at = ids["c_at"]
    _set_date(page, "Week of", at.date())
    entry = page.locator(f".st-key-cal_entry_{ids['c']}")
    expect(entry).to_contain_text(re.compile(r"16:45 E[SD]T · X · scheduled"))
    _choose(page, "Month")
    wait_idle(page)
    expect(page.locator(f".st-key-cal_entry_{ids['c']}")).to_be_visible()
    expect(page.get_by_text(f"{at:%a} {at.day} {at:%b}", exact=True).first).to_be_visible()
    screenshot(page, "calendar-month")

    # open on click, then reschedule to 18:15 the next day
    page.locator(f".st-key-cal_entry_{ids['c']}").get_by_role("button").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(at.strftime("%a %d %b 16:45 E"))
    _expect_segments(dialog, "New day", year=at.year, month=at.month, day=at.day)
    _expect_segments(dialog, "New time", hour=16, minute=45)
    new_day = at.date() + timedelta(days=1)
    _segments(page, dialog, "New day", year=new_day.year, month=new_day.month, day=new_day.day)
    _segments(page, dialog, "New time", hour=18, minute=15)
    screenshot(page, "calendar-open-post")
    dialog.get_by_role("button", name="Reschedule").click()
    page.get_by_text(re.compile(rf"Post {ids['c']} now goes out .*18:15 E[SD]T")).first.wait_for()
    riley = workspace.actor_for_email(db, "riley@lumengrid.example")
    moved = posts.get_post(db, riley, ids["c"]).scheduled_at.astimezone(NEW_YORK)
    assert (moved.date(), moved.hour, moved.minute) == (new_day, 18, 15)
    expect(page.locator(f".st-key-cal_entry_{ids['c']}")).to_contain_text("18:15")
    screenshot(page, "calendar-rescheduled")

    # a post still in review opens in the Review page, selected
    a_at = ids["a_at"]
    _choose(page, "Week")
    _set_date(page, "Week of", a_at.date())
    entry = page.locator(f".st-key-cal_entry_{ids['a']}")
    expect(entry).to_contain_text(re.compile(r"09:30 E[SD]T · X · planned, in review"))
    entry.get_by_role("button").click()
    page.get_by_role("dialog").get_by_role("link", name="Open in Review").click()
    page.get_by_role("heading", name="Review").first.wait_for()
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Post")).to_have_value(re.compile(rf"^#{ids['a']} · "))
    page.context.close()


def test_review_on_a_390px_phone(browser, url, seeded):
    db, _, ids = seeded
    riley = workspace.actor_for_email(db, "riley@lumengrid.example")
    at = posts.get_post(db, riley, ids["c"]).scheduled_at.astimezone(NEW_YORK)  # the calendar test may move it
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    sign_in(page, url, "riley@lumengrid.example", "reviewer-demo-1")
    page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"]').first.click()
    _open(page, "Review")
    _select_post(page, ids["a"])
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 391, f"the page scrolls sideways ({width} px)"
    screenshot(page, "review-phone")
    for name in (SIGN_ALL, "Approve", "Request changes"):
        button = page.get_by_role("button", name=name, exact=True)
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box["height"] >= 38 and box["width"] >= 300, (name, box)  # thumb-sized, full width
    page.screenshot(path=str(screenshot(page, "review-phone-actions")))  # the viewport, scrolled to the actions
    _choose(page, "Approved, scheduled and failed")
    wait_idle(page)
    card = page.locator(f".st-key-ready_card_{ids['c']}")
    _expect_segments(card, "Time", hour=at.hour, minute=at.minute)
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot(page, "review-phone-scheduled")))
    page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"]').first.click()
    _open(page, "Calendar")
    _set_date(page, "Week of", at.date())
    expect(page.locator(f".st-key-cal_entry_{ids['c']}")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 391
    screenshot(page, "calendar-phone")
    context.close()
