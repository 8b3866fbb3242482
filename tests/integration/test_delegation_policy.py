"""The delegation policy matrix: SLA class x checklist finding x who wrote it -> send / approval / escalate."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from assistant.domain import delegation as delegation_rules
from assistant.domain.delegation import decide
from assistant.domain.policies import DelegationPolicy
from assistant.domain.policies import delegation_from_mapping as policy_from_mapping
from assistant.domain.roles import Role
from assistant.errors import InvalidInput, PermissionDenied
from assistant.services import workspace

NOON = datetime(2026, 11, 24, 12, 0)
MIDNIGHT = datetime(2026, 11, 24, 23, 30)
POLICY = DelegationPolicy()
FINDINGS = {
    "none": [],
    "disclosure": [{"category": "disclosure", "severity": "warn"}],
    "sensitive": [{"category": "sensitive", "severity": "warn"}],
    "authenticity": [{"category": "authenticity", "severity": "warn"}],
    "offensive": [{"category": "offensive", "severity": "warn"}],
}
CLASS_RULE = {
    "default": "send",
    "complaint": "send",
    "vip": "approval",
    "press": "approval",
    "investor": "approval",
    "unknown_class": "approval",
}
FINDING_RULE = {
    "none": "send",
    "disclosure": "approval",
    "sensitive": "approval",
    "authenticity": "send",
    "offensive": "approval",
}


def expected(sla_class: str, finding: str, writer: str) -> str:
    if writer == "executive":
        return "send"  # the executive answering in person is never held
    rules = {CLASS_RULE[sla_class], FINDING_RULE[finding]}
    return "approval" if "approval" in rules else "send"


@pytest.mark.parametrize(
    ("sla_class", "finding", "writer"), list(itertools.product(CLASS_RULE, FINDINGS, ["delegate", "executive"]))
)
def test_policy_matrix(sla_class, finding, writer):
    decision = decide(
        POLICY,
        sla_class=sla_class,
        mention_text="hello there",
        findings=FINDINGS[finding],
        written_by_executive=writer == "executive",
        local_now=NOON,
    )
    assert decision.outcome == expected(sla_class, finding, writer), decision.reasons
    if decision.outcome == "approval":
        assert decision.approver == "either" and decision.reasons


@pytest.mark.parametrize("writer", ["delegate", "executive"])
def test_a_blocking_finding_is_never_sent_by_anyone(writer):
    with pytest.raises(InvalidInput, match="checklist blocks"):
        decide(
            POLICY,
            sla_class="default",
            mention_text="hi",
            findings=[{"category": "privacy", "severity": "block"}],
            written_by_executive=writer == "executive",
            local_now=NOON,
        )


def test_escalation_by_class_and_by_topic_of_the_mention():
    policy = policy_from_mapping({"classes": {"default": "direct", "press": "escalate"}})
    by_class = decide(
        policy, sla_class="press", mention_text="comment?", findings=[], written_by_executive=False, local_now=NOON
    )
    by_topic = decide(
        policy,
        sla_class="default",
        mention_text="Are layoffs coming at Dayton?",
        findings=[],
        written_by_executive=False,
        local_now=NOON,
    )
    assert (by_class.outcome, by_topic.outcome) == ("escalate", "escalate")
    assert "layoffs" in by_topic.reasons[0]


def test_negative_tone_needs_approval_unless_the_policy_allows_it():
    angry = "@exec the worst service, still waiting for a refund"
    held = decide(
        POLICY, sla_class="complaint", mention_text=angry, findings=[], written_by_executive=False, local_now=NOON
    )
    relaxed = policy_from_mapping({"negative_tone_needs_approval": False})
    assert held.outcome == "approval" and "tone is negative" in held.reasons[0]
    assert (
        decide(
            relaxed, sla_class="complaint", mention_text=angry, findings=[], written_by_executive=False, local_now=NOON
        ).outcome
        == "send"
    )


def test_quiet_hours_hold_direct_replies_for_approval():
    kwargs = {"sla_class": "default", "mention_text": "nice talk", "findings": [], "written_by_executive": False}
    assert decide(POLICY, local_now=MIDNIGHT, **kwargs).outcome == "approval"
    assert decide(POLICY, local_now=NOON, **kwargs).outcome == "send"
    assert decide(policy_from_mapping({"quiet_hours": None}), local_now=MIDNIGHT, **kwargs).outcome == "send"


def test_signature_rule():
    assert delegation_rules.signature_for(POLICY, "Sam Patel") == "^SP"
    assert delegation_rules.signature_for(policy_from_mapping({"signature": "^CM"}), "Sam Patel") == "^CM"
    assert delegation_rules.signature_for(policy_from_mapping({"signature": ""}), "Sam Patel") == ""
    assert delegation_rules.signed("Thanks! ^SP", "^SP") == "Thanks! ^SP"
    assert delegation_rules.signed("Thanks!", "^SP") == "Thanks! ^SP"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"classes": {"press": "maybe"}}, "must be one of"),
        ({"approver": "intern"}, "approver"),
        ({"quiet_hours": ["25:00", "07:00"]}, "quiet hours"),
        ({"colour": "red"}, "unknown delegation setting"),
    ],
)
def test_invalid_policies_name_the_problem(settings, message):
    with pytest.raises(InvalidInput, match=message):
        policy_from_mapping(settings)


def test_only_an_admin_sets_the_policy_and_it_is_audited(db, team):
    admin, delegate = team.actor(Role.ADMIN), team.actor(Role.DELEGATE)
    saved = workspace.set_delegation_policy(db, admin, {"classes": {"default": "direct"}, "signature": "^CM"})
    assert workspace.delegation_policy(db, delegate) == saved
    with pytest.raises(PermissionDenied):
        workspace.set_delegation_policy(db, delegate, {})
