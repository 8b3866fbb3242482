"""The daily-work pages (Compose, Inbox, Review, Response times) for members who chose French: each page
runs with real data in its branches (a post sent back, drafts, a held reply, a claimed mention, a thread, a
published post, response-time figures), shows French words, and asks for no string the catalogs lack."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from assistant import i18n
from assistant.services import mentions, posts, publishing, replies, workspace
from assistant.services.workspace import actor_for_email
from assistant.storage.models import Member, Mention
from assistant.x_types import DryRunX
from tests.app.conftest import signed_in_app

MAYA, SAM, RILEY, ADMIN = (
    "maya@lumengrid.example",
    "sam@lumengrid.example",
    "riley@lumengrid.example",
    "admin@lumengrid.example",
)
LONG = " ".join(
    [
        "Ten years ago we started Lumengrid in a garage with two used inverters and some stubbornness.",
        "Today we ship home storage to forty states, and I want to say thank you properly.",
        "To our Dayton night shift: you cut cell rework by a third, and nobody asked you to.",
        "To our installers: you kept going through the worst permitting year we have had.",
        "Thank you for a decade.",
    ]
)


@pytest.fixture
def french(demo_db) -> Iterator[None]:
    """The demo members chose French (members.language), as the Account page records it; put back after."""
    emails = (MAYA, SAM, RILEY)
    with demo_db.writing() as session:
        members = session.query(Member).filter(Member.email.in_(emails)).all()
        before = {m.email: m.language for m in members}
        for m in members:
            m.language = "fr"
    i18n.missing = set()
    # AppTest calls a widget's format_func in the test's thread too (to find the chosen option among the
    # shown ones): that thread speaks the same language as the page's run.
    with i18n.using("fr"):
        yield
    i18n.missing = None
    with demo_db.writing() as session:
        for m in session.query(Member).filter(Member.email.in_(emails)).all():
            m.language = before[m.email]


@pytest.fixture
def no_quiet_hours(demo_db) -> Iterator[None]:
    """The app runs on the real clock: without quiet hours the policy's outcome does not depend on the hour."""
    admin = actor_for_email(demo_db, ADMIN)
    before = workspace.delegation_policy(demo_db, admin)
    workspace.set_delegation_policy(demo_db, admin, {**before.to_dict(), "quiet_hours": None})
    yield
    workspace.set_delegation_policy(demo_db, admin, before.to_dict())


def _page(db, email: str, page: str, query: dict[str, str] | None = None):
    at = signed_in_app(db, email).run()  # the first run registers the navigation's pages
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}").run()
    _assert_clean(at)
    return at


def _assert_clean(at) -> None:
    assert not at.exception, at.exception
    assert i18n.missing == set(), sorted(i18n.missing)  # every string asked for has a French translation


