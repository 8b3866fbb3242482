"""The four readers test by a language model: best customer, angriest customer, employee, family.

Shown beside the deterministic checklist findings, never instead of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.drafting.records import GenerationRecord
from assistant.errors import InvalidInput
from assistant.prompts import render

READERS = ("best_customer", "angriest_customer", "employee", "family")
READER_LABELS = {
    "best_customer": "Your best customer",
    "angriest_customer": "Your angriest customer",
    "employee": "An employee",
    "family": "Your family",
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
    client: Any, text: str, platform: str, executive_name: str, company: str | None = None
) -> ReadersReview:
    """Ask the model how each of the four readers would read `text` (one call, structured output)."""
    if not text.strip():
        raise InvalidInput("There is no text to review yet.")
    variables = {"executive_name": executive_name or "the executive", "platform": platform, "text": text}
    if company:
        variables["company"] = company
    answer = client.generate(render("readers_review", variables))
    given = {item["reader"]: item for item in answer.data["readers"]}
    verdicts = [
        ReaderVerdict(r, given[r]["risk"], given[r]["reason"].strip())
        if r in given
        else ReaderVerdict(r, "unknown", "The model gave no answer for this reader; judge it yourself.")
        for r in READERS
    ]
    return ReadersReview(verdicts=verdicts, record=answer.record)
