"""The delegation policy: what a delegate may answer in the executive's name, and how.

An admin sets it (kept under `Workspace.settings["delegation"]`). `decide` is pure: given
the mention's SLA class and text, the reply's checklist findings, who wrote it and the
executive's local time, it says `send`, `approval` (and by whom) or `escalate`, with the
reasons in words the team can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any, Literal

from assistant.domain.roles import Action
from assistant.drafting.replies import COMPLAINT
from assistant.errors import InvalidInput, NotFound
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import Workspace

Outcome = Literal["send", "approval", "escalate"]
Approver = Literal["executive", "reviewer", "either"]
CLASS_RULES = ("direct", "approval", "escalate")
APPROVERS = ("executive", "reviewer", "either")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


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


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reasons: tuple[str, ...]
    approver: str | None = None  # who may approve when outcome is approval


def policy_from_mapping(data: dict[str, Any] | None) -> DelegationPolicy:
    """Validate stored or submitted settings; errors name the bad field and the fix."""
    data = dict(data or {})
    unknown = set(data) - set(DelegationPolicy.__dataclass_fields__)
    if unknown:
        raise InvalidInput(f"unknown delegation setting(s): {', '.join(sorted(unknown))}")
    base = DelegationPolicy()
    classes = {str(k).strip(): str(v).strip() for k, v in (data.get("classes") or base.classes).items()}
    bad = {k: v for k, v in classes.items() if v not in CLASS_RULES}
    if bad:
        raise InvalidInput(f"class rule(s) {bad} must be one of {', '.join(CLASS_RULES)}")
    approver = str(data.get("approver", base.approver))
    if approver not in APPROVERS:
        raise InvalidInput(f"approver {approver!r} must be one of {', '.join(APPROVERS)}")
    quiet = data.get("quiet_hours", base.quiet_hours)
    if quiet:
        quiet = tuple(str(q).strip() for q in quiet)
        if len(quiet) != 2 or not all(_HHMM.match(q) for q in quiet):
            raise InvalidInput(f"quiet hours {quiet!r} must be two times HH:MM, e.g. 22:00 and 07:00")
    signature = str(data.get("signature", base.signature)).strip()
    if len(signature) > 20:
        raise InvalidInput("the signature is longer than 20 characters; use initials such as ^CM")

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


def _has_topic(text: str, topics: tuple[str, ...]) -> str | None:
    for topic in topics:
        if re.search(r"(?<!\w)" + re.escape(topic) + r"(?!\w)", text, re.IGNORECASE):
            return topic
    return None


def in_quiet_hours(policy: DelegationPolicy, local: datetime) -> bool:
    if not policy.quiet_hours:
        return False
    start, end = (time.fromisoformat(t) for t in policy.quiet_hours)
    now = local.time()
    return start <= now < end if start < end else now >= start or now < end


def decide(
    policy: DelegationPolicy,
    *,
    sla_class: str,
    mention_text: str,
    findings: list[dict[str, Any]],
    written_by_executive: bool,
    local_now: datetime,
) -> Decision:
    """What happens to a reply. The executive answering in person is never held by the policy."""
    if any(f.get("severity") == "block" for f in findings):
        raise InvalidInput("the checklist blocks this reply; fix the highlighted passages and try again")
    if written_by_executive:
        return Decision("send", ("the executive answers in person",))
    rule = policy.classes.get(sla_class, "approval")
    topic = _has_topic(mention_text, policy.escalate_topics)
    if rule == "escalate" or topic:
        why = f"the topic '{topic}' goes to the executive" if topic else f"{sla_class} mentions go to the executive"
        return Decision("escalate", (why,))
    reasons = []
    if rule == "approval":
        reasons.append(f"{sla_class} mentions need approval")
    elif sla_class not in policy.classes:
        reasons.append(f"the class {sla_class} is not in the delegation policy")
    if topic := _has_topic(mention_text, policy.approval_topics):
        reasons.append(f"the topic '{topic}' needs approval")
    flagged = sorted({f["category"] for f in findings if f.get("category") in policy.approval_categories})
    if flagged:
        reasons.append(f"the checklist found {', '.join(flagged)} passages")
    if policy.negative_tone_needs_approval and (
        COMPLAINT.search(mention_text) or any(f.get("category") == "offensive" for f in findings)
    ):
        reasons.append("the tone is negative")
    if not reasons and in_quiet_hours(policy, local_now):
        reasons.append(f"quiet hours ({policy.quiet_hours[0]}–{policy.quiet_hours[1]}, executive's time)")
    if reasons:
        return Decision("approval", tuple(reasons), policy.approver)
    return Decision("send", ("the delegation policy lets delegates answer this directly",))


def signature_for(policy: DelegationPolicy, display_name: str) -> str:
    """The attribution a delegate's reply carries, e.g. '^SP' for Sam Patel ('' for none)."""
    if policy.signature == "initials":
        name = display_name.split("@", 1)[0]  # a member named by e-mail signs with the local part
        letters = "".join(part[0] for part in re.findall(r"[^\W\d_]+", name)[:3]).upper()
        return f"^{letters}" if letters else ""
    return policy.signature


def signed(text: str, signature: str) -> str:
    text = text.rstrip()
    if not signature or text.endswith(signature):
        return text
    return f"{text} {signature}"


def load_policy(session: Any, workspace_id: int) -> DelegationPolicy:
    ws = session.get(Workspace, workspace_id)
    return policy_from_mapping((ws.settings or {}).get("delegation") if ws else None)


@requires(Action.VIEW_POSTS)  # every role reads it; the settings page shows it to admins
def delegation_policy(db: Database, actor: Actor) -> DelegationPolicy:
    with db.reading() as session:
        return load_policy(session, actor.workspace_id)


@requires(Action.MANAGE_POLICIES)
def set_delegation_policy(db: Database, actor: Actor, settings: dict[str, Any]) -> DelegationPolicy:
    policy = policy_from_mapping(settings)  # validate before anything is stored
    with db.writing() as session:
        ws = session.get(Workspace, actor.workspace_id)
        if ws is None:
            raise NotFound("this workspace no longer exists")
        before = (ws.settings or {}).get("delegation")
        ws.settings = {**(ws.settings or {}), "delegation": policy.to_dict()}
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="policy.delegation_changed",
            entity_type="workspace",
            entity_id=ws.id,
            before=before,
            after=policy.to_dict(),
        )
    return policy
