"""The checklist in French: every category flags French posts, good French posts stay clean,
and every message a French text gets is in French (issue 13, point 2).

Expectations are written by hand from the issue and French law/usage (MAR art. 17, loi
n° 2023-451, NIR and IBAN keys), never read back from the data under test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.checklist import check_text
from assistant.checklist.loader import load_config

CONFIG = load_config()
DATA = Path(__file__).resolve().parents[2] / "assistant" / "checklist" / "data"
EN_RULES = json.loads((DATA / "en" / "rules.json").read_text(encoding="utf-8"))["rules"]
FR_RULES = json.loads((DATA / "fr" / "rules.json").read_text(encoding="utf-8"))["rules"]
FR_LEXICONS = json.loads((DATA / "fr" / "lexicons.json").read_text(encoding="utf-8"))
FR_JARGON = json.loads((DATA / "fr" / "jargon.json").read_text(encoding="utf-8"))
STYLE = {"authenticity", "format"}


def flagged(text: str, platform: str = "x") -> set[str]:
    """Categories with a warning or a block (info findings are hints, not flags)."""
    return {f.category for f in check_text(text, platform, CONFIG).findings if f.severity in ("warn", "block")}


def rules(text: str, platform: str = "x") -> dict[str, str]:
    out: dict[str, str] = {}
    for f in check_text(text, platform, CONFIG).findings:
        if out.get(f.rule) != "block":
            out[f.rule] = f.severity
    return out


# --- the examples named in the issue ---------------------------------------------------------


def test_results_with_a_figure_and_raised_guidance_block_as_disclosure() -> None:
    found = rules("Notre chiffre d'affaires du T3 progresse de 40 % et nous relevons nos prévisions")
    assert found["disclosure.results"] == "block"
    assert found["disclosure.guidance"] == "block"


def test_a_results_word_alone_warns_and_the_figure_makes_it_a_block() -> None:
    assert rules("Le chiffre d'affaires ne dit pas tout de la santé d'une entreprise.")["disclosure.results"] == "warn"
    assert rules("Notre chiffre d'affaires atteint 1,2 Md€ sur l'exercice 2026.")["disclosure.results"] == "block"


def test_an_insult_of_a_journalist_is_a_personal_attack() -> None:
    assert rules("Ce journaliste est un abruti qui n'a rien compris à notre métier.")["offensive.insult"] == "block"


def test_a_discount_tied_to_a_terror_attack_is_newsjacking() -> None:
    found = rules("Après l'attentat de cette nuit, profitez de -20 % sur toute la boutique avec le code COURAGE.")
    assert found["sensitive.newsjacking"] == "block"
    calm = rules("Nos pensées vont aux victimes de l'attentat et à leurs proches.")
    assert calm.get("sensitive.tragedy") == "warn" and "sensitive.newsjacking" not in calm


@pytest.mark.parametrize(
    "text",
    [
        "Pour me joindre : 06 12 34 56 78, je réponds le soir.",
        "Pour me joindre : 06.12.34.56.78, je réponds le soir.",
        "Pour me joindre : 06-12-34-56-78, je réponds le soir.",
        "Pour me joindre : 0612345678, je réponds le soir.",
        "Pour me joindre : +33 6 12 34 56 78, je réponds le soir.",
        "Pour me joindre : +33 (0)6 12 34 56 78, je réponds le soir.",
        "Pour me joindre : 0033 6 12 34 56 78, je réponds le soir.",
    ],
)
def test_french_phone_numbers_in_their_usual_spellings(text: str) -> None:
    assert rules(text).get("privacy.phone") == "warn"


@pytest.mark.parametrize(
    "text",
    [
        "Notre plan stratégique 2024-2025 est sur les rails grâce à vous tous.",
        "Nous sommes désormais 1 200 collaborateurs dans 14 pays, merci à chacun.",
        "Rendez-vous le 12 03 à la réunion de l'équipe commerciale.",
    ],
)
def test_years_and_headcounts_are_not_phone_numbers(text: str) -> None:
    assert "privacy.phone" not in rules(text)


def test_a_health_cure_claim_is_a_legal_finding() -> None:
    found = rules("Notre nouveau complément guérit le cancer et renforce l'immunité de toute la famille.")
    assert found["legal.health_claim"] == "warn"


def test_a_layoff_announced_as_the_life_of_business() -> None:
    text = "120 collaborateurs vont quitter l'entreprise d'ici l'été. C'est la vie des affaires."
    assert rules(text)["sensitive.layoffs"] == "warn"
    assert "sensitive.layoffs" not in rules("La vie des affaires réserve de belles rencontres, comme ce salon à Lyon.")


@pytest.mark.parametrize(
    "text, rule",
    [
        ("Franchement, quel c0nnard ce fournisseur aujourd'hui.", "offensive.profanity"),
        ("P*tain de journée, mais on a tenu bon.", "offensive.profanity"),
        ("Seul un abrut1 peut croire ça.", "offensive.insult"),
        ("M.e.r.d.e alors, encore une panne.", "offensive.profanity"),
    ],
)
def test_lightly_obfuscated_swearing_is_caught(text: str, rule: str) -> None:
    assert rule in rules(text)


# NIR: key = 97 - (first 13 digits mod 97), computed by hand: 1850578006084 mod 97 = 6 -> key 91;
# Corsica counts 2A as 19: 2690219934173 mod 97 = 48 -> key 49.
@pytest.mark.parametrize(
    "number",
    ["1 85 05 78 006 084 91", "185057800608491", "2 69 02 2A 934 173 49"],
)
def test_a_social_security_number_with_its_right_key_blocks(number: str) -> None:
    assert rules(f"Pour mon dossier de mutuelle, voici mon numéro de sécurité sociale : {number}, merci.") == {
        "privacy.nir": "block"
    }


def test_a_social_security_number_with_a_wrong_key_is_not_flagged() -> None:
    text = "Pour mon dossier de mutuelle, voici mon numéro de sécurité sociale : 1 85 05 78 006 084 92, merci."
    assert "privacy" not in flagged(text)


def test_an_iban_blocks_only_when_its_mod_97_key_holds() -> None:
    # the French banking federation's example IBAN (check digits 76 valid), then one digit off
    valid = "Pour le remboursement, faites le virement sur mon compte, IBAN FR76 3000 6000 0112 3456 7890 189, merci."
    invalid = valid.replace("189", "188")
    assert rules(valid)["privacy.iban"] == "block"
    assert "privacy" not in flagged(invalid)


def test_a_postal_address_warns_but_a_yoga_class_does_not() -> None:
    assert rules("Venez fêter ça chez moi, 14 rue des Lilas, 69003 Lyon, samedi soir !")["privacy.address"] == "warn"
    assert "privacy.address" not in rules("Cette semaine, 3 cours de yoga offerts à toute l'équipe du siège.")


def test_a_password_blocks_but_advice_about_pin_codes_does_not() -> None:
    assert rules("Pour le wifi de la salle de réunion, mot de passe : Soleil2024! Bonne journée.")[
        "privacy.password"
    ] == ("block")
    assert "privacy" not in flagged("Ne communiquez jamais votre code PIN ni votre mot de passe, même à la banque.")


def test_an_undisclosed_gift_is_flagged_and_the_legal_mention_silences_it() -> None:
    gift = "Merci à @MaisonDupont pour ce magnifique coffret offert par la marque, je le recommande à tous !"
    assert rules(gift)["legal.endorsement"] == "warn"
    disclosed = "Collaboration commerciale. " + gift
    assert "legal.endorsement" not in rules(disclosed)
    assert "legal.endorsement" not in rules(gift + " #pub")


# --- every category, in French -------------------------------------------------------------

HARMFUL = [
    # disclosure (MAR art. 17, AMF)
    ("Notre marge opérationnelle atteint 14,5 % ce semestre, un record pour le groupe.", "disclosure"),
    ("L'EBITDA du premier semestre dépasse 412 M€, bien au-dessus du consensus.", "disclosure"),
    ("Nous abaissons nos objectifs annuels après un trimestre difficile.", "disclosure"),
    ("Nos livraisons d'avions ont atteint 12 000 appareils, un record absolu.", "disclosure"),
    ("Le carnet de commandes n'a jamais été aussi plein pour notre usine de Toulouse.", "disclosure"),
    ("Nous sommes en négociations exclusives pour le rachat de notre principal concurrent.", "disclosure"),
    ("Notre OPA sur Dupont Industries sera lancée à 42 € par action, le financement est sécurisé.", "disclosure"),
    ("Nous venons de lever 30 millions d'euros en série B, merci à nos investisseurs !", "disclosure"),
    ("Notre action est sous-évaluée : c'est le moment d'acheter l'action avant les résultats.", "disclosure"),
    ("Le cours de l'action va s'envoler, croyez-moi.", "disclosure"),
    ("J'ai vendu la moitié de mes actions hier soir, rien d'inquiétant pour la suite.", "disclosure"),
    ("L'ANSM vient de nous accorder l'autorisation de mise sur le marché pour notre traitement.", "disclosure"),
    ("L'Autorité de la concurrence a validé l'opération ce matin, nous pourrons bientôt en parler.", "disclosure"),
    ("Document strictement confidentiel, ne pas diffuser : la nouvelle gamme arrive en mars.", "disclosure"),
    ("Sous embargo jusqu'à jeudi : nous ouvrons trois usines en Espagne.", "disclosure"),
    ("Le projet Falcon avance bien, mais je ne peux pas encore en dire plus.", "disclosure"),
    # sensitive
    ("Terribles inondations dans le Sud-Ouest : nos pensées vont aux sinistrés.", "sensitive"),
    ("Séisme au Maroc : soldes exceptionnelles ce week-end pour soutenir le moral !", "sensitive"),
    ("Votez pour Renaissance dimanche, c'est la seule voie raisonnable.", "sensitive"),
    ("Le RN ne passera pas par nos usines : voilà mon message à toutes les équipes.", "sensitive"),
    ("Que Dieu bénisse nos équipes et leurs familles en ce temps de prière.", "sensitive"),
    ("Notre collègue Marc est en arrêt maladie pour un burn-out, soutenons-le.", "sensitive"),
    ("Sophie a été diagnostiquée d'un cancer, toute l'équipe est avec elle.", "sensitive"),
    ("Le plan social concernera 300 postes sur le site de Grenoble.", "sensitive"),
    ("Nous annonçons 450 suppressions de postes dans le cadre de notre restructuration.", "sensitive"),
    ("La rupture conventionnelle collective sera présentée aux salariés lundi.", "sensitive"),
    ("Nous recrutons sans regarder l'orientation sexuelle ni l'origine ethnique des candidats.", "sensitive"),
    # offensive
    ("Cette réunion était une putain de perte de temps.", "offensive"),
    ("Merde, encore un retard de livraison chez notre transporteur.", "offensive"),
    ("Ce concurrent est un escroc et un incompétent, tout le monde le sait.", "offensive"),
    ("@jdupont espèce de guignol, relisez vos chiffres avant d'écrire.", "offensive"),
    ("Les clients qui se plaignent sont des crétins.", "offensive"),
    ("Nos stagiaires sont des feignasses, à mon époque on travaillait.", "offensive"),
    # privacy
    ("Écrivez-moi directement sur jean.dupont@gmail.com pour en discuter.", "privacy"),
    ("Mon portable : 07 98 76 54 32, n'hésitez pas.", "privacy"),
    ("Notre nouveau bureau : 8 bis avenue Victor Hugo, 75016 Paris, passez nous voir chez moi.", "privacy"),
    ("Le code PIN de la carte de l'entreprise est 4821, à garder pour vous.", "privacy"),
    # legal
    ("Notre crème élimine les virus et prévient le cancer.", "legal"),
    ("Le forfait le moins cher de France, sans aucun risque pour vous.", "legal"),
    ("Le meilleur logiciel du marché, numéro 1 et imbattable.", "legal"),
    ("Rendement garanti de 8 %, satisfait ou remboursé.", "legal"),
    ("Dupont Assurances est une arnaque : ils volent leurs clients depuis des années.", "legal"),
    ("Le patron de MegaCorp est un escroc, je le dis haut et fort.", "legal"),
    ("Cadeau de @BeautéParis : j'adore ma nouvelle crème, utilisez mon code PAUL10 !", "legal"),
    ("Un grand merci à @HotelLuxe pour ce séjour offert par la direction, je recommande.", "legal"),
]


@pytest.mark.parametrize("text, category", HARMFUL)
def test_harmful_french_posts_are_flagged_in_their_category(text: str, category: str) -> None:
    assert category in flagged(text), text


JARGON_POSTS = [
    "Grâce à nos synergies, nous activons tous les leviers de création de valeur au service de nos parties prenantes.",
    "Notre ADN : une approche à 360 degrés, disruptive et impactante, pour faire bouger les lignes "
    "de notre écosystème.",
    "La montée en compétences de nos équipes est un quick win pour renforcer notre résilience et notre agilité.",
    "Dans un monde en constante évolution, il est crucial de co-construire un changement de paradigme. "
    "N'hésitez pas à me contacter.",
    "Nous sommes fiers d'annoncer notre partenariat stratégique : leader sur son marché, le groupe confirme son ADN.",
]


@pytest.mark.parametrize("text", JARGON_POSTS)
def test_langue_de_bois_is_flagged_with_a_score(text: str) -> None:
    result = check_text(text, "linkedin", CONFIG)
    assert "authenticity" in {f.category for f in result.findings if f.severity == "warn"}
    assert result.authenticity_score < 70


def test_jargon_message_suggests_plain_french() -> None:
    result = check_text("Cette synergie entre nos équipes fait plaisir à voir, bravo à tous.", "x", CONFIG)
    jargon = [f for f in result.findings if f.rule == "authenticity.jargon"]
    assert jargon and "travail en commun" in jargon[0].message and "'synergie'" in jargon[0].message


# --- good French posts stay clean ----------------------------------------------------------

GOOD = [
    "Nos équipes ont partagé les résultats d'apprentissage du programme de mentorat : bravo à tous.",
    "Il nous reste une belle marge de progrès sur l'accueil des nouveaux arrivants, on s'y met.",
    "Ce midi, cours de yoga avec l'équipe du siège : merci à Claire pour l'organisation.",
    "Notre objectif : zéro accident sur nos chantiers, chaque jour de l'année.",
    "Notre politique RSE avance : chaque site a désormais son référent climat.",
    "Fiers de notre partenariat avec l'université de Lyon pour former les ingénieurs de demain.",
    "Nous devons garantir la sécurité de chaque collaborateur, chaque jour, sur chaque site.",
    "Ce matin, j'ai passé deux heures avec l'équipe de nuit de notre usine de Valenciennes. Merci à eux.",
    "Bienvenue à Julie, qui rejoint le comité de direction comme directrice des ressources humaines !",
    "Notre nouvelle agence ouvre à Nantes : 25 recrutements prévus d'ici la fin de l'année.",
    "J'ai lu avec intérêt le rapport sur l'apprentissage en France. Trois idées à retenir pour nos équipes.",
    "Bravo à nos apprentis, qui ont tous obtenu leur diplôme cette année.",
    "Retour sur le salon VivaTech : de belles rencontres et beaucoup d'idées pour nos clients.",
    "Je ne suis pas le seul à penser que le télétravail demande de nouvelles habitudes de management.",
    "Merci à nos clients pour leur confiance pendant ces dix années. Rendez-vous pour la suite.",
    "Une pensée pour les équipes qui travaillent ce week-end pour que nos magasins soient prêts lundi.",
    "Aujourd'hui, nous avons planté 500 arbres avec les enfants de l'école voisine.",
    "Le syndrome de l'imposteur touche beaucoup de jeunes managers : parlons-en ouvertement.",
    "Votez pour notre projet aux Trophées de l'innovation, la cérémonie a lieu jeudi !",
    "Nos actions pour la diversité continuent : mentorat, bourses et stages de troisième.",
    "Attention aux arnaques au faux président : vérifiez toujours par un second canal avant un virement.",
    "Nous avons renforcé la lutte contre le blanchiment d'argent avec une nouvelle équipe conformité.",
    "Elle ne lâche rien : bravo à Léa pour son premier marathon, bouclé en moins de quatre heures.",
    "Il serait dommage de ne pas essayer : la curiosité reste notre meilleur outil.",
    "Votre mot de passe est personnel : ne le donnez jamais, même à quelqu'un qui se dit de votre banque.",
    "Le pin maritime : une essence robuste que nous utilisons pour toutes nos palettes.",
    "Ce matin, tour de table avec les nouveaux arrivants : chacun a partagé ce qui l'a surpris chez nous.",
    "La fusion de nos deux équipes support s'est faite en douceur, merci à tous pour votre patience.",
    "Nos prévisions météo pour le séminaire : pluie le matin, barbecue l'après-midi quoi qu'il arrive.",
    "Nous avons lancé la valorisation des déchets de nos ateliers : 60 % sont désormais recyclés.",
]


@pytest.mark.parametrize("text", GOOD)
def test_good_french_posts_stay_clean(text: str) -> None:
    result = check_text(text, "linkedin", CONFIG)
    noisy = [(f.rule, text[f.start : f.end]) for f in result.findings if f.category not in STYLE]
    assert noisy == [], text
    assert result.verdict != "block"


def test_format_messages_use_french_words_and_numbers() -> None:
    long_post = "Nous avons passé la journée avec nos équipes de Lyon, et je voulais vous raconter. " * 5
    result = check_text(long_post, "x", CONFIG)
    length = [f for f in result.findings if f.rule == "format.length"]
    assert length and length[0].message.startswith("Trop long pour X (280 caractères pondérés)")
    shout = check_text("NOUS SOMMES TRÈS FIERS DE NOS ÉQUIPES CE SOIR, BRAVO À TOUTES ET À TOUS", "x", CONFIG)
    assert any(f.rule == "format.all_caps" and "majuscules" in f.message for f in shout.findings)


# --- the French data: complete, French, and consistent --------------------------------------


def test_every_english_rule_has_a_french_entry() -> None:
    assert set(EN_RULES) <= set(FR_RULES)


def test_new_french_rules_are_complete() -> None:
    for rule in set(FR_RULES) - set(EN_RULES):
        spec = FR_RULES[rule]
        assert spec["category"] and spec["severity"] and spec["message"] and spec["lexicons"], rule


@pytest.mark.parametrize("rule", sorted(FR_RULES))
def test_french_messages_are_french_and_keep_the_placeholders(rule: str) -> None:
    fr, en = FR_RULES[rule], EN_RULES.get(rule, {})
    for key in ("message", "escalated_message"):
        if key in en:
            assert key in fr, (rule, key)
        if key not in fr:
            continue
        text = fr[key]
        assert text != en.get(key), rule
        # French words and punctuation, no English left over
        assert re.search(r"[àâçéèêëîïôûù]|\b(?:le|la|les|des|vous|votre|est|pas)\b", text), (rule, text)
        assert not re.search(r"\b(?:the|remove|your|with|before|check|this|it)\b", text), (rule, text)
        for placeholder in ("{match}", "{plain}"):
            if placeholder in en.get(key, ""):
                assert placeholder in text, (rule, placeholder)
        if rule.startswith("authenticity."):  # the engine puts the quoted words in place of '{match}'
            assert "'{match}'" in text, rule


def test_french_rules_name_only_french_lexicons() -> None:
    keys = ("lexicons", "block_lexicons", "weak_lexicons", "with_lexicons", "unless_lexicons")
    for rule, spec in FR_RULES.items():
        names = [n for k in keys for n in spec.get(k, [])] + [spec[k] for k in ("escalate_near",) if k in spec]
        assert all(n in FR_LEXICONS for n in names), rule
        if EN_RULES.get(rule, {}).get("lexicons"):
            assert spec.get("lexicons"), rule


def test_the_jargon_list_is_large_and_plain() -> None:
    entries = {k: v for k, v in FR_JARGON.items() if k != "_comment"}
    assert len(entries) >= 80
    assert entries["synergie"] == "travail en commun" and entries["leviers"] == "moyens"


def test_attested_items_have_the_english_keys_with_french_labels() -> None:
    en = json.loads((DATA / "en" / "attested.json").read_text(encoding="utf-8"))["items"]
    fr = json.loads((DATA / "fr" / "attested.json").read_text(encoding="utf-8"))["items"]
    assert [i["key"] for i in fr] == [i["key"] for i in en]
    assert all(f["label"] != e["label"] and f["help"] != e["help"] for f, e in zip(fr, en, strict=True))
    assert fr[0]["help"].startswith("Mon meilleur client, comment le lirait-il ?")


FRENCH_FLAGGED = [text for text, _ in HARMFUL[:12]] + [
    "Ce journaliste est un abruti qui n'a rien compris à notre métier.",
    "Pour me joindre : 06 12 34 56 78, je réponds le soir.",
]


@pytest.mark.parametrize("text", FRENCH_FLAGGED)
def test_a_french_text_gets_french_messages(text: str) -> None:
    result = check_text(text, "x", CONFIG)
    assert result.language == "fr"
    english = {spec.get(k) for spec in EN_RULES.values() for k in ("message", "escalated_message")}
    for f in result.findings:
        assert not re.search(r"\b(?:the|remove|your|before|check)\b", f.message), f.message
        assert f.message not in english


# --- wider French wording (held-out gaps: casual, spoken, LinkedIn and X registers) ----------
# Written by hand from the categories of wording the held-out review missed, not from the lists.

BROAD_HARMFUL = [
    # disclosure: stock opinions and buy/sell advice in casual words
    ("Franchement, à ce prix-là l'action est sous-évaluée. Moi j'en reprends.", "disclosure"),
    ("Achetez tant que c'est pas cher, je dis ça je dis rien 😉", "disclosure"),
    ("Ceux qui ont vendu nos titres la semaine dernière vont vite le regretter.", "disclosure"),
    ("C'est le moment de se positionner sur le titre, il ne restera pas longtemps à ce niveau.", "disclosure"),
    ("Le marché sous-estime complètement notre valeur, les investisseurs vont vite s'en rendre compte.", "disclosure"),
    ("Si vous n'avez pas encore de titres du groupe, il est encore temps 😉", "disclosure"),
    # disclosure: teasing a deal nobody has announced
    ("Gros deal en vue pour nous, je peux rien dire mais restez connectés 👀", "disclosure"),
    ("Je peux rien dire mais la semaine prochaine va faire du bruit 🚀", "disclosure"),
    ("Je ne peux pas en dire plus pour l'instant, mais une très grosse annonce arrive 🤫", "disclosure"),
    # disclosure: contracts, orders, customers
    ("Nous avons signé un contrat de 150 M€ avec un grand constructeur européen.", "disclosure"),
    ("Une commande ferme de 40 appareils vient de tomber, énorme fierté pour les équipes !", "disclosure"),
    ("Un très gros client du CAC 40 vient de signer avec nous, je ne peux pas encore dire lequel 😉", "disclosure"),
    ("Contrat pluriannuel de 80 millions d'euros remporté face à deux géants américains !", "disclosure"),
    # disclosure: stealth and code-named projects
    ("Le projet Hermine avance bien, on vous en dit plus très bientôt.", "disclosure"),
    ("Nos équipes travaillent en mode furtif sur quelque chose d'énorme.", "disclosure"),
    ("Notre start-up sort du stealth le mois prochain avec un produit qui va tout changer.", "disclosure"),
    # disclosure: operating metrics before the official figures
    ("Cap des 2 millions d'abonnés franchi ce trimestre ! Merci à tous.", "disclosure"),
    ("Record battu : 12 millions d'heures de visionnage en septembre sur la plateforme.", "disclosure"),
    ("Nous avons dépassé les 500 000 clients actifs ce mois-ci, un an avant l'objectif.", "disclosure"),
    ("On franchit le cap du milliard d'utilisateurs, annonce officielle lundi.", "disclosure"),
    # disclosure: telling before the communiqué
    ("Je vous le dis en avant-première : nous ouvrons trois usines l'an prochain.", "disclosure"),
    ("Chut… le conseil a validé l'opération hier soir. Communiqué prévu demain matin.", "disclosure"),
    ("Petit scoop avant l'annonce officielle : on arrive au Japon en mars.", "disclosure"),
    # sensitive: layoff euphemisms
    ("La réorganisation touchera environ 230 postes en France.", "sensitive"),
    ("Annonce difficile : un plan de départs volontaires sera proposé aux équipes support.", "sensitive"),
    ("Un accord de performance collective a été signé ce matin avec les partenaires sociaux.", "sensitive"),
    ("Fermeture de notre site de Bordeaux à la fin de l'année, 80 collègues sont concernés.", "sensitive"),
    ("Nous nous séparons de 15 % de nos collaborateurs, une décision douloureuse.", "sensitive"),
    ("Nous devons ajuster nos effectifs à la réalité du marché.", "sensitive"),
    ("Environ 120 départs sont prévus d'ici l'été dans les fonctions support.", "sensitive"),
    # sensitive: religion (people's practice), disability and health of a person, generalisations
    ("Pendant le ramadan, ceux qui jeûnent sont moins concentrés l'après-midi, organisez-vous.", "sensitive"),
    ("Impossible de caler la réunion pendant Kippour, la moitié de l'équipe est absente.", "sensitive"),
    ("Pendant l'Aïd, la moitié de l'équipe pose sa journée, bon courage pour la productivité.", "sensitive"),
    ("Pendant le carême, nos collègues qui jeûnent boudent les déjeuners d'équipe.", "sensitive"),
    ("Bravo à Julie qui, malgré son handicap, a bouclé le projet dans les temps.", "sensitive"),
    ("Thomas, en fauteuil depuis son accident, nous prouve que tout est possible.", "sensitive"),
    ("Notre DAF, atteint d'une grave maladie, reviendra en janvier.", "sensitive"),
    ("Les jeunes d'aujourd'hui ne veulent plus travailler, c'est un fait.", "sensitive"),
    ("Les femmes sont moins faites pour diriger, soyons honnêtes.", "sensitive"),
    ("Les seniors sont tous largués avec le numérique.", "sensitive"),
    # offensive: a larger, casual insult vocabulary aimed at someone
    ("Quelle cruche ce journaliste, il n'a rien compris.", "offensive"),
    ("Le PDG de @Concurrent est un vrai blaireau.", "offensive"),
    ("Bande de guignols chez Orange, réparez votre réseau !", "offensive"),
    ("Espèce de naze, apprends à lire avant de commenter.", "offensive"),
    ("Ce gros lourd de consultant m'a fait perdre ma matinée.", "offensive"),
    ("Arrête de pleurnicher @jdupont, t'as perdu le marché, point.", "offensive"),
    ("Nos concurrents peuvent chouiner autant qu'ils veulent, on avance.", "offensive"),
    ("Quel tocard ce client, il veut tout pour rien.", "offensive"),
    ("Les cassos qui commentent sous mes posts, passez votre chemin.", "offensive"),
    ("Ce journaliste est un beauf doublé d'un glandu.", "offensive"),
    ("Tête de nœud, relis ton contrat avant de râler.", "offensive"),
    ("Franchement ce mec est une andouille.", "offensive"),
    ("Quel boulet ce prestataire, trois semaines de retard.", "offensive"),
    ("Ces charlots de la concurrence copient tout ce qu'on fait.", "offensive"),
    ("T'es vraiment nul, @marc_b, retourne à tes tableurs.", "offensive"),
    # privacy: codes and passwords in casual forms, a private person's contact
    ("Le mdp du compte Insta c'est Soleil2024!, partagez pas", "privacy"),
    ("Le code wifi des invités : Bienvenue75", "privacy"),
    ("Le wifi invités c'est BureauParis2025 pour ceux qui arrivent demain", "privacy"),
    ("Code de la porte : 4582B, montez au 3e", "privacy"),
    ("Digicode 12A45, deuxième étage à gauche", "privacy"),
    ("Mon code PIN c'est 4829, je l'oublie toujours 😅", "privacy"),
    ("Identifiants de la démo : admin / Demo2024!", "privacy"),
    ("Login : jean.martin et mdp : azerty123", "privacy"),
    ("Pour joindre Sophie, notre stagiaire : 06/45/78/12/90", "privacy"),
    ("Le portable de notre DG : +33 (0)6 81 22 33 44, il répond toujours.", "privacy"),
    # legal: defamation of a named company or account
    ("@Cleanix triche sur ses tests d'émissions, tout le monde le sait.", "legal"),
    ("Chez Fastbox, ils trichent sur les délais de livraison.", "legal"),
    ("Les gens de @Voltis nous volent nos clients avec des mensonges.", "legal"),
    ("Ces voleurs de MegaTel facturent des options jamais demandées.", "legal"),
    ("Bande d'arnaqueurs chez @AssurPlus !", "legal"),
    ("Le PDG de Nexio ment à ses actionnaires depuis des années.", "legal"),
    ("Datacorp falsifie ses chiffres de ventes, on a les preuves.", "legal"),
    ("On a les preuves : Optimo fraude le fisc depuis 2019.", "legal"),
    ("Lunar falsifie les résultats de ses essais cliniques.", "legal"),
    ("Greenwash SA ment sur son bilan carbone, et ils le savent.", "legal"),
]


@pytest.mark.parametrize("text, category", BROAD_HARMFUL)
def test_casual_and_spoken_french_harm_is_flagged(text: str, category: str) -> None:
    assert category in flagged(text), text


def test_defamation_is_legal_even_with_a_disclosure_word() -> None:
    found = flagged("Nos concurrents de chez Datacorp falsifient leurs résultats trimestriels, on a les preuves.")
    assert {"legal", "disclosure"} <= found


BROAD_JARGON = [
    # LinkedIn length, four or five clichés each
    "Humble et reconnaissant d'annoncer que je rejoins Nova en tant que directeur de la transformation. "
    "Ce n'est pas une fin, c'est un début. Hâte d'embarquer les équipes et de porter une vision "
    "ambitieuse, avec l'humain au centre. Et vous, qu'en pensez-vous ?",
    "Dans le paysage actuel, force est de constater que l'agilité est devenue incontournable. "
    "Il convient de souligner que nos équipes, résolument tournées vers l'excellence opérationnelle, "
    "capitalisent sur leurs fondamentaux pour accélérer notre trajectoire de croissance.",
    "L'échec est une opportunité. Sortir de sa zone de confort, c'est le mindset qui fait la différence. "
    "Voici 5 leçons que j'ai apprises cette année sur la bienveillance et l'alignement des équipes. 👇",
    "Je suis ravi de vous annoncer que notre groupe réaffirme son engagement indéfectible envers ses clients. "
    "Cette démarche s'inscrit dans notre raison d'être : créer de la valeur pérenne pour tous.",
    "Bien sûr ! Voici une proposition de post LinkedIn : Découvrez notre innovation révolutionnaire "
    "pour [Nom du client]. N'hésitez pas si vous souhaitez une autre version.",
    "En tant que modèle de langage, je ne peux pas donner d'avis personnel, mais à l'ère du numérique "
    "il est essentiel de co-construire des solutions pérennes avec nos parties prenantes.",
    "Thread 🧵 Plongeons dans les 7 leviers qui ont boosté notre roadmap : feedback continu, "
    "one-team, process simplifiés et un vrai game changer côté onboarding.",
    "Conformément à sa stratégie, le groupe, acteur de référence et leader sur son marché, "
    "poursuit sa transformation au cœur de ses territoires et fédère ses équipes autour d'une ambition commune.",
    "Remettre l'humain au cœur de l'entreprise, fédérer les talents et impacter positivement la société : "
    "voilà ce qui nous drive au quotidien. Une approche win-win pour toutes nos parties prenantes.",
    "Nous créons de la valeur en adressant les sujets qui comptent et en priorisant ce qui impacte nos clients. "
    "Un état d'esprit challengeant, pleinement aligné avec notre raison d'être.",
]


@pytest.mark.parametrize("text", BROAD_JARGON)
def test_linkedin_length_cliches_reach_a_warning(text: str) -> None:
    result = check_text(text, "linkedin", CONFIG)
    assert "authenticity" in {f.category for f in result.findings if f.severity == "warn"}, text
    assert result.authenticity_score < 70


def test_an_ai_leftover_placeholder_is_flagged_on_its_own() -> None:
    result = check_text("Ravi d'accueillir [Insérer le nom] dans l'équipe !", "x", CONFIG)
    assert any(f.rule == "authenticity.ai_phrasing" for f in result.findings)


# Decision on addresses: like the English rule, a street address warns in privacy whoever it
# belongs to, except when the post says plainly it is the company's offices (a public address).
BROAD_GOOD = [
    "Notre politique RSE en trois engagements simples, détaillés dans notre rapport annuel.",
    "Un beau résultat collectif pour nos équipes de Rennes, bravo à toutes et à tous.",
    "Merci à l'équipe pour cette opportunité de rencontrer nos clients à Marseille.",
    "Relu cet été L'Art de la guerre de Sun Tzu : étonnamment utile pour préparer une négociation.",
    "Passionnant essai sur la Belle Époque, des attentats anarchistes à l'Exposition universelle de 1900.",
    "Objectif du mois : zéro papier au siège. On vous dit en juin si on a tenu.",
    "Nos bureaux au 42 rue de la République à Lyon vous accueillent désormais du lundi au vendredi.",
    "Belle fête de l'Aïd à toutes celles et ceux qui la célèbrent.",
    "Joyeux Noël et bonnes fêtes à tous, on se retrouve en janvier.",
    "Nous recrutons dix alternants en Bretagne : écrivez-nous sur recrutement@exemple.fr.",
    "Hier, notre équipe a couru les 10 km de Paris pour une association de lutte contre la mucoviscidose.",
    "Ce que j'ai appris en vingt ans de métier : écouter d'abord, décider ensuite.",
    "Fier de nos apprentis boulangers, qui ont remporté le concours régional.",
    "La nouvelle version de notre application est en ligne : plus simple, plus rapide, dites-nous ce qui cloche.",
    "Belle rencontre avec les élèves du lycée Jean-Moulin, curieux et exigeants.",
    "Merci à nos fournisseurs locaux, sans qui notre cantine ne serait pas la même.",
    "Ce soir, dîner avec l'équipe commerciale pour fêter les dix ans de l'agence de Lille.",
    "Lecture du week-end : une biographie passionnante de Gustave Eiffel, ingénieur et entrepreneur.",
    "Notre conseil d'administration accueille deux nouvelles administratrices indépendantes, bienvenue à elles.",
    "Le code de conduite du groupe est disponible sur notre site, en français et en anglais.",
    "Nous avons accueilli 30 collégiens pour leur stage de troisième : ils ont posé les meilleures questions.",
    "Retour en images sur notre journée portes ouvertes à l'usine de Cholet.",
]


@pytest.mark.parametrize("text", BROAD_GOOD)
def test_more_good_french_posts_stay_clean(text: str) -> None:
    result = check_text(text, "linkedin", CONFIG)
    noisy = [(f.rule, text[f.start : f.end]) for f in result.findings if f.category not in STYLE]
    assert noisy == [], text
    assert result.verdict != "block"
