"""The post state machine under random sequences of actions by random roles, on the real database.

Whatever people do in whatever order (with crashes of the publisher thrown in), no text goes
out unapproved, nothing goes out twice, and every recorded state change is an allowed one.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.domain.states import POST_TRANSITIONS, PostState
from assistant.errors import AssistantError
from assistant.services import posts, publishing
from assistant.storage.models import Attestation, AuditEvent, Post, PostVersion, Review
from tests.publishing_helpers import Crash, RecordingX

ROLE_SETS = [
    {Role.EXECUTIVE},
    {Role.DELEGATE},
    {Role.REVIEWER},
    {Role.REVIEWER},
    {Role.ADMIN},
    {Role.EXECUTIVE, Role.REVIEWER},
    {Role.DELEGATE, Role.REVIEWER},
]
ACTIONS = (
    "create",
    "edit",
    "submit",
    "approve",
    "request_changes",
    "reject",
    "sign",
    "schedule",
    "retry",
    "publish",
    "publish_crash",
    "expire",
    "tick",
)
ITEMS = ("reader_best_customer", "facts_checked", "links_opened")

# Weighted so that many sequences get as far as publishing (uniform ones mostly stall in review).
# "advance" takes the post's natural next step (still by a random actor), so flows get far.
WEIGHTED = ACTIONS + ("advance",) * 8 + ("publish", "publish_crash", "tick")
NEXT_STEP = {
    "draft": "submit",
    "changes_requested": "edit",
    "in_review": "approve",
    "approved": "schedule",
    "scheduled": "publish",
    "failed": "retry",
    "expired": "edit",
}
# `who` beyond the role sets means "someone whose job this is", so flows get far often enough;
# the rest of the time the actor is anyone, and the services must refuse what is not theirs.
step = st.tuples(st.sampled_from(WEIGHTED), st.integers(0, len(ROLE_SETS) + 3), st.integers(0, 1), st.integers(1, 90))
AUTHOR_ACTIONS = {"create", "edit", "submit"}


def _who(action: str, who: int, minutes: int) -> int:
    if who < len(ROLE_SETS):
        return who
    return (0 if minutes % 2 else 1) if action in AUTHOR_ACTIONS else (2 if minutes % 2 else 3)


def _wipe(db) -> None:
    with db.engine.begin() as conn:
        for table in (Attestation, Review, PostVersion, Post):
            conn.execute(delete(table))


def _run(db, team, actors, steps) -> tuple[RecordingX, int]:
    x = RecordingX()
    now = utcnow()
    ids: list[int] = []
    edits = 0
    with db.reading() as session:
        first_event = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
    for action, who, which, minutes in steps:
        post_id = ids[which % len(ids)] if ids else None
        if action == "advance":
            if post_id is None:
                continue
            with db.reading() as session:
                action = NEXT_STEP.get(session.get(Post, post_id).state, "tick")
            if action == "publish":
                now += timedelta(minutes=90)
        actor = actors[_who(action, who, minutes)]
        edits += 1
        text = f"Note {edits} on our week: the Lyon team shipped, and I am proud of them."
        try:
            if action == "create":
                ids.append(posts.create_draft(db, actor, team.executive_id, "x", text).id)
            elif action == "tick":
                now += timedelta(minutes=minutes)
            elif post_id is None:
                continue
            elif action == "edit":
                posts.edit_post(db, actor, post_id, text)
            elif action == "submit":
                posts.submit_for_review(db, actor, post_id)
            elif action in ("approve", "request_changes", "reject"):
                posts.review_post(db, actor, post_id, action, "" if action == "approve" else "because")
            elif action == "sign":
                posts.sign_item(db, actor, post_id, ITEMS[minutes % len(ITEMS)])
            elif action == "schedule":
                publishing.schedule_post(db, actor, post_id, now + timedelta(minutes=minutes), now=now)
            elif action == "retry":
                publishing.retry_publishing(db, actor, post_id, now=now)
            elif action == "expire":
                publishing.expire_overdue(db, now=now)
            elif action in ("publish", "publish_crash"):
                x.crash_after_post = action == "publish_crash"
                try:
                    publishing.publish_due(db, x, now=now)
                except Crash:
                    pass
                # The next pass is after the lease, as a restarted worker would be.
                now += publishing.LEASE + timedelta(seconds=1)
        except AssistantError:
            pass  # refused with a clear error: fine, as long as the invariants hold
    x.crash_after_post = False
    publishing.publish_due(db, x, now=now + publishing.LEASE + timedelta(seconds=1))  # a restart: recover
    return x, first_event


def _check_invariants(db, x: RecordingX, first_event: int) -> None:
    assert len(x.calls) == len(set(x.calls)), f"a text was sent twice: {x.calls}"
    with db.reading() as session:
        for text in x.calls:
            version = session.scalar(select(PostVersion).where(PostVersion.text == text))
            post = session.get(Post, version.post_id)
            assert version.id == post.versions[-1].id, "an older version was sent"
            assert posts.is_fully_approved(session, post, version), "an unapproved text was sent"
            assert post.state == PostState.PUBLISHED
        for post in session.scalars(select(Post)):
            if post.state == PostState.PUBLISHED:
                assert post.x_post_id and post.versions[-1].text in x.calls
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.id > first_event, AuditEvent.entity_type == "post")
        ).all()
        published: dict[str, int] = {}
        for ev in events:
            before = (ev.before or {}).get("state")
            after = (ev.after or {}).get("state")
            if before and after and before != after:
                assert PostState(after) in POST_TRANSITIONS[PostState(before)], (ev.action, before, after)
            if after == "published":
                published[ev.entity_id] = published.get(ev.entity_id, 0) + 1
        assert all(n == 1 for n in published.values()), published


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(steps=st.lists(step, min_size=5, max_size=60))
def test_no_sequence_publishes_an_unapproved_text_or_publishes_twice(db, team, steps):
    actors = _actors(team)
    _wipe(db)
    opening = [("create", 0, 0, 1), ("create", 1, 1, 1)]  # random lists rarely start with a post to act on
    x, first_event = _run(db, team, actors, opening + steps)
    _check_invariants(db, x, first_event)
    event(f"posts sent to X: {min(len(x.calls), 2)}{'+' if len(x.calls) >= 2 else ''}")
    with db.reading() as session:
        for state in sorted(set(session.scalars(select(Post.state)))):
            event(f"a post ended {state}")


_ACTORS: dict[int, list] = {}


def _actors(team) -> list:
    # Members are created once per test (password hashing is slow), posts are wiped per example.
    key = id(team)
    if key not in _ACTORS:
        _ACTORS.clear()
        _ACTORS[key] = [team.actor(*roles) for roles in ROLE_SETS]
    return _ACTORS[key]


def test_a_directed_sequence_reaches_published(db, team):
    """The property test's own sanity check: the happy path through the same steps publishes."""
    actors = _actors(team)
    steps = [
        ("create", 0, 0, 1),
        ("submit", 0, 0, 1),
        ("approve", 2, 0, 1),
        ("schedule", 2, 0, 5),
        ("tick", 0, 0, 10),
        ("publish_crash", 0, 0, 1),
    ]
    x, first_event = _run(db, team, actors, steps)
    _check_invariants(db, x, first_event)
    assert len(x.calls) == 1
    with db.reading() as session:
        assert session.scalar(select(Post.state)) == "published"
