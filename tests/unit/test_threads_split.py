"""Splitting a long X post into a numbered thread: every part fits, nothing is lost, order is kept."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.checklist import weighted_length
from assistant.checklist.threads import needs_thread, split_thread

LONG = (
    "We started Lumengrid in a garage with two used inverters and a lot of stubbornness. "
    "Ten years later we ship storage to 40 states. "
    "The thing I am proudest of is not the growth. It is that our night shift in Dayton found a way to cut "
    "rework by a third, and nobody had to ask permission. "
    "That is the company I want us to stay: people closest to the work decide how the work gets done. "
    "Thank you to every one of you who made this decade. Here is to the next one."
)


def _check(text: str, limit: int = 280) -> None:
    parts = split_thread(text, limit)
    assert parts, "a non-blank text has at least one part"
    for part in parts:
        assert weighted_length(part.text, limit).weighted <= limit, part.text
        assert part.body and part.body == part.body.strip()
        assert text[part.start : part.end].strip() == part.body
    # The spans tile the text in order: nothing lost, nothing repeated, nothing reordered.
    assert parts[0].start == 0 and parts[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))
    assert "".join(text[p.start : p.end] for p in parts) == text
    assert [p.number for p in parts] == list(range(1, len(parts) + 1))
    assert {p.total for p in parts} == {len(parts)}
    if len(parts) > 1:
        assert all(p.text.endswith(f" {p.number}/{len(parts)}") for p in parts)


def test_a_post_that_fits_is_one_part_without_a_counter():
    parts = split_thread("  Short and sweet.  ")
    assert [p.text for p in parts] == ["Short and sweet."]
    assert not needs_thread("Short and sweet.")


def test_a_long_post_splits_at_sentence_ends_with_numbered_parts():
    assert needs_thread(LONG)
    parts = split_thread(LONG)
    n = len(parts)
    assert n in (2, 3) and [p.text[-4:] for p in parts] == [f" {i}/{n}" for i in range(1, n + 1)]
    assert all(re.search(rf"[.!?] {p.number}/{n}$", p.text) for p in parts), "every part ends a sentence"
    _check(LONG)


def test_words_are_never_cut_when_a_space_is_available():
    text = " ".join(["electrification"] * 60)
    for part in split_thread(text):
        assert set(part.body.split()) == {"electrification"}
    _check(text)


def test_an_overlong_word_is_cut_inside_and_links_count_23():
    text = "x" * 700 + " https://example.com/" + "a" * 300 + " done"
    _check(text)
    assert any("https://example.com/" + "a" * 300 in p.body for p in split_thread(text))  # a link is never cut


def test_heavy_characters_and_emoji_count_double():
    text = "日本語のテキスト。" * 40 + " 🎉" * 50
    _check(text)


def test_many_parts_get_two_digit_counters_and_still_fit():
    text = " ".join(f"Sentence number {i} is here." for i in range(400))
    parts = split_thread(text)
    assert len(parts) >= 10 and parts[0].text.endswith(f" 1/{len(parts)}")
    _check(text)


_WORDS = st.sampled_from(
    [
        "grid",
        "battery",
        "Dayton",
        "rework.",
        "What?",
        "https://lumengrid.example/x",
        "日本",
        "🎉",
        "#energy",
        "@maya",
        "ok!",
        "\n",
        "\n\n",
        "naïve",
        "e\u0301",
        "…",
        "supercalifragilisticexpialidocious" * 3,
        "x" * 120,
    ]
)
_SEPS = st.sampled_from([" ", "  ", "\n", " \n ", "\t"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_WORDS, _SEPS), min_size=1, max_size=260), st.sampled_from([280, 140, 60]))
def test_property_every_part_fits_no_text_lost_order_kept(pieces, limit):
    text = "".join(word + sep for word, sep in pieces)
    if not text.strip():
        return
    _check(text, limit)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=1500))
def test_property_on_arbitrary_unicode(text):
    if not text.strip():
        assert split_thread(text) == []
        return
    _check(text)
