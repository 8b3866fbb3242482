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
from assistant.domain.states import STATE_WORDS, state_word
from assistant.formatting import when
from assistant.i18n import N_, SOURCE_LANGUAGE, _, current_language

# {who} did what to {item}; {as_exec} is " as Maya" for what went out in the executive's name.
# Marked for the catalog (services.po) and translated when a sentence is built.
SENTENCES: dict[A, str] = {
    A.DEMO_SEEDED: N_("{who} created the demo workspace"),
    A.EXECUTIVE_PROFILE_CHANGED: N_("{who} changed the profile of {item}"),
    A.EXECUTIVE_VOICE_CHANGED: N_("{who} changed the voice of {item}"),
    A.GENERATION_RECORDED: N_("{who} drafted a text with AI ({item})"),
    A.MEMBER_ADDED: N_("{who} added {item}"),
    A.MEMBER_DEACTIVATED: N_("{who} deactivated {item}"),
    A.MEMBER_INVITATION_ACCEPTED: N_("{who} accepted the invitation of {item} and set a password"),
    A.MEMBER_INVITED: N_("{who} invited {item}"),
    A.MEMBER_LOCKED_OUT: N_("{who} locked out {item} after repeated wrong passwords"),
    A.MEMBER_PASSWORD_CHANGED: N_("{who} changed the password of {item}"),
    A.MEMBER_ROLES_CHANGED: N_("{who} changed the roles of {item}"),
    A.MENTION_ASSIGNED: N_("{who} assigned {item}"),
    A.MENTION_CLAIMED: N_("{who} claimed {item}"),
    A.MENTION_DISMISSED: N_("{who} dismissed {item}"),
    A.MENTION_ESCALATED: N_("{who} escalated {item} to the executive"),
    A.MENTION_RELEASED: N_("{who} released {item}"),
    A.MENTION_REPLIED: N_("{who} answered {item}{as_exec}"),
    A.MENTION_SLA_CLASS_CHANGED: N_("{who} changed the SLA class of {item}"),
    A.MENTION_SLA_CLASS_PROPOSAL_DECLINED: N_("{who} declined the SLA class proposed for {item}"),
    A.MENTION_SLA_CLASS_PROPOSED: N_("{who} proposed another SLA class for {item}"),
    A.MENTIONS_IMPORTED: N_("{who} imported mentions for {item}"),
    A.MENTIONS_SYNCED: N_("{who} fetched new mentions from X for {item}"),
    A.NOTIFICATION_PREFERENCES_CHANGED: N_("{who} changed the notification preferences of {item}"),
    A.POLICY_AI_DISCLOSURE_CHANGED: N_("{who} changed the line added to AI-assisted posts"),
    A.POLICY_CHECKLIST_CHANGED: N_("{who} changed the checklist rules"),
    A.POLICY_DELEGATION_CHANGED: N_("{who} changed the delegation policy"),
    A.POLICY_NOTIFICATIONS_CHANGED: N_("{who} changed the workspace's notification settings"),
    A.POLICY_REVIEW_CHANGED: N_("{who} changed the review policy"),
    A.POLICY_RETENTION_CHANGED: N_("{who} changed how long mention text is kept"),
    A.POLICY_THREADS_CHANGED: N_("{who} changed the thread policy"),
    A.PRIVACY_ERASED: N_("{who} erased a mention author's personal data from {item}"),
    A.PRIVACY_EXPORTED: N_("{who} exported what {item} stores about a mention author"),
    A.PRIVACY_RETENTION_APPLIED: N_("{who} blanked the text of mentions past the retention period in {item}"),
    A.POST_APPROVAL_RECORDED: N_("{who} approved {item} (another approval is still needed)"),
    A.POST_APPROVE: N_("{who} approved {item}"),
    A.POST_DRAFTED: N_("{who} drafted {item}"),
    A.POST_EDITED: N_("{who} edited {item}"),
    A.POST_EXPIRED: N_("{who} expired {item}: its publish time passed before it was approved"),
    A.POST_ITEM_SIGNED: N_("{who} signed a checklist item of {item}"),
    A.POST_PUBLISH_FAILED: N_("{who} could not publish {item}"),
    A.POST_PUBLISH_INTERRUPTED: N_("{who} found publishing {item} interrupted and will retry"),
    A.POST_PUBLISH_REFUSED: N_("{who} refused to publish {item}: the text is not approved"),
    A.POST_PUBLISHED: N_("{who} published {item}{as_exec}"),
    A.POST_PUBLISHING: N_("{who} started publishing {item}"),
    A.POST_RECONCILED: N_("{who} found {item} already on X and recorded it"),
    A.POST_REJECT: N_("{who} rejected {item}"),
    A.POST_REQUEST_CHANGES: N_("{who} sent {item} back for changes"),
    A.POST_RETRY_REQUESTED: N_("{who} asked to retry publishing {item}"),
    A.POST_SCHEDULED: N_("{who} scheduled {item}"),
    A.POST_SEEDED: N_("{who} created {item}"),
    A.POST_SUBMITTED: N_("{who} submitted {item} for review"),
    A.POST_THREAD_CHOICE: N_("{who} chose whether {item} goes out as a thread"),
    A.POST_THREAD_PART_RECONCILED: N_("{who} found a part of {item} already on X"),
    A.POST_THREAD_PART_SENT: N_("{who} sent a part of the thread of {item}{as_exec}"),
    A.POST_THREAD_RESTARTED: N_("{who} restarted the thread of {item}"),
    A.POST_TIME_SET: N_("{who} set the publish time of {item}"),
    A.REPLY_APPROVED: N_("{who} approved {item}"),
    A.REPLY_DRAFTED: N_("{who} drafted {item}"),
    A.REPLY_EDITED: N_("{who} edited {item}: a new version someone else approves"),
    A.REPLY_RECONCILED: N_("{who} found {item} already on X{as_exec}"),
    A.REPLY_REJECTED: N_("{who} rejected {item}"),
    A.REPLY_SEND_FAILED: N_("{who} could not send {item}"),
    A.REPLY_SENDING: N_("{who} started sending {item}{as_exec}"),
    A.REPLY_SENT: N_("{who} sent {item}{as_exec}"),
    A.REPLY_SUBMITTED_FOR_APPROVAL: N_("{who} asked for approval of {item}"),
    A.REPLY_WITHDRAWN: N_("{who} withdrew {item}"),
    A.SAVED_REPLY_CREATED: N_("{who} created {item}"),
    A.SAVED_REPLY_DELETED: N_("{who} deleted {item}"),
}

