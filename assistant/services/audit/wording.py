"""The audit trail in words: "Riley approved post #12", "Sam sent a reply to mention #40 as Maya".

Pure (no database, no streamlit): the trail resolves names and passes them in, the page shows the
sentence and the before/after as a short list of changes instead of raw JSON. Every `AuditAction`
has its sentence here (a test walks the enum), so no action is ever shown as `post.request_changes`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from assistant.domain.audit_actions import AuditAction as A
from assistant.formatting import when

# {who} did what to {item}; {as_exec} is " as Maya" for what went out in the executive's name.
SENTENCES: dict[A, str] = {
    A.DEMO_SEEDED: "{who} created the demo workspace",
    A.EXECUTIVE_PROFILE_CHANGED: "{who} changed the profile of {item}",
    A.EXECUTIVE_VOICE_CHANGED: "{who} changed the voice of {item}",
    A.GENERATION_RECORDED: "{who} drafted a text with AI ({item})",
    A.MEMBER_ADDED: "{who} added {item}",
    A.MEMBER_DEACTIVATED: "{who} deactivated {item}",
    A.MEMBER_INVITATION_ACCEPTED: "{who} accepted the invitation of {item} and set a password",
    A.MEMBER_INVITED: "{who} invited {item}",
    A.MEMBER_LOCKED_OUT: "{who} locked out {item} after repeated wrong passwords",
    A.MEMBER_PASSWORD_CHANGED: "{who} changed the password of {item}",
    A.MEMBER_ROLES_CHANGED: "{who} changed the roles of {item}",
    A.MENTION_ASSIGNED: "{who} assigned {item}",
    A.MENTION_CLAIMED: "{who} claimed {item}",
    A.MENTION_DISMISSED: "{who} dismissed {item}",
    A.MENTION_ESCALATED: "{who} escalated {item} to the executive",
    A.MENTION_RELEASED: "{who} released {item}",
    A.MENTION_REPLIED: "{who} answered {item}{as_exec}",
    A.MENTION_SLA_CLASS_CHANGED: "{who} changed the SLA class of {item}",
    A.MENTIONS_IMPORTED: "{who} imported mentions for {item}",
    A.MENTIONS_SYNCED: "{who} fetched new mentions from X for {item}",
    A.NOTIFICATION_PREFERENCES_CHANGED: "{who} changed the notification preferences of {item}",
    A.POLICY_AI_DISCLOSURE_CHANGED: "{who} changed the line added to AI-assisted posts",
    A.POLICY_CHECKLIST_CHANGED: "{who} changed the checklist rules",
    A.POLICY_DELEGATION_CHANGED: "{who} changed the delegation policy",
    A.POLICY_NOTIFICATIONS_CHANGED: "{who} changed the workspace's notification settings",
    A.POLICY_REVIEW_CHANGED: "{who} changed the review policy",
    A.POLICY_THREADS_CHANGED: "{who} changed the thread policy",
    A.POST_APPROVAL_RECORDED: "{who} approved {item} (another approval is still needed)",
    A.POST_APPROVE: "{who} approved {item}",
    A.POST_DRAFTED: "{who} drafted {item}",
    A.POST_EDITED: "{who} edited {item}",
    A.POST_EXPIRED: "{who} expired {item}: its publish time passed before it was approved",
    A.POST_ITEM_SIGNED: "{who} signed a checklist item of {item}",
    A.POST_PUBLISH_FAILED: "{who} could not publish {item}",
    A.POST_PUBLISH_INTERRUPTED: "{who} found publishing {item} interrupted and will retry",
    A.POST_PUBLISH_REFUSED: "{who} refused to publish {item}: the text is not approved",
    A.POST_PUBLISHED: "{who} published {item}{as_exec}",
    A.POST_PUBLISHING: "{who} started publishing {item}",
    A.POST_RECONCILED: "{who} found {item} already on X and recorded it",
    A.POST_REJECT: "{who} rejected {item}",
    A.POST_REQUEST_CHANGES: "{who} sent {item} back for changes",
    A.POST_RETRY_REQUESTED: "{who} asked to retry publishing {item}",
    A.POST_SCHEDULED: "{who} scheduled {item}",
    A.POST_SEEDED: "{who} created {item}",
    A.POST_SUBMITTED: "{who} submitted {item} for review",
    A.POST_THREAD_CHOICE: "{who} chose whether {item} goes out as a thread",
    A.POST_THREAD_PART_RECONCILED: "{who} found a part of {item} already on X",
    A.POST_THREAD_PART_SENT: "{who} sent a part of the thread of {item}{as_exec}",
    A.POST_THREAD_RESTARTED: "{who} restarted the thread of {item}",
    A.POST_TIME_SET: "{who} set the publish time of {item}",
    A.REPLY_APPROVED: "{who} approved {item}",
    A.REPLY_DRAFTED: "{who} drafted {item}",
    A.REPLY_RECONCILED: "{who} found {item} already on X{as_exec}",
    A.REPLY_REJECTED: "{who} rejected {item}",
    A.REPLY_SEND_FAILED: "{who} could not send {item}",
    A.REPLY_SENDING: "{who} started sending {item}{as_exec}",
    A.REPLY_SENT: "{who} sent {item}{as_exec}",
    A.REPLY_SUBMITTED_FOR_APPROVAL: "{who} asked for approval of {item}",
    A.REPLY_WITHDRAWN: "{who} withdrew {item}",
    A.SAVED_REPLY_CREATED: "{who} created {item}",
    A.SAVED_REPLY_DELETED: "{who} deleted {item}",
}

_ITEM_NAMES = {"saved_reply": "saved reply", "generation": "AI generation"}
_KEY_WORDS = {"x_post_id": "X post id", "sla_class": "SLA class", "at": "at", "ai": "AI"}
_SEP = "\x1f"  # joins nested keys: rule ids contain dots
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
MAX_VALUE = 80  # a long text (a policy, a voice) is cut: the CSV export keeps it whole


def who(label: str) -> str:
    """The actor as a person says it: 'Riley Chen <riley@x>' → 'Riley'; 'system (publisher)' → 'The publisher'."""
    label = label.strip()
    system = re.fullmatch(r"system \((.+)\)", label)
    if system:
        return f"The {system.group(1)}"
    if label == "system":
        return "The system"
    name = label.split("<", 1)[0].strip()
    if not name or "@" in name:
        return name or "Someone"
    return name.split()[0]


def item(entity_type: str, entity_id: str | int, name: str | None = None) -> str:
    """'post #12', 'mention #40', or the name the trail found ('Sam Patel', 'Maya Okafor')."""
    if name:
        return name
    if entity_type == "workspace":
        return "the workspace"
    return f"{_ITEM_NAMES.get(entity_type, entity_type.replace('_', ' '))} #{entity_id}"


def sentence(action: str, actor_label: str, item_text: str, *, as_executive: str | None = None) -> str:
    """Who did what to which item, in words; an action missing from SENTENCES still reads as words."""
    template = SENTENCES.get(action)  # type: ignore[call-overload]
    if template is None:
        words = action.replace(".", " ").replace("_", " ")
        template = "{who}: " + words + " ({item})"
    as_exec = f" as {as_executive}" if as_executive else ""
    return template.format(who=who(actor_label), item=item_text, as_exec=as_exec)


_NOUNS = {
    "post": "a post",
    "reply": "a reply",
    "mention": "a mention",
    "mentions": "an executive",
    "member": "a member",
    "executive": "an executive",
    "notification": "a member",
    "saved_reply": "a saved reply",
    "generation": "a post",
}


def action_words(action: str) -> str:
    """The action without a person or an item, for a filter: 'post.request_changes' → 'Sent a post back for changes'."""
    template = SENTENCES.get(action)  # type: ignore[call-overload]
    if template is None:
        return action.replace(".", ": ").replace("_", " ")
    noun = _NOUNS.get(action.split(".", 1)[0], "an item")
    text = template.replace("{who} ", "").replace("{as_exec}", "").replace("{item}", noun)
    return text[:1].upper() + text[1:]


def _key(path: str) -> str:
    return " › ".join(_KEY_WORDS.get(part, part.replace("_", " ")) for part in path.split(_SEP))


def value_text(value: Any, tz: str = "UTC") -> str:
    """A stored value as people read it: times in the zone given, lists joined, states in words."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and _ISO.match(value):
        try:
            return when(datetime.fromisoformat(value), tz)
        except ValueError:
            return value
    if isinstance(value, (list, tuple)):
        text = ", ".join(value_text(v, tz) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{_key(str(k))}: {value_text(v, tz)}" for k, v in value.items())
    elif isinstance(value, str) and re.fullmatch(r"[a-z]+(_[a-z]+)+", value):
        text = value.replace("_", " ")  # a state such as in_review
    else:
        text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _flat(data: dict | None, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in (data or {}).items():
        path = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            out.update(_flat(v, path + _SEP))
        else:
            out[path] = v
    return out


def changes(before: dict | None, after: dict | None, tz: str = "UTC") -> list[str]:
    """The before/after of an event as lines: 'state: in review → approved', 'version: 2'.

    Only what differs is listed; a value present on one side only reads as set or removed."""
    old, new = _flat(before), _flat(after)
    lines = []
    for key in [*old, *(k for k in new if k not in old)]:
        if key in old and key in new:
            if old[key] == new[key]:
                continue
            lines.append(f"{_key(key)}: {value_text(old[key], tz)} → {value_text(new[key], tz)}")
        elif key in new:
            lines.append(f"{_key(key)}: {value_text(new[key], tz)}")
        else:
            lines.append(f"{_key(key)}: {value_text(old[key], tz)} → —")
    return lines
