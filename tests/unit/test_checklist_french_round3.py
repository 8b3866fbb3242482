"""French checklist, third round (issue 13): families of wording the earlier French lists missed.

Authenticity: LinkedIn engagement bait, broetry and humblebrag storytelling, value-word hashtag stuffing,
institutional and crisis langue de bois. Sensitive: memorial dates of attacks used for a promotion, voting
instructions from an employer, religious practice dismissed at work. Offensive: vulgar expressions and
dehumanising comparisons. Privacy: HR screenshots and exports, passwords written without a colon. Legal:
"premier … de France" superlatives, undisclosed gifts and stays, discriminatory hiring, defamation by rumour.
Good posts: the false alarms seen on a held-out set (fraud as a product, past fundraising, salary ranges in
job ads, a shop's public address, a penetration test, figurative "drames" with objects).

Every sentence is written by hand for this file; the expected outcome comes from the requirement (issue 13
and the law or usage it cites), never from the data under test.
"""

from __future__ import annotations

import pytest

from assistant.checklist import check_text
from assistant.checklist.loader import load_config

CONFIG = load_config()
STYLE = {"authenticity", "format"}


def findings(text: str) -> list:
    return check_text(text, "linkedin", CONFIG, lang="fr").findings


def flagged(text: str) -> set[str]:
    """Categories with a warning or a block (info findings are hints, not flags)."""
    return {f.category for f in findings(text) if f.severity in ("warn", "block")}


# Short clichéd posts (20-40 words, one formula plus one more cliché): each must reach a warning.
AUTHENTICITY = [
    # engagement bait
    "Likez si vous pensez que la bienveillance est la clé du leadership moderne. Qui est d'accord ? 👇",
    "Commentez « OUI » et je vous envoie mon guide gratuit pour booster votre carrière en 30 jours.",
    "Partagez si ce message vous parle. Et taguez quelqu'un qui a besoin de l'entendre aujourd'hui. 💪",
    "Dites-le moi en commentaire : quel conseil auriez-vous donné à vos 20 ans ? Abonnez-vous pour plus de contenus.",
    "Écrivez « GUIDE » en commentaire pour recevoir gratuitement ma méthode. ♻️ Repostez pour aider votre réseau.",
    "Mettez un like si vous aussi vous croyez au pouvoir de l'audace. Suivez-moi pour plus de conseils chaque jour.",
    # broetry and humblebrag storytelling
    (
        "Ce matin, ma fille de 6 ans m'a demandé pourquoi je travaillais autant. Ce "
        "qu'elle m'a dit ensuite a changé ma vision du management."
    ),
    "On m'a refusé à 37 entretiens. J'ai dormi dans ma voiture. Aujourd'hui, je dirige une équipe de 120 personnes.",
    (
        "Ne laissez jamais personne vous dire que vos rêves sont trop grands. "
        "Moi, on me l'a dit cent fois. Relisez cette phrase."
    ),
    "Le leadership, ce n'est pas un titre. C'est une posture. Relisez cette phrase une deuxième fois.",
    "Un CDI, c'est bien. Un mindset d'entrepreneur, c'est mieux. Pensez-y avant votre prochain entretien.",
    (
        "Hier soir, mon fils de 8 ans m'a posé une question toute simple. Sa "
        "réponse m'a bouleversé. Le vrai luxe, c'est le temps."
    ),
    "Il y a cinq ans, j'étais au chômage et personne ne croyait en moi. Aujourd'hui, je dirige ma propre entreprise.",
    # value-word hashtag stuffing
    "Séminaire annuel terminé, merci à toutes et à tous pour ces deux jours. #RaisonDÊtre #Impact #Engagement #Valeurs",
    "Belle matinée avec nos nouveaux arrivants autour d'un café. #Humain #Bienveillance #Sens #Collectif #Gratitude",
    # institutional and crisis langue de bois
    (
        "Dans un esprit de co-construction, nous lançons une démarche concertée, "
        "transversale et ambitieuse, au service du vivre-ensemble."
    ),
    (
        "Face aux interrogations légitimes, la direction reste à l'écoute et mettra "
        "tout en œuvre, en responsabilité, pour apporter des réponses."
    ),
    (
        "Nous prenons acte de la décision. À ce stade, nous réaffirmons notre "
        "attachement indéfectible à la transparence et au dialogue."
    ),
    (
        "Pleinement engagée aux côtés des équipes, je reste à l'écoute de chacune "
        "et chacun dans un esprit de transparence et de dialogue."
    ),
]


@pytest.mark.parametrize("text", AUTHENTICITY)
def test_clichéd_short_posts_warn_in_authenticity(text: str) -> None:
    assert "authenticity" in flagged(text), text


def test_plain_post_with_one_borrowed_word_stays_a_hint() -> None:
    text = (
        "Merci à l'équipe support : 300 questions traitées en deux jours après la mise à jour de l'appli. "
        "Les retours des clients nourrissent déjà notre roadmap du trimestre, on en reparle lundi avec les commerciaux."
    )
    auth = [f for f in findings(text) if f.category == "authenticity"]
    assert auth, "the borrowed word should still be pointed out"
    assert all(f.severity == "info" for f in auth)


