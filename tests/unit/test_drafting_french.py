"""Drafting in French (issue 13, point 4): the offline drafter writes French around a French idea,
rewrites stay French, and every prompt sent to a model asks for the right language."""

from __future__ import annotations

import json

import pytest

from assistant.drafting import VoiceProfile, VoiceRules, learn_voice, review_readers
from assistant.drafting.offline import draft_offline
from assistant.drafting.replies import reply_offline
from assistant.drafting.rewrite import rewrite_offline
from assistant.language import detect
from assistant.llm import LLMClient, LLMSettings, build_drafter
from tests.integration.test_llm_mock import DRAFTS, READERS, FakeModel, openai_settings

# The English drafting phrases: none may appear around a French idea.
ENGLISH_WORDING = (
    "Something I keep coming back to",
    "Question for you",
    "What would you add",
    "What do you think",
    "Worth a read",
    "A few things on my mind",
    "More soon",
    "Thank you",
)

IDEA_FR = """Écris un post sur notre nouveau manuel de réparation.
- Il est gratuit pour tous, même pour ceux qui roulent sur une autre marque
- Nous mobilisons nos synergies avec les ateliers locaux pour le traduire en six langues
https://kestrel.example/manuel"""

FR_POSTS = [
    "Franchement : nous avons ouvert l'atelier de Lyon ce matin. Merci à toute l'équipe qui a tenu les délais.",
    "Franchement : je ne pensais pas que la réparation prendrait autant de place dans notre métier.",
    "Franchement : trois ans après, notre premier vélo roule toujours. C'est la seule mesure qui compte.",
    "Petite fierté du jour : Rui forme quatre apprentis à la soudure. La transmission, c'est notre métier.",
]
EN_POSTS = [
    "Honest take: we shipped late and I own that.",
    "Honest take: Rui is the best welder I know.",
    "Honest take: repairing a bike beats replacing it.",
    "Small win today: the Porto workshop hired two apprentices.",
]


@pytest.fixture(scope="module")
def bilingual() -> VoiceProfile:
    return learn_voice(FR_POSTS + EN_POSTS, "Inês Carvalho", VoiceRules(sign_off="— Inês"))


@pytest.mark.parametrize("platform", ["x", "linkedin"])
def test_a_french_idea_gets_natural_french_drafts(platform):
    result = draft_offline(IDEA_FR, platform)
    for draft in result.drafts:
        text = draft.text
        assert detect(text) == "fr", text
        assert not any(phrase in text for phrase in ENGLISH_WORDING), text
        assert "Écris un post" not in text, "the request to the drafter is not part of the post"
        assert "synergies" not in text and "travail en commun" in text, "French jargon becomes plain French"
        assert "https://kestrel.example/manuel" in text
    joined = "\n".join(d.text for d in result.drafts)
    if platform == "x":
        # After a colon, French continues in lower case: "vous : qu'en pensez-vous ?".
        assert "Une question pour vous : qu'en pensez-vous ?" in joined
    else:
        assert "À lire : https://kestrel.example/manuel" in joined
        assert "Ce que j'en retiens :" in joined and "Je vous en reparle très vite." in joined


def test_the_executives_language_decides_when_the_idea_cannot_tell(bilingual):
    french_only = learn_voice(FR_POSTS, "Inès")
    # Too short for any detector to tell: the executive writes in French, so the drafts are French.
    result = draft_offline("Atelier Porto, samedi", "linkedin", french_only)
    assert any("Qu'est-ce que vous ajouteriez ?" in d.text for d in result.drafts)
    assert not any(p in d.text for d in result.drafts for p in ENGLISH_WORDING)
    # An explicit choice wins over detection (the Compose page's language picker).
    chosen = draft_offline("Our repair manual is free for everyone.", "x", bilingual, language="fr")
    assert any("Une question pour vous : qu'en pensez-vous ?" in d.text for d in chosen.drafts)


def test_a_bilingual_executive_gets_the_openers_of_the_draft_language(bilingual):
    french = draft_offline("Notre manuel de réparation est gratuit pour tous.", "x", bilingual)
    assert any(d.text.startswith("Franchement : notre manuel") for d in french.drafts)
    assert not any("Honest take" in d.text for d in french.drafts)
    english = draft_offline("Our repair manual is free for everyone, even for other brands.", "x", bilingual)
    assert any(d.text.startswith("Honest take: our repair manual") for d in english.drafts)
    assert not any("Franchement" in d.text for d in english.drafts)


