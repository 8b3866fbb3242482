"""Word lists for the offline engine: corporate jargon with plain replacements, hedges.

Kept as data so the voice profile (words the executive avoids), the fidelity score
and the "less jargon" rewrite agree on what jargon is.
"""

from __future__ import annotations

# jargon -> plain word(s); multi-word entries first so they win over their parts.
JARGON_EN: dict[str, str] = {
    "move the needle": "make a real difference",
    "circle back": "come back to it",
    "deep dive": "close look",
    "going forward": "from now on",
    "at the end of the day": "in the end",
    "best-in-class": "very good",
    "best in class": "very good",
    "world-class": "excellent",
    "cutting-edge": "new",
    "state-of-the-art": "modern",
    "paradigm shift": "big change",
    "low-hanging fruit": "easy wins",
    "thought leadership": "ideas",
    "value proposition": "what we offer",
    "core competencies": "strengths",
    "key learnings": "lessons",
    "mission-critical": "essential",
    "next-generation": "new",
    "end-to-end": "complete",
    "game-changer": "big step",
    "game changer": "big step",
    "we are thrilled to announce": "we have news",
    "we are excited to announce": "we have news",
    "we are pleased to announce": "we have news",
    "thrilled to announce": "happy to share",
    "excited to announce": "happy to share",
    "pleased to announce": "happy to share",
    "in today's fast-paced world": "today",
    "leverage": "use",
    "leveraging": "using",
    "leveraged": "used",
    "utilize": "use",
    "utilizing": "using",
    "synergy": "teamwork",
    "synergies": "shared strengths",
    "bandwidth": "time",
    "stakeholders": "the people involved",
    "robust": "strong",
    "holistic": "complete",
    "seamless": "smooth",
    "seamlessly": "smoothly",
    "empower": "help",
    "empowering": "helping",
    "actionable": "practical",
    "ecosystem": "community",
    "disruptive": "new",
    "innovative": "new",
    "scalable": "able to grow",
    "optimize": "improve",
    "optimise": "improve",
    "streamline": "simplify",
    "impactful": "useful",
    "delve": "look",
    "solutions": "tools",
    "journey": "path",
    "unlock": "open up",
    "spearhead": "lead",
    "transformative": "big",
}

JARGON_FR: dict[str, str] = {
    "nous avons le plaisir d'annoncer": "on a une nouvelle",
    "nous sommes ravis d'annoncer": "on a une nouvelle",
    "synergies": "forces communes",
    "synergie": "travail commun",
    "levier": "moyen",
    "écosystème": "communauté",
    "disruptif": "nouveau",
    "innovant": "nouveau",
    "solutions": "outils",
    "parties prenantes": "personnes concernées",
    "best practices": "bonnes pratiques",
    "impactant": "important",
}

JARGON: dict[str, str] = {**JARGON_EN, **JARGON_FR}

HEDGES_EN = (
    "i think that ",
    "i think ",
    "i believe that ",
    "i feel like ",
    "it seems that ",
    "perhaps ",
    "maybe ",
    "somewhat ",
    "kind of ",
    "sort of ",
    "just ",
    "really ",
    "very ",
    "actually ",
    "basically ",
    "in order to ",
    "i would like to ",
    "we would like to ",
)
HEDGES_FR = ("je pense que ", "peut-être ", "un peu ", "vraiment ", "en fait ", "je crois que ")
FILLERS = ("honestly, ", "to be honest, ", "as you may know, ", "needless to say, ", "it goes without saying ")

# Phrases that make an AI draft sound generic; the drafter never writes them.
GENERIC_AI = ("in today's fast-paced world", "delve", "game-changer", "unlock the power", "tapestry")
