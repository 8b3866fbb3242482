"""Every page in French: a member who chose French sees no string without a French translation.

`assistant.i18n.missing` collects every message asked for in French that the catalogs lack; each page is run
with it armed, and must leave it empty. The expected French words are written here from the catalogs'
intent (a title, a button), not read from them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from streamlit.testing.v1 import AppTest

from assistant import i18n
from assistant.services import workspace
from assistant.services.workspace import actor_for_email
from tests.app.conftest import APP, signed_in_app

MAYA, SAM, RILEY, ADMIN = (f"{n}@lumengrid.example" for n in ("maya", "sam", "riley", "admin"))

# page, who opens it, the French title, other French words the page shows
PAGES = [
    ("pages/home.py", MAYA, "Ce qui m'attend", ["Se déconnecter"]),
    ("pages/compose.py", MAYA, "Rédiger", []),
    ("pages/review.py", RILEY, "Relecture", []),
    ("pages/calendar.py", RILEY, "Calendrier", ["Aujourd'hui", "Suivant"]),
    ("pages/inbox.py", SAM, "Boîte de réception", []),
    ("pages/response_times.py", ADMIN, "Temps de réponse", []),
    ("pages/settings.py", ADMIN, "Paramètres", ["Enregistrer les rôles", "Ajouter le membre"]),
    ("pages/settings.py", MAYA, "Paramètres", ["Enregistrer la voix"]),
    ("pages/account.py", SAM, "Mon compte", ["Changer de mot de passe", "Langue de l'interface"]),
    ("pages/audit.py", ADMIN, "Journal d'audit", ["Vérifier la chaîne"]),
]


@contextmanager
def in_french(db, email: str) -> Iterator[None]:
    """The member's language set to French for the test, and put back after (the demo database is shared)."""
    actor = actor_for_email(db, email)
    assert actor is not None
    workspace.set_my_language(db, actor, "fr")
    try:
        yield
    finally:
        workspace.set_my_language(db, actor, actor.language)


@contextmanager
def collecting_missing() -> Iterator[set[str]]:
    i18n.missing = set()
    try:
        yield i18n.missing
    finally:
        i18n.missing = None


def _shown_words(at: AppTest) -> str:
    """Every label and text of the run, to look words up in."""
    parts = [b.label for b in at.button] + [e.value for e in at.title]
    parts += [e.value for kind in ("markdown", "caption", "subheader", "info", "success") for e in at.get(kind)]
    parts += [w.label for kind in ("text_input", "selectbox", "checkbox", "toggle", "text_area") for w in at.get(kind)]
    parts += [e.proto.label for e in at.get("form_submit_button")] if at.get("form_submit_button") else []
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(
    ("page", "email", "title", "words"),
    PAGES,
    ids=[f"{p.removeprefix('pages/')}-{e.split('@')[0]}" for p, e, *_ in PAGES],
)
def test_a_page_in_french_has_every_string_translated(demo_db, page, email, title, words):
    with in_french(demo_db, email), collecting_missing() as missing:
        at = signed_in_app(demo_db, email).run()
        assert not at.exception, at.exception
        if page != "pages/home.py":
            at.switch_page(page).run()
        assert not at.exception, at.exception
        assert not missing, f"{len(missing)} string(s) without French on {page}: {sorted(missing)}"
    assert at.title[0].value == title
    shown = _shown_words(at)
    for word in words:
        assert word in shown, f"{word!r} not on {page}"
    # a string shown as is, never passed through _(): an English message of the catalog on a French screen
    french = i18n.catalog("fr")
    english = sorted(
        line
        for line in set(shown.splitlines())
        if isinstance(french.get(line), str) and french[line] != line and len(line) > 3
    )
    assert not english, f"English left on the French {page}: {english}"


def test_the_sign_in_page_follows_the_browser_locale():
    with collecting_missing() as missing:
        at = AppTest.from_file(APP, default_timeout=60)
        at.context["locale"] = "fr-FR"
        at.run()
        assert not at.exception, at.exception
        assert not missing, sorted(missing)
    assert [t.value for t in at.title] == ["Se connecter"]
    assert [t.label for t in at.text_input][:2] == ["E-mail", "Mot de passe"]
    assert "J'ai un code d'invitation" in [e.proto.label for e in at.get("expander")]


def test_an_english_browser_gets_the_english_sign_in():
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = "en-GB"
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]


def test_the_member_chooses_french_on_my_account_and_back_to_the_browser(demo_db):
    riley = actor_for_email(demo_db, RILEY)
    assert riley is not None and riley.language is None
    try:
        at = signed_in_app(demo_db, RILEY)
        at.context["locale"] = "en-US"  # the browser's language, once no choice is stored
        at.run()
        at.switch_page("pages/account.py").run()
        assert at.title[0].value == "My account"
        picker = at.selectbox(key="my_language")
        assert picker.label == "Language of the interface"
        picker.select("fr").run()
        assert not at.exception
        # the page reran in French, and the choice is stored for the next sign-in
        assert at.title[0].value == "Mon compte"
        assert actor_for_email(demo_db, RILEY).language == "fr"
        assert at.selectbox(key="my_language").label == "Langue de l'interface"
        picker = at.selectbox(key="my_language")
        assert picker.options == ["English", "Français", "Langue du navigateur"]
        picker.select_index(2).run()  # "Langue du navigateur": no choice stored, the browser decides
        assert at.title[0].value == "My account"
        assert actor_for_email(demo_db, RILEY).language is None
    finally:
        workspace.set_my_language(demo_db, actor_for_email(demo_db, RILEY), None)
