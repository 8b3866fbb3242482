"""The four readers test by a language model: best customer, angriest customer, employee, family.

Shown beside the deterministic checklist findings, never instead of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.drafting.records import GenerationRecord
from assistant.drafting.text import language_of
from assistant.drafting.wording import prompt_language, supported, wording
from assistant.errors import InvalidInput
from assistant.i18n import N_, _
from assistant.prompts import render

READERS = ("best_customer", "angriest_customer", "employee", "family")
# Marked for the interface catalogs; pages show them with _(verdict.label).
READER_LABELS = {
    "best_customer": N_("Your best customer"),
    "angriest_customer": N_("Your angriest customer"),
    "employee": N_("An employee"),
    "family": N_("Your family"),
}
RISK_ORDER = ("low", "medium", "high")


@dataclass(frozen=True)
class ReaderVerdict:
    reader: str
    risk: str  # low | medium | high | unknown (the model gave no answer for this reader)
    reason: str

    @property
    def label(self) -> str:
        return READER_LABELS[self.reader]


@dataclass(frozen=True)
class ReadersReview:
    verdicts: list[ReaderVerdict]
    record: GenerationRecord

    @property
    def highest_risk(self) -> str:
        known = [v.risk for v in self.verdicts if v.risk in RISK_ORDER]
        return max(known, key=RISK_ORDER.index) if known else "unknown"

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdicts": [v.__dict__ for v in self.verdicts],
            "highest_risk": self.highest_risk,
            "record": self.record.to_dict(),
        }


def review_readers(
    client: Any,
    text: str,
    platform: str,
    executive_name: str,
    company: str | None = None,
    language: str | None = None,
    fallback_language: str | None = None,
) -> ReadersReview:
    """Ask the model how each of the four readers would read `text` (one call, structured output).

    The reasons come back in the post's language (`language`, else the one `text` is written
    in, else `fallback_language`, the executive's usual one): a French post gets a French review.
    """
    if not text.strip():
        raise InvalidInput(_("There is no text to review yet."))
    language = supported(language) or language_of(text, fallback_language)
    variables = {
        "executive_name": executive_name or "the executive",
        "platform": platform,
        "text": text,
        **prompt_language(language),
    }
    if company:
        variables["company"] = company
    answer = client.generate(render("readers_review", variables))
    given = {item["reader"]: item for item in answer.data["readers"]}
    verdicts = [
        ReaderVerdict(r, given[r]["risk"], given[r]["reason"].strip())
        if r in given
        else ReaderVerdict(r, "unknown", wording(language).reader_missing)
        for r in READERS
    ]
    return ReadersReview(verdicts=verdicts, record=answer.record)
