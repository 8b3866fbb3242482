"""Fetching mentions from the Inbox: the recorded X response through tweepy, with progress per page."""

from __future__ import annotations

import pytest

from assistant.domain.roles import Role
from assistant.errors import NotFound, PermissionDenied
from assistant.services import mentions, workspace
from assistant.x import XAccount, XCredentials
from tests.x_replay import Replay, twarc_page

pytestmark = pytest.mark.shared
EMPTY = {"meta": {"result_count": 0}}


def _account() -> tuple[XAccount, Replay]:
    account = XAccount(XCredentials(bearer_token="bearer-not-real"), sleep=lambda s: None)
    return account, Replay().mount_on(account.session)


def test_a_delegate_fetches_new_mentions_and_sees_each_page(db, team):
    admin, delegate = team.actor(Role.ADMIN), team.actor(Role.DELEGATE)
    workspace.update_executive_profile(db, admin, team.executive_id, x_user_id="783214", x_handle="testexec")
    account, replay = _account()
    page = twarc_page("twarc-csv_noflat.jsonl")  # a real full-field page of mentions
    page["meta"].pop("next_token")
    replay.respond(200, page).respond(200, EMPTY)
    pages = []
    outcome = mentions.sync_from_x(db, delegate, account, team.executive_id, progress=pages.append)
    assert outcome.new_mentions > 0 and pages and pages[0].stream == "mentions"
    listed = mentions.list_mentions(db, delegate, page_size=500)
    assert listed.total == outcome.new_mentions


def test_an_admin_or_another_workspace_cannot_fetch(db, team):
    from tests.conftest import Team

    account, _ = _account()
    with pytest.raises(PermissionDenied):
        mentions.sync_from_x(db, team.actor(Role.ADMIN), account, team.executive_id)
    with pytest.raises(NotFound):
        mentions.sync_from_x(db, Team(db).actor(Role.DELEGATE), account, team.executive_id)
