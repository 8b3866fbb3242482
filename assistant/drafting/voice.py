"""The executive's voice: habits learned from their own posts plus the rules they set."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.drafting.stylometry import FEATURES, char_ngrams, jargon_found, style_features
from assistant.drafting.text import content_words, emojis, hashtags, language_of, words
from assistant.drafting.wording import all_wordings, wording

TOP_NGRAMS = 600
TOP_WORDS = 300
# An executive who posts in several languages gets habits per language once a language has
# this many posts: enough for openers, emoji and sentence length to mean something.
MIN_SECTION_POSTS = 3


@dataclass
class VoiceRules:
    """What the executive says explicitly: these win over anything learned."""

    do: list[str] = field(default_factory=list)
    dont: list[str] = field(default_factory=list)
    never_words: list[str] = field(default_factory=list)
    sign_off: str = ""


@dataclass
class VoiceProfile:
    name: str = ""
    post_count: int = 0
    median_chars: float = 0.0
    avg_sentence_words: float = 0.0
    phrases: list[str] = field(default_factory=list)  # frequent word pairs they use
    avoided_words: list[str] = field(default_factory=list)  # common jargon they never use
    emoji_share: float = 0.0  # share of posts with at least one emoji
    top_emojis: list[str] = field(default_factory=list)
    hashtags_per_post: float = 0.0
    top_hashtags: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    languages: dict[str, float] = field(default_factory=dict)
    openers: list[str] = field(default_factory=list)
    learned_sign_off: str = ""
    style_mean: dict[str, float] = field(default_factory=dict)
    style_std: dict[str, float] = field(default_factory=dict)
    char_ngrams: dict[str, float] = field(default_factory=dict)
    word_freq: dict[str, float] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    rules: VoiceRules = field(default_factory=VoiceRules)
    # The same habits learned from the posts of one language only, for an executive who posts
    # in several ("en", "fr"); empty for a one-language executive and in older stored profiles.
    by_language: dict[str, VoiceProfile] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VoiceProfile:
        skip = ("rules", "by_language")
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k not in skip}
        rules = data.get("rules") or {}
        sections = {str(lang): cls.from_dict(section) for lang, section in (data.get("by_language") or {}).items()}
        return cls(
            **known,
            rules=VoiceRules(**{k: v for k, v in rules.items() if k in VoiceRules.__dataclass_fields__}),
            by_language=sections,
        )

    @property
    def main_language(self) -> str:
        return max(self.languages, key=self.languages.get) if self.languages else "en"

    def for_language(self, language: str | None) -> VoiceProfile:
        """The habits of the executive's posts in `language`, or the whole profile when there
        is no separate section for it (one-language executives, older profiles)."""
        return self.by_language.get(language or "", self)

    @property
    def sign_off(self) -> str:
        return self.rules.sign_off or self.learned_sign_off

    def summary(self, language: str | None = None) -> str:
        """A readable summary for Settings and for the prompt; with `language`, the habits of
        the posts in that language when the executive writes in several."""
        if language and language in self.by_language:
            section = self.by_language[language]
            others = ", ".join(f"{k} {v:.0%}" for k, v in sorted(self.languages.items(), key=lambda kv: -kv[1]))
            lines = [
                f"Posts in several languages ({others}); these are the habits of the "
                f"{section.post_count} posts in {wording(language).name}:"
            ]
            return "\n".join([f"- {lines[0]}", section.summary()])
        if not self.post_count:
            lines = ["No past posts learned yet: drafts use a plain, personal default voice."]
        else:
            langs = ", ".join(f"{k} {v:.0%}" for k, v in sorted(self.languages.items(), key=lambda kv: -kv[1]))
            lines = [
                f"Learned from {self.post_count} posts. Languages: {langs}.",
                f"Typical post: about {self.median_chars:.0f} characters, "
                f"sentences of about {self.avg_sentence_words:.0f} words.",
                _habit("Emoji", self.emoji_share, self.top_emojis),
                f"Hashtags: {self.hashtags_per_post:.1f} per post"
                + (f" (mostly {', '.join(self.top_hashtags[:3])})" if self.top_hashtags else "")
                + ".",
            ]
            if self.topics:
                lines.append(f"Topics: {', '.join(self.topics[:8])}.")
            if self.phrases:
                lines.append(f"Phrases they use: {', '.join(repr(p) for p in self.phrases[:6])}.")
            if self.openers:
                lines.append(f"Often opens with: {', '.join(repr(o) for o in self.openers[:4])}.")
            if self.avoided_words:
                lines.append(f"Never uses corporate words such as: {', '.join(self.avoided_words[:8])}.")
            if len(self.by_language) > 1:
                lines.append(f"Habits are kept per language: {', '.join(sorted(self.by_language))}.")
        lines.extend(self.rules_lines())
        return "\n".join(f"- {line}" for line in lines)

    def rules_lines(self) -> list[str]:
        rules = self.rules
        lines = [f"Do: {d}" for d in rules.do] + [f"Don't: {d}" for d in rules.dont]
        if rules.never_words:
            lines.append(f"Words never used: {', '.join(rules.never_words)}.")
        if self.sign_off:
            lines.append(f"Sign-off: {self.sign_off}")
        return lines


def _habit(label: str, share: float, top: list[str]) -> str:
    if share < 0.1:
        return f"{label}: rarely ({share:.0%} of posts)."
    return f"{label}: in {share:.0%} of posts" + (f", mostly {' '.join(top[:3])}" if top else "") + "."


def learn_voice(posts: Iterable[str], name: str = "", rules: VoiceRules | None = None) -> VoiceProfile:
    """Learn a voice profile from past posts (pasted, CSV column, or X timeline texts)."""
    texts = [p.strip() for p in posts if p and p.strip()]
    rules = rules or VoiceRules()
    post_languages = [language_of(t) for t in texts]
    profile = _learn(texts, post_languages, name, rules)
    counts = Counter(post_languages)
    sections = [lang for lang, c in counts.items() if c >= MIN_SECTION_POSTS]
    if len(sections) > 1:
        for lang in sorted(sections):
            own = [t for t, post_lang in zip(texts, post_languages, strict=True) if post_lang == lang]
            profile.by_language[lang] = _learn(own, [lang] * len(own), name, rules)
    return profile


def _learn(texts: list[str], post_languages: list[str], name: str, rules: VoiceRules) -> VoiceProfile:
    profile = VoiceProfile(name=name, rules=rules)
    if not texts:
        return profile
    n = len(texts)
    features = [style_features(t) for t in texts]
    all_words = [w for t in texts for w in words(t)]
    grams = Counter()
    for t in texts:
        grams.update(char_ngrams(t))
    total_grams = sum(grams.values()) or 1
    word_counts = Counter(all_words)
    total_words = sum(word_counts.values()) or 1
    langs = Counter(post_languages)
    emoji_counts = Counter(e for t in texts for e in emojis(t))
    tag_counts = Counter(h.lower() for t in texts for h in hashtags(t))
    doc_freq = Counter(w for t in texts for w in set(content_words(t)))

    profile.post_count = n
    profile.median_chars = float(statistics.median(len(t) for t in texts))
    profile.avg_sentence_words = statistics.fmean(f["sentence_words"] for f in features)
    profile.style_mean = {k: statistics.fmean(f[k] for f in features) for k in FEATURES}
    profile.style_std = {k: statistics.pstdev([f[k] for f in features]) for k in FEATURES}
    profile.char_ngrams = {g: c / total_grams for g, c in grams.most_common(TOP_NGRAMS)}
    profile.word_freq = {w: c / total_words for w, c in word_counts.most_common(TOP_WORDS)}
    profile.languages = {lang: c / n for lang, c in langs.items()}
    profile.emoji_share = sum(bool(emojis(t)) for t in texts) / n
    profile.top_emojis = [e for e, _ in emoji_counts.most_common(5)]
    profile.hashtags_per_post = sum(tag_counts.values()) / n
    profile.top_hashtags = [h for h, c in tag_counts.most_common(5) if c >= 2]
    profile.topics = [w for w, c in doc_freq.most_common(12) if c >= 2]
    profile.phrases = _phrases(texts)
    profile.openers = _openers(texts)
    profile.learned_sign_off = _sign_off(texts)
    used = " ".join(texts).lower()
    jargon = wording(profile.main_language).jargon
    profile.avoided_words = [j for j in jargon if " " not in j and "'" not in j and j.lower() not in used][:20]
    if any(jargon_found(t) for t in texts):
        profile.avoided_words = [w for w in profile.avoided_words if w not in used]
    # A few short, representative examples for the prompt (imported text: fenced there).
    profile.examples = sorted(texts, key=lambda t: abs(len(t) - profile.median_chars))[:5]
    return profile


def _phrases(texts: list[str]) -> list[str]:
    pairs = Counter()
    for t in texts:
        tokens = words(t)
        for a, b in zip(tokens, tokens[1:], strict=False):
            if not any(a in w.stopwords and b in w.stopwords for w in all_wordings().values()):
                pairs[f"{a} {b}"] += 1
    threshold = max(2, math.ceil(len(texts) * 0.05))
    return [p for p, c in pairs.most_common(10) if c >= threshold]


_OPENER = re.compile(r"^([^.:!?\n]{1,40}?[.:!?])(?=\s)")


def _openers(texts: list[str]) -> list[str]:
    """Recurring first clauses ("Honest take:", "Small thing, big deal.")."""
    starts = Counter()
    for t in texts:
        match = _OPENER.match(t)
        if match and len(match.group(1).split()) <= 5:
            starts[match.group(1)] += 1
    return [s for s, c in starts.most_common(4) if c >= max(2, len(texts) // 20)]


def _sign_off(texts: list[str]) -> str:
    last_lines = Counter(t.splitlines()[-1].strip() for t in texts if "\n" in t)
    if last_lines:
        line, count = last_lines.most_common(1)[0]
        if count >= max(2, len(texts) * 0.3) and len(line) <= 40:
            return line
    return ""
