"""The table look-up gives the engine's business minutes (the oracle), DST days and holidays included."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.response_times import BusinessHours, business_minutes
from assistant.response_times.business_table import BusinessTable, epoch_us

_BASE = datetime(2023, 2, 1, tzinfo=UTC)
# Days of DST changes in both hemispheres, so that many examples straddle one.
_NEAR_DST = [
    (datetime(*d, tzinfo=UTC) - _BASE) // timedelta(microseconds=1)
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
    ]
]
_DAY_US = 86_400_000_000


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from(["America/New_York", "Europe/Paris", "Europe/London", "Australia/Sydney", "UTC"]),
    start_us=st.integers(0, 2 * 365 * _DAY_US)
    | st.sampled_from(_NEAR_DST).flatmap(lambda m: st.integers(m - 5 * _DAY_US, m + _DAY_US)),
    length_us=st.integers(-_DAY_US, 40 * _DAY_US) | st.integers(0, 3 * 3_600_000_000),
    opens=st.integers(0, 12 * 60),
    open_for=st.integers(1, 12 * 60),
    days=st.frozensets(st.integers(0, 6), min_size=1),
    holiday_offsets=st.lists(st.integers(-3, 30), max_size=3),
)
def test_table_equals_business_minutes(
    zone: str,
    start_us: int,
    length_us: int,
    opens: int,
    open_for: int,
    days: frozenset[int],
    holiday_offsets: list[int],
) -> None:
    start = _BASE + timedelta(microseconds=start_us)
    end = start + timedelta(microseconds=length_us)
    closes = min(opens + open_for, 23 * 60 + 59)
    holidays = frozenset(start.date() + timedelta(days=d) for d in holiday_offsets)
    hours = BusinessHours(zone, days, time(opens // 60, opens % 60), time(closes // 60, closes % 60), holidays)
    table = BusinessTable.build(hours, min(start, end), max(start, end))
    got = table.business_us(epoch_us(start), epoch_us(end)) / 60_000_000
    assert abs(got - business_minutes(start, end, hours)) <= 1e-6


def test_table_counts_the_real_length_of_a_dst_day() -> None:
    hours = BusinessHours("Europe/Paris", frozenset(range(7)), time(1, 0), time(4, 0), frozenset({date(2024, 1, 1)}))
    # Paris midnight 30 March to Paris midnight 1 April: two whole local days.
    start = datetime(2024, 3, 30, tzinfo=hours.zone).astimezone(UTC)
    end = datetime(2024, 4, 1, tzinfo=hours.zone).astimezone(UTC)
    table = BusinessTable.build(hours, start, end)
    # 31 March: clocks jump 02:00 -> 03:00, so 01:00-04:00 lasts two hours.
    assert table.business_us(epoch_us(start), epoch_us(end)) / 60_000_000 == 180 + 120
    assert business_minutes(start, end, hours) == 180 + 120
