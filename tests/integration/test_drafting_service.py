"""Drafting as the executive sees it: three checked drafts in their voice, each generation logged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assistant.demo import PAST_POSTS, VOICE_RULES
from assistant.domain.roles import Role
from assistant.drafting import OfflineDrafter
from assistant.errors import InvalidInput, PermissionDenied
from assistant.services import drafting, posts, workspace
from assistant.storage.models import Generation, PostVersion


def _with_voice(db, team):
    admin = team.actor(Role.ADMIN)
    workspace.set_voice_material(db, admin, team.executive_id, PAST_POSTS, VOICE_RULES)


def test_three_distinct_checked_drafts_and_a_logged_generation(db, team):
    _with_voice(db, team)
    ceo = team.actor(Role.EXECUTIVE)
    drafts = drafting.draft_posts(
        db, ceo, OfflineDrafter(), team.executive_id, "We opened a training centre in Dayton for 200 electricians", "x"
    )
    assert len(drafts) == 3 and len({d.draft.text for d in drafts}) == 3
    assert all("Dayton" in d.draft.text for d in drafts)
    assert all(d.check.length.valid and d.check.verdict in ("ok", "needs_review") for d in drafts)
    assert all(0.0 <= d.fidelity <= 1.0 for d in drafts)
    with db.reading() as session:
        logged = session.scalars(select(Generation)).all()
    assert [(g.provider, g.model, g.member_id) for g in logged] == [("offline", "offline-v1", ceo.member_id)]


def test_a_risky_idea_gives_drafts_the_checklist_blocks(db, team):
    ceo = team.actor(Role.EXECUTIVE)
    drafts = drafting.draft_posts(
        db, ceo, OfflineDrafter(), team.executive_id, "Revenue grew 40% this quarter, ahead of the earnings call", "x"
    )
    assert all(d.check.verdict == "block" for d in drafts)
    assert all(any(f.category == "disclosure" for f in d.check.findings) for d in drafts)


def test_the_used_draft_keeps_model_prompt_and_how_much_was_edited(db, team):
    ceo = team.actor(Role.EXECUTIVE)
    chosen = drafting.draft_posts(db, ceo, OfflineDrafter(), team.executive_id, "Our apprentices graduated", "x")[0]
    final = chosen.draft.text + " Proud of every one of them."
    post = posts.create_draft(
        db, ceo, team.executive_id, "x", final, ai=drafting.ai_info(chosen.record, chosen.draft.text, final)
    )
    with db.reading() as session:
        version = session.scalars(select(PostVersion).where(PostVersion.post_id == post.id)).one()
    assert version.authorship == "ai_assisted" and version.ai_model == "offline-v1"
    assert version.prompt_name == chosen.record.prompt_name and 0 < version.edited_ratio < 1


def test_empty_idea_is_refused_and_reviewers_cannot_draft(db, team):
    ceo = team.actor(Role.EXECUTIVE)
    with pytest.raises(InvalidInput, match="idea"):
        drafting.draft_posts(db, ceo, OfflineDrafter(), team.executive_id, "  ", "x")
    with pytest.raises(PermissionDenied):
        drafting.draft_posts(db, team.actor(Role.REVIEWER), OfflineDrafter(), team.executive_id, "hello", "x")


def test_voice_material_is_learned_and_summarised(db, team):
    _with_voice(db, team)
    profile = workspace.voice_profile(db, team.actor(Role.DELEGATE), team.executive_id)
    assert profile.post_count == len(PAST_POSTS)
    summary = profile.summary()
    assert "synergy" in summary and "Learned from 8 posts" in summary
    with pytest.raises(InvalidInput, match="unknown voice rule"):
        workspace.set_voice_material(db, team.actor(Role.EXECUTIVE), team.executive_id, [], {"tone": "x"})


def test_the_workspace_ai_disclosure_is_added_to_ai_assisted_posts_only(db, team):
    from assistant.services import drafting, posts, workspace

    admin, ceo = team.actor(Role.ADMIN), team.actor(Role.EXECUTIVE)
    workspace.set_ai_disclosure(db, admin, "Drafted with AI, edited by me")
    chosen = drafting.draft_posts(db, ceo, OfflineDrafter(), team.executive_id, "Our apprentices graduated", "x")[0]
    ai_post = posts.create_draft(
        db,
        ceo,
        team.executive_id,
        "x",
        chosen.draft.text,
        ai=drafting.ai_info(chosen.record, chosen.draft.text, chosen.draft.text),
    )
    own_post = posts.create_draft(db, ceo, team.executive_id, "x", "Written by me, by hand.")
    assert ai_post.text.endswith("\n\nDrafted with AI, edited by me")
    assert own_post.text == "Written by me, by hand."
    workspace.set_ai_disclosure(db, admin, "")
    again = posts.create_draft(
        db,
        ceo,
        team.executive_id,
        "x",
        chosen.draft.text,
        ai=drafting.ai_info(chosen.record, chosen.draft.text, chosen.draft.text),
    )
    assert again.text == chosen.draft.text
