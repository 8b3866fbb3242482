"""Signing every item in one act (stored and audited per item and per version, all or nothing), and the
content calendar read from the database (SQLite and PostgreSQL), in the executive's zone (Europe/Paris)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from assistant.domain.roles import Role
from assistant.errors import InvalidInput, InvalidTransition
from assistant.services import posts, publishing
from assistant.storage.models import Attestation, AuditEvent, Post, PostVersion
from tests.publishing_helpers import PLAIN, approved_post

# The demo list of items when a workspace does not change it: four readers, facts, links, tags.
ALL_KEYS = {
    "reader_best_customer",
    "reader_angriest_customer",
    "reader_employee",
    "reader_family",
    "facts_checked",
    "links_opened",
    "tags_intended",
}


def _in_review(db, team, text=PLAIN):
    author = team.actor(Role.EXECUTIVE)
    post = posts.create_draft(db, author, team.executive_id, "x", text)
    posts.submit_for_review(db, author, post.id)
    return post.id, author


def _stored(db, post_id):
    with db.reading() as session:
        rows = session.execute(
            select(PostVersion.number, Attestation.item_key, Attestation.signed_by_id)
            .join(PostVersion, PostVersion.id == Attestation.version_id)
            .where(PostVersion.post_id == post_id)
        ).all()
        events = session.scalars(
            select(AuditEvent.after).where(
                AuditEvent.action == "post.item_signed", AuditEvent.entity_id == str(post_id)
            )
        ).all()
    return rows, events


def test_sign_all_stores_one_attestation_and_one_audit_event_per_item(db, team):
    post_id, _ = _in_review(db, team)
    reviewer = team.actor(Role.REVIEWER)
    expected = {i.key for i in posts.attested_items(db, reviewer)}
    assert expected == ALL_KEYS
    signed = posts.sign_all_items(db, reviewer, post_id)
    assert set(signed) == ALL_KEYS
    rows, events = _stored(db, post_id)
    assert sorted(rows) == sorted((1, key, reviewer.member_id) for key in ALL_KEYS)
    assert sorted(e["item"] for e in events) == sorted(ALL_KEYS) and {e["version"] for e in events} == {1}
    # again: nothing new, nothing audited twice
    posts.sign_all_items(db, reviewer, post_id)
    assert len(_stored(db, post_id)[1]) == len(ALL_KEYS)


def test_items_signed_one_by_one_are_not_signed_again(db, team):
    post_id, _ = _in_review(db, team)
    reviewer = team.actor(Role.REVIEWER)
    posts.sign_item(db, reviewer, post_id, "facts_checked")
    posts.sign_all_items(db, reviewer, post_id, ["facts_checked", "links_opened"])
    rows, events = _stored(db, post_id)
    assert sorted(k for _, k, _ in rows) == ["facts_checked", "links_opened"]
    assert sorted(e["item"] for e in events) == ["facts_checked", "links_opened"]


def test_sign_all_is_all_or_nothing(db, team):
    post_id, _ = _in_review(db, team)
    reviewer = team.actor(Role.REVIEWER)
    with pytest.raises(InvalidInput, match="no_such_item"):
        posts.sign_all_items(db, reviewer, post_id, ["facts_checked", "links_opened", "no_such_item"])
    assert _stored(db, post_id) == ([], [])
    approved = approved_post(db, team)
    with pytest.raises(InvalidTransition, match="before approval"):
        posts.sign_all_items(db, reviewer, approved)
    assert _stored(db, approved) == ([], [])


def test_signatures_stay_with_their_version(db, team):
    post_id, author = _in_review(db, team)
    reviewer = team.actor(Role.REVIEWER)
    posts.sign_all_items(db, reviewer, post_id)
    posts.edit_post(db, reviewer, post_id, PLAIN + " Merci.")
    assert posts.review_detail(db, reviewer, post_id).signed == {}  # version 2 starts unsigned
    posts.sign_all_items(db, reviewer, post_id, ["reader_family"])
    rows, _ = _stored(db, post_id)
    assert sorted(k for v, k, _ in rows if v == 2) == ["reader_family"]
    assert {k for v, k, _ in rows if v == 1} == ALL_KEYS


NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _set(db, post_id, **values):
    with db.writing() as session:
        post = session.get(Post, post_id)
        for name, value in values.items():
            setattr(post, name, value)


def test_the_calendar_places_posts_on_the_executives_local_day(db, team):
    reviewer = team.actor(Role.REVIEWER)
    delegate = team.actor(Role.DELEGATE)
    # 23:30 UTC on Mon 7 Dec is 00:30 CET on Tue 8 Dec in Paris: Tuesday's column.
    late = approved_post(db, team)
    publishing.schedule_post(db, reviewer, late, datetime(2026, 12, 7, 23, 30, tzinfo=UTC), now=NOW)
    # published Sunday 6 Dec 12:00 UTC (13:00 CET): the week before.
    out = approved_post(db, team, "Published on Sunday.", platform="linkedin")
    _set(db, out, state="published", published_at=datetime(2026, 12, 6, 12, 0, tzinfo=UTC))
    # due: scheduled for Sat 28 Nov 11:00 UTC, an hour before NOW.
    due = approved_post(db, team, "Due an hour ago.")
    _set(db, due, state="scheduled", scheduled_at=datetime(2026, 11, 28, 11, 0, tzinfo=UTC))
    # in review with a wanted time: planned, on Wed 9 Dec.
    planned, _ = _in_review(db, team, "Planned for Wednesday.")
    publishing.schedule_post(db, reviewer, planned, datetime(2026, 12, 9, 8, 0), now=NOW)  # Paris wall clock

    week = publishing.content_calendar(db, delegate, "week", date(2026, 12, 10), now=NOW)
    assert week.days[0] == date(2026, 12, 7) and not week.can_reschedule
    assert [e.post_id for e in week.by_day[date(2026, 12, 8)]] == [late]
    assert week.by_day[date(2026, 12, 7)] == []
    entry = week.by_day[date(2026, 12, 8)][0]
    assert (entry.kind, entry.when, entry.timezone) == ("scheduled", "Tue 08 Dec 00:30 CET", "Europe/Paris")
    assert entry.local_schedule == datetime(2026, 12, 8, 0, 30)
    assert [(e.post_id, e.kind, e.clock) for e in week.by_day[date(2026, 12, 9)]] == [(planned, "planned", "08:00 CET")]

    before = publishing.content_calendar(db, reviewer, "week", date(2026, 12, 6), now=NOW)
    assert before.can_reschedule
    assert [(e.post_id, e.kind) for e in before.by_day[date(2026, 12, 6)]] == [(out, "published")]
    month = publishing.content_calendar(db, reviewer, "month", date(2026, 11, 1), now=NOW)
    assert [(e.post_id, e.kind) for e in month.by_day[date(2026, 11, 28)]] == [(due, "due")]
    assert {e.post_id for e in month.entries} == {due, out}  # 6 Dec is in November's last grid week

    only_linkedin = publishing.content_calendar(db, reviewer, "month", date(2026, 12, 1), platform="linkedin", now=NOW)
    assert {e.post_id for e in only_linkedin.entries} == {out}
    other = publishing.content_calendar(db, reviewer, "month", date(2026, 12, 1), executive_id=team.executive_id + 99)
    assert other.entries == []


def test_rescheduling_moves_the_post_to_its_new_day(db, team):
    reviewer = team.actor(Role.REVIEWER)
    post_id = approved_post(db, team)
    publishing.schedule_post(db, reviewer, post_id, datetime(2026, 12, 8, 9, 0), now=NOW)
    publishing.schedule_post(db, reviewer, post_id, datetime(2026, 12, 10, 18, 15), now=NOW)  # Paris wall clock
    week = publishing.content_calendar(db, reviewer, "week", date(2026, 12, 8), now=NOW)
    assert week.by_day[date(2026, 12, 8)] == []
    [entry] = week.by_day[date(2026, 12, 10)]
    assert entry.when == "Thu 10 Dec 18:15 CET" and entry.scheduled_at == datetime(2026, 12, 10, 17, 15, tzinfo=UTC)


def test_an_unknown_view_is_refused(db, team):
    with pytest.raises(InvalidInput, match="week or month"):
        publishing.content_calendar(db, team.actor(Role.REVIEWER), "year")