# An item without a name: '{kind} #{id}' in English, with its article in French ('la publication n° 12').
_ITEM_TEMPLATES = {
    "post": N_("post #{id}"),
    "reply": N_("reply #{id}"),
    "mention": N_("mention #{id}"),
    "member": N_("member #{id}"),
    "executive": N_("executive #{id}"),
    "saved_reply": N_("saved reply #{id}"),
    "generation": N_("AI generation #{id}"),
    "notification": N_("notification #{id}"),
}
# The keys of a before/after people meet most; any other key reads as its words.
_KEY_WORDS = {
    "x_post_id": N_("X post id"),
    "sla_class": N_("SLA class"),
    "at": N_("at"),
    "ai": N_("AI"),
    "state": N_("state"),
    "version": N_("version"),
    "roles": N_("roles"),
    "title": N_("title"),
    "text": N_("text"),
    "comment": N_("comment"),
    "scheduled_at": N_("scheduled at"),
    "timezone": N_("time zone"),
    "active": N_("active"),
    "reason": N_("reason"),
    "email": N_("e-mail"),
    "display_name": N_("display name"),
    "claimed_by": N_("claimed by"),
    "publish_as_thread": N_("publish as a thread"),
    "last_error": N_("last error"),
    "expires_at": N_("expires at"),
    "next_attempt_at": N_("next attempt at"),
    "proposed": N_("proposed class"),
    "proposed_by": N_("proposed by"),
    "accepted": N_("accepted"),
    "written_by": N_("written by"),
    "edited_by": N_("edited by"),
}
_SYSTEM_ACTORS = {
    "publisher": N_("The publisher"),
    "reply sender": N_("The reply sender"),
    "demo seed": N_("The demo seed"),
    "import": N_("The import"),
    "command line": N_("The command line"),
    "X sync": N_("The X sync"),
    "retention": N_("The retention rule"),
}
# French contracts 'de le' into 'du', 'de un' into 'd’un'...: an item slotted after 'de' or 'à' needs it.
_FRENCH_CONTRACTIONS = (
    (re.compile(r"\bde le "), "du "),
    (re.compile(r"\bà le "), "au "),
    (re.compile(r"\bde les "), "des "),
    (re.compile(r"\bà les "), "aux "),
    (re.compile(r"\bde (?=une? )"), "d’"),
    (re.compile(r"\bde (?=[aeiouhéAEIOUHÉ])"), "d’"),
    (re.compile(r"\bque (?=[aeiouéAEIOUÉ])"), "qu’"),
)
_SEP = "\x1f"  # joins nested keys: rule ids contain dots
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
MAX_VALUE = 80  # a long text (a policy, a voice) is cut: the CSV export keeps it whole


