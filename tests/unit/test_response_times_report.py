"""The response-times report a board reads: counts, rate, median, p90, breakdowns, note."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from assistant.errors import InvalidInput
from assistant.response_times import (
    BusinessHours,
    MentionTiming,
    SlaClass,
    SlaPolicy,
    at_risk,
    build_report,
    friendly_duration,
    suggest_profile_note,
    summarize,
)

T0 = datetime(2024, 5, 13, 13, 0, tzinfo=UTC)  # Monday 09:00 in New York


def answered(i: int, minutes: float, responder: str = "delegate", sla: str = "default") -> MentionTiming:
    created = T0 + timedelta(hours=i)
    return MentionTiming(str(i), created, created + timedelta(minutes=minutes), responder, sla)  # type: ignore[arg-type]


def waiting(i: int, sla: str = "default") -> MentionTiming:
    return MentionTiming(str(i), T0 + timedelta(hours=i), None, None, sla)


def test_summary_has_exactly_the_design_json_keys_and_is_serialisable() -> None:
    result = summarize([answered(0, 10), answered(1, 20), waiting(2)])
    assert set(result) == {
        "mentions",
        "answered",
        "unanswered",
        "response_rate",
        "median_minutes",
        "p90_minutes",
        "clock",
    }
    assert json.loads(json.dumps(result)) == {
        "mentions": 3,
        "answered": 2,
        "unanswered": 1,
        "response_rate": 0.6667,
        "median_minutes": 15.0,
        "p90_minutes": 19.0,
        "clock": "calendar",
    }


def test_minutes_round_to_2_decimals_and_rate_to_4_after_exact_percentiles() -> None:
    seconds = [61, 62, 64, 70, 1000, 7]
    timings = [answered(i, s / 60) for i, s in enumerate(seconds)] + [waiting(9)] * 0
    result = summarize(timings)
    assert result["median_minutes"] == round(float(np.percentile([s / 60 for s in seconds], 50)), 2)
    assert result["p90_minutes"] == round(float(np.percentile([s / 60 for s in seconds], 90)), 2)
    assert summarize([answered(0, 1), waiting(1), waiting(2)])["response_rate"] == 0.3333


def test_nothing_answered_reports_none_not_zero_minutes() -> None:
    result = summarize([waiting(0)])
    assert result["median_minutes"] is None and result["p90_minutes"] is None
    assert result["response_rate"] == 0.0
    assert summarize([])["response_rate"] is None


def test_business_clock_report_counts_only_office_hours() -> None:
    hours = BusinessHours("America/New_York")
    friday_1630 = datetime(2024, 5, 10, 20, 30, tzinfo=UTC)
    monday_0930 = datetime(2024, 5, 13, 13, 30, tzinfo=UTC)
    timing = MentionTiming("1", friday_1630, monday_0930, "executive")
    assert summarize([timing], hours)["median_minutes"] == 60
    assert summarize([timing], hours)["clock"] == "business"
    assert summarize([timing])["median_minutes"] == 65 * 60


def test_an_answer_stamped_before_its_mention_counts_as_zero() -> None:
    assert summarize([answered(0, -5)])["median_minutes"] == 0


def test_breakdowns_by_responder_sla_class_and_iso_week() -> None:
    timings = [
        answered(0, 10, "executive", "press"),
        answered(1, 30, "delegate"),
        answered(2, 50, "delegate"),
        waiting(3, "press"),
        answered(24 * 7, 5, "outside"),
    ]
    report = build_report(timings)
    assert report["mentions"] == 5 and report["answered"] == 4
    assert report["by_responder"]["delegate"] == {
        "answered": 2,
        "median_minutes": 40.0,
        "p90_minutes": 48.0,
        "share": 0.5,
    }
    assert report["by_responder"]["executive"]["share"] == 0.25
    assert report["by_sla_class"]["press"]["mentions"] == 2 and report["by_sla_class"]["press"]["answered"] == 1
    assert list(report["by_week"]) == ["2024-W20", "2024-W21"]
    assert report["by_week"]["2024-W20"]["mentions"] == 4


def test_sla_attainment_counts_late_answers_and_overdue_open_mentions_as_breaches() -> None:
    policy = SlaPolicy(classes=(SlaClass("press", 60), SlaClass("default", 120)))
    timings = [
        answered(0, 30, sla="press"),
        answered(1, 90, sla="press"),
        waiting(2, "press"),
        waiting(3, "press"),
        answered(4, 100),
    ]
    now = T0 + timedelta(hours=3, minutes=50)  # mention 2 open 110 min (breached), 3 open 50 min (at risk)
    sla = build_report(timings, policy=policy, now=now)["sla"]
    assert sla["press"] == {
        "target_minutes": 60,
        "clock": "calendar",
        "met": 1,
        "breached": 2,
        "at_risk": 1,
        "on_track": 0,
        "attainment": 0.3333,
    }
    assert sla["default"]["attainment"] == 1.0
    urgent = at_risk(timings, policy, now)
    assert [t.mention_id for t, _ in urgent] == ["2", "3"]  # most overdue first
    with pytest.raises(InvalidInput, match="now"):
        build_report(timings, policy=policy)


def test_profile_note_states_who_answers_and_how_fast_from_the_figures() -> None:
    team = [answered(i, 70, "delegate") for i in range(9)] + [answered(9, 20, "executive")]
    note = suggest_profile_note(build_report(team))
    assert note == "I read everything; my team answers on my behalf, signed ^TEAM; usually within 2 hours."
    own = [answered(i, 12, "executive") for i in range(5)]
    assert "I answer personally" in suggest_profile_note(build_report(own))
    assert "15 minutes" in suggest_profile_note(build_report(own))


def test_profile_note_admits_a_low_response_rate_and_uses_business_hours() -> None:
    hours = BusinessHours("America/New_York")
    timings = [answered(0, 100, "delegate"), waiting(1), waiting(2)]
    note = suggest_profile_note(build_report(timings, hours), signature="^CM")
    assert note == (
        "I read everything; my team answers on my behalf, signed ^CM; "
        "we answer about 33% of mentions; usually within 2 business hours."
    )


@pytest.mark.parametrize(
    ("minutes", "clock", "text"),
    [
        (3, "calendar", "5 minutes"),
        (59, "calendar", "an hour"),
        (61, "calendar", "2 hours"),
        (24 * 60 + 1, "calendar", "2 days"),
        (60, "business", "1 business hour"),
        (900, "business", "2 business days"),
    ],
)
def test_durations_round_up_so_the_promise_holds(minutes: float, clock: str, text: str) -> None:
    assert friendly_duration(minutes, clock) == text


def test_profile_note_in_french_reads_as_a_french_profile_line() -> None:
    from assistant import i18n

    report = {
        "answered": 10,
        "by_responder": {"executive": {"share": 0.3}, "delegate": {"share": 0.7}},
        "response_rate": 0.7,
        "median_minutes": 130,
        "clock": "business",
    }
    with i18n.using("fr"):
        note = suggest_profile_note(report)
    assert note == (
        "Je lis tout ; je réponds moi-même à une partie ; mon équipe répond aux autres en mon nom, en signant ^TEAM ;"
        " nous répondons à environ 70 % des mentions ; en général sous 3 heures ouvrées."
    )
