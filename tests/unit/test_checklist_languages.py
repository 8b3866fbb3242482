"""The checklist reads each text with the rules of its language (both when unsure)."""

from __future__ import annotations

import pytest

from assistant import i18n
from assistant.checklist import check_text
from assistant.checklist.loader import config_from_mapping, default_config, shipped_languages
from assistant.checklist.matching import Matchers
from assistant.errors import InvalidInput
from assistant.language import detect, language_of, reading


def test_short_posts_are_told_apart_and_unsure_texts_run_both() -> None:
    assert detect("Notre chiffre d'affaires du T3 progresse de 40 % et nous relevons nos prévisions") == "fr"
    assert detect("Spent the morning with our night shift in Lyon. Proud of this team.") == "en"
    assert detect("ok") is None  # too short to tell
    assert reading("Merci !", ("en", "fr"), "fr") == ("fr", ("en", "fr"))
    assert language_of("Merci !", default="fr") == "fr"


def test_accents_and_french_elisions_match_the_plain_word() -> None:
    m = Matchers({"x:tragedy": ("attentat", "chiffre d'affaires", "prévision")}, {})
    for text in ("Après l'attentat de Nice", "notre chiffre d’affaires", "nos previsions", "NOS PRÉVISIONS"):
        assert m.scan(text)["x:tragedy"], text


def test_checked_numbers_need_their_key() -> None:
    m = Matchers({"x:ids": ("nir:", "iban:")}, {})
    # NIR example from the INSEE format (key 97 - 2550814168025 mod 97 = 38); IBAN example of the
    # French banking federation, FR76 check digits
    assert m.scan("mon numéro : 2 55 08 14 168 025 38")["x:ids"]
    assert not m.scan("mon numéro : 2 55 08 14 168 025 39")["x:ids"]
    assert m.scan("IBAN FR76 3000 6000 0112 3456 7890 189 merci")["x:ids"]
    assert not m.scan("IBAN FR76 3000 6000 0112 3456 7890 188 merci")["x:ids"]


def test_french_data_ships() -> None:
    assert shipped_languages() == ("en", "fr")


def test_messages_are_in_the_text_language_and_a_setting_applies_to_both() -> None:
    french = check_text("Notre chiffre d'affaires du T3 progresse de 40 %", "x", default_config())
    assert french.language == "fr" and french.verdict != "ok"
    assert all(f.message != default_config().source.rules[f.rule].message for f in french.findings)
    english = check_text("Our Q3 revenue grew 40% and we raise our guidance", "x", default_config())
    assert english.language == "en" and english.verdict != "ok"
    off = config_from_mapping({"rules": {"disclosure.results": "off"}})
    assert "disclosure.results" not in {
        f.rule for f in check_text("Notre chiffre d'affaires a progressé de 40 %", "x", off).findings
    }


def test_a_language_section_changes_only_that_language() -> None:
    config = config_from_mapping({"languages": {"en": {"lexicons": {"codenames": ["Falcon"]}}}})
    assert "disclosure.confidential" in {
        f.rule for f in check_text("Falcon ships soon, stay tuned team", "x", config, lang="en").findings
    }
    with pytest.raises(InvalidInput, match="languages"):
        config_from_mapping({"languages": {"de": {}}})


def test_messages_follow_the_member_language_when_the_text_says_too_little() -> None:
    with i18n.using("en"):
        assert check_text("", "x", default_config()).language == "en"
    with i18n.using("fr"):
        short = check_text("Appelez : 06 12 34 56 78", "x", default_config())
    assert short.language == "fr" and "téléphone" in short.findings[0].message


def test_a_mixed_post_is_read_by_both_rule_sets_in_its_main_language() -> None:
    english = {r.message for r in default_config().source.rules.values()}
    # mostly English, one French figure: French rules run too, messages in English
    text = "Great news team! Notre chiffre d'affaires du T3 progresse de 40 %, thanks to all of you, merci !"
    result = check_text(text, "x", default_config())
    assert result.language == "en" and "disclosure.results" in {f.rule for f in result.findings}
    # mostly French with an English figure word: the English rule's hit speaks French
    text = (
        "Notre chiffre d'affaires du T3 progresse de 40 % et nos marges aussi. Revenue grew, merci à toute l'équipe"
        " pour ce trimestre."
    )
    result = check_text(text, "x", default_config())
    revenue = [f for f in result.findings if text[f.start : f.end] == "Revenue"]
    assert result.language == "fr" and revenue
    assert all(f.message not in english for f in result.findings)


def test_an_obfuscated_word_with_an_accent_or_an_elision_is_read() -> None:
    for text in ("Ces consultants sont des enc*lés", "Bande d’enc*lés", "quel c0nnard"):
        assert "offensive" in {f.category for f in check_text(text, "x", default_config()).findings}, text
