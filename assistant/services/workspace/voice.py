"""The executive's voice: their own past posts and explicit rules, and the profile learned from them."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.drafting import VoiceProfile, VoiceRules, learn_voice
from assistant.errors import InvalidInput
from assistant.ports import Platform
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, in_workspace, requires
from assistant.storage.db import Database
from assistant.storage.models import Executive

MAX_PAST_POSTS = 2_000


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
        executive = in_workspace(session, actor, Executive, executive_id)
        return profile_from_stored(executive.voice_profile, executive.name)


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
        executive = in_workspace(session, actor, Executive, executive_id)
        before = {
            "past_posts": len((executive.voice_profile or {}).get("past_posts", [])),
            "rules": (executive.voice_profile or {}).get("rules", {}),
        }
        executive.voice_profile = stored
        record_action(
            session,
            actor,
            action=AuditAction.EXECUTIVE_VOICE_CHANGED,
            entity_type="executive",
            entity_id=executive.id,
            before=before,
            after={"past_posts": len(posts), "rules": rules},
        )
        name = executive.name
    return profile_from_stored(stored, name)


@requires(Action.EDIT_VOICE_PROFILE)
def learn_voice_from_x(db: Database, actor: Actor, executive_id: int, account: Platform, max_pages: int = 3) -> int:
    """Replace the past posts with the executive's own X posts (not replies: they answer someone else's
    words); the explicit rules are kept. Returns how many posts were learned from."""
    with db.reading() as session:
        executive = in_workspace(session, actor, Executive, executive_id)
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
