"""A suggested profile line that states the executive's response policy from real figures.

"Answer quickly, or say on your profile how you answer": the note only claims what the
numbers show. Who answers comes from the responder shares; the promised delay is the
median rounded *up* to a plain unit, so the note never flatters.
"""

from __future__ import annotations

import math
from typing import Any

MAJORITY = 0.8  # share above which one party "answers" rather than "answers some"


def friendly_duration(minutes: float, clock: str = "calendar", minutes_per_business_day: float = 480) -> str:
    """Round a delay up to a unit a follower understands: '15 minutes', '2 business hours', '3 days'."""
    prefix = "business " if clock == "business" else ""
    if minutes <= 60:
        for step in (5, 15, 30, 60):
            if minutes <= step:
                return (
                    "an hour" if step == 60 and not prefix else (f"1 {prefix}hour" if step == 60 else f"{step} minutes")
                )
    day = minutes_per_business_day if prefix else 24 * 60
    if minutes < day:
        count = math.ceil(minutes / 60)
        return f"{count} {prefix}hour{'s' if count > 1 else ''}"
    count = math.ceil(minutes / day)
    return f"{count} {prefix}day{'s' if count > 1 else ''}"


def suggest_profile_note(
    report: dict[str, Any], signature: str = "^TEAM", minutes_per_business_day: float = 480
) -> str:
    """E.g. 'I read everything; my team answers on my behalf, signed ^TEAM; usually within 2 business hours.'

    `report` is the output of `build_report` (needs `by_responder`) or at least `summarize`.
    """
    if not report.get("answered"):
        return "I read everything; I do not answer every mention here."
    shares = {name: (figures.get("share") or 0.0) for name, figures in report.get("by_responder", {}).items()}
    own, team = shares.get("executive", 0.0), shares.get("delegate", 0.0)
    if own >= MAJORITY:
        who = "I answer personally"
    elif team >= MAJORITY:
        who = f"my team answers on my behalf, signed {signature}"
    elif own or team:
        who = f"I answer some myself; my team answers others on my behalf, signed {signature}"
    else:
        who = "we answer here"
    parts = ["I read everything", who]
    rate = report.get("response_rate") or 0.0
    if rate < MAJORITY:
        parts.append(f"we answer about {round(rate * 100)}% of mentions")
    delay = friendly_duration(report["median_minutes"], report.get("clock", "calendar"), minutes_per_business_day)
    parts.append(f"usually within {delay}")
    return "; ".join(parts) + "."
