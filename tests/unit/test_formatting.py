"""Figures as people read them (issue 12, point 2): expected strings written from the requirement."""

from datetime import UTC, datetime

import pytest

from assistant import formatting


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0.5, "30 s"),
        (12, "12 min"),
        (59.6, "1 h"),
        (8 * 60 + 13, "8 h 13 min"),
        (120, "2 h"),
        (3 * 1440 + 4 * 60 + 10, "3 days 4 h"),
        (1440, "1 day"),
        (19 * 1440 + 5 * 60, "19 days"),
        (-31848.3, "22 days"),  # the raw remaining_minutes the issue quotes: 22.1 days
    ],
)
def test_durations_read_as_people_say_them(minutes, words):
    assert formatting.duration(minutes) == words


def test_countdown_says_late_or_due():
    assert formatting.countdown(-19 * 1440) == "late by 19 days"
    assert formatting.countdown(130) == "due in 2 h 10 min"
    assert formatting.countdown(None) == ""


def test_times_are_in_the_executives_zone_with_the_zone_named():
    noon_utc = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    assert formatting.when(noon_utc, "America/New_York") == "Tue 24 Nov 07:00 EST"
    assert formatting.when(noon_utc, "Europe/Paris", with_year=True) == "Tue 24 Nov 2026 13:00 CET"
    assert formatting.when(datetime(2026, 7, 1, 12, 0, tzinfo=UTC), "Europe/Paris") == "Wed 01 Jul 14:00 CEST"
    # naive values from SQLite are UTC
    assert formatting.when(datetime(2026, 11, 24, 12, 0), "UTC") == "Tue 24 Nov 12:00 UTC"
    # a zone without a letter abbreviation is named by its city
    assert formatting.when(noon_utc, "Asia/Dubai") == "Tue 24 Nov 16:00 Dubai time"


def test_zone_labels_and_percentages():
    assert formatting.zone_label("America/New_York", datetime(2026, 11, 24, tzinfo=UTC)) == "New York time (EST)"
    assert formatting.zone_label("UTC") == "UTC"
    assert formatting.percent(0.873) == "87%"
    assert formatting.percent(0.8735, 1) == "87.4%"
    assert formatting.percent(None) == "–"
