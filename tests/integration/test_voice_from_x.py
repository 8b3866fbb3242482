"""Learning the voice from the executive's own X timeline, through tweepy and a recorded response."""

from __future__ import annotations

import pytest

from assistant.domain.roles import Role
from assistant.errors import InvalidInput
from assistant.services import workspace
from assistant.x import XAccount, XCredentials
from tests.x_replay import Replay

pytestmark = pytest.mark.shared


def test_own_posts_become_the_voice_material_and_rules_are_kept(db, team):
    executive = team.actor(Role.EXECUTIVE)
    admin = team.actor(Role.ADMIN)
    workspace.update_executive_profile(db, admin, team.executive_id, x_user_id="783214")
    workspace.set_voice_material(db, executive, team.executive_id, ["old post"], {"never_words": ["synergy"]})
    account = XAccount(XCredentials(bearer_token="bearer-not-real"), sleep=lambda s: None)
    replay = Replay().mount_on(account.session).cassette("tweepy_test_client_get_users_tweets.yaml")
    replay.respond(200, {"meta": {"result_count": 0}})

    learned = workspace.learn_voice_from_x(db, executive, team.executive_id, account)

    assert learned >= 1 and replay.path(0) == "/2/users/783214/tweets"
    profile = workspace.voice_profile(db, executive, team.executive_id)
    assert profile.post_count == learned
    assert profile.rules.never_words == ["synergy"]


def test_without_an_x_user_id_the_user_is_told_what_to_set(db, team):
    executive = team.actor(Role.EXECUTIVE)
    with db.writing() as session:
        from assistant.storage.models import Executive

        session.get(Executive, team.executive_id).x_user_id = None
    with pytest.raises(InvalidInput, match="X user id"):
        workspace.learn_voice_from_x(db, executive, team.executive_id, object())
