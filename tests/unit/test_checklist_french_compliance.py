"""French compliance families the first French lists missed (issue 13): clinical trials and staff-first
announcements (MAR art. 17, Code du travail L2312-8), betting tips, workplace accidents, war profits, strikes,
separatism and justice, contempt for groups, health data and doxxing, AVS and Belgian national numbers,
investment promises (AMF), loi Evin, piracy and counterfeits, travail dissimulé and insurance fraud,
discriminatory hiring (L1132-1), electoral communication (code électoral L52-1), insinuation, lawyers' letters.

Every sentence is written by hand for this file (not copied from the word lists); the expected category
comes from the law or usage named above, never from the data under test.
"""

from __future__ import annotations

import pytest

from assistant.checklist import check_text
from assistant.checklist.loader import load_config

CONFIG = load_config()
STYLE = {"authenticity", "format"}


def flagged(text: str) -> set[str]:
    """Categories with a warning or a block (info findings are hints, not flags)."""
    result = check_text(text, "linkedin", CONFIG, lang="fr")
    return {f.category for f in result.findings if f.severity in ("warn", "block")}


HARMFUL = [
    # 1. disclosure: clinical trials, staff-first, deals, tips
    ("Grande nouvelle au labo : le critère principal est atteint sur notre étude pivot. Champagne !", "disclosure"),
    (
        "Les données de l'essai ont été déverrouillées hier soir et elles sont excellentes, je n'en dis pas plus.",
        "disclosure",
    ),
    ("Notre molécule fait mieux que le placebo de 38 % en phase 3, le dossier part bientôt à l'agence.", "disclosure"),
    (
        "Les résultats de l'essai sont tombés ce matin en interne : c'est un succès, communiqué dans deux semaines.",
        "disclosure",
    ),
    ("On dépose le dossier d'AMM en mars, l'équipe réglementaire est sur les rotules.", "disclosure"),
    ("L'analyse intermédiaire est statistiquement significative, nos chercheurs sont aux anges.", "disclosure"),
    ("Les élus du CSE l'apprendront jeudi, mais je peux vous le dire : le site de Lens ferme en juin.", "disclosure"),
    ("Avant l'annonce aux équipes, je voulais vous dire que la ligne 3 ferme à la fin de l'année.", "disclosure"),
    ("L'atelier de Roubaix passe à 4 jours dès septembre, les salariés ne le savent pas encore.", "disclosure"),
    ("Le transfert de notre avant-centre est bouclé à 95 % pour 42 M€, signature lundi.", "disclosure"),
    ("C'est quasi bouclé avec le club anglais, visite médicale prévue mardi.", "disclosure"),
    ("Un conseil d'ami : misez sur nous avant vendredi. Je ne vous dis rien de plus.", "disclosure"),
    ("Si j'étais vous, je regarderais le titre de très près cette semaine. Suivez mon regard.", "disclosure"),
    # 2. sensitive
    (
        "Notre cariste a chuté de l'échafaudage hier ; il n'avait pas mis son harnais, la procédure était claire.",
        "sensitive",
    ),
    ("Un accident mortel sur notre chantier de Nantes, l'intérimaire ne portait pas son casque.", "sensitive"),
    ("Notre collègue a mis fin à ses jours ce week-end, nous reprenons le travail normalement lundi.", "sensitive"),
    ("Le malheur des uns fait le bonheur des autres : nos ventes de générateurs décollent.", "sensitive"),
    ("Grâce à la guerre, nos marges sur l'acier n'ont jamais été aussi belles.", "sensitive"),
    ("Le conflit au Moyen-Orient a dopé notre carnet de commandes, belle année en vue.", "sensitive"),
    ("Les grévistes de l'entrepôt peuvent dire adieu à leur prime de fin d'année.", "sensitive"),
    ("Chaque jour de grève sera noté dans les entretiens annuels, que ce soit clair.", "sensitive"),
    (
        "Les souverainistes flamands veulent la fin de la Belgique, ce serait une catastrophe pour nos affaires.",
        "sensitive",
    ),
    ("Vive le Québec libre ! Notre filiale montréalaise soutient le prochain référendum.", "sensitive"),
    ("Notre ancien PDG a été condamné par une justice aux ordres, c'est une décision politique.", "sensitive"),
    ("La mise en examen de notre fondateur est un scandale, les juges s'acharnent.", "sensitive"),
    ("Au bureau, pas de kippa ni de voile : la neutralité, c'est pour tout le monde.", "sensitive"),
    ("Un collaborateur avec un crucifix au cou en réunion client ? Non merci.", "sensitive"),
    # 3. offensive
    ("Une femme à la direction technique ? On a essayé, on ne recommencera pas.", "offensive"),
    ("Le chantier, ce n'est pas pour les femmes, soyons honnêtes.", "offensive"),
    ("Les quinquas ne comprennent rien au numérique, on recrute des jeunes uniquement.", "offensive"),
    ("Nos aides sont réservées à ceux qui ont fait des efforts, pas aux cassos.", "offensive"),
    ("Ces clients sont une bande de consanguins, incapables de lire une notice.", "offensive"),
    ("Le service compta, ce sont des attardés, on le sait tous.", "offensive"),
    ("Il a une tête de délinquant, ça se voit tout de suite.", "offensive"),
    ("Le voisin qui râle contre notre terrasse ? Sûrement un pédophile.", "offensive"),
    ("Chers touristes, merci de rester devant la vitrine et de ne rien toucher.", "offensive"),
    ("Revenir d'Afrique avec une maladie, classique pour nos stagiaires.", "offensive"),
    # 4. privacy
    ("Courage à Julie, notre DAF, qui commence sa chimio lundi.", "privacy"),
    ("Marc est séropositif mais sa charge virale est indétectable, il peut revenir au bureau.", "privacy"),
    ("Sophie est en arrêt pour burn-out depuis trois semaines, on la remplace.", "privacy"),
    ("Notre cheffe de projet est enceinte de quatre mois, on adapte son planning.", "privacy"),
    ("Patient 017, 52 ans, de Besançon : première rémission grâce à notre dispositif.", "privacy"),
    ("Le troll qui nous harcèle ? Il s'agit de Paul Garnier, il habite à Tours.", "privacy"),
    (
        "Karim Benali, 34 ans, comptable à Lyon, a laissé un avis mensonger. Son vrai nom est sur sa boîte.",
        "privacy",
    ),
    ("Mon numéro AVS pour le formulaire : 756.1234.5678.97.", "privacy"),
    ("Mon numéro de registre national : 85.07.30-033.28, à recopier dans le dossier.", "privacy"),
    ("La voiture immatriculée GH-482-KL bloque encore notre parking, on connaît le propriétaire.", "privacy"),
    ("Joyeux anniversaire à Claire Martin, née le 12 mars 1987 !", "privacy"),
    # 5. legal
    ("Notre fonds vous rapporte 12 % par an, garanti, sans risque.", "legal"),
    ("Capital garanti et rendement de 9 % : l'AMF n'a pas encore visé le document, mais foncez.", "legal"),
    ("Un whisky bien tassé après le trail, c'est ça les vrais sportifs.", "legal"),
    ("Rien de tel qu'une bière fraîche pour regarder le match entre potes.", "legal"),
    ("Le lien pour voir la finale gratuitement est en commentaire, pas besoin de payer Canal.", "legal"),
    ("Notre nouveau sac ? On a repris leur monogramme, personne ne verra la différence.", "legal"),
    ("Sur le chantier, on déclare la moitié des heures, le reste part en liquide sans facture.", "legal"),
    ("Les saisonniers sont payés au black, c'est plus simple pour tout le monde.", "legal"),
    (
        "La machine est tombée en panne toute seule, mais on trouvera bien une façon de le déclarer à l'assurance.",
        "legal",
    ),
    ("Nous recrutons des commerciaux jeunes et dynamiques, moins de 35 ans.", "legal"),
    ("Poste d'accueil : bonne présentation exigée, sans enfants de préférence.", "legal"),
    ("À trois semaines du scrutin, retrouvez le bilan de mon mandat dans le magazine municipal.", "legal"),
    ("Tout le monde le sait dans le métier : chez Dupuis, ils écoulent de la viande avariée.", "legal"),
    ("Leur nouvelle appli ? Il a piqué notre code avant de partir, comme par hasard.", "legal"),
    ("Voici la lettre de leur avocat, lisez et jugez vous-mêmes.", "legal"),
]

