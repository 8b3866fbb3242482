"""The product in French, in headless Chromium with a French browser (issue 13): the sign-in page follows the
browser's locale; a French executive drafts in French and sees French findings on a risky French post; a
reviewer signs every item in French; the response-times page shows French formats; a refresh and a phone-sized
screen stay in French; a member's own choice (My account) wins over the browser."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from assistant.language import detect
from assistant.services import posts, workspace
from assistant.storage.db import Database
from tests.conftest import fresh_database_url
from tests.e2e.conftest import FRENCH_SIGN_IN, screenshot, seeded_demo, served_app, sign_in, wait_idle

pytestmark = pytest.mark.e2e

MAYA = ("maya@lumengrid.example", "executive-demo-1")
RILEY = ("riley@lumengrid.example", "reviewer-demo-1")
PHONE = {"width": 390, "height": 844}
RISKY = (
    "Notre chiffre d'affaires du T3 progresse de 40 % et nous relevons nos prévisions. Appelez-moi au 06 12 34 56 78."
)
IN_REVIEW = "Merci à l'équipe de nuit de Lyon pour ce chantier livré en avance. Nous recrutons, écrivez-moi !"


@pytest.fixture(scope="module")
def french_app(tmp_path_factory) -> Iterator[tuple[str, Database, int]]:
    """(app url, its database, a French post waiting for review)."""
    for db_url in fresh_database_url(tmp_path_factory.mktemp("e2e-french")):
        db = seeded_demo(db_url)
        maya = workspace.actor_for_email(db, MAYA[0])
        executive_id = workspace.list_executives(db, maya)[0].id
        post_id = posts.create_draft(db, maya, executive_id, "x", IN_REVIEW).id
        posts.submit_for_review(db, maya, post_id)
        try:
            with served_app(db_url) as url:
                yield url, db, post_id
        finally:
            db.engine.dispose()


@pytest.fixture
def french_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _sign_in(page, url: str, email: str, password: str) -> None:
    sign_in(page, url, email, password, FRENCH_SIGN_IN)


def _open(page, title: str) -> None:
    nav = page.locator('[data-testid="stSidebarNav"]')
    if not nav.is_visible():  # a phone: the sidebar starts closed
        page.locator('[data-testid="stExpandSidebarButton"]').first.click()
    nav.get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).first.wait_for()
    wait_idle(page)


def _post_box(page):
    return page.get_by_role("textbox", name="Publication", exact=True)


def test_a_french_executive_drafts_in_french_and_sees_french_findings(french_app, french_page) -> None:
    url, _db, _post = french_app
    page = french_page
    page.goto(url)
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()  # the browser's locale, signed out
    screenshot(page, "fr-sign-in")
    _sign_in(page, url, *MAYA)
    _open(page, "Rédiger")

    idea = page.get_by_role("textbox", name="Idée, notes ou lien")
    idea.click()
    idea.press_sequentially("Visite de notre atelier de Lyon ce matin avec l'équipe de nuit, quelle rigueur", delay=10)
    three = page.get_by_role("button", name="Rédiger trois versions")
    expect(three).to_be_enabled(timeout=10_000)  # the live typing component applied the French-labelled box
    three.click()
    page.get_by_role("button", name="Utiliser ce brouillon").first.wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Utiliser ce brouillon").first.click()
    wait_idle(page)
    # the editor is rebuilt with the draft (a new widget); the old one may linger, stale, until the rerun ends
    page.wait_for_function(
        """() => { const boxes = [...document.querySelectorAll('textarea[aria-label="Publication"]')];
                   return boxes.length === 1 && boxes[0].value.trim() !== ""; }""",
        timeout=30_000,
    )
    draft = _post_box(page).input_value()
    assert draft and detect(draft) == "fr", draft  # the offline drafter wrote French, not English around it

    box = _post_box(page)
    box.fill(RISKY)
    box.press("Tab")
    wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("Bloqué", exact=True).first).to_be_visible(timeout=15_000)
    expect(main.get_by_text(re.compile("Chiffre financier")).first).to_be_visible()
    expect(main.get_by_text(re.compile("numéro de téléphone")).first).to_be_visible()
    text = main.inner_text()
    for english in ("Gives a figure", "phone number", "Blocked", "Needs a careful look"):
        assert english not in text
    screenshot(page, "fr-compose-findings")

    # a refresh keeps the session and the language; so does a phone-sized screen
    page.set_viewport_size(PHONE)
    page.reload()
    page.get_by_role("heading", name="Rédiger").first.wait_for()
    wait_idle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    screenshot(page, "fr-compose-phone")


def test_a_reviewer_signs_every_item_in_french(french_app, french_page) -> None:
    url, _db, post_id = french_app
    page = french_page
    _sign_in(page, url, *RILEY)
    page.goto(f"{url}/review?open={post_id}")
    page.get_by_role("heading", name="Relecture").first.wait_for()
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Publication")).to_have_value(re.compile(rf"^#{post_id} · "))
    expect(page.get_by_text("Lisez-la comme votre client le plus mécontent")).to_be_visible()
    sign_all = (
        "Je l’ai lu avec les yeux des quatre lecteurs et j’ai vérifié les faits, les liens et les identifications"
    )
    page.get_by_role("button", name=sign_all).click()
    page.get_by_text(re.compile(r"points signés sur la version 1")).first.wait_for()
    expect(page.get_by_text(re.compile(r"signé par Riley"))).to_have_count(7)
    screenshot(page, "fr-review-signed")


def test_response_times_read_in_french_formats(french_app, french_page) -> None:
    url, _db, _post = french_app
    page = french_page
    _sign_in(page, url, *MAYA)
    _open(page, "Temps de réponse")
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    text = main.inner_text()
    # percentages with a decimal comma and a space before %, durations in h / min, French day names
    assert re.search(r"\d[\s\u202f\u00a0]%", text), text[:2000]
    assert not re.search(r"\d%", text)  # French puts a space before %
    assert re.search(r"\d+ (h|min)\b", text)
    assert not re.search(r"\d+\.\d ?%", text)  # no English decimal point
    assert "heure de" in text  # the zone named in French ("heure de New York")
    screenshot(page, "fr-response-times")


def test_the_members_own_choice_wins_over_the_browser(french_app, browser) -> None:
    url, db, _post = french_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        sign_in(page, url, *MAYA)
        maya = workspace.actor_for_email(db, MAYA[0])
        workspace.set_my_language(db, maya, "fr")
        page.reload()
        page.get_by_role("heading", name="Ce qui m'attend").wait_for()
    finally:
        workspace.set_my_language(db, workspace.actor_for_email(db, MAYA[0]), None)
        context.close()
