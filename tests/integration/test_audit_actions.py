"""Audit action names are declared once (AuditAction); a free string never reaches the trail."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from assistant.domain.audit_actions import AuditAction
from assistant.services.audit import record_event
from assistant.storage.models import AuditEvent


def _events(db) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))


def test_a_free_action_string_is_refused_and_nothing_is_written(db):
    before = _events(db)
    with pytest.raises(ValueError, match="post.aproved"), db.writing() as session:
        record_event(
            session, actor_id=None, actor_label="test", workspace_id=None, action="post.aproved",
            entity_type="post", entity_id=1,
        )  # fmt: skip
    assert _events(db) == before


def test_a_declared_action_is_stored_as_its_name(db):
    with db.writing() as session:
        event = record_event(
            session, actor_id=None, actor_label="test", workspace_id=None, action=AuditAction.POLICY_REVIEW_CHANGED,
            entity_type="workspace", entity_id=1,
        )  # fmt: skip
        event_id = event.id
    with db.reading() as session:
        assert session.get(AuditEvent, event_id).action == "policy.review_changed"


def test_names_are_entity_dot_event_and_every_policy_change_reads_alike():
    for action in AuditAction:
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", action.value), action
    policies = {a.value for a in AuditAction if a.value.startswith("policy.")}
    assert policies == {
        "policy.checklist_changed",
        "policy.review_changed",
        "policy.threads_changed",
        "policy.delegation_changed",
        "policy.ai_disclosure_changed",
        "policy.notifications_changed",
        "policy.retention_changed",
    }
    assert not [a for a in AuditAction if a.value.startswith("workspace.")]