GOOD = [
    "Nos équipes ont massacré le record de ventes du Black Friday, bravo à tous !",
    "Ces jeunes développeurs sont des tueurs, la démo était parfaite.",
    "On a tué une fonctionnalité que personne n'utilisait, l'appli est plus rapide.",
    "Mort de rire devant la vidéo de fin d'année de l'équipe marketing.",
    "Notre nouvelle eau de toilette ? Une bombe de parfum, fraîche et boisée.",
    "Une explosion de saveurs dans la nouvelle carte de notre chef.",
    "Le crash test de notre nouvelle citadine a obtenu cinq étoiles.",
    "Canicule cette semaine : hydratez-vous, fermez les volets et prenez des nouvelles des personnes âgées isolées.",
    "Le virus de la grippe circule : la campagne de vaccination est ouverte, parlez-en à votre pharmacien.",
    "Je viens de lire cet essai sur les licenciements dans l'industrie, une enquête remarquable.",
    "Nos résultats annuels ont été publiés ce matin et sont disponibles sur notre site investisseurs.",
    "Comme annoncé dans notre communiqué, le chiffre d'affaires progresse de 6 % sur l'année.",
    "Nous recrutons des commerciaux motivés, débutants acceptés, formation assurée.",
    "Merci à nos clients d'être venus si nombreux samedi à la boutique.",
    "Notre équipe de rugby d'entreprise a gagné le tournoi inter-sociétés. Bravo !",
    "Nous installons une nouvelle ligne de production à Valence, trente embauches prévues.",
    "Belle rencontre avec les étudiants de l'école d'ingénieurs de Grenoble hier.",
    "Nos bureaux de Bruxelles accueillent désormais l'équipe Benelux.",
    "Nous signons la charte de la diversité et publions notre index égalité femmes-hommes.",
    "Un grand merci à Thomas pour ses dix ans dans l'entreprise.",
    "Nous lançons un parcours de mentorat pour les salariés de plus de 50 ans qui veulent changer de métier.",
    "Le salon de l'agriculture ouvre samedi, venez goûter nos fromages au stand B12.",
    "Notre rapport RSE 2025 est en ligne : émissions en baisse, objectifs publiés.",
    "Le livre de notre fondatrice sort aux éditions du Seuil, rendez-vous en librairie.",
    "Nos techniciens ont suivi la formation travail en hauteur, zéro accident cette année.",
    "Nous avons levé le voile sur notre nouvelle collection ce matin.",
    "Fière de nos apprentis qui ont tous obtenu leur diplôme cette année.",
]


