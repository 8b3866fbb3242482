"""The audit trail in words (issue 12, point 21): every action has a sentence, diffs read as changes."""

from __future__ import annotations

import re

import pytest

from assistant.domain.audit_actions import AuditAction
from assistant.services.audit import wording


@pytest.mark.parametrize("action", list(AuditAction))
def test_every_audit_action_reads_as_who_did_what_to_which_item(action):
    text = wording.sentence(action, "Riley Chen <riley@lumengrid.example>", "post #12", as_executive="Maya")
    assert action in wording.SENTENCES  # declared, not the fallback
    assert text.startswith("Riley ")
    assert action.value not in text and "_" not in text and "{" not in text and "@" not in text
    # the item is named unless the action is about the workspace's policies or the demo as a whole
    if not action.value.startswith(("policy.", "demo.")):
        assert "post #12" in text
    filter_words = wording.action_words(action)
    assert filter_words[0].isupper() and "_" not in filter_words and "{" not in filter_words


def test_the_examples_of_the_issue():
    assert (
        wording.sentence("post.approve", "Riley Chen <riley@x>", wording.item("post", "12"))
        == "Riley approved post #12"
    )
    assert (
        wording.sentence("reply.sent", "Sam Patel <sam@x>", "a reply to mention #40", as_executive="Maya")
        == "Sam sent a reply to mention #40 as Maya"
    )
    assert wording.sentence("reply.sent", "Maya Okafor <maya@x>", "a reply to mention #40") == (
        "Maya sent a reply to mention #40"
    )


def test_system_actors_and_unknown_actions_still_read_as_words():
    assert wording.who("system (publisher)") == "The publisher"
    assert wording.who("system (demo seed)") == "The demo seed"
    text = wording.sentence("widget.frobbed_twice", "Ada Admin <a@x>", "widget #3")
    assert text == "Ada: widget frobbed twice (widget #3)"


def test_changes_list_only_what_differs_in_words_and_local_time():
    lines = wording.changes(
        {"state": "in_review", "scheduled_at": None, "version": 2},
        {"state": "approved", "scheduled_at": "2026-11-24T12:00:00+00:00", "version": 2, "comment": "Clear."},
        "America/New_York",
    )
    assert lines == [
        "state: in review → approved",
        "scheduled at: — → Tue 24 Nov 07:00 EST",
        "comment: Clear.",
    ]


def test_changes_of_lists_nested_settings_and_removed_keys():
    assert wording.changes({"roles": ["delegate"]}, {"roles": ["admin", "delegate"]}) == [
        "roles: delegate → admin, delegate"
    ]
    nested = wording.changes(
        {"rules": {"legal.guarantee": {"severity": "warn"}}, "active": True},
        {"rules": {"legal.guarantee": {"severity": "block"}}},
    )
    assert nested == ["rules › legal.guarantee › severity: warn → block", "active: yes → —"]
    long = wording.changes(None, {"text": "x" * 500})[0]
    assert len(long) < 120 and long.endswith("…")
    assert not any(re.search(r"[{}\[\]]", line) for line in nested)


def test_an_edited_reply_and_a_proposed_class_read_in_words_in_both_languages():
    from assistant import i18n

    before = {"state": "pending_approval"}
    after = {"state": "pending_approval", "written_by": "Sam Patel", "edited_by": "Riley Chen", "proposed": "default"}
    assert wording.changes(before, after) == [
        "written by: Sam Patel",
        "edited by: Riley Chen",
        "proposed class: default",
    ]
    with i18n.using("fr"):
        lines = wording.changes(before, after)
    assert lines[:2] == ["écrite par : Sam Patel", "modifiée par : Riley Chen"], lines
    assert lines[2].startswith("classe proposée")
