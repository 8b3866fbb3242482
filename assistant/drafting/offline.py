"""The offline drafter: deterministic, instant, no key needed.

It cannot think, so it never invents: every draft is built from the executive's own
sentences in the idea, shaped by three fixed angles and by the habits in the voice
profile (openers, emoji, hashtags, sign-off, words never used), then fitted to the
platform. Instructions hidden in the idea are left out (see guard.py).
"""

from __future__ import annotations

import re
import time

from assistant.drafting.fidelity import voice_fidelity
from assistant.drafting.guard import strip_instructions
from assistant.drafting.records import Draft, DraftResult, GenerationRecord
from assistant.drafting.text import (
    LINKEDIN_FOLD,
    LINKEDIN_LIMIT,
    STOPWORDS,
    URL,
    X_LIMIT,
    language_of,
    truncate_words,
    x_weighted_length,
)
from assistant.drafting.voice import VoiceProfile
from assistant.drafting.wording import all_wordings, supported, word_pattern, wording
from assistant.errors import InvalidInput
from assistant.i18n import _

PROVIDER, MODEL = "offline", "offline-v1"
PROMPT_NAME, PROMPT_VERSION = "offline_draft_posts", 1
PLATFORMS = ("x", "linkedin")
_BULLET = re.compile(r"^\s*(?:[-*•→]|\d+[.)])\s*")

# Fixed phrases per language (data/<language>.json); {point} etc. are the executive's own words.
PHRASES = {code: w.phrases for code, w in all_wordings().items()}


def _ask(line: str) -> str:
    """Drop "Write a post about" / "Écris un post sur" at the start of a line, in any language."""
    for w in all_wordings().values():
        for pattern in w.ask_patterns:
            line = pattern.sub("", line, count=1)
    return line


def replace_words(text: str, table: dict[str, str]) -> str:
    """Replace each phrase of `table` (longest first, whole words, either apostrophe), keeping a capital."""
    for phrase in sorted(table, key=len, reverse=True):
        text = re.sub(word_pattern(phrase), _keep_case(table[phrase]), text, flags=re.IGNORECASE)
    return text


def plain_words(text: str, never: list[str], language: str = "en") -> str:
    """Replace corporate jargon with plain words and drop the words the executive never uses."""
    text = replace_words(text, wording(language).jargon)
    for word in never:
        if word.strip():
            text = re.sub(rf"\s*{word_pattern(word)}", "", text, flags=re.IGNORECASE)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _keep_case(replacement: str):
    def apply(match: re.Match[str]) -> str:
        # "ADN" is upper case as a word, not as a sentence start: only a capital followed by lower case counts.
        found = match.group(0)
        starts_sentence = found[:1].isupper() and not found[:3].isupper()
        return replacement[:1].upper() + replacement[1:] if starts_sentence else replacement

    return apply


def _sentence(text: str) -> str:
    text = text.strip().rstrip(",;:")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def idea_points(
    idea: str, profile: VoiceProfile, language: str | None = None
) -> tuple[list[str], list[str], list[str]]:
    """The idea as clean sentences, its links, and the notes for the user."""
    clean, removed = strip_instructions(idea)
    notes = [_("Left out text that reads like an instruction to an AI: “{text}”", text=r[:80]) for r in removed]
    links = URL.findall(clean)
    clean = URL.sub(" ", clean)
    language = language or language_of(clean, profile.main_language)
    points = []
    for line in clean.splitlines():
        line = _ask(_BULLET.sub("", line)).strip()
        for part in re.split(r"(?<=[.!?…])\s+", line):
            sentence = _sentence(plain_words(part, profile.rules.never_words, language))
            if len(sentence) > 1 and sentence not in points:
                points.append(sentence)
    return points, links, notes


def _opener(voice: VoiceProfile, language: str, kind: str) -> str:
    # Learned openers only fit when drafting in the language of the posts they come from.
    words = wording(language)
    for opener in voice.openers if language == voice.main_language else []:
        is_question = opener.lower().startswith(words.question_openers)
        if (kind == "question") == is_question and opener[-1] in ":.":
            return opener
    return words.phrases[kind]


def _join(lead: str, sentence: str, language: str = "en") -> str:
    """'Honest take:' + 'Our plan...' -> 'Honest take: our plan...' (names keep their capital);
    'Une question pour vous :' + "Qu'en pensez-vous ?" -> "... : qu'en pensez-vous ?"."""
    words = wording(language)
    first = sentence.split(" ", 1)[0].lower().replace("’", "'")
    elided = first.split("'", 1)[0] if "'" in first else first  # qu'en, l'équipe, j'ai
    small = first in STOPWORDS or elided in words.stopwords
    if lead.endswith(":") and small and elided not in words.keep_capital_after_colon:
        sentence = sentence[0].lower() + sentence[1:]
    return f"{lead} {sentence}"