def who(label: str) -> str:
    """The actor as a person says it: 'Riley Chen <riley@x>' → 'Riley'; 'system (publisher)' → 'The publisher'."""
    label = label.strip()
    system = re.fullmatch(r"system \((.+)\)", label)
    if system:
        known = _SYSTEM_ACTORS.get(system.group(1))
        return _(known) if known else _("The {name}", name=system.group(1))
    if label == "system":
        return _("The system")
    name = label.split("<", 1)[0].strip()
    if not name or "@" in name:
        return name or _("Someone")
    return name.split()[0]


def item(entity_type: str, entity_id: str | int, name: str | None = None) -> str:
    """'post #12', 'mention #40', or the name the trail found ('Sam Patel', 'Maya Okafor')."""
    if name:
        return name
    if entity_type == "workspace":
        return _("the workspace")
    template = _ITEM_TEMPLATES.get(entity_type)
    if template is None:
        return f"{entity_type.replace('_', ' ')} #{entity_id}"
    return _(template, id=entity_id)


def sentence(action: str, actor_label: str, item_text: str, *, as_executive: str | None = None) -> str:
    """Who did what to which item, in words; an action missing from SENTENCES still reads as words."""
    template = SENTENCES.get(action)  # type: ignore[call-overload]
    if template is None:
        words = action.replace(".", " ").replace("_", " ")
        template = "{who}: " + words + " ({item})"
    else:
        template = _(template)
    as_exec = _(" as {name}", name=as_executive) if as_executive else ""
    return _contracted(template.format(who=who(actor_label), item=item_text, as_exec=as_exec))


def _contracted(text: str) -> str:
    if current_language() != "fr":
        return text
    for pattern, replacement in _FRENCH_CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


_NOUNS = {
    "post": N_("a post"),
    "reply": N_("a reply"),
    "mention": N_("a mention"),
    "mentions": N_("an executive"),
    "member": N_("a member"),
    "executive": N_("an executive"),
    "notification": N_("a member"),
    "saved_reply": N_("a saved reply"),
    "generation": N_("a post"),
}


def action_words(action: str) -> str:
    """The action without a person or an item, for a filter: 'post.request_changes' → 'Sent a post back for changes'."""
    template = SENTENCES.get(action)  # type: ignore[call-overload]
    if template is None:
        return action.replace(".", ": ").replace("_", " ")
    noun = _(_NOUNS.get(action.split(".", 1)[0], N_("an item")))
    text = _(template).replace("{who} ", "").replace("{as_exec}", "").replace("{item}", noun)
    text = _contracted(text)
    return text[:1].upper() + text[1:]


def _key(path: str) -> str:
    return " › ".join(
        _(_KEY_WORDS[part]) if part in _KEY_WORDS else part.replace("_", " ") for part in path.split(_SEP)
    )


def value_text(value: Any, tz: str = "UTC") -> str:
    """A stored value as people read it: times in the zone given, lists joined, states in words."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and _ISO.match(value):
        try:
            return when(datetime.fromisoformat(value), tz)
        except ValueError:
            return value
    if isinstance(value, (list, tuple)):
        text = ", ".join(value_text(v, tz) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{_key(str(k))}: {value_text(v, tz)}" for k, v in value.items())
    elif isinstance(value, str) and value in STATE_WORDS and current_language() != SOURCE_LANGUAGE:
        text = state_word(value)  # 'approved' → 'approuvée'
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
            value = f"{value_text(old[key], tz)} → {value_text(new[key], tz)}"
        elif key in new:
            value = value_text(new[key], tz)
        else:
            value = f"{value_text(old[key], tz)} → —"
        lines.append(_("{field}: {value}", field=_key(key), value=value))  # French puts a space before the colon
    return lines
