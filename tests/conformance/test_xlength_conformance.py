"""X weighted length: the fast path equals twitter-text on its own conformance suite."""

from __future__ import annotations

import pytest
import yaml

from assistant.checklist.xlength import weighted_length
from tests.shared_data import shared_path

SUITE = "conformance/twitter-text/validate.yml"
SECTION = "WeightedTweetsWithDiscountedEmojiCounterTest"  # the config X uses today


def _cases(section: str) -> list[dict]:
    with shared_path(SUITE).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["tests"][section]


def test_discounted_emoji_section_is_not_empty() -> None:
    assert len(_cases(SECTION)) >= 20


@pytest.mark.shared
def test_weighted_length_and_validity_match_the_suite() -> None:
    failures = []
    for case in _cases(SECTION):
        got = weighted_length(case["text"])
        expected = case["expected"]
        if (got.weighted, got.valid, got.permillage) != (
            expected["weightedLength"],
            expected["valid"],
            expected["permillage"],
        ):
            failures.append((case["description"], expected, got))
    assert failures == []


@pytest.mark.shared
@pytest.mark.parametrize("section", [SECTION, "UnicodeDirectionalMarkerCounterTest", "tweets"])
def test_fast_path_equals_the_reference_package_on_every_suite_text(section: str) -> None:
    from twitter_text import parse_tweet

    for case in _cases(section):
        ref = parse_tweet(case["text"])
        got = weighted_length(case["text"])
        assert (got.weighted, got.valid) == (ref.weightedLength, ref.valid), case["description"]


def test_linear_scanner_pieces_reassemble_the_reference_expressions() -> None:
    # xlength runs the URL expression piece by piece (issue 14: the whole one backtracks
    # quadratically); the pieces must be exactly the reference's, in the reference's order.
    from assistant.checklist import _xpatterns as P

    d = P.DOMAIN_CHAR
    subdomain = f"(?:(?:{d}(?:[_-]|{d})*)?{d}\\.)"
    name = f"(?:(?:{d}(?:-|{d})*)?{d}\\.)"
    tld = f"(?:{P.GTLD}|{P.CCTLD}|{P.PUNYCODE})"
    domain = f"(?:{subdomain}*{name}{tld})"
    assert P.EXTRACT_URL == f"(({P.URL_PRECEDING})((https?:\\/\\/)?({domain}){P.URL_TAIL}))"
    assert P.VALID_ASCII_DOMAIN == f"(?:(?:{P.ASCII_LABEL_CHAR}+)\\.)+{tld}"
    assert P.URL_PRECEDING.endswith("|^)")  # xlength handles the "^" alternative apart


def test_tld_lists_are_plain_words_with_one_lookahead() -> None:
    # xlength groups TLD alternatives by first character and builds a trie of them: both
    # rest on every alternative being a literal word of 2+ characters.
    from assistant.checklist import xlength

    (gtlds, lookahead), (cctlds, cc_lookahead) = xlength._tld_lists()
    assert lookahead == cc_lookahead == "(?=[^0-9a-zA-Z@+-]|$)"
    assert len(gtlds) > 1000 and len(cctlds) > 250
    for word in gtlds + cctlds:
        assert len(word) >= 2 and not set(word) & set("\\.^$*+?{}[]|()"), word
