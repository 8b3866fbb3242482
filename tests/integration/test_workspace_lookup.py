"""Keeping workspaces apart, checked in one place: `in_workspace` is how every service gets a row by id."""

from __future__ import annotations

import pytest

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.errors import NotFound
from assistant.services import posts
from assistant.services.context import in_workspace
from assistant.storage.models import Executive, Member, Mention, Post, Reply
from tests.conftest import Team


def _rows(db, team) -> dict[type, int]:
    """One row of each kind in `team`'s workspace."""
    author = team.actor(Role.EXECUTIVE)
    post_id = posts.create_draft(db, author, team.executive_id, "x", "A plain post about our week.").id
    with db.writing() as session:
        mention = Mention(
            workspace_id=team.workspace_id, executive_id=team.executive_id, x_post_id=f"m{post_id}", author_id="7",
            author_handle="someone", text="@testexec hello", posted_at=utcnow(), source="import", state="new",
        )  # fmt: skip
        session.add(mention)
        session.flush()
        reply = Reply(
            mention_id=mention.id, executive_id=team.executive_id, text="Thanks!", state="draft",
            authorship="executive", written_by_id=author.member_id, findings=[], created_at=utcnow(),
            updated_at=utcnow(),
        )  # fmt: skip
        session.add(reply)
        session.flush()
        return {Post: post_id, Mention: mention.id, Reply: reply.id, Member: author.member_id,
                Executive: team.executive_id}  # fmt: skip


NAMES = {Post: "post", Mention: "mention", Reply: "reply", Member: "member", Executive: "executive"}


@pytest.mark.parametrize("model", list(NAMES), ids=list(NAMES.values()))
@pytest.mark.parametrize("lock", [False, True], ids=["read", "locked"])
def test_a_row_of_another_workspace_is_not_found_and_the_own_row_is(db, team, model, lock):
    own = _rows(db, team)
    other = Team(db)
    outsider = other.actor(Role.ADMIN, Role.EXECUTIVE, Role.REVIEWER, Role.DELEGATE)
    insider = team.actor(Role.ADMIN)
    with db.writing() as session:
        with pytest.raises(NotFound, match=f"^no {NAMES[model]} {own[model]} in this workspace$"):
            in_workspace(session, outsider, model, own[model], lock=lock)
        assert in_workspace(session, insider, model, own[model], lock=lock).id == own[model]


def test_a_missing_row_reads_exactly_like_another_workspaces_row(db, team):
    insider = team.actor(Role.ADMIN)
    with db.reading() as session, pytest.raises(NotFound, match="^no post 987654 in this workspace$"):
        in_workspace(session, insider, Post, 987654)