def _decorations(profile: VoiceProfile, variant: int) -> tuple[str, str]:
    """Emoji and hashtags only when the executive actually uses them."""
    emoji = profile.top_emojis[variant % len(profile.top_emojis)] if profile.top_emojis else ""
    emoji = emoji if profile.emoji_share >= 0.3 or (profile.emoji_share >= 0.1 and variant == 0) else ""
    count = round(profile.hashtags_per_post)
    tags = " ".join(profile.top_hashtags[:count]) if count else ""
    return emoji, tags


def _compose_x(points, links, profile, language, variant) -> tuple[str, str]:
    p = wording(language).phrases
    emoji, tags = _decorations(profile, variant)
    first, rest = (points[0] if points else p["link"]), points[1:]
    if variant == 0:
        angle, body = "straight", [first, *rest]
    elif variant == 1:
        angle, body = "personal", [_join(_opener(profile, language, "personal"), first, language), *rest]
    else:
        angle, body = "question", [*points, _join(_opener(profile, language, "question"), p["ask_x"], language)]
    tail = " ".join(x for x in (" ".join(links[:1]), emoji, tags, profile.sign_off) if x)

    def fits(text: str) -> bool:
        return x_weighted_length(text + (" " + tail if tail else "")) <= X_LIMIT

    # Drop whole sentences from the end before cutting words (the question stays last).
    keep_last = variant == 2
    while len(body) > (2 if keep_last else 1) and not fits(" ".join(body)):
        body.pop(-2 if keep_last else -1)
    text = truncate_words(" ".join(body), fits)
    return angle, f"{text} {tail}".strip() if tail else text


def _compose_linkedin(points, links, profile, language, variant) -> tuple[str, str]:
    p = wording(language).phrases
    emoji, tags = _decorations(profile, variant)
    first, rest = (points[0] if points else p["link"]), points[1:]
    link = f"{p['link']} {links[0]}" if links else ""
    if variant == 0:
        angle = "story"
        paragraphs = [_join(_opener(profile, language, "personal"), first, language), *rest, p["close"]]
    elif variant == 1:
        angle = "lessons"
        bullets = "\n".join(f"→ {x}" for x in points) if points else first
        paragraphs = [p["lessons"], bullets, p["ask"]]
    else:
        angle = "question"
        paragraphs = [first, *rest, _join(_opener(profile, language, "question"), p["ask"], language)]
    paragraphs[0] = truncate_words(paragraphs[0], lambda s: len(s) <= LINKEDIN_FOLD)
    extras = [x for x in (link, " ".join(x for x in (emoji, tags) if x), profile.sign_off) if x]
    text = "\n\n".join([*paragraphs, *extras])
    return angle, truncate_words(text, lambda s: len(s) <= LINKEDIN_LIMIT)


def draft_offline(
    idea: str, platform: str, profile: VoiceProfile | None = None, language: str | None = None
) -> DraftResult:
    """Three distinct drafts for one platform, from the idea and the voice profile."""
    started = time.perf_counter()
    if platform not in PLATFORMS:
        raise InvalidInput(
            _(
                "Platform '{platform}' is not supported; use one of {choices}.",
                platform=platform,
                choices=", ".join(PLATFORMS),
            )
        )
    if not idea or not idea.strip():
        raise InvalidInput(_("The idea is empty: write an idea, a few notes or a link, then draft again."))
    profile = profile or VoiceProfile()
    language = supported(language)
    if language is None:
        clean = URL.sub(" ", strip_instructions(idea)[0])
        language = language_of(clean, profile.main_language)
    points, links, notes = idea_points(idea, profile, language)
    if not points and not links:
        raise InvalidInput(
            _(
                "Nothing usable is left in the idea once the text addressed to an AI is set aside; "
                "write what the post should say, in your own words."
            )
        )
    # An executive who posts in several languages: openers, emoji, hashtags of that language.
    voice = profile.for_language(language)
    compose = _compose_x if platform == "x" else _compose_linkedin
    drafts = []
    for variant in range(3):
        angle, text = compose(list(points), links, voice, language, variant)
        fidelity = voice_fidelity(text, profile, language)
        drafts.append(Draft(text=text, platform=platform, angle=angle, fidelity=fidelity))
    record = GenerationRecord(
        provider=PROVIDER,
        model=MODEL,
        prompt_name=PROMPT_NAME,
        prompt_version=PROMPT_VERSION,
        latency_ms=round((time.perf_counter() - started) * 1000, 3),
        structured_output="offline",
    )
    return DraftResult(drafts=drafts, record=record, notes=notes)