JARGON_FR = (
    "Nous misons sur la synergie entre nos équipes. Notre écosystème grandit. "
    "La création de valeur est au rendez-vous. Les leviers sont nombreux. "
    "C'est dans notre ADN. Nous offrons un accompagnement à 360°."
)


def test_less_jargon_in_french_gives_plain_french():
    text = rewrite_offline(JARGON_FR, "less_jargon", "linkedin").drafts[0].text
    assert text == (
        "Nous misons sur le travail en commun entre nos équipes. Notre réseau de partenaires grandit. "
        "Ce que ça rapporte est au rendez-vous. Les moyens sont nombreux. "
        "C'est dans notre nature. Nous offrons un accompagnement d'ensemble."
    )
    for jargon in ("synergie", "écosystème", "création de valeur", "leviers", "ADN", "360"):
        assert jargon not in text, jargon
    assert not any(word in text for word in ("teamwork", "community", "tools")), "no English replacement"
    assert detect(text) == "fr"


@pytest.mark.parametrize(
    ("jargon", "plain"),
    [
        ("Cherchons une synergie.", "Cherchons un travail en commun."),
        ("Merci à notre écosystème.", "Merci à notre réseau de partenaires."),
        ("Tout est dans la création de valeur.", "Tout est dans ce que ça rapporte."),
        ("Trois leviers.", "Trois moyens."),
        ("Notre ADN est simple.", "Ce qui nous caractérise est simple."),
        ("Une vision à 360°.", "Une vision d'ensemble."),
        ("Bienvenue dans l’écosystème.", "Bienvenue dans le réseau de partenaires."),
    ],
)
def test_each_french_buzzword_has_its_plain_word(jargon, plain):
    # Hand-written expectations, including the typographic apostrophe ’ of French keyboards.
    assert rewrite_offline(jargon, "less_jargon", "x", language="fr").drafts[0].text == plain


HEDGED_FR = (
    "Chers clients, je pense que nous sommes vraiment en retard afin de livrer les cadres. "
    "Honnêtement, il me semble que la neige a un peu compliqué les choses. Les commandes ouvrent le 3 mai."
)


def test_more_direct_and_shorter_in_french():
    direct = rewrite_offline(HEDGED_FR, "more_direct", "x").drafts[0].text
    assert direct == (
        "Chers clients, nous sommes en retard pour livrer les cadres. "
        "La neige a compliqué les choses. Les commandes ouvrent le 3 mai."
    )
    shorter = rewrite_offline(HEDGED_FR, "shorter", "x").drafts[0].text
    assert len(shorter) < len(HEDGED_FR) * 0.75
    assert "je pense que" not in shorter and "Honnêtement" not in shorter
    assert detect(shorter) == "fr"


def test_warmer_in_french_stays_french():
    cold = (
        "Chers clients, nous vous informons que la boutique ferme lundi. "
        "Veuillez nous excuser pour la gêne occasionnée."
    )
    warm = rewrite_offline(cold, "warmer", "x").drafts[0].text
    assert warm.startswith("Bonjour à toutes et à tous, je voulais vous dire que la boutique ferme lundi.")
    assert "Pardon pour le désagrément." in warm
    assert warm.endswith("Merci, sincèrement.")
    assert not any(phrase in warm for phrase in ENGLISH_WORDING)


def test_english_rewrites_no_longer_cut_words_inside_words():
    # "just " is a hedge; "justice" is not.
    text = rewrite_offline("Justice matters. We just shipped the fix.", "more_direct", "x").drafts[0].text
    assert text == "Justice matters. We shipped the fix."


def test_french_replies_are_french():
    complaint = reply_offline("Mon vélo est encore en panne et toujours pas de remboursement !", "@a")
    assert all(detect(d.text) == "fr" for d in complaint.drafts)
    assert complaint.drafts[0].text.startswith("Toutes nos excuses")
    assert not any(p in d.text for d in complaint.drafts for p in ("sorry", "Thank", "DM"))
    praise = reply_offline("Bravo pour le nouveau manuel, il est génial !", "@b")
    assert all(d.text.startswith("Merci") for d in praise.drafts)


