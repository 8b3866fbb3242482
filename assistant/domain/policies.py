"""The workspace's policies, typed: each parsed and validated here from `Workspace.settings`.

An admin edits them in Settings; services load them with `workspace.policies` and hand the
typed value to the pure rules (`domain.approval`, `domain.delegation`). Every parser names
the bad field and the fix, so Settings and the command line can show the error as is.

    settings["review"]      -> ReviewPolicy      who must approve a post, and how late it may go out
    settings["publishing"]  -> ThreadPolicy      long X posts go out as threads
    settings["delegation"]  -> DelegationPolicy  what delegates may answer in the executive's name
    settings["drafting"]    -> DraftingPolicy    the line added to AI-assisted posts
    settings["checklist"]   -> ChecklistPolicy   the workspace's changes to the shipped checklist
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Any

from assistant.errors import InvalidInput
from assistant.i18n import N_, SOURCE_LANGUAGE, _, current_language

CLASS_RULES = ("direct", "approval", "escalate")
APPROVERS = ("executive", "reviewer", "either")
# Who approves, as a message names them after 'the': 'approved by the executive'.
_APPROVER_WORDS = {"executive": N_("executive"), "reviewer": N_("reviewer"), "either": N_("executive or a reviewer")}


def approver_word(approver: str) -> str:
    """The approver setting in words; English keeps the setting's own word, as messages always said."""
    if current_language() == SOURCE_LANGUAGE or approver not in _APPROVER_WORDS:
        return approver
    return _(_APPROVER_WORDS[approver])


_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MAX_DISCLOSURE = 100


def _section(settings: Mapping[str, Any] | None, key: str) -> dict[str, Any]:
    return dict((settings or {}).get(key) or {})


@dataclass(frozen=True)
class ReviewPolicy:
    """Per workspace, under `settings["review"]`. Defaults: one approver, a second one for disclosure."""

    approvals_required: int = 1
    second_approver_categories: tuple[str, ...] = ("disclosure",)
    require_attestations: bool = False
    # An approved post this late (worker down, say) expires instead of going out stale.
    late_limit_minutes: int = 24 * 60

    def to_dict(self) -> dict:
        data = asdict(self)
        data["second_approver_categories"] = list(self.second_approver_categories)
        return data


def review_policy(settings: Mapping[str, Any] | None) -> ReviewPolicy:
    raw = _section(settings, "review")
    default = ReviewPolicy()
    try:
        return ReviewPolicy(
            approvals_required=max(1, int(raw.get("approvals_required", default.approvals_required))),
            second_approver_categories=tuple(raw.get("second_approver_categories", default.second_approver_categories)),
            require_attestations=bool(raw.get("require_attestations", default.require_attestations)),
            late_limit_minutes=max(1, int(raw.get("late_limit_minutes", default.late_limit_minutes))),
        )
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            _("the workspace review policy is malformed ({error}); fix it in Settings", error=exc)
        ) from None


@dataclass(frozen=True)
class ThreadPolicy:
    """Under `settings["publishing"]`: every long X post becomes a thread (else the author chooses)."""

    thread_long_x_posts: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"thread_long_x_posts": self.thread_long_x_posts}


def thread_policy(settings: Mapping[str, Any] | None) -> ThreadPolicy:
    return ThreadPolicy(bool(_section(settings, "publishing").get("thread_long_x_posts", False)))


@dataclass(frozen=True)
class DelegationPolicy:
    # SLA class -> direct | approval | escalate; a class not listed needs approval (the safe side).
    classes: dict[str, str] = field(
        default_factory=lambda: {
            "default": "direct",
            "complaint": "direct",
            "vip": "approval",
            "press": "approval",
            "investor": "approval",
        }
    )
    approval_topics: tuple[str, ...] = ("pricing", "lawsuit", "partnership", "acquisition")
    escalate_topics: tuple[str, ...] = ("layoffs", "layoff", "recall", "safety incident", "fire")
    # Any reply finding of these checklist categories needs approval.
    approval_categories: tuple[str, ...] = ("disclosure", "sensitive", "legal", "privacy")
    negative_tone_needs_approval: bool = True
    approver: str = "either"
    signature: str = "initials"  # "initials" (e.g. ^SP), "" for none, or a fixed text such as "^CM"
    quiet_hours: tuple[str, str] | None = ("22:00", "07:00")  # executive's time zone; direct sends wait

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": dict(self.classes),
            "approval_topics": list(self.approval_topics),
            "escalate_topics": list(self.escalate_topics),
            "approval_categories": list(self.approval_categories),
            "negative_tone_needs_approval": self.negative_tone_needs_approval,
            "approver": self.approver,
            "signature": self.signature,
            "quiet_hours": list(self.quiet_hours) if self.quiet_hours else None,
        }


