"""Figures as people read them: times in a named zone, durations in words, rates as percentages.

Every function speaks the current language (`assistant.i18n.current_language()`), or the one
passed as `language=`. English keeps its historical spelling exactly ('Tue 24 Nov 07:00 EST',
'87.4%'); other languages go through Babel's CLDR data ('lun. 30 nov. 14:05 CET', '87,4 %')
and the catalog for the words ('8 h 13 min', '3 jours 4 h', 'heure de Paris').
No streamlit: pages, the CLI and notifications say the same thing the same way.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from assistant import i18n
from assistant.i18n import gettext, ngettext

MINUTES_PER_DAY = 24 * 60
_UTC_NAMES = ("UTC", "Etc/UTC", "GMT")
# 'heure de Amsterdam' → 'heure d’Amsterdam': French elides 'de' before a vowel or a mute h.
_FRENCH_ELISION = re.compile(r"\bde (?=[AEIOUYÀÂÉÈÊÎÔÛH])")


def _language(language: str | None) -> str:
    return i18n.normalise(language) if language else i18n.current_language()


@cache
def _city(tz: str, language: str) -> str:
    """The city a zone is named after, as the language spells it ('Asia/Tokyo' → 'Tokyo')."""
    fallback = tz.rsplit("/", 1)[-1].replace("_", " ")
    if language == i18n.SOURCE_LANGUAGE:
        return fallback
    from babel import Locale

    try:
        return Locale.parse(language).time_zones.get(tz, {}).get("city") or fallback
    except (ValueError, LookupError):
        return fallback


def zone_name(tz: str, *, language: str | None = None) -> str:
    """'Europe/Paris' → 'Paris time' ('heure de Paris'); 'UTC' stays 'UTC'."""
    if tz in _UTC_NAMES:
        return "UTC"
    lang = _language(language)
    text = gettext("{city} time", lang, city=_city(tz, lang))
    return _FRENCH_ELISION.sub("d’", text) if lang == "fr" else text


def zone_label(tz: str, at: datetime | None = None, *, language: str | None = None) -> str:
    """The zone as a heading says it: 'New York time (EST)', 'heure de New York (EST)', or 'UTC'."""
    name = zone_name(tz, language=language)
    if name == "UTC":
        return name
    abbreviation = (at or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(tz)).tzname() or ""
    # zones without a letter abbreviation give '+04': the city says more than that
    return f"{name} ({abbreviation})" if abbreviation.isalpha() else name


def when(value: datetime | None, tz: str = "UTC", *, with_year: bool = False, language: str | None = None) -> str:
    """A moment in the given zone, the zone named: 'Tue 24 Nov 14:05 EST', 'mar. 24 nov. 14:05 CET'."""
    if value is None:
        return ""
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    local = value.astimezone(ZoneInfo(tz))
    lang = _language(language)
    abbreviation = local.tzname() or ""
    if not abbreviation.isalpha():
        abbreviation = zone_name(tz, language=lang)
    if lang == i18n.SOURCE_LANGUAGE:
        return local.strftime("%a %d %b %Y %H:%M" if with_year else "%a %d %b %H:%M") + f" {abbreviation}"
    from babel.dates import format_datetime

    # the wall-clock time is already local: format it without Babel converting zones again
    naive = local.replace(tzinfo=None)
    pattern = "EEE d MMM y HH:mm" if with_year else "EEE d MMM HH:mm"
    return format_datetime(naive, pattern, locale=lang) + f" {abbreviation}"


def long_date(value: date | datetime | None, tz: str = "UTC", *, language: str | None = None) -> str:
    """A day written out: 'Monday 30 November', 'lundi 30 novembre'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo("UTC"))
        value = value.astimezone(ZoneInfo(tz)).date()
    lang = _language(language)
    if lang == i18n.SOURCE_LANGUAGE:
        return value.strftime("%A ") + str(value.day) + value.strftime(" %B")
    from babel.dates import format_date

    return format_date(value, "EEEE d MMMM", locale=lang)


def duration(minutes: float | None, *, language: str | None = None) -> str:
    """A span as people say it: '45 s', '12 min', '8 h 13 min', '3 days 4 h' ('3 jours 4 h'), '19 days'."""
    if minutes is None:
        return ""
    lang = _language(language)
    minutes = abs(minutes)
    if minutes < 1:
        return gettext("{seconds} s", lang, seconds=round(minutes * 60))
    whole = round(minutes)
    if whole < 60:
        return gettext("{minutes} min", lang, minutes=whole)
    if whole < MINUTES_PER_DAY:
        hours, rest = divmod(whole, 60)
        if rest:
            return gettext("{hours} h {minutes} min", lang, hours=hours, minutes=rest)
        return gettext("{hours} h", lang, hours=hours)
    days, rest = divmod(whole, MINUTES_PER_DAY)
    hours = rest // 60
    text = ngettext("{count} day", "{count} days", days, lang)
    # beyond a week the hours are noise
    if hours and days < 7:
        return gettext("{days} {hours} h", lang, days=text, hours=hours)
    return text


def countdown(remaining_minutes: float | None, *, language: str | None = None) -> str:
    """Time left on a target: 'due in 2 h 10 min' ('dans 2 h 10 min'), 'late by 19 days' ('en retard de 19 jours')."""
    if remaining_minutes is None:
        return ""
    lang = _language(language)
    span = duration(remaining_minutes, language=lang)
    if remaining_minutes < 0:
        return gettext("late by {duration}", lang, duration=span)
    return gettext("due in {duration}", lang, duration=span)


def percent(fraction: float | None, digits: int = 0, *, language: str | None = None) -> str:
    """0.873 → '87%' ('87 %' in French); None → '–' (no data is not zero)."""
    if fraction is None:
        return "–"
    lang = _language(language)
    if lang == i18n.SOURCE_LANGUAGE:
        return f"{fraction * 100:.{digits}f}%"
    from babel import Locale
    from babel.numbers import format_percent

    # the language's own pattern ('#,##0 %' with a no-break space in French), with `digits` decimals
    pattern = Locale.parse(lang).percent_formats[None].pattern
    if digits > 0:
        pattern = _last_zero_with_decimals(pattern, digits)
    return format_percent(fraction, pattern, locale=lang)


def _last_zero_with_decimals(pattern: str, digits: int) -> str:
    """'#,##0 %' → '#,##0.0 %': the decimals go after the last integer digit of the pattern."""
    at = pattern.rfind("0")
    return pattern[: at + 1] + "." + "0" * digits + pattern[at + 1 :]


def number(value: float | int | None, digits: int = 0, *, language: str | None = None) -> str:
    """1234 → '1,234' ('1 234' in French); `digits` decimals."""
    if value is None:
        return "–"
    lang = _language(language)
    if lang == i18n.SOURCE_LANGUAGE:
        return f"{value:,.{digits}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, pattern, locale=lang)
