"""The fast X weighted length equals the reference twitter-text on generated texts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twitter_text import parse_tweet

from assistant.checklist import _xpatterns as P
from assistant.checklist.xlength import weighted_length

_MULTI, _SINGLE = P.EMOJI.rsplit("|[", 1)
EMOJI_SEQUENCES = ["".join(chr(int(a[i + 2 : i + 10], 16)) for i in range(0, len(a), 10)) for a in _MULTI.split("|")]

URLS = [
    "http://example.com",
    "https://t.co/abc123",
    "https://t.co/" + "a" * 41,
    "www.foo.co.jp/path?x=1&y=2",
    "example.com",
    "t.co/xyz",
    "https://test.co/a/b/c.html?q=1#frag",
    "日本語.jp",
    "foo.コム",
    "a.b",
    "e.g.",
    "@user.com",
    "#tag.com",
    ".example.com",
    "-example.com",
    "http://" + "a" * 70 + ".com",
    "xn--wgv71a119e.jp",
    "https://example.com/path_(with)_parens",
    "example.com:8080/x",
    "bit.ly/3abc",
    "ĸ.com",
    "EXAMPLE.COM",
    "http://例え.テスト",
    "sub_domain.example.org",
    "http://example.com/" + "p" * 300,
    "google.com.",
    "a.co.uk",
]
PIECES = [
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    ".",
    ",",
    "!",
    "?",
    "(",
    ")",
    "/",
    "-",
    "_",
    "@",
    "#",
    "$",
    "＠",
    "＃",
    "hello",
    "Tesla",
    "naïve",
    "café",
    "e\u0301",
    "A\u030a",
    "のの",
    "中文字",
    "한국어",
    "Привет",
    "مرحبا",
    "\u10ff",
    "\u1100\u1161",
    "\u2000",
    "\u200d",
    "\u2010",
    "\u2032",
    "\u2038",
    "\u3000",
    "\ufe0f",
    "\u20e3",
    "\U0001f3fb",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\u202a",
    "\u202e",
    "\u200e",
    "\u2066",
    "\U0001d11e",
    "\U00020000",
    "©",
    "®",
    "1",
    "#",
    "*",
    "1\ufe0f\u20e3",
    "#\u20e3",
    "🇺🇸",
    "🇺",
    "😷",
    "🚀",
    "👨\u200d👩\u200d👧",
    "🏳️\u200d🌈",
    "\u261d",
]

fragments = st.one_of(
    st.sampled_from(PIECES),
    st.sampled_from(URLS),
    st.sampled_from(EMOJI_SEQUENCES),
    st.sampled_from(EMOJI_SEQUENCES).map(lambda e: e[:-1]),  # cut sequences
    st.text(max_size=8),
    st.characters(min_codepoint=0x1F000, max_codepoint=0x1FAFF).map(str),
)
texts = st.lists(fragments, max_size=40).map("".join)


def _same(text: str) -> None:
    ref = parse_tweet(text)
    got = weighted_length(text)
    assert (got.weighted, got.valid, got.permillage) == (ref.weightedLength, ref.valid, ref.permillage)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_equals_reference_on_mixed_texts(text: str) -> None:
    _same(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_equals_reference_on_arbitrary_unicode(text: str) -> None:
    _same(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["x" * 9 + " ", "😷", "https://example.com ", "日本"]), min_size=20, max_size=60))
def test_equals_reference_around_the_280_limit(parts: list[str]) -> None:
    _same("".join(parts))


def test_known_posts() -> None:
    assert weighted_length("Hi http://test.co").weighted == 26
    assert weighted_length("x" * 280).valid
    over = weighted_length("x" * 281)
    assert not over.valid and over.over_at == 280
    assert not weighted_length("").valid  # X refuses an empty post
    assert weighted_length("👨\u200d👩\u200d👧").weighted == 2  # one family emoji, one emoji weight


def test_no_emoji_can_start_in_pure_ascii_text() -> None:
    # xlength skips the emoji search for ASCII text and only tries an ASCII start
    # ("1", "#", "*") before a non-ASCII character: both rest on these facts.
    for seq in EMOJI_SEQUENCES:
        assert not seq.isascii()
        if seq[0].isascii():
            assert not seq[1].isascii()
    assert "\\U000000" not in _SINGLE.replace("\\U000000a9", "").replace("\\U000000ae", "")


def test_vendored_patterns_equal_the_installed_reference() -> None:
    from tests.conformance.xpatterns_source import render

    vendored = Path(P.__file__).read_text(encoding="utf-8")
    assert vendored == render(), "regenerate with: python -m tests.conformance.xpatterns_source"
