"""Sign-in with argon2 hashes, lockout, roles, and the last admin."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.errors import Conflict, PermissionDenied
from assistant.services import posts, workspace
from assistant.storage.models import Member


def test_passwords_are_stored_as_argon2_hashes_and_sign_in_works(db, team):
    actor = team.actor(Role.EXECUTIVE, email="ceo@test.example", password="a long passphrase")
    with db.reading() as session:
        stored = session.scalars(select(Member.password_hash).where(Member.id == actor.member_id)).one()
    assert stored.startswith("$argon2id$") and "a long passphrase" not in stored
    signed_in = workspace.sign_in(db, "CEO@test.example ", "a long passphrase")
    assert signed_in.member_id == actor.member_id and signed_in.roles == {Role.EXECUTIVE}


def test_wrong_password_and_unknown_user_get_the_same_message(db, team):
    team.actor(Role.DELEGATE, email="cm@test.example")
    with pytest.raises(PermissionDenied) as wrong:
        workspace.sign_in(db, "cm@test.example", "not the password")
    with pytest.raises(PermissionDenied) as unknown:
        workspace.sign_in(db, "nobody@test.example", "not the password")
    assert str(wrong.value) == str(unknown.value) == "wrong e-mail or password"


def test_repeated_failures_lock_the_account_even_for_the_right_password(db, team):
    team.actor(Role.DELEGATE, email="cm@test.example")
    for _ in range(workspace.MAX_FAILED_LOGINS):
        with pytest.raises(PermissionDenied):
            workspace.sign_in(db, "cm@test.example", "guess")
    with pytest.raises(PermissionDenied, match="too many failed sign-ins"):
        workspace.sign_in(db, "cm@test.example", "correct horse battery")
    later = utcnow() + workspace.LOCKOUT + timedelta(seconds=1)
    assert workspace.sign_in(db, "cm@test.example", "correct horse battery", now=later)


def test_roles_changed_by_an_admin_apply_at_once(db, team):
    admin = team.actor(Role.ADMIN)
    reviewer = team.actor(Role.REVIEWER)
    workspace.set_roles(db, admin, reviewer.member_id, frozenset({Role.DELEGATE}))
    with pytest.raises(PermissionDenied, match="review post"):
        from assistant.services import posts

        posts.review_post(db, reviewer, 1, "approve")


def test_the_last_admin_cannot_be_removed_or_demoted(db, team):
    admin = team.actor(Role.ADMIN)
    with pytest.raises(PermissionDenied, match="last admin"):
        workspace.set_roles(db, admin, admin.member_id, frozenset({Role.REVIEWER}))
    with pytest.raises(PermissionDenied, match="cannot deactivate yourself"):
        workspace.deactivate_member(db, admin, admin.member_id)
    second = workspace.add_member(db, admin, "second@test.example", "Second", frozenset({Role.ADMIN}))
    workspace.deactivate_member(db, admin, second.id)
    assert {m.email: m.active for m in workspace.list_members(db, admin)}["second@test.example"] is False


def test_an_admin_cannot_deactivate_themselves_even_with_another_admin(db, team):
    admin = team.actor(Role.ADMIN)
    other = workspace.add_member(db, admin, "other@test.example", "Other", frozenset({Role.ADMIN}))
    with pytest.raises(PermissionDenied, match="cannot deactivate yourself"):
        workspace.deactivate_member(db, admin, admin.member_id)
    assert {m.email: m.active for m in workspace.list_members(db, admin)}[admin.email] is True
    workspace.set_roles(db, admin, other.id, frozenset({Role.REVIEWER, Role.ADMIN}))
    roles = {m.email: m.roles for m in workspace.list_members(db, admin)}["other@test.example"]
    assert roles == ("admin", "reviewer")


def test_duplicate_email_is_refused(db, team):
    admin = team.actor(Role.ADMIN)
    workspace.add_member(db, admin, "x@test.example", "X", frozenset({Role.DELEGATE}))
    with pytest.raises(Conflict, match="already exists"):
        workspace.add_member(db, admin, "X@test.example", "X again", frozenset({Role.DELEGATE}))


def test_a_deactivated_member_can_no_longer_act(db, team):
    admin = team.actor(Role.ADMIN)
    delegate = team.actor(Role.DELEGATE)
    workspace.deactivate_member(db, admin, delegate.member_id)
    with pytest.raises(PermissionDenied, match="no longer an active member"):
        posts.create_draft(db, delegate, team.executive_id, "x", "hello")
    assert workspace.actor_for_email(db, delegate.email) is None
