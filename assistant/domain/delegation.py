"""The delegation rules: what happens to a delegate's reply (send, approval and by whom, or escalate).

`decide` is pure: given the mention's SLA class (`class_for_policy`: as it arrived, unless a reviewer, the
executive or an admin changed it) and text, the reply's checklist findings, who
wrote it and the executive's local time, it says `send`, `approval` or `escalate`, with the
reasons in words the team can act on. The policy itself is parsed in `domain.policies`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, Literal

from assistant.domain.policies import DelegationPolicy
from assistant.errors import InvalidInput
from assistant.i18n import _

Outcome = Literal["send", "approval", "escalate"]
# A mention in this tone is a complaint: the offline drafter answers it apologetically, and the
# delegation policy may hold a delegate's answer to it for approval.
COMPLAINT = re.compile(
    r"\b(broken|broke|angry|terrible|worst|refund|late|still waiting|never|awful|disappoint\w*|"
    r"problem|issue|scam|cassé|remboursement|retard|déçu\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reasons: tuple[str, ...]
    approver: str | None = None  # who may approve when outcome is approval


def _has_topic(text: str, topics: tuple[str, ...]) -> str | None:
    for topic in topics:
        if re.search(r"(?<!\w)" + re.escape(topic) + r"(?!\w)", text, re.IGNORECASE):
            return topic
    return None


def class_for_policy(sla_class: str, arrival_sla_class: str | None, set_by_id: int | None) -> str:
    """The class the policy reads: the one the mention arrived with, unless a reviewer, the executive or an
    admin set the class since (`set_by_id`). A delegate's own change or proposal never lowers the bar."""
    if set_by_id is not None or not arrival_sla_class:
        return sla_class
    return arrival_sla_class


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
        raise InvalidInput(_("the checklist blocks this reply; fix the highlighted passages and try again"))
    if written_by_executive:
        return Decision("send", (_("the executive answers in person"),))
    rule = policy.classes.get(sla_class, "approval")
    topic = _has_topic(mention_text, policy.escalate_topics)
    if rule == "escalate" or topic:
        why = (
            _("the topic '{topic}' goes to the executive", topic=topic)
            if topic
            else _("{sla_class} mentions go to the executive", sla_class=sla_class)
        )
        return Decision("escalate", (why,))
    reasons = []
    if rule == "approval":
        reasons.append(_("{sla_class} mentions need approval", sla_class=sla_class))
    elif sla_class not in policy.classes:
        reasons.append(_("the class {sla_class} is not in the delegation policy", sla_class=sla_class))
    if topic := _has_topic(mention_text, policy.approval_topics):
        reasons.append(_("the topic '{topic}' needs approval", topic=topic))
    flagged = sorted({f["category"] for f in findings if f.get("category") in policy.approval_categories})
    if flagged:
        reasons.append(_("the checklist found {categories} passages", categories=", ".join(flagged)))
    if policy.negative_tone_needs_approval and (
        COMPLAINT.search(mention_text) or any(f.get("category") == "offensive" for f in findings)
    ):
        reasons.append(_("the tone is negative"))
    if not reasons and in_quiet_hours(policy, local_now):
        reasons.append(
            _(
                "quiet hours ({start}–{end}, executive's time)",
                start=policy.quiet_hours[0],
                end=policy.quiet_hours[1],
            )
        )
    if reasons:
        return Decision("approval", tuple(reasons), policy.approver)
    return Decision("send", (_("the delegation policy lets delegates answer this directly"),))


def signature_for(policy: DelegationPolicy, display_name: str) -> str:
    """The attribution a delegate's reply carries, e.g. '^SP' for Sam Patel ('' for none)."""
    if policy.signature == "initials":
        name = display_name.split("@", 1)[0]  # a member named by e-mail signs with the local part
        letters = "".join(part[0] for part in re.findall(r"[^\W\d_]+", name)[:3]).upper()
        return f"^{letters}" if letters else ""
    return policy.signature


def unsigned(text: str, signature: str) -> str:
    """The text without the signature wherever it stands as a word (a draft picked and then extended
    would otherwise carry it mid-text): what the writer wrote, before signing."""
    text = text.strip()
    if not signature:
        return text
    pattern = r"(?<!\S)" + re.escape(signature) + r"(?!\S)"
    text = re.sub(pattern, "", text)
    return re.sub(r"[ \t]+\n", "\n", re.sub(r"[ \t]{2,}", " ", text)).strip()


def signed(text: str, signature: str) -> str:
    """The text as it goes out: the signature exactly once, at the end, whatever the text already held.
    Idempotent: signed(signed(t, s), s) == signed(t, s)."""
    body = unsigned(text, signature)
    if not signature:
        return body
    return f"{body} {signature}" if body else signature
