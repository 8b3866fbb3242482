"""Per-language wording of the offline engine, read from `data/<language>.json`.

Everything a language needs (drafting phrases, "write a post about" patterns, jargon with
plain replacements, hedges, warm and cold phrasings, reply openers, stop-words, pronouns and
the sentence a language model is given to answer in that language) lives in one data file,
so adding a third language means adding one file: no code changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from assistant.language import language_of as _detected

DATA_DIR = Path(__file__).with_name("data")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Wording:
    language: str
    name: str  # the language's English name, for prompts ("French")
    prompt_instruction: str  # the same request in the language itself ("Réponds en français.")
    phrases: dict[str, str]
    ask_patterns: tuple[re.Pattern[str], ...]
    question_openers: tuple[str, ...]
    stopwords: frozenset[str]
    keep_capital_after_colon: frozenset[str]
    pronouns: dict[str, frozenset[str]]
    jargon: dict[str, str]
    hedges: tuple[str, ...]
    fillers: tuple[str, ...]
    direct: dict[str, str]
    cold: dict[str, str]
    thanks: str
    warm_words: tuple[str, ...]
    praise_words: tuple[str, ...]
    complaint_words: tuple[str, ...]
    replies: dict[str, list[str]]
    reader_missing: str  # the readers review's line for a reader the model skipped


def _build(data: dict[str, Any]) -> Wording:
    return Wording(
        language=data["language"],
        name=data["name"],
        prompt_instruction=data["prompt_instruction"],
        phrases=dict(data["phrases"]),
        ask_patterns=tuple(re.compile(p, re.IGNORECASE) for p in data.get("ask_patterns", [])),
        question_openers=tuple(q.lower() for q in data.get("question_openers", [])),
        stopwords=frozenset(data.get("stopwords", "").split()),
        keep_capital_after_colon=frozenset(data.get("keep_capital_after_colon", [])),
        pronouns={k: frozenset(v) for k, v in data.get("pronouns", {}).items()},
        jargon=dict(data.get("jargon", {})),
        hedges=tuple(data.get("hedges", [])),
        fillers=tuple(data.get("fillers", [])),
        direct=dict(data.get("direct", {})),
        cold=dict(data.get("cold", {})),
        thanks=data["thanks"],
        warm_words=tuple(data.get("warm_words", [])),
        praise_words=tuple(data.get("praise_words", [])),
        complaint_words=tuple(data.get("complaint_words", [])),
        replies={k: list(v) for k, v in data["replies"].items()},
        reader_missing=data["reader_missing"],
    )


@cache
def all_wordings() -> dict[str, Wording]:
    """Every language with a data file, English first (the source language)."""
    found = {}
    for path in sorted(DATA_DIR.glob("*.json"), key=lambda p: (p.stem != DEFAULT_LANGUAGE, p.stem)):
        found[path.stem] = _build(json.loads(path.read_text(encoding="utf-8")))
    return found


LANGUAGES: tuple[str, ...] = tuple(all_wordings())


def wording(language: str | None) -> Wording:
    """The wording of `language`; English for a language without a data file."""
    table = all_wordings()
    return table.get((language or "").lower(), table[DEFAULT_LANGUAGE])


def supported(language: str | None) -> str | None:
    """`language` normalised ('fr-FR' → 'fr') when there is wording for it, else None."""
    code = (language or "").replace("_", "-").split("-", 1)[0].lower()
    return code if code in all_wordings() else None


def language_for(text: str, fallback: str | None = None) -> str:
    """The language to write in for `text`: the one it is clearly written in, else `fallback`
    (the executive's usual language), else English."""
    default = supported(fallback) or DEFAULT_LANGUAGE
    return supported(_detected(text, default, LANGUAGES)) or default


def union(get: Callable[[Wording], Iterable[str]]) -> frozenset[str]:
    """A word set merged over every language, e.g. `union(lambda w: w.stopwords)`."""
    return frozenset(word for w in all_wordings().values() for word in get(w))


def word_pattern(phrase: str) -> str:
    """A regex for `phrase` as whole words; either apostrophe matches ("l'écosystème", "l’écosystème")."""
    body = re.sub("['’]", "['’]", re.escape(phrase.strip()))
    head = r"(?<!\w)" if phrase.strip()[:1].isalnum() else ""
    tail = r"(?!\w)" if phrase.strip()[-1:].isalnum() else ""
    return head + body + tail


def prompt_language(language: str | None) -> dict[str, str]:
    """The prompt variables asking a model to write in `language` (prompts/*.md)."""
    words = wording(language)
    return {"language": words.name, "language_instruction": words.prompt_instruction}
