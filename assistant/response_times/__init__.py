"""The response-time engine (pure: stdlib only, no I/O).

Definitions are in docs/response_times.md: business clock, percentiles as numpy, SLA
classes, the report and its rounding, the suggested profile note.
"""

from assistant.response_times.business_hours import (
    BusinessHours,
    business_minutes,
    calendar_minutes,
    parse_days,
    parse_hours,
)
from assistant.response_times.profile_note import friendly_duration, suggest_profile_note
from assistant.response_times.report import (
    MentionTiming,
    Responder,
    at_risk,
    build_report,
    iso_week,
    mention_status,
    response_minutes,
    sla_attainment,
    summarize,
    summarize_values,
)
from assistant.response_times.sla import (
    DEFAULT_CLASS,
    DEFAULT_POLICY,
    Clock,
    SlaClass,
    SlaPolicy,
    SlaRule,
    SlaState,
    SlaStatus,
    elapsed_minutes,
    sla_status,
    unanswered_age,
)
from assistant.response_times.stats import median, p90, percentile, percentile_of_sorted

__all__ = [
    "DEFAULT_CLASS",
    "DEFAULT_POLICY",
    "BusinessHours",
    "Clock",
    "MentionTiming",
    "Responder",
    "SlaClass",
    "SlaPolicy",
    "SlaRule",
    "SlaState",
    "SlaStatus",
    "at_risk",
    "build_report",
    "business_minutes",
    "calendar_minutes",
    "elapsed_minutes",
    "friendly_duration",
    "iso_week",
    "median",
    "mention_status",
    "p90",
    "parse_days",
    "parse_hours",
    "percentile",
    "percentile_of_sorted",
    "response_minutes",
    "sla_attainment",
    "sla_status",
    "suggest_profile_note",
    "summarize",
    "summarize_values",
    "unanswered_age",
]
