"""Roles and what each may do. The service layer asks `allowed()` before every action."""

from __future__ import annotations

from enum import StrEnum

from assistant.i18n import N_, SOURCE_LANGUAGE, _, current_language


class Role(StrEnum):
    EXECUTIVE = "executive"
    DELEGATE = "delegate"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Action(StrEnum):
    """Every action a service performs on someone's behalf (names from the users' words)."""

    VIEW_POSTS = "view_posts"
    DRAFT_POST = "draft_post"
    EDIT_POST = "edit_post"
    SUBMIT_FOR_REVIEW = "submit_for_review"
    REVIEW_POST = "review_post"  # approve / request changes / reject
    SIGN_CHECKLIST_ITEM = "sign_checklist_item"
    SCHEDULE_POST = "schedule_post"
    VIEW_MENTIONS = "view_mentions"
    CLAIM_MENTION = "claim_mention"
    DRAFT_REPLY = "draft_reply"
    APPROVE_REPLY = "approve_reply"
    ESCALATE_MENTION = "escalate_mention"
    DISMISS_MENTION = "dismiss_mention"
    # The class the delegation policy reads: a delegate proposes, a reviewer, the executive or an admin decides.
    SET_SLA_CLASS = "set_sla_class"
    PROPOSE_SLA_CLASS = "propose_sla_class"
    MANAGE_SAVED_REPLIES = "manage_saved_replies"  # the workspace's reusable reply texts
    VIEW_REPORTS = "view_reports"
    IMPORT_MENTIONS = "import_mentions"
    VIEW_MEMBERS = "view_members"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_POLICIES = "manage_policies"
    EDIT_VOICE_PROFILE = "edit_voice_profile"
    VIEW_AUDIT = "view_audit"
    MANAGE_PERSONAL_DATA = "manage_personal_data"  # export or erase what is stored about a mention author
    MANAGE_OWN_NOTIFICATIONS = "manage_own_notifications"  # what I am e-mailed about, and when


_E, _D, _R, _A = Role.EXECUTIVE, Role.DELEGATE, Role.REVIEWER, Role.ADMIN

# The permission matrix. A member holding several roles may do the union.
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW_POSTS: frozenset({_E, _D, _R, _A}),
    Action.DRAFT_POST: frozenset({_E, _D}),
    Action.EDIT_POST: frozenset({_E, _D, _R}),
    Action.SUBMIT_FOR_REVIEW: frozenset({_E, _D}),
    Action.REVIEW_POST: frozenset({_R}),
    Action.SIGN_CHECKLIST_ITEM: frozenset({_E, _R}),
    Action.SCHEDULE_POST: frozenset({_R}),
    Action.VIEW_MENTIONS: frozenset({_E, _D, _R}),
    Action.CLAIM_MENTION: frozenset({_E, _D}),
    Action.DRAFT_REPLY: frozenset({_E, _D}),
    Action.APPROVE_REPLY: frozenset({_E, _R}),
    Action.ESCALATE_MENTION: frozenset({_D}),
    Action.DISMISS_MENTION: frozenset({_E, _D}),
    Action.SET_SLA_CLASS: frozenset({_E, _R, _A}),
    Action.PROPOSE_SLA_CLASS: frozenset({_D}),
    Action.MANAGE_SAVED_REPLIES: frozenset({_E, _D, _R}),
    Action.VIEW_REPORTS: frozenset({_E, _D, _R, _A}),
    Action.IMPORT_MENTIONS: frozenset({_A}),
    Action.VIEW_MEMBERS: frozenset({_A}),
    Action.MANAGE_MEMBERS: frozenset({_A}),
    Action.MANAGE_POLICIES: frozenset({_A}),
    Action.EDIT_VOICE_PROFILE: frozenset({_E, _A}),
    Action.VIEW_AUDIT: frozenset({_A}),
    Action.MANAGE_PERSONAL_DATA: frozenset({_A}),
    Action.MANAGE_OWN_NOTIFICATIONS: frozenset({_E, _D, _R, _A}),
}


# Roles and actions in words, for messages people read ('relecteur', 'approuver une réponse').
# English messages keep the enum value, as they always did.
_ROLE_WORDS = {
    "executive": N_("executive"),
    "delegate": N_("delegate"),
    "reviewer": N_("reviewer"),
    "admin": N_("admin"),
}
_ACTION_WORDS = {
    "view_posts": N_("view posts"),
    "draft_post": N_("draft post"),
    "edit_post": N_("edit post"),
    "submit_for_review": N_("submit for review"),
    "review_post": N_("review post"),
    "sign_checklist_item": N_("sign checklist item"),
    "schedule_post": N_("schedule post"),
    "view_mentions": N_("view mentions"),
    "claim_mention": N_("claim mention"),
    "draft_reply": N_("draft reply"),
    "approve_reply": N_("approve reply"),
    "escalate_mention": N_("escalate mention"),
    "dismiss_mention": N_("dismiss mention"),
    "set_sla_class": N_("set the SLA class"),
    "propose_sla_class": N_("propose an SLA class"),
    "manage_saved_replies": N_("manage saved replies"),
    "view_reports": N_("view reports"),
    "import_mentions": N_("import mentions"),
    "view_members": N_("view members"),
    "manage_members": N_("manage members"),
    "manage_policies": N_("manage policies"),
    "edit_voice_profile": N_("edit voice profile"),
    "view_audit": N_("view audit"),
    "manage_personal_data": N_("manage personal data"),
    "manage_own_notifications": N_("manage own notifications"),
}


def role_word(role: str) -> str:
    """'reviewer' in English, 'relecteur' in French."""
    value = str(getattr(role, "value", role))
    if current_language() == SOURCE_LANGUAGE or value not in _ROLE_WORDS:
        return value
    return _(_ROLE_WORDS[value])


def action_word(action: str) -> str:
    """'approve_reply' → 'approve reply' in English, 'approuver une réponse' in French."""
    value = str(getattr(action, "value", action))
    if current_language() == SOURCE_LANGUAGE or value not in _ACTION_WORDS:
        return value.replace("_", " ")
    return _(_ACTION_WORDS[value])


def allowed(roles: frozenset[Role] | set[Role], action: Action) -> bool:
    """True when any of the roles may perform the action."""
    return bool(PERMISSIONS[action] & set(roles))


def parse_roles(text: str) -> frozenset[Role]:
    """Parse 'executive,reviewer' into roles; unknown names raise ValueError naming them."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in Role._value2member_map_]
    if unknown:
        valid = ", ".join(r.value for r in Role)
        raise ValueError(
            _("unknown role(s) {unknown}; valid roles are {valid}", unknown=", ".join(unknown), valid=valid)
        )
    return frozenset(Role(n) for n in names)