def test_two_value_hashtags_are_not_stuffing() -> None:
    text = "Vingt ans de l'atelier de Cholet fêtés hier avec les anciens et leurs familles. #Industrie #Cholet"
    assert "authenticity" not in flagged(text)


HARMFUL = [
    # sensitive: memorial dates of attacks and disasters used for a promotion
    ("13 novembre, on n'oublie pas 🕯️ Ce soir, happy hour jusqu'à 21 h au comptoir de la rue Oberkampf !", "sensitive"),
    (
        "7 janvier : pensée pour la rédaction. Et aujourd'hui, -20 % sur tous nos stylos avec le code LIBERTE.",
        "sensitive",
    ),
    (
        "14 juillet, Nice, nous n'oublions pas. Pour l'occasion, 2 achetées = 1 offerte sur la collection été.",
        "sensitive",
    ),
    ("11 septembre, souvenons-nous. Livraison offerte tout le week-end sur notre boutique en ligne.", "sensitive"),
    ("Le 22 mars, nous pensons aux victimes de Bruxelles 🕯️ Apéritif offert à tous nos clients ce soir.", "sensitive"),
    # sensitive: voting instructions from an employer
    ("Dimanche, votez bien. Vous savez ce qu'un certain parti ferait à nos commandes et à vos emplois.", "sensitive"),
    ("À mes salariés : pensez à l'avenir de l'usine avant d'aller voter dimanche prochain.", "sensitive"),
    (
        "Chers collaborateurs, je ne vous dirai pas pour qui voter, mais "
        "votez utile dimanche : l'entreprise en dépend.",
        "sensitive",
    ),
    # sensitive: religious practice dismissed at work
    (
        "Ramadan, Carême, peu importe : le planning ne bouge pas, et ceux "
        "qui veulent des aménagements savent où est la porte.",
        "sensitive",
    ),
    ("Chez nous, les fêtes religieuses de chacun, on s'en moque : pas de congé pour l'Aïd, point final.", "sensitive"),
    # offensive: vulgar expressions
    ("J'en ai ras le cul de ces transporteurs qui livrent avec trois jours de retard.", "offensive"),
    ("Ça me fait chier de devoir réexpliquer notre stratégie à des journalistes qui ne lisent rien.", "offensive"),
    ("Ce fournisseur se fout de nous depuis six mois, et il le sait très bien.", "offensive"),
    ("Quel casse-couilles, ce contrôleur qui revient tous les trois mois.", "offensive"),
    ("Encore un pisse-copie qui n'a pas ouvert le dossier avant d'écrire son papier.", "offensive"),
    ("Ce rapport est un torche-cul signé par un plumitif qui n'a jamais mis les pieds dans une usine.", "offensive"),
    ("Franchement, la direction régionale s'en fout complètement de ce qu'on vit sur le terrain.", "offensive"),
    # offensive: dehumanising comparisons aimed at people or competitors
    ("Nos concurrents low cost se multiplient comme les cafards, il va falloir les écraser.", "offensive"),
    ("Ces intermédiaires sont des sangsues qui vivent sur le dos des artisans.", "offensive"),
    ("Les lobbyistes d'en face ? Des rats, tout simplement.", "offensive"),
    ("Ces consultants sont de vrais parasites : ils facturent et disparaissent.", "offensive"),
    # privacy: HR screenshots and exports, passwords without a colon
    (
        "Petite capture d'écran du tableau RH : Julie Martin 3 200 €, en arrêt "
        "maladie depuis trois semaines, Karim Benali 2 900 €.",
        "privacy",
    ),
    (
        "Voici l'export de la paie de mars avec le salaire de chacun, nom par nom, pour couper court aux rumeurs.",
        "privacy",
    ),
    (
        "Je partage le tableau des arrêts maladie du trimestre, avec les noms, pour que chacun sache qui manque.",
        "privacy",
    ),
    ("Pour les visiteurs du salon, le mdp Soleil2024! est affiché à l'accueil.", "privacy"),
    ("Nouveau réseau invités au bureau, mot de passe Bureau75011, profitez-en.", "privacy"),
    ("Le code wifi Printemps2025 fonctionne dans toutes les salles de réunion.", "privacy"),
    ("Rappel à l'équipe compta : le mot de passe du logiciel de paie reste Azerty!", "privacy"),
    # legal: superlatives
    ("Premier cabinet d'expertise comptable de France, et de loin. Merci à nos clients.", "legal"),
    ("Le meilleur restaurant de fruits de mer de la Méditerranée, c'est chez nous, à Sète.", "legal"),
    ("Notre maison, leader incontesté du macaron en Provence depuis 1982.", "legal"),
    ("La meilleure mutuelle de France pour les indépendants, tout simplement.", "legal"),
    ("Notre chocolat noir est le meilleur du monde, et ce n'est pas moi qui le dis.", "legal"),
    # legal: undisclosed gifts and stays
    ("Séjour « test » de trois nuits à l'hôtel @LesVoilesBlanches : vue incroyable, je recommande.", "legal"),
    ("Invitée par @MaisonDuParfum pour découvrir leur nouvelle gamme, je suis conquise.", "legal"),
    ("Montre offerte par @HorlogerieDuval, je ne la quitte plus depuis une semaine.", "legal"),
    ("On m'a offert ce casque @Sonora et franchement, le son est bluffant.", "legal"),
    # legal: discriminatory hiring
    ("Nous recrutons un commercial jeune, dynamique, de moins de 30 ans, pour notre agence de Tours.", "legal"),
    ("Cherche vendeuse bien de chez nous, sans contraintes familiales, disponible le week-end.", "legal"),
    ("Poste d'assistant(e) de direction : envoyez CV + photo. Pas de seniors, merci.", "legal"),
    ("Recherche serveur, 25 ans maximum, bonne présentation exigée.", "legal"),
    # legal: defamation by rumour
    ("Le patron du garage d'en face fraude le fisc, tout le monde le sait dans le quartier.", "legal"),
    ("Le traiteur concurrent vend du poisson congelé pour du frais, tout le monde le sait dans le métier.", "legal"),
    ("Notre ancien associé a détourné de l'argent, tout le monde le sait dans la profession.", "legal"),
    (
        "Chez le boulanger d'à côté, c'est du pain industriel surgelé vendu comme artisanal, demandez à n'importe qui.",
        "legal",
    ),
]


