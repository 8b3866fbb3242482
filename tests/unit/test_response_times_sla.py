"""SLA classes: the press gets an answer within the hour, and the team sees it coming."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assistant.errors import InvalidInput
from assistant.response_times import (
    DEFAULT_POLICY,
    BusinessHours,
    SlaClass,
    SlaPolicy,
    SlaRule,
    sla_status,
    unanswered_age,
)

T0 = datetime(2024, 5, 14, 14, 0, tzinfo=UTC)
PRESS = SlaClass("press", 60)
POLICY = SlaPolicy(
    classes=(PRESS, SlaClass("vip", 30), SlaClass("complaint", 240), SlaClass("default", 480, "business")),
    rules=(
        SlaRule("vip", authors=frozenset({"@BigInvestor", "12345"})),
        SlaRule("press", keywords=("journalist", "press inquiry")),
        SlaRule("complaint", keywords=("refund",)),
    ),
)


def test_listed_authors_get_their_class_by_username_any_case_or_by_id() -> None:
    assert POLICY.assign("biginvestor", "999", "hello") == "vip"
    assert POLICY.assign("someone", "12345", "hello") == "vip"


def test_keywords_match_whole_words_case_insensitively() -> None:
    assert POLICY.assign("x", "1", "Journalist here, a question") == "press"
    assert POLICY.assign("x", "1", "Press inquiry: your layoffs?") == "press"
    assert POLICY.assign("x", "1", "the journalistic standard") == "default"


def test_first_matching_rule_wins() -> None:
    # A VIP asking for a refund is still a VIP.
    assert POLICY.assign("BigInvestor", "1", "I want a refund") == "vip"
    assert POLICY.assign("x", "1", "journalist asking about your refund policy") == "press"


def test_a_stored_override_beats_the_rules_and_must_name_a_known_class() -> None:
    assert POLICY.assign("x", "1", "I want a refund", override="press") == "press"
    with pytest.raises(InvalidInput, match="unknown SLA class 'urgent'"):
        POLICY.assign("x", "1", "hi", override="urgent")


def test_unanswered_mention_is_on_track_then_at_risk_at_75_percent_then_breached() -> None:
    assert sla_status(PRESS, T0, None, T0 + timedelta(minutes=44)).state == "on_track"
    at_risk = sla_status(PRESS, T0, None, T0 + timedelta(minutes=45))
    assert at_risk.state == "at_risk" and at_risk.remaining_minutes == 15
    breached = sla_status(PRESS, T0, None, T0 + timedelta(minutes=61))
    assert breached.state == "breached" and breached.remaining_minutes == -1


def test_answered_mention_is_met_or_breached_by_its_answer_time_not_now() -> None:
    later = T0 + timedelta(days=3)
    assert sla_status(PRESS, T0, T0 + timedelta(minutes=60), later).state == "met"
    assert sla_status(PRESS, T0, T0 + timedelta(minutes=61), later).state == "breached"


def test_business_clock_class_does_not_breach_over_the_weekend() -> None:
    ny = ZoneInfo("America/New_York")
    hours = BusinessHours("America/New_York")
    friday_evening = datetime(2024, 5, 10, 18, 0, tzinfo=ny)
    monday_morning = datetime(2024, 5, 13, 10, 0, tzinfo=ny)
    status = sla_status(POLICY.get("default"), friday_evening, None, monday_morning, hours)
    assert status.state == "on_track" and status.elapsed_minutes == 60
    assert unanswered_age(friday_evening, monday_morning) == 64 * 60
    assert unanswered_age(friday_evening, monday_morning, "business", hours) == 60


def test_business_clock_without_business_hours_says_what_is_missing() -> None:
    with pytest.raises(InvalidInput, match="business hours"):
        sla_status(POLICY.get("default"), T0, None, T0 + timedelta(hours=1))


def test_policies_that_cannot_work_are_refused() -> None:
    with pytest.raises(InvalidInput, match="'default' class"):
        SlaPolicy(classes=(PRESS,))
    with pytest.raises(InvalidInput, match="unknown class 'vip'"):
        SlaPolicy(classes=(SlaClass("default", 60),), rules=(SlaRule("vip", keywords=("x",)),))
    with pytest.raises(InvalidInput, match="positive"):
        SlaClass("press", 0)


def test_default_policy_has_the_classes_the_product_promises() -> None:
    assert {c.name for c in DEFAULT_POLICY.classes} == {"press", "investor", "vip", "complaint", "default"}
    assert DEFAULT_POLICY.assign("x", "1", "Still waiting for my refund") == "complaint"
