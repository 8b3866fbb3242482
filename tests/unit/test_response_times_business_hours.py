"""The business clock: what an executive means by "2 business hours", across weekends,
holidays and daylight-saving changes in the US and the EU."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import InvalidInput
from assistant.response_times import BusinessHours, business_minutes, calendar_minutes, parse_days, parse_hours

NY = ZoneInfo("America/New_York")
PARIS = ZoneInfo("Europe/Paris")
OFFICE_NY = BusinessHours("America/New_York")  # Mon-Fri 09:00-17:00
ALWAYS_NY = BusinessHours("America/New_York", frozenset(range(7)), time(0, 0), time(23, 59))
ALWAYS_PARIS = BusinessHours("Europe/Paris", frozenset(range(7)), time(0, 0), time(23, 59))


def test_minutes_inside_one_business_day_are_counted_exactly() -> None:
    start = datetime(2024, 5, 14, 10, 0, tzinfo=NY)
    assert business_minutes(start, start + timedelta(minutes=95), OFFICE_NY) == 95


def test_evening_and_weekend_do_not_count_friday_afternoon_to_monday_morning() -> None:
    # Friday 16:00 -> Monday 10:00: one hour on Friday, one on Monday.
    friday = datetime(2024, 5, 10, 16, 0, tzinfo=NY)
    monday = datetime(2024, 5, 13, 10, 0, tzinfo=NY)
    assert business_minutes(friday, monday, OFFICE_NY) == 120


def test_a_mention_at_night_starts_counting_when_the_office_opens() -> None:
    night = datetime(2024, 5, 14, 23, 0, tzinfo=NY)
    assert business_minutes(night, datetime(2024, 5, 15, 9, 30, tzinfo=NY), OFFICE_NY) == 30


def test_holidays_are_closed_days() -> None:
    hours = BusinessHours("America/New_York", holidays=frozenset({date(2024, 7, 4)}))
    wednesday = datetime(2024, 7, 3, 17, 0, tzinfo=NY)
    friday = datetime(2024, 7, 5, 10, 0, tzinfo=NY)
    assert business_minutes(wednesday, friday, hours) == 60
    assert business_minutes(wednesday, friday, OFFICE_NY) == 8 * 60 + 60


def test_several_weeks_are_counted_by_whole_days() -> None:
    start = datetime(2024, 1, 1, 9, 0, tzinfo=NY)  # a Monday
    assert business_minutes(start, start + timedelta(weeks=3), OFFICE_NY) == 15 * 8 * 60


def test_us_spring_forward_weekend_leaves_office_hours_intact_but_calendar_loses_an_hour() -> None:
    friday = datetime(2024, 3, 8, 16, 0, tzinfo=NY)
    monday = datetime(2024, 3, 11, 10, 0, tzinfo=NY)
    assert business_minutes(friday, monday, OFFICE_NY) == 120
    assert calendar_minutes(friday, monday) == 66 * 60  # 2024-03-10 had 23 hours


@pytest.mark.parametrize(
    ("hours", "zone", "day", "real_minutes"),
    [
        (ALWAYS_NY, NY, date(2024, 3, 10), 23 * 60),  # US spring forward
        (ALWAYS_NY, NY, date(2024, 11, 3), 25 * 60),  # US fall back
        (ALWAYS_PARIS, PARIS, date(2024, 3, 31), 23 * 60),  # EU spring forward
        (ALWAYS_PARIS, PARIS, date(2024, 10, 27), 25 * 60),  # EU fall back
    ],
)
def test_a_round_the_clock_team_counts_the_real_length_of_dst_days(
    hours: BusinessHours, zone: ZoneInfo, day: date, real_minutes: int
) -> None:
    closed_per_day = 1  # 23:59-00:00
    before = datetime.combine(day - timedelta(days=1), time(12, 0), zone)
    after = datetime.combine(day + timedelta(days=1), time(12, 0), zone)
    # The DST day is a whole day in the middle: counted arithmetically, then corrected.
    assert business_minutes(before, after, hours) == 12 * 60 - closed_per_day + real_minutes - 1 + 12 * 60
    # The DST day as the first (partial) day.
    start = datetime.combine(day, time(0, 0), zone)
    assert business_minutes(start, after, hours) == real_minutes - closed_per_day + 12 * 60


def test_aware_datetimes_in_any_zone_give_the_same_answer() -> None:
    start = datetime(2024, 5, 14, 10, 0, tzinfo=NY)
    end = datetime(2024, 5, 15, 11, 0, tzinfo=NY)
    assert business_minutes(start.astimezone(UTC), end.astimezone(PARIS), OFFICE_NY) == 7 * 60 + 120


def test_an_answer_before_the_mention_counts_no_business_time() -> None:
    start = datetime(2024, 5, 14, 10, 0, tzinfo=NY)
    assert business_minutes(start, start - timedelta(hours=1), OFFICE_NY) == 0


def test_naive_time_stamps_are_refused_with_the_fix() -> None:
    with pytest.raises(InvalidInput, match="no time zone"):
        business_minutes(datetime(2024, 5, 14, 10), datetime(2024, 5, 14, 11), OFFICE_NY)


def _reference_minutes(start: datetime, end: datetime, hours: BusinessHours) -> int:
    """Minute by minute: slow, obviously right."""
    count = 0
    moment = start
    while moment < end:
        local = moment.astimezone(hours.zone)
        if hours.is_open_day(local.date()) and hours.start <= local.time() < hours.end:
            count += 1
        moment += timedelta(minutes=1)
    return count


# Minutes after 2023-02-01 UTC of DST changes, so that most examples straddle one.
_NEAR_DST = [
    int((datetime(*d, tzinfo=UTC) - datetime(2023, 2, 1, tzinfo=UTC)).total_seconds() // 60)
    for d in [
        (2023, 3, 12),
        (2023, 3, 26),
        (2023, 4, 2),
        (2023, 10, 1),
        (2023, 10, 29),
        (2023, 11, 5),
        (2024, 3, 10),
        (2024, 3, 31),
        (2024, 4, 7),
        (2024, 10, 6),
        (2024, 10, 27),
        (2024, 11, 3),
    ]
]


@settings(max_examples=80, deadline=None)
@given(
    zone=st.sampled_from(["America/New_York", "Europe/Paris", "Europe/London", "Australia/Sydney"]),
    start_minute=st.integers(0, 3 * 365 * 24 * 60)
    | st.sampled_from(_NEAR_DST).flatmap(lambda m: st.integers(m - 5 * 24 * 60, m + 24 * 60)),
    length=st.integers(0, 5 * 24 * 60),
    opens=st.integers(4 * 60, 12 * 60),
    open_for=st.integers(30, 11 * 60),
    days=st.frozensets(st.integers(0, 6), min_size=1),
)
def test_business_minutes_equal_a_minute_by_minute_count(
    zone: str, start_minute: int, length: int, opens: int, open_for: int, days: frozenset[int]
) -> None:
    closes = min(opens + open_for, 23 * 60 + 59)
    hours = BusinessHours(zone, days, time(opens // 60, opens % 60), time(closes // 60, closes % 60))
    # Starting 2023-02-01 UTC, three years of DST changes in both hemispheres.
    start = datetime(2023, 2, 1, tzinfo=UTC) + timedelta(minutes=start_minute)
    end = start + timedelta(minutes=length)
    assert business_minutes(start, end, hours) == _reference_minutes(start, end, hours)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:00-17:30", (time(9), time(17, 30))), (" 8:15 - 16:45 ", (time(8, 15), time(16, 45)))],
)
def test_hours_option_is_parsed(text: str, expected: tuple[time, time]) -> None:
    assert parse_hours(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9-17", "not HH:MM"),
        ("09:00", "not HH:MM-HH:MM"),
        ("17:00-09:00", "start before"),
        ("09:00-25:00", "not a time of day"),
        ("09:00-17:0x", "not HH:MM"),
    ],
)
def test_bad_hours_option_names_the_problem(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_hours(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("mon,wed,fri", {0, 2, 4}),
        ("Mon-Wed,Sat", {0, 1, 2, 5}),
        ("fri-mon", {4, 5, 6, 0}),
        ("sunday", {6}),
    ],
)
def test_days_option_is_parsed(text: str, expected: set[int]) -> None:
    assert parse_days(text) == frozenset(expected)


@pytest.mark.parametrize(("text", "message"), [("mon-fry", "'fry' is not a weekday"), ("mon,,fri", "empty item")])
def test_bad_days_option_names_the_problem(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_days(text)


def test_bad_business_hours_are_refused_with_a_fix() -> None:
    with pytest.raises(InvalidInput, match="IANA"):
        BusinessHours("Mars/Olympus")
    with pytest.raises(InvalidInput, match="overnight"):
        BusinessHours("UTC", start=time(22), end=time(6))
    with pytest.raises(InvalidInput, match="weekdays"):
        BusinessHours("UTC", days=frozenset())