# --- prompts at the openai transport seam ------------------------------------------------

FRENCH_INSTRUCTION = "Réponds en français"


def _system(fake: FakeModel, index: int = -1) -> str:
    return fake.requests[index][1]["messages"][0]["content"]


def test_draft_prompts_ask_for_the_language_of_the_idea(bilingual):
    fake = FakeModel(DRAFTS)
    drafter = build_drafter(openai_settings(), http_client=fake.client())
    drafter.draft("Notre manuel de réparation est désormais gratuit pour tout le monde.", "x", bilingual)
    system = _system(fake)
    assert "in French" in system and FRENCH_INSTRUCTION in system
    user = fake.requests[-1][1]["messages"][1]["content"]
    assert "Franchement" in user and "Honest take" not in user, "examples are the executive's French posts"
    drafter.draft("Our repair manual is now free for everyone.", "x", bilingual)
    system = _system(fake)
    assert "in English" in system and "Answer in English." in system and FRENCH_INSTRUCTION not in system
    # The stream goes through the same prompt, and an explicit language wins.
    stream = drafter.stream_draft("Our repair manual is now free for everyone.", "linkedin", bilingual, language="fr")
    list(stream)
    assert FRENCH_INSTRUCTION in _system(fake) and fake.requests[-1][1]["stream"] is True


def test_rewrite_and_reply_prompts_ask_for_the_right_language(bilingual):
    fake = FakeModel(lambda body: _answer_for(body))
    drafter = build_drafter(openai_settings(), http_client=fake.client())
    drafter.rewrite(
        "Notre écosystème crée de la valeur pour nos clients et nos équipes.", "less_jargon", "x", bilingual
    )
    assert FRENCH_INSTRUCTION in _system(fake)
    drafter.rewrite("Our ecosystem creates value for our customers and our teams.", "translate_fr", "x", bilingual)
    assert FRENCH_INSTRUCTION in _system(fake), "a translation asks for its target language"
    drafter.rewrite("Notre écosystème crée de la valeur pour nos clients.", "translate_en", "x", bilingual)
    assert "Answer in English." in _system(fake) and FRENCH_INSTRUCTION not in _system(fake)
    drafter.reply("Mon vélo est encore en panne, toujours pas de remboursement !", "@a", bilingual)
    assert "in French" in _system(fake) and FRENCH_INSTRUCTION in _system(fake)
    drafter.reply("My bike is broken again and still no refund!", "@b", bilingual)
    assert "Answer in English." in _system(fake)


def _answer_for(body: dict):
    import httpx2

    from tests.integration.test_llm_mock import completion

    name = body["response_format"]["json_schema"]["name"]
    data = {"rewrite": {"text": "Texte."}, "reply_mention": {"replies": [{"tone": "t", "text": "Merci."}] * 3}}[name]
    return httpx2.Response(200, json=completion(json.dumps(data)))


def test_readers_review_answers_in_the_posts_language():
    fake = FakeModel(READERS)
    client = LLMClient(LLMSettings.from_mapping(openai_settings()), http_client=fake.client())
    review_readers(client, "Nous avons battu nos objectifs, merci à toute l'équipe de Lyon !", "x", "Inês")
    system = _system(fake)
    assert "the post is in French" in system and "write each reason in French" in system
    assert FRENCH_INSTRUCTION in system
    review_readers(client, "We beat our numbers, thank you to the whole Lyon team!", "x", "Inês")
    assert "the post is in English" in _system(fake) and FRENCH_INSTRUCTION not in _system(fake)
    # Too short to tell: the executive's usual language decides.
    review_readers(client, "Bravo Lyon !", "x", "Inês", fallback_language="fr")
    assert FRENCH_INSTRUCTION in _system(fake)


def test_a_reader_the_model_skipped_is_explained_in_the_posts_language():
    fake = FakeModel({"readers": READERS["readers"][:2]})
    client = LLMClient(LLMSettings.from_mapping(openai_settings()), http_client=fake.client())
    review = review_readers(client, "Nous ouvrons un atelier à Lyon pour former vingt apprentis.", "x", "Inês")
    skipped = [v for v in review.verdicts if v.risk == "unknown"]
    assert [v.reason for v in skipped] == ["Le modèle n'a rien répondu pour ce lecteur : jugez par vous-même."] * 2
