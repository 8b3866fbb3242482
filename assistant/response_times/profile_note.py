"""A suggested profile line that states the executive's response policy from real figures.

"Answer quickly, or say on your profile how you answer": the note only claims what the
numbers show. Who answers comes from the responder shares; the promised delay is the
median rounded *up* to a plain unit, so the note never flatters.
"""

from __future__ import annotations

import math
from typing import Any

from assistant.i18n import _, n_

MAJORITY = 0.8  # share above which one party "answers" rather than "answers some"


def friendly_duration(minutes: float, clock: str = "calendar", minutes_per_business_day: float = 480) -> str:
    """Round a delay up to a unit a follower understands: '15 minutes', '2 business hours', '3 days'."""
    business = clock == "business"
    if minutes <= 60:
        for step in (5, 15, 30, 60):
            if minutes <= step:
                if step == 60:
                    return _("1 business hour") if business else _("an hour")
                return _("{count} minutes", count=step)
    day = minutes_per_business_day if business else 24 * 60
    if minutes < day:
        count = math.ceil(minutes / 60)
        if business:
            return n_("{count} business hour", "{count} business hours", count)
        return n_("{count} hour", "{count} hours", count)
    count = math.ceil(minutes / day)
    if business:
        return n_("{count} business day", "{count} business days", count)
    return n_("{count} day", "{count} days", count)


def suggest_profile_note(
    report: dict[str, Any], signature: str = "^TEAM", minutes_per_business_day: float = 480
) -> str:
    """E.g. 'I read everything; my team answers on my behalf, signed ^TEAM; usually within 2 business hours.'

    `report` is the output of `build_report` (needs `by_responder`) or at least `summarize`. Written in the
    run's language (assistant.i18n): the executive puts it on their profile as it is.
    """
    if not report.get("answered"):
        return _("I read everything; I do not answer every mention here.")
    shares = {name: (figures.get("share") or 0.0) for name, figures in report.get("by_responder", {}).items()}
    own, team = shares.get("executive", 0.0), shares.get("delegate", 0.0)
    if own >= MAJORITY:
        who = _("I answer personally")
    elif team >= MAJORITY:
        who = _("my team answers on my behalf, signed {signature}", signature=signature)
    elif own or team:
        who = _("I answer some myself; my team answers others on my behalf, signed {signature}", signature=signature)
    else:
        who = _("we answer here")
    parts = [_("I read everything"), who]
    rate = report.get("response_rate") or 0.0
    if rate < MAJORITY:
        parts.append(_("we answer about {percent}% of mentions", percent=round(rate * 100)))
    delay = friendly_duration(report["median_minutes"], report.get("clock", "calendar"), minutes_per_business_day)
    parts.append(_("usually within {delay}", delay=delay))
    return _("; ").join(parts) + "."
