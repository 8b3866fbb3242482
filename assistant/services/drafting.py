"""Drafting in the executive's voice, with every draft run through the checklist before it is shown."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from assistant.checklist import ChecklistConfig, CheckResult, check_text
from assistant.checklist.loader import config_from_mapping, default_config
from assistant.clock import utcnow
from assistant.domain.roles import Action
from assistant.drafting import (
    Draft,
    DraftResult,
    GenerationRecord,
    ReadersReview,
    VoiceProfile,
    VoiceRules,
    edited_share,
    learn_voice,
    review_readers,
)
from assistant.drafting import voice_fidelity as _fidelity
from assistant.errors import InvalidInput
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.services.workspace import executive_in_workspace
from assistant.storage.db import Database
from assistant.storage.models import Generation, Workspace

MAX_IDEA = 8_000
MAX_PAST_POSTS = 2_000


@dataclass(frozen=True)
class CheckedDraft:
    draft: Draft
    check: CheckResult
    fidelity: float
    record: GenerationRecord  # how it was made: kept on the version when the draft is used


@lru_cache(maxsize=64)
def _learned(serialised: str, name: str) -> VoiceProfile:
    data = json.loads(serialised)
    rules = data.get("rules") or {}
    return learn_voice(
        data.get("past_posts") or [],
        name=name,
        rules=VoiceRules(**{k: v for k, v in rules.items() if k in VoiceRules.__dataclass_fields__}),
    )


def profile_from_stored(stored: dict, name: str) -> VoiceProfile:
    """The stored profile is the executive's own material (past posts + rules); learning is cached."""
    return _learned(json.dumps(stored or {}, sort_keys=True), name)


@requires(Action.VIEW_POSTS)
def voice_profile(db: Database, actor: Actor, executive_id: int) -> VoiceProfile:
    with db.reading() as session:
        executive = executive_in_workspace(session, actor, executive_id)
        return profile_from_stored(executive.voice_profile, executive.name)


@lru_cache(maxsize=32)
def _workspace_config(serialised: str) -> ChecklistConfig:
    settings = json.loads(serialised)
    return config_from_mapping(settings) if settings else default_config()


def checklist_config(db: Database, workspace_id: int) -> ChecklistConfig:
    """The workspace's checklist: the shipped defaults plus its own settings."""
    with db.reading() as session:
        ws = session.get(Workspace, workspace_id)
        settings = (ws.settings or {}).get("checklist", {}) if ws else {}
    return _workspace_config(json.dumps(settings, sort_keys=True))


@requires(Action.VIEW_POSTS)
def check_post_text(db: Database, actor: Actor, text: str, platform: str, at: datetime | None = None) -> CheckResult:
    """The live checklist for a text being written (nothing is stored)."""
    return check_text(text, platform, checklist_config(db, actor.workspace_id), at=at)


def _check_drafts(db: Database, actor: Actor, result: DraftResult, profile: VoiceProfile) -> list[CheckedDraft]:
    config = checklist_config(db, actor.workspace_id)
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
        raise InvalidInput("write an idea, some notes or a link first")
    if len(idea) > MAX_IDEA:
        raise InvalidInput(f"the idea has {len(idea):,} characters; keep it under {MAX_IDEA:,}")
    return idea


@requires(Action.DRAFT_POST)
def draft_posts(
    db: Database, actor: Actor, drafter: Any, executive_id: int, idea: str, platform: str
) -> list[CheckedDraft]:
    """Three drafts in the executive's voice; each already checked. The idea is never lost on failure:
    the drafter raises and the caller still holds it."""
    profile = voice_profile(db, actor, executive_id)
    result = drafter.draft(_idea(idea), platform, profile)
    record_generation(db, actor, result.record)
    return _check_drafts(db, actor, result, profile)


@requires(Action.DRAFT_POST)
def start_draft_stream(db: Database, actor: Actor, drafter: Any, executive_id: int, idea: str, platform: str):
    """A stream for st.write_stream; afterwards call `finish_draft_stream` with it."""
    return drafter.stream_draft(_idea(idea), platform, voice_profile(db, actor, executive_id))


@requires(Action.DRAFT_POST)
def finish_draft_stream(db: Database, actor: Actor, stream: Any, executive_id: int) -> list[CheckedDraft]:
    result = stream.result
    record_generation(db, actor, result.record)
    return _check_drafts(db, actor, result, voice_profile(db, actor, executive_id))


@requires(Action.DRAFT_POST)
def rewrite_text(
    db: Database, actor: Actor, drafter: Any, executive_id: int, text: str, action: str, platform: str
) -> list[CheckedDraft]:
    profile = voice_profile(db, actor, executive_id)
    result = drafter.rewrite(_idea(text), action, platform, profile)
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
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="generation.recorded",
            entity_type="generation",
            entity_id=row.id,
            after={
                "provider": record.provider,
                "model": record.model,
                "prompt": record.prompt_name,
                "prompt_version": record.prompt_version,
            },
        )


@requires(Action.EDIT_VOICE_PROFILE)
def set_voice_material(
    db: Database, actor: Actor, executive_id: int, past_posts: list[str], rules: dict[str, Any]
) -> VoiceProfile:
    """Replace the executive's past posts and explicit rules; the profile is learned from them."""
    posts = [p.strip() for p in past_posts if p and p.strip()][:MAX_PAST_POSTS]
    unknown = set(rules) - set(VoiceRules.__dataclass_fields__)
    if unknown:
        raise InvalidInput(f"unknown voice rule(s): {', '.join(sorted(unknown))}")
    stored = {"past_posts": posts, "rules": rules}
    with db.writing() as session:
        executive = executive_in_workspace(session, actor, executive_id)
        before = {
            "past_posts": len((executive.voice_profile or {}).get("past_posts", [])),
            "rules": (executive.voice_profile or {}).get("rules", {}),
        }
        executive.voice_profile = stored
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="executive.voice_changed",
            entity_type="executive",
            entity_id=executive.id,
            before=before,
            after={"past_posts": len(posts), "rules": rules},
        )
        name = executive.name
    return profile_from_stored(stored, name)


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
    db: Database, actor: Actor, client: Any, executive_id: int, text: str, platform: str
) -> ReadersReview:
    """How the best customer, the angriest customer, an employee and the family would read it.
    An AI opinion shown beside the checklist, never instead of it; needs a configured model."""
    if client is None:
        raise InvalidInput("the readers review needs a language model: set OPENAI_API_KEY or OPENAI_BASE_URL")
    with db.reading() as session:
        name = executive_in_workspace(session, actor, executive_id).name
    review = review_readers(client, text, platform, name)
    record_generation(db, actor, review.record)
    return review


@requires(Action.EDIT_VOICE_PROFILE)
def learn_voice_from_x(db: Database, actor: Actor, executive_id: int, account: Any, max_pages: int = 3) -> int:
    """Replace the past posts with the executive's own X posts (not replies: they answer someone else's
    words); the explicit rules are kept. Returns how many posts were learned from."""
    with db.reading() as session:
        executive = executive_in_workspace(session, actor, executive_id)
        user_id, stored = executive.x_user_id, dict(executive.voice_profile or {})
    if not user_id:
        raise InvalidInput("set the executive's X user id in Settings → Executive profile first")
    texts = [
        p.text
        for page in account.own_posts(user_id, max_pages=max_pages)
        for p in page.posts
        if not p.replied_to_id and not p.is_retweet and p.text.strip()
    ]
    if not texts:
        raise InvalidInput("no original posts found on this X account to learn from")
    set_voice_material(db, actor, executive_id, texts, stored.get("rules", {}))
    return len(texts)
