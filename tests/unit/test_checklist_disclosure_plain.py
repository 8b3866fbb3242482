"""Issue 14 point 5: results said in plain words are disclosures.

The attack: "Q3 came in at 412 million in sales, well ahead of plan", "We did 412M in sales
last quarter" and "Quarterly sales hit $412 million" were `ok` (no "revenue", no "results").
Sales, turnover, bookings, ARR, a revenue run-rate, "came in at", "ahead of plan/guidance",
with a figure and a period in the same sentence, are results: blocked like "revenue" with a
figure. The same words without a figure or without a period stay clean.
"""

from __future__ import annotations

import pytest

from assistant.checklist import check_text
from assistant.checklist.loader import load_config

CONFIG = load_config()

PLAIN_RESULTS = [
    # the three posts of the issue
    "Q3 came in at 412 million in sales, well ahead of plan",
    "We did 412M in sales last quarter",
    "Quarterly sales hit $412 million",
    # variants
    "Our ARR crossed $50M this quarter.",
    "Bookings this quarter reached $1.2bn, comfortably ahead of guidance.",
    "FY24 turnover was €3.4bn, a record for us.",
    "We closed Q2 with $18M in new bookings!",
    "Revenue run-rate is now $120M as of this month.",
    "Hit $10M ARR this year. Thank you team!",
    "$412M this quarter, well ahead of plan.",
    "H1 top line came in at about $2.4M.",
]
PLAIN_RESULTS_FR = [
    "Le T3 s'établit à 412 millions de ventes",
    "On a fait 412 M€ de ventes le trimestre dernier",
    "Les prises de commandes du trimestre atteignent 1,2 Md€",
    "Les réservations du semestre s'élèvent à 80 M€.",
    "L'ARR dépasse 50 M€ ce trimestre",
    "Ce trimestre, 12 M€ de prises de commandes : bravo l'équipe !",
    "Chiffre d'affaires 2024 : 3,4 milliards d'euros, en avance sur le plan.",
    "Le CA du T2 ressort à 18 M€.",
]
CLEAN = [
    "Our sales team is hiring this quarter",
    "We hit our stride this quarter",
    "Sales are a team sport.",
    "Our sales team of 1,200 had a great year",
    "Thanks to our 40 sales people this quarter",
    "I read 12 books this year, ahead of plan!",
    "The conference came in at 300 attendees this year",
    "We did 412M in sales",  # a figure but no period: not read as a result on its own
    "Our run-rate of releases: 12 per quarter",
    "Notre équipe commerciale recrute ce trimestre",
    "Nous avons 1 200 commerciaux en 2024",
    "Merci aux 40 vendeurs ce trimestre",
    "Ça a marché ce trimestre, merci à tous",
]


@pytest.mark.parametrize("text", PLAIN_RESULTS + PLAIN_RESULTS_FR)
def test_a_plainly_worded_result_is_blocked_as_a_disclosure(text: str) -> None:
    result = check_text(text, "x", CONFIG)
    assert result.verdict == "block", text
    assert any(f.rule == "disclosure.results" and f.severity == "block" for f in result.findings), result.findings


@pytest.mark.parametrize("text", CLEAN)
def test_the_same_words_without_a_result_stay_clean(text: str) -> None:
    result = check_text(text, "x", CONFIG)
    assert [f.rule for f in result.findings if f.category == "disclosure"] == [], text


def test_the_message_says_why_in_the_posts_language() -> None:
    en = check_text("We did 412M in sales last quarter", "x", CONFIG)
    (finding,) = [f for f in en.findings if f.rule == "disclosure.results"]
    assert finding.message.startswith("Gives a figure about '412M in sales'")
    assert (finding.start, finding.end) == (7, 7 + len("412M in sales"))
    fr = check_text("On a fait 412 M€ de ventes le trimestre dernier", "x", CONFIG)
    (finding,) = [f for f in fr.findings if f.rule == "disclosure.results"]
    assert finding.message.startswith("Chiffre financier ('412 M€ de ventes')")


def test_the_period_must_be_in_the_same_sentence() -> None:
    # "block_near": a plain result counts only with a period in its sentence
    assert check_text("We did 412M in sales. Great quarter for the team.", "x", CONFIG).verdict == "ok"
    assert check_text("Great quarter for the team: we did 412M in sales.", "x", CONFIG).verdict == "block"


def test_the_new_lists_stay_linear_on_long_numbers() -> None:
    # The first version of these lists re-read a run of digits from each of its positions:
    # 4 s for 5,000 digits, ~2 minutes for 25,000. A subprocess with a generous timeout bounds
    # the work (the texts take milliseconds now), not the speed of this machine.
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "from assistant.checklist import check_text\n"
        "from assistant.checklist.loader import load_config\n"
        "c = load_config()\n"
        "for t in ('1' * 25_000 + ' sales this quarter', '1,' * 12_500 + ' sales Q3', '1.' * 12_500 + ' sales Q3',\n"
        "          '1 ' * 12_500 + ' ventes ce trimestre', '$1' * 12_500 + ' sales ahead of plan Q3'):\n"
        "    print(check_text(t, 'x', c).verdict)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60, check=True
    )
    verdicts = done.stdout.split()
    assert len(verdicts) == 5 and set(verdicts) <= {"ok", "needs_review", "block"}
