"""A member's own interface language: validated, stored on their row only, None to follow the browser again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assistant import i18n
from assistant.domain.roles import Role
from assistant.errors import InvalidInput, PermissionDenied
from assistant.services import workspace
from assistant.storage.models import Member


def _stored(db, member_id: int) -> str | None:
    with db.reading() as session:
        return session.scalars(select(Member.language).where(Member.id == member_id)).one()


@pytest.mark.parametrize("role", list(Role))
def test_every_member_sets_their_own_language_and_it_is_read_back(db, team, role):
    member = team.actor(role, email=f"{role.value}@test.example")
    assert workspace.set_my_language(db, member, "fr") is True
    assert _stored(db, member.member_id) == "fr"
    # what the router reads on the next run: the actor carries the choice
    assert workspace.actor_by_id(db, member.member_id).language == "fr"
    assert workspace.sign_in(db, f"{role.value}@test.example", "correct horse battery").language == "fr"


def test_none_goes_back_to_the_browser_language(db, team):
    member = team.actor(Role.DELEGATE)
    workspace.set_my_language(db, member, "fr")
    workspace.set_my_language(db, member, None)
    assert _stored(db, member.member_id) is None
    assert workspace.actor_by_id(db, member.member_id).language is None


@pytest.mark.parametrize("code", ["de", "fr-FR", "FR", "", "english", "fr_CA"])
def test_an_unknown_code_is_refused_and_nothing_changes(db, team, code):
    member = team.actor(Role.REVIEWER)
    workspace.set_my_language(db, member, "en")
    with pytest.raises(InvalidInput, match="unknown language") as refused:
        workspace.set_my_language(db, member, code)
    assert "en, fr" in str(refused.value)  # says what to choose from
    assert _stored(db, member.member_id) == "en"


def test_the_refusal_speaks_the_language_of_the_run(db, team):
    member = team.actor(Role.EXECUTIVE)
    with i18n.using("fr"), pytest.raises(InvalidInput) as refused:
        workspace.set_my_language(db, member, "de")
    assert str(refused.value).startswith("langue inconnue")


def test_it_changes_the_actors_row_and_no_one_elses(db, team):
    admin = team.actor(Role.ADMIN)
    other = team.actor(Role.DELEGATE)
    workspace.set_my_language(db, admin, "fr")
    assert _stored(db, admin.member_id) == "fr"
    assert _stored(db, other.member_id) is None


def test_a_deactivated_member_cannot_set_it(db, team):
    admin = team.actor(Role.ADMIN)
    gone = team.actor(Role.DELEGATE)
    workspace.deactivate_member(db, admin, gone.member_id)
    with pytest.raises(PermissionDenied):
        workspace.set_my_language(db, gone, "fr")
    assert _stored(db, gone.member_id) is None