def _shown(at) -> str:
    """Every text the page shows, labels included, for looking for words."""
    parts = [
        e.value
        for kind in ("title", "subheader", "markdown", "caption", "success", "info", "warning", "error")
        for e in getattr(at, kind)
    ]
    parts += [
        e.label
        for kind in ("button", "text_area", "text_input", "selectbox", "toggle", "checkbox", "metric")
        for e in getattr(at, kind)
    ]
    parts += [t.label for t in at.tabs] + [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _executive_id(db) -> int:
    return workspace.list_executives(db, actor_for_email(db, MAYA))[0].id


def _open_mention(db, sla_class: str, text: str) -> int:
    with db.writing() as session:
        m = session.query(Mention).filter(Mention.state == "new").order_by(Mention.posted_at.desc()).first()
        m.sla_class, m.text = sla_class, text
        return m.id


def test_compose_in_french_with_a_post_sent_back_drafts_and_the_blocked_dialog(demo_db, french):
    maya, riley = actor_for_email(demo_db, MAYA), actor_for_email(demo_db, RILEY)
    sent_back = posts.create_draft(demo_db, maya, _executive_id(demo_db), "x", "Revenue grew 40% this quarter.")
    posts.submit_for_review(demo_db, maya, sent_back.id)
    posts.review_post(demo_db, riley, sent_back.id, "request_changes", "No figures before the results, please.")
    posts.create_draft(demo_db, maya, _executive_id(demo_db), "linkedin", "Draft kept for later.")

    at = _page(demo_db, MAYA, "compose.py", {"post": str(sent_back.id)})
    shown = _shown(at)
    assert "Modification de la publication" in shown and "corrections demandées" in shown
    assert "Ce que le relecteur a lu" in shown
    assert "Aperçu sur X" in [t.label for t in at.tabs]
    assert "Brouillons et corrections demandées" in shown
    assert "Soumettre à nouveau pour relecture" in [b.label for b in at.button]
    _button(at, "Soumettre à nouveau pour relecture").click().run()  # blocked: the confirmation opens
    _assert_clean(at)
    assert "La liste de contrôle bloque ce texte" in _shown(at)

    fresh = _page(demo_db, MAYA, "compose.py")
    idea = next(t for t in fresh.text_area if t.label == "Idée, notes ou lien")
    idea.input("Nos apprentis ont terminé leur premier poste électrique.").run()
    _button(fresh, "Rédiger trois versions").click().run()
    _assert_clean(fresh)
    assert any(c.value.startswith("Fidélité à la voix") for c in fresh.caption)
    _button(fresh, "Utiliser ce brouillon").click().run()
    _assert_clean(fresh)
    assert "Réécrire ce texte" in [b.label for b in fresh.button]
    assert "plus court" in next(s for s in fresh.selectbox if s.label == "Réécrire").options


def test_inbox_in_french_for_a_delegate_answering_and_an_executive_approving(demo_db, french, no_quiet_hours):
    sam = actor_for_email(demo_db, SAM)
    saved = replies.create_saved_reply(demo_db, sam, "Page d'état", "Les mises à jour sont sur la page d'état.")
    try:
        answering = _open_mention(demo_db, "default", "@mayaokafor l'application est en panne ?")
        mentions.claim_mention(demo_db, sam, answering)
        at = _page(demo_db, SAM, "inbox.py", {"mention": str(answering)})
        shown = _shown(at)
        assert f"Mention n° {answering}" in shown
        assert "Réponses enregistrées" in shown and "Rechercher dans les mentions" in shown
        assert "Libérer" in [b.label for b in at.button]
        assert {"Échéance", "De", "Mention", "Classe"} <= set(at.dataframe[0].value.columns)
        _button(at, "Rédiger trois réponses").click().run()
        _assert_clean(at)
        _button(at, "Utiliser ce brouillon").click().run()
        _assert_clean(at)
        assert "Partira exactement ainsi" in _shown(at)
        _button(at, "Envoyer ou soumettre la réponse").click().run()
        _assert_clean(at)
        assert any(s.value.startswith("Réponse ") and "simulation" in s.value for s in at.success), [
            s.value for s in at.success
        ]
    finally:
        replies.delete_saved_reply(demo_db, sam, saved.id)

    held_for = _open_mention(demo_db, "press", "@mayaokafor journaliste ici : un commentaire sur la nouvelle usine ?")
    mentions.claim_mention(demo_db, sam, held_for)
    replies.submit_reply(demo_db, sam, held_for, "Volontiers, écrivez-moi en privé.", DryRunX())
    escalated = _open_mention(demo_db, "vip", "@mayaokafor pouvons-nous parler du salon de l'emploi ?")
    mentions.escalate_mention(demo_db, sam, escalated, "pour Maya")
    at = _page(demo_db, MAYA, "inbox.py")
    assert [t.label for t in at.tabs] == ["Mentions", "En attente de votre approbation", "Dit en votre nom"]
    shown = _shown(at)
    assert "attend votre approbation" in shown or "attendent votre approbation" in shown
    assert "Qui vous sont remontées" in shown and "Approuver et envoyer" in [b.label for b in at.button]
    assert "Réponse" in set(at.dataframe[-1].value.columns)  # said on your behalf: the headers in French


def test_review_in_french_with_a_thread_and_the_ready_section(demo_db, french):
    maya, riley = actor_for_email(demo_db, MAYA), actor_for_email(demo_db, RILEY)
    long_post = posts.create_draft(demo_db, maya, _executive_id(demo_db), "x", LONG)
    posts.submit_for_review(demo_db, maya, long_post.id)
    linkedin = posts.create_draft(demo_db, maya, _executive_id(demo_db), "linkedin", "Merci à toute l'équipe.")
    posts.submit_for_review(demo_db, maya, linkedin.id)
    posts.review_post(demo_db, riley, linkedin.id, "approve")
    published = posts.create_draft(demo_db, maya, _executive_id(demo_db), "linkedin", "Dix ans déjà.")
    posts.submit_for_review(demo_db, maya, published.id)
    posts.review_post(demo_db, riley, published.id, "approve")
    publishing.mark_posted_by_hand(demo_db, riley, published.id)

    at = _page(demo_db, RILEY, "review.py")
    at.selectbox(key="post").select(long_post.id).run()
    _assert_clean(at)
    shown = _shown(at)
    assert "Trop long pour une seule publication X" in shown and "Découpage\u00a0:" in shown
    assert "**Points signés** (cette version)" in shown
    assert {"Approuver", "Demander des corrections", "Rejeter"} <= {b.label for b in at.button}
    assert at.segmented_control(key="section").value == "Waiting for review"  # the value stays an identifier
    at.toggle(key=f"thread_{long_post.id}").set_value(True).run()
    _assert_clean(at)
    assert any("partira en fil" in s.value for s in at.success)

    at.segmented_control(key="section").set_value("Approved, scheduled and failed").run()
    _assert_clean(at)
    shown = _shown(at)
    assert "Publier maintenant les publications dues" in shown and "LinkedIn n’offre pas d’API" in shown
    assert "Publiée " in shown and "Marquer comme publiée sur LinkedIn" in shown
    at.button(key=f"schedule_{linkedin.id}").click().run()
    _assert_clean(at)
    assert any(f"Publication {linkedin.id} programmée le" in s.value for s in at.success)


def test_response_times_in_french_with_figures(demo_db, french):
    at = _page(demo_db, MAYA, "response_times.py")
    metrics = {m.label: m.value for m in at.metric}
    assert {"Mentions", "Répondues", "Temps de réponse médian", "9 sur 10 répondues en"} <= set(metrics)
    assert metrics["Répondues"].endswith("\u00a0%")  # French percentages: a space before the sign
    titles = [s.value for s in at.subheader]
    assert "Délai des réponses" in titles and "Qui a répondu" in titles and "Par type de mention" in titles
    assert {"Qui", "Répondues", "Part", "Médiane"} <= set(at.dataframe[0].value.columns)
    at.selectbox[1].select("All time").run()  # the options stay identifiers, shown translated
    _assert_clean(at)
    assert "Depuis le début" in at.selectbox[1].options
    assert len(at.get("vega_lite_chart")) == 3
    specs = " ".join(json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart"))
    assert "Temps de réponse" in specs and "lun." in specs  # axis titles and weekdays in French
