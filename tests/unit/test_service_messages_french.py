"""Messages people meet, in French (issue 13, point 5): errors raised during a request in the request's
language, the audit trail in French sentences, and notification e-mails in each recipient's language.

Expected French written by hand; the English of the same messages is checked alongside where it matters.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header

import pytest

from assistant import i18n
from assistant.domain.audit_actions import AuditAction
from assistant.domain.policies import delegation_from_mapping
from assistant.domain.roles import Role
from assistant.domain.states import PostState, check_post_transition
from assistant.errors import InvalidInput, InvalidTransition, PermissionDenied
from assistant.notify import SmtpMailer
from assistant.services import notifications, posts
from assistant.services.audit import wording
from assistant.services.publishing import PublishReport
from assistant.services.workspace.sign_in import sign_in
from assistant.storage.models import Member
from tests.conftest import Team
from tests.notification_helpers import NOW, smtp_server, waiting_work


def test_a_wrong_password_is_refused_in_french(db):
    Team(db).actor(Role.DELEGATE, email="camille@exemple.fr")
    with i18n.using("fr"), pytest.raises(PermissionDenied) as refused:
        sign_in(db, "camille@exemple.fr", "pas le bon mot de passe")
    assert str(refused.value) == "e-mail ou mot de passe incorrect"
    # the same request in English keeps its words
    with pytest.raises(PermissionDenied, match="^wrong e-mail or password$"):
        sign_in(db, "camille@exemple.fr", "still not the password")


def test_the_lockout_says_how_long_in_french(db):
    Team(db).actor(Role.DELEGATE, email="lea@exemple.fr")
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    for _attempt in range(5):
        with pytest.raises(PermissionDenied):
            sign_in(db, "lea@exemple.fr", "mauvais mot de passe", now=now)
    with i18n.using("fr"), pytest.raises(PermissionDenied) as locked:
        sign_in(db, "lea@exemple.fr", "correct horse battery", now=now + timedelta(minutes=5))
    assert str(locked.value) == (
        "trop de tentatives de connexion échouées : réessayez dans 10 minutes ou adressez-vous à un administrateur"
    )


def test_an_invalid_delegation_policy_is_explained_in_french():
    with i18n.using("fr"), pytest.raises(InvalidInput) as bad:
        delegation_from_mapping({"approver": "the_intern"})
    assert str(bad.value) == "l’approbateur « the_intern » doit être l’un de : executive, reviewer, either"
    with i18n.using("fr"), pytest.raises(InvalidInput) as long:
        delegation_from_mapping({"signature": "— The communication team"})
    assert str(long.value) == "la signature dépasse 20 caractères ; utilisez des initiales comme ^CM"
    # English unchanged
    with pytest.raises(InvalidInput, match=r"^approver 'the_intern' must be one of executive, reviewer, either$"):
        delegation_from_mapping({"approver": "the_intern"})


def test_a_refused_transition_names_the_states_in_french():
    with i18n.using("fr"), pytest.raises(InvalidTransition) as refused:
        check_post_transition(PostState.PUBLISHED, PostState.DRAFT)
    assert str(refused.value) == (
        "une publication à l’état « publiée » ne peut pas passer à « en brouillon » ; "
        "depuis « publiée », elle peut passer à : rien (état final)"
    )
    with pytest.raises(InvalidTransition, match="^a post that is published cannot become draft;"):
        check_post_transition(PostState.PUBLISHED, PostState.DRAFT)


def test_an_empty_post_is_refused_in_french(db):
    delegate = (team := Team(db)).actor(Role.DELEGATE)
    with i18n.using("fr"), pytest.raises(InvalidInput) as empty:
        posts.create_draft(db, delegate, team.executive_id, "x", "   ")
    assert str(empty.value) == "la publication est vide ; écrivez d’abord quelque chose"


def test_the_publish_summary_in_french():
    report = PublishReport(published=[1, 2], failed=[4], reasons={4: "X a répondu 503"}, dry_run=True)
    with i18n.using("fr"):
        assert report.summary() == "Publiées : 2, en échec : 1 (publication n° 4 : X a répondu 503) (simulation)"
    assert report.summary() == "Published 2, failed 1 (post #4: X a répondu 503) (dry run)"


@pytest.mark.parametrize("action", list(AuditAction))
def test_every_audit_action_has_a_french_sentence(action):
    french = i18n.catalog("fr")
    assert isinstance(french.get(wording.SENTENCES[action]), str), f"no French for {action}"
    with i18n.using("fr"):
        text = wording.sentence(action, "Riley Chen <riley@x>", wording.item("post", 12), as_executive="Maya")
        words = wording.action_words(action)
    english = wording.sentence(action, "Riley Chen <riley@x>", wording.item("post", 12), as_executive="Maya")
    assert text.startswith("Riley a ") or text.startswith("Riley n’a ")
    assert text != english and "{" not in text and "_" not in text
    assert words[0].isupper() and "{" not in words


def test_audit_sentences_read_as_french():
    with i18n.using("fr"):
        assert wording.sentence("post.approve", "Riley Chen <r@x>", wording.item("post", 12)) == (
            "Riley a approuvé la publication n° 12"
        )
        assert wording.sentence("reply.sent", "Sam Patel <s@x>", "une réponse", as_executive="Maya") == (
            "Sam a envoyé une réponse au nom de Maya"
        )
        # 'de le dirigeant' contracts to 'du dirigeant'; a system actor is named
        assert wording.sentence("executive.profile_changed", "system (publisher)", wording.item("executive", 3)) == (
            "Le service de publication a modifié le profil du dirigeant n° 3"
        )
        assert wording.changes({"active": True}, {"active": False}) == ["actif : oui → non"]  # French spaces the colon


def test_a_french_member_gets_the_notification_email_in_french(db):
    w = waiting_work(db)
    with db.writing() as session:
        session.get(Member, w.executive.member_id).language = "fr"
    with smtp_server() as sink:
        notifications.run_notifications(
            db, SmtpMailer(sink.url, "Assistant <n@x.example>"), None, app_url="https://a.example", now=NOW
        )
    (maya,) = sink.to("maya@notify.example")
    subject = str(make_header(decode_header(maya.subject)))  # non-ASCII subjects travel RFC 2047-encoded
    assert subject.startswith("[Assistant du dirigeant] 4 nouveaux éléments pour vous : ")
    assert "remontée au dirigeant : 1" in subject
    body = maya.body.replace("\r\n", "\n")
    assert body.startswith("Bonjour maya@notify.example,\n")
    assert "4 nouveaux éléments vous attendent dans Test workspace (horaires à l’heure de Paris (CET)) :" in body
    assert "Mentions remontées au dirigeant (1)" in body
    assert "Publications dont la mise en ligne a échoué (1)" in body
    assert "n’a pas pu être publiée ; le motif et une nouvelle tentative sont sur la page Relecture" in body
    assert "(120 000 abonnés)" in body.replace("\u202f", " ")
    assert "depuis le mar. 24 nov. " in body
    assert "Choisissez ce que vous recevez et vos heures calmes : https://a.example/account" in body
    assert "Posts" not in body and "since " not in body
    # a member with no language chosen still reads English
    (riley,) = sink.to("riley@notify.example")
    assert riley.subject.startswith("[Executive assistant] 3 new items for you")
    assert riley.body.startswith("Hello riley@notify.example,") and "Bonjour" not in riley.body
