"""The hard bound on text size where text enters (issue 14 point 6), on the services.

The attack: a long paste reached the checklist (and the X length code) before any bound: 4,000
characters of "a." held a server thread for 39 s in Compose. Posts and thread drafts now stop
at 25,000 characters, replies at 2,000, before anything reads the text.
"""

from __future__ import annotations

import pytest

from assistant import i18n
from assistant.checklist import MAX_POST_CHARS, MAX_REPLY_CHARS
from assistant.domain.roles import Role
from assistant.errors import InvalidInput
from assistant.services import posts, replies
from assistant.storage.models import Post
from assistant.x_types import DryRunX


def test_the_bounds_are_the_documented_ones() -> None:
    assert (MAX_POST_CHARS, MAX_REPLY_CHARS) == (25_000, 2_000)
    assert posts.MAX_TEXT == MAX_POST_CHARS and replies.MAX_REPLY == MAX_REPLY_CHARS


def test_a_post_over_the_bound_is_refused_before_it_is_stored(db, team) -> None:
    ceo = team.actor(Role.EXECUTIVE)
    over = "a." * 12_501  # 25,002 characters of the text that used to backtrack for minutes
    with pytest.raises(InvalidInput, match="the post has 25,002 characters; the limit here is 25,000"):
        posts.create_draft(db, ceo, team.executive_id, "x", over)
    with pytest.raises(InvalidInput, match="25,002"):
        posts.compose_post(db, ceo, team.executive_id, "x", over, as_thread=True)
    with db.reading() as session:
        assert session.query(Post).count() == 0
    # at the bound a long thread draft is accepted (and checked quickly: linear X length)
    post = posts.compose_post(db, ceo, team.executive_id, "x", "word " * 4_999 + "done.", as_thread=True)
    with pytest.raises(InvalidInput, match="25,002"):
        posts.revise_post(db, ceo, post.id, over)
    with pytest.raises(InvalidInput, match="25,002"):
        posts.edit_post(db, ceo, post.id, over)


def test_a_reply_over_the_bound_is_refused(db, team) -> None:
    sam = team.actor(Role.DELEGATE)
    with pytest.raises(InvalidInput, match="the reply has 2,001 characters"):
        replies.submit_reply(db, sam, 1, "a" * 2_001, DryRunX())


def test_the_refusals_in_french(db, team) -> None:
    ceo, sam = team.actor(Role.EXECUTIVE), team.actor(Role.DELEGATE)
    with i18n.using("fr"):
        with pytest.raises(InvalidInput) as post:
            posts.create_draft(db, ceo, team.executive_id, "x", "a" * 25_001)
        with pytest.raises(InvalidInput) as reply:
            replies.submit_reply(db, sam, 1, "a" * 2_001, DryRunX())
    assert str(post.value) == "la publication compte 25\u202f001 caractères ; la limite ici est de 25\u202f000"
    assert str(reply.value).startswith("la réponse compte 2\u202f001 caractères")
