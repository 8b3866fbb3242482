"""The pre-publish checklist engine: what a reviewer relies on before a post goes out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.checklist import check_text
from assistant.checklist.loader import config_from_mapping, default_config
from assistant.errors import InvalidInput

CONFIG = default_config()


def rules(text: str, platform: str = "x", config=CONFIG, at=None) -> dict[str, str]:
    return {f.rule: f.severity for f in check_text(text, platform, config, at=at).findings}


def test_funding_secured_is_blocked_as_disclosure_with_its_span() -> None:
    text = "Am considering taking Tesla private at $420. Funding secured."
    result = check_text(text, "x", CONFIG)
    assert result.verdict == "block"
    blocked = [f for f in result.by_category("disclosure") if f.severity == "block"]
    assert any(text[f.start : f.end] == "Funding secured" for f in blocked)
    assert all("remove" in f.message or "official" in f.message for f in blocked)


def test_a_results_word_warns_and_a_figure_next_to_it_blocks() -> None:
    assert rules("Revenue matters less than customers.")["disclosure.results"] == "warn"
    assert rules("Q3 revenue came in at $2.1B, up 34%.")["disclosure.results"] == "block"


def test_stock_price_commentary_blocks() -> None:
    assert rules("Tesla stock price is too high imo")["disclosure.stock"] == "block"


def test_newsjacking_blocks_but_empathy_alone_only_warns() -> None:
    found = rules("Hurricane Sandy: stay safe! Use code STORM for 20% off")
    assert found["sensitive.newsjacking"] == "block"
    calm = rules("Our thoughts are with everyone affected by the hurricane.")
    assert calm.get("sensitive.tragedy") == "warn" and "sensitive.newsjacking" not in calm


@pytest.mark.parametrize("text", ["f*ck this", "this sh1t again", "F.U.C.K that", "fuuuck Mondays", "a s s h o l e"])
def test_obfuscated_profanity_is_caught(text: str) -> None:
    assert rules(text).get("offensive.profanity") == "block"


@pytest.mark.parametrize("text", ["Our class of interns from Scunthorpe", "Assess the assignment", "Cocktail hour"])
def test_words_containing_profanity_are_not_flagged(text: str) -> None:
    assert not [r for r in rules(text) if r.startswith("offensive")]


def test_personal_attack_blocks_while_a_lone_insult_warns() -> None:
    assert rules("@analyst you idiot")["offensive.insult"] == "block"
    assert rules("What an idiotic idea that was")["offensive.insult"] == "warn"


def test_api_keys_block_and_the_message_never_repeats_the_secret() -> None:
    key = "AKIAIOSFODNN7EXAMPLE"
    result = check_text(f"use {key} in the config", "x", CONFIG)
    secret = [f for f in result.findings if f.rule == "privacy.secret"]
    assert secret and secret[0].severity == "block" and key not in secret[0].message


def test_card_numbers_block_only_when_they_pass_luhn() -> None:
    assert rules("card 4111 1111 1111 1111")["privacy.id_number"] == "block"
    assert "privacy.id_number" not in rules("order 4111 1111 1111 1112")


def test_contact_details_warn() -> None:
    found = rules("Write to jane.doe@gmail.com or call 415-555-0134")
    assert found["privacy.email"] == "warn" and found["privacy.phone"] == "warn"


def test_endorsement_needs_a_disclosure() -> None:
    assert rules("Use code CEO20 for 20% off my favourite sneakers")["legal.endorsement"] == "warn"
    assert "legal.endorsement" not in rules("#ad Use code CEO20 for 20% off my favourite sneakers")


def test_defamation_pattern_blocks() -> None:
    assert rules("Their CEO is a fraud and everyone knows it")["legal.defamation"] == "block"


def test_jargon_suggestion_names_the_plain_word_and_lowers_the_score() -> None:
    plain = check_text("We shipped the new app today. Thanks, team.", "x", CONFIG)
    jargon = check_text("We leverage synergies going forward.", "x", CONFIG)
    assert plain.authenticity_score == 100 and jargon.authenticity_score < 70
    leverage = next(f for f in jargon.findings if jargon_word(jargon, f) == "leverage")
    assert "say 'use'" in leverage.message and leverage.severity == "warn"


def jargon_word(result, finding) -> str:
    return "We leverage synergies going forward."[finding.start : finding.end]


def test_x_length_over_280_blocks_from_where_it_overflows() -> None:
    text = "a" * 300
    result = check_text(text, "x", CONFIG)
    over = next(f for f in result.findings if f.rule == "format.length")
    assert (over.severity, over.start, over.end) == ("block", 280, 300)
    assert result.length.weighted == 300 and not result.length.valid


def test_linkedin_allows_3000_and_notes_the_fold() -> None:
    text = "word " * 100
    result = check_text(text, "linkedin", CONFIG)
    assert result.length.limit == 3000 and result.length.valid
    assert any(f.rule == "format.fold" and f.severity == "info" for f in result.findings)


def test_format_hints() -> None:
    found = rules("Read more bit.ly/3xYz #a #b #c. THIS IS THE BEST DEAL EVER")
    assert found["format.hashtags"] == "warn"
    assert found["format.shortener"] == "warn"
    assert found["format.all_caps"] == "warn"


def test_blackout_window_escalates_disclosure_and_flags_the_post() -> None:
    config = config_from_mapping(
        {"blackout": [{"name": "Q3 quiet period", "start": "2025-09-15T00:00Z", "end": "2025-10-23T20:00Z"}]}
    )
    text = "Revenue matters less than customers."
    inside = rules(text, config=config, at=datetime(2025, 10, 1, tzinfo=UTC))
    assert inside["disclosure.blackout"] == "warn" and inside["disclosure.results"] == "block"
    outside = rules(text, config=config, at=datetime(2025, 11, 1, tzinfo=UTC))
    assert "disclosure.blackout" not in outside and outside["disclosure.results"] == "warn"
    with pytest.raises(InvalidInput, match="timezone"):
        check_text(text, "x", config, at=datetime(2025, 10, 1))


def test_a_good_post_is_ok_and_results_are_deterministic() -> None:
    text = "Spent the morning with our support team listening to customer calls. We have work to do."
    first, second = check_text(text, "x", CONFIG), check_text(text, "x", CONFIG)
    assert first.verdict == "ok" and first == second


def test_empty_post_blocks_and_unknown_platform_is_refused() -> None:
    assert check_text("", "x", CONFIG).verdict == "block"
    with pytest.raises(InvalidInput, match="linkedin"):
        check_text("hi", "mastodon", CONFIG)
