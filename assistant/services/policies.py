"""Workspace policies an admin sets: the checklist (rules, severities, blackout calendar)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from assistant.checklist.loader import config_from_mapping, default_config
from assistant.domain.roles import Action
from assistant.errors import NotFound
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.services.drafting import checklist_config
from assistant.storage.db import Database
from assistant.storage.models import Workspace


@dataclass(frozen=True)
class RuleRow:
    rule: str
    category: str
    severity: str
    enabled: bool


@requires(Action.VIEW_POSTS)
def checklist_rules(db: Database, actor: Actor) -> list[RuleRow]:
    """The rules as they run in this workspace (defaults plus its settings)."""
    config = checklist_config(db, actor.workspace_id)
    return sorted(
        (RuleRow(s.rule, s.category, s.severity, s.enabled) for s in config.rules.values()),
        key=lambda r: (r.category, r.rule),
    )


@requires(Action.VIEW_POSTS)
def checklist_settings(db: Database, actor: Actor) -> dict[str, Any]:
    with db.reading() as session:
        ws = session.get(Workspace, actor.workspace_id)
        return dict((ws.settings or {}).get("checklist", {})) if ws else {}


@requires(Action.MANAGE_POLICIES)
def set_checklist_settings(db: Database, actor: Actor, settings: dict[str, Any]) -> dict[str, Any]:
    """Validate first (an error names the bad rule or date), then store and audit."""
    config_from_mapping(settings)
    with db.writing() as session:
        ws = session.get(Workspace, actor.workspace_id)
        if ws is None:
            raise NotFound("this workspace no longer exists")
        before = dict((ws.settings or {}).get("checklist", {}))
        ws.settings = {**(ws.settings or {}), "checklist": settings}
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="policy.checklist_changed",
            entity_type="workspace",
            entity_id=ws.id,
            before=before,
            after=settings,
        )
    return settings


def rule_changes(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Only what differs from the shipped defaults, in the settings' own form."""
    by_rule = dict(default_config().rules)
    changes: dict[str, Any] = {}
    for row in rows:
        base = by_rule.get(row["rule"])
        if base is None:
            continue
        change = {}
        if bool(row["enabled"]) != base.enabled:
            change["enabled"] = bool(row["enabled"])
        if row["severity"] != base.severity:
            change["severity"] = row["severity"]
        if change:
            changes[row["rule"]] = change
    return changes


def with_ai_disclosure(session: Session, workspace_id: int, text: str, ai: dict | None) -> str:
    """The workspace may ask AI-assisted posts to say so (e.g. "Drafted with AI, edited by me")."""
    ws = session.get(Workspace, workspace_id)
    disclosure = ((ws.settings or {}).get("drafting", {}).get("ai_disclosure", "") if ws else "").strip()
    if not ai or not disclosure or disclosure in text:
        return text
    return f"{text}\n\n{disclosure}"


@requires(Action.MANAGE_POLICIES)
def set_ai_disclosure(db: Database, actor: Actor, disclosure: str) -> str:
    """The line added to AI-assisted posts, or "" for none."""
    disclosure = disclosure.strip()[:100]
    with db.writing() as session:
        ws = session.get(Workspace, actor.workspace_id)
        if ws is None:
            raise NotFound("this workspace no longer exists")
        drafting_settings = dict((ws.settings or {}).get("drafting", {}))
        before = drafting_settings.get("ai_disclosure", "")
        ws.settings = {**(ws.settings or {}), "drafting": {**drafting_settings, "ai_disclosure": disclosure}}
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="policy.ai_disclosure_changed",
            entity_type="workspace",
            entity_id=ws.id,
            before={"ai_disclosure": before},
            after={"ai_disclosure": disclosure},
        )
    return disclosure


@requires(Action.VIEW_POSTS)
def ai_disclosure(db: Database, actor: Actor) -> str:
    with db.reading() as session:
        ws = session.get(Workspace, actor.workspace_id)
        return (ws.settings or {}).get("drafting", {}).get("ai_disclosure", "") if ws else ""
