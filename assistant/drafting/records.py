"""What every generation returns: the drafts and a record of how they were made."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class GenerationRecord:
    """Who/what produced a text: kept on the post version and in the audit trail (no secrets)."""

    provider: str
    model: str
    prompt_name: str
    prompt_version: int
    input_tokens: int | None = None
    output_tokens: int | None = None
    latency_ms: float = 0.0
    structured_output: str = "none"  # json_schema | json_object | none | offline

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GenerationRecord:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class Draft:
    text: str
    platform: str
    angle: str = ""
    fidelity: float | None = None  # 0..1 closeness to the executive's real posts
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["notes"] = list(self.notes)
        return data


@dataclass(frozen=True)
class DraftResult:
    drafts: list[Draft]
    record: GenerationRecord
    notes: list[str] = field(default_factory=list)  # e.g. "left out a sentence that looked like an order"

    def to_dict(self) -> dict[str, Any]:
        return {"drafts": [d.to_dict() for d in self.drafts], "record": self.record.to_dict(), "notes": self.notes}
