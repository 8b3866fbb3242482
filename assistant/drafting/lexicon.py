"""Word lists for the offline engine: corporate jargon with plain replacements, hedges.

Kept as data (data/<language>.json, read by wording.py) so the voice profile (words the
executive avoids), the fidelity score and the "less jargon" rewrite agree on what jargon is.
These names are the per-language tables merged or picked out for existing callers.
"""

from __future__ import annotations

from assistant.drafting.wording import all_wordings, wording

# jargon -> plain word(s); callers try longer entries first so they win over their parts.
JARGON_EN: dict[str, str] = wording("en").jargon
JARGON_FR: dict[str, str] = wording("fr").jargon
JARGON: dict[str, str] = {k: v for w in all_wordings().values() for k, v in w.jargon.items()}

HEDGES_EN = wording("en").hedges
HEDGES_FR = wording("fr").hedges
FILLERS = tuple(f for w in all_wordings().values() for f in w.fillers)

# Phrases that make an AI draft sound generic; the drafter never writes them.
GENERIC_AI = ("in today's fast-paced world", "delve", "game-changer", "unlock the power", "tapestry")
