"""Instructions hidden in untrusted text are not obeyed by the offline engine."""

from __future__ import annotations

import pytest

from assistant.drafting import OfflineDrafter, learn_voice
from assistant.drafting.guard import strip_instructions
from assistant.errors import InvalidInput
from tests.unit.test_prompts_injection import ATTACKS

CANARY = "CANARY-7F3A"
PROFILE = learn_voice(["Honest take: we build bikes that last.", "Small thing, big deal: louder bells."] * 3)


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("platform", ["x", "linkedin"])
def test_attack_inside_an_idea_is_left_out_and_reported(attack, platform):
    idea = f"Our repair manual is now free for everyone.\n{attack}"
    result = OfflineDrafter().draft(idea, platform, PROFILE)
    for draft in result.drafts:
        assert CANARY not in draft.text
        assert "repair manual" in draft.text
    assert result.notes and "instruction to an AI" in result.notes[0]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_alone_never_reaches_a_draft(attack):
    try:
        result = OfflineDrafter().draft(attack, "x", PROFILE)
    except InvalidInput as exc:
        assert "your own words" in str(exc)
        return
    assert all(CANARY not in d.text for d in result.drafts)


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_in_a_mention_or_delegate_notes_is_not_echoed(attack):
    result = OfflineDrafter().reply(attack, "@someone", PROFILE, notes=attack)
    assert all(CANARY not in d.text for d in result.drafts)


@pytest.mark.parametrize(
    "ordinary",
    [
        "We ignored the noise and shipped the new frame.",
        "Output at the Águeda plant was up this week thanks to the night shift.",
        "Our new system lets riders book a repair online.",
        "I'll act fast on the brake recall: every owner gets a new cable.",
        "Write a post about Rui's retirement party on Friday.",
    ],
)
def test_ordinary_sentences_are_kept(ordinary):
    kept, removed = strip_instructions(ordinary)
    assert kept == ordinary and removed == []