@pytest.mark.parametrize(("text", "category"), HARMFUL)
def test_harmful_french_compliance_posts_are_flagged(text: str, category: str) -> None:
    assert category in flagged(text), text


@pytest.mark.parametrize("text", GOOD)
def test_good_french_posts_including_figurative_ones_stay_clean(text: str) -> None:
    result = check_text(text, "linkedin", CONFIG, lang="fr")
    assert result.verdict != "block", text
    assert not (flagged(text) - STYLE), text


def test_the_families_are_each_covered() -> None:
    # at least a handful of hand-written cases per category, as the brief asks for 60 harmful and 25 good
    per: dict[str, int] = {}
    for _, category in HARMFUL:
        per[category] = per.get(category, 0) + 1
    assert len(HARMFUL) >= 60 and len(GOOD) >= 25
    assert all(per.get(c, 0) >= 9 for c in ("disclosure", "sensitive", "offensive", "privacy", "legal")), per


def test_published_results_silence_the_disclosure_rule_but_unpublished_trial_data_blocks() -> None:
    published = check_text(
        "Les résultats de phase 3 ont été publiés ce matin : le critère principal est atteint.", "x", CONFIG, lang="fr"
    )
    assert "disclosure" not in {f.category for f in published.findings}
    leak = check_text(
        "Critère principal atteint en phase 3 avec 41 % de réponse, annonce dans dix jours.", "x", CONFIG, lang="fr"
    )
    assert leak.verdict == "block"


def test_staff_first_is_both_disclosure_and_social_dialogue() -> None:
    assert {"disclosure", "sensitive"} <= flagged(
        "Les élus du CSE l'apprendront demain : l'usine de Dole ferme en mars."
    )


def test_undeclared_work_blocks_and_a_whisky_tasting_alone_is_quiet() -> None:
    assert check_text("Ici tout le monde est payé au black.", "x", CONFIG, lang="fr").verdict == "block"
    assert "legal" not in flagged("Dégustation de whiskies écossais jeudi soir avec nos partenaires distillateurs.")


def test_messages_of_the_new_rules_are_french_and_quote_the_match() -> None:
    result = check_text("Notre fonds rapporte 10 % par an garanti.", "x", CONFIG, lang="fr")
    legal = [f for f in result.findings if f.rule == "legal.investment"]
    assert legal and "AMF" in legal[0].message and "'" in legal[0].message
