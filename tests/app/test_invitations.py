"""An admin invites a member; the member sets a password with the one-time code and signs in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.errors import PermissionDenied
from assistant.services import audit, workspace
from assistant.services.workspace import actor_for_email
from assistant.storage.models import Member
from tests.app.conftest import APP, signed_in_app


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_invite_then_accept_in_the_app(demo_db):
    from streamlit.testing.v1 import AppTest

    admin_app = signed_in_app(demo_db, "admin@lumengrid.example").run()
    admin_app.switch_page("pages/settings.py").run()
    fields = {t.key: t for t in admin_app.text_input if t.key}
    fields["invite_email"].input("newcm@lumengrid.example")
    fields["invite_name"].input("New Community Manager")
    admin_app.multiselect(key="invite_roles").select("delegate")
    _button(admin_app, "Create invitation").click().run()
    message = next(s.value for s in admin_app.success if "this code" in s.value)
    code = re.search(r"7 days\): (\S+)$", message).group(1).replace("\\", "")  # the message is escaped Markdown

    visitor = AppTest.from_file(APP, default_timeout=60).run()
    fields = {t.key: t for t in visitor.text_input if t.key}
    fields["invited_email"].input("newcm@lumengrid.example")
    fields["invitation_code"].input(code)
    next(t for t in visitor.text_input if t.label.startswith("Choose a password")).input("my own passphrase")
    _button(visitor, "Set my password and sign in").click().run()
    # The browser is sent through /session/start for its cookie; this tab is signed in meanwhile.
    assert [i.value for i in visitor.info] == ["Signing you in…"]
    visitor.run()
    assert visitor.title[0].value == "What waits for me"
    assert workspace.sign_in(demo_db, "newcm@lumengrid.example", "my own passphrase").roles == {Role.DELEGATE}
    with demo_db.reading() as session:  # the code is stored only as a hash, and only until used
        member = session.scalars(select(Member).where(Member.email == "newcm@lumengrid.example")).one()
        assert member.invite_hash is None
    admin = actor_for_email(demo_db, "admin@lumengrid.example")
    assert code not in audit.export_audit_csv(demo_db, admin)


def test_a_code_works_once_and_not_after_it_expires(demo_db):
    admin = actor_for_email(demo_db, "admin@lumengrid.example")
    _, code = workspace.invite_member(demo_db, admin, "late@lumengrid.example", "Late", frozenset({Role.REVIEWER}))
    with pytest.raises(PermissionDenied, match="wrong or expired"):
        workspace.accept_invitation(
            demo_db,
            "late@lumengrid.example",
            code,
            "a fine passphrase",
            now=utcnow() + workspace.INVITATION_TTL + timedelta(minutes=1),
        )
    with pytest.raises(PermissionDenied, match="wrong or expired"):
        workspace.accept_invitation(demo_db, "late@lumengrid.example", "not-the-code", "a fine passphrase")
    workspace.accept_invitation(demo_db, "late@lumengrid.example", code, "a fine passphrase")
    with pytest.raises(PermissionDenied, match="wrong or expired"):
        workspace.accept_invitation(demo_db, "late@lumengrid.example", code, "another passphrase")
