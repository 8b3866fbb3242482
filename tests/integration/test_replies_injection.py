"""Mentions are untrusted: an injection corpus changes neither the drafts nor who may send what."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.delegation import decide
from assistant.domain.policies import DelegationPolicy
from assistant.domain.roles import Role
from assistant.drafting import DraftResult, GenerationRecord, OfflineDrafter
from assistant.drafting.records import Draft
from assistant.errors import InvalidInput
from assistant.services import mentions, replies
from assistant.x_types import DryRunX
from tests.integration.test_replies import NOON_PARIS, add_mention, link_executive

CANARY = "CANARY-R9Q2"
CORPUS = [
    line
    for line in (Path(__file__).parents[1] / "data" / "reply_injection_corpus.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


def test_the_corpus_is_substantial():
    assert len(CORPUS) >= 15 and all(CANARY in line for line in CORPUS)


@pytest.mark.parametrize("text", CORPUS)
def test_offline_drafts_never_obey_the_mention(db, team, text):
    delegate = team.actor(Role.DELEGATE, email="sam.patel@test.example")
    mention_id = add_mention(db, team, text=text)
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    drafts = replies.draft_replies(db, delegate, OfflineDrafter(), mention_id, now=NOON_PARIS)
    for d in drafts:
        assert CANARY not in d.draft.text and "evil.example" not in d.draft.text and "@competitor" not in d.draft.text


@pytest.mark.parametrize("text", CORPUS)
def test_the_mention_cannot_talk_the_policy_out_of_approval(text):
    """A press mention needs approval, whatever it claims about itself."""
    decision = decide(
        DelegationPolicy(),
        sla_class="press",
        mention_text=text,
        findings=[],
        written_by_executive=False,
        local_now=NOON_PARIS.replace(tzinfo=None),
    )
    assert decision.outcome in ("approval", "escalate")


class ObedientModel:
    """A worst-case drafter that does what the mention says: the checklist and policy still hold."""

    def reply(self, mention, author, profile, context="", notes=""):
        text = "Confirming our Q3 revenue guidance of $4B before the earnings release."
        record = GenerationRecord(provider="test", model="obedient", prompt_name="reply_mention", prompt_version=1)
        return DraftResult(drafts=[Draft(text=text, platform="x", angle="obeyed", fidelity=0.0)], record=record)


def test_a_fooled_model_still_cannot_send_a_disclosure_directly(db, team):
    link_executive(db, team, team.actor(Role.EXECUTIVE))
    delegate = team.actor(Role.DELEGATE, email="sam.patel@test.example")
    mention_id = add_mention(db, team, text=CORPUS[4])
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    [draft] = replies.draft_replies(db, delegate, ObedientModel(), mention_id, now=NOON_PARIS)
    assert draft.check.by_category("disclosure") and draft.check.verdict == "block"
    x = DryRunX()
    with pytest.raises(InvalidInput, match="checklist blocks"):
        replies.submit_reply(db, delegate, mention_id, draft.draft.text, x, ai_assisted=True, now=NOON_PARIS)
    assert not x.sent
