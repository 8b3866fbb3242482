"""The offline drafter: three distinct, usable, platform-sized drafts, fast and deterministic."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text import parse_tweet

from assistant.drafting import ACTIONS, OfflineDrafter, VoiceRules, learn_voice
from assistant.drafting.offline import draft_offline
from assistant.drafting.replies import reply_offline
from assistant.drafting.rewrite import rewrite_offline
from assistant.drafting.text import x_weighted_length
from assistant.errors import InvalidInput
from tests.unit.test_drafting_voice import load_posts

IDEA = """Write a post about our new repair manual.
- It's free for everyone, even people riding another brand
- We leverage synergies with local bike shops to translate it into six languages
https://kestrel.example/manual"""


@pytest.fixture(scope="module")
def profile():
    rules = VoiceRules(never_words=["awesome"], sign_off="— Inês")
    return learn_voice(load_posts("executive_ines"), "Inês Carvalho", rules)


@pytest.mark.parametrize("platform", ["x", "linkedin"])
def test_three_distinct_usable_drafts(profile, platform):
    result = draft_offline(IDEA, platform, profile)
    texts = [d.text for d in result.drafts]
    assert len(texts) == 3 and len(set(texts)) == 3
    assert len({d.angle for d in result.drafts}) == 3
    for text in texts:
        assert "repair manual" in text
        assert "https://kestrel.example/manual" in text, "the link survives intact"
        assert text.endswith("— Inês")
        assert "synergies" not in text.lower() and "leverage" not in text.lower(), "jargon is replaced"
        assert "Write a post about" not in text
    record = result.record
    assert (record.provider, record.model, record.prompt_name) == ("offline", "offline-v1", "offline_draft_posts")
    assert all(0 < d.fidelity <= 1 for d in result.drafts)


def test_x_drafts_fit_and_linkedin_is_longer(profile):
    long_idea = " ".join(f"Point number {i} about our steel frames and the people who weld them." for i in range(30))
    x = draft_offline(long_idea, "x", profile)
    for draft in x.drafts:
        assert x_weighted_length(draft.text) <= 280
        assert parse_tweet(draft.text).valid
    linkedin = draft_offline(long_idea, "linkedin", profile)
    assert min(len(d.text) for d in linkedin.drafts) > max(len(d.text) for d in x.drafts)
    assert all(len(d.text) <= 3000 for d in linkedin.drafts)
    assert all(len(d.text.split("\n\n")[0]) <= 210 for d in linkedin.drafts), "the hook fits above the fold"


def test_fast_and_deterministic(profile):
    started = time.perf_counter()
    first = [draft_offline(IDEA, p, profile) for p in ("x", "linkedin")]
    assert time.perf_counter() - started < 0.5
    again = [draft_offline(IDEA, p, profile) for p in ("x", "linkedin")]
    assert [d.text for r in first for d in r.drafts] == [d.text for r in again for d in r.drafts]


def test_never_words_and_learned_habits(profile):
    result = draft_offline("The awesome new bell is louder and less angry", "x", profile)
    assert all("awesome" not in d.text.lower() for d in result.drafts)
    assert any(d.text.startswith(tuple(profile.openers)) for d in result.drafts), "uses a learned opener"


def test_french_idea_gets_french_drafts(profile):
    result = draft_offline("Notre manuel de réparation est gratuit pour tous.", "linkedin", profile)
    assert any("Qu'est-ce que vous ajouteriez ?" in d.text for d in result.drafts)


def test_works_without_a_profile():
    result = OfflineDrafter().draft("We open the Porto workshop on Saturday", "x", None)
    assert len(result.drafts) == 3


@pytest.mark.parametrize(("idea", "platform"), [("", "x"), ("   ", "x"), ("idea", "mastodon")])
def test_bad_input_is_refused(idea, platform):
    with pytest.raises(InvalidInput):
        draft_offline(idea, platform)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=600).filter(lambda s: s.strip()))
def test_any_idea_gives_valid_x_drafts_or_a_clear_error(idea):
    try:
        result = draft_offline(idea, "x")
    except InvalidInput:
        return
    assert len(result.drafts) == 3
    assert all(x_weighted_length(d.text) <= 280 for d in result.drafts)


def test_offline_stream_yields_text_then_result(profile):
    stream = OfflineDrafter().stream_draft(IDEA, "x", profile)
    shown = "".join(stream)
    assert all(d.text in shown for d in stream.result.drafts)


TEXT = (
    "Dear customers, I think we are really thrilled to announce that we leverage synergies to deliver "
    "best-in-class bikes. Basically it is just very robust. Orders open on May 3. What do you think?"
)


def test_rewrite_actions(profile):
    shorter = rewrite_offline(TEXT, "shorter", "x", profile).drafts[0].text
    assert len(shorter) < len(TEXT) * 0.75
    direct = rewrite_offline(TEXT, "more_direct", "x", profile).drafts[0].text
    assert "I think" not in direct and "Basically" not in direct and "really" not in direct
    plain = rewrite_offline(TEXT, "less_jargon", "x", profile).drafts[0].text
    assert "leverage" not in plain and "best-in-class" not in plain and "robust" not in plain
    warmer = rewrite_offline(TEXT, "warmer", "x", profile).drafts[0].text
    assert warmer.startswith("Hi everyone") and "Thank you" in warmer
    assert set(ACTIONS) >= {"shorter", "warmer", "more_direct", "less_jargon", "translate_fr", "translate_en"}


def test_offline_translation_says_it_needs_a_model():
    with pytest.raises(InvalidInput, match="Your text is unchanged"):
        rewrite_offline("Hello", "translate_fr", "x")
    with pytest.raises(InvalidInput, match="unknown"):
        rewrite_offline("Hello", "louder", "x")


def test_offline_replies(profile):
    result = reply_offline("My cargo bike brake is broken again, still waiting for a refund!", "@rider", profile)
    assert len({d.text for d in result.drafts}) == 3
    assert all("sorry" in d.text.lower() or "shouldn't" in d.text for d in result.drafts)
    assert all(x_weighted_length(d.text) <= 280 for d in result.drafts)
    praise = reply_offline("Love my Kestrel, thanks!", "@fan", profile, notes="Rui says hi")
    assert all("Rui says hi" in d.text for d in praise.drafts)
    assert result.record.prompt_name == "offline_reply_mention"
