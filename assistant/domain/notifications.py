"""What a member can be notified about, quiet hours, and how much of a text a notification may carry.

Pure: the worker's pass (services/notifications) applies these rules to what the database holds.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.errors import InvalidInput
from assistant.i18n import N_, _

# Every kind, in the order an e-mail lists them, with the heading it gets there.
KINDS: dict[str, str] = {
    "review_requested": N_("Posts waiting for your review"),
    "changes_requested": N_("Changes requested on posts"),
    "reply_approval": N_("Replies awaiting your approval"),
    "escalation": N_("Escalated mentions"),
    "sla_at_risk": N_("Mentions at risk of missing their response target"),
    "publish_failed": N_("Posts that failed to publish"),
}
# What a member ticks on My account, and what a subject line counts (translated where shown: `_(KIND_NAMES[k])`).
KIND_NAMES: dict[str, str] = {
    "review_requested": N_("Review requested"),
    "changes_requested": N_("Changes requested"),
    "reply_approval": N_("Reply awaiting approval"),
    "escalation": N_("Escalation"),
    "sla_at_risk": N_("Response target at risk"),
    "publish_failed": N_("Publishing failed"),
}
# A notification quotes at most this much of a post, reply or mention: enough to recognise it, no more.
EXCERPT_CHARS = 80
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line of at most `limit` characters, cut with '…'."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def check_kinds(kinds: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise InvalidInput(
            _(
                "unknown notification kind(s) {unknown}; choose from {kinds}",
                unknown=", ".join(unknown),
                kinds=", ".join(KINDS),
            )
        )
    return [k for k in KINDS if k in set(kinds)]


def parse_hhmm(value: str | None, what: str = N_("time")) -> time | None:
    """'22:00' → time(22, 0); empty → None; anything else is refused with the expected form."""
    if value is None or not value.strip():
        return None
    match = _HHMM.match(value.strip())
    if not match:
        raise InvalidInput(
            _("the {what} '{value}' is not a time of day; write it as HH:MM, e.g. 22:00", what=_(what), value=value)
        )
    return time(int(match.group(1)), int(match.group(2)))


def check_timezone(tz: str | None) -> str | None:
    if not tz:
        return None
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(_("unknown time zone '{tz}'; choose one from the list (e.g. Europe/Paris)", tz=tz)) from None
    return tz


def in_quiet_hours(now: datetime, start: str | None, end: str | None, tz: str) -> bool:
    """True when `now`, read in `tz`, falls in [start, end); a window may cross midnight (22:00–07:00).
    No window, or start == end, means no quiet hours."""
    begin, finish = parse_hhmm(start), parse_hhmm(end)
    if begin is None or finish is None or begin == finish:
        return False
    local = now.astimezone(ZoneInfo(tz)).time().replace(tzinfo=None)
    if begin < finish:
        return begin <= local < finish
    return local >= begin or local < finish
