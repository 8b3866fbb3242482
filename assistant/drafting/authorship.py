"""Who wrote a version: the executive, a delegate, or an AI draft the executive edited."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

from assistant.drafting.text import words
from assistant.errors import InvalidInput

KINDS = ("executive", "ai_assisted", "delegate")


@dataclass(frozen=True)
class Authorship:
    kind: str  # executive | ai_assisted | delegate
    edited_share: float | None = None  # for ai_assisted: 0 = published as generated, 1 = rewritten
    provider: str | None = None
    model: str | None = None
    prompt: str | None = None  # "name@version"

    def label(self) -> str:
        if self.kind == "ai_assisted":
            share = f", {self.edited_share:.0%} edited by the executive" if self.edited_share is not None else ""
            return f"AI-assisted ({self.model or 'model unknown'}{share})"
        return {"executive": "Written by the executive", "delegate": "Written by a delegate"}[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def edited_share(generated: str, final: str) -> float:
    """How much of an AI draft was changed, 0..1, by word-level diff (case and spacing ignored)."""
    a, b = words(generated), words(final)
    if not a and not b:
        return 0.0
    return round(1.0 - difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 4)


def authorship_for(kind: str, generated: str | None = None, final: str | None = None, record: Any = None) -> Authorship:
    """Build the authorship of a version; `record` is the GenerationRecord when AI was involved."""
    if kind not in KINDS:
        raise InvalidInput(f"Authorship kind {kind!r} is unknown; use one of {', '.join(KINDS)}.")
    share = None
    if kind == "ai_assisted" and generated is not None and final is not None:
        share = edited_share(generated, final)
    return Authorship(
        kind=kind,
        edited_share=share,
        provider=getattr(record, "provider", None),
        model=getattr(record, "model", None),
        prompt=f"{record.prompt_name}@{record.prompt_version}" if record is not None else None,
    )
