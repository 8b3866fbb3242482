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
