"""Compose's loop in the services: reopen a post sent back for changes with the reviewer's comment,
edit it into a new version of the same post, resubmit; and one Compose form makes one post, even when
two processes send it at the same moment (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import func, select

from assistant.domain.roles import Role
from assistant.errors import InvalidInput, InvalidTransition
from assistant.services import posts
from assistant.services.posts import drafts
from assistant.storage.db import Database
from assistant.storage.models import Post, PostSubmission, PostVersion

SENT_BACK = "We guarantee the best grid in Ohio. Revenue grew 40% this quarter."
FIXED = "Our crews connected the new substation in Dayton this week. Proud of them."


def _sent_back(db, team):
    author, reviewer = team.actor(Role.EXECUTIVE), team.actor(Role.REVIEWER)
    post = posts.compose_post(db, author, team.executive_id, "x", SENT_BACK, submit=True)
    posts.review_post(db, reviewer, post.id, "request_changes", "Drop the revenue figure, it is not filed yet.")
    return author, reviewer, post.id


def test_a_post_sent_back_reopens_with_the_comment_and_findings_and_resubmits_as_a_new_version(db, team):
    author, reviewer, post_id = _sent_back(db, team)

    listed = posts.reopenable_posts(db, author)
    assert [item.post.id for item in listed] == [post_id]
    opened = posts.reopen_post(db, author, post_id)
    assert opened.comment == "Drop the revenue figure, it is not filed yet."
    assert opened.reviewer == reviewer.display_name and opened.reviewed_version == 1
    assert opened.reviewed_text == SENT_BACK
    flagged = {SENT_BACK[f.start : f.end] for f in opened.findings}
    assert "Revenue" in flagged and "guarantee" in flagged  # the two spans a reader would point at

    resubmitted = posts.revise_post(db, author, post_id, FIXED, submit=True)
    assert resubmitted.id == post_id and resubmitted.state == "in_review"
    assert [v.number for v in resubmitted.versions] == [1, 2] and resubmitted.text == FIXED
    assert posts.reopenable_posts(db, author) == []

    again = posts.revise_post(db, author, post_id, FIXED, submit=True)  # the double click
    assert again.state == "in_review" and len(again.versions) == 2
    with pytest.raises(InvalidTransition, match="Review page"):
        posts.revise_post(db, author, post_id, FIXED + " More.", submit=True)
    with pytest.raises(InvalidTransition, match="in review"):
        posts.reopen_post(db, author, post_id)


def test_saving_a_reopened_draft_keeps_its_state_and_adds_a_version(db, team):
    author = team.actor(Role.DELEGATE)
    draft = posts.compose_post(db, author, team.executive_id, "linkedin", "First try at the note.")
    saved = posts.revise_post(db, author, draft.id, "Second try at the note.")
    assert saved.state == "draft" and [v.text for v in saved.versions] == [
        "First try at the note.",
        "Second try at the note.",
    ]
    with pytest.raises(InvalidInput, match="nothing changed"):
        posts.revise_post(db, author, draft.id, "Second try at the note.")


def _count(db: Database, text: str) -> tuple[int, int]:
    with db.reading() as session:
        made = session.scalar(
            select(func.count()).select_from(PostVersion).where(PostVersion.text == text, PostVersion.number == 1)
        )
        keys = session.scalar(select(func.count()).select_from(PostSubmission))
        return made, keys


def test_the_same_submission_key_returns_the_first_post(db, team):
    author = team.actor(Role.EXECUTIVE)
    first = posts.compose_post(
        db, author, team.executive_id, "x", "One form, one post.", submit=True, submission_key="k1"
    )
    second = posts.compose_post(
        db, author, team.executive_id, "x", "One form, one post.", submit=True, submission_key="k1"
    )
    assert second.id == first.id and _count(db, "One form, one post.") == (1, 1)
    other = posts.compose_post(db, author, team.executive_id, "x", "One form, one post.", submission_key="k2")
    assert other.id != first.id  # a new form (new key) is a new post


def test_when_the_look_up_misses_the_race_the_unique_key_still_decides(db, team, monkeypatch):
    author = team.actor(Role.EXECUTIVE)
    first = posts.compose_post(db, author, team.executive_id, "x", "Raced text.", submission_key="race")
    real = drafts._submitted
    calls = []

    def missed_once(db, actor, key):
        calls.append(key)
        return None if len(calls) == 1 else real(db, actor, key)  # as if the other commit landed just after

    monkeypatch.setattr(drafts, "_submitted", missed_once)
    again = posts.compose_post(db, author, team.executive_id, "x", "Raced text.", submission_key="race")
    assert len(calls) == 2 and again.id == first.id
    assert _count(db, "Raced text.") == (1, 1)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Post)) == 1  # the loser's post was rolled back


def _submit_in_a_process(url: str, actor, executive_id: int, barrier, results) -> None:
    db = Database.from_url(url)
    try:
        barrier.wait(30)
        view = posts.compose_post(
            db, actor, executive_id, "x", "Sent twice at once.", submit=True, submission_key="same-form"
        )
        results.put(view.id)
    except Exception as exc:  # reported to the test, which fails on it
        results.put(repr(exc))
    finally:
        db.engine.dispose()


def test_two_processes_submitting_the_same_form_make_one_post(db, team):
    author = team.actor(Role.EXECUTIVE)
    url = db.engine.url.render_as_string(hide_password=False)
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(2), spawn.Queue()
    workers = [
        spawn.Process(target=_submit_in_a_process, args=(url, author, team.executive_id, barrier, results))
        for _ in range(2)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    answers = [results.get(timeout=5) for _ in workers]
    assert all(isinstance(a, int) for a in answers), answers
    assert answers[0] == answers[1]
    assert _count(db, "Sent twice at once.") == (1, 1)
    with db.reading() as session:
        assert session.get(Post, answers[0]).state == "in_review"
