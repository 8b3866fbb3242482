"""The X and LinkedIn previews: expected values from the platforms' rules (LinkedIn's fold about 210
characters or three lines; X's 280 weighted characters, a URL counting 23), not from the code under test."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.services.posts import post_preview
from assistant.services.posts.preview import linkedin_preview, x_preview

RULES = Path(__file__).resolve().parents[2] / "assistant" / "checklist" / "data" / "en" / "rules.json"


def test_the_fold_is_the_checklists_linkedin_fold_of_about_210_characters():
    assert json.loads(RULES.read_text())["thresholds"]["linkedin_fold"] == 210
    words = " ".join(f"w{i:03d}" for i in range(80))  # 80 words of 4 characters: 399 characters
    shown = linkedin_preview(words)
    assert shown.folded and shown.fold == 210
    # Cut at the last word that ends within 210 characters: 42 words of 4 plus 41 spaces = 209.
    assert shown.above_fold == " ".join(f"w{i:03d}" for i in range(42))
    assert shown.below_fold == " ".join(f"w{i:03d}" for i in range(42, 80))


def test_a_short_linkedin_post_is_not_folded_but_a_fourth_line_is():
    assert not linkedin_preview("Short and sweet.").folded
    four = linkedin_preview("One.\nTwo.\nThree.\nFour.")
    assert four.folded and four.above_fold == "One.\nTwo.\nThree." and four.below_fold == "Four."


def test_a_link_gets_a_card_placeholder_on_both_networks():
    preview = post_preview("Read the story: https://lumengrid.com/news/dayton", "linkedin")
    assert preview.x.link == preview.linkedin.link == "https://lumengrid.com/news/dayton"
    assert post_preview("No link here.", "x").x.link is None


def test_x_counts_a_link_as_23_and_numbers_the_parts_of_a_thread():
    one = x_preview("See https://lumengrid.com/a/very/long/path/that/is/longer/than/twenty/three")
    assert one.weighted == len("See ") + 23 and one.fits and not one.thread and len(one.parts) == 1
    long = " ".join(f"Sentence {i} about the crews in Dayton and what they built." for i in range(12))
    assert len(long) > 280
    single = x_preview(long, as_thread=False)
    assert not single.fits and not single.thread and single.parts == ((long, single.weighted),)
    thread = x_preview(long, as_thread=True)
    n = len(thread.parts)
    assert thread.thread and n >= 3  # about 700 characters cannot fit in two posts of 280
    assert [text.rsplit(" ", 1)[1] for text, _ in thread.parts] == [f"{k}/{n}" for k in range(1, n + 1)]
    assert all(len(text) == weighted <= 280 for text, weighted in thread.parts)  # plain ASCII weighs 1 each
    assert " ".join(text.rsplit(" ", 1)[0] for text, _ in thread.parts) == long