@pytest.mark.parametrize(("text", "category"), HARMFUL)
def test_harmful_posts_are_flagged(text: str, category: str) -> None:
    assert category in flagged(text), text


GOOD = [
    # fraud as a product topic, not an accusation
    (
        "Notre équipe data a mis en production un outil de détection de fraude "
        "aux faux RIB : 400 tentatives bloquées en un mois."
    ),
    "Webinaire jeudi : comment nos clients repèrent la fraude au président avant le virement.",
    # past, already public fundraising
    "Il y a trois ans, nous annoncions notre levée de fonds de 5 M€. Depuis, l'équipe est passée de 8 à 40 personnes.",
    "En 2021, nous bouclions notre série A ; aujourd'hui, 12 000 clients nous font confiance.",
    # job ads with a salary range
    (
        "Nous recrutons un ou une comptable confirmé(e) en CDI à Bordeaux, "
        "salaire 45–55 k€ selon expérience, deux jours de télétravail."
    ),
    "Poste de chef de projet à Lille : rémunération 60 k€ + variable, package attractif, démarrage en janvier.",
    # a shop's public address
    "Notre nouvelle boutique ouvre samedi au 8 rue des Tanneurs à Rennes, venez nous voir !",
    "Notre magasin déménage : venez nous voir au 14 avenue Jean Jaurès dès lundi matin.",
    # penetration test
    (
        "Notre site de démonstration a été « piraté » pendant le test "
        "d'intrusion commandé à un cabinet externe : c'était le but."
    ),
    # figurative "drames" with objects
    "Journée noire au bureau : la machine à café a rendu l'âme ce matin. RIP, fidèle compagne.",
    "Drame à l'open space : l'imprimante nous a quittés. Paix à son âme.",
    "Catastrophe du jour : le wifi est tombé en pleine démo client. On a ri, après.",
    # near misses of the new families
    "Ras le bol des réunions qui débordent : on teste les réunions de 25 minutes à partir de lundi.",
    "Notre société de dératisation intervient dans les restaurants : rats, souris et cafards n'ont qu'à bien se tenir.",
    "Le tableau de bord de nos ventes en ligne est désormais public, capture d'écran ci-dessous.",
    "Changez votre mot de passe tous les trois mois et activez la double authentification.",
    "Pensez à un mot de passe d'au moins 12 caractères, c'est la première règle de notre formation.",
    "Collaboration commerciale avec @MaisonDuParfum : j'ai testé leur nouvelle gamme pendant un mois.",
    "Invité par @BpiFrance à intervenir sur la réindustrialisation à Lyon jeudi, au plaisir de vous y croiser.",
    "Classés parmi les employeurs préférés de la région par le palmarès publié ce mois-ci, merci aux équipes.",
    "Nous recrutons deux développeurs à Nantes, tous profils et tous parcours bienvenus, CDI, télétravail possible.",
    "Le 14 juillet, notre boutique de Nice reste ouverte de 10 h à 19 h.",
    "Il fait un temps à ne pas mettre un commercial dehors, mais la tournée continue. Merci à l'équipe de Brest.",
    "Le fisc a simplifié la déclaration des indépendants cette année, voici nos trois conseils pour la remplir.",
    "Nos surgelés sont étiquetés comme tels, et nous en sommes fiers : la qualité n'a rien à cacher.",
    "Le meilleur moment de ma semaine : le café du vendredi avec les apprentis.",
]


@pytest.mark.parametrize("text", GOOD)
def test_good_posts_are_not_flagged(text: str) -> None:
    found = findings(text)
    assert not [f for f in found if f.severity == "block"], text
    assert not {f.category for f in found if f.severity == "warn"} - STYLE, text
