"""Figures in French (issue 13, point 5): expectations written by hand from the issue and French usage.

Babel writes French percentages and thousands with no-break spaces (U+00A0 before '%', U+202F between
thousands, CLDR's choice); the expectations spell them out so that a plain space would fail.
"""

from datetime import UTC, date, datetime

import pytest

from assistant import formatting, i18n

NBSP = "\u00a0"  # no-break space: '80,0 %'
NNBSP = "\u202f"  # narrow no-break space: '1 234 567'


@pytest.fixture
def french():
    with i18n.using("fr"):
        yield


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0.5, "30 s"),
        (12, "12 min"),
        (8 * 60 + 13, "8 h 13 min"),
        (120, "2 h"),
        (1440, "1 jour"),
        (3 * 1440 + 4 * 60 + 10, "3 jours 4 h"),
        (19 * 1440 + 5 * 60, "19 jours"),
        (-31848.3, "22 jours"),
    ],
)
def test_durations_in_french(french, minutes, words):
    assert formatting.duration(minutes) == words


def test_countdown_in_french(french):
    assert formatting.countdown(-19 * 1440) == "en retard de 19 jours"
    assert formatting.countdown(130) == "échéance dans 2 h 10 min"
    assert formatting.countdown(None) == ""


def test_percentages_and_numbers_in_french(french):
    assert formatting.percent(0.8, 1) == f"80,0{NBSP}%"
    assert formatting.percent(0.873) == f"87{NBSP}%"
    assert formatting.percent(0.8735, 1) == f"87,4{NBSP}%"
    assert formatting.percent(None) == "–"
    assert formatting.number(1234567) == f"1{NNBSP}234{NNBSP}567"


def test_times_in_french_with_the_zone_named(french):
    monday = datetime(2026, 11, 30, 13, 5, tzinfo=UTC)
    assert formatting.when(monday, "Europe/Paris") == "lun. 30 nov. 14:05 CET"
    assert formatting.when(monday, "Europe/Paris", with_year=True) == "lun. 30 nov. 2026 14:05 CET"
    assert formatting.when(datetime(2026, 7, 1, 12, 0, tzinfo=UTC), "Europe/Paris") == "mer. 1 juil. 14:00 CEST"
    # a zone without a letter abbreviation is named by its city, in French
    assert formatting.when(monday, "Asia/Dubai") == "lun. 30 nov. 17:05 heure de Dubaï"
    assert formatting.long_date(monday, "Europe/Paris") == "lundi 30 novembre"
    assert formatting.long_date(date(2026, 8, 15)) == "samedi 15 août"


def test_zone_names_in_french(french):
    assert formatting.zone_name("Europe/Paris") == "heure de Paris"
    assert formatting.zone_name("Europe/Amsterdam") == "heure d’Amsterdam"  # 'de' elided before a vowel
    assert formatting.zone_name("UTC") == "UTC"
    at = datetime(2026, 11, 24, tzinfo=UTC)
    assert formatting.zone_label("America/New_York", at) == "heure de New York (EST)"


def test_the_language_keyword_wins_over_the_current_language():
    monday = datetime(2026, 11, 30, 13, 5, tzinfo=UTC)
    with i18n.using("fr"):
        assert formatting.duration(3 * 1440, language="en") == "3 days"
        assert formatting.percent(0.5, language="en") == "50%"
    assert formatting.when(monday, "Europe/Paris", language="fr") == "lun. 30 nov. 14:05 CET"
    assert formatting.long_date(monday, language="en") == "Monday 30 November"


def test_english_is_unchanged_when_no_language_is_set():
    assert i18n.current_language() == "en"
    assert formatting.duration(3 * 1440 + 4 * 60) == "3 days 4 h"
    assert formatting.percent(0.873) == "87%"
    assert formatting.number(1234567) == "1,234,567"
    assert formatting.zone_name("Europe/Paris") == "Paris time"
