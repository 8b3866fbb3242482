"""The voice of an executive who posts in English and in French (issue 13, point 4): habits are
kept per language, and fidelity compares a French draft with the French posts."""

from __future__ import annotations

import json

import pytest

from assistant.drafting import VoiceProfile, fidelity_breakdown, learn_voice, voice_fidelity
from assistant.drafting.voice import MIN_SECTION_POSTS
from assistant.services.workspace.voice import profile_from_stored

# Two hand-built voices that differ on purpose: in English, short bursts with emoji, hashtags
# and exclamation marks; in French, long, calm sentences with neither emoji nor hashtags.
ENGLISH = [
    "Big day! New frames shipped! 🚀🔥 #bikes #team",
    "We did it! Porto is open! 🚀🔥 #bikes #team",
    "Huge thanks, crew! Best week ever! 🚀🔥 #bikes #team",
    "Rui rocks! Ten apprentices trained! 🚀🔥 #bikes #team",
    "Repair wins! Fix it, ride it! 🚀🔥 #bikes #team",
]
FRENCH = [
    "Nous avons ouvert cette semaine l'atelier de Lyon, et je voudrais remercier l'équipe qui a tenu les délais "
    "malgré la neige, les retards de livraison et les nombreuses questions de nos premiers clients.",
    "Je repense souvent à ce que m'a dit un artisan au début de notre histoire : un vélo bien réparé vaut mieux "
    "qu'un vélo neuf, parce qu'il porte déjà la mémoire de tous les trajets de celui qui le conduit.",
    "Trois ans après le lancement, notre premier cadre roule toujours dans les rues de Porto, et c'est pour moi "
    "la seule mesure de qualité qui compte vraiment quand on construit des objets faits pour durer.",
    "Rui forme cette année quatre apprentis à la soudure, et je trouve que cette transmission patiente entre "
    "les générations est la partie la plus précieuse et la moins visible de notre métier.",
    "Nous allons publier gratuitement notre manuel de réparation, parce que nous pensons que chacun devrait "
    "pouvoir entretenir son vélo lui-même, quelle que soit la marque qu'il a choisie.",
]
FRENCH_DRAFT = (
    "Je voudrais remercier les ateliers de Lyon et de Porto, qui ont accueilli cette année nos nouveaux "
    "apprentis avec une patience que je trouve précieuse dans un métier où tout s'apprend par le geste."
)
ENGLISH_DRAFT = "New bells shipped! Louder, kinder! 🚀🔥 #bikes #team"


@pytest.fixture(scope="module")
def bilingual() -> VoiceProfile:
    return learn_voice(ENGLISH + FRENCH, "Inês Carvalho")


def test_habits_are_kept_per_language(bilingual):
    assert set(bilingual.by_language) == {"en", "fr"}
    en, fr = bilingual.by_language["en"], bilingual.by_language["fr"]
    assert (en.post_count, fr.post_count) == (5, 5)
    assert en.languages == {"en": 1.0} and fr.languages == {"fr": 1.0}
    assert en.emoji_share == 1.0 and fr.emoji_share == 0.0
    assert en.top_hashtags == ["#bikes", "#team"] and fr.top_hashtags == []
    assert en.hashtags_per_post == 2.0 and fr.hashtags_per_post == 0.0
    assert fr.avg_sentence_words > 3 * en.avg_sentence_words
    # The whole profile still describes every post, as before.
    assert bilingual.post_count == 10 and bilingual.languages == {"en": 0.5, "fr": 0.5}
    assert bilingual.for_language("fr") is fr and bilingual.for_language("de") is bilingual


def test_a_french_draft_is_compared_with_the_french_posts(bilingual):
    en, fr = bilingual.by_language["en"], bilingual.by_language["fr"]
    french_score = voice_fidelity(FRENCH_DRAFT, bilingual)
    assert french_score == voice_fidelity(FRENCH_DRAFT, fr)
    # Against the English habits (emoji, hashtags, five-word sentences) the same draft looks foreign.
    assert french_score > voice_fidelity(FRENCH_DRAFT, en) + 0.2
    # And against the mixed profile, as before issue 13, it would score clearly lower too.
    mixed = VoiceProfile.from_dict({k: v for k, v in bilingual.to_dict().items() if k != "by_language"})
    assert french_score > voice_fidelity(FRENCH_DRAFT, mixed) + 0.05
    assert fidelity_breakdown(FRENCH_DRAFT, bilingual, language="en") == fidelity_breakdown(FRENCH_DRAFT, en)


def test_an_english_draft_is_compared_with_the_english_posts(bilingual):
    en, fr = bilingual.by_language["en"], bilingual.by_language["fr"]
    english_score = voice_fidelity(ENGLISH_DRAFT, bilingual)
    assert english_score == voice_fidelity(ENGLISH_DRAFT, en)
    assert english_score > voice_fidelity(ENGLISH_DRAFT, fr) + 0.2


def test_one_language_executives_keep_a_single_profile():
    english_only = learn_voice(ENGLISH)
    assert english_only.by_language == {}
    # A second language needs a few posts before it gets habits of its own.
    few = learn_voice(ENGLISH + FRENCH[: MIN_SECTION_POSTS - 1])
    assert few.by_language == {}


def test_a_french_executive_is_warned_off_french_jargon():
    french_only = learn_voice(FRENCH)
    assert "synergie" in french_only.avoided_words and "leverage" not in french_only.avoided_words


def test_stored_profiles_without_languages_read_as_before(bilingual):
    # A profile stored before issue 13 has no by_language: it is read and scored as it was.
    old = {k: v for k, v in learn_voice(ENGLISH).to_dict().items() if k != "by_language"}
    profile = VoiceProfile.from_dict(json.loads(json.dumps(old)))
    assert profile.by_language == {}
    assert voice_fidelity(ENGLISH_DRAFT, profile) == voice_fidelity(ENGLISH_DRAFT, learn_voice(ENGLISH))
    # A bilingual profile round-trips with its sections.
    again = VoiceProfile.from_dict(json.loads(json.dumps(bilingual.to_dict())))
    assert again == bilingual
    assert voice_fidelity(FRENCH_DRAFT, again) == voice_fidelity(FRENCH_DRAFT, bilingual)


def test_the_stored_material_gives_per_language_habits():
    # What the database keeps (past posts + rules): sections are learned from it.
    profile = profile_from_stored({"past_posts": ENGLISH + FRENCH, "rules": {"sign_off": "— I."}}, "Inês")
    assert set(profile.by_language) == {"en", "fr"}
    assert profile.by_language["fr"].sign_off == "— I."


def test_the_summary_for_a_language_shows_that_languages_habits(bilingual):
    french = bilingual.summary("fr")
    assert "habits of the 5 posts in French" in french
    assert "Emoji: rarely (0% of posts)." in french
    assert "#bikes" not in french
    assert "#bikes" in bilingual.summary("en")
    assert "Habits are kept per language: en, fr." in bilingual.summary()
