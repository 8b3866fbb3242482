"""Drafting services in French (issue 13): the language reaches the drafter and the readers review."""

from __future__ import annotations

from assistant.domain.roles import Role
from assistant.drafting import OfflineDrafter
from assistant.language import detect
from assistant.llm import LLMClient, LLMSettings
from assistant.services import drafting, workspace
from tests.integration.test_llm_mock import READERS, FakeModel, openai_settings
from tests.unit.test_voice_french import FRENCH


def _french_executive(db, team) -> None:
    workspace.set_voice_material(db, team.actor(Role.ADMIN), team.executive_id, FRENCH, {"sign_off": "— Inês"})


def test_a_french_executive_gets_checked_french_drafts(db, team):
    _french_executive(db, team)
    ceo = team.actor(Role.EXECUTIVE)
    drafts = drafting.draft_posts(
        db, ceo, OfflineDrafter(), team.executive_id, "Nous ouvrons un atelier à Lyon pour vingt apprentis.", "linkedin"
    )
    assert len(drafts) == 3 and all(detect(d.draft.text) == "fr" for d in drafts)
    assert any("Qu'est-ce que vous ajouteriez ?" in d.draft.text for d in drafts)
    assert all(d.draft.text.endswith("— Inês") for d in drafts)
    # The language chosen on the Compose page wins over the idea's.
    chosen = drafting.draft_posts(
        db, ceo, OfflineDrafter(), team.executive_id, "We open a workshop in Lyon.", "x", language="fr"
    )
    assert any("Une question pour vous : qu'en pensez-vous ?" in d.draft.text for d in chosen)
    rewritten = drafting.rewrite_text(
        db, ceo, OfflineDrafter(), team.executive_id, "Notre écosystème grandit.", "less_jargon", "x"
    )
    assert rewritten[0].draft.text.startswith("Notre réseau de partenaires grandit.")


def test_the_readers_review_asks_for_the_posts_language(db, team):
    _french_executive(db, team)
    fake = FakeModel(READERS)
    client = LLMClient(LLMSettings.from_mapping(openai_settings()), http_client=fake.client())
    ceo = team.actor(Role.EXECUTIVE)
    # Too short to detect: the executive's usual language (French) is used.
    drafting.readers_review(db, ceo, client, team.executive_id, "Bravo Lyon !", "x")
    assert "Réponds en français" in fake.requests[-1][1]["messages"][0]["content"]
    drafting.readers_review(db, ceo, client, team.executive_id, "We beat our numbers, thanks to the Lyon team!", "x")
    assert "Answer in English." in fake.requests[-1][1]["messages"][0]["content"]
