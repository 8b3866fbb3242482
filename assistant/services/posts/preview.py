"""How a text will look on X and on LinkedIn before it is sent: pure, text in, preview out.

X: the weighted length, and the numbered parts when it goes out as a thread (the publisher's own
splitter). LinkedIn: what shows above the "…see more" fold (the checklist's `linkedin_fold`
threshold, about 210 characters or three lines). Both: a placeholder where a link card will be.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.checklist.loader import default_config
from assistant.checklist.threads import needs_thread, split_thread
from assistant.checklist.xlength import MAX_WEIGHTED_LENGTH, extract_urls, weighted_length

LINKEDIN_FOLD_LINES = 3  # LinkedIn also folds after about three lines, whichever comes first


def default_fold() -> int:
    """The fold the checklist warns about (rules.json `linkedin_fold`)."""
    return int(default_config().thresholds["linkedin_fold"])


@dataclass(frozen=True)
class XPreview:
    weighted: int  # of the whole text
    limit: int
    fits: bool
    thread: bool  # goes out as numbered parts
    parts: tuple[tuple[str, int], ...]  # (text as posted, with its "1/3" counter; weighted length)
    link: str | None  # the first link: X shows its card under the post


@dataclass(frozen=True)
class LinkedInPreview:
    above_fold: str  # what readers see before "…see more"
    below_fold: str  # what they see after clicking it
    folded: bool
    fold: int
    characters: int
    link: str | None


@dataclass(frozen=True)
class PostPreview:
    platform: str
    x: XPreview
    linkedin: LinkedInPreview


def _first_link(text: str) -> str | None:
    urls = extract_urls(text) if "." in text else []
    return urls[0][1] if urls else None


def x_preview(text: str, as_thread: bool = False) -> XPreview:
    text = text.strip()
    length = weighted_length(text)
    thread = as_thread and needs_thread(text)
    parts = (
        tuple((p.text, weighted_length(p.text).weighted) for p in split_thread(text))
        if thread
        else ((text, length.weighted),)
    )
    return XPreview(length.weighted, MAX_WEIGHTED_LENGTH, length.valid, thread, parts, _first_link(text))


def linkedin_preview(text: str, fold: int | None = None) -> LinkedInPreview:
    text = text.strip()
    fold = default_fold() if fold is None else fold
    cut = len(text)
    if cut > fold:
        space = text.rfind(" ", 0, fold + 1)
        cut = space if space > fold // 2 else fold  # end at a word when one ends near the fold
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    if len(breaks) >= LINKEDIN_FOLD_LINES and breaks[LINKEDIN_FOLD_LINES - 1] < cut:
        cut = breaks[LINKEDIN_FOLD_LINES - 1]
    above, below = text[:cut].rstrip(), text[cut:].strip()
    return LinkedInPreview(above, below, bool(below), fold, len(text), _first_link(text))


def post_preview(text: str, platform: str, *, as_thread: bool = False, fold: int | None = None) -> PostPreview:
    """Both networks' previews of one text; `platform` says which one it is written for."""
    return PostPreview(platform, x_preview(text, as_thread), linkedin_preview(text, fold))
