"""The calendar's arithmetic, against dates worked out by hand from a printed 2026/2027 calendar and the
published DST rules (US: second Sunday of March, first Sunday of November at 02:00 local; EU: last Sunday
of October at 01:00 UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from assistant.domain.calendar import Kind, Placed, days_of, group_by_day, kind_of, local_day, shift, week_start


def test_a_week_runs_monday_to_sunday_around_any_of_its_days():
    # Thu 5 Nov 2026 is in the week Mon 2 Nov .. Sun 8 Nov.
    days = days_of("week", date(2026, 11, 5))
    assert days[0] == date(2026, 11, 2) and days[-1] == date(2026, 11, 8) and len(days) == 7
    assert week_start(date(2026, 11, 8)) == date(2026, 11, 2)  # a Sunday belongs to the week before it
    assert week_start(date(2026, 11, 9)) == date(2026, 11, 9)


def test_a_month_is_whole_weeks_from_the_monday_before_the_first():
    # 1 Nov 2026 is a Sunday: the grid starts Mon 26 Oct; 30 Nov is a Monday: it ends Sun 6 Dec. 6 weeks.
    days = days_of("month", date(2026, 11, 17))
    assert (days[0], days[-1], len(days)) == (date(2026, 10, 26), date(2026, 12, 6), 42)
    # 1 Feb 2027 is a Monday and February 2027 has 28 days: exactly four weeks, nothing around it.
    days = days_of("month", date(2027, 2, 10))
    assert (days[0], days[-1], len(days)) == (date(2027, 2, 1), date(2027, 2, 28), 28)


def test_previous_and_next_move_by_a_week_or_to_the_first_of_a_month():
    assert shift("week", date(2026, 12, 30), 1) == date(2027, 1, 6)
    assert shift("month", date(2027, 1, 31), 1) == date(2027, 2, 1)
    assert shift("month", date(2027, 1, 15), -1) == date(2026, 12, 1)


def test_a_post_near_midnight_falls_on_its_executives_local_day():
    moment = datetime(2026, 3, 10, 4, 30, tzinfo=UTC)
    assert local_day(moment, "America/New_York") == date(2026, 3, 10)  # 00:30 EDT
    assert local_day(moment, "America/Los_Angeles") == date(2026, 3, 9)  # 21:30 PDT the evening before
    assert local_day(moment, "Asia/Tokyo") == date(2026, 3, 10)  # 13:30 JST
    # Tue 24 Nov 03:00 UTC is Mon 23 Nov 22:00 in New York (EST, UTC-5): Monday's column, not Tuesday's.
    week = days_of("week", date(2026, 11, 23))
    late = Placed("evening post", datetime(2026, 11, 24, 3, 0, tzinfo=UTC), "America/New_York")
    paris = Placed("paris post", datetime(2026, 11, 24, 3, 0, tzinfo=UTC), "Europe/Paris")  # 04:00 CET, Tuesday
    grouped = group_by_day([late, paris], week)
    assert [p.key for p in grouped[date(2026, 11, 23)]] == ["evening post"]
    assert [p.key for p in grouped[date(2026, 11, 24)]] == ["paris post"]


def test_dst_change_weeks_use_the_offset_in_force_at_that_moment():
    # US clocks fell back at 06:00 UTC on Sun 1 Nov 2026: 04:30 UTC on 2 Nov is 23:30 EST on Sunday 1 Nov
    # (a fixed EDT offset would say Monday 00:30). It is in the week of 26 Oct, not the week of 2 Nov.
    after_fall_back = Placed("a", datetime(2026, 11, 2, 4, 30, tzinfo=UTC), "America/New_York")
    before = days_of("week", date(2026, 10, 29))
    assert [p.key for p in group_by_day([after_fall_back], before)[date(2026, 11, 1)]] == ["a"]
    assert all(not v for v in group_by_day([after_fall_back], days_of("week", date(2026, 11, 2))).values())
    # Spring forward on Sun 8 Mar 2026: 04:30 UTC on 9 Mar is 00:30 EDT on Monday 9 Mar (EST would say Sunday).
    assert local_day(datetime(2026, 3, 9, 4, 30, tzinfo=UTC), "America/New_York") == date(2026, 3, 9)
    # Europe fell back at 01:00 UTC on Sun 25 Oct 2026: 22:30 UTC is 23:30 CET, still Sunday 25 Oct.
    assert local_day(datetime(2026, 10, 25, 22, 30, tzinfo=UTC), "Europe/Berlin") == date(2026, 10, 25)
    # The day before the change the same clock time is 00:30 CEST the next day.
    assert local_day(datetime(2026, 10, 24, 22, 30, tzinfo=UTC), "Europe/Berlin") == date(2026, 10, 25)


def test_naive_moments_are_utc_and_a_day_lists_its_posts_earliest_first():
    week = days_of("week", date(2026, 11, 23))
    late = Placed("late", datetime(2026, 11, 25, 18, 0), "UTC")
    early = Placed("early", datetime(2026, 11, 25, 8, 0, tzinfo=UTC), "UTC")
    assert [p.key for p in group_by_day([late, early], week)[date(2026, 11, 25)]] == ["early", "late"]


def test_what_the_calendar_calls_each_post():
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    past, future = datetime(2026, 11, 28, 11, 0, tzinfo=UTC), datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    assert kind_of("scheduled", future, now) == Kind.SCHEDULED
    assert kind_of("scheduled", past, now) == Kind.DUE
    assert kind_of("approved", future, now) == Kind.READY
    assert kind_of("in_review", future, now) == Kind.PLANNED
    assert kind_of("published", None, now) == Kind.PUBLISHED
    assert kind_of("failed", past, now) == Kind.FAILED
    assert kind_of("in_review", None, now) is None  # no time: not on a calendar
    assert kind_of("rejected", future, now) is None
