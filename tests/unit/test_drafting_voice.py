"""Voice profile learning, serialisation and summary; fidelity; authorship."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.drafting import (
    VoiceProfile,
    VoiceRules,
    authorship_for,
    edited_share,
    fidelity_breakdown,
    learn_voice,
    voice_fidelity,
)
from assistant.errors import InvalidInput

CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus"


def load_posts(name: str) -> list[str]:
    lines = [line for line in (CORPUS / f"{name}.txt").read_text(encoding="utf-8").splitlines()]
    text = "\n".join(line for line in lines if not line.startswith("#"))
    return [p.strip() for p in text.split("\n----\n") if p.strip()]


@pytest.fixture(scope="module")
def ines() -> VoiceProfile:
    rules = VoiceRules(do=["Say what went wrong"], dont=["Promise dates"], never_words=["synergy"], sign_off="— Inês")
    return learn_voice(load_posts("executive_ines")[:40], "Inês Carvalho", rules)


def test_profile_learns_habits(ines):
    assert ines.post_count == 40
    assert 80 < ines.median_chars < 200
    assert ines.languages == {"en": 1.0}
    assert "Honest take:" in ines.openers
    assert "honest take" in ines.phrases
    assert "bike" in ines.topics or "bikes" in ines.topics
    assert ines.hashtags_per_post == 0
    assert "leverage" in ines.avoided_words
    assert ines.sign_off == "— Inês"


def test_profile_round_trips_through_json(ines):
    again = VoiceProfile.from_dict(json.loads(json.dumps(ines.to_dict())))
    assert again == ines
    assert voice_fidelity("Honest take: we got it wrong.", again) == voice_fidelity(
        "Honest take: we got it wrong.", ines
    )


def test_from_dict_ignores_unknown_keys_and_tolerates_missing_rules():
    profile = VoiceProfile.from_dict({"name": "A", "future_field": 1})
    assert profile.name == "A" and profile.rules == VoiceRules()


def test_summary_is_readable(ines):
    summary = ines.summary()
    assert "Learned from 40 posts" in summary
    assert "Never uses corporate words" in summary
    assert "Words never used: synergy." in summary
    assert "Sign-off: — Inês" in summary
    assert "No past posts" in VoiceProfile().summary()


def test_learns_french_and_hashtags_and_emoji():
    posts = [f"Merci à toute l'équipe pour ce lancement {i} ! 🎉 #fierté #équipe" for i in range(6)]
    profile = learn_voice(posts)
    assert profile.main_language == "fr"
    assert profile.top_hashtags[:2] == ["#fierté", "#équipe"]
    assert profile.emoji_share == 1.0 and profile.top_emojis == ["🎉"]


def test_empty_history_gives_an_empty_but_usable_profile():
    profile = learn_voice(["", "  "])
    assert profile.post_count == 0
    assert voice_fidelity("anything", profile) == 0.0


def test_fidelity_prefers_the_executive_over_corporate_text(ines):
    own = load_posts("executive_ines")[40:]
    corporate = load_posts("corporate_generic")
    mean_own = sum(voice_fidelity(t, ines) for t in own) / len(own)
    mean_corp = sum(voice_fidelity(t, ines) for t in corporate) / len(corporate)
    assert mean_own > mean_corp + 0.1
    for text in own + corporate:
        assert 0.0 <= voice_fidelity(text, ines) <= 1.0


def test_never_words_lower_the_score(ines):
    text = "Honest take: we fixed the brakes with help from Rui."
    breakdown = fidelity_breakdown(text, ines)
    assert set(breakdown) == {"char", "function_words", "style", "penalty", "score"}
    assert voice_fidelity(text.replace("help", "synergy"), ines) < breakdown["score"]


def test_edited_share():
    assert edited_share("We shipped the new frame today.", "We shipped the new frame today.") == 0.0
    assert edited_share("We shipped the new frame today.", "we shipped  the NEW frame today") == 0.0
    assert edited_share("a b c d", "w x y z") == 1.0
    assert 0.2 < edited_share("We shipped the new frame today.", "We finally shipped the new steel frame.") < 0.7


def test_authorship_labels():
    class Record:
        provider, model, prompt_name, prompt_version = "openai", "gpt-4o-mini", "draft_posts", 1

    ai = authorship_for("ai_assisted", "a b c d", "a b c e", Record())
    assert ai.edited_share == 0.25 and ai.prompt == "draft_posts@1"
    assert "AI-assisted (gpt-4o-mini, 25% edited by the executive)" == ai.label()
    assert authorship_for("executive").label() == "Written by the executive"
    assert authorship_for("delegate").to_dict()["kind"] == "delegate"
    with pytest.raises(InvalidInput, match="robot"):
        authorship_for("robot")
