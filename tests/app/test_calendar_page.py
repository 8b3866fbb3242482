"""The Calendar page on the demo: week and month views, open a post, reschedule it (reviewers only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from assistant.services import posts, workspace
from tests.app.conftest import signed_in_app

NEW_YORK = ZoneInfo("America/New_York")  # the demo executive's zone


def _demo_post(db, state: str):
    reviewer = workspace.actor_for_email(db, "riley@lumengrid.example")
    return next(
        p for p in posts.list_posts(db, reviewer, states=(state,)) if p.title.startswith(("Next week", "A few"))
    )


def _calendar(db, email: str):
    at = signed_in_app(db, email).run()
    at.switch_page("pages/calendar.py").run()
    assert not at.exception, at.exception
    return at


def _local(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(NEW_YORK)


def _column_of(at, key: str):
    return next(c for c in at.columns if any(b.key == key for b in c.button))


def test_week_and_month_show_the_demo_posts_on_their_new_york_days(demo_db):
    scheduled, published = _demo_post(demo_db, "scheduled"), _demo_post(demo_db, "published")
    at = _calendar(demo_db, "sam@lumengrid.example")  # a delegate may look
    assert at.title[0].value == "Calendar"
    assert any("New York time" in c.value for c in at.caption)
    day = _local(scheduled.scheduled_at).date()
    at.date_input(key="cal_day").set_value(day).run()
    entry = at.button(key=f"cal_entry_{scheduled.id}")
    assert entry.label.startswith(_local(scheduled.scheduled_at).strftime("%H:%M ")) and "scheduled" in entry.label
    # it sits in the column headed with its New York day
    assert f"{day:%a} {day.day} {day:%b}" in _column_of(at, f"cal_entry_{scheduled.id}").markdown[0].value
    at.date_input(key="cal_day").set_value(_local(published.published_at).date()).run()
    assert "published" in at.button(key=f"cal_entry_{published.id}").label
    at.segmented_control(key="cal_view").set_value("Month").run()
    assert not at.exception
    published_day = _local(published.published_at).date()
    assert f"{published_day.day} {published_day:%b}" in _column_of(at, f"cal_entry_{published.id}").markdown[0].value
    # open it: a delegate sees the detail but no way to reschedule
    at.button(key=f"cal_entry_{published.id}").click().run()
    assert not at.exception
    assert any(
        "Published" in m.value and _local(published.published_at).strftime("%H:%M") in m.value for m in at.markdown
    )
    assert not [b for b in at.button if b.label == "Reschedule"]


def test_a_reviewer_opens_a_post_and_reschedules_it(demo_db):
    scheduled = _demo_post(demo_db, "scheduled")
    at = _calendar(demo_db, "riley@lumengrid.example")
    at.date_input(key="cal_day").set_value(_local(scheduled.scheduled_at).date()).run()
    at.button(key=f"cal_entry_{scheduled.id}").click().run()
    assert not at.exception
    old = _local(scheduled.scheduled_at)
    assert at.date_input(key=f"cal_new_day_{scheduled.id}").value == old.date()  # the fields show its schedule
    assert at.time_input(key=f"cal_new_time_{scheduled.id}").value == old.time().replace(second=0, microsecond=0)
    new_day = old.date() + timedelta(days=1)
    at.date_input(key=f"cal_new_day_{scheduled.id}").set_value(new_day)
    at.time_input(key=f"cal_new_time_{scheduled.id}").set_value(
        old.time().replace(hour=10, minute=30, second=0, microsecond=0)
    )
    at.button(key=f"cal_reschedule_{scheduled.id}").click().run()
    assert not at.exception
    reviewer = workspace.actor_for_email(demo_db, "riley@lumengrid.example")
    moved = _local(posts.get_post(demo_db, reviewer, scheduled.id).scheduled_at)
    assert (moved.date(), moved.hour, moved.minute) == (new_day, 10, 30)
    assert any(f"Post {scheduled.id} now goes out" in s.value and "10:30" in s.value for s in at.success)
    at.date_input(key="cal_day").set_value(new_day).run()
    assert at.button(key=f"cal_entry_{scheduled.id}").label.startswith("10:30 ")
