"""Drafting in the executive's voice, with every draft run through the checklist before it is shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assistant.checklist import ChecklistConfig, CheckResult, check_text
from assistant.clock import utcnow
from assistant.domain.approval import block_findings
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.drafting import (
    Draft,
    DraftResult,
    GenerationRecord,
    ReadersReview,
    VoiceProfile,
    edited_share,
    review_readers,
)
from assistant.drafting import voice_fidelity as _fidelity
from assistant.errors import InvalidInput
from assistant.formatting import number
from assistant.i18n import _
from assistant.ports import Drafter
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.workspace.policies import checklist_config
from assistant.services.workspace.voice import voice_profile
from assistant.storage.db import Database
from assistant.storage.models import Executive, Generation

MAX_IDEA = 8_000


@dataclass(frozen=True)
class CheckedDraft:
    draft: Draft
    check: CheckResult
    fidelity: float
    record: GenerationRecord  # how it was made: kept on the version when the draft is used


def _checklist(db: Database, actor: Actor) -> ChecklistConfig:
    with db.reading() as session:
        return checklist_config(session, actor.workspace_id)


@requires(Action.VIEW_POSTS)
def check_post_text(db: Database, actor: Actor, text: str, platform: str, at: datetime | None = None) -> CheckResult:
    """The live checklist for a text being written (nothing is stored)."""
    return check_text(text, platform, _checklist(db, actor), at=at)


def blocking_findings(check: CheckResult, as_thread: bool = False) -> list[dict]:
    """The findings that stop publishing unless a reviewer writes an override reason (domain/approval.py)."""
    return block_findings([f.to_dict() for f in check.findings], as_thread)


def _check_drafts(db: Database, actor: Actor, result: DraftResult, profile: VoiceProfile) -> list[CheckedDraft]:
    config = _checklist(db, actor)
    return [
        CheckedDraft(
            d,
            check_text(d.text, d.platform, config),
            d.fidelity if d.fidelity is not None else _fidelity(d.text, profile),
            result.record,
        )
        for d in result.drafts
    ]


def _idea(idea: str) -> str:
    idea = idea.strip()
    if not idea:
        raise InvalidInput(_("write an idea, some notes or a link first"))
    if len(idea) > MAX_IDEA:
        raise InvalidInput(
            _("the idea has {count} characters; keep it under {limit}", count=number(len(idea)), limit=number(MAX_IDEA))
        )
    return idea


@requires(Action.DRAFT_POST)
def draft_posts(
    db: Database,
    actor: Actor,
    drafter: Drafter,
    executive_id: int,
    idea: str,
    platform: str,
    language: str | None = None,
) -> list[CheckedDraft]:
    """Three drafts in the executive's voice; each already checked. The idea is never lost on failure:
    the drafter raises and the caller still holds it. `language` ("fr", "en") is the language to
    write in; None = the idea's language, else the executive's usual one."""
    profile = voice_profile(db, actor, executive_id)
    result = drafter.draft(_idea(idea), platform, profile, language=language)
    record_generation(db, actor, result.record)
    return _check_drafts(db, actor, result, profile)


@requires(Action.DRAFT_POST)
def start_draft_stream(
    db: Database,
    actor: Actor,
    drafter: Drafter,
    executive_id: int,
    idea: str,
    platform: str,
    language: str | None = None,
):
    """A stream for st.write_stream; afterwards call `finish_draft_stream` with it."""
    profile = voice_profile(db, actor, executive_id)
    return drafter.stream_draft(_idea(idea), platform, profile, language=language)


@requires(Action.DRAFT_POST)
def finish_draft_stream(db: Database, actor: Actor, stream: Any, executive_id: int) -> list[CheckedDraft]:
    result = stream.result
    record_generation(db, actor, result.record)
    return _check_drafts(db, actor, result, voice_profile(db, actor, executive_id))


@requires(Action.DRAFT_POST)
def rewrite_text(
    db: Database,
    actor: Actor,
    drafter: Drafter,
    executive_id: int,
    text: str,
    action: str,
    platform: str,
    language: str | None = None,
) -> list[CheckedDraft]:
    """One rewrite; it stays in the text's language (or `language`) unless the action translates."""
    profile = voice_profile(db, actor, executive_id)
    result = drafter.rewrite(_idea(text), action, platform, profile, language=language)
    record_generation(db, actor, result.record)
    return _check_drafts(db, actor, result, profile)


def record_generation(db: Database, actor: Actor, record: GenerationRecord) -> None:
    """Every model call is logged: provider, model, prompt and version, tokens, latency (never the key)."""
    with db.writing() as session:
        row = Generation(
            workspace_id=actor.workspace_id,
            member_id=actor.member_id,
            provider=record.provider,
            model=record.model,
            prompt_name=record.prompt_name,
            prompt_version=str(record.prompt_version),
            input_tokens=record.input_tokens,
            output_tokens=record.output_tokens,
            latency_ms=record.latency_ms,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        record_action(
            session,
            actor,
            action=AuditAction.GENERATION_RECORDED,
            entity_type="generation",
            entity_id=row.id,
            after={
                "provider": record.provider,
                "model": record.model,
                "prompt": record.prompt_name,
                "prompt_version": record.prompt_version,
            },
        )


def ai_info(record: GenerationRecord, generated: str, final: str) -> dict[str, Any]:
    """What a post version keeps about the model that helped: provider, model, prompt, share edited."""
    return {
        "provider": record.provider,
        "model": record.model,
        "prompt_name": record.prompt_name,
        "prompt_version": str(record.prompt_version),
        "edited_ratio": edited_share(generated, final),
    }


@requires(Action.VIEW_POSTS)
def readers_review(
    db: Database,
    actor: Actor,
    client: Any,
    executive_id: int,
    text: str,
    platform: str,
    language: str | None = None,
) -> ReadersReview:
    """How the best customer, the angriest customer, an employee and the family would read it.
    An AI opinion shown beside the checklist, never instead of it; needs a configured model.
    The reasons are written in the post's language (`language`, else detected, else the
    executive's usual language)."""
    if client is None:
        raise InvalidInput(_("the readers review needs a language model: set OPENAI_API_KEY or OPENAI_BASE_URL"))
    with db.reading() as session:
        name = in_workspace(session, actor, Executive, executive_id).name
    usual = voice_profile(db, actor, executive_id).main_language
    review = review_readers(client, text, platform, name, language=language, fallback_language=usual)
    record_generation(db, actor, review.record)
    return review