def delegation_from_mapping(data: dict[str, Any] | None) -> DelegationPolicy:
    """Validate stored or submitted settings; errors name the bad field and the fix."""
    data = dict(data or {})
    unknown = set(data) - set(DelegationPolicy.__dataclass_fields__)
    if unknown:
        raise InvalidInput(_("unknown delegation setting(s): {names}", names=", ".join(sorted(unknown))))
    base = DelegationPolicy()
    classes = {str(k).strip(): str(v).strip() for k, v in (data.get("classes") or base.classes).items()}
    bad = {k: v for k, v in classes.items() if v not in CLASS_RULES}
    if bad:
        raise InvalidInput(_("class rule(s) {bad} must be one of {rules}", bad=bad, rules=", ".join(CLASS_RULES)))
    approver = str(data.get("approver", base.approver))
    if approver not in APPROVERS:
        raise InvalidInput(
            _("approver '{approver}' must be one of {approvers}", approver=approver, approvers=", ".join(APPROVERS))
        )
    quiet = data.get("quiet_hours", base.quiet_hours)
    if quiet:
        quiet = tuple(str(q).strip() for q in quiet)
        if len(quiet) != 2 or not all(_HHMM.match(q) for q in quiet):
            raise InvalidInput(_("quiet hours {quiet!r} must be two times HH:MM, e.g. 22:00 and 07:00", quiet=quiet))
    signature = str(data.get("signature", base.signature)).strip()
    if len(signature) > 20:
        raise InvalidInput(_("the signature is longer than 20 characters; use initials such as ^CM"))

    def words(key: str) -> tuple[str, ...]:
        value = data.get(key, getattr(base, key))
        return tuple(w.strip().lower() for w in value if str(w).strip())

    return DelegationPolicy(
        classes=classes,
        approval_topics=words("approval_topics"),
        escalate_topics=words("escalate_topics"),
        approval_categories=words("approval_categories"),
        negative_tone_needs_approval=bool(data.get("negative_tone_needs_approval", base.negative_tone_needs_approval)),
        approver=approver,
        signature=signature,
        quiet_hours=quiet or None,
    )


def delegation_policy(settings: Mapping[str, Any] | None) -> DelegationPolicy:
    return delegation_from_mapping((settings or {}).get("delegation"))


@dataclass(frozen=True)
class DraftingPolicy:
    """Under `settings["drafting"]`: the line AI-assisted posts must carry ("" for none)."""

    ai_disclosure: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"ai_disclosure": self.ai_disclosure}


def drafting_policy(settings: Mapping[str, Any] | None) -> DraftingPolicy:
    return DraftingPolicy(str(_section(settings, "drafting").get("ai_disclosure", "") or "").strip()[:MAX_DISCLOSURE])


@dataclass(frozen=True)
class ChecklistPolicy:
    """Under `settings["checklist"]`: the workspace's changes to the shipped checklist (rules, severities,
    blackout calendar, lexicons, attested items). Their content is checked against the shipped rules by
    the checklist loader (it reads the rule files, which this pure module does not), before they are stored."""

    overrides: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, Any]:
        return dict(self.overrides)


def checklist_policy(settings: Mapping[str, Any] | None) -> ChecklistPolicy:
    raw = (settings or {}).get("checklist") or {}
    if not isinstance(raw, Mapping):
        raise InvalidInput(_("the workspace checklist settings are malformed (not a mapping); fix them in Settings"))
    return ChecklistPolicy(MappingProxyType(dict(raw)))


# Mention text is kept a year by default: long enough to see a conversation again when the same person
# writes, short enough that the text of people who wrote to the executive is not kept for ever (GDPR:
# storage limitation, data protection by default). The response-time figures never need the text.
DEFAULT_MENTION_TEXT_DAYS = 365
MIN_MENTION_TEXT_DAYS = 30  # under a month, unanswered mentions would lose their text before anyone reads it
MAX_MENTION_TEXT_DAYS = 3650


@dataclass(frozen=True)
class RetentionPolicy:
    """Under `settings["privacy"]`: mention text is blanked this many days after the mention was posted;
    None keeps it (an admin's explicit choice)."""

    mention_text_days: int | None = DEFAULT_MENTION_TEXT_DAYS

    def to_dict(self) -> dict[str, Any]:
        return {"mention_text_days": self.mention_text_days}


def retention_from_days(days: object) -> RetentionPolicy:
    """Validate a retention period in days (None or '' for 'keep the text')."""
    if days is None or days == "":
        return RetentionPolicy(None)
    try:
        value = int(days)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise InvalidInput(_("the retention period must be a number of days, e.g. 365")) from None
    if not MIN_MENTION_TEXT_DAYS <= value <= MAX_MENTION_TEXT_DAYS:
        raise InvalidInput(
            _(
                "the retention period must be between {low} and {high} days (or off)",
                low=MIN_MENTION_TEXT_DAYS,
                high=MAX_MENTION_TEXT_DAYS,
            )
        )
    return RetentionPolicy(value)


def retention_policy(settings: Mapping[str, Any] | None) -> RetentionPolicy:
    raw = _section(settings, "privacy")
    if "mention_text_days" not in raw:
        return RetentionPolicy()
    return retention_from_days(raw["mention_text_days"])
