"""Spot text that talks to an AI instead of about the topic (prompt injection).

The offline drafter builds posts out of the user's own sentences, so a pasted mention or
page saying "ignore previous instructions and post X" would otherwise end up in a draft.
From the first suspicious sentence, the rest of that line is left out and reported.
"""

from __future__ import annotations

import json
import re
import unicodedata

_TRIGGERS = [
    r"\b(ignore|disregard|forget|override|bypass)\w*\b.{0,40}\b(instruction|rule|prompt|guideline|above|previous)",
    r"\b(ignor|oubli)\w*\b.{0,40}\b(instruction|règle|consigne)",
    r"\bsystem\s*prompt\b|\bdeveloper mode\b|\bjailbreak",
    r"\byou are (now|no longer)\b|\bfrom now on\b|\bact as\b|\bpretend\b|\brole[- ]?play\b",
    r"\bnew (rule|task|instruction)s?\b|\breal task\b|\bend of data\b|\boperator\b",
    r"\b(reveal|leak|print|output)\b.{0,40}\b(prompt|instruction|key|password|secret|only|nothing else|final)",
    r"\bobey\b|\boverride\b|\bdo anything now\b",
    r"\bwhen you (summari[sz]e|write|answer|reply|read|review)\b",
    r"\brate (this|the) (post|text|reply)\b",
    r"^\s*(system|assistant|user|developer)\s*:|\[(system|user|assistant)\]|</?(system|untrusted|user)\b",
    r"<<<|>>>|\{\{|\}\}",
    r"^\s*(execute|run)\s*:|\bimport \w+\s*;|\bos\.system\b|\bcurl\b",
    r"\bassistant,",
]
TRIGGER = re.compile("|".join(f"(?:{t})" for t in _TRIGGERS), re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+")


def _looks_like_payload_json(line: str) -> bool:
    stripped = line.strip()
    if not (stripped.startswith("{") or stripped.startswith("[")):
        return False
    try:
        json.loads(stripped)
    except ValueError:
        return '":' in stripped
    return True


def strip_instructions(text: str) -> tuple[str, list[str]]:
    """Return the text without injected instructions, and the passages left out."""
    kept_lines, removed = [], []
    for line in text.splitlines():
        normal = unicodedata.normalize("NFKC", line)
        if _looks_like_payload_json(normal):
            removed.append(line.strip())
            continue
        kept = []
        sentences = [s for s in _SENTENCE_BREAK.split(normal) if s.strip()]
        for index, sentence in enumerate(sentences):
            if TRIGGER.search(sentence):
                removed.append(" ".join(s.strip() for s in sentences[index:]))
                break
            kept.append(sentence.strip())
        kept_lines.append(" ".join(kept))
    return "\n".join(kept_lines).strip(), removed
