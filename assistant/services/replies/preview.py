"""Before anyone drafts: what the delegation policy will do with a reply to this mention, and how it is signed.

A pure preview of `domain.delegation.decide` with the workspace's DelegationPolicy and no reply yet
(the checklist can still add reasons once the reply is written); nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from assistant.clock import utcnow
from assistant.domain import delegation
from assistant.domain.roles import Action
from assistant.i18n import _
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.replies.compose import _is_executive
from assistant.services.workspace.policies import delegation_policy_of
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention


@dataclass(frozen=True)
class PolicyPreview:
    outcome: delegation.Outcome  # send | approval | escalate
    headline: str  # "This reply will need Maya Okafor's approval: press mentions need approval"
    reasons: tuple[str, ...]
    signature: str  # what submitting appends, once ('' for the executive or no signature)

    def outgoing(self, text: str) -> str:
        """Exactly the text that goes out for what the writer typed: signed once."""
        return delegation.signed(text, self.signature)


def _approver_words(approver: str | None, executive_name: str) -> str:
    if approver == "executive":
        return _("{name}'s approval", name=executive_name)
    if approver == "reviewer":
        return _("a reviewer's approval")
    if approver == "either":
        return _("{name}'s or a reviewer's approval", name=executive_name)
    return _("approval")


@requires(Action.VIEW_MENTIONS)
def reply_policy(db: Database, actor: Actor, mention_id: int, *, now: datetime | None = None) -> PolicyPreview:
    """What the delegation policy does with this member's reply to the mention, said before drafting."""
    now = now or utcnow()
    with db.reading() as session:
        m = in_workspace(session, actor, Mention, mention_id)
        executive = session.get(Executive, m.executive_id)
        policy = delegation_policy_of(session, actor.workspace_id)
        by_executive = _is_executive(executive, actor)
        decision = delegation.decide(
            policy,
            sla_class=delegation.class_for_policy(m.sla_class, m.arrival_sla_class, m.sla_class_set_by_id),
            mention_text=m.text,
            findings=[],
            written_by_executive=by_executive,
            local_now=now.astimezone(ZoneInfo(executive.timezone)),
        )
        name = executive.name
    why = "; ".join(decision.reasons)
    if decision.outcome == "send":
        headline = _("Goes out directly: {why}", why=why)
    elif decision.outcome == "approval":
        headline = _(
            "This reply will need {approval}: {why}", approval=_approver_words(decision.approver, name), why=why
        )
    else:
        headline = _("Escalates to {name}: {why}", name=name, why=why)
    signature = "" if by_executive else delegation.signature_for(policy, actor.display_name)
    return PolicyPreview(decision.outcome, headline, decision.reasons, signature)
